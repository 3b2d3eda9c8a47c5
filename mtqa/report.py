"""The core's result: what one run found, scored and decided, before any rendering.

Renderers (mtqa.render) only turn a Report into text; every command and service gets
its Report from mtqa.pipeline.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .finding import SEVERITY_RANK, Finding
from .rules import Rule

FAIL_LEVELS = ("critical", "major", "minor", "never")


@dataclass(frozen=True)
class Verdict:
    passed: bool
    gate: str  # what was asked, e.g. "fail-on major" or "fail-on major, min-score 95"
    reasons: tuple[str, ...] = ()  # why it failed; empty when it passed

    @property
    def label(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def to_dict(self) -> dict[str, Any]:
        return {"pass": self.passed, "gate": self.gate, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Gate:
    """The one pass/fail rule: a finding at --fail-on severity or worse fails the story;
    so does an MQM score below --min-score, when one is given."""
    fail_on: str = "major"
    min_score: float | None = None

    def describe(self) -> str:
        out = f"fail-on {self.fail_on}"
        if self.min_score is not None:
            out += f", min-score {self.min_score:g}"
        return out

    def judge(self, findings: Sequence[Finding], score: float) -> Verdict:
        reasons = []
        if self.fail_on != "never":
            bar = SEVERITY_RANK[self.fail_on]
            bad = [f for f in findings if SEVERITY_RANK[f.severity] >= bar]
            if bad:
                reasons.append(f"{len(bad)} finding{'s' if len(bad) != 1 else ''} at "
                               f"{self.fail_on} or worse")
        if self.min_score is not None and score < self.min_score:
            reasons.append(f"MQM score {score:.1f} below {self.min_score:g}")
        return Verdict(not reasons, self.describe(), tuple(reasons))


@dataclass(frozen=True)
class MqmScore:
    penalty: float
    words: int
    score: float  # 0..100: 100 - per_words * penalty / words, floored at 0
    weights_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"penalty": round(self.penalty, 2), "words": self.words,
                "score": round(self.score, 2), "weights_version": self.weights_version}


@dataclass
class DocumentResult:
    doc: Document
    findings: list[Finding]
    score: MqmScore
    verdict: Verdict
    src: Any = None  # readers.Source when the text was read from a file or richer format
    source_doc: Document | None = None  # the source article, segmented, when checked against one
    alignment: Any = None  # align.Alignment with a source
    skipped: list[dict[str, Any]] = field(default_factory=list)  # checks not run, and why
    info: dict[str, Any] = field(default_factory=dict)  # further JSON-ready facts

    @property
    def source_text(self) -> str:
        return self.source_doc.text if self.source_doc is not None else ""

    def locate(self, f: Finding) -> tuple[int, int, int, int]:
        """(start, end, line, column) of a finding in the input file's own text."""
        if self.src is None or getattr(self.src, "format", "text") == "text":
            line, col = self.doc.line_col(f.start)
            return f.start, f.end, line, col
        s, e = self.src.span_to_file(f.start, f.end)
        line, col = self.src.line_col(s)
        return s, e, line, col

    def segment_of(self, f: Finding) -> tuple[int, int, int] | None:
        """(segment index, start, end) of a finding inside its segment's target, for inputs
        made of segments (JSONL records, bilingual files); None for an article, or for a
        finding that does not lie inside one segment."""
        spans = getattr(self.src, "segment_spans", None)
        if not spans:
            return None
        i = bisect.bisect_right(spans, (f.start, float("inf"))) - 1
        if i < 0:
            return None
        s, e = spans[i]
        if not (s <= f.start and f.end <= e):
            return None
        from .readers.jsonfmt import record_text  # (inputs of segments only)

        recs = getattr(self.src, "records", None) or []
        raw = record_text(recs[i]) if i < len(recs) else None
        seg = self.doc.text[s:e]
        if raw is None or raw == seg:
            return i, f.start - s, f.end - s
        # The reader joined the record's paragraphs with one space: map through whitespace.
        a, b = whitespace_map(seg, raw, f.start - s), whitespace_map(seg, raw, f.end - s)
        return (i, a, b) if a is not None and b is not None else None


def whitespace_map(a: str, b: str, offset: int) -> int | None:
    """The offset in b of a[offset], where a and b differ only in runs of whitespace (a run
    in one may be longer, shorter or absent in the other); None when they differ otherwise."""
    i = j = 0
    while i < offset:
        if a[i].isspace():
            i += 1
            while j < len(b) and b[j].isspace():
                j += 1
            continue
        while j < len(b) and b[j].isspace():
            j += 1
        if j >= len(b) or a[i] != b[j]:
            return None
        i += 1
        j += 1
    if offset < len(a) and not a[offset].isspace():  # land on the char, past b's spaces
        while j < len(b) and b[j].isspace():
            j += 1
    return j


@dataclass(frozen=True)
class InputFailure:
    """An input (a file, or one record of a JSONL file) that could not be checked: the
    others were, and the run exits 2."""
    path: str
    error: str  # the one-line message, as on stderr (it names the path, and the line)
    line: int | None = None  # the record's line in a JSONL file; None = the whole file

    @property
    def detail(self) -> str:
        """The message without the path (and line) it starts with."""
        return self.error.removeprefix(f"{self.path}: ").removeprefix(f"line {self.line}: ")

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, **({"line": self.line} if self.line else {}), "error": self.error}


@dataclass
class Report:
    documents: list[DocumentResult]
    signature: dict[str, Any]
    # Every rule (for SARIF, LanguageTool's answer, `mtqa rules`), or a function that lists
    # them: the full registry imports every divergence check, which a plain check without a
    # source never needs, so it is made only when a renderer asks.
    rule_list: list[Rule] | Callable[[], list[Rule]] = field(default_factory=list)
    errors: list[InputFailure] = field(default_factory=list)  # inputs not checked at all

    @property
    def rules(self) -> list[Rule]:
        if callable(self.rule_list):
            self.rule_list = self.rule_list()
        return self.rule_list

    @property
    def passed(self) -> bool:
        """The verdict of what was checked (failures are told apart by the exit code)."""
        return all(d.verdict.passed for d in self.documents)

    @property
    def failures(self) -> list[InputFailure]:
        """Inputs not checked, then records skipped inside checked inputs (JSONL lines)."""
        return self.errors + [f for d in self.documents for f in record_failures(d)]


def record_failures(r: DocumentResult) -> list[InputFailure]:
    """The records of a checked input that could not be read (a JSONL file's broken lines)."""
    return [InputFailure(r.doc.path, err, line)
            for line, err in getattr(r.src, "record_errors", None) or ()]
