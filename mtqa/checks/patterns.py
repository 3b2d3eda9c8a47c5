"""Pattern rules from the packs: calques and literalisms per source language, web boilerplate."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..finding import Finding
from ..packs import PackSet
from ..rules import Rule
from .context import Context


def rules(packs: PackSet) -> list[Rule]:
    return packs.pattern_rules


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    for rule in ctx.packs.pattern_rules:
        if ctx.wants(rule) and ctx.calques_apply(rule):
            yield from _outermost(_matches(doc.text, rule))


def _outermost(found: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: where two entries of a rule match nested spans
    ('9.30 Uhr' and '30 Uhr'), the longer one stands."""
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if not any(k.start <= f.start and f.end <= k.end for k in kept):
            kept.append(f)
    return kept


def _matches(text: str, rule: Rule) -> list[Finding]:
    out = []
    for entry in rule.entries:
        for m in entry.regex.finditer(text):
            if m.group() in entry.allow or m.end() == m.start():
                continue
            sugg = m.expand(entry.suggestion) if "\\" in entry.suggestion else entry.suggestion
            evidence = {"pack": rule.pack, "pattern": entry.regex.pattern}
            if entry.note:
                evidence["note"] = entry.note
            if entry.provenance:
                evidence["provenance"] = entry.provenance
            out.append(rule.finding(m.start(), m.end(), entry.message, sugg, evidence,
                                    entry=entry.id))
    return out
