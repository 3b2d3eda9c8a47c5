"""The termbank as an index: accepted forms, garbled variants, heads and content words.

Shared by the reference-free term checks (mtqa.checks.terms) and the divergence check
that compares a source's terms with the translation (mtqa.divergence.terms). Built once
per loaded pack set from its [[term]] entries.
"""

from __future__ import annotations

from . import resources, tokens
from .document import Document
from .packs import PackSet

WORD_RE = tokens.WORD_RUN  # hyphenated words in parts: "Belt-and-Road" -> Belt, and, Road


def function_words() -> frozenset[str]:
    """Words that join the words of a name ("of", "von der"): names/name-function-words.txt."""
    return resources.word_set("names", "name-function-words.txt")


def words(s: str) -> tuple[str, ...]:
    return tuple(tokens.words(s))


class TermIndex:
    def __init__(self, terms: list[dict]):
        self.terms = terms
        self.accepted: dict[tuple, dict] = {}
        self.variants: dict[tuple, dict] = {}
        self.first: dict[str, list[tuple]] = {}
        self.quoted_heads: dict[str, list[dict]] = {}
        self.proper_heads: dict[str, list[dict]] = {}
        self.content_keys: dict[frozenset, dict] = {}
        freqs = resources.word_freqs("en")
        for t in terms:
            for form in [t["canonical"], *t["aliases"]]:
                self._add(self.accepted, words(form), t)
            for form in t["variants"]:
                w = words(form)
                if w and w not in self.accepted:
                    self._add(self.variants, w, t)
            head = t["head"]
            if head:
                if t["quoted"]:
                    self.quoted_heads.setdefault(head.lower(), []).append(t)
                elif head[0].isupper() and freqs.get(head.lower(), 0) < 3.0:
                    self.proper_heads.setdefault(head, []).append(t)
            content = [w for w in words(t["canonical"]) if w not in function_words()]
            if len(content) >= 2 and len(set(content)) == len(content):
                self.content_keys.setdefault(frozenset(content), t)

    def _add(self, table, w, t):
        if w:
            table.setdefault(w, t)
            self.first.setdefault(w[0], []).append(w)


def index_for(packs: PackSet) -> TermIndex:
    """The termbank index of a pack set, built on first use and kept with the packs (it is
    derived from them alone, so it is the same for every document and every check)."""
    if "terms" not in packs.cache:
        packs.cache["terms"] = TermIndex(packs.terms)
    return packs.cache["terms"]


def doc_words(doc: Document) -> list[tuple[str, int, int]]:
    """(lowercase word, start, end) for each word part; hyphenated tokens are split."""
    out = []
    for t in doc.tokens:
        if t.kind in ("word", "num"):
            if "-" in t.text or "‐" in t.text:
                for m in WORD_RE.finditer(t.text):
                    out.append((m.group().lower(), t.start + m.start(), t.start + m.end()))
            elif t.text in ("'s", "’s"):
                out.append(("s", t.start + 1, t.end))
            else:
                out.append((t.lower, t.start, t.end))
    return out


def matches(dw: list[tuple[str, int, int]], idx: TermIndex) -> list[tuple[tuple[str, ...], int, int]]:
    """Longest accepted or variant match starting at each word."""
    found = []
    i = 0
    n = len(dw)
    while i < n:
        best = None
        for cand in idx.first.get(dw[i][0], ()):
            k = len(cand)
            if k > len(best[0]) if best else True:
                if i + k <= n and all(dw[i + j][0] == cand[j] for j in range(k)):
                    best = (cand, i, i + k)
        if best:
            found.append(best)
            i = best[2]
        else:
            i += 1
    return found


def term_spans(doc: Document, packs: PackSet) -> list[tuple[int, int]]:
    """Spans of accepted termbank terms in a document (\"no limits\" is no negation)."""
    idx = index_for(packs)
    dw = doc_words(doc)
    return [(dw[i][1], dw[j - 1][2]) for cand, i, j in matches(dw, idx) if cand in idx.accepted]
