"""Plain text: one line per finding, `path:line:col: severity id message → suggestion`,
then each story's verdict line (the same verdict as the exit code) and a summary."""

from __future__ import annotations

import re
from collections import Counter

from ..finding import SEVERITIES
from ..report import DocumentResult, Report


def verdict_line(r: DocumentResult) -> str:
    sc, v = r.score, r.verdict
    line = (f"{r.doc.path}: {v.label} — MQM score {sc.score:.1f}/100 (penalty {sc.penalty:g} over "
            f"{sc.words} words); {v.gate}")
    if v.reasons:
        line += ": " + "; ".join(v.reasons)
    flu = r.info.get("fluency")
    if flu:
        line += f"; fluency {flu['value']:.2f}"
    return line


def families(rule_ids: list[str]) -> str:
    """'names.near-miss, names.translated, calques-de.x, calques-fi.y' ->
    'names.* (2), calques-*.* (2)': one entry per family of packs."""
    counts = Counter(re.sub(r"-[a-z]{2,3}$", "-*", rid.split(".", 1)[0]) for rid in rule_ids)
    return ", ".join(f"{k}.* ({n})" for k, n in counts.items())


def render(report: Report) -> str:
    lines = []
    total: Counter[str] = Counter()
    for r in report.documents:
        for f in r.findings:
            _, _, line, col = r.locate(f)
            msg = f"{r.doc.path}:{line}:{col}: {f.severity} {f.id} {f.message}"
            if f.suggestion:
                msg += f" → {f.suggestion}"
            lines.append(msg)
            total[f.severity] += 1
        for s in r.skipped:
            lines.append(f"{r.doc.path}: note: not checked: {families(s['rules'])}: {s['reason']}")
        lines.append(verdict_line(r))
    lines += [f"{e.path}:{e.line}: error: {e.detail}" if e.line else f"{e.path}: error: {e.detail}"
              for e in report.failures]
    n = sum(total.values())
    parts = ", ".join(f"{total[s]} {s}" for s in SEVERITIES if total[s])
    files = len(report.documents)
    summary = f"{n} finding{'s' if n != 1 else ''}" + (f" ({parts})" if parts else "")
    summary += f" in {files} file{'s' if files != 1 else ''}"
    if files > 1:
        failed = sum(not r.verdict.passed for r in report.documents)
        summary += f"; {'PASS' if not failed else f'FAIL ({failed} of {files})'}"
    if report.failures:
        k = len(report.failures)
        summary += f"; {k} not checked (error{'s' if k != 1 else ''} above)"
    lines.append(summary)
    return "\n".join(lines) + "\n"
