#!/usr/bin/env python3
"""Benchmarks for mtqa.align: bulk chrF against sacrebleu, and large synthetic alignments.

    python scripts/bench_align.py                 # everything, default sizes
    python scripts/bench_align.py --n 4000        # sentences per side of the synthetic pairs
    python scripts/bench_align.py --only chrf     # chrf | same | cross

chrF: one `sacrebleu.sentence_chrf` call per pair against `chrf.chrf_matrix` on the same
pairs (and the largest difference between the two).
Alignment: a synthetic document pair of --n sentences per side (same language: a rewritten
copy with moved paragraphs, dropped/added/split/merged sentences; cross-language: a
pseudo-translation through a random word mapping with noisy lengths, numbers and names
kept), aligned once to warm up and then timed; peak memory of the timed run from
tracemalloc (numpy's buffers are traced; measured in a separate run because tracing slows
numpy code down) and the process's max RSS; accuracy against the generator's own links.
Times are the best of --repeat runs: this machine is shared, single runs vary a lot.

    python scripts/bench_align.py --scale     # 2,500 .. 20,000 sentences a side

Scale: each size in a fresh process (peak memory is the process's max RSS, interpreter and
numpy included), CPU seconds of align() and the growth exponent between sizes
(log(t2 / t1) / log(n2 / n1): 1 is linear).
"""

from __future__ import annotations

import argparse
import math
import os
import pathlib
import random
import resource
import subprocess
import sys
import time
import tracemalloc

# Small matrix products only: OpenBLAS's worker threads cost more than they give, and on a
# busy machine their spinning makes timings erratic. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.align import align  # noqa: E402
from mtqa.align.chrf import chrf_matrix  # noqa: E402

SYLL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ra", "po", "li", "an", "er",
        "ost", "ung", "ie", "ch", "ber", "gen", "ste", "mor", "tal", "wen", "zu"]


def make_vocab(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLL) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def zipf_word(rng: random.Random, vocab: list[str]) -> str:
    # rank ~ 1/r: a few very frequent words, a long tail
    r = int(len(vocab) ** rng.random()) - 1
    return vocab[min(r, len(vocab) - 1)]


def make_sentence(rng: random.Random, vocab: list[str], names: list[str]) -> list[str]:
    n = max(3, int(rng.gauss(18, 8)))
    out = [zipf_word(rng, vocab) for _ in range(n)]
    if rng.random() < 0.3:
        out[rng.randrange(n)] = rng.choice(names)
    if rng.random() < 0.3:
        out[rng.randrange(n)] = str(rng.randint(2, 2030))
    out[0] = out[0].capitalize()
    return out


def synthetic(n: int, cross: bool, seed: int = 1):
    """(src, tgt, gold links) with gold as a set of (src tuple, tgt tuple)."""
    rng = random.Random(seed)
    vocab = make_vocab(rng, 6000)
    names = [w.capitalize() + rng.choice(["ov", "sky", "ini", "sen"]) for w in vocab[:300]]
    src_words = [make_sentence(rng, vocab, names) for _ in range(n)]
    src = [" ".join(w) + "." for w in src_words]
    if cross:
        other = make_vocab(random.Random(seed + 7), 7000)
        rng.shuffle(other)
        mapping = dict(zip(vocab, other))

        def render(words: list[str]) -> str:
            out = []
            for w in words:
                lw = w.lower()
                if w.isdigit() or w in names:
                    out.append(w)
                elif lw in mapping:
                    t = mapping[lw]
                    out.append(t.capitalize() if w[0].isupper() else t)
                    if rng.random() < 0.1:
                        out.append(zipf_word(rng, other))  # an extra word
                # else: dropped
            if len(out) > 4 and rng.random() < 0.5:  # local reordering
                k = rng.randrange(len(out) - 1)
                out[k], out[k + 1] = out[k + 1], out[k]
            return " ".join(out) + "."
    else:
        def render(words: list[str]) -> str:
            out = [w if rng.random() > 0.25 else zipf_word(rng, vocab) for w in words]
            return " ".join(out) + "."

    tgt: list[str] = []
    gold = set()
    # paragraphs of 5 sentences; cross-language keeps the order, same language moves some
    paras = [list(range(i, min(i + 5, n))) for i in range(0, n, 5)]
    if not cross:
        for k in range(0, len(paras) - 1, 40):  # swap a pair of paragraphs every 40
            paras[k], paras[k + 1] = paras[k + 1], paras[k]
    for para in paras:
        i = 0
        while i < len(para):
            s = para[i]
            r = rng.random()
            if r < 0.03:  # dropped
                gold.add(((s,), ()))
                i += 1
            elif r < 0.06 and i + 1 < len(para):  # two merged into one
                gold.add(((s, para[i + 1]), (len(tgt),)))
                tgt.append(render(src_words[s] + src_words[para[i + 1]]))
                i += 2
            elif r < 0.09 and len(src_words[s]) >= 8:  # split in two
                h = len(src_words[s]) // 2
                gold.add(((s,), (len(tgt), len(tgt) + 1)))
                tgt.append(render(src_words[s][:h]))
                tgt.append(render(src_words[s][h:]))
                i += 1
            else:
                gold.add(((s,), (len(tgt),)))
                tgt.append(render(src_words[s]))
                i += 1
            if rng.random() < 0.02:  # added
                gold.add(((), (len(tgt),)))
                tgt.append(render(make_sentence(rng, vocab, names)))
    return src, tgt, gold


