"""Running a batch on this machine: a pool of worker processes, results in sorted order."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass

from ..errors import MtqaError
from ..finding import SEVERITY_RANK
from ..output import remove_temp_files
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
    cached, entries, finished = 0, {}, set()
    saver = _CacheSaver(out_dir, old) if config.use_cache else None
    outcomes = run_tasks(tasks, config, jobs, st.key_base)
    try:
        for out in outcomes:
            rows[out.position] = out.row
            cached += out.cached
            finished.add(out.row["path"])
            if out.entry:
                entries[out.row["path"]] = out.entry
            if saver:
                saver.maybe_save(entries, finished)
            if progress:
                progress(len(finished), total)
    except Interrupted as e:
        e.done, e.total = len(finished), total
        raise
    finally:
        # Interrupted or not: stop the workers first, then keep every finished story's
        # result, so a re-run does only what was left.
        outcomes.close()
        if saver:
            saver.save(entries, finished)

    done_rows = [r for r in rows if r is not None]
    write_summaries(out_dir, done_rows, st.sig["string"])
    return BatchResult(done_rows, cached, jobs, st.sig, out_dir, time.perf_counter() - t0)


class _CacheSaver:
    """Saves the cache index as results come in: at most about once a second, and never
    taking more than a tenth of the run (a big index costs time to write)."""

    def __init__(self, out_dir: str, old: dict):
        self.out_dir, self.old = out_dir, old
        self.next = time.monotonic() + 1.0

    def maybe_save(self, entries: dict, finished: set[str]) -> None:
        if time.monotonic() >= self.next:
            self.save(entries, finished)

    def save(self, entries: dict, finished: set[str]) -> None:
        t = time.monotonic()
        save_cache(self.out_dir, self.old, entries, finished)
        self.next = time.monotonic() + max(1.0, 10 * (time.monotonic() - t))


def run_tasks(tasks: list[Task], config: BatchConfig, jobs: int, key_base: str) -> Generator[Outcome, None, None]:
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
        with mp.Pool(jobs, initializer=_init_pool_worker, initargs=(config, key_base, os.getpid())) as pool:
            try:
                yield from pool.imap_unordered(audit_one, tasks, chunksize=chunk)
            except BaseException:  # interrupted (or closed early): workers go now, quietly
                pids = _stop_workers(pool)
                # One killed while writing (stuck past the grace time) left its temporary file.
                remove_temp_files(config.out_dir, pids)
                raise
            # All done: the workers are told to finish and exit by themselves. The pool's
            # exit would SIGTERM them, and a worker the signal reaches just before it blocks
            # on the empty task queue never sees it: the run then hangs on joining it.
            pool.close()
            pool.join()
    finally:
        if method == "fork":
            gc.unfreeze()


def _init_pool_worker(config: BatchConfig, key_base: str, parent: int) -> None:
    """A worker's set-up: Ctrl-C (sent to the whole process group) is the parent's to
    handle, and the parent stops the workers with SIGTERM, which exits quietly, removing a
    report's temporary file on the way (write_atomic cleans up on any exception)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)
    _die_with(parent)
    init_worker(config, key_base)


def _exit_quietly(signum, frame) -> None:
    raise SystemExit(128 + signum)  # multiprocessing ends a worker on SystemExit without a traceback


def _die_with(parent: int) -> None:
    """On Linux, have the kernel send SIGTERM to this worker when the parent dies, even by
    SIGKILL: no orphan is left running."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl
        os.kill(os.getpid(), signal.SIGTERM)


def _stop_workers(pool, grace: float = 1.0) -> list[int]:
    """SIGTERM to every worker, SIGKILL to any still running after grace seconds (one stuck
    in a long computation): the pool's own terminate() then returns at once. Returns the
    process ids of the workers stopped."""
    from multiprocessing.pool import TERMINATE

    # First stop the pool from replacing the workers that exit: a replacement forked
    # while the run stops can hang, and terminate() would wait for it forever.
    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:
        handler._state = TERMINATE
    procs = list(getattr(pool, "_pool", ()))
    for p in procs:
        if p.exitcode is None:
            p.terminate()
    deadline = time.monotonic() + grace
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.exitcode is None:
            p.kill()
    if handler is not None:
        handler.join(grace)
    for p in list(getattr(pool, "_pool", ())):  # any replacement started before the handler stopped
        if p.exitcode is None:
            p.kill()
            p.join(grace)
        procs.append(p)
    pool.terminate()
    return sorted({p.pid for p in procs if p.pid is not None})


class Interrupted(BaseException):
    """SIGINT or SIGTERM during a batch (a BaseException: no `except Exception` swallows it).
    done and total: stories finished (their results kept in the cache) out of all."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum, self.done, self.total = signum, 0, 0


@contextlib.contextmanager
def interruptible():
    """Within the block, SIGINT and SIGTERM raise Interrupted: once, as a second signal
    while the run stops is ignored (so the cache is still saved). Main thread only."""
    def handler(signum, frame):
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(signum)
    before = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, h in before.items():
            signal.signal(sig, h)


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
