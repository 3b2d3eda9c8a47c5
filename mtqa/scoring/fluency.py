"""Fluency: transparent heuristics with named parts, per sentence and per document.

Each part is a number in [0, 1] (1 = fluent) with a one-line explanation, so an editor sees
what pulled the score down:

- ``rare_words``      share of words that are rare or unknown in the language's word list
                      (corpora/lexicon/words-<lang>.tsv, wordfreq Zipf); names (capitalised
                      words outside German) and acronyms are not counted.
- ``anomalies``      what the checks found wrong with the wording: findings in the fluency
                      and style categories (wrong modifiers, spinner words, the grammar MT
                      makes, calques, punctuation...) per 100 words; [fluency.anomalies].
- ``fragmentation``   sentencepiece pieces per word (corpora/spm/<lang>.model) above the
                      language's norm (corpora/spm/norms.toml): garbled and invented words
                      break into many pieces. Needs the model; skipped when it is absent or
                      when the caller asks for a cheap score (``subwords=False``).
- ``function_words``  share of the language's most frequent words (the top K of the word
                      list: articles, prepositions, pronouns...) against its share in the
                      language as a whole, as a z-score: a dropped-article or word-salad
                      translation deviates.
- ``sentence_length`` words per sentence beyond a news-style maximum.
- ``repetition``      repeated words and phrases inside a sentence (MT loops, stutters).
- ``punctuation``     space before punctuation, doubled marks, unbalanced quotes or
                      brackets, no closing mark.
- ``vocabulary``      mean Zipf frequency of the lowercase words (the word list above),
                      against its norm in clean news: MT simplifies, its words are commoner
                      than a reporter's.
- ``variety``         distinct words per window of consecutive words (moving-average
                      type-token ratio), against clean news: MT repeats its words.
- ``context_fit``     share of adjacent lowercase word pairs the context model (mtqa.lm)
                      says the language avoids (association log P(w2|w1) - log P(w2) below
                      a threshold); the lowest-fit pairs of low-fluency sentences are the
                      ``worst`` spans a report highlights.

The last three need the language's norms ([fluency.norms.<lang>]: English's measured on
clean human-written news only by scripts/eval_fluency.py --norms, the other languages'
derived from their word lists by scripts/build_wordlists.py --norms), context_fit also the
language's context model (corpora/lm/<lang>.lm); without them they are absent.

Japanese and Chinese have no spaces: their words are the segments mtqa.cjk cuts with the
language's word list (the units its frequencies, sentencepiece model and norms count);
the Document's tokens are not changed. Uncased scripts count as lowercase (vocabulary,
context); German nouns, capitalised, count as words throughout.

Every part is computed from counts; a document's part uses the summed counts of its
sentences, so a long document is judged on all its words at once. The fluency value is the
weighted mean of the available parts. Shapes (thresholds, spans) and part weights are data:
the [fluency] table of corpora/scoring/model.toml, documented there.

This module is pure Python and cheap; the sentencepiece model is loaded only when the
fragmentation part meets a word that the word list's cached piece counts lack (_piece_table),
the context model (memory-mapped) on the first score.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import math
import operator
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import cjk, languages, lm, resources, rx
from ..sortedtext import SortedText

PARTS = ("rare_words", "anomalies", "fragmentation", "function_words", "sentence_length",
         "repetition", "punctuation", "vocabulary", "variety", "context_fit")
# Languages whose nouns are capitalised (capitalised words count as words, not as names).
_NOUN_CAPS = frozenset({"de", "lb"})


# -- configuration and resources ---------------------------------------------------------

@functools.cache
def config() -> dict:
    return resources.load_toml(resources.path("scoring", "model.toml"))


def _cfg() -> dict:
    return config()["fluency"]


@functools.cache
def _lexicon(lang: str):
    """(zipf dict, function-word set, function-word share of running text) for a language."""
    freqs = resources.word_freqs(lang)
    if not freqs:
        return {}, frozenset(), 0.0
    k = int(_cfg()["function_words"]["top_k"])

    def build():
        ranked = sorted(freqs.items(), key=lambda kv: (-kv[1], kv[0]))
        top = tuple(w for w, _ in ranked[:k])
        total = sum(10.0 ** z for z in freqs.values())
        return top, sum(10.0 ** freqs[w] for w in top) / total
    deps = [resources.path("lexicon", f"words-{lang}.tsv"), resources.path("scoring", "model.toml")]
    top, share = resources.disk_cached(f"function-words-{lang}-{k}", deps, build,
                                       tuple[list[str], float], encode=lambda v, _: [list(v[0]), v[1]],
                                       decode=_share_in_range)
    return freqs, frozenset(top), share


def _share_in_range(data, _texts=None):
    """A cached (words, share): a share of running text lies in (0, 1]; else rebuilt."""
    top, share = data
    if not 0.0 < share <= 1.0:
        raise ValueError("function-word share out of range")
    return top, share


@functools.cache
def _spm(lang: str):
    """The sentencepiece model for a language, or None (not shipped / not installed)."""
    if not _has_spm(lang):
        return None
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(resources.path("spm", f"{lang}.model")))


@functools.cache
def _has_spm(lang: str) -> bool:
    """Is there a sentencepiece model for the language, and sentencepiece to run it? (Asked
    without importing it or loading the model: _piece_count may need neither.)"""
    return resources.path("spm", f"{lang}.model").exists() and \
        importlib.util.find_spec("sentencepiece") is not None


@functools.cache
def _piece_table(lang: str) -> SortedText | None:
    """"word<TAB>pieces" for each word of the language's word list, worked out once and kept
    in the data cache: an article of listed words then needs no sentencepiece at all
    (importing it and loading the model cost a check some 20 ms). None without a cache
    (building the table, some 0.2 s, would cost every run more than it saves) or a list."""
    words = resources.path("lexicon", f"words-{lang}.tsv")
    if resources.cache_dir() is None or not words.exists() or not _has_spm(lang):
        return None

    def build() -> SortedText:
        listed = sorted(w for w in resources.word_freqs(lang) if "\n" not in w and "\t" not in w)
        encoded = _spm(lang).encode(listed, num_threads=1)
        return SortedText("\n".join(f"{w}\t{len(e)}" for w, e in zip(listed, encoded)))

    def encode(table: SortedText, texts: list[str]) -> list[int]:
        texts.append("\n".join(table.lines()))
        return [len(texts[-1]), len(texts) - 1]

    def decode(data: list[int], texts: resources.Texts) -> SortedText:
        chars, at = data
        if len(texts[at]) != chars:  # (a cut-off file; a damaged line is not a count: encoded)
            raise ValueError("cached piece counts: wrong length")
        return SortedText(texts[at])

    return resources.disk_cached(f"spm-pieces-{lang}", [resources.path("spm", f"{lang}.model"), words],
                                 build, tuple[int, int], encode, decode)


def _norms(lang: str) -> dict | None:
    """The language's clean-news norms, or None (no vocabulary/variety/context_fit parts)."""
    return _cfg().get("norms", {}).get(lang) or None


