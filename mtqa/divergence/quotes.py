"""Altered quotations: a quote in the translation that is not the source's words."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from ..tokens import words as _words  # lowercased runs of letters and digits
from . import Pair

RULES = [
    Rule("diverge.quote", "accuracy/mistranslation", "major",
         "A quotation whose words differ from the source's quotation."),
    Rule("diverge.quote-dropped", "accuracy/omission", "minor",
         "A quotation in the source that the translation does not quote."),
]
RULE = {r.id: r for r in RULES}

_QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|«\s*([^»]{3,}?)\s*»|„([^“”]{3,})[“”]|‘([^’]{6,})’")


def quotes(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _QUOTE.finditer(text):
        g = next(i for i in range(1, 6) if m.group(i) is not None)
        if len(_words(m.group(g))) >= 3:
            out.append((m.group(g), m.start(g), m.end(g)))
    return out


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    for seg in pair.matched():
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        sq, tq = quotes(s_txt), quotes(t_txt)
        if not sq:
            continue
        if not pair.same_lang:
            if not tq:
                q, ss, se = sq[0]
                yield RULE["diverge.quote-dropped"].finding(seg.tgt_span[0], seg.tgt_span[1],
                              "The source quotes someone here; the translation has no quotation", "",
                              {"source_quote": q}, 0.5, s0 + ss, s0 + se)
            continue
        for q, ss, se in sq:
            qw = _words(q)
            best = None
            for t, ts, te in tq:
                r = difflib.SequenceMatcher(None, qw, _words(t), autojunk=False).ratio()
                if best is None or r > best[0]:
                    best = (r, t, ts, te)
            if best is None or best[0] < 0.4:
                yield RULE["diverge.quote-dropped"].finding(seg.tgt_span[0], seg.tgt_span[1],
                              "The source's quotation is not quoted in the translation", "",
                              {"source_quote": q}, 0.5, s0 + ss, s0 + se)
            elif _words(best[1]) != qw:
                r, t, ts, te = best
                yield RULE["diverge.quote"].finding(t0 + ts, t0 + te,
                              "Quotation differs from the source's words", q,
                              {"similarity": round(r, 3), "source_quote": q}, 0.8, s0 + ss, s0 + se)
