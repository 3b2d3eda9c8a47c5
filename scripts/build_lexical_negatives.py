#!/usr/bin/env python3
"""Build corpora/divergence/en-lexical-negatives.txt: English words that negate by their
form, as their WordNet antonym shows ("unknown" ! "known", "impossible" ! "possible",
"careless" ! "careful", "disagree" ! "agree").

mtqa/divergence/cues.py reads it to tell a Chinese word that negates lexically (不安,
glossed "uneasy") from a clause negation (不能, "cannot"): only a gloss in this list makes
the word lexical. Kept: WordNet antonym pairs (every part of speech) where one word is the
other with a negative prefix (un-, in-, im-, il-, ir-, dis-, non-) or -less for -ful; single
words with wordfreq Zipf >= MIN_ZIPF (corpora/lexicon/words-en.tsv). Deterministic
(sorted), atomic write.

    apt-get install -y wordnet-base
    python scripts/build_lexical_negatives.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from wordnet_data import DATA_FILES, antonym_pairs  # noqa: E402

from mtqa import resources  # noqa: E402

PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-")
MIN_ZIPF = 2.5


def negative_of(a: str, b: str) -> bool:
    """Whether a is b negated by its form."""
    return any(a == p + b for p in PREFIXES) or (b.endswith("ful") and a == b[:-3] + "less")


def build(wordnet: Path) -> list[str]:
    freqs = resources.word_freqs("en")
    out = set()
    for pos in DATA_FILES:
        for a, b in antonym_pairs(wordnet, pos):
            a, b = (w.split("(")[0].lower() for w in (a, b))
            for x, y in ((a, b), (b, a)):
                if negative_of(x, y) and "_" not in x and freqs.get(x, 0.0) >= MIN_ZIPF:
                    out.add(x)
    return sorted(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--out", default=str(ROOT / "corpora" / "divergence" / "en-lexical-negatives.txt"))
    a = ap.parse_args(argv)
    words = build(Path(a.wordnet))
    head = [f"# mtqa: English words that negate by their form ({len(words)} words)",
            "# source: WordNet 3.0 (Princeton University), Debian package wordnet-base 1:3.0-37: antonym",
            "#   pairs where one word is the other with un-, in-, im-, il-, ir-, dis-, non- or -less for -ful",
            "# licence: WordNet 3.0 licence (see NOTICE); this word list is distributed under its terms",
            f"# built-by: scripts/build_lexical_negatives.py (wordfreq Zipf >= {MIN_ZIPF})"]
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(a.out))
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(head + words) + "\n")
    os.replace(tmp, a.out)
    os.chmod(a.out, 0o644)
    print(f"{a.out}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