@functools.cache
def _context(lang: str) -> lm.ContextModel | None:
    """The context model of a language that has norms for it, else None."""
    n = _norms(lang)
    return lm.model(lang) if n and "low_fit" in n else None


@functools.cache
def _spm_norm(lang: str) -> float | None:
    p = resources.path("spm", "norms.toml")
    if not p.exists():
        return None
    v = resources.load_toml(p).get("pieces_per_word", {}).get(lang)
    return float(v) if v is not None else None


# -- results -------------------------------------------------------------------------------

@dataclass
class Part:
    name: str
    value: float  # [0, 1], 1 = fluent
    explanation: str
    counts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"value": round(self.value, 4), "explanation": self.explanation,
                "counts": self.counts}


@dataclass(frozen=True)
class Span:
    """A low-fit word pair: where it is, its text and its association (log10 ratio)."""
    start: int
    end: int
    text: str
    association: float

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text,
                "association": round(self.association, 2)}


@dataclass
class Fluency:
    value: float
    parts: dict[str, Part]
    words: int
    # lowest-fit pairs of the low-fluency sentences (a sentence: its own, when it is one)
    worst: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {"value": round(self.value, 4), "words": self.words,
             "parts": {k: p.to_dict() for k, p in self.parts.items()}}
        if self.worst:
            d["worst"] = [w.to_dict() for w in self.worst]
        return d


