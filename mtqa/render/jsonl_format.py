"""JSON Lines for pipelines: one document per line, the mtqa/check/1 document object plus
the signature string ("signature"), so each line stands on its own; then one line
{"path", "line"?, "error", "signature"} per input or record that could not be checked."""

from __future__ import annotations

import json

from ..report import Report
from .json_format import document_dict


def render(report: Report) -> str:
    sig = report.signature["string"]
    rows = [document_dict(r) for r in report.documents] + [e.to_dict() for e in report.failures]
    return "".join(json.dumps({**row, "signature": sig}, ensure_ascii=False) + "\n" for row in rows)
