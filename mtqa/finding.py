"""The one diagnostic model: a Finding is plain data and knows nothing of rendering.

Findings are made through their rule (mtqa.rules.Rule.finding), never directly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("critical", "major", "minor", "info")
# Higher is worse; --fail-on compares against these.
SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str  # MQM-style path, e.g. "accuracy/mistranslation"
    severity: str
    start: int  # code-point offsets into Document.text
    end: int
    message: str
    suggestion: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    # Divergence findings also point into the source text (None for reference-free checks).
    source_start: int | None = None
    source_end: int | None = None
    entry: str = ""  # the termbank, gazetteer or pattern entry behind it, if any

    @property
    def id(self) -> str:
        """The most specific id a user can select, ignore or re-grade: 'rule' or 'rule/entry'."""
        return f"{self.rule}/{self.entry}" if self.entry else self.rule

    def sort_key(self) -> tuple[int, int, str, str, int]:
        return (self.start, self.end, self.rule, self.message, self.source_start or -1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, text: str, source_text: str = "") -> dict[str, Any]:
        """The one serialisation of a finding (renderers add file positions to it)."""
        d: dict[str, Any] = {
            "rule": self.rule, "id": self.id, "category": self.category, "severity": self.severity,
            "start": self.start, "end": self.end, "excerpt": text[self.start:self.end],
            "message": self.message, "suggestion": self.suggestion, "evidence": self.evidence,
            "confidence": self.confidence}
        if self.source_start is not None:  # divergence findings: where in the source text
            d["source_start"], d["source_end"] = self.source_start, self.source_end
            d["source_excerpt"] = source_text[self.source_start:self.source_end] if source_text else ""
        return d


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort findings and drop exact repeats (same rule on the same span)."""
    seen: set[tuple[str, int, int, int | None]] = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.start, f.end, f.source_start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
