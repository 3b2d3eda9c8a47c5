"""Language identification per document and per sentence.

Word-list evidence comes first: it is cheap, works on fragments of a few words and
separates Indonesian from Malay (langdetect has no Malay profile). langdetect, always
seeded, is asked only where the words are not conclusive; its profiles (about 0.5 s
to load in full) are loaded lazily and only for the languages mtqa ships word lists for.
"""

from __future__ import annotations

import functools
import math
import os
import unicodedata
from collections.abc import Callable

from . import languages, resources, rx
from .sortedtext import SortedText

FLOOR = 1.0  # Zipf value assumed for a word missing from a language's profile


class Profile:
    """The word profile, word by word: for each listed word, its Zipf in each language that
    lists it. An article looks up a few hundred of the 20,000 words, so the profile is kept
    as the sorted lines it is cached as ("word<TAB>7.48  5.2 ...": a cell per language,
    empty where that language does not list the word), searched in place (mtqa.sortedtext)
    and parsed only when asked for: loading makes no string per word, let alone 24,000
    floats in 20,000 dicts."""

    __slots__ = ("langs", "_lines", "_dense", "_sparse", "_fresh")

    def __init__(self, langs: tuple[str, ...], lines: SortedText,
                 fresh: Callable[[], Profile] | None = None):
        self.langs = langs
        self._lines = lines
        self._dense: dict[str, tuple[float, ...] | None] = {}  # looked up so far (None: absent)
        self._sparse: dict[str, dict[str, float]] = {}
        self._fresh = fresh  # the profile read anew from its file, for a bad cached row

    def dense(self, word: str) -> tuple[float, ...] | None:
        """The word's Zipf in each of langs (FLOOR where a language does not list it), or
        None for a word no language lists."""
        got = self._dense.get(word, _UNSEEN)
        if got is _UNSEEN:
            cells = self._cells(word)
            got = None if cells is None else self._parse(word, cells)
            if got is not None or len(self._dense) < resources.MEMO_LIMIT:  # (bounded in a batch)
                self._dense[word] = got
        return got  # type: ignore[return-value]  # (never _UNSEEN)

    def get(self, word: str, default: dict[str, float] | None = None) -> dict[str, float] | None:
        """{lang: Zipf} of the languages that list the word, or default."""
        got = self._sparse.get(word)
        if got is None:
            row = self.dense(word)
            if row is None:
                return default
            cells = self._cells(word) or []  # (the file's own, if a cached row proved bad)
            got = self._sparse[word] = {lang: z for lang, z, cell in zip(self.langs, row, cells) if cell}
        return got

    def top(self, word: str) -> float:
        """The word's highest Zipf in any language, 0.0 for a word no language lists."""
        row = self.get(word)
        return max(row.values()) if row else 0.0

    def _cells(self, word: str) -> list[str] | None:
        row = self._lines.value(word)
        return None if row is None else row.split(" ")

    def _parse(self, word: str, cells: list[str]) -> tuple[float, ...]:
        try:
            if len(cells) != len(self.langs) or not any(cells):
                raise ValueError("a profile row of the wrong shape")
            return tuple(float(c) if c else FLOOR for c in cells)
        except ValueError:
            if self._fresh is None:
                raise
            # a damaged cache: answer from the file itself from now on
            fresh = self._fresh()
            self.langs, self._lines, self._fresh = fresh.langs, fresh._lines, None
            self._dense.clear()
            self._sparse.clear()
            return fresh.dense(word) or (FLOOR,) * len(self.langs)

    def encode(self, texts: list[str]) -> list:
        """The cache form: [langs, lines, section] and the lines as one text section."""
        texts.append("\n".join(self._lines.lines()))
        return [list(self.langs), len(self._lines), len(texts) - 1]

    @classmethod
    def decode(cls, data: list, texts: resources.Texts) -> Profile:
        langs, n, at = data
        if not 0 <= at < len(texts) or not all(langs):
            raise ValueError("cached profile: no such section")
        lines = SortedText(texts[at])
        if len(lines) != n or texts[at].count("\t") != n:  # (a line each, a tab each)
            raise ValueError("cached profile: wrong length")
        return cls(tuple(langs), lines, texts.fresh)


_UNSEEN = object()


_PROFILE_SPEC = tuple[list[str], int, int]


@functools.cache
def profile() -> Profile:
    """The most frequent words of each language (corpora/lexicon/langid-profile.tsv)."""
    p = resources.path("lexicon", "langid-profile.tsv")
    if not p.exists():
        return Profile((), SortedText(""))
    return resources.disk_cached("langid-profile", [p], lambda: _read_profile(p), _PROFILE_SPEC,
                                 lambda v, texts: v.encode(texts), Profile.decode)


