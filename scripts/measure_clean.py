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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.checks import Context, run_checks
from mtqa.document import Document
from mtqa.packs import builtin


def articles(path: Path):
    if path.is_dir():
        for p in sorted(path.glob("*.txt")):
            yield p.name, p.read_text(encoding="utf-8")
    else:
        for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
            if line.strip():
                yield f"{path.name}#{i + 1}", line.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--select", default="", help="comma-separated rule prefixes")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args()
    ctx = Context(packs=builtin(), select=tuple(x for x in args.select.split(",") if x))
    words = 0
    by_rule: Counter = Counter()
    n = 0
    t0 = time.perf_counter()
    for name, text in articles(args.corpus):
        doc = Document.build(text, path=name, lang="en")
        words += doc.word_count
        n += 1
        for f in run_checks(doc, ctx):
            by_rule[f.rule] += 1
            if not args.quiet:
                print(f"{name}\t{f.rule}\t{doc.text[f.start:f.end]!r}\t→ {f.suggestion!r}")
    dt = time.perf_counter() - t0
    total = sum(by_rule.values())
    print(f"\n{n} articles, {words} words, {total} findings = {1000 * total / max(words, 1):.2f} per 1,000 words "
          f"({dt:.2f} s)")
    for rule, c in by_rule.most_common():
        print(f"  {rule:40s} {c:5d}  {1000 * c / words:.3f}/1k words")


if __name__ == "__main__":
    main()
