#!/usr/bin/env python3
"""Benchmark mtqa as a user runs it: whole processes, medians over several runs.

Prints, each beside its goal (issue 15):
- check: wall time of `mtqa check` on one ~600-word article, with and without its German
  original as --source, and of proselint on the same article (ratio mtqa/proselint);
- warm: one check of the article in a process that has checked it before (Engine.analyse
  and the text renderer), median of --warm-runs;
- memory: peak RSS of one `mtqa check` process;
- batch: throughput in words per second of `mtqa check` over a few hundred articles in one
  process, and of `mtqa audit` over --audit-stories generated stories with --jobs 1 and
  --jobs 2 (a fresh output folder each run, so nothing comes from its cache), per core;
- align: scripts/bench_align.py on a 4,000 x 4,000-sentence pair (same language and
  cross-language), and scripts/eval_align.py's time on Text+Berg's test documents beside
  hunalign's (when the evaluation data is there);
- serve: p50/p99 of `mtqa serve` for the article (scripts/bench_serve.py), when the
  server's extra is installed.
Reference runs happen in the same invocation, so the ratios are comparable across
machines. The data cache is warm (as after the first run on a user's machine): a run
before the timed ones fills it.

    python scripts/bench.py [--runs 7] [--articles 300] [--audit-stories 1000]
                            [--only check,warm,memory,batch,audit,align,serve]
    python scripts/bench.py --profile     # where one check's time goes, phase by phase

--profile: in a fresh process, the first (cold: imports, data loads, regex compiles) and
the warm (median of --warm-runs) time of each phase of one check of the article: import,
rule packs, reading, segmentation, language identification, annotation, each check,
scoring, rendering; and the whole process beside `python -c pass`.
"""

from __future__ import annotations

import argparse
import json
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
    """count articles of 150-600 words, each shuffled from the paragraphs of the samples in
    one language (an archive of a wire's English, German, French and Indonesian stories;
    a story is in one language, as a real one is); returns the words."""
    rng = random.Random(7)
    by_lang: dict[str, list[str]] = {}
    heads: dict[str, list[str]] = {}
    for p in sorted(SAMPLES.glob("*.txt")):
        by_lang.setdefault(p.suffixes[-2], []).extend(_body(p))
        heads.setdefault(p.suffixes[-2], []).append(p.read_text(encoding="utf-8").splitlines()[0])
    langs = sorted(by_lang)
    weights = [len(by_lang[x]) for x in langs]
    words = 0
    for k in range(count):
        lang = rng.choices(langs, weights)[0]
        body = rng.sample(by_lang[lang], k=min(len(by_lang[lang]), rng.randint(3, 8)))
        text = rng.choice(heads[lang]) + "\n" + "\n".join(body) + "\n"
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
                           stderr=subprocess.DEVNULL, env=ENV)
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
    print(f"audit throughput per core: --jobs 1 {words / med[1]:,.0f} words/s, --jobs 2 "
          f"{words / med[2] / 2:,.0f} words/s per core (goal >= 100,000)")


# -- in-process timing, in a child process ------------------------------------------------
def _child(mode: str, article: str, runs: int) -> None:
    """Runs in a fresh process: --profile's phase table or the warm check time, as JSON."""
    t_start = time.perf_counter()
    import mtqa.cli  # noqa: F401  (what the command imports before anything else)
    from mtqa import checks, source_lang
    from mtqa.annotate import annotate
    from mtqa.checks.context import Context
    from mtqa.document import Document
    from mtqa.pipeline import Engine, Options, _scores
    from mtqa.readers import read_input
    from mtqa.render import render
    from mtqa.scoring import model as scoring

    phases: dict[str, list[float]] = {}

    def timed(name: str, fn, *a, **kw):
        t = time.perf_counter()
        out = fn(*a, **kw)
        phases.setdefault(name, []).append((time.perf_counter() - t) * 1000)
        return out

    phases["import"] = [(time.perf_counter() - t_start) * 1000]
    engine = timed("rule packs (Engine)", Engine, Options(fail_on="never"))
    warm: list[float] = []
    for k in range(runs + 1):
        t0 = time.perf_counter()
        src = timed("read", read_input, article)
        timed("segmentation (tokens, sentences)", Document.build, src.text, src.path, "en")
        doc = timed("segmentation + language id", Document.build, src.text, src.path)
        timed("annotation", annotate, doc)
        calques, _ = source_lang.calque_langs("", "", doc)
        ctx = Context(engine.packs, calques, engine.options.selection)
        for name in checks.MODULES:
            timed(f"check.{name}", _run_module, checks._module(name), doc, ctx)
        found = timed("checks (run_checks, all modules)", checks.run_checks, doc, ctx).findings
        a = timed("scoring (fluency, model)", scoring.analyse, doc, found, per_sentence=False)
        timed("scoring (estimate)", _scores, doc, a, None, None, per_sentence=False)
        if mode == "warm" and k:
            t = time.perf_counter()
            report = engine.report([engine.analyse(src)])
            render("text", report)
            warm.append((time.perf_counter() - t) * 1000)
        else:
            report = engine.report([engine.analyse(src)])
            timed("render (text)", render, "text", report)
        if k == 0:
            phases["first check, in all"] = [(time.perf_counter() - t0) * 1000]
            # As audit's and serve's check processes do after their warm-up (older versions
            # of mtqa have no tune_gc: their processes kept the collector's defaults).
            from mtqa import resources
            getattr(resources, "tune_gc", lambda freeze: None)(freeze=True)
    if mode == "warm":
        print(json.dumps({"median_ms": statistics.median(warm), "runs": len(warm)}))
        return
    print(json.dumps({k: {"cold": v[0], "warm": statistics.median(v[1:]) if len(v) > 1 else None}
                      for k, v in phases.items()}))


