#!/usr/bin/env python3
"""Bounded load test of `mtqa serve` on loopback: latency, throughput, errors, worker memory.

Starts `mtqa serve --workers W` on a free 127.0.0.1 port, warms it with a few unmeasured
requests, then sends the ~600-word article of scripts/bench.py from C concurrent clients
x N requests each to POST /api/check (and, with --api lt or both, to LanguageTool's
POST /v2/check), once for each C in --clients. Prints p50/p90/p99/max latency, requests
per second and errors (a non-200 answer, an exception, or a body that differs from the
first answer: all must be 0); each worker's RSS after warm-up and after the load; the
in-process time of the same check (Engine.analyse + the json renderer), the reference that
shows what HTTP adds; and whether SIGTERM stopped the server gracefully (exit 0).

Bounded: at most --max-total requests in all and --time-limit seconds of wall clock, after
which the clients stop by themselves. Goal (issue 14): p50 <= 30 ms and p99 <= 120 ms with
2 workers on a 2-core machine.

    python scripts/bench_serve.py [--workers 2] [--clients 2,4] [--requests 250]
                                  [--api native|lt|both] [--keep-alive] [--json FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests"), str(ROOT)]

from bench import article_600  # noqa: E402  (the article scripts/bench.py times)
from serving import Server, served  # noqa: E402  (start, wait for /health, stop: as the tests do)

GOAL_P50_MS, GOAL_P99_MS = 30.0, 120.0
WARM_UP_PER_CLIENT = 3  # unmeasured requests per client before anything is measured
STOP_TIMEOUT = 60.0  # seconds the server may take to stop after SIGTERM


@dataclass(frozen=True)
class Call:
    """One API's request for the article: path, body, headers."""

    api: str
    path: str
    body: bytes
    headers: dict[str, str]


def calls(text: str) -> dict[str, Call]:
    return {
        "native": Call("native", "/api/check", json.dumps({"text": text}).encode("utf-8"),
                       {"Content-Type": "application/json"}),
        # as LanguageTool's clients send it: form fields, a language code
        "lt": Call("lt", "/v2/check",
                   urllib.parse.urlencode({"text": text, "language": "en-US"}).encode("utf-8"),
                   {"Content-Type": "application/x-www-form-urlencoded"}),
    }


@dataclass
class Phase:
    """One load: C clients x N requests through one API."""

    api: str
    clients: int
    planned: int
    keep_alive: bool
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    client_cpu_seconds: float = 0.0  # this process's own CPU: it shares the cores with the server
    stopped_by_time_limit: bool = False

    def failed(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)
        q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        done = len(lat) + self.errors
        return {"api": self.api, "clients": self.clients, "keep_alive": self.keep_alive,
                "planned": self.planned, "requests": done, "ok": len(lat), "errors": self.errors,
                "error_kinds": self.error_kinds,
                "p50_ms": round(q[49], 1) if lat else None, "p90_ms": round(q[89], 1) if lat else None,
                "p99_ms": round(q[98], 1) if lat else None, "max_ms": round(lat[-1], 1) if lat else None,
                "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
                "requests_per_second": round(done / self.seconds, 1) if self.seconds else None,
                "seconds": round(self.seconds, 2), "stopped_by_time_limit": self.stopped_by_time_limit,
                "client_cpu_percent": round(100 * self.client_cpu_seconds / self.seconds, 1)
                if self.seconds else None}


