"""The HTTP service (Starlette, an ASGI application served by uvicorn).

Routes:
    GET  /               the editor page (paste a story, see its findings inline)
    GET  /assets/NAME    the page's script and style (no other origin is ever asked)
    GET  /health         liveness, and which worker answered
    POST /api/check      {"text", "source"?, "lang"?, ...} -> the `check --format json` document
    GET  /api/rules      the rules, as `mtqa rules --format json`
    POST /v2/check       LanguageTool's check (form fields), answered in its shape; GET too
    GET  /v2/languages   LanguageTool's language list

A check is run in the worker's main thread, on purpose: it is CPU work that threads would
only share one core for, and the time limit interrupts it there (worker.time_limit).
Concurrency comes from worker processes.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .. import __version__, languages
from ..errors import MtqaError, one_line
from ..render import languagetool_format as ltf
from ..render import render
from . import logs
from . import requests as rq
from .settings import Settings
from .worker import Checker, CheckRequest, CheckTimeout

ASSETS = Path(__file__).parent / "assets"
# The HTML report's stylesheet, served as-is: the editor's highlights look like the report's.
SHARED_ASSETS = {"report.css": Path(__file__).parent.parent / "render" / "assets" / "report.css"}
ASSET_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
MEDIA = {"json": "application/json", "jsonl": "application/x-ndjson", "sarif": "application/sarif+json",
         "html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8",
         "spans": "application/json", "languagetool": "application/json"}
# The page and its assets: nothing from another origin, no inline script.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def lt_path(request: Request) -> bool:
    return request.url.path.startswith("/v2/")


def error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """One line: JSON {"error"} on mtqa's API, plain text on LanguageTool's (as it answers)."""
    message = one_line(message)
    if lt_path(request):
        return PlainTextResponse(message if message.startswith("Error:") else f"Error: {message}",
                                 status_code=status, headers=headers)
    return JSONResponse({"error": message.removeprefix("Error: ")}, status_code=status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or a 413 as soon as it is longer than the limit (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    too_big = rq.RequestError(413, f"the request is larger than this server's limit of {limit:,} bytes; "
                              "send a shorter text or raise --max-request-size")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def authorise(request: Request, settings: Settings, fields: dict[str, str] | None = None) -> None:
    """A bearer token (or LanguageTool's apiKey field) when the server has one."""
    if not settings.token:
        return
    given = ""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        given = auth[7:].strip()
    elif fields is not None:
        given = fields.get("apiKey", "")
    if not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise rq.RequestError(401, "a valid bearer token is required (Authorization: Bearer TOKEN)")


def checker(request: Request) -> Checker:
    return request.app.state.checker


def run_check(request: Request, req: CheckRequest):
    try:
        return checker(request).run(req)
    except CheckTimeout as e:
        raise rq.RequestError(503, str(e)) from None
    except MtqaError as e:  # an unknown rule id, a source that cannot be read
        raise rq.RequestError(400, str(e)) from None


# -- routes ---------------------------------------------------------------------------------

async def page(request: Request) -> Response:
    return asset_response("editor.html")


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in SHARED_ASSETS and (name not in {p.name for p in ASSETS.iterdir()}
                                      or Path(name).suffix not in ASSET_TYPES):
        raise HTTPException(404)
    return asset_response(name)


def asset_response(name: str) -> Response:
    p = SHARED_ASSETS.get(name) or ASSETS / name
    return FileResponse(p, media_type=ASSET_TYPES[p.suffix],
                        headers={"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-cache",
                                 "X-Content-Type-Options": "nosniff"})


async def health(request: Request) -> Response:
    s: Settings = request.app.state.settings
    return JSONResponse({"status": "ok", "mtqa": __version__, "worker": os.getpid(),
                         "auth": bool(s.token)})


async def api_rules(request: Request) -> Response:
    from ..commands.rules import rule_dict

    authorise(request, request.app.state.settings)
    return JSONResponse([rule_dict(r) for r in checker(request).engine.rules])


async def api_check(request: Request) -> Response:
    s: Settings = request.app.state.settings
    authorise(request, s)
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind not in ("application/json", "text/plain", ""):
        raise rq.RequestError(415, f"send the check as application/json, not {kind}")
    req = rq.native(await read_body(request, s.max_request_bytes))
    report = run_check(request, req)
    headers = {"X-Mtqa-Verdict": "PASS" if report.passed else "FAIL", "X-Content-Type-Options": "nosniff"}
    if req.fmt == "html":  # a report to save, not a page of this origin to run
        headers["Content-Disposition"] = 'attachment; filename="mtqa-report.html"'
    return Response(render(req.fmt, report), media_type=MEDIA.get(req.fmt, "text/plain"), headers=headers)


async def lt_check(request: Request) -> Response:
    s: Settings = request.app.state.settings
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("application/x-www-form-urlencoded", ""):
            raise rq.RequestError(415, f"Error: send the fields form-encoded "
                                  f"(application/x-www-form-urlencoded), not {kind}")
        fields = rq.form(await read_body(request, s.max_request_bytes))
    else:
        if len(request.url.query) > s.max_request_bytes:
            raise rq.RequestError(413, "Error: the query is larger than this server's limit")
        fields = rq.form(b"", request.url.query)
    authorise(request, s, fields)
    req = rq.languagetool(fields, checker(request).engine.rules)
    if not req.src.text.strip():  # LanguageTool answers an empty text with no matches
        return JSONResponse(empty_lt(req.requested_lang))
    report = run_check(request, req)
    rules = {r.id: r for r in report.rules}
    return JSONResponse(ltf.response(report.documents[0], rules, req.requested_lang))


def empty_lt(requested: str) -> dict[str, Any]:
    lang = languages.tag(requested) if requested != "auto" else ""
    return {"software": {"name": "mtqa", "version": __version__, "buildDate": "", "apiVersion": 1,
                         "premium": False, "status": ""},
            "warnings": {"incompleteResults": False},
            "language": ltf.language_dict(lang, 0.0, requested), "matches": []}


async def lt_languages(request: Request) -> Response:
    return JSONResponse(ltf.languages_list())


# -- errors, logging --------------------------------------------------------------------------

async def request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, rq.RequestError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error(request, exc.status, exc.message, headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: f"no such page: {request.url.path} (see GET / and the README's API section)",
                405: f"{request.method} is not allowed on {request.url.path}"}
    return error(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)),
                 dict(exc.headers) if exc.headers else None)


