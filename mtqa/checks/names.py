"""Names: near misses of gazetteer spellings, foreign case endings left on names, surnames
translated as ordinary words, and one name spelled two ways in the same article.

The knowledge is data: corpora/names/gazetteer.tsv (plus gazetteer.tsv in user packs) and
corpora/names/case-endings.tsv (plus a case-endings.tsv beside a pack's gazetteer.tsv).
Whether a word is ordinary English comes from corpora/lexicon (wordfreq zipf values and the
WordNet part-of-speech list). Indexes are built once per gazetteer and cached.

Precision comes first: a capitalised word is only called a misspelling when it is rare in
English, is not a name the gazetteer knows, and sits one edit (two for long words) from a
gazetteer token that is itself distinctive (not an ordinary English word).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .. import languages, resources, rx, source_lang, tokens
from ..document import Document
from ..finding import Finding
from ..gazetteer import Entity, Gazetteer, gazetteer, words
from ..lazylines import Lines
from ..packs import PackSet
from ..rules import Rule, slug
from .context import Context

NEAR_MISS = Rule(
    "names.near-miss", "fluency/spelling", "major",
    "A capitalised word one letter (two in long words) away from the accepted spelling of a "
    "known person, place or organisation in the names gazetteer, e.g. 'Volodymr' for "
    "'Volodymyr', or a misspelt given name next to a known surname ('Mihail Mishustin').",
    langs=("en",), examples=("He met Volodymr Zelensky in Kyiv.",),
    counterexamples=("He met Volodymyr Zelensky in Kyiv.",))
CASE_ENDING = Rule(
    "names.case-ending", "fluency/grammar", "major",
    "A known name that still carries a case ending of the source language ('Purraa', "
    "'Putina', 'Putinnya'); English uses the bare name.", langs=("en",))
TRANSLATED = Rule(
    "names.translated", "accuracy/mistranslation", "major",
    "A surname translated as an ordinary English word after a known given name "
    "('Riikka Bite' for Riikka Purra).", langs=("en",))
INCONSISTENT = Rule(
    "names.inconsistent", "fluency/inconsistency", "minor",
    "One person or place spelled two ways in the same article ('Zelensky' and 'Zelenskyy').",
    langs=("en",))
LOWERCASE = Rule(
    "names.lowercase", "fluency/spelling", "minor",
    "A known surname written in lower case after the person's given name ('Petteri orpo'), a "
    "known name with non-English letters written in lower case ('criticised niinistö'), or the "
    "second part of a hyphenated name lower-cased ('Smith-jones').", langs=("en",),
    examples=("Prime Minister Petteri orpo spoke.",),
    counterexamples=("Prime Minister Petteri Orpo spoke.",))
RULES = [NEAR_MISS, CASE_ENDING, TRANSLATED, INCONSISTENT, LOWERCASE]
T = TypeVar("T")

# -- thresholds (tuned on clean news; see scripts/measure_names.py) ---------------------------
RARE_ZIPF = 2.5  # a word at least this frequent in English is an ordinary word, not a misspelling
ORDINARY_NOUN_ZIPF = 4.5  # noun-only gazetteer tokens this frequent ("union") are not name anchors
ORDINARY_ZIPF = 5.0  # any token this frequent is not a name anchor ("may", "john")
COMMON_WORD_ZIPF = 3.5  # names.translated: the word after the given name is common English
GIVEN_RARE_ZIPF = 3.3  # names.translated: given names rarer than this are distinctive...
GIVEN_TITLED_ZIPF = 4.0  # ...or rarer than this when a title stands before them
MAX_PERSONS_PER_GIVEN = 2  # names.translated: the given name points to at most this many people
MAX_ENTITIES_PER_VARIANT = 3  # names.inconsistent: ignore tokens shared by many entities
MAX_LISTED_OFFSETS = 20  # names.inconsistent: offsets of the other spelling listed in evidence
WORD_MEMO = 1 << 15  # answers an index remembers per look-up (see NameIndex._memoise)

# Word lists: corpora/names/ (what each holds and why: the file's header). Read on first use.
# The name index is built with particles and suffixes: they are part of its cache key.
_INDEX_LISTS = ("particles.txt", "en-name-suffixes.txt")


def _particles() -> frozenset[str]:
    """Words that are parts of many names and carry no identity of their own (al, van, river)."""
    return resources.word_set("names", "particles.txt")


def _english_suffixes() -> frozenset[str]:
    """English endings that turn a name into an ordinary word (Kenyan, Iraqi, Kurds)."""
    return resources.word_set("names", "en-name-suffixes.txt")


@functools.cache
def _titles(kind: str = "") -> frozenset[str]:
    """Titles before a person's name; kind "personal": forms of address only (Mr, Dr)."""
    rows = resources.read_tsv(resources.path("names", "en-titles.tsv"))
    return frozenset(r["title"] for r in rows if not kind or r["kind"] == kind)


@functools.cache
def _kept_marks() -> dict[str, frozenset[str]]:
    """Language -> letters whose mark English copy keeps or spells out ('de' -> ü ö ä): writing
    the bare vowel is a misspelling. Other marks may be dropped (corpora/names/diacritics.tsv)."""
    p = resources.path("names", "diacritics.tsv")
    out: dict[str, set[str]] = {}
    for r in resources.read_tsv(p) if p.exists() else ():
        if r.get("dropped") == "error":
            out.setdefault(r["lang"], set()).add(r["letter"])
    return {k: frozenset(v) for k, v in out.items()}


def dropped_marks(written: str, name: str, country: str) -> str:
    """The letters of name whose kept mark (see _kept_marks) written drops to the bare letter:
    'Soder' for Söder (German) -> 'ö'; '' when none, or when the two differ otherwise."""
    kept = _kept_marks().get(source_lang.country_langs().get(country, ""), frozenset())
    if not kept or len(written) != len(name) or fold(written) != fold(name):
        return ""
    return "".join(b for a, b in zip(written, name) if a != b and b.lower() in kept
                   and a.lower() == fold(b))


def _calendar() -> frozenset[str]:
    """Names of the days and months."""
    return resources.word_set("names", "en-calendar.txt")


def _institution_heads() -> frozenset[str]:
    """Heads that follow a person's name inside the name of a place or institution."""
    return resources.word_set("names", "en-institution-heads.txt")


def _place_prepositions() -> frozenset[str]:
    return resources.word_set("names", "en-place-prepositions.txt")


def _reporting_verbs() -> frozenset[str]:
    return resources.word_set("names", "en-reporting-verbs.txt")
_QUOTES_OPEN = frozenset('"“‘«„(:')  # after these a capital letter may start a quotation
_DIGIT = rx.compile(r"\d")
_VOWELS = frozenset("aeiouy")
_POSSESSIVE = frozenset(("'s", "’s", "'S", "’S"))
_FOLD = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                       "ß": "ss",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "ı": "i", "’": "'", "‐": "-"})


# -- small helpers ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """Lowercase without diacritics: 'Støre' -> 'store', 'Erdoğan' -> 'erdogan'."""
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment (restricted Damerau-Levenshtein) distance, capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def allowed_edits(n: int) -> int:
    """Edits a word of n letters may be from a name and still count as a near miss."""
    return 0 if n < 5 else 1 if n < 9 else 2


def _deletes(w: str, depth: int) -> set[str]:
    out = {w}
    frontier = {w}
    for _ in range(depth):
        frontier = {x[:i] + x[i + 1:] for x in frontier for i in range(len(x))}
        out |= frontier
    return out


def _suffixed(a: str, b: str) -> bool:
    """True when one folded word is the other plus an English ending (Kenya/Kenyan, Kurd/Kurds)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    end = long_[len(short):]
    if end in ("n", "ns") and short[-1:] not in "aeiouy":
        return False  # Kenyan, but not "Macronn"
    return long_.startswith(short) and end in _english_suffixes()


@dataclass(frozen=True)
class Ending:
    suffix: str
    lang: str
    case: str
    example: str
    restore: tuple[str, ...] = ("",)  # what to put back after removing the suffix

    @staticmethod
    def restorations(suffix: str, example: str) -> tuple[str, ...]:
        """From 'Zelenskogo (Zelensky)' learn that -ogo replaces a final -y; from 'Rantasen
        (Rantanen)' that -sen replaces -nen. Plain concatenation ('Putina') is always tried."""
        out = [""]
        for surface, base in re.findall(r"([^\s;()?>]+)\s*\(([^)=;]+?)\s*(?:=[^)]*)?\)", example):
            surface, base = surface.lower(), base.strip().lower()
            if not surface.endswith(suffix) or " " in base:
                continue
            stem = surface[:len(surface) - len(suffix)]
            if base.startswith(stem) and len(base) - len(stem) <= 3:
                out.append(base[len(stem):])
        return tuple(dict.fromkeys(out))


