"""Candidate sources: find the wire story (or stories) a translated document came from.

``CandidateIndex.open(folder)`` indexes a folder of stories (``*.txt``, ``*.md`` and
ninjs ``*.json``, recursively; names starting with "." are ignored) into one SQLite file
and keeps it current: a manifest of (path, size, mtime_ns, content hash) means a re-open
of an unchanged folder is a stat walk and nothing else; added, changed and removed files
are applied in one transaction. The first build goes to a temporary file that is renamed
into place, so a reader never sees a half-built index.

Retrieval has two stages. The document is usually a translation (sometimes through a
third language) of one story, so the query is made of terms that survive rewording:
names, numbers and rare content words, weighted by rarity in the collection and in
English (``resources.word_freqs``), at most ``MAX_TERMS`` of them OR-ed and ranked by
BM25 (SQLite FTS5, or a plain inverted index in SQLite tables when FTS5 is missing).
The best ``POOL`` stories are then re-ranked by a finer similarity computed on their
text: weighted recall of the document's names, numbers and rare words (a misspelt name
still counts most of a match), the share of the story's own names and numbers found in
the document, and character-trigram cosine of the opening paragraphs.

Index terms are case- and accent-folded words and numbers ("1,200" and "1.200" are
1200; "3.5" and "3,5" are 3p5); the most common English words (Zipf >= INDEX_MAX_ZIPF)
are not indexed: no query would use them.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import os
import re
import sqlite3
import time
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

APP = "mtqa-candidates"  # marks the file as an index (meta table)
SCHEMA_VERSION = "1"
INDEX_NAME = ".mtqa-index.sqlite"
STORY_SUFFIXES = (".txt", ".md", ".json")
MAX_FILE_BYTES = 16 * 1024 * 1024  # larger files are not news stories: skipped
INDEX_MAX_ZIPF = 5.6  # words at least this common in English are not indexed
QUERY_MAX_ZIPF = 5.0  # plain words at least this common never become query terms
MAX_TERMS = 48  # query terms OR-ed for BM25
MIN_TERMS = 12  # ... of which all but these are in at most COMMON_DF of the stories
COMMON_DF = 0.02
POSTINGS = 20000  # ... and whose postings (stories to score) add up to at most this
POOL = 20  # stories re-ranked by the finer similarity
W_BM25 = 0.25  # the BM25 score's share of the final one
BATCH = 2000  # rows per executemany
K1, B = 1.2, 0.75  # BM25 parameters (FTS5's defaults, used by the table backend too)

# ----------------------------------------------------------------------------- terms

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_RE = re.compile(f"[{_CJK}]")
# a number with separators ("1,200", "3.5", "12.03.2023") or a run of letters/digits
_TERM = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe",
                       "ı": "i", "þ": "th", "ð": "d", "ħ": "h"})


def fold(text: str) -> str:
    """Lower case without accents (ü -> u, ß -> ss); CJK and Hangul are kept as they are."""
    text = text.lower()
    if text.isascii():
        return text
    text = _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_FOLD)))
    return unicodedata.normalize("NFC", text)


def _norm_number(tok: str) -> list[str]:
    """Index terms of a number token: thousands separators dropped, decimal point -> 'p'.

    "1,200" and "1.200" are 1200, "3.5" and "3,5" are 3p5, "1,200.50" and "1.200,50" are
    1200p50; a date like 12.03.2023 gives its parts.
    """
    if tok.isdigit():
        return [tok.lstrip("0") or "0"]
    if tok[0] != "0" and _THOUSANDS.fullmatch(tok):
        return [re.sub(r"[.,]", "", tok)]
    seps = [c for c in tok if c in ".,"]
    if len(seps) >= 2 and seps[-1] != seps[0] and len(set(seps[:-1])) == 1:
        whole, _, frac = tok.rpartition(seps[-1])
        if _THOUSANDS.fullmatch(whole):
            return [whole.replace(seps[0], "") + "p" + frac]
    parts = re.split(r"[.,]", tok)
    if len(parts) == 2:
        return [(parts[0].lstrip("0") or "0") + "p" + parts[1]]
    return [p.lstrip("0") or "0" for p in parts]


def _split_term(tok: str) -> list[str]:
    if tok[0].isdigit() and not tok.isalnum():
        return _norm_number(tok)
    if tok.isdigit():
        return [tok.lstrip("0") or "0"]
    if not tok.isascii() and _CJK_RE.search(tok):  # CJK: one term a character
        out, run = [], []
        for ch in tok:
            if _CJK_RE.match(ch):
                if run:
                    out.append("".join(run))
                    run = []
                out.append(ch)
            else:
                run.append(ch)
        if run:
            out.append("".join(run))
        return out
    return [tok]


@functools.cache
def _zipf() -> dict[str, float]:
    from .resources import word_freqs

    try:
        return word_freqs("en")
    except Exception:  # a missing corpora folder must not stop retrieval
        return {}


@functools.cache
def _index_stop() -> frozenset[str]:
    return frozenset(w for w, z in _zipf().items() if z >= INDEX_MAX_ZIPF)


def index_terms(text: str) -> list[str]:
    """The terms a story is indexed under (with repeats, sorted)."""
    stop = _index_stop()
    out = []
    for tok in _TERM.findall(fold(text)):
        for t in _split_term(tok):
            if (len(t) > 1 or t.isdigit() or _CJK_RE.match(t)) and t not in stop:
                out.append(t)
    out.sort()
    return out


# ----------------------------------------------------------------------------- stories

_WORD_CASED = _TERM
# a word after a word, number or comma: a capital here is not a sentence's
_MID_SENTENCE = re.compile(
    r"(?<=[^\s.!?:;\"'“”‘’«»„()\[\]\-–—])[ \t]+([^\W\d_][^\W_]*)")
_TAG = re.compile(r"<[^>]+>")


class _Skip(Exception):
    """A file that is not a readable story."""


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise _Skip("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Skip("not UTF-8") from None


def _ninjs(text: str) -> tuple[str, str]:
    try:
        item = json.loads(text)
    except (ValueError, RecursionError):
        raise _Skip("not valid JSON") from None
    if isinstance(item, list) and item and isinstance(item[0], dict):
        item = item[0]
    if not isinstance(item, dict):
        raise _Skip("not a ninjs item")
    head = item.get("headline")
    if not isinstance(head, str):
        heads = item.get("headlines")
        head = ""
        if isinstance(heads, list):
            for h in heads:
                if isinstance(h, dict) and isinstance(h.get("value"), str):
                    head = h["value"]
                    break
    body = item.get("body_text")
    if not isinstance(body, str) or not body.strip():
        body = ""
        for key in ("body_html", "body_xml"):
            if isinstance(item.get(key), str):
                body = html.unescape(_TAG.sub(" ", item[key]))
                break
        if not body and isinstance(item.get("bodies"), list):
            for x in item["bodies"]:
                if isinstance(x, dict) and isinstance(x.get("value"), str):
                    body = html.unescape(_TAG.sub(" ", x["value"]))
                    break
    head = head.strip()
    if not head and not body.strip():
        raise _Skip("no headline or body_text")
    return head, body


def _title_of(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def load_story(path: str) -> tuple[str, str]:
    """(title, text) of a story file; raises _Skip for anything that is not one."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise _Skip(e.strerror or str(e)) from None
    return _story_from_bytes(path, data)


