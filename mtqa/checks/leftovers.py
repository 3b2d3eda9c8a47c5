"""Leftovers of the source inside an English text, one word or one mark at a time.

lang.untranslated-sentence and lang.untranslated-run (mtqa.checks.language) report what
annotation found in whole sentences and runs; these rules report what is left outside
them: a single source-language word ("the talks reached seitsemässä rounds"), a half-translated
compound ("the tulli-reform"), a word in another script ("Источник:"), and placeholder or
markup marks a CMS or an MT system left ("{name}", "&nbsp;", "Presi[...]dent").

A word is a leftover only when English explains it in no way (its word list, WordNet's
forms, an English prefix or suffix on an English stem, one typo away from a common word)
and a source language does: its word list knows it, or its character trigram statistics
(corpora/lexicon/char-trigrams.tsv) make it far likelier there than in English. The
document's guessed source language needs less evidence than any other.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import langid, languages, resources, rx, tokens
from ..document import Document
from ..finding import Finding
from ..rules import Rule
from ..tokens import Token
from .context import Context

# Latin-script languages whose texts are checked for single English words left in them
# (each has its word list in corpora/lexicon).
ENGLISH_INTO = ("de", "fr", "es", "it", "pt", "id")
# Languages not written in Latin letters: their texts are checked for English prose instead of
# for words in another script.
NON_LATIN = frozenset({"ru", "uk", "bg", "sr", "mk", "be", "ja", "zh", "ko", "ar", "fa", "he",
                       "el", "th", "hi"})
ENGLISH_ZIPF = 3.5  # an English word left in another language is a common one...
HOME_LEAD = 2.0  # ... this much commoner in English than in the text's own list
HOME_ZIPF = 3.0  # ... and rarer than this there (a loanword the language uses is its own)
MIN_PROSE_WORDS = 4  # English prose in a non-Latin text: words of a Latin run...
MIN_PROSE_LOWER = 3  # ... of them lower-case common English words (a name is capitalised)

WORD = Rule(
    "lang.untranslated-word", "accuracy/untranslated", "major",
    "A single source-language word, or a compound half in the source language, left in an "
    "English sentence: no English word or form explains it and the source language's word "
    "list, word shapes, or a common source word one letter away do. In a German, French, "
    "Spanish, Italian, Portuguese or Indonesian text: a common English word that "
    "text's own word list hardly knows (a loanword it uses is its own).",
    langs=("en", *ENGLISH_INTO),
    examples=("Mr Virtanen said the party had won kuudessa elections in a row.",
              "HELSINKI (STT) - Ministers defended the tulli-reform in parliament on Tuesday, saying "
              "it would cut costs for exporters and their customers."),
    counterexamples=("Mr Virtanen said the party had won five elections in a row.",
                     "Ministers defended the re-elected anti-government Brexiteers' reform."))
SCRIPT = Rule(
    "lang.foreign-script", "accuracy/untranslated", "major",
    "Words in another writing system inside a Latin-script text (a caption label, a service "
    "notice): left untranslated. A gloss in parentheses after its English form is not. In a "
    "Japanese, Chinese or Russian text: a stretch of English prose in Latin letters.",
    examples=("Crowds gathered outside the parliament. Источник: Reuters",),
    counterexamples=("President Volodymyr Zelensky (Володимир Зеленський) spoke on Monday.",))
PLACEHOLDER = Rule(
    "lang.placeholder", "other/boilerplate", "major",
    "A placeholder, template or markup mark left in the text by a CMS or an MT system "
    "('{name}', '%s', '&nbsp;', 'XXX', a '[...]' inside a word).",
    examples=("The minister, {name}, declined to comment.",),
    counterexamples=("The minister, Anna Virtanen, declined to comment.",))
RULES = [WORD, SCRIPT, PLACEHOLDER]

MIN_LETTERS = 4  # shorter words are too often an abbreviation or an English typo
LISTED_ZIPF = 2.0  # in the source language's word list at least this often
LISTED_ZIPF_ELSEWHERE = 3.5  # ... in another language's list: common words only
SHAPE_MARGIN = 0.5  # char-trigram log10 lead over English, per trigram, in the source language
SHAPE_MARGIN_ELSEWHERE = 1.0  # ... in another language
TYPO_ZIPF = 3.0  # a word one edit from an English word this common is a typo, not a leftover
GARBLED_ZIPF = 4.0  # a word one edit from a source-language word this common is that word garbled

_ENGLISH_PREFIXES = (
    "anti", "counter", "cyber", "hyper", "inter", "intra", "mega", "micro", "multi", "neo",
    "non", "over", "post", "pre", "pro", "pseudo", "quasi", "semi", "sub", "super", "trans",
    "ultra", "under", "vice", "mis", "mid", "out", "co", "de", "dis", "ex", "re", "un", "bi", "tri")
# Longest first, so "ers" is tried before "s".
_ENGLISH_SUFFIXES = tuple(sorted((
    "s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "ness", "ment", "ments", "ist",
    "ists", "ism", "isms", "ite", "ites", "eer", "eers", "ian", "ians", "ity", "ities", "ise",
    "ised", "ize", "ized", "ization", "isation", "able", "ful", "less", "ship", "hood", "led",
    "style", "like", "wise"), key=len, reverse=True))


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    assert doc.facts is not None, "annotate the document first"
    covered = [(f.start, f.end) for f in doc.facts.foreign]
    if ctx.wants(WORD) and doc.lang in ("", "en"):
        yield from _words(doc, covered)
    elif ctx.wants(WORD) and doc.lang in ENGLISH_INTO:
        yield from _english_words(doc, covered)
    if ctx.wants(SCRIPT) and doc.lang in NON_LATIN:
        yield from _english_prose(doc, covered)
    elif ctx.wants(SCRIPT) and langid.script_of(doc.text[:5000]) == "latin":
        yield from _scripts(doc, covered)
    if ctx.wants(PLACEHOLDER):
        yield from _placeholders(doc)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# -- single words ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    lang: str
    how: str  # listed | shape | garbled
    zipf: float  # in that language's list (0: not listed); garbled: of the word it is near
    margin: float  # char-trigram lead over English, per trigram
    near: str = ""  # garbled: the source-language word one edit away


def _words(doc: Document, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    src = doc.facts.source_lang_guess if doc.facts is not None else ""
    names: set[str] | None = None  # a name written lower-case is not a leftover
    for t in doc.tokens:
        w = t.text
        if t.kind != "word" or len(w) < MIN_LETTERS or not w[0].islower():
            continue
        hit = _leftover(t.lower, src)
        if hit is None or _inside(t.start, t.end, covered):
            continue
        if names is None:
            names = {x.lower for x in doc.tokens if x.is_capitalized}
        if t.lower not in names:
            yield _word_finding(doc, t, *hit)


@functools.lru_cache(maxsize=8192)
def _leftover(word: str, src: str) -> tuple[str, Verdict] | None:
    """(the source-language part, its verdict) for a word or a half-translated compound
    (one part English, another a source-language word); None when English may explain it."""
    parts = word.split("-")
    if len(parts) == 1:
        v = _foreign(word, src)
        return None if v is None else (word, v)
    if not any(_english(p) for p in parts):
        return None
    for p in parts:
        v = None if _english(p) else _foreign(p, src)
        if v is not None:
            return p, v
    return None


def _word_finding(doc: Document, t: Token, word: str, v: Verdict) -> Finding:
    name = languages.known().get(v.lang, v.lang)
    why = {"listed": f"in the {name} word list (Zipf {v.zipf:.1f})",
           "garbled": f"one letter from the {name} word '{v.near}' (Zipf {v.zipf:.1f})",
           "shape": f"{name}-shaped: character trigrams {v.margin:+.2f} log10 per trigram over English"}[v.how]
    what = f"'{word}' in the compound '{t.text}'" if word != t.lower else f"'{t.text}'"
    ev = {"lang": v.lang, "how": v.how, "zipf": round(v.zipf, 2), "char_margin": round(v.margin, 2),
          "word": word, "near": v.near}
    return WORD.finding(t.start, t.end, f"{what} is not English; {why}: left untranslated?", "", ev,
                        0.8 if v.how == "listed" else 0.6)


def _foreign(word: str, src: str) -> Verdict | None:
    """The source-language verdict on a lower-case word, or None when English may explain it."""
    if len(word) < MIN_LETTERS or not word.isalpha() or _english(word):
        return None
    shape = langid.char_scores(word)
    if not shape:
        return None
    en = shape.get("en", 0.0)
    margins = {lang: s - en for lang, s in shape.items() if lang != "en"}
    top = max(margins.values())
    order = ([src] if src in margins else []) + sorted(margins, key=lambda code: (-margins[code], code))
    for lang in dict.fromkeys(order):
        home = lang == src
        zipf = _listed(word, lang, home)
        if zipf >= (LISTED_ZIPF if home else LISTED_ZIPF_ELSEWHERE) and margins[lang] >= (0.0 if home else 0.3):
            if (home and zipf >= 3.0) or not _typo(word):
                return Verdict(lang, "listed", zipf, margins[lang])
        # A source word garbled by one letter ("the policy deshlab") keeps a common word's shape.
        near = _near(word, lang, GARBLED_ZIPF) if home else ""
        if near and not _typo(word):
            return Verdict(lang, "garbled", resources.word_freqs(lang).get(near, 0.0), margins[lang], near)
        # A form no list has: its shape must lead English clearly and not trail another language much.
        need = SHAPE_MARGIN if home else SHAPE_MARGIN_ELSEWHERE
        if margins[lang] >= need and margins[lang] >= top - 0.1 and not _typo(word):
            return Verdict(lang, "shape", 0.0, margins[lang])
    return None


def _listed(word: str, lang: str, home: bool) -> float:
    """Zipf of the word in lang's list; for the source language also of an English-prefixed or
    English-suffixed stem ("vice" + a source noun, a source noun + "s")."""
    table = resources.word_freqs(lang)
    z = table.get(word, 0.0)
    if z or not home:
        return z
    for pre in _ENGLISH_PREFIXES:
        rest = word[len(pre):]
        if word.startswith(pre) and len(rest) >= 5 and not _english(rest):
            z = max(z, table.get(rest, 0.0) if table.get(rest, 0.0) >= 3.0 else 0.0)
    for suf in _ENGLISH_SUFFIXES:
        stem = word[:-len(suf)]
        if word.endswith(suf) and len(stem) >= MIN_LETTERS and table.get(stem, 0.0) >= 3.0 \
                and not _english(stem):
            z = max(z, table[stem])
    return z


@functools.lru_cache(maxsize=4096)
def _english(word: str) -> bool:
    """Whether English explains the word: listed, a WordNet form, or an English stem with an
    English prefix or suffix ("re-elected", "anti-government", "brexiteers")."""
    if not word:
        return True
    en, pos = resources.word_freqs("en"), resources.pos_tags("en")
    if word in en or word in pos:
        return True
    if "-" in word or "'" in word or "’" in word:
        return all(_english(p) for p in re.split(r"[-'’]", word) if len(p) > 2)
    for suf in _ENGLISH_SUFFIXES:
        stem = word[:-len(suf)]
        if word.endswith(suf) and len(stem) >= 3:
            if any(s in en for s in _stems(stem)):
                return True
    for pre in _ENGLISH_PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= 3 and _english(word[len(pre):]):
            return True
    return False


def _stems(stem: str) -> tuple[str, ...]:
    """Spellings of a stem before a suffix: as is, with a silent e, y for i, undoubled."""
    out = [stem, stem + "e"]
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    if len(stem) > 3 and stem[-1] == stem[-2]:
        out.append(stem[:-1])
    return tuple(out)


def _typo(word: str) -> bool:
    """One edit away from a common English word: an English typo, not a leftover."""
    return bool(_near(word, "en", TYPO_ZIPF))


def _near(word: str, lang: str, zipf: float) -> str:
    """A word of lang's list at least this common one deletion, insertion, substitution or
    transposition away from word ("" if none)."""
    table = resources.word_freqs(lang)
    letters = string.ascii_lowercase + "äöüåéíóúñçßış"
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        cands = [a + b[1:]] if b else []
        if len(b) > 1:
            cands.append(a + b[1] + b[0] + b[2:])
        cands += [a + c + b for c in letters]
        cands += [a + c + b[1:] for c in letters if b and c != b[0]]
        for w in cands:
            if w != word and table.get(w, 0.0) >= zipf:
                return w
    return ""


# -- English words left in another language ----------------------------------------------------

def _english_words(doc: Document, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    """Lower-case words that are common English and rare in the text's language ("die supply
    wurde gekürzt"). A capitalised word may be a name or, in German, a noun the language took
    from English ("das Team"), so only lower-case words count."""
    home, en = resources.word_freqs(doc.lang), resources.word_freqs("en")
    name = languages.known().get(doc.lang, doc.lang)
    addresses = tokens.address_spans(doc.text)  # "www.example.de/weather" names no word
    for t in doc.tokens:
        w = t.lower
        if t.kind != "word" or len(w) <= MIN_LETTERS or not t.text[0].islower() or not w.isalpha() \
                or _inside(t.start, t.end, covered) or _inside(t.start, t.end, addresses) \
                or t.start and doc.text[t.start - 1] in "@#":  # a handle or a hashtag
            continue
        z_en, z_home = en.get(w, 0.0), home.get(w, 0.0)
        if z_en >= ENGLISH_ZIPF and z_home < HOME_ZIPF and z_en - z_home >= HOME_LEAD \
                and not _home_form(w, home) and not _mentioned(doc.text, t.start, t.end):
            yield WORD.finding(t.start, t.end, f"'{t.text}' is English, not {name}: left untranslated?",
                               "", {"lang": "en", "how": "listed", "zipf": z_en, "home_zipf": z_home,
                                    "word": w}, 0.7)


_OPENERS, _CLOSERS = "\"'«“„‚‹「『(", "\"'»”“‘›」』)"
_CITED_WORDS = 4  # a quoted or bracketed phrase this short names a term; longer is prose


def _mentioned(text: str, start: int, end: int) -> bool:
    """A word in a short phrase in quotation marks or brackets («upstream», "unstable
    release", (network attached storage)): the writer cites the English term on purpose
    (often "called ... in English", or an acronym spelt out), not MT leaving it behind."""
    left = text[max(0, start - 40):start]
    right = text[end:end + 40]
    i = max(left.rfind(c) for c in _OPENERS)
    j = min((k for k in (right.find(c) for c in _CLOSERS) if k >= 0), default=-1)
    if i < 0 or j < 0:
        return False
    inner = left[i + 1:] + text[start:end] + right[:j]
    return "\n" not in inner and not any(c in inner for c in _CLOSERS + _OPENERS) \
        and len(inner.split()) <= _CITED_WORDS


# Accented letters a word of the text's language may have lost ("imperative" for impérative).
_ACCENTS = {"a": "àâá", "e": "éèêë", "i": "îïí", "o": "ôó", "u": "ùûüú", "c": "ç", "n": "ñ"}


def _home_form(word: str, home: Mapping[str, float]) -> bool:
    """Whether the text's own list explains the word as one of its common words with an accent
    dropped, or with an ending added ("separates" beside German "separat")."""
    for i, ch in enumerate(word):
        if any(home.get(word[:i] + a + word[i + 1:], 0.0) >= LISTED_ZIPF for a in _ACCENTS.get(ch, "")):
            return True
    return any(home.get(word[:-k], 0.0) >= HOME_ZIPF for k in (1, 2) if len(word) - k >= MIN_LETTERS + 1)


LATIN_RUN = rx.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*)+[.!?]?")


def _english_prose(doc: Document, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    """A stretch of English prose in Latin letters inside a Japanese, Chinese or Russian text:
    MIN_PROSE_WORDS words or more, MIN_PROSE_LOWER of them lower-case common English words (a
    name or a title in Latin letters is capitalised: "Financial Times", "Made in China")."""
    name = languages.known().get(doc.lang, doc.lang)
    for m in LATIN_RUN.finditer(doc.text):
        # (a stretch overlapping a foreign run or sentence is lang.untranslated-*'s to report)
        if not english_prose(m.group()) or any(s < m.end() and m.start() < e for s, e in covered):
            continue
        yield SCRIPT.finding(m.start(), m.end(), f"'{m.group()}' is English prose inside a {name} "
                             "text: left untranslated?", "", {"script": "latin",
                                                              "words": len(m.group().split())})


_LATIN_WORD = rx.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’-]+")


def latin_prose(stretch: str) -> bool:
    """MIN_PROSE_WORDS words in Latin letters or more, between spaces, MIN_PROSE_LOWER of them
    lower case: a sentence of some language, not a web address, a name or a title."""
    ws = [w for w in (t.strip(".,;:!?\"'“”«»()") for t in stretch.split()) if _LATIN_WORD.fullmatch(w)]
    return len(ws) >= MIN_PROSE_WORDS and sum(w.islower() for w in ws) >= MIN_PROSE_LOWER


def english_prose(stretch: str) -> bool:
    """MIN_PROSE_WORDS words or more, MIN_PROSE_LOWER of them lower-case common English words:
    prose, not a name, a title or a web address in Latin letters."""
    ws = re.findall(r"[A-Za-z'’-]+", stretch)
    en = resources.word_freqs("en")
    return len(ws) >= MIN_PROSE_WORDS and \
        sum(1 for w in ws if w.islower() and en.get(w, 0.0) >= ENGLISH_ZIPF) >= MIN_PROSE_LOWER


# -- words in another script ------------------------------------------------------------------

# A letter of no Latin script (Latin, Latin-1, Extended-A/B, IPA, Latin Extended Additional).
_OTHER_LETTER = r"[^\W\d_\u0041-\u024f\u1e00-\u1eff]"
_SCRIPT_RUN = rx.compile(rf"{_OTHER_LETTER}+(?:[ \u00a0\-·,.'’]*{_OTHER_LETTER}+)*")
# Two runs with at most one short Latin token or number between them (a brand or "AI"
# inside a Korean notice) are one stretch, on one line.
_JOIN = rx.compile(r"[ \u00a0]*(?:[A-Za-z0-9]{1,4}[ \u00a0]*)?")


@functools.cache
def labels() -> Mapping[str, str]:
    """Caption and credit labels of other languages -> English ('фото' -> 'Photo')."""
    p = resources.path("lexicon", "foreign-labels.tsv")
    return {r["label"].lower(): r["english"] for r in resources.read_tsv(p)} if p.exists() else {}


def _scripts(doc: Document, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    text = doc.text
    runs = [[m.start(), m.end()] for m in _SCRIPT_RUN.finditer(text)]
    merged: list[list[int]] = []
    for r in runs:
        if merged:
            j = _JOIN.match(text, merged[-1][1], r[0])
            if j is not None and j.end() == r[0]:
                merged[-1][1] = r[1]
                continue
        merged.append(r)
    for s, e in merged:
        letters = sum(c.isalpha() for c in text[s:e])
        if letters < 2 or _inside(s, e, covered) or _gloss(text, s, e):
            continue
        colon = e < len(text) and text[e] in ":："
        word = text[s:e]
        script = langid.script_of(word)
        english = labels().get(word.lower(), "")
        end = e + 1 if colon else e
        ev = {"script": script, "letters": letters}
        msg = f"'{text[s:end]}' is in {script} script inside an English text: left untranslated?"
        yield SCRIPT.finding(s, end, msg, english + (":" if colon and english else ""), ev)


def _gloss(text: str, s: int, e: int) -> bool:
    """A run in parentheses or brackets right after other text: the original form of a
    name or term given beside its English one, not a leftover."""
    before = text[max(0, s - 3):s].rstrip(" \u00a0\"'“«")
    after = text[e:e + 3].lstrip(" \u00a0\"'”»")
    return before.endswith(("(", "[", "（")) and after.startswith((")", "]", "）", ",", ";"))


# -- placeholder and markup marks -------------------------------------------------------------

_PLACEHOLDERS = rx.compile(
    r"(?P<template>\{\{?\s*[A-Za-z_]\w*\s*\}?\}|\$\{\w+\}|%\(\w+\)[sd]|(?<![\w%])%[sd](?![\w%]))"
    r"|(?P<entity>&(?:nbsp|amp|quot|apos|lt|gt|mdash|ndash|hellip|rsquo|lsquo|rdquo|ldquo|shy|zwnj)"
    r";|&#x?[0-9A-Fa-f]{2,6};)"
    r"|(?P<cut>(?<=\w)\[(?:\.\.\.|…)\]|\[(?:\.\.\.|…)\](?=\w))"
    r"|(?P<mask>(?<=[^\s*] )\*{3,}(?=[,.;:]| [^\s*]))"  # in a line of text, not a section break
    r"|(?P<x>\b(?:x{3,}|X{3,})\b)"
)
_WHAT = {"template": "a template placeholder", "entity": "an HTML entity left undecoded",
         "cut": "a cut mark inside a word", "mask": "a mask for a word",
         "x": "a placeholder of x's"}


# Where a mark can start: the full pattern is tried only there (it is slow to scan with).
_TRIGGER = rx.compile(r"[{$%&*\[]|xxx|XXX")


def _placeholders(doc: Document) -> Iterator[Finding]:
    text, end = doc.text, 0
    for t in _TRIGGER.finditer(text):
        m = _PLACEHOLDERS.match(text, t.start()) if t.start() >= end else None
        if m is None:
            continue
        end = m.end()
        kind = m.lastgroup or ""
        if kind == "x" and m.group() == "XXX" and _roman(doc.text, m.start()):
            continue
        yield PLACEHOLDER.finding(m.start(), m.end(),
                                  f"'{m.group()}' is {_WHAT[kind]}: a CMS or MT leftover, not text",
                                  "", {"kind": kind})


def _roman(text: str, start: int) -> bool:
    """'XXX' after a capitalised word is a Roman numeral ("Super Bowl XXX", "Pius XXX")."""
    prev = text[max(0, start - 40):start].split()
    return bool(prev) and prev[-1][:1].isupper()
