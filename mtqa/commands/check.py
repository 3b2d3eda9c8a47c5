"""`mtqa check` and `mtqa rules`."""

from __future__ import annotations

import click

from ..render import FORMATS
from ..cli import EXIT_FINDINGS, EXIT_OK, FAIL_LEVELS, check_rule_ids, emit, split_ids


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
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
@click.option("--source", "source_path", default="", help="The original (any language) or the wire "
              "story the text was derived from: adds divergence findings.")
@click.option("--candidates", default="", help="A folder of wire stories: the likely source is "
              "retrieved from it (indexed once), then aligned as with --source.")
@click.option("--input-format", default="", help="Input format: text, markdown, html, ninjs, newsml, "
              "xliff, tmx, jsonl (default: recognised by content and extension).")
def check(files, fmt, output, select, ignore, rule_dirs, lang, source_lang, fail_on, encoding,
          source_path, candidates, input_format):
    """Check translated articles (FILE or - for stdin), with or without their source."""
    from .. import packs as packs_mod
    from ..config import active
    from ..finding import SEVERITY_RANK
    from ..pipeline import Options, check_input, make_context, signature
    from ..readers import read_input
    from ..render import render

    cfg = active()  # its values are already the options' defaults; severity overrides come here
    opts = Options(lang=lang, source_lang=source_lang, select=split_ids(select), ignore=split_ids(ignore),
                   rule_dirs=rule_dirs, fail_on=fail_on, severity_overrides=dict(cfg.severity))
    loaded = packs_mod.load(rule_dirs)
    cfg.check_rule_ids(loaded)
    check_rule_ids(opts, loaded)
    ctx = make_context(opts, loaded)
    # All inputs are read before any output, so a bad file stops the run cleanly.
    sources = [read_input(p, fmt=input_format or None, encoding=encoding) for p in files]
    if source_path and candidates:
        raise click.UsageError("give --source or --candidates, not both")
    original = _source_doc(read_input(source_path, encoding=encoding), source_lang) if source_path else None
    index = None
    if candidates:
        from ..candidates import CandidateIndex
        index = CandidateIndex.open(candidates)
    results = [check_input(src, ctx, lang, source_lang, original, index) for src in sources]
    report = render(fmt, results, signature(opts, loaded))
    emit(report, output)
    if fail_on == "never":
        return EXIT_OK
    bar = SEVERITY_RANK[fail_on]
    worst = max((SEVERITY_RANK[f.severity] for r in results for f in r.findings), default=-1)
    return EXIT_FINDINGS if worst >= bar else EXIT_OK


def _source_doc(src, lang):
    """The --source file as a document (its language: --source-lang, the file's, or identified)."""
    from ..pipeline import source_document

    return source_document(src.text, src.path, lang or src.tgt_lang)


@click.command("rules")
@click.option("--rules", "rule_dirs", multiple=True, help="Extra rule pack folder; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
def rules_cmd(rule_dirs, fmt):
    """List every rule with its category, severity and description."""
    import json

    from .. import packs as packs_mod
    from ..checks import all_rules

    rules = all_rules(packs_mod.load(rule_dirs))
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity,
                                "kind": r.kind, "source_langs": list(r.source_langs),
                                "description": r.description} for r in rules], indent=2))
    elif fmt == "markdown":
        click.echo(rules_markdown(rules), nl=False)
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            click.echo(f"{r.id:<{width}}  {r.severity:<8} {r.category:<24} {r.description}")
    return EXIT_OK




def rules_markdown(rules) -> str:
    """docs/rules.md: every rule, generated from the rules themselves."""
    lines = ["# mtqa rules", "", "Generated by `mtqa rules --format markdown`; do not edit by hand.", "",
             "| rule | severity | category | source languages | description |",
             "|---|---|---|---|---|"]
    for r in rules:
        langs = ", ".join(r.source_langs) or "any"
        desc = r.description.replace("|", "\\|")
        lines.append(f"| `{r.id}` | {r.severity} | {r.category} | {langs} | {desc} |")
    return "\n".join(lines) + "\n"
