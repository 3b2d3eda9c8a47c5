"""Bilingual lexical evidence: which English lemmas a word may mean, whether two words of two
languages translate each other, and how much of a sentence's meaning-bearing words another
sentence carries.

Data: corpora/bilingual/<lang>-en.tsv (word -> Zipf, English content-word lemmas; built by
scripts/build_bilingual.py from CC-CEDICT and FreeDict) and corpora/bilingual/inflections.toml
(per-language endings: a word not in the lexicon is looked up again without one, so
"Regierungen" finds "regierung"). English words stand for themselves; two other languages
are compared through English (de -> fr: a German and a French word that share a gloss).

English glosses and English text meet through stem() (talks/talked/talking -> talk), and
a gloss also matches a word with the same first `prefix` letters of its stem (legislate ~
legislators): a dictionary names a word's family, not the form a translator chose.

Everything is loaded lazily and cached (the lexicons also on disk, as block-wise Tables):
`mtqa check` without a source never touches this module's data.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import NamedTuple

from . import resources, rx, tokens
from .languages import base

Entry = tuple[float, tuple[str, ...]]  # (zipf of the word, English lemmas)
Span = tuple[int, int]
# Scripts written without spaces between words (Han, kana): cut by the lexicon's keys.
UNSPACED_RUN = rx.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# -- the lexicons --------------------------------------------------------------------------

def _parse(text: str) -> Entry:
    z, *lemmas = text.split(" ")
    if not lemmas:
        raise ValueError("a lexicon entry without lemmas")
    return float(z), tuple(lemmas)


def _show(entry: Entry) -> str:
    return " ".join((f"{entry[0]:g}", *entry[1]))


def _read(p) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for _, line in resources.data_lines(p):
        word, zipf, lemmas = line.split("\t")
        out[word] = (float(zipf), tuple(lemmas.split(" ")))
    return out


def lexicon(src_lang: str, tgt_lang: str = "en") -> Mapping[str, Entry] | None:
    """source word -> (zipf, English lemmas), or None when no lexicon is shipped."""
    return _lexicon(base(src_lang), base(tgt_lang))


@functools.cache
def _lexicon(src_lang: str, tgt_lang: str) -> Mapping[str, Entry] | None:
    if not src_lang or not tgt_lang:
        return None
    p = resources.path("bilingual", f"{src_lang}-{tgt_lang}.tsv")
    if not p.exists():
        return None
    build = functools.partial(_read, p)
    return resources.disk_cached(
        f"bilingual-{src_lang}-{tgt_lang}", [p, __file__], build, resources.TABLE,
        lambda d, texts: resources.Table.to_json(d, texts, _show),
        lambda data, texts: resources.Table.from_json(data, texts, _parse, texts.fresh))


def _inflection(lang: str) -> Mapping:
    """lang's table of corpora/bilingual/inflections.toml (empty for a language without)."""
    return resources.load_toml(resources.path("bilingual", "inflections.toml")).get(lang, {})


@functools.cache
def _affixes(lang: str) -> tuple[tuple[str, str, bool], ...]:
    """(affix, replacement, is_prefix) of lang, longest affix first."""
    table = _inflection(lang)
    out = [(*s.partition(">")[::2], False) for s in table.get("suffixes", ())]
    out += [(p, "", True) for p in table.get("prefixes", ())]
    # at one length a replacement first: German "tagte" is "tagen" before it is "Tag"
    return tuple(sorted(out, key=lambda a: (-len(a[0]), -len(a[1]))))


def _strip(word: str, lang: str) -> list[str]:
    out = []
    for affix, repl, prefix in _affixes(lang):
        if len(word) - len(affix) >= 3:
            if prefix and word.startswith(affix):
                out.append(word[len(affix):])
            elif not prefix and word.endswith(affix):
                out.append(word[:len(word) - len(affix)] + repl)
    return out


@functools.lru_cache(maxsize=1 << 16)
def candidates(word: str, lang: str) -> tuple[str, ...]:
    """The forms to look a lowercase word up as: itself, then without one affix of lang
    (longest first), then without two (a clitic prefix and an ending: "والحكومة")."""
    one = _strip(word, lang)
    two = [w2 for w1 in one for w2 in _strip(w1, lang)]
    return tuple(dict.fromkeys([word, *one, *two]))


