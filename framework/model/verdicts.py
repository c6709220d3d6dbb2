"""Verdicts in words, for every report."""

VERDICT_WORDS = {
    "supports": "supports", "partial": "partial", "does-not-support": "does not support",
    "supportable": "supportable", "conditional": "conditional", "unsupportable": "unsupportable",
    "not-technical": "not a technical question",
}