def _read_profile(p) -> Profile:
    cells: dict[str, dict[str, str]] = {}  # word -> {lang: zipf as written}
    langs: dict[str, None] = {}  # in the file's order
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#":
                continue
            lang, w, z = line.rstrip("\n").split("\t")
            float(z)  # (a malformed file fails here, as it always did)
            langs.setdefault(lang)
            cells.setdefault(w, {})[lang] = z
    if any("\n" in w or "\0" in w for w in cells):
        raise ValueError(f"{p}: a word that cannot be written as a line")
    rows = {w: " ".join(c.get(lang, "") for lang in langs) for w, c in cells.items()}
    return Profile(tuple(langs), SortedText("\n".join(f"{w}\t{rows[w]}" for w in sorted(rows))))


_NON_LATIN = rx.compile(r"[^\x00-\u024f\u2000-\u206f]")


def script_of(text: str) -> str:
    """Dominant writing system of a string: latin, cyrillic, han, kana, hangul, arabic, other."""
    if not _NON_LATIN.search(text):
        return "latin" if any(c.isalpha() for c in text) else ""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250:
            s = "latin"
        elif 0x400 <= o < 0x530:
            s = "cyrillic"
        elif 0x3040 <= o < 0x3100:
            s = "kana"
        elif 0x3400 <= o < 0xA000 or 0xF900 <= o < 0xFB00:
            s = "han"
        elif 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200:
            s = "hangul"
        elif 0x600 <= o < 0x700:
            s = "arabic"
        else:
            s = unicodedata.name(ch, "other").split()[0].lower()
        counts[s] = counts.get(s, 0) + 1
    if not counts:
        return ""
    if counts.get("kana", 0) and counts.get("kana", 0) >= 0.1 * counts.get("han", 0):
        return "kana"
    return max(counts, key=lambda k: counts[k])


_SCRIPT_LANG = {"han": "zh", "kana": "ja", "hangul": "ko", "arabic": "ar", "greek": "el",
                "hebrew": "he", "thai": "th", "devanagari": "hi"}


def by_word() -> Profile:
    """word -> {lang: zipf} over the whole profile (one lookup per word instead of one per language)."""
    return profile()


def word_scores(words: list[str], langs=None) -> dict[str, float]:
    """Mean Zipf-based log-likelihood of the words under each language profile."""
    prof = profile()
    if not words:
        return {}
    floor_row = (FLOOR,) * len(prof.langs)
    dense = prof.dense
    rows = [dense(w) or floor_row for w in words]
    # a column per language, summed in the words' order (the same float sums as word by word)
    return {lang: sum(col) / len(words) for lang, col in zip(prof.langs, zip(*rows))
            if langs is None or lang in langs}


def _decide(scores: dict[str, float], n: int) -> tuple[str, float]:
    if not scores:
        return "", 0.0
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, s1 = ranked[0]
    s2 = ranked[1][1] if len(ranked) > 1 else FLOOR
    # Margin per word, scaled by length: a few words are weak evidence.
    margin = (s1 - s2) * math.sqrt(n)
    conf = 1.0 - math.exp(-max(margin, 0.0))
    if s1 <= FLOOR + 0.3:  # almost no known words at all
        conf *= 0.3
    return best, round(conf, 3)


def identify_words(words: list[str], script: str = "latin") -> tuple[str, float]:
    if script in _SCRIPT_LANG:
        return _SCRIPT_LANG[script], 0.9
    langs = None
    if script == "cyrillic":
        langs = {"ru", "uk", "bg", "sr", "mk"}
    elif script == "latin":
        langs = None
    return _decide(word_scores(words, langs), len(words))


def identify_tokens(text: str, tokens) -> tuple[str, float]:
    """Document language from its word tokens (a second opinion when the words are unsure)."""
    words = [t.lower for t in tokens if t.kind == "word"]
    script = script_of(text[:5000])
    if script in _SCRIPT_LANG:
        return _SCRIPT_LANG[script], 0.9
    lang, conf = identify_words(words[:2000], script)
    if conf < 0.5 and len(text.strip()) >= 20:
        return _weak(text, words[:2000], script, lang, conf)
    return lang, conf


WEAK_CANDIDATES = 3  # languages the word profile ranks highest, reconsidered when it is unsure


def _weak(text: str, words: list[str], script: str, lang: str, conf: float) -> tuple[str, float]:
    """Fail safe for short or ambiguous texts. The candidates are the languages the word
    profile ranks highest; the one whose full word list knows most of the words wins, and
    langdetect may break that tie but never overrule it (on one short English sentence it
    says Swedish with 0.86)."""
    ld_lang, ld_conf = langdetect_lang(text[:5000])
    if script != "latin":
        return (ld_lang, ld_conf) if ld_lang and ld_conf > conf else (lang, conf)
    scores = word_scores(words)
    cands = sorted(scores, key=lambda code: (-scores[code], code))[:WEAK_CANDIDATES]

    def known(code: str) -> int:
        table = resources.word_freqs(code)
        return sum(w in table for w in words) if table else -1

    cover = {code: known(code) for code in cands}
    best = max(cands, key=lambda code: (cover[code], scores[code])) if cands else lang
    if ld_lang and ld_conf > conf:
        ld_cover = cover[ld_lang] if ld_lang in cover else known(ld_lang)
        if ld_lang not in profile().langs or ld_cover >= cover.get(best, 0):
            return ld_lang, ld_conf
    return best, conf


