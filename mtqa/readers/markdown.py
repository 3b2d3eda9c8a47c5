"""Markdown: the prose of an article, markup stripped, offsets kept.

Handles what news copy uses: ATX and setext headings, paragraphs, block quotes, list
items, emphasis (``*``, ``_``, ``~~``), inline code (kept as text), links (their text kept),
images, fenced code, reference definitions, rules and HTML comments (dropped), backslash
escapes and entities, and a YAML front matter block whose ``title:`` is the headline when
the document has no level-1 heading.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from .. import rx
from ..segment import LINE_BREAK
from ._map import LIT, REP, Piece, RunMap, assemble_article, normalize_ws

_FENCE = rx.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = rx.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
# Only from the start of a run of blanks (the lookbehind): the leftmost match starts there
# anyway, and trying every blank of a long run would cost the square of its length.
_ATX_CLOSE = rx.compile(r"(?<![ \t])[ \t]+#+[ \t]*$|^#+[ \t]*$")
_SETEXT1 = rx.compile(r" {0,3}=+[ \t]*$")
_SETEXT2 = rx.compile(r" {0,3}-+[ \t]*$")
_HR = rx.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = rx.compile(r" {0,3}> ?")
_LIST = rx.compile(r" {0,3}(?:[-+*]|(\d{1,3})[.)])(?:[ \t]+|$)")
_REFDEF = rx.compile(r" {0,3}\[([^\]\n]+)\]:[ \t]*\S+.*$")
_TABLE_RULE = rx.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_COMMENT = rx.compile(r"\s*<!--.*-->\s*$")
_FRONT_END = rx.compile(r"(?:---|\.\.\.)[ \t]*$")
_TITLE = rx.compile(r"title[ \t]*:[ \t]*(.*?)[ \t]*$")

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = rx.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Alt text like link text (one level of brackets inside), so that the scan from one "!["
# stops at the next "[" rather than running to the end of the line.
_IMAGE = rx.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_LINK = rx.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]"
    r"(\(\s*(?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)|\[[^\]\n]*\])?")
_AUTOLINK = rx.compile(r"<((?:https?|ftp|mailto):[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[A-Za-z]+)>")
_INLINE_TAG = rx.compile(
    r"</?(?:a|b|i|em|strong|span|br|sup|sub|u|s|del|ins|mark|small|abbr|cite|q|code|kbd|font)"
    r"(?:\s[^<>]*)?/?>", re.I)
_DELIMS = rx.compile(r"\*+|_+|~~+")


def _inline(ft: str, s: int, e: int, refs: set[str]) -> list[Piece]:
    line = ft[s:e]
    n = len(line)
    keep = bytearray(b"\x01") * n  # bytes, not lists of bools: a line may be megabytes
    prot = bytearray(n)
    repl: dict[int, tuple[str, int]] = {}

    def free(a: int, b: int) -> bool:
        return all(keep[i] and not prot[i] for i in range(a, b))

    # 1. code spans: text kept verbatim, backticks dropped
    i = 0
    while i < n:
        if line[i] == "`" and (i == 0 or line[i - 1] != "\\"):
            j = i
            while j < n and line[j] == "`":
                j += 1
            run = j - i
            k = j
            close = -1
            while k < n:
                if line[k] == "`":
                    r = k
                    while r < n and line[r] == "`":
                        r += 1
                    if r - k == run:
                        close = k
                        break
                    k = r
                else:
                    k += 1
            if close < 0:
                i = j
                continue
            for x in range(i, j):
                keep[x] = False
            for x in range(close, close + run):
                keep[x] = False
            a, b = j, close
            if b - a >= 2 and line[a] == " " and line[b - 1] == " " and line[a:b].strip():
                keep[a] = keep[b - 1] = False
                a, b = a + 1, b - 1
            for x in range(a, b):
                prot[x] = True
            i = close + run
        else:
            i += 1
    # 2. backslash escapes
    i = 0
    while i < n - 1:
        if line[i] == "\\" and keep[i] and not prot[i] and line[i + 1] in _ESCAPABLE:
            keep[i] = False
            prot[i + 1] = True
            i += 2
        else:
            i += 1
    # 3. entities
    for m in _ENTITY.finditer(line):
        a, b = m.span()
        if free(a, b):
            u = html.unescape(m.group())
            if u != m.group():
                repl[a] = (u, b - a)
                prot[a] = True
                for x in range(a + 1, b):
                    keep[x] = False
    # 4. images: dropped
    for m in _IMAGE.finditer(line):
        a, b = m.span()
        if keep[a] and not prot[a]:
            for x in range(a, b):
                keep[x] = False
    # 5. links: text kept
    for m in _LINK.finditer(line):
        a, b = m.span()
        if not (keep[a] and not prot[a]):
            continue
        if m.group(2) is None and m.group(1).strip().lower() not in refs:
            continue  # a bracketed phrase, not a link
        keep[a] = False
        for x in range(m.end(1), b):
            keep[x] = False
    # 6. autolinks: the address is the text
    for m in _AUTOLINK.finditer(line):
        a, b = m.span()
        if keep[a] and not prot[a]:
            keep[a] = keep[b - 1] = False
    # 7. inline HTML tags and comments
    for m in _INLINE_TAG.finditer(line):
        a, b = m.span()
        if free(a, b):
            for x in range(a, b):
                keep[x] = False
    # 8. emphasis delimiters
    idx = array("q", (x for x in range(n) if keep[x]))
    vis = "".join("a" if prot[x] else line[x] for x in idx)
    _emphasis(vis, idx, keep)

    # Runs of kept chars become one LIT piece each (sliced once, never grown char by char).
    out: list[Piece] = []
    x = 0
    while x < n:
        if not keep[x]:
            x += 1
        elif x in repl:
            t, w = repl[x]
            out.append((t, s + x, w, REP))
            x += 1
        else:
            y = x + 1
            while y < n and keep[y] and y not in repl:
                y += 1
            out.append((line[x:y], s + x, y - x, LIT))
            x = y
    return out


def _is_punct(c: str) -> bool:
    return not c.isalnum() and not c.isspace()


@dataclass(slots=True)
class _Delim:
    """A run of emphasis delimiters: its character, start and remaining count."""

    char: str
    start: int
    count: int
    can_open: bool


def _emphasis(vis: str, idx: Sequence[int], keep: bytearray) -> None:
    """Simplified CommonMark delimiter matching; removes matched delimiter chars.

    Every opener on the stack has a count left, and a match drops the openers above it, so
    the search down the stack is paid for by what it drops; `open_runs` counts the openers
    of each char so that a closer with none to match does not search at all."""
    stack: list[_Delim] = []
    open_runs = {"*": 0, "_": 0, "~": 0}
    for m in _DELIMS.finditer(vis):
        a, b = m.span()
        ch = vis[a]
        prev = vis[a - 1] if a > 0 else " "
        nxt = vis[b] if b < len(vis) else " "
        left = not nxt.isspace() and (not _is_punct(nxt) or prev.isspace() or _is_punct(prev))
        right = not prev.isspace() and (not _is_punct(prev) or nxt.isspace() or _is_punct(nxt))
        if ch == "_":
            can_open = left and (not right or _is_punct(prev))
            can_close = right and (not left or _is_punct(nxt))
        else:
            can_open, can_close = left, right
        run = _Delim(ch, a, b - a, can_open)
        if ch == "~" and b - a != 2:
            continue
        if can_close:
            while run.count > 0 and open_runs[ch]:
                k = next(k for k in range(len(stack) - 1, -1, -1) if stack[k].char == ch)
                op = stack[k]
                use = 2 if (run.count >= 2 and op.count >= 2) or ch == "~" else 1
                for x in range(op.start + op.count - use, op.start + op.count):
                    keep[idx[x]] = False
                for x in range(run.start, run.start + use):
                    keep[idx[x]] = False
                op.count -= use
                run.start += use
                run.count -= use
                for d in stack[k + (1 if op.count else 0):]:
                    open_runs[d.char] -= 1
                del stack[k + (1 if op.count else 0):]
        if run.count > 0 and can_open:
            stack.append(run)
            open_runs[ch] += 1


def _lines(ft: str) -> list[tuple[int, int, int]]:
    """(start, end without the line break, end including it); LF, CR LF or CR."""
    out = []
    pos = 0
    for m in LINE_BREAK.finditer(ft):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(ft):
        out.append((pos, len(ft), len(ft)))
    return out


def extract(ft: str) -> dict:
    lines = _lines(ft)
    front_title: list[Piece] = []
    start = 0
    if lines and ft[lines[0][0]:lines[0][1]].rstrip() == "---":
        for k in range(1, min(len(lines), 200)):
            s, e, _ = lines[k]
            if _FRONT_END.match(ft, s, e) and ft[s:e].rstrip() in ("---", "..."):
                for s2, e2, _ in lines[1:k]:
                    m = _TITLE.match(ft, s2, e2)
                    if m and m.group(1):
                        a, b = m.span(1)
                        if b - a >= 2 and ft[a] in "\"'" and ft[b - 1] == ft[a]:
                            a, b = a + 1, b - 1
                        front_title = normalize_ws([(ft[a:b], a, b - a, LIT)], "soft")
                        break
                start = k + 1
                break
    refs = set()
    for s, e, _ in lines[start:]:
        m = _REFDEF.match(ft, s, e)
        if m:
            refs.add(m.group(1).strip().lower())

    blocks: list[tuple[int, list[Piece]]] = []  # (heading level or 0, pieces)
    para: list[Piece] = []
    para_level = 0
    fence: tuple[str, int] | None = None

    in_item = False

    def flush() -> None:
        nonlocal para, para_level, in_item
        p = normalize_ws(para, "soft")
        if p:
            blocks.append((para_level, p))
        para = []
        para_level = 0
        in_item = False

    for s, e, full in lines[start:]:
        if fence is not None:
            m = _FENCE.match(ft, s, e)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] \
                    and not ft[m.end():e].strip():
                fence = None
            continue
        m = _FENCE.match(ft, s, e)
        if m:
            flush()
            fence = (m.group(1)[0], len(m.group(1)))
            continue
        # block quote markers
        while True:
            m = _QUOTE.match(ft, s, e)
            if not m:
                break
            s = m.end()
        line = ft[s:e]
        if not line.strip():
            flush()
            continue
        if _REFDEF.match(ft, s, e) or _COMMENT.match(ft, s, e) or _TABLE_RULE.match(ft, s, e) \
                and "|" in line:
            flush()
            continue
        if para and _SETEXT1.match(ft, s, e):
            para_level = 1
            flush()
            continue
        if para and _SETEXT2.match(ft, s, e) and "-" in line and " - " not in line.strip():
            para_level = 2
            flush()
            continue
        if _HR.match(ft, s, e):
            flush()
            continue
        m = _ATX.match(ft, s, e)
        if m:
            flush()
            a, b = m.end(), e
            c = _ATX_CLOSE.search(ft, a, b)
            if c:
                b = c.start()
            para = _inline(ft, a, b, refs)
            para_level = len(m.group(1))
            flush()
            continue
        m = _LIST.match(ft, s, e)
        if m and m.group(1) and para and not in_item and m.group(1) != "1":
            m = None  # "12. " inside a paragraph does not start a list
        if m:
            flush()
            in_item = True
            s = m.end()
        else:
            while s < e and ft[s] in " \t":
                s += 1
        if para:
            para.append((ft[e:full] or " ", e, max(full - e, 1), LIT if full > e else REP))
        para.extend(_inline(ft, s, e, refs))
    flush()

    headline: list[Piece] = []
    for level, p in blocks:
        if level == 1:
            headline = p
            break
    if not headline:
        if blocks and blocks[0][0]:
            headline = blocks[0][1]
        elif front_title:
            headline = front_title
    return {"paragraphs": [p for _, p in blocks], "headline": headline,
            "front_title": front_title}


def read(ft: str) -> tuple[str, RunMap, str | None, tuple[int, int] | None]:
    got = extract(ft)
    return assemble_article(got["headline"], got["paragraphs"])
