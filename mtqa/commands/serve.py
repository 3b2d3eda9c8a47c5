"""`mtqa serve`: the checks as an HTTP service (mtqa's API, LanguageTool's, an editor page)."""

from __future__ import annotations

import os
import signal
import socket

import click

from ..cli import engine_options, make_engine
from ..errors import MtqaError

DEFAULT_PORT = 8081  # LanguageTool's own server's: a client set up for a local one finds mtqa
MAX_CONNECTIONS = 256  # open at once; more get 503 (each holds memory, and the queue is long enough)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs a token.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Check processes, each checking one text at a time, fed from one queue "
              "[default: the CPUs, at most 8].")
@click.option("--token-file", type=click.Path(dir_okay=False), default=None,
              help="File holding the bearer token every check must carry (default: "
              "$MTQA_SERVE_TOKEN; none on loopback).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Origin allowed to call the API from a browser (a browser add-on's, "
              "chrome-extension://ID); repeatable.")
@click.option("--max-request-size", type=click.FloatRange(0, min_open=True), default=1.0,
              show_default=True, metavar="MB", help="Refuse larger requests (413).")
@click.option("--time-limit", type=click.FloatRange(0), default=30.0, show_default=True,
              metavar="SECONDS", help="Longest a request may wait for a free check process, and then take to check "
              "(503 after either); 0 = none.")
@click.option("--read-timeout", type=click.FloatRange(0), default=30.0, show_default=True,
              metavar="SECONDS", help="Longest a client may take to send its request (408 after); 0 = none.")
@click.option("--max-findings", type=click.IntRange(1), default=2000, show_default=True,
              help="Findings in one answer at most (the score and verdict count them all).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True)
@engine_options
def serve(host, port, workers, token_file, cors_origins, max_request_size, time_limit, read_timeout,
          max_findings, log_level, **options):
    """Serve the checks over HTTP: POST /api/check (mtqa's JSON), POST /v2/check
    (LanguageTool's protocol, for its add-ons and clients), and an editor page at /.

    Stops gracefully on SIGTERM or Ctrl-C: requests in flight are answered first.
    """
    from ..service.settings import TOKEN_ENV, Settings, is_loopback

    try:
        import uvicorn
    except ImportError:
        raise MtqaError("mtqa serve needs its web server: pip install 'mtqa[serve]'") from None
    token = read_token(token_file) if token_file else os.environ.get(TOKEN_ENV, "").strip()
    if not is_loopback(host) and not token:
        raise MtqaError(f"--host {host} is reachable from other machines: give a token "
                        f"(--token-file FILE or ${TOKEN_ENV}) so that only your editors can check text")
    engine = make_engine(**options)  # unknown rule ids and languages fail here, not per worker
    settings = Settings(options=engine.options, token=token, cors_origins=tuple(cors_origins),
                        max_request_bytes=int(max_request_size * 1_000_000), time_limit=time_limit,
                        read_timeout=read_timeout, max_findings=max_findings)
    check_port_free(host, port)
    workers = workers or min(os.cpu_count() or 1, 8)
    from ..service import logs
    from ..service.app import create_app

    click.echo(f"mtqa serve: http://{host}:{port}/ with {workers} check process(es); Ctrl-C to stop",
               err=True)
    # uvicorn stops gracefully on SIGTERM, then raises it again for the handler that was
    # there before: ours makes a stop that was asked for a success (exit 0).
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    # One front process (uvicorn, asyncio) feeds the check processes from one queue.
    uvicorn.run(create_app(settings, workers), host=host, port=port, log_config=logs.config(log_level),
                access_log=False, server_header=False, limit_concurrency=MAX_CONNECTIONS,
                timeout_graceful_shutdown=int(time_limit + 10) if time_limit else None)
    return 0


def read_token(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            token = fh.read().strip()
    except (OSError, UnicodeDecodeError) as e:
        raise MtqaError(f"{path}: cannot read the token ({getattr(e, 'strerror', None) or e})") from None
    if not token:
        raise MtqaError(f"{path}: the token file is empty")
    return token


def check_port_free(host: str, port: int) -> None:
    """A clear error now rather than uvicorn's log line after start-up."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as e:
            raise MtqaError(f"cannot listen on {host}:{port} ({e.strerror})") from None
