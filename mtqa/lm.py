"""The word-in-context model: how plausible a word is after the one before it.

A compact bigram language model per language (corpora/lm/<lang>.lm, built by
scripts/build_context_model.py from an ARPA n-gram model; the file's layout is documented
there). It answers log10 P(w2 | w1) for any two words of its vocabulary: the listed bigram's
probability, or the Katz back-off bo(w1) · P(w2) when the pair is not listed. On top of that:

- ``fit(left, w, right)``   log P(w | left) + log P(right | w): how well w sits between its
                            neighbours; comparing it with an alternative's fit says which of
                            the two the language would rather put there;
- ``association(w1, w2)``   log P(w2 | w1) - log P(w2): what the first word does to the
                            second's probability (> 0 a collocation, < 0 a pair the language
                            avoids).

The file is memory-mapped and read lazily: opening it costs a pass over the vocabulary's
text (a millisecond or two), a lookup a binary search in a chunk of the vocabulary and one in
the first word's row. Words are lowercased; a word the vocabulary
lacks (a name, a number, a rare word) gets no probability: callers abstain there.
"""

from __future__ import annotations

import bisect
import functools
import json
import mmap
import struct
import sys

from . import resources
from .errors import MtqaError
from .sortedtext import SortedText

MAGIC = b"MTQALM01"


class ModelError(MtqaError, ValueError):
    """A context model file that cannot be read: one line on stderr, never a traceback."""

UNKNOWN = -1
__all__ = ["UNKNOWN", "ContextModel", "ModelError", "model"]


