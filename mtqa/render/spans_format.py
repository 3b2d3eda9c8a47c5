"""Error spans, one JSON line per segment: what error-span annotation (WMT ESA, MQM) and
the quality-estimation error-span task score.

For an input made of segments (JSONL records, bilingual files) every segment gets a line,
also one without findings; offsets are code points into that record's own target string
(end exclusive). For any other input, one line per document, offsets into the file's text
(an HTML or XML file's markup included, as `start`/`end` of the JSON report).

    {"path", "segment", "id"?, "length", "spans": [{"start", "end", "severity", "rule"}],
     "missing": [{"severity", "rule"}]}

"missing" holds findings with no extent in the target (an omitted sentence: a point where
content is missing), as ESA keeps its "missing content" errors apart from its spans. Info
findings are not errors and are left out.
"""

from __future__ import annotations

import json
from typing import Any

from ..finding import Finding
from ..readers.jsonfmt import record_text
from ..report import DocumentResult, Report


def _span(f: Finding, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "severity": f.severity, "rule": f.rule}


def _lines(r: DocumentResult) -> list[dict[str, Any]]:
    errors = [f for f in r.findings if f.severity != "info"]
    spans = getattr(r.src, "segment_spans", None)
    if not spans:
        # offsets into the file's own text (an HTML or XML input's markup included)
        whole = r.src.file_text if getattr(r.src, "format", "text") != "text" else r.doc.text
        line: dict[str, Any] = {"path": r.doc.path, "segment": None, "length": len(whole),
                                "spans": [], "missing": []}
        for f in errors:
            s, e, _, _ = r.locate(f)
            if e > s:
                line["spans"].append(_span(f, s, e))
            else:
                line["missing"].append({"severity": f.severity, "rule": f.rule})
        return [line]
    records = getattr(r.src, "records", None) or []
    out = []
    for i, (s, e) in enumerate(spans):
        rec = records[i] if i < len(records) else {}
        raw = record_text(rec)
        row: dict[str, Any] = {"path": r.doc.path, "segment": i}
        if "id" in rec:
            row["id"] = rec["id"]
        row.update(length=len(raw) if raw is not None else e - s, spans=[], missing=[])
        out.append(row)
    for f in errors:
        seg = r.segment_of(f)
        if seg is None:
            continue
        i, a, b = seg
        if b > a:
            out[i]["spans"].append(_span(f, a, b))
        else:
            out[i]["missing"].append({"severity": f.severity, "rule": f.rule})
    return out


def render(report: Report) -> str:
    rows = [row for r in report.documents for row in _lines(r)]
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
