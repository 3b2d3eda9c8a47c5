"""Typography per target language: the marks, spaces and formats of the text's own language.

- typography.quote-style          quotation marks of another language's convention, in a
                                  text that otherwise uses its own („…” or “…” in German)
- typography.french-spacing       no (or a breaking) space before ; : ! ? » or after « (fr)
- typography.spanish-inverted     a Spanish question or exclamation without ¿ / ¡ (es)
- typography.cjk-punctuation      ASCII , . ? ! ; between CJK characters in a text that uses the
                                  full-width mark elsewhere, half-width katakana, full-width
                                  Latin letters among half-width ones
- typography.decimal-separator    an English decimal point ("3.5 Prozent") where the language
                                  writes a decimal comma
- typography.thousands-separator  an English thousands comma ("1,200") that reads as a decimal
- typography.date-format          an English month name or month-first date (3/15/2024)

Conventions are data: corpora/mechanics/typography.tsv, built from Unicode CLDR by
scripts/build_typography.py, with hand-written rows citing their style guides.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .. import languages, resources, rx
from ..document import Document
from ..finding import Finding
from ..rules import Rule
from .context import Context

_CJK_TARGETS = languages.UNSPACED
_LATIN_TARGETS = tuple(x for x in languages.TARGETS if x not in _CJK_TARGETS)  # and Cyrillic

QUOTE_STYLE = Rule(
    "typography.quote-style", "locale/convention", "minor",
    "Quotation marks of another language's convention in a text that uses its own "
    "elsewhere ('“…”' or '\"…\"' beside '„…“' in German), or a pair that mixes two "
    "conventions ('„…”') (CLDR quotation marks).",
    langs=_LATIN_TARGETS + _CJK_TARGETS,
    examples=("Sie sagte: „Wir kommen.“ Er sagte: “Wir nicht.”",),
    counterexamples=("Sie sagte: „Wir kommen.“ Er sagte: „Wir nicht.“",))
FRENCH_SPACING = Rule(
    "typography.french-spacing", "locale/convention", "minor",
    "French puts a no-break space before ; : ! ? » and after «: a missing space, or a "
    "breaking one in a text that elsewhere uses no-break spaces (Imprimerie nationale).",
    langs=("fr",),
    examples=("Il a déclaré: «Nous partons».",),
    counterexamples=("Il a déclaré\u00a0: «\u00a0Nous partons\u00a0».",))
SPANISH_INVERTED = Rule(
    "typography.spanish-inverted", "fluency/punctuation", "minor",
    "A Spanish question or exclamation without its opening ¿ or ¡ (RAE, Ortografía 2010).",
    langs=("es",),
    examples=("Qué pasará ahora?",), counterexamples=("¿Qué pasará ahora?",))
CJK_PUNCT = Rule(
    "typography.cjk-punctuation", "locale/convention", "minor",
    "ASCII punctuation between Chinese or Japanese characters in a text that elsewhere uses "
    "the full-width mark, half-width katakana, or full-width Latin letters among half-width "
    "ones.",
    langs=_CJK_TARGETS,
    examples=("政府は声明を発表した,首相は出席しなかった.市は、会議を開いた。",),
    counterexamples=("政府は声明を発表した。首相は出席しなかった。",))
DECIMAL = Rule(
    "typography.decimal-separator", "locale/convention", "minor",
    "A decimal point in a language that writes a decimal comma ('3.5 Prozent' for "
    "'3,5 Prozent'): before a percentage or a million/billion word, or anywhere in a text "
    "that also writes decimal commas (CLDR number symbols).",
    langs=_LATIN_TARGETS,
    examples=("Die Wirtschaft wuchs um 3.5 Prozent.",),
    counterexamples=("Die Wirtschaft wuchs um 3,5 Prozent.",))
THOUSANDS = Rule(
    "typography.thousands-separator", "accuracy/mistranslation", "major",
    "An English thousands comma in a language where the comma is the decimal sign: "
    "'1,200 Menschen' reads as 1.2 people (CLDR number symbols).",
    langs=_LATIN_TARGETS,
    examples=("Rund 1,200 Menschen kamen.",), counterexamples=("Rund 1.200 Menschen kamen.",))
DATE = Rule(
    "typography.date-format", "locale/convention", "minor",
    "A date in English form in another language: an English month name ('March 3, 2024' "
    "in German) or month-first numerals ('3/15/2024') (CLDR month names and date patterns).",
    langs=_LATIN_TARGETS + _CJK_TARGETS,
    examples=("Das Treffen fand am March 3, 2024 statt.",),
    counterexamples=("Das Treffen fand am 3. März 2024 statt.",))
RULES = [QUOTE_STYLE, FRENCH_SPACING, SPANISH_INVERTED, CJK_PUNCT, DECIMAL, THOUSANDS, DATE]


# -- data ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conventions:
    lang: str
    primary: tuple[str, ...]  # two-character pairs a top-level quotation may use
    inner: tuple[str, ...]  # pairs for a quotation inside a quotation
    decimal: str
    group: str
    point_regions: float  # share of the language's regions that write a decimal point
    months: dict[str, int]  # lowercased month name or abbreviation -> 1..12
    month_names: tuple[str, ...]  # wide format name of month 1..12
    date_long: str
    date_short: str
    amount_words: tuple[str, ...]  # percent and million/billion words
    space_before: str
    space_after: str


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in resources.read_tsv(resources.path("mechanics", "typography.tsv")):
        value = row["value"]
        if value.startswith("U+"):
            value = chr(int(value[2:], 16))  # a space symbol, stored as its code point
        out.setdefault(row["lang"], {})[row["key"]] = value
    return out


@functools.cache
def conventions(lang: str) -> Conventions | None:
    """The language's conventions, or None when typography.tsv has none for it."""
    t = _table().get(lang)
    if not t:
        return None
    months: dict[str, int] = {}
    for m in range(1, 13):
        for name in t[f"month-{m}"].split("|"):
            months.setdefault(name.lower(), m)
    share, _, total = t.get("decimal-point-regions", "0/0").partition("/")
    return Conventions(
        lang,
        tuple((t["quotes"] + " " + t.get("quotes-also", "")).split()),
        tuple((t["quotes-inner"] + " " + t.get("quotes-inner-hand", "")).split()),
        t["decimal"], t["group"], int(share) / max(1, int(total)), months,
        tuple(t[f"month-{m}"].split("|")[0] for m in range(1, 13)),
        t["date-long"], t["date-short"],
        tuple(w for k in ("percent-word", "scale-words") for w in t.get(k, "").split("|") if w),
        t.get("space-before", ""), t.get("space-after", ""))


