#!/usr/bin/env python3
"""Build corpora/lexicon/langid-profile.tsv: the N most frequent words of each shipped
word list (corpora/lexicon/words-<lang>.tsv, from wordfreq), for mtqa's word-based
language identification. Reads only data the package ships; deterministic.
"""

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "corpora" / "lexicon"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=1500, help="words per language")
    args = ap.parse_args()
    rows = []
    langs = []
    for p in sorted(LEX.glob("words-*.tsv")):
        lang = p.stem[len("words-"):]
        langs.append(lang)
        n = 0
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                w, z = line.rstrip("\n").split("\t")
                if not any(c.isalpha() for c in w):
                    continue
                rows.append(f"{lang}\t{w}\t{z}")
                n += 1
                if n >= args.n:
                    break
    head = [
        "# mtqa language-identification profile: the most frequent words of each language.",
        f"# version 1.0; {args.n} words per language; languages: {' '.join(langs)}",
        "# derived from corpora/lexicon/words-<lang>.tsv (wordfreq 3.1.1 by Robyn Speer, CC BY-SA 4.0)",
        "# built by scripts/build_langid_profile.py; columns: lang, word, zipf",
    ]
    out = LEX / "langid-profile.tsv"
    fd, tmp = tempfile.mkstemp(dir=LEX)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(head + rows) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    print(f"wrote {out.relative_to(ROOT)}: {len(rows)} words, {len(langs)} languages")


if __name__ == "__main__":
    main()
