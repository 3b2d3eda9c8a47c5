"""Collocations: a modifier that the web would not put before this noun, when a synonym would.

collocations.unusual-pair flags the modifier m of an adjacent lowercase pair "m h" (m an
adjective or noun modifier, h a noun) when the pair is absent from the web bigram table
(fewer than T = 100,000 occurrences) while "m' h" is a strong pair (at least k x T) for a
WordNet synonym m' of m, and suggests m'. Absence alone says little (two thirds of the
modifier+noun pairs of correct news are absent from the table); absence next to a strong
synonym is the typical trace of a wrong word choice ("destruction toll" for "death toll").

The word-in-context model (mtqa/lm.py) is the second witness: the pair is flagged only when,
in the model, the synonym is far more bound to the noun than the modifier is (association
log10 P(h | m') - log10 P(h) exceeds that of m by MIN_CONTRAST). The web table's cut-off
knows only frequent pairs; the model, trained on other text, attests many correct rarer
ones ("finishing line", "arrest warrant"), which the web table alone flagged.

Data: corpora/collocations/en-collocations.tsv and en-synonyms.tsv, built by
scripts/build_collocations.py (counts: Norvig's count_2w from the Google Web corpus via
symspellpy; synonyms and POS: WordNet 3.0). See corpora/collocations/PROVENANCE.md for
what was measured.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import lm, resources
from ..document import Document
from ..finding import Finding
from ..rules import Rule
from ..segment import LINE_BREAK
from ..sortedtext import SortedText, after_comments
from .context import Context

RULES = [
    Rule("collocations.unusual-pair", "style/unidiomatic", "minor",
         "A modifier+noun pair absent from the web bigram table although a WordNet synonym "
         "of the modifier forms a frequent pair with the noun (suggests the synonym).", langs=("en",)),
]
_RULE = RULES[0]
_CONFIDENCE = 0.5  # on correct news ~1 false alarm per 7,500 words; see PROVENANCE.md
# log10 units (x30): how much more the synonym must be bound to the noun than the modifier,
# in the context model. Set on correct news (the Lee corpus and 190 wire openings), where
# it removes the web table's false alarms on pairs the model attests.
MIN_CONTRAST = 1.5


class _Tables:
    """The shipped tables; a head's row is parsed the first time the head is seen."""

    def __init__(self, heads, present, synonyms: SortedText, meta):
        self.heads: dict[str, str] = heads  # head -> "m:count m:count ..."
        self._present: dict[str, str] = present  # head -> "x y ..."
        # word -> "s1 s2 ...": 4,800 lines searched in place (an article asks about a few
        # dozen words, mostly those the one before asked about, kept in _synonyms)
        self._synonym_lines = synonyms
        self._synonyms: dict[str, str | None] = {}
        self._parsed: dict[str, tuple[dict[str, int], frozenset[str]]] = {}
        self.T = int(meta.get("T", "100000"))
        self.threshold = int(float(meta.get("strong-threshold", 5 * self.T)))
        self.source = ("web bigram counts (Norvig count_2w, Google Web corpus 2006, via "
                       "symspellpy) and WordNet 3.0 synonyms: corpora/collocations/"
                       f"en-collocations.tsv v{meta.get('format-version', '?')}")

    def synonyms(self, word: str) -> str | None:
        """'s1 s2 ...' for word; None when it has none."""
        if word not in self._synonyms:
            self._synonyms[word] = self._synonym_lines.value(word)
        return self._synonyms[word]

    def head(self, h: str) -> tuple[dict[str, int], frozenset[str]]:
        """(strong modifier -> count, other attested modifiers) for head h."""
        got = self._parsed.get(h)
        if got is None:
            strong = {}
            for item in self.heads.get(h, "").split():
                m, _, c = item.rpartition(":")
                strong[m] = int(c)
            got = (strong, frozenset(self._present.get(h, "").split()))
            self._parsed[h] = got
        return got


def _read(p):
    meta: dict[str, str] = {}
    rows: dict[str, str] = {}
    extra: dict[str, str] = {}
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#":
                key, sep, val = line[1:].partition(":")
                if sep and key.strip() not in meta:
                    meta[key.strip()] = val.strip()
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 2:
                rows[cells[0]] = cells[1]
                if len(cells) >= 3 and cells[2]:
                    extra[cells[0]] = cells[2]
    return meta, rows, extra


@functools.cache
def _tables() -> _Tables:
    meta, heads, present = _read(resources.path("collocations", "en-collocations.tsv"))
    synonyms = resources.path("collocations", "en-synonyms.tsv").read_text(encoding="utf-8")
    return _Tables(heads, present, after_comments(synonyms), meta)


def _candidate(tab: _Tables, m: str, h: str) -> tuple[str, int] | None:
    """The best synonym m' with a strong (m', h), if (m, h) itself is absent."""
    syn = tab.synonyms(m)
    if syn is None:
        return None
    strong, present = tab.head(h)
    if m in strong or m in present:
        return None
    best = None
    for s in syn.split(" "):
        c = strong.get(s)
        if c is not None and (best is None or c > best[1] or (c == best[1] and s < best[0])):
            best = (s, c)
    return best


def _contrast(m: str, h: str, alt: str) -> float | None:
    """How much more the context model binds alt to h than m (log10), when that is at least
    MIN_CONTRAST; None otherwise. A word the model lacks counts as unbound (association 0)."""
    model = lm.model("en")
    if model is None:
        return None
    a_alt = model.association(alt, h)
    if a_alt is None:
        return None
    a_m = model.association(m, h)
    gap = a_alt - max(0.0, a_m if a_m is not None else 0.0)
    return gap if gap >= MIN_CONTRAST else None


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.lang != "en":
        return
    tab = _tables()
    heads = tab.heads
    text = doc.text
    prev = None
    for tok in doc.tokens:
        if tok.kind != "word":
            prev = None
            continue
        w = tok.text
        if prev is not None and w in heads:
            m = prev.text
            gap = text[prev.end:tok.start]
            if m.islower() and len(LINE_BREAK.findall(gap)) <= 1:
                hit = _candidate(tab, m.replace("’", "'"), w)
                contrast = _contrast(m.replace("’", "'"), w, hit[0]) if hit else None
                if hit is not None and contrast is not None:
                    alt, count = hit
                    yield _RULE.finding(
                        prev.start, prev.end,
                        f'"{m} {w}" is rare on the web (under {tab.T:,} occurrences) while '
                        f'"{alt} {w}" occurs {count:,} times; "{alt}" is a WordNet synonym '
                        f'of "{m}"; the context model binds "{alt}" to "{w}" '
                        f'{10 ** contrast:,.0f} times more than "{m}".',
                        alt,
                        {"pair": f"{m} {w}",
                         "observed": f"absent (< {tab.T:,} in the web bigram table)",
                         "alternative": f"{alt} {w}",
                         "alternative_count": count,
                         "threshold": tab.threshold,
                         "model_contrast": round(contrast, 2),
                         "source": tab.source},
                        _CONFIDENCE,
                    )
        prev = tok