# -- quotation pairing (also used by mechanics.unbalanced-quotes) -----------------------

# Pairs any text may use, after its own: balance is judged leniently, shape by quote-style.
_ANY_PAIRS = ("“”", "„“", "„”", "«»", "»«", "””", "「」", "『』", "《》", "〈〉", "〝〟")
_CLOSERS = frozenset(p[1] for p in _ANY_PAIRS)


@dataclass(frozen=True)
class Quotation:
    start: int  # the opening mark
    end: int  # the closing mark
    depth: int


@dataclass
class Pairing:
    quotations: list[Quotation]
    unclosed: list[int]  # opening marks with no partner in their paragraph
    stray: list[int]  # closing marks that close nothing


def _closer_of(conv: Conventions) -> dict[str, str]:
    """Opening mark -> its closing mark; the language's own pairs first. Single marks
    (‚‘ ‘’ ‹›) are left out: ’ is also the apostrophe."""
    out = {'"': '"'}
    for pair in conv.primary + conv.inner + _ANY_PAIRS:
        if pair[0] not in "‚‘‹›’":
            out.setdefault(pair[0], pair[1])
    return out


def pair_quotes(text: str, paragraphs, conv: Conventions) -> Pairing:
    """Pair the double quotation marks of each paragraph by the language's conventions.

    A mark closes the innermost open quotation when it is that quotation's closing mark;
    otherwise an opening mark opens, and any other closing mark closes the innermost one (its
    shape is quote-style's business). A quotation left open at a paragraph's end is allowed
    when the next paragraph starts with a quotation mark (a quotation over paragraphs).
    """
    closer_of = _closer_of(conv)
    marks = rx.compile("[" + re.escape("".join(set(closer_of) | _CLOSERS)) + "]")
    out = Pairing([], [], [])
    pars = list(paragraphs)
    carried = False
    for pi, (ps, pe) in enumerate(pars):
        stack: list[tuple[int, str]] = []
        for m in marks.finditer(text, ps, pe):
            i, c = m.start(), m.group()
            if c == '"' and text[i - 1:i].isdigit():
                continue  # 5" (inches)
            if stack and c == stack[-1][1]:
                s, _ = stack.pop()
                out.quotations.append(Quotation(s, i, len(stack)))
            elif c in closer_of and not (c in _CLOSERS and stack and _closing_place(text, i, pe)):
                stack.append((i, closer_of[c]))
            elif stack:
                s, _ = stack.pop()
                out.quotations.append(Quotation(s, i, len(stack)))
            elif not (carried and not text[ps:i].strip()):
                out.stray.append(i)  # a paragraph continuing a quotation may open with »
        nxt = pars[pi + 1][0] if pi + 1 < len(pars) else None
        carried = bool(stack) and nxt is not None and bool(marks.match(text, nxt))
        if not carried:
            out.unclosed += [s for s, _ in stack]
    return out