@functools.cache
def case_endings(extra: tuple[Path, ...] = ()) -> tuple[Ending, ...]:
    """Foreign case endings, longest first, from corpora/names/case-endings.tsv and packs.
    Kept on disk: learning the restorations from the examples costs milliseconds a process."""
    paths = (resources.path("names", "case-endings.tsv"), *extra)
    return tuple(resources.disk_cached(
        "case-endings", [*paths, __file__], lambda: _read_endings(paths),
        resources.columns_spec(Ending), lambda v, _texts: resources.to_columns(v, Ending),
        lambda data, _texts: _cached_endings(data)))


def _cached_endings(data: dict) -> list[Ending]:
    """The endings back from the cache; ValueError (so: rebuilt) for a row no file gives."""
    out = resources.from_columns(Ending, data)
    if not all(e.suffix and e.restore for e in out):
        raise ValueError("case-endings cache: an empty suffix")
    return out


def _read_endings(paths: tuple[Path, ...]) -> list[Ending]:
    out: list[Ending] = []
    for p in paths:
        if not p.exists():
            continue
        for row in resources.read_tsv(p):
            suf = row.get("suffix", "").strip().lstrip("-").lower()
            if suf:
                ex = row.get("example", "")
                out.append(Ending(suf, row.get("lang", ""), row.get("case", ""), ex,
                                  Ending.restorations(suf, ex)))
    return sorted(out, key=lambda e: (-len(e.suffix), e.suffix, e.lang))


# -- the per-gazetteer index --------------------------------------------------------------------
class NameIndex:
    """Everything the check looks up, built once per gazetteer."""

    # The on-disk cache's form (see resources.disk_cached). The shared lexicons and the
    # gazetteer have caches of their own; tuple keys travel joined by \x1f (None as ""). The
    # three big tables are resources.Tables, read a block at a time: an article looks up a
    # few hundred of their 90,000 entries.
    JSON_SPEC = {"known": list[str], "forms": resources.TABLE, "masked": resources.TABLE,
                 "entity_tokens": int, "anchors": dict[str, list[str]],
                 "deletes": resources.TABLE,
                 "variant_class": dict[str, str], "translations": dict[str, list[int]],
                 "canonical": int}
    _MASKED_SPEC = list[tuple[list[str], int, int]]

    def to_json(self, texts: list[str]) -> dict:
        table = resources.Table.to_json
        return {"known": sorted(self.known),
                "forms": table(self.forms, texts, lambda v: " ".join(map(str, v)), tuple_keys=True),
                "masked": table(self.masked, texts, lambda v: json.dumps(
                    [[list(ws), j, i] for ws, j, i in v], ensure_ascii=False), tuple_keys=True),
                "entity_tokens": _word_lines(texts, map(sorted, self.entity_tokens)), "anchors": self.anchors,
                "deletes": table(self.deletes, texts),
                "variant_class": {resources.join_key((str(i), t)): v
                                  for (i, t), v in self.variant_class.items()},
                "translations": {resources.join_key(k): v for k, v in self.translations.items()},
                "canonical": _word_lines(texts, self.canonical)}

    @classmethod
    def from_json(cls, data: dict, texts: resources.Texts, gaz: Gazetteer) -> NameIndex:
        """The index back from to_json() (data already checked against JSON_SPEC); the tables'
        blocks are checked as they are read, and answered from a new index if one is wrong."""
        n = len(gaz.entities)
        # (each entity's words, parsed when asked for: an article asks for a few dozen)
        entity_tokens = _read_word_lines(texts, data["entity_tokens"], n, frozenset)
        canonical = _read_word_lines(texts, data["canonical"], n, tuple)
        variant_class = {}
        for k, v in data["variant_class"].items():
            i, _, t = k.partition("\x1f")
            variant_class[(int(i), t)] = v
        resources.check_indices([*data["translations"].values(), [i for i, _ in variant_class]], n)

        def table(key: str, parse):
            return resources.Table.from_json(data[key], texts, parse,
                                             lambda: getattr(texts.fresh(), key), key != "deletes")
        self = cls.__new__(cls)
        self.gaz, self.freqs, self.pos = gaz, resources.word_freqs("en"), resources.pos_tags("en")
        self._memoise()
        self.known, self.anchors = set(data["known"]), data["anchors"]
        self.forms = table("forms", functools.partial(resources.indices, n=n))
        self.masked = table("masked", functools.partial(_masked_forms, n=n))
        self.variant_class = variant_class
        self.entity_tokens = entity_tokens
        self.deletes = table("deletes", str)
        self.translations = {tuple(k.split("\x1f")): v for k, v in data["translations"].items()}
        self.canonical = canonical
        return self

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.freqs = resources.word_freqs("en")
        self.pos = resources.pos_tags("en")
        self._memoise()
        ents = gaz.entities
        self.known = {fold(t) for t in gaz.tokens}  # every accepted token, folded
        # Tokens of multi-word forms as tuples: ("volodymyr", "zelensky") -> entity indices.
        forms: dict[tuple[str, ...], set[int]] = {}
        # Masked forms for person-level near misses: ("volodymyr", None) -> [(form, i, entity)].
        masked: dict[tuple, list[tuple[tuple[str, ...], int, int]]] = {}
        entity_tokens: list[frozenset[str]] = []  # folded tokens of each entity
        for i, e in enumerate(ents):
            toks: set[str] = set()
            for form in e.forms:
                ws = tuple(words(form))
                toks.update(fold(w) for w in ws)
                forms.setdefault(tuple(w.lower() for w in ws), set()).add(i)
                if 2 <= len(ws) <= 3:
                    for j in range(len(ws)):
                        key = tuple(None if k == j else w.lower() for k, w in enumerate(ws))
                        masked.setdefault(key, []).append((ws, j, i))
            entity_tokens.append(frozenset(toks))
        self.entity_tokens: Sequence[frozenset[str]] = entity_tokens
        self.masked: Mapping[tuple, list[tuple[tuple[str, ...], int, int]]] = masked
        # Anchors for single-word near misses: one-word accepted forms ("Kyiv", "Reuters", a
        # surname), four letters or more, that are not ordinary English words. Tokens found only
        # inside longer names ("Dhabi", "Puerto") or only as given names are no anchors: alone,
        # a word near them is most often another name (near misses next to the rest of a known
        # name are found by the person-level search instead).
        self.anchors: dict[str, list[str]] = {}  # folded -> exact-case gazetteer tokens
        for form_words in forms:
            if len(form_words) != 1:
                continue
            for i in forms[form_words]:
                for tok in words(ents[i].name) + [w for f in ents[i].forms for w in words(f)]:
                    if tok.lower() == form_words[0] and len(tok) >= 4 and not tok.isupper() \
                            and not any(c.isdigit() for c in tok) and not self.ordinary(tok):
                        lst = self.anchors.setdefault(fold(tok), [])
                        if tok not in lst:
                            lst.append(tok)
        deletes: dict[str, set[str]] = {}
        for a in self.anchors:
            for d in _deletes(a, 2 if len(a) >= 9 else 1):
                deletes.setdefault(d, set()).add(a)
        # Sorted tuples: the same order in every run (sets of str are not), and fast to unpickle.
        self.forms: Mapping[tuple[str, ...], tuple[int, ...]] = {
            k: tuple(sorted(v)) for k, v in forms.items()}
        # Anchors joined by spaces: 70,000 short strings load far faster than as many lists.
        self.deletes: Mapping[str, str] = {k: " ".join(sorted(v)) for k, v in deletes.items()}
        # How many entities a token names on its own (as a one-word form or a given name):
        # "Kyiv" names one (the Kyiv Post only contains it), "Mohammed" many.
        ambiguity: dict[str, int] = {}  # (only for the variants below: not kept)
        for tok in gaz.tokens:
            ambiguity[tok] = len(self.forms.get((tok.lower(),), ())) \
                + len(gaz.given.get(tok, ()))
        # Spelling variants of one entity (Zelensky ~ Zelenskyy, Kyiv ~ Kiev).
        self.variant_class: dict[tuple[int, str], str] = {}
        for i, e in enumerate(ents):
            var_toks = sorted({w for f in e.forms for w in words(f)
                               if ambiguity.get(w, 0) <= MAX_ENTITIES_PER_VARIANT})
            parent = {t: t for t in var_toks}
            # A given name is a variant only of another given name: 'Joko' beside the nickname
            # 'Jokowi', 'Luiz' beside 'Lula' are a person's short names, not two spellings.
            given = {w for g in e.given for w in words(g)}

            def root(t, parent=parent):
                while parent[t] != t:
                    t = parent[t]
                return t
            for x in range(len(var_toks)):
                for y in range(x + 1, len(var_toks)):
                    if (var_toks[x] in given) == (var_toks[y] in given) \
                            and _variants(var_toks[x], var_toks[y]):
                        parent[root(var_toks[y])] = root(var_toks[x])
            for t in var_toks:
                r = root(t)
                if r != t or any(root(u) == t and u != t for u in var_toks):
                    self.variant_class[(i, t)] = r
        # Listed translations of surnames: ("bite",) -> persons.
        self.translations: dict[tuple[str, ...], list[int]] = {}
        for i, e in enumerate(ents):
            for tr in e.translations:
                self.translations.setdefault(tuple(w.lower() for w in words(tr)), []).append(i)
        # Folded tokens of each entity's canonical name and first given/family name.
        # (Sorted tuples: a few items each, and much faster to unpickle than frozensets.)
        self.canonical: Sequence[tuple[str, ...]] = [tuple(sorted({fold(w) for w in words(e.name) + list(e.given[:1])
                                        + list(e.family[:1])})) for e in ents]

    # word classes ------------------------------------------------------------------------
    def _memoise(self) -> None:
        """Remember the answers per word or key: the searches ask about the same capitalised
        words and runs many times per article and across articles, and a look-up in one of
        the cached tables (resources.Table) costs several calls where a remembered one costs
        one."""
        for name in ("named_by", "with_form", "masked_forms", "zipf", "tags", "ordinary", "rare",
                     "near"):
            setattr(self, name, functools.lru_cache(maxsize=WORD_MEMO)(getattr(self, name)))

    def with_form(self, form: tuple[str, ...]) -> tuple[int, ...]:
        """The entities with this accepted form (its words in lower case); () for none."""
        return self.forms.get(form, ())

    def masked_forms(self, key: tuple) -> Sequence[tuple[tuple[str, ...], int, int]]:
        """The forms of two or three words that key matches, one of its words None."""
        return self.masked.get(key, ())

    def named_by(self, tok: str) -> set[int] | None:
        """The entities a token (as written) is a word of; None when it is no name's."""
        if tok.lower() not in self.gaz.lower_tokens:
            return None  # (the cheap test first: a first look-up in the table reads a block)
        return self.gaz.tokens.get(tok)

    @functools.cached_property
    def variant_tokens(self) -> frozenset[str]:
        """The tokens that are spelling variants of some entity's (see variant_class)."""
        return frozenset(t for _, t in self.variant_class)

    def zipf(self, w: str) -> float | None:
        return self.freqs.get(w.lower())

    def tags(self, low: str) -> str | None:
        """The WordNet parts of speech of a lower-case word ('nv'); None when it has none."""
        return self.pos.get(low)

    def ordinary(self, tok: str) -> bool:
        """Is this gazetteer token also an ordinary English word ('Young', 'Rich', 'Union')?"""
        low = tok.lower()
        if low in _particles():
            return True
        tags = self.tags(low) or ""
        z = self.freqs.get(low, 0.0)
        return bool(set(tags) & {"a", "v", "r"}) or (bool(tags) and z >= ORDINARY_NOUN_ZIPF) \
            or z >= ORDINARY_ZIPF

    def rare(self, tok: str, initial: bool) -> bool:
        """Rare enough in English to be a misspelling (sentence-initial: absent altogether)."""
        low = tok.lower()
        if self.tags(low) is not None:
            return False
        z = self.freqs.get(low)
        return z is None if initial else (z is None or z < RARE_ZIPF)

    def near(self, word: str, titled: bool = False) -> tuple[tuple[int, str], ...]:
        """Distinctive gazetteer tokens within the allowed edits of word: ((distance, folded), ...).
        titled: a title stands before the word ('President Bidem'), so a short word may be one
        edit off, a letter swapped for another included."""
        f = fold(word)
        budget = max(allowed_edits(len(f)), int(titled and len(f) >= 4))
        if not budget or len(f) > self.longest_anchor + budget:
            return ()  # (a word far longer than any name would also cost len² deletes)
        cands: set[str] = set()
        for d in _deletes(f, budget):
            cands.update(self.deletes.get(d, "").split())
        out = []
        for a in sorted(cands):
            if a == f or a[0] != f[0] or _suffixed(a, f):
                continue
            lim = min(budget, 1 if len(a) < 9 else 2)
            dist = distance(f, a, lim)
            if dist > lim:
                continue
            if dist == 1 and len(a) == len(f) <= 5 and sorted(a) != sorted(f) and not titled:
                continue  # one letter swapped for another in a short word: too many real names
            out.append((dist, a))
        return tuple(sorted(out, key=lambda x: (x[0], abs(len(x[1]) - len(f)), x[1])))

    def entity(self, i: int) -> Entity:
        return self.gaz.entities[i]

    @functools.cached_property
    def longest_anchor(self) -> int:
        return max(map(len, self.anchors), default=0)


