"""What a cluster worker does with one partition: read its stories, check each, write the
partition's tables. A plain module-level function, so Dask (or any pool) can ship it.

Also a Dask preload (`dask worker --preload mtqa.archive.work`, as local:N clusters do):
mtqa is imported when the worker starts, and the worker ignores Ctrl-C meant for the client.

A story that cannot be read, or that mtqa fails on, is a row with its error: never the
end of the partition, let alone the job. The same partition gives the same bytes on any
worker, so a partition re-run after a worker died writes exactly what the first run would.
"""

from __future__ import annotations

import os
import signal
import threading
import time

from ..batch.job import BatchConfig, WorkerState, check_one, init_worker
from ..batch.summary import error_row, result_row, summary_csv
from ..errors import MtqaError
from .aggregate import partial
from .plan import Part
from .stories import read_part
from .tables import document_row, finding_rows, write_part

# mtqa's engine keeps per-process memos: a worker with several threads runs its partitions
# one at a time (with one thread per worker process, as the README advises, it never waits).
_LOCK = threading.Lock()


def run_part(part: Part, config: BatchConfig, key_base: str, sig: str) -> dict:
    """Check and write one partition; returns its marker with the seconds it took, or
    {"part", "kind", "error"} when its files cannot be written ("unwritable") or this
    worker cannot run it ("refused"): the place's fault, not a bug, said in one line (with
    no trace in the engine's log).
    sig: the client's check signature, which this worker's mtqa must share."""
    with _LOCK:
        t0 = time.perf_counter()
        try:
            st = init_worker(config, key_base)
        except MtqaError as e:  # e.g. a --source this worker cannot read
            return {"part": part.number, "kind": "refused", "error": str(e)}
        if st.sig["string"] != sig:
            return {"part": part.number, "kind": "refused",
                    "error": f"a worker runs another mtqa ({st.sig['string']}, not {sig}): install "
                             "the same version on every worker"}
        try:
            return {**_run_part(part, st, key_base, sig), "seconds": time.perf_counter() - t0,
                    "pid": os.getpid()}
        except MtqaError as e:
            return {"part": part.number, "kind": "unwritable", "error": str(e)}
        except OSError as e:  # a folder of -o that is a file, a full disk...
            where = f"{e.filename}: " if e.filename else ""
            return {"part": part.number, "kind": "unwritable",
                    "error": f"{where}cannot write: {e.strerror or e}"}


def _run_part(part: Part, st: WorkerState, key_base: str, sig: str) -> dict:
    config = st.config
    documents, findings, rows = [], [], []
    for story in read_part(part, config.input_format, config.encoding):
        r = None
        if story.error:
            row = error_row(story.key, "unreadable", story.error)
        else:
            try:
                r = check_one(st, story.src)
                row = result_row(r, "")
            except MtqaError as e:
                row = error_row(story.key, "unreadable", str(e))
            except Exception as e:  # a bug: recorded for this story, the job goes on
                if os.environ.get("MTQA_DEBUG"):
                    raise
                row = error_row(story.key, "error",
                                f"{story.key}: internal error: {type(e).__name__}: {e}")
                r = None
        rows.append(row)
        documents.append(document_row(story, part.number, row, r, sig))
        if r is not None:
            findings.extend(finding_rows(story.key, part.number, r))
    return write_part(config.out_dir, part.number, part.key(key_base), documents, findings,
                      partial(documents, findings), summary_csv(rows, header=False))


def dask_setup(worker) -> None:
    """Run by Dask in a worker process that preloads this module, as the worker starts."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
