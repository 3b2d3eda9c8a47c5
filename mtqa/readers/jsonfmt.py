"""JSON inputs: IPTC ninjs (1.x, 2.x, 3.x) and JSONL records.

The json module validates and gives the values; a small scanner finds where each string
literal sits in the file, so offsets in the extracted text map into the JSON text
(``\\n``, ``\\u00e9``, ``\\"`` escapes map to the escape's backslash).
"""

from __future__ import annotations

import json
import re
import sys
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed

from .. import rx
from ..errors import InputError
from ._map import (
    LIT,
    REP,
    Builder,
    Piece,
    RunMap,
    assemble_article,
    compose,
    normalize_ws,
    pieces_text,
    plain_paragraphs,
    to_local,
)
from .htmlfmt import read_html_string
from .source import Source

_WS = rx.compile(r"[ \t\n\r]*")
EOL = rx.compile(r"\r\n?|\n")  # JSONL lines end in LF, CRLF or (old Mac exports) a lone CR
_NUM = rx.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN|-?Infinity")
_SPECIAL = rx.compile(r'["\\]')
_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# A "\ud800" escape with no partner decodes to a lone surrogate, which no output can encode:
# it becomes U+FFFD, one code point for one, so offsets stay as they are.
_LONE_SURROGATE = rx.compile("[\ud800-\udfff]")


