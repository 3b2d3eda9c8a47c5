"""`mtqa audit`: check folders of stories in parallel, a report per story and a summary.

    mtqa audit incoming/ --jobs 4 -o reports/

Folders are walked for inputs by extension (mtqa.batch.AUDIT_EXTENSIONS; hidden folders and
files, and the output folder, are skipped); files named on the command line are audited
whatever their extension. Stories are checked in worker processes that load the rule
packs and data once each; results come back in sorted path order whatever the number of
workers. In the output folder (all written atomically; inputs are only ever read):

    <path relative to the inputs' common folder>.json   one report per story (--report-format)
    summary.csv, summary.jsonl                          one row per input, sorted by path
    .mtqa-cache/index.json                              per-story results for re-runs

A re-run reuses a story's stored result when its content, the options, the rule packs
and mtqa itself are unchanged (the key includes the check signature) and its report is
still the one written for it.

Exit codes: 0 nothing reaches --fail-on; 1 a finding reaches --fail-on; 2 an input (or a
record of a JSONL input) could not be read, or a story's report could not be written (the
others are still audited and reported; also usage errors); 3 mtqa failed on a story (an
internal error, reported in the summary, which is still written).

With --scheduler (local:N, a Dask scheduler's address or its scheduler file) the stories
are checked on a Dask cluster instead, a partition at a time, and the results are Parquet
tables (documents/, findings/), summary.csv, aggregates/ and dashboard.html (mtqa.archive;
the README's "Archive audits on a Dask cluster").

The batch itself (inputs, workers, cache, summaries) is mtqa.batch; this is its command line.
"""

from __future__ import annotations

import functools
import shutil
import sys
import time

import click

from ..cli import EXIT_BUG, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, check_options, make_engine
from ..errors import one_line
from ..reader import max_input_mb
from ..render import FORMATS