def _variants(a: str, b: str) -> bool:
    """Two tokens of one entity that are spellings of the same word (Kyiv/Kiev, not Xi/Jinping)."""
    fa, fb = fold(a), fold(b)
    if fa == fb or min(len(fa), len(fb)) < 4 or fa[0] != fb[0] or _suffixed(fa, fb):
        return False
    d = distance(fa, fb, 2)
    return d <= 2 and d / max(len(fa), len(fb)) <= 0.5




def _describe(endings) -> str:
    """'Finnish partitive, Russian genitive' from the case-endings rows of one suffix."""
    out = []
    for x in endings:
        case = re.split(r"[,;(]", re.sub(r'"[^"]*"', "", x.case))[0].strip()
        item = f"{languages.known().get(x.lang, x.lang)} {case}".strip()
        if item not in out:
            out.append(item)
    return ", ".join(out)


@functools.cache
def name_index(gaz: Gazetteer) -> NameIndex:
    deps = [*gaz.paths, resources.path("lexicon", "words-en.tsv"),
            resources.path("lexicon", "en-pos.tsv"), __file__,
            *(resources.path("names", f) for f in _INDEX_LISTS), tokens.__file__]
    return resources.disk_cached("name-index", deps, lambda: NameIndex(gaz), NameIndex.JSON_SPEC,
                                 NameIndex.to_json, lambda data, texts: NameIndex.from_json(data, texts, gaz))


def _word_lines(texts: list[str], groups: Iterable[Iterable[str]]) -> int:
    """Append a text section of one line per group of words; its place in texts."""
    lines = ["\x1f".join(g) for g in groups]
    if any(c in x for x in lines for c in "\n\0"):
        raise ValueError("a word that cannot be written in a line")  # (so: not cached)
    texts.append("\n".join(lines))
    return len(texts) - 1


def _read_word_lines(texts: resources.Texts, section: int, n: int,
                     make: Callable[[list[str]], T]) -> Lines[T]:
    """The n groups of words of a section written by _word_lines, each made when asked for."""
    text = texts[section] if 0 <= section < len(texts) else ""
    lines = text.split("\n") if n else []
    if len(lines) != n:
        raise ValueError("name index cache: not this gazetteer's")
    return Lines(lines, lambda _i, line: make(line.split("\x1f") if line else []))


