"""Changed, dropped or added numbers, and changed dates, between aligned sentences.

Figures are compared as values, read with each language's conventions
(corpora/divergence/numbers.toml, through numwords): "1,500" in English and "1.500" or
"1'500" in German are the same number, "3,5 Milliarden" is 3.5e9, "vingt-quatre" is 24,
三十 is 30. Dates are compared by their parts: a month (named, "März", or written as a
number, "03.03.2023", "3月"), a day next to it, a weekday. A small number word with no
counterpart ("one of", "un homme", "einer der") is an article or pronoun as often as a
figure, so it only ever matches; figures in words are reported with less confidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .. import rx
from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from ..tokens import JOINED_WORD
from . import Pair, Segment
from .numwords import Conventions, cjk_numbers, conventions, scale_after, spelled

RULES = [
    Rule("diverge.number", "accuracy/mistranslation", "major",
         "A number, amount or percentage that differs between source and translation."),
    Rule("diverge.number-dropped", "accuracy/omission", "minor",
         "A number in the source that the translation leaves out."),
    Rule("diverge.number-added", "accuracy/addition", "minor",
         "A number in the translation that the source does not have."),
    Rule("diverge.date", "accuracy/mistranslation", "major",
         "A month, day or weekday that differs between source and translation."),
]
RULE = {r.id: r for r in RULES}

# Digits with groups of three ("1,500", "1.500", "1'500", "20 000") and a decimal part.
_NUM = rx.compile(r"(?:\d{1,3}(?:[,.'’\u00a0\u202f ]\d{3})+|\d+)(?:[.,]\d+)?")
_DATE = rx.compile(r"(?<![\d.,/])(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?![\d/]|[.,]\d)")
_TIME = rx.compile(r"(?<![\d.,:])(\d{1,2})(?::|\s?h\s?|\.(?=\d\d\s?(?:Uhr|h)\b))(\d{2})(?![\d:])"
                   r"(?:\s?([ap])\.?m\b\.?)?|(?<![\d.,:])(\d{1,2})\s?([ap])\.?m\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    value: float
    start: int
    end: int
    spelled: bool = False
    soft: bool = False  # matches a counterpart but is never reported on its own
    in_date: bool = False  # the day of a date: a change is a diverge.date
    alt: float | None = None  # another reading: "5 p.m." is 17 or, on a 12-hour clock, 5

    @property
    def alone(self) -> bool:
        """Reported when it has no counterpart: a figure in digits above 2, not a year or a
        day (translators add and drop those: "this year", "on the 26th", "２回" for "twice")."""
        v = self.value
        return not (self.spelled or self.soft or self.in_date or v <= 2
                    or (1900 <= v <= 2100 and v == int(v)))


@dataclass(frozen=True)
class Mark:
    """A month (0..11) or weekday (0..6) named or written in a date."""
    index: int
    start: int
    end: int


def parse_figure(raw: str, conv: Conventions) -> float | None:
    """The value of digits written with the language's marks; a mark followed by three
    digits is a group mark unless it is this language's decimal mark and occurs once."""
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    marks = re.findall(r"\D", raw)
    if not marks:
        return float(raw)
    last = marks[-1]
    tail = len(raw) - raw.rindex(last) - 1
    decimal = last == conv.decimal and marks.count(last) == 1 and not (
        tail == 3 and last in conv.groups and last != conv.decimal)
    if not decimal and tail != 3 and last in ".,":
        decimal = True  # "2.5" in German copy, "2,5" in English: a slipped decimal mark
    head = raw[:raw.rindex(last)] if decimal else raw
    digits = re.sub(r"\D", "", head)
    try:
        return float(f"{digits}.{raw[-tail:]}" if decimal else digits)
    except ValueError:
        return None


def _key(v: float) -> float:
    return float(f"{v:.6g}")


def _glued(text: str, s: int) -> str:
    """What a figure is glued to on its left: "" (nothing), "code" (up to three capitals,
    or a capital and one or two small letters: "RMB280", "A380", the currencies "Rp14.200",
    "Rs500"), "name" (a word and a hyphen: "COVID-19") or "word" ("user13")."""
    if s == 0 or not (text[s - 1].isalnum() or text[s - 1] in ".,-"):
        return ""
    if text[s - 1] == "-":
        return "name" if s > 1 and text[s - 2].isalpha() else ""
    if text[s - 1] in ".,":
        return "word"
    m = re.search(r"[A-Z]{1,3}$|[A-Z][a-z]{1,2}$", text[max(0, s - 4):s])
    return "code" if m and not text[:s - len(m.group())][-1:].isalnum() else "word"


