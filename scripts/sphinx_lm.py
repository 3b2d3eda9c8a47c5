#!/usr/bin/env python3
"""Read a CMU Sphinx binary trie language model (``*.lm.bin``) in pure Python.

Why
    The generic US English 3-gram model ships in the ``pocketsphinx`` wheel
    (BSD-2 licence) only in this binary form.  pocketsphinx's own ARPA writer
    cannot convert it: ``NGramModel.write(path, 'arpa')`` (5.1.1) segfaults
    and Debian's ``sphinx_lm_convert`` fails an assertion.  Both trust the
    n-gram counts in the header, which for this model exceed the entries the
    trie actually holds (2,051,547 bigrams announced, 2,051,541 stored), so
    this reader takes every count from the trie itself.  Build-time tool only:
    numpy is needed here, never by the mtqa package at run time.

Format (written by pocketsphinx ``ngram_model_trie_write_bin``; the layout
was read from ``src/lm/ngram_model_trie.c``, ``lm_trie.c``,
``lm_trie_quant.c`` and ``bitarr.c``; all integers little-endian)
    - the 19 bytes ``Trie Language Model`` (no NUL), the order N (uint8),
      N uint32 counts (header counts; they size the arrays below);
    - if N > 1: an int32 (formerly the quantiser type), then float32 binning
      tables of 2**16 values each: for every middle order (2..N-1) one for
      probabilities and one for backoffs, then one for the longest order's
      probabilities;
    - counts[0] + 1 unigram records ``(float32 prob, float32 backoff,
      uint32 next)``; the last is a sentinel closing the ``next`` ranges;
    - if N > 1: one bit-packed array per order 2..N, entries of
      ``word | quantised values | next`` read least-significant bit first
      (middle orders: word, 16-bit backoff bin, 16-bit prob bin, next index;
      longest: word, 16-bit prob bin).  Word fields have
      ``bit_length(counts[0])`` bits, next fields ``bit_length(counts[k])``
      bits.  Each array has one sentinel entry after the last and 8 bytes of
      padding: ``((entries + 1) * entry_bits + 7) // 8 + 8`` bytes;
    - an int32 byte length, then the vocabulary as NUL-terminated strings in
      word-id order.

    The trie is reversed: a unigram record belongs to the *last* word of an
    n-gram; its ``next`` range points into the order-2 array, whose entries
    hold the word before it, and so on, so an order-k entry names the k-th
    word from the end.  An entry's children are ``[next[i], next[i + 1])``.
    Probabilities and backoffs are stored in the log base of the logmath
    object that wrote the file (pocketsphinx's default 1.0001); this module
    converts them to log10, as ARPA files give them.

Usage
    python scripts/sphinx_lm.py [PATH] [--arpa OUT]
    PATH defaults to pocketsphinx's bundled ``model/en-us/en-us.lm.bin``.
    Without --arpa it prints the counts.  ``read(path)`` is the API.
"""

from __future__ import annotations

import argparse
import math
import os
import struct
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

MAGIC = b"Trie Language Model"
QUANT_BITS = 16  # pocketsphinx's fixed probability and backoff bin width
DEFAULT_LOG_BASE = 1.0001  # pocketsphinx's default logmath base


def default_model_path() -> str:
    """The US English model bundled with the installed pocketsphinx wheel."""
    import pocketsphinx

    return os.path.join(os.path.dirname(pocketsphinx.__file__), "model", "en-us", "en-us.lm.bin")