def _closing_place(text: str, i: int, pe: int) -> bool:
    """A mark that is both an opener and a closer ('“' in German) closes before a space,
    punctuation or the paragraph's end."""
    return i + 1 >= pe or text[i + 1].isspace() or text[i + 1] in ",.;:!?)]»"


# -- entry point -----------------------------------------------------------------------

def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    conv = conventions(doc.lang) if doc.lang in _LATIN_TARGETS + _CJK_TARGETS else None
    if conv is None or not doc.text:
        return
    if ctx.wants(QUOTE_STYLE):
        yield from _quote_style(doc, conv)
    if conv.space_before and ctx.wants(FRENCH_SPACING):
        yield from _french_spacing(doc.text, conv)
    if doc.lang == "es" and ctx.wants(SPANISH_INVERTED):
        yield from _inverted(doc)
    if doc.lang in _CJK_TARGETS and ctx.wants(CJK_PUNCT):
        yield from _cjk_punctuation(doc.text)
    if doc.lang in _LATIN_TARGETS:
        if ctx.wants(DECIMAL):
            yield from _decimal_points(doc.text, conv)
        if ctx.wants(THOUSANDS):
            yield from _thousands(doc.text, conv)
    if ctx.wants(DATE):
        yield from _dates(doc.text, conv)


# -- quote style -----------------------------------------------------------------------

_TITLE_WORDS = 4  # a quotation this short may be a title or a cited term


def _title(text: str, start: int, end: int) -> bool:
    """A short quotation that is no speech (no colon before it, no full stop, question or
    exclamation mark inside): a title or a cited term. Italian and French papers quote
    speech in guillemets and titles in "…" (the language's inner marks, or straight ones),
    a house style, not a slip."""
    inner = text[start + 1:end]
    return (len(inner.split()) <= _TITLE_WORDS and not re.search(r"[.!?…]\s*$", inner)
            and not text[:start].rstrip().endswith(":"))


