"""Word-level diff helpers shared by the divergence checks (same-language pairs)."""

from __future__ import annotations

import difflib

from ..tokens import diff_tokens as toks  # (text, start, end): words and punctuation marks


def opcodes(a: list, b: list):
    sm = difflib.SequenceMatcher(None, [t[0].lower() for t in a], [t[0].lower() for t in b],
                                 autojunk=False)
    return sm.get_opcodes()


def map_span(src: str, tgt: str, cs: int, ce: int) -> tuple[int, int] | None:
    """The target span that the diff pairs with source chars [cs, ce) (relative offsets)."""
    a, b = toks(src), toks(tgt)
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if i1 == i2:
            continue
        if a[i1][1] <= cs < a[i2 - 1][2] or (cs <= a[i1][1] < ce):
            if tag == "equal":
                off = [k for k in range(i1, i2) if a[k][1] >= cs]
                k = off[0] if off else i1
                return b[j1 + (k - i1)][1], b[j1 + (k - i1)][2]
            if j1 == j2:
                pos = b[j1 - 1][2] if j1 > 0 else 0
                return pos, pos
            return b[j1][1], b[j2 - 1][2]
    return None
