"""Structured logs: one JSON object a line on stderr.

Unpublished copy is confidential: no log line ever holds a request's text, its query string
(LanguageTool clients may send the text there) or an exception's message (which may quote
it). An access line has the method, the path, the status, the sizes and the time taken.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

LOGGER = "mtqa.serve"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        d: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "pid": os.getpid()}
        fields = getattr(record, "fields", None)
        if fields:
            d.update(fields)
        else:  # the server's own lines (start-up, shutdown), never about a request
            d["message"] = record.getMessage()
        return json.dumps(d, ensure_ascii=False)


def config(level: str = "info") -> dict[str, Any]:
    """logging.config.dictConfig for the service and for uvicorn's own logger (its access
    log is off: ours replaces it)."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {"stderr": handler},
        "loggers": {
            LOGGER: {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    logging.getLogger(LOGGER).log(level, name, extra={"fields": {"event": name, **fields}})


def where(exc: BaseException) -> str:
    """'module.py:123' of the innermost frame: enough to find a bug, nothing of the input."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    return f"{os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"


