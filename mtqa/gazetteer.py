"""The names gazetteer: people, places, organisations, agencies and publications.

Read from corpora/names/gazetteer.tsv plus any gazetteer.tsv in a loaded rule pack.
Columns: name, accepted (|-separated), kind, country, given, family, translations, provenance.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
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
        by_form: dict[str, list[Entity]] = {}  # lowercased full form -> entities
        toks: dict[str, set[int]] = {}  # exact-case token -> entity indices
        self.lower_tokens: set[str] = set()
        given: dict[str, list[Entity]] = {}  # given name -> persons
        for i, e in enumerate(entities):
            for form in e.forms:
                by_form.setdefault(form.lower(), []).append(e)
                for w in words(form):
                    toks.setdefault(w, set()).add(i)
                    self.lower_tokens.add(w.lower())
            if e.kind == "person":
                for g in e.given:
                    for w in words(g):
                        given.setdefault(w, []).append(e)
        # (Mappings: loaded from the cache they are resources.Tables)
        self.by_form: Mapping[str, list[Entity]] = by_form
        self.tokens: Mapping[str, set[int]] = toks
        self.given: Mapping[str, list[Entity]] = given
        self.max_words = max((len(words(f)) for f in self.by_form), default=1)

    # The on-disk cache's form (see resources.disk_cached): entities, and the indexes that
    # refer to them by position, so loading skips tokenising every form again. The indexes
    # are resources.Tables, read a block at a time: an article looks up a few of them.
    JSON_SPEC = {"entities": resources.columns_spec(Entity), "by_form": resources.TABLE,
                 "tokens": resources.TABLE, "lower_tokens": list[str],
                 "given": resources.TABLE, "max_words": int}

    def to_json(self, texts: list[str]) -> dict:
        pos = {id(e): i for i, e in enumerate(self.entities)}

        def table(d: Mapping, show) -> list[int]:
            return resources.Table.to_json(d, texts, lambda v: " ".join(map(str, show(v))))
        return {"entities": resources.to_columns(self.entities, Entity),
                "by_form": table(self.by_form, lambda v: [pos[id(e)] for e in v]),
                "tokens": table(self.tokens, sorted),
                "lower_tokens": sorted(self.lower_tokens),
                "given": table(self.given, lambda v: [pos[id(e)] for e in v]),
                "max_words": self.max_words}

    @classmethod
    def from_json(cls, data: dict, texts: resources.Texts, paths: tuple[Path, ...]) -> Gazetteer:
        """The gazetteer back from to_json() (data already checked against JSON_SPEC)."""
        ents = resources.from_columns(Entity, data["entities"])
        if not all(e.kind in KINDS and e.name for e in ents):
            raise ValueError("gazetteer cache: bad entity")
        n = len(ents)

        def table(key: str, make):
            return resources.Table.from_json(data[key], texts,
                                             lambda v: make(resources.indices(v, n)),
                                             lambda: getattr(texts.fresh(), key))
        g = cls.__new__(cls)
        g.entities, g.paths, g.max_words = ents, paths, data["max_words"]
        g.by_form = table("by_form", lambda ix: [ents[i] for i in ix])
        g.tokens = table("tokens", set)
        g.lower_tokens = set(data["lower_tokens"])
        g.given = table("given", lambda ix: [ents[i] for i in ix])
        return g

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
    """The entities of a gazetteer file; a malformed or undecodable one is a PackError naming
    the file and line."""
    try:
        return _read_entities(p)
    except UnicodeDecodeError:
        data = p.read_bytes()
        try:
            data.decode("utf-8")
            line = 1
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
        raise PackError(f"{p}:{line}: not UTF-8 text") from None
    except OSError as e:
        raise PackError(f"{p}: cannot read: {e.strerror}") from None


def _read_entities(p: Path) -> list[Entity]:
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
    return resources.disk_cached("gazetteer", [*paths, __file__, tokens.__file__], build,
                                 Gazetteer.JSON_SPEC, Gazetteer.to_json,
                                 lambda data, texts: Gazetteer.from_json(data, texts, paths))


def gazetteer(extra: tuple[Path, ...] = ()) -> Gazetteer:
    base = resources.path("names", "gazetteer.tsv")
    paths = ((base,) if base.exists() else ()) + tuple(extra)
    return gazetteer_from(paths)