class ContextModel:
    """One language's model, opened from its file (see the module doc)."""

    def __init__(self, path) -> None:
        try:
            self._open(path)
        except (OSError, ValueError, KeyError, TypeError, struct.error, UnicodeError) as e:
            raise ModelError(f"{path}: damaged context model ({e}); reinstall mtqa") from None

    def _open(self, path) -> None:
        self._path = path
        with open(path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        mm = self._mm
        if mm[:8] != MAGIC or sys.byteorder != "little":
            raise ValueError("not an mtqa context model (or not on a little-endian machine)")
        pos = 8
        (n,) = struct.unpack_from("<I", mm, pos)
        self.header: dict = json.loads(bytes(mm[pos + 4:pos + 4 + n]))
        pos += 4 + n
        (n,) = struct.unpack_from("<I", mm, pos)
        self._words = _Vocabulary(bytes(mm[pos + 4:pos + 4 + n]).decode())
        pos += 4 + n
        v = len(self._words)
        n_bi = int(self.header["bigrams"])
        if pos + 4 * v + 4 * (v + 1) + 4 * n_bi != len(mm):
            raise ValueError("its size does not match its header")
        view = memoryview(mm)
        self._uni = view[pos:pos + 2 * v].cast("h")
        pos += 2 * v
        self._bo = view[pos:pos + 2 * v].cast("h")
        pos += 2 * v
        self._off = view[pos:pos + 4 * (v + 1)].cast("I")
        pos += 4 * (v + 1)
        # No offset beyond the bigram count, so a lookup can never leave the array (a row
        # whose start lies after its end is empty to bisect). The ends are checked here and a
        # row's offsets when it is read (listed()): all 72,000 here would cost every process
        # more than an article's look-ups.
        if self._off[0] != 0 or self._off[v] != n_bi:
            raise ValueError("its bigram offsets are out of range")
        self._n_bi = n_bi
        self._bi = view[pos:pos + 4 * n_bi].cast("I")
        self._step = float(self.header["step"])
        self._scale = float(self.header["scale"])
        self.lang: str = self.header["lang"]
        self.source: str = self.header["source"]
        self._start = self.id("<s>")
        self._end = self.id("</s>")
        self._assoc: dict[tuple[int, int], float] = {}  # (i1, i2) -> association_of(i1, i2)

    # -- ids and raw values ------------------------------------------------------------

    def id(self, word: str) -> int:
        """The word's id (its place in the sorted vocabulary), or UNKNOWN."""
        return self._words.id(word)

    @property
    def vocab(self) -> list[str]:
        """Every word of the vocabulary, in id order (for the rare caller that walks it)."""
        return self._words.all()

    @property
    def start(self) -> int:
        return self._start

    @property
    def end(self) -> int:
        return self._end

    def unigram(self, i: int) -> float:
        return self._uni[i] / self._scale

    def listed(self, i1: int, i2: int) -> float | None:
        """log10 P(w2 | w1) when the model lists the bigram, else None."""
        lo, hi = self._off[i1], self._off[i1 + 1]
        if lo > self._n_bi or hi > self._n_bi:
            raise ModelError(f"{self._path}: damaged context model (its bigram offsets are out "
                             "of range); reinstall mtqa")
        j = bisect.bisect_left(self._bi, i2 << 8, lo, hi)
        if j < hi:
            e = self._bi[j]
            if e >> 8 == i2:
                return -(e & 0xFF) * self._step
        return None

    def logp(self, i1: int, i2: int) -> float:
        """log10 P(w2 | w1) with back-off; an unknown first word leaves the unigram."""
        if i1 == UNKNOWN:
            return self._uni[i2] / self._scale
        got = self.listed(i1, i2)
        if got is not None:
            return got
        return (self._bo[i1] + self._uni[i2]) / self._scale

    # -- word-level questions ----------------------------------------------------------

    def cond(self, prev: str | None, word: str) -> float | None:
        """log10 P(word | prev) (prev None: start of sentence); None for an unknown word."""
        i2 = self.id(word)
        if i2 == UNKNOWN:
            return None
        i1 = self._start if prev is None else self.id(prev)
        return self.logp(i1, i2)

    def fit(self, left: str | None, word: str, right: str | None) -> float | None:
        """log P(word | left) + log P(right | word): how well word sits between its
        neighbours (left None: sentence start; right None: sentence end)."""
        i = self.id(word)
        if i == UNKNOWN:
            return None
        i1 = self._start if left is None else self.id(left)
        i3 = self._end if right is None else self.id(right)
        score = self.logp(i1, i)
        if i3 != UNKNOWN:
            score += self.logp(i, i3)
        return score

    def association(self, w1: str, w2: str) -> float | None:
        """log10 P(w2 | w1) - log10 P(w2); None when either word is unknown."""
        i1, i2 = self.id(w1), self.id(w2)
        if i1 == UNKNOWN or i2 == UNKNOWN:
            return None
        return self.association_of(i1, i2)

    def association_of(self, i1: int, i2: int) -> float:
        """association() of two known words by their ids, remembered: a text's word pairs
        recur ("of the", "said on"), and each new one costs a binary search in a row."""
        got = self._assoc.get((i1, i2))
        if got is None:
            got = self.logp(i1, i2) - self._uni[i2] / self._scale
            if len(self._assoc) >= _MEMO_LIMIT:  # (bounded over a long batch)
                self._assoc.clear()
            self._assoc[i1, i2] = got
        return got


class _Vocabulary:
    """The sorted vocabulary, searched where it lies in the file's text (mtqa.sortedtext: an
    article looks up a few hundred of its 72,000 words); words looked up are remembered."""

    __slots__ = ("_sorted", "_ids")

    def __init__(self, text: str) -> None:
        self._sorted = SortedText(text)
        self._ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._sorted)

    def id(self, word: str) -> int:
        got = self._ids.get(word)
        if got is None:
            got = self._sorted.index(word)  # (-1 is UNKNOWN)
            if len(self._ids) < _MEMO_LIMIT:  # (bounded over a long batch)
                self._ids[word] = got
        return got

    def all(self) -> list[str]:
        return self._sorted.lines()


_MEMO_LIMIT = 1 << 17  # words a vocabulary remembers, at most


@functools.cache
def model(lang: str) -> ContextModel | None:
    """The language's model, or None when the package ships none for it."""
    try:
        p = resources.path("lm", f"{lang}.lm")
    except resources.DataPathError:
        return None
    if not p.is_file():
        return None
    return ContextModel(p)
