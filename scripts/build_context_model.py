#!/usr/bin/env python3
"""Build corpora/lm/<lang>.lm, the compact word-in-context model mtqa/lm.py reads, from an
n-gram language model in ARPA form.

The model answers "how plausible is this word after that one": log10 P(w2 | w1) for every
bigram the language model lists, and the unigram log-probability and back-off weight of
every word for the rest (Katz back-off: P(w2 | w1) = bo(w1) · P(w2)). Trigrams, when the
ARPA file has them, are not shipped: they would triple the file for little gain on
word-level checks. Any ARPA model of any language will do (KenLM, SRILM, CMU Sphinx): the
same script builds another language's model from that language's LM.

English: the CMU Sphinx generic US English 3-gram model that ships in the pocketsphinx
wheel (pocketsphinx/model/en-us/en-us.lm.bin, BSD-2-Clause, Carnegie Mellon University and
Alpha Cephei). Its binary trie form is read by scripts/sphinx_lm.py (--arpa writes ARPA):

    pip download --no-deps --only-binary :all: -d /tmp/ps pocketsphinx==5.1.1
    unzip -p /tmp/ps/pocketsphinx-5.1.1-*.whl pocketsphinx/model/en-us/en-us.lm.bin > /tmp/ps/en-us.lm.bin
    python scripts/sphinx_lm.py /tmp/ps/en-us.lm.bin --arpa /tmp/ps/en-us.arpa
    python scripts/build_context_model.py /tmp/ps/en-us.arpa --lang en \
        --source "CMU Sphinx generic US English 3-gram LM (pocketsphinx 5.1.1 en-us.lm.bin)" \
        --licence "BSD-2-Clause (Carnegie Mellon University; Alpha Cephei Inc.)"

File layout (little-endian; see mtqa/lm.py, which documents the reading side):

    b"MTQALM01"                                   magic and format version
    uint32 n, then n bytes of JSON                header: lang, source, licence, counts,
                                                  quantisation steps, sha256 of the ARPA
    uint32 n, then n bytes                        vocabulary, UTF-8, "\\n"-separated; a word's
                                                  id is its line number (sorted order)
    int16[V]  unigram log10 P(w) x 1000
    int16[V]  back-off log10 bo(w) x 1000
    uint32[V+1] offsets into the bigram array, by first word id
    uint32[B] bigrams: second word id << 8 | q, sorted by (first, second); log10 P(w2 | w1)
              = -q · step (q = 255: at most -255 · step)

Deterministic: same ARPA file, same output bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import struct
import sys
import tempfile
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAGIC = b"MTQALM01"
STEP = 0.05  # log10 units per bigram quantisation step: 12 % in probability
SCALE = 1000  # unigram and back-off values are stored in thousandths of a log10 unit


def read_arpa(path: Path) -> tuple[dict[str, tuple[float, float]], list[tuple[str, str, float]], str]:
    """(unigrams word -> (log10 p, log10 bo), bigrams (w1, w2, log10 p), sha256 of the file).
    Checks the 1- and 2-gram counts against the header: a truncated file is an error."""
    want: dict[int, int] = {}
    uni: dict[str, tuple[float, float]] = {}
    bi: list[tuple[str, str, float]] = []
    digest = hashlib.sha256()
    section = 0
    with open(path, "rb") as fh:
        for raw in fh:
            digest.update(raw)
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not line:
                continue
            if line.startswith("ngram ") and section <= 0:
                k, _, v = line[6:].partition("=")
                want[int(k)] = int(v)
                continue
            if line.startswith("\\"):
                section = int(line[1]) if line[1:2].isdigit() else -1
                continue
            p = line.split("\t")
            if section in (1, 2) and len(p) < section + 1:
                sys.exit(f"{path}: malformed {section}-gram line: {line[:80]!r}")
            if section == 1:
                uni[p[1]] = (float(p[0]), float(p[2]) if len(p) > 2 else 0.0)
            elif section == 2:
                bi.append((p[1], p[2], float(p[0])))
    if len(uni) != want.get(1) or len(bi) != want.get(2):
        sys.exit(f"{path}: {len(uni)} unigrams and {len(bi)} bigrams, the header says "
                 f"{want.get(1)} and {want.get(2)}: truncated or not an ARPA file")
    return uni, bi, digest.hexdigest()


def build(uni, bi, header: dict) -> bytes:
    vocab = sorted(uni)
    ids = {w: i for i, w in enumerate(vocab)}
    if len(vocab) >= 1 << 24:
        sys.exit("vocabulary too large for 24-bit word ids")
    up = array("h", (max(-32768, round(uni[w][0] * SCALE)) for w in vocab))
    bo = array("h", (max(-32768, min(32767, round(uni[w][1] * SCALE))) for w in vocab))
    rows = sorted((ids[a], ids[b], min(255, max(0, round(-p / STEP)))) for a, b, p in bi)
    offsets = array("I", [0] * (len(vocab) + 1))
    entries = array("I", bytes(4 * len(rows)))
    for j, (i1, i2, q) in enumerate(rows):
        offsets[i1 + 1] = j + 1
        entries[j] = i2 << 8 | q
    for i in range(1, len(offsets)):  # first words without bigrams keep an empty range
        offsets[i] = max(offsets[i], offsets[i - 1])
    if sys.byteorder != "little":
        for a in (up, bo, offsets, entries):
            a.byteswap()
    head = json.dumps(dict(header, vocabulary=len(vocab), bigrams=len(rows), step=STEP,
                           scale=SCALE), sort_keys=True).encode()
    words = "\n".join(vocab).encode()
    return b"".join([MAGIC, struct.pack("<I", len(head)), head, struct.pack("<I", len(words)),
                     words, up.tobytes(), bo.tobytes(), offsets.tobytes(), entries.tobytes()])


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would ship a file only root can read
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("arpa", type=Path)
    ap.add_argument("--lang", required=True)
    ap.add_argument("--source", required=True, help="what the language model is")
    ap.add_argument("--licence", required=True)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    uni, bi, sha = read_arpa(args.arpa)
    header = {"format": 1, "lang": args.lang, "source": args.source, "licence": args.licence,
              "arpa_sha256": sha}
    out = args.out or ROOT / "corpora" / "lm" / f"{args.lang}.lm"
    data = build(uni, bi, header)
    write_atomic(out, data)
    print(f"{out}: {len(uni):,} words, {len(bi):,} bigrams, {len(data):,} bytes")


if __name__ == "__main__":
    main()
