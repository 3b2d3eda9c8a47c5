"""The reference-free checks: each module declares RULES (or rules(packs)) and
run(doc, ctx) -> iterable of Findings made through its rules.

Checks are pure: an annotated Document and a Context in, Findings out. They never print,
never read the user's files and never write to the document; shared data comes through
mtqa.resources and per-document facts through mtqa.annotate.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType

from ..annotate import annotate
from ..document import Document
from ..finding import Finding, dedupe
from ..packs import PackSet
from ..rules import Rule
from .context import Context

# Module names under mtqa.checks, in the order they run.
MODULES = ("language", "terms", "names", "patterns", "collocations", "mechanics")


@dataclass
class Outcome:
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


def run_module(rules: list[Rule], run: Callable[[], Iterable[Finding]], lang: str,
               ctx: Context, out: Outcome) -> None:
    """Run one module if any of its rules is enabled and applies to the text's language;
    keep the enabled findings of applicable rules."""
    wanted = [r for r in rules if ctx.selection.may_enable(r.id)]
    applicable = {r.id for r in wanted if r.applies_to(lang)}
    out.skipped += [r for r in wanted if r.id not in applicable]
    if not applicable:
        return
    out.findings += [f for f in run() if f.rule in applicable and ctx.selection.enabled(f.id)]


def run_checks(doc: Document, ctx: Context) -> Outcome:
    annotate(doc)
    out = Outcome()
    for name in MODULES:
        mod = _module(name)

        def findings(m: ModuleType = mod) -> Iterable[Finding]:
            return m.run(doc, ctx)  # type: ignore[no-any-return]
        run_module(module_rules(mod, ctx.packs), findings, doc.lang, ctx, out)
    out.findings = dedupe(out.findings)
    return out
