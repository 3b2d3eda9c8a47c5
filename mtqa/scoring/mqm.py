"""MQM-style quality score from findings: weighted penalty per word, on a 0-100 scale.

Weights are data (corpora/scoring/mqm.toml): minor 1, major 5, critical and
non-translation 25, minor punctuation 0.1 — MQM's usual weights. Whether a story passes
is decided by the report's Gate (mtqa.report), not here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from .. import resources
from ..finding import Finding
from ..report import MqmScore


@functools.cache
def weights() -> dict[str, Any]:
    return resources.load_toml(resources.path("scoring", "mqm.toml"))


def weight(category: str, severity: str) -> float:
    w = weights()
    for o in w.get("override", []):
        if category.startswith(o["category"]) and o["severity"] in ("any", severity):
            return float(o["weight"])
    return float(w["severity"].get(severity, 0.0))


def penalty(findings: Iterable[Finding]) -> float:
    return sum(weight(f.category, f.severity) for f in findings)


def worst_score() -> MqmScore:
    """The score of an empty translation: nothing carried over, so the lowest score (with a
    critical omission's penalty, as no finding can point into an empty text)."""
    return MqmScore(weight("accuracy/omission", "critical"), 0, 0.0, str(weights().get("version", "")))


def mqm_score(findings: Iterable[Finding], words: int) -> MqmScore:
    p = penalty(findings)
    score = max(0.0, 100.0 - float(weights()["score"]["per_words"]) * p / max(words, 1))
    return MqmScore(p, words, score, str(weights().get("version", "")))
