#!/usr/bin/env python3
"""Throughput of `mtqa audit --scheduler local:N` on a generated archive, its scheduler
overhead per story, and a projection for 1,000,000 stories on 64 cores (issue 16).

The archive: --stories stories in one JSONL collection ({"id", "text", "lang", "date",
"provider"} a line), each a bundled sample's headline and a random subset of its paragraphs
in random order (sometimes with a few paragraphs of another sample in the same language):
real English, German, French and Indonesian copy, garbled and clean, dated over 24 months,
from 4 providers. Seeded: the same options write the same archive.

For each worker count in --workers (runs interleaved, a fresh output folder each):

    whole   `python -m mtqa audit ARCHIVE -o OUT --scheduler local:N` as a user runs it
    phases  mtqa.archive.run.run_archive in a child process whose phases are timed: setup
            (plan, signature), cluster start, the run (first submit to last result),
            cluster stop, aggregation + outputs; with each partition's compute seconds and
            worker pid, from the markers the workers return
    no-op   the same local cluster running --noop-tasks tasks that do nothing: the
            scheduler's own cost per task

Scheduler overhead per story: (a) from the run, (run wall x workers - sum of partition
compute seconds) / stories: everything a worker spent not checking (scheduling, transfer,
the idle tail while the last partition finishes); (b) the no-op cost per task / partition
size. The projection prints its formula and every term. Goal: >= 1.8x from 1 to 2 workers.
Each run also shows the cores its process tree had (CPU seconds / wall): on a shared
machine, a run that had fewer than its workers is flagged, as other load set its pace.

The issue's 100,000 stories would take some 35 minutes here (~200 stories/s per core, each
story checked four times: whole and timed, 1 and 2 workers): the default is what fits in
about 5-8 minutes on a 2-core machine, and the run says so.
The data cache is warm (as after a user's first run): mtqa's own cache, MTQA_CACHE_DIR.

    python scripts/bench_archive.py [--stories 15000] [--partition-size 200] [--workers 1,2]
                                    [--runs 1] [--noop-tasks 5000] [--keep DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
# As an installed tool runs: with its bytecode cached (see scripts/bench.py).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

ISSUE_STORIES = 100_000  # what issue 16 asks for, when the machine has the time
DEFAULT_STORIES = 15_000  # ~6 minutes for the whole default run on 2 cores (see the docstring)
PROVIDERS = ("provider-a", "provider-b", "provider-c", "provider-d")
FIRST_MONTH, MONTHS = datetime.date(2024, 1, 1), 24
GOAL_SPEEDUP = 1.8
PROJECT_STORIES, PROJECT_CORES = 1_000_000, 64


# -- the archive ------------------------------------------------------------------------------

def _samples() -> dict[str, list[tuple[str, list[str]]]]:
    """(headline, paragraphs) of each bundled sample, by language (the name's .xx. part)."""
    by_lang: dict[str, list[tuple[str, list[str]]]] = {}
    for p in sorted(SAMPLES.glob("*.txt")):
        head, *body = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
        by_lang.setdefault(p.suffixes[-2].lstrip("."), []).append((head, body))
    return by_lang


def story(rng: random.Random, number: int, by_lang: dict) -> dict:
    """One story record: a sample's headline, 2 to all of its paragraphs shuffled, and in a
    third of the stories 1-3 paragraphs of another sample in the same language (longer copy)."""
    lang = rng.choice(sorted(by_lang))
    head, body = rng.choice(by_lang[lang])
    paras = rng.sample(body, rng.randint(min(2, len(body)), len(body)))
    others = [b for h, b in by_lang[lang] if h != head]
    if others and rng.random() < 1 / 3:
        extra = rng.choice(others)
        paras += rng.sample(extra, min(len(extra), rng.randint(1, 3)))
    month = rng.randrange(MONTHS)
    date = datetime.date(FIRST_MONTH.year + month // 12, month % 12 + 1, rng.randint(1, 28))
    return {"id": f"story-{number:07d}", "text": head + "\n" + "\n".join(paras) + "\n", "lang": lang,
            "date": date.isoformat(), "provider": rng.choice(PROVIDERS)}


def write_archive(path: Path, count: int, seed: int) -> int:
    """count stories as a JSONL collection at path; returns their words (whitespace-separated)."""
    rng, by_lang, words = random.Random(seed), _samples(), 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(count):
            rec = story(rng, k + 1, by_lang)
            words += len(rec["text"].split())
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return words


# -- in a child process: one timed run_archive, or the no-op tasks ----------------------------

def _noop(x: int) -> int:
    return x


@contextlib.contextmanager
def _patched(module, name: str, replacement):
    real = getattr(module, name)
    setattr(module, name, replacement(real))
    try:
        yield
    finally:
        setattr(module, name, real)


def child_run(archive: str, out: str, workers: int, size: int) -> dict:
    """run_archive with its phases timed by wrapping the functions it calls (mtqa unchanged)."""
    from mtqa.archive import cluster, run
    from mtqa.batch.job import BatchConfig
    from mtqa.pipeline import Options

    at: dict[str, float] = {}
    markers: list[dict] = []
    errors: list[str] = []

    def plan(real):
        def timed(*a, **kw):
            t = time.perf_counter()
            parts = real(*a, **kw)
            at["plan"] = time.perf_counter() - t
            return parts
        return timed

    def connect(real):
        @contextlib.contextmanager
        def timed(*a, **kw):
            at["connect"] = time.perf_counter()
            with real(*a, **kw) as client:
                at["started"] = time.perf_counter()
                yield client
                at["stopping"] = time.perf_counter()
            at["stopped"] = time.perf_counter()
        return timed

    def submit(real):
        def timed(*a, **kw):
            at["first_submit"] = time.perf_counter()
            for p, marker, error in real(*a, **kw):
                if error:
                    errors.append(f"partition {p.number}: {error}")
                else:
                    markers.append(marker)
                yield p, marker, error
            at["last_result"] = time.perf_counter()
        return timed

    config = BatchConfig(out_dir=out, options=Options(fail_on="never"), use_cache=False)
    with _patched(run, "plan", plan), _patched(cluster, "connect", connect), _patched(run, "_submit", submit):
        t0 = time.perf_counter()
        result = run.run_archive([archive], config, f"local:{workers}", size)
        end = time.perf_counter()
    return {"workers": result.workers, "stories": result.stories, "parts": result.parts,
            "failed": errors, "checked_words": result.agg["totals"]["words"],
            "findings": result.agg["totals"]["findings"],
            "aggregation_cost": aggregation_cost(out, markers, result.agg["title"], result.agg["signature"]),
            "markers": [{k: m[k] for k in ("part", "stories", "seconds", "pid")} for m in markers],
            "phases": {"setup": at["connect"] - t0, "plan": at["plan"],
                       "cluster_start": at["started"] - at["connect"],
                       "run": at["last_result"] - at["first_submit"],
                       "cluster_stop": at["stopped"] - at["stopping"],
                       "aggregation_outputs": end - at["stopped"],
                       "total": end - t0}}


AGGREGATION_TIMES = 4  # the aggregation tail is timed again on the run's tables read this often


def aggregation_cost(out: str, markers: list[dict], title: str, sig: str) -> dict:
    """The aggregation tail (combine, write_outputs, the dashboard) timed again on the run's
    partitions listed once and AGGREGATION_TIMES times (a partition listed twice is read
    twice, as two would be; best of 2 each): its cost per story at this partition size, and
    its fixed part (the dashboard's charts cost the same for any number of stories)."""
    from mtqa.archive import aggregate
    from mtqa.archive.dashboard import render_dashboard

    markers = sorted(markers, key=lambda m: m["part"])
    parts = [m["part"] for m in markers]
    stories = sum(m["stories"] for m in markers)
    k = AGGREGATION_TIMES
    timed = []
    for times in (k, 1):  # the run's own listing last: its outputs are left as it wrote them
        best = float("inf")
        for _ in range(2):
            t = time.perf_counter()
            agg = aggregate.combine([m["agg"] for m in markers] * times, title, sig)
            aggregate.write_outputs(out, parts * times, agg)
            render_dashboard(agg)
            best = min(best, time.perf_counter() - t)
        timed.append(best)
    many, once = timed
    per_story = max((many - once) / ((k - 1) * stories), 0.0)
    return {"stories": stories, "seconds": once, "times": k, "seconds_times": many,
            "per_story": per_story, "fixed": max(once - per_story * stories, 0.0)}


def child_noop(workers: int, tasks: int) -> dict:
    """Per-task cost of the scheduler on mtqa's own local cluster layout, tasks doing nothing."""
    from distributed import as_completed

    from mtqa.archive import cluster

    t = time.perf_counter()
    with cluster.connect(f"local:{workers}") as client:
        start = time.perf_counter() - t
        client.gather(client.map(_noop, range(4 * workers), pure=False))  # function shipped, links open
        t = time.perf_counter()
        for fut in as_completed(client.map(_noop, range(tasks), pure=False)):
            fut.result()
        wall = time.perf_counter() - t
    return {"workers": workers, "tasks": tasks, "cluster_start": start, "seconds": wall,
            "per_task": wall / tasks}


def process_tree(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run cmd; its wall seconds and the CPU seconds of it and every process it waited for
    (the cluster's workers): CPU / wall shows the cores it had, which others' load takes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done, wall, cpu


def in_child(*args: str) -> dict:
    """One child-mode call of this script in a fresh process: its JSON answer, with the
    process tree's wall and CPU seconds."""
    done, wall, cpu = process_tree([sys.executable, __file__, "--child", *args])
    return {**json.loads(done.stdout.splitlines()[-1]), "tree_wall": wall, "tree_cpu": cpu}


# -- measuring --------------------------------------------------------------------------------

def whole_process(archive: Path, out: Path, workers: int, size: int) -> tuple[float, float]:
    """Wall and CPU seconds of `mtqa audit --scheduler local:N`, as a user runs it."""
    _, wall, cpu = process_tree([sys.executable, "-m", "mtqa", "audit", str(archive), "-o", str(out),
                                 "--scheduler", f"local:{workers}", "--partition-size", str(size),
                                 "--no-cache", "--fail-on", "never"])
    return wall, cpu


def compute_split(markers: list[dict]) -> dict:
    """Partition compute seconds split into steady checking and each worker's warm-up: a
    worker's first partition also loads mtqa's data (init_worker), visible as its seconds
    beyond its stories at that worker's steady per-story rate."""
    by_pid: dict[int, list[dict]] = {}
    for m in markers:  # in completion order, so a worker's first is first
        by_pid.setdefault(m["pid"], []).append(m)
    rest = [m for ms in by_pid.values() for m in ms[1:]]
    overall = sum(m["seconds"] for m in rest) / max(sum(m["stories"] for m in rest), 1)
    warm_ups = []
    for ms in by_pid.values():
        later = ms[1:]
        per_story = sum(m["seconds"] for m in later) / sum(m["stories"] for m in later) if later else overall
        warm_ups.append(max(ms[0]["seconds"] - ms[0]["stories"] * per_story, 0.0))
    total = sum(m["seconds"] for m in markers)
    stories = sum(m["stories"] for m in markers)
    steady = total - sum(warm_ups)
    return {"compute_seconds": total, "warm_up_seconds": warm_ups, "steady_seconds": steady,
            "steady_per_story": steady / stories if stories else 0.0,
            "partitions_per_worker": sorted(len(ms) for ms in by_pid.values())}


def figures(stories: int, words: int, whole: tuple[float, float], child: dict, noop: dict, size: int) -> dict:
    """One worker count's figures from one round of runs."""
    ph, workers = child["phases"], child["workers"]
    split = compute_split(child["markers"])
    run = ph["run"]
    return {"workers": workers, "whole_seconds": whole[0], "phases": ph, **split,
            # cores the process tree had on average (it uses up to workers + the client's)
            "whole_cores_used": whole[1] / whole[0], "phases_cores_used": child["tree_cpu"] / child["tree_wall"],
            "stories_per_s": stories / whole[0], "words_per_s": words / whole[0],
            "run_stories_per_s": stories / run, "run_words_per_s": words / run,
            "run_words_per_s_per_worker": words / run / workers,
            "overhead_run_per_story": (run * workers - split["compute_seconds"]) / stories,
            "noop_per_task": noop["per_task"], "noop_per_story": noop["per_task"] / size,
            "noop_cluster_start": noop["cluster_start"], "aggregation_cost": child["aggregation_cost"]}


def median_figures(rounds: list[dict]) -> dict:
    """Medians, figure by figure, of several rounds (numbers; lists and texts of the first)."""
    def med(values):
        first = values[0]
        if isinstance(first, dict):
            return {k: med([v[k] for v in values]) for k in first}
        if isinstance(first, (int, float)) and not isinstance(first, bool):
            return statistics.median(values)
        return first
    return med(rounds)


def speedups(per: dict[int, dict]) -> dict:
    """1 -> N workers on the run phase and on the whole process (None without both counts)."""
    if 1 not in per or len(per) < 2:
        return {"workers": None, "run": None, "whole": None, "meets_goal": None, "starved": starved(per)}
    n = max(per)
    run = per[1]["phases"]["run"] / per[n]["phases"]["run"]
    whole = per[1]["whole_seconds"] / per[n]["whole_seconds"]
    return {"workers": n, "run": run, "whole": whole,
            "meets_goal": {"run": run >= GOAL_SPEEDUP, "whole": whole >= GOAL_SPEEDUP}, "starved": starved(per)}


def projection(per: dict[int, dict], stories: int, words: int, size: int) -> dict:
    """1,000,000 stories on 64 cores from the measured terms (see print_projection)."""
    one = per[min(per)]
    many = per[max(per)]
    per_story = one["steady_per_story"]  # steady checking, one worker alone on the machine
    # Per-core slowdown when workers share the machine (caches, memory bandwidth): the
    # steady per-story time at the largest measured count against one worker's.
    efficiency = min(per_story / many["steady_per_story"], 1.0) if many["steady_per_story"] else 1.0
    n, cores, tasks = PROJECT_STORIES, PROJECT_CORES, -(-PROJECT_STORIES // size)
    terms = {
        "cluster_start": many["phases"]["cluster_start"],
        "warm_up": max(many["warm_up_seconds"] or [0.0]),  # the workers warm up side by side
        "compute": n * per_story / efficiency / cores,
        "scheduler_floor": tasks * many["noop_per_task"],
        "tail": size * per_story / efficiency / 2,  # the last partitions end unevenly
        # as measured in the run, its per-story part scaled to n stories (one process does it)
        "aggregation": many["phases"]["aggregation_outputs"]
        + (n - stories) * many["aggregation_cost"]["per_story"],
    }
    run = max(terms["compute"], terms["scheduler_floor"])
    total = terms["cluster_start"] + terms["warm_up"] + run + terms["tail"] + terms["aggregation"]
    # The same, with the per-story overhead measured in the run in place of floor and tail.
    measured_run = n * (per_story / efficiency + many["overhead_run_per_story"]) / cores
    alt = terms["cluster_start"] + terms["warm_up"] + measured_run + terms["aggregation"]
    return {"stories": n, "cores": cores, "tasks": tasks, "per_story": per_story,
            "aggregation_per_story": many["aggregation_cost"]["per_story"],
            "words_per_story": words / stories,
            "efficiency": efficiency, "terms": terms, "run": run, "seconds": total,
            "seconds_with_run_overhead": alt}


# -- printing ---------------------------------------------------------------------------------

def _n(x: float) -> str:
    return f"{x:,.0f}"


def print_table(per: dict[int, dict], stories: int, words: int) -> None:
    print(f"\n{'':28}{'---- whole process ----':^29} {'------------- run phase --------------':^40}")
    print(f"{'workers':>7} {'stories':>8} {'words':>10} {'wall s':>7} {'stories/s':>10} {'words/s':>10} "
          f"{'run s':>7} {'stories/s':>10} {'words/s':>10} {'per worker':>10} {'cores used':>11}")
    for n, f in sorted(per.items()):
        print(f"{n:>7} {stories:>8,} {words:>10,} {f['whole_seconds']:>7.1f} {f['stories_per_s']:>10.1f} "
              f"{_n(f['words_per_s']):>10} {f['phases']['run']:>7.1f} {f['run_stories_per_s']:>10.1f} "
              f"{_n(f['run_words_per_s']):>10} {_n(f['run_words_per_s_per_worker']):>10} "
              f"{f['whole_cores_used']:>11.2f}")
    print("  wall: the whole `mtqa audit` process; run: first partition sent to last result; per "
          "worker: run words/s / workers; cores used: the whole process tree's CPU seconds / wall")
    for n, f in sorted(per.items()):
        p = f["phases"]
        print(f"  {n} worker(s): setup {p['setup']:.2f} s (plan {p['plan']:.2f}), cluster start "
              f"{p['cluster_start']:.2f}, run {p['run']:.2f}, cluster stop {p['cluster_stop']:.2f}, "
              f"aggregation + outputs {p['aggregation_outputs']:.2f}; "
              f"partition compute {f['compute_seconds']:.1f} s, of which worker warm-up "
              f"{' + '.join(f'{w:.1f}' for w in f['warm_up_seconds'])}; partitions per worker "
              f"{'/'.join(str(int(k)) for k in f['partitions_per_worker'])}; cores used "
              f"{f['phases_cores_used']:.2f}")
    print("  (cores used below the workers' count: other load on the machine had the rest)")


def print_speedup(s: dict, per: dict[int, dict]) -> None:
    if s["workers"] is None:
        print("\nspeed-up: needs 1 and another count in --workers")
        return
    def verdict(x: float) -> str:
        return f"{x:.2f}x ({'meets' if x >= GOAL_SPEEDUP else 'does NOT meet'} the {GOAL_SPEEDUP}x goal)"
    print(f"\nspeed-up 1 -> {s['workers']} workers: run phase {verdict(s['run'])}; whole process "
          f"{verdict(s['whole'])}")
    for n in s["starved"]:
        print(f"  the {n}-worker timed run had {per[n]['phases_cores_used']:.2f} cores, not {n}: other load "
              "on the machine, not mtqa, set its pace (and the projection's efficiency); re-run when it is idle")


STARVED = 0.9  # a run whose process tree had less than this share of a core per worker


def starved(per: dict[int, dict]) -> list[int]:
    """Worker counts whose timed run other load on the machine kept from their cores."""
    return [n for n, f in sorted(per.items()) if f["phases_cores_used"] < STARVED * n]


def print_overhead(per: dict[int, dict], size: int) -> None:
    print("\nscheduler overhead per story:")
    for n, f in sorted(per.items()):
        print(f"  {n} worker(s): (a) in the run (run x workers - compute) / stories = "
              f"{f['overhead_run_per_story'] * 1000:.2f} ms; (b) no-op tasks {f['noop_per_task'] * 1000:.2f} "
              f"ms per task / {size} stories = {f['noop_per_story'] * 1000:.4f} ms; steady checking "
              f"{f['steady_per_story'] * 1000:.2f} ms per story")


def print_projection(p: dict, size: int) -> None:
    t = p["terms"]
    print(f"\nprojection: {p['stories']:,} stories on {p['cores']} cores, partitions of {size} "
          f"({p['tasks']:,} tasks):")
    print("  T = cluster start + warm-up + max(compute, scheduler floor) + tail + aggregation")
    print(f"  compute         = stories x per-story / efficiency / cores = {p['stories']:,} x "
          f"{p['per_story'] * 1000:.2f} ms / {p['efficiency']:.2f} / {p['cores']} = {t['compute']:.0f} s")
    print(f"    per-story: steady checking time of one worker alone ({p['words_per_story']:.0f}-word "
          f"stories; 600-word ones take ~{600 / p['words_per_story']:.1f}x as long); efficiency: the "
          "same at the most workers measured, against it (the run-phase speed-up / workers is "
          "lower: warm-up and tail, which have their own terms)")
    print(f"  scheduler floor = tasks x no-op cost per task = {t['scheduler_floor']:.1f} s "
          "(the scheduler handles tasks one at a time)")
    print(f"  cluster start   = {t['cluster_start']:.1f} s (measured for a local cluster; ~0 on one "
          "already running)")
    print(f"  warm-up         = {t['warm_up']:.1f} s (a worker's first partition loads mtqa's data; "
          "the workers do it side by side)")
    print(f"  tail            = half a partition = {t['tail']:.1f} s")
    print(f"  aggregation     = measured + (stories - measured stories) x per story = {t['aggregation']:.0f} s "
          f"({p['aggregation_per_story'] * 1e6:.1f} µs per story; the client does it alone)")
    print(f"  T = {p['seconds']:.0f} s = {p['seconds'] / 3600:.2f} h; with the run's measured overhead "
          f"(a) per story instead of floor + tail: {p['seconds_with_run_overhead'] / 3600:.2f} h")


# -- the run ----------------------------------------------------------------------------------

def worker_counts(value: str) -> list[int]:
    counts = sorted({int(x) for x in value.split(",") if x.strip()})
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError("give worker counts such as 1,2")
    return counts


def measure(args: argparse.Namespace, tmp: Path) -> dict:
    archive = tmp / "archive.jsonl"
    t = time.perf_counter()
    words = write_archive(archive, args.stories, args.seed)
    made = time.perf_counter() - t
    print(f"archive: {args.stories:,} stories, {words:,} words ({words / args.stories:.0f} per story), "
          f"written in {made:.1f} s; partitions of {args.partition_size}", flush=True)
    rounds: dict[int, list[dict]] = {n: [] for n in args.workers}
    for k in range(args.runs):
        for n in args.workers:
            out = tmp / f"out-{n}-workers-run-{k + 1}"
            whole = whole_process(archive, out / "whole", n, args.partition_size)
            child = in_child("run", str(archive), str(out / "phases"), str(n), str(args.partition_size))
            if child["stories"] != args.stories or child["failed"]:
                raise SystemExit(f"{n} worker(s): {child['stories']} stories written, failed: {child['failed']}")
            if not args.keep:  # the next run's outputs need the room more than anyone
                shutil.rmtree(out, ignore_errors=True)
            noop = in_child("noop", str(n), str(args.noop_tasks))
            rounds[n].append(figures(args.stories, words, whole, child, noop, args.partition_size))
            print(f"  run {k + 1}/{args.runs}, {n} worker(s): whole {whole[0]:.1f} s, run phase "
                  f"{child['phases']['run']:.1f} s; load average {os.getloadavg()[0]:.2f}", flush=True)
    per = {n: median_figures(r) for n, r in rounds.items()}
    return {"stories": args.stories, "words": words, "words_per_story": words / args.stories,
            "issue_stories": ISSUE_STORIES, "partition_size": args.partition_size, "runs": args.runs,
            "per_workers": {str(n): f for n, f in per.items()}, "speedup": speedups(per),
            "projection": projection(per, args.stories, words, args.partition_size),
            "cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": sys.version.split()[0]}


def report(r: dict) -> None:
    per = {int(n): f for n, f in r["per_workers"].items()}
    print_table(per, r["stories"], r["words"])
    print_speedup(r["speedup"], per)
    print_overhead(per, r["partition_size"])
    print_projection(r["projection"], r["partition_size"])
    if r["stories"] < ISSUE_STORIES:
        rate = per[min(per)]["run_stories_per_s"] / min(per)
        print(f"\n{r['stories']:,} stories, not the issue's {ISSUE_STORIES:,}, to fit the time: at {rate:.0f} "
              f"stories/s per worker, one 1-worker run of those would take {ISSUE_STORIES / rate / 60:.0f} min "
              "here, and this benchmark runs each count twice")
    print(f"cores {r['cores']}; load average after {r['load_average']}; python {r['python']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=DEFAULT_STORIES,
                    help=f"stories in the generated archive (default {DEFAULT_STORIES:,}; the issue's "
                         f"{ISSUE_STORIES:,} take ~35 minutes on 2 cores)")
    ap.add_argument("--partition-size", type=int, default=None, help="stories per partition "
                    "(default: the runner's)")
    ap.add_argument("--workers", type=worker_counts, default=[1, 2], help="worker counts (default 1,2)")
    ap.add_argument("--runs", type=int, default=1, help="rounds of runs; medians when more (default 1)")
    ap.add_argument("--noop-tasks", type=int, default=5000, help="no-op tasks timed (default 5000)")
    ap.add_argument("--seed", type=int, default=16, help="the archive's random seed")
    ap.add_argument("--keep", metavar="DIR", help="write the archive and outputs here and keep them")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        mode, *rest = args.child
        out = child_run(rest[0], rest[1], int(rest[2]), int(rest[3])) if mode == "run" else \
            child_noop(int(rest[0]), int(rest[1]))
        print(json.dumps(out))
        return 0
    if args.partition_size is None:
        from mtqa.archive.plan import DEFAULT_SIZE
        args.partition_size = DEFAULT_SIZE
    if min(args.stories, args.partition_size, args.runs, args.noop_tasks) < 1:
        ap.error("--stories, --partition-size, --runs and --noop-tasks must be at least 1")
    with contextlib.ExitStack() as stack:
        tmp = Path(args.keep) if args.keep else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        tmp.mkdir(parents=True, exist_ok=True)
        result = measure(args, tmp)
    report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # mtqa from this checkout, as the child processes run it
    sys.exit(main())
