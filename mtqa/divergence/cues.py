"""Per-language cue data for the divergence checks (corpora/divergence/*.toml)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import languages, resources, rx


def base_lang(lang: str) -> str:
    return languages.base(lang) or "en"


@functools.cache
def _negation_data(lang: str) -> dict:
    return resources.load_toml(resources.path("divergence", "negation.toml")).get(base_lang(lang), {})


# Classes of polarity cues (corpora/divergence/negation.toml). negators and lacking make a
# clause negated; without ("sans", "ohne") and near ("hardly", "kaum") may stand for a
# negation on the other side but never make one; hedges are for diverge.polarity.
CLASSES = ("negators", "without", "lacking", "near", "hedges")
GAP = "…"  # up to _GAP_MAX words; in an exception none of them a negator ("ne … que")
_GAP_MAX = 10
_UNIT_MAX = 40  # longest span shown for the cues of one negated clause
# Clause boundaries: a negation is counted once per clause ("ne … pas", "no … nada").
_CLAUSE = rx.compile(r"[,;:()\[\]{}«»\"“”„!?¿¡.。，；：！？、]|\s[-–—]\s|[–—]")
# Words for matching cues: an elided clitic keeps its apostrophe ("n'", "n'a", "don't").
_CUE_WORD = rx.compile(r"\w+(?:[-'’]\w+)*['’]?")


@dataclass(frozen=True)
class Hit:
    cue: str  # the cue as written in the data file
    start: int  # offsets relative to the text searched
    end: int
    cls: str


@dataclass(frozen=True)
class Unit:
    """One negated clause: its cues, and the span from the first cue to the last."""
    start: int
    end: int
    hits: tuple[Hit, ...]

    @property
    def lexical(self) -> bool:
        """Negated only by a verb or noun ("lacks", "refused"): weaker evidence."""
        return all(h.cls == "lacking" for h in self.hits)


def _element(word: str):
    """A matcher for one word of a cue: 'kein*' prefix, '*n't' suffix, 'a|b' alternatives."""
    alts = word.replace("’", "'").split("|")

    def match(tok: str) -> bool:
        for a in alts:
            if a.startswith("*") and a.endswith("*") and len(a) > 2:
                if a[1:-1] in tok:
                    return True
            elif a.endswith("*") and tok.startswith(a[:-1]) or \
                    a.startswith("*") and tok.endswith(a[1:]) or tok == a:
                return True
        return False
    return match


@functools.cache
def polarity(lang: str) -> dict[str, tuple[tuple[str, tuple], ...]]:
    """Cue class -> (cue, matcher per word); 'exceptions' too, where GAP is a matcher of None."""
    data = _negation_data(lang)
    unspaced = bool(data.get("unspaced"))
    out = {}
    for cls in (*CLASSES, "exceptions"):
        entries = []
        for cue in data.get(cls, ()):
            if unspaced:
                entries.append((cue, tuple(cue.split(GAP))))
            else:
                entries.append((cue, tuple(None if w == GAP else _element(w) for w in cue.lower().split())))
        out[cls] = tuple(entries)
    return out


