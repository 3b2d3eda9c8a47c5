"""JSON Lines for pipelines: one document per line, the mtqa/check/1 document object plus
the signature string ("signature"), so each line stands on its own."""

from __future__ import annotations

import json

from ..report import Report
from .json_format import document_dict


def render(report: Report) -> str:
    sig = report.signature["string"]
    return "".join(json.dumps({**document_dict(r), "signature": sig}, ensure_ascii=False) + "\n"
                   for r in report.documents)