def _find(word: str, lex: Mapping[str, Entry], lang: str) -> Entry | None:
    """The word's own entry joined with that of its first known uninflected form (French
    "nouvelles" is a noun, news, and the plural of "nouvelle", new)."""
    hits = list(itertools.islice(
        (e for form in candidates(word, lang) if (e := lex.get(form)) is not None), 2))
    if len(hits) < 2 or word not in lex:
        return hits[0] if hits else None
    (z, own), (_, other) = hits
    return z, tuple(dict.fromkeys(own + other))


def lookup(word: str, lex: Mapping[str, Entry], lang: str) -> Entry | None:
    """The entry of a word of lang in lex, through its inflection; in a language that writes
    compounds as one word, an unknown word by its longest known tail of 4+ letters (the head:
    "Schlafraum" -> "raum"); None if unknown."""
    word, lang = word.lower(), base(lang)
    entry = _find(word, lex, lang)
    if entry is None and _inflection(lang).get("compounds", False):
        entry = next((e for i in range(3, len(word) - 3)
                      if (e := _find(word[i:], lex, lang)) is not None), None)
    return entry


# -- English stems -------------------------------------------------------------------------

@functools.cache
def _irregular() -> dict[str, str]:
    """Irregular English verb forms -> base ("met" -> "meet"), from the mechanics list."""
    out: dict[str, str] = {}
    for row in resources.read_tsv(resources.path("mechanics", "en-irregular-verbs.tsv")):
        for form in (row["past"] + "|" + row["participle"]).split("|"):
            out.setdefault(form, row["base"])
    return out


