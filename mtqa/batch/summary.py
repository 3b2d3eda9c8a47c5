"""The summary of a batch: one row per input, written as CSV and JSONL, and shown as a table.

A row is plain data (JSON-ready): path, status, error, format, lang, words, score, pass,
findings, a count per severity, worst severity, the report's path relative to the output
folder, and rules ({rule id: {severity: count}}).

status is "ok"; "partial" (checked, but some records of a JSONL input could not be read:
they are named in error); "unreadable" (the input could not be read or checked);
"unwritable" (checked, but its report could not be written); or "error" (mtqa failed on
it: a bug). The INPUT_FAULTS statuses make a batch exit 2; "error" makes it exit 3.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from dataclasses import dataclass

from ..finding import SEVERITIES, SEVERITY_RANK
from ..output import write_atomic
from ..report import record_failures

CHECKED = ("ok", "partial")  # statuses of rows with results
INPUT_FAULTS = ("partial", "unreadable", "unwritable")  # the input's or the place's fault: exit 2
SUMMARY_FIELDS = ("path", "status", "error", "format", "lang", "words", "score", "pass", "findings",
                  "critical", "major", "minor", "info", "worst", "report", "rules")


def result_row(r, report_rel: str) -> dict:
    """The summary row of a checked story (r: a report.DocumentResult)."""
    counts = Counter(f.severity for f in r.findings)
    worst = max((f.severity for f in r.findings), key=SEVERITY_RANK.__getitem__, default="")
    skipped = record_failures(r)  # a JSONL input's broken lines: the rest was checked
    return {"path": r.doc.path, "status": "partial" if skipped else "ok",
            "error": "; ".join(e.error for e in skipped), "format": getattr(r.src, "format", "text"),
            "lang": r.doc.lang, "words": r.doc.word_count, "score": round(r.score.score, 2),
            "pass": r.verdict.passed, "findings": len(r.findings),
            **{s: counts.get(s, 0) for s in SEVERITIES}, "worst": worst, "report": report_rel,
            "rules": _by_rule(r.findings)}


def error_row(path: str, status: str, error: str) -> dict:
    """The summary row of an input that was not checked (status "unreadable" or "error")."""
    return {"path": path, "status": status, "error": error, "format": "", "lang": "", "words": 0,
            "score": None, "pass": None, "findings": 0, **dict.fromkeys(SEVERITIES, 0), "worst": "",
            "report": "", "rules": {}}


def _by_rule(findings) -> dict[str, dict[str, int]]:
    """rule id -> {severity: count} (a pattern rule's entries may differ in severity)."""
    out: dict[str, Counter] = {}
    for f in findings:
        out.setdefault(f.rule, Counter())[f.severity] += 1
    return {rule: {s: c[s] for s in SEVERITIES if c[s]} for rule, c in sorted(out.items())}


def summary_csv(rows: list[dict], header: bool = True) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(SUMMARY_FIELDS)
    for r in rows:
        vals = dict(r)
        vals["rules"] = " ".join(f"{k}:{sum(v.values())}" for k, v in r["rules"].items())
        vals["score"] = "" if r["score"] is None else f"{r['score']:.2f}"
        vals["pass"] = "" if r["pass"] is None else ("yes" if r["pass"] else "no")
        w.writerow([vals[k] for k in SUMMARY_FIELDS])
    return buf.getvalue()


def summary_jsonl(rows: list[dict], sig: str) -> str:
    """One JSON object per row, each with the run's signature string."""
    return "".join(json.dumps({**r, "signature": sig}, ensure_ascii=False) + "\n" for r in rows)


def write_summaries(out_dir: str, rows: list[dict], sig: str) -> None:
    """summary.csv and summary.jsonl in out_dir, each written atomically."""
    write_atomic(os.path.join(out_dir, "summary.csv"), summary_csv(rows), inside=out_dir)
    write_atomic(os.path.join(out_dir, "summary.jsonl"), summary_jsonl(rows, sig), inside=out_dir)


@dataclass
class SummaryStats:
    """What the summary table shows, however it was counted (rows here, Parquet tables in
    mtqa.archive)."""

    inputs: int  # files (audit) or stories (archive) audited
    checked: int  # of them with results
    cached: int  # of them taken from an earlier run
    status: Counter  # status -> inputs
    severities: Counter  # severity -> findings
    with_findings: int  # checked inputs with at least one finding
    failing: int  # checked inputs below the gate
    by_rule: dict[str, Counter]  # rule -> {severity: findings}
    rule_stories: Counter  # rule -> inputs it was found in
    worst: list[dict]  # the lowest-scored rows (score, pass, critical, major, minor, info, path)
    scored: int  # checked inputs with a score


def summary_stats(rows: list[dict], cached: int, top: int) -> SummaryStats:
    ok = [r for r in rows if r["status"] in CHECKED]
    by_rule: dict[str, Counter] = {}
    for r in ok:
        for rule, counts in r["rules"].items():
            by_rule.setdefault(rule, Counter()).update(counts)
    scored = sorted((r for r in ok if r["score"] is not None), key=lambda r: (r["score"], r["path"]))
    return SummaryStats(
        len(rows), len(ok), cached, Counter(r["status"] for r in rows),
        Counter({s: sum(r[s] for r in ok) for s in SEVERITIES}), sum(1 for r in ok if r["findings"]),
        sum(1 for r in ok if r["pass"] is False), by_rule, Counter(rule for r in ok for rule in r["rules"]),
        scored if top == 0 else scored[:top], len(scored))


def summary_text(rows: list[dict], cached: int, out_dir: str, sig: str, top: int, jobs: int,
                 seconds: float) -> str:
    """The table shown after a batch: counts, findings by rule and severity, worst stories."""
    return format_summary(summary_stats(rows, cached, top), out_dir, sig, jobs, seconds)


def format_summary(st: SummaryStats, out_dir: str, sig: str, jobs: int, seconds: float,
                   what: tuple[str, str] = ("file", "files"), runners: str = "job",
                   written: str = "summary.csv, summary.jsonl") -> str:
    status = st.status
    ran = f"{jobs} {runners}{'s' if jobs != 1 else ''}" if jobs else "nothing left to run"
    lines = [f"audited {st.inputs} {what[st.inputs != 1]} in {seconds:.1f} s "
             f"({ran}): {st.checked} checked, "
             f"{st.cached} of them from the cache"
             + (f", {status['partial']} with unreadable records" if status["partial"] else "")
             + (f", {status['unreadable']} unreadable" if status["unreadable"] else "")
             + (f", {status['unwritable']} with reports not written" if status["unwritable"] else "")
             + (f", {status['error']} failed" if status["error"] else "")]
    sev = st.severities
    n = sum(sev.values())
    parts = ", ".join(f"{sev[s]} {s}" for s in SEVERITIES if sev[s])
    lines.append(f"{n} finding{'s' if n != 1 else ''}" + (f" ({parts})" if parts else "")
                 + f" in {st.with_findings} of {st.checked} stories; "
                 f"{st.failing} below the MQM threshold")
    if st.by_rule:
        width = max(len("rule"), *(len(k) for k in st.by_rule))
        lines += ["", f"{'rule':<{width}}  critical  major  minor  info  total  stories"]
        for rule, c in sorted(st.by_rule.items(), key=lambda kv: (-kv[1].total(), kv[0])):
            lines.append(f"{rule:<{width}}  {c['critical']:>8}  {c['major']:>5}  {c['minor']:>5}  "
                         f"{c['info']:>4}  {c.total():>5}  {st.rule_stories[rule]:>7}")
    if st.worst:
        lines += ["", "worst stories first (MQM score" + (f"; all {st.scored} in summary.csv)"
                                                          if len(st.worst) < st.scored else ")"),
                  f"{'score':>6}  {'pass':<4}  {'crit':>4}  {'major':>5}  {'minor':>5}  {'info':>4}  path"]
        for r in st.worst:
            lines.append(f"{r['score']:>6.1f}  {'yes' if r['pass'] else 'no':<4}  {r['critical']:>4}  "
                         f"{r['major']:>5}  {r['minor']:>5}  {r['info']:>4}  {r['path']}")
    bad = st.inputs - status["ok"]
    if bad:
        lines += ["", f"{bad} input{'s' if bad != 1 else ''} with errors (listed on stderr and in "
                  "summary.csv)"]
    lines += ["", f"reports in {out_dir} ({written})", f"signature: {sig}"]
    return "\n".join(lines)
