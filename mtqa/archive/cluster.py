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

from ..errors import MtqaError

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
    """Usage errors before anything runs: local:0, an empty address."""
    m = _LOCAL.match(address)
    if m and m.group(1) is not None and int(m.group(1)) < 1:
        raise MtqaError(f"--scheduler {address}: a local cluster needs at least one worker")
    if not address.strip():
        raise MtqaError("--scheduler: give local:N or the scheduler's address")


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
        # ignore it, from their start (the disposition is inherited) and after a restart (the
        # preload). They stop when this process closes the cluster.
        try:
            with _ignoring_sigint():
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", preload=["mtqa.archive.work"],
                                       silence_logs=logging.ERROR if quiet else logging.WARNING)
        except Exception as e:  # e.g. no process can be started here: one line, not Dask's trace
            cause = e.__cause__ or e
            raise MtqaError(f"--scheduler {address}: cannot start a local Dask cluster: "
                            f"{type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}") from None
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = (Client(scheduler_file=address, timeout=TIMEOUT) if os.path.isfile(address)
                  else Client(address, timeout=TIMEOUT))
    except (OSError, TimeoutError, ValueError) as e:
        raise MtqaError(f"--scheduler {address}: cannot reach the Dask scheduler: "
                        f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    with client:
        yield client


@contextlib.contextmanager
def _ignoring_sigint() -> Iterator[None]:
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def dashboard(client) -> str:
    """The engine's dashboard (task stream, progress, workers), or "" when it has none."""
    try:
        return client.dashboard_link or ""
    except (AttributeError, KeyError, ValueError):
        return ""
