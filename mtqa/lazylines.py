"""Records kept in a cache file one a line, each parsed when first asked for.

The gazetteer's entities and the canon's names number thousands, and an article asks for a
few dozen: splitting a text section into lines costs far less than making every record.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class Lines(Sequence[T]):
    """A sequence of records read from lines; parse(i, line) makes record i."""

    def __init__(self, lines: list[str], parse: Callable[[int, str], T]):
        self._lines, self._parse = lines, parse
        self._made: dict[int, T] = {}
        self._positions: dict[int, int] = {}  # id of each record made -> its position

    def __len__(self) -> int:
        return len(self._lines)

    @typing.overload
    def __getitem__(self, i: int) -> T: ...
    @typing.overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...

    def __getitem__(self, i):
        try:
            return self._made[i]  # (the common case: a checker asks for the same few again)
        except (KeyError, TypeError):  # (not made yet; or a slice)
            pass
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            if i < -len(self._lines):
                raise IndexError("Lines index out of range")
            return self[i + len(self._lines)]
        v = self._made[i] = self._parse(i, self._lines[i])  # (past the end: IndexError)
        self._positions[id(v)] = i
        return v

    def position(self, v: T) -> int:
        """Where a record made by this sequence stands in it."""
        return self._positions[id(v)]
