"""Reading the knowledge base in: YAML with positions, typed loading, structural checks with
file:line:column diagnostics, answers files and permalinks, signal patterns and text normalisation.

Stage 2 (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: `model`.
"""
