"""Find and load the data files in corpora/ (installed as mtqa.corpora).

Loaders are cached: a file is parsed at most once per process, and only when a
check asks for it, so a command pays only for the data it uses.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import gc
import hashlib
import json
import os
import sys
import tempfile
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from .errors import MtqaError
from .reader import read_bytes

T = TypeVar("T")
V = TypeVar("V")


def _same(x, _texts=None):
    return x


@functools.cache
def corpora_dir() -> Path:
    here = Path(__file__).resolve().parent
    # Installed: mtqa/corpora; from a checkout: ../corpora beside the package.
    for cand in (here / "corpora", here.parent / "corpora"):
        if (cand / "packs").is_dir():
            return cand
    raise FileNotFoundError("mtqa's corpora folder is missing; reinstall mtqa")


def cache_dir() -> Path | None:
    """Where parsed data is kept between runs; MTQA_CACHE_DIR=off disables the cache."""
    env = os.environ.get("MTQA_CACHE_DIR", "")
    if env.lower() in ("off", "0", "none"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtqa"


GC_FIRST_THRESHOLD = 50_000


def tune_gc(freeze: bool = False) -> None:
    """For a process that runs checks: a check loads its data tables in one burst, and the
    collector's default (a pass every 700 new objects) walks them again dozens of times, some
    10 ms of a 200 ms run. The pipeline makes few reference cycles, so passes every 50,000
    objects cost little memory, even over a long batch. freeze: everything loaded so far
    (after a worker's warm-up) is left out of all later passes."""
    first, *rest = gc.get_threshold()
    if first and first < GC_FIRST_THRESHOLD:
        gc.set_threshold(GC_FIRST_THRESHOLD, *rest)
    if freeze:
        gc.freeze()


def disk_cached(name: str, deps, build: Callable[[], T], spec: Any,
                encode: Callable[[T, list[str]], Any] = _same,
                decode: Callable[[Any, Texts], T] = _same) -> T:
    """build(), or its result from an earlier run when none of deps (files) has changed.

    Parsing the shipped data (word lists, gazetteer, name index, rule packs) costs more
    than checking an article, so the result is kept, keyed by the files' size and mtime,
    the code that builds it and the Python version. As data, never pickle: the cache is a
    file anyone with the user's rights can write, and it must not be able to run code.
    The file is a line of JSON, encode(value, texts), then the plain-text sections that
    encode appended to texts (big tables: see Table), separated by NULs. When read, the
    JSON must have the shape `spec` (see valid()) and decode(json, texts) must accept it
    (raising ValueError, TypeError, KeyError or IndexError if not); a Table checks each
    block when it first reads it and falls back to texts.fresh() if one is wrong. A missing,
    damaged, truncated or ill-shaped file is rebuilt and overwritten, so damage costs time,
    never a result. A file written well formed but with other values (by someone with the
    user's rights, who could as well edit the user's rule packs) can change results; it
    can never run code.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    target = folder / f"{name}-{_cache_key(name, deps)}.cache"
    collecting = gc.isenabled()
    gc.disable()  # loading makes many containers and no cycles: collecting only costs time
    try:
        # Bytes, decoded at once (several times faster than text mode); a regular file only,
        # read up to a bound: a FIFO or a link to /dev/zero planted here must not hang.
        head, _, body = read_bytes(str(target), CACHE_FILE_LIMIT).decode("utf-8").partition("\n")
        raw = json.loads(head)
        if valid(raw, spec):
            return decode(raw, Texts(body, lambda: _rebuilt(folder, name, target, build, encode, spec)))
    except (OSError, MtqaError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        pass  # missing, stale, unreadable or tampered with: rebuild
    finally:
        if collecting:
            gc.enable()
    value = build()
    _store(folder, name, target, value, encode, spec)
    return value


class Texts(list):
    """The text sections of a cache file; fresh() is the value built anew (once) and saved
    over the file, for a table that finds a bad block after the file was accepted."""

    def __init__(self, body: str = "", fresh: Callable[[], Any] | None = None):
        super().__init__(body.split("\0"))
        self.fresh = functools.cache(fresh or _no_fresh)


def _no_fresh():
    raise ValueError("nothing to rebuild from")


def _rebuilt(folder: Path, name: str, target: Path, build: Callable[[], T],
             encode: Callable[[T, list[str]], Any], spec: Any) -> T:
    value = build()
    _store(folder, name, target, value, encode, spec)
    return value


CACHE_FILE_LIMIT = 1 << 30  # bytes: far above any real cache file (a few MB)
_FORMAT = 2  # of the cache files: part of their key, so a file of another format is never read


def _cache_key(name: str, deps) -> str:
    from . import __version__

    h = hashlib.sha1(f"{__version__}|{sys.version}|{_FORMAT}|{name}".encode())
    for d in deps:
        try:
            st = os.stat(d)
            h.update(f"|{d}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"|{d}|missing".encode())
    return h.hexdigest()[:16]


def _store(folder: Path, name: str, target: Path, value: T,
           encode: Callable[[T, list[str]], Any], spec: Any) -> None:
    try:
        texts: list[str] = []
        data = encode(value, texts)
        if not valid(data, spec):  # an encoder out of step with its spec costs time, not results
            return
        if any("\0" in t for t in texts):
            raise ValueError("a text section holding the separator")
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        try:
            with os.fdopen(fd, "wb") as fh:
                # (json.dumps never writes a raw newline: the first line is all of it)
                head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                fh.write("\n".join([head, "\0".join(texts)]).encode("utf-8"))
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        # Results of older data, code or formats (older versions of mtqa wrote pickles).
        for old in folder.glob(f"{name}-{'[0-9a-f]' * 16}.*"):
            if old != target:
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass


def valid(value: Any, spec: Any) -> bool:
    """Has a value read from JSON this shape? spec is written like a type annotation:
    str, int, float, bool, None; list[X] (also tuple[X, ...]); dict[str, X]; tuple[X, Y]
    (a list of exactly that many items); A | B of plain types; and a dict literal
    {"key": X, ...} for an object with exactly those keys. Checked a level at a time over
    all values at once, so a table of 100,000 entries costs a few C-speed passes."""
    return _valid([value], spec)


def list_of(spec: Any) -> Any:
    """list[spec] for a spec that is not a type (a record's dict literal)."""
    return types.GenericAlias(list, (spec,))


def _valid(values: list, spec: Any) -> bool:
    if not values:
        return True
    if spec is None:
        spec = type(None)
    if isinstance(spec, dict):  # an object with exactly these keys
        keys = set(spec)
        return _types(values, dict) and all(d.keys() == keys for d in values) \
            and all(_valid([d[k] for d in values], s) for k, s in spec.items())
    origin, args = typing.get_origin(spec), typing.get_args(spec)
    if origin is None:
        return _types(values, spec)
    if origin in (typing.Union, types.UnionType):
        return _types(values, *(type(None) if a is None else a for a in args))
    if origin is list or (origin is tuple and args[-1:] == (Ellipsis,)):
        return _types(values, list) and _valid(list(chain.from_iterable(values)), args[0])
    if origin is tuple:  # a fixed-length record
        return _types(values, list) and set(map(len, values)) == {len(args)} \
            and all(_valid([v[i] for v in values], a) for i, a in enumerate(args))
    if origin is dict:  # JSON keys are always strings
        return _types(values, dict) \
            and _valid(list(chain.from_iterable(map(dict.values, values))), args[1])
    raise TypeError(f"valid(): unsupported spec {spec!r}")


def _types(values: list, *allowed: type) -> bool:
    """Is every value exactly of an allowed type (True is no int, 1 no float)?"""
    return set(map(type, values)) <= set(allowed)


@functools.cache
def _record_fields(cls) -> tuple[tuple[str, Any, Callable], ...]:
    """(name, JSON spec, converter back) of a dataclass's fields, for to_columns/from_columns."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in (str, int, float, bool):
            out.append((f.name, hint, _same))
        elif origin in (tuple, frozenset) and args and args[0] in (str, int):
            out.append((f.name, list[args[0]], origin))  # type: ignore[valid-type]
        else:  # no JSON form: a cache holding it never validates, so is always rebuilt
            out.append((f.name, _NoJsonForm, _same))
    return tuple(out)


class _NoJsonForm:
    """The spec of a field with no JSON form (no JSON value has this type)."""


def columns_spec(cls, skip: tuple[str, ...] = ()) -> Any:
    """The JSON shape of to_columns() for a dataclass of plain fields."""
    return {n: list_of(s) for n, s, _ in _record_fields(cls) if n not in skip}


def to_columns(objs, cls, skip: tuple[str, ...] = ()) -> dict[str, list]:
    """Dataclasses of plain fields (str, numbers, tuples and frozensets of them) as JSON data,
    a list per field: thousands of records load several times faster than as objects."""
    out = {}
    for n, spec, conv in _record_fields(cls):
        if n in skip:
            continue
        col = [getattr(o, n) for o in objs]
        # (a plain type of its own: an int flag such as re.IGNORECASE is written as int)
        out[n] = [sorted(v) for v in col] if conv is frozenset else [list(v) for v in col] \
            if conv is tuple else list(map(spec, col)) if spec in (str, int, float, bool) else col
    return out


def from_columns(cls, data: dict[str, list], **extra: list) -> list:
    """The dataclasses back from to_columns() (data checked against columns_spec first);
    extra: columns of the fields that were skipped."""
    names = [n for n, _, _ in _record_fields(cls) if n in data] + list(extra)
    cols = [list(map(conv, data[n])) if conv is not _same else data[n]
            for n, _, conv in _record_fields(cls) if n in data] + list(extra.values())
    if len(set(map(len, cols))) > 1:
        raise ValueError("columns of different lengths")
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return [cls(**dict(zip(names, row))) for row in zip(*cols)]  # it checks its own values
    out = []
    for row in zip(*cols):  # as pickle does it: several times faster than __init__
        obj = cls.__new__(cls)
        obj.__dict__.update(zip(names, row))
        out.append(obj)
    return out


# -- big tables, read a block at a time --------------------------------------------------------
BLOCK = 64  # entries per block: a lookup splits at most this many lines
TABLE = tuple[int, int, int]  # a Table's JSON form: (entries, first text section, blocks)


class Table(Mapping[Any, V]):
    """A big str-keyed table kept in a cache file as sorted "key<TAB>value" lines, BLOCK to a
    text section, after a section of each block's first key. Building 100,000 entries costs
    more than checking an article, and an article looks up a few hundred: a block becomes a
    dict of value texts only when a lookup lands in it, and a value is made by parse(value
    text) (which raises ValueError on anything wrong) only when it is looked up: an article
    parses the few hundred values it asks for, not their blocks. A bad block or value means
    a tampered cache:
    the table then answers from rebuild() (the value built anew) instead, so results never
    change. Keys and values never hold a tab, newline or NUL. tuple_keys: keys are tuples of
    words (None as ""), kept joined by \x1f. Iterated in key order."""

    __slots__ = ("_n", "_blocks", "_heads", "_dicts", "_parse", "_rebuild", "_whole", "_tuples",
                 "_parsed")

    def __init__(self, n: int, heads: list[str], blocks: list[str], parse: Callable[[str], V],
                 rebuild: Callable[[], Mapping], tuple_keys: bool = False):
        if n < 0 or len(blocks) != -(-n // BLOCK) or len(heads) != len(blocks) \
                or (blocks and blocks[-1].count("\n") + 1 != n - BLOCK * (len(blocks) - 1)):
            raise ValueError("cached table: wrong length")  # (other blocks: checked when read)
        self._n, self._blocks, self._parse, self._rebuild = n, blocks, parse, rebuild
        self._heads = heads  # the first key of each block
        self._dicts: list[dict[str, str] | None] = [None] * len(blocks)  # value texts
        self._parsed: dict[str, Any] = {}  # values made so far (or _MISSING), by (joined) key
        self._whole: Mapping | None = None  # rebuild()'s table, once a block proved bad
        self._tuples = tuple_keys

    @classmethod
    def from_json(cls, data: list, texts: Texts, parse: Callable[[str], V],
                  rebuild: Callable[[], Mapping], tuple_keys: bool = False) -> Table[V]:
        n, first, count = data
        if first < 0 or count < 1 or first + count > len(texts):
            raise ValueError("cached table: sections out of range")
        heads = texts[first].split("\n") if count > 1 else []
        return cls(n, heads, texts[first + 1:first + count], parse, rebuild, tuple_keys)

    @staticmethod
    def to_json(d: Mapping, texts: list[str], show: Callable[[Any], str] = str,
                tuple_keys: bool = False) -> list[int]:
        """Append d's sections to texts (values written by show); the JSON form (a TABLE)."""
        keys = [join_key(k) for k in d] if tuple_keys else list(d)
        rows = sorted(zip(keys, map(show, d.values())))
        lines = [f"{k}\t{v}" for k, v in rows]
        if any(x.count("\t") != 1 or "\n" in x or "\0" in x for x in lines) \
                or len(set(keys)) != len(keys):
            raise ValueError("a table entry that cannot be written as a line")
        first = len(texts)
        texts.append("\n".join(k for k, _ in rows[::BLOCK]))
        texts += ["\n".join(lines[i:i + BLOCK]) for i in range(0, len(lines), BLOCK)]
        return [len(lines), first, len(texts) - first]

    def _block(self, key: str) -> dict | None:
        i = bisect.bisect_right(self._heads, key) - 1
        if i < 0:
            return None
        d = self._dicts[i]
        if d is None:
            try:
                d = self._read(i)
            except (ValueError, TypeError, KeyError, IndexError):
                self._whole = self._rebuild()
                return None
            self._dicts[i] = d
        return d

    def _read(self, i: int) -> dict[str, str]:
        """Block i as a dict of value texts; ValueError if it is not what to_json() wrote."""
        rows = [line.split("\t") for line in self._blocks[i].split("\n")]
        d = dict(rows)  # (a line without exactly one tab: ValueError)
        if len(d) != min(BLOCK, self._n - i * BLOCK) or rows[0][0] != self._heads[i]:
            raise ValueError("cached table: a block of the wrong size or place")
        return d

    def get(self, key, default=None):
        if self._whole is None:
            k = join_key(key) if self._tuples else key
            got = self._parsed.get(k, _UNSEEN)
            if got is not _UNSEEN:
                return default if got is _MISSING else got
            d = self._block(k)
            if self._whole is None:
                text = None if d is None else d.get(k)
                if text is None:
                    if len(self._parsed) < MEMO_LIMIT:  # (bounded over a long batch)
                        self._parsed[k] = _MISSING  # the same words are asked about again and again
                    return default
                try:
                    v = self._parsed[k] = self._parse(text)
                    return v
                except (ValueError, TypeError, KeyError, IndexError):
                    self._whole = self._rebuild()
        return self._whole.get(key, default)

    def key_texts(self) -> list[str]:
        """Every key as written (tuple keys joined), without making any value."""
        if self._whole is not None:
            return [join_key(k) if self._tuples else k for k in self._whole]
        return [line.split("\t", 1)[0] for b in self._blocks for line in b.split("\n")]

    def __getitem__(self, key):
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def __contains__(self, key) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __len__(self) -> int:
        return self._n if self._whole is None else len(self._whole)

    def __iter__(self):
        return iter(self._all())

    def items(self):
        return self._all().items()

    def values(self):
        return self._all().values()

    def _all(self) -> Mapping:
        """Every entry (for the rare caller that walks the whole table)."""
        if self._whole is None:
            out = {}
            for head in self._heads:
                d = self._block(head)
                if self._whole is not None:
                    break
                try:
                    out.update({k: self._parse(v) for k, v in (d or {}).items()})
                except (ValueError, TypeError, KeyError, IndexError):
                    self._whole = self._rebuild()
                    break
            else:
                if self._tuples:
                    out = {tuple(w or None for w in k.split("\x1f")): v for k, v in out.items()}
                return out
        return self._whole


_MISSING = object()
_UNSEEN = object()
MEMO_LIMIT = 1 << 17  # keys a Table remembers as absent, at most


def join_key(k: tuple) -> str:
    """A tuple of words as one Table key (None as "")."""
    return "\x1f".join("" if w is None else w for w in k)


def _float(s: str) -> float:
    z = float(s)
    if z != z or z in (float("inf"), float("-inf")):  # no word list holds these
        raise ValueError("not a frequency")
    return z


def indices(text: str, n: int) -> tuple[int, ...]:
    """Positions in a table of n items, cached as "3 17" (a Table's value); ValueError unless
    each is one (a cached index that points past its table would fail later, mid-check)."""
    out = tuple(map(int, text.split(" ")))
    if min(out) < 0 or max(out) >= n:
        raise ValueError("cached index out of range")
    return out


def check_indices(lists, n: int) -> None:
    """Raise ValueError unless every int in these lists is a position in a list of n items
    (a cached index that points past its table would fail later, mid-check)."""
    flat = list(chain.from_iterable(lists))
    if flat and (min(flat) < 0 or max(flat) >= n):
        raise ValueError("cached index out of range")


class DataPathError(MtqaError, ValueError):
    """A name that would lead out of mtqa's data folder (a user string must never do that)."""


def path(*parts: str) -> Path:
    """A file in corpora/. Each part is one plain name: never absolute, '..', or with a
    path separator or NUL, so no string from a user or an input can reach another file."""
    for p in parts:
        if not isinstance(p, str) or p in ("", ".", "..") or "\0" in p or "/" in p \
                or os.sep in p or (os.altsep and os.altsep in p):
            raise DataPathError(f"{p!r}: not a name of a file in mtqa's data")
    return corpora_dir().joinpath(*parts)


def data_lines(p: Path):
    """Yield (line number, stripped line) for non-empty, non-comment lines."""
    with open(p, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                yield no, line


def read_tsv(p: Path) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line, as dicts (comment lines skipped)."""
    rows = data_lines(p)
    cols = None
    out = []
    for _, line in rows:
        cells = line.split("\t")
        if cols is None:
            cols = cells
            continue
        cells += [""] * (len(cols) - len(cells))
        out.append({c: v.strip() for c, v in zip(cols, cells)})
    return out


@functools.cache
def load_toml(p: Path) -> dict:
    with open(p, "rb") as fh:
        return tomllib.load(fh)


@functools.cache
def word_freqs(lang: str) -> Mapping[str, float]:
    """Zipf frequencies of the language's most common words (empty if not shipped)."""
    p = path("lexicon", f"words-{lang}.tsv")
    if not p.exists():
        return {}
    build = functools.partial(_read_freqs, p)
    return disk_cached(f"words-{lang}", [p], build, TABLE, Table.to_json,
                       lambda data, texts: Table.from_json(data, texts, _float, texts.fresh))


def _read_freqs(p: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#":
                continue
            w, _, z = line.rstrip("\n").partition("\t")
            if z:
                out[w] = float(z)
    return out


@functools.cache
def word_set(*parts: str) -> frozenset[str]:
    """The entries of a one-per-line list in corpora/ (e.g. "names", "particles.txt"), as
    written; '#' comment lines and blank lines are skipped. Read once, on first use."""
    return frozenset(line.strip() for _, line in data_lines(path(*parts)))


@functools.cache
def word_groups(key: str, *parts: str) -> dict[str, frozenset[str]]:
    """A two-column TSV list in corpora/ (a `key` column and a `word` column) as
    key -> the words filed under it (e.g. language -> sentence starters)."""
    groups: dict[str, set[str]] = {}
    for row in read_tsv(path(*parts)):
        groups.setdefault(row[key], set()).add(row["word"])
    return {k: frozenset(v) for k, v in groups.items()}


@functools.cache
def abbreviations(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(never-final, may-be-final) abbreviations for a language, lowercased."""
    p = path("abbreviations", f"{lang}.txt")
    fixed: set[str] = set()
    maybe: set[str] = set()
    if p.exists():
        for _, line in data_lines(p):
            w = line.strip()
            if w.startswith("?"):
                maybe.add(w[1:].lower())
            else:
                fixed.add(w.lower())
    return frozenset(fixed), frozenset(maybe)


@functools.cache
def pos_tags(lang: str = "en") -> Mapping[str, str]:
    """word -> part-of-speech letters (n v a r) from corpora/lexicon/<lang>-pos.tsv (WordNet)."""
    p = path("lexicon", f"{lang}-pos.tsv")
    if not p.exists():
        return {}
    build = functools.partial(_read_pos, p)
    return disk_cached(f"pos-{lang}", [p], build, TABLE, Table.to_json,
                       lambda data, texts: Table.from_json(data, texts, str, texts.fresh))


def _read_pos(p: Path) -> dict[str, str]:
    with open(p, encoding="utf-8") as fh:
        text = fh.read()
    return dict(line.split("\t", 1) for line in text.split("\n")
                if line and line[0] != "#" and "\t" in line)
