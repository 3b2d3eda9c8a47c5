"""LanguageTool's check response ("/v2/check"), so that any LanguageTool client shows mtqa's
findings: the HTTP service answers with it, and `check --format languagetool` prints one
response per document, a line each.

Offsets and lengths count UTF-16 code units, as LanguageTool (a Java server) does and its
clients (browser add-ons, editor plugins, language_tool_python) expect: an emoji before a
finding moves it by two, an accent written as a combining mark by one. They point into the
text as the client sent it (with annotated `data`, markup included); the context and the
sentence are plain text, as LanguageTool gives them.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from typing import Any

from .. import __version__, languages
from ..finding import Finding
from ..report import DocumentResult, Report
from ..rules import Rule

# MQM categories as the localization-quality issue types LanguageTool reports (ITS 2.0,
# which MQM grew from). Clients colour by them: misspelling red, style blue, others yellow.
ISSUE_TYPES = {
    "accuracy/mistranslation": "mistranslation", "accuracy/omission": "omission",
    "accuracy/addition": "addition", "accuracy/untranslated": "untranslated",
    "terminology/wrong-term": "terminology", "terminology/inconsistent": "inconsistency",
    "fluency/spelling": "misspelling", "fluency/grammar": "grammar",
    "fluency/punctuation": "typographical", "fluency/inconsistency": "inconsistency",
    "style/unidiomatic": "style", "style/awkward": "style",
    "locale/convention": "locale-violation", "other/boilerplate": "other",
}
# LanguageTool's match types: a misspelling is an unknown word; an info finding is a hint
# (clients show it as a suggestion, not an error) whatever its category.
HINT_SEVERITIES = ("info",)

# The regional code LanguageTool answers with for each language mtqa checks.
LONG_CODES = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT",
              "pt": "pt-PT", "id": "id-ID", "ru": "ru-RU", "ja": "ja-JP", "zh": "zh-CN"}
CONTEXT_CHARS = 40  # of plain text either side of a match, as LanguageTool's context
SENTENCE_CHARS = 600  # a longer "sentence" is cut around the match


class Utf16:
    """Code-point offsets of one string -> UTF-16 code units (astral characters count 2)."""

    __slots__ = ("astral",)

    def __init__(self, text: str):
        # Most text has no astral character: then an offset is its own UTF-16 offset.
        self.astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF] if not text.isascii() else []

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset) if self.astral else offset


def normal_tag(code: str) -> str:
    """A language tag as LanguageTool writes it: 'en_us' -> 'en-US', 'ZH-hant' -> 'zh-Hant'."""
    parts = code.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower())
    return "-".join(out)


def language_name(code: str) -> str:
    """'en' -> 'English', 'en-US' -> 'English (US)' (as /v2/languages lists them)."""
    base, _, region = code.partition("-")
    name = languages.known().get(base, base) if base else "Unknown"
    return f"{name} ({region})" if region else name


def language_dict(code: str, confidence: float, requested: str = "") -> dict[str, Any]:
    """The response's language: the one asked for (or, with 'auto', the one detected), and
    the one mtqa identified in the text."""
    long = LONG_CODES.get(code, code) or "auto"
    detected = {"name": language_name(long), "code": long, "confidence": round(confidence, 3),
                "source": "mtqa"}
    shown = normal_tag(requested) if requested and requested.lower() != "auto" else long
    return {"name": language_name(shown), "code": shown, "detectedLanguage": detected}


def context(text: str, start: int, end: int) -> dict[str, Any]:
    """Up to CONTEXT_CHARS characters either side, '...' where cut, line breaks as spaces:
    from the text as the client sent it (with annotated data, markup included), as
    LanguageTool's context is."""
    a, b = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    head = "..." if a > 0 else ""
    body = text[a:b].replace("\r", " ").replace("\n", " ")
    shown = head + body + ("..." if b < len(text) else "")
    u = Utf16(shown)
    at = len(head) + start - a
    return {"text": shown, "offset": u(at), "length": u(at + end - start) - u(at)}


