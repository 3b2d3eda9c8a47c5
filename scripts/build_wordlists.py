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

    Japanese and Chinese are written without spaces: wordfreq's ``ja`` and ``zh``
    lists hold words as its own tokenizers cut them when it was built (MeCab with
    ipadic for Japanese, jieba for Chinese, in Simplified characters). Reading the
    lists needs neither (they are only needed to tokenize new text with wordfreq);
    mtqa.cjk segments text into the same kind of words with these TSV files.

Licence
    The wordfreq data is licensed CC BY-SA 4.0 ("wordfreq 3.1.1 by Robyn
    Speer"; it includes data from Google Books Ngrams, SUBTLEX, OpenSubtitles,
    Wikipedia, ParaCrawl and others -- see the wordfreq README).  The derived
    files are therefore distributed under CC BY-SA 4.0 with that attribution.

Fluency norms (--norms)
    Prints the [fluency.norms.<lang>] tables of corpora/scoring/model.toml for the
    vocabulary and variety parts of mtqa/scoring/fluency.py, derived from the shipped
    word lists alone (no text of the language is read). With p_w = 10**(zipf - 9), the
    share of running text a listed word takes, and P = sum p_w (the list's coverage):

    - zipf: the mean Zipf of running text, sum p_w * zipf_w / P (the part counts listed
      words only); zipf_p90 adds K_ZIPF standard deviations of a word's Zipf.
    - variety: the expected distinct words among 50 running words drawn from the list,
      (sum_w (1 - (1 - p_w)**50) + 50 * (1 - P)) / 50 (a word outside the list counted as
      new), times BURST; variety_p10 lies K_VARIETY of it below.

    The three constants are the one thing not read from the list: real text repeats its
    topic words (fewer distinct words than independent draws) and documents vary more than
    independent draws would. They are taken from English, whose norms were measured on
    clean human-written news (scripts/eval_fluency.py --norms): BURST = measured variety
    / derived variety, K_ZIPF = (measured zipf_p90 - measured zipf) / the derived standard
    deviation, K_VARIETY = (variety - variety_p10) / variety; OFFSET_ZIPF = measured zipf
    - derived zipf. Run with --langs en to see them.

Usage
    python scripts/build_wordlists.py [--out corpora/lexicon] [--n-en 100000]
                                      [--n-other 40000] [--langs en,de,...]
    python scripts/build_wordlists.py --norms --langs de,fr,es,it,pt,id,ru,ja,zh
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
DEFAULT_LANGS = ("en id ms de fr es fi it nl pt ru uk pl sv tr is et ja zh").split()
ROOT = Path(__file__).resolve().parent.parent

LANG_NAMES = {
    "en": "English", "id": "Indonesian", "ms": "Malay", "de": "German",
    "fr": "French", "es": "Spanish", "fi": "Finnish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian",
    "pl": "Polish", "sv": "Swedish", "tr": "Turkish", "is": "Icelandic",
    "et": "Estonian", "ja": "Japanese", "zh": "Chinese",
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


WINDOW = 50  # the variety part's window ([fluency.variety] window)


def read_list(path: Path) -> list[tuple[str, float]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                w, _, z = line.rstrip("\n").partition("\t")
                rows.append((w, float(z)))
    return rows


def derived(rows: list[tuple[str, float]]) -> tuple[float, float, float]:
    """(mean Zipf of running text, its standard deviation, expected distinct share of a
    window of independent draws) from a word list (see the module doc)."""
    p = [10.0 ** (z - 9.0) for _, z in rows]
    cover = sum(p)
    mean = sum(pi * z for pi, (_, z) in zip(p, rows)) / cover
    sd = math.sqrt(sum(pi * (z - mean) ** 2 for pi, (_, z) in zip(p, rows)) / cover)
    distinct = sum(1.0 - (1.0 - pi) ** WINDOW for pi in p) + WINDOW * max(0.0, 1.0 - cover)
    return mean, sd, distinct / WINDOW


def norms(lexicon: Path, langs: list[str]) -> str:
    """The [fluency.norms.<lang>] tables derived from the word lists, English-calibrated."""
    import tomllib

    model = tomllib.loads((ROOT / "corpora" / "scoring" / "model.toml").read_text("utf-8"))
    en = model["fluency"]["norms"]["en"]
    en_mean, en_sd, en_ttr = derived(read_list(lexicon / "words-en.tsv"))
    offset = en["zipf"] - en_mean
    k_zipf = (en["zipf_p90"] - en["zipf"]) / en_sd
    burst = en["variety"] / en_ttr
    k_var = (en["variety"] - en["variety_p10"]) / en["variety"]
    out = [f"# calibration from en: OFFSET_ZIPF {offset:+.3f}, K_ZIPF {k_zipf:.4f}, "
           f"BURST {burst:.4f}, K_VARIETY {k_var:.4f}"]
    for lang in langs:
        mean, sd, ttr = derived(read_list(lexicon / f"words-{lang}.tsv"))
        variety = ttr * burst
        out += ["", f"[fluency.norms.{lang}]", f"zipf = {mean + offset:.3f}",
                f"zipf_p90 = {mean + offset + k_zipf * sd:.3f}",
                f"variety = {variety:.3f}", f"variety_p10 = {variety * (1 - k_var):.3f}"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "lexicon",
                    help="output folder (default: corpora/lexicon)")
    ap.add_argument("--langs", default=",".join(DEFAULT_LANGS),
                    help="comma-separated language codes")
    ap.add_argument("--n-en", type=int, default=100000, help="top-N for English")
    ap.add_argument("--n-other", type=int, default=40000, help="top-N for other languages")
    ap.add_argument("--norms", action="store_true",
                    help="print the fluency norms derived from the shipped lists; build nothing")
    args = ap.parse_args(argv)
    if args.norms:
        print(norms(args.out, [x.strip() for x in args.langs.split(",") if x.strip()]), end="")
        return 0

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