def _story_from_bytes(path: str, data: bytes) -> tuple[str, str]:
    if len(data) > MAX_FILE_BYTES:
        raise _Skip("too large")
    text = _decode(data)
    if path.lower().endswith(".json"):
        head, body = _ninjs(text)
        text = f"{head}\n\n{body}" if head else body
        return head[:200] or _title_of(body), text
    if not text.strip():
        raise _Skip("empty")
    return _title_of(text), text


# ----------------------------------------------------------------------------- backends


def _doc_freqs(conn, select: str, terms) -> dict[str, int]:
    """term -> number of stories containing it, queried in chunks (SQLite's variable limit)."""
    out = {}
    terms = list(terms)
    for i in range(0, len(terms), 500):
        chunk = terms[i:i + 500]
        q = f"{select} WHERE term IN (%s)" % ",".join("?" * len(chunk))
        out.update(conn.execute(q, chunk).fetchall())
    return out


class _Fts5:
    """BM25 by SQLite FTS5 over a contentless table (the terms are kept, compressed, in
    story_terms: deleting a row from the index takes them)."""

    name = "fts5"

    def create(self, conn):
        conn.execute("CREATE VIRTUAL TABLE fts USING fts5(terms, content='', "
                     "tokenize='ascii')")

    def attach(self, conn):
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab "
                     "USING fts5vocab(main, fts, 'row')")

    def add(self, conn, rows):  # rows: (id, terms list)
        conn.executemany("INSERT INTO fts(rowid, terms) VALUES (?, ?)",
                         [(i, " ".join(t)) for i, t in rows])

    def remove(self, conn, rows):
        conn.executemany("INSERT INTO fts(fts, rowid, terms) VALUES ('delete', ?, ?)",
                         [(i, " ".join(t)) for i, t in rows])

    def finish_build(self, conn):
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    def doc_freqs(self, conn, terms):
        return _doc_freqs(conn, "SELECT term, doc FROM temp.vocab", terms)

    def search(self, conn, terms, limit):
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = conn.execute("SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? "
                            "ORDER BY bm25(fts), rowid LIMIT ?", (match, limit)).fetchall()
        return [(i, -s) for i, s in rows]