def _quote_style(doc: Document, conv: Conventions) -> Iterator[Finding]:
    text = doc.text
    top = [q for q in pair_quotes(text, doc.paragraphs, conv).quotations if q.depth == 0]
    own = {p[0]: p for p in conv.primary}
    used = Counter(own[text[q.start]] for q in top if text[q.start] in own)
    for q in top:
        o, c = text[q.start], text[q.end]
        pair = own.get(o)
        if pair:
            if c != pair[1] and (o + c) not in conv.primary:
                yield QUOTE_STYLE.finding(
                    q.end, q.end + 1, f"'{o}' opens this quotation, so '{pair[1]}' closes it "
                    f"in {conv.lang}, not '{c}'.", pair[1], {"pattern": "mixed pair"})
        elif used and not ((o + c in conv.inner or o == '"') and _title(text, q.start, q.end)):
            want = used.most_common(1)[0][0]
            ev = {"pattern": "mixed conventions", "text_uses": want}
            msg = (f"This quotation uses {o}…{c}; the rest of the text quotes with "
                   f"{want[0]}…{want[1]}, as {conv.lang} does.")
            yield QUOTE_STYLE.finding(q.start, q.start + 1, msg, want[0], ev)
            yield QUOTE_STYLE.finding(q.end, q.end + 1, msg, want[1], ev)


# -- French spacing --------------------------------------------------------------------

_NBSP = "\u00a0\u202f"


def _french_spacing(text: str, conv: Conventions) -> Iterator[Finding]:
    before = re.escape(conv.space_before)
    after = re.escape(conv.space_after)
    # The text's own habit decides whether a breaking space is a slip: outlets that never
    # use no-break spaces are consistent, not wrong.
    strict = bool(re.search(f"[{_NBSP}][{before}]|[{after}][{_NBSP}]", text))
    for m in re.finditer(f"(?<=[^\\s{before}{after}])[{before}]", text):
        i, p = m.start(), m.group()
        prev = text[i - 1]
        nxt = text[i + 1:i + 2]
        if prev in _NBSP or (p == ":" and (prev.isdigit() or nxt == "/")) or not (
                prev.isalnum() or prev in "»)”"):
            continue  # 14:30, http://, '?!'
        if p in "?!" and _in_url(text, i):
            continue
        space = "\u202f" if p in ";!?" else "\u00a0"
        yield FRENCH_SPACING.finding(i, i + 1, f"French puts a no-break space before '{p}'.",
                                     space + p, {"pattern": "missing space"})
    for m in re.finditer(f"[{after}](?=\\w)", text):
        yield FRENCH_SPACING.finding(m.start(), m.end(), "French puts a no-break space after "
                                     f"'{m.group()}'.", m.group() + "\u00a0",
                                     {"pattern": "missing space"})
    if strict:
        for m in re.finditer(f"(?<=\\w) (?=[{before}])|(?<=[{after}]) (?=\\w)", text):
            yield FRENCH_SPACING.finding(
                m.start(), m.end(), "A breaking space here lets the mark start a new line; "
                "the rest of the text uses a no-break space.", "\u00a0",
                {"pattern": "breaking space"})


def _in_url(text: str, i: int) -> bool:
    s = text.rfind(" ", 0, i) + 1
    return "://" in text[s:i] or "www." in text[s:i]


# -- Spanish ¿ ¡ -----------------------------------------------------------------------

_OPENING_OF = {"?": "¿", "!": "¡"}


def _english(clause: str) -> bool:
    """A question in English inside a Spanish text (a quoted title: "What's Going On?"):
    most of its words commoner in English than in Spanish."""
    q = max(clause.rfind(c) for c in "\"“«")  # a quoted question: only the quotation
    words = re.findall(r"[a-záéíóúñü']+", clause[q + 1:].lower())
    if not words:
        return False
    en, es = resources.word_freqs("en"), resources.word_freqs("es")
    return sum(en.get(w, 0.0) > es.get(w, 0.0) + 1.0 for w in words) > 0.6 * len(words)


def _inverted(doc: Document) -> Iterator[Finding]:
    text = doc.text
    for m in re.finditer(r"(?<=[\w»”\"'])[?!]+", text):
        ends = m.group()
        lo = max(text.rfind(c, 0, m.start()) for c in ".?!…\n:")
        lo = max(lo, text.rfind("(", 0, m.start())) + 1
        clause = text[lo:m.start()]
        if any(_OPENING_OF[e] in clause for e in ends) or _in_url(text, m.start()) \
                or _english(clause):
            continue
        w = re.search(r"\w[\w-]*", clause)
        if not w:
            continue
        opening = "".join(dict.fromkeys(_OPENING_OF[e] for e in ends))
        s, e = lo + w.start(), lo + w.end()
        yield SPANISH_INVERTED.finding(
            s, e, f"Spanish opens this {'question' if opening[0] == '¿' else 'exclamation'} "
            f"with '{opening}'.", opening + text[s:e], {"closing": ends})