# -- per-sentence counts ----------------------------------------------------------------------

_ACRONYM = rx.compile(r"^[A-Z0-9][A-Z0-9.&-]{0,5}$")
_SPACE_BEFORE = rx.compile(r"(?<=\w)[ \t]+[,.;:!?](?!\w)")
_DOUBLED = rx.compile(r"([,;:!?])\1|(?<!\.)\.\.(?!\.)|[,;:][.!?]|[.!?][,;:]")
# Where either of the two above can match (a blank or a mark before a mark): most sentences
# have no such pair, and this one is searched some ten times faster than they are.
_PUNCT_PAIR = rx.compile(r"[ \t,.;:!?][,.;:!?]")
_CLOSERS = frozenset('.!?…:;"”’»)]\'。！？」』）】')
_QUOTES = rx.compile(r'["“”„«»]')
_LINKS = ("s", "es", "n", "en", "e")


def _known(word: str, freqs: dict, lang: str, compounding: bool) -> float | None:
    """Zipf of a lowercased word, through apostrophe/hyphen parts and compounds; None if unknown."""
    z = freqs.get(word)
    if z is not None:
        return z
    for sep in ("'", "-"):
        if sep in word:
            parts = [p for p in word.split(sep) if p]
            zs = [v for v in (freqs.get(p) for p in parts) if v is not None]
            if parts and len(zs) == len(parts):
                return min(zs)
            if sep == "'" and parts:
                # French/Italian elision (l'homme, dell'anno): the longest part decides.
                return freqs.get(max(parts, key=len))
            return None
    if compounding and 7 <= len(word) <= 40:
        floor = float(_cfg()["rare_words"]["compound_min_zipf"])
        for i in range(3, len(word) - 3):
            head = freqs.get(word[:i])
            if head is None or head < floor:
                continue
            tail = word[i:]
            zt = freqs.get(tail)
            if zt is None:
                for link in _LINKS:
                    if tail.startswith(link) and len(tail) - len(link) >= 3:
                        zt = freqs.get(tail[len(link):])
                        if zt is not None:
                            break
            if zt is None and len(tail) >= 7:
                zt = _known(tail, freqs, lang, True)
            if zt is not None and zt >= floor:
                return min(head, zt)
    return None


_RARE_SHOWN = 5  # rare words a document's explanation draws from


@dataclass
class _Counts:
    words: int = 0  # word tokens
    lex: int = 0  # words looked up (not names/acronyms)
    rare: int = 0
    rare_examples: list = field(default_factory=list)
    pieces: int = 0
    frag_words: int = 0
    function: int = 0
    anomalies: int = 0
    repeated: int = 0
    rep_examples: list = field(default_factory=list)
    punct: int = 0
    punct_examples: list = field(default_factory=list)
    sentences: int = 0
    long_excess: float = 0.0  # sum over sentences of the length part's shortfall x words
    zipf: float = 0.0  # summed Zipf of the lowercase words the word list knows
    known: int = 0
    distinct: int = 0  # summed distinct words of the windows ending in the sentence
    windows: int = 0
    pairs: int = 0  # adjacent lowercase known-word pairs
    low_pairs: int = 0  # ... whose association is below the threshold
    low_spans: list = field(default_factory=list)  # a sentence's lowest-fit pairs (Span)

    def add(self, o: _Counts) -> None:
        mine = vars(self)
        for k, v in vars(o).items():
            if isinstance(v, list):
                mine[k].extend(v)
            else:
                mine[k] += v
        # A document shows its first few rare words only: keep no more while adding up.
        del self.rare_examples[_RARE_SHOWN:]
        self.low_spans.clear()  # a document's worst spans are picked by sentence value