class AccessLog:
    """One JSON line per request (never its text); a request id echoed in X-Request-Id; a
    bug becomes a one-line 500 instead of a traceback in the answer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        rid = uuid.uuid4().hex[:16]
        state = {"status": 0, "out": 0, "in": 0, "started": False}

        async def counting_receive():
            msg = await receive()
            if msg["type"] == "http.request":
                state["in"] += len(msg.get("body", b""))
            return msg

        async def send_with_id(msg):
            if msg["type"] == "http.response.start":
                state["status"], state["started"] = msg["status"], True
                msg = dict(msg)
                msg["headers"] = [*msg.get("headers", []), (b"x-request-id", rid.encode()),
                                  (b"x-mtqa-worker", str(os.getpid()).encode())]
            elif msg["type"] == "http.response.body":
                state["out"] += len(msg.get("body", b""))
            await send(msg)

        try:
            await self.app(scope, counting_receive, send_with_id)
        except Exception as exc:  # a bug: logged by type and place only, answered in one line
            logs.event("error", logging.ERROR, request_id=rid, path=scope.get("path", ""),
                       error=type(exc).__name__, where=logs.where(exc))
            if not state["started"]:
                body = json.dumps({"error": f"internal error ({type(exc).__name__}); "
                                   f"request id {rid}"}).encode()
                await send_with_id({"type": "http.response.start", "status": 500,
                                    "headers": [(b"content-type", b"application/json"),
                                                (b"content-length", str(len(body)).encode())]})
                await send_with_id({"type": "http.response.body", "body": body})
        finally:
            client = scope.get("client") or ("", 0)
            logs.event("request", method=scope.get("method", ""), path=scope.get("path", ""),
                       status=state["status"], ms=round((time.perf_counter() - t0) * 1000, 1),
                       bytes_in=state["in"], bytes_out=state["out"], client=client[0], request_id=rid)


def create_app(settings: Settings | None = None) -> Starlette:
    """The application for one worker (uvicorn calls it in each worker process)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        t0 = time.perf_counter()
        app.state.checker = Checker(settings)
        if settings.warm:
            app.state.checker.warm()
        logs.event("ready", seconds=round(time.perf_counter() - t0, 2))
        yield
        logs.event("stopped")

    middleware = [Middleware(AccessLog)]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["Authorization", "Content-Type"], max_age=600))
    routes = [
        Route("/", page, methods=["GET"]),
        Route("/assets/{name}", asset, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/rules", api_rules, methods=["GET"]),
        Route("/v2/check", lt_check, methods=["GET", "POST"]),
        Route("/v2/languages", lt_languages, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={rq.RequestError: request_error, HTTPException: http_error})
    app.state.settings = settings
    return app
