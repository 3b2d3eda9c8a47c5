"""scripts/bench_serve.py, run small: a real server, both APIs, its figures as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_small_load_has_every_figure_and_no_error(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_serve.py"), "--clients", "2",
                          "--requests", "3", "--api", "both", "--inproc-runs", "3", "--json", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["workers"] == 2 and r["article_words"] >= 600
    assert r["connection"] == "new connection per request"
    assert [(p["api"], p["clients"]) for p in r["phases"]] == [("native", 2), ("lt", 2)]
    for p in r["phases"]:
        assert p["requests"] == p["ok"] == 6 and p["errors"] == 0, p
        assert 0 < p["p50_ms"] <= p["p90_ms"] <= p["p99_ms"] <= p["max_ms"]
        assert p["requests_per_second"] > 0 and sum(p["per_worker"]) == 6
    # the server answers exactly what the pipeline renders in-process (one code path)
    assert r["same_answer_as_in_process"] is True and r["in_process_ms"] > 0
    assert len(r["memory_kb"]) == 2 and all(m["after_load"] > 50_000 for m in r["memory_kb"])
    assert r["shutdown"] == {**r["shutdown"], "exit_code": 0, "graceful": True, "workers_stopped": 2}
    assert "per worker" in run.stdout and "graceful" in run.stdout


def test_refuses_more_than_the_cap():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_serve.py"), "--clients", "4",
                          "--requests", "100", "--max-total", "200"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "exceed --max-total 200" in run.stderr


def test_stops_by_itself_at_the_time_limit(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_serve.py"), "--clients", "2",
                          "--requests", "1000", "--inproc-runs", "3", "--time-limit", "3",
                          "--json", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    p = json.loads(out.read_text(encoding="utf-8"))["phases"]
    assert all(x["stopped_by_time_limit"] and x["requests"] < x["planned"] for x in p), p
    assert "stopped at the time limit" in run.stdout
