"""Drawing results for people: text, Markdown and Word reports, tree diagrams (SVG, Mermaid), the
words verdicts are said in, and entries' page addresses.

Stage 4 (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: `model`, `kb`, `logic`.
"""
