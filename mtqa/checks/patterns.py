"""Pattern rules from the packs: calques and literalisms per source language, web boilerplate."""

from __future__ import annotations

from ..finding import Finding
from ..source_lang import active_source_langs


def rules(packs):
    return packs.pattern_rules


def run(doc, ctx):
    langs = active_source_langs(doc, ctx)
    text = doc.text
    for rule in ctx.packs.pattern_rules:
        if not ctx.enabled(rule.id):
            continue
        if rule.source_langs and langs is not None and not set(rule.source_langs) & langs:
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
                yield Finding(rule.id, entry.category, entry.severity, m.start(), m.end(),
                              entry.message, sugg, evidence)
