"""Omitted and added sentences: alignment links with one side empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from . import Pair

RULES = [
    Rule("diverge.omission", "accuracy/omission", "major",
         "A source sentence with no counterpart in the translation (omitted)."),
    Rule("diverge.addition", "accuracy/addition", "minor",
         "A translated sentence with no counterpart in the source (added)."),
]
RULE = {r.id: r for r in RULES}

MIN_WORDS = 3  # a dateline or a one-word line is not content worth reporting


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    last_tgt_end = 0
    for seg in pair.segments:
        if seg.tgt_span:
            last_tgt_end = seg.tgt_span[1]
        if seg.src_span and not seg.tgt_span:
            text = pair.src_text(seg)
            if len(text.split()) < MIN_WORDS:
                continue
            # Zero-width at the place in the translation where the sentence would stand.
            yield RULE["diverge.omission"].finding(last_tgt_end, last_tgt_end,
                          f"Source sentence left out of the translation: \"{_short(text)}\"", "",
                          {"source_sentences": list(seg.src), "source_text": text},
                          0.8, seg.src_span[0], seg.src_span[1])
        elif seg.tgt_span and not seg.src_span:
            text = pair.tgt_text(seg)
            if len(text.split()) < MIN_WORDS:
                continue
            yield RULE["diverge.addition"].finding(*seg.tgt_span,
                          "Sentence with no counterpart in the source (added?)", "",
                          {"target_sentences": list(seg.tgt)}, 0.7)


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
