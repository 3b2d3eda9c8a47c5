"""The termbank as an index: accepted forms, garbled variants, heads and content words.

Shared by the reference-free term checks (mtqa.checks.terms) and the divergence check
that compares a source's terms with the translation (mtqa.divergence.terms). Built once
per loaded pack set from its [[term]] entries.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from . import languages, resources, tokens
from .document import Document
from .lazylines import Lines
from .packs import PackSet
from .rules import slug as rules_slug

WORD_RE = tokens.WORD_RUN  # hyphenated words in parts: "Belt-and-Road" -> Belt, and, Road


def function_words() -> frozenset[str]:
    """Words that join the words of a name ("of", "von der"): names/name-function-words.txt."""
    return resources.word_set("names", "name-function-words.txt")


@functools.lru_cache(maxsize=1 << 14)
def words(s: str) -> tuple[str, ...]:
    """The lower-case words of a form or phrase (remembered: the detectors split the same
    forms of the few terms they meet again and again)."""
    return tuple(tokens.words(s))


# A termbank's terms are looked for in texts in its pack's target_langs (terms-de: German),
# a pack that names none in English ones. Languages written without spaces between words:
# their terms are found as substrings.
UNSPACED = frozenset(languages.UNSPACED)


def in_lang(term: dict, lang: str) -> bool:
    """Whether a termbank entry is for text in lang: its pack's target_langs, else English."""
    return lang in (term.get("langs") or ("en",))


