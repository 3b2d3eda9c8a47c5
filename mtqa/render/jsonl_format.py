"""JSON Lines for pipelines: one document per line, the mtqa/check/1 document object plus
the signature string ("signature"), so each line stands on its own."""

from __future__ import annotations

import json

from .json_format import document_dict


def render(results, signature) -> str:
    return "".join(json.dumps({**document_dict(r), "signature": signature["string"]},
                              ensure_ascii=False) + "\n" for r in results)
