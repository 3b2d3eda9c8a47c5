"""IPTC NewsML-G2: a newsItem (alone or in a newsMessage) with inline XHTML/NITF or text."""

from __future__ import annotations

from ..errors import InputError
from ._map import Piece, assemble_article, compose, normalize_ws, plain_paragraphs, to_local
from ._tree import El, Extractor, inline_pieces
from .htmlfmt import read_html_string
from .source import Source
from .xmlsafe import parse_xml, root_element


def _text(el: El | None) -> list[Piece]:
    if el is None:
        return []
    return normalize_ws(inline_pieces(el), "all")


def _headline_el(cm: El | None) -> El | None:
    if cm is None:
        return None
    hls = [h for h in cm.elements() if h.tag == "headline"]
    if not hls:
        return None
    for h in hls:
        role = h.attrs.get("role", "")
        if not role or role.endswith(("main", "hl1", "headline")):
            return h
    return hls[0]


def _content(cs: El, path: str) -> tuple[list[list[Piece]], list[Piece], str | None]:
    """Paragraphs, fallback headline, language of the first usable inline content."""
    for c in cs.elements():
        ct = (c.attrs.get("contenttype") or "").lower()
        lang = c.attrs.get("xml:lang")
        if c.tag == "inlineXML":
            body = c.find("body.content") or c.find("body") or c
            paras = Extractor(c).paragraphs(body)
            hl = _text(c.find("hl1")) or _text(c.find("h1"))
            html = c.find("html")
            if html is not None:
                lang = lang or html.attrs.get("xml:lang") or html.attrs.get("lang")
            if paras:
                return paras, hl, lang
        elif c.tag == "inlineData":
            s, m = to_local(inline_pieces(c))
            if "html" in ct or "xml" in ct:
                got = read_html_string(s, path)
                paras = [compose(p, m) for p in got["paragraphs"]]
                hl = compose(got["headline"], m)
            else:
                paras = [compose(p, m) for p in plain_paragraphs(s)]
                hl = []
            if paras:
                return paras, hl, lang
    return [], [], None


def read_newsml(path: str, ft: str) -> Source:
    root = root_element(parse_xml(ft, path), path)
    if root.tag == "newsItem":
        items = [root]
    elif root.tag == "newsMessage":
        items = list(root.iter("newsItem"))
        if not items:
            raise InputError(f"{path}: NewsML-G2 newsMessage without a newsItem")
    else:
        raise InputError(f"{path}: not NewsML-G2 (root element <{root.tag}>)")
    chosen = None
    paras: list[list[Piece]] = []
    fallback_hl: list[Piece] = []
    lang = None
    for item in items:
        cs = item.child("contentSet")
        if cs is None:
            continue
        paras, fallback_hl, lang = _content(cs, path)
        if paras:
            chosen = item
            break
    if chosen is None:
        raise InputError(f"{path}: NewsML-G2 item has no inline text "
                         "(no inlineXML or inlineData in its contentSet)")
    item = chosen
    cm = item.child("contentMeta")
    im = item.child("itemMeta")
    headline = _text(_headline_el(cm)) or fallback_hl
    lang_el = cm.child("language") if cm is not None else None
    if lang_el is not None:
        lang = lang or lang_el.attrs.get("tag")
    lang = item.attrs.get("xml:lang") or lang or root.attrs.get("xml:lang")
    text, m, htext, hspan = assemble_article(headline, paras)
    meta: dict = {"items": len(items)}
    for k in ("guid", "version", "standard", "standardversion"):
        if item.attrs.get(k):
            meta[k] = item.attrs[k]
    for parent, tags in ((im, ("versionCreated", "firstCreated")),
                         (cm, ("slugline", "dateline", "by", "contentCreated"))):
        if parent is None:
            continue
        for t in tags:
            v = "".join(p[0] for p in _text(parent.child(t)))
            if v:
                meta[t] = v
    class_el = im.child("itemClass") if im is not None else None
    if class_el is not None:
        meta["itemClass"] = class_el.attrs.get("qcode")
    return Source(path=path, format="newsml", text=text, file_text=ft, text_map=m,
                  tgt_lang=lang or None, headline=htext, headline_span=hspan, meta=meta)
