"""Reading WordNet 3.0's data files (Debian wordnet-base, /usr/share/wordnet) for the build
scripts: one place that knows the line format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DATA_FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}


def synset_lemmas(wordnet: Path, pos: str) -> Iterator[list[str]]:
    """The lemmas of each synset of one part of speech ('n', 'v', 'a', 'r'), as written in
    the data file (underscores for spaces, adjective markers such as '(a)' kept)."""
    with open(wordnet / DATA_FILES[pos], encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):  # the licence header
                continue
            f = line.split(" ")
            n = int(f[3], 16)
            yield [f[4 + 2 * i] for i in range(n)]


def antonym_pairs(wordnet: Path, pos: str) -> Iterator[tuple[str, str]]:
    """(word, antonym) for each lexical antonym pointer ('!') of one part of speech. WordNet
    records antonymy between word senses, so both words are named by their position in their
    synsets (the pointer's source/target field: two hex digits each)."""
    words_at: dict[str, list[str]] = {}
    pointers: list[tuple[str, int, str, int]] = []
    with open(wordnet / DATA_FILES[pos], encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            f = line.split(" ")
            n = int(f[3], 16)
            words_at[f[0]] = [f[4 + 2 * i] for i in range(n)]
            k = 4 + 2 * n
            for p in range(int(f[k])):
                sym, off, _pos, st = f[k + 1 + 4 * p:k + 5 + 4 * p]
                if sym == "!":
                    pointers.append((f[0], int(st[:2], 16), off, int(st[2:], 16)))
    for src, si, dst, ti in pointers:
        a, b = words_at.get(src), words_at.get(dst)
        if a and b and 0 < si <= len(a) and 0 < ti <= len(b):
            yield a[si - 1], b[ti - 1]
