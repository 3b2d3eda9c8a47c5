"""The stories of one partition, read on the worker that checks them.

A story file is read as `check` reads it. A line of a collection or a row of a table is a
record: an IPTC ninjs item (read as the ninjs reader does), or an object with the story's
text in "text" (or "body_text", "target"), its original in "source" (or "source_text",
"original"; checked for divergences as --source would be), its language in "lang" (or
"language", "tgt_lang"), the original's in "source_lang" (or "src_lang"), its own id in
"id" (or "uri", "guid"), and any other scalar fields kept as metadata.
"""

from __future__ import annotations

import codecs
import datetime
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import MtqaError
from .plan import Part

TEXT_FIELDS = ("target", "text", "body_text")  # in the order `check`'s JSONL reader takes them
ORIGINAL_FIELDS = ("source", "source_text", "original")
LANG_FIELDS = ("lang", "language", "tgt_lang")
SOURCE_LANG_FIELDS = ("source_lang", "src_lang")
ID_FIELDS = ("id", "uri", "guid")


@dataclass
class Story:
    """One story to check: src (a readers.Source) or the one-line error that kept it unread."""

    key: str  # unique in the run: the file's path, "path:LINE" or "path#ROW"
    path: str  # the input file
    record: int | None = None  # line (collections, from 1) or row (tables, from 0)
    ident: str = ""  # the story's own id, when its record has one
    meta: dict = field(default_factory=dict)  # scalar metadata (date, provider, desk...)
    src: object = None
    error: str = ""


def read_part(part: Part, fmt: str = "", encoding: str | None = None) -> Iterator[Story]:
    if part.error:  # a collection or table that could not be opened
        yield Story(part.path, part.path, error=part.error)
    elif part.kind == "files":
        for shown, real in part.files:
            yield _file_story(shown, real, fmt, encoding)
    elif part.kind == "jsonl":
        yield from _collection(part, encoding)
    else:
        yield from _table(part)


def _file_story(shown: str, real: str, fmt: str, encoding: str | None) -> Story:
    from ..reader import read_bytes
    from ..readers import read_input

    story = Story(shown, shown)
    try:
        try:
            data = read_bytes(real)
        except MtqaError as e:  # named as the user named it (this worker reads it by real path)
            raise MtqaError(str(e).replace(real, shown, 1)) from None
        story.src = read_input(shown, data=data, fmt=fmt or None, encoding=encoding)
        story.meta = _scalars(story.src.meta)
    except MtqaError as e:
        story.error = str(e)
    return story


def _collection(part: Part, encoding: str | None) -> Iterator[Story]:
    from ..reader import decode, input_too_large, max_input_bytes

    where = f"{part.path}:{part.first}"  # what cannot be read at all is one story, its first line
    if encoding and not _lines_as_ascii(encoding):
        yield Story(where, part.path, part.first,
                    error=f"{part.path}: a collection is read a line at a time: --encoding {encoding} "
                          "does not write lines as ASCII does (use UTF-8 or another ASCII-based one)")
        return
    limit = max_input_bytes()
    try:
        with open(part.real, "rb") as fh:
            fh.seek(part.start)
            data = fh.read(part.end - part.start)
    except OSError as e:
        yield Story(where, part.path, part.first, error=f"{part.path}: cannot read: {e.strerror or e}")
        return
    for n, raw in enumerate(data.split(b"\n")):
        line = part.first + n
        if not raw.strip():
            continue
        key = f"{part.path}:{line}"
        try:
            if len(raw) > limit:  # a story is held to the limit of a file
                raise input_too_large(key)
            text = decode(raw, key, encoding)
            try:
                rec = json.loads(text)
            except (json.JSONDecodeError, RecursionError, ValueError) as e:
                raise MtqaError(f"{key}: not valid JSON: {getattr(e, 'msg', e)}") from None
            yield from_record(key, part.path, line, rec, text)
        except MtqaError as e:
            yield Story(key, part.path, line, error=str(e))


