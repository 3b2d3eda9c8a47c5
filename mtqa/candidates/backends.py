"""The two BM25 backends of the on-disk index: SQLite FTS5, or plain SQLite tables.

Some Python builds ship an sqlite3 without FTS5; the table backend gives the same
ranking (FTS5's bm25() formula and parameters) from an inverted index it keeps itself.
Both take and return the same things, so store.py and the query never tell them apart.
"""

from __future__ import annotations

import functools
import math
import sqlite3
from collections import Counter

from ..errors import InputError

K1, B = 1.2, 0.75  # BM25 parameters (FTS5's defaults, used by the table backend too)


def _doc_freqs(conn, select: str, terms) -> dict[str, int]:
    """term -> number of stories containing it, queried in chunks (SQLite's variable limit)."""
    out = {}
    terms = list(terms)
    for i in range(0, len(terms), 500):
        chunk = terms[i:i + 500]
        q = f"{select} WHERE term IN (%s)" % ",".join("?" * len(chunk))
        out.update(conn.execute(q, chunk).fetchall())
    return out


class Fts5:
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
        """[(story id, BM25)] best first, for terms OR-ed."""
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = conn.execute("SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? "
                            "ORDER BY bm25(fts), rowid LIMIT ?", (match, limit)).fetchall()
        return [(i, -s) for i, s in rows]


class Table:
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
        """[(story id, BM25)] best first, for terms OR-ed."""
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


def backend(name: str):
    """The backend called name ('auto': FTS5 when this sqlite3 has it)."""
    if name == "auto":
        name = "fts5" if has_fts5() else "table"
    if name == "fts5":
        if not has_fts5():
            raise InputError("this Python's sqlite3 has no FTS5; use backend='table'")
        return Fts5()
    if name == "table":
        return Table()
    raise ValueError(f"unknown backend {name!r}")