def no_surrogates(s: str) -> str:
    """s with each lone surrogate (from a JSON escape) replaced by U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", s) if _LONE_SURROGATE.search(s) else s


class JStr(str):
    """A JSON string value that remembers where its literal starts (the quote)."""

    pos: int


def big_number_error(path: str, ft: str) -> InputError:
    """The error for JSON that json refuses for a number too long to convert, at its place."""
    limit = sys.get_int_max_str_digits()
    m = re.search(rf"\d{{{limit + 1},}}", ft)
    where = ""
    if m:
        line = ft.count("\n", 0, m.start()) + 1
        col = m.start() - ft.rfind("\n", 0, m.start())
        where = f" (line {line}, column {col})"
    return InputError(f"{path}: not valid JSON: a number of more than {limit} digits{where}")


def _jerr(path: str, e: json.JSONDecodeError, line_base: int = 0, what: str = "JSON") -> InputError:
    return InputError(f"{path}: not valid {what}: {e.msg} "
                      f"(line {e.lineno + line_base}, column {e.colno})")


def _ws_end(s: str, i: int) -> int:
    """Where the run of JSON whitespace at s[i] ends (_WS also matches the empty string)."""
    m = _WS.match(s, i)
    assert m is not None
    return m.end()


def scan(s: str, i: int = 0):
    """Parse already-validated JSON at s[i]; strings become JStr. Returns (value, end)."""
    i = _ws_end(s, i)
    c = s[i]
    if c == '"':
        v, end = scanstring(s, i + 1, True)
        js = JStr(no_surrogates(v))
        js.pos = i
        return js, end
    if c == "{":
        out: dict[str, object] = {}
        i = _ws_end(s, i + 1)
        if s[i] == "}":
            return out, i + 1
        while True:
            i = _ws_end(s, i)
            key, i = scanstring(s, i + 1, True)
            i = _ws_end(s, i) + 1  # ':'
            val, i = scan(s, i)
            out[key] = val
            i = _ws_end(s, i)
            if s[i] == "}":
                return out, i + 1
            i += 1  # ','
    if c == "[":
        arr: list[object] = []
        i = _ws_end(s, i + 1)
        if s[i] == "]":
            return arr, i + 1
        while True:
            val, i = scan(s, i)
            arr.append(val)
            i = _ws_end(s, i)
            if s[i] == "]":
                return arr, i + 1
            i = _ws_end(s, i + 1)
    for lit, val in (("true", True), ("false", False), ("null", None)):
        if s.startswith(lit, i):
            return val, i + len(lit)
    m = _NUM.match(s, i)
    assert m is not None  # s is valid JSON: what is not a string, object, array or literal is a number
    return json.loads(m.group()), m.end()


def string_pieces(s: str, q: int) -> list[Piece]:
    """Pieces (file offsets) of the JSON string literal whose opening quote is s[q]."""
    out: list[Piece] = []
    j = q + 1
    while True:
        m = _SPECIAL.search(s, j)
        assert m is not None  # a JSON string literal ends with a quote
        k = m.start()
        if k > j:
            out.append((s[j:k], j, k - j, LIT))
        if s[k] == '"':
            return out
        e = s[k + 1]
        if e == "u":
            cp = int(s[k + 2:k + 6], 16)
            w = 6
            if 0xD800 <= cp < 0xDC00 and s.startswith("\\u", k + 6):
                lo = int(s[k + 8:k + 12], 16)
                if 0xDC00 <= lo < 0xE000:
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                    w = 12
            out.append((no_surrogates(chr(cp)), k, w, REP))
        else:
            out.append((_ESC[e], k, 2, REP))
            w = 2
        j = k + w


def _string_map(ft: str, v) -> tuple[str, RunMap]:
    """The string value and the map from it to the file."""
    if isinstance(v, JStr):
        pieces = string_pieces(ft, v.pos)
        text, m = to_local(pieces)
        if text == v:
            return text, m
    return str(v), RunMap()  # not found in the file: unmapped


def _plain(ft: str, v) -> list[list[Piece]]:
    s, m = _string_map(ft, v)
    return [compose(p, m) for p in plain_paragraphs(s)]


def _html(ft: str, v, path: str) -> tuple[list[list[Piece]], list[Piece]]:
    s, m = _string_map(ft, v)
    got = read_html_string(s, path)
    return [compose(p, m) for p in got["paragraphs"]], compose(got["headline"], m)


def _inline(ft: str, v) -> list[Piece]:
    paras = _plain(ft, v)
    out: list[Piece] = []
    for p in paras:
        if out:
            out.append((" ", -1, 0, 2))
        out.extend(p)
    return normalize_ws(out, "soft")


def _is_html(contenttype) -> bool:
    return isinstance(contenttype, str) and ("html" in contenttype or "xml" in contenttype)


def _pick_role(items, prefer=("main", "body", "text", "")) -> dict | None:
    items = [x for x in items if isinstance(x, dict) and isinstance(x.get("value"), str)]
    if not items:
        return None
    for role in prefer:
        for x in items:
            if (x.get("role") or "") == role:
                return x
    return items[0]


def looks_ninjs(d) -> bool:
    if not isinstance(d, dict):
        return False
    schema = d.get("$schema")
    if isinstance(schema, str) and "ninjs" in schema:
        return True
    std = d.get("standard")
    if isinstance(std, dict) and std.get("name") == "ninjs":
        return True
    keys = set(d)
    body = {"body_text", "body_html", "body_xml", "bodies", "headline", "headlines",
            "description_text", "descriptions"}
    return bool(keys & body)


def read_ninjs(path: str, ft: str) -> Source:
    try:
        json.loads(ft)
    except json.JSONDecodeError as e:
        raise _jerr(path, e) from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None
    except ValueError:  # an integer past Python's digit limit (sys.get_int_max_str_digits)
        raise big_number_error(path, ft) from None
    item, _ = scan(ft)
    if isinstance(item, list) and len(item) >= 1 and isinstance(item[0], dict):
        item = item[0]
    if not isinstance(item, dict):
        raise InputError(f"{path}: not a ninjs item (the JSON is a {type(item).__name__}, "
                         "not an object)")
    if not looks_ninjs(item):
        raise InputError(f"{path}: not a ninjs item (no headline or body_text/body_html/"
                         "bodies field)")

    headline: list[Piece] = []
    h = item.get("headline")
    if isinstance(h, str) and h.strip():
        headline = _inline(ft, h)
    elif isinstance(item.get("headlines"), list):
        x = _pick_role(item["headlines"])
        if x is not None:
            if _is_html(x.get("contenttype")):
                headline = normalize_ws(_flat(_html(ft, x["value"], path)[0]), "all")
            else:
                headline = _inline(ft, x["value"])

    paras: list[list[Piece]] = []
    used = None
    if isinstance(item.get("body_text"), str) and item["body_text"].strip():
        paras, used = _plain(ft, item["body_text"]), "body_text"
    else:
        for key in ("body_html", "body_xml"):
            if isinstance(item.get(key), str) and item[key].strip():
                paras, used = _html(ft, item[key], path)[0], key
                break
    if not paras and isinstance(item.get("bodies"), list):
        x = _pick_role(item["bodies"])
        if x is not None:
            paras = (_html(ft, x["value"], path)[0] if _is_html(x.get("contenttype"))
                     else _plain(ft, x["value"]))
            used = "bodies"
    if not paras:
        for key in ("description_text", "description_html"):
            if isinstance(item.get(key), str) and item[key].strip():
                paras = (_html(ft, item[key], path)[0] if key.endswith("html")
                         else _plain(ft, item[key]))
                used = key
                break
    if not paras and isinstance(item.get("descriptions"), list):
        x = _pick_role(item["descriptions"], ("text", "summary", "main", ""))
        if x is not None:
            paras = (_html(ft, x["value"], path)[0] if _is_html(x.get("contenttype"))
                     else _plain(ft, x["value"]))
            used = "descriptions"

    text, m, htext, hspan = assemble_article(headline, paras)
    meta: dict[str, str | int | float | None] = {"body_field": used}
    for k in ("uri", "guid", "type", "version", "versioncreated", "firstcreated", "urgency",
              "byline", "by", "slugline", "located", "copyrightholder", "pubstatus"):
        v = item.get(k)
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            meta[k] = str(v) if isinstance(v, str) else v
    if isinstance(item.get("$schema"), str):
        meta["schema"] = str(item["$schema"])
    lang = item.get("language")
    return Source(path=path, format="ninjs", text=text, file_text=ft, text_map=m,
                  tgt_lang=str(lang) if isinstance(lang, str) and lang else None,
                  headline=htext, headline_span=hspan, meta=meta)


def _flat(paras: list[list[Piece]]) -> list[Piece]:
    out: list[Piece] = []
    for p in paras:
        if out:
            out.append((" ", -1, 0, 2))
        out.extend(p)
    return out


_RECORD_TEXT = ("target", "text")


def record_text(rec: dict) -> str | None:
    """A JSONL record's text as the reader took it: its "target", else its "text" (the first
    of the two the record has, even when null), or None when that is no string."""
    key = next((k for k in _RECORD_TEXT if k in rec), None)
    value = rec.get(key) if key else None
    return value if isinstance(value, str) else None


def _jsonl_record(path: str, lineno: int, line: str) -> tuple[dict, str]:
    """One JSONL line as a record and its text field; InputError names the line."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: line {lineno}: not valid JSON: {e.msg} "
                         f"(column {e.colno})") from None
    except RecursionError:
        raise InputError(f"{path}: line {lineno}: JSON nested too deeply") from None
    except ValueError:  # an integer past Python's digit limit (sys.get_int_max_str_digits)
        raise InputError(f"{path}: line {lineno}: not valid JSON: a number of more than "
                         f"{sys.get_int_max_str_digits()} digits") from None
    if not isinstance(rec, dict):
        raise InputError(f"{path}: line {lineno}: expected a JSON object, got "
                         f"{_jtype(rec)}")
    key = next((k for k in _RECORD_TEXT if k in rec), None)
    if key is None:
        raise InputError(f"{path}: line {lineno}: record has no \"target\" or "
                         "\"text\" field")
    for k in ("source", "target", "text", "reference", "src_lang", "tgt_lang"):
        if k in rec and rec[k] is not None and not isinstance(rec[k], str):
            raise InputError(f"{path}: line {lineno}: \"{k}\" must be a string, "
                             f"not {_jtype(rec[k])}")
    return rec, key