def is_unspaced(lang: str) -> bool:
    return bool(_negation_data(lang).get("unspaced"))


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of text, cut at punctuation."""
    out, pos = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def polarity_hits(text: str, lang: str) -> list[Hit]:
    """Every polarity cue in text (all classes), except inside exceptions ("not only")."""
    hits: list[Hit] = []
    for cs, ce in clauses(text):
        if is_unspaced(lang):
            hits += _unspaced_hits(text, cs, ce, lang)
        else:
            hits += _word_hits(text, cs, ce, lang)
    return hits


_NUMBER_SIGN = rx.compile(r"\.\s?\d")  # "No. 5", "Nos. 3-4": a number sign, not "no"


def _word_hits(text: str, cs: int, ce: int, lang: str) -> list[Hit]:
    mixed = any(c.islower() for c in text[cs:ce])
    toks = [(_cue_form(m.group(), text, m.end(), mixed), m.start(), m.end())
            for m in _CUE_WORD.finditer(text, cs, ce)]
    words = [t[0] for t in toks]
    # A headline in title case ("Talks Fail To Reopen Route") capitalises its verbs too
    title = _title_case([text[s:e] for _, s, e in toks])
    negator = [any(_seq_at(words, i, m) for _, m in _starting(lang, "negators", w)) for i, w in enumerate(words)]
    masked: set[int] = set()
    for i, w in enumerate(words):
        for _, pat in _starting(lang, "exceptions", w):
            masked.update(_seq_at(words, i, pat, negator))
    hits = []
    for cls in CLASSES:
        for i, w in enumerate(words):
            for cue, pat in _starting(lang, cls, w):
                got = _seq_at(words, i, pat)
                if got and not masked.intersection(got) and not (
                        cls == "lacking" and i and not title and text[toks[i][1]].isupper()):
                    # (a capitalised verb of lack inside a clause is a name: "Hafnar")
                    hits.append(Hit(cue, toks[got[0]][1], toks[got[-1]][2], cls))
    return hits


def _title_case(words: list[str]) -> bool:
    """Every word of four letters or more capitalised (and at least three of them)."""
    long = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _cue_form(word: str, text: str, end: int, mixed: bool) -> str:
    """The word as cues are matched; "" for a word that only looks like a cue: an
    abbreviation in capitals among lowercase text ("NE" of Katmandu, "NO" for north-east)
    and the number sign "No." before a figure."""
    if mixed and len(word) >= 2 and word.isupper():
        return ""
    if word in ("No", "Nos", "no", "nos") and _NUMBER_SIGN.match(text, end):
        return ""
    return word.lower().replace("’", "'")


@functools.lru_cache(maxsize=65536)
def _starting(lang: str, cls: str, word: str) -> tuple[tuple[str, tuple], ...]:
    """The cues of a class that can start at this word (words repeat: looked up once)."""
    return tuple((cue, pat) for cue, pat in polarity(lang)[cls] if pat[0] is None or pat[0](word))


def _seq_at(words: list[str], i: int, pat: tuple, negator: list[bool] | None = None) -> list[int]:
    """Indices of the words that pattern pat matches from word i ([] if none); a GAP skips
    0 to _GAP_MAX words that are not negators themselves."""
    if not pat:
        return []
    if pat[0] is None:
        for skip in range(_GAP_MAX + 1):
            if i + skip > len(words) or (skip and negator and negator[i + skip - 1]):
                return []
            rest = _seq_at(words, i + skip, pat[1:], negator)
            if rest:
                return rest
        return []
    if i >= len(words) or not pat[0](words[i]):
        return []
    if len(pat) == 1:
        return [i]
    rest = _seq_at(words, i + 1, pat[1:], negator)
    return [i, *rest] if rest else []


def _unspaced_hits(text: str, cs: int, ce: int, lang: str) -> list[Hit]:
    """Cues found as substrings (Chinese, Japanese), except inside exceptions ("非常")."""
    data = polarity(lang)
    clause = text[cs:ce]
    masked: set[int] = set()
    for _, parts in data["exceptions"]:
        rx = ".{0,12}?".join(re.escape(p) for p in parts)
        for m in re.finditer(rx, clause):
            if len(parts) == 1:
                masked.update(range(m.start(), m.end()))
            else:  # mask the two ends of "しか…ない", not what stands between
                masked.update(range(m.start(), m.start() + len(parts[0])))
                masked.update(range(m.end() - len(parts[-1]), m.end()))
    masked |= _lexical_negatives(clause, lang)
    hits: list[Hit] = []
    taken: set[int] = set()
    entries = sorted(((cls, cue) for cls in CLASSES for cue, _ in data[cls]), key=lambda e: -len(e[1]))
    for cls, cue in entries:
        for m in re.finditer(re.escape(cue), clause):
            span = set(range(m.start(), m.end()))
            if not span & masked and not span & taken:
                taken |= span
                hits.append(Hit(cue, cs + m.start(), cs + m.end(), cls))
    return hits


_NEGATOR_GLOSS = rx.compile(r"n't$|^(?:not|no|never|cannot|nothing|none|nobody|neither|nor|nowhere)$")


def _lexical_negatives(clause: str, lang: str) -> set[int]:
    """Positions of clause inside dictionary words that negate lexically (不安 "uneasy", 不满
    "dissatisfied", 不变 "unvarying"): English says those without a negator, so neither side
    counts them. A word is one when the bilingual lexicon glosses it with an English word that
    negates by its form (WordNet's un-/in-/dis- antonyms) and with no negator ("不能" is
    "cannot": a negation)."""
    from .. import bilingual

    # Chinese only: its negators are prefixes of words, like English un-; Japanese negates
    # verbs with an ending (ない), which a dictionary of base forms glosses as a word of its
    # own ("無い": nonexistent)
    lex = bilingual.lexicon(lang) if base_lang(lang) == "zh" else None
    if lex is None:
        return set()
    out: set[int] = set()
    for a, b in bilingual.word_spans(clause, lex, int(bilingual.shape()["max_word_chars"])):
        if b - a < 2:
            continue
        gl = bilingual.glosses(clause[a:b], lang)
        if gl & _english_negatives() and not any(_NEGATOR_GLOSS.search(g) for g in gl):
            out.update(range(a, b))
    return out


def _english_negatives() -> frozenset[str]:
    """English words that negate by their form ("uneasy", "careless"): a gloss among them
    makes the glossed word a lexical negative (corpora/divergence/en-lexical-negatives.txt)."""
    return resources.word_set("divergence", "en-lexical-negatives.txt")


def negation_units(text: str, lang: str, hits: list[Hit] | None = None) -> list[Unit]:
    """The negated clauses of text: all negation cues of one clause make one unit, so that
    "ne … pas", "no … nada" and "ни … ни" count once, like "not". A negated verb of lack
    is positive ("did not fail to", "ne manque pas de") and makes none; a clause with a
    near-negative is near-negated ("ne … guère", "hampir tidak"), not negated."""
    hits = polarity_hits(text, lang) if hits is None else hits
    units = []
    for cs, ce in clauses(text):
        inside = sorted((h for h in hits if cs <= h.start < ce and h.cls in ("negators", "lacking", "near")),
                        key=lambda h: h.start)
        if inside and len({h.cls for h in inside}) == 1 and inside[0].cls != "near":
            end = max(h.end for h in inside)
            if end - inside[0].start > _UNIT_MAX:  # far apart: show the first cue only
                end = inside[0].end
            units.append(Unit(inside[0].start, end, tuple(inside)))
    return units


@functools.cache
def numbers(lang: str) -> dict:
    table = resources.load_toml(resources.path("divergence", "numbers.toml"))
    return table.get(base_lang(lang), table["en"])