def _lines_as_ascii(encoding: str) -> bool:
    """Whether the encoding writes a newline (after the first character, so past any BOM)
    as the byte 0x0A, so that a collection splits into lines before it is decoded."""
    try:
        enc = codecs.getincrementalencoder(encoding)()
        enc.encode("x")
        return enc.encode("\n") == b"\n"
    except (LookupError, UnicodeError):
        return False


def _table(part: Part) -> Iterator[Story]:
    from ..reader import input_too_large, max_input_bytes
    from .tables import parquet_slice

    limit = max_input_bytes()
    try:
        rows = parquet_slice(part.real, part.start, part.end, part.path)
    except MtqaError as e:  # damaged after it was planned: this partition's one story
        yield Story(f"{part.path}#{part.start}", part.path, part.start, error=str(e))
        return
    for row, rec in enumerate(rows, part.start):
        key = f"{part.path}#{row}"
        try:
            # a row is held to the limit of a file: its text fields, in UTF-8 bytes
            if sum(len(v.encode("utf-8", "surrogatepass")) for v in rec.values() if isinstance(v, str)) > limit:
                raise input_too_large(key)
            yield from_record(key, part.path, row, rec)
        except MtqaError as e:
            yield Story(key, part.path, row, error=str(e))


def from_record(key: str, path: str, record: int, rec, line: str = "") -> Story:
    """A story from a record (a dict); line: its JSON text, for a ninjs item's offsets."""
    from ..readers import Source
    from ..readers.jsonfmt import looks_ninjs, read_ninjs

    if not isinstance(rec, dict):
        raise MtqaError(f"{key}: expected a JSON object, got {type(rec).__name__}")
    ident = next((str(rec[k]) for k in ID_FIELDS if isinstance(rec.get(k), (str, int))
                  and not isinstance(rec[k], bool) and str(rec[k]).strip()), "")
    if looks_ninjs(rec) and not _first(rec, TEXT_FIELDS[:2]):
        src = read_ninjs(key, line or json.dumps(rec, ensure_ascii=False, default=str))
        if not src.text.strip():
            raise MtqaError(f"{key}: no article text found in the ninjs item")
        return Story(key, path, record, ident, _scalars({**src.meta, **_plain(rec)}), src)
    text = _first(rec, TEXT_FIELDS, need_text=key)
    original = _first(rec, ORIGINAL_FIELDS) or None
    src = Source(path=key, format="record", text=text, file_text=text, source_text=original,
                 src_lang=_first(rec, SOURCE_LANG_FIELDS) or None,
                 tgt_lang=_first(rec, LANG_FIELDS) or None)
    skip = set(TEXT_FIELDS + ORIGINAL_FIELDS)
    return Story(key, path, record, ident, _scalars({k: v for k, v in rec.items() if k not in skip}), src)


def _first(rec: dict, names, need_text: str = "") -> str:
    """The first of names the record has as a non-empty string ("" when none); need_text:
    the story's key, to raise when there is no text to check."""
    for k in names:
        v = rec.get(k)
        if isinstance(v, str) and v.strip():
            return v
        if v is not None and not isinstance(v, str) and need_text:
            raise MtqaError(f"{need_text}: \"{k}\" must be a string, not {type(v).__name__}")
    if need_text:
        raise MtqaError(f"{need_text}: no story text (a \"text\", \"body_text\" or \"target\" field)")
    return ""


def _plain(rec: dict) -> dict:
    """A record's top-level scalar fields (a ninjs item's meta keeps only a few)."""
    return {k: v for k, v in rec.items() if not isinstance(v, (dict, list))
            and k not in TEXT_FIELDS + ("body_html", "body_xml")}


def _scalars(meta: dict) -> dict:
    """JSON-ready scalar metadata: dates as ISO text, nested values left out."""
    out = {}
    for k, v in meta.items():
        if isinstance(v, (datetime.date, datetime.datetime)):
            v = v.isoformat()
        if isinstance(v, float) and not math.isfinite(v):  # JSON has no NaN or Infinity
            v = None
        if v is None or isinstance(v, (str, int, float, bool)):
            out[str(k)] = v
    return out

