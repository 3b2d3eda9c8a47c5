"""The rule registry's unit: a Rule owns its id, category, severity and documentation.

Checks make findings only through their rule (Rule.finding), so a finding's category and
severity can never disagree with what the registry, `mtqa rules`, the docs and SARIF say.
Rules backed by data (termbank, gazetteer, pattern packs) have entries, each addressable
as '<rule id>/<entry id>' ('terms.variant/finns-party') for --select, --ignore and
severity overrides; a pattern entry may declare its own category and severity, which are
then part of the registry too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .finding import SEVERITIES, Finding

CATEGORIES = (
    "accuracy/mistranslation", "accuracy/omission", "accuracy/addition", "accuracy/untranslated",
    "terminology/wrong-term", "terminology/inconsistent",
    "fluency/spelling", "fluency/grammar", "fluency/punctuation", "fluency/inconsistency",
    "style/unidiomatic", "style/awkward", "locale/convention", "other/boilerplate",
)


def slug(text: str) -> str:
    """A stable entry id from a name or phrase: 'Finns Party' -> 'finns-party'."""
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return s or "entry"


@dataclass(frozen=True)
class Rule:
    id: str  # stable: "<pack>.<name>"; shown in every report
    category: str
    severity: str
    description: str
    kind: str = "code"  # code | pattern
    pack: str = ""
    pack_version: str = ""
    message: str = ""
    source_langs: tuple[str, ...] = ()  # calque packs: the languages translated from
    langs: tuple[str, ...] = ()  # languages of the text the rule can check; () = any
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    # Pattern rules: their entries (packs.PatternEntry, each with .id, .category, .severity).
    entries: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    # Rules whose entries live elsewhere (termbank, gazetteer): a function listing entry ids.
    entry_ids: Callable[[], Iterable[str]] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.id}: unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: unknown severity {self.severity!r}")

    def applies_to(self, lang: str) -> bool:
        return not self.langs or (lang or "en") in self.langs  # unknown: treated as English

    def levels(self, entry: str = "") -> tuple[str, str]:
        """(category, severity) of the rule, or of one of its entries that declares its own."""
        if entry and self.entries:
            for e in self.entries:
                if e.id == entry:
                    return e.category, e.severity
        return self.category, self.severity

    def all_entry_ids(self) -> list[str]:
        if self.entries:
            return [e.id for e in self.entries]
        return list(self.entry_ids()) if self.entry_ids is not None else []

    def finding(self, start: int, end: int, message: str = "", suggestion: str = "",
                evidence: dict[str, Any] | None = None, confidence: float = 1.0,
                source_start: int | None = None, source_end: int | None = None, *,
                entry: str = "") -> Finding:
        """The one way a check reports: category and severity come from the registry."""
        category, severity = self.levels(entry)
        return Finding(self.id, category, severity, start, end, message or self.message,
                       suggestion, dict(evidence or {}), confidence, source_start, source_end,
                       entry)


def matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """ruff-style selection: 'names' selects names.*, 'names.near-miss' one rule,
    'terms.variant/finns-party' one entry of a rule; rule_id may itself name an entry."""
    for p in patterns:
        if p == "ALL" or rule_id == p or rule_id.startswith((p + ".", p + "/")):
            return True
    return False


@dataclass(frozen=True)
class Selection:
    """--select / --ignore: rule ids, pack prefixes ('names') or entries ('terms.variant/x')."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, finding_id: str) -> bool:
        """Whether a finding with this id ('rule' or 'rule/entry') is reported."""
        if self.select and not matches(finding_id, self.select):
            return False
        return not matches(finding_id, self.ignore)

    def may_enable(self, rule_id: str) -> bool:
        """Whether some finding of this rule (or of one of its entries) can be reported."""
        if self.select and not (matches(rule_id, self.select)
                                or any(p.startswith(rule_id + "/") for p in self.select)):
            return False
        return not matches(rule_id, self.ignore)


def rule_dict(r: Rule, entries: bool = False) -> dict[str, Any]:
    """A rule as `mtqa rules --format json` and the service's /api/rules list it."""
    d: dict[str, Any] = {
        "id": r.id, "category": r.category, "severity": r.severity, "kind": r.kind,
        "source_langs": list(r.source_langs), "langs": list(r.langs), "description": r.description,
        "examples": list(r.examples), "counterexamples": list(r.counterexamples)}
    if entries:
        d["entries"] = r.all_entry_ids()
    return d
