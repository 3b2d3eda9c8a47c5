"""Reaching the Dask cluster an archive runs on: one mtqa starts itself, or one that runs.

    local:N                a LocalCluster of N worker processes (one thread each) on this machine
    tcp://host:8786        the scheduler of a running cluster (host:8786 works too)
    /path/scheduler.json   a scheduler file, as dask-jobqueue and `dask scheduler
                           --scheduler-file` write on HPC systems
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator

from ..errors import MtqaError, first_line

_LOCAL = re.compile(r"local(?::(\d+))?\Z")
TIMEOUT = "20s"  # to reach a running scheduler
MISSING = ("--scheduler needs Dask and pyarrow: pip install 'mtqa[archive]' "
           "(missing: {})")


def require() -> None:
    """MtqaError naming what to install when the archive extra is missing."""
    import importlib.util

    missing = [m for m in ("distributed", "pyarrow") if importlib.util.find_spec(m) is None]
    if missing:
        raise MtqaError(MISSING.format(", ".join(missing)))


def check_address(address: str) -> None:
    """Usage errors before anything runs: local:0 or local:x, an empty address, a scheduler
    file that is not there."""
    m = _LOCAL.match(address)
    if m and m.group(1) is not None and int(m.group(1)) < 1:
        raise MtqaError(f"--scheduler {address}: a local cluster needs at least one worker")
    if not m and address.startswith("local"):
        raise MtqaError(f"--scheduler {address}: a local cluster is local:N, N worker processes "
                        "(local alone: one per CPU)")
    if not address.strip():
        raise MtqaError("--scheduler: give local:N or the scheduler's address")
    if "://" not in address and (os.sep in address or address.endswith(".json")) \
            and not os.path.isfile(address):
        raise MtqaError(f"--scheduler {address}: no such scheduler file")


@contextlib.contextmanager
def connect(address: str, quiet: bool = True) -> Iterator:
    """A dask.distributed Client for the address (the local cluster is closed on exit)."""
    from distributed import Client, LocalCluster

    if quiet:  # the workers' own warnings (a worker restarted...) are not the user's to read
        logging.getLogger("distributed").setLevel(logging.ERROR)
    m = _LOCAL.match(address)
    if m:
        n = int(m.group(1) or 0) or (os.cpu_count() or 1)
        # One thread per worker: mtqa's checks are Python code, which a second thread would
        # only slow down (the GIL); the dashboard on any free port (its link is printed).
        # Ctrl-C (sent to the whole process group) is this process's to handle: workers
        # never see it, as they start with it blocked (a mask is inherited, by the engine's
        # thread too, which starts any worker that replaces one) and the preload ignores it.
        # One pressed while the cluster starts arrives once it is up, and closes it.
        # (multiprocessing's resource tracker unblocks SIGINT in the thread that first starts
        # it: started here first, it leaves the engine's thread blocked. A Ctrl-C while the
        # cluster starts waits for the start, a few seconds, then stops the run.)
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
        mask = _block_sigint()
        try:
            try:
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", preload=["mtqa.archive.work"],
                                       silence_logs=logging.CRITICAL if quiet else logging.WARNING)
            except Exception as e:  # e.g. no process can be started here: one line, not a trace
                cause = e.__cause__ or e
                raise MtqaError(f"--scheduler {address}: cannot start a local Dask cluster: "
                                f"{type(cause).__name__}: {first_line(cause)}") from None
            with cluster:
                _unblock(mask)
                mask = None
                with Client(cluster) as client:
                    yield client
        finally:
            _unblock(mask)
        return
    try:
        client = (Client(scheduler_file=address, timeout=TIMEOUT) if os.path.isfile(address)
                  else Client(address, timeout=TIMEOUT))
    except (OSError, TimeoutError, ValueError) as e:
        raise MtqaError(f"--scheduler {address}: cannot reach the Dask scheduler: {first_line(e)}") from None
    with client:
        yield client


def _block_sigint():
    """Block SIGINT in this (main) thread; returns the mask to restore, or None."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _unblock(mask) -> None:
    """Restore the mask _block_sigint() returned: a SIGINT that came meanwhile arrives now."""
    import signal

    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def dashboard(client) -> str:
    """The engine's dashboard (task stream, progress, workers), or "" when it has none."""
    try:
        return client.dashboard_link or ""
    except (AttributeError, KeyError, ValueError):
        return ""
