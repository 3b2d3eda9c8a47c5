"""One worker process's checker: the engine built once, a request's options applied to it,
and the time a check may take.

A check is CPU work: a worker runs one at a time in its main thread and the service runs
several workers (processes) for concurrency. That is what makes the time limit exact: a
timer signal interrupts the check wherever it is, and the worker goes on serving.
"""

from __future__ import annotations

import signal
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .. import resources
from ..errors import MtqaError
from ..pipeline import Engine
from ..readers.source import Source
from ..report import Report
from .settings import Settings

ENGINES_KEPT = 32  # request option combinations whose engines a worker keeps


class CheckTimeout(MtqaError):
    """A check ran past the per-request time limit."""


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


class Checker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.engine = Engine(settings.options)
        self._engines: OrderedDict[tuple, Engine] = OrderedDict()

    def warm(self) -> None:
        """Check each bundled sample (every language's models and packs), and one against
        its source (alignment and divergence), so no request pays for loading them."""
        samples = sorted(resources.path("samples").glob("*.txt"))
        for p in samples:
            text = p.read_text(encoding="utf-8")
            self.engine.analyse(Source(path=p.name, format="text", text=text, file_text=text))
        pairs = [(p, p.with_name(p.name.replace(".en.", ".de."))) for p in samples if ".en." in p.name]
        for en, de in pairs[:1]:
            if de.exists():
                text = en.read_text(encoding="utf-8")
                original = self.engine.source_document(de.read_text(encoding="utf-8"), de.name)
                self.engine.analyse(Source(path=en.name, format="text", text=text, file_text=text), original)

    def engine_for(self, req: CheckRequest) -> Engine:
        """The engine with the request's language and rule selection (MtqaError when an id or
        a language is unknown); kept for the next request that asks the same."""
        if req.known:
            self.engine.check_ids(req.known)
        key = (req.lang, req.source_lang, req.select, req.ignore)
        if key == ("", "", (), ()):
            return self.engine
        found = self._engines.get(key)
        if found is None:
            o = self.engine.options
            found = self.engine.derive(
                lang=req.lang or o.lang, source_lang=req.source_lang or o.source_lang,
                select=req.select or o.select, ignore=(*o.ignore, *req.ignore))
            self._engines[key] = found
            if len(self._engines) > ENGINES_KEPT:
                self._engines.popitem(last=False)
        else:
            self._engines.move_to_end(key)
        return found

    def run(self, req: CheckRequest) -> Report:
        """The Report of one request (the pipeline `check` runs), within the time limit."""
        engine = self.engine_for(req)
        with time_limit(self.settings.time_limit):
            original = None
            if req.source is not None and req.source.strip():
                original = engine.source_document(req.source, "source")
            result = engine.analyse(req.src, original)
            return engine.report([result])


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """CheckTimeout raised inside the block once it has run `seconds` (0: no limit). Only
    the main thread receives signals; elsewhere (a test calling in a thread) no limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise CheckTimeout(f"the check took longer than the {seconds:g} s limit for one request; "
                           "send a shorter text")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
