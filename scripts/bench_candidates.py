#!/usr/bin/env python3
"""Benchmark `--candidates`: index N synthetic wire stories, then query with perturbed copies.

Stories are 150-500 words drawn by Zipf frequency from corpora/lexicon/words-en.tsv, with
a few names from a shared pool (popular names recur across thousands of stories) and
numbers, split into sentences and paragraphs, in subfolders of 1,000 files. Queries are
stories rewritten the way a translation rewrites them, in two flavours:

- reworded: 40% of the words replaced by other words, a fifth of the sentences dropped,
  the rest partly reordered, one name misspelt and one number changed;
- other language: only the names and numbers survive (every other word replaced by a
  word absent from the index), sentences reordered, one name misspelt;
- excerpt: three consecutive sentences from anywhere in the story, reworded as above.

A fifth of the stories follow up a recent one (same people and place, half the numbers),
as wire updates do, so names alone do not single out a story.

Prints build time, index size (bytes and bytes a story), peak memory, re-open time with
no change, the time to apply a small change (10 added, 10 modified, 10 removed), median
and 95th-percentile query time, and top-1 accuracy for each flavour.

    python scripts/bench_candidates.py [--n 100000] [--queries 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.candidates import CandidateIndex  # noqa: E402

LEXICON = ROOT / "corpora" / "lexicon" / "words-en.tsv"
FOLLOW_UP = 0.2  # share of stories that follow up a recent one (same names, some numbers)
SYL = ["ka", "lo", "mi", "ra", "ten", "vi", "sa", "no", "ber", "gu", "li", "an", "sto",
       "mar", "el", "do", "fi", "ha", "ja", "ko", "ne", "ri", "tu", "va", "zen", "ol", "us"]


def load_vocab():
    words, z = [], []
    with open(LEXICON, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            w, _, f = line.rstrip("\n").partition("\t")
            if f and w.isalpha():
                words.append(w)
                z.append(float(f))
    p = np.power(10.0, np.array(z))
    return np.array(words, dtype=object), np.cumsum(p / p.sum())


def make_names(rng: random.Random, n: int) -> list[str]:
    out = set()
    while len(out) < n:
        first = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4))).capitalize()
        out.add(f"{first} {last}")
    return sorted(out)


class Generator:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.words, self.cdf = load_vocab()
        self.names = make_names(self.rng, 5000)
        # name popularity is Zipfian too: a few names are in thousands of stories
        w = 1.0 / np.arange(1, len(self.names) + 1)
        self.name_cdf = np.cumsum(w / w.sum())
        self.places = make_names(self.rng, 400)
        self.recent: list[tuple[list[str], str, list[str]]] = []

    def sample_words(self, n: int) -> list[str]:
        idx = np.searchsorted(self.cdf, self.np.random(n))
        return list(self.words[np.minimum(idx, len(self.words) - 1)])

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return str(self.rng.randint(2, 99))
        if r < 0.55:
            return str(self.rng.randint(1990, 2030))
        if r < 0.8:
            return f"{self.rng.randint(1, 999)},{self.rng.randint(0, 999):03d}"
        return f"{self.rng.randint(1, 99)}.{self.rng.randint(1, 9)}"

    def story(self) -> tuple[str, list[list[str]]]:
        """(headline, paragraphs of sentences of tokens)."""
        n = self.rng.randint(150, 500)
        words = self.sample_words(n)
        if self.recent and self.rng.random() < FOLLOW_UP:
            # a follow-up of a recent story: same people and place, half its numbers
            people, place, numbers = self.rng.choice(self.recent)
            numbers = [x if self.rng.random() < 0.5 else self.number() for x in numbers]
        else:
            k = self.rng.randint(2, 5)
            people = [self.names[min(int(np.searchsorted(self.name_cdf, self.rng.random())),
                                     len(self.names) - 1)] for _ in range(k)]
            place = self.rng.choice(self.places).split()[0]
            numbers = [self.number() for _ in range(self.rng.randint(3, 8))]
        self.recent.append((people, place, numbers))
        if len(self.recent) > 1000:
            del self.recent[:500]
        extras = [p for p in people for _ in range(self.rng.randint(1, 3))]
        extras += [place] * 2 + numbers
        for e in extras:
            words.insert(self.rng.randrange(len(words) + 1), e)
        sents, i = [], 0
        while i < len(words):
            j = i + self.rng.randint(8, 25)
            sents.append(words[i:j])
            i = j
        paras, i = [], 0
        while i < len(sents):
            j = i + self.rng.randint(1, 3)
            paras.append(sents[i:j])
            i = j
        head = " ".join(sents[0][:8]).capitalize()
        return head, paras


def render(head: str, paras) -> str:
    out = [head, ""]
    for p in paras:
        out.append(" ".join(" ".join(s)[0].upper() + " ".join(s)[1:] + "." for s in p))
        out.append("")
    return "\n".join(out)


def is_name(w: str) -> bool:
    return w[:1].isupper()


def is_num(w: str) -> bool:
    return w[:1].isdigit()


def misspell(rng, w):
    i = rng.randrange(1, len(w))
    return w[:i] + rng.choice("aeiou") + w[i + 1:]


FLAVOURS = ("reworded", "other language", "excerpt")


def perturb(gen: Generator, head, paras, flavour: str) -> str:
    rng = gen.rng
    foreign = flavour == "other language"
    sents = [list(s) for p in paras for s in p]
    if flavour == "reworded":
        sents = [s for s in sents if rng.random() > 0.2] or sents[:1]
    elif flavour == "excerpt":  # three sentences from somewhere in the story
        i = rng.randrange(max(1, len(sents) - 2))
        sents = sents[i:i + 3]
    # reorder: swap a few neighbouring sentences
    for _ in range(max(1, len(sents) // 4)):
        i = rng.randrange(len(sents))
        j = min(len(sents) - 1, i + 1)
        sents[i], sents[j] = sents[j], sents[i]
    names = [(a, b) for a, s in enumerate(sents) for b, w in enumerate(s) if is_name(w)]
    nums = [(a, b) for a, s in enumerate(sents) for b, w in enumerate(s) if is_num(w)]
    if names:
        a, b = rng.choice(names)
        sents[a][b] = misspell(rng, sents[a][b])
    if nums and not foreign:
        a, b = rng.choice(nums)
        sents[a][b] = str(rng.randint(100, 999))
    out = []
    for s in sents:
        t = []
        for w in s:
            if is_name(w) or is_num(w):
                t.append(w)
            elif foreign:
                t.append("x" + "".join(rng.choice("aeiouptkmnsl") for _ in range(len(w) + 1)))
            elif rng.random() < 0.4:
                t.append(gen.sample_words(1)[0])
            else:
                t.append(w)
        out.append(t)
    return "\n\n".join(" ".join(s) + "." for s in out)


def write_folder(gen: Generator, root: Path, n: int, nq: int):
    """Write n stories; return [(path, query text, flavour)] for nq sampled stories."""
    qrng = random.Random(7)
    pick = set(qrng.sample(range(n), min(nq, n)))
    queries = []
    for i in range(n):
        d = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            d.mkdir(parents=True, exist_ok=True)
        head, paras = gen.story()
        p = d / f"story-{i:06d}.txt"
        p.write_text(render(head, paras), encoding="utf-8")
        if i in pick:
            flavour = FLAVOURS[len(queries) % len(FLAVOURS)]
            queries.append((str(p), perturb(gen, head, paras, flavour), flavour))
    return queries


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="stories (default 100000)")
    ap.add_argument("--queries", type=int, default=50, help="queries (each flavour in turn)")
    ap.add_argument("--keep", help="generate into this folder and keep it (with the "
                    "index and queries.json)")
    ap.add_argument("--backend", default="auto", choices=["auto", "fts5", "table"])
    args = ap.parse_args(argv)

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mtqa-bench-cand-"))
    folder = tmp / "wire"
    try:
        gen = Generator()
        t = time.perf_counter()
        queries = write_folder(gen, folder, args.n, args.queries)
        if args.keep:
            (tmp / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
        gen_s = time.perf_counter() - t
        raw = sum(f.stat().st_size for f in folder.rglob("*.txt"))
        print(f"stories:        {args.n:,} ({raw / 1e6:.1f} MB of text; "
              f"generated in {gen_s:.1f} s)")
        mem0 = peak_mb()

        index = str(tmp / "index.sqlite")
        t = time.perf_counter()
        idx = CandidateIndex.open(str(folder), index, backend=args.backend)
        build = time.perf_counter() - t
        st = idx.stats
        print(f"backend:        {st['backend']}")
        print(f"build:          {build:.1f} s ({build / args.n * 1e6:.0f} us a story)")
        print(f"index size:     {st['index_bytes']:,} bytes ({st['index_bytes'] / args.n:.0f} "
              f"bytes a story; {st['index_bytes'] / raw:.2f}x the text)")
        print(f"peak memory:    {peak_mb():.0f} MB (after generating: {mem0:.0f} MB)")
        idx.close()

        t = time.perf_counter()
        idx = CandidateIndex.open(str(folder), index, backend=args.backend)
        reopen = time.perf_counter() - t
        s = idx.stats
        assert s["added"] == s["updated"] == s["removed"] == 0, s
        print(f"re-open:        {reopen * 1000:.0f} ms (no change)")
        idx.close()

        # a small change: 10 added, 10 modified, 10 removed
        files = sorted((folder / "0000").glob("*.txt"))
        for f in files[:10]:
            f.unlink()
        for f in files[10:20]:
            f.write_text(render(*gen.story()), encoding="utf-8")
        for i in range(10):
            (folder / "0000" / f"new-{i}.txt").write_text(render(*gen.story()), encoding="utf-8")
        t = time.perf_counter()
        idx = CandidateIndex.open(str(folder), index, backend=args.backend)
        upd = time.perf_counter() - t
        s = idx.stats
        print(f"update:         {upd * 1000:.0f} ms (added {s['added']}, updated {s['updated']}, "
              f"removed {s['removed']})")

        queries = [q for q in queries if os.path.exists(q[0])]
        times, right = [], {}
        for path, text, flavour in queries:
            t = time.perf_counter()
            hits = idx.query(text, k=3)
            times.append(time.perf_counter() - t)
            ok = bool(hits) and hits[0].path == path
            right.setdefault(flavour, []).append(ok)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"query:          median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {p95 * 1000:.1f} ms ({len(times)} queries)")
        for flavour, oks in sorted(right.items()):
            print(f"top-1 accuracy: {sum(oks)}/{len(oks)} {flavour}")
        idx.close()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
