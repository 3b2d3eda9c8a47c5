"""The one diagnostic model: a Finding is plain data and knows nothing of rendering."""

from __future__ import annotations

from dataclasses import dataclass, field, asdict
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

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule, self.message, self.source_start or -1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort findings and drop exact repeats (same rule on the same span)."""
    seen: set[tuple] = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.start, f.end, f.source_start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