def bench_chrf(k: int) -> None:
    from sacrebleu.metrics import CHRF

    src, tgt, _ = synthetic(k, cross=False, seed=3)
    hyps, refs = tgt[:k], src[:k]
    metric = CHRF()
    t0 = time.perf_counter()
    ref = [[metric.sentence_score(h, [r]).score for r in refs] for h in hyps]
    t_sb = time.perf_counter() - t0  # one run: it takes seconds
    chrf_matrix(hyps[:10], refs[:10])  # warm up
    t_np = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        mat = chrf_matrix(hyps, refs)
        t_np = min(t_np, time.perf_counter() - t0)
    diff = max(abs(mat[i][j] - ref[i][j]) for i in range(len(hyps)) for j in range(len(refs)))
    pairs = len(hyps) * len(refs)
    print(f"chrF {len(hyps)}x{len(refs)} = {pairs} pairs: sacrebleu {t_sb:.2f} s "
          f"({1e3 * t_sb / pairs:.3f} ms/pair), bulk {t_np:.3f} s "
          f"({1e3 * t_np / pairs:.4f} ms/pair, best of 5): {t_sb / t_np:.0f}x faster, "
          f"max |diff| {diff:.1e}")


def bench_align(n: int, cross: bool, repeat: int = 3) -> None:
    src, tgt, gold = synthetic(n, cross)
    sl, tl = ("de", "en") if cross else ("en", "en")
    align(src[:200], tgt[:200], sl, tl)  # warm up imports and caches
    times, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        al = align(src, tgt, sl, tl)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    secs = min(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # memory in a separate run: tracing allocations slows numpy code down a lot
    tracemalloc.start()
    align(src, tgt, sl, tl)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pred = {(lk.src, lk.tgt) for lk in al.links}
    hits = len(pred & gold)
    gold_pairs = {g for g in gold if g[0] and g[1]}
    rec = len(pred & gold_pairs) / len(gold_pairs)
    print(f"align {'cross' if cross else 'same '} {len(src)}x{len(tgt)} ({al.method}): "
          f"{secs:.2f} s wall (best of {repeat}; all: {', '.join(f'{t:.2f}' for t in times)}), "
          f"{min(cpus):.2f} s CPU, peak traced {peak / 2**20:.0f} MiB, max RSS {rss:.0f} MiB, "
          f"strict P {hits / len(pred):.3f} R {rec:.3f}, info {al.info}")


def scale_one(n: int, cross: bool) -> None:
    """One line for --scale: n, CPU seconds of align(), max RSS in MiB, links."""
    src, tgt, _ = synthetic(n, cross)
    sl, tl = ("de", "en") if cross else ("en", "en")
    c0 = time.process_time()
    al = align(src, tgt, sl, tl)
    secs = time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(n, f"{secs:.3f}", f"{rss:.0f}", len(al.links))


def bench_scale(sizes: list[int]) -> None:
    for mode in ("same", "cross"):
        prev = None
        for n in sizes:
            out = subprocess.run([sys.executable, __file__, "--scale-one", str(n), "--mode", mode],
                                 check=True, capture_output=True, text=True).stdout.split()
            secs, rss = float(out[1]), float(out[2])
            grow = f"exponent {math.log(secs / prev[1]) / math.log(n / prev[0]):.2f}" \
                if prev else ""
            print(f"align {mode:5} {n:6d} x {n:<6d} {secs:7.2f} s CPU  peak RSS {rss:5.0f} MiB  "
                  f"{grow}", flush=True)
            prev = (n, secs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=4000, help="sentences per side (alignment)")
    ap.add_argument("--chrf-n", type=int, default=120, help="sentences per side (chrF)")
    ap.add_argument("--only", choices=["chrf", "same", "cross"])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per alignment")
    ap.add_argument("--scale", action="store_true",
                    help="time and peak memory at 2,500, 5,000, 10,000 and 20,000 sentences")
    ap.add_argument("--sizes", default="2500,5000,10000,20000", help="sizes for --scale")
    ap.add_argument("--scale-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--mode", choices=["same", "cross"], default="same", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.scale_one:
        scale_one(args.scale_one, args.mode == "cross")
        return 0
    if args.scale:
        bench_scale([int(x) for x in args.sizes.split(",")])
        return 0
    if args.only in (None, "chrf"):
        bench_chrf(args.chrf_n)
    if args.only in (None, "same"):
        bench_align(args.n, cross=False, repeat=args.repeat)
    if args.only in (None, "cross"):
        bench_align(args.n, cross=True, repeat=args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