def _unpack(buf: np.ndarray, count: int, entry_bits: int, offset: int, width: int) -> np.ndarray:
    """Field ``[offset, offset + width)`` of ``count`` entries of ``entry_bits`` bits each.

    Vectorised: each value is assembled from the bytes that cover it (the
    trailing padding guarantees the last reads stay inside ``buf``).
    """
    if width == 0:
        return np.zeros(count, dtype=np.uint32)
    pos = np.arange(count, dtype=np.int64) * entry_bits + offset
    first = pos >> 3
    shift = (pos & 7).astype(np.uint64)
    value = np.zeros(count, dtype=np.uint64)
    for k in range((7 + width + 7) // 8):
        value |= buf[first + k].astype(np.uint64) << np.uint64(8 * k)
    return ((value >> shift) & np.uint64((1 << width) - 1)).astype(np.uint32)


def _array_bytes(entries: int, entry_bits: int) -> int:
    """Byte size of one order's bit-packed array (sentinel entry and padding included)."""
    return ((entries + 1) * entry_bits + 7) // 8 + 8


@dataclass
class _Level:
    """One order (2..N) of the trie, as decoded arrays indexed by entry."""

    word: np.ndarray  # word id stored in the entry (k-th word from the end)
    prob: np.ndarray  # log10, float64
    backoff: np.ndarray | None  # log10; None for the longest order
    next: np.ndarray | None  # child ranges, entries + 1 values; None for the longest order


@dataclass
class SphinxLM:
    """A decoded Sphinx trie model; probabilities and backoffs are log10."""

    order: int
    counts: tuple[int, ...]  # entries actually stored, per order
    header_counts: tuple[int, ...]  # as announced in the file header
    vocab: list[str]
    unigram_prob: np.ndarray
    unigram_backoff: np.ndarray
    unigram_next: np.ndarray  # counts[0] + 1 values
    levels: list[_Level] = field(default_factory=list)  # orders 2..N
    _ids: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def ngram_ids(self, n: int) -> np.ndarray:
        """Word ids of every stored n-gram in forward order, shape (counts[n-1], n), in trie order."""
        if n == 1:
            return np.arange(self.counts[0], dtype=np.uint32).reshape(-1, 1)
        if n not in self._ids:
            level = self.levels[n - 2]
            parent_next = self.unigram_next if n == 2 else self.levels[n - 3].next
            assert parent_next is not None
            # The parent of entry e is the last parent whose child range starts at or before e.
            parent = np.searchsorted(parent_next, np.arange(len(level.word)), side="right") - 1
            suffix = self.ngram_ids(n - 1)[parent]
            self._ids[n] = np.column_stack([level.word, suffix]).astype(np.uint32)
        return self._ids[n]

    def unigrams(self) -> Iterator[tuple[str, float, float]]:
        """(word, log10 prob, log10 backoff) by word id."""
        yield from zip(self.vocab, self.unigram_prob.tolist(), self.unigram_backoff.tolist())

    def bigrams(self) -> Iterator[tuple[str, str, float, float]]:
        """(w1, w2, log10 P(w2 | w1), log10 backoff of "w1 w2"), grouped by w2.

        In a 2-gram model bigrams carry no backoff; 0.0 is yielded, as ARPA implies.
        """
        if self.order < 2:
            raise ValueError("bigrams() needs a model of order 2 or more")
        if self.order > 2:
            return self._middle(2)
        zeros = [0.0] * self.counts[1]
        return zip(*self._words(2), self.levels[0].prob.tolist(), zeros)

    def trigrams(self) -> Iterator[tuple[str, str, str, float]]:
        """(w1, w2, w3, log10 P(w3 | w1 w2)), grouped by w3 then w2 (trigram models only)."""
        if self.order != 3:
            raise ValueError(f"trigrams() needs a 3-gram model, this one has order {self.order}")
        return self._longest()

    def ngrams(self, n: int) -> Iterator[tuple]:
        """Rows of (words..., log10 prob[, log10 backoff]) for any order, as in ARPA."""
        if n == 1:
            return ((w, p, b) if self.order > 1 else (w, p) for w, p, b in self.unigrams())
        return self._longest() if n == self.order else self._middle(n)

    def _words(self, n: int) -> list[list[str]]:
        vocab = self.vocab
        return [[vocab[i] for i in col] for col in self.ngram_ids(n).T.tolist()]

    def _middle(self, n: int) -> Iterator[tuple]:
        level = self.levels[n - 2]
        assert level.backoff is not None
        return zip(*self._words(n), level.prob.tolist(), level.backoff.tolist())

    def _longest(self) -> Iterator[tuple]:
        return zip(*self._words(self.order), self.levels[-1].prob.tolist())


def read(path: str, log_base: float = DEFAULT_LOG_BASE) -> SphinxLM:
    """Decode the binary trie model at ``path``."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(MAGIC):
        raise ValueError(f"{path}: not a Sphinx trie language model (no {MAGIC.decode()!r} header)")
    to_log10 = math.log10(log_base)
    pos = len(MAGIC)
    order = data[pos]
    pos += 1
    header = struct.unpack_from(f"<{order}I", data, pos)
    pos += 4 * order

    tables: list[np.ndarray] = []
    if order > 1:
        pos += 4  # former quantiser-type field
        n_tables = 2 * (order - 2) + 1
        flat = np.frombuffer(data, dtype="<f4", count=n_tables << QUANT_BITS, offset=pos)
        tables = [t.astype(np.float64) * to_log10 for t in np.split(flat, n_tables)]
        pos += flat.nbytes

    record = np.dtype([("prob", "<f4"), ("backoff", "<f4"), ("next", "<u4")])
    uni = np.frombuffer(data, dtype=record, count=header[0] + 1, offset=pos)
    pos += uni.nbytes

    word_bits = header[0].bit_length()
    levels: list[_Level] = []
    entries = int(uni["next"][-1])  # the sentinel closes the last range: true order-2 count
    counts = [header[0]]
    for n in range(2, order + 1):
        longest = n == order
        next_bits = 0 if longest else header[n].bit_length()
        entry_bits = word_bits + (QUANT_BITS if longest else 2 * QUANT_BITS + next_bits)
        size = _array_bytes(header[n - 1], entry_bits)
        buf = np.frombuffer(data, dtype=np.uint8, count=size, offset=pos)
        pos += size
        if entries > header[n - 1]:
            raise ValueError(f"{path}: {entries} {n}-grams stored but only {header[n - 1]} announced")
        counts.append(entries)
        word = _unpack(buf, entries, entry_bits, 0, word_bits)
        if longest:
            prob = tables[-1][_unpack(buf, entries, entry_bits, word_bits, QUANT_BITS)]
            levels.append(_Level(word, prob, None, None))
            break
        probs, backoffs = tables[2 * (n - 2)], tables[2 * (n - 2) + 1]
        backoff = backoffs[_unpack(buf, entries, entry_bits, word_bits, QUANT_BITS)]
        prob = probs[_unpack(buf, entries, entry_bits, word_bits + QUANT_BITS, QUANT_BITS)]
        # entries + 1 values: the sentinel entry's next closes the last range.
        nxt = _unpack(buf, entries + 1, entry_bits, word_bits + 2 * QUANT_BITS, next_bits)
        levels.append(_Level(word, prob, backoff, nxt))
        entries = int(nxt[-1])

    (size,) = struct.unpack_from("<i", data, pos)
    pos += 4
    vocab = data[pos : pos + size].decode("utf-8").split("\0")[: header[0]]
    if len(vocab) != header[0] or pos + size != len(data):
        raise ValueError(f"{path}: vocabulary does not match the header ({len(vocab)} words)")

    return SphinxLM(
        order=order,
        counts=tuple(counts),
        header_counts=tuple(header),
        vocab=vocab,
        unigram_prob=uni["prob"][:-1].astype(np.float64) * to_log10,
        unigram_backoff=uni["backoff"][:-1].astype(np.float64) * to_log10,
        unigram_next=uni["next"].copy(),
        levels=levels,
    )


def _fmt(value: float) -> str:
    return f"{value:.4f}"


def write_arpa(lm: SphinxLM, out: str) -> None:
    """Write ``lm`` as an ARPA file (4 decimals, like pocketsphinx), atomically."""
    directory = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(prefix=".sphinx_lm.", suffix=".arpa.tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write("\\data\\\n")
            for n, count in enumerate(lm.counts, 1):
                f.write(f"ngram {n}={count}\n")
            for n in range(1, lm.order + 1):
                f.write(f"\n\\{n}-grams:\n")
                with_backoff = n < lm.order
                for row in lm.ngrams(n):
                    words = "\t".join(row[:n])
                    line = f"{_fmt(row[n])}\t{words}"
                    f.write(f"{line}\t{_fmt(row[n + 1])}\n" if with_backoff else f"{line}\n")
            f.write("\n\\end\\\n")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the ARPA file is ordinary build output
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", help="model file (default: pocketsphinx's en-us.lm.bin)")
    parser.add_argument("--arpa", metavar="OUT", help="write the model as an ARPA file")
    parser.add_argument("--log-base", type=float, default=DEFAULT_LOG_BASE,
                        help="logmath base the file was written with (default %(default)s)")
    args = parser.parse_args(argv)
    path = args.path or default_model_path()
    lm = read(path, args.log_base)
    for n, (stored, announced) in enumerate(zip(lm.counts, lm.header_counts), 1):
        note = "" if stored == announced else f" (header says {announced})"
        print(f"{n}-grams: {stored}{note}", file=sys.stderr)
    if args.arpa:
        write_arpa(lm, args.arpa)
        print(f"wrote {args.arpa}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