def _figures(text: str, conv: Conventions, taken: set[int]) -> list[Figure]:
    out = []
    for m in _NUM.finditer(text):
        s, e = m.start(), m.end()
        glue = _glued(text, s)
        if s in taken or glue == "word":
            continue
        suffix = re.match(r"[^\W\d_]+|[ºª]", text[e:])
        soft, mult, end = glue == "name", 1.0, e
        if suffix and suffix.group() in conv.suffix_scales:
            mult, end = conv.suffix_scales[suffix.group()], e + suffix.end()  # "50K", "$3bn"
        elif suffix and suffix.group().lower() in conv.ordinal:
            soft, end = True, e + suffix.end()  # "3rd", "1er", "1990s"
        elif suffix and len(suffix.group()) > 3:
            continue  # glued to a word: not read
        elif suffix:
            soft, end = True, e + suffix.end()  # a unit or a name ("2L", "10km", "5G")
        else:
            mult, end = scale_after(text, e, conv)
        v = parse_figure(m.group(), conv)
        if v is not None:
            out.append(Figure(_key(v * mult), s, end, soft=soft))
            taken.update(range(s, end))
    return out


def _dates(text: str, conv: Conventions, taken: set[int]) -> tuple[list[Figure], list[Mark]]:
    """Numeric dates ("03.03.2023", "3/3/2023", "2023-03-03") as day, month and year."""
    figs, months = [], []
    for m in _DATE.finditer(text):
        a, b, c = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if len(m.group(1)) == 4:
            y, mo, d = a, b, c
        elif conv.date_order == "mdy" and a <= 12:
            mo, d, y = a, b, c
        else:
            d, mo, y = a, b, c
        if not (1 <= mo <= 12 and 1 <= d <= 31) or (m.group(2) == "-" and len(m.group(1)) != 4):
            continue
        y += 2000 if y < 50 and len(str(y)) <= 2 else 1900 if y < 100 else 0
        s, e = m.start(), m.end()
        if conv.date_order == "mdy" and len(m.group(1)) != 4 and a <= 12 and b <= 12 and a != b:
            # English is written both ways (12/03 is 3 December or 12 March): either part
            # may be the day, and the month is unknown
            figs += [Figure(float(d), s, e, in_date=True, soft=True, alt=float(mo)),
                     Figure(float(y), s, e)]
        else:
            figs += [Figure(float(d), s, e, in_date=True), Figure(float(y), s, e)]
            months.append(Mark(mo - 1, s, e))
        taken.update(range(s, e))
    for m in _TIME.finditer(text):
        if m.start() in taken:
            continue
        hour, minute, half = (m.group(1), m.group(2), m.group(3)) if m.group(1) else \
            (m.group(4), "0", m.group(5))
        h = int(hour)
        pm = (half or "").lower() == "p" and h < 12
        figs.append(Figure(float(h + 12 * pm), m.start(), m.end(), alt=float(h) if pm else None))
        if int(minute):  # matched if the other side has it, never reported alone
            figs.append(Figure(float(minute), m.start(), m.end(), soft=True))
        taken.update(range(m.start(), m.end()))
    return figs, months


def _named(text: str, conv: Conventions, forms: dict[str, int]) -> list[Mark]:
    """Month or weekday names: words, or substrings in CJK text (星期三, 월요일)."""
    if conv.cjk:
        return [Mark(i, m.start(), m.end()) for form, i in forms.items()
                for m in re.finditer(re.escape(form), text)]
    out = []
    for m in JOINED_WORD.finditer(text):
        w = m.group()
        i = forms.get(w.lower())
        if i is None and ("'" in w or "’" in w):  # Turkish "Mart'ta"
            w = re.split(r"['’]", w)[0]
            i = forms.get(w.lower())
        if i is not None and (w[0].isupper() or not conv.capitalized):
            out.append(Mark(i, m.start(), m.start() + len(w)))
    return out


def _cjk(text: str, conv: Conventions) -> tuple[list[Figure], list[Mark]]:
    figs, months = [], []
    for n in cjk_numbers(text, conv):
        if n.mark == conv.month_mark and n.value in range(1, 13):
            months.append(Mark(int(n.value) - 1, n.start, n.end + 1))
            continue  # 3月 / 十月 is a month, not the number three or ten
        day = (n.mark in conv.day_mark and n.value in range(1, 32)) or n.mark == conv.year_mark
        figs.append(Figure(_key(n.value), n.start, n.end, spelled=not re.search(r"\d", text[n.start:n.end]),
                           soft=n.soft, in_date=day))
    return figs, months


_ADDRESS = rx.compile(r"(?:https?://|www\.|@\w)\S+|\S+@\S+")