class _Table:
    """A plain inverted index in SQLite tables, BM25 computed here (FTS5 missing)."""

    name = "table"

    def create(self, conn):
        conn.execute("CREATE TABLE postings (term TEXT, sid INTEGER, tf INTEGER, "
                     "dl INTEGER, PRIMARY KEY (term, sid)) WITHOUT ROWID")
        conn.execute("CREATE TABLE vocab (term TEXT PRIMARY KEY, df INTEGER) WITHOUT ROWID")
        conn.execute("INSERT INTO meta VALUES ('total_len', '0')")

    def attach(self, conn):
        pass

    def _apply(self, conn, rows, sign):
        df: Counter = Counter()
        total = 0
        post = []
        for i, terms in rows:
            c = Counter(terms)
            total += len(terms)
            df.update(c.keys())
            post.extend((t, i, n, len(terms)) for t, n in c.items())
        if sign > 0:
            conn.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", post)
            conn.executemany("INSERT INTO vocab VALUES (?, ?) ON CONFLICT(term) "
                             "DO UPDATE SET df = df + excluded.df", df.items())
        else:
            conn.executemany("DELETE FROM postings WHERE term = ? AND sid = ?",
                             [(t, i) for t, i, _, _ in post])
            conn.executemany("UPDATE vocab SET df = df - ? WHERE term = ?",
                             [(n, t) for t, n in df.items()])
            conn.execute("DELETE FROM vocab WHERE df <= 0")
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? "
                     "WHERE key = 'total_len'", (sign * total,))

    def add(self, conn, rows):
        self._apply(conn, rows, 1)

    def remove(self, conn, rows):
        self._apply(conn, rows, -1)

    def finish_build(self, conn):
        pass

    def doc_freqs(self, conn, terms):
        return _doc_freqs(conn, "SELECT term, df FROM vocab", terms)

    def search(self, conn, terms, limit):
        n = conn.execute("SELECT count(*) FROM stories WHERE status = 1").fetchone()[0]
        if not n:
            return []
        total = int(conn.execute("SELECT value FROM meta WHERE key = 'total_len'").fetchone()[0])
        avgdl = max(total / n, 1.0)
        dfs = self.doc_freqs(conn, terms)
        scores: dict[int, float] = {}
        for t in terms:
            df = dfs.get(t, 0)
            if not df:
                continue
            idf = max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)  # as FTS5's bm25()
            for sid, tf, dl in conn.execute(
                    "SELECT sid, tf, dl FROM postings WHERE term = ?", (t,)):
                s = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avgdl))
                scores[sid] = scores.get(sid, 0.0) + s
        best = sorted(scores.items(), key=lambda x: (-x[1], x[0]))
        return best[:limit]


@functools.cache
def has_fts5() -> bool:
    try:
        c = sqlite3.connect(":memory:")
        c.execute("CREATE VIRTUAL TABLE t USING fts5(x, content='', tokenize='ascii')")
        c.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, 'row')")
        c.close()
        return True
    except sqlite3.Error:
        return False


def _backend(name: str):
    if name == "auto":
        name = "fts5" if has_fts5() else "table"
    if name == "fts5":
        if not has_fts5():
            raise InputError("this Python's sqlite3 has no FTS5; use backend='table'")
        return _Fts5()
    if name == "table":
        return _Table()
    raise ValueError(f"unknown backend {name!r}")


# ----------------------------------------------------------------------------- index


@dataclass(frozen=True, slots=True)
class Hit:
    path: str
    score: float
    title: str


def _walk(root: str) -> dict[str, tuple[int, int]]:
    """rel path ('/'-separated) -> (size, mtime_ns) of every story file under root."""
    out: dict[str, tuple[int, int]] = {}
    stack = [("", root)]
    while stack:
        rel, d = stack.pop()
        try:
            it = os.scandir(d)
        except OSError:
            continue  # an unreadable subfolder: its stories are unreachable, not an error
        with it:
            for e in it:
                if e.name.startswith("."):
                    continue
                r = f"{rel}{e.name}"
                try:
                    if e.is_dir(follow_symlinks=False):
                        stack.append((r + "/", e.path))
                    elif e.name.lower().endswith(STORY_SUFFIXES) and e.is_file():
                        st = e.stat()
                        out[r] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    continue
    return out


