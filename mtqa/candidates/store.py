"""The on-disk index of a folder of stories: one SQLite file, built once, kept current.

A manifest of (path, size, mtime_ns, content hash) means a re-open of an unchanged folder
is a stat walk and nothing else; added, changed and removed files are applied in one
transaction, and a file only touched (same hash) is not re-indexed. The first build goes
to a temporary file that is renamed into place, so a reader never sees a half-built
index; temporary files of builds that were killed are removed by the next one.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import zlib
from pathlib import Path

from ..errors import InputError
from .backends import backend as _backend
from .query import index_terms
from .stories import KINDS, STORY_SUFFIXES, Unreadable, read_file, story

APP = "mtqa-candidates"  # marks the file as an index (meta table)
SCHEMA_VERSION = "2"  # 2: stories read by mtqa.readers, their format kept
INDEX_NAME = ".mtqa-index.sqlite"
BATCH = 2000  # rows per executemany

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    # the manifest. path: relative to the folder, '/'-separated; hash: blake2b-128 of
    # the bytes; status: 1 indexed, 0 skipped (not a readable story); format: as the
    # readers recognised it, so that the query need not recognise it again
    "CREATE TABLE stories (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, "
    "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, hash BLOB, status INTEGER NOT NULL, "
    "title TEXT, format TEXT)",
    # zlib of the terms a story is indexed under, which is what deleting them from the
    # index takes; a table of its own keeps the manifest small and quick to read
    "CREATE TABLE story_terms (id INTEGER PRIMARY KEY, terms BLOB NOT NULL)",
)


def open_index(folder: str, index_path: str | None, backend: str):
    """(folder, index_path, connection, backend, stats): the index of folder, built or
    brought up to date. Every problem is an InputError."""
    t0 = time.perf_counter()
    folder = os.fspath(folder)
    if not os.path.exists(folder):
        raise InputError(f"{folder}: no such folder")
    if not os.path.isdir(folder):
        raise InputError(f"{folder}: not a folder (--candidates needs a folder of stories)")
    folder = os.path.abspath(folder)
    files = _walk(folder)
    if not files:
        raise InputError(f"{folder}: no stories ({KINDS} files) in the folder")
    be = _backend(backend)
    if index_path is not None:
        paths, default = [os.path.abspath(os.fspath(index_path))], False
    else:
        paths, default = _default_paths(folder), True
    for n, index_path in enumerate(paths):
        stats = {"stories": 0, "added": 0, "updated": 0, "removed": 0, "skipped": 0,
                 "seconds": 0.0, "index_bytes": 0, "built": False, "backend": be.name}
        last = n + 1 == len(paths)
        conn = _open_existing(index_path, be.name, default)
        if conn is None:
            try:
                conn = _build(folder, files, index_path, be, stats)
            except InputError:
                if last:
                    raise
                continue
            stats["built"] = True
            break
        try:
            _update(conn, folder, files, be, stats)
            break
        except sqlite3.OperationalError as e:
            conn.close()
            if last:  # e.g. a read-only index that is out of date
                raise InputError(f"{index_path}: cannot update the candidate index "
                                 f"({e})") from None
    else:  # not reached: paths is never empty, and the last one breaks or raises
        raise AssertionError("no candidate index path tried")
    be.attach(conn)
    stats["stories"], stats["skipped"] = conn.execute(
        "SELECT coalesce(sum(status = 1), 0), coalesce(sum(status = 0), 0) "
        "FROM stories").fetchone()
    stats["index_bytes"] = os.path.getsize(index_path)
    stats["seconds"] = round(time.perf_counter() - t0, 4)
    if not stats["stories"]:
        conn.close()
        raise InputError(f"{folder}: no readable stories ({stats['skipped']} files skipped: "
                         "binary, not decodable, or not an article the readers recognise)")
    return folder, index_path, conn, be, stats


def manifest_rows(conn, ids) -> dict[int, tuple[str, str, int, int, str | None]]:
    """story id -> (rel path, title, size, mtime_ns, format)."""
    marks = ",".join("?" * len(ids))
    q = f"SELECT id, path, title, size, mtime_ns, format FROM stories WHERE id IN ({marks})"
    return {i: rest for i, *rest in conn.execute(q, list(ids))}


# ----------------------------------------------------------------------------- the folder


def _walk(root: str) -> dict[str, tuple[int, int]]:
    """rel path ('/'-separated) -> (size, mtime_ns) of every story file under root."""
    out: dict[str, tuple[int, int]] = {}
    stack = [("", root)]
    while stack:
        rel, d = stack.pop()
        for e in _entries(d):
            if e.name.startswith("."):  # hidden, and the index itself
                continue
            r = f"{rel}{e.name}"
            try:
                if e.is_dir(follow_symlinks=False):
                    if e.path not in _PSEUDO_FS:
                        stack.append((r + "/", e.path))
                elif e.name.lower().endswith(STORY_SUFFIXES) and e.is_file():
                    st = e.stat()
                    out[r] = (st.st_size, st.st_mtime_ns)
            except OSError:
                continue
    return out


# Kernel views, not stories: --candidates / must not wander through every process's files.
_PSEUDO_FS = frozenset({"/proc", "/sys", "/dev"})


def _entries(d: str) -> list[os.DirEntry]:
    """The entries of folder d; an unreadable folder (even one that fails half-way through
    its listing, as /proc/1/map_files does) has none: its stories are unreachable, not an error."""
    try:
        with os.scandir(d) as it:
            return list(it)
    except OSError:
        return []


def _default_paths(folder: str) -> list[str]:
    """Where the index of folder goes, in order of preference. In a folder that is not
    writable, an index already there is used if it is up to date (it can be read but not
    updated), else the per-user cache file."""
    folder = os.path.abspath(folder)
    inside = os.path.join(folder, INDEX_NAME)
    if os.access(folder, os.W_OK | os.X_OK):
        return [inside]
    from ..resources import cache_dir

    base = cache_dir() or Path(os.environ.get("XDG_CACHE_HOME")
                               or os.path.join(os.path.expanduser("~"), ".cache")) / "mtqa"
    h = hashlib.sha1(folder.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    cached = str(Path(base) / f"candidates-{h}.sqlite")
    return [inside, cached] if os.path.isfile(inside) else [cached]


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _pack(terms: list[str]) -> bytes:
    return zlib.compress(" ".join(terms).encode("utf-8"), 6)


def _unpack(blob: bytes | None) -> list[str]:
    if not blob:
        return []
    s = zlib.decompress(blob).decode("utf-8")
    return s.split(" ") if s else []


def _index_file(folder: str, rel: str) -> tuple[bytes | None, int, str, str | None, list[str]]:
    """(hash, status, title, format, terms) of one story file."""
    path = os.path.join(folder, *rel.split("/"))
    try:
        data, _ = read_file(path)
    except Unreadable:
        return None, 0, "", None, []
    h = _hash(data)
    try:
        title, text, fmt = story(path, data)
    except Unreadable:
        return h, 0, "", None, []
    terms = index_terms(text)
    if not terms:
        return h, 0, title, fmt, []
    return h, 1, title, fmt, terms


# ----------------------------------------------------------------------------- the file


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cache_size = -32000")
    return conn


def _open_existing(index_path: str, backend: str, default: bool) -> sqlite3.Connection | None:
    """A connection to a current index file, or None when it must be (re)built.

    An index of another schema version or backend is rebuilt. A file that is not an
    index is replaced only at the default location (a damaged index) or when empty;
    anywhere else it may be the user's file, so it is an error.
    """
    if not os.path.exists(index_path):
        return None
    if os.path.isdir(index_path):
        raise InputError(f"{index_path}: is a folder, not a candidate index file")
    conn = None
    try:
        conn = _connect(index_path)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as e:
        if conn is not None:
            conn.close()
        if "locked" in str(e):
            raise InputError(f"{index_path}: the candidate index is locked by another "
                             "process") from None
        meta = None
    except sqlite3.DatabaseError:
        if conn is not None:
            conn.close()
        meta = None
    if meta is None or meta.get("app") != APP:
        if default or os.path.getsize(index_path) == 0:
            return None
        raise InputError(f"{index_path}: exists and is not an mtqa candidate index "
                         "(not overwritten)")
    assert conn is not None  # meta was read through it
    if meta.get("schema") != SCHEMA_VERSION or meta.get("backend") != backend:
        conn.close()
        return None
    return conn


def _insert(conn, be, folder, items, stats_key, stats):
    """Index items [(rel, size, mtime)] as new stories."""
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]
    for i in range(0, len(items), BATCH):
        rows, fts = [], []
        for rel, size, mtime in items[i:i + BATCH]:
            h, status, title, fmt, terms = _index_file(folder, rel)
            rows.append((next_id, rel, size, mtime, h, status, title, fmt))
            if status:
                fts.append((next_id, terms))
            next_id += 1
        conn.executemany("INSERT INTO stories (id, path, size, mtime_ns, hash, status, title, "
                         "format) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO story_terms VALUES (?, ?)",
                         [(sid, _pack(t)) for sid, t in fts])
        be.add(conn, fts)
        stats[stats_key] += len(fts)


def _clean_temps(index_path: str) -> None:
    """Remove temporary files left by builds that were killed (their process is gone)."""
    d, base = os.path.split(index_path)
    try:
        names = os.listdir(d)
    except OSError:
        return
    for name in names:
        if not name.startswith(base + ".tmp-"):
            continue
        try:
            pid = int(name[len(base) + 5:].split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            try:
                os.unlink(os.path.join(d, name))
            except OSError:
                pass
        except (ValueError, OSError):
            continue


def _new_temp(index_path: str) -> str:
    """An empty file beside index_path, created with the usual permissions (umask)."""
    _clean_temps(index_path)
    for _ in range(100):
        tmp = f"{index_path}.tmp-{os.getpid()}-{os.urandom(4).hex()}"
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue
    raise OSError("cannot create a temporary file")


def _build(folder, files, index_path, be, stats) -> sqlite3.Connection:
    """Index every file into a temporary file, then rename it over index_path."""
    d = os.path.dirname(index_path)
    try:
        os.makedirs(d, exist_ok=True)
        tmp = _new_temp(index_path)
    except OSError as e:
        raise InputError(f"{index_path}: cannot write the candidate index "
                         f"({e.strerror or e})") from None
    conn = None
    try:
        conn = _connect(tmp)
        conn.execute("PRAGMA journal_mode = OFF")  # a failed build is thrown away anyway
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for stmt in _SCHEMA:
            conn.execute(stmt)
        conn.execute("INSERT INTO meta VALUES ('app', ?), ('schema', ?), ('backend', ?), "
                     "('folder', ?)", (APP, SCHEMA_VERSION, be.name, folder))
        be.create(conn)
        items = [(rel, size, mtime) for rel, (size, mtime) in sorted(files.items())]
        _insert(conn, be, folder, items, "added", stats)
        be.finish_build(conn)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
        os.replace(tmp, index_path)
    except BaseException as e:
        if conn is not None:
            conn.close()
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, (sqlite3.OperationalError, OSError)):
            raise InputError(f"{index_path}: cannot write the candidate index ({e})") from None
        raise
    return _connect(index_path)


def _diff(conn, files):
    """(added [(rel, size, mtime)], changed [(id, rel, size, mtime)], removed ids)."""
    known = {rel: (size, mtime, sid) for rel, size, mtime, sid in conn.execute(
        "SELECT path, size, mtime_ns, id FROM stories")}
    added, changed = [], []
    for rel, st in files.items():
        k = known.pop(rel, None)
        if k is None:
            added.append((rel, *st))
        elif k[0] != st[0] or k[1] != st[1]:
            changed.append((k[2], rel, *st))
    removed = sorted(v[2] for v in known.values())
    added.sort()
    changed.sort(key=lambda c: c[1])
    return added, changed, removed


def _update(conn, folder, files, be, stats) -> None:
    """Apply the folder's changes since the index was last brought up to date."""
    added, changed, removed = _diff(conn, files)
    if not (added or changed or removed):
        return  # the usual case: a stat walk and one SELECT
    conn.execute("BEGIN IMMEDIATE")
    try:
        added, changed, removed = _diff(conn, files)  # again, under the write lock
        for i in range(0, len(removed), BATCH):
            ids = removed[i:i + BATCH]
            q = ",".join("?" * len(ids))
            old = conn.execute(f"SELECT id, terms FROM story_terms WHERE id IN ({q})",
                               ids).fetchall()
            be.remove(conn, [(sid, _unpack(t)) for sid, t in old])
            conn.execute(f"DELETE FROM story_terms WHERE id IN ({q})", ids)
            conn.execute(f"DELETE FROM stories WHERE id IN ({q})", ids)
            stats["removed"] += len(old)
        for sid, rel, size, mtime in changed:
            h, status, title, fmt, terms = _index_file(folder, rel)
            was, oldhash = conn.execute("SELECT status, hash FROM stories WHERE id = ?",
                                        (sid,)).fetchone()
            if h is not None and h == oldhash:  # touched, not changed
                conn.execute("UPDATE stories SET size = ?, mtime_ns = ? WHERE id = ?",
                             (size, mtime, sid))
                continue
            if was == 1:
                old = conn.execute("SELECT terms FROM story_terms WHERE id = ?",
                                   (sid,)).fetchone()
                be.remove(conn, [(sid, _unpack(old[0]))])
                conn.execute("DELETE FROM story_terms WHERE id = ?", (sid,))
            conn.execute("UPDATE stories SET size = ?, mtime_ns = ?, hash = ?, status = ?, "
                         "title = ?, format = ? WHERE id = ?",
                         (size, mtime, h, status, title, fmt, sid))
            if status:
                conn.execute("INSERT INTO story_terms VALUES (?, ?)", (sid, _pack(terms)))
                be.add(conn, [(sid, terms)])
            if status or was == 1:
                stats["updated"] += 1
        _insert(conn, be, folder, added, "added", stats)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