def extract(text: str, lang: str) -> tuple[list[Figure], list[Mark], list[Mark]]:
    """(figures, months, weekdays) in text, offsets relative to text."""
    conv = conventions(lang)
    if "@" in text or "/" in text or "www." in text:  # digits in addresses and handles are no figures
        text = _ADDRESS.sub(lambda m: " " * len(m.group()), text)
    if conv.cjk:
        figs, months = _cjk(text, conv)
        weekdays = _named(text, conv, conv.weekdays)
        busy = {k for w in weekdays for k in range(w.start, w.end)}
        figs = [f for f in figs if f.start not in busy]  # 星期三 is Wednesday, not three
        return sorted(figs, key=lambda f: f.start), months, weekdays
    taken: set[int] = set()
    figs, months = _dates(text, conv, taken)
    figs += _figures(text, conv, taken)
    figs += [Figure(_key(s.value), s.start, s.end, spelled=True, soft=s.soft)
             for s in spelled(text, conv, taken)]
    months += _named(text, conv, conv.months)
    figs = [f if f.in_date or not _next_to(f, months) else
            Figure(f.value, f.start, f.end, f.spelled, f.soft, f.value in range(1, 32))
            for f in figs]
    return sorted(figs, key=lambda f: f.start), months, _named(text, conv, conv.weekdays)


def _next_to(f: Figure, months: list[Mark]) -> bool:
    """A figure right before or after a month name: a day ("3. März", "3 de marzo", "March 3")."""
    return any(0 <= m.start - f.end <= 4 or 0 <= f.start - m.end <= 2 for m in months)


def _unmatched(a: list, b: list, key) -> tuple[list, list]:
    """The items of a and of b left once equal values are paired off."""
    common = Counter(key(x) for x in a) & Counter(key(x) for x in b)
    out: tuple[list, list] = ([], [])
    for items, rest in zip((a, b), out):
        seen: Counter = Counter()
        for x in items:
            seen[key(x)] += 1
            if seen[key(x)] > common[key(x)]:
                rest.append(x)
    return out


def _confidence(base: float, seg: Segment, *figs: Figure) -> float:
    """Lower for figures in words and for many-to-many links (more room to mis-pair)."""
    c = base - 0.15 * any(f.spelled for f in figs)
    if len(seg.src) > 1 and len(seg.tgt) > 1:
        c -= 0.15
    elif len(seg.src) > 1 or len(seg.tgt) > 1:
        c -= 0.05
    return round(c, 2)


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    sl, tl = pair.src.lang or "en", pair.tgt.lang or "en"
    for seg in pair.matched():
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        sf, sm, sw = extract(s_txt, sl)
        tf, tm, tw = extract(t_txt, tl)
        yield from _numbers(seg, s_txt, t_txt, s0, t0, sf, tf, pair.same_lang)
        for what, a, b in (("month", sm, tm), ("weekday", sw, tw)):
            ua, ub = _unmatched(a, b, lambda x: x.index)
            for x, y in zip(ua, ub):
                yield RULE["diverge.date"].finding(
                    t0 + y.start, t0 + y.end,
                    f"The {what} '{t_txt[y.start:y.end]}' in the translation, "
                    f"'{s_txt[x.start:x.end]}' in the source", s_txt[x.start:x.end] if pair.same_lang else "",
                    {f"source_{what}": x.index + 1, f"target_{what}": y.index + 1},
                    _confidence(0.85, seg), s0 + x.start, s0 + x.end)


def _numbers(seg: Segment, s_txt: str, t_txt: str, s0: int, t0: int,
             sf: list[Figure], tf: list[Figure], same_lang: bool) -> Iterator[Finding]:
    us, ut = _unmatched(sf, tf, lambda f: f.value)
    us, ut = _other_reading(us, ut)
    us, ut = _same_digits(us, s_txt, ut, t_txt)
    us = [f for f in us if not f.soft]
    ut = [f for f in ut if not f.soft]
    pairs, us, ut = _changed(us, s_txt, ut, t_txt)
    # one figure changed against one: sure; several left on each side: which is which?
    base = 0.9 if len(pairs) == 1 and not us and not ut else 0.75
    for a, b in pairs:
        ssurf, tsurf = s_txt[a.start:a.end], t_txt[b.start:b.end]
        rule = RULE["diverge.date" if a.in_date and b.in_date else "diverge.number"]
        # across languages the source's writing ("fünf", "3,5", 1.5亿) is no fix for the text
        yield rule.finding(t0 + b.start, t0 + b.end,
                           f"'{tsurf}' in the translation, '{ssurf}' in the source",
                           ssurf if same_lang else "",
                           {"source_value": a.value, "target_value": b.value},
                           _confidence(base, seg, a, b), s0 + a.start, s0 + a.end)
    # Left over on one side: only figures in digits are reported; a number in words is as
    # often rephrased ("a trio", "a few", "both") as dropped. Unrelated figures left on both
    # sides are less sure still: more often other content (a misaligned or free passage).
    less = 0.1 if us and ut else 0.0
    for a in _one_per_span(f for f in us if f.alone):
        ssurf = s_txt[a.start:a.end]
        yield RULE["diverge.number-dropped"].finding(
            t0, t0 + len(t_txt),
            f"The source's figure '{ssurf}' is missing from the translation", "",
            {"source_value": a.value}, _confidence(0.6 - less, seg, a), s0 + a.start, s0 + a.end)
    for b in _one_per_span(f for f in ut if f.alone):
        yield RULE["diverge.number-added"].finding(
            t0 + b.start, t0 + b.end, f"The figure '{t_txt[b.start:b.end]}' is not in the source",
            "", {"target_value": b.value}, _confidence(0.5 - less, seg, b), s0, s0 + len(s_txt))


