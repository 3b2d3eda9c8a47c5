"""Rule metadata shared by code rules and data rules."""

from __future__ import annotations

from dataclasses import dataclass, field

CATEGORIES = (
    "accuracy/mistranslation", "accuracy/omission", "accuracy/addition", "accuracy/untranslated",
    "terminology/wrong-term", "terminology/inconsistent",
    "fluency/spelling", "fluency/grammar", "fluency/punctuation", "fluency/inconsistency",
    "style/unidiomatic", "style/awkward", "locale/convention", "other/boilerplate",
)


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
    source_langs: tuple[str, ...] = ()
    entries: tuple = field(default=(), compare=False, repr=False)

    @property
    def pack_name(self) -> str:
        return self.pack or self.id.split(".", 1)[0]


def matches(rule_id: str, patterns) -> bool:
    """ruff-style selection: 'names' selects names.*, 'names.near-miss' selects one rule."""
    return any(rule_id == p or rule_id.startswith(p + ".") or p == "ALL" for p in patterns)
