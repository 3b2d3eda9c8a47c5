"""`mtqa serve` started for a test: a real process on a free loopback port, its log in a file.

    with served("--workers", "2") as srv:
        srv.post_json("/api/check", {"text": "..."})
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 90.0  # seconds: imports and warming every model, on a busy CI machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict, bytes]:
        """(status, headers with lower-case names, body) of one request on a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            conn.request(method, path, body=data, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def post_json(self, path: str, doc, headers: dict[str, str] | None = None) -> tuple[int, dict | list]:
        status, _, body = self.request("POST", path, json.dumps(doc),
                                       {"Content-Type": "application/json", **(headers or {})})
        return status, json.loads(body)


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mtqa serve exited with {proc.returncode} before it was ready")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise RuntimeError(f"mtqa serve was not ready within {timeout:.0f} s")


@contextlib.contextmanager
def served(*args: str, env: dict[str, str] | None = None, workers: int = 1):
    """A server with these extra `mtqa serve` arguments; stopped (SIGTERM) afterwards."""
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="mtqa-serve-"))
    log_path = log_dir / "serve.log"
    cmd = [sys.executable, "-m", "mtqa", "--no-config", "serve", "--port", str(port),
           "--workers", str(workers), *args]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, **(env or {})})
    try:
        wait_healthy(port, proc)
        yield Server(f"http://127.0.0.1:{port}", port, proc, log_path)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