_PIECES: dict[str, dict[str, int]] = {}  # lang -> word -> sentencepiece pieces: words recur
_PIECES_MAX = 300_000  # words remembered, in all languages together (some 30 MB)
_PIECE_SPLIT = rx.compile(r"['\-]")


def _piece_count(lang: str, words: list[str]) -> int:
    """Pieces of the words under the language's model: each distinct word looked up in the
    word list's table (_piece_table) or, when not listed, encoded; once per process."""
    if sum(map(len, _PIECES.values())) > _PIECES_MAX:
        _PIECES.clear()  # (a memo: forgetting changes no count)
    known = _PIECES.setdefault(lang, {})
    missing = [w for w in dict.fromkeys(words) if w not in known]
    if missing:
        table = _piece_table(lang)
        unlisted = []
        for w in missing:
            listed = table.value(w) if table is not None else None
            if listed is not None and listed.isdigit():
                known[w] = int(listed)
            else:
                unlisted.append(w)
        if unlisted:
            # (in this thread: a batch otherwise starts a pool of threads, each call, for a few words)
            for w, enc in zip(unlisted, _spm(lang).encode(unlisted, num_threads=1)):
                known[w] = len(enc)
    return sum(map(known.__getitem__, words))


class _Form(NamedTuple):
    """What the counts need of one word form, worked out once per distinct form and
    language: a news text repeats most of its words, and a batch most of its vocabulary."""
    low: str
    function: bool  # one of the language's most frequent words
    acronym: bool
    upper: bool  # starts with a capital
    key: str  # how the word list spells it (straight apostrophe, ASCII hyphen)
    zipf: float | None  # the word list's Zipf of key (_known), None for an unknown word
    parts: tuple[str, ...]  # key cut where wordfreq (and so the pieces' norm) cuts words
    lm_id: int  # id of the lowercase form in the context model; UNKNOWN when capitalised


_FORMS_MAX = 100_000  # forms (and look-ups) remembered, in all languages together (~40 MB)


class _Forms:
    """The word forms of one language met so far, each worked out once (_Form)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.freqs, self.top, _ = _lexicon(lang)
        self.compounding = lang in set(_cfg()["rare_words"].get("compounding", []))
        self.ctx = _context(lang)
        self.memo: dict[str, _Form] = {}
        self._zipfs: dict[str, float | None] = {}  # key -> _known(key): forms share keys

    def make(self, w: str) -> _Form:
        """w's form, worked out and remembered (self.memo.get(w) first: it is mostly there)."""
        if len(self.memo) % 1024 == 1023 and _forms_total() > _FORMS_MAX:
            for forms in _FORMS.values():  # (a memo: forgetting changes no result)
                forms.memo.clear()
                forms._zipfs.clear()
        low = w.lower()
        lm_key = low.replace("’", "'")
        key = lm_key.replace("‐", "-")
        if key in self._zipfs:
            zipf = self._zipfs[key]
        else:
            zipf = self._zipfs[key] = _known(key, self.freqs, self.lang, self.compounding)
        upper = w[0].isupper()
        lm_id = self.ctx.id(lm_key) if self.ctx is not None and not upper else lm.UNKNOWN
        got = self.memo[w] = _Form(low, low in self.top, bool(_ACRONYM.match(w)), upper, key,
                                   zipf, tuple(p for p in _PIECE_SPLIT.split(key) if p), lm_id)
        return got


_FORMS: dict[str, _Forms] = {}


def _forms(lang: str) -> _Forms:
    got = _FORMS.get(lang)
    if got is None:
        got = _FORMS[lang] = _Forms(lang)
    return got


