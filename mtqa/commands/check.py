"""`mtqa check`: read, run the pipeline, render, exit with the verdict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import click

from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, check_options, emit, make_engine, source_and_index
from ..errors import MtqaError, one_line
from ..output import OUTPUT_HELP
from ..render import FORMATS
from ..report import InputFailure

T = TypeVar("T")
U = TypeVar("U")


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", help=OUTPUT_HELP)
@check_options
def check(files, fmt, output, encoding, source_path, candidates, input_format, **options):
    """Check translated articles (FILE or - for stdin), with or without their source.

    Exit codes: 0 PASS; 1 FAIL (a finding at --fail-on or worse, or an MQM score below
    --min-score); 2 an input, or a record of a JSONL input, could not be read or checked
    (the others are still checked and reported, and each error is one line on stderr),
    or a usage error; 3 an internal error.
    """
    from ..output import output_path
    from ..readers import read_input
    from ..render import render

    if files.count("-") > 1:  # the second read would only find stdin already drained
        raise click.UsageError("'-' (standard input) can be given only once")
    output = output_path(output, [*files, source_path], [*options["rule_dirs"], candidates])
    engine = make_engine(**options)
    # One bad file among several is reported in its place and the others are checked; a
    # lone file that cannot be read is the run's error (one line, no report).
    alone = len(files) == 1
    failures: list[InputFailure] = []
    sources = each_input(files, lambda p: read_input(p, fmt=input_format or None, encoding=encoding),
                         failures, alone)
    original, index = source_and_index(engine, source_path, candidates, encoding)
    results = each_input(sources, lambda s: engine.analyse(s, original, index), failures, alone)
    report = engine.report(results)
    report.errors = failures
    emit(render(fmt, report), output)
    return failures_exit(report.failures, report.passed)


def each_input(items: Sequence[T], fn: Callable[[T], U], failures: list[InputFailure],
               alone: bool = False) -> list[U]:
    """fn(item) for each item; an MtqaError becomes a failure of that input (a path, or a
    Source's path) and the rest go on. alone: the one input, whose error is the run's."""
    out = []
    for x in items:
        try:
            out.append(fn(x))
        except MtqaError as e:
            if alone:
                raise
            failures.append(InputFailure(getattr(x, "path", str(x)), str(e)))
    return out


def failures_exit(failures: Sequence[InputFailure], passed: bool) -> int:
    """2 when an input or record was not checked (each is told on stderr, one line); else
    the verdict of what was: 0 PASS, 1 FAIL."""
    for e in failures:
        click.echo(one_line(f"mtqa: error: {e.error}"), err=True)
    if failures:
        return EXIT_ERROR
    return EXIT_OK if passed else EXIT_FINDINGS
