"""Altered quotations: a quote in the translation that is not the source's words.

Quotation marks of each language: “…”, "…", « … », „…“, ‘…’ (long ones), 「…」 and 『…』.
In one language a quote's words are compared with the source's quote by a word diff. Across
languages only a quotation the translation drops is reported: comparing a quote's words
through the bilingual dictionaries was tried (a target quote carrying most of a source
quote's words but holding one no word of it means) and on professional translations it
reported a faithful quote far more often than it caught a changed word (scripts/
eval_source.py): a dictionary knows too few of the words a translator chooses.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import rx
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

_QUOTE = rx.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|«\s*([^»]{3,}?)\s*»|„([^“”]{3,})[“”]"
                    r"|‘([^’]{6,})’|「([^」]{2,})」|『([^』]{2,})』")
_ANY_MARK = rx.compile(r"[“”\"«»„‘’「」『』‹›]")
_GROUPS = range(1, 8)
MIN_QUOTE_WORDS = 4


def quotes(text: str, min_words: int = 3) -> list[tuple[str, int, int]]:
    """(quoted text, start, end) of each quotation of at least min_words words (a run of
    Chinese or Japanese counts as a word per two characters)."""
    out = []
    for m in _QUOTE.finditer(text):
        g = next(i for i in _GROUPS if m.group(i) is not None)
        q = m.group(g)
        n = len(_words(q)) if q.isascii() else max(len(_words(q)), len(q) // 2)
        if n >= min_words:
            out.append((q, m.start(g), m.end(g)))
    return out


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    for seg in pair.matched():
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        # across languages a short quoted term counts too ("no limits" partnership)
        k = 3 if pair.same_lang else 2
        sq, tq = quotes(s_txt, k), quotes(t_txt, k)
        if not sq:
            continue
        if pair.same_lang:
            yield from _same(pair, seg, sq, tq, s0, t0)
        else:
            yield from _dropped_across(seg, sq, tq, t_txt, s0)


def _same(pair, seg, sq, tq, s0, t0) -> Iterator[Finding]:
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


def _dropped_across(seg, sq, tq, t_txt, s0) -> Iterator[Finding]:
    if not tq:
        # a translation may report speech without marks; only a long quotation, with no
        # quotation mark at all on the target side, is reported
        q, ss, se = max(sq, key=lambda x: len(x[0]))
        if len(_words(q)) >= MIN_QUOTE_WORDS * 2 and not _ANY_MARK.search(t_txt):
            yield RULE["diverge.quote-dropped"].finding(seg.tgt_span[0], seg.tgt_span[1],
                          "The source quotes someone here; the translation has no quotation", "",
                          {"source_quote": q}, 0.4, s0 + ss, s0 + se)
        return