def _run_module(mod, doc, ctx) -> list:
    return list(mod.run(doc, ctx))


def in_child(mode: str, article: Path, runs: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(article), "--warm-runs", str(runs)],
                         capture_output=True, text=True, env=ENV, check=True)
    return json.loads(out.stdout)


def print_profile(article: Path, runs: int) -> None:
    prof = in_child("profile", article, runs)
    t_py = timed([sys.executable, "-c", "pass"], runs)
    t_all = timed([sys.executable, "-m", "mtqa", "check", str(article), "--fail-on", "never"], runs)
    print(f"profile of one check of the article ({len(article.read_text().split())} words), ms:")
    print(f"  {'phase':40} {'cold':>8} {'warm':>8}")
    for k, v in prof.items():
        warm = "" if v["warm"] is None else f"{v['warm']:8.2f}"
        print(f"  {k:40} {v['cold']:8.1f} {warm:>8}")
    print("  (segmentation + language id includes segmentation; 'checks' is all check.* again)")
    print(f"whole process: mtqa check {t_all * 1000:.0f} ms, of which Python's own start "
          f"(python -c pass) {t_py * 1000:.0f} ms; medians of {runs}")


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory of one process running cmd (its own rusage, not its parent's)."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(p.pid, 0)
    p.returncode = 0
    return usage.ru_maxrss / 1024  # kB on Linux


# -- other benchmarks this one runs as they are --------------------------------------------
def run_script(args: list[str], keep) -> None:
    """Run another bench or eval script; print the lines keep() selects (all on failure)."""
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=ENV)
    lines = out.stdout.splitlines()
    shown = [ln for ln in lines if keep(ln)] if out.returncode == 0 else lines + out.stderr.splitlines()[-3:]
    for ln in shown:
        print("  " + ln)


HUNALIGN_TEXTBERG_S = 0.12  # hunalign on the same 7 documents (issue 15; not packaged here)


def bench_align_section() -> None:
    print("align, 4,000 x 4,000 sentences (goal <= 1 s):")
    for mode in ("same", "cross"):
        run_script([str(ROOT / "scripts" / "bench_align.py"), "--n", "4000", "--only", mode],
                   lambda ln: ln.startswith("align "))
    data = ROOT.parent / "shared" / "eval" / "align"
    if not data.is_dir():
        print("  eval_align: no evaluation data here (../shared/eval/align)")
        return
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_align.py"), "--json"],
                         capture_output=True, text=True, env=ENV)
    try:
        rows = json.loads(out.stdout)
    except ValueError:
        print("  eval_align failed: " + (out.stderr.strip().splitlines() or ["?"])[-1])
        return
    for row in rows:
        print(f"  eval_align {row['dataset']}: {row['seconds']:.2f} s in align(), F1 {row['F1']:.3f}"
              + (f"; hunalign {HUNALIGN_TEXTBERG_S} s, ratio {row['seconds'] / HUNALIGN_TEXTBERG_S:.1f} "
                 f"(goal <= 2)" if row['dataset'].startswith("textberg-de-fr") else ""))