def _forms_total() -> int:
    return sum(len(f.memo) for f in _FORMS.values())


def _sentence_counts(doc, sent, lang: str, lex, anomaly_findings: int, subwords: bool,
                     ctx: lm.ContextModel | None = None, window: _Window | None = None) -> _Counts:
    cfg = _cfg()
    freqs, top, _ = lex
    c = _Counts(sentences=1, anomalies=anomaly_findings)
    words = _words(doc, sent, lang)
    c.words = len(words)
    rare_z = float(cfg["rare_words"]["zipf"])
    caps_are_words = lang in _NOUN_CAPS
    forms = _forms(lang)
    memo, make = forms.memo, forms.make
    shapes = [memo.get(t.text) or make(t.text) for t in words]
    c.function = sum(f.function for f in shapes)
    looked: list[_Form] = []
    zipf, known = 0.0, 0  # (summed here, in the words' order, and stored once)
    for i, f in enumerate(shapes) if freqs else ():
        if f.acronym and not (i == 0 and len(words[0].text) == 1):
            continue
        if f.upper and not caps_are_words:
            # a capitalised word: a name unless it is sentence-initial and a common word
            if i != 0 or freqs.get(f.low, 0.0) < rare_z:
                continue
        looked.append(f)
        z = f.zipf
        # vocabulary: the words the norm counts (uncased scripts too; German nouns as well)
        if z is not None and (caps_are_words or not f.upper):
            zipf += z
            known += 1
        if z is None or z < rare_z:
            c.rare += 1
            if len(c.rare_examples) < _RARE_SHOWN:
                c.rare_examples.append(words[i].text)
    c.lex, c.zipf, c.known = len(looked), zipf, known
    if subwords and looked and _has_spm(lang):
        # wordfreq (and so the norm) splits words at apostrophes and hyphens
        split = [p for f in looked for p in f.parts]
        c.pieces = _piece_count(lang, split)
        c.frag_words = len(split)
    # sentence length: shortfall of the part, weighted by the sentence's words
    c.long_excess = (1.0 - _length_value(len(words))) * len(words)
    # repetition: immediate repeats and repeated content bigrams/unigrams
    lows = [f.low for f in shapes]
    c.repeated, c.rep_examples = _repetition(lows, top, 2 if lang in cjk.SEGMENTED else 4)
    # punctuation
    text = doc.text[sent.start:sent.end]
    issues = []
    if _PUNCT_PAIR.search(text):
        for m in _SPACE_BEFORE.finditer(text):
            issues.append(f"space before '{m.group().strip()}'")
        for m in _DOUBLED.finditer(text):
            issues.append(f"doubled '{m.group()}'")
    if len(_QUOTES.findall(text)) % 2:
        issues.append("unbalanced quotes")
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        issues.append("unbalanced brackets")
    if len(words) >= int(cfg["punctuation"]["min_words_for_final"]) and text.rstrip()[-1:] not in _CLOSERS:
        issues.append("no closing punctuation")
    c.punct = len(issues)
    c.punct_examples = issues[:3]
    if window is not None:
        c.distinct, c.windows = window.push(lows)
    if ctx is not None:
        _context_counts(doc.text, words, shapes, ctx, c)
    return c


def _words(doc, sent, lang: str) -> list:
    """A sentence's word tokens; Japanese and Chinese runs cut into words by mtqa.cjk (the
    Document keeps them as characters), the sentence's other words as the Document has them."""
    words = [t for t in doc.sentence_tokens(sent)
             if t.kind == "word" and (t.text.isalpha() or any(ch.isalpha() for ch in t.text))]
    if lang not in cjk.SEGMENTED:
        return words
    segs = cjk.words(doc.text, lang, sent.start, sent.end)
    if not segs:
        return words
    taken = {k for t in segs for k in range(t.start, t.end)}
    return sorted([t for t in words if t.start not in taken] + segs, key=lambda t: t.start)


