"""Which language a text is mostly in, cheaply, so that `check` never reports "nothing found" for a text
it could not read. Pure; the browser's check page does exactly the same (the tables are shipped to it).

The signals are written for English. A text is counted in words: a run of letters of one script is one
word, and every Chinese, Japanese or Korean character counts as a word of its own. When more than half
the words are in a script other than Latin, the text is in that script's language (Chinese, Japanese,
Korean, a Cyrillic-script language, Arabic, ...). Otherwise the Latin words are compared with short
lists of frequent function words of English, Spanish, French, German, Italian, Portuguese and Dutch:
the language whose list is hit most often (at least `MIN_HITS` times, and more than twice as often as
English's) is the text's language. A text too short to tell is taken as English. A long
text is judged on twenty stretches spread through it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

COVERED = ("en",)
"""Languages the signals are written for."""
MIN_HITS = 3

SCRIPTS: tuple[tuple[str, str, str], ...] = (
    # (code, name, character class): the first that holds a character names its script
    ("ja", "Japanese", "\u3040-\u30ff\u31f0-\u31ff"),
    ("ko", "Korean", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"),
    ("zh", "Chinese", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
    ("cyrl", "a Cyrillic-script language (such as Russian or Ukrainian)", "\u0400-\u052f"),
    ("ar", "Arabic-script language (such as Arabic or Persian)", "\u0600-\u06ff\u0750-\u077f"),
    ("he", "Hebrew", "\u0590-\u05ff"),
    ("el", "Greek", "\u0370-\u03ff"),
    ("hi", "a Devanagari-script language (such as Hindi)", "\u0900-\u097f"),
    ("th", "Thai", "\u0e00-\u0e7f"),
)
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
CJK = ("ja", "ko", "zh")
"""Scripts whose every character counts as a word."""

STOP_WORDS: dict[str, tuple[str, str]] = {
    # code: (name, frequent function words, space-separated, lower case)
    "en": ("English", "the and of to is that with for are this be by not or which from it as have was were will an"),
    "es": ("Spanish", "de el los las del que y por con para una es se no su al lo como pero sus muy esta este"),
    "fr": ("French", "de le les des et du que qui est une pour dans pas sur au aux ne ce sont avec cette vous nous"),
    "de": ("German", "der die das und ist nicht mit den dem von zu ein eine auf sich des für auch werden oder wird"),
    "it": ("Italian", "il di che e le del della per non un una sono dei nel con gli alla da è questo delle"),
    "pt": ("Portuguese", "de o os do da em um uma para com não dos das por se é ao na no mais seu"),
    "nl": ("Dutch", "de het een en van dat op te niet zijn met voor die er aan ook wordt door naar bij"),
}

_SCRIPT_RX = {code: re.compile(f"[{cls}]+") for code, _, cls in SCRIPTS}
_LATIN_RX = re.compile(f"[{LATIN}]+")
_LISTS = {code: frozenset(words.split()) for code, (_, words) in STOP_WORDS.items()}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _code, _words in sorted(_LISTS.items()):
    for _w in _words:
        _LANGUAGES_OF[_w] = (*_LANGUAGES_OF.get(_w, ()), _code)
_NAMES = {code: name for code, name, _ in SCRIPTS} | {code: name for code, (name, _) in STOP_WORDS.items()}


def name_of(code: str) -> str:
    return _NAMES.get(code, code)


SAMPLE = 10_000
SAMPLES = 20


def sample(text: str) -> str:
    """The text itself, or, when longer than SAMPLES x SAMPLE characters, SAMPLES stretches of SAMPLE
    characters spread evenly from its start to its end (joined by newlines): enough to say what a text
    is mostly written in, at a cost that does not grow with its length."""
    if len(text) <= SAMPLE * SAMPLES:
        return text
    step = (len(text) - SAMPLE) // (SAMPLES - 1)
    return "\n".join(text[i * step:i * step + SAMPLE] for i in range(SAMPLES))


def detect(full_text: str) -> dict[str, Any]:
    """{code, name, covered, share}: the language the text is mostly in, whether the signals cover it,
    and the share of the text's words it accounts for (for a Latin-script language: of the function
    words counted). Long texts are judged on a `sample`."""
    text = sample(full_text)
    latin_words = _LATIN_RX.findall(text)
    counts: dict[str, int] = {}
    for code, rx in _SCRIPT_RX.items():
        runs = rx.findall(text)
        if runs:
            counts[code] = sum(len(r) for r in runs) if code in CJK else len(runs)
    total = len(latin_words) + sum(counts.values())
    if counts and total:
        code, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if n * 2 > total:
            return _result(code, n, total)
    hits = dict.fromkeys(_LISTS, 0)
    for w, n in Counter(map(str.lower, latin_words)).items():
        for code in _LANGUAGES_OF.get(w, ()):
            hits[code] += n
    all_hits = sum(hits.values())
    best = max(sorted(hits), key=lambda c: hits[c])
    if best != "en" and hits[best] >= MIN_HITS and hits[best] > 2 * hits["en"]:
        return _result(best, hits[best], all_hits)
    return _result("en", hits["en"], all_hits)


def _result(code: str, part: int, whole: int) -> dict[str, Any]:
    """`share` is part / whole rounded half up to two decimals, in integers so that the browser's port
    gives the very same number."""
    share = (200 * part + whole) // (2 * whole) / 100 if whole else 1.0
    return {"code": code, "name": name_of(code), "covered": code in COVERED, "share": share}


def tables() -> dict[str, Any]:
    """The data the browser's port reads (see check_data)."""
    return {"covered": list(COVERED), "min_hits": MIN_HITS, "sample": SAMPLE, "samples": SAMPLES, "latin": LATIN, "cjk": list(CJK),
            "scripts": [{"code": c, "name": n, "class": cls} for c, n, cls in SCRIPTS],
            "stop_words": {c: {"name": n, "words": w.split()} for c, (n, w) in STOP_WORDS.items()}}