def _stop_on_signals(command):
    """SIGINT (Ctrl-C) and SIGTERM stop an audit within a second or two: workers stopped
    quietly, every finished story's result kept in the cache (a re-run does only the rest),
    one line on stderr, exit 130 or 143 (128 + the signal's number)."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        from ..batch.runner import Interrupted, interruptible

        try:
            with interruptible():
                return command(*args, **kwargs)
        except Interrupted as e:
            done = f"{e.done} of {e.total} stories done" if e.total else "no story done"
            click.echo(f"mtqa: interrupted ({done}; re-run to continue)", err=True)
            return 128 + e.signum
    return run


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", required=True,
              help="Folder for the per-story reports, summary.csv and summary.jsonl (created).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes (0 = one per CPU).")
@click.option("--report-format", "--format-report", "report_fmt", type=click.Choice(FORMATS),
              default="json", show_default=True, help="Format of the per-story reports.")
@check_options
@click.option("--no-cache", is_flag=True, help="Check every story again; do not store results.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Worst stories listed in the summary (0 = all; with --scheduler at most 50: "
                   "all are in summary.csv).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask cluster: local:N (N worker processes here), a scheduler's "
                   "address (tcp://host:8786) or a scheduler file. Results go to Parquet tables, "
                   "summary.csv, aggregates/ and dashboard.html in -o (see the README's Archive "
                   "audits); .jsonl/.ndjson collections and .parquet tables are read a story per "
                   "line or row. Needs the archive extra.")
@click.option("--partition-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="With --scheduler: stories per partition (the unit a worker checks and writes).")
@_stop_on_signals
def audit(paths, out_dir, jobs, report_fmt, encoding, source_path, candidates, input_format, no_cache,
          top, scheduler, partition_size, **options):
    """Audit folders of stories: a report per story, a summary table, summary.csv/.jsonl."""
    from ..batch import INPUT_FAULTS, BatchConfig, run_batch, summary_text

    if source_path and candidates:
        raise click.UsageError("give --source or --candidates, not both")
    ctx = click.get_current_context()
    given = {k for k in ("jobs", "report_fmt", "partition_size")
             if ctx.get_parameter_source(k) == click.core.ParameterSource.COMMANDLINE}
    if scheduler is None and "partition_size" in given:
        raise click.UsageError("--partition-size goes with --scheduler")
    if scheduler is not None and given & {"jobs", "report_fmt"}:
        raise click.UsageError("with --scheduler the cluster's workers run the stories and write "
                               "Parquet tables: --jobs and --report-format do not apply")
    from ..batch.inputs import check_out_dir

    check_out_dir(out_dir, [source_path], [candidates, *options["rule_dirs"]])  # before any write
    if input_format:
        from ..readers.detect import normalise_format
        input_format = normalise_format(input_format)
    # Validated here, once, with the configuration file's line numbers; workers reuse it.
    engine = make_engine(**options)
    config = BatchConfig(
        out_dir=out_dir, report_fmt=report_fmt, options=engine.options, input_format=input_format,
        encoding=encoding, source_path=source_path, candidates=candidates, use_cache=not no_cache,
        max_input_mb=max_input_mb())

    if scheduler is not None:
        return _archive(paths, config, scheduler, partition_size, top)

    bar = ProgressBar(sys.stderr)
    try:
        result = run_batch(paths, config, jobs=jobs, progress=bar)
    finally:
        bar.close()

    for r in result.rows:
        if r["status"] != "ok":
            click.echo(one_line(f"mtqa: {'failed' if r['status'] == 'error' else r['status']}: "
                                f"{r['error']}"), err=True)
    click.echo(summary_text(result.rows, result.cached, out_dir, result.signature["string"], top,
                            result.jobs, result.seconds))

    if result.count("error"):
        return EXIT_BUG
    if any(r["status"] in INPUT_FAULTS for r in result.rows):
        return EXIT_ERROR
    # The one verdict: a story that fails the gate (--fail-on, --min-score) fails the batch.
    return EXIT_FINDINGS if any(r["pass"] is False for r in result.rows) else EXIT_OK


FAILURES_SHOWN = 10  # partitions without output, named one by one on stderr


def _archive(paths, config, scheduler: str, size: int, top: int) -> int:
    """`audit --scheduler`: the archive on a Dask cluster (mtqa.archive)."""
    from ..archive import aggregate
    from ..archive.run import run_archive
    from ..batch import INPUT_FAULTS
    from ..batch.summary import format_summary

    bar = ProgressBar(sys.stderr, lines_every=60.0)
    try:
        result = run_archive(paths, config, scheduler, size, progress=bar,
                             log=lambda line: click.echo(line, err=True))
    finally:
        bar.close()
    out, agg = config.out_dir, result.agg
    for status, error in agg["errors"]:
        click.echo(one_line(f"mtqa: {'failed' if status == 'error' else status}: {error}"), err=True)
    if agg["error_count"] > len(agg["errors"]):
        click.echo(f"mtqa: ... and {agg['error_count'] - len(agg['errors'])} more (the status and "
                   f"error columns of {out}/documents and summary.csv)", err=True)
    failed = sorted(result.failed.items())
    for n, (kind, why) in failed[:FAILURES_SHOWN]:
        what = "failed" if kind == "error" else kind
        click.echo(one_line(f"mtqa: {what}: partition {n} (re-run to retry it): {why}"), err=True)
    if len(failed) > FAILURES_SHOWN:
        click.echo(f"mtqa: ... and {len(failed) - FAILURES_SHOWN} more partitions without output "
                   "(re-run to retry them)", err=True)
    text = format_summary(aggregate.summary_stats(agg, top, result.cached), out, agg["signature"], result.workers,
                          result.seconds, what=("story", "stories"), runners="worker",
                          written="documents/ and findings/ as Parquet, summary.csv, aggregates/, "
                                  "dashboard.html")
    click.echo(text)
    status = agg["status"]
    kinds = {kind for kind, _ in result.failed.values()}
    if status.get("error") or "error" in kinds:
        return EXIT_BUG
    if kinds or any(status.get(s) for s in INPUT_FAULTS):
        return EXIT_ERROR
    return EXIT_FINDINGS if agg["totals"]["failing"] else EXIT_OK


class ProgressBar:
    """progress(done, total) as a one-line bar on a terminal; silent when not a terminal."""

    def __init__(self, stream, lines_every: float = 0.0):
        """lines_every: when not a terminal, a plain progress line this often (seconds; 0 =
        none), for the logs of long runs."""
        self.stream, self.shown, self.every = stream, False, lines_every
        self.on = hasattr(stream, "isatty") and stream.isatty()
        self.t0 = self.last = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if not self.on:
            self._line(done, total)
            return
        if total <= 0:
            return
        now = time.perf_counter()
        if done == 0:  # the stories start now
            self.t0 = self.last = now
            return
        if now - self.last < 0.1 and done < total:
            return
        self.last, self.shown = now, True
        cols = shutil.get_terminal_size((80, 20)).columns
        tail = f" {done}/{total} {now - self.t0:.0f}s"
        width = max(10, min(40, cols - len(tail) - 10))
        fill = int(width * done / total)
        self.stream.write(f"\rauditing [{'#' * fill}{'.' * (width - fill)}]{tail}")
        self.stream.flush()

    def _line(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.every <= 0 or total <= 0 or now - self.last < self.every:
            return
        self.last = now
        rate = done / max(now - self.t0, 1e-9)
        self.stream.write(f"mtqa: {done:,} of {total:,} stories ({100 * done // total} %), "
                          f"{rate:,.0f} stories/s\n")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            cols = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (cols - 1) + "\r")
            self.stream.flush()
