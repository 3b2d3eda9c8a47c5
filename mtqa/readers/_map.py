"""Text pieces and the compact map from extracted text back to the file.

Every reader turns a file into a list of *pieces*: ``(text, fstart, flen, kind)``.

- ``LIT``: ``text`` is stored literally at ``file[fstart:fstart+len(text)]``.
- ``REP``: ``text`` was produced by ``file[fstart:fstart+flen]`` (an entity such as
  ``&amp;``, a JSON escape, a collapsed run of whitespace); every char of it maps to
  ``fstart``.
- ``SYN``: inserted by the reader (paragraph separators); it maps to no file char.

:class:`RunMap` keeps the mapping as runs ``(text_start, file_start, text_len, file_len,
literal)`` in parallel arrays, so a 100 kB article costs a few hundred runs, not one int
per character.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from .. import rx
from ..segment import BLANK_LINE, LINE_BREAK

LIT, REP, SYN = 0, 1, 2

Piece = tuple  # (text: str, fstart: int, flen: int, kind: int)

# HTML and XML collapse only ASCII whitespace; a no-break space is content.
_WS = " \t\n\r\f"
_WS_RUN = rx.compile(r"[ \t\n\r\f]+")


class RunMap:
    """Offsets in an extracted text -> offsets in the decoded file text."""

    __slots__ = ("_ts", "_fs", "_tl", "_fl", "_lit", "length")

    def __init__(self) -> None:
        self._ts = array("q")
        self._fs = array("q")
        self._tl = array("q")
        self._fl = array("q")
        self._lit = bytearray()
        self.length = 0

    @classmethod
    def identity(cls, n: int) -> RunMap:
        m = cls()
        if n:
            m._add(0, 0, n, n, True)
        m.length = n
        return m

    def __len__(self) -> int:
        return len(self._ts)

    def _add(self, ts: int, fs: int, tl: int, fl: int, lit: bool) -> None:
        if lit and self._lit and self._lit[-1]:
            k = len(self._ts) - 1
            if self._ts[k] + self._tl[k] == ts and self._fs[k] + self._fl[k] == fs:
                self._tl[k] += tl
                self._fl[k] += fl
                return
        self._ts.append(ts)
        self._fs.append(fs)
        self._tl.append(tl)
        self._fl.append(fl)
        self._lit.append(1 if lit else 0)

    def runs(self) -> Iterator[tuple[int, int, int, int, bool]]:
        for k in range(len(self._ts)):
            yield self._ts[k], self._fs[k], self._tl[k], self._fl[k], bool(self._lit[k])

    # -- lookups ---------------------------------------------------------------------
    def _run(self, i: int) -> int:
        """Index of the run holding text offset i, or -1."""
        k = bisect_right(self._ts, i) - 1
        if k >= 0 and i < self._ts[k] + self._tl[k]:
            return k
        return -1

    def _check(self, i: int, end_ok: bool = True) -> None:
        if i < 0 or i > self.length or (i == self.length and not end_ok):
            raise IndexError(f"offset {i} outside text of length {self.length}")

    def is_literal(self, i: int) -> bool:
        """True when text[i] is stored literally in the file at to_file(i)."""
        self._check(i, end_ok=False)
        k = self._run(i)
        return k >= 0 and bool(self._lit[k])

    def is_mapped(self, i: int) -> bool:
        """True when text[i] came from the file (literally or from an escape)."""
        self._check(i, end_ok=False)
        return self._run(i) >= 0

    def to_file(self, i: int) -> int:
        """File offset of text[i]. A char the reader inserted (a paragraph break) maps to
        the next char that came from the file (or, at the end, just past the last one);
        to_file(len(text)) is the end of the last mapped char."""
        self._check(i)
        k = bisect_right(self._ts, i) - 1
        if k >= 0 and i < self._ts[k] + self._tl[k]:
            return self._fs[k] + (i - self._ts[k] if self._lit[k] else 0)
        if k + 1 < len(self._ts):
            return self._fs[k + 1]
        if k >= 0:
            return self._fs[k] + self._fl[k]
        return 0

    def _char_end(self, k: int, i: int) -> int:
        if self._lit[k]:
            return self._fs[k] + (i - self._ts[k]) + 1
        return self._fs[k] + self._fl[k]

    def span_to_file(self, start: int, end: int) -> tuple[int, int]:
        """File span covering text[start:end]: from the first char that came from the
        file to the end of the last one (the whole escape, when it is one)."""
        self._check(start)
        self._check(end)
        if end < start:
            raise ValueError(f"span end {end} before start {start}")
        if start == end:
            p = self.to_file(start)
            return p, p
        ts, tl = self._ts, self._tl
        k = bisect_right(ts, start) - 1
        if k >= 0 and start < ts[k] + tl[k]:
            first, kf = start, k
        else:
            kf = k + 1
            if kf >= len(ts) or ts[kf] >= end:
                p = self.to_file(start)
                return p, p
            first = ts[kf]
        k2 = bisect_right(ts, end - 1) - 1
        if start <= end - 1 < ts[k2] + tl[k2]:
            last = end - 1
        else:
            last = ts[k2] + tl[k2] - 1
        fs = self._fs[kf] + (first - ts[kf] if self._lit[kf] else 0)
        return fs, self._char_end(k2, last)

    def clip(self, a: int, b: int) -> Iterator[tuple[int, int, int, int, int]]:
        """Runs and gaps covering text[a:b], clipped: (ts, fs, tl, fl, kind)."""
        pos = a
        k = bisect_right(self._ts, a) - 1
        if k < 0 or a >= self._ts[k] + self._tl[k]:
            k += 1
        while pos < b:
            if k >= len(self._ts) or self._ts[k] >= b:
                yield pos, -1, b - pos, 0, SYN
                return
            ts = self._ts[k]
            if ts > pos:
                yield pos, -1, ts - pos, 0, SYN
                pos = ts
            te = min(ts + self._tl[k], b)
            if self._lit[k]:
                off = pos - ts
                yield pos, self._fs[k] + off, te - pos, te - pos, LIT
            else:
                yield pos, self._fs[k], te - pos, self._fl[k], REP
            pos = te
            k += 1


class Builder:
    """Assemble pieces into one text (paragraphs joined by a blank line) and its map."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.map = RunMap()
        self.n = 0
        self._new_para = True

    def start_paragraph(self) -> None:
        self._new_para = True

    def add(self, pieces: list[Piece], joiner: str = " ") -> tuple[int, int]:
        """Append pieces (to the current paragraph, after `joiner`); returns their span."""
        if not pieces:
            return self.n, self.n
        if self.n:
            self._emit(("\n\n" if self._new_para else joiner, -1, 0, SYN))
        self._new_para = False
        s = self.n
        for p in pieces:
            self._emit(p)
        return s, self.n

    def add_paragraph(self, pieces: list[Piece]) -> tuple[int, int]:
        self.start_paragraph()
        return self.add(pieces)

    def _emit(self, p: Piece) -> None:
        text, fs, fl, kind = p
        if not text:
            return
        n = len(text)
        if kind == LIT:
            self.map._add(self.n, fs, n, n, True)
        elif kind == REP:
            self.map._add(self.n, fs, n, fl, False)
        self._parts.append(text)
        self.n += n

    def result(self) -> tuple[str, RunMap]:
        self.map.length = self.n
        return "".join(self._parts), self.map


