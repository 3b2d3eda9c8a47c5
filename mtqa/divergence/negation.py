"""Lost or added negation and polarity between aligned sentence groups.

Negation is compared as units: each clause with a negation cue counts once, whatever the
language spends on it ("ne … pas", "no … nada", "nicht"), and verbs and nouns that deny a
property count too ("lack credibility" ~ "not credible"; corpora/divergence/negation.toml).
A divergence is a group negated on one side and not at all on the other: counts that merely
differ (two clauses against one) are how translations restructure, not lost meaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import bilingual
from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from ..termbank import term_spans
from . import Pair, Segment, cues
from .tokens import map_span

RULES = [
    Rule("diverge.negation", "accuracy/mistranslation", "critical",
         "A negation in the source is lost in the translation, or one is added."),
    Rule("diverge.polarity", "accuracy/mistranslation", "major",
         "A hedged judgement in the source ('lukewarm', 'guarded') made plain in the translation, or the reverse."),
]
RULE = {r.id: r for r in RULES}
MIN_SCORE = 0.05  # below this the aligner is guessing: no comparison, unless held (_held)
# A link of three or more sentences often joins a neighbour the aligner could not place;
# its negation is compared only when the link is a close one (measured on Text+Berg and
# ParIce: most false alarms, few real losses, came from such links below this).
MANY_MIN_SCORE = 0.5
CLOSE = 0.35  # a hedge is compared only on a 1-1 link at least this close


@dataclass
class _Side:
    """Polarity facts of one side of a segment (offsets relative to the segment text)."""
    units: list[cues.Unit]  # negated clauses
    near: list[cues.Hit]  # near-negatives and "without": may stand for a negation opposite
    hedges: list[cues.Hit]

    @property
    def negated(self) -> bool:
        return bool(self.units or self.near)


def _side(text: str, lang: str, offset: int, terms) -> _Side:
    """Cues of a segment's text, except inside fixed terms ("no limits", "no-fly zone")."""
    hits = [h for h in cues.polarity_hits(text, lang)
            if not any(a <= offset + h.start < b for a, b in terms)]
    return _Side(cues.negation_units(text, lang, hits),
                 [h for h in hits if h.cls in ("near", "without")], [h for h in hits if h.cls == "hedges"])


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    sl, tl = pair.src.lang or "en", pair.tgt.lang or "en"
    s_terms = term_spans(pair.src, ctx.packs) if cues.base_lang(sl) == "en" else []
    t_terms = term_spans(pair.tgt, ctx.packs) if cues.base_lang(tl) == "en" else []
    # without a lexicon for a side, a link's score says little about its place
    blind = any(cues.base_lang(x) != "en" and bilingual.lexicon(x) is None for x in (sl, tl))
    segs = [s for k, s in enumerate(pair.segments) if s.src_span and s.tgt_span
            and (s.score >= (MIN_SCORE if len(s.src) + len(s.tgt) <= 2 else MANY_MIN_SCORE)
                 or (blind and _held(pair.segments, k)))]
    sides = [(_side(pair.src_text(s), sl, _spans(s)[0][0], s_terms),
              _side(pair.tgt_text(s), tl, _spans(s)[1][0], t_terms)) for s in segs]
    # +1: the source is negated and the translation not; -1: the reverse; 0: agree.
    moves = [_move(src, tgt, pair.same_lang) for src, tgt in sides]
    for i, (seg, (src, tgt)) in enumerate(zip(segs, sides)):
        if moves[i] and not _explained_by_neighbour(pair, segs, moves, i):
            yield _negation_finding(pair, seg, src, tgt, moves[i])
        if len(seg.src) == len(seg.tgt) == 1 and seg.score >= CLOSE:
            yield from _polarity(pair, seg, src, tgt)


def _held(segments: list[Segment], k: int) -> bool:
    """A one-to-one link whose neighbours are one-to-one too (or that is the only link): its
    place is sure even where its words say little (a language without a lexicon, no figure
    or name in common), so its negation is compared; its low score lowers the confidence.
    Where both sides have a lexicon a low score is evidence, and such links are not held:
    on the measured pairs holding them added more false findings than it caught."""
    seg = segments[k]
    if len(seg.src) != 1 or len(seg.tgt) != 1:
        return False
    near = [segments[j] for j in (k - 1, k + 1) if 0 <= j < len(segments)]
    return all(len(n.src) == 1 and len(n.tgt) == 1 for n in near)


def _move(src: _Side, tgt: _Side, same_lang: bool) -> int:
    """+1: a negation lost in the translation, -1: one added, 0: the sides agree. A
    near-negative without a counterpart opposite may stand for a negation ("hardly" ~
    "ne … guère", "sans peine" ~ "not hard"). Across languages only a side with no negation
    at all diverges: translations merge and split clauses, so counts differ by one freely."""
    spare = len(tgt.near) - len(src.near)
    if len(src.units) > len(tgt.units) + max(0, spare) and (same_lang or not tgt.units):
        return 1
    if len(tgt.units) > len(src.units) + max(0, -spare) and (same_lang or not src.units):
        return -1
    return 0


