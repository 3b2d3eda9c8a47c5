"""JSON, schema "mtqa/check/1" (documented in the README)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..finding import Finding
from ..report import DocumentResult, Report

SCHEMA = "mtqa/check/1"


def finding_dict(r: DocumentResult, f: Finding) -> dict[str, Any]:
    start, end, line, col = r.locate(f)
    d = f.to_json(r.doc.text, r.source_text)
    d.update(start=start, end=end, line=line, column=col)
    if (start, end) != (f.start, f.end):  # extracted text (HTML, XML...): where in that text
        d["text_start"], d["text_end"] = f.start, f.end
    seg = r.segment_of(f)
    if seg is not None:  # a record's target: where in that string, as error-span data counts
        d["segment"], d["segment_start"], d["segment_end"] = seg
    return d


def document_dict(r: DocumentResult) -> dict[str, Any]:
    d: dict[str, Any] = {
        "path": r.doc.path, "format": getattr(r.src, "format", "text"), "lang": r.doc.lang,
        "lang_confidence": r.doc.lang_confidence, "words": r.doc.word_count,
        "sentences": len(r.doc.sentences), "score": r.score.to_dict(),
        "verdict": r.verdict.to_dict(),
    }
    if r.skipped:
        d["skipped"] = r.skipped
    d.update(r.info)
    d["counts"] = dict(Counter(f.severity for f in r.findings))
    d["findings"] = [finding_dict(r, f) for f in r.findings]
    return d


def render(report: Report) -> str:
    out = {"schema": SCHEMA, "signature": report.signature, "pass": report.passed,
           "documents": [document_dict(r) for r in report.documents],
           "errors": [e.to_dict() for e in report.failures]}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