class _Window:
    """The last n words of a document, across sentences, with their distinct count."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.words: deque[str] = deque()
        self.counts: dict[str, int] = {}

    def push(self, words: list[str]) -> tuple[int, int]:
        """Add a sentence's words: (summed distinct words of the full windows that end at
        them, how many such windows)."""
        n, queue, counts = self.n, self.words, self.counts
        distinct = windows = 0
        rest = iter(words)
        if len(queue) < n:  # the document's first n words fill the window
            for w in rest:
                queue.append(w)
                counts[w] = counts.get(w, 0) + 1
                if len(queue) == n:
                    distinct, windows = len(counts), 1
                    break
        for w in rest:  # then each word that comes in pushes the oldest out
            old = queue.popleft()
            queue.append(w)
            if old != w:
                counts[w] = counts.get(w, 0) + 1
                left = counts[old] - 1
                if left:
                    counts[old] = left
                else:
                    del counts[old]
            distinct += len(counts)
            windows += 1
        return distinct, windows


def _context_counts(text: str, words, shapes: list[_Form], m: lm.ContextModel, c: _Counts) -> None:
    """The context model's counts of one sentence (its word tokens and their forms, whose
    ids are m's): its pairs, how many fit badly, the worst."""
    cfg = _cfg()["context_fit"]
    floor, shown = float(cfg["threshold"]), int(cfg["spans_per_sentence"])
    unknown = lm.UNKNOWN
    prev = None
    prev_id = unknown
    low: list[Span] = []
    pairs = 0
    for w, f in zip(words, shapes):
        # capitalised: a name; digits or other marks: not a word of the model
        i = f.lm_id
        if i != unknown:
            # a pair: two known lowercase words with only space between them
            if prev is not None and prev_id != unknown and not text[prev.end:w.start].strip():
                a = m.association_of(prev_id, i)
                pairs += 1
                if a < floor:
                    low.append(Span(prev.start, w.end, text[prev.start:w.end], a))
        prev, prev_id = w, i
    c.pairs, c.low_pairs = pairs, len(low)
    c.low_spans = sorted(low, key=lambda sp: sp.association)[:shown]


def _repetition(low: list[str], top: frozenset, min_len: int = 4) -> tuple[int, list[str]]:
    """(repeated words, examples); a content word (min_len characters or more, not a
    function word) counts from its third use in the sentence.

    Most sentences repeat nothing: each kind of repeat is looked for word by word only
    where a test over the whole sentence (C loops: zip, set, Counter) says there is one.
    """
    rep = set()
    ex = []
    if any(map(operator.eq, low, low[1:])):
        for i in range(1, len(low)):
            if low[i] == low[i - 1] and low[i].isalpha():
                rep.add(i)
                ex.append(f"{low[i]} {low[i]}")
    bigrams = list(zip(low, low[1:]))
    if len(set(bigrams)) < len(bigrams):
        seen: dict[tuple, int] = {}
        for i, bg in enumerate(bigrams):
            if bg[0] in top and bg[1] in top:
                continue
            if bg in seen and seen[bg] + 1 < i:
                rep.update((i, i + 1))
                ex.append(" ".join(bg))
            seen.setdefault(bg, i)
    uses = Counter(low)  # (in the order of each word's first use, as the examples are)
    for w, n in uses.items() if uses and max(uses.values()) >= 3 else ():
        if n >= 3 and w not in top and len(w) >= min_len:
            idx = [i for i, x in enumerate(low) if x == w]
            rep.update(idx[1:])
            ex.append(f"{w} ×{n}")
    return len(rep), ex[:3]


def _length_value(n: int) -> float:
    cfg = _cfg()["sentence_length"]
    hi, zero = int(cfg["max_words"]), int(cfg["zero_at"])
    if n <= hi:
        return 1.0
    return max(0.0, 1.0 - (n - hi) / (zero - hi))


# -- from counts to parts ---------------------------------------------------------------------

