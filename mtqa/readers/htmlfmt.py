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


class _TreeBuilder(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ft = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.root = El("#document", {}, 0)
        self.stack: list[El] = [self.root]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _close_to(self, idx: int) -> None:
        del self.stack[idx:]

    def _close_open(self, tags: frozenset | set, stop: frozenset | set) -> None:
        for idx in range(len(self.stack) - 1, 0, -1):
            t = self.stack[idx].tag
            if t in tags:
                self._close_to(idx)
                return
            if t in stop:
                return

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _CLOSES_P:
            self._close_open({"p"}, _SCOPE)
        if tag == "li":
            self._close_open({"li"}, {"ul", "ol", "menu"} | _SCOPE)
        elif tag in ("dt", "dd"):
            self._close_open({"dt", "dd"}, {"dl"} | _SCOPE)
        elif tag == "tr":
            self._close_open({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"})
        elif tag in ("td", "th"):
            self._close_open({"td", "th"}, {"tr", "table"})
        elif tag == "option":
            self._close_open({"option"}, {"select", "datalist"})
        elif tag in _HEADINGS and self.stack[-1].tag in _HEADINGS:
            self.stack.pop()
        parent = self.stack[-1]
        el = El(tag, {k.lower(): (v if v is not None else "") for k, v in attrs},
                self._offset(), parent)
        parent.children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag("br", [])
            return
        for idx in range(len(self.stack) - 1, 0, -1):
            if self.stack[idx].tag == tag:
                self._close_to(idx)
                return

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
