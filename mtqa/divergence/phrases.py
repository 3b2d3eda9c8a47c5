"""A phrase-level diff of same-language pairs: names the changed phrase ('withdraw' -> 'step down')."""

from __future__ import annotations

from collections.abc import Iterator

from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from . import Pair
from .tokens import opcodes, toks

RULES = [
    Rule("diverge.changed-phrase", "accuracy/mistranslation", "minor",
         "A phrase of a same-language pair that the translation changed (token-level diff)."),
]
RULE = {r.id: r for r in RULES}

MAX_WORDS = 6  # longer replacements are rewrites, not changed phrases
MIN_SIMILARITY = 0.35  # only for pairs close enough that a diff means something


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    if not pair.same_lang:
        return
    for seg in pair.matched():
        if seg.score < MIN_SIMILARITY:
            continue
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        a, b = toks(s_txt), toks(t_txt)
        for tag, i1, i2, j1, j2 in opcodes(a, b):
            if tag != "replace" or i2 - i1 > MAX_WORDS or j2 - j1 > MAX_WORDS:
                continue
            if not any(t[0][0].isalnum() for t in a[i1:i2] + b[j1:j2]):
                continue  # punctuation only
            ss, se = a[i1][1], a[i2 - 1][2]
            ts, te = b[j1][1], b[j2 - 1][2]
            src_phrase, tgt_phrase = s_txt[ss:se], t_txt[ts:te]
            yield RULE["diverge.changed-phrase"].finding(t0 + ts, t0 + te,
                          f"'{src_phrase}' → '{tgt_phrase}'", src_phrase,
                          {"source_phrase": src_phrase, "pair_similarity": round(seg.score, 3)},
                          0.5, s0 + ss, s0 + se)
