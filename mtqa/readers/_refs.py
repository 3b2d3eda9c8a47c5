"""Align decoded character data from a parser with the file text it came from.

html.parser and expat hand us decoded text plus the offset where it starts; entity and
character references (and XML's line-end normalisation) make the decoded text differ
from the file. `align` walks both and returns pieces (see _map) that say, for every
decoded char, where it came from.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.entities import html5

from .. import rx
from ._map import LIT, REP, Piece

RefFn = Callable[[str, int], "tuple[str, int] | None"]

# The reference syntax html.unescape (and so html.parser) recognises.
_HTML_REF = rx.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_XML_REF = rx.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_XML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_SPECIAL = rx.compile(r"[&\r]")


def html_ref(s: str, j: int) -> tuple[str, int] | None:
    """(decoded text, length in s) of the reference at s[j] as html.unescape reads it."""
    m = _HTML_REF.match(s, j)
    if not m:
        return None
    g = m.group(1)
    if g[0] == "#":
        return html.unescape(m.group(0)), m.end() - j
    if g in html5:
        return html5[g], len(g) + 1
    for x in range(len(g) - 1, 1, -1):
        if g[:x] in html5:
            return html5[g[:x]], x + 1
    return None


def xml_ref(s: str, j: int) -> tuple[str, int] | None:
    m = _XML_REF.match(s, j)
    if not m:
        return None
    g = m.group(1)
    if g[0] == "#":
        try:
            cp = int(g[2:], 16) if g[1] == "x" else int(g[1:])
            return chr(cp), m.end() - j
        except (ValueError, OverflowError):
            return None
    return _XML_NAMED[g], m.end() - j


def align(data: str, p: int, ft: str, ref: RefFn, xml: bool = False) -> list[Piece]:
    """Pieces for `data`, which the parser says starts at ft[p]."""
    if ft.startswith(data, p) and (not xml or "\r" not in data):
        return [(data, p, len(data), LIT)] if data else []
    out: list[Piece] = []
    i, j, n, nf = 0, p, len(data), len(ft)
    while i < n:
        m = _SPECIAL.search(ft, j, min(nf, j + (n - i)))
        k = m.start() if m else min(nf, j + (n - i))
        if k > j:
            seg = k - j
            if ft[j:k] == data[i:i + seg]:
                out.append((data[i:i + seg], j, seg, LIT))
                i += seg
                j = k
                continue
            # Should not happen: keep the literal prefix, map the rest to where we are.
            q = 0
            while q < seg and ft[j + q] == data[i + q]:
                q += 1
            if q:
                out.append((data[i:i + q], j, q, LIT))
            out.append((data[i + q:], j + q, 1, REP))
            return out
        if j >= nf:
            out.append((data[i:], max(nf - 1, 0), 1, REP))
            return out
        c = ft[j]
        if c == "&":
            r = ref(ft, j)
            if r is not None and data.startswith(r[0], i) and r[0]:
                out.append((r[0], j, r[1], REP))
                i += len(r[0])
                j += r[1]
                continue
        elif c == "\r" and xml and data[i] == "\n":
            w = 2 if ft.startswith("\r\n", j) else 1
            out.append(("\n", j, w, REP))
            i += 1
            j += w
            continue
        if data[i] == c:
            out.append((c, j, 1, LIT))
            i += 1
            j += 1
            continue
        out.append((data[i:], j, 1, REP))
        return out
    return out