# -- langdetect, seeded and lazily loaded ---------------------------------------

@functools.cache
def _factory():
    import langdetect
    from langdetect.detector_factory import DetectorFactory

    prof_dir = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
    wanted = set(profile().langs) | {"zh-cn", "zh-tw", "ja", "ko", "ar"}
    blobs = []
    for name in sorted(os.listdir(prof_dir)):
        if name in wanted:
            with open(os.path.join(prof_dir, name), encoding="utf-8") as fh:
                blobs.append(fh.read())
    f = DetectorFactory()
    f.load_json_profile(blobs)
    f.seed = 0  # same input, same output
    return f


def preload() -> None:
    """Load langdetect's profiles now: for a long-running process, so that the first short
    text it is sent does not pay for them."""
    _factory()


def langdetect_lang(text: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        d = _factory().create()
        d.append(text)
        probs = d.get_probabilities()
    except LangDetectException:
        return "", 0.0
    if not probs:
        return "", 0.0
    top = probs[0]
    return languages.base(top.lang), round(top.prob, 3)


AWAY = 1.5  # Zipf lead of another language that makes a listed word not count as the document's


@functools.cache
def _home_words(lang: str) -> dict[str, bool]:
    """word -> does it count as a word of lang (_is_home), for the words seen so far."""
    return {}


def _is_home(word: str, lang: str, seen: dict[str, bool]) -> bool:
    """Is word in lang's word list, and not far commoner in another language? (Web-built lists
    of German or French hold "the" and "said", so an English sentence would pass as theirs.)"""
    full = resources.word_freqs(lang)
    z = full.get(word)
    got = z is not None and by_word().top(word) - z < AWAY
    if len(seen) >= resources.MEMO_LIMIT:  # (bounded over a long batch)
        seen.clear()
    seen[word] = got
    return got


def identify_sentence(text: str, words: list[str], doc_lang: str) -> tuple[str, float]:
    """Language of one sentence; the document language unless the evidence says otherwise."""
    script = script_of(text)
    if script in _SCRIPT_LANG:
        return _SCRIPT_LANG[script], 0.9
    if not words:
        return doc_lang, 0.0
    if resources.word_freqs(doc_lang):
        home = _home_words(doc_lang)
        known = sum(home[w] if w in home else _is_home(w, doc_lang, home) for w in words)
        if known >= 0.75 * len(words):
            return doc_lang, round(known / len(words), 3)
    lang, conf = identify_words(words, script)
    if lang == doc_lang:
        return lang, conf
    if conf < 0.8 and len(words) >= 4:
        # Word lists disagree weakly with the document: ask langdetect for a second opinion.
        ld_lang, ld_conf = langdetect_lang(text)
        if ld_lang == doc_lang and ld_conf >= 0.5:
            return doc_lang, ld_conf
        if ld_lang == lang or (lang in ("id", "ms") and ld_lang == "id"):
            conf = max(conf, ld_conf)
    return lang, conf


# -- single words: character trigram statistics (corpora/lexicon/char-trigrams.tsv) --------

@functools.cache
def _char_table():
    """(languages, floors, trigram -> log10 share per language); loaded on first use only
    (a document with no unlisted lower-case word never pays for it), a block at a time."""
    p = resources.path("lexicon", "char-trigrams.tsv")
    if not p.exists():
        return (), (), {}
    with open(p, encoding="utf-8") as fh:
        head = next(line for line in fh if line[0] != "#").rstrip("\n").split("\t")
        floors = tuple(float(x) for x in next(fh).rstrip("\n").split("\t")[1:])
    langs = tuple(head[1:])

    def parse(cells: str) -> tuple[float, ...]:
        return tuple(float(x) if x else f for x, f in zip(cells.split(" "), floors, strict=True))

    def show(vals: tuple[float, ...]) -> str:
        return " ".join(map(str, vals))

    table = resources.disk_cached(
        "char-trigrams", [p], lambda: _read_char_rows(p, parse), resources.TABLE,
        lambda d, texts: resources.Table.to_json(d, texts, show),
        lambda data, texts: resources.Table.from_json(data, texts, parse, texts.fresh))
    return langs, floors, table


def _read_char_rows(p, parse) -> dict[str, tuple[float, ...]]:
    rows = {}
    for _, line in resources.data_lines(p):
        g, _, cells = line.partition("\t")
        if g not in ("trigram", "<floor>"):
            rows[g] = parse(cells.replace("\t", " "))
    return rows


def char_scores(word: str) -> dict[str, float]:
    """Mean log10 share of the word's padded character trigrams under each language's
    word shapes ({} for a word with other characters, or when the table is missing): the
    language a word no list has most probably belongs to ("seitsemissä" is Finnish-shaped)."""
    langs, floors, table = _char_table()
    w = f"^{word.lower()}$"
    if not langs or len(w) < 4:
        return {}
    sums = [0.0] * len(langs)
    n = len(w) - 2
    for i in range(n):
        vals = table.get(w[i:i + 3], floors)
        for k, v in enumerate(vals):
            sums[k] += v
    return {lang: s / n for lang, s in zip(langs, sums)}
