"""An archive audit from start to end: plan the partitions, skip those already done, run
the rest on the cluster, then add up their sums and write the summary and dashboard."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..batch.job import BatchConfig
from ..batch.runner import Interrupted
from ..errors import MtqaError, first_line
from . import tables
from .plan import DEFAULT_SIZE, Part, plan

DASHBOARD = "dashboard.html"
STOP_AFTER = 20  # partitions failed, none done: the run stops (the place is wrong, not a story)


@dataclass
class ArchiveResult:
    parts: int  # partitions in the archive
    skipped: int  # of them already done by an earlier run (same key, files intact)
    stories: int  # stories done (all partitions, this run's and earlier ones')
    cached: int = 0  # checked stories in partitions an earlier run had done
    total: int = 0  # stories planned
    # partition -> (kind, why) when it has no output: "unwritable" (its files could not be
    # written), "refused" (a worker with another mtqa) or "error" (the engine gave up on
    # it, or a bug)
    failed: dict[int, tuple[str, str]] = field(default_factory=dict)
    agg: dict = field(default_factory=dict)  # aggregate.combine()
    workers: int = 0  # on the cluster when the run started (0: nothing was left to run)
    dashboard: str = ""
    seconds: float = 0.0


# Called as progress(done, total) in stories, once before the first partition is sent.
ProgressFn = Callable[[int, int], None]


def run_archive(paths, config: BatchConfig, scheduler: str, size: int = DEFAULT_SIZE,
                progress: ProgressFn | None = None, log: Callable[[str], None] | None = None) -> ArchiveResult:
    """Audit an archive into config.out_dir on the cluster at `scheduler` (see
    mtqa.archive.cluster). Raises MtqaError for usage errors, before anything is written;
    Interrupted (SIGINT, SIGTERM) with the stories done so far."""
    from ..batch import job
    from . import cluster

    t0 = time.perf_counter()
    cluster.check_address(scheduler)
    cluster.require()
    shown = config.out_dir
    config = absolute(config)
    out_dir = config.out_dir
    parts = plan(paths, out_dir, size)
    sig, base = job.run_key(config)
    done: dict[int, dict] = {}
    for p in parts:
        marker = tables.is_done(out_dir, p.number, p.key(base)) if config.use_cache else None
        if marker:
            done[p.number] = marker
    todo = [p for p in parts if p.number not in done]
    stories = sum(m["stories"] for m in done.values())
    result = ArchiveResult(len(parts), len(done), stories,
                           cached=sum(m["agg"]["totals"]["checked"] for m in done.values()),
                           total=stories + sum(p.stories for p in todo))
    try:
        with contextlib.ExitStack() as stack:
            # The cluster first: an address that does not answer is an error before any write.
            client = stack.enter_context(cluster.connect(scheduler)) if todo else None
            os.makedirs(out_dir, exist_ok=True)
            _clear(out_dir, set(done))
            if client is not None:
                result.dashboard = cluster.dashboard(client)
                result.workers = len(client.scheduler_info().get("workers", {}))
                if log and result.dashboard:
                    log(f"mtqa: Dask dashboard: {result.dashboard}")
                if progress:
                    progress(result.stories, result.total)
                # (closed here, while the client is up: what is still queued is cancelled)
                with contextlib.closing(_submit(client, todo, config, base, sig["string"])) as finished:
                    _collect(finished, result, done, progress)
        _finish(out_dir, shown, sig["string"], done, result)
    except Interrupted as e:  # the partitions written so far are kept: a re-run does the rest
        e.done, e.total = result.stories, result.total
        raise
    result.seconds = time.perf_counter() - t0
    return result


def absolute(config: BatchConfig) -> BatchConfig:
    """The run's paths made absolute: a worker's working folder is not this process's."""
    def a(path: str) -> str:
        return os.path.abspath(path) if path else path
    return dataclasses.replace(
        config, out_dir=a(config.out_dir), source_path=a(config.source_path), candidates=a(config.candidates),
        options=dataclasses.replace(config.options, rule_dirs=tuple(map(a, config.options.rule_dirs))))


