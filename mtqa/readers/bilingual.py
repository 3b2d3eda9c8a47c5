"""XLIFF 1.2, XLIFF 2.x and TMX: segments give the alignment; the target side is the text.

Inline markup: paired wrappers (XLIFF <g>, <mrk>, <pc>; TMX <hi>) vanish and keep their
text; native-code elements (<bpt>, <ept>, <ph>, <it>, <ut>; XLIFF 2 <sc>, <ec>, <sm>,
<em>) are dropped with their content, which is markup of the original format (such as
``&lt;b&gt;``), not text; empty placeholders (<x/>, <bx/>, <ex/>) vanish.
"""

from __future__ import annotations

from .. import languages
from ..errors import InputError
from ._map import REP, Builder, Piece, normalize_ws, pieces_text
from ._tree import El, inline_pieces
from .source import Source
from .xmlsafe import parse_xml, root_element

_XLIFF1_CODE = frozenset({"bpt", "ept", "ph", "it", "ut"})
_XLIFF2_CODE = frozenset({"ph", "sc", "ec", "sm", "em", "originalData"})
_TMX_CODE = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _cp(el: El) -> list[Piece] | None:
    """XLIFF 2 <cp hex="0009"/>: a char XML cannot hold literally."""
    if el.tag != "cp":
        return None
    try:
        return [(chr(int(el.attrs.get("hex", ""), 16)), el.pos, 1, REP)]
    except (ValueError, OverflowError):
        return []


def _seg(el: El | None, drop: frozenset, special=None) -> list[Piece]:
    if el is None:
        return []
    return normalize_ws(inline_pieces(el, drop, special), "soft")


def _build(path: str, fmt: str, ft: str, units: list[list[tuple[list[Piece], list[Piece]]]],
           src_lang, tgt_lang, meta) -> Source:
    tb, sb = Builder(), Builder()
    segments, tspans, sspans = [], [], []
    for unit in units:
        tb.start_paragraph()
        sb.start_paragraph()
        for src, tgt in unit:
            tspans.append(tb.add(tgt))
            sspans.append(sb.add(src))
            segments.append((pieces_text(src), pieces_text(tgt)))
    text, tmap = tb.result()
    stext, smap = sb.result()
    if not segments:
        raise InputError(f"{path}: no segments found in the {fmt.upper()} file")
    if not text.strip():
        n = len(segments)
        raise InputError(f"{path}: no target text in the {fmt.upper()} file "
                         f"({n} segment{'s' if n != 1 else ''}, none translated)")
    return Source(path=path, format=fmt, text=text, file_text=ft, text_map=tmap,
                  segments=segments, source_text=stext, source_map=smap,
                  src_lang=src_lang or None, tgt_lang=tgt_lang or None, meta=meta,
                  segment_spans=tspans, source_spans=sspans)


def read_xliff(path: str, ft: str) -> Source:
    root = root_element(parse_xml(ft, path), path)
    if root.tag != "xliff":
        raise InputError(f"{path}: not XLIFF (root element <{root.tag}>)")
    version = root.attrs.get("version", "")
    v2 = version.startswith("2") or root.ns.startswith("urn:oasis:names:tc:xliff:document:2")
    units: list = []
    meta: dict = {"xliff_version": version or ("2" if v2 else "1.2")}
    if v2:
        src_lang, tgt_lang = root.attrs.get("srcLang"), root.attrs.get("trgLang")
        files = [f.attrs.get("original") for f in root.iter("file") if f.attrs.get("original")]
        for unit in root.iter("unit"):
            segs = []
            for seg in unit.elements():
                if seg.tag == "segment":
                    segs.append((_seg(seg.child("source"), _XLIFF2_CODE, _cp),
                                 _seg(seg.child("target"), _XLIFF2_CODE, _cp)))
            if segs:
                units.append(segs)
    else:
        src_lang = tgt_lang = None
        files = []
        for f in root.iter("file"):
            src_lang = src_lang or f.attrs.get("source-language")
            tgt_lang = tgt_lang or f.attrs.get("target-language")
            if f.attrs.get("original"):
                files.append(f.attrs["original"])
            for tu in f.iter("trans-unit"):
                tgt_el = tu.child("target")
                if tgt_el is not None and not tgt_lang:
                    tgt_lang = tgt_el.attrs.get("xml:lang")
                units.append([(_seg(tu.child("source"), _XLIFF1_CODE),
                               _seg(tgt_el, _XLIFF1_CODE))])
    if files:
        meta["files"] = files
    return _build(path, "xliff", ft, units, src_lang, tgt_lang, meta)


def _lang(tuv: El) -> str:
    return tuv.attrs.get("xml:lang") or tuv.attrs.get("lang") or ""


def _pick(tuvs: list[tuple[str, El]], lang: str) -> El | None:
    for lg, el in tuvs:
        if lg.lower() == lang.lower():
            return el
    for lg, el in tuvs:
        if languages.base(lg) == languages.base(lang):
            return el
    return None


def read_tmx(path: str, ft: str) -> Source:
    root = root_element(parse_xml(ft, path), path)
    if root.tag != "tmx":
        raise InputError(f"{path}: not TMX (root element <{root.tag}>)")
    header = root.child("header")
    body = root.child("body")
    if body is None:
        raise InputError(f"{path}: TMX without a <body>")
    tus = []
    langs: list[str] = []
    for tu in body.iter("tu"):
        tuvs = [(_lang(v), v) for v in tu.elements() if v.tag == "tuv"]
        for lg, _ in tuvs:
            if lg and lg.lower() not in (x.lower() for x in langs):
                langs.append(lg)
        tus.append(tuvs)
    src = header.attrs.get("srclang", "") if header is not None else ""
    if not src or src.lower() == "*all*":
        src = langs[0] if langs else ""
    others = [lg for lg in langs if lg.lower() != src.lower()]
    tgt = next((lg for lg in others if languages.base(lg) != languages.base(src)),
               others[0] if others else "")
    units = []
    for tuvs in tus:
        s_el = _pick(tuvs, src) if src else None
        t_el = _pick([(lg, v) for lg, v in tuvs if v is not s_el], tgt) if tgt else None
        units.append([(_seg(s_el.child("seg") if s_el is not None else None, _TMX_CODE),
                       _seg(t_el.child("seg") if t_el is not None else None, _TMX_CODE))])
    meta = {"languages": langs}
    if header is not None:
        for k in ("creationtool", "creationtoolversion", "datatype", "segtype", "o-tmf"):
            if header.attrs.get(k):
                meta[k] = header.attrs[k]
    meta["tmx_version"] = root.attrs.get("version", "")
    return _build(path, "tmx", ft, units, src, tgt, meta)
