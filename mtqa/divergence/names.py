"""Names changed or dropped between aligned sentences ("Volodymyr" -> "Volodymr").

A capitalised source word is matched with the words of its aligned target sentences through
what legitimately changes a name in translation, all of it data in corpora/divergence/:

- inflection endings of either language, compared stem to stem (name-endings.tsv:
  "des Nadelhorns" ~ "Nadelhorn", "í Kópavogi" ~ "Kópavogur", "Ankara'da" ~ "Ankara");
- one loose Latin spelling (name-letters.tsv: "Зеленский" ~ "Selenskyj" ~ "Zelensky",
  "Simbabwe" ~ "Zimbabwe");
- the gazetteer's accepted forms of a place or person (exonyms: "Genf" ~ "Genève").

A target word that none of these explains but that is a few edits from the source word, in
the same script, is a misspelling (diverge.name). A source word no target word comes near is
a dropped name (diverge.name-dropped) only when the word is surely a name and the translation
is known to keep it: German capitalises every noun, translators translate many place names,
and a name in Chinese or Japanese text cannot be compared letter by letter at all.
"""

from __future__ import annotations

import functools
import os.path
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import resources, rx
from ..checks.context import Context
from ..checks.names import distance, fold
from ..finding import Finding
from ..gazetteer import Gazetteer, gazetteer
from ..rules import Rule
from . import Pair, Segment

RULES = [
    Rule("diverge.name", "accuracy/mistranslation", "major",
         "A name spelled differently from the source ('Volodymr' for 'Volodymyr')."),
    Rule("diverge.name-dropped", "accuracy/omission", "minor",
         "A name in the source that the aligned translation leaves out."),
]
RULE = {r.id: r for r in RULES}

COMMON = 3.5  # Zipf at or above which a capitalised word is likely an ordinary word
MIN_STEM = 3  # letters a name keeps once an ending is taken off
# A target word shares a name's stem (so the name is not dropped) when their loose forms
# share this many first letters and this share of the shorter one (set on Text+Berg dev).
STEM_PREFIX, STEM_SHARE = 4, 0.75
RICH = 12  # a language with this many name endings changes a name's last letters in many ways
LENGTH_RATIO = 2.0  # a target sentence this much shorter or longer is no close translation
_OPENERS = frozenset("\"'«»„“”‘’‹›([{:–—-•*")  # after these a capital is sentence-initial
_PARTS = rx.compile(r"[-‐'’]")


# -- data ----------------------------------------------------------------------------------
@functools.cache
def _ending_table() -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in resources.read_tsv(resources.path("divergence", "name-endings.tsv")):
        ends = set(row["endings"].split())
        out[row["lang"], row["kind"]] = tuple(sorted(ends, key=lambda e: (-len(e), e)))
    return out


def endings(lang: str, kind: str = "inflection") -> tuple[str, ...]:
    """The language's name endings (or, kind="noun-suffix", common-noun suffixes), longest first."""
    return _ending_table().get((lang, kind), ())


@functools.cache
def _letters() -> tuple[dict[int, str], re.Pattern[str], dict[str, str], dict[int, str]]:
    tables: dict[str, dict[str, str]] = {"translit": {}, "variant": {}, "respell": {}}
    for row in resources.read_tsv(resources.path("divergence", "name-letters.tsv")):
        tables[row["kind"]][row["from"]] = row["to"]
    respell = tables["respell"]
    groups = rx.compile("|".join(map(re.escape, sorted(respell, key=len, reverse=True))))
    return str.maketrans(tables["translit"]), groups, respell, str.maketrans(tables["variant"])


@functools.lru_cache(maxsize=1 << 14)
def latin(word: str) -> str:
    """Lowercase, in Latin letters, without accents: 'Зеленский' -> 'zelenskii'."""
    return fold(word.lower().translate(_letters()[0]))


@functools.lru_cache(maxsize=1 << 14)
def loose(word: str) -> str:
    """One spelling for the ways languages write a name: 'Selenskyj', 'Zelensky' -> 'selenskii'."""
    _, groups, respell, _ = _letters()
    return groups.sub(lambda m: respell[m.group()], latin(word))


