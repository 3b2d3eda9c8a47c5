"""Lost or added negation and polarity between aligned sentences.

Counts cues per class (negators, lacking-verbs, diminishers; corpora/divergence/negation.toml)
on both sides. "lack credibility" and "not credible" both count as negated, so a rewording
is not a divergence, but "are credible" against either is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from ..termbank import term_spans
from . import Pair, cues
from .tokens import map_span

RULES = [
    Rule("diverge.negation", "accuracy/mistranslation", "critical",
         "A negation in the source is lost in the translation, or one is added."),
    Rule("diverge.polarity", "accuracy/mistranslation", "major",
         "A hedged judgement in the source ('lukewarm', 'barely') made plain in the translation, or the reverse."),
]
RULE = {r.id: r for r in RULES}


def _negated(text, lang, offset=0, terms=()):
    """Negation cues in text, except inside fixed terms ("no limits", "no-fly zone")."""
    hits = cues.cue_hits(text, lang, "negators") + cues.cue_hits(text, lang, "lacking")
    return sorted(h for h in hits
                  if not any(a <= offset + h[1] < b for a, b in terms))


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    sl, tl = pair.src.lang, pair.tgt.lang
    s_terms = term_spans(pair.src, ctx.packs) if cues.base_lang(sl) == "en" else []
    t_terms = term_spans(pair.tgt, ctx.packs) if cues.base_lang(tl) == "en" else []
    for seg in pair.matched():
        if seg.score < 0.05:
            continue
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s_neg = _negated(s_txt, sl, seg.src_span[0], s_terms)
        t_neg = _negated(t_txt, tl, seg.tgt_span[0], t_terms)
        t0 = seg.tgt_span[0]
        s0 = seg.src_span[0]
        if len(s_neg) > len(t_neg):
            cue, cs, ce = _first_unmatched(s_neg, t_neg, pair.same_lang)
            span = _target_span(pair, seg, s_txt, t_txt, cs, ce)
            yield RULE["diverge.negation"].finding(*span,
                          f"The source is negated ('{cue}') but the translation is not: meaning reversed?",
                          "", {"source_cues": [c for c, _, _ in s_neg], "target_cues": [c for c, _, _ in t_neg]},
                          0.7, s0 + cs, s0 + ce)
        elif len(t_neg) > len(s_neg):
            cue, cs, ce = _first_unmatched(t_neg, s_neg, pair.same_lang)
            yield RULE["diverge.negation"].finding(t0 + cs, t0 + ce,
                          f"The translation adds a negation ('{cue}') that the source does not have",
                          "", {"source_cues": [c for c, _, _ in s_neg], "target_cues": [c for c, _, _ in t_neg]},
                          0.6, *seg.src_span)
        s_dim, t_dim = cues.cue_hits(s_txt, sl, "diminishers"), cues.cue_hits(t_txt, tl, "diminishers")
        if len(s_dim) > len(t_dim):
            cue, cs, ce = s_dim[0]
            span = _target_span(pair, seg, s_txt, t_txt, cs, ce)
            yield RULE["diverge.polarity"].finding(*span,
                          f"The source hedges ('{cue}') but the translation does not", cue,
                          {"source_cues": [c for c, _, _ in s_dim]}, 0.6, s0 + cs, s0 + ce)
        elif len(t_dim) > len(s_dim):
            cue, cs, ce = t_dim[0]
            yield RULE["diverge.polarity"].finding(t0 + cs, t0 + ce,
                          f"The translation hedges ('{cue}') where the source does not", "",
                          {"target_cues": [c for c, _, _ in t_dim]}, 0.5, *seg.src_span)


def _target_span(pair, seg, s_txt, t_txt, cs, ce) -> tuple[int, int]:
    """Where the lost cue went: the words the diff pairs with it, else the whole sentence."""
    if pair.same_lang:
        m = map_span(s_txt, t_txt, cs, ce)
        if m and m[1] > m[0]:
            return seg.tgt_span[0] + m[0], seg.tgt_span[0] + m[1]
    return seg.tgt_span


def _first_unmatched(more, fewer, same_lang):
    """The cue of `more` that has no counterpart: by word in one language, else by order."""
    if not same_lang:
        return more[len(fewer)] if fewer else more[0]
    left = Counter(c for c, _, _ in fewer)
    for hit in more:
        if left[hit[0]]:
            left[hit[0]] -= 1
        else:
            return hit
    return more[0]
