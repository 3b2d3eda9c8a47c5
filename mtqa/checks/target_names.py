"""Names in a text written in another language than English: how that language's press spells
them (Selenskyj, Zelensky, Zelenski, Зеленский, ゼレンスキー, 泽连斯基).

The knowledge is data: corpora/names/spellings.tsv (built by scripts/build_name_spellings.py
from CLDR and spellings-curated.tsv) gives, per known entity and target language, the accepted
spellings; corpora/names/spellings-endings.tsv the endings a name legitimately takes in that
language (German genitive -s, Russian cases). A language's index is built on first use, so
only the languages of the texts checked are ever loaded.

Precision first: a word is only a misspelling when no language's spelling of any entity, no
gazetteer name and no common word of the text's language explains it, and a spelling is only
foreign when the text's language does not also accept it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import languages, resources, rx
from ..document import Document
from ..finding import Finding
from ..gazetteer import gazetteer
from ..rules import Rule, slug
from ..tokens import Token
from .context import Context
from .names import allowed_edits, distance, fold

LANGS = languages.TARGETS
OTHER_COLUMNS = ("en", *LANGS)  # columns whose spellings may be foreign to a text


def _entry_ids() -> list[str]:
    return sorted({slug(r["name"]) for r in _rows()})


TARGET_SPELLING = Rule(
    "names.target-spelling", "fluency/spelling", "major",
    "A word one letter (two in long names) from how the text's language spells a known person, "
    "place or organisation: 'Selenski' for German 'Selenskyj', 'Зеленскй' for 'Зеленский', "
    "a katakana name one kana off ('ゼレンスキイ'), one character of a Chinese name changed.",
    langs=LANGS, examples=("Präsident Wolodymyr Selenski besuchte Kiew.",),
    counterexamples=("Präsident Wolodymyr Selenskyj besuchte Kiew.",), entry_ids=_entry_ids)
FOREIGN_SPELLING = Rule(
    "names.foreign-spelling", "locale/convention", "minor",
    "A known name spelled as another language writes it, where the text's language has its own "
    "spelling: English 'Zelensky' or 'Kyiv' in a German text (Selenskyj, Kiew), German "
    "'Selenskyj' in a Spanish one (Zelenski), Latin 'Putin' left in a Japanese one (プーチン).",
    langs=LANGS, examples=("Der Präsident Zelensky reiste nach Kiew.",),
    counterexamples=("Der Präsident Selenskyj reiste nach Kiew.",), entry_ids=_entry_ids)
RULES = [TARGET_SPELLING, FOREIGN_SPELLING]

# -- thresholds --------------------------------------------------------------------------------
ORDINARY_ZIPF = 3.5  # a foreign form this common in the text's language is its own word (de "Roma")
RARE_ZIPF = 2.5  # a candidate misspelling at least this common in its language is a real word
TARGET_ZIPF = 4.5  # a name this common in its language may be an ordinary word too ("Roma")
MIN_LETTERS = 5  # shorter words are not compared (one edit turns them into other real names)
MIN_SUBSTITUTED = 7  # names shorter than this differ from other real names by one letter
MIN_KANA = 4  # katakana names compared, in kana
MIN_HANZI = 3  # Chinese and Japanese names matched or compared, in characters
MAX_FORM_WORDS = 6  # longest foreign form looked up, in words

_KATAKANA_RUN = rx.compile(r"[ァ-ヺヴー]+")
_CJK = rx.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_HAN = rx.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_VOWELS = frozenset("aeiouyjаеиоуыэюяй")  # one vowel for another is a slip, not another name


def _cjk(s: str) -> bool:
    return bool(_CJK.search(s))


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    return tuple(resources.read_tsv(resources.path("names", "spellings.tsv")))


def _cell(row: Mapping[str, str], col: str) -> list[str]:
    return [x.strip() for x in row.get(col, "").split("|") if x.strip()]


def _key(form: str) -> str:
    """Spellings that differ only in case, marks, hyphens or spaces are one spelling here."""
    return re.sub(r"[\W_]+", "", fold(form))


@dataclass(frozen=True)
class Foreign:
    entity: str
    lang: str  # the column it comes from ('en', 'de', ...)
    suggestion: str  # the text language's preferred spelling


@dataclass(frozen=True)
class Index:
    lang: str
    accepted: Mapping[str, str]  # every spelling the language accepts -> entity
    tokens: Mapping[str, str]  # words of those spellings (Latin/Cyrillic) -> entity
    stems: frozenset[str]  # accepted words less their last one or two letters (inflection)
    endings: tuple[tuple[str, int], ...]  # (ending, letters of the name it may replace)
    foreign: Mapping[str, Foreign]  # other languages' spellings foreign to this one
    foreign_words: int  # longest foreign form, in words
    known_anywhere: frozenset[str]  # every word of every spelling, any language (folded)
    deletes: Mapping[str, tuple[str, ...]]  # delete-variants -> accepted words (near lookup)
    kana: tuple[str, ...]  # katakana names (ja)
    hanzi_masks: Mapping[str, tuple[str, ...]]  # a name with one character masked -> names (zh/ja)
    hanzi_lengths: tuple[int, ...]
    hanzi_chars: frozenset[str]  # every character of those names
    forms_of: Mapping[str, tuple[str, ...]]  # entity -> the language's spellings of it


def _words(form: str) -> list[str]:
    return re.findall(r"\w+(?:[-'’]\w+)*", form)


@functools.cache
def index(lang: str) -> Index:
    """The language's spellings, and the foreign ones to look for (built on first use)."""
    rows = _rows()
    accepted: dict[str, str] = {}
    for r in rows:
        for f in _cell(r, lang):
            accepted.setdefault(f, r["name"])
    own_keys = {_key(f) for f in accepted}
    foreign: dict[str, Foreign] = {}
    clash: set[str] = set()
    freqs = resources.word_freqs(lang)
    for r in rows:
        mine = _cell(r, lang)
        if not mine:
            continue
        for col in OTHER_COLUMNS:
            # Places and organisations: only the English form is a translation slip; their
            # other languages' names are endonyms that credits and citations quote (Wien, Schweiz).
            if col == lang or (col != "en" and r.get("kind") != "person"):
                continue
            for f in _cell(r, col):
                if not _foreign_candidate(f, lang, own_keys, freqs):
                    continue
                if f in foreign and foreign[f].entity != r["name"]:
                    clash.add(f)  # one spelling of two entities: not evidence of either
                foreign.setdefault(f, Foreign(r["name"], col, _counterpart(f, mine)))
    for f in clash:
        del foreign[f]
    toks = {w: e for f, e in accepted.items() if not _cjk(f) for w in _words(f)}
    stems = frozenset(w[:len(w) - k] for w in toks for k in (1, 2) if len(w) - k >= 3)
    endings = tuple((r["ending"], int(r["replaces"] or 0))
                    for r in resources.read_tsv(resources.path("names", "spellings-endings.tsv"))
                    if r["lang"] == lang)
    anywhere = frozenset(fold(w) for r in rows for c in OTHER_COLUMNS for f in _cell(r, c)
                         for w in _words(f))
    deletes: dict[str, set[str]] = {}
    for w in toks:
        if len(w) >= MIN_LETTERS and freqs.get(w.casefold(), 0.0) < TARGET_ZIPF and not w.isupper():
            for d in _deletes(fold(w), allowed_edits(len(w))):
                deletes.setdefault(d, set()).add(w)
    kana = tuple(sorted({k for f in accepted for k in _KATAKANA_RUN.findall(f)
                         if len(k) >= MIN_KANA}))
    masks: dict[str, set[str]] = {}
    for f in accepted:
        if len(f) >= MIN_HANZI and _HAN.fullmatch(f):
            for j in _maskable(len(f)):
                masks.setdefault(f[:j] + "\0" + f[j + 1:], set()).add(f)
    return Index(lang, accepted, toks, stems, endings, foreign,
                 max((len(_words(f)) for f in foreign if not _cjk(f)), default=1), anywhere,
                 {k: tuple(sorted(v)) for k, v in deletes.items()}, kana,
                 {k: tuple(sorted(v)) for k, v in masks.items()},
                 tuple(sorted({len(f) for m in masks.values() for f in m})),
                 frozenset(c for m in masks.values() for f in m for c in f),
                 {e: tuple(f for f, e2 in accepted.items() if e2 == e) for e in set(accepted.values())})


