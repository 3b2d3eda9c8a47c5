"""MQM-style quality score from findings: weighted penalty per word, pass/fail at a threshold.

Weights are data (corpora/scoring/mqm.toml): minor 1, major 5, critical and
non-translation 25, minor punctuation 0.1 — MQM's usual weights.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import resources


@functools.cache
def weights() -> dict:
    return resources.load_toml(resources.path("scoring", "mqm.toml"))


def weight(category: str, severity: str) -> float:
    w = weights()
    for o in w.get("override", []):
        if category.startswith(o["category"]) and o["severity"] in ("any", severity):
            return float(o["weight"])
    return float(w["severity"].get(severity, 0.0))


@dataclass(frozen=True)
class MqmScore:
    penalty: float
    words: int
    score: float
    threshold: float
    passed: bool

    def to_dict(self) -> dict:
        return {"penalty": round(self.penalty, 2), "words": self.words, "score": round(self.score, 2),
                "threshold": self.threshold, "pass": self.passed,
                "weights_version": weights().get("version", "")}


def mqm_score(findings, words: int, threshold: float | None = None) -> MqmScore:
    cfg = weights()["score"]
    thr = float(cfg["threshold"] if threshold is None else threshold)
    penalty = sum(weight(f.category, f.severity) for f in findings)
    score = max(0.0, 100.0 - cfg["per_words"] * penalty / max(words, 1))
    return MqmScore(penalty, words, score, thr, score >= thr)