# -- CJK punctuation -------------------------------------------------------------------

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
# ':' is left alone: titles join a series and its episode with it ('作品:副題').
_ASCII_PUNCT = rx.compile(f"(?<=[{_CJK}])[,.?!;](?=[{_CJK}\uff61-\uff9f]|$|\n)|(?<=[{_CJK}])[?!;,](?=[「“])")
_FULL_OF = {",": {"ja": "、", "zh": "，"}, ".": {"ja": "。", "zh": "。"}}
_HALF_KANA = rx.compile("[\uff61-\uff9f]+")
# Letters only: Japanese style writes one-digit numbers full-width and longer ones half-width.
_FULL_ALNUM = rx.compile("[\uff21-\uff3a\uff41-\uff5a]+")
_ASCII_ALNUM = rx.compile("[A-Za-z]+")


def _cjk_punctuation(text: str) -> Iterator[Finding]:
    lang = "ja" if re.search("[\u3040-\u30ff]", text) else "zh"
    for m in _ASCII_PUNCT.finditer(text):
        p = m.group()
        full = _FULL_OF.get(p, {}).get(lang) or chr(ord(p) + 0xFEE0)
        # Only a mix is a slip: some sites turn every full-width mark into ASCII.
        if full not in text:
            continue
        yield CJK_PUNCT.finding(m.start(), m.end(), f"ASCII '{p}' between CJK characters; "
                                f"the full-width '{full}' belongs here.", full,
                                {"pattern": "ascii punctuation"})
    for m in _HALF_KANA.finditer(text):
        yield CJK_PUNCT.finding(m.start(), m.end(), "Half-width katakana.",
                                unicodedata.normalize("NFKC", m.group()),
                                {"pattern": "half-width katakana"})
    wide = list(_FULL_ALNUM.finditer(text))
    if wide and len(_ASCII_ALNUM.findall(text)) >= len(wide):
        for m in wide:
            yield CJK_PUNCT.finding(m.start(), m.end(), "Full-width Latin letters in a "
                                    "text that writes them half-width elsewhere.",
                                    unicodedata.normalize("NFKC", m.group()),
                                    {"pattern": "mixed width"})


# -- numbers ---------------------------------------------------------------------------

def _amount_after(conv: Conventions) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(conv.amount_words, key=len, reverse=True))
    return rx.compile(rf"\s?%|\s(?:{words})\b" if words else r"\s?%")


def _decimal_points(text: str, conv: Conventions) -> Iterator[Finding]:
    if conv.decimal != ",":
        return
    # A text that also writes a decimal comma mixes conventions. Where many regions of the
    # language write a point (Spanish in Mexico), only such a text is inconsistent.
    mixed = bool(re.search(r"(?<![\d.,])\d+,\d{1,2}(?![\d.,])", text))
    if conv.point_regions > 1 / 3 and not mixed:
        return
    after = _amount_after(conv)
    for m in re.finditer(r"(?<![\d.,])(\d{1,3})\.(\d{1,2})(?![\d.,])", text):
        if not after.match(text, m.end()) and not (mixed and _plain_decimal(m)):
            continue
        fix = f"{m.group(1)},{m.group(2)}"
        yield DECIMAL.finding(m.start(), m.end(), f"'{m.group()}' has an English decimal point; "
                              f"{conv.lang} writes '{fix}'.", fix, {"decimal": ","})


def _plain_decimal(m: re.Match[str]) -> bool:
    """'2.5' but not '14.30' (a time of day, as German and Indonesian write it)."""
    return len(m.group(2)) == 1 or int(m.group(1)) > 24