MAX_RATIO = 5.0  # a changed figure stays within this factor of the source's (else: unrelated)


def _related(x: float, y: float, x_digits: str = "", y_digits: str = "") -> bool:
    """Whether two figures can be one quantity written differently or wrongly: the same
    order of magnitude (2 for 5, 6200 for 6300, 1955 for 1952), or the same digits with
    another scale word (2.5 billion for 2.5 million), or a power of ten apart (4000 for 400);
    not a year against a count."""
    if x == y or (x_digits and x_digits == y_digits):
        return True
    lo, hi = sorted((abs(x), abs(y)))
    if lo <= 0:
        return False
    ratio = hi / lo
    # a zero too many or too few (400 for 4000) is the same figure miswritten
    return ratio <= MAX_RATIO or abs(math.log10(ratio) - round(math.log10(ratio))) < 1e-9


def _digits(text: str, f: Figure) -> str:
    return "".join(c for c in text[f.start:f.end] if c.isdigit())


def _changed(us: list[Figure], s_txt: str, ut: list[Figure], t_txt: str
             ) -> tuple[list[tuple[Figure, Figure]], list[Figure], list[Figure]]:
    """Source and target figures paired in order where they are related; the rest of each
    side (a figure of one side unrelated to all of the other's is dropped or added)."""
    pairs, left = [], list(ut)
    rest_s = []
    for a in us:
        b = next((b for b in left
                  if _related(a.value, b.value, _digits(s_txt, a), _digits(t_txt, b))), None)
        if b is None:
            rest_s.append(a)
        else:
            pairs.append((a, b))
            left.remove(b)
    return pairs, rest_s, left


def _other_reading(us: list[Figure], ut: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Pair off figures that match by their other reading ("5 p.m." and "17 Uhr" or 5点)."""
    for a in [f for f in us if f.alt is not None] + [f for f in ut if f.alt is not None]:
        mine, other = (us, ut) if a in us else (ut, us)
        hit = next((b for b in other if a.alt in (b.value, b.alt)), None)
        if hit is not None and a in mine:
            mine.remove(a)
            other.remove(hit)
    return us, ut


def _one_per_span(figs) -> list[Figure]:
    """A time or date read as several figures ("6.02 Uhr") is reported once."""
    out: dict[tuple[int, int], Figure] = {}
    for f in figs:
        out.setdefault((f.start, f.end), f)
    return list(out.values())


_DIGIT_RUN = rx.compile(r"\d(?:[\d\s./'’-]{0,2}\d)*")


def _same_digits(us: list[Figure], s_txt: str, ut: list[Figure], t_txt: str):
    """Drop figures inside a long digit string that both sides share however it is grouped:
    a phone number "031 43 36 11" against "031/433611", a date "3.3.89" against "3/3/89"."""
    def runs(text: str) -> dict[str, list[tuple[int, int]]]:
        out: dict[str, list[tuple[int, int]]] = {}
        for m in _DIGIT_RUN.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if len(digits) >= 5:
                out.setdefault(digits, []).append(m.span())
        return out
    rs, rt = runs(s_txt), runs(t_txt)
    shared = rs.keys() & rt.keys()
    if not shared:
        return us, ut

    def keep(figs: list[Figure], spans: dict[str, list[tuple[int, int]]]) -> list[Figure]:
        inside = [sp for d in shared for sp in spans[d]]
        return [f for f in figs if not any(s <= f.start and f.end <= e for s, e in inside)]
    return keep(us, rs), keep(ut, rt)
