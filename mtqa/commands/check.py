"""`mtqa check`: read, run the pipeline, render, exit with the verdict."""

from __future__ import annotations

import click

from ..cli import EXIT_FINDINGS, EXIT_OK, check_options, emit, make_engine, source_and_index
from ..render import FORMATS


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="", help="Write the report to this file (atomically).")
@check_options
def check(files, fmt, output, encoding, source_path, candidates, input_format, **options):
    """Check translated articles (FILE or - for stdin), with or without their source."""
    from ..readers import read_input
    from ..render import render

    engine = make_engine(**options)
    # All inputs are read before any output, so a bad file stops the run cleanly.
    sources = [read_input(p, fmt=input_format or None, encoding=encoding) for p in files]
    original, index = source_and_index(engine, source_path, candidates, encoding)
    report = engine.report([engine.analyse(src, original, index) for src in sources])
    emit(render(fmt, report), output)
    return EXIT_OK if report.passed else EXIT_FINDINGS
