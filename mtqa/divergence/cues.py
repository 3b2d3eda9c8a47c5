"""Per-language cue data for the divergence checks (corpora/divergence/*.toml)."""

from __future__ import annotations

import functools
import re

from .. import languages, resources
from ..tokens import JOINED_WORD
from ..tokens import words as _words

_CJK = re.compile(r"[\u3400-\u9fff]")


def base_lang(lang: str) -> str:
    return languages.base(lang) or "en"


def _negation_data(lang: str) -> dict:
    return resources.load_toml(resources.path("divergence", "negation.toml")).get(base_lang(lang), {})


@functools.cache
def negation(lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue class (negators, lacking, diminishers) -> its cues, each a tuple of words."""
    data = _negation_data(lang)
    return {cls: tuple(tuple(_words(c, joined=True)) or (c,) for c in data.get(cls, ()))
            for cls in ("negators", "lacking", "diminishers")}


@functools.cache
def negation_exceptions(lang: str) -> tuple[str, ...]:
    """Words that contain a cue character but do not negate ("非常"); for zh and ja."""
    return tuple(_negation_data(lang).get("exceptions", ()))


@functools.cache
def numbers(lang: str) -> dict:
    table = resources.load_toml(resources.path("divergence", "numbers.toml"))
    return table.get(base_lang(lang), table["en"])


def cue_hits(text: str, lang: str, cls: str) -> list[tuple[str, int, int]]:
    """(cue, start, end) of each cue of a class in text (offsets relative to text)."""
    cues = negation(lang).get(cls, ())
    if not cues:
        return []
    if base_lang(lang) in ("zh", "ja"):
        # No spaces: find cue characters, except inside words that do not negate ("非常").
        masked: set[int] = set()
        for ex in negation_exceptions(lang):
            for m in re.finditer(re.escape(ex), text):
                masked.update(range(m.start(), m.end()))
        out: list[tuple[str, int, int]] = []
        for char_cue in sorted({c[0] for c in cues}, key=len, reverse=True):
            for m in re.finditer(re.escape(char_cue), text):
                if m.start() not in masked and not any(s <= m.start() < e for _, s, e in out):
                    out.append((char_cue, m.start(), m.end()))
        return sorted(out, key=lambda h: h[1])
    toks = [(m.group().lower(), m.start(), m.end()) for m in JOINED_WORD.finditer(text)]
    out = []
    for i in range(len(toks)):
        for cue in cues:
            k = len(cue)
            if tuple(t[0] for t in toks[i:i + k]) == cue:
                out.append((" ".join(cue), toks[i][1], toks[i + k - 1][2]))
            elif k == 1 and cue[0] == "n't" and toks[i][0].endswith("n't"):
                out.append(("n't", toks[i][1], toks[i][2]))
    return out