def _masked_forms(text: str, n: int) -> list[tuple[tuple[str, ...], int, int]]:
    """A cached list of masked forms (words, masked position, entity), checked."""
    rows = json.loads(text)
    if not resources.valid(rows, NameIndex._MASKED_SPEC) \
            or not all(0 <= j < len(ws) and 0 <= i < n for ws, j, i in rows):
        raise ValueError("bad masked form")
    return [(tuple(ws), j, i) for ws, j, i in rows]


# -- the document side ------------------------------------------------------------------------
@dataclass(slots=True)
class W:
    """A word of the document as the names check sees it."""
    text: str
    start: int
    end: int
    sent: int
    initial: bool  # first word of a sentence or of a quotation
    glued: bool  # only spaces between the previous word and this one (same sentence)
    skip: bool  # all capitals, digits, or inside a URL or e-mail address
    title_case: bool  # the sentence is a title-case headline
    k: int = 0  # index in the list of words
    cap: bool = False  # starts with a capital letter
    parts: list | tuple = ()  # (text, start, end) of hyphen-joined parts


# The last document's words: names and persons run one after the other on the same article.
# (One tuple, read and replaced whole, so a thread never sees one document's words for another.)
_LAST_WORDS: tuple[object, list[W]] | None = None


def _doc_words(doc) -> list[W]:
    global _LAST_WORDS
    last = _LAST_WORDS
    if last is not None and last[0] is doc:
        return last[1]
    out = _words_of(doc)
    _LAST_WORDS = (doc, out)
    return out


def _words_of(doc) -> list[W]:
    text = doc.text
    urls = tokens.address_spans(text)
    out: list[W] = []
    append = out.append
    for si, sent in enumerate(doc.sentences):
        toks = doc.tokens[sent.tok_lo:sent.tok_hi]
        if sent.lang and sent.lang != (doc.lang or "en") and sent.lang_confidence >= 0.7 \
                and sum(t.kind == "word" for t in toks) >= 4:
            continue  # left untranslated: the language check reports the whole sentence
        n_long = n_cap = 0  # words of four letters or more, and how many are capitalised
        first = len(out)
        prev_word = prev_tok = None
        seen_word = False
        for t in toks:
            tt = t.text
            if t.kind != "word" or tt in _POSSESSIVE:
                if t.kind == "num":
                    seen_word = True
                prev_tok = t
                continue
            initial = not seen_word or (prev_tok is not None and prev_tok.kind == "punct"
                                        and prev_tok.text in _QUOTES_OPEN)
            glued = prev_tok is prev_word is not None and (
                prev_word.end + 1 == t.start and text[prev_word.end] == " "
                or not text[prev_word.end:t.start].strip(" "))
            cap = tt[0].isupper()
            hyphen = "-" in tt or "‐" in tt
            skip = (cap or hyphen) and (
                (len(tt) > 1 and tt.isupper()) or _DIGIT.search(tt) is not None
                or any(s <= t.start < e for s, e in urls))
            if len(tt) >= 4:
                n_long += 1
                n_cap += cap
            w = W(tt, t.start, t.end, si, initial, glued, skip, False, len(out), cap)
            if hyphen:
                w.parts = []
                pos = t.start
                for part in re.split(r"([-‐])", tt):
                    if part not in ("-", "‐") and part:
                        w.parts.append((part, pos, pos + len(part)))
                    pos += len(part)
            append(w)
            prev_word = prev_tok = t
            seen_word = True
        if n_long >= 3 and n_cap >= 0.6 * n_long:  # a title-case headline
            for w in out[first:]:
                w.title_case = True
    return out


@dataclass(frozen=True, slots=True)
class _Span:
    """A word or hyphen part as _Run._dropped_mark needs it."""
    text: str
    start: int
    end: int