def pieces_text(pieces: Iterable[Piece]) -> str:
    return "".join(p[0] for p in pieces)


def to_local(pieces: list[Piece]) -> tuple[str, RunMap]:
    """The pieces as one string plus the map from that string to the file."""
    b = Builder()
    for p in pieces:
        b._emit(p)
    return b.result()


def compose(pieces: list[Piece], outer: RunMap) -> list[Piece]:
    """Pieces whose offsets point into a string S -> pieces pointing into the file,
    given the map of S to the file (e.g. HTML inside a JSON string)."""
    out: list[Piece] = []
    for text, a, fl, kind in pieces:
        if kind == SYN or not text:
            out.append((text, -1, 0, SYN))
        elif kind == LIT:
            pos = 0
            for _ts, fs, tl, ofl, k in outer.clip(a, a + len(text)):
                chunk = text[pos:pos + tl]
                pos += tl
                if k == LIT:
                    out.append((chunk, fs, tl, LIT))
                elif k == REP:
                    out.append((chunk, fs, ofl, REP))
                else:
                    out.append((chunk, -1, 0, SYN))
        else:
            fs, fe = outer.span_to_file(a, min(a + max(fl, 1), outer.length))
            out.append((text, fs, max(fe - fs, 1), REP))
    return out


def normalize_ws(pieces: list[Piece], mode: str = "all") -> list[Piece]:
    """Collapse whitespace and strip the ends.

    mode "all" (HTML): every run of ASCII whitespace becomes one space.
    mode "soft" (Markdown, XML segments, plain paragraphs): a run that holds a line break
    or a tab becomes one space; runs of plain spaces are kept as they are, so a double
    space the translator typed is still there for the checks to see.
    The single space stands for the first whitespace char of the run in the file (literal
    when that char is a space)."""
    out: list[Piece] = []
    run: list[tuple[str, int, int]] = []  # (char, fstart, kind)

    def flush_run() -> None:
        if not run:
            return
        if out:
            plain = all(c == " " for c, _, _ in run)
            if mode == "soft" and plain:
                for c, fs, kind in run:
                    out.append((c, fs, 1, kind) if kind != SYN else (c, -1, 0, SYN))
            else:
                lit = next((fs for c, fs, k in run if c == " " and k == LIT), None)
                other = next((fs for c, fs, k in run if k != SYN), None)
                if lit is not None:
                    out.append((" ", lit, 1, LIT))
                elif other is not None:
                    out.append((" ", other, 1, REP))
                else:
                    out.append((" ", -1, 0, SYN))
        run.clear()

    for text, fs, fl, kind in pieces:
        if not text:
            continue
        if kind == LIT:
            pos = 0
            n = len(text)
            for m in _WS_RUN.finditer(text):
                a, b = m.span()
                if 0 < a and b < n:
                    w = text[a:b]
                    if w == " " or (mode == "soft" and w.count(" ") == b - a):
                        continue  # an ordinary space between words stays in the piece
                if a > pos:
                    flush_run()
                    out.append((text[pos:a], fs + pos, a - pos, LIT))
                for j in range(a, b):
                    run.append((text[j], fs + j, LIT))
                pos = b
            if pos < n:
                flush_run()
                out.append((text[pos:], fs + pos, n - pos, LIT))
        elif text.strip(_WS) == "":
            for c in text:
                run.append((c, fs, kind))
        else:
            flush_run()
            out.append((text, fs, fl, kind))
    run.clear()  # trailing whitespace is dropped
    return _merge(out)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Adjacent LIT pieces joined into one (their texts joined once, not pairwise: a line
    of thousands of one-char pieces must not cost the square of its length)."""
    out: list[Piece] = []
    group: list[Piece] = []

    def flush() -> None:
        if len(group) == 1:
            out.append(group[0])
        elif group:
            out.append(("".join(g[0] for g in group), group[0][1],
                        sum(g[2] for g in group), LIT))
        group.clear()

    for p in pieces:
        if p[3] == LIT and group and group[-1][1] + group[-1][2] == p[1]:
            group.append(p)
            continue
        flush()
        if p[3] == LIT:
            group.append(p)
        else:
            out.append(p)
    flush()
    return out


def slice_pieces(pieces: list[Piece], a: int, b: int) -> list[Piece]:
    """The pieces covering chars a..b of their concatenated text."""
    out: list[Piece] = []
    pos = 0
    for text, fs, fl, kind in pieces:
        n = len(text)
        lo, hi = max(a, pos), min(b, pos + n)
        if lo < hi:
            sub = text[lo - pos:hi - pos]
            if kind == LIT:
                out.append((sub, fs + lo - pos, hi - lo, LIT))
            else:
                out.append((sub, fs, fl, kind))
        pos += n
    return out


def plain_paragraphs(s: str, base: int = 0) -> list[list[Piece]]:
    """Paragraphs of plain text (blank-line separated; or one per line when the text
    has no blank line), as LIT pieces at base + offset, whitespace normalised (soft).
    LF, CR LF and CR all end a line."""
    spans: list[tuple[int, int]] = []
    breaks = BLANK_LINE if BLANK_LINE.search(s) else LINE_BREAK
    pos = 0
    for m in breaks.finditer(s):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(s)))
    out = []
    for a, b in spans:
        p = normalize_ws([(s[a:b], base + a, b - a, LIT)], "soft")
        if p:
            out.append(p)
    return out


def assemble_article(headline: list[Piece], paras: list[list[Piece]]
                     ) -> tuple[str, RunMap, str | None, tuple[int, int] | None]:
    """Headline first (unless the body already has it as a paragraph), then paragraphs.
    Returns text, map, headline text, headline span in text."""
    b = Builder()
    htext = pieces_text(headline) or None
    hspan = None
    in_body = htext is not None and any(pieces_text(p) == htext for p in paras)
    if headline and not in_body:
        hspan = b.add_paragraph(headline)
    for p in paras:
        span = b.add_paragraph(p)
        if hspan is None and in_body and pieces_text(p) == htext:
            hspan = span
    text, m = b.result()
    return text, m, htext, hspan