def _foreign_candidate(f: str, lang: str, own_keys: set[str], freqs: Mapping[str, float]) -> bool:
    """Whether another language's spelling f can show a foreign spelling in a text in lang:
    a capitalised name (not an acronym, which many languages share), long enough, that lang
    writes differently even allowing for marks and hyphens, and not a common word of lang."""
    if _key(f) in own_keys:
        return False
    if _cjk(f):
        return len(f) >= MIN_HANZI and lang in ("ja", "zh")
    ws = _words(f)
    if not ws or not f[0].isupper() or f.replace(" ", "").isupper() or len(f) < 4:
        return False
    if lang in ("ja", "zh", "ru") and not re.search(r"[A-Za-z]", f):
        return False  # (a Cyrillic spelling in a Japanese text is no translation slip)
    return not (len(ws) == 1 and freqs.get(f.casefold(), 0.0) >= ORDINARY_ZIPF)


def _counterpart(form: str, mine: list[str]) -> str:
    """The spelling to suggest for form: the first with as many words ('Zelensky' -> 'Selenskyj',
    'Vladimir Putin' -> 'Vladimir Poutine'), else the preferred one."""
    n = len(_words(form))
    return next((m for m in mine if not _cjk(m) and len(_words(m)) == n), mine[0])


def _maskable(n: int) -> range:
    """Positions of a Chinese name where one changed character is still that name: the middle
    ones of a three-character name (its first or last may belong to the next word)."""
    return range(1, n - 1) if n == 3 else range(n)


