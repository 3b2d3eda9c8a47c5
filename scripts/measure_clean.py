#!/usr/bin/env python3
"""False flags on correct news: run every check over real, correctly written English news
and report findings per 1,000 words, by rule, with each finding listed.

The reference text is gensim's Lee corpus (lee_background.cor: 300 Australian news
articles from 2001, one per line), which ships inside the gensim wheel:

    pip download --no-deps -d /tmp/gensim gensim
    python -c "import zipfile,glob; z=zipfile.ZipFile(glob.glob('/tmp/gensim/*.whl')[0]); \\
      open('/tmp/lee_background.cor','wb').write(z.read('gensim/test/test_data/lee_background.cor'))"
    python scripts/measure_clean.py /tmp/lee_background.cor

Any other file with one article per line (or a folder of .txt articles) works too.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.pipeline import Engine, Options
from mtqa.readers import read_input


def articles(path: Path):
    if path.is_dir():
        for p in sorted(path.rglob("*.txt")):
            yield str(p.relative_to(path)), p.read_text(encoding="utf-8")
    else:
        for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
            if line.strip():
                yield f"{path.name}#{i + 1}", line.strip()


def measure(engine: Engine, texts: Iterable[tuple[str, str]], quiet: bool = False,
            count_words: Callable[[str, int], float] | None = None) -> tuple[int, float, Counter, float]:
    """Run the engine over (name, text) pairs, print each finding unless quiet, and return
    (texts, words, findings by rule, seconds). Words are the document's own count unless
    count_words(text, doc_word_count) says otherwise."""
    words = 0.0
    by_rule: Counter = Counter()
    n = 0
    t0 = time.perf_counter()
    for name, text in texts:
        res = engine.analyse(read_input(name, data=text.encode("utf-8"), fmt="text"))
        words += count_words(text, res.doc.word_count) if count_words else res.doc.word_count
        n += 1
        for f in res.findings:
            by_rule[f.rule] += 1
            if not quiet:
                print(f"{name}\t{f.rule}\t{res.doc.text[f.start:f.end]!r}\t→ {f.suggestion!r}")
    return n, words, by_rule, time.perf_counter() - t0


def summary(n: int, words: float, by_rule: Counter, seconds: float) -> None:
    total = sum(by_rule.values())
    print(f"\n{n} articles, {words:.0f} words, {total} findings = {1000 * total / max(words, 1):.2f} "
          f"per 1,000 words ({seconds:.2f} s)")
    for rule, c in by_rule.most_common():
        print(f"  {rule:40s} {c:5d}  {1000 * c / max(words, 1):.3f}/1k words")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="+")
    ap.add_argument("--select", default="", help="comma-separated rule prefixes")
    ap.add_argument("--calques", default="", help="as check's --calques: '' guesses the source "
                    "language (what a user gets), 'any' applies every pack (the worst case)")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args()
    # The same engine and options as `mtqa check --no-config`, with English declared.
    engine = Engine(Options(lang="en", calques=args.calques,
                            select=tuple(x for x in args.select.split(",") if x)))
    texts = (item for corpus in args.corpus for item in articles(corpus))
    summary(*measure(engine, texts, args.quiet))


if __name__ == "__main__":
    main()