def default_index_path(folder: str) -> str:
    """<folder>/.mtqa-index.sqlite when the folder is writable, else a per-user cache file."""
    return _default_paths(folder)[0]


def _default_paths(folder: str) -> list[str]:
    """Where the index of folder goes, in order of preference. In a folder that is not
    writable, an index already there is used if it is up to date (it can be read but not
    updated), else the per-user cache file."""
    folder = os.path.abspath(folder)
    inside = os.path.join(folder, INDEX_NAME)
    if os.access(folder, os.W_OK | os.X_OK):
        return [inside]
    from .resources import cache_dir

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


class CandidateIndex:
    """An index of a folder of stories; see the module docstring."""

    def __init__(self, folder: str, index_path: str, conn: sqlite3.Connection, backend,
                 stats: dict):
        self.folder = folder
        self.index_path = index_path
        self._conn = conn
        self._backend = backend
        self.stats = stats
        self._n = stats["stories"]

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str, index_path: str | None = None, *,
             backend: str = "auto") -> "CandidateIndex":
        """Build the index of folder, or bring an existing one up to date."""
        t0 = time.perf_counter()
        folder = os.fspath(folder)
        index_path = None if index_path is None else os.fspath(index_path)
        if not os.path.exists(folder):
            raise InputError(f"{folder}: no such folder")
        if not os.path.isdir(folder):
            raise InputError(f"{folder}: not a folder (--candidates needs a folder of stories)")
        folder = os.path.abspath(folder)
        files = _walk(folder)
        if not files:
            raise InputError(f"{folder}: no stories (*.txt, *.md, *.json) in the folder")
        be = _backend(backend)
        if index_path is not None:
            paths, default = [os.path.abspath(index_path)], False
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
        be.attach(conn)
        stats["stories"], stats["skipped"] = conn.execute(
            "SELECT coalesce(sum(status = 1), 0), coalesce(sum(status = 0), 0) "
            "FROM stories").fetchone()
        stats["index_bytes"] = os.path.getsize(index_path)
        stats["seconds"] = round(time.perf_counter() - t0, 4)
        if not stats["stories"]:
            conn.close()
            raise InputError(f"{folder}: no readable stories ({stats['skipped']} files skipped: "
                             "binary, not UTF-8, or JSON that is not ninjs)")
        return cls(folder, index_path, conn, be, stats)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- querying --------------------------------------------------------------------

    def query(self, text: str, k: int = 3) -> list[Hit]:
        """The k stories most likely to be the source of text, best first."""
        if k <= 0:
            return []
        doc = _Profile(text)
        terms = doc.candidate_terms()
        if not terms:
            return []
        dfs = self._backend.doc_freqs(self._conn, terms)
        n = max(self._n, 1)
        weights = {}
        for t, (kind, tf) in terms.items():
            df = dfs.get(t, 0)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            z = _zipf().get(t)
            rare = 1.0 + (INDEX_MAX_ZIPF - (z if z is not None else 2.0)) / 4.0
            bonus = {"name": 1.5, "num": 1.4 if len(t) > 2 else 0.8, "word": 1.0}[kind]
            weights[t] = idf * rare * bonus * (1.0 + 0.25 * math.log(tf))
        if not weights:
            return []
        # the heaviest terms, leaving out common ones (long posting lists, little
        # evidence) once there are enough others
        common = max(COMMON_DF * n, 50)
        chosen = []
        postings = 0
        for t in sorted(weights, key=lambda t: (-weights[t], t)):
            if len(chosen) >= MIN_TERMS and (dfs[t] > common or postings + dfs[t] > POSTINGS):
                continue
            chosen.append(t)
            postings += dfs[t]
            if len(chosen) == MAX_TERMS:
                break
        pool = self._backend.search(self._conn, chosen, max(POOL, k))
        if not pool:
            return []
        rows = {}
        ids = [i for i, _ in pool]
        q = "SELECT id, path, title FROM stories WHERE id IN (%s)" % ",".join("?" * len(ids))
        for i, p, title in self._conn.execute(q, ids):
            rows[i] = (p, title)
        top = max(s for _, s in pool) or 1.0
        qw = {t: weights[t] for t in chosen}
        # names in no story: misspelt (or transliterated differently) more often than not
        unknown = [t for t in doc.names if len(t) >= 4 and t in terms and not dfs.get(t)]
        cands = []
        for i, s in pool:
            if i not in rows:
                continue
            rel, title = rows[i]
            path = os.path.join(self.folder, *rel.split("/"))
            try:
                _, ctext = load_story(path)
                parts = doc.compare(_Profile(ctext), qw, unknown)
            except _Skip:  # changed or gone since the index was brought up to date
                parts = None
            cands.append((path, title, s / top, parts))
        scored = [Hit(path=path, score=round(score, 6), title=title)
                  for path, title, score in _combine(cands, qw)]
        scored.sort(key=lambda h: (-h.score, h.path))
        return scored[:k]

    def read(self, hit: Hit | str) -> str:
        """The text of a story (headline and body for ninjs)."""
        path = hit.path if isinstance(hit, Hit) else hit
        try:
            return load_story(path)[1]
        except _Skip as e:
            raise InputError(f"{path}: cannot read the story: {e}") from None


