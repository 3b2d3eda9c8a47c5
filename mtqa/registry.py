"""The rule registry: every rule of every check, reference-free and divergence alike.

The pipeline hands the registry's rules to the Report; `mtqa rules`, the docs, SARIF and
option validation read them there. Nothing here runs a check.
"""

from __future__ import annotations

from collections.abc import Callable

from .checks import all_rules as check_rules
from .divergence import all_rules as divergence_rules
from .packs import PackSet
from .rules import Rule


def all_rules(packs: PackSet) -> list[Rule]:
    return sorted(check_rules(packs) + divergence_rules(), key=lambda r: r.id)


def known_ids(rules: list[Rule]) -> dict[str, Callable[[], list[str]]]:
    """Rule id -> a function listing its entry ids (loaded only when an entry is named)."""
    return {r.id: r.all_entry_ids for r in rules}
