"""Find and load the data files in corpora/ (installed as mtqa.corpora).

Loaders are cached: a file is parsed at most once per process, and only when a
check asks for it, so a command pays only for the data it uses.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import tomllib
from pathlib import Path


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


def disk_cached(name: str, deps, build):
    """build(), or its result from an earlier run when none of deps (files) has changed.

    Parsing the shipped data (word lists, gazetteer, name index, rule packs) costs more
    than checking an article; a pickle keyed by the files' size and mtime, the code that
    builds it and the Python version makes every run after the first cheap. Any problem
    with the cache falls back to building: the cache can never change a result.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    from . import __version__

    h = hashlib.sha1(f"{__version__}|{sys.version}|{name}".encode())
    for d in deps:
        try:
            st = os.stat(d)
            h.update(f"|{d}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"|{d}|missing".encode())
    target = folder / f"{name}-{h.hexdigest()[:16]}.pickle"
    try:
        with open(target, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, stale or unreadable: rebuild
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for old in folder.glob(f"{name}-*.pickle"):  # results of older data or code
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value


def path(*parts: str) -> Path:
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
def word_freqs(lang: str) -> dict[str, float]:
    """Zipf frequencies of the language's most common words (empty if not shipped)."""
    p = path("lexicon", f"words-{lang}.tsv")
    if not p.exists():
        return {}
    return disk_cached(f"words-{lang}", [p], lambda: _read_freqs(p))


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
def pos_tags(lang: str = "en") -> dict[str, str]:
    """word -> part-of-speech letters (n v a r) from corpora/lexicon/<lang>-pos.tsv (WordNet)."""
    p = path("lexicon", f"{lang}-pos.tsv")
    if not p.exists():
        return {}
    return disk_cached(f"pos-{lang}", [p], lambda: _read_pos(p))


def _read_pos(p: Path) -> dict[str, str]:
    with open(p, encoding="utf-8") as fh:
        text = fh.read()
    return dict(line.split("\t", 1) for line in text.split("\n")
                if line and line[0] != "#" and "\t" in line)
