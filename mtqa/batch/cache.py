"""The batch cache: a story's result is reused while its content and the run's signature hold.

<out>/.mtqa-cache/index.json maps each audited path to {key, report_sha256, row}. A key is
sha256 over the run's key base (cache version, check signature, options, the --source
bytes, and fingerprints of mtqa's code, its data, extra rule folders and the --candidates
archive) plus the story's path and bytes. An entry is used only when its key matches and
the report written for it is still there, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os

from ..errors import MtqaError
from ..finding import SEVERITIES
from ..output import own_target, write_atomic
from ..reader import read_bytes
from .summary import CHECKED, SUMMARY_FIELDS

CACHE_DIR, CACHE_INDEX = ".mtqa-cache", "index.json"
CACHE_VERSION = "1"
INDEX_LIMIT = 1 << 30  # bytes: far above any real index (about 1 KB a story)
_MTQA_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # mtqa/


def key_base(config, sig: dict, source_bytes: bytes) -> str:
    """Everything besides a story's own bytes and path that its result depends on.

    config: the run's job.BatchConfig (not imported here: job imports this module).
    """
    from .. import resources

    h = hashlib.sha256()
    for part in (CACHE_VERSION, sig["string"], repr(config.severity), config.input_format,
                 config.encoding or "", config.report_fmt, config.candidates, config.max_input_mb):
        h.update(str(part).encode() + b"\0")
    h.update(hashlib.sha256(source_bytes).digest())
    # Pack versions are declared by hand: the files themselves (and mtqa's code) count too.
    trees = [_MTQA_DIR, str(resources.corpora_dir()), *config.rule_dirs]
    if config.candidates:
        trees.append(config.candidates)
    for tree in trees:
        h.update(_tree_fingerprint(tree).encode())
    return h.hexdigest()


def story_key(base: str, path: str, data: bytes) -> str:
    head = f"{base}|{path}|".encode("utf-8", "surrogateescape")  # a path need not be UTF-8
    return hashlib.sha256(head + hashlib.sha256(data).digest()).hexdigest()


def is_fresh(entry: dict | None, key: str, report_rel: str, report_path: str) -> bool:
    """Whether a cache entry still stands for this story: same key, its report intact."""
    if not entry:
        return False
    return entry.get("key") == key and entry["row"].get("report") == report_rel \
        and not os.path.islink(report_path) and entry.get("report_sha256") == file_sha256(report_path)


def make_entry(key: str, report: str, row: dict) -> dict:
    return {"key": key, "report_sha256": hashlib.sha256(report.encode("utf-8")).hexdigest(), "row": row}


def load_cache(out: str) -> dict:
    """path -> {key, report_sha256, row} from an earlier run into out ({} when none).

    The index is a file anyone may edit: an entry that is not exactly what make_entry()
    writes is dropped (its story is checked again), so it can never sink a run.
    """
    try:  # a regular file only, and bounded: a FIFO or /dev/zero planted here must not hang
        data = json.loads(read_bytes(os.path.join(out, CACHE_DIR, CACHE_INDEX), INDEX_LIMIT))
    except (MtqaError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {p: e for p, e in entries.items() if valid_entry(p, e)}


# The exact shape of a cached row (summary.result_row); a field not typed here is invalid.
_ROW_TYPES = {"path": str, "status": str, "error": str, "format": str, "lang": str, "words": int,
              "score": float | int, "pass": bool, "findings": int, **dict.fromkeys(SEVERITIES, int),
              "worst": str, "report": str, "rules": dict[str, dict[str, int]]}
_ENTRY_SPEC = {"key": str, "report_sha256": str,
               "row": {f: _ROW_TYPES.get(f, type(NotImplemented)) for f in SUMMARY_FIELDS}}


def valid_entry(path: str, e) -> bool:
    """Is e a cache entry for this path as make_entry() writes it (types, counts, report)?"""
    from .. import resources

    if not resources.valid(e, _ENTRY_SPEC):
        return False
    row = e["row"]
    counts = [row[s] for s in SEVERITIES]
    by_rule = [n for c in row["rules"].values() for s, n in c.items() if s in SEVERITIES and n > 0]
    return row["path"] == path and row["status"] in CHECKED and min(counts) >= 0 \
        and sum(counts) == row["findings"] == sum(by_rule) \
        and len(by_rule) == sum(map(len, row["rules"].values())) and row["words"] >= 0 \
        and row["worst"] == next((s for s in SEVERITIES if row[s]), "") \
        and safe_report_path(row["report"])


def safe_report_path(rel: str) -> bool:
    """A report path as the batch makes them: relative, '/'-separated, inside the output
    folder (no '..', no drive, no NUL), so a cached row can never point elsewhere."""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and "\0" not in rel and ":" not in parts[0] \
        and all(p not in ("", ".", "..") for p in parts)


def save_cache(out: str, old: dict, new: dict, audited: set[str]) -> None:
    """This run's entries, plus earlier ones for files not audited (or, when saving as a
    run goes, not yet audited) that still exist. Written atomically: an interrupted run
    leaves the last complete index."""
    keep = {p: e for p, e in old.items() if p not in audited and os.path.exists(p)}
    keep.update(new)
    folder = os.path.join(out, CACHE_DIR)
    try:
        os.makedirs(folder, exist_ok=True)
        write_atomic(os.path.join(folder, CACHE_INDEX), json.dumps(
            {"version": CACHE_VERSION, "entries": dict(sorted(keep.items()))}, ensure_ascii=False),
            inside=out)
    except (OSError, MtqaError):
        pass  # a cache that cannot be written only costs time


# ----------------------------------------------------------------------------- files

def write_if_changed(path: str, text: str, out: str) -> None:
    """Write a report atomically into the output folder out, leaving the file (and its mtime)
    alone when it is the same. A link there is replaced, never written through."""
    data = text.encode("utf-8")
    if not os.path.islink(path) and _read_report(path, len(data)) == data:
        return
    os.makedirs(os.path.dirname(own_target(path, out)), exist_ok=True)
    write_atomic(path, text, inside=out)


def remove_stale(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def file_sha256(path: str) -> str:
    data = _read_report(path)
    return "" if data is None else hashlib.sha256(data).hexdigest()


def _read_report(path: str, limit: int = INDEX_LIMIT) -> bytes | None:
    """A report's bytes (None: missing, not a regular file, or over limit bytes)."""
    try:
        return read_bytes(path, limit)
    except MtqaError:
        return None


def _tree_fingerprint(folder: str) -> str:
    h = hashlib.sha256(os.path.abspath(folder).encode())
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            try:
                s = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            h.update(f"{os.path.relpath(os.path.join(dirpath, name), folder)}|{s.st_size}|"
                     f"{s.st_mtime_ns}\n".encode())
    return h.hexdigest()
