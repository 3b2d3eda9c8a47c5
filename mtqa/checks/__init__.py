"""The reference-free checks: each module declares RULES (or rules(packs)) and
run(doc, ctx) -> iterable of Findings made through its rules.

Checks are pure: an annotated Document and a Context in, Findings out. They never print,
never read the user's files and never write to the document; shared data comes through
mtqa.resources and per-document facts through mtqa.annotate.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType

from ..annotate import annotate
from ..document import Document
from ..finding import Finding, dedupe
from ..packs import PackSet
from ..rules import Rule
from .context import Context

# Module names under mtqa.checks, in the order they run.
MODULES = ("language", "leftovers", "terms", "names", "target_names", "persons", "patterns", "furniture", "collocations", "wordchoice", "mechanics",
           "typography", "grammar")


@dataclass
class CheckResult:
    """Findings of the enabled rules, and the enabled rules skipped for the text's language."""
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Rule] = field(default_factory=list)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def module_rules(mod: ModuleType, packs: PackSet) -> list[Rule]:
    """A check's rules: fixed RULES for code checks, rules(packs) for data-driven ones."""
    return list(mod.rules(packs)) if hasattr(mod, "rules") else list(mod.RULES)


def all_rules(packs: PackSet) -> list[Rule]:
    return [r for name in MODULES for r in module_rules(_module(name), packs)]


def run_checks(doc: Document, ctx: Context) -> CheckResult:
    """Every module with an enabled rule that applies to the text's language; the enabled
    findings of applicable rules, and the enabled rules skipped for the language."""
    annotate(doc)
    out = CheckResult()
    yielding: list[tuple[tuple[str, ...], list[Finding]]] = []
    for name in MODULES:
        mod = _module(name)
        wanted = [r for r in module_rules(mod, ctx.packs) if ctx.selection.may_enable(r.id)]
        applicable = {r.id for r in wanted if r.applies_to(doc.lang)}
        # (only English checks the text's language turned off are news: a check for German or
        # Japanese text does not "skip" an English one)
        out.skipped += [r for r in wanted if r.id not in applicable and "en" in r.langs]
        if applicable:
            found: Iterable[Finding] = mod.run(doc, ctx)
            kept = [f for f in found if f.rule in applicable and ctx.selection.enabled(f.id)]
            if getattr(mod, "YIELDS_TO", ()):
                yielding.append((mod.YIELDS_TO, kept))
            else:
                out.findings += kept
    for prefixes, kept in yielding:
        out.findings += _yield(kept, [f for f in out.findings if f.rule.startswith(prefixes)])
    out.findings = dedupe(out.findings)
    return out


def _yield(general: list[Finding], specific: list[Finding]) -> list[Finding]:
    """A general check's findings less those whose span a more specific rule (a module's
    YIELDS_TO) already reports: one finding per error, the one that knows the source."""
    return [g for g in general
            if not any(s.start < g.end and g.start < s.end for s in specific)]
