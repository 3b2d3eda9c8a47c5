"""Candidate sources: find the wire story (or stories) a translated document came from.

    with CandidateIndex.open("wire/") as index:
        hits = index.query(text, k=3)      # [Hit(path, score, title)], best first
        source = index.read(hits[0])       # the story's article text

``open`` indexes a folder of stories (plain text, Markdown, HTML, ninjs, NewsML-G2;
recursively; names starting with "." are ignored) into one SQLite file and keeps it
current (store.py). Stories are read by mtqa.readers, so a story's text is the same as
with ``--source`` (stories.py). Retrieval has two stages: BM25 over the terms that
survive translation (query.py), then a finer similarity over the best POOL stories'
texts (rank.py).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from ..errors import InputError
from . import rank, store
from .query import POOL, candidate_terms, choose_terms, index_terms
from .stories import Unreadable, read_file, story

__all__ = ["CandidateIndex", "Hit", "index_terms"]


@dataclass(frozen=True, slots=True)
class Hit:
    path: str
    score: float
    title: str


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

    @classmethod
    def open(cls, folder: str, index_path: str | None = None, *,
             backend: str = "auto") -> CandidateIndex:
        """Build the index of folder, or bring an existing one up to date. backend: 'auto',
        'fts5' or 'table'; index_path: default <folder>/.mtqa-index.sqlite, or the user
        cache when the folder is not writable."""
        return cls(*store.open_index(folder, index_path, backend))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def query(self, text: str, k: int = 3) -> list[Hit]:
        """The k stories most likely to be the source of text, best first."""
        if k <= 0:
            return []
        doc = rank.Profile(text)
        terms = candidate_terms(doc)
        if not terms:
            return []
        dfs = self._backend.doc_freqs(self._conn, terms)
        qw = choose_terms(terms, dfs, max(self._n, 1))
        if not qw:
            return []
        pool = self._backend.search(self._conn, list(qw), max(POOL, k))
        if not pool:
            return []
        rows = store.manifest_rows(self._conn, [i for i, _ in pool])
        top = max(s for _, s in pool) or 1.0
        # names in no story: misspelt (or transliterated differently) more often than not
        unknown = [t for t in doc.names if len(t) >= 4 and t in terms and not dfs.get(t)]
        cands = []
        for i, s in pool:
            if i not in rows:
                continue
            rel, title, size, mtime, fmt = rows[i]
            path = os.path.join(self.folder, *rel.split("/"))
            try:
                data, st = read_file(path)
                # unchanged since indexed: the format the readers found then still holds
                same = (st.st_size, st.st_mtime_ns) == (size, mtime)
                ctext = story(path, data, fmt if same else None)[1]
                parts = doc.compare(rank.Profile(ctext), qw, unknown)
            except Unreadable:  # changed or gone since the index was brought up to date
                parts = None
            cands.append((path, title, s / top, parts))
        hits = [Hit(path=path, score=round(score, 6), title=title)
                for path, title, score in rank.combine(cands, qw)]
        hits.sort(key=lambda h: (-h.score, h.path))
        return hits[:k]

    def read(self, hit: Hit | str) -> str:
        """The article text of a story, as mtqa.readers gives it (headline first)."""
        path = hit.path if isinstance(hit, Hit) else hit
        try:
            return story(path, read_file(path)[0])[1]
        except Unreadable as e:
            raise InputError(f"{path}: cannot read the story: {e}") from None