def _explained_by_neighbour(pair: Pair, segs: list[Segment], moves: list[int], i: int) -> bool:
    """A negation lost here and added in the next (or previous) sentence of the same
    paragraph: the aligner paired the negated sentence with its neighbour."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(segs) and moves[j] == -moves[i] and _same_paragraph(pair, segs[i], segs[j]):
            return True
    return False


def _same_paragraph(pair: Pair, a: Segment, b: Segment) -> bool:
    sents = pair.tgt.sentences
    return sents[a.tgt[0]].paragraph == sents[b.tgt[0]].paragraph


def _unmatched(more: list[cues.Unit], more_len: int, fewer: list[cues.Unit], fewer_len: int,
               more_txt: str, fewer_txt: str, same_lang: bool) -> cues.Unit:
    """The unit of `more` without a counterpart: by its words in one language, else the one
    farthest (in relative position) from the units of the other side, paired greedily."""
    if same_lang:
        left = [fewer_txt[u.start:u.end].lower() for u in fewer]
        for u in more:
            words = more_txt[u.start:u.end].lower()
            if words in left:
                left.remove(words)
            else:
                return u
    pos = [u.start / max(1, more_len) for u in more]
    other = [u.start / max(1, fewer_len) for u in fewer]
    free, used = set(range(len(more))), set()
    for _, i, j in sorted((abs(p - q), i, j) for i, p in enumerate(pos) for j, q in enumerate(other)):
        if i in free and j not in used:
            free.discard(i)
            used.add(j)
    return more[min(free)] if free else more[0]


def _confidence(seg: Segment, unit: cues.Unit, other_negated: bool) -> float:
    """How sure: lower for a verb or noun of lack (the other side may say it with a word
    mtqa does not list), when the other side is negated too (clauses are counted, and
    translations merge and split clauses), for a many-sentence link and a weak alignment."""
    conf = 0.55 if unit.lexical else 0.85
    conf *= 0.6 if other_negated else 1.0
    conf *= {2: 1.0, 3: 0.9}.get(len(seg.src) + len(seg.tgt), 0.75)
    conf *= 0.8 + 0.2 * min(1.0, seg.score / 0.5)
    return round(conf, 2)


def _evidence(src: _Side, tgt: _Side, conf: float) -> dict:
    return {"source_units": len(src.units), "target_units": len(tgt.units),
            "source_cues": [h.cue for u in src.units for h in u.hits],
            "target_cues": [h.cue for u in tgt.units for h in u.hits], "confidence": conf}


def _spans(seg: Segment) -> tuple[tuple[int, int], tuple[int, int]]:
    """Source and target spans of a matched segment (both sides have sentences)."""
    assert seg.src_span is not None and seg.tgt_span is not None
    return seg.src_span, seg.tgt_span


def _negation_finding(pair: Pair, seg: Segment, src: _Side, tgt: _Side, move: int) -> Finding:
    (s0, _), (t0, _) = _spans(seg)
    rule = RULE["diverge.negation"]
    s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
    if move > 0:
        unit = _unmatched(src.units, len(s_txt), tgt.units, len(t_txt), s_txt, t_txt, pair.same_lang)
        conf = _confidence(seg, unit, bool(tgt.units))
        span = _target_span(pair, seg, unit.start, unit.end)
        cue = pair.src_text(seg)[unit.start:unit.end]
        return rule.finding(*span, f"The source is negated ('{cue}') but the translation is not: meaning reversed?",
                            "", _evidence(src, tgt, conf), conf, s0 + unit.start, s0 + unit.end)
    unit = _unmatched(tgt.units, len(t_txt), src.units, len(s_txt), t_txt, s_txt, pair.same_lang)
    conf = _confidence(seg, unit, bool(src.units))
    cue = pair.tgt_text(seg)[unit.start:unit.end]
    return rule.finding(t0 + unit.start, t0 + unit.end,
                        f"The translation adds a negation ('{cue}') that the source does not have",
                        "", _evidence(src, tgt, conf), conf, *_spans(seg)[0])


def _polarity(pair: Pair, seg: Segment, src: _Side, tgt: _Side) -> Iterator[Finding]:
    """A hedge ("lukewarm", "guarded") on one side only, in a close 1-1 translation whose
    other side has no hedge, near-negation or negation that could carry it."""
    (s0, _), (t0, _) = _spans(seg)
    rule = RULE["diverge.polarity"]
    if src.hedges and not (tgt.hedges or tgt.negated):
        h = src.hedges[0]
        span = _target_span(pair, seg, h.start, h.end)
        yield rule.finding(*span, f"The source hedges ('{h.cue}') but the translation does not", h.cue,
                           {"source_cues": [x.cue for x in src.hedges], "confidence": 0.4}, 0.4,
                           s0 + h.start, s0 + h.end)
    elif tgt.hedges and not (src.hedges or src.negated):
        h = tgt.hedges[0]
        yield rule.finding(t0 + h.start, t0 + h.end, f"The translation hedges ('{h.cue}') where the source does not",
                           "", {"target_cues": [x.cue for x in tgt.hedges], "confidence": 0.3}, 0.3,
                           *_spans(seg)[0])


def _target_span(pair: Pair, seg: Segment, cs: int, ce: int) -> tuple[int, int]:
    """Where the lost cue went: the words the diff pairs with it (same language), else the
    target sentence of the group at the cue's relative place."""
    (s0, _), t_span = _spans(seg)
    if pair.same_lang:
        m = map_span(pair.src_text(seg), pair.tgt_text(seg), cs, ce)
        if m and m[1] > m[0]:
            return t_span[0] + m[0], t_span[0] + m[1]
    if len(seg.tgt) == 1:
        return t_span
    where = s0 + cs
    s_sents = [pair.src.sentences[k] for k in seg.src]
    k = next((n for n, s in enumerate(s_sents) if s.start <= where < s.end), 0)
    t = pair.tgt.sentences[seg.tgt[min(len(seg.tgt) - 1, k * len(seg.tgt) // len(seg.src))]]
    return t.start, t.end