def read_jsonl(path: str, ft: str) -> Source:
    records: list[dict] = []
    errors: list[tuple[int, str]] = []  # a broken line is skipped and reported, not fatal
    tb, sb = Builder(), Builder()
    tspans, sspans, segments = [], [], []
    pos = 0
    lineno = 0
    all_bilingual = True
    langs: dict[str, set] = {"src_lang": set(), "tgt_lang": set()}
    while pos <= len(ft):
        eol = EOL.search(ft, pos)
        end = len(ft) if eol is None else eol.start()
        lineno += 1
        line = ft[pos:end]
        if line.strip():
            try:
                rec, key = _jsonl_record(path, lineno, line)
            except InputError as e:
                errors.append((lineno, str(e)))
            else:
                for k in langs:
                    if rec.get(k):
                        langs[k].add(rec[k])
                records.append(rec)
                scanned, _ = scan(ft, pos)
                tgt = _flat(_plain(ft, scanned.get(key) or ""))
                tb.start_paragraph()
                tspans.append(tb.add(tgt))
                if isinstance(rec.get("source"), str):
                    src = _flat(_plain(ft, scanned["source"]))
                    sb.start_paragraph()
                    sspans.append(sb.add(src))
                    segments.append((pieces_text(src), pieces_text(tgt)))
                else:
                    all_bilingual = False
        if eol is None:
            break
        pos = eol.end()
    if not records:
        if errors:  # nothing readable: the first error is the file's
            more = f" (and {len(errors) - 1} more bad lines)" if len(errors) > 1 else ""
            raise InputError(errors[0][1] + more)
        raise InputError(f"{path}: no JSON records")
    text, m = tb.result()
    stext, sm = sb.result()
    bi = all_bilingual
    return Source(path=path, format="jsonl", text=text, file_text=ft, text_map=m,
                  records=records, segments=segments if bi else None,
                  source_text=stext if bi else None, source_map=sm if bi else None,
                  segment_spans=tspans, source_spans=sspans if bi else None,
                  src_lang=_one(langs["src_lang"]), tgt_lang=_one(langs["tgt_lang"]),
                  meta={"records": len(records)}, record_errors=errors)


def _one(s: set) -> str | None:
    return next(iter(s)) if len(s) == 1 else None


def _jtype(v) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(v), "a number")