def _clamp(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def _off_norm(x: float, norm: float, edge: float, zero_at: float) -> float:
    """1 at the clean-news norm or on its good side; 0 at zero_at times the distance from
    the norm to edge (a clean-news percentile on the bad side), past the norm."""
    d = (x - norm) / (edge - norm) if edge != norm else 0.0
    return _clamp(1 - max(0.0, d) / zero_at)


def _norm_parts(c: _Counts, n: dict) -> dict[str, Part]:
    """The parts measured against the language's clean-news norms."""
    cfg = _cfg()
    parts: dict[str, Part] = {}
    if c.known and "zipf" in n:
        mean = c.zipf / c.known
        v = _off_norm(mean, n["zipf"], n["zipf_p90"], float(cfg["vocabulary"]["zero_at"]))
        parts["vocabulary"] = Part("vocabulary", v,
                                   f"mean word frequency Zipf {mean:.2f} (clean news "
                                   f"{n['zipf']:.2f}; higher: commoner words)",
                                   {"zipf": round(c.zipf, 2), "words": c.known})
    if c.windows and "variety" in n:
        size = int(cfg["variety"]["window"])
        ttr = c.distinct / (c.windows * size)
        v = _off_norm(ttr, n["variety"], n["variety_p10"], float(cfg["variety"]["zero_at"]))
        parts["variety"] = Part("variety", v,
                                f"{ttr:.0%} distinct words per {size} (clean news "
                                f"{n['variety']:.0%})", {"distinct": c.distinct, "windows": c.windows})
    if c.pairs and "low_fit" in n:
        rate = c.low_pairs / c.pairs
        v = _off_norm(rate, n["low_fit"], n["low_fit_p90"], float(cfg["context_fit"]["zero_at"]))
        ex = f" ({'; '.join(sp.text for sp in c.low_spans)})" if c.low_spans else ""
        parts["context_fit"] = Part("context_fit", v,
                                    f"{c.low_pairs}/{c.pairs} word pairs the language avoids "
                                    f"(clean news {n['low_fit']:.1%}){ex}",
                                    {"low": c.low_pairs, "pairs": c.pairs})
    return parts


def _parts(c: _Counts, lang: str, lex, subwords: bool) -> dict[str, Part]:
    cfg = _cfg()
    freqs, top, share = lex
    parts: dict[str, Part] = {}
    if freqs and c.lex:
        rate = c.rare / c.lex
        v = _clamp(1 - rate / float(cfg["rare_words"]["zero_at_rate"]))
        ex = f" ({', '.join(c.rare_examples[:3])})" if c.rare else ""
        parts["rare_words"] = Part("rare_words", v, f"{c.rare}/{c.lex} words rare or unknown{ex}",
                                   {"rare": c.rare, "words": c.lex})
    if c.words:
        per = float(cfg["anomalies"]["zero_at_per_100_words"])
        v = _clamp(1 - (100.0 * c.anomalies / max(c.words, 1)) / per)
        parts["anomalies"] = Part("anomalies", v,
                                  f"{c.anomalies} fluency or style finding(s) of the checks" if c.anomalies
                                  else "no fluency or style findings", {"anomalies": c.anomalies})
    norm = _spm_norm(lang)
    if subwords and c.frag_words and norm:
        ppw = c.pieces / c.frag_words
        v = _clamp(1 - (ppw - norm) / float(cfg["fragmentation"]["zero_at_excess"]))
        parts["fragmentation"] = Part("fragmentation", v,
                                      f"{ppw:.2f} pieces per word (norm {norm:.2f})",
                                      {"pieces": c.pieces, "words": c.frag_words})
    if top and c.words:
        fw = cfg["function_words"]
        obs = c.function / c.words
        z = (obs - share) / math.sqrt(share * (1 - share) / c.words)
        v = _clamp(1 - (abs(z) - float(fw["z_ok"])) / float(fw["z_span"]))
        side = "more" if z > 0 else "fewer"
        parts["function_words"] = Part(
            "function_words", v,
            f"{obs:.0%} function words vs {share:.0%} in {lang} (z {z:+.1f}: {side})",
            {"function": c.function, "words": c.words, "norm": round(share, 4), "z": round(z, 2)})
    if c.words:
        v = 1.0 - c.long_excess / c.words
        mx = int(cfg["sentence_length"]["max_words"])
        parts["sentence_length"] = Part(
            "sentence_length", _clamp(v),
            f"{c.words / max(c.sentences, 1):.0f} words per sentence (over {mx} is long)",
            {"words": c.words, "sentences": c.sentences})
        v = _clamp(1 - (c.repeated / c.words) / float(cfg["repetition"]["zero_at_rate"]))
        parts["repetition"] = Part("repetition", v,
                                   f"{c.repeated} repeated word(s)" +
                                   (f" ({'; '.join(c.rep_examples)})" if c.rep_examples else ""),
                                   {"repeated": c.repeated, "words": c.words})
        per = float(cfg["punctuation"]["zero_at_per_sentence"])
        v = _clamp(1 - (c.punct / max(c.sentences, 1)) / per)
        parts["punctuation"] = Part("punctuation", v,
                                    f"{c.punct} punctuation issue(s)" +
                                    (f" ({'; '.join(c.punct_examples)})" if c.punct_examples else ""),
                                    {"issues": c.punct, "sentences": c.sentences})
    norms = _norms(lang)
    if norms:
        parts.update(_norm_parts(c, norms))
    return parts


def _combine(parts: dict[str, Part], words: int) -> Fluency:
    w = _cfg()["weights"]
    num = sum(float(w.get(k, 0.0)) * p.value for k, p in parts.items())
    den = sum(float(w.get(k, 0.0)) for k in parts)
    return Fluency(num / den if den else 1.0, parts, words)


# -- public API ---------------------------------------------------------------------------------

def fluency(doc, findings=(), lang: str | None = None, subwords: bool = True,
            per_sentence: bool = True) -> tuple[Fluency, list[Fluency]]:
    """(document fluency, fluency of each sentence) of a Document.

    findings: the document's findings; those in the categories of [fluency.anomalies] feed
    the anomalies part.
    lang defaults to the document's language. per_sentence=False leaves the list
    empty: the document's counts are summed sentence by sentence as they are made, so
    memory does not grow with the number of sentences (some 3 KB each as Fluency objects).
    """
    lang = languages.base(lang or doc.lang) or "en"
    lex = _lexicon(lang)
    anomalies = [0] * len(doc.sentences)
    starts = doc.sentence_starts
    cats = tuple(_cfg()["anomalies"]["categories"])
    for f in findings:
        if f.category.startswith(cats):
            i = bisect.bisect_right(starts, f.start) - 1
            if 0 <= i < len(anomalies):
                anomalies[i] += 1
    ctx = _context(lang)
    window = _Window(int(_cfg()["variety"]["window"])) if _norms(lang) else None
    total = _Counts()
    per = []
    worst: list[Span] = []
    below = float(_cfg()["context_fit"]["highlight_below"])
    for i, s in enumerate(doc.sentences):
        c = _sentence_counts(doc, s, lang, lex, anomalies[i], subwords, ctx, window)
        low = c.low_spans
        total.add(c)
        if per_sentence or low:
            one = _combine(_parts(c, lang, lex, subwords), c.words)
            one.worst = low if one.value < below else []
            worst.extend(one.worst)
            if per_sentence:
                per.append(one)
    whole = _combine(_parts(total, lang, lex, subwords), total.words)
    # the document's worst: the lowest-fit spans of its low-fluency sentences, in text order
    keep = int(_cfg()["context_fit"]["spans_per_document"])
    whole.worst = sorted(sorted(worst, key=lambda sp: sp.association)[:keep], key=lambda sp: sp.start)
    return whole, per
