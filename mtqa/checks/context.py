"""What a check is given besides the document: the loaded packs and per-document options."""

from __future__ import annotations

from dataclasses import dataclass

from ..packs import PackSet
from ..rules import Rule, Selection


@dataclass(frozen=True)
class Context:
    packs: PackSet
    # Source languages whose calque packs apply; None = all of them.
    calque_langs: frozenset[str] | None = frozenset()
    selection: Selection = Selection()

    def wants(self, rule: Rule) -> bool:
        """Whether any finding of rule can be reported. Only to skip work: a check's output
        for one rule never depends on whether another is wanted."""
        return self.selection.may_enable(rule.id)

    def calques_apply(self, rule: Rule) -> bool:
        if not rule.source_langs:
            return True
        return self.calque_langs is None or bool(set(rule.source_langs) & self.calque_langs)
