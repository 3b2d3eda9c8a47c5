"""Request bodies and parameters -> CheckRequest, for the native API (JSON) and for
LanguageTool's (form fields). Anything malformed is a RequestError: a status and one line.
They run in the check processes (worker.Checker.handle), which know the rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from .. import languages
from ..errors import MtqaError
from ..readers._map import LIT, REP, to_local
from ..readers.source import Source
from ..render import FORMATS
from ..rules import Rule
from .messages import CheckRequest, RequestError

REQUEST_PATH = "request"  # the path a request's text is reported under


def text_source(text: str, path: str = REQUEST_PATH) -> Source:
    """The text exactly as sent: offsets in the answer point into it."""
    return Source(path=path, format="text", text=text, file_text=text)


def _lang(code: Any, what: str) -> str:
    """'' for auto; a known language; else a 400 naming the valid codes."""
    if code is None or code == "" or (isinstance(code, str) and code.strip().lower() == "auto"):
        return ""
    if not isinstance(code, str):
        raise RequestError(400, f"'{what}' must be a string")
    try:
        return languages.validate(code, what)
    except MtqaError as e:
        raise RequestError(400, str(e)) from None


def _ids(value: Any, what: str) -> tuple[str, ...]:
    """A list of ids, or one comma-separated string of them."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RequestError(400, f"'{what}' must be a list of rule ids or a comma-separated string")
    return tuple(x.strip() for v in value for x in v.split(",") if x.strip())


# -- native: POST /api/check ---------------------------------------------------------------

NATIVE_FIELDS = ("text", "source", "lang", "source_lang", "select", "ignore", "format")


def native(body: bytes) -> CheckRequest:
    """{"text", "source"?, "lang"?, "source_lang"?, "select"?, "ignore"?, "format"?}."""
    try:
        d = json.loads(body)
    except UnicodeDecodeError:
        raise RequestError(400, "the request body is not UTF-8") from None
    except ValueError as e:
        raise RequestError(400, f"the request body is not JSON ({e})") from None
    if not isinstance(d, dict):
        raise RequestError(400, "the request body must be a JSON object with a \"text\" field")
    unknown = sorted(set(d) - set(NATIVE_FIELDS))
    if unknown:
        raise RequestError(400, f"unknown field '{unknown[0]}' (fields: {', '.join(NATIVE_FIELDS)})")
    text = d.get("text")
    if not isinstance(text, str):
        raise RequestError(400, "'text' is required and must be a string")
    if not text.strip():
        raise RequestError(400, "'text' is empty: there is nothing to check")
    source = d.get("source")
    if source is not None and not isinstance(source, str):
        raise RequestError(400, "'source' must be a string (the original the text was translated from)")
    fmt = d.get("format", "json")
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise RequestError(400, f"'format' must be one of {', '.join(FORMATS)}")
    return CheckRequest(src=text_source(text), source=source, lang=_lang(d.get("lang"), "lang"),
                        source_lang=_lang(d.get("source_lang"), "source_lang"),
                        select=_ids(d.get("select"), "select"), ignore=_ids(d.get("ignore"), "ignore"),
                        fmt=fmt)


# -- LanguageTool: /v2/check -----------------------------------------------------------------

def form(body: bytes, query: str = "") -> dict[str, str]:
    """Form fields of a urlencoded body (POST) or query string (GET); the last of a repeat."""
    try:
        raw = body.decode("utf-8") if body else query
    except UnicodeDecodeError:
        raise RequestError(400, "Error: the form is not UTF-8") from None
    try:
        return dict(parse_qsl(raw, keep_blank_values=True, strict_parsing=False,
                              errors="strict", max_num_fields=1000))
    except (ValueError, UnicodeDecodeError) as e:
        raise RequestError(400, f"Error: malformed form data ({e})") from None


def annotated(data: str) -> Source:
    """LanguageTool's `data`: {"annotation": [{"text": ...} | {"markup": ..., "interpretAs"?}]}.
    The text checked is the text parts with each markup read as its interpretAs; offsets in
    the answer count the markup too, as LanguageTool's do."""
    try:
        d = json.loads(data)
    except ValueError as e:
        raise RequestError(400, f"Error: 'data' is not JSON ({e})") from None
    items = d.get("annotation") if isinstance(d, dict) else None
    if not isinstance(items, list):
        raise RequestError(400, "Error: 'data' must be an object with an \"annotation\" list")
    pieces, parts, pos = [], [], 0
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            raise RequestError(400, f"Error: annotation {k} is not an object")
        if "text" in item and isinstance(item["text"], str) and set(item) <= {"text"}:
            t = item["text"]
            pieces.append((t, pos, len(t), LIT))
        elif isinstance(item.get("markup"), str) and set(item) <= {"markup", "interpretAs"}:
            t = item["markup"]
            shown = item.get("interpretAs", "")
            if not isinstance(shown, str):
                raise RequestError(400, f"Error: annotation {k}: 'interpretAs' must be a string")
            if shown:
                pieces.append((shown, pos, len(t), REP))
        else:
            raise RequestError(400, f"Error: annotation {k} must have either 'text' or 'markup' "
                               "(with an optional 'interpretAs'), as strings")
        parts.append(t)
        pos += len(t)
    text, text_map = to_local([p for p in pieces if p[0]])
    return Source(path=REQUEST_PATH, format="annotated", text=text, file_text="".join(parts),
                  text_map=text_map)


def _truth(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "on")


def languagetool(fields: Mapping[str, str], rules: Sequence[Rule]) -> CheckRequest:
    """A LanguageTool check's fields. Categories are mtqa's (the ids its matches carry,
    'accuracy/omission', or a whole branch, 'accuracy'); rule ids as `mtqa rules` lists them."""
    text, data = fields.get("text"), fields.get("data")
    if text is not None and data is not None:
        raise RequestError(400, "Error: set only 'text' or 'data', not both")
    if text is None and data is None:
        raise RequestError(400, "Error: missing 'text' or 'data' parameter")
    src = text_source(text) if text is not None else annotated(data or "")
    requested = fields.get("language", "auto").strip() or "auto"
    lang = _lang(requested, "language")
    enabled = _ids(fields.get("enabledRules"), "enabledRules")
    disabled = _ids(fields.get("disabledRules"), "disabledRules")
    enabled_cats = _categories(fields.get("enabledCategories", ""), rules)
    disabled_cats = _categories(fields.get("disabledCategories", ""), rules)
    select: tuple[str, ...] = ()
    if _truth(fields.get("enabledOnly", "false")):
        select = (*enabled, *enabled_cats)
        if not select:
            raise RequestError(400, "Error: 'enabledOnly' needs 'enabledRules' or 'enabledCategories'")
    ignore = (*disabled, *disabled_cats)
    extra = enabled if not select else ()  # already on: only checked to be known ids
    source = fields.get("source")
    return CheckRequest(src=src, source=source, lang=lang,
                        source_lang=_lang(fields.get("sourceLanguage"), "sourceLanguage"),
                        select=select, ignore=ignore, fmt="languagetool", requested_lang=requested,
                        known=extra)


def _categories(value: str, rules: Sequence[Rule]) -> tuple[str, ...]:
    """Rule ids in the named categories; an unknown category is a 400."""
    out: list[str] = []
    cats = {r.category for r in rules}
    for name in _ids(value, "categories"):
        key = name.lower()
        hit = [r.id for r in rules if r.category == key or r.category.startswith(key + "/")]
        if not hit:
            raise RequestError(400, f"Error: unknown category '{name}' (categories: {', '.join(sorted(cats))})")
        out.extend(hit)
    return tuple(dict.fromkeys(out))
