"""Names changed or dropped between aligned sentences ("Volodymyr" -> "Volodymr")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .. import resources, tokens
from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from . import Pair

RULES = [
    Rule("diverge.name", "accuracy/mistranslation", "major",
         "A name spelled differently from the source ('Volodymr' for 'Volodymyr')."),
    Rule("diverge.name-dropped", "accuracy/omission", "minor",
         "A name in the source that the aligned translation leaves out."),
]
RULE = {r.id: r for r in RULES}

_CAP = re.compile(r"\b[^\W\d_][\w'’-]*")
COMMON = 3.5  # Zipf at or above which a capitalised word is likely an ordinary word


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def names(text: str, lang: str) -> list[tuple[str, int, int]]:
    freqs = resources.word_freqs(lang) if lang else {}
    out = []
    for m in _CAP.finditer(text):
        w = m.group()
        if not w[0].isupper() or len(w) < 3:
            continue
        if freqs.get(w.lower(), 0.0) >= COMMON:
            continue
        out.append((w, m.start(), m.end()))
    return out


def distance(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 3:
        return 99
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    sl, tl = pair.src.lang, pair.tgt.lang
    for seg in pair.matched():
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        t_names = names(t_txt, tl)
        t_folded = {fold(w) for w, _, _ in t_names} | {fold(w) for w in tokens.words(t_txt)}
        used = set()
        for w, ss, se in names(s_txt, sl):
            f = fold(w)
            if f in t_folded:
                continue
            limit = max(1, len(f) // 4) if pair.same_lang else max(1, len(f) // 3)
            best = None
            for tw, ts, te in t_names:
                if (ts, te) in used:
                    continue
                d = distance(f, fold(tw))
                if 0 < d <= limit and (best is None or d < best[0]):
                    best = (d, tw, ts, te)
            if best:
                d, tw, ts, te = best
                used.add((ts, te))
                yield RULE["diverge.name"].finding(t0 + ts, t0 + te,
                              f"'{tw}' in the translation, '{w}' in the source", w,
                              {"source_name": w, "edit_distance": d}, 0.8, s0 + ss, s0 + se)
            elif pair.same_lang or resources.word_freqs(sl).get(w.lower(), 0.0) < 2.0:
                yield RULE["diverge.name-dropped"].finding(seg.tgt_span[0], seg.tgt_span[1],
                              f"The source names '{w}'; the translation does not", "",
                              {"source_name": w}, 0.5, s0 + ss, s0 + se)