@functools.cache
def stem(word: str) -> str:
    """A light English stem, the same for a lemma and its regular inflections: talks/talked/
    talking -> talk, cities -> citi, city -> citi, used/using/use -> us. Only ever compared
    with another stem() result, so it need not be a word."""
    w = _irregular().get(word, word)
    for suffix, repl in (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith(("ss", "us", "is")):
            w = w[:-len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":  # running -> runn -> run
        w = w[:-1]
    if w.endswith("y"):
        w = w[:-1] + "i"
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


@functools.cache
def function_words() -> frozenset[str]:
    return resources.word_set("mechanics", "en-function-words.txt")


def heads(stems, k: int) -> set[str]:
    """The first k letters of the stems that long: what a prefix match compares."""
    return {s[:k] for s in stems if len(s) >= k}


def found(stems, in_stems, in_heads, k: int) -> bool:
    """Whether one of stems is in in_stems, or shares its first k letters with in_heads."""
    return any(s in in_stems or (len(s) >= k and s[:k] in in_heads) for s in stems)


# -- the word-level API --------------------------------------------------------------------

@functools.lru_cache(maxsize=1 << 16)
def _entry(word: str, lang: str) -> Entry | None:
    """(zipf, English lemmas) of a lowercase word of lang; English words gloss themselves
    (zipf from corpora/lexicon/words-en.tsv, 0 for a word not listed: a name)."""
    if lang == "en":
        return resources.word_freqs("en").get(word, 0.0), (_irregular().get(word, word),)
    lex = lexicon(lang)
    return None if lex is None else lookup(word, lex, lang)


def glosses(word: str, lang: str) -> frozenset[str]:
    """The English lemmas a word of lang may mean, through its inflection (for English the
    word itself, or the base of an irregular verb form); empty when unknown."""
    entry = _entry(word.lower(), base(lang))
    return frozenset(entry[1]) if entry else frozenset()


@functools.lru_cache(maxsize=1 << 16)
def _stems(word: str, lang: str) -> frozenset[str]:
    entry = _entry(word, lang)
    return frozenset(stem(x) for x in entry[1]) if entry else frozenset()


def translates(src_word: str, src_lang: str, tgt_word: str, tgt_lang: str,
               prefix: int = 6) -> bool | None:
    """True when the two words share an English lemma (through English for two other
    languages, and through stems: "Verhandlungen" ~ "talks" ~ "négociations"), False when
    both are known and share none, None when either is unknown."""
    a = _stems(src_word.lower(), base(src_lang))
    b = _stems(tgt_word.lower(), base(tgt_lang))
    if not a or not b:
        return None
    return found(a, b, heads(b, prefix), prefix)


# -- sentence coverage ---------------------------------------------------------------------

class Coverage(NamedTuple):
    covered: float  # summed weight of the content words found in the other text
    total: float  # summed weight of the text's content words
    uncovered: list[Span]  # runs of content words not found, as char spans of the text

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0


@functools.cache
def shape() -> Mapping:
    """Weights and matching settings: the [adequacy.lexical] table of model.toml."""
    return resources.load_toml(resources.path("scoring", "model.toml"))["adequacy"]["lexical"]


def weight(zipf: float, shape: Mapping) -> float:
    """A rare word carries more meaning: top_zipf - zipf, clamped to [min_weight, max_weight]."""
    w = float(shape["top_zipf"]) - zipf
    return min(max(w, float(shape["min_weight"])), float(shape["max_weight"]))


def word_spans(text: str, lex: Mapping[str, Entry] | None, max_chars: int) -> list[Span]:
    """The words of text as spans: runs of unspaced script cut by forward maximum matching
    over the lexicon's keys (a character no key starts with stands alone); other words as
    runs of letters (digits are left to the number checks)."""
    out: list[Span] = []
    pos = 0
    for m in UNSPACED_RUN.finditer(text):
        out += [sp for w in tokens.WORD_RUN.finditer(text, pos, m.start())
                if (sp := w.span()) and w.group().isalpha()]
        i = m.start()
        while i < m.end():
            n = next((k for k in range(min(max_chars, m.end() - i), 1, -1)
                      if lex is not None and text[i:i + k] in lex), 1)
            out.append((i, i + n))
            i += n
        pos = m.end()
    out += [w.span() for w in tokens.WORD_RUN.finditer(text, pos) if w.group().isalpha()]
    return out


def _content(text: str, lang: str, shp: Mapping) -> list[tuple[Span, float, frozenset[str]]]:
    """(span, weight, English stems) of the meaning-bearing words of text: known to the
    lexicon, not more common than max_zipf, not an English function word."""
    max_zipf = float(shp["max_zipf"])
    out = []
    for s, e in word_spans(text, lexicon(lang) if lang != "en" else None, int(shp["max_word_chars"])):
        w = text[s:e].lower()
        entry = _entry(w, lang)
        if entry is None or entry[0] > max_zipf or (len(w) < 2 and not UNSPACED_RUN.match(w)) \
                or (lang == "en" and w in function_words()):
            continue
        out.append(((s, e), weight(entry[0], shp), _stems(w, lang)))
    return out


def _merge(spans: list[Span], covered_between: list[bool]) -> list[Span]:
    """Adjacent uncovered content words (no covered one between them) as one span."""
    out: list[Span] = []
    for sp, cut in zip(spans, covered_between):
        if out and not cut:
            out[-1] = (out[-1][0], sp[1])
        else:
            out.append(sp)
    return out


def coverage(src_text: str, src_lang: str, tgt_text: str, tgt_lang: str,
             shp: Mapping | None = None) -> Coverage | None:
    """How much of src_text's meaning-bearing words tgt_text carries, weighted by rarity; the
    reverse (target words the source does not explain) is coverage(tgt, tgt_lang, src,
    src_lang). A source word is covered when one of its English lemmas is a lemma of a
    target word, or when the target holds it verbatim (a name, a cognate). None when either
    language has no lexicon (English always has one: itself)."""
    sl, tl = base(src_lang), base(tgt_lang)
    if any(x != "en" and lexicon(x) is None for x in (sl, tl)):
        return None
    shp = shp or shape()
    k = int(shp["prefix"])
    tgt_stems: set[str] = set()
    for _, _, st in _content(tgt_text, tl, shp):
        tgt_stems |= st
    tgt_heads = heads(tgt_stems, k)
    tgt_words = set(tokens.words(tgt_text))
    covered = total = 0.0
    missed: list[Span] = []
    cut: list[bool] = []
    since = True  # a covered word since the last uncovered one
    for (s, e), wt, st in _content(src_text, sl, shp):
        total += wt
        if found(st, tgt_stems, tgt_heads, k) or src_text[s:e].lower() in tgt_words:
            covered += wt
            since = True
        else:
            missed.append((s, e))
            cut.append(since)
            since = False
    return Coverage(covered, total, _merge(missed, cut))


# -- for the divergence checks and the aligner ----------------------------------------------

def zipf(word: str, lang: str) -> float:
    """The Zipf frequency of a word of lang as its lexicon lists it (0.0 when unknown)."""
    entry = _entry(word.lower(), base(lang))
    return entry[0] if entry else 0.0


def sentence_stems(text: str, lang: str) -> set[str]:
    """The English stems of the meaning-bearing words of text (see coverage())."""
    out: set[str] = set()
    for _, _, st in _content(text, base(lang), shape()):
        out |= st
    return out
