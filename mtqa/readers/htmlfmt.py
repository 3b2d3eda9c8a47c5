"""HTML: the article text with page furniture dropped, offsets kept (stdlib html.parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import InputError
from ._map import Piece, normalize_ws, pieces_text, slice_pieces
from ._refs import align, html_ref
from ._tree import El, Extractor, text_length

VOID = frozenset("area base br col embed hr img input link meta param source track wbr "
                 "keygen basefont bgsound frame".split())
# A start tag of one of these closes an open <p>.
_CLOSES_P = frozenset("address article aside blockquote details dialog div dl fieldset "
                      "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main "
                      "menu nav ol p pre section table ul li dd dt".split())
_SCOPE = frozenset("html body table td th caption template object applet marquee button "
                   "article section blockquote".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# What a start tag closes, and what stops the search for it (the stack's scope).
_P = frozenset({"p"})
_LI, _LI_STOP = frozenset({"li"}), frozenset({"ul", "ol", "menu"}) | _SCOPE
_DT_DD, _DL_STOP = frozenset({"dt", "dd"}), frozenset({"dl"}) | _SCOPE
_ROW, _TABLE_PARTS = frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})
_CELL, _CELL_STOP = frozenset({"td", "th"}), frozenset({"tr", "table"})
_OPTION, _OPTION_STOP = frozenset({"option"}), frozenset({"select", "datalist"})


# Deeper elements become siblings of the deepest one, as in browsers (Chromium's HTML
# parser stops nesting at 512): a page of 100,000 nested <div>s costs no more than a flat one.
MAX_DEPTH = 512


class _TreeBuilder(HTMLParser):
    """Builds the El tree. For each tag name it keeps the stack positions where that tag
    is open, so finding the innermost open <p> (or the scope that hides it) takes a few
    lookups instead of a walk down the whole stack for every start tag."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ft = text
        # html.parser counts lines by LF alone (its getpos), so this must too.
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.root = El("#document", {}, 0)
        self.stack: list[El] = [self.root]
        self.open_at: dict[str, list[int]] = {}  # tag -> stack positions, innermost last

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _push(self, el: El) -> None:
        self.open_at.setdefault(el.tag, []).append(len(self.stack))
        self.stack.append(el)

    def _close_to(self, idx: int) -> None:
        while len(self.stack) > idx:
            self.open_at[self.stack.pop().tag].pop()

    def _innermost(self, tags: frozenset | set) -> int:
        """Stack position of the innermost open element named in tags; 0 if none."""
        return max((at[-1] for t in tags if (at := self.open_at.get(t))), default=0)

    def _close_open(self, tags: frozenset | set, stop: frozenset | set) -> None:
        idx = self._innermost(tags)
        if idx > self._innermost(stop):
            self._close_to(idx)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _CLOSES_P:
            self._close_open(_P, _SCOPE)
        if tag == "li":
            self._close_open(_LI, _LI_STOP)
        elif tag in ("dt", "dd"):
            self._close_open(_DT_DD, _DL_STOP)
        elif tag == "tr":
            self._close_open(_ROW, _TABLE_PARTS)
        elif tag in ("td", "th"):
            self._close_open(_CELL, _CELL_STOP)
        elif tag == "option":
            self._close_open(_OPTION, _OPTION_STOP)
        elif tag in _HEADINGS and self.stack[-1].tag in _HEADINGS:
            self._close_to(len(self.stack) - 1)
        if len(self.stack) > MAX_DEPTH:
            self._close_to(MAX_DEPTH)
        parent = self.stack[-1]
        el = El(tag, {k.lower(): (v if v is not None else "") for k, v in attrs},
                self._offset(), parent)
        parent.children.append(el)
        if tag not in VOID:
            self._push(el)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self._close_to(len(self.stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag("br", [])
            return
        at = self.open_at.get(tag)
        if at:
            self._close_to(at[-1])

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].append_text(align(data, self._offset(), self.ft, html_ref))


def parse_html(text: str, name: str) -> El:
    b = _TreeBuilder(text)
    try:
        b.feed(text)
        b.close()
    except Exception as e:  # html.parser is lenient; anything it raises is the input's fault
        line = b.getpos()[0]
        raise InputError(f"{name}: malformed HTML near line {line}: {e}") from None
    return b.root


def _skip_for_headline(ex: Extractor):
    def skip(el: El) -> bool:
        return el.tag not in ("header", "hgroup") and ex.dropped(el)
    return skip


def extract(root: El, name: str = "") -> dict:
    """paragraphs, headline pieces, language, title of an HTML tree."""
    ex = Extractor(root)
    html_el = root.find("html")
    lang = None
    if html_el is not None:
        lang = html_el.attrs.get("lang") or html_el.attrs.get("xml:lang") or None
    title_el = root.find("title", skip=lambda e: e.tag in ("svg", "body"))
    title = normalize_ws(_all_text(title_el), "all") if title_el is not None else []

    def not_content(el: El) -> bool:
        return ex.dropped(el)

    content: El | None = None
    articles = list(root.iter("article", skip=not_content))
    paras: list[list[Piece]] | None = None
    if len(articles) == 1:
        content = articles[0]
    elif articles:
        best = -1
        for a in articles:
            got = ex.paragraphs(a)
            n = text_length(got)
            if n > best:
                best, content, paras = n, a, got
    if content is None:
        content = next((e for e in root.iter(skip=not_content)
                        if e.tag == "main" or (e.attrs.get("role") or "").lower() == "main"),
                       None)
    if content is None:
        content = root.find("body") or root
    if paras is None:
        paras = ex.paragraphs(content)

    skip = _skip_for_headline(ex)
    h1 = content.find("h1", skip=skip) if content.tag != "h1" else content
    if h1 is None:
        h1 = root.find("h1", skip=skip)
    headline: list[Piece] = []
    if h1 is not None:
        headline = normalize_ws(_all_text(h1), "all")
    elif title:
        headline = _strip_site_name(title)
    return {"paragraphs": paras, "headline": headline, "lang": lang,
            "title": pieces_text(title) or None}


def _all_text(el: El) -> list[Piece]:
    from ._tree import inline_pieces
    return inline_pieces(el, drop=frozenset({"script", "style", "template"}))


def _strip_site_name(title: list[Piece]) -> list[Piece]:
    """'Xi to visit Moscow | Example News' -> 'Xi to visit Moscow'."""
    t = pieces_text(title)
    k = t.rfind(" | ")
    if k > 0:
        return normalize_ws(slice_pieces(title, 0, k), "all")
    return title


def read_html_string(text: str, name: str) -> dict:
    """Extract from an HTML string; piece offsets are offsets into `text`."""
    return extract(parse_html(text, name), name)
