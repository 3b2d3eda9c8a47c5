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
