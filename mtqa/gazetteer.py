"""The names gazetteer: people, places, organisations, agencies and publications.

Read from corpora/names/gazetteer.tsv plus any gazetteer.tsv in a loaded rule pack.
Columns: name, accepted (|-separated), kind, country, given, family, translations, provenance.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from . import resources, tokens
from .errors import PackError
from .lazylines import Lines
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
        self.entities: Sequence[Entity] = entities
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

    # The on-disk cache's form (see resources.disk_cached): entities as a text section of
    # lines, each parsed when first asked for (an article asks for a few dozen of some 4,000),
    # their kinds checked at once; the indexes, which refer to them by position, as
    # resources.Tables, read a block at a time; the lowercased tokens as a section of lines.
    JSON_SPEC = {"entities": tuple[int, int], "kinds": list[str], "by_form": resources.TABLE,
                 "tokens": resources.TABLE, "lower_tokens": int, "given": resources.TABLE,
                 "max_words": int}

    def to_json(self, texts: list[str]) -> dict:
        pos = {id(e): i for i, e in enumerate(self.entities)}

        def table(d: Mapping, show) -> list[int]:
            return resources.Table.to_json(d, texts, lambda v: " ".join(map(str, show(v))))
        first = len(texts)  # (the tables' sections come after these two)
        texts.append("\n".join(map(_EntityLines.line, self.entities)))
        texts.append("\n".join(sorted(self.lower_tokens)))
        return {"entities": [first, len(self.entities)],
                "kinds": [e.kind for e in self.entities],
                "by_form": table(self.by_form, lambda v: [pos[id(e)] for e in v]),
                "tokens": table(self.tokens, sorted),
                "lower_tokens": first + 1,
                "given": table(self.given, lambda v: [pos[id(e)] for e in v]),
                "max_words": self.max_words}

    @classmethod
    def from_json(cls, data: dict, texts: resources.Texts, paths: tuple[Path, ...]) -> Gazetteer:
        """The gazetteer back from to_json() (data already checked against JSON_SPEC)."""
        if not set(data["kinds"]) <= set(KINDS):
            raise ValueError("gazetteer cache: bad entity")
        section, count = data["entities"]
        ents = _EntityLines(texts, section, count, data["kinds"])
        n = len(ents)

        def table(key: str, make):
            return resources.Table.from_json(data[key], texts,
                                             lambda v: make(resources.indices(v, n)),
                                             lambda: getattr(texts.fresh(), key))
        g = cls.__new__(cls)
        g.entities, g.paths, g.max_words = ents, paths, data["max_words"]
        g.by_form = table("by_form", lambda ix: [ents[i] for i in ix])
        g.tokens = table("tokens", set)
        low = texts[data["lower_tokens"]]
        g.lower_tokens = set(low.split("\n")) if low else set()
        g.given = table("given", lambda ix: [ents[i] for i in ix])
        return g

    def position(self, e: Entity) -> int:
        """Where an entity of this gazetteer stands in entities."""
        if isinstance(self.entities, Lines):
            return self.entities.position(e)
        if "_positions" not in self.__dict__:
            self._positions = {id(x): i for i, x in enumerate(self.entities)}
        return self._positions[id(e)]

    def lookup(self, form: str) -> list[Entity]:
        return self.by_form.get(form.lower(), [])

    def lookup_place(self, name: str) -> Entity | None:
        for e in self.lookup(name):
            if e.kind == "place":
                return e
        return None

    def entry_ids(self) -> list[str]:
        return sorted({e.id for e in self.entities})


class _EntityLines(Lines[Entity]):
    """The entities of a cached gazetteer, one line each, parsed when first asked for. The
    lines' shape and the kinds are checked when the cache is read; a line found wrong later
    (a tampered cache) is answered from the gazetteer built anew."""

    FIELDS = len(fields(Entity))

    def __init__(self, texts: resources.Texts, section: int, n: int, kinds: list[str]):
        text = texts[section] if 0 <= section < len(texts) else ""
        lines = text.split("\n") if n else []
        if len(lines) != n or len(kinds) != n or text.count("\t") != (self.FIELDS - 1) * n:
            raise ValueError("gazetteer cache: entities of the wrong shape")
        self._kinds, self._fresh = kinds, texts.fresh
        super().__init__(lines, self._entity)

    @staticmethod
    def line(e: Entity) -> str:
        out = "\t".join("\x1f".join(v) if isinstance(v, tuple) else v for v in astuple(e))
        if "\n" in out or "\0" in out or _EntityLines.decode(out) != e:
            raise ValueError("an entity that cannot be written as a line")  # (so: not cached)
        return out

    @classmethod
    def decode(cls, line: str) -> Entity | None:
        """The entity of a line, None if it is not one."""
        f = line.split("\t")
        if len(f) != cls.FIELDS or not f[0] or f[2] not in KINDS:
            return None
        return Entity(f[0], _parts(f[1]), f[2], f[3], _parts(f[4]), _parts(f[5]), _parts(f[6]), f[7])

    def _entity(self, i: int, line: str) -> Entity:
        e = self.decode(line)
        if e is None or e.kind != self._kinds[i]:
            return self._fresh().entities[i]
        return e


def _parts(v: str) -> tuple[str, ...]:
    """A tuple field of a cached entity line."""
    return tuple(v.split("\x1f")) if v else ()


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
