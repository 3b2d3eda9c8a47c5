"""scripts/bench_archive.py: its archive, its arithmetic, and one tiny run on real local clusters."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_archive as ba  # noqa: E402


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_archive_is_seeded_and_made_of_the_samples(tmp_path):
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    words = ba.write_archive(a, 300, seed=5)
    assert ba.write_archive(b, 300, seed=5) == words and a.read_bytes() == b.read_bytes()
    ba.write_archive(c, 300, seed=6)
    assert c.read_bytes() != a.read_bytes()
    recs = records(a)
    assert [r["id"] for r in recs] == [f"story-{k:07d}" for k in range(1, 301)]
    assert all(set(r) == {"id", "text", "lang", "date", "provider"} for r in recs)
    assert words == sum(len(r["text"].split()) for r in recs)
    assert {r["lang"] for r in recs} == {"de", "en", "fr", "id"}
    assert {r["provider"] for r in recs} == set(ba.PROVIDERS)
    months = {r["date"][:7] for r in recs}
    assert min(months) == "2024-01" and max(months) == "2025-12" and len(months) == 24
    # each story opens with a sample's headline and keeps only its language's paragraphs
    samples = ba._samples()
    for r in recs:
        head, *paras = r["text"].splitlines()
        own = samples[r["lang"]]
        assert head in {h for h, _ in own}
        assert set(paras) <= {p for _, body in own for p in body} and len(paras) >= 2
    lengths = [len(r["text"].split()) for r in recs]
    assert max(lengths) > 2 * min(lengths)  # lengths vary


def test_compute_split_separates_each_workers_warm_up():
    markers = [  # in completion order; pid 1 checks at 0.1 s a story, pid 2 at 0.05 s
        {"part": 0, "stories": 10, "seconds": 3.0, "pid": 1},
        {"part": 1, "stories": 10, "seconds": 2.5, "pid": 2},
        {"part": 2, "stories": 10, "seconds": 1.0, "pid": 1},
        {"part": 4, "stories": 10, "seconds": 0.5, "pid": 2},
        {"part": 3, "stories": 10, "seconds": 1.0, "pid": 1},
    ]
    s = ba.compute_split(markers)
    assert s["compute_seconds"] == pytest.approx(8.0)
    assert s["warm_up_seconds"] == pytest.approx([2.0, 2.0])
    assert s["steady_seconds"] == pytest.approx(4.0)
    assert s["steady_per_story"] == pytest.approx(0.08)
    assert s["partitions_per_worker"] == [2, 3]
    # a worker with a single partition is judged at the others' steady rate (0.1 s a story here)
    lone = ba.compute_split(markers[:1] + markers[2:3] + [{"part": 9, "stories": 5, "seconds": 1.5, "pid": 3}])
    assert lone["warm_up_seconds"] == pytest.approx([2.0, 1.0])


def figures(run: float, whole: float, per_story: float, warm: float = 1.0, cores: float = 1.0) -> dict:
    return {"whole_seconds": whole, "phases_cores_used": cores, "phases": {"run": run, "cluster_start": 2.0, "aggregation_outputs": 1.0},
            "steady_per_story": per_story, "warm_up_seconds": [warm, 0.5], "noop_per_task": 0.002,
            "overhead_run_per_story": 0.001, "aggregation_cost": {"per_story": 1e-5}}


def test_speedups_and_the_goal():
    per = {1: figures(100.0, 110.0, 0.01), 2: figures(52.0, 62.0, 0.0104, cores=2.05)}
    s = ba.speedups(per)
    assert s["workers"] == 2 and s["starved"] == []
    assert s["run"] == pytest.approx(100 / 52) and s["whole"] == pytest.approx(110 / 62)
    assert s["meets_goal"] == {"run": True, "whole": False}
    assert ba.speedups({1: per[1]}) == {"workers": None, "run": None, "whole": None, "meets_goal": None,
                                        "starved": []}
    # a 2-worker run that had one core's worth of CPU was slowed by other load, and says so
    per[2]["phases_cores_used"] = 1.01
    assert ba.speedups(per)["starved"] == [2]


def test_projection_adds_up_its_terms():
    per = {1: figures(100.0, 110.0, 0.01), 2: figures(52.0, 62.0, 0.0125, warm=3.0)}
    p = ba.projection(per, stories=10_000, words=1_500_000, size=200)
    t = p["terms"]
    assert p["tasks"] == 5_000 and p["efficiency"] == pytest.approx(0.8)
    assert t["compute"] == pytest.approx(1_000_000 * 0.01 / 0.8 / 64)
    assert t["scheduler_floor"] == pytest.approx(5_000 * 0.002)
    assert t["warm_up"] == 3.0 and t["cluster_start"] == 2.0
    assert t["tail"] == pytest.approx(200 * 0.0125 / 2)
    assert t["aggregation"] == pytest.approx(1.0 + 990_000 * 1e-5)
    assert p["seconds"] == pytest.approx(2.0 + 3.0 + t["compute"] + t["tail"] + t["aggregation"])
    assert p["seconds_with_run_overhead"] == pytest.approx(
        2.0 + 3.0 + 1_000_000 * (0.0125 + 0.001) / 64 + t["aggregation"])
    assert p["words_per_story"] == 150
    # a scheduler slower than the workers sets the pace: its floor replaces the compute
    slow = {n: dict(f, noop_per_task=0.5) for n, f in per.items()}
    q = ba.projection(slow, stories=10_000, words=1_500_000, size=200)
    assert q["run"] == pytest.approx(2_500.0) and q["terms"]["compute"] < 2_500.0


def test_medians_figure_by_figure():
    rounds = [{"a": 1.0, "b": {"c": 5}, "d": [1]}, {"a": 3.0, "b": {"c": 1}, "d": [2]},
              {"a": 2.0, "b": {"c": 3}, "d": [3]}]
    assert ba.median_figures(rounds) == {"a": 2.0, "b": {"c": 3}, "d": [1]}


def test_tiny_run_on_a_local_cluster(tmp_path):
    """One worker count (a second would double the time: the 2-worker arithmetic is above)."""
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_archive.py"), "--stories", "30",
                          "--partition-size", "10", "--workers", "1", "--noop-tasks", "200",
                          "--keep", str(tmp_path / "kept"), "--json", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["stories"] == 30 and r["partition_size"] == 10
    assert r["words"] == ba.write_archive(tmp_path / "again.jsonl", 30, seed=16)
    f = r["per_workers"]["1"]
    assert f["workers"] == 1 and f["partitions_per_worker"] == [3] and len(f["warm_up_seconds"]) == 1
    assert 0 < f["phases"]["run"] < f["whole_seconds"] and f["compute_seconds"] > 0
    assert 0 < f["steady_per_story"] * 30 <= f["compute_seconds"] + 1e-9
    assert f["noop_per_story"] == pytest.approx(f["noop_per_task"] / 10) and f["noop_per_task"] > 0
    assert f["run_words_per_s"] == pytest.approx(r["words"] / f["phases"]["run"])
    assert f["overhead_run_per_story"] == pytest.approx((f["phases"]["run"] - f["compute_seconds"]) / 30)
    assert 0 < f["whole_cores_used"] <= 2.5
    assert r["speedup"] == {"workers": None, "run": None, "whole": None, "meets_goal": None,
                            "starved": [1] if f["phases_cores_used"] < 0.9 else []}
    p = r["projection"]
    assert p["stories"] == 1_000_000 and p["cores"] == 64 and p["tasks"] == 100_000
    assert p["efficiency"] == 1.0 and p["seconds"] > p["terms"]["compute"] > 0
    # the kept outputs: the whole process's and the timed run's, each with all 30 stories
    for kind in ("whole", "phases"):
        summary = tmp_path / "kept" / "out-1-workers-run-1" / kind / "summary.csv"
        with summary.open(encoding="utf-8", newline="") as fh:
            assert len(list(csv.reader(fh))) == 1 + 30
    for text in ("speed-up: needs 1 and another count", "scheduler overhead per story", "(b) no-op tasks",
                 "projection: 1,000,000 stories on 64 cores", "30 stories, not the issue's 100,000"):
        assert text in run.stdout
