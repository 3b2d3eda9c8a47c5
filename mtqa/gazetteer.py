"""The names gazetteer: people, places, organisations, agencies and publications.

Read from corpora/names/gazetteer.tsv plus any gazetteer.tsv in a loaded rule pack.
Columns: name, accepted (|-separated), kind, country, given, family, translations, provenance.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from . import resources, tokens
from .errors import PackError
from .rules import slug

KINDS = ("person", "place", "organisation", "agency", "publication")


@dataclass(frozen=True)
class Entity:
    name: str
    accepted: tuple[str, ...]
    kind: str
    country: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    translations: tuple[str, ...]
    provenance: str

    @property
    def id(self) -> str:
        """The entry id users select, ignore or re-grade: 'names.near-miss/volodymyr-zelensky'."""
        return slug(self.name)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every accepted way of writing the entity (full forms, and family names alone)."""
        out = [self.name, *self.accepted]
        if self.kind == "person":
            out += list(self.family)
            for g in self.given:
                for f in self.family:
                    out += [f"{g} {f}", f"{f} {g}"]
        return tuple(dict.fromkeys(x for x in out if x))


def words(s: str) -> list[str]:
    """The words of a name, as written; hyphenated and apostrophe words stay whole."""
    return tokens.words(s, joined=True, lower=False)


class Gazetteer:
    def __init__(self, entities: list[Entity], paths: tuple[Path, ...] = ()):
        self.entities = entities
        self.paths = paths  # the files it was read from
        self.by_form: dict[str, list[Entity]] = {}  # lowercased full form -> entities
        self.tokens: dict[str, set[int]] = {}  # exact-case token -> entity indices
        self.lower_tokens: set[str] = set()
        self.given: dict[str, list[Entity]] = {}  # given name -> persons
        for i, e in enumerate(entities):
            for form in e.forms:
                self.by_form.setdefault(form.lower(), []).append(e)
                for w in words(form):
                    self.tokens.setdefault(w, set()).add(i)
                    self.lower_tokens.add(w.lower())
            if e.kind == "person":
                for g in e.given:
                    for w in words(g):
                        self.given.setdefault(w, []).append(e)
        self.max_words = max((len(words(f)) for f in self.by_form), default=1)

    def lookup(self, form: str) -> list[Entity]:
        return self.by_form.get(form.lower(), [])

    def lookup_place(self, name: str) -> Entity | None:
        for e in self.lookup(name):
            if e.kind == "place":
                return e
        return None

    def entry_ids(self) -> list[str]:
        return sorted({e.id for e in self.entities})


def _split(v: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in v.split("|") if x.strip())


def read_entities(p: Path) -> list[Entity]:
    out = []
    cols = None
    for no, line in resources.data_lines(p):
        cells = line.split("\t")
        if cols is None:
            cols = [c.strip() for c in cells]
            if "name" not in cols or "kind" not in cols:
                raise PackError(f"{p}:{no}: gazetteer header needs at least 'name' and 'kind' columns")
            continue
        row = dict(zip(cols, (c.strip() for c in cells)))
        kind = row.get("kind", "")
        if not row.get("name") or kind not in KINDS:
            raise PackError(f"{p}:{no}: need a name and a kind (one of {', '.join(KINDS)})")
        out.append(Entity(row["name"], _split(row.get("accepted", "")), kind,
                          row.get("country", ""), _split(row.get("given", "")),
                          _split(row.get("family", "")), _split(row.get("translations", "")),
                          row.get("provenance", "")))
    return out


@functools.cache
def gazetteer_from(paths: tuple[Path, ...]) -> Gazetteer:
    """The gazetteer read from these files (cached in memory and on disk)."""
    def build():
        ents: list[Entity] = []
        for p in paths:
            ents += read_entities(p)
        return Gazetteer(ents, paths)
    return resources.disk_cached("gazetteer", [*paths, __file__, tokens.__file__], build)


def gazetteer(extra: tuple[Path, ...] = ()) -> Gazetteer:
    base = resources.path("names", "gazetteer.tsv")
    paths = ((base,) if base.exists() else ()) + tuple(extra)
    return gazetteer_from(paths)
