"""The HTTP service (Starlette, an ASGI application served by uvicorn).

Routes:
    GET  /               the editor page (paste a story, see its findings inline)
    GET  /assets/NAME    the page's script and style (no other origin is ever asked)
    GET  /health         liveness, the check processes, whether a token is needed
    POST /api/check      {"text", "source"?, "lang"?, ...} -> the `check --format json` document
    GET  /api/rules      the rules, as `mtqa rules --format json`
    POST /v2/check       LanguageTool's check (form fields), answered in its shape; GET too
    GET  /v2/languages   LanguageTool's language list

This process is the front: it reads requests (within the size limit), checks the token,
logs, and hands each check to the pool of check processes (pool.py, worker.py), which
parse, check and render it; the front sends the answer.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..errors import one_line
from ..render import languagetool_format as ltf
from . import logs
from . import requests as rq
from .messages import Reply, RequestError
from .pool import CheckPool
from .settings import Settings

ASSETS = Path(__file__).parent / "assets"
# The HTML report's stylesheet, served as-is: the editor's highlights look like the report's.
SHARED_ASSETS = {"report.css": Path(__file__).parent.parent / "render" / "assets" / "report.css"}
ASSET_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
# The page and its assets: nothing from another origin, no inline script.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def lt_path(path: str) -> bool:
    return path.startswith("/v2/")


def error_body(path: str, message: str) -> tuple[bytes, str]:
    """One line: JSON {"error"} on mtqa's API, plain text "Error: ..." on LanguageTool's (as
    it answers)."""
    message = one_line(message)
    if lt_path(path):
        return f"Error: {message}".encode(), "text/plain; charset=utf-8"
    return json.dumps({"error": message}, ensure_ascii=False).encode(), "application/json"


def error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body, kind = error_body(request.url.path, message)
    return Response(body, status_code=status, media_type=kind, headers=headers)


async def read_body(request: Request, settings: Settings) -> bytes:
    """The body, or a 413 as soon as it is longer than the limit (declared or streamed); a
    408 when the client takes longer than --read-timeout to send it."""
    limit = settings.max_request_bytes
    declared = request.headers.get("content-length", "")
    too_big = RequestError(413, f"the request is larger than this server's limit of {limit:,} bytes; "
                           "send a shorter text or raise --max-request-size")
    if declared.isdigit() and int(declared) > limit:
        raise too_big

    async def read() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(read(), settings.read_timeout or None)
    except TimeoutError:
        raise RequestError(408, f"the request body did not arrive within {settings.read_timeout:g} s") from None
    except ClientDisconnect:
        raise RequestError(400, "the client closed the connection before sending the whole body") from None


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
        raise RequestError(401, "a valid bearer token is required (Authorization: Bearer TOKEN)")


def pool(request: Request) -> CheckPool:
    return request.app.state.pool


def answer(reply: Reply) -> Response:
    headers = {**reply.headers, "X-Mtqa-Worker": str(reply.worker), "X-Content-Type-Options": "nosniff"}
    return Response(reply.body, media_type=reply.media_type, headers=headers)


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
    return JSONResponse({"status": "ok", "mtqa": __version__, "workers": pool(request).pids,
                         "auth": bool(s.token)})


async def api_rules(request: Request) -> Response:
    authorise(request, request.app.state.settings)
    return answer(await pool(request).call("rules", None))


async def api_check(request: Request) -> Response:
    s: Settings = request.app.state.settings
    authorise(request, s)
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind not in ("application/json", "text/plain", ""):
        raise RequestError(415, f"send the check as application/json, not {kind}")
    return answer(await pool(request).call("native", await read_body(request, s)))


async def lt_check(request: Request) -> Response:
    s: Settings = request.app.state.settings
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("application/x-www-form-urlencoded", ""):
            raise RequestError(415, f"send the fields form-encoded "
                               f"(application/x-www-form-urlencoded), not {kind}")
        fields = rq.form(await read_body(request, s))
    else:
        if len(request.url.query) > s.max_request_bytes:
            raise RequestError(413, "the query is larger than this server's limit")
        fields = rq.form(b"", request.url.query)
    authorise(request, s, fields)
    return answer(await pool(request).call("languagetool", fields))


async def lt_languages(request: Request) -> Response:
    return JSONResponse(ltf.languages_list())


# -- errors, logging --------------------------------------------------------------------------

async def request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else \
        {"Retry-After": "1"} if exc.status == 503 else None
    message = exc.message
    if exc.status >= 500 and exc.where:  # a bug in a check process: its place, for the log
        rid = request.state.request_id
        logs.event("error", logging.ERROR, request_id=rid, path=request.url.path,
                   error=exc.message, where=exc.where)
        message = f"{message}; request id {rid}"
    return error(request, exc.status, message, headers)


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
        scope.setdefault("state", {})["request_id"] = rid  # request.state.request_id
        state: dict[str, Any] = {"status": 0, "out": 0, "in": 0, "started": False, "worker": 0}

        async def counting_receive():
            msg = await receive()
            if msg["type"] == "http.request":
                state["in"] += len(msg.get("body", b""))
            return msg

        async def send_with_id(msg):
            if msg["type"] == "http.response.start":
                state["status"], state["started"] = msg["status"], True
                msg = dict(msg)
                msg["headers"] = [*msg.get("headers", []), (b"x-request-id", rid.encode())]
                for k, v in msg["headers"]:
                    if k.lower() == b"x-mtqa-worker":
                        state["worker"] = int(v)
            elif msg["type"] == "http.response.body":
                state["out"] += len(msg.get("body", b""))
            await send(msg)

        try:
            await self.app(scope, counting_receive, send_with_id)
        except Exception as exc:  # a bug: logged by type and place only, answered in one line
            logs.event("error", logging.ERROR, request_id=rid, path=scope.get("path", ""),
                       error=type(exc).__name__, where=logs.where(exc))
            if not state["started"]:
                body, kind = error_body(scope.get("path", ""),
                                        f"internal error ({type(exc).__name__}); request id {rid}")
                await send_with_id({"type": "http.response.start", "status": 500,
                                    "headers": [(b"content-type", kind.encode()),
                                                (b"content-length", str(len(body)).encode())]})
                await send_with_id({"type": "http.response.body", "body": body})
        finally:
            client = scope.get("client") or ("", 0)
            logs.event("request", method=scope.get("method", ""), path=scope.get("path", ""),
                       status=state["status"], ms=round((time.perf_counter() - t0) * 1000, 1),
                       bytes_in=state["in"], bytes_out=state["out"], client=client[0],
                       worker=state["worker"], request_id=rid)


def create_app(settings: Settings, processes: int = 1) -> Starlette:
    """The front: routes and middleware; its lifespan starts the check processes (all warm
    before the first request is answered) and stops them after the last."""

    @asynccontextmanager
    async def lifespan(app: Starlette):
        t0 = time.perf_counter()
        app.state.pool = CheckPool(settings, processes)
        await app.state.pool.start()
        logs.event("ready", seconds=round(time.perf_counter() - t0, 2), workers=app.state.pool.pids)
        yield
        await app.state.pool.stop()
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
                    exception_handlers={RequestError: request_error, HTTPException: http_error})
    app.state.settings = settings
    return app
