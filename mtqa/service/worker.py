"""The check processes: each builds its engine once, then takes requests from the one queue
the HTTP front fills, and answers each with a finished Reply.

Why one queue and not a web server per process: a check is CPU work (~25 ms for a
600-word article), so a process busy with one cannot take another; a web-server process
that accepted several connections while busy would keep them waiting while another process
sat idle. With one queue the next free process takes the next request.

A process runs one check at a time in its main thread, which is what makes the time limit
exact: a timer signal interrupts the check wherever it is, and the process goes on serving.
Everything from parsing the request to rendering the answer happens here, so the front
only moves bytes.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import langid, resources
from ..errors import MtqaError
from ..pipeline import Engine
from ..readers import from_text
from ..report import Report
from . import logs
from . import requests as rq
from .messages import CheckRequest, CheckTimeout, Reply, RequestError
from .settings import Settings

ENGINES_KEPT = 32  # request option combinations whose engines a process keeps
MEDIA = {"json": "application/json", "jsonl": "application/x-ndjson", "sarif": "application/sarif+json",
         "html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8",
         "spans": "application/json", "languagetool": "application/json"}


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
            self.engine.analyse(from_text(p.read_text(encoding="utf-8"), p.name))
        # the statistical language identifier that short texts need (~130 ms to load)
        langid.preload()
        pairs = [(p, p.with_name(p.name.replace(".en.", ".de."))) for p in samples if ".en." in p.name]
        for en, de in pairs[:1]:
            if de.exists():
                original = self.engine.source_document(de.read_text(encoding="utf-8"), de.name)
                self.engine.analyse(from_text(en.read_text(encoding="utf-8"), en.name), original)

    def engine_for(self, req: CheckRequest) -> Engine:
        """The engine with the request's language and rule selection (MtqaError when an id or
        a language is unknown); kept for the next request that asks the same. A request's
        select replaces the server's; its ignore adds to the server's."""
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
        """The Report of one request: the pipeline `check` runs. Findings past
        --max-findings are left out of the answer (the score and verdict count them all),
        so that a pathological text cannot make an answer of hundreds of megabytes."""
        engine = self.engine_for(req)
        original = None
        if req.source is not None and req.source.strip():
            original = engine.source_document(req.source, "source")
        result = engine.analyse(req.src, original)
        cap = self.settings.max_findings
        if len(result.findings) > cap:
            result.info["truncated"] = {"findings": len(result.findings), "shown": cap}
            result.findings = result.findings[:cap]
        return engine.report([result])

    def handle(self, kind: str, payload: Any) -> Reply:
        """One request of the front, parsed, checked and rendered within the time limit."""
        try:
            with time_limit(self.settings.time_limit):
                if kind == "native":
                    return self.native(rq.native(payload))
                if kind == "languagetool":
                    return self.languagetool(rq.languagetool(payload, self.engine.rules, self.knows))
                if kind == "rules":
                    return self.rules()
                raise ValueError(f"unknown kind of request {kind!r}")
        except RequestError:
            raise
        except CheckTimeout as e:
            raise RequestError(503, str(e)) from None
        except MtqaError as e:  # an unknown rule id or language, a source that cannot be read
            raise RequestError(400, str(e)) from None
        except Exception as e:  # a bug: its type and place for the log, never its message
            raise RequestError(500, f"internal error ({type(e).__name__})", logs.where(e)) from None

    def knows(self, rule_id: str) -> bool:
        try:
            self.engine.check_ids([rule_id])
        except MtqaError:
            return False
        return True

    def native(self, req: CheckRequest) -> Reply:
        from ..render import render

        report = self.run(req)
        headers = {"X-Mtqa-Verdict": "PASS" if report.passed else "FAIL"}
        if req.fmt == "html":  # a report to save, not a page of this origin to run
            headers["Content-Disposition"] = 'attachment; filename="mtqa-report.html"'
        return Reply(render(req.fmt, report).encode("utf-8"), MEDIA.get(req.fmt, "text/plain"), headers)

    def languagetool(self, req: CheckRequest) -> Reply:
        from ..render import languagetool_format as ltf

        if not req.src.text.strip():  # LanguageTool answers an empty text with no matches
            return Reply(_json(ltf.response_for_nothing(req.requested_lang)))
        report = self.run(req)
        rules = {r.id: r for r in report.rules}
        return Reply(_json(ltf.response(report.documents[0], rules, req.requested_lang)))

    def rules(self) -> Reply:
        from ..rules import rule_dict

        return Reply(_json([rule_dict(r) for r in self.engine.rules]))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- the process side ------------------------------------------------------------------------

_checker: Checker | None = None
_started: Any = None  # a barrier all of the pool's processes reach once started


def start(settings: Settings, started: Any = None) -> None:
    """Initialiser of a check process: the engine built and warmed once. Stopping is the
    front's to decide (it answers what is in flight first): the signals a terminal or a
    service manager sends the whole process group are ignored here."""
    global _checker, _started
    _started = started
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _checker = Checker(settings)
    _checker.warm()
    resources.tune_gc(freeze=True)  # (the loaded tables stay out of every later pass)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A check process ignores SIGTERM (the front stops it): so that it never outlives a
    front that was killed outright, it leaves when its parent is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def ready(timeout: float) -> int:
    """The pid of a started process. The front sends one such task per process; each waits
    at the barrier until all have one, so each process takes exactly one."""
    if _started is not None:
        _started.wait(timeout)
    return os.getpid()


def handle(kind: str, payload: Any) -> Reply:
    if _checker is None:
        raise RuntimeError("check process not started")
    reply = _checker.handle(kind, payload)
    return Reply(reply.body, reply.media_type, reply.headers, os.getpid())


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
