"""Checking a text for unlearning-like passages: readers at the edge (text, Markdown, HTML, Word, PDF),
passage splitting and pure matching of the knowledge base's signals, the corpus scorer.

Stage 4, beside `render` (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: `model`, `kb`, `logic`.
"""