def _thousands(text: str, conv: Conventions) -> Iterator[Finding]:
    if conv.decimal != ",":
        return
    for m in re.finditer(r"(?<![\d.,])([1-9]\d{0,2})((?:,\d{3})+)(?![\d,]|\.\d)", text):
        groups = m.group(2)
        if groups.count(",") == 1 and not groups.endswith("0"):
            continue  # '1,125' may be a real decimal: only round figures are plainly English
        fix = m.group().replace(",", conv.group)
        reading = m.group().replace(",", ".", 1) if groups.count(",") == 1 else ""
        msg = (f"'{m.group()}' uses an English thousands comma; in {conv.lang} the comma is "
               f"the decimal sign" + (f", so it reads as {reading}" if reading else "") +
               f". For {m.group().replace(',', '')} write '{fix}'.")
        yield THOUSANDS.finding(m.start(), m.end(), msg, fix, {"group": conv.group})


# -- dates -----------------------------------------------------------------------------

def _render(pattern: str, day: int, month: int, year: str, conv: Conventions) -> str:
    """A CLDR date pattern (d, dd, M, MM, MMMM, y, yy, 'literal') filled in."""
    fields = {"d": str(day), "dd": f"{day:02d}", "M": str(month), "MM": f"{month:02d}",
              "MMMM": conv.month_names[month - 1], "y": year, "yy": year}
    return re.sub(r"'([^']*)'|([dMy])\2*",
                  lambda m: m.group(1) if m.group(1) is not None
                  else fields.get(m.group(), m.group()), pattern)


def _without_year(pattern: str) -> str:
    """'d. MMMM y' -> 'd. MMMM'; 'y年M月d日' -> 'M月d日'."""
    if pattern.startswith("y"):
        return pattern.lstrip("y年/ ")
    return pattern[:pattern.index("MMMM") + 4] if "MMMM" in pattern else pattern


@functools.cache
def _english_months(lang: str) -> re.Pattern[str] | None:
    en, own = conventions("en"), conventions(lang)
    if en is None or own is None:
        return None
    names = [n for n in en.month_names if n.lower() not in own.months]
    if not names:
        return None
    mon = "|".join(names)
    # Latin letters bound the name; a CJK character may touch it ('はMarch 15に').
    return rx.compile(rf"(?<![\d.])(?:(?P<d1>\d{{1,2}})\.? )?(?<![A-Za-z\u00c0-\u024f])(?P<m>{mon})"
                      rf"(?![A-Za-z\u00c0-\u024f])"
                      rf"(?: (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![0-9A-Za-z]))?"
                      rf"(?:,? (?P<y>\d{{4}})(?!\d))?")


def _dates(text: str, conv: Conventions) -> Iterator[Finding]:
    en = conventions("en")
    months = _english_months(conv.lang)
    if en is not None and months is not None:
        for m in months.finditer(text):
            day = m.group("d1") or m.group("d2")
            if not day or not 1 <= int(day) <= 31:
                continue  # 'May 1956' alone is often an English source's citation
            month = en.month_names.index(m.group("m")) + 1
            pat = conv.date_long if m.group("y") else _without_year(conv.date_long)
            fix = _render(pat, int(day), month, m.group("y") or "", conv)
            yield DATE.finding(m.start(), m.end(), f"'{m.group()}' is an English date; "
                               f"{conv.lang} writes '{fix}'.", fix, {"pattern": "English month"})
    for m in re.finditer(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])", text):
        mon, day = int(m.group(1)), int(m.group(2))
        if not (1 <= mon <= 12 < day <= 31):
            continue  # 5/3/2024 could be either order
        pat = conv.date_long if conv.lang in _CJK_TARGETS else conv.date_short
        fix = _render(pat, day, mon, m.group(3), conv)
        yield DATE.finding(m.start(), m.end(), f"'{m.group()}' puts the month first, as US "
                           f"English does; {conv.lang} writes '{fix}'.", fix,
                           {"pattern": "month first"})
