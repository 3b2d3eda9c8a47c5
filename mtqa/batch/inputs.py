"""Which files a batch audits: folders walked by extension, files as named."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

from ..errors import MtqaError
from ..reader import not_regular
from .cache import CACHE_DIR

AUDIT_EXTENSIONS = frozenset((".txt", ".md", ".html", ".htm", ".json", ".xml", ".xlf", ".xliff",
                              ".tmx", ".jsonl"))


@dataclass(frozen=True)
class Task:
    """One input of a batch, in sorted path order (index = its place in the output)."""

    index: int
    path: str  # as the user named it (shown in reports and the summary)
    report: str  # relative to the output folder, "/"-separated, without the format's extension
    cached: dict | None = None  # this path's entry in the cache index, if any


def collect(paths, out_dir: str, cache: dict | None = None, extra: tuple[str, ...] = ()) -> list[Task]:
    """Input files in sorted path order, each with the report path it gets in out_dir.

    Folders are walked for AUDIT_EXTENSIONS and `extra` ones (hidden folders and files,
    out_dir, and any other folder mtqa wrote a run's output to are skipped); files named
    directly are taken whatever their extension; a path that does not exist but has glob
    characters is expanded ('**' spans folders). A file named twice (or through a link) is
    audited once. FIFOs, devices and sockets are listed like any
    file and refused, never opened, when read (mtqa.reader). Raises MtqaError for a missing
    path, '-' (standard input), or an out_dir that is not a usable folder or that is or
    contains an input (compared by real path: symlinks and '..' do not hide it).
    """
    check_out_dir(out_dir)
    out_real = os.path.realpath(out_dir)
    found: dict[str, str] = {}  # display path -> absolute path
    roots: list[str] = []
    walked = AUDIT_EXTENSIONS.union(extra)
    for arg in _expand(paths):
        if arg == "-":
            raise MtqaError("audit reads files and folders, not standard input (use mtqa check -)")
        if os.path.isdir(arg):
            _refuse_overlap(out_dir, out_real, arg, folder=True)
            if _is_output(arg):
                raise MtqaError(f"{arg}: holds the output of an earlier mtqa run (reports and "
                                "tables, not stories); name the stories' folder instead")
            roots.append(os.path.abspath(arg))
            for dirpath, dirnames, filenames in os.walk(arg):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                     and os.path.realpath(os.path.join(dirpath, d)) != out_real
                                     and not _is_output(os.path.join(dirpath, d)))
                for name in filenames:
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in walked:
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
        _refuse_overlap(out_dir, out_real, p, folder=False)
        if real in seen:  # the same file named twice (or through a link)
            continue
        seen.add(real)
        rel = os.path.relpath(found[p], base).replace(os.sep, "/")
        tasks.append(Task(len(tasks), p, rel, (cache or {}).get(p)))
    return tasks


# What marks a folder as an earlier run's output (audit's cache, an archive's markers):
# walking an input folder, its reports and tables are not taken for stories.
OUTPUT_MARKS = (CACHE_DIR, ".mtqa-archive")  # (the second: mtqa.archive.tables.MARKERS)


def _is_output(folder: str) -> bool:
    return any(os.path.isdir(os.path.join(folder, m)) for m in OUTPUT_MARKS)


def _expand(paths):
    """Each path as given, or the sorted matches of a glob pattern that is not itself a path."""
    for arg in paths:
        if arg != "-" and not os.path.exists(arg) and any(c in arg for c in "*?["):
            found = sorted(glob.glob(arg, recursive=True))
            if not found:
                raise MtqaError(f"{arg}: no file or folder matches")
            yield from found
        else:
            yield arg


def check_out_dir(out_dir: str, files=(), folders=()) -> None:
    """Usage errors, before anything is written: out_dir must be a folder, or a path whose
    nearest existing parent is a writable folder; it must not be, or contain, any of the
    input files or folders given here, nor lie inside those folders (collect() checks the
    audited paths itself; an output folder inside an audited folder is skipped there)."""
    real = os.path.realpath(out_dir)
    if os.path.exists(real) and not os.path.isdir(real):
        why = not_regular(os.stat(real).st_mode) or "is a file"
        raise MtqaError(f"{out_dir}: {why}, not a folder (-o needs a folder for the reports)")
    parent = real
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise MtqaError(f"{out_dir}: {parent} is not a folder (-o needs a folder for the reports)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise MtqaError(f"{out_dir}: cannot write in {parent}: permission denied")
    for p in files:
        if p:
            _refuse_overlap(out_dir, real, p, folder=False)
    for p in folders:  # rule packs, candidates: the reports must not land among them either
        if p:
            _refuse_overlap(out_dir, real, p, folder=True)
            if real.startswith(os.path.realpath(p).rstrip(os.sep) + os.sep):
                raise MtqaError(f"-o {out_dir} is inside the input folder {p}; choose another folder")


def _refuse_overlap(out_dir: str, out_real: str, path: str, folder: bool) -> None:
    """MtqaError when the output folder is the input folder path, or holds the input path."""
    real = os.path.realpath(path)
    if folder and real == out_real:
        raise MtqaError(f"{path}: the output folder cannot be an input folder")
    if real.startswith(out_real.rstrip(os.sep) + os.sep):
        what = "input folder" if folder else "input"
        raise MtqaError(f"-o {out_dir} contains the {what} {path}; the output folder must not "
                        "hold inputs (its reports would overwrite them)")
