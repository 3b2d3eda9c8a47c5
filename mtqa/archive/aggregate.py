"""What editors ask of an audited archive: findings per 1,000 words by rule, by source
(provider), by language pair and by month; the worst stories; the summary table;
summary.csv (a row per story, as `mtqa audit` writes).

Counted where the stories are: each worker sums its partition (partial(), kept in the
partition's marker), and the client adds the partitions up (combine()), so the totals of
millions of stories never need their tables read back. Every sum is exact (scores in
hundredths), so the figures do not depend on how the archive was cut.

Written beside the tables (each atomically):

    summary.csv                 one row per story, in archive order
    aggregates/by_rule.csv      rule, findings, stories, per_1k, critical, major, minor, info
    aggregates/by_source.csv    key, stories, words, findings, per_1k, mean_score, failing
    aggregates/by_pair.csv      (the same columns)
    aggregates/by_month.csv     (the same columns; key YYYY-MM, "" = no date)
    aggregates/worst.csv        the worst stories
    aggregates/aggregates.json  all of the above, as the dashboard reads it
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import os
from collections import Counter
from fractions import Fraction

from ..batch.summary import CHECKED, SummaryStats, summary_csv
from ..finding import SEVERITIES
from ..output import write_atomic
from .tables import SUMMARY, part_file

GROUPS = ("source", "pair", "month")
GROUP_FIELDS = ("key", "stories", "words", "findings", "per_1k", "mean_score", "failing")
RULE_FIELDS = ("rule", "findings", "stories", "per_1k", *SEVERITIES)
WORST_FIELDS = ("story", "score", "findings", "critical", "major", "minor", "lang", "pair", "source",
                "month")
WORST = 50  # stories in the dashboard's and worst.csv's list
ERRORS = 20  # stories not checked cleanly, named in the aggregates (all are in the tables)
TOTALS = ("stories", "checked", "words", "findings", "failing", *SEVERITIES, "with_findings", "scored")


def partial(documents: list[dict], findings: list[dict]) -> dict:
    """One partition's sums (JSON-ready), from its tables' rows."""
    checked = [d for d in documents if d["status"] in CHECKED]
    totals = {"stories": len(documents), "checked": len(checked),
              "words": sum(d["words"] for d in checked), "findings": sum(d["findings"] for d in checked),
              "failing": sum(d["pass"] is False for d in checked),
              **{s: sum(d[s] for d in checked) for s in SEVERITIES},
              "with_findings": sum(d["findings"] > 0 for d in checked),
              "scored": sum(d["score"] is not None for d in checked)}
    rules: dict[str, Counter] = {}
    stories: dict[str, set] = {}
    for f in findings:
        rules.setdefault(f["rule"], Counter())[f["severity"]] += 1
        stories.setdefault(f["rule"], set()).add(f["story"])
    groups: dict[str, dict[str, list[int]]] = {g: {} for g in GROUPS}
    for d in checked:
        scored = d["score"] is not None
        add = (1, d["words"], d["findings"], round(d["score"] * 100) if scored else 0, int(scored),
               int(d["pass"] is False))
        for g in GROUPS:
            acc = groups[g].setdefault(d[g] or "", [0] * len(add))
            for i, v in enumerate(add):
                acc[i] += v
    bad = [d for d in documents if d["status"] != "ok"]
    return {"totals": totals, "status": dict(Counter(d["status"] for d in documents)),
            "rules": {r: {"severity": dict(c), "stories": len(stories[r])} for r, c in rules.items()},
            "groups": groups, "worst": _worst(checked),
            "errors": [[d["status"], d["error"]] for d in bad[:ERRORS]], "error_count": len(bad)}


def _worst_key(row: dict) -> tuple[float, str]:
    return row["score"], row["story"]


def _worst(rows: list[dict]) -> list[dict]:
    scored = heapq.nsmallest(WORST, (r for r in rows if r["score"] is not None), key=_worst_key)
    return [{k: r[k] for k in WORST_FIELDS} | {"pass": r["pass"], "info": r["info"]} for r in scored]


def combine(partials: list[dict], title: str, sig: str) -> dict:
    """The aggregates (JSON-ready) of an archive from its partitions' sums, in archive order."""
    totals: dict[str, float] = dict.fromkeys(TOTALS, 0)
    status: Counter = Counter()
    rules: dict[str, Counter] = {}
    rule_stories: Counter = Counter()
    groups: dict[str, dict[str, list[int]]] = {g: {} for g in GROUPS}
    worst: list[dict] = []
    errors: list[list[str]] = []
    error_count = 0
    for p in partials:
        for k in TOTALS:
            totals[k] += p["totals"][k]
        status.update(p["status"])
        for rule, r in p["rules"].items():
            rules.setdefault(rule, Counter()).update(r["severity"])
            rule_stories[rule] += r["stories"]
        for g in GROUPS:
            for key, add in p["groups"][g].items():
                acc = groups[g].setdefault(key, [0] * len(add))
                for i, v in enumerate(add):
                    acc[i] += v
        worst = heapq.nsmallest(WORST, worst + p["worst"], key=_worst_key)
        errors.extend(p["errors"][:ERRORS - len(errors)])
        error_count += p["error_count"]
    words = totals["words"]
    totals["errors"] = totals["stories"] - totals["checked"]
    totals["per_1k"] = _per_1k(int(totals["findings"]), int(words))
    by_rule: list[dict] = [{"rule": rule, "findings": c.total(), "stories": rule_stories[rule],
                            "per_1k": _per_1k(c.total(), int(words)), **{s: c[s] for s in SEVERITIES}}
                           for rule, c in rules.items()]
    by_rule.sort(key=lambda d: (-d["findings"], d["rule"]))
    return {"title": title, "signature": sig, "totals": totals, "status": dict(sorted(status.items())),
            "by_rule": by_rule, **{f"by_{g}": _groups(groups[g], g) for g in GROUPS},
            "worst": worst,
            "errors": errors, "error_count": error_count}


