#!/usr/bin/env python3
"""False findings on correct text in each target language: run every check with `--lang L`
over the passages scripts/gather_clean.py wrote to DIR/<lang>/<source>.txt (one passage per
line), list every finding, and print findings per 1,000 words per language, per source and
by rule. Goal: at most 1 per 1,000 words in every language.

    python scripts/gather_clean.py --cache /tmp/clean-cache --out /tmp/clean-langs
    python scripts/measure_clean_langs.py /tmp/clean-langs [--langs de,ja] [--quiet]

Words: whitespace-separated tokens; for Japanese and Chinese, which put no spaces between
words, non-space characters / 2 (the usual rough equivalence of two characters per word).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gather_clean import LANGS, words
from measure_clean import articles, measure  # also puts the repo on sys.path

from mtqa.pipeline import Engine, Options


def count(lang: str, text: str, _doc_words: int) -> float:
    return words(text, lang)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="gather_clean.py's --out")
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--select", default="", help="comma-separated rule prefixes")
    ap.add_argument("--quiet", action="store_true", help="only the tables")
    args = ap.parse_args()
    select = tuple(x for x in args.select.split(",") if x)
    rows = []
    for lang in args.langs.split(","):
        # What `mtqa check --lang L --no-config` does; calque packs guessed as a user gets them.
        engine = Engine(Options(lang=lang, select=select))
        by_rule: Counter = Counter()
        total_words = 0.0
        for src in sorted((args.folder / lang).glob("*.txt")):
            n, w, hits, secs = measure(engine, articles(src), args.quiet, partial(count, lang))
            rows.append((lang, src.stem, n, w, sum(hits.values()), secs))
            by_rule.update(hits)
            total_words += w
        rows.append((lang, "ALL", 0, total_words, sum(by_rule.values()), 0.0))
        for rule, c in by_rule.most_common():
            rows.append((lang, f"  {rule}", 0, total_words, c, 0.0))
    print(f"\n{'lang':5s} {'source / rule':42s} {'words':>8s} {'found':>6s} {'per 1k':>7s}")
    for lang, what, _n, w, found, _s in rows:
        mark = " !" if what == "ALL" and 1000 * found / max(w, 1) > 1 else ""
        print(f"{lang:5s} {what:42s} {w:8.0f} {found:6d} {1000 * found / max(w, 1):7.2f}{mark}")


if __name__ == "__main__":
    main()