class Client:
    """One client thread's connection: kept alive, or a new one per request (as
    LanguageTool's clients do)."""

    def __init__(self, port: int, keep_alive: bool):
        self.port, self.keep_alive = port, keep_alive
        self.conn: http.client.HTTPConnection | None = None

    def send(self, call: Call) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            self.conn.request("POST", call.path, body=call.body, headers=call.headers)
            r = self.conn.getresponse()
            return r.status, r.read()
        except Exception:
            self.close()  # a broken connection is not reused
            raise
        finally:
            if not self.keep_alive:
                self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_load(port: int, call: Call, clients: int, per_client: int, keep_alive: bool,
             expected: bytes | None, deadline: float) -> Phase:
    """C threads, each sending `per_client` requests back to back, all starting together;
    each stops early at `deadline` (time.monotonic())."""
    phase = Phase(call.api, clients, clients * per_client, keep_alive)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        c = Client(port, keep_alive)
        start.wait()
        for _ in range(per_client):
            if time.monotonic() >= deadline:
                phase.stopped_by_time_limit = True
                break
            t = time.perf_counter()
            try:
                status, body = c.send(call)
            except Exception as e:  # counted, never fatal: the load goes on
                with lock:
                    phase.failed(type(e).__name__)
                continue
            ms = (time.perf_counter() - t) * 1000
            with lock:
                if status != 200:
                    phase.failed(f"HTTP {status}")
                elif expected is not None and body != expected:
                    phase.failed("different answer")
                else:
                    phase.latencies_ms.append(ms)
        c.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for th in threads:
        th.start()
    start.wait()
    t0, cpu0 = time.perf_counter(), time.process_time()
    for th in threads:
        th.join()
    phase.seconds = time.perf_counter() - t0
    phase.client_cpu_seconds = time.process_time() - cpu0
    return phase


# -- the server's processes -----------------------------------------------------------------

def worker_pids(srv: Server) -> list[int]:
    """The check processes, as the server's /health lists them."""
    _, _, body = srv.request("GET", "/health")
    return sorted(json.loads(body)["workers"])


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def memory(pids: list[int]) -> dict[int, int | None]:
    return {p: rss_kb(p) for p in pids}


def answered_by(srv: Server, path: str) -> dict[int, int]:
    """Requests to `path` each check process has answered so far, from the server's access
    log (one JSON line per request, with the pid of the process that checked it)."""
    counts: dict[int, int] = {}
    for line in srv.log().splitlines():
        if '"event": "request"' not in line:
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if ev.get("path") == path:
            counts[ev["worker"]] = counts.get(ev["worker"], 0) + 1
    return counts


def logged(srv: Server, path: str, before: dict[int, int], sent: int, wait: float = 3.0) -> dict[int, int]:
    """answered_by() once the `sent` requests since `before` are all in the log: a worker
    writes its access line just after the answer has gone out."""
    deadline = time.monotonic() + wait
    while True:
        after = answered_by(srv, path)
        if sum(after.values()) - sum(before.values()) >= sent or time.monotonic() > deadline:
            return after
        time.sleep(0.05)


def share(before: dict[int, int], after: dict[int, int], pids: list[int]) -> list[int]:
    """Requests each worker answered between two answered_by() counts, in pids' order: an
    uneven split means requests queued on one worker while another was idle."""
    return [after.get(p, 0) - before.get(p, 0) for p in pids]


def stop(srv: Server, pids: list[int]) -> dict:
    """SIGTERM, as a service manager stops it: graceful means exit 0 and no check process
    left behind."""
    t = time.perf_counter()
    srv.proc.send_signal(signal.SIGTERM)
    try:
        code = srv.proc.wait(timeout=STOP_TIMEOUT)
    except Exception:
        srv.proc.kill()
        code = srv.proc.wait()
    deadline = time.monotonic() + 5
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in pids if alive(p)]
    return {"exit_code": code, "seconds": round(time.perf_counter() - t, 2),
            "workers_stopped": len(pids) - len(left), "graceful": code == 0 and not left}


# -- the in-process reference ---------------------------------------------------------------