def _clear(out_dir: str, keep: set[int]) -> None:
    """Before a run writes: the files of every partition it will redo (or that no longer
    exists) and the run's own outputs go, so an interrupted run never leaves another run's
    rows among its own, nor a summary of something else."""
    from .aggregate import OUTPUTS

    tables.remove_parts(out_dir, keep)
    for name in (*OUTPUTS, DASHBOARD):  # only mtqa's own files, in its own folders
        sub, _, file = name.rpartition("/")
        folder = tables.own_folder(out_dir, sub)
        path = os.path.join(folder or "", file)
        if folder and (os.path.islink(path) or os.path.isfile(path)):
            os.unlink(path)


def _finish(out_dir: str, shown: str, sig: str, done: dict[int, dict], result: ArchiveResult) -> None:
    """The run's outputs from the finished partitions' sums (and rows of summary.csv)."""
    from ..output import remove_temp_files, write_atomic
    from . import aggregate
    from .dashboard import render_dashboard

    # A worker killed mid-write left its temporary file; no writer of this run is left now.
    for name in ("", tables.DOCUMENTS, tables.FINDINGS, tables.MARKERS, aggregate.FOLDER):
        folder = tables.own_folder(out_dir, name)
        if folder:
            remove_temp_files(folder, None, walk=False)
    finished = sorted(done)
    result.stories = sum(done[n]["stories"] for n in finished)
    result.agg = aggregate.combine([done[n]["agg"] for n in finished], f"mtqa archive audit: {shown}", sig)
    aggregate.write_outputs(out_dir, finished, result.agg)
    write_atomic(os.path.join(out_dir, DASHBOARD), render_dashboard(result.agg), inside=out_dir)


def _collect(finished, result: ArchiveResult, done: dict, progress: ProgressFn | None) -> None:
    """Partitions into done (or result.failed) as they finish; result.stories and .total
    follow (a collection's blank lines turn out not to be stories)."""
    for p, marker, failure in finished:
        if failure:
            result.failed[p.number] = failure
            result.total -= p.stories
            if not done and len(result.failed) >= STOP_AFTER \
                    and all(kind != "error" for kind, _ in result.failed.values()):
                # Nothing has worked: the workers cannot write -o or run this mtqa. Say so now,
                # rather than after checking the whole archive for nothing.
                raise MtqaError(f"stopped: none of the first {len(result.failed)} partitions could be "
                                f"written or run; the first: {failure[1]}")
        else:
            done[p.number] = marker
            result.stories += marker["stories"]
            result.total += marker["stories"] - p.stories
        if progress:
            progress(result.stories, result.total)


def _submit(client, todo: list[Part], config: BatchConfig, base: str, sig: str):
    """(part, marker, None) as partitions finish, or (part, None, (kind, why)) for one that
    failed. An interrupt (Ctrl-C) cancels what is still queued or running."""
    from distributed import as_completed

    from .work import run_part

    tag = hashlib.sha256(f"{base}|{config.out_dir}".encode("utf-8", "surrogateescape")).hexdigest()[:10]
    futures = client.map(run_part, todo, config=config, key_base=base, sig=sig,
                         key=[f"mtqa-part-{p.number:06d}-{tag}" for p in todo], pure=False)
    by_key = {f.key: p for f, p in zip(futures, todo, strict=True)}
    try:
        for fut in as_completed(futures):
            p = by_key[fut.key]
            try:
                marker = fut.result()
            except MtqaError as e:
                yield p, None, ("error", str(e))
            except Exception as e:  # the engine's own (a worker killed too often) or a bug
                yield p, None, ("error", f"{type(e).__name__}: {first_line(e)}")
            else:
                if "error" in marker:
                    yield p, None, (marker["kind"], marker["error"])
                else:
                    yield p, marker, None
    finally:
        client.cancel([f for f in futures if not f.done()])
