"""Which files a batch audits: folders walked by extension, files as named."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import MtqaError

AUDIT_EXTENSIONS = frozenset((".txt", ".md", ".html", ".htm", ".json", ".xml", ".xlf", ".xliff",
                              ".tmx", ".jsonl"))


@dataclass(frozen=True)
class Task:
    """One input of a batch, in sorted path order (index = its place in the output)."""

    index: int
    path: str  # as the user named it (shown in reports and the summary)
    report: str  # relative to the output folder, "/"-separated, without the format's extension
    cached: dict | None = None  # this path's entry in the cache index, if any


def collect(paths, out_dir: str, cache: dict | None = None) -> list[Task]:
    """Input files in sorted path order, each with the report path it gets in out_dir.

    Folders are walked for AUDIT_EXTENSIONS (hidden folders and files, and out_dir, are
    skipped); files named directly are taken whatever their extension. A file named twice
    (or through a link) is audited once. Raises MtqaError for a missing path, '-' (standard
    input) or out_dir given as an input folder.
    """
    out_abs = os.path.abspath(out_dir)
    found: dict[str, str] = {}  # display path -> absolute path
    roots: list[str] = []
    for arg in paths:
        if arg == "-":
            raise MtqaError("audit reads files and folders, not standard input (use mtqa check -)")
        if os.path.isdir(arg):
            if os.path.abspath(arg) == out_abs:
                raise MtqaError(f"{arg}: the output folder cannot be an input folder")
            roots.append(os.path.abspath(arg))
            for dirpath, dirnames, filenames in os.walk(arg):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                     and os.path.abspath(os.path.join(dirpath, d)) != out_abs)
                for name in filenames:
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in AUDIT_EXTENSIONS:
                        p = os.path.normpath(os.path.join(dirpath, name))
                        found.setdefault(p, os.path.abspath(p))
        elif os.path.exists(arg):
            p = os.path.normpath(arg)
            roots.append(os.path.dirname(os.path.abspath(p)))
            found.setdefault(p, os.path.abspath(p))
        else:
            raise MtqaError(f"{arg}: no such file or folder")
    base = os.path.commonpath(roots) if roots else os.getcwd()
    seen: set[str] = set()
    tasks: list[Task] = []
    for p in sorted(found):
        real = os.path.realpath(found[p])
        if real in seen:  # the same file named twice (or through a link)
            continue
        seen.add(real)
        rel = os.path.relpath(found[p], base).replace(os.sep, "/")
        tasks.append(Task(len(tasks), p, rel, (cache or {}).get(p)))
    return tasks
