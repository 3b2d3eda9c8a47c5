"""Running a batch on this machine: a pool of worker processes, results in sorted order."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..errors import MtqaError
from ..finding import SEVERITY_RANK
from .cache import load_cache, save_cache
from .inputs import Task, collect
from .job import BatchConfig, Outcome, audit_one, init_worker
from .summary import write_summaries

# Called as progress(0, total) once the inputs are known and the workers' data is loaded,
# then progress(done, total) after each story (in completion order).
ProgressFn = Callable[[int, int], None]


@dataclass
class BatchResult:
    rows: list[dict]  # one summary row per input, sorted by path
    cached: int  # how many of them came from the cache
    jobs: int  # worker processes used
    signature: dict  # pipeline.signature() of the run ("string" is the short form)
    out_dir: str
    seconds: float  # wall time of the whole run

    @property
    def worst(self) -> str:
        """The worst severity found in any story ("" when none)."""
        return max((r["worst"] for r in self.rows if r["worst"]), key=SEVERITY_RANK.__getitem__,
                   default="")

    def count(self, status: str) -> int:
        """Rows with this status: "ok", "unreadable" (input error) or "error" (mtqa failed)."""
        return sum(r["status"] == status for r in self.rows)


def run_batch(paths: Iterable[str], config: BatchConfig, jobs: int = 0,
              progress: ProgressFn | None = None) -> BatchResult:
    """Audit files and folders into config.out_dir: a report per story, summary.csv/.jsonl.

    jobs: worker processes (0 = one per CPU; never more than there are inputs). Raises
    MtqaError, before anything is written, for bad paths or options; a story that cannot be read or checked is a row, never
    an exception.
    """
    t0 = time.perf_counter()
    out_dir = config.out_dir
    old = load_cache(out_dir) if config.use_cache else {}
    tasks = collect(paths, out_dir, old)
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise MtqaError(f"{out_dir}: not a folder (-o needs a folder for the reports)")
    st = init_worker(config, fresh=True)  # loaded once here; forked workers inherit it
    os.makedirs(out_dir, exist_ok=True)

    jobs = min(jobs or cpus(), max(len(tasks), 1))
    total = len(tasks)
    if progress:
        progress(0, total)
    rows: list[dict | None] = [None] * total
    cached, entries = 0, {}
    for done, out in enumerate(run_tasks(tasks, config, jobs, st.key_base), 1):
        rows[out.position] = out.row
        cached += out.cached
        if out.entry:
            entries[out.row["path"]] = out.entry
        if progress:
            progress(done, total)

    done_rows = [r for r in rows if r is not None]
    if config.use_cache:
        save_cache(out_dir, old, entries, {t.path for t in tasks})
    write_summaries(out_dir, done_rows, st.sig["string"])
    return BatchResult(done_rows, cached, jobs, st.sig, out_dir, time.perf_counter() - t0)


def run_tasks(tasks: list[Task], config: BatchConfig, jobs: int, key_base: str) -> Iterator[Outcome]:
    """Outcomes in completion order: in this process (jobs <= 1) or from a process pool.

    This process must have called init_worker(config) first (forked workers inherit it).
    """
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield audit_one(t)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    import gc

    method = start_method()
    mp = multiprocessing.get_context(method)
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    if method == "fork":
        gc.freeze()  # the loaded data stays shared: the workers' collector never touches it
    try:
        with mp.Pool(jobs, initializer=init_worker, initargs=(config, key_base)) as pool:
            yield from pool.imap_unordered(audit_one, tasks, chunksize=chunk)
    finally:
        if method == "fork":
            gc.unfreeze()


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start_method() -> str:
    """MTQA_START_METHOD if set; fork on Linux (shares the loaded data); else the default."""
    env = os.environ.get("MTQA_START_METHOD", "")
    methods = multiprocessing.get_all_start_methods()
    if env in methods:
        return env
    # fork shares the loaded data with the workers; macOS and Windows use spawn.
    return "fork" if "fork" in methods and sys.platform.startswith("linux") else methods[0]
