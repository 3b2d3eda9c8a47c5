"""Figures written in words, read as values, per language (corpora/divergence/numbers.toml).

"twenty-four", "vingt-quatre", "vierundzwanzig", "tuttugu og fjórir" are 24; "mil millones"
is 1e9; 三十 is 30, 一百二十 is 120, 1.5亿 is 1.5e8. The same small algebra reads every
language: units add up, a multiplier ("hundred") multiplies the count before it, a scale word
("thousand", "Milliarden") multiplies everything before it when it is the largest so far.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from .. import resources, rx
from ..tokens import JOINED_WORD
from . import cues

ADD, MUL, TEEN, SCALE, CONNECT = "n", "m", "t", "s", "c"
Part = tuple[str, float]


@dataclass(frozen=True, eq=False)
class Conventions:
    """One language's number and date knowledge, ready for lookups."""
    lang: str
    decimal: str
    groups: frozenset[str]
    date_order: str
    table: dict[str, tuple[Part, ...]]  # word -> its parts ("quatre-vingt" is one word of two)
    compound: bool
    prefixes: tuple[str, ...]
    unit_first: bool
    tens_teens: frozenset[int]
    soft: frozenset[str]
    ordinal: frozenset[str]
    scales: dict[str, float]
    suffix_scales: dict[str, float]
    months: dict[str, int]  # form -> 0..11
    weekdays: dict[str, int]  # form -> 0..6
    capitalized: bool
    cjk_digits: dict[str, int]
    cjk_units: dict[str, int]
    cjk_scales: dict[str, float]
    cjk_after: dict[str, float]
    fractions: tuple[str, ...]
    month_mark: str
    day_mark: frozenset[str]
    year_mark: str

    @property
    def cjk(self) -> bool:
        return bool(self.month_mark)


def _forms(lists: list[list[str]], suffixes: list[str]) -> dict[str, int]:
    return {f"{form}{suf}".lower(): i for i, forms in enumerate(lists) for form in forms
            for suf in suffixes or [""]}


@functools.cache
def conventions(lang: str) -> Conventions:
    table_all = resources.load_toml(resources.path("divergence", "numbers.toml"))
    base = cues.base_lang(lang)
    d: dict[str, Any] = table_all.get(base, table_all["en"])
    table: dict[str, tuple[Part, ...]] = {}
    for kind, key in ((ADD, "words"), (MUL, "multipliers"), (TEEN, "teens"), (SCALE, "scales")):
        for w, v in d.get(key, {}).items():
            table[w.lower()] = ((kind, float(v)),)
    for w in d.get("connectors", ()):
        table[w] = ((CONNECT, 0.0),)
    return Conventions(
        lang=base if base in table_all else "en", decimal=d["decimal"],
        groups=frozenset(d.get("groups", ())), date_order=d.get("date_order", "dmy"),
        table=table, compound=d.get("compound", False),
        prefixes=tuple(d.get("prefix_connectors", ())), unit_first=d.get("unit_first", False),
        tens_teens=frozenset(d.get("tens_teens", ())), soft=frozenset(d.get("soft", ())),
        ordinal=frozenset(d.get("ordinal", ())),
        scales={w.lower(): float(v) for w, v in d.get("scales", {}).items()},
        suffix_scales={w: float(v) for w, v in d.get("suffix_scales", {}).items()},
        months=_forms(d.get("months", []), d.get("month_suffixes", [])),
        weekdays=_forms(d.get("weekdays", []), d.get("weekday_suffixes", [])),
        capitalized=d.get("capitalized", False),
        cjk_digits=d.get("cjk_digits", {}), cjk_units=d.get("cjk_units", {}),
        cjk_scales={k: float(v) for k, v in d.get("cjk_scales", {}).items()},
        cjk_after={k: float(v) for k, v in d.get("cjk_after", {}).items()},
        fractions=tuple(d.get("fraction_marks", ())),
        month_mark=d.get("month_mark", ""), day_mark=frozenset(d.get("day_mark", ())),
        year_mark=d.get("year_mark", ""))


# --- the algebra -------------------------------------------------------------------------

def _fits(cur: float, v: float) -> bool:
    """v can be added to cur: it is below cur's lowest non-zero place (200 + 20 + 4)."""
    place = 1
    n = int(cur)
    while n and n % 10 == 0:
        n //= 10
        place *= 10
    return v < place


