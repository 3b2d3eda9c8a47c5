"""Command line: parse options, read, run, render, choose the exit code. Nothing else."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import MtqaError, one_line
from .report import FAIL_LEVELS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


class LazyGroup(click.Group):
    """Imports a subcommand's module only when that command runs (start-up stays cheap)."""

    COMMANDS = {
        "check": "mtqa.commands.check:check",
        "rules": "mtqa.commands.rules:rules_cmd",
        "score": "mtqa.commands.score:score",
        "align": "mtqa.commands.align:align_cmd",
        "audit": "mtqa.commands.audit:audit",
        "serve": "mtqa.commands.serve:serve",
    }

    def list_commands(self, ctx):
        return sorted(self.COMMANDS)

    def get_command(self, ctx, name):
        target = self.COMMANDS.get(name)
        if target is None:
            return None
        import importlib

        mod, _, attr = target.partition(":")
        return getattr(importlib.import_module(mod), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
@click.option("--config", "config_path", default="", metavar="FILE",
              help="Settings file (mtqa.toml or setup.cfg with [mtqa]); default: the first found "
              "upward from the working directory.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.pass_context
def cli(ctx, config_path, no_config):
    """Audit machine-translated news before it is published."""
    from . import config

    cfg = config.Config() if no_config else config.load(config_path) if config_path else config.discover()
    ctx.obj = cfg
    ctx.default_map = cfg.default_map()  # config values become defaults: flags win


def _set_max_input(ctx, param, value):
    from .reader import set_max_input_mb

    set_max_input_mb(value)  # read by every reader of this process (forked workers inherit it)


def engine_options(f):
    """The options that make an Engine (rules, languages, the gate): `check`, `score`,
    `audit` and `serve` share one definition, one meaning."""
    opts = [
        click.option("--select", multiple=True, help="Only these rules: ids, pack prefixes or "
                     "entries (terms.variant/finns-party); repeatable or comma-separated."),
        click.option("--ignore", multiple=True, help="Skip these rules (same forms); repeatable."),
        click.option("--rules", "rule_dirs", multiple=True, help="Extra rule pack folder; repeatable."),
        click.option("--lang", default="", help="Language of the text (default: identified)."),
        click.option("--source-lang", default="", help="Language of the source document, i.e. "
                     "the language translated from (default: identified from --source, else unknown)."),
        click.option("--calques", default="", help="Which calque packs apply: a language code, "
                     "'any' or 'none' (default: the source language, else guessed from the "
                     "dateline, untranslated leftovers or the countries the story names)."),
        click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="major", show_default=True,
                     help="FAIL (exit 1) when a finding reaches this severity."),
        click.option("--min-score", type=click.FloatRange(0, 100), default=None,
                     help="Also FAIL when the MQM score (0-100) is below this."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     help="Report divergences from the source only this sure or surer (0-1; "
                     "default 0.6, chosen on development data; see the README)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def check_options(f):
    """engine_options plus the options about what is read: the commands that check files."""
    opts = [
        click.option("--encoding", default=None, help="Input encoding (default UTF-8)."),
        click.option("--source", "source_path", default="", help="The original (any language) or the "
                     "wire story the text was derived from: adds divergence findings."),
        click.option("--candidates", default="", help="A folder of wire stories: the likely source is "
                     "retrieved from it (indexed once), then aligned as with --source."),
        click.option("--input-format", default="", help="Input format: text, markdown, html, ninjs, "
                     "newsml, xliff, tmx, jsonl (default: recognised by content and extension)."),
        click.option("--max-input-size", type=click.FloatRange(0, min_open=True), default=None,
                     metavar="MB", callback=_set_max_input, expose_value=False,
                     help="Refuse an input (file or stdin) larger than this many megabytes "
                     "(default: $MTQA_MAX_INPUT_MB, else 16)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return engine_options(f)


def split_ids(values) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def make_engine(select=(), ignore=(), rule_dirs=(), lang="", source_lang="", calques="",
                fail_on="major", min_score=None, min_confidence=None):
    """The Engine for a command's options and the active configuration file (flags win;
    the file's severity overrides apply). Rule ids named in the file are checked with the
    file's line numbers."""
    from .config import active
    from .pipeline import Engine, Options

    cfg = active()
    opts = Options(lang=lang, source_lang=source_lang, calques=calques, select=split_ids(select),
                   ignore=split_ids(ignore), rule_dirs=tuple(rule_dirs), fail_on=fail_on,
                   min_score=min_score, min_confidence=min_confidence,
                   severity_overrides=tuple(sorted(cfg.severity.items())))
    engine = Engine(opts, check_ids=False)
    cfg.check_rule_ids(engine)  # ids from the file: errors name the file and line
    engine.check_ids([*engine.options.select, *engine.options.ignore])
    return engine


def source_and_index(engine, source_path: str, candidates: str, encoding):
    """The --source document and the --candidates index a command checks against (either may
    be None); both options at once is a usage error."""
    if source_path and candidates:
        raise click.UsageError("give --source or --candidates, not both")
    original = index = None
    if source_path:
        from .readers import read_input

        s = read_input(source_path, encoding=encoding)
        original = engine.source_document(s.text, s.path, s.tgt_lang)
    if candidates:
        from .candidates import CandidateIndex

        index = CandidateIndex.open(candidates)
    return original, index


def emit(report: str, output: str) -> None:
    """The report to the -o file (checked by output.output_path first) or to stdout."""
    from .output import write_atomic, write_stdout

    if output and output != "-":
        write_atomic(output, report)
    else:
        write_stdout(report)


def main(argv=None) -> int:
    from .output import flush_stdout, guard_stdio, silence_stdout
    from .reader import set_max_input_mb
    from .resources import tune_gc

    guard_stdio()
    tune_gc()
    set_max_input_mb(None)  # a previous in-process run's --max-input-size does not carry over
    try:
        rv = cli.main(args=argv, prog_name="mtqa", standalone_mode=False)
        flush_stdout()  # a full or closed stdout is the user's fault: exit 2, one line
    except click.UsageError as e:
        click.echo(one_line(f"mtqa: error: {e.format_message()}"), err=True)
        return EXIT_ERROR
    except click.exceptions.Abort as e:
        if isinstance(e.__cause__, KeyboardInterrupt):  # click's form of Ctrl-C
            click.echo("mtqa: interrupted", err=True)
            return 130
        click.echo("mtqa: aborted", err=True)
        return EXIT_ERROR
    except MtqaError as e:
        click.echo(one_line(f"mtqa: error: {e}"), err=True)
        return EXIT_ERROR
    except BrokenPipeError:  # `mtqa ... | head`: the reader has all it wanted
        silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug in mtqa: still one line, and a distinct exit code
        if os.environ.get("MTQA_DEBUG"):
            raise
        click.echo(one_line(f"mtqa: internal error: {type(e).__name__}: {e} "
                            "(MTQA_DEBUG=1 shows the traceback)"), err=True)
        return EXIT_BUG
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