class TermIndex:
    """A termbank's forms keyed by their words: accepted forms and garbled variants (and, in
    first, both by their first word, for matches()), the heads of the modifier-swap detectors
    and each name's content words. Kept on disk (see index_for): tokenising some 3,000 forms
    and looking up their heads' frequencies costs more than checking an article."""

    @functools.cached_property
    def inner_phrases(self) -> frozenset[tuple]:
        """Every run of two or more words inside an accepted form ("general secretary" of
        "CCP General Secretary"): an English phrase of its own, so no garble of another term."""
        return frozenset(w[i:j] for w in self.accepted for i in range(len(w))
                         for j in range(i + 2, len(w) + 1))

    @functools.cached_property
    def content_words(self) -> frozenset[str]:
        """Every word of a content key (see _garbled_names in mtqa.checks.terms)."""
        return frozenset().union(*self.content_keys)

    @functools.cached_property
    def content_sizes(self) -> list[int]:
        """The sizes of the content keys, largest first."""
        return sorted({len(k) for k in self.content_keys}, reverse=True)

    def __init__(self, terms: list[dict], lang: str = "en"):
        self.terms = terms
        self.lang = lang
        accepted: dict[tuple, dict] = {}
        variants: dict[tuple, dict] = {}
        self.quoted_heads: dict[str, list[dict]] = {}
        self.proper_heads: dict[str, list[dict]] = {}
        self.content_keys: dict[frozenset, dict] = {}
        freqs = resources.word_freqs("en")
        for t in terms:
            for form in [t["canonical"], *t["aliases"]]:
                w = words(form)
                if w:
                    accepted.setdefault(w, t)
            for form in t["variants"]:
                w = words(form)
                if w and w not in accepted:
                    variants.setdefault(w, t)
            head = t["head"]
            if head and lang == "en":  # (the modifier-swap detectors are English)
                if t["quoted"]:
                    self.quoted_heads.setdefault(head.lower(), []).append(t)
                elif head[0].isupper() and freqs.get(head.lower(), 0) < 3.0:
                    self.proper_heads.setdefault(head, []).append(t)
            content = [w for w in words(t["canonical"]) if w not in function_words()]
            if len(content) >= 2 and len(set(content)) == len(content):
                self.content_keys.setdefault(frozenset(content), t)
        # (Mappings: loaded from the cache they are resources.Tables)
        self.accepted: Mapping[tuple, dict] = accepted
        self.variants: Mapping[tuple, dict] = variants
        # The forms by their first word, longest first (as matches() wants them).
        first: dict[str, list[tuple]] = {}
        for w in sorted((*accepted, *variants), key=len, reverse=True):
            first.setdefault(w[0], []).append(w)
        self.first: Mapping[str, list[tuple]] = first
        self.openings = openings(accepted.keys() | variants.keys())

    # The on-disk cache's form (see resources.disk_cached): the forms (accepted, variants, by
    # their first word) as resources.Tables, read a block at a time (an article looks up a
    # few dozen of their 5,000 keys), the openings as a text section of lines; the rest as
    # JSON, values positions in the term list the index was built from.
    JSON_SPEC = {"terms": int, "accepted": resources.TABLE, "variants": resources.TABLE,
                 "first": resources.TABLE, "openings": int,
                 "quoted_heads": dict[str, list[int]], "proper_heads": dict[str, list[int]],
                 "content_keys": dict[str, int]}

    def to_json(self, texts: list[str]) -> dict:
        pos = {id(t): i for i, t in enumerate(self.terms)}
        table = resources.Table.to_json

        def lists(d: Mapping[str, list[dict]]) -> dict:
            return {k: [pos[id(t)] for t in ts] for k, ts in d.items()}
        out = {"terms": len(self.terms),
               "accepted": table(self.accepted, texts, lambda t: str(pos[id(t)]), tuple_keys=True),
               "variants": table(self.variants, texts, lambda t: str(pos[id(t)]), tuple_keys=True),
               "first": table(self.first, texts, lambda v: "\x1e".join(map(resources.join_key, v))),
               "quoted_heads": lists(self.quoted_heads), "proper_heads": lists(self.proper_heads),
               "content_keys": {resources.join_key(tuple(sorted(k))): pos[id(t)]
                                for k, t in self.content_keys.items()}}
        texts.append("\n".join(sorted(self.openings)))
        out["openings"] = len(texts) - 1
        return out

    @classmethod
    def from_json(cls, data: dict, terms: list[dict], lang: str, texts: resources.Texts) -> TermIndex:
        """The index of these terms back from to_json() (data already checked against
        JSON_SPEC); ValueError or IndexError if it was written for other terms. A table's
        blocks are checked as they are read, and answered from a new index if one is wrong."""
        if data["terms"] != len(terms):
            raise ValueError("term index cache: not these terms")
        resources.check_indices([data["content_keys"].values(), *data["quoted_heads"].values(),
                                 *data["proper_heads"].values()], len(terms))
        self = cls.__new__(cls)
        self.terms, self.lang = terms, lang

        def table(key: str, parse, tuple_keys: bool = True):
            return resources.Table.from_json(data[key], texts, parse,
                                             lambda: getattr(texts.fresh(), key), tuple_keys)

        def lists(d: dict[str, list[int]]) -> dict:
            return {k: [terms[i] for i in ix] for k, ix in d.items()}
        term = functools.partial(_term_at, terms=terms)
        self.accepted, self.variants = table("accepted", term), table("variants", term)
        self.first = table("first", _word_tuples, tuple_keys=False)
        text = texts[data["openings"]]
        self.openings = frozenset(text.split("\n")) if text else frozenset()
        self.quoted_heads, self.proper_heads = lists(data["quoted_heads"]), lists(data["proper_heads"])
        self.content_keys = {frozenset(k.split("\x1f")): terms[i] for k, i in data["content_keys"].items()}
        return self


def index_for(packs: PackSet, lang: str = "en") -> TermIndex:
    """The termbank index of a pack set for texts in one language, built on first use and
    kept with the packs (it is derived from them alone, so it is the same for every document
    and every check) and on disk."""
    key = "terms" if lang == "en" else f"terms-{lang}"
    if key not in packs.cache:
        terms = [t for t in packs.terms if in_lang(t, lang)]
        # The terms come from any loaded pack, not from files the cache can stat: a digest of
        # what the index reads of them stands in the key as a dependency that no file has.
        digest = hashlib.sha1(repr([(t["canonical"], t["aliases"], t["variants"], t["head"], t["quoted"])
                                    for t in terms]).encode()).hexdigest()
        deps = [resources.path("lexicon", "words-en.tsv"), resources.path("names", "name-function-words.txt"),
                __file__, tokens.__file__, f"terms:{digest}"]
        packs.cache[key] = resources.disk_cached(
            f"term-index-{lang}", deps, lambda: TermIndex(terms, lang), TermIndex.JSON_SPEC,
            TermIndex.to_json, lambda data, texts: TermIndex.from_json(data, terms, lang, texts))
    return packs.cache[key]


