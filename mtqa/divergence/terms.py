"""A source term rendered differently ('"no limits" partnership' -> '"infinity" partnership')."""

from __future__ import annotations

from collections.abc import Iterator

from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from ..termbank import doc_words, index_for, matches, words
from . import Pair
from .tokens import map_span

TERM = Rule("diverge.term", "terminology/wrong-term", "major",
            "A termbank term in the source that the translation renders differently.")
RULES = [TERM]


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    if not pair.same_lang:
        return  # the termbank is English; across languages the reference-free checks apply
    idx = index_for(ctx.packs)
    sw = doc_words(pair.src)
    tw = doc_words(pair.tgt)
    for cand, i, j in matches(sw, idx):
        if cand not in idx.accepted:
            continue
        t = idx.accepted[cand]
        s_start, s_end = sw[i][1], sw[j - 1][2]
        seg = next((g for g in pair.matched() if g.src_span[0] <= s_start < g.src_span[1]), None)
        if seg is None:
            continue
        t_words = [x for x in tw if seg.tgt_span[0] <= x[1] < seg.tgt_span[1]]
        forms = [words(f) for f in [t["canonical"], *t["aliases"]]]
        low = [x[0] for x in t_words]
        if any(_contains(low, f) for f in forms):
            continue
        head = t["head"].lower()
        if not head or head not in low or cand[-1] != head:
            continue
        # The source's modifier (the term minus its head), mapped through the diff.
        m_end = sw[j - 2][2] if j - 2 >= i else s_start
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        got_span = map_span(s_txt, t_txt, s_start - seg.src_span[0], m_end - seg.src_span[0])
        if not got_span or got_span[1] <= got_span[0]:
            continue
        ts, te = seg.tgt_span[0] + got_span[0], seg.tgt_span[0] + got_span[1]
        got = pair.tgt.text[ts:te]
        sugg = pair.src.text[s_start:m_end]
        yield TERM.finding(ts, te, f"'{got}' where the source has the term '{t['canonical']}'", sugg,
                           {"term": t["canonical"], "provenance": t["provenance"]}, 0.8,
                           s_start, s_end, entry=t["id"])


def _contains(seq, sub) -> bool:
    n = len(sub)
    return any(tuple(seq[i:i + n]) == sub for i in range(len(seq) - n + 1))
