"""Command line: parse options, read, run, render, choose the exit code. Nothing else."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import MtqaError

FAIL_LEVELS = ("critical", "major", "minor", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


class LazyGroup(click.Group):
    """Imports a subcommand's module only when that command runs (start-up stays cheap)."""

    COMMANDS = {
        "check": "mtqa.commands.check:check",
        "rules": "mtqa.commands.check:rules_cmd",
        "score": "mtqa.commands.score:score",
        "align": "mtqa.commands.align:align_cmd",
        "audit": "mtqa.commands.audit:audit",
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


def check_options(f):
    """The options `check` and `audit` share: one definition, one meaning."""
    opts = [
        click.option("--select", multiple=True, help="Only these rules (ids or pack prefixes); repeatable."),
        click.option("--ignore", multiple=True, help="Skip these rules (ids or pack prefixes); repeatable."),
        click.option("--rules", "rule_dirs", multiple=True, help="Extra rule pack folder; repeatable."),
        click.option("--lang", default="", help="Language of the text (default: identified)."),
        click.option("--source-lang", default="", help="Language translated from: chooses calque packs "
                     "(default: guessed; 'any' applies all)."),
        click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="major", show_default=True,
                     help="Exit 1 when a finding reaches this severity."),
        click.option("--encoding", default=None, help="Input encoding (default UTF-8)."),
        click.option("--source", "source_path", default="", help="The original (any language) or the "
                     "wire story the text was derived from: adds divergence findings."),
        click.option("--candidates", default="", help="A folder of wire stories: the likely source is "
                     "retrieved from it (indexed once), then aligned as with --source."),
        click.option("--input-format", default="", help="Input format: text, markdown, html, ninjs, "
                     "newsml, xliff, tmx, jsonl (default: recognised by content and extension)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def split_ids(values) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def check_rule_ids(opts, loaded) -> None:
    if not opts.select and not opts.ignore:
        return
    from .checks import all_rules
    from .rules import matches

    ids = [r.id for r in all_rules(loaded)]
    for p in opts.select + opts.ignore:
        if p != "ALL" and not any(matches(i, [p]) for i in ids):
            raise MtqaError(f"unknown rule or pack '{p}' (see 'mtqa rules')")


def emit(report: str, output: str) -> None:
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
