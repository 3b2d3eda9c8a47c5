"""Language codes: one place that normalises and validates them.

Every module that compares or looks up a language code goes through base(); codes a
user types go through validate(), which knows the languages in
corpora/languages/languages.tsv.
"""

from __future__ import annotations

import functools

from . import resources
from .errors import MtqaError


def base(code: str | None) -> str:
    """'en-US', 'en_us', 'EN' -> 'en'; 'zh-Hant' -> 'zh'; '' or None -> ''."""
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


@functools.cache
def known() -> dict[str, str]:
    """Code -> English name of every language mtqa recognises."""
    rows = resources.read_tsv(resources.path("languages", "languages.tsv"))
    return {r["code"]: r["name"] for r in rows}


def validate(code: str, what: str = "language", extra: tuple[str, ...] = ()) -> str:
    """A user-given code, normalised; an unknown one is a usage error naming the valid ones.

    extra: further accepted words (e.g. 'any' for --calques); returned as given.
    """
    raw = (code or "").strip()
    if raw.lower() in extra:
        return raw.lower()
    b = base(raw)
    if b in known():
        return b
    valid = ", ".join([*extra, *sorted(known())])
    raise MtqaError(f"unknown {what} code '{raw}' (valid: {valid})")