def substring_matches(text: str, idx: TermIndex) -> list[tuple[int, int, dict, bool]]:
    """(start, end, term, accepted) of the longest listed form at each place of an unspaced
    text (Japanese, Chinese), left to right, matches not overlapping."""
    forms = [(f, t, True) for t in idx.terms for f in [t["canonical"], *t["aliases"]]]
    forms += [(f, t, False) for t in idx.terms for f in t["variants"]]
    found = sorted(((m, m + len(f), t, ok) for f, t, ok in forms if f
                    for m in _occurrences(text, f)), key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, dict, bool]] = []
    for hit in found:
        if not out or hit[0] >= out[-1][1]:
            out.append(hit)
    return out


def _occurrences(text: str, form: str) -> list[int]:
    out, i = [], text.find(form)
    while i >= 0:
        out.append(i)
        i = text.find(form, i + 1)
    return out


def doc_words(doc: Document) -> list[tuple[str, int, int]]:
    """(lowercase word, start, end) for each word part; hyphenated tokens are split."""
    out = []
    for t in doc.tokens:
        if t.kind in ("word", "num"):
            if "-" in t.text or "‐" in t.text:
                for m in WORD_RE.finditer(t.text):
                    out.append((m.group().lower(), t.start + m.start(), t.start + m.end()))
            elif t.text in ("'s", "’s"):
                out.append(("s", t.start + 1, t.end))
            else:
                out.append((t.lower, t.start, t.end))
    return out


