"""Omitted and added sentences.

Two kinds of evidence:
- a link with one side empty: a source sentence nothing translates (or the reverse);
- a link that joins several sentences on one side (2-1, 1-2, 3-1 ...) whose other side is far
  too short for all of them but fits all but one (Gale and Church's length score): the
  aligner joins a left-out sentence to its neighbour whenever that costs less than a 1-0
  link. Which sentence was left out is the one the other side's words carry least
  (mtqa.bilingual.coverage: dictionary glosses, names, cognates).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from .. import bilingual, rx
from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from . import Pair, Segment

RULES = [
    Rule("diverge.omission", "accuracy/omission", "major",
         "A source sentence with no counterpart in the translation (omitted)."),
    Rule("diverge.addition", "accuracy/addition", "minor",
         "A translated sentence with no counterpart in the source (added)."),
]
RULE = {r.id: r for r in RULES}
_UNSPACED = rx.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")

MIN_WORDS = 3  # a dateline or a one-word line is not content worth reporting
# A joined link (set on Text+Berg dev, de-fr, only):
VARIANCE = 6.8  # Gale and Church's estimate, chars^2 per char
Z_BAD = 2.5  # a joined link whose length is this far off ...
Z_FIT = 1.5  # ... and this close without one of its sentences
MIN_CHARS = 40  # of source text to estimate the length ratio from


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    yield from _by_links(pair)
    ratio = _length_ratio(pair)
    if ratio:
        for seg in pair.matched():
            if len(seg.src) > 1 or len(seg.tgt) > 1:
                yield from _joined(pair, seg, ratio)


def _by_links(pair: Pair) -> Iterator[Finding]:
    """Links with one side empty (no lexicon to judge by)."""
    last_tgt_end = 0
    for seg in pair.segments:
        if seg.tgt_span:
            last_tgt_end = seg.tgt_span[1]
        if seg.src_span and not seg.tgt_span:
            text = pair.src_text(seg)
            if _enough(text):
                yield _omission(last_tgt_end, seg.src_span, text, list(seg.src), 0.8, {})
        elif seg.tgt_span and not seg.src_span:
            if _enough(pair.tgt_text(seg)):
                yield _addition(seg.tgt_span, list(seg.tgt), 0.7, {}, None)


def _omission(at: int, src_span: tuple[int, int], text: str, sents: list[int], conf: float,
              extra: dict) -> Finding:
    """Zero-width at the place in the translation where the sentence would stand."""
    return RULE["diverge.omission"].finding(at, at,
                  f"Source sentence left out of the translation: \"{_short(text)}\"", "",
                  {"source_sentences": sents, "source_text": text, **extra}, conf, *src_span)


def _addition(tgt_span: tuple[int, int], sents: list[int], conf: float, extra: dict,
              src_span: tuple[int, int] | None) -> Finding:
    ss, se = src_span or (None, None)
    return RULE["diverge.addition"].finding(tgt_span[0], tgt_span[1],
                  "Sentence with no counterpart in the source (added?)", "",
                  {"target_sentences": sents, **extra}, conf, ss, se)


def _length_ratio(pair: Pair) -> float:
    """Target chars per source char over the pair's one-to-one links (over the whole pair
    when they are few): what a sentence's translation is expected to weigh here."""
    n = m = 0
    for seg in pair.matched():
        if len(seg.src) == 1 and len(seg.tgt) == 1:
            n += len(pair.src_text(seg))
            m += len(pair.tgt_text(seg))
    if n < MIN_CHARS:
        n, m = len(pair.src.text), len(pair.tgt.text)
    return m / n if n >= MIN_CHARS else 0.0


def _z(have: int, given: int, ratio: float) -> float:
    """Gale and Church's (1993) length score: how far a translation's length is from what a
    text of `given` chars predicts (VARIANCE chars^2 per char)."""
    return (have - given * ratio) / math.sqrt(max(1.0, given) * VARIANCE * ratio)


def _joined(pair: Pair, seg: Segment, ratio: float) -> Iterator[Finding]:
    """A link joining sentences whose other side is as long as all but one of them: the
    aligner joined a left-out (or added) sentence to its neighbour."""
    assert seg.src_span is not None and seg.tgt_span is not None  # a matched segment
    for side in ("src", "tgt"):
        this, other = (pair.src, pair.tgt) if side == "src" else (pair.tgt, pair.src)
        idxs = seg.src if side == "src" else seg.tgt
        if len(idxs) < 2:
            continue
        r = ratio if side == "src" else 1 / ratio
        have = len(pair.tgt_text(seg) if side == "src" else pair.src_text(seg))
        sents = [this.sentences[i] for i in idxs]
        whole = sum(s.end - s.start for s in sents)
        if abs(_z(have, whole, r)) < Z_BAD:
            continue
        fits = [k for k, s in enumerate(sents)
                if abs(_z(have, whole - (s.end - s.start), r)) < Z_FIT
                and _enough(this.text[s.start:s.end])]
        if not fits:
            continue
        k = min(fits, key=lambda j: _carried(this, sents[j], other, seg, side))
        s = sents[k]
        extra = {"length_z": round(_z(have, whole, r), 1)}
        if side == "src":
            # where it would stand: after the target text of the sentences before it
            at = seg.tgt_span[1] if k else (
                pair.tgt.sentences[seg.tgt[0] - 1].end if seg.tgt[0] else seg.tgt_span[0])
            yield _omission(at, (s.start, s.end), this.text[s.start:s.end], [idxs[k]], 0.6, extra)
        else:
            yield _addition((s.start, s.end), [idxs[k]], 0.6, extra, seg.src_span)


def _carried(this, sent, other, seg: Segment, side: str) -> float:
    """How much of a sentence's meaning the link's other side carries (1.0 when unknown)."""
    other_span = seg.tgt_span if side == "src" else seg.src_span
    assert other_span is not None
    c = bilingual.coverage(this.text[sent.start:sent.end], this.lang or "en",
                           other.text[other_span[0]:other_span[1]], other.lang or "en")
    return c.ratio if c is not None else 1.0


def _enough(text: str) -> bool:
    """At least MIN_WORDS words (two characters of Chinese or Japanese count as one)."""
    return len(text.split()) >= MIN_WORDS or len(_UNSPACED.findall(text)) >= 2 * MIN_WORDS


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