# ----------------------------------------------------------------------------- building


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
    if meta.get("schema") != SCHEMA_VERSION or meta.get("backend") != backend:
        conn.close()
        return None
    return conn


_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    # the manifest. path: relative to the folder, '/'-separated; hash: blake2b-128 of
    # the bytes; status: 1 indexed, 0 skipped (not a readable story)
    "CREATE TABLE stories (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, "
    "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, hash BLOB, status INTEGER NOT NULL, "
    "title TEXT)",
    # zlib of the terms a story is indexed under, which is what deleting them from the
    # index takes; a table of its own keeps the manifest small and quick to read
    "CREATE TABLE story_terms (id INTEGER PRIMARY KEY, terms BLOB NOT NULL)",
)


def _index_file(folder: str, rel: str) -> tuple[bytes | None, int, str, list[str]]:
    """(hash, status, title, terms) of one story file."""
    path = os.path.join(folder, *rel.split("/"))
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None, 0, "", []
    h = _hash(data)
    try:
        title, text = _story_from_bytes(path, data)
    except _Skip:
        return h, 0, "", []
    terms = index_terms(text)
    if not terms:
        return h, 0, title, []
    return h, 1, title, terms


def _insert(conn, be, folder, items, stats_key, stats):
    """Index items [(rel, size, mtime)] as new stories."""
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]
    for i in range(0, len(items), BATCH):
        rows, fts = [], []
        for rel, size, mtime in items[i:i + BATCH]:
            h, status, title, terms = _index_file(folder, rel)
            rows.append((next_id, rel, size, mtime, h, status, title))
            if status:
                fts.append((next_id, terms))
            next_id += 1
        conn.executemany("INSERT INTO stories (id, path, size, mtime_ns, hash, status, title) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
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
        conn.execute("PRAGMA journal_mode = OFF")
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
            h, status, title, terms = _index_file(folder, rel)
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
                         "title = ? WHERE id = ?", (size, mtime, h, status, title, sid))
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


# ----------------------------------------------------------------------------- similarity


