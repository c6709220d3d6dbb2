"""Deciding: the rule engine, the decision tables compiled from it (the one artefact every client
reads), evaluation of partial answers by lookup, exhaustive verification, what would change a verdict,
and the decision trees derived from the tables. Pure: no I/O. Change how a verdict is decided here.

Stage 3 (model -> kb -> logic -> render/textcheck -> outputs -> sitegen -> cli).
May import: `model`, `kb`.
"""
