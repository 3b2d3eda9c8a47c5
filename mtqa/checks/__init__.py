"""The checks: each module declares RULES and run(doc, ctx) -> iterable of Findings.

Checks are pure: a Document (and options in a Context) in, Findings out. They never
print and never read the user's files; shared data comes through mtqa.resources.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace

from ..finding import Finding, dedupe
from ..packs import PackSet
from ..rules import Rule, matches

# Module names under mtqa.checks, in the order they run.
MODULES = ("language", "terms", "names", "patterns", "collocations", "mechanics")


@dataclass
class Context:
    packs: PackSet
    source_lang: str = ""  # "" = guess; "any" = all calque packs
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: dict[str, str] = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        if self.select and not matches(rule_id, self.select):
            return False
        return not matches(rule_id, self.ignore)

    def any_enabled(self, rules) -> bool:
        return any(self.enabled(r.id) for r in rules)

    def keep(self, findings) -> list[Finding]:
        """The enabled findings, with the user's per-rule severity overrides applied."""
        out = []
        for f in findings:
            if self.enabled(f.rule):
                sev = self.severity_overrides.get(f.rule)
                out.append(replace(f, severity=sev) if sev else f)
        return out


def _module(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def module_rules(mod, packs: PackSet) -> list[Rule]:
    """A check's rules: fixed RULES for code checks, rules(packs) for data-driven ones."""
    return mod.rules(packs) if hasattr(mod, "rules") else mod.RULES


def all_rules(packs: PackSet) -> list[Rule]:
    """Every rule: reference-free checks and the divergence checks used with a source."""
    from ..divergence import all_rules as divergence_rules

    rules = [r for name in MODULES for r in module_rules(_module(name), packs)]
    return sorted(rules + divergence_rules(), key=lambda r: r.id)


def run_checks(doc, ctx: Context) -> list[Finding]:
    found: list[Finding] = []
    for name in MODULES:
        mod = _module(name)
        if not ctx.any_enabled(module_rules(mod, ctx.packs)):
            continue
        found += ctx.keep(mod.run(doc, ctx))
    return dedupe(found)
