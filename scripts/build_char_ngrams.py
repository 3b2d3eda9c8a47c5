#!/usr/bin/env python3
"""Build corpora/lexicon/char-trigrams.tsv: per-language character trigram statistics of
word shapes, for telling a source-language word no list has (an inflected Finnish form,
a German compound) from an English one.

Each language's trigrams are counted over the word types of its shipped list
(corpora/lexicon/words-<lang>.tsv, from wordfreq), every word padded with "^" and "$",
so endings ("ssä$", "ung$") and beginnings ("^men") count. Types, not tokens: inflection
shows in how many words share a shape, not in how often one word is said. A trigram's
value is log10 of its add-half smoothed share of the language's trigrams; trigrams seen
in fewer than MIN_TYPES words of every language are dropped, and each language's floor
(the value of an unseen trigram) is the first row, '<floor>'. Reads only data the package ships;
deterministic (sorted output, one decimal).

    python scripts/build_char_ngrams.py
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "corpora" / "lexicon"
MIN_TYPES = 3
MAX_WORDS = 40000  # the other lists' size; English's 100,000 would weigh its rare words more


def trigrams(word: str) -> list[str]:
    w = f"^{word}$"
    return [w[i:i + 3] for i in range(len(w) - 2)]


def count(p: Path) -> Counter:
    c: Counter = Counter()
    n = 0
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#":
                continue
            w = line.split("\t", 1)[0]
            if len(w) < 2 or not w.isalpha():
                continue
            c.update(trigrams(w))
            n += 1
            if n >= MAX_WORDS:
                break
    return c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=LEX / "char-trigrams.tsv")
    args = ap.parse_args()
    langs = sorted(p.stem[len("words-"):] for p in LEX.glob("words-*.tsv"))
    counts = {lang: count(LEX / f"words-{lang}.tsv") for lang in langs}
    kept = sorted({g for c in counts.values() for g, k in c.items() if k >= MIN_TYPES})
    total = {lang: sum(c.values()) + 0.5 * len(kept) for lang, c in counts.items()}

    def value(lang: str, k: float) -> str:
        return f"{math.log10((k + 0.5) / total[lang]):.1f}"

    head = [
        "# mtqa character trigram statistics per language, for single-word language guesses.",
        f"# format-version: 1; languages: {' '.join(langs)}; trigrams in >= {MIN_TYPES} word types "
        f"of some language; {MAX_WORDS} most frequent words per language, padded ^word$",
        "# derived from corpora/lexicon/words-<lang>.tsv (wordfreq 3.1.1 by Robyn Speer, CC BY-SA 4.0)",
        "# built-by: scripts/build_char_ngrams.py; columns: trigram, then log10 share per language "
        "(blank: unseen there); the first row ('<floor>') is each language's value of an unseen trigram",
        "\t".join(["trigram"] + langs),
        "\t".join(["<floor>"] + [value(lang, 0) for lang in langs]),
    ]
    rows = []
    for g in kept:
        cells = [value(lang, counts[lang][g]) if counts[lang][g] else "" for lang in langs]
        rows.append("\t".join([g] + cells))
    fd, tmp = tempfile.mkstemp(dir=args.out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(head + rows) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: {len(rows)} trigrams, {len(langs)} languages, "
          f"{args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
