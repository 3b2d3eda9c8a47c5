"""An archive cut into partitions: the unit of work a cluster worker checks and writes.

Three kinds of input, each cut before any story is checked:

    files    story files in any format `check` reads (folders walked, globs expanded as
             mtqa.batch.collect does), a partition per `size` files in sorted path order
    jsonl    a JSONL/NDJSON collection (a story per line): a partition per `size` lines,
             as a byte range found by counting newlines (the one read of it here)
    parquet  a Parquet table (a story per row): partitions of about `size` rows on its
             row groups' boundaries, from the file's metadata

A collection or table that cannot be opened is a partition of its own whose one story is
that error (a bad input is a row of the results, never the end of the job).

A partition's key covers the run's key base (signature, options, mtqa's code and data) and
its inputs' names, sizes, and modification and change times (content is not hashed: a
file rewritten with its times put back is not seen as changed): a re-run skips a partition whose key and
output files are unchanged (mtqa.archive.tables.is_done).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from ..errors import MtqaError

COLLECTION_EXTENSIONS = (".jsonl", ".ndjson")
TABLE_EXTENSIONS = (".parquet", ".pq")
DEFAULT_SIZE = 200  # stories per partition: ~1-5 s of work, small against the scheduler's ~1 ms
_CHUNK = 1 << 23  # bytes read at a time when counting a collection's lines
MAX_SLICES = 64  # partitions of one big Parquet row group, at most


@dataclass(frozen=True)
class Part:
    """One partition. files: (display path, absolute path) of story files; jsonl: bytes
    [start, end) of path, whose first line is line `first`; parquet: rows [start, end)."""

    number: int
    kind: str  # "files", "jsonl" or "parquet"
    path: str = ""  # the collection or table, as named (story keys start with it)
    real: str = ""  # its absolute path, which the workers read
    files: tuple[tuple[str, str], ...] = ()
    start: int = 0
    end: int = 0
    first: int = 1
    stamp: str = ""  # the inputs' names, sizes, modification and change times, hashed
    error: str = ""  # a collection or table that cannot be read: its one story's error

    lines: int = 0  # jsonl: lines in the range (blank ones included)

    @property
    def stories(self) -> int:
        """Stories planned (an upper bound for a collection: some lines may be blank)."""
        if self.error:
            return 1
        if self.kind == "files":
            return len(self.files)
        return self.end - self.start if self.kind == "parquet" else self.lines

    def key(self, key_base: str) -> str:
        h = hashlib.sha256(f"{key_base}|{self.kind}|{self.path}|{self.start}|{self.end}|"
                           f"{self.first}|{self.stamp}".encode("utf-8", "surrogateescape"))
        for shown, _real in self.files:
            h.update(shown.encode("utf-8", "surrogateescape") + b"\0")
        return h.hexdigest()


def plan(paths, out_dir: str, size: int = DEFAULT_SIZE) -> list[Part]:
    """The partitions of an archive, numbered in input order. Collections and tables are
    the files with their extensions (named directly or found in a folder); every other file
    is a story. Raises MtqaError for a missing path, an unusable output folder or an input
    inside it (a collection or table that cannot be read is planned as its error)."""
    from ..batch.inputs import collect

    if size < 1:
        raise MtqaError("--partition-size must be at least 1")
    tasks = collect(paths, out_dir, extra=COLLECTION_EXTENSIONS + TABLE_EXTENSIONS)
    parts: list[Part] = []
    stories: list[tuple[str, str]] = []

    def flush() -> None:
        if stories:
            parts.append(Part(len(parts), "files", files=tuple(stories), stamp=_stamp(stories)))
            stories.clear()

    for t in tasks:
        ext = os.path.splitext(t.path)[1].lower()
        if ext in COLLECTION_EXTENSIONS:
            flush()
            parts.extend(_collection_parts(t.path, size, len(parts)))
        elif ext in TABLE_EXTENSIONS:
            flush()
            parts.extend(_table_parts(t.path, size, len(parts)))
        else:
            stories.append((t.path, os.path.abspath(t.path)))
            if len(stories) == size:
                flush()
    flush()
    return parts


def _stamp(files) -> str:
    h = hashlib.sha256()
    for shown, real in files:
        try:
            s = os.stat(real)
            h.update(f"{shown}|{s.st_size}|{s.st_mtime_ns}|{s.st_ctime_ns}\n".encode("utf-8", "surrogateescape"))
        except OSError:  # read (and reported) per story by the worker
            h.update(f"{shown}|missing\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _collection_parts(path: str, size: int, number: int) -> list[Part]:
    """Byte ranges of `size` lines each (the last line may lack its newline)."""
    real = os.path.abspath(path)
    stamp = _stamp([(path, real)])
    parts: list[Part] = []
    start = pos = 0
    line, lines = 1, 0  # first line of the current part; lines in it so far
    try:
        with open(real, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                n = chunk.count(b"\n")
                if lines + n < size:
                    lines += n
                    pos += len(chunk)
                    continue
                at = 0
                while True:  # split inside this chunk at each size-th newline
                    need = size - lines
                    for _ in range(need):
                        at = chunk.index(b"\n", at) + 1
                    end = pos + at
                    parts.append(Part(number + len(parts), "jsonl", path=path, real=real, start=start, end=end,
                                      first=line, stamp=stamp, lines=size))
                    start, line, lines = end, line + size, 0
                    rest = chunk.count(b"\n", at)
                    if rest < size:
                        lines = rest
                        break
                pos += len(chunk)
    except OSError as e:
        return [Part(number, "jsonl", path=path, real=real, stamp=stamp,
                     error=f"{path}: cannot read: {e.strerror or e}")]
    if pos > start:
        parts.append(Part(number + len(parts), "jsonl", path=path, real=real, start=start, end=pos, first=line,
                          stamp=stamp, lines=lines + 1))
    return parts


def _table_parts(path: str, size: int, number: int) -> list[Part]:
    """Partitions on row-group boundaries: small groups together up to `size` rows, a
    bigger group in slices of at least `size` rows, at most MAX_SLICES of them (a slice
    decodes its group up to its rows: few slices keep that from growing with the square)."""
    from .tables import parquet_groups

    real = os.path.abspath(path)
    stamp = _stamp([(path, real)])
    try:
        groups = parquet_groups(real, path)
    except MtqaError as e:
        return [Part(number, "parquet", path=path, real=real, stamp=stamp, error=str(e))]
    ranges: list[tuple[int, int]] = []
    start = at = 0  # the pending run of small groups starts at start; the next group at at
    for n in groups:
        if n > size:
            if at > start:
                ranges.append((start, at))
            step = -(-n // min(-(-n // size), MAX_SLICES))
            ranges += [(a, min(a + step, at + n)) for a in range(at, at + n, step)]
            start = at + n
        elif at + n - start > size:
            ranges.append((start, at))
            start = at
        at += n
    if at > start:
        ranges.append((start, at))
    return [Part(number + k, "parquet", path=path, real=real, start=a, end=b, stamp=stamp)
            for k, (a, b) in enumerate(ranges)]
