"""JSON, schema "mtqa/check/1" (documented in the README)."""

from __future__ import annotations

import json
from collections import Counter

SCHEMA = "mtqa/check/1"


def finding_dict(r, f) -> dict:
    start, end, line, col = r.locate(f)
    d = {
        "rule": f.rule, "category": f.category, "severity": f.severity,
        "start": start, "end": end, "line": line, "column": col,
        "excerpt": r.doc.text[f.start:f.end], "message": f.message,
        "suggestion": f.suggestion, "evidence": f.evidence, "confidence": f.confidence,
    }
    if f.source_start is not None:  # divergence findings: where in the source text
        d["source_start"], d["source_end"] = f.source_start, f.source_end
        d["source_excerpt"] = r.source_text[f.source_start:f.source_end] if r.source_text else ""
    if (start, end) != (f.start, f.end):  # extracted text (HTML, XML...): where in that text
        d["text_start"], d["text_end"] = f.start, f.end
    return d


def document_dict(r) -> dict:
    d = {
        "path": r.doc.path, "format": getattr(r.src, "format", "text"), "lang": r.doc.lang, "lang_confidence": r.doc.lang_confidence,
        "words": r.doc.word_count, "sentences": len(r.doc.sentences),
    }
    d.update(r.info)
    d["counts"] = dict(Counter(f.severity for f in r.findings))
    d["findings"] = [finding_dict(r, f) for f in r.findings]
    return d


def render(results, signature) -> str:
    out = {"schema": SCHEMA, "signature": signature,
           "documents": [document_dict(r) for r in results]}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
