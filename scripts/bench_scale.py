#!/usr/bin/env python3
"""How `mtqa check` scales with the size of one input: wall time and peak memory.

For each input shape and size, one whole `mtqa check` process (a fresh one each time, so
its peak resident memory is its own) reads a generated text file and writes its JSON report
to a temporary file. Shapes:

    articles    news stories (tests/data/stories/en-*.txt, corpora/samples) concatenated
    longline    one line of words without any punctuation
    shortlines  one word per line

Prints a table of seconds, peak MB and words per second, then the growth exponent
log(t_big / t_1MB) / log(big / 1MB) per shape, where big is the largest size run: 1.0 is
linear time (the goal is <= 1.1).

    python scripts/bench_scale.py                  # 0.1, 1, 10 and 50 MB
    python scripts/bench_scale.py --sizes 0.1,1,10 # choose sizes (MB)
    python scripts/bench_scale.py --quick          # 0.1 and 1 MB, a quick look
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted((ROOT / "tests" / "data" / "stories").glob("en-*.txt")) + \
    sorted((ROOT / "corpora" / "samples").glob("*.txt"))
SHAPES = ("articles", "longline", "shortlines")
MB = 1_000_000
# Installed tools run with cached bytecode; and the inputs here are above the default limit.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _words() -> list[str]:
    """The stories' words without punctuation, in order."""
    text = " ".join(p.read_text(encoding="utf-8") for p in STORIES)
    return ["".join(c for c in w if c.isalnum()) for w in text.split()]


def make(shape: str, size: int) -> str:
    """About size bytes of text of one shape (ASCII-heavy, so chars ~ bytes)."""
    if shape == "articles":
        return _repeat("".join(p.read_text(encoding="utf-8").strip() + "\n\n" for p in STORIES), size)
    words = [w for w in _words() if w]
    if shape == "longline":
        return _repeat(" ".join(words) + " ", size).rstrip() + "\n"
    if shape == "shortlines":
        return _repeat("\n".join(words) + "\n", size)
    raise ValueError(shape)


def run_check(path: Path, out: Path, timeout: float) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one `mtqa check` process."""
    cmd = [sys.executable, "-m", "mtqa", "check", str(path), "--format", "json", "-o", str(out),
           "--fail-on", "never"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    deadline = t + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return float("inf"), usage.ru_maxrss / 1024, -9
        time.sleep(0.05)
    secs = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"  ! exit {proc.returncode}: {err.splitlines()[-1] if err else ''}", file=sys.stderr)
    return secs, usage.ru_maxrss / 1024, proc.returncode  # ru_maxrss is in KiB on Linux


def exponent(t_small: float, t_big: float, ratio: float) -> float:
    return math.log(t_big / t_small) / math.log(ratio)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0.1,1,10,50", help="input sizes in MB, comma-separated")
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"some of {', '.join(SHAPES)}")
    ap.add_argument("--quick", action="store_true", help="sizes 0.1 and 1 MB only")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per run")
    args = ap.parse_args()
    sizes = [0.1, 1.0] if args.quick else sorted(float(s) for s in args.sizes.split(","))
    shapes = [s for s in args.shapes.split(",") if s]
    for s in shapes:
        if s not in SHAPES:
            ap.error(f"unknown shape '{s}' (valid: {', '.join(SHAPES)})")
    ENV["MTQA_MAX_INPUT_MB"] = str(max(64, int(2 * max(sizes)) + 1))  # let the largest through
    times: dict[tuple[str, float], float] = {}
    print(f"{'shape':<11} {'MB':>6} {'words':>10} {'seconds':>9} {'peak MB':>8} {'words/s':>9} exit")
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        warm = tmpd / "warm.txt"
        warm.write_text(make("articles", 3000), encoding="utf-8")
        run_check(warm, tmpd / "warm.json", args.timeout)  # fill the caches (not timed)
        for shape in shapes:
            for mb in sizes:
                text = make(shape, int(mb * MB))
                path = tmpd / f"{shape}-{mb:g}MB.txt"
                path.write_text(text, encoding="utf-8")
                words = len(text.split())
                del text
                secs, peak, code = run_check(path, tmpd / "report.json", args.timeout)
                path.unlink()
                times[(shape, mb)] = secs
                print(f"{shape:<11} {mb:>6g} {words:>10} {secs:>9.2f} {peak:>8.0f} "
                      f"{words / secs:>9.0f} {code}", flush=True)
    big = max(sizes)
    if 1.0 in sizes and big > 1.0:
        print(f"\ngrowth exponent log(t{big:g}/t1)/log({big:g}) (1.0 = linear; goal <= 1.1):")
        for shape in shapes:
            t1, tb = times[(shape, 1.0)], times[(shape, big)]
            ok = math.isfinite(t1) and math.isfinite(tb)
            print(f"  {shape:<11} {exponent(t1, tb, big):.2f}" if ok else f"  {shape:<11} (timed out)")
    print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