def match(r: DocumentResult, f: Finding, rule: Rule | None, sent_text: str, to_u16: Utf16) -> dict[str, Any]:
    """One finding as a match; sent_text is the text as the client sent it, to_u16 its
    UTF-16 offsets."""
    text = r.doc.text
    fs, fe = r.src.span_to_file(f.start, f.end) if r.src is not None else (f.start, f.end)
    sent = r.doc.sentence_at(f.start)
    a, b = (sent.start, sent.end) if sent is not None else (f.start, f.end)
    if b - a > SENTENCE_CHARS:  # text without sentence ends: not the whole of it per match
        a, b = max(a, f.start - SENTENCE_CHARS // 2), min(b, f.end + SENTENCE_CHARS // 2)
    sentence = text[a:b]
    hint = f.severity in HINT_SEVERITIES
    issue = "style" if hint else ISSUE_TYPES.get(f.category, "other")
    type_name = "Hint" if hint else "UnknownWord" if f.category == "fluency/spelling" else "Other"
    description = rule.description if rule is not None else f.rule
    rule_d: dict[str, Any] = {
        "id": f.rule, "description": description, "issueType": issue,
        "category": {"id": f.category, "name": category_name(f.category)}, "isPremium": False}
    if f.entry:
        rule_d["subId"] = f.entry
    return {
        "message": f.message, "shortMessage": short_message(f),
        "replacements": [{"value": f.suggestion}] if f.suggestion else [],
        "offset": to_u16(fs), "length": to_u16(fe) - to_u16(fs),
        "context": context(sent_text, fs, fe), "sentence": sentence,
        "type": {"typeName": type_name}, "rule": rule_d,
        "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
    }


def category_name(category: str) -> str:
    """'accuracy/mistranslation' -> 'Accuracy: mistranslation'."""
    top, _, sub = category.partition("/")
    return f"{top.capitalize()}: {sub.replace('-', ' ')}" if sub else top.capitalize()


def short_message(f: Finding) -> str:
    """A title for the match: the severity and what kind of error (the message says which)."""
    return f"{f.severity.capitalize()} {category_name(f.category).split(': ')[-1]}"


SOFTWARE = {"name": "mtqa", "version": __version__, "buildDate": "", "apiVersion": 1,
            "premium": False, "status": ""}


def response(r: DocumentResult, rules: dict[str, Rule], requested_lang: str = "") -> dict[str, Any]:
    """One document as LanguageTool answers one check."""
    file_text = r.src.file_text if r.src is not None else r.doc.text
    to_u16 = Utf16(file_text)
    return {"software": SOFTWARE, "warnings": warnings(r),
            "language": language_dict(r.doc.lang, r.doc.lang_confidence, requested_lang),
            "matches": [match(r, f, rules.get(f.rule), file_text, to_u16) for f in r.findings]}


def warnings(r: DocumentResult) -> dict[str, Any]:
    cut = r.info.get("truncated")
    if not cut:
        return {"incompleteResults": False}
    return {"incompleteResults": True,
            "incompleteResultsReason": f"only the first {cut['shown']} of {cut['findings']} matches"}


def response_for_nothing(requested_lang: str) -> dict[str, Any]:
    """The answer to an empty text: no matches (as LanguageTool answers it)."""
    lang = languages.tag(requested_lang) if requested_lang != "auto" else ""
    return {"software": SOFTWARE, "warnings": {"incompleteResults": False},
            "language": language_dict(lang, 0.0, requested_lang), "matches": []}


def render(report: Report) -> str:
    rules = {x.id: x for x in report.rules}
    return "".join(json.dumps(response(r, rules), ensure_ascii=False) + "\n" for r in report.documents)


def languages_list() -> list[dict[str, str]]:
    """GET /v2/languages: each language mtqa has knowledge for, plain and with the region
    it answers with (other languages are still accepted, with the checks for any text)."""
    out = []
    for code in ("en", *languages.TARGETS):
        for tag in (code, LONG_CODES[code]):
            out.append({"name": language_name(tag), "code": code, "longCode": tag})
    return out