class _Run:
    """One pass of the check over one document."""

    def __init__(self, doc, ctx, idx: NameIndex, endings):
        self.doc, self.ctx, self.idx, self.endings = doc, ctx, idx, endings
        self.words = _doc_words(doc)
        # The capitalised words (not skipped): what most searches look at, a fifth of all.
        self.capped = [w for w in self.words if w.cap and not w.skip]
        self.flagged: set[tuple[int, int]] = set()
        self.findings: list[Finding] = []
        self.mentioned = self._mentions()
        self._starts: list[int] | None = None
        self.runs = self._runs()
        # Each run's words in lower case, and whether the gazetteer has each (every word of
        # every form is one of its lower_tokens: a run's other words begin no form).
        self.run_lows = [[x.text.lower() for x in r] for r in self.runs]
        self.run_known = [[x in idx.gaz.lower_tokens for x in lows] for lows in self.run_lows]
        self.candidates = list(self._candidates())  # (read by five of the searches)
        self.form_of = self._longer_names()
        # Surnames misspelt beside the person's given name: text -> (right spelling, entity).
        self.respelt: dict[str, tuple[str, int]] = {}

    def _runs(self) -> list[list[W]]:
        """Stretches of two or more glued capitalised words ("President Volodymyr Zelensky")."""
        runs: list[list[W]] = []
        run: list[W] = []
        for w in self.words:
            if w.cap and not w.skip and run and w.glued:
                run.append(w)
            else:
                if len(run) >= 2:
                    runs.append(run)
                run = [w] if w.cap and not w.skip else []
        if len(run) >= 2:
            runs.append(run)
        return runs

    def _longer_names(self) -> dict[int, tuple[int, ...]]:
        """Word index -> entities, for words inside an accepted name of two words or more."""
        idx = self.idx
        out: dict[int, tuple[int, ...]] = {}
        for r, lows, known in zip(self.runs, self.run_lows, self.run_known):
            # A name's words are all gazetteer words: its end is before the first other word.
            ends = [len(r)] * (len(r) + 1)
            for i in range(len(r) - 1, -1, -1):
                ends[i] = i if not known[i] else ends[i + 1]
            a = 0
            while a < len(r):
                for b in range(min(len(r), a + idx.gaz.max_words, ends[a]), a + 1, -1):
                    ents = idx.with_form(tuple(lows[a:b]))
                    if ents:
                        for x in r[a:b]:
                            out[x.k] = ents
                        a = b - 1
                        break
                a += 1
        return out

    def _mentions(self) -> set[int]:
        """Entities the article names by a distinctive token (one shared by few entities)."""
        found: set[int] = set()
        for w in self.capped:
            ents = self.idx.named_by(w.text) or ()
            if ents and len(ents) <= MAX_ENTITIES_PER_VARIANT and len(w.text) >= 3 \
                    and not self.idx.ordinary(w.text):
                found.update(ents)
        return found

    def add(self, rule: Rule, start: int, end: int, message: str, suggestion: str,
            evidence: dict, confidence: float) -> None:
        if (start, end) in self.flagged:
            return
        self.flagged.add((start, end))
        # The gazetteer entry behind it, so a newsroom can ignore one name it disagrees with.
        who = evidence.get("gazetteer", "")
        entry = slug(who) if isinstance(who, str) and who and " or " not in who else ""
        self.findings.append(rule.finding(start, end, message, suggestion, evidence, confidence,
                                          entry=entry))

    def near_entity(self, w, target: str, e: Entity, message: str, basis: str,
                    confidence: float, **more) -> None:
        """names.near-miss on word w for a known entity e, spelt target there."""
        self.add(NEAR_MISS, w.start, w.end, message, target,
                 {"gazetteer": e.name, "kind": e.kind, "matched": target, **more,
                  "basis": basis, "provenance": e.provenance}, confidence)

    def _candidates(self):
        """(text, start, end, word, initial) for every capitalised word or hyphen part worth
        checking."""
        for w in self.words:
            if w.skip:
                continue
            if w.parts and w.text not in self.idx.gaz.tokens:  # "Kharkiv-based", "al-Sharra"
                for k, (p, s, e) in enumerate(w.parts):
                    if p[:1].isupper() and not p.isupper():
                        yield p, s, e, w, w.initial and k == 0
            elif w.cap:
                yield w.text, w.start, w.end, w, w.initial

    def unknown(self, tok: str) -> bool:
        return fold(tok) not in self.idx.known

    def name_like(self, w: W | None) -> bool:
        """Could this word be part of a person's or a place's name (not a title, not a word)?"""
        if w is None or not w.cap:
            return False
        if w.skip:
            return w.text.isalpha() and len(w.text) <= 3  # initials: "LK Advani"
        low = w.text.lower().rstrip(".")
        if low in _titles() or low in _calendar() or low in _institution_heads():
            return False
        tags = self.idx.tags(low)
        if tags and set(tags) & {"a", "v", "r"}:
            return False
        z = self.idx.zipf(w.text) or 0.0
        if z >= 5.5 and not tags:
            return False  # a function word ("The", "For")
        if w.initial and tags and (self.idx.named_by(w.text) is None
                                   or self.idx.ordinary(w.text)):
            return False  # a dictionary word capitalised only because it opens the sentence
        return True

    def other_name(self, w: W, own: set[str]) -> bool:
        """Does w stand inside a longer name whose other words are not the entity's own?

        'Jacques Kallis' is someone else than Kaja Kallas, 'Khan Yunis' a place of its own,
        and the 'Hopman Cup' an event: a capitalised word after it ends the match.
        """
        ws = self.words
        prev = ws[w.k - 1] if w.glued and w.k > 0 else None
        nxt = ws[w.k + 1] if w.k + 1 < len(ws) and ws[w.k + 1].glued else None
        if prev is not None and self.name_like(prev) and fold(prev.text) not in own:
            return True
        return nxt is not None and nxt.cap and fold(nxt.text) not in own \
            and nxt.text.lower() not in _calendar()

    def wrong_kind(self, w: W, kind: str) -> bool:
        """Context unfit for the entity: 'near Sharana' for a person, 'Ms Caird' for a place."""
        prev = self.words[w.k - 1] if w.k > 0 and self.words[w.k - 1].sent == w.sent else None
        if prev is None:
            return False
        low = prev.text.lower().rstrip(".")
        if kind == "person":
            return low in _place_prepositions() and self._next(w) not in ("'s", "’s")
        return low in _titles("personal")

    def own_tokens(self, ents) -> set[str]:
        out: set[str] = set()
        for i in ents:
            out |= self.idx.entity_tokens[i]
        return out

    # names.translated ---------------------------------------------------------------------
    def translated(self) -> None:
        idx, gaz, ws = self.idx, self.idx.gaz, self.words
        listed_hits: dict[str, tuple[int, str]] = {}  # lowercase translation -> (person, given)
        for w in self.capped:
            k = w.k
            if not k or not w.glued or not ws[k - 1].cap or ws[k - 1].skip:
                continue
            g = ws[k - 1]
            persons = [gaz.position(e) for e in gaz.given.get(g.text, ())]
            if not persons:
                continue
            # Listed translation of this person's surname (one or more words).
            for pi in persons:
                e = idx.entity(pi)
                for tr in e.translations:
                    tw = words(tr)
                    seq = ws[k:k + len(tw)]
                    if len(seq) == len(tw) and all(
                            x.text.lower() == t.lower() and x.cap and (j == 0 or x.glued)
                            for j, (x, t) in enumerate(zip(seq, tw))):
                        fam = e.family[0] if e.family else e.name
                        self.add(TRANSLATED, seq[0].start, seq[-1].end,
                                 f"'{g.text} {' '.join(x.text for x in seq)}' looks like "
                                 f"{e.name} with the surname translated ('{fam}' means "
                                 f"'{tr.lower()}')",
                                 fam, {"gazetteer": e.name, "kind": e.kind, "given": g.text,
                                       "family": fam, "translation": tr,
                                       "basis": "listed translation of the surname",
                                       "provenance": e.provenance}, 0.9)
                        listed_hits[" ".join(x.text.lower() for x in seq)] = (pi, g.text)
            self._generic_translated(k, g, w, persons)
        # Later bare mentions of a translated surname ("Bite said") in the same article.
        if listed_hits:
            for w in self.capped:
                hit = listed_hits.get(w.text.lower())
                if not hit:
                    continue
                nxt = self._next(w)
                if w.initial and nxt.lower() not in _reporting_verbs() and nxt not in _POSSESSIVE:
                    continue  # "Bite" opening a sentence: only when a name would ("Bite said")
                e = idx.entity(hit[0])
                fam = e.family[0] if e.family else e.name
                self.add(TRANSLATED, w.start, w.end,
                         f"'{w.text}' looks like {e.name}'s surname translated (as after "
                         f"'{hit[1]}' earlier in the article)",
                         fam, {"gazetteer": e.name, "kind": e.kind, "family": fam,
                               "translation": w.text, "basis": "same translated surname "
                               "after the given name earlier in the article",
                               "provenance": e.provenance}, 0.8)

    def _next(self, w: W) -> str:
        """The token right after a word (punctuation included), or ''."""
        if self._starts is None:
            self._starts = [t.start for t in self.doc.tokens]
        i = bisect.bisect_left(self._starts, w.end)
        return self.doc.tokens[i].text if i < len(self.doc.tokens) else ""

    def _generic_translated(self, k: int, g: W, w: W, persons: list[int]) -> None:
        idx = self.idx
        names = {idx.entity(p).name for p in persons}
        if len(names) > MAX_PERSONS_PER_GIVEN or g.title_case:
            return
        low = w.text.lower()
        zw = idx.zipf(w.text)
        if zw is None or zw < COMMON_WORD_ZIPF or not set(idx.tags(low) or "") & {"n", "v"}:
            return
        if low in idx.gaz.lower_tokens or low in _calendar() or low in _institution_heads() \
                or low in _titles() or w.text.isupper():
            return
        # The given name starts the name: a title or an ordinary word before it, not a surname.
        prev = self.words[k - 2] if k >= 2 and g.glued else None
        titled = prev is not None and prev.text.lower().rstrip(".") in _titles()
        if prev is not None and prev.cap and not titled and not prev.initial:
            return
        if prev is not None and prev.cap and not titled and prev.text in idx.gaz.tokens:
            return
        zg = idx.zipf(g.text) or 0.0
        if zg >= (GIVEN_TITLED_ZIPF if titled else GIVEN_RARE_ZIPF) or idx.ordinary(g.text):
            return
        # The name ends here: the word after is not capitalised (not "Olaf Palme Foundation").
        nxt = self.words[k + 1] if k + 1 < len(self.words) else None
        if nxt is not None and nxt.glued and nxt.cap:
            return
        if tuple(x.lower() for x in (g.text, w.text)) in idx.forms:
            return
        fams = sorted({f for p in persons for f in idx.entity(p).family[:1]})
        who = sorted(names)
        self.add(TRANSLATED, w.start, w.end,
                 f"'{g.text} {w.text}': '{w.text}' is an ordinary English word where the surname "
                 f"of {' or '.join(who)} is expected; was the surname translated?",
                 " or ".join(fams), {"gazetteer": " or ".join(who), "given": g.text,
                                     "word": w.text,
                                     "word_zipf": zw, "title_before": titled,
                                     "basis": "common English word after a known given name",
                                     "provenance": [idx.entity(p).provenance for p in persons]},
                 0.6)

    # names.case-ending --------------------------------------------------------------------
    def case_ending(self) -> None:
        idx = self.idx
        present = {w.text for w in self.words if w.cap}
        hits = []
        elsewhere: set[str] = set()
        for tok, s, e, w, initial in self.candidates:
            if len(tok) < 4 or not self.unknown(tok) or not idx.rare(tok, initial):
                continue
            low = tok.lower().replace("’", "'")
            readings = []  # (restored part, -len(suffix), stem, suffix, entities)
            for end in self.endings:
                suf = end.suffix
                if not low.endswith(suf) or len(suf) >= len(tok) or suf[0] == ":":
                    continue
                for back in end.restore:  # "Zelenskogo" -> "Zelensk" + "y"
                    stem = tok[:-len(suf)] + back
                    ents = idx.named_by(stem)
                    if not ents:
                        continue
                    persons = any(idx.entity(i).kind == "person" for i in ents)
                    if suf[0] != "'":  # "Putin'in" is marked; "Putina" must be a distinctive name
                        if len(stem) < 4 or fold(stem) not in idx.anchors:
                            continue
                        if suf in ("s", "es") and not (
                                persons and stem in present and not self._after_the(w)):
                            continue  # English plurals; German "Merkels" only beside "Merkel"
                        if not back and suf in _english_suffixes() and not persons:
                            continue  # Kenyan, Iraqi: English words made from place names
                        if not back and len(suf) == 1 and stem[-1].lower() == suf \
                                and suf not in "aeiouyäöü":
                            continue  # "Bakhmutt", "Macronn": a doubled letter, a typo
                    readings.append((back != "", -len(suf), stem, suf, ents, back))
            if not readings:
                continue
            _, _, stem, suf, ents, back = min(readings, key=lambda r: r[:2])  # plainest reading
            if self.other_name(w, self.own_tokens(ents)):
                elsewhere.add(fold(tok))  # "Jackie Hendriks" is someone's whole name
                continue
            hits.append((tok, s, e, stem, suf, ents, back))
        for d in self._colon_endings():
            hits.append(d)
        for tok, s, e, stem, suf, ents, back in hits:
            if fold(tok) in elsewhere:
                continue
            same = [x for x in self.endings if x.suffix == suf and back in x.restore]
            ent = self._pick(ents, stem)
            # A foreign form of a place ("Moskva") is better replaced by the English name.
            bare = stem if ent.kind == "person" or stem.isupper() or fold(stem) in idx.canonical[
                idx.gaz.position(ent)] else ent.name
            self.add(CASE_ENDING, s, e,
                     f"'{tok}' looks like '{stem}' ({self._who(ents, stem)}) with a foreign "
                     f"case ending -{suf} ({_describe(same)}) left on it; English uses the "
                     f"bare name",
                     bare, {"gazetteer": ent.name, "kind": ent.kind, "stem": stem, "suffix": suf,
                            "endings": [{"lang": x.lang, "case": x.case, "example": x.example}
                                        for x in same],
                            "provenance": ent.provenance}, 0.8)

    def _titled(self, w: W) -> bool:
        """Does a title stand right before the word ('President Bidem')?"""
        return w.k > 0 and w.glued and \
            self.words[w.k - 1].text.lower().rstrip(".") in _titles()

    def _after_the(self, w: W) -> bool:
        return w.k > 0 and self.words[w.k - 1].text.lower() == "the" and w.glued

    def _colon_endings(self):
        """'EU:n', 'NATO:ssa': a Finnish ending after a colon, split off by the tokenizer."""
        colon = {x.suffix for x in self.endings if x.suffix.startswith(":")}
        if not colon or ":" not in self.doc.text:
            return
        toks, text, gaz = self.doc.tokens, self.doc.text, self.idx.gaz
        for i in range(len(toks) - 2):
            a, c, b = toks[i], toks[i + 1], toks[i + 2]
            if c.text == ":" and a.end == c.start and c.end == b.start and b.kind == "word" \
                    and ":" + b.text.lower() in colon and a.text in gaz.tokens:
                yield text[a.start:b.end], a.start, b.end, a.text, ":" + b.text.lower(), \
                    gaz.tokens[a.text], ""

    def _ranked(self, ents, tok: str = "") -> list[int]:
        """Entities a token may refer to, likeliest first: named in the article, then those the
        token names on its own ('Odesa' the city, not Odesa Oblast), then persons."""
        order = {"person": 0, "place": 1, "organisation": 2, "agency": 3, "publication": 4}
        whole = self.idx.forms.get((tok.lower(),), ()) if tok else ()
        key = lambda i: (i not in self.mentioned, bool(whole) and i not in whole,  # noqa
                         order.get(self.idx.entity(i).kind, 5))
        ranked = sorted(ents, key=lambda i: (key(i), i))
        return [i for i in ranked if key(i) == key(ranked[0])]

    def _pick(self, ents, tok: str = "") -> Entity:
        return self.idx.entity(self._ranked(ents, tok)[0])

    def _who(self, ents, tok: str = "") -> str:
        """'Sauli Niinistö or Ville Niinistö' when the article does not say which."""
        names_ = list(dict.fromkeys(self.idx.entity(i).name for i in self._ranked(ents, tok)))
        return " or ".join(names_[:3]) + (" …" if len(names_) > 3 else "")

    # names.near-miss: person level ---------------------------------------------------------
    def near_miss_multi(self) -> None:
        covered = self.form_of  # words inside an accepted name of two words or more
        for n in (3, 2):
            for r, run_lows, known in zip(self.runs, self.run_lows, self.run_known):
                for k in range(len(r) - n + 1):
                    self._masked_window(r[k:k + n], tuple(run_lows[k:k + n]), known[k:k + n],
                                        covered)

    def _masked_window(self, win: list[W], lows: tuple[str, ...], known: list[bool],
                       covered: Mapping[int, tuple[int, ...]]) -> None:
        """Person-level near misses in one window of a run: each word that a known form of
        the window's other words has in its place misspells."""
        n = len(win)
        # Only a word the gazetteer lacks can be the masked one (a key's other words are all
        # gazetteer words); with two, none can.
        strange = [i for i in range(n) if not known[i]]
        if len(strange) > 1 or not strange and self.idx.with_form(lows):
            return
        for j in strange or range(n):
            if win[j].k in covered:
                continue
            key = tuple(None if i == j else lows[i] for i in range(n))
            initial = fold(win[j].text)[:1]
            for form, _, ei in self.idx.masked_forms(key):
                if fold(form[j])[:1] == initial:  # (else _person_level() does nothing)
                    self._person_level(win, j, form[j], ei, n)

    def _person_level(self, win: list[W], j: int, target: str, ei: int, n: int) -> None:
        idx = self.idx
        c = win[j]
        fc, ft = fold(c.text), fold(target)
        if fc == ft:
            self._dropped_mark(c, target, idx.entity(ei))
            return
        if (c.start, c.end) in self.flagged or fc in idx.entity_tokens[ei]:
            return
        # Beside the exact rest of a known name even a four-letter surname may be one edit off.
        if len(fc) < (4 if n == 2 else 3) or len(ft) < 3 or fc[0] != ft[0] or _suffixed(fc, ft):
            return
        zc = idx.zipf(c.text)
        lim = 2 if min(len(fc), len(ft)) >= 9 and zc is None else 1
        dist = distance(fc, ft, lim)
        if dist > lim:
            return
        e = idx.entity(ei)
        others = [x.text for i, x in enumerate(win) if i != j]
        if not idx.rare(c.text, False) and (
                e.kind != "person" or all(idx.ordinary(o) for o in others)):
            # An ordinary word or common name: only beside a distinctive part of a person's name.
            return
        full = " ".join(target if i == j else x.text for i, x in enumerate(win))
        if j == n - 1 and e.kind == "person":
            self.respelt.setdefault(c.text, (target, ei))
        self.near_entity(c, target, e, f"'{c.text}' looks like a misspelling of '{target}' ({e.name})",
                         "next to the exact rest of a known name", 0.85,
                         expected=full, distance=dist, context=others, zipf=zc)

    def both_misspelt(self) -> None:
        """'Emanuel Macrom': given name and surname each one edit from the same person's."""
        idx = self.idx
        for r in self.runs:
            for a, b in zip(r, r[1:]):
                if a.k in self.form_of or not (self.unknown(a.text) and self.unknown(b.text)) \
                        or len(a.text) < 4 or not idx.rare(b.text, False):
                    continue
                for dist, anchor in idx.near(b.text):
                    hit = self._given_near(a.text, anchor)
                    if hit is None:
                        continue
                    e, given = hit
                    for w, want, d in ((a, given, distance(fold(a.text), fold(given), 2)),
                                       (b, idx.anchors[anchor][0], dist)):
                        self.near_entity(
                            w, want, e, f"'{w.text}' looks like a misspelling of '{want}' "
                            f"({e.name}): '{a.text} {b.text}' is near '{e.name}' in both words",
                            "given name and surname both near the same known person", 0.75,
                            distance=d)
                    self.respelt.setdefault(b.text, (idx.anchors[anchor][0], self.idx.gaz.position(e)))
                    break

    def _given_near(self, word: str, anchor: str) -> tuple[Entity, str] | None:
        """The person whose surname is anchor and whose given name word misspells, if any."""
        f = fold(word)
        for t in self.idx.anchors[anchor]:
            for i in self.idx.gaz.tokens[t]:
                e = self.idx.entity(i)
                if e.kind != "person" or fold(t) not in {fold(x) for x in e.family}:
                    continue
                for g in e.given:
                    fg = fold(g)
                    if fg[:1] == f[:1] and distance(f, fg, 2) <= max(1, allowed_edits(len(fg))):
                        return e, g
        return None

    def respelt_again(self) -> None:
        """Bare mentions of a surname misspelt earlier after the person's given name ('Olaf
        Schulz … Schulz said'): the same misspelling, even when it is someone else's name."""
        if not self.respelt:
            return
        named = {i for ents in self.form_of.values() for i in ents}  # full names in the article
        gaz = self.idx.gaz
        for w in self.capped:
            hit = self.respelt.get(w.text)
            if hit is None or w.k in self.form_of:
                continue
            target, ei = hit
            if named & (set(gaz.tokens.get(w.text, ())) - {ei}):
                continue  # the person who really has this name is named in the article too
            if self.other_name(w, set(self.idx.entity_tokens[ei]) | {fold(w.text)}):
                continue
            e = self.idx.entity(ei)
            self.near_entity(w, target, e, f"'{w.text}' looks like a misspelling of '{target}' "
                             f"({e.name}), as after the given name earlier in the article",
                             "same misspelling as earlier beside the given name", 0.75)

    def _dropped_mark(self, w, target: str, e: Entity) -> None:
        """'Soder' for Söder: a mark the name's language keeps written as the bare letter."""
        if self.idx.named_by(w.text) is not None or e.kind != "person":
            return  # an accepted spelling ('Ozdemir') or an English place name ('Zurich')
        letters = dropped_marks(w.text, target, e.country)
        if letters:
            self.near_entity(w, target, e, f"'{w.text}' drops the "
                             f"{'/'.join(dict.fromkeys(letters))} of '{target}' ({e.name}); "
                             "names of this language keep the mark or spell it out",
                             "dropped diacritic (corpora/names/diacritics.tsv)", 0.8)

    def diacritics(self) -> None:
        """Single words: 'Soder' where the gazetteer has only Söder (and Soeder)."""
        gaz = self.idx.gaz
        for tok, s, e, _w, _initial in self.candidates:
            if self.idx.named_by(tok) is not None or (s, e) in self.flagged:
                continue
            for target in self.idx.anchors.get(fold(tok), ()):
                ents = [self.idx.entity(i) for i in gaz.tokens[target]]
                if len(ents) == 1:  # (a token several entities share says nothing)
                    self._dropped_mark(_Span(tok, s, e), target, ents[0])

    # names.lowercase -----------------------------------------------------------------------
    def lower_case(self) -> None:
        idx, gaz, ws = self.idx, self.idx.gaz, self.words
        for w in ws:
            if w.cap or not w.text.isalpha() or len(w.text) < 3:
                if w.parts and w.cap and not w.skip:
                    self._hyphen_case(w)
                continue
            prev = ws[w.k - 1] if w.k and w.glued else None
            if (prev is None or not prev.cap) and w.text.isascii():
                continue  # (most words: neither test below can pass)
            cap = w.text[0].upper() + w.text[1:]
            if prev is not None and prev.cap and not idx.ordinary(cap) and any(
                    cap in words(f) for e in gaz.given.get(prev.text, ()) for f in e.family):
                why = f"after the given name '{prev.text}'"
            elif not w.text.isascii() and cap in gaz.tokens and idx.zipf(w.text) is None:
                why = "a known name with letters English words do not have"
            else:
                continue
            e = self._pick(gaz.tokens[cap], cap)
            self.add(LOWERCASE, w.start, w.end,
                     f"'{w.text}' looks like the name '{cap}' ({e.name}) in lower case ({why})",
                     cap, {"gazetteer": e.name, "kind": e.kind, "basis": why,
                           "provenance": e.provenance}, 0.8)

    def _hyphen_case(self, w: W) -> None:
        """'Smith-jones': a lower-case part after a capitalised one, neither an English word."""
        parts = list(w.parts)
        if len(parts) < 2 or not parts[0][0][:1].isupper() or not self.idx.rare(parts[0][0], False):
            return
        for p, s, e in parts[1:]:
            if p.islower() and p.isalpha() and len(p) >= 3 and self.idx.rare(p, True):
                cap = p[0].upper() + p[1:]
                self.add(LOWERCASE, s, e,
                         f"'{p}' in '{w.text}' looks like part of a name written in lower case",
                         cap, {"basis": "lower-case part of a hyphenated name, not an English "
                               "word", "name": w.text}, 0.6)

    # names.case-ending on names the gazetteer does not know --------------------------------
    def case_ending_unknown(self) -> None:
        """'Virtasen' beside 'Virtanen', 'Kowalskiego' beside 'Kowalski' in one article: an
        unlisted name with an ending of the guessed source language whose bare stem the article
        also uses as a name."""
        langs = self.ctx.calque_langs
        if not langs:
            return  # (None: every language; without a guess the endings are too many)
        idx = self.idx
        present = {w.text for w in self.capped if not w.initial}
        ends = [x for x in self.endings if x.lang in langs and x.suffix[0] != ":"
                and x.suffix not in ("s", "es", "'s", "’s") and x.suffix not in _english_suffixes()]
        for tok, s, e, _w, initial in self.candidates:
            if (s, e) in self.flagged or len(tok) < 5 or not self.unknown(tok) \
                    or not idx.rare(tok, initial):
                continue
            low = tok.lower().replace("’", "'")
            for end in ends:
                if not low.endswith(end.suffix) or len(tok) - len(end.suffix) < 3:
                    continue
                stems = [tok[:-len(end.suffix)] + back for back in end.restore]
                stem = next((x for x in stems if x in present and x != tok
                             and idx.rare(x, False)), None)
                if stem is None:
                    continue
                self.add(CASE_ENDING, s, e,
                         f"'{tok}' looks like '{stem}' (named elsewhere in the article) with a "
                         f"{_describe([end])} ending -{end.suffix} left on it; English uses the "
                         f"bare name", stem,
                         {"stem": stem, "suffix": end.suffix,
                          "endings": [{"lang": end.lang, "case": end.case,
                                       "example": end.example}],
                          "basis": "bare stem used as a name elsewhere in the article"}, 0.7)
                break

    # names.near-miss: single words ---------------------------------------------------------
    def _typo_like(self, tok: str, anchor: str, idx: NameIndex, gaz: Gazetteer) -> bool:
        """Whether a bare word's difference from a name looks like a slip rather than another
        real name. Letters dropped, doubled or swapped and vowels changed are slips (Volodymr,
        Riika, Taipai); one consonant for another ('Sunarto', 'Hasjim') or two letters changed
        in place ('Krasnogorsk') is how different real names differ, unless the article names
        the entity itself. A word of the entity's own country's language ('Catalana' beside
        Cataluña) is that language's word, not a misspelling."""
        ents = [i for t in idx.anchors[anchor] for i in gaz.tokens[t]]
        if any(i in self.mentioned for i in ents):
            return True
        f = fold(tok)
        if len(f) == len(anchor) and sorted(f) != sorted(anchor):
            diff = [(x, y) for x, y in zip(f, anchor) if x != y]
            if len(diff) > 1 or not (set(diff[0]) & _VOWELS):
                return False
        countries = {idx.entity(i).country for i in ents}
        langs = {source_lang.country_langs().get(c, "") for c in countries} - {"", "en"}
        return not any(resources.word_freqs(lang).get(f, 0.0) >= 2.0 for lang in langs)

    def near_miss(self) -> None:
        idx, gaz = self.idx, self.idx.gaz
        hits = []
        elsewhere: set[str] = set()  # spellings seen inside someone else's name in this article
        seen: dict[str, int] = {}
        for tok, s, e, w, initial in self.candidates:
            if (s, e) in self.flagged or len(tok) < 4 or not self.unknown(tok) \
                    or not idx.rare(tok, initial) or "'" in tok or "’" in tok:
                continue
            near = idx.near(tok) if len(tok) >= 5 else []
            titled_only = not near
            if titled_only:  # 'President Bidem': a person's short surname, after a title only
                near = [(d, a) for d, a in idx.near(tok, titled=True) if any(
                    idx.entity(i).kind == "person" for t in idx.anchors[a] for i in gaz.tokens[t])]
            if not near:
                continue
            if titled_only and not self._titled(w):
                # Untitled, it is no hit, but 'Neville Wran' shows a 'Mr Wran' is his own name.
                if self.other_name(w, self.own_tokens(gaz.tokens[idx.anchors[near[0][1]][0]])):
                    elsewhere.add(fold(tok))
                continue
            dist = near[0][0]
            best = [a for d, a in near if d == dist]
            if not titled_only and not self._typo_like(tok, best[0], idx, gaz):
                continue
            # Prefer an anchor whose entity the article names elsewhere, then the spelling of
            # the entity's canonical name over an accepted variant (Zaporizhzhia, not Zaporizhia).
            best.sort(key=lambda a: (
                not any(i in self.mentioned for t in idx.anchors[a] for i in gaz.tokens[t]),
                not any(a in idx.canonical[i] for t in idx.anchors[a] for i in gaz.tokens[t])))
            target = idx.anchors[best[0]][0]
            if self.other_name(w, self.own_tokens(gaz.tokens[target])):
                elsewhere.add(fold(tok))
                continue
            ent = self._pick(gaz.tokens[target], target)
            seen[fold(tok)] = seen.get(fold(tok), 0) + 1
            if self.wrong_kind(w, ent.kind):
                elsewhere.add(fold(tok))
                continue
            hits.append((tok, s, e, dist, target, [idx.anchors[a][0] for a in best[1:]], ent))
        for tok, s, e, dist, target, also, ent in hits:
            if fold(tok) in elsewhere:
                continue
            if ent.kind == "person" and seen[fold(tok)] > 1 and \
                    not any(i in self.mentioned for i in gaz.tokens[target]):
                # A surname used again and again for someone the article never names
                # ('Razzak' for a suspect, not Najib Razak) is that person's own name.
                continue
            ev = {"gazetteer": ent.name, "kind": ent.kind, "matched": target, "distance": dist,
                  "zipf": idx.zipf(tok), "provenance": ent.provenance}
            if also:
                ev["also_near"] = also
            conf = (0.8 if dist == 1 else 0.65) * (1.0 if not also else 0.8)
            self.add(NEAR_MISS, s, e,
                     f"'{tok}' looks like a misspelling of '{target}' "
                     f"({self._who(gaz.tokens[target], target)})",
                     target, ev, conf)

    # names.inconsistent --------------------------------------------------------------------
    def inconsistent(self) -> None:
        idx, gaz = self.idx, self.idx.gaz
        # 1. Two accepted spellings of one entity (Zelensky, then Zelenskyy).
        first: dict[tuple[int, str], tuple[str, int]] = {}
        later: dict[tuple[int, str], dict[str, list[W]]] = {}
        for w in self.capped:
            if w.text not in idx.variant_tokens:
                continue  # (no entity has this spelling among its variants: most words)
            # Inside a longer accepted name ("Kyiv Post") a word belongs to that name only.
            for ei in self.form_of.get(w.k) or idx.named_by(w.text) or ():
                cls = idx.variant_class.get((ei, w.text))
                if cls is None:
                    continue
                key = (ei, cls)
                if key not in first:
                    first[key] = (w.text, w.start)
                elif first[key][0] != w.text:
                    later.setdefault(key, {}).setdefault(w.text, []).append(w)
        for (ei, _), spellings in later.items():
            e = idx.entity(ei)
            one, at = first[(ei, _)]
            for other, occ in spellings.items():
                # Listed once per spelling, and only the first few: every finding carries
                # this list, so listing them all would cost the square of the mentions.
                offsets = [x.start for x in occ[:MAX_LISTED_OFFSETS]]
                for w in occ:
                    self.add(INCONSISTENT, w.start, w.end,
                             f"'{other}' and '{one}' both appear for {e.name}; keep one spelling "
                             f"('{one}' comes first)",
                             one, {"gazetteer": e.name, "kind": e.kind, "first": one,
                                   "first_offset": at, "second": other,
                                   "second_offsets": offsets, "second_count": len(occ),
                                   "provenance": e.provenance}, 0.9)
        self._mixed_marks()
        # 2. An unknown word one edit from a name this article also spells the known way.
        present: dict[str, tuple[str, int]] = {}  # folded name token -> (spelling, offset)
        for w in self.capped:
            if len(w.text) >= 4 and idx.named_by(w.text) is not None and not idx.ordinary(w.text):
                present.setdefault(fold(w.text), (w.text, w.start))
        if not present:
            return
        # By first letter and length: a word is compared with the few names it could be one
        # edit from, not with every name in the article.
        near_present: dict[tuple[str, int], list[tuple[int, str]]] = {}
        for order, a in enumerate(present):
            near_present.setdefault((a[0], len(a)), []).append((order, a))
        for tok, s, e, w, _initial in self.candidates:
            if (s, e) in self.flagged or len(tok) < 4 or not self.unknown(tok):
                continue
            z = idx.zipf(tok)
            if z is not None and z >= 3.0:
                continue
            f = fold(tok)
            for _, a in sorted(x for n in (len(f) - 1, len(f), len(f) + 1)
                               for x in near_present.get((f[0], n), ())):
                spelling, at = present[a]
                if _suffixed(a, f) or distance(a, f, 1) > 1:
                    continue
                if self.other_name(w, self.own_tokens(gaz.tokens[spelling])):
                    continue
                ent = self._pick(gaz.tokens[spelling], spelling)
                self.add(INCONSISTENT, s, e,
                         f"'{tok}' and '{spelling}' both appear; '{tok}' looks like a misspelling "
                         f"of '{spelling}' ({ent.name})",
                         spelling, {"gazetteer": ent.name, "kind": ent.kind, "first": spelling,
                                    "first_offset": at, "second": tok, "distance": 1,
                                    "provenance": ent.provenance}, 0.7)
                break


    def _mixed_marks(self) -> None:
        """'Atatürk' and later 'Ataturk': one name with and without its marks in one article,
        listed in the gazetteer or not (a word rare in English, capitalised both times)."""
        idx = self.idx
        first: dict[str, W] = {}
        for w in self.capped:
            if len(w.text) < 4 or (idx.zipf(w.text) or 0) >= COMMON_WORD_ZIPF:
                continue  # (not 'Cafe' beside 'Café': ordinary words are left to house style)
            one = first.setdefault(fold(w.text), w)
            if one.text.lower() == w.text.lower() or (one.start, one.end) in self.flagged:
                continue  # (the first spelling is itself reported: 'Soder' for Söder)
            anchor = idx.anchors.get(fold(w.text))
            ent = self._pick(idx.gaz.tokens[anchor[0]], one.text) if anchor else None
            who = ent.name if ent else f"'{one.text}'"
            ev = {"first": one.text, "first_offset": one.start, "second": w.text,
                  "basis": "same name with and without diacritics"}
            if ent:
                ev.update(gazetteer=ent.name, kind=ent.kind, provenance=ent.provenance)
            self.add(INCONSISTENT, w.start, w.end,
                     f"'{w.text}' and '{one.text}' both appear for {who}; keep one spelling "
                     f"('{one.text}' comes first)", one.text, ev, 0.8)


def rules(packs: PackSet) -> list[Rule]:
    """The rules, each addressable down to one gazetteer entry ('names.near-miss/olaf-scholz')."""
    def ids() -> list[str]:
        return gazetteer(tuple(Path(p) for p in packs.gazetteers)).entry_ids()
    return [dataclasses.replace(r, entry_ids=ids) for r in RULES]


def run(doc: Document, ctx: Context) -> list[Finding]:
    if doc.lang not in ("", "en"):
        return []
    extra = tuple(Path(p) for p in ctx.packs.gazetteers)
    gaz = gazetteer(extra)
    if not gaz.entities:
        return []
    idx = name_index(gaz)
    gaz = idx.gaz  # the index's own copy (it may come from the disk cache)
    endings = case_endings(tuple(p.parent / "case-endings.tsv" for p in extra))
    r = _Run(doc, ctx, idx, endings)
    r.translated()
    r.case_ending()
    r.near_miss_multi()
    r.both_misspelt()
    r.respelt_again()
    r.diacritics()
    r.near_miss()
    r.lower_case()
    r.case_ending_unknown()
    r.inconsistent()
    return sorted(r.findings, key=Finding.sort_key)