def in_process(text: str, runs: int) -> tuple[float, bytes]:
    """Median ms of one check as the service runs it, without HTTP: the request's Source,
    Engine.analyse, the report, the json renderer. Also the rendered answer."""
    from mtqa.pipeline import Engine, Options
    from mtqa.readers import from_text
    from mtqa.render import render
    from mtqa.service.requests import REQUEST_PATH

    engine = Engine(Options())

    def once() -> str:
        return render("json", engine.report([engine.analyse(from_text(text, REQUEST_PATH))]))

    for _ in range(3):  # warm-up: loading models and packs is not a check's time
        out = once()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        once()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out.encode("utf-8")


# -- the run --------------------------------------------------------------------------------

def warm_up(srv: Server, call: Call, clients: int, deadline: float) -> bytes:
    """A few unmeasured requests from as many clients as will load it, so every worker has
    answered before anything is measured; returns the answer every later one must equal."""
    status, _, body = srv.request("POST", call.path, call.body, call.headers)
    if status != 200:
        raise SystemExit(f"{call.path} answered {status}: {body[:300]!r}")
    phase = run_load(srv.port, call, clients, WARM_UP_PER_CLIENT, True, body, deadline)
    if phase.errors:
        raise SystemExit(f"warm-up of {call.path} failed: {phase.error_kinds}")
    return body


def measure(args: argparse.Namespace, text: str) -> dict:
    wall = time.monotonic() + args.time_limit
    load_before = os.getloadavg()
    inproc_ms, inproc_body = in_process(text, args.inproc_runs)
    print(f"in-process check (Engine.analyse + json), {len(text.split())} words: "
          f"median {inproc_ms:.1f} ms over {args.inproc_runs}", flush=True)
    api_calls = calls(text)
    wanted = ["native", "lt"] if args.api == "both" else [args.api]
    phases, expected = [], {}
    with served(workers=args.workers) as srv:
        pids = worker_pids(srv)
        print(HEADER, flush=True)
        for api in wanted:
            expected[api] = warm_up(srv, api_calls[api], max(args.clients), wall)
        mem_before = memory(pids)
        for api in wanted:
            for c in args.clients:
                before = answered_by(srv, api_calls[api].path)
                phase = run_load(srv.port, api_calls[api], c, args.requests, args.keep_alive,
                                 expected[api], wall)
                phases.append(phase.summary())
                phases[-1]["per_worker"] = share(before, logged(srv, api_calls[api].path, before,
                                                                phases[-1]["requests"]), pids)
                # after each load, so that growth shows as a trend rather than one difference
                phases[-1]["rss_kb"] = list(memory(pids).values())
                print_phase(phases[-1], flush=True)
        mem_after = memory(pids)
        pids_after = worker_pids(srv)
        shutdown = stop(srv, pids)
    return {
        "article_words": len(text.split()), "article_chars": len(text), "workers": args.workers,
        "connection": "keep-alive" if args.keep_alive else "new connection per request",
        "in_process_ms": round(inproc_ms, 1),
        "same_answer_as_in_process": expected.get("native") == inproc_body if "native" in expected else None,
        "phases": phases,
        "memory_kb": [{"pid": p, "after_warm_up": mem_before[p], "after_load": mem_after[p],
                       "growth": (mem_after[p] or 0) - (mem_before[p] or 0)} for p in pids],
        "workers_replaced": pids_after != pids,
        "shutdown": shutdown,
        "load_average": {"before": [round(x, 2) for x in load_before],
                         "after": [round(x, 2) for x in os.getloadavg()]},
        "cores": os.cpu_count(), "python": sys.version.split()[0],
        "goal": {"p50_ms": GOAL_P50_MS, "p99_ms": GOAL_P99_MS},
    }


# -- output ---------------------------------------------------------------------------------

HEADER = (f"{'api':<7}{'C':>3}{'requests':>10}{'errors':>8}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}"
          f"{'req/s':>8}  per worker  client CPU")


