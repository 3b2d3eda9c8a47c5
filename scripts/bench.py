#!/usr/bin/env python3
"""Benchmark mtqa as a user runs it: whole processes, medians over several runs.

Prints: the wall time of `mtqa check` on one ~600-word article, with and without its
German original as --source, and of proselint on the same article as a reference (ratio
mtqa/proselint), batch throughput in words per
second over a few hundred articles checked in one process, and `mtqa audit` over 1,000
generated stories with --jobs 1 and --jobs 2 (each run into a fresh output folder, so
nothing comes from the cache). Reference runs happen in the same invocation, so the
ratios are comparable across machines.

    python scripts/bench.py [--runs 7] [--articles 300] [--audit-stories 1000] [--audit-only]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"


# As an installed tool runs: with its bytecode cached (pip compiles it at install time; a
# PYTHONDONTWRITEBYTECODE left in the environment would make every run recompile mtqa).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _body(path: Path) -> list[str]:
    """A sample's paragraphs without its headline."""
    return [line for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]


def article_600() -> str:
    """A ~600-word article from the bundled English samples (in a fixed order)."""
    return pair_600()[1]


def pair_600() -> tuple[str, str]:
    """The ~600-word article and its German original: each sample *.en.txt is a translation
    of the *.de.txt beside it, so the samples in the same order make a translation pair."""
    en = [p for p in sorted(SAMPLES.glob("*.en.txt")) if p.with_name(p.name.replace(".en.", ".de.")).exists()]
    src, out, n = ["Regierungschefs beraten über Sicherheit und Handel"], \
        ["Leaders Meet To Discuss Security And Trade"], 0
    i = 0
    while n < 600:
        p = en[i % len(en)]
        out += _body(p)
        de = p.with_name(p.name.replace(".en.", ".de."))
        src += _body(de) if de.exists() else []
        n += sum(len(x.split()) for x in _body(p))
        i += 1
    return "\n".join(src) + "\n", "\n".join(out) + "\n"


def make_batch(folder: Path, count: int) -> int:
    """count articles of 150-600 words, shuffled from the samples' paragraphs; returns words."""
    rng = random.Random(7)
    paras = []
    for p in sorted(SAMPLES.glob("*.txt")):
        paras += [line for line in p.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    words = 0
    for k in range(count):
        body = rng.sample(paras, k=min(len(paras), rng.randint(3, 8)))
        text = f"Headline Of Story Number {k}\n" + "\n".join(body) + "\n"
        words += len(text.split())
        (folder / f"story-{k:04d}.txt").write_text(text, encoding="utf-8")
    return words


def timed_audit(mtqa: list[str], folder: Path, tmp: Path, jobs: tuple[int, ...], runs: int) -> dict:
    """Wall times of `mtqa audit` per --jobs value; runs interleaved, a fresh -o each."""
    times: dict[int, list[float]] = {j: [] for j in jobs}
    for k in range(runs):
        for j in jobs:
            out = tmp / f"audit-out-{j}-{k}"
            t = time.perf_counter()
            subprocess.run(mtqa + ["audit", str(folder), "-o", str(out), "--jobs", str(j),
                                   "--fail-on", "never"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[j].append(time.perf_counter() - t)
            shutil.rmtree(out, ignore_errors=True)
    return times


def bench_audit(mtqa: list[str], tmp: Path, stories: int, runs: int) -> None:
    folder = tmp / "audit-batch"
    folder.mkdir()
    words = make_batch(folder, stories)
    t = timed_audit(mtqa, folder, tmp, (1, 2), runs)
    med = {j: statistics.median(v) for j, v in t.items()}
    best = {j: min(v) for j, v in t.items()}  # least disturbed by other load on the machine
    print(f"audit: {stories} stories, {words} words, {runs} runs: --jobs 1 median {med[1]:.2f} s "
          f"(best {best[1]:.2f}), --jobs 2 median {med[2]:.2f} s (best {best[2]:.2f}); "
          f"speed-up {med[1] / med[2]:.2f}x median, {best[1] / best[2]:.2f}x best "
          f"(goal >= 1.6 on 2 cores)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--audit-stories", type=int, default=1000)
    ap.add_argument("--audit-only", action="store_true", help="Only the audit --jobs timing.")
    args = ap.parse_args()
    mtqa = [sys.executable, "-m", "mtqa"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.audit_only:
            bench_audit(mtqa, tmp, args.audit_stories, 5)
            print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}")
            return
        art = tmp / "article.txt"
        art.write_text(article_600(), encoding="utf-8")
        nwords = len(art.read_text().split())
        t_mtqa = timed(mtqa + ["check", str(art), "--fail-on", "never"], args.runs)
        print(f"mtqa check, one article ({nwords} words): median {t_mtqa:.3f} s over {args.runs} runs")
        src = tmp / "source.de.txt"
        src.write_text(pair_600()[0], encoding="utf-8")
        t_src = timed(mtqa + ["check", str(art), "--source", str(src), "--fail-on", "never"], args.runs)
        print(f"mtqa check --source (its German original): median {t_src:.3f} s  "
              f"(ratio to check alone {t_src / t_mtqa:.2f}; goal <= 1.5)")
        proselint = shutil.which("proselint") or (
            str(Path(sys.executable).parent / "proselint")
            if (Path(sys.executable).parent / "proselint").exists() else None)
        if proselint:
            # proselint >= 0.14 takes a subcommand; older releases take the file directly.
            probe = subprocess.run([proselint, "check", str(art)], capture_output=True)
            cmd = [proselint, "check", str(art)] if probe.returncode != 2 else [proselint, str(art)]
            t_ref = timed(cmd, args.runs)
            print(f"proselint, same article:             median {t_ref:.3f} s  "
                  f"(ratio mtqa/proselint {t_mtqa / t_ref:.2f}; goal <= 2.0)")
        else:
            print("proselint not installed (pip install -e '.[bench]'): no reference run")
        batch = tmp / "batch"
        batch.mkdir()
        words = make_batch(batch, args.articles)
        files = sorted(str(p) for p in batch.iterdir())
        t_batch = timed(mtqa + ["check", "--fail-on", "never", "--format", "json", *files], 3)
        t_empty = t_mtqa  # start-up and data load, paid once per process
        print(f"batch: {args.articles} articles, {words} words in one process: median {t_batch:.2f} s "
              f"= {words / t_batch:,.0f} words/s (goal >= 50,000 words/s per core); "
              f"excluding start-up: {words / max(t_batch - t_empty, 1e-9):,.0f} words/s")
        bench_audit(mtqa, tmp, args.audit_stories, 5)
        print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
