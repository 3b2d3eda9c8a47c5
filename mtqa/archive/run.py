"""An archive audit from start to end: plan the partitions, skip those already done, run
the rest on the cluster, then count the tables and write the summary and dashboard."""

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
from ..errors import MtqaError
from . import tables
from .plan import DEFAULT_SIZE, Part, plan


@dataclass
class ArchiveResult:
    parts: int  # partitions in the archive
    skipped: int  # of them already done by an earlier run (same key, files intact)
    stories: int  # stories done (all partitions, this run's and earlier ones')
    cached: int = 0  # of them in partitions an earlier run had done
    total: int = 0  # stories planned
    failed: dict[int, str] = field(default_factory=dict)  # partition -> why it has no output
    agg: dict = field(default_factory=dict)  # aggregate.aggregate()
    workers: int = 0
    dashboard: str = ""
    seconds: float = 0.0


# Called as progress(done, total) in stories, once before the first partition is sent.
ProgressFn = Callable[[int, int], None]


def run_archive(paths, config: BatchConfig, scheduler: str, size: int = DEFAULT_SIZE,
                progress: ProgressFn | None = None, log: Callable[[str], None] | None = None) -> ArchiveResult:
    """Audit an archive into config.out_dir on the cluster at `scheduler` (see
    mtqa.archive.cluster). Raises MtqaError for usage errors, before anything is written."""
    from ..batch import job
    from . import aggregate, cluster
    from .dashboard import render_dashboard

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
    result = ArchiveResult(len(parts), len(done), stories, cached=stories,
                           total=stories + sum(p.stories for p in todo))
    with contextlib.ExitStack() as stack:
        # The cluster first: an address that does not answer is an error before any write.
        client = stack.enter_context(cluster.connect(scheduler)) if todo else None
        os.makedirs(out_dir, exist_ok=True)
        tables.remove_other_parts(out_dir, len(parts))
        if client is not None:
            result.dashboard = cluster.dashboard(client)
            result.workers = len(client.scheduler_info().get("workers", {}))
            if log and result.dashboard:
                log(f"mtqa: Dask dashboard: {result.dashboard}")
            if progress:
                progress(result.stories, result.total)
            try:
                _collect(_submit(client, todo, config, base, sig["string"]), result, done, progress)
            except Interrupted as e:  # partitions written so far are kept: a re-run does the rest
                e.done, e.total = result.stories, result.total
                raise
    _sweep(out_dir)
    finished = sorted(done)
    result.stories = sum(done[n]["stories"] for n in finished)
    title = f"mtqa archive audit: {shown}"
    result.agg = aggregate.combine([done[n]["agg"] for n in finished], title, sig["string"])
    aggregate.write_outputs(out_dir, finished, result.agg)
    from ..output import write_atomic
    write_atomic(os.path.join(out_dir, "dashboard.html"), render_dashboard(result.agg), inside=out_dir)
    result.seconds = time.perf_counter() - t0
    return result


def absolute(config: BatchConfig) -> BatchConfig:
    """The run's paths made absolute: a worker's working folder is not this process's."""
    def a(path: str) -> str:
        return os.path.abspath(path) if path else path
    return dataclasses.replace(
        config, out_dir=a(config.out_dir), source_path=a(config.source_path), candidates=a(config.candidates),
        options=dataclasses.replace(config.options, rule_dirs=tuple(map(a, config.options.rule_dirs))))


def _collect(finished, result: ArchiveResult, done: dict, progress: ProgressFn | None) -> None:
    """Partitions into done (or result.failed) as they finish; result.stories and .total
    follow (a collection's blank lines turn out not to be stories)."""
    for p, marker, error in finished:
        if error:
            result.failed[p.number] = error
            result.total -= p.stories
        else:
            done[p.number] = marker
            result.stories += marker["stories"]
            result.total += marker["stories"] - p.stories
        if progress:
            progress(result.stories, result.total)


def _submit(client, todo: list[Part], config: BatchConfig, base: str, sig: str):
    """(part, marker, "") as partitions finish, or (part, None, why) for one that failed.
    An interrupt (Ctrl-C) cancels what is still queued or running."""
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
                yield p, fut.result(), ""
            except MtqaError as e:
                yield p, None, str(e)
            except Exception as e:  # the engine's own (a worker killed too often) or mtqa's
                yield p, None, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    finally:
        client.cancel([f for f in futures if not f.done()])


def _sweep(out_dir: str) -> None:
    """Temporary files of writers that died mid-write (a killed worker): when the run ends
    no writer of this run is left, so any still there is stale."""
    from ..output import TEMP_PREFIX

    for folder in (tables.DOCUMENTS, tables.FINDINGS, tables.MARKERS):
        try:
            names = os.listdir(os.path.join(out_dir, folder))
        except OSError:
            continue
        for name in names:
            if name.startswith(TEMP_PREFIX):
                try:
                    os.unlink(os.path.join(out_dir, folder, name))
                except OSError:
                    pass