def evaluate(parts: list[Part], conv: Conventions) -> float | None:
    """The value of number-word parts, or None when they do not make one number."""
    total = cur = 0.0
    top = 0.0  # the largest scale so far
    joined = False  # a connector came just before
    for kind, v in parts:
        if kind == CONNECT:
            joined = True
            continue
        if kind == ADD:
            if cur == 0 or _fits(cur, v):
                cur += v
            elif conv.unit_first and joined and 0 < cur < 10 and v % 10 == 0 and 20 <= v <= 90:
                cur += v  # "vier-und-zwanzig"
            elif 10 <= v < 20 and cur % 100 in conv.tens_teens:
                cur += v  # "soixante-dix"
            else:
                return None
        elif kind == MUL:
            low = cur % v
            if cur and low == 0:
                return None
            cur = cur - low + (low or 1) * v
        elif kind == TEEN:
            if not 0 < cur % 100 < 10:
                return None
            cur += v
        else:  # SCALE
            if v > top:
                total = (total + (cur or (0 if total else 1))) * v
                top = v
            else:
                total += (cur or 1) * v
            cur = 0
        joined = False
    if joined:
        return None
    return total + cur


# --- words -------------------------------------------------------------------------------

def _segment(word: str, conv: Conventions) -> tuple[Part, ...] | None:
    """A one-word compound as parts ("zweihundertvierundzwanzig"), shortest split first."""
    n = len(word)
    best: list[tuple[Part, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 2, n + 1):
            parts = conv.table.get(word[i:j])
            if parts is not None:
                cand = here + parts
                old = best[j]
                if old is None or len(cand) < len(old):
                    best[j] = cand
    return best[n]


def word_parts(word: str, conv: Conventions) -> tuple[Part, ...] | None:
    """A word (lower case) as number parts, or None when it is not a number word."""
    if word in conv.table:
        return conv.table[word]
    if "-" in word:  # "twenty-four", "quatre-vingt-dix", "vingt-et-un"
        bits = word.split("-")
        out: tuple[Part, ...] = ()
        i = 0
        while i < len(bits):
            pair = "-".join(bits[i:i + 2])
            if i + 1 < len(bits) and pair in conv.table:
                out += conv.table[pair]
                i += 2
                continue
            got = word_parts(bits[i], conv) if bits[i] else None
            if got is None:
                return None
            out += got
            i += 1
        return out
    for p in conv.prefixes:  # Arabic "وعشرون": "and twenty"
        rest = word[len(p):] if word.startswith(p) else ""
        got = conv.table.get(rest)
        if got and got[0][0] != CONNECT:
            return ((CONNECT, 0.0),) + got
    if conv.compound and len(word) >= 5:
        parts = _segment(word, conv)
        if parts and len(parts) > 1 and evaluate(list(parts), conv) is not None:
            return parts
    return None


@dataclass(frozen=True)
class Spelled:
    value: float
    start: int
    end: int
    soft: bool  # an article or pronoun as often as a number ("one of", "un homme")


def _is_soft(words: list[str], parts: list[Part], value: float, conv: Conventions) -> bool:
    if value <= 2 or all(k in (SCALE, CONNECT) for k, _ in parts):
        return True  # "one", "un", "ein"; "millions of"
    return len(words) == 1 and words[0] in conv.soft


def spelled(text: str, conv: Conventions, skip: set[int] | None = None) -> list[Spelled]:
    """Each run of number words in text, with its value (offsets relative to text)."""
    out: list[Spelled] = []
    run: list[tuple[str, tuple[Part, ...], int, int]] = []

    def close() -> None:
        while run and run[-1][1] == ((CONNECT, 0.0),):
            run.pop()
        if run:
            parts = [p for _, ps, _, _ in run for p in ps]
            value = evaluate(parts, conv)
            if value is not None:
                words = [w for w, _, _, _ in run]
                out.append(Spelled(value, run[0][2], run[-1][3],
                                   _is_soft(words, parts, value, conv)))
        run.clear()

    for m in JOINED_WORD.finditer(text):
        if skip and m.start() in skip:
            close()
            continue
        w = m.group().lower()
        parts = word_parts(w, conv)
        if parts is None and ("'" in w or "’" in w):  # Turkish "on'da"; keep "п'ять" whole
            parts = word_parts(re.split(r"['’]", w)[0], conv)
        gap = text[run[-1][3]:m.start()] if run else " "
        if parts is None or gap.strip() not in ("", "-"):
            close()
            if parts is None:
                continue
        if parts[0][0] == CONNECT and not run:
            continue
        trial = [p for _, ps, _, _ in run for p in ps] + list(parts)
        if run and parts[0][0] != CONNECT and evaluate(trial, conv) is None:
            close()
        run.append((w, parts, m.start(), m.end()))
    close()
    return out


def scale_after(text: str, pos: int, conv: Conventions) -> tuple[float, int]:
    """The multiplier of scale words right after a figure ("3,5 Milliarden", "10 mil
    millones", "1.5亿"), and where they end; (1, pos) when there are none."""
    mult, end, top = 1.0, pos, 0.0
    while True:
        m = rx.compile(r"[ \u00a0]?(\w+)\.?").match(text, end)
        if not m:
            break
        v = conv.scales.get(m.group(1).lower()) or conv.cjk_scales.get(m.group(1))
        if not v or (top and v < top):
            break
        mult, top = mult * v, v
        end = m.start(1) + len(m.group(1))
    return mult, end


# --- Chinese and Japanese numerals --------------------------------------------------------

@dataclass(frozen=True)
class CJKNumber:
    value: float
    start: int
    end: int
    soft: bool
    mark: str  # the character after it: a month, day or year mark, or ""


@functools.cache
def _cjk_pattern(lang: str) -> re.Pattern[str]:
    conv = conventions(lang)
    chars = "".join(list(conv.cjk_digits) + list(conv.cjk_units) + list(conv.cjk_scales))
    piece = rf"(?:\d+(?:[.,]\d+)*|[{chars}])" if chars else r"\d+(?:[.,]\d+)*"
    if conv.lang == "ko":  # "1억 5천만": sections after a scale word may be spaced
        scale = "".join(conv.cjk_scales)
        return rx.compile(rf"{piece}+(?:(?<=[{scale}]) (?=\d){piece}+)*")
    return rx.compile(rf"{piece}+")


@functools.cache
def _leading_words(lang: str) -> re.Pattern[str]:
    """百/千/万 with no count before them start a word ("百姓", "千万"), not a figure."""
    conv = conventions(lang)
    chars = "".join(u for u in list(conv.cjk_units) + list(conv.cjk_scales) if u != "十")
    return rx.compile(rf"[{chars}]*" if chars else "")


def _digits(raw: str) -> float | None:
    """The value of a digit run with thousands commas and one decimal mark; None for what is
    no single figure (a section or version number, "1.2.3")."""
    s = re.sub(r",(?=\d{3}(?!\d))", "", raw).replace(",", ".")
    return float(s) if s.count(".") <= 1 else None


def cjk_numbers(text: str, conv: Conventions) -> list[CJKNumber]:
    """Numbers in Chinese, Japanese or Korean text, Arabic digits and numerals alike."""
    out = []
    for m in _cjk_pattern(conv.lang).finditer(text):
        start, raw = m.start(), m.group()
        lead = _leading_words(conv.lang).match(raw)
        if lead and lead.end():
            start += lead.end()
            raw = raw[lead.end():]
        before = text[start - 1] if start else ""
        if not raw or (before and before.isascii() and (before.islower() or before in "@#_/")):
            continue  # "@user13", "covid19": part of a name
        value, has_digit, seq = _cjk_value(raw, conv)
        if value is None:
            continue
        mark = text[m.end()] if m.end() < len(text) else ""
        if seq == "digits" and mark != conv.year_mark:
            continue  # 五四 read digit by digit is a figure only as a year (二〇二三年)
        value *= conv.cjk_after.get(mark, 1)
        # Soft: one numeral character (一个, 三国), an ordinal (第三), a range (五六百), a
        # fraction (4分の1, "a quarter").
        frac = any(text.startswith(f, m.end()) or text.endswith(f, 0, start) for f in conv.fractions)
        soft = (not has_digit and len(raw) == 1) or before == "第" or seq == "range" or frac
        out.append(CJKNumber(value, start, m.end(), soft, mark))
    return out


def _cjk_value(raw: str, conv: Conventions) -> tuple[float | None, bool, str]:
    """(value, has Arabic digits, how neighbouring numerals read: "digits" for 二〇二三,
    "range" for 五六百 "five or six hundred", else "") of one run of numerals."""
    total = section = 0.0
    d: float | None = None
    top = 0.0
    seq = False
    has_digit = False
    for tok in re.findall(r"\d+(?:[.,]\d+)*|.", raw.replace(" ", "")):
        if tok[0].isdigit():
            if d is not None:
                return None, False, ""
            d, has_digit = _digits(tok), True
            if d is None:
                return None, False, ""
        elif tok in conv.cjk_digits:
            n = conv.cjk_digits[tok]
            seq = seq or (d is not None and not has_digit)
            d = n if d is None else d * 10 + n
        elif tok in conv.cjk_units:
            section += (1 if d is None else d) * conv.cjk_units[tok]
            d = None
        else:
            v = conv.cjk_scales[tok]
            chunk = section + (d or 0)
            if v > top:
                total = (total + (chunk or (0 if total else 1))) * v
                top = v
            else:
                total += (chunk or 1) * v
            section, d = 0.0, None
    units = any(c in conv.cjk_units or c in conv.cjk_scales for c in raw)
    return total + section + (d or 0), has_digit, ("range" if units else "digits") if seq else ""