def _groups(acc: dict[str, list[int]], name: str) -> list[dict]:
    out = [{"key": key, "stories": n, "words": w, "findings": f, "per_1k": _per_1k(f, w),
            "mean_score": float(round(Fraction(score, 100 * scored), 2)) if scored else None,
            "failing": failing}
           for key, (n, w, f, score, scored, failing) in acc.items()]
    if name == "month":  # chronological, with the undated stories last
        return sorted(out, key=lambda d: (d["key"] == "", d["key"]))
    return sorted(out, key=lambda d: (-d["per_1k"], -d["stories"], d["key"]))


def _per_1k(findings: int, words: int) -> float:
    return round(1000 * findings / words, 3) if words else 0.0


def summary_stats(agg: dict, top: int, cached: int = 0) -> SummaryStats:
    """The summary table's figures from the aggregates (top: worst stories shown, 0 = all
    of the aggregates' list; cached: stories whose partitions an earlier run had done)."""
    t = agg["totals"]
    worst = [dict(r, path=r["story"]) for r in agg["worst"]]
    return SummaryStats(
        t["stories"], t["checked"], cached, Counter(agg["status"]), Counter({s: t[s] for s in SEVERITIES}),
        t["with_findings"], t["failing"],
        {r["rule"]: Counter({s: r[s] for s in SEVERITIES}) for r in agg["by_rule"]},
        Counter({r["rule"]: r["stories"] for r in agg["by_rule"]}),
        worst if top == 0 else worst[:top], t["scored"])


CSV_TABLES = {"by_rule": RULE_FIELDS, **{f"by_{g}": GROUP_FIELDS for g in GROUPS}, "worst": WORST_FIELDS}
FOLDER = "aggregates"
OUTPUTS = ("summary.csv", *(f"{FOLDER}/{name}.csv" for name in CSV_TABLES), f"{FOLDER}/aggregates.json")


def write_outputs(out_dir: str, parts, agg: dict) -> None:
    """summary.csv, the aggregates' CSV files and aggregates.json (OUTPUTS)."""
    write_atomic(os.path.join(out_dir, "summary.csv"), lambda fh: _summary_csv(fh, out_dir, parts),
                 inside=out_dir)
    folder = os.path.join(out_dir, FOLDER)
    os.makedirs(folder, exist_ok=True)
    for name, fields in CSV_TABLES.items():
        write_atomic(os.path.join(folder, name + ".csv"), _csv(agg[name], fields), inside=out_dir)
    write_atomic(os.path.join(folder, "aggregates.json"),
                 json.dumps(agg, indent=1, ensure_ascii=False, sort_keys=True) + "\n", inside=out_dir)


def _csv(rows: list[dict], fields) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for r in rows:
        w.writerow(["" if r[k] is None else r[k] for k in fields])
    return buf.getvalue()


def _summary_csv(fh, out_dir: str, parts) -> None:
    """summary.csv: the header, then each partition's rows as its worker wrote them."""
    import shutil

    fh.write(summary_csv([]).encode("utf-8"))
    for n in parts:
        with open(part_file(out_dir, SUMMARY, n), "rb") as part:
            shutil.copyfileobj(part, fh)
