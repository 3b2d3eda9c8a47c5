"""The second retrieval stage: re-rank BM25's best stories by a finer similarity.

BM25 over a few dozen OR-ed terms cannot tell two reports of one event apart, nor credit a
misspelt name. Each pool story is compared on its text: weighted recall of the document's
names, numbers and rare words (a misspelt name still counts most of a match), the share
of the story's own names and numbers found in the document, and character-trigram cosine
of the opening paragraphs.
"""

from __future__ import annotations

import math
from collections import Counter

from .. import rx
from .query import CJK_RE, TERM, fold, split_term, zipf

W_BM25 = 0.25  # the BM25 score's share of the final one
FUZZY = 0.7  # what a misspelt name counts of a match

# a word after a word, number or comma: a capital here is not a sentence's
_MID_SENTENCE = rx.compile(
    r"(?<=[^\s.!?:;\"'“”‘’«»„()\[\]\-–—])[ \t]+([^\W\d_][^\W_]*)")


class Profile:
    """Names, numbers and rare words of a text, and its opening character trigrams."""

    __slots__ = ("names", "nums", "words", "terms", "grams", "norm", "_first", "_by_initial")

    def __init__(self, text: str):
        z = zipf()
        names: Counter = Counter()
        nums: Counter = Counter()
        words: Counter = Counter()
        mid = None  # words seen capitalised after a word (not at a sentence start)
        for tok, n in Counter(TERM.findall(text)).items():
            c = tok[0]
            if c.isdigit():
                if tok.isdigit():
                    nums[tok.lstrip("0") or "0"] += n
                else:
                    for t in split_term(tok):
                        nums[t] += n
                continue
            low = tok.lower() if tok.isascii() else fold(tok)
            if not c.isupper() or len(low) < 2:
                dest = words
            elif tok.isupper() or low not in z:  # an acronym, or not an English word
                dest = names
            else:  # a known word: a name only if capitalised inside a sentence too
                if mid is None:
                    mid = set(_MID_SENTENCE.findall(text))
                dest = names if tok in mid else words
            if low.isascii():
                if len(low) > 2 or dest is names:
                    dest[low] += n
            else:
                for t in split_term(low):
                    if len(t) > 2 or CJK_RE.match(t) or dest is names:
                        dest[t] += n
        self.names, self.nums, self.words = names, nums, words
        self.terms = names.keys() | nums.keys() | words.keys()
        self._first = text[:1200]
        self.grams: Counter[tuple[str, str, str]] | None = None
        self._by_initial: dict[str, list[str]] | None = None

    def trigrams(self) -> Counter[tuple[str, str, str]]:
        if self.grams is None:  # computed once, and only for documents that get compared
            s = " ".join(TERM.findall(fold(self._first)))
            self.grams = Counter(zip(s, s[1:], s[2:]))
            self.norm = math.sqrt(sum(v * v for v in self.grams.values()))
        return self.grams

    def near_name(self, t: str) -> bool:
        """Is t a misspelling of one of this text's names?"""
        if self._by_initial is None:
            self._by_initial = {}
            for n in self.names:
                self._by_initial.setdefault(n[0], []).append(n)
        return any(near(t, o) for o in self._by_initial.get(t[0], ()))

    def compare(self, other: Profile, qw: dict[str, float], unknown: list[str]):
        """(weight of the query terms other contains, the names in unknown (the
        document's names that are in no indexed story) one or two letters away from one
        of other's names, the share of other's names and numbers found in the document,
        weighted by rarity, and character-trigram cosine of the openings)."""
        oterms = other.terms
        got = sum(w for t, w in qw.items() if t in oterms)
        fuzzy = {t for t in unknown if other.near_name(t)}
        z = zipf()
        found = total = 0.0
        for t in other.names:
            w = _rarity(z.get(t))
            total += w
            if t in self.terms:
                found += w
            elif len(t) >= 4 and self.near_name(t):
                found += FUZZY * w
        for t in other.nums:
            w = 1.0 if len(t) > 2 else 0.5 if len(t) > 1 else 0.0
            total += w
            if t in self.nums:
                found += w
        precision = found / total if total else 0.0
        return got, fuzzy, precision, _cosine(self, other)


def _rarity(z: float | None) -> float:
    """0.1 (a common word) .. 1 (not an English word): how much a name tells."""
    if z is None:
        return 1.0
    return min(1.0, max(0.1, (5.5 - z) / 3.0))


def combine(cands, qw):
    """[(path, title, score)] from [(path, title, BM25 as a share of the best, compare()
    or None for a story that could not be read)].

    score = W_BM25 BM25 (as a share of the best) + (1 - W_BM25) (0.5 recall + 0.25 precision
    + 0.25 cosine), where recall is the share of the query's weight the story contains,
    a misspelt name (a document name not in the index, near one of the story's) counting
    0.7 of an average name's weight. The recall denominator counts every misspelt name
    some candidate matches, so that all candidates are measured against the same total.
    """
    total = sum(qw.values()) or 1.0
    fuzzy_all = set()
    for *_, parts in cands:
        if parts:
            fuzzy_all |= parts[1]
    name_w = [w for t, w in qw.items() if not t[0].isdigit()] or [total / max(len(qw), 1)]
    fw = sum(name_w) / len(name_w)
    denom = total + fw * len(fuzzy_all)
    out = []
    for path, title, b, parts in cands:
        if parts is None:
            fine = 0.0
        else:
            got, fuzzy, precision, cos = parts
            recall = (got + FUZZY * fw * len(fuzzy)) / denom
            fine = 0.5 * recall + 0.25 * precision + 0.25 * cos
        out.append((path, title, W_BM25 * b + (1 - W_BM25) * fine))
    return out


def near(a: str, b: str) -> bool:
    """A misspelling: same first letter, edit distance 1 (2 for long names)."""
    if a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    limit = 1 if max(len(a), len(b)) < 8 else 2
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        lo = i
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(v)
            lo = min(lo, v)
        if lo > limit:  # every path is already over the limit
            return False
        prev = cur
    return prev[-1] <= limit


def _cosine(a: Profile, b: Profile) -> float:
    ga, gb = a.trigrams(), b.trigrams()
    if not ga or not gb:
        return 0.0
    if len(ga) > len(gb):
        ga, gb = gb, ga
    return sum(ga[g] * gb[g] for g in ga.keys() & gb.keys()) / (a.norm * b.norm)
