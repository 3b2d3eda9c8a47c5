"""What `mtqa serve` was started with, handed to each worker process through the environment
(workers are fresh interpreters: uvicorn spawns them and each imports the app anew)."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
from dataclasses import dataclass, field
from typing import Any

from ..pipeline import Options

ENV = "MTQA_SERVE_SETTINGS"
TOKEN_ENV = "MTQA_SERVE_TOKEN"


@dataclass(frozen=True)
class Settings:
    options: Options = field(default_factory=Options)
    token: str = ""  # bearer token every check must carry ("" = none; loopback only)
    cors_origins: tuple[str, ...] = ()
    max_request_bytes: int = 1_000_000
    time_limit: float = 30.0  # seconds per check; 0 = none
    warm: bool = True  # load every model before the first request

    def to_env(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_env(cls, value: str | None = None) -> Settings:
        raw = os.environ.get(ENV, "") if value is None else value
        if not raw:
            return cls()
        d = {k: _tuples(v) for k, v in json.loads(raw).items()}
        d["options"] = Options(**{k: _tuples(v) for k, v in d["options"].items()})
        return cls(**d)


def _tuples(v: Any) -> Any:
    """JSON's lists back to the tuples the frozen dataclasses hold."""
    return tuple(_tuples(x) for x in v) if isinstance(v, list) else v


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
