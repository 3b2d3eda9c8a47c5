"""Recognise an input's format: by content first, then by extension."""

from __future__ import annotations

import json
import os
import re

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

HTML_TAGS = frozenset("""
html head body title meta link script style article main section div p span h1 h2 h3 h4 h5
h6 header footer nav aside ul ol li a b i em strong br img table figure blockquote noscript
base
""".split())

_SKIP = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_DOCTYPE = re.compile(r"\s*<!DOCTYPE\s+([^\s\[>]+)[^\[>]*(?:\[.*?\]\s*)?>", re.S | re.I)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")

_MD = (
    re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+\S"),
    re.compile(r"(?m)^ {0,3}(?:```|~~~)"),
    re.compile(r"!?\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"\n]*\")?\)"),
    re.compile(r"(?m)^[^\S\n]*\S[^\n]*\n {0,3}={3,}[ \t]*$"),  # linear: no backtracking on long lines
)


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
    if local.lower() in HTML_TAGS:
        return "html"
    return "xml:" + root


def _json_kind(text: str) -> str | None:
    from .jsonfmt import looks_ninjs

    lines = [ln for ln in text.split("\n") if ln.strip()]
    try:
        first = json.loads(lines[0])
    except (json.JSONDecodeError, RecursionError, IndexError):
        first = None
    if isinstance(first, dict):
        if len(lines) > 1:
            return "jsonl"
        if looks_ninjs(first) and not ({"target", "text"} & set(first)):
            return "ninjs"
        if {"target", "text", "source"} & set(first):
            return "jsonl"
        return "ninjs"
    try:
        whole = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if isinstance(whole, (dict, list)):
        return "ninjs"
    return None


def detect_format(name: str, text: str) -> str:
    ext = os.path.splitext(name)[1].lower() if name not in ("-", "<stdin>") else ""
    by_ext = EXTENSIONS.get(ext)
    head = text.lstrip()
    if head.startswith("<"):
        kind = _markup_kind(head)
        if kind and not kind.startswith("xml:"):
            return kind
        if by_ext in _STRUCTURED:
            return by_ext
        if kind and (head.startswith("<?xml") or ext == ".xml"):  # XML we do not read
            from .xmlsafe import refuse_dtd
            refuse_dtd(text, name)
            raise InputError(f"{name}: XML with root element <{kind[4:]}> is not an input "
                             "mtqa reads (XLIFF, TMX, NewsML-G2, XHTML)")
    if head.startswith(("{", "[")):
        kind = _json_kind(text)
        if kind:
            return kind
        if by_ext in ("ninjs", "jsonl"):
            return by_ext
        if head.startswith("{"):
            return "ninjs"  # broken JSON: let the JSON reader say where
    if by_ext in _STRUCTURED:
        return by_ext
    if any(p.search(text) for p in _MD):
        return "markdown"
    return by_ext or "text"