class _Profile:
    """Names, numbers and rare words of a text, and its opening character trigrams."""

    __slots__ = ("names", "nums", "words", "terms", "grams", "norm", "_first", "_by_initial")

    def __init__(self, text: str):
        zipf = _zipf()
        names: Counter = Counter()
        nums: Counter = Counter()
        words: Counter = Counter()
        mid = None  # words seen capitalised after a word (not at a sentence start)
        for tok, n in Counter(_WORD_CASED.findall(text)).items():
            c = tok[0]
            if c.isdigit():
                if tok.isdigit():
                    nums[tok.lstrip("0") or "0"] += n
                else:
                    for t in _split_term(tok):
                        nums[t] += n
                continue
            low = tok.lower() if tok.isascii() else fold(tok)
            if not c.isupper() or len(low) < 2:
                dest = words
            elif tok.isupper() or low not in zipf:  # an acronym, or not an English word
                dest = names
            else:  # a known word: a name only if capitalised inside a sentence too
                if mid is None:
                    mid = set(_MID_SENTENCE.findall(text))
                dest = names if tok in mid else words
            if low.isascii():
                if len(low) > 2 or dest is names:
                    dest[low] += n
            else:
                for t in _split_term(low):
                    if len(t) > 2 or _CJK_RE.match(t) or dest is names:
                        dest[t] += n
        self.names, self.nums, self.words = names, nums, words
        self.terms = names.keys() | nums.keys() | words.keys()
        self._first = text[:1200]
        self.grams = None
        self._by_initial = None

    def candidate_terms(self) -> dict[str, tuple[str, int]]:
        """term -> (kind, count) for every term that may go into the query."""
        zipf = _zipf()
        out: dict[str, tuple[str, int]] = {}
        for t, c in self.words.items():
            if zipf.get(t, 0.0) < QUERY_MAX_ZIPF:
                out[t] = ("word", c)
        for t, c in self.nums.items():
            out[t] = ("num", c)
        for t, c in self.names.items():
            if zipf.get(t, 0.0) < INDEX_MAX_ZIPF:
                out[t] = ("name", c + out.get(t, ("", 0))[1])
        return out

    def trigrams(self) -> Counter:
        if self.grams is None:
            s = " ".join(_TERM.findall(fold(self._first)))
            self.grams = Counter(zip(s, s[1:], s[2:]))
            self.norm = math.sqrt(sum(v * v for v in self.grams.values()))
        return self.grams

    def near_name(self, t: str) -> bool:
        """Is t a misspelling of one of this text's names?"""
        if self._by_initial is None:
            self._by_initial = {}
            for n in self.names:
                self._by_initial.setdefault(n[0], []).append(n)
        return any(_near(t, o) for o in self._by_initial.get(t[0], ()))

    def compare(self, other: "_Profile", qw: dict[str, float], unknown: list[str]):
        """(weight of the query terms other contains, the names in unknown (the
        document's names that are in no indexed story) one or two letters away from one
        of other's names, the share of other's names and numbers found in the document,
        weighted by rarity, and character-trigram cosine of the openings)."""
        oterms = other.terms
        got = sum(w for t, w in qw.items() if t in oterms)
        fuzzy = {t for t in unknown if other.near_name(t)}
        zipf = _zipf()
        found = total = 0.0
        for t in other.names:
            w = _rarity(zipf.get(t))
            total += w
            if t in self.terms:
                found += w
            elif len(t) >= 4 and self.near_name(t):
                found += 0.7 * w
        for t in other.nums:
            w = 1.0 if len(t) > 2 else 0.5 if len(t) > 1 else 0.0
            total += w
            if t in self.nums:
                found += w
        precision = found / total if total else 0.0
        return got, fuzzy, precision, _cosine(self, other)


def _rarity(z: float | None) -> float:
    """0.1 (a common word) .. 1 (not an English word): how much a name tells."""
    if z is None:
        return 1.0
    return min(1.0, max(0.1, (5.5 - z) / 3.0))


def _combine(cands, qw):
    """[(path, title, score)] from [(path, title, BM25 as a share of the best, compare())].

    score = W_BM25 BM25 (as a share of the best) + (1 - W_BM25) (0.5 recall + 0.25 precision
    + 0.25 cosine), where recall is the share of the query's weight the story contains,
    a misspelt name (a document name not in the index, near one of the story's) counting
    0.7 of an average name's weight. The recall denominator counts every misspelt name
    some candidate matches, so that all candidates are measured against the same total.
    """
    total = sum(qw.values()) or 1.0
    fuzzy_all = set()
    for *_, parts in cands:
        if parts:
            fuzzy_all |= parts[1]
    name_w = [w for t, w in qw.items() if not t[0].isdigit()] or [total / max(len(qw), 1)]
    fw = sum(name_w) / len(name_w)
    denom = total + fw * len(fuzzy_all)
    out = []
    for path, title, b, parts in cands:
        if parts is None:
            fine = 0.0
        else:
            got, fuzzy, precision, cos = parts
            recall = (got + 0.7 * fw * len(fuzzy)) / denom
            fine = 0.5 * recall + 0.25 * precision + 0.25 * cos
        out.append((path, title, W_BM25 * b + (1 - W_BM25) * fine))
    return out


def _near(a: str, b: str) -> bool:
    """A misspelling: same first letter, edit distance 1 (2 for long names)."""
    if a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    limit = 1 if max(len(a), len(b)) < 8 else 2
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        lo = i
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(v)
            lo = min(lo, v)
        if lo > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def _cosine(a: "_Profile", b: "_Profile") -> float:
    ga, gb = a.trigrams(), b.trigrams()
    if not ga or not gb:
        return 0.0
    if len(ga) > len(gb):
        ga, gb = gb, ga
    return sum(ga[g] * gb[g] for g in ga.keys() & gb.keys()) / (a.norm * b.norm)
