"""re.compile, deferred to a pattern's first use.

Python's `re` parses and compiles a pattern in Python code, about a quarter of a
millisecond each, and mtqa's modules define some 250 at import: for languages, formats
and checks a given run never reaches. A pattern made here is compiled when it is first
used (any method or attribute), once, and then is the compiled pattern's own methods: the
first use binds them onto the object, so later calls cost what re's do.

(Keeping the compiled code between runs would save the rest, but the engine's code is a
program for its own machine, and `_sre.compile` does not fully check it: code read from a
cache folder anyone with the user's rights can write could crash the interpreter.)

A mistake in a pattern is raised at its first use rather than at import;
tests/test_rx.py compiles every pattern of every module, so none ships broken.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What a compiled pattern offers; bound onto the lazy pattern at its first use.
_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
          "scanner", "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """A compiled pattern made on first use; compiled() is it."""

    def __init__(self, pattern: str, flags: int):
        self._args = (pattern, flags)

    def compiled(self) -> re.Pattern[str]:
        found = self.__dict__.get("_compiled")
        if found is None:
            found = re.compile(*self._args)
            self.__dict__.update({a: getattr(found, a) for a in _ATTRS}, _compiled=found)
        return cast(re.Pattern[str], found)

    def __getattr__(self, name: str) -> Any:  # (only until compiled: then found directly)
        if name.startswith("__") or name in ("_args", "_compiled"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        return self.compiled() == (other.compiled() if isinstance(other, LazyPattern) else other)

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __repr__(self) -> str:
        return f"rx.compile({self._args[0]!r}, {self._args[1]})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (compile, self._args)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), compiled when first used."""
    if not isinstance(pattern, str):  # (bytes patterns: compiled now, as re would)
        return re.compile(pattern, flags)
    return cast(re.Pattern[str], LazyPattern(pattern, int(flags)))


__all__ = ["LazyPattern", "compile"]
