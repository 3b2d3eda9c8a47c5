"""Load rule packs: a folder with pack.toml and one .toml file per rule (Vale-like).

A rule's id is '<pack name>.<file stem>'. Kinds of rule file:
  kind = "pattern"  regular-expression entries (calques, literalisms, boilerplate)
  [[term]] tables    termbank entries (canonical form, accepted aliases, garbled variants)
A pack may also hold gazetteer.tsv (names, same columns as corpora/names/gazetteer.tsv).
Errors name the file and line: PackError("path:line: what is wrong").
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .errors import PackError
from .finding import SEVERITIES
from .rules import CATEGORIES, Rule, slug


@dataclass(frozen=True)
class PatternEntry:
    id: str  # addressable as '<rule id>/<entry id>'
    pattern: str
    flags: int
    suggestion: str
    allow: frozenset[str]
    note: str
    provenance: str
    message: str
    severity: str
    category: str

    @functools.cached_property
    def regex(self) -> re.Pattern:
        # Compiled on first use and kept: a run pays only for the packs that apply.
        return re.compile(self.pattern, self.flags)


@dataclass
class PackSet:
    """Everything the loaded packs contribute."""
    packs: dict[str, str] = field(default_factory=dict)  # name -> version
    pack_langs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pattern_rules: list[Rule] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    gazetteers: list[Path] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # indexes built from packs

    def extend(self, other: PackSet) -> None:
        for name in other.packs:
            if name in self.packs:
                raise PackError(f"{name}: a rule pack with this name is already loaded")
        self.packs.update(other.packs)
        self.pack_langs.update(other.pack_langs)
        self.pattern_rules += other.pattern_rules
        self.terms += other.terms
        self.gazetteers += other.gazetteers


def _entry_line(path: Path, table: str, index: int) -> int:
    """Line number of the index-th [[table]] header in a TOML file (1 if unknown)."""
    n = -1
    with open(path, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if line.strip().replace(" ", "") == f"[[{table}]]":
                n += 1
                if n == index:
                    return no
    return 1


def _load(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        line = m.group(1) if m else "1"
        raise PackError(f"{path}:{line}: invalid TOML: {str(e).split(' (at')[0]}") from None
    except UnicodeDecodeError:
        raise PackError(f"{path}:1: not UTF-8 text") from None
    except OSError as e:
        raise PackError(f"{path}: cannot read: {e.strerror}") from None


def load_pack(folder: Path) -> PackSet:
    meta_path = folder / "pack.toml"
    if not meta_path.is_file():
        raise PackError(f"{folder}: not a rule pack (no pack.toml)")
    meta = _load(meta_path)
    name = meta.get("name", folder.name)
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise PackError(f"{meta_path}:1: pack name must be lowercase letters, digits and hyphens")
    version = str(meta.get("version", "0"))
    langs = tuple(meta.get("source_langs", ()))
    # Languages of the text the pack's patterns are written for ('en' for calques into
    # English); none declared: any language.
    target_langs = tuple(meta.get("target_langs", ()))
    out = PackSet(packs={name: version}, pack_langs={name: langs})
    for f in sorted(folder.glob("*.toml")):
        if f.name == "pack.toml":
            continue
        data = _load(f)
        if "term" in data:
            out.terms += _terms(f, data["term"], name)
        elif data.get("kind") == "pattern":
            out.pattern_rules.append(_pattern_rule(f, data, name, version, langs, target_langs))
        else:
            raise PackError(f"{f}:1: unknown rule file: expected kind = \"pattern\" or [[term]] tables")
    gaz = folder / "gazetteer.tsv"
    if gaz.is_file():
        out.gazetteers.append(gaz)
    return out


class _Line:
    """The line of the index-th [[table]] in a file, computed only if an error needs it."""

    def __init__(self, f: Path, table: str, index: int):
        self.f, self.table, self.index = f, table, index

    def __str__(self) -> str:
        return str(_entry_line(self.f, self.table, self.index))


def _need(f: Path, line, d: dict, key: str, typ=str):
    v = d.get(key)
    if not isinstance(v, typ):
        raise PackError(f"{f}:{line}: missing or invalid '{key}'")
    return v


def _pattern_rule(f: Path, data: dict, pack: str, version: str, langs, target_langs) -> Rule:
    stem = f.stem
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", stem):
        raise PackError(f"{f}:1: rule file names must be lowercase letters, digits and hyphens")
    category = _need(f, 1, data, "category")
    severity = _need(f, 1, data, "severity")
    if category not in CATEGORIES:
        raise PackError(f"{f}:1: unknown category '{category}' (one of: {', '.join(CATEGORIES)})")
    if severity not in SEVERITIES:
        raise PackError(f"{f}:1: unknown severity '{severity}' (one of: {', '.join(SEVERITIES)})")
    message = _need(f, 1, data, "message")
    entries = []
    seen: set[str] = set()
    raw = data.get("entries")
    if not isinstance(raw, list) or not raw:
        raise PackError(f"{f}:1: a pattern rule needs at least one [[entries]] table")
    for i, e in enumerate(raw):
        line = _Line(f, "entries", i)
        pat = _need(f, line, e, "pattern")
        flags = 0 if e.get("case", "insensitive") == "sensitive" else re.IGNORECASE
        try:
            re.compile(pat, flags)  # validate now, compile again when used
        except re.error as err:
            raise PackError(f"{f}:{line}: bad pattern: {err}") from None
        sev = e.get("severity", severity)
        cat = e.get("category", category)
        if sev not in SEVERITIES or cat not in CATEGORIES:
            raise PackError(f"{f}:{line}: unknown severity or category")
        entries.append(PatternEntry(
            id=_entry_id(f, line, e, i, seen),
            pattern=pat, flags=flags, suggestion=str(e.get("suggestion", "")), allow=frozenset(e.get("allow", ())),
            note=str(e.get("note", "")), provenance=str(e.get("provenance", "")),
            message=str(e.get("message", message)), severity=sev, category=cat))
    return Rule(id=f"{pack}.{stem}", category=category, severity=severity,
                description=str(data.get("description", message)), kind="pattern", pack=pack,
                pack_version=version, message=message, source_langs=tuple(langs),
                langs=tuple(target_langs), entries=tuple(entries),
                examples=tuple(str(e["example"]) for e in raw if e.get("example")),
                counterexamples=tuple(str(e["counterexample"]) for e in raw if e.get("counterexample")))


def _entry_id(f: Path, line, e: dict, index: int, seen: set[str]) -> str:
    """An entry's id: its own 'id' key, else its 1-based position in the file (a pattern
    often covers many phrasings, so no single example names it fairly)."""
    given = e.get("id", str(index + 1))
    if not isinstance(given, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", given):
        raise PackError(f"{f}:{line}: 'id' must be lowercase letters, digits and hyphens")
    if given in seen:
        raise PackError(f"{f}:{line}: duplicate entry id '{given}'")
    seen.add(given)
    return given


def _terms(f: Path, raw, pack: str) -> list[dict]:
    if not isinstance(raw, list):
        raise PackError(f"{f}:1: 'term' must be an array of tables ([[term]])")
    out = []
    seen: set[str] = set()
    for i, t in enumerate(raw):
        line = _Line(f, "term", i)
        canonical = _need(f, line, t, "canonical")
        tid = t.get("id", slug(canonical))
        if not isinstance(tid, str) or not re.fullmatch(r"[\w][\w-]*", tid):
            raise PackError(f"{f}:{line}: 'id' must be letters, digits and hyphens")
        if tid in seen:
            raise PackError(f"{f}:{line}: two terms with the id '{tid}' (give one an 'id')")
        seen.add(tid)
        for key in ("aliases", "variants"):
            v = t.get(key, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise PackError(f"{f}:{line}: '{key}' must be a list of strings")
        out.append({"id": tid, "canonical": canonical, "aliases": list(t.get("aliases", [])),
                    "variants": list(t.get("variants", [])), "head": str(t.get("head", "")),
                    "quoted": bool(t.get("quoted", False)), "type": str(t.get("type", "")),
                    "note": str(t.get("note", "")), "provenance": str(t.get("provenance", "")),
                    "pack": pack, "file": str(f)})
    return out


@functools.cache
def builtin() -> PackSet:
    root = resources.path("packs")
    folders = [f for f in sorted(root.iterdir()) if (f / "pack.toml").is_file()]

    def build():
        out = PackSet()
        for folder in folders:
            out.extend(load_pack(folder))
        return out
    deps = [p for f in folders for p in sorted(f.iterdir())] + [__file__]
    return resources.disk_cached("packs", deps, build)


def load(extra_dirs=()) -> PackSet:
    """Built-in packs plus user packs (a pack folder, or a folder of pack folders)."""
    base = builtin()
    out = PackSet(dict(base.packs), dict(base.pack_langs), list(base.pattern_rules),
                  list(base.terms), list(base.gazetteers))
    for d in extra_dirs:
        d = Path(d)
        if not d.is_dir():
            raise PackError(f"{d}: rule pack folder not found")
        if (d / "pack.toml").is_file():
            out.extend(load_pack(d))
        else:
            subs = [s for s in sorted(d.iterdir()) if (s / "pack.toml").is_file()]
            if not subs:
                raise PackError(f"{d}: no rule pack here (no pack.toml)")
            for s in subs:
                out.extend(load_pack(s))
    return out
