"""What the commands hand out: the `evaluate` result (assessment, bottom line), cases' results,
explain and the ID registry, exports, releases and the versions they froze, the terminal questionnaire,
and the all-or-nothing folder swap.

Stage 5 (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: `model`, `kb`, `logic`, `render`, `textcheck`.
"""
