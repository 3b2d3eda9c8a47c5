"""Changed, dropped or added numbers, percentages and dates between aligned sentences.

Figures are compared as values, read with each language's conventions
(corpora/divergence/numbers.toml): "1,500" in English and "1.500" in German are the same
number, "3 million" is 3e6, "dua" is 2, "März" is March.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from ..tokens import WORD_RUN as _WORD
from . import Pair, cues

RULES = [
    Rule("diverge.number", "accuracy/mistranslation", "major",
         "A number, amount or percentage that differs between source and translation."),
    Rule("diverge.number-dropped", "accuracy/omission", "minor",
         "A number in the source that the translation leaves out."),
    Rule("diverge.number-added", "accuracy/addition", "minor",
         "A number in the translation that the source does not have."),
    Rule("diverge.date", "accuracy/mistranslation", "major",
         "A month or date that differs between source and translation."),
]
RULE = {r.id: r for r in RULES}

_NUM = re.compile(r"(?<![\w.,])\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?(?![\w])")


def _value(raw: str, decimal: str) -> float | None:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    thousands = "," if decimal == "." else "."
    s = re.sub(rf"[{re.escape(thousands)} ](?=\d{{3}}(?!\d))", "", s)
    if decimal == ",":
        s = s.replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", s):  # "2,5" in English copy: a decimal comma slipped in
        s = s.replace(",", ".")
    s = s.replace(" ", "")
    try:
        return float(s)
    except ValueError:
        return None


def extract(text: str, lang: str) -> list[tuple[float, str, int, int]]:
    """(value, surface, start, end) for each figure in text."""
    conv = cues.numbers(lang)
    scales = {k.lower(): v for k, v in conv.get("scales", {}).items()}
    words = {k.lower(): v for k, v in conv.get("words", {}).items() if v != 1}
    out = []
    taken: set[int] = set()
    for m in _NUM.finditer(text):
        v = _value(m.group(), conv.get("decimal", "."))
        if v is None:
            continue
        end = m.end()
        nxt = _WORD.match(text, end + 1) if end < len(text) and text[end] == " " else _WORD.match(text, end)
        if nxt and nxt.group().lower() in scales:
            v *= scales[nxt.group().lower()]
            end = nxt.end()
        out.append((round(v, 6), text[m.start():end], m.start(), end))
        taken.update(range(m.start(), end))
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if w in words and m.start() not in taken:
            out.append((float(words[w]), m.group(), m.start(), m.end()))
    return sorted(out, key=lambda x: x[2])


def months(text: str, lang: str) -> list[tuple[int, str, int, int]]:
    conv = cues.numbers(lang)
    names = {n: i for i, n in enumerate(conv.get("months", ()))}
    out = []
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if w in names and not (w == "may" and m.group() == "may"):  # the verb
            out.append((names[w], m.group(), m.start(), m.end()))
    return out


def _unmatched(a, b):
    ca, cb = Counter(x[0] for x in a), Counter(x[0] for x in b)
    common = ca & cb
    ua, ub = [], []
    for items, out in ((a, ua), (b, ub)):
        seen = Counter()
        for x in items:
            seen[x[0]] += 1
            if seen[x[0]] > common[x[0]]:
                out.append(x)
    return ua, ub


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    sl, tl = pair.src.lang, pair.tgt.lang
    for seg in pair.matched():
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        us, ut = _unmatched(extract(s_txt, sl), extract(t_txt, tl))
        for (sv, ssurf, ss, se), (tv, tsurf, ts, te) in zip(us, ut):
            yield RULE["diverge.number"].finding(t0 + ts, t0 + te,
                          f"'{tsurf}' in the translation, '{ssurf}' in the source", ssurf,
                          {"source_value": sv, "target_value": tv}, 0.8, s0 + ss, s0 + se)
        k = min(len(us), len(ut))
        for sv, ssurf, ss, se in us[k:]:
            yield RULE["diverge.number-dropped"].finding(seg.tgt_span[0], seg.tgt_span[1],
                          f"The source's figure '{ssurf}' is missing from the translation", "",
                          {"source_value": sv}, 0.6, s0 + ss, s0 + se)
        for tv, tsurf, ts, te in ut[k:]:
            yield RULE["diverge.number-added"].finding(t0 + ts, t0 + te,
                          f"The figure '{tsurf}' is not in the source", "",
                          {"target_value": tv}, 0.5, *seg.src_span)
        ms, mt = _unmatched(months(s_txt, sl), months(t_txt, tl))
        for (si, ssurf, ss, se), (ti, tsurf, ts, te) in zip(ms, mt):
            sugg = ssurf if pair.same_lang else cues.numbers("en")["months"][si].capitalize()
            yield RULE["diverge.date"].finding(t0 + ts, t0 + te,
                          f"'{tsurf}' in the translation, '{ssurf}' in the source", sugg,
                          {"source_month": si + 1, "target_month": ti + 1}, 0.8, s0 + ss, s0 + se)