@functools.lru_cache(maxsize=1 << 14)
def stems(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    """Loose forms of the word and of what is left when an ending of one of langs is taken off."""
    w = word.lower()
    out = {w} | {w[:-len(e)] for lang in langs for e in endings(lang)
                 if w.endswith(e) and len(w) - len(e) >= MIN_STEM}
    return frozenset(loose(y) for x in out for y in {x, x.translate(_letters()[3])})


def shares_stem(a: str, b: str) -> bool:
    """Loose forms that begin alike for most of the shorter one (inflection the list lacks)."""
    n = len(os.path.commonprefix([a, b]))
    return n >= STEM_PREFIX and n >= STEM_SHARE * min(len(a), len(b))


def _script(word: str) -> str:
    """'LATIN', 'CYRILLIC', 'GREEK', ... of the word's first letter."""
    return unicodedata.name(word[0], "").split(" ", 1)[0]


def _alphabetic_share(text: str) -> float:
    """The share of letters written in an alphabet name-letters.tsv covers (Latin, Cyrillic, Greek)."""
    letters = [c for c in text if c.isalpha()]
    ok = sum(c < "\u0530" or "\u1e00" <= c < "\u2000" for c in letters)
    return ok / len(letters) if letters else 0.0


def common_noun(word: str, lang: str) -> bool:
    """For languages that capitalise nouns: a known word, a compound ending in one
    ('Schlaf|raum'), or a noun by its suffix ('Besteigung')."""
    suffixes = endings(lang, "noun-suffix")
    if not suffixes:
        return False
    w = word.lower()
    freqs = resources.word_freqs(lang)
    if any(x in freqs for x in _bases(w, lang)) or noun_by_suffix(word, lang):
        return True
    return any(len(w) - i >= 4 and any(x in freqs for x in _bases(w[i:], lang))
               for i in range(MIN_STEM, len(w) - 3))


def noun_by_suffix(word: str, lang: str) -> bool:
    """A common noun by its derivational suffix ('Besteigung', 'Fatalismus'), where listed."""
    w = word.lower()
    return any(w.endswith(s) and len(w) - len(s) >= MIN_STEM for s in endings(lang, "noun-suffix"))


def _suffix_adapted(a: str, b: str, lang: str) -> bool:
    """A common noun whose translation differs only in its suffix ('Fatalismus' ~ 'Fatalisme')."""
    n = len(os.path.commonprefix([a, b]))
    return any(a.endswith(s) and n >= len(a) - len(s) for s in endings(lang, "noun-suffix"))


def _bases(w: str, lang: str) -> list[str]:
    return [w] + [w[:-len(e)] for e in endings(lang) if w.endswith(e) and len(w) - len(e) >= MIN_STEM]


# -- words of a sentence -----------------------------------------------------------------------
@dataclass(frozen=True)
class Word:
    text: str
    start: int  # offsets into the document
    end: int
    initial: bool  # first word of its sentence (or after an opening quote, colon, dash)


def words(doc, sent_ids, spans: bool = True) -> list[Word]:
    """Capitalised words of the sentences (parts of hyphen and apostrophe words: 'Ankara'da'
    gives 'Ankara', "l'Europe" 'Europe'), and, with spans=False, also every other word and
    words broken at a line-end hyphen joined ('Lim-' 'merenfirn')."""
    out: list[Word] = []
    for i in sent_ids:
        s = doc.sentences[i]
        toks = doc.tokens[s.tok_lo:s.tok_hi]
        first = True
        for k, t in enumerate(toks):
            if t.kind != "word":
                first = first or t.text in _OPENERS
                continue
            pos = 0
            for part in _PARTS.split(t.text):
                at = t.start + t.text.index(part, pos)
                pos = at - t.start + len(part)
                if len(part) >= MIN_STEM and not any(c.isdigit() for c in part) \
                        and (part[0].isupper() or not spans):
                    out.append(Word(part, at, at + len(part), first))
            if not spans:
                out.append(Word(_PARTS.sub("", t.text), t.start, t.end, first))
                nxt = toks[k + 1:k + 3]
                if len(nxt) == 2 and nxt[0].text in "-‐" and nxt[0].start == t.end \
                        and nxt[1].kind == "word" and nxt[1].text[0].islower():
                    out.append(Word(t.text + nxt[1].text, t.start, nxt[1].end, first))
            first = False
    return out


def _tokens(doc, sent_ids) -> list:
    return [t for i in sent_ids for t in doc.tokens[doc.sentences[i].tok_lo:doc.sentences[i].tok_hi]]


def _n_words(doc, sent_ids) -> int:
    return sum(t.kind == "word" for t in _tokens(doc, sent_ids))


def _misspelling_confidence(a: str, b: str, edits: int) -> float:
    """Short names with one letter swapped for another ("Mira", "Mara"), or names apart in
    their first letter ("Hara"), are as often two different names as one misspelt:
    reported only on request."""
    if (len(a) < 5 and len(a) == len(b)) or fold(a[0]) != fold(b[0]):
        return 0.45
    return 0.8 if edits == 1 else 0.6


def _subsequence(short: str, long_: str) -> bool:
    """short is long_ with letters left out ('r' of 'yr')."""
    it = iter(long_)
    return all(c in it for c in short)


# -- the check ----------------------------------------------------------------------------------
class _Names:
    """Name matching for one document pair."""

    def __init__(self, pair: Pair, gaz: Gazetteer):
        self.pair, self.gaz = pair, gaz
        self.sl, self.tl = pair.src.lang or "", pair.tgt.lang or ""
        self.langs = tuple(dict.fromkeys((self.sl, self.tl)))
        self._exonyms: dict[str, frozenset[str]] = {}
        self._index: dict[str, list[Word]] | None = None
        self._words: dict[tuple, list[Word]] = {}
        self._near: dict[tuple[str, str], bool] = {}

    def words(self, side: str, sent_ids, spans: bool = True) -> list[Word]:
        """words() of one side's sentences, read once per document pair."""
        key = (side, tuple(sent_ids), spans)
        if key not in self._words:
            self._words[key] = words(self.pair.src if side == "src" else self.pair.tgt, sent_ids, spans)
        return self._words[key]

    def exonyms(self, word: str) -> frozenset[str]:
        """Loose forms of the gazetteer's other forms of the entity the word names."""
        if word not in self._exonyms:
            self._exonyms[word] = frozenset(loose(f) for e in self.gaz.lookup(word)
                                            for f in e.forms if " " not in f)
        return self._exonyms[word]

    def _keys(self, word: str) -> set[str]:
        """Keys under which near() can find a word: stems and the first letters of its loose form."""
        return {*stems(word, self.langs), loose(word)[:STEM_PREFIX - 1]}

    def same(self, a: str, b: str) -> bool:
        """b is a as the target language writes it: inflected, respelt or an exonym."""
        sa, sb = stems(a, self.langs), stems(b, self.langs)
        return bool(sa & sb) or bool(sb & self.exonyms(a))

    def near(self, a: str, b: str) -> bool:
        """b may render a: the same name, one sharing its stem, or a respelling a third of
        its letters from it ("Kangchendzönga" ~ "Kanchenjunga")."""
        if (a, b) not in self._near:
            self._near[(a, b)] = self._is_near(a, b)
        return self._near[(a, b)]

    def _is_near(self, a: str, b: str) -> bool:
        la, lb = loose(a), loose(b)
        if self.same(a, b) or shares_stem(la, lb) or (len(lb) >= MIN_STEM and la.endswith(lb)):
            return True  # (the last: a compound name shortened to its head, "Laxárdalur" ~ "Dalur")
        return any(distance(x, y, len(x) // 3) <= len(x) // 3
                   for x in stems(a, self.langs) for y in stems(b, self.langs))

    def misspelt(self, a: Word, b: Word) -> int:
        """Edits between the two spellings when b looks like a misspelling of a, else 0."""
        if _script(a.text) != _script(b.text):
            return 0  # across scripts a transliteration differs in too many ways
        fa, fb = fold(a.text), fold(b.text)
        limit = 0 if len(fa) < 4 else 1 if len(fa) < 9 else 2
        d = distance(fa, fb, limit)
        if not 0 < d <= limit or self.same(a.text, b.text):
            return 0
        if not self.pair.same_lang and (self.ordinary(b.text, self.tl) or self.inflected(fa, fb)
                                        or _suffix_adapted(fa, fb, self.sl)):
            return 0  # a word of the target language ("Ozean" ~ "Océan"), or a case form
        return d

    @staticmethod
    def ordinary(word: str, lang: str) -> bool:
        return resources.word_freqs(lang).get(word.lower(), 0.0) >= COMMON

    def inflected(self, a: str, b: str) -> bool:
        """In a language rich in case endings, words that differ only in their last few
        letters are one name in two cases, whether or not the ending is listed
        ("Vatnajökull" ~ "Vatnajökli")."""
        n = len(os.path.commonprefix([a, b]))
        ta, tb = a[n:], b[n:]
        return len(endings(self.tl)) >= RICH and n >= STEM_PREFIX + 1 and max(len(ta), len(tb)) <= 3 \
            and sorted(ta) != sorted(tb) and not _subsequence(tb, ta)  # dropped or swapped letters

    def suggestion(self, name: str) -> str:
        """The source's spelling; across languages, where it may carry a case ending of the
        source language (German "Purras"), its bare form if the source writes that too
        ("Riikka Purra"), else none: "Pari" is no fix for "Paris"."""
        if self.pair.same_lang or not any(name.lower().endswith(e) for e in endings(self.sl)):
            return name
        bare = {w.text for w in self.words("src", range(len(self.pair.src.sentences)))}
        return next((name[:-len(e)] for e in endings(self.sl)
                     if name.lower().endswith(e) and len(name) - len(e) >= MIN_STEM
                     and name[:-len(e)] in bare), "")

    def sure_name(self, w: Word) -> bool:
        """A proper name beyond doubt: capitalised mid-sentence, rare as a word of the language
        and (where every noun is capitalised) no common noun; or in the gazetteer and either
        rare or capitalised mid-sentence in a language that capitalises only names."""
        freqs = resources.word_freqs(self.sl)
        rare = bool(freqs) and freqs.get(w.text.lower(), 0.0) < COMMON
        nouns = bool(endings(self.sl, "noun-suffix"))
        mid = not w.initial and not w.text.isupper()
        if self.gaz.lookup(w.text):
            # where every noun is capitalised a frequent gazetteer name (Berlin, Merkel) is
            # still sure unless it is also a common noun of the language
            return rare or (mid and (not nouns or not common_noun(w.text, self.sl)))
        return mid and rare and not common_noun(w.text, self.sl)

    def kept_elsewhere(self, w: Word, seg: Segment) -> bool:
        """The translation writes this name in another sentence: it keeps the name as such."""
        if self._index is None:
            self._index = {}
            for t in self.words("tgt", range(len(self.pair.tgt.sentences)), spans=False):
                for k in self._keys(t.text):
                    self._index.setdefault(k, []).append(t)
        lo, hi = seg.tgt_span or (0, 0)
        found = (t for k in self._keys(w.text) | self.exonyms(w.text) for t in self._index.get(k, ()))
        return any(not lo <= t.start < hi and self.near(w.text, t.text) for t in found)

    def segment(self, seg: Segment) -> Iterator[Finding]:
        cands = self.words("src", seg.src)
        if not cands:
            return
        caps = self.words("tgt", seg.tgt)
        every = self.words("tgt", seg.tgt, spans=False)
        cap_stems = [stems(t.text, self.langs) for t in caps]
        all_stems = frozenset().union(*(stems(t.text, self.langs) for t in every))
        claimed: set[int] = set()  # target words that render some source name
        left = []
        for w in cands:  # each mention of a name claims one rendering of it
            forms = stems(w.text, self.langs) | self.exonyms(w.text)
            hit = [k for k, st in enumerate(cap_stems) if st & forms]
            free = [k for k in hit if k not in claimed]
            claimed.update(free[:1])
            if not free and not (all_stems & forms and not hit):
                left.append(w)
        for w in left:
            near = [(d, k) for k, t in enumerate(caps)
                    if k not in claimed and (d := self.misspelt(w, t))]
            if near:
                d, k = min(near)
                claimed.add(k)
                t = caps[k]
                yield RULE["diverge.name"].finding(
                    t.start, t.end, f"'{t.text}' in the translation, '{w.text}' in the source",
                    self.suggestion(w.text), {"source_name": w.text, "edit_distance": d},
                    _misspelling_confidence(w.text, t.text, d), w.start, w.end)
            elif self.dropped(w, seg, every):
                lo, hi = seg.tgt_span or (0, 0)
                kept = [c for c in cands if c not in left]
                yield RULE["diverge.name-dropped"].finding(
                    lo, hi, f"The source names '{w.text}'; the translation does not", "",
                    {"source_name": w.text}, self.confidence(seg, kept), w.start, w.end)

    def confidence(self, seg: Segment, kept: list[Word]) -> float:
        """Translators often write a pronoun or a description for a name they gave before
        ("the latter"), so across languages a dropped name is reported by default only where
        the sentence keeps its other names and numbers (a close translation otherwise)."""
        if self.pair.same_lang:
            return 0.7
        numbers = {t.text for t in _tokens(self.pair.src, seg.src) if t.kind == "num"}
        if kept and numbers <= {t.text for t in _tokens(self.pair.tgt, seg.tgt) if t.kind == "num"}:
            return 0.6
        return 0.4

    def dropped(self, w: Word, seg: Segment, every: list[Word]) -> bool:
        """Surely a name, no target word comes near it, and the translation otherwise close
        and known to keep names like it (or a same-language text, which keeps every name)."""
        if not self.sure_name(w) or any(self.near(w.text, t.text) for t in every):
            return False
        # a sentence boundary the aligner put one sentence off: the name is next door
        n = len(self.pair.tgt.sentences)
        beside = [i for i in (min(seg.tgt) - 1, max(seg.tgt) + 1) if 0 <= i < n]
        if any(self.near(w.text, t.text) for t in self.words("tgt", beside, spans=False)):
            return False
        n_src, n_tgt = _n_words(self.pair.src, seg.src), _n_words(self.pair.tgt, seg.tgt)
        if not n_src or not 1 / LENGTH_RATIO <= n_tgt / n_src <= LENGTH_RATIO:
            return False
        if self.pair.same_lang:
            return True
        if _alphabetic_share(self.pair.tgt_text(seg)) < 0.9 or _alphabetic_share(w.text) < 1:
            return False  # e.g. a Chinese or Japanese target: no evidence either way
        return self.kept_elsewhere(w, seg)  # (not the gazetteer: it lacks most exonyms)


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    gaz = gazetteer(tuple(Path(p) for p in ctx.packs.gazetteers))
    names = _Names(pair, gaz)
    for seg in pair.matched():
        yield from names.segment(seg)