def _deletes(w: str, depth: int) -> set[str]:
    out, frontier = {w}, {w}
    for _ in range(depth):
        frontier = {x[:i] + x[i + 1:] for x in frontier for i in range(len(x))}
        out |= frontier
    return out


# -- the check ------------------------------------------------------------------------------------
def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    lang = doc.lang
    if lang not in LANGS:
        return
    assert doc.facts is not None, "annotate the document first"
    idx = index(lang)
    skip = [(f.start, f.end) for f in doc.facts.foreign]  # quoted English, other-language runs
    taken: list[tuple[int, int]] = []
    if ctx.wants(FOREIGN_SPELLING):
        for f in _foreign(doc, idx, skip):
            taken.append((f.start, f.end))
            yield f
    if ctx.wants(TARGET_SPELLING):
        skip = skip + taken
        if lang == "ja":
            yield from _kana_near(doc, idx, skip)
        if lang in ("ja", "zh"):
            yield from _hanzi_near(doc, idx, skip)
        else:
            yield from _word_near(doc, idx, skip)


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


_ELISION = rx.compile(r"^[^\W\d_]{1,4}['’](?=[^\W\d_])")  # l', d', qu', dell' (fr, it, pt)


def _bare(t: Token) -> Token:
    """The word without an elided article or preposition: "L'Ukraine" -> "Ukraine"."""
    m = _ELISION.match(t.text)
    return Token.of(t.start + m.end(), t.end, t.text[m.end():], t.kind) if m else t


def _word_runs(doc: Document) -> list[list[Token]]:
    """Runs of word tokens separated by single spaces only (a name never spans a comma)."""
    runs: list[list[Token]] = []
    prev: Token | None = None
    for t in map(_bare, doc.tokens):
        if t.kind != "word":
            prev = None
            continue
        if prev is not None and doc.text[prev.end:t.start] == " ":
            runs[-1].append(t)
        else:
            runs.append([t])
        prev = t
    return runs


def _foreign(doc: Document, idx: Index, skip) -> Iterator[Finding]:
    gaz = None
    for run in _word_runs(doc):
        i = 0
        while i < len(run):
            for n in range(min(idx.foreign_words, len(run) - i), 0, -1):
                s, e = run[i].start, run[i + n - 1].end
                form = doc.text[s:e]
                hit = idx.foreign.get(form)
                if hit is None or _overlaps(s, e, skip):
                    continue
                gaz = gaz or gazetteer()
                if _inside_longer_name(doc.text, run, i, n, gaz) or _glossed(doc.text, s, e) \
                        or (idx.lang in ("ja", "zh") and n < len(run)) \
                        or _in_foreign_name(run, i, n, idx):
                    continue  # quoted inside a longer name, a gloss, or an English phrase
                yield _foreign_finding(s, e, form, hit, idx.lang)
                i += n - 1
                break
            i += 1
    if idx.lang in ("ja", "zh"):
        yield from _foreign_hanzi(doc, idx, skip)


def _inside_longer_name(text: str, run: list[Token], i: int, n: int, gaz) -> bool:
    """'Kyiv Independent', 'Moscow Times': an English name of a publication or an institution
    that holds the foreign form is quoted as it is."""
    for a in range(max(0, i - 2), i + 1):
        for b in range(i + n, min(len(run), i + n + 2) + 1):
            if (a, b) != (i, i + n) and gaz.lookup(text[run[a].start:run[b - 1].end]):
                return True
    return False


