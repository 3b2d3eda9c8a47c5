#!/usr/bin/env python3
"""Build per-language word-frequency lists for mtqa.

What it builds
    corpora/lexicon/words-<lang>.tsv, one file per language, each line
    ``word<TAB>zipf``: the N most frequent words of the language with their
    Zipf frequency (log10 of occurrences per billion words) rounded to two
    decimals, sorted by descending zipf and then by word (code-point order).
    Tokens that contain a digit, and tokens that contain no letter at all
    (pure punctuation / symbols / emoji), are skipped.  N is 100000 for
    English and 40000 (``--n-other``) for the other languages; languages whose
    wordfreq list is shorter simply yield fewer lines.  Languages that wordfreq
    does not provide (e.g. Estonian, ``et``, in wordfreq 3.1.1) are skipped
    and reported.

From what
    The ``wordfreq`` Python package (version 3.1.1), ``wordlist='best'``:
    ``wordfreq.top_n_list`` gives the word order and
    ``wordfreq.get_frequency_dict`` the frequencies.  wordfreq is a BUILD-time
    dependency only; mtqa reads the TSV files at run time.

Licence
    The wordfreq data is licensed CC BY-SA 4.0 ("wordfreq 3.1.1 by Robyn
    Speer"; it includes data from Google Books Ngrams, SUBTLEX, OpenSubtitles,
    Wikipedia, ParaCrawl and others -- see the wordfreq README).  The derived
    files are therefore distributed under CC BY-SA 4.0 with that attribution.

Usage
    python scripts/build_wordlists.py [--out corpora/lexicon] [--n-en 100000]
                                      [--n-other 40000] [--langs en,de,...]
"""
from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mtqa.output import write_atomic

FORMAT_VERSION = "1"
DEFAULT_LANGS = ("en id ms de fr es fi it nl pt ru uk pl sv tr is et").split()
ROOT = Path(__file__).resolve().parent.parent

LANG_NAMES = {
    "en": "English", "id": "Indonesian", "ms": "Malay", "de": "German",
    "fr": "French", "es": "Spanish", "fi": "Finnish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian",
    "pl": "Polish", "sv": "Swedish", "tr": "Turkish", "is": "Icelandic",
    "et": "Estonian",
}


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(str(path), text)


def keep_token(tok: str) -> bool:
    """Skip tokens with a digit, and tokens with no letter (pure punctuation/symbols)."""
    if not tok or any(ch.isspace() for ch in tok):
        return False
    has_letter = False
    for ch in tok:
        cat = unicodedata.category(ch)
        if cat == "Nd" or ch.isdigit():
            return False
        if cat.startswith("L"):
            has_letter = True
    return has_letter


def build_lang(lang: str, n: int) -> list[tuple[str, float]]:
    import wordfreq

    freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
    rows: dict[str, float] = {}
    for word in wordfreq.top_n_list(lang, n, wordlist="best"):
        if not keep_token(word):
            continue
        f = freqs.get(word)
        if not f:
            continue
        rows[word] = round(math.log10(f) + 9.0, 2)
    return sorted(rows.items(), key=lambda kv: (-kv[1], kv[0]))


def render(lang: str, n: int, rows: list[tuple[str, float]], wf_version: str) -> str:
    name = LANG_NAMES.get(lang, lang)
    head = [
        f"# mtqa lexicon: {name} ({lang}) word frequency list -- top {n} wordfreq tokens, "
        f"minus tokens with digits or without letters ({len(rows)} words)",
        f"# format-version: {FORMAT_VERSION}",
        f"# source: wordfreq {wf_version} (Python package), wordlist='best', language '{lang}'",
        f"# licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); "
        f"attribution: wordfreq {wf_version} by Robyn Speer (includes Google Books Ngrams, "
        "SUBTLEX, OpenSubtitles, Wikipedia, ParaCrawl and other data; see wordfreq README)",
        "# built-by: scripts/build_wordlists.py",
        "# columns: word<TAB>zipf  (zipf = log10(occurrences per 10^9 words), 2 decimals; "
        "sorted by descending zipf, then word)",
    ]
    body = [f"{w}\t{z:.2f}" for w, z in rows]
    return "\n".join(head + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "lexicon",
                    help="output folder (default: corpora/lexicon)")
    ap.add_argument("--langs", default=",".join(DEFAULT_LANGS),
                    help="comma-separated language codes")
    ap.add_argument("--n-en", type=int, default=100000, help="top-N for English")
    ap.add_argument("--n-other", type=int, default=40000, help="top-N for other languages")
    args = ap.parse_args(argv)

    from importlib.metadata import version

    import wordfreq

    wf_version = version("wordfreq")
    available = wordfreq.available_languages(wordlist="best")
    written, skipped, total_bytes = [], [], 0
    for lang in [x.strip() for x in args.langs.split(",") if x.strip()]:
        if lang not in available:
            skipped.append(lang)
            continue
        n = args.n_en if lang == "en" else args.n_other
        rows = build_lang(lang, n)
        path = args.out / f"words-{lang}.tsv"
        atomic_write(path, render(lang, n, rows, wf_version))
        size = path.stat().st_size
        total_bytes += size
        written.append(f"{lang}:{len(rows)}w/{size / 1e6:.2f}MB")
    print(f"build_wordlists: wrote {len(written)} files ({total_bytes / 1e6:.2f} MB total) "
          f"to {args.out} [{' '.join(written)}]"
          + (f"; skipped (not in wordfreq {wf_version}): {','.join(skipped)}" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
