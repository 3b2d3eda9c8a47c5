"""What passes between the front and the check processes: a request to check, the finished
reply, and the request errors (a status and one line) either side may raise."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import MtqaError
from ..readers.source import Source


class CheckTimeout(MtqaError):
    """A check ran past the per-request time limit."""


class RequestError(Exception):
    """A request that cannot be checked: an HTTP status and one line."""

    def __init__(self, status: int, message: str, where: str = ""):
        super().__init__(status, message, where)
        self.status = status
        self.message = message
        self.where = where  # of a bug (status 500): 'module.py:123', for the log

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class CheckRequest:
    """What one request asks to check, whichever API it came through."""

    src: Source
    source: str | None = None
    lang: str = ""
    source_lang: str = ""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fmt: str = "json"  # a renderer (mtqa.render.FORMATS)
    requested_lang: str = ""  # the language code as the client sent it
    known: tuple[str, ...] = ()  # further ids that must name rules (LanguageTool's enabledRules)


@dataclass(frozen=True)
class Reply:
    """A finished answer, as the front sends it."""

    body: bytes
    media_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    worker: int = 0  # the pid of the process that checked