def _glossed(text: str, s: int, e: int) -> bool:
    """'Kiew (Kyiv)', '加那利群岛（Canary Islands）': the other spelling given as a gloss."""
    before, after = text[max(0, s - 3):s].rstrip()[-1:], text[e:e + 3].lstrip()[:1]
    return bool(before and after) and before in "(（[" and after in ")）]"


def _in_foreign_name(run: list[Token], i: int, n: int, idx: Index) -> bool:
    """'Austria Peak', 'Photo Schweiz': a capitalised neighbour that the text's language
    neither knows as a word nor as a name makes the form part of a longer foreign name."""
    freqs = resources.word_freqs(idx.lang)
    for j in (i - 1, i + n):
        if 0 <= j < len(run):
            w = run[j].text
            if w[:1].isupper() and w not in idx.tokens and freqs.get(w.casefold(), 0.0) < 3.0:
                return True
    return False


def _foreign_hanzi(doc: Document, idx: Index, skip) -> Iterator[Finding]:
    text = doc.text
    forms = [f for f in idx.foreign if _cjk(f)]
    for f in sorted(forms, key=len, reverse=True):
        for m in re.finditer(re.escape(f), text):
            if not _overlaps(m.start(), m.end(), skip):
                skip = skip + [m.span()]
                yield _foreign_finding(m.start(), m.end(), f, idx.foreign[f], idx.lang)


def _foreign_finding(s: int, e: int, form: str, hit: Foreign, lang: str) -> Finding:
    return FOREIGN_SPELLING.finding(
        s, e, f"'{form}' is how '{hit.lang}' writes {hit.entity}; in '{lang}' it is "
              f"'{hit.suggestion}'", hit.suggestion,
        {"entity": hit.entity, "spelled_as": hit.lang, "lang": lang}, 0.7, entry=slug(hit.entity))


def _inflected(w: str, idx: Index) -> bool:
    """A known name with an ending the language gives names (Selenskyjs, Зеленского, Путину)."""
    for ending, replaces in idx.endings:
        if not w.endswith(ending) or len(w) <= len(ending):
            continue
        stem = w[:len(w) - len(ending)]
        if stem in idx.tokens or (replaces and stem in idx.stems and any(
                stem + w2 in idx.tokens for w2 in _tails(stem, idx, replaces))):
            return True
    return False


def _tails(stem: str, idx: Index, replaces: int) -> list[str]:
    return [t[len(stem):] for t in idx.tokens if t.startswith(stem) and 0 < len(t) - len(stem) <= replaces]


def _word_near(doc: Document, idx: Index, skip) -> Iterator[Finding]:
    freqs = resources.word_freqs(idx.lang)
    gaz = None
    memo: dict[tuple[str, str], bool] = {}
    for t in (t for run in _word_runs(doc) for t in run):
        w = t.text
        if len(w) < MIN_LETTERS or not w[0].isupper() or w.isupper() \
                or w in idx.tokens or fold(w) in idx.known_anywhere or _cjk(w):
            continue
        if freqs.get(w.casefold(), 0.0) >= RARE_ZIPF or _overlaps(t.start, t.end, skip) \
                or _inflected(w, idx):
            continue
        target = _nearest(w, idx)
        if not target:
            continue
        gaz = gaz or gazetteer()
        if gaz.tokens.get(w) or resources.word_freqs("en").get(w.casefold(), 0.0) >= RARE_ZIPF:
            continue  # another real name, or an English word
        ent = idx.tokens[target]
        if not _plausible(doc.text, w, ent, idx, True, memo):
            continue
        yield TARGET_SPELLING.finding(
            t.start, t.end, f"'{w}' looks like a misspelling of '{target}' ({ent})", target,
            {"entity": ent, "lang": idx.lang, "matched": target}, 0.75, entry=slug(ent))


def _nearest(w: str, idx: Index) -> str:
    f = fold(w)
    found: list[tuple[int, str]] = []
    for d in _deletes(f, allowed_edits(max(len(w), 9))):
        for cand in idx.deletes.get(d, ()):
            c = fold(cand)
            dist = distance(f, c, 2)
            if 0 < dist <= allowed_edits(max(len(w), len(cand))) and _slip(f, c):
                found.append((dist, cand))
    found.sort()
    best = [c for d, c in found if d == found[0][0]] if found else []
    return best[0] if len(set(best)) == 1 else ""  # two equally near names: no guess


