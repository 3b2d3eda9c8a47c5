#!/usr/bin/env python3
"""Train the small sentencepiece models that mtqa's fluency score uses (subword fragmentation).

What it builds
    corpora/spm/<lang>.model, one unigram sentencepiece model per language (vocabulary
    8,000 pieces by default), and prints a line per model (pieces, bytes, the pieces-per-word
    norm of the language). corpora/spm/PROVENANCE.md records what was built and how.

From what
    Only the word lists the package ships: corpora/lexicon/words-<lang>.tsv (wordfreq 3.1.1,
    `word<TAB>zipf`). sentencepiece's TSV input takes `word<TAB>count`; the count of a word
    is round(10 ** (zipf - 1)), i.e. its frequency per 10^10 words scaled down so the rarest
    listed words (zipf ~1-2) keep a count of 1-10, and the most frequent (zipf ~7.7) about
    5 million. Words are lowercased as wordfreq gives them.

Determinism
    sentencepiece's unigram trainer is deterministic for a given input and options; the
    input is written in the word list's own order. Re-running reproduces the models.

Usage
    python scripts/train_spm.py [--langs en,de,fr,es,id,it,pt,ru,ja,zh] [--vocab 8000] [--out corpora/spm]
                                [--norms-only]

    corpora/spm/norms.toml is written too: per language, the frequency-weighted mean number of
    pieces per (lowercased) word over the word list, i.e. the pieces per word of running text
    in that language. The fluency score compares a text's pieces per word with this norm.
    Languages not named in --langs keep their line of norms.toml.

    Japanese and Chinese words are the segments of wordfreq's lists (MeCab/jieba at
    wordfreq's build time); mtqa.cjk cuts a text into the same kind of words, so the model
    and its norm apply to them as to the spaced languages' words.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LANGS = "en,de,fr,es,id,it,pt,ru,ja,zh"


def word_counts(lang: str) -> list[tuple[str, int]]:
    p = ROOT / "corpora" / "lexicon" / f"words-{lang}.tsv"
    out = []
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            w, _, z = line.rstrip("\n").partition("\t")
            if not z or "\t" in w or " " in w:
                continue
            out.append((w, max(1, round(10 ** (float(z) - 1)))))
    return out


def train(lang: str, vocab: int, out_dir: Path) -> Path:
    import sentencepiece as spm

    rows = word_counts(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tsv = Path(tmp) / f"{lang}.tsv"
        tsv.write_text("".join(f"{w}\t{c}\n" for w, c in rows), encoding="utf-8")
        prefix = Path(tmp) / lang
        spm.SentencePieceTrainer.train(
            input=str(tsv), input_format="tsv", model_prefix=str(prefix), vocab_size=vocab,
            model_type="unigram", character_coverage=1.0, num_threads=1,
            bos_id=-1, eos_id=-1, unk_id=0, pad_id=-1, minloglevel=2,
            train_extremely_large_corpus=False)
        dest = out_dir / f"{lang}.model"
        fd, part = tempfile.mkstemp(prefix=f".{lang}.", suffix=".tmp", dir=out_dir)
        with os.fdopen(fd, "wb") as fh:
            fh.write((prefix.with_suffix(".model")).read_bytes())
        os.chmod(part, 0o644)
        os.replace(part, dest)
    return dest


def norm(lang: str, model: Path) -> float:
    """Frequency-weighted mean pieces per word over the language's word list."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model))
    rows = word_counts(lang)
    words = [w for w, _ in rows]
    counts = [c for _, c in rows]
    pieces = sp.encode(words)
    return sum(len(p) * c for p, c in zip(pieces, counts)) / sum(counts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--langs", default=DEFAULT_LANGS)
    ap.add_argument("--vocab", type=int, default=8000)
    ap.add_argument("--out", default=str(ROOT / "corpora" / "spm"))
    ap.add_argument("--norms-only", action="store_true",
                    help="Keep the models; only recompute norms.toml.")
    a = ap.parse_args(argv)
    out = Path(a.out)
    # other languages' norms stay: a run for some languages must not drop the rest
    old = out / "norms.toml"
    norms = dict(tomllib.loads(old.read_text(encoding="utf-8")).get("pieces_per_word", {})
                 if old.exists() else {})
    for lang in a.langs.split(","):
        m = out / f"{lang}.model" if a.norms_only else train(lang, a.vocab, out)
        norms[lang] = norm(lang, m)
        print(f"{lang}: {m} {m.stat().st_size:,} bytes; pieces/word (freq-weighted) "
              f"{norms[lang]:.3f}", file=sys.stderr)
    lines = ["# Pieces per word of running text under corpora/spm/<lang>.model: the mean over",
             "# corpora/lexicon/words-<lang>.tsv weighted by word frequency (10**zipf).",
             "# Built by scripts/train_spm.py; used by mtqa/scoring/fluency.py (fragmentation).",
             'version = "1"', "", "[pieces_per_word]"]
    lines += [f"{k} = {v:.4f}" for k, v in sorted(norms.items())]
    p = out / "norms.toml"
    fd, part = tempfile.mkstemp(prefix=".norms.", suffix=".tmp", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(part, 0o644)
    os.replace(part, p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
