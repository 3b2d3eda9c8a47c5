"""Input readers: plain text, Markdown, HTML, IPTC ninjs, NewsML-G2, XLIFF 1.2/2.x, TMX, JSONL.

    from mtqa.readers import read_input
    src = read_input("story.html")
    src.text                       # the article text to check
    src.span_to_file(s, e)         # the same characters in src.file_text

Every problem with an input is one InputError line naming the file (and the line, when
known); nothing here prints or writes, and the input file is only ever read.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..reader import decode, read_bytes, text_codec
from ._map import RunMap
from .detect import EXTENSIONS, FORMATS, detect_format, normalise_format
from .source import Source

__all__ = ["read_input", "detect_format", "Source", "FORMATS", "EXTENSIONS", "RunMap"]

FORMAT_NAMES = {
    "text": "plain text", "markdown": "Markdown", "html": "HTML", "ninjs": "ninjs JSON",
    "newsml": "NewsML-G2", "xliff": "XLIFF", "tmx": "TMX", "jsonl": "JSONL",
}

_XML_DECL_ENC = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.I)


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    if encoding:
        return decode(data, name, encoding)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if text.lstrip().startswith(("<", "{")):  # XML/HTML/JSON exported as UTF-16
            if not text.strip():
                raise InputError(f"{name}: empty file (no text to check)")
            return text
    m = _XML_DECL_ENC.match(data.lstrip(codecs.BOM_UTF8))
    if m:
        enc = text_codec(m.group(1).decode("ascii"))
        if enc and enc not in ("utf-8", "utf-16", "utf-32"):
            return decode(data, name, enc)
    try:
        return decode(data, name)
    except InputError:
        m = _META_CHARSET.search(data[:4096])
        enc = text_codec(m.group(1).decode("ascii")) if m else None
        if enc and enc != "utf-8":
            return decode(data, name, enc)
        raise


def _reader(fmt: str):
    """The reading function of a format; each format's module is imported only when read."""
    if fmt in ("ninjs", "jsonl"):
        from . import jsonfmt
        return jsonfmt.read_ninjs if fmt == "ninjs" else jsonfmt.read_jsonl
    if fmt == "newsml":
        from . import newsml
        return newsml.read_newsml
    if fmt in ("xliff", "tmx"):
        from . import bilingual
        return bilingual.read_xliff if fmt == "xliff" else bilingual.read_tmx
    return {"text": _read_text, "markdown": _read_markdown, "html": _read_html}[fmt]


def _read_text(path: str, ft: str) -> Source:
    return from_text(ft, path)


def _read_markdown(path: str, ft: str) -> Source:
    from . import markdown
    text, m, htext, hspan = markdown.read(ft)
    return Source(path=path, format="markdown", text=text, file_text=ft, text_map=m,
                  headline=htext, headline_span=hspan)


def _read_html(path: str, ft: str) -> Source:
    from ._map import assemble_article
    from .htmlfmt import read_html_string
    got = read_html_string(ft, path)
    text, m, htext, hspan = assemble_article(got["headline"], got["paragraphs"])
    meta = {"title": got["title"]} if got["title"] else {}
    return Source(path=path, format="html", text=text, file_text=ft, text_map=m,
                  tgt_lang=got["lang"], headline=htext, headline_span=hspan, meta=meta)


def read_input(path: str, data: bytes | None = None, fmt: str | None = None,
               encoding: str | None = None) -> Source:
    """Read one input. data=None reads the file (path '-' = stdin); fmt=None recognises the
    format by content, then extension. Raises InputError with one clear line."""
    name = "<stdin>" if path == "-" else path
    if fmt:
        fmt = normalise_format(fmt)
    if data is None:
        data = read_bytes(path)
    ft = _decode(data, name, encoding)
    if not fmt:
        fmt = detect_format(name, ft)
    if fmt in ("xliff", "tmx", "newsml") or (fmt == "html" and "<!ENTITY" in ft):
        from .xmlsafe import refuse_dtd
        refuse_dtd(ft, name)
    try:
        src = _reader(fmt)(name, ft)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{name}: {FORMAT_NAMES[fmt]} input nested too deeply") from None
    except Exception as e:  # a reader bug must still not become a traceback for the user
        raise InputError(f"{name}: cannot read as {FORMAT_NAMES[fmt]}: "
                         f"{type(e).__name__}: {e}") from e
    if not src.text.strip():
        raise InputError(f"{name}: no article text found in the {FORMAT_NAMES[fmt]} input")
    return src


def from_text(text: str, path: str = "-") -> Source:
    """A text given as a string (an HTTP request's): checked exactly as it is."""
    return Source(path=path, format="text", text=text, file_text=text)


def from_markup(parts: list[tuple[str, str | None]], path: str = "-") -> Source:
    """Text interleaved with markup, as editors send it: (text, None) parts are checked as
    they are; (markup, shown) parts are read as `shown` ('' to skip them, '\\n\\n' for a
    paragraph break). Offsets map back into the whole string, markup included."""
    from ._map import LIT, REP, to_local

    pieces, pos = [], 0
    for raw, shown in parts:
        if shown is None:
            pieces.append((raw, pos, len(raw), LIT))
        elif shown:
            pieces.append((shown, pos, len(raw), REP))
        pos += len(raw)
    text, text_map = to_local([p for p in pieces if p[0]])
    return Source(path=path, format="markup", text=text, file_text="".join(r for r, _ in parts),
                  text_map=text_map)
