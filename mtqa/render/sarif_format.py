"""SARIF 2.1.0, for code-scanning dashboards and CI annotations.

One run; tool.driver lists every rule (id, description, default level, category).
Regions are 1-based lines and columns plus charOffset/charLength in the input file's own
text; mtqa counts code points, so the run says columnKind = "unicodeCodePoints".
Severities map to levels: critical and major -> error, minor -> warning, info -> note.
A suggestion becomes a fix only where it is a literal replacement of the file's text.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from ..report import InputFailure, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
_NEEDS_ESCAPE = set("<>&\"'\\")  # a suggestion with these is not literal text in markup/JSON


def information_uri() -> str:
    """The project's README address from the package metadata ("" when not declared)."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata
        meta = metadata("mtqa")
    except (ImportError, PackageNotFoundError):
        return ""
    for value in meta.get_all("Project-URL") or ():
        label, _, url = value.partition(",")
        if label.strip().lower() in ("homepage", "documentation", "source", "repository"):
            return url.strip()
    home = (meta.get_all("Home-page") or [""])[0]
    return "" if home in ("", "UNKNOWN") else home


def artifact_location(path: str) -> dict:
    """A relative URI (against %SRCROOT%, the working directory) or an absolute file URI."""
    if path in ("-", "<stdin>"):
        return {"uri": "stdin"}
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if rel.startswith(".."):
            return {"uri": Path(path).as_uri()}
        path = rel
    rel = os.path.normpath(path).replace(os.sep, "/")
    # surrogateescape: a file name that is not UTF-8 keeps its own bytes, percent-encoded
    return {"uri": quote(rel, errors="surrogateescape"), "uriBaseId": SRCROOT}


def _file_text(r) -> str:
    if r.src is None or getattr(r.src, "format", "text") == "text":
        return r.doc.text
    return r.src.file_text


def _line_col(r, offset: int) -> tuple[int, int]:
    if r.src is None or getattr(r.src, "format", "text") == "text":
        return r.doc.line_col(offset)
    return r.src.line_col(offset)


def _rules(report: Report) -> list[dict]:
    """Every rule of the run's registry (extra packs included), from the report."""
    return [_rule(r.id, r.description, r.severity, r.category) for r in report.rules]


def _rule(rid: str, description: str, severity: str, category: str) -> dict:
    return {"id": rid, "shortDescription": {"text": description or rid},
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": {"category": category, "severity": severity,
                           "tags": [category.split("/", 1)[0]]}}


def _fix(r, f, loc: dict, start: int, end: int) -> list[dict]:
    if not f.suggestion or f.source_start is not None or end <= start:
        return []  # divergence suggestions name source wording, not replacement text
    literal = _file_text(r)[start:end] == r.doc.text[f.start:f.end]
    markup = r.src is not None and getattr(r.src, "format", "text") not in ("text", "markdown")
    if not literal or (markup and _NEEDS_ESCAPE & set(f.suggestion)):
        return []
    return [{"description": {"text": f"Replace with '{f.suggestion}'"},
             "artifactChanges": [{"artifactLocation": loc, "replacements": [{
                 "deletedRegion": {"charOffset": start, "charLength": end - start},
                 "insertedContent": {"text": f.suggestion}}]}]}]


def _result(r, f, rule_index: dict, loc: dict, seen: dict) -> dict:
    start, end, line, col = r.locate(f)
    end_line, end_col = _line_col(r, end)
    text = f.message + (f" → {f.suggestion}" if f.suggestion else "")
    excerpt = r.doc.text[f.start:f.end]
    k = seen.setdefault((f.rule, excerpt), 0)
    seen[(f.rule, excerpt)] = k + 1
    fp = hashlib.sha256(f"{f.rule}|{excerpt}|{k}".encode()).hexdigest()[:32]
    props = {"id": f.id, "category": f.category, "severity": f.severity,
             "confidence": f.confidence, "evidence": f.evidence}
    if f.source_start is not None:
        props["source_start"], props["source_end"] = f.source_start, f.source_end
        if r.source_text:
            props["source_excerpt"] = r.source_text[f.source_start:f.source_end]
    out = {
        "ruleId": f.rule, "ruleIndex": rule_index[f.rule], "level": LEVELS[f.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": loc, "region": {
            "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
            "charOffset": start, "charLength": end - start,
            "snippet": {"text": _file_text(r)[start:end]}}}}],
        "partialFingerprints": {"mtqaFinding/v1": fp},
        "properties": props,
    }
    fixes = _fix(r, f, loc, start, end)
    if fixes:
        out["fixes"] = fixes
    return out


def _notification(e: InputFailure) -> dict:
    where: dict = {"artifactLocation": artifact_location(e.path)}
    if e.line:
        where["region"] = {"startLine": e.line}
    return {"level": "error", "message": {"text": e.error}, "locations": [{"physicalLocation": where}]}


def render(report: Report) -> str:
    from .. import __version__

    results, signature = report.documents, report.signature
    rules = _rules(report)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    driver: dict[str, object] = {"name": "mtqa", "version": __version__,
                                 "semanticVersion": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    artifacts: list[dict] = []
    art_index: dict[str, int] = {}
    out: list[dict] = []
    for r in results:
        loc = artifact_location(r.doc.path)
        if loc["uri"] not in art_index:
            art_index[loc["uri"]] = len(artifacts)
            artifacts.append({"location": dict(loc), "properties": {
                "format": getattr(r.src, "format", "text"), "lang": r.doc.lang,
                "words": r.doc.word_count, "score": round(r.score.score, 2),
                "pass": r.verdict.passed}})
        loc = {**loc, "index": art_index[loc["uri"]]}
        seen: dict = {}
        out += [_result(r, f, rule_index, loc, seen) for f in r.findings]
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
           "artifacts": artifacts, "results": out,
           "properties": {"signature": signature}}
    if report.failures:  # inputs (or JSONL records) not checked: SARIF's place for them
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": [
            _notification(e) for e in report.failures]}]
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
