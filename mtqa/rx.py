"""re.compile with the compiled form kept between runs.

Python's `re` parses and compiles every pattern anew in each process, in Python code:
about half a millisecond a pattern and some 200 patterns for a check, more than checking
an article takes. The compiled form is a list of integers that the C engine (`_sre`)
accepts directly, so it is kept in the cache folder (mtqa.resources.cache_dir) and handed
back to `_sre.compile` in later runs. `_sre.compile` validates the code it is given and
refuses malformed code (RuntimeError), so a damaged or planted cache file can cost time
but cannot crash the interpreter or run code; what it builds is exactly what re.compile
builds (patterns compare equal: same pattern, flags and code; the tests check this).

The cache is per Python build (the code format is the interpreter's own) and content
addressed (pattern and flags), so a change to mtqa never reads a stale entry. Anything
unexpected -- another Python whose `_sre` takes other arguments, an unreadable file -- falls
back to re.compile. New entries are written once, atomically, when the process exits.
"""

from __future__ import annotations

import array
import atexit
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, TypeAlias

from .errors import MtqaError

try:  # (private modules: without them, or with another interface, this is re.compile)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - not CPython
    _sre = None

MAX_ENTRIES = 4000  # kept in the file: the patterns of a few versions of mtqa and user packs
FILE_LIMIT = 1 << 26  # bytes read at most (a few hundred KB in practice)
_SPECIAL = re.DEBUG | re.TEMPLATE if hasattr(re, "TEMPLATE") else re.DEBUG

Code: TypeAlias = "list[int] | array.array[int]"
Entry = tuple[int, int, int, dict[str, int], tuple[str | None, ...], Code]
# (flags as compiled, groups - 1, CODESIZE, groupindex, indexgroup, code: a list when
# compiled here, a slice of the file's array when read)


class _Store:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], Entry] = {}
        self.used: dict[tuple[str, int], None] = {}  # (a dict: in order of use)
        self.new = False
        self.path: str | None = None
        self.loaded = False

    def load(self) -> None:
        self.loaded = True
        self.path = _cache_path()
        if self.path is None:
            return
        try:
            self.entries = _read(self.path)
        except (OSError, MtqaError, ValueError, TypeError, KeyError, IndexError, OverflowError,
                RecursionError):
            self.entries = {}  # missing or damaged: compiled anew and written again
        atexit.register(self.save)

    def save(self) -> None:
        if not self.new or self.path is None:
            return
        keep = list(self.used) + [k for k in self.entries if k not in self.used]
        _write(self.path, {k: self.entries[k] for k in keep[:MAX_ENTRIES] if k in self.entries})
        self.new = False


_STORE = _Store()
_enabled = _sre is not None


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the cache when this Python compiled it before."""
    global _enabled
    flags = int(flags)
    if not _enabled or not isinstance(pattern, str) or flags & _SPECIAL:
        return re.compile(pattern, flags)
    if not _STORE.loaded:
        _STORE.load()
    key = (pattern, flags)
    entry = _STORE.entries.get(key)
    if entry is not None:
        try:
            _STORE.used[key] = None
            return _from_entry(pattern, entry)
        except (RuntimeError, TypeError, ValueError, OverflowError):
            del _STORE.entries[key]  # refused by the engine: compiled anew below
    try:
        entry = _compile(pattern, flags)
        compiled = _from_entry(pattern, entry)
    except re.error:
        raise
    except Exception:  # another interpreter's private interface: plain re from now on
        _enabled = False
        return re.compile(pattern, flags)
    _STORE.entries[key] = entry
    _STORE.used[key] = None
    _STORE.new = True
    return compiled


def _compile(pattern: str, flags: int) -> Entry:
    """What re._compiler.compile computes before it calls the engine."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (flags | tree.state.flags, tree.state.groups - 1, _sre.CODESIZE, groupindex,
            tuple(indexgroup), list(code))


def _from_entry(pattern: str, e: Entry) -> re.Pattern[str]:
    flags, groups, _, groupindex, indexgroup, code = e
    return _sre.compile(pattern, flags, code if isinstance(code, list) else code.tolist(),
                        groups, groupindex, indexgroup)


# -- the file ----------------------------------------------------------------------------
# As every file of the cache (mtqa.resources): one line of JSON, here the entries without
# their code, each with its code's place; then text, here the code of all entries as one
# hex string of CODESIZE-byte integers: bytes.fromhex and array.frombytes read 40,000
# integers in microseconds, where a JSON list of them takes milliseconds.

def _cache_path() -> str | None:
    from .resources import cache_dir

    folder = cache_dir()
    if folder is None or _sre is None:
        return None
    build = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.byteorder}"
    return str(folder / f"regex-{hashlib.sha1(build.encode()).hexdigest()[:16]}.cache")


def _typecode() -> str:
    for t in ("I", "L"):
        if array.array(t).itemsize == _sre.CODESIZE:
            return t
    raise ValueError("no array type of the engine's code size")


def _read(path: str) -> dict[tuple[str, int], Entry]:
    from .reader import read_bytes

    head, _, body = read_bytes(path, FILE_LIMIT).partition(b"\n")
    meta = json.loads(head)
    codes = array.array(_typecode())
    codes.frombytes(bytes.fromhex(body.decode("ascii")))
    out: dict[tuple[str, int], Entry] = {}
    for pattern, flags, cflags, groups, groupindex, indexgroup, start, length in meta:
        if not (isinstance(pattern, str) and isinstance(groupindex, dict)
                and isinstance(indexgroup, list)
                and all(type(x) is int for x in (flags, cflags, groups, start, length))
                and 0 <= start <= start + length <= len(codes)):
            raise ValueError("a damaged entry")
        out[(pattern, flags)] = (cflags, groups, _sre.CODESIZE, groupindex, tuple(indexgroup),
                                 codes[start:start + length])
    return out


def _write(path: str, entries: dict[tuple[str, int], Entry]) -> None:
    try:
        meta: list[Any] = []
        codes = array.array(_typecode())
        for (pattern, flags), (cflags, groups, _, groupindex, indexgroup, code) in entries.items():
            meta.append([pattern, flags, cflags, groups, groupindex, list(indexgroup),
                         len(codes), len(code)])
            codes.extend(code)
        from .resources import remove_older

        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".regex-")
        try:
            with os.fdopen(fd, "wb") as fh:
                # (ASCII JSON: a pattern may hold a lone surrogate, which UTF-8 cannot encode)
                fh.write(json.dumps(meta, separators=(",", ":")).encode("ascii"))
                fh.write(b"\n" + codes.tobytes().hex().encode("ascii"))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        remove_older(Path(folder), "regex", Path(path))
    except (OSError, ValueError, TypeError, OverflowError):
        pass  # a read-only or full cache folder costs time next run, never a result


__all__ = ["compile"]
