"""Find and load the data files in corpora/ (installed as mtqa.corpora).

Loaders are cached: a file is parsed at most once per process, and only when a
check asks for it, so a command pays only for the data it uses.
"""

from __future__ import annotations

import functools
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


def path(*parts: str) -> Path:
    return corpora_dir().joinpath(*parts)


def data_lines(p: Path):
    """Yield (line number, stripped line) for non-empty, non-comment lines."""
    with open(p, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                yield no, line


def read_tsv(p: Path, header: bool = True) -> list[dict[str, str]] | list[list[str]]:
    rows = data_lines(p)
    if not header:
        return [line.split("\t") for _, line in rows]
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
    out: dict[str, float] = {}
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#":
                continue
            w, _, z = line.rstrip("\n").partition("\t")
            if z:
                out[w] = float(z)
    return out


def shipped_word_langs() -> list[str]:
    d = path("lexicon")
    return sorted(p.stem[len("words-"):] for p in d.glob("words-*.tsv")) if d.is_dir() else []


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
    with open(p, encoding="utf-8") as fh:
        text = fh.read()
    return dict(line.split("\t", 1) for line in text.split("\n")
                if line and line[0] != "#" and "\t" in line)
