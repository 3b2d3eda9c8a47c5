"""Recognise an input's format: by extension first; by a bounded prefix of its content
when the extension says nothing."""

from __future__ import annotations

import json
import os
import re

from .. import rx
from ..errors import InputError

FORMATS = ("text", "markdown", "html", "ninjs", "newsml", "xliff", "tmx", "jsonl")

ALIASES = {
    "txt": "text", "plain": "text", "md": "markdown", "htm": "html", "xhtml": "html",
    "json": "ninjs", "newsml-g2": "newsml", "newsmlg2": "newsml", "nml": "newsml",
    "xlf": "xliff", "xliff2": "xliff", "ndjson": "jsonl",
}

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "ninjs", ".ninjs": "ninjs",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".mxliff": "xliff",
    ".tmx": "tmx",
    ".nml": "newsml", ".newsml": "newsml",
}

_STRUCTURED = {"html", "ninjs", "jsonl", "xliff", "tmx", "newsml"}
_XML_KINDS = {"xliff", "tmx", "newsml"}  # roots that name their format unambiguously
_FAMILY = {"ninjs": "json", "jsonl": "json", "html": "markup", "xliff": "markup",
           "tmx": "markup", "newsml": "markup"}

# Only this much of the start of an input is ever looked at to recognise it: recognition
# costs the same for a 1 KB story and a 50 MB one, whatever the content.
SNIFF_CHARS = 65536

HTML_TAGS = frozenset("""
html head body title meta link script style article main section div p span h1 h2 h3 h4 h5
h6 header footer nav aside ul ol li a b i em strong br img table figure blockquote noscript
base
""".split())
# A text that merely opens with one of these (<b>Breaking</b> ...) is not surely a page.
_INLINE_TAGS = frozenset("span a b i em strong br img".split())

_SKIP = rx.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
# Possessive: with no '>' the name and the rest would otherwise be split every way (quadratic).
_DOCTYPE = rx.compile(r"\s*<!DOCTYPE\s+([^\s\[>]++)[^\[>]*+(?:\[.*?\]\s*)?>", re.S | re.I)
_ROOT = rx.compile(r"\s*<([A-Za-z_][\w.:-]*)")
_ANY_TAG = rx.compile(r"<[A-Za-z!?/]")
_JSON_START = rx.compile(r'\{\s*["}]|\[\s*[\[{\]]')

# Markdown signatures. Each is linear in its input: no unbounded run is followed by
# something that can fail and make it backtrack over a long line.
_MD = (
    rx.compile(r"(?m)^ {0,3}#{1,6}[ \t]+\S"),  # ATX heading
    rx.compile(r"(?m)^ {0,3}(?:```|~~~)"),  # code fence
    # [text](url): the text stops at the next bracket, so each '[' is scanned once
    rx.compile(r'!?\[[^\[\]\n]{1,300}\]\([^()\s]{1,500}(?:[ \t]+"[^"\n]{0,300}")?\)'),
)
_SETEXT = rx.compile(r"(?m)^ {0,3}={3,}[ \t]*$")  # underline; the line above is checked apart


def normalise_format(fmt: str) -> str:
    f = fmt.strip().lower()
    f = ALIASES.get(f, f)
    if f not in FORMATS:
        raise InputError(f"unknown input format '{fmt}'; choose from {', '.join(FORMATS)}")
    return f


def markup_root(text: str) -> tuple[str | None, bool]:
    """(root element name, has an HTML doctype) of markup text, skipping the prolog."""
    pos = 0
    html_doctype = False
    for _ in range(1000):
        m = _SKIP.match(text, pos)
        if m:
            pos = m.end()
            continue
        m = _DOCTYPE.match(text, pos)
        if m:
            html_doctype = html_doctype or m.group(1).lower() == "html"
            pos = m.end()
            continue
        break
    m = _ROOT.match(text, pos)
    return (m.group(1) if m else None), html_doctype


def _markup_kind(text: str) -> str | None:
    root, html_doctype = markup_root(text)
    if html_doctype:
        return "html"
    if root is None:
        return None
    local = root.rsplit(":", 1)[-1]
    if local == "xliff":
        return "xliff"
    if local == "tmx":
        return "tmx"
    if local in ("newsMessage", "newsItem"):
        return "newsml"
    if local.lower() in HTML_TAGS - _INLINE_TAGS:
        return "html"
    return "xml:" + root


def _json_kind(head: str) -> str:
    """jsonl or ninjs for a prefix that opens like JSON: JSONL when its first line is a whole
    object and another object line follows (or the one object is a record, not a story)."""
    from .jsonfmt import EOL, looks_ninjs

    eol = EOL.search(head)
    rest = head[eol.end():] if eol else ""
    line = head[:eol.start()] if eol else head
    try:
        first = json.loads(line)
    except (json.JSONDecodeError, RecursionError):  # multi-line, cut off, or broken JSON
        return "ninjs"
    except ValueError:  # whole, but holds a number past the digit limit: the reader says so
        first = {} if line.startswith("{") else None
    if not isinstance(first, dict):
        return "ninjs"
    if rest.strip():
        return "jsonl" if rest.lstrip().startswith("{") else "ninjs"
    if {"target", "text", "source"} & set(first) and not looks_ninjs(first):
        return "jsonl"
    return "ninjs"


def _markdown(head: str) -> bool:
    if any(p.search(head) for p in _MD):
        return True
    for m in _SETEXT.finditer(head):  # a setext heading: underline below a line of text
        end = m.start() - 1  # the newline ending the line above
        if end > 0 and head[head.rfind("\n", 0, end) + 1:end].strip():
            return True
    return False


def sniff(head: str) -> str | None:
    """The format an input's first SNIFF_CHARS (leading whitespace removed) unambiguously
    have: a structured format, 'xml:ROOT' for other XML, 'markdown', or None."""
    if head.startswith("<"):
        return _markup_kind(head)
    if _JSON_START.match(head):
        return _json_kind(head)
    return "markdown" if _markdown(head) else None


def detect_format(name: str, text: str) -> str:
    """By extension first: .txt is text and .md Markdown, whatever they hold. Content
    decides only when the extension says nothing (none, unknown, stdin), or when a
    structured format's extension is on content its reader could not read (a .json that
    is JSONL, an .html that is no markup at all)."""
    ext = os.path.splitext(name)[1].lower() if name not in ("-", "<stdin>") else ""
    by_ext = EXTENSIONS.get(ext)
    if by_ext in ("text", "markdown"):
        return by_ext
    head = text[:SNIFF_CHARS].lstrip()
    kind = sniff(head)
    if by_ext is not None:
        if kind in _STRUCTURED and (_FAMILY[kind] != _FAMILY[by_ext] or kind in _XML_KINDS
                                    or (by_ext, kind) == ("ninjs", "jsonl")):
            return kind  # the extension's reader would only fail on it
        if by_ext == "html" and not _ANY_TAG.search(head):
            return "text"  # not markup: read as text rather than run into one paragraph
        return by_ext
    if kind and kind.startswith("xml:"):
        if head.startswith("<?xml") or ext == ".xml":  # XML we do not read
            from .xmlsafe import refuse_dtd
            refuse_dtd(text, name)
            raise InputError(f"{name}: XML with root element <{kind[4:]}> is not an input "
                             "mtqa reads (XLIFF, TMX, NewsML-G2, XHTML)")
        return "text"
    return kind or "text"
