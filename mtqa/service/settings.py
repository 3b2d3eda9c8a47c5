"""What `mtqa serve` was started with: the front reads it, and each check process is
started with it (it is pickled to them)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..pipeline import Options

TOKEN_ENV = "MTQA_SERVE_TOKEN"


@dataclass(frozen=True)
class Settings:
    options: Options = field(default_factory=Options)
    token: str = ""  # bearer token every check must carry ("" = none; loopback only)
    cors_origins: tuple[str, ...] = ()
    max_request_bytes: int = 1_000_000
    time_limit: float = 30.0  # seconds per request, from its arrival; 0 = none
    read_timeout: float = 30.0  # seconds a client may take to send its request body
    max_findings: int = 2000  # per answer (the score and verdict count them all)


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
