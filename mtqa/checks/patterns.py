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
    text = doc.text
    for rule in ctx.packs.pattern_rules:
        if not ctx.wants(rule) or not ctx.calques_apply(rule):
            continue
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
                yield rule.finding(m.start(), m.end(), entry.message, sugg, evidence, entry=entry.id)
