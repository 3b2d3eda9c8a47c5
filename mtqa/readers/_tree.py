"""A small element tree whose text nodes carry file offsets, and text extraction from it.

Both the HTML reader (html.parser) and the XML readers (expat) build this tree; the
block/inline extraction below is shared, so XHTML inside NewsML-G2 is read exactly like
an HTML page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .. import rx
from ._map import SYN, Piece, normalize_ws, pieces_text


class TextNode:
    __slots__ = ("pieces",)

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces


class El:
    __slots__ = ("tag", "attrs", "children", "parent", "pos", "ns")

    def __init__(self, tag: str, attrs: dict, pos: int, parent: El | None = None,
                 ns: str = "") -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list = []
        self.parent = parent
        self.pos = pos
        self.ns = ns

    def append_text(self, pieces: list[Piece]) -> None:
        if not pieces:
            return
        if self.children and isinstance(self.children[-1], TextNode):
            self.children[-1].pieces.extend(pieces)
        else:
            self.children.append(TextNode(list(pieces)))

    def elements(self) -> Iterator[El]:
        for c in self.children:
            if isinstance(c, El):
                yield c

    def child(self, tag: str) -> El | None:
        return next((c for c in self.elements() if c.tag == tag), None)

    def iter(self, tag: str | None = None, skip: Callable[[El], bool] | None = None
             ) -> Iterator[El]:
        """Descendants (not self) in document order; `skip` prunes a subtree."""
        stack = list(reversed(list(self.elements())))
        while stack:
            el = stack.pop()
            if skip is not None and skip(el):
                continue
            if tag is None or el.tag == tag:
                yield el
            stack.extend(reversed(list(el.elements())))

    def find(self, tag: str, skip=None) -> El | None:
        return next(self.iter(tag, skip), None)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<El {self.tag} {self.attrs!r} @{self.pos}>"


def inline_pieces(el: El, drop: frozenset | set = frozenset(),
                  special: Callable[[El], list[Piece] | None] | None = None) -> list[Piece]:
    """All text under el in order; elements named in `drop` contribute nothing (nor does
    their content); other tags vanish and keep their inner text."""
    out: list[Piece] = []
    stack: list = list(reversed(el.children))
    while stack:
        c = stack.pop()
        if isinstance(c, TextNode):
            out.extend(c.pieces)
        elif c.tag in drop:
            continue
        else:
            if special is not None:
                got = special(c)
                if got is not None:
                    out.extend(got)
                    continue
            stack.extend(reversed(c.children))
    return out


# Elements that start and end a paragraph.
BLOCK = frozenset("""
p h1 h2 h3 h4 h5 h6 li blockquote div section article main header footer aside nav ul ol dl
dt dd pre table thead tbody tfoot tr td th caption figure figcaption address hr center
details summary fieldset form hgroup body html menu dir address legend noscript
hl1 hl2 byline dateline abstract tagline body.head body.content body.end hedline
""".split())

# Page furniture and non-text content: dropped with everything inside.
DROP_TAGS = frozenset("""
script style noscript template nav header footer aside form figcaption iframe svg math
button select textarea option canvas video audio object embed head title dialog input map
frame frameset applet datalist menu
""".split())

_FURNITURE_WORDS = (
    "share", "sharing", "sharebar", "social", "related", "advert", "advertisement",
    "advertising", "ad", "ads", "adslot", "adunit", "promo", "promotion", "promoted",
    "newsletter", "newsletters", "comments", "breadcrumb", "breadcrumbs",
    "cookie", "cookies", "consent", "sponsored", "outbrain", "taboola", "paywall",
    "subscribe", "subscription", "signup", "popup", "modal", "sidebar", "recommended",
    "mostread", "trending", "toolbar", "caption",
)
_FURNITURE_PREFIX = ("advert", "promo", "newsletter", "cookie", "breadcrumb", "social",
                     "share", "related", "sponsor", "comments")
_FURNITURE_SET = frozenset(_FURNITURE_WORDS)
_PART = rx.compile(r"[-_:]+")
_CAMEL = rx.compile(r"(?<=[a-z])(?=[A-Z])")
_FURNITURE_ROLES = frozenset(["navigation", "banner", "contentinfo", "complementary",
                              "search", "dialog", "alertdialog", "menu", "menubar"])
_DISPLAY_NONE = rx.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _furniture_token(tok: str) -> bool:
    low = tok.lower()
    if low.startswith(("ad-", "ads-")) or low.startswith(_FURNITURE_PREFIX):
        return True
    parts = [p.lower() for p in _PART.split(_CAMEL.sub("-", tok)) if p]
    return any(p in _FURNITURE_SET for p in parts)


def furniture_by_attrs(el: El) -> bool:
    """Class, id, role or hiding attributes that mark page furniture."""
    a = el.attrs
    if "hidden" in a or (a.get("aria-hidden") or "").lower() == "true":
        return True
    if (a.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    if _DISPLAY_NONE.search(a.get("style", "") or ""):
        return True
    for key in ("class", "id"):
        v = a.get(key)
        if v and any(_furniture_token(t) for t in v.split()):
            return True
    return False


def _holds_article(el: El) -> bool:
    return any(d.tag in ("article", "main", "h1") for d in el.iter())


class Extractor:
    """Paragraphs of a (X)HTML tree with page furniture dropped."""

    def __init__(self, root: El, drop_tags: frozenset = DROP_TAGS, keep: frozenset = frozenset()):
        self.root = root
        self.drop_tags = drop_tags - keep
        self._cache: dict[int, bool] = {}

    def dropped(self, el: El) -> bool:
        if el.tag in self.drop_tags:
            return True
        if el is self.root or el.tag in ("html", "body", "main", "article"):
            return False
        key = id(el)
        r = self._cache.get(key)
        if r is None:
            r = furniture_by_attrs(el) and not _holds_article(el)
            self._cache[key] = r
        return r

    def paragraphs(self, el: El | None = None) -> list[list[Piece]]:
        paras: list[list[Piece]] = []
        cur: list[Piece] = []
        state = {"br": False}

        def flush() -> None:
            p = normalize_ws(cur, "all")
            if p:
                paras.append(p)
            cur.clear()
            state["br"] = False

        # Iterative walk: broken pages nest unclosed inline tags thousands deep.
        end_block = object()
        stack: list = list(reversed((el if el is not None else self.root).children))
        while stack:
            c = stack.pop()
            if c is end_block:
                flush()
                continue
            if isinstance(c, TextNode):
                cur.extend(c.pieces)
                if pieces_text(c.pieces).strip():
                    state["br"] = False
                continue
            if self.dropped(c):
                if c.tag in BLOCK:
                    flush()
                else:
                    cur.append((" ", -1, 0, SYN))
                continue
            if c.tag == "br":
                if state["br"]:
                    flush()
                else:
                    cur.append((" ", -1, 0, SYN))
                    state["br"] = True
                continue
            if c.tag in BLOCK:
                flush()
                stack.append(end_block)
            stack.extend(reversed(c.children))
        flush()
        return paras


def text_length(paras: list[list[Piece]]) -> int:
    return sum(len(pieces_text(p)) for p in paras)
