"""Quotation spans: where a text quotes someone, for the checks that exempt quoted speech.

Double marks (curly, guillemets, low-9, or straight ones paired per line) and British single
marks ‘…’. A closing ’ followed by a letter is an apostrophe ("don’t"), not the end of the
quotation. Spans are merged and sorted, so a position is looked up by bisection: a long
article asks for every pattern match it judges.
"""

from __future__ import annotations

import bisect
import sys

from . import rx

Spans = list[tuple[int, int]]

# An unclosed double mark runs to the end of its line (a quotation over paragraphs reopens
# each one); a single ‘ must be closed, since it also stands for an apostrophe ("‘90s").
# (Each opening mark starts an alternative of its own: a pattern whose alternatives all start
# with a character is tried only where one of them stands, one with a set among them at
# every character.)
_QUOTATION = rx.compile(
    "|".join(mark + r"[^”»“«„\n]*[”»]?" for mark in "“«„")
    + r"|\"[^\"\n]*\"?"
    r"|‘(?!\d)(?:[^‘’\n]|’(?=\w))*’(?!\w)")


def spans(text: str) -> Spans:
    """The quoted spans of text (marks included), sorted and merged where they nest."""
    found = sorted((m.start(), m.end()) for m in _QUOTATION.finditer(text))
    out: Spans = []
    for s, e in found:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _nearest(quoted: Spans, pos: int) -> int:
    """Index of the last span starting at or before pos (-1 when none)."""
    return bisect.bisect_right(quoted, (pos, sys.maxsize)) - 1


def inside(quoted: Spans, pos: int) -> bool:
    """Whether pos is strictly inside a span (after its opening mark, before its end)."""
    k = _nearest(quoted, pos)
    return k >= 0 and quoted[k][0] < pos < quoted[k][1]


def overlaps(quoted: Spans, start: int, end: int) -> bool:
    """Whether any quotation reaches into [start, end)."""
    k = _nearest(quoted, end - 1)
    return k >= 0 and quoted[k][1] > start