def bench_serve_section(tmp: Path) -> None:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print("serve: not measured (pip install -e '.[serve]')")
        return
    figures = tmp / "serve.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_serve.py"), "--clients", "1,2",
                    "--requests", "100", "--json", str(figures)], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=ENV)
    if not figures.exists():
        print("serve: bench_serve.py failed (run it alone to see why)")
        return
    r = json.loads(figures.read_text())
    for p in r["phases"]:
        print(f"serve: {p['clients']} client(s), 2 workers: p50 {p['p50_ms']:.1f} ms, p99 "
              f"{p['p99_ms']:.1f} ms, errors {p['errors']} (issue 14's goal: p50 <= 30, p99 <= 120; "
              f"in-process check {r['in_process_ms']:.1f} ms)")


SECTIONS = ("check", "warm", "memory", "batch", "audit", "align", "serve")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warm-runs", type=int, default=30)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--audit-stories", type=int, default=1000)
    ap.add_argument("--only", default=",".join(SECTIONS), help="sections, comma-separated")
    ap.add_argument("--audit-only", action="store_true", help="Only the audit --jobs timing.")
    ap.add_argument("--profile", action="store_true", help="Where one check's time goes.")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.warm_runs)
        return
    only = {"audit"} if args.audit_only else set(args.only.split(","))
    if only - set(SECTIONS):
        ap.error(f"--only takes {', '.join(SECTIONS)}")
    mtqa = [sys.executable, "-m", "mtqa"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        art = tmp / "article.txt"
        art.write_text(article_600(), encoding="utf-8")
        nwords = len(art.read_text().split())
        check_cmd = mtqa + ["check", str(art), "--fail-on", "never"]
        if args.profile:
            print_profile(art, args.runs)
            return
        if "check" in only:
            bench_check(mtqa, check_cmd, art, tmp, nwords, args.runs)
        if "warm" in only:
            w = in_child("warm", art, args.warm_runs)
            print(f"warm check in one process ({nwords} words, analyse + text render): median "
                  f"{w['median_ms']:.1f} ms over {w['runs']} (goal <= 10 ms)")
        if "memory" in only:
            peaks = [peak_rss_mb(check_cmd) for _ in range(3)]
            print(f"peak memory of one mtqa check process: {statistics.median(peaks):.0f} MB "
                  f"(max RSS, median of 3; goal <= 150 MB)")
        if "batch" in only:
            bench_batch(mtqa, tmp, args.articles)
        if "audit" in only:
            bench_audit(mtqa, tmp, args.audit_stories, 5)
        if "align" in only:
            bench_align_section()
        if "serve" in only:
            bench_serve_section(tmp)
        print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}")


def bench_check(mtqa: list[str], check_cmd: list[str], art: Path, tmp: Path, nwords: int, runs: int) -> None:
    subprocess.run(check_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)  # fill the cache
    t_mtqa = timed(check_cmd, runs)
    print(f"mtqa check, one article ({nwords} words): median {t_mtqa:.3f} s over {runs} runs")
    src = tmp / "source.de.txt"
    src.write_text(pair_600()[0], encoding="utf-8")
    t_src = timed(mtqa + ["check", str(art), "--source", str(src), "--fail-on", "never"], runs)
    print(f"mtqa check --source (its German original): median {t_src:.3f} s  "
          f"(ratio to check alone {t_src / t_mtqa:.2f}; goal <= 1.5)")
    proselint = shutil.which("proselint") or (
        str(Path(sys.executable).parent / "proselint")
        if (Path(sys.executable).parent / "proselint").exists() else None)
    if proselint:
        # proselint >= 0.14 takes a subcommand; older releases take the file directly.
        probe = subprocess.run([proselint, "check", str(art)], capture_output=True)
        cmd = [proselint, "check", str(art)] if probe.returncode != 2 else [proselint, str(art)]
        t_ref = timed(cmd, runs)
        print(f"proselint, same article:             median {t_ref:.3f} s  "
              f"(ratio mtqa/proselint {t_mtqa / t_ref:.2f}; goal <= 1.0)")
    else:
        print("proselint not installed (pip install -e '.[bench]'): no reference run")


def bench_batch(mtqa: list[str], tmp: Path, articles: int) -> None:
    batch = tmp / "batch"
    batch.mkdir()
    words = make_batch(batch, articles)
    files = sorted(str(p) for p in batch.iterdir())
    t_batch = timed(mtqa + ["check", "--fail-on", "never", "--format", "json", *files], 3)
    t_one = timed(mtqa + ["check", "--fail-on", "never", files[0]], 3)  # start-up and data load
    print(f"batch: {articles} articles, {words} words in one process: median {t_batch:.2f} s "
          f"= {words / t_batch:,.0f} words/s; excluding start-up: "
          f"{words / max(t_batch - t_one, 1e-9):,.0f} words/s (goal >= 100,000 words/s per core)")


if __name__ == "__main__":
    main()