def print_phase(p: dict, flush: bool = False) -> None:
    def ms(v: float | None) -> str:
        return "-" if v is None else f"{v:.1f}"

    print(f"{p['api']:<7}{p['clients']:>3}{p['requests']:>10}{p['errors']:>8}{ms(p['p50_ms']):>8}"
          f"{ms(p['p90_ms']):>8}{ms(p['p99_ms']):>8}{ms(p['max_ms']):>8}"
          f"{ms(p['requests_per_second']):>8}  {'/'.join(map(str, p['per_worker'])):<10}"
          f"  {ms(p['client_cpu_percent'])}%"
          + (f"  errors: {p['error_kinds']}" if p["errors"] else "")
          + ("  (stopped at the time limit)" if p["stopped_by_time_limit"] else ""), flush=flush)


def print_summary(r: dict) -> None:
    print("\nmemory per worker (VmRSS, kB), after warm-up -> after load:")
    for m in r["memory_kb"]:
        print(f"  pid {m['pid']}: {m['after_warm_up']} -> {m['after_load']} ({m['growth']:+d})")
    if r["workers_replaced"]:
        print("  a worker was replaced during the load (it died): see the server log")
    for p in r["phases"]:
        if p["p50_ms"] is None:
            continue
        met = p["p50_ms"] <= GOAL_P50_MS and p["p99_ms"] <= GOAL_P99_MS
        print(f"goal p50 <= {GOAL_P50_MS:g} ms, p99 <= {GOAL_P99_MS:g} ms: {p['api']} C={p['clients']}: "
              f"{'met' if met else 'NOT met'}; p50 - in-process = {p['p50_ms'] - r['in_process_ms']:+.1f} ms")
    if r["same_answer_as_in_process"] is not None:
        print(f"/api/check answer identical to the in-process json: {r['same_answer_as_in_process']}")
    s = r["shutdown"]
    print(f"SIGTERM: exit {s['exit_code']} after {s['seconds']} s, {s['workers_stopped']} check process(es) "
          f"stopped: {'graceful' if s['graceful'] else 'NOT graceful'}")
    la = r["load_average"]
    print(f"load average before {la['before']}, after {la['after']}; cores {r['cores']}; "
          f"python {r['python']}")


def client_counts(value: str) -> list[int]:
    counts = [int(x) for x in value.split(",") if x.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give client counts such as 2,4")
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2, help="mtqa serve --workers (default 2)")
    ap.add_argument("--clients", type=client_counts, default=[2, 4],
                    help="concurrent clients, one load each (default 2,4: as many as workers, then twice)")
    ap.add_argument("--requests", type=int, default=250, help="requests per client (default 250)")
    ap.add_argument("--api", choices=["native", "lt", "both"], default="native",
                    help="POST /api/check (native), LanguageTool's POST /v2/check (lt), or both")
    ap.add_argument("--keep-alive", action="store_true",
                    help="each client keeps one connection (default: a new one per request, as "
                    "LanguageTool's clients do)")
    ap.add_argument("--inproc-runs", type=int, default=30, help="in-process checks timed (default 30)")
    ap.add_argument("--max-total", type=int, default=5000, help="cap on measured requests in all")
    ap.add_argument("--time-limit", type=float, default=600.0,
                    help="wall-clock seconds after which the clients stop by themselves (default 600)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    phases = len(args.clients) * (2 if args.api == "both" else 1)
    total = phases * max(args.clients) * args.requests
    if args.requests < 1 or total > args.max_total:
        ap.error(f"{total} requests would exceed --max-total {args.max_total}")
    text = article_600()
    print(f"mtqa serve --workers {args.workers} on 127.0.0.1; clients "
          f"{'keep their connection alive' if args.keep_alive else 'open a new connection per request'}"
          f"; {args.requests} requests per client; latency in ms", flush=True)
    result = measure(args, text)
    print_summary(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    errors = sum(p["errors"] for p in result["phases"])
    return 0 if errors == 0 and result["shutdown"]["graceful"] else 1


if __name__ == "__main__":
    sys.exit(main())
