"""Command line: parse options, read, run, render, choose the exit code. Nothing else."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import MtqaError

FAIL_LEVELS = ("critical", "major", "minor", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
def cli():
    """Audit machine-translated news before it is published."""


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="", help="Write the report to this file (atomically).")
@click.option("--select", multiple=True, help="Only these rules (ids or pack prefixes); repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rules (ids or pack prefixes); repeatable.")
@click.option("--rules", "rule_dirs", multiple=True, help="Extra rule pack folder; repeatable.")
@click.option("--lang", default="", help="Language of the text (default: identified).")
@click.option("--source-lang", default="", help="Language translated from: chooses calque packs "
              "(default: guessed; 'any' applies all).")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="major", show_default=True,
              help="Exit 1 when a finding reaches this severity.")
@click.option("--encoding", default=None, help="Input encoding (default UTF-8).")
def check(files, fmt, output, select, ignore, rule_dirs, lang, source_lang, fail_on, encoding):
    """Check translated articles (FILE or - for stdin) without the source."""
    from . import packs as packs_mod
    from .finding import SEVERITY_RANK
    from .pipeline import Options, check_text, make_context, signature
    from .reader import read_text
    from .render import render

    opts = Options(lang=lang, source_lang=source_lang, select=_split(select), ignore=_split(ignore),
                   rule_dirs=rule_dirs, fail_on=fail_on)
    loaded = packs_mod.load(rule_dirs)
    _check_rule_ids(opts, loaded)
    ctx = make_context(opts, loaded)
    texts = [(p, read_text(p, encoding)) for p in files]  # all inputs read before any output
    results = [check_text(t, "<stdin>" if p == "-" else p, ctx, lang) for p, t in texts]
    report = render(fmt, results, signature(opts, loaded))
    _emit(report, output)
    if fail_on == "never":
        return EXIT_OK
    bar = SEVERITY_RANK[fail_on]
    worst = max((SEVERITY_RANK[f.severity] for r in results for f in r.findings), default=-1)
    return EXIT_FINDINGS if worst >= bar else EXIT_OK


@cli.command("rules")
@click.option("--rules", "rule_dirs", multiple=True, help="Extra rule pack folder; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_cmd(rule_dirs, fmt):
    """List every rule with its category, severity and description."""
    import json

    from . import packs as packs_mod
    from .checks import all_rules

    rules = all_rules(packs_mod.load(rule_dirs))
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity,
                                "kind": r.kind, "source_langs": list(r.source_langs),
                                "description": r.description} for r in rules], indent=2))
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            click.echo(f"{r.id:<{width}}  {r.severity:<8} {r.category:<24} {r.description}")
    return EXIT_OK


def _split(values) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def _check_rule_ids(opts, loaded) -> None:
    from .checks import all_rules
    from .rules import matches

    ids = [r.id for r in all_rules(loaded)]
    for p in opts.select + opts.ignore:
        if p != "ALL" and not any(matches(i, [p]) for i in ids):
            raise MtqaError(f"unknown rule or pack '{p}' (see 'mtqa rules')")


def _emit(report: str, output: str) -> None:
    if output:
        from .output import write_atomic
        write_atomic(output, report)
    else:
        sys.stdout.write(report)


def main(argv=None) -> int:
    try:
        rv = cli.main(args=argv, prog_name="mtqa", standalone_mode=False)
    except click.UsageError as e:
        click.echo(f"mtqa: error: {e.format_message()}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("mtqa: aborted", err=True)
        return EXIT_ERROR
    except MtqaError as e:
        click.echo(f"mtqa: error: {e}", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug in mtqa: still one line, and a distinct exit code
        if os.environ.get("MTQA_DEBUG"):
            raise
        click.echo(f"mtqa: internal error: {type(e).__name__}: {e} (MTQA_DEBUG=1 shows the traceback)",
                   err=True)
        return EXIT_BUG
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