def openings(forms: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """How forms begin: the word of each one-word form, the first two words (joined by \x1f)
    of each longer one. A place in a text that begins none of them starts no match (most
    places: "the" begins many names, "the government" none)."""
    return frozenset(map(opening, forms))


def opening(w: tuple[str, ...]) -> str:
    """How a form begins (see openings())."""
    return w[0] if len(w) == 1 else f"{w[0]}\x1f{w[1]}"


def matches(dw: list[tuple[str, int, int]], idx: TermIndex | CanonIndex) -> list[tuple[tuple[str, ...], int, int]]:
    """Longest accepted or variant match starting at each word."""
    found: list[tuple[tuple[str, ...], int, int]] = []
    ws = [w for w, _, _ in dw]
    n = len(ws)
    first, begins = idx.first, idx.openings
    # The places where a form's opening begins, found a word and a word pair at a time (most
    # places begin none): a match may start only there, and not inside the match before.
    starts = {i for i, w in enumerate(ws) if w in begins}
    starts.update(i for i, pair in enumerate(map("\x1f".join, zip(ws, ws[1:]))) if pair in begins)
    after = 0
    for i in sorted(starts):
        if i < after:
            continue
        # (each word's forms come longest first: the first that fits is the match; the
        # second word first, as most candidates part company there)
        for cand in first.get(ws[i], ()):
            k = len(cand)
            if i + k <= n and (k == 1 or ws[i + 1] == cand[1]) and tuple(ws[i:i + k]) == cand:
                found.append((cand, i, i + k))
                after = i + k
                break
    return found


def term_spans(doc: Document, packs: PackSet) -> list[tuple[int, int]]:
    """Spans of accepted termbank terms in a document (\"no limits\" is no negation)."""
    idx = index_for(packs)
    dw = doc_words(doc)
    return [(dw[i][1], dw[j - 1][2]) for cand, i, j in matches(dw, idx) if cand in idx.accepted]


# -- the canon of official names ---------------------------------------------------------------
# Parties, legislatures, ministries, agencies and treaties from three sources: the termbank's
# names (every type but formulas), corpora/packs/terms/canon.tsv (built by
# scripts/build_canon.py) and the gazetteer's organisations and agencies. The generic garble
# detectors of mtqa.checks.terms compare unlisted capitalised phrases with it.

NAME_TYPES = frozenset({"party", "institution", "organisation", "agency", "legislature", "treaty",
                        "plan", "event", "operation"})


@dataclasses.dataclass(frozen=True)
class CanonName:
    id: str
    name: str  # the form suggested
    forms: tuple[str, ...]  # every accepted form: name, short forms, native name
    country: str  # ISO 3166-1 alpha-2; "" or "INT" when it belongs to no one country
    kind: str
    provenance: str


def content(ws: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in ws if w not in function_words())


class CanonIndex:
    """Accepted forms of the canon's names, keyed for the generic detectors. Keys are word
    tuples, values positions in names (every name sharing a key: "Democratic Party" is a
    name in forty countries, and the country gate picks among them):
    - first: the accepted forms by their first word (matches() reads it);
    - accepted: the names of each accepted form;
    - by_content: the content words, in order, of a name that has function words
      ("servant people" for Servant of the People), to spot dropped or changed ones;
    - by_bag: a name's content words, sorted, to spot them reordered;
    - possessive: the content words of a name without its generic head ("people power" for
      People Power Party), to spot "People's Power";
    - wild: the content words with one replaced by "*", to spot a synonym in that place
      (values: name position and the replaced word's place).
    Each English form of a name is keyed as a name of its own (the gazetteer's name may be
    the native one, Kokoomus, with National Coalition Party among its forms): names holds the
    given names, then one copy per further form, named by it."""

    # The on-disk cache's form (see resources.disk_cached): the names as a text section of
    # lines, each parsed when a key leads to it, the keys as resources.Tables, read a block
    # at a time: an article looks up a few hundred keys and a handful of names.
    JSON_SPEC = {"names": list[int], "parties": dict[str, list[int]], "first": resources.TABLE,
                 "accepted": resources.TABLE, "by_content": resources.TABLE,
                 "by_bag": resources.TABLE, "possessive": resources.TABLE, "wild": resources.TABLE,
                 "vocabulary": int, "openings": int, "content_firsts": int}
    _KEYED = ("accepted", "by_content", "by_bag", "possessive")
    _WORD_SETS = ("vocabulary", "openings", "content_firsts")  # each a text section of lines

    def __init__(self, names: list[CanonName]):
        first: dict[str, list[tuple]] = {}
        accepted: dict[tuple, list[int]] = {}
        for i, n in enumerate(names):
            for f in n.forms:
                w = words(f)
                if not w:
                    continue
                if w not in accepted:
                    first.setdefault(w[0], []).append(w)
                accepted.setdefault(w, []).append(i)
        for forms in first.values():
            forms.sort(key=len, reverse=True)  # (as matches() wants them)
        more = [dataclasses.replace(n, name=f) for n in names for f in n.forms[1:] if " " in f]
        self.names: Sequence[CanonName] = names + more
        by_content: dict[tuple, list[int]] = {}
        by_bag: dict[tuple, list[int]] = {}
        possessive: dict[tuple, list[int]] = {}
        wild: dict[tuple, list[tuple[int, int]]] = {}
        heads = generic_heads()
        for i, n in enumerate(self.names):
            w = words(n.name)
            c = content(w)
            if len(c) < 2 or len(set(c)) < len(c):
                continue
            if c != w:
                by_content.setdefault(c, []).append(i)
            by_bag.setdefault(tuple(sorted(c)), []).append(i)
            if c[-1] in heads and len(c) >= 3:
                possessive.setdefault(c[:-1], []).append(i)
            if len(c) <= 5:
                for k in range(len(c)):
                    wild.setdefault(c[:k] + ("*",) + c[k + 1:], []).append((i, k))
        self.parties: dict[str, list[int]] = {}  # country -> its parties (by their given names)
        for i, n in enumerate(names):
            if n.kind == "party" and n.country:
                self.parties.setdefault(n.country, []).append(i)
        self.first: Mapping[str, list[tuple]] = first
        self.accepted: Mapping[tuple, list[int]] = accepted
        self.by_content: Mapping[tuple, list[int]] = by_content
        self.by_bag: Mapping[tuple, list[int]] = by_bag
        self.possessive: Mapping[tuple, list[int]] = possessive
        self.wild: Mapping[tuple, list[tuple[int, int]]] = wild
        # A key with a word outside the vocabulary is no key of any table: the detectors skip
        # such lookups (most capitalised runs of an article name people and places).
        self.vocabulary = frozenset(x for w in accepted for x in w) \
            | frozenset(x for n in self.names for x in words(n.name))
        self.openings = openings(accepted)
        # (a capitalised word that begins no by_content key cannot begin a name with words
        # dropped: most words of an article)
        self.content_firsts = frozenset(k[0] for k in by_content)

    def short_words(self, country: str) -> dict[str, CanonName]:
        """The last distinctive word of each party of one country ("centre" of the Centre Party,
        "left" of the Left Alliance): what a translation of the party's native short name
        ("keskusta", "vasemmisto") turns into a common noun. Not a possessive's ("Swiss People's
        Party": nobody shortens it to "the people") nor a word of three letters."""
        cache = self.__dict__.setdefault("_short", {})
        if country not in cache:
            out: dict[str, CanonName] = {}
            for n in (self.names[i] for i in self.parties.get(country, ())):
                w = words(n.name)
                c = core(n)
                if c and len(c[-1]) > 3 and w[w.index(c[-1]) + 1:][:1] != ("s",):
                    out.setdefault(c[-1], n)
            cache[country] = out
        return cache[country]

    def named(self, table: Mapping[tuple, list[int]], key: tuple) -> list[CanonName]:
        """The names a key of one of the tables leads to (none, without a lookup, for a key
        with a word no name has, or, in accepted, one no form begins with)."""
        if not key or not self.vocabulary.issuperset(key) \
                or (table is self.accepted and opening(key) not in self.openings):
            return []
        return [self.names[i] for i in table.get(key, ())]

    def to_json(self, texts: list[str]) -> dict:
        table = resources.Table.to_json
        texts.append("\n".join(_NameLines.line(n) for n in self.names))
        out: dict[str, object] = {
            "names": [len(texts) - 1, len(self.names)], "parties": self.parties,
            "first": table(self.first, texts, lambda v: "\x1e".join(map(resources.join_key, v))),
            "wild": table(self.wild, texts, lambda v: " ".join(f"{i}:{k}" for i, k in v), tuple_keys=True)}
        for key in self._KEYED:
            out[key] = table(getattr(self, key), texts, lambda v: " ".join(map(str, v)),
                             tuple_keys=True)
        for key in self._WORD_SETS:
            texts.append("\n".join(sorted(getattr(self, key))))
            out[key] = len(texts) - 1
        return out

    @classmethod
    def from_json(cls, data: dict, texts: resources.Texts) -> CanonIndex:
        """The index back from to_json() (data already checked against JSON_SPEC); a table's
        blocks are checked as they are read, and answered from a new index if one is wrong."""
        self = cls.__new__(cls)
        self.names = _NameLines(texts, *data["names"])
        n = len(self.names)
        self.parties = data["parties"]
        resources.check_indices(self.parties.values(), n)

        def table(key: str, parse, tuple_keys: bool = True):
            return resources.Table.from_json(data[key], texts, parse,
                                             lambda: getattr(texts.fresh(), key), tuple_keys)
        self.first = table("first", _word_tuples, tuple_keys=False)
        self.wild = table("wild", functools.partial(_placed, n=n))
        for key in cls._KEYED:
            setattr(self, key, table(key, functools.partial(resources.indices, n=n)))
        for key in cls._WORD_SETS:
            text = texts[data[key]]
            setattr(self, key, frozenset(text.split("\n")) if text else frozenset())
        return self


class _NameLines(Lines[CanonName]):
    """The names of a cached index, one line each, parsed when first asked for."""

    FIELDS = len(dataclasses.fields(CanonName))

    def __init__(self, texts: resources.Texts, section: int, n: int):
        lines = texts[section].split("\n") if 0 <= section < len(texts) else []
        if len(lines) != n or texts[section].count("\t") != (self.FIELDS - 1) * n:
            raise ValueError("canon index cache: names of the wrong shape")
        super().__init__(lines, self._name)

    @staticmethod
    def line(n: CanonName) -> str:
        return "\t".join([n.id, n.name, "\x1f".join(n.forms), n.country, n.kind, n.provenance])

    @staticmethod
    def _name(_i: int, line: str) -> CanonName:
        f = line.split("\t")
        return CanonName(f[0], f[1], tuple(f[2].split("\x1f")), *f[3:])


def _term_at(text: str, terms: list[dict]) -> dict:
    """A cached term position (a Table's value), checked: ValueError unless it is one."""
    (i,) = resources.indices(text, len(terms))
    return terms[i]


def _word_tuples(text: str) -> list[tuple]:
    """A cached first-word entry: the accepted forms that begin with the word, longest first
    (as matches() wants them)."""
    return [tuple(f.split("\x1f")) for f in text.split("\x1e")]


def _placed(text: str, n: int) -> list[tuple[int, int]]:
    """Cached (name position, word place) pairs, checked."""
    out = [tuple(map(int, x.split(":"))) for x in text.split(" ")]
    if not all(len(x) == 2 and 0 <= x[0] < n and 0 <= x[1] < 5 for x in out):
        raise ValueError("cached canon key out of range")
    return out  # type: ignore[return-value]


_OF = frozenset({"of", "for"})


def core(n: CanonName) -> tuple[str, ...]:
    """The distinctive words of a name: its content words before "of"/"for", less generic
    heads ("national coalition" of National Coalition Party, "communist" of Communist Party
    of China). Moving the rest is ordinary English ("the China Communist Party")."""
    w = words(n.name)
    cut = next((k for k in range(1, len(w)) if w[k] in _OF), len(w))
    return tuple(x for x in content(w[:cut]) if x not in generic_heads())


def generic_heads() -> frozenset[str]:
    """Heads a name keeps when rendered loosely ("Party", "Union"): canon-heads.txt."""
    return resources.word_set("packs", "terms", "canon-heads.txt")


def _word_sets(name: str) -> dict[str, frozenset[str]]:
    """A TSV of 'key<TAB>space-separated words' as key -> set of words."""
    out = {}
    for _, line in resources.data_lines(resources.path("packs", "terms", name)):
        key, _, ws = line.partition("\t")
        out[key] = frozenset(ws.split())
    return out


@functools.cache
def canon_synonyms() -> dict[str, frozenset[str]]:
    """word -> its WordNet synonyms, for the content words of official names."""
    return _word_sets("canon-synonyms.tsv")


@functools.cache
def attested_modifiers() -> dict[str, frozenset[str]]:
    """head -> modifiers the web writes before it (attested-modifiers.tsv)."""
    return _word_sets("attested-modifiers.tsv")


def canon_row_id(name: str, country: str) -> str:
    """A canon.tsv row's id ("Democratic Party" is a name in forty countries: the id says whose)."""
    return rules_slug(name) + (f"-{country.lower()}" if country else "")


def _canon_file() -> list[CanonName]:
    out = []
    for r in resources.read_tsv(resources.path("packs", "terms", "canon.tsv")):
        forms = [r["name"], *(x for x in r["short"].split("|") if x), *(x for x in r["native"].split("|") if x)]
        out.append(CanonName(canon_row_id(r["name"], r["country"]), r["name"], tuple(forms), r["country"], r["kind"], r["provenance"]))
    return out


def canon_for(packs: PackSet) -> CanonIndex:
    """The canon index of a pack set (its termbank and gazetteers), built on first use and kept
    on disk: building it costs more than checking an article."""
    if "canon" not in packs.cache:
        from .gazetteer import gazetteer

        gaz = gazetteer(tuple(packs.gazetteers))
        terms = [t for t in packs.terms if t["type"] in NAME_TYPES and in_lang(t, "en")]

        def build() -> CanonIndex:
            names = [CanonName(t["id"], t["canonical"], (t["canonical"], *t["aliases"]), "", t["type"],
                               t["provenance"]) for t in terms]
            # The gazetteer's name may be the native one (Kokoomus): its English forms are keyed too.
            names += _canon_file()
            names += [CanonName(e.id, e.name, e.forms, e.country, e.kind, e.provenance)
                      for e in gaz.entities if e.kind in ("organisation", "agency")]
            return CanonIndex(names)
        # The termbank's names come from any loaded pack, not from files the cache can stat:
        # their digest stands in the key as a dependency that no file has.
        digest = hashlib.sha1(repr([(t["id"], t["canonical"], t["aliases"], t["type"], t["provenance"])
                                    for t in terms]).encode()).hexdigest()
        deps = [resources.path("packs", "terms", "canon.tsv"), resources.path("packs", "terms", "canon-heads.txt"),
                resources.path("names", "name-function-words.txt"), *gaz.paths, __file__, tokens.__file__,
                f"termbank-names:{digest}"]
        packs.cache["canon"] = resources.disk_cached("canon-index", deps, build, CanonIndex.JSON_SPEC,
                                                     CanonIndex.to_json, CanonIndex.from_json)
    return packs.cache["canon"]


# -- native names rendered word for word -------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class NativeGloss:
    """A native form of an official name with the English glosses of its content words, in
    the native order (native-glosses.tsv, built from FreeDict by scripts/build_canon.py)."""
    id: str
    name: str  # the accepted English name
    country: str
    native: str
    words: tuple[str, ...]
    glosses: tuple[frozenset[str], ...]


@functools.cache
def _native_rows() -> list[tuple[list[str], list[tuple[str, str, str]]]]:
    """The rows of native-glosses.tsv: (fields, (word, ":", glosses) of each native word)."""
    out = []
    for _, line in resources.data_lines(resources.path("packs", "terms", "native-glosses.tsv")):
        f = line.split("\t")
        if len(f) == 5 and f[0] != "id":
            out.append((f, [g.partition(":") for g in f[4].split("|")]))
    return out


@functools.cache
def native_glosses() -> dict[str, list[NativeGloss]]:
    """English gloss -> the native forms whose first content word it renders; read only when
    terms.native-rendering runs on a text about a country of theirs (some 500 rows)."""
    out: dict[str, list[NativeGloss]] = {}
    for f, groups in _native_rows():
        ng = NativeGloss(f[0], f[1], f[2], f[3], tuple(w for w, _, _ in groups),
                         tuple(frozenset(gs.split()) for _, _, gs in groups))
        for g in set().union(*ng.glosses):
            out.setdefault(g, []).append(ng)
    return out


@functools.cache
def native_countries() -> frozenset[str]:
    """The countries of the parties native-glosses.tsv renders (of the rows with a gloss),
    without making the glosses: most texts are about none of them. Kept on disk: every
    English text asks, and reading the rows costs milliseconds."""
    def build() -> list[str]:
        return sorted({f[2] for f, groups in _native_rows() if any(gs.split() for _, _, gs in groups)})
    deps = [resources.path("packs", "terms", "native-glosses.tsv"), __file__]
    return frozenset(resources.disk_cached("native-countries", deps, build, list[str]))


def lemmas(w: str) -> set[str]:
    """A lower-case English word and its singular guesses ("brothers" -> brother)."""
    out = {w}
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        out.add(w[:-1])
        if w.endswith("ies"):
            out.add(w[:-3] + "y")
        elif w.endswith("es"):
            out.add(w[:-2])
    return out
