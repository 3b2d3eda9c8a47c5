"""Request bodies and parameters -> CheckRequest, for the native API (JSON) and for
LanguageTool's (form fields). Anything malformed is a RequestError: a status and one line.
They run in the check processes (worker.Checker.handle), which know the rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from .. import languages
from ..errors import MtqaError
from ..readers import from_markup, from_text
from ..render import FORMATS
from ..rules import Rule
from .messages import CheckRequest, RequestError

REQUEST_PATH = "request"  # the path a request's text is reported under
MAX_FIELDS = 1000  # form fields in one LanguageTool request


def _parse_json(data: str | bytes, what: str) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise RequestError(400, f"{what} is not UTF-8") from None
    except RecursionError:
        raise RequestError(400, f"{what} is nested too deeply") from None
    except ValueError as e:
        raise RequestError(400, f"{what} is not JSON ({e})") from None


def _text(value: Any, what: str) -> str:
    """A string that is valid Unicode: JSON's \\ud800 escapes can make one that is not."""
    if not isinstance(value, str):
        raise RequestError(400, f"'{what}' must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RequestError(400, f"'{what}' holds an unpaired surrogate (\\ud800-\\udfff): "
                           "not valid Unicode text") from None
    return value


def _lang(code: Any, what: str) -> str:
    """'' for auto; a known language; else a 400 naming the valid codes."""
    if code is None or code == "" or (isinstance(code, str) and code.strip().lower() == "auto"):
        return ""
    try:
        return languages.validate(_text(code, what), what)
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
    joined = _text(",".join(value), what)
    return tuple(x.strip() for x in joined.split(",") if x.strip())


# -- native: POST /api/check ---------------------------------------------------------------

NATIVE_FIELDS = ("text", "source", "lang", "source_lang", "select", "ignore", "format")


def native(body: bytes) -> CheckRequest:
    """{"text", "source"?, "lang"?, "source_lang"?, "select"?, "ignore"?, "format"?}."""
    d = _parse_json(body, "the request body")
    if not isinstance(d, dict):
        raise RequestError(400, "the request body must be a JSON object with a \"text\" field")
    unknown = sorted(set(d) - set(NATIVE_FIELDS))
    if unknown:
        raise RequestError(400, f"unknown field '{unknown[0]}' (fields: {', '.join(NATIVE_FIELDS)})")
    if "text" not in d:
        raise RequestError(400, "'text' is required: the translation to check")
    text = _text(d["text"], "text")
    if not text.strip():
        raise RequestError(400, "'text' is empty: there is nothing to check")
    source = d.get("source")
    if source is not None:
        source = _text(source, "source")
    fmt = d.get("format", "json")
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise RequestError(400, f"'format' must be one of {', '.join(FORMATS)}")
    return CheckRequest(src=from_text(text, REQUEST_PATH), source=source, lang=_lang(d.get("lang"), "lang"),
                        source_lang=_lang(d.get("source_lang"), "source_lang"),
                        select=_ids(d.get("select"), "select"), ignore=_ids(d.get("ignore"), "ignore"),
                        fmt=fmt)


# -- LanguageTool: /v2/check -----------------------------------------------------------------

def form(body: bytes, query: str = "") -> dict[str, str]:
    """Form fields of a urlencoded body (POST) or query string (GET); the last of a repeat."""
    try:
        raw = body.decode("utf-8") if body else query
    except UnicodeDecodeError:
        raise RequestError(400, "the form is not UTF-8") from None
    try:
        return dict(parse_qsl(raw, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS))
    except (ValueError, UnicodeDecodeError) as e:
        raise RequestError(400, f"malformed form data ({e})") from None


def annotated(data: str):
    """LanguageTool's `data`: {"annotation": [{"text": ...} | {"markup": ..., "interpretAs"?}]}.
    The text checked is the text parts with each markup read as its interpretAs; offsets in
    the answer count the markup too, as LanguageTool's do."""
    d = _parse_json(data, "'data'")
    items = d.get("annotation") if isinstance(d, dict) else None
    if not isinstance(items, list):
        raise RequestError(400, "'data' must be an object with an \"annotation\" list")
    parts: list[tuple[str, str | None]] = []
    for k, item in enumerate(items):
        if isinstance(item, dict) and set(item) == {"text"}:
            parts.append((_text(item["text"], f"annotation {k} text"), None))
        elif isinstance(item, dict) and "markup" in item and set(item) <= {"markup", "interpretAs"}:
            parts.append((_text(item["markup"], f"annotation {k} markup"),
                          _text(item.get("interpretAs", ""), f"annotation {k} interpretAs")))
        else:
            raise RequestError(400, f"annotation {k} must be an object with either 'text' or "
                               "'markup' (and an optional 'interpretAs')")
    return from_markup(parts, REQUEST_PATH)


def _truth(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "on")


def languagetool(fields: Mapping[str, str], rules: Sequence[Rule],
                 known: Callable[[str], bool]) -> CheckRequest:
    """A LanguageTool check's fields. Categories are mtqa's (the ids its matches carry,
    'accuracy/omission', or a whole branch, 'accuracy'); rule ids as `mtqa rules` lists them.

    Ids a client disables that mtqa does not have (LanguageTool's own, from a client set
    up for it) are passed over, as LanguageTool passes over unknown ids; an id it enables
    must exist, or the answer would silently check nothing."""
    text, data = fields.get("text"), fields.get("data")
    if text is not None and data is not None:
        raise RequestError(400, "set only 'text' or 'data', not both")
    if text is None and data is None:
        raise RequestError(400, "missing 'text' or 'data' parameter")
    src = from_text(text, REQUEST_PATH) if text is not None else annotated(data or "")
    requested = fields.get("language", "auto").strip() or "auto"
    lang = _lang(requested, "language")
    enabled = _ids(fields.get("enabledRules"), "enabledRules")
    enabled_cats = _categories(fields.get("enabledCategories", ""), rules, strict=True)
    disabled = tuple(i for i in _ids(fields.get("disabledRules"), "disabledRules") if known(i))
    disabled_cats = _categories(fields.get("disabledCategories", ""), rules, strict=False)
    select: tuple[str, ...] = ()
    if _truth(fields.get("enabledOnly", "false")):
        select = (*enabled, *enabled_cats)
        if not select:
            raise RequestError(400, "'enabledOnly' needs 'enabledRules' or 'enabledCategories'")
    source = fields.get("source")
    return CheckRequest(src=src, source=_text(source, "source") if source is not None else None, lang=lang,
                        source_lang=_lang(fields.get("sourceLanguage"), "sourceLanguage"),
                        select=select, ignore=(*disabled, *disabled_cats), fmt="languagetool",
                        requested_lang=requested, known=enabled if not select else ())


def _categories(value: str, rules: Sequence[Rule], strict: bool) -> tuple[str, ...]:
    """Rule ids in the named categories; an unknown category is a 400 when strict, else
    passed over."""
    out: list[str] = []
    for name in _ids(value, "categories"):
        key = name.lower()
        hit = [r.id for r in rules if r.category == key or r.category.startswith(key + "/")]
        if not hit and strict:
            cats = sorted({r.category for r in rules})
            raise RequestError(400, f"unknown category '{name}' (categories: {', '.join(cats)})")
        out.extend(hit)
    return tuple(dict.fromkeys(out))