def _slip(a: str, b: str) -> bool:
    """A letter dropped, doubled or swapped, or a vowel changed inside a long name, is a slip.
    One letter for another in place is how two real names differ: always so for a consonant
    (Sunarto/Sudarto), at the first letter (Eiger/Niger) and in short names (Pangma/Panama)."""
    if len(a) != len(b) or sorted(a) == sorted(b):
        return True
    diff = [(k, x, y) for k, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 1 and diff[0][0] > 0 and len(b) >= MIN_SUBSTITUTED \
        and bool({diff[0][1], diff[0][2]} & _VOWELS)


def _kana_near(doc: Document, idx: Index, skip) -> Iterator[Finding]:
    freqs = resources.word_freqs("ja")
    known = set(idx.kana) | {k for f in idx.accepted for k in _KATAKANA_RUN.findall(f)}
    memo: dict[tuple[str, str], bool] = {}
    nearest: dict[str, str] = {}
    for m in _KATAKANA_RUN.finditer(doc.text):
        run = m.group()
        if len(run) < MIN_KANA or run in known or freqs.get(run, 0.0) > 0 \
                or _overlaps(m.start(), m.end(), skip):
            continue
        if run not in nearest:  # (a long text repeats its katakana words: compare each once)
            near = {k for k in idx.kana if abs(len(k) - len(run)) <= 1 and distance(run, k, 1) == 1}
            nearest[run] = near.pop() if len(near) == 1 else ""
        k = nearest[run]
        if not k:
            continue
        ent = idx.accepted.get(k) or next(e for f, e in idx.accepted.items() if k in f)
        if not _plausible(doc.text, run, ent, idx, len(run) >= 6, memo):
            continue
        yield TARGET_SPELLING.finding(
            m.start(), m.end(), f"'{run}' looks like a misspelling of '{k}' ({ent})", k,
            {"entity": ent, "lang": "ja", "matched": k}, 0.7, entry=slug(ent))


def _hanzi_near(doc: Document, idx: Index, skip) -> Iterator[Finding]:
    """One character of a known Chinese name changed, when the result is not itself a word."""
    text = doc.text
    freqs = resources.word_freqs(doc.lang)
    spans = list(skip)
    memo: dict[tuple[str, str], bool] = {}
    for f in (f for f in idx.accepted if _cjk(f)):  # correct names here are no candidates
        spans += [m.span() for m in re.finditer(re.escape(f), text)]
    # A near miss keeps all characters of the name but one: a window with two characters no
    # name has is none (most windows of running text; checked before building any mask).
    known = [0, *itertools.accumulate(c in idx.hanzi_chars for c in text)]
    for n in idx.hanzi_lengths:
        for i in range(len(text) - n + 1):
            if n - (known[i + n] - known[i]) > 1:
                continue
            s = text[i:i + n]
            if not _cjk(s[0]) or s in idx.accepted or freqs.get(s, 0.0) > 0:
                continue
            names = {f for j in _maskable(n) for f in idx.hanzi_masks.get(s[:j] + "\0" + s[j + 1:], ())}
            if len(names) != 1 or _overlaps(i, i + n, spans):
                continue
            f = names.pop()
            changed = next(c for a, c in zip(f, s) if a != c)
            if freqs.get(changed, 0.0) > 0 and _word_at(text, i, n, freqs):
                continue  # the changed character starts or ends a real word there
            ent = idx.accepted[f]
            if not _plausible(text, s, ent, idx, n >= 4, memo):
                continue
            spans.append((i, i + n))
            yield TARGET_SPELLING.finding(
                i, i + n, f"'{s}' looks like a misspelling of '{f}' ({ent})", f,
                {"entity": ent, "lang": doc.lang, "matched": f}, 0.7, entry=slug(ent))


def _plausible(text: str, written: str, entity: str, idx: Index, distinctive: bool,
               memo: dict[tuple[str, str], bool]) -> bool:
    """Whether a near miss is a slip rather than another real name: the article spells the
    entity right elsewhere, or the near miss is distinctive (a long name) and written once; a
    name written the same way again and again for an entity the article never names is its own
    (a Kerensky beside no Zelensky). Memoised per article: a long text repeats its names."""
    key = (written, entity)
    if key not in memo:
        memo[key] = any(f in text for f in idx.forms_of.get(entity, ())) or \
            (distinctive and text.count(written) == 1)
    return memo[key]


def _word_at(text: str, i: int, n: int, freqs: Mapping[str, float]) -> bool:
    """Whether a word of two or more characters crosses the candidate's edge (the candidate is
    really the end of one word and the start of another)."""
    for a in range(max(0, i - 3), i + n):
        for b in range(a + 2, min(len(text), i + n + 3) + 1):
            if (a < i < b or a < i + n < b) and freqs.get(text[a:b], 0.0) >= 3.0:
                return True
    return False
