"""What editors ask of an audited archive, counted from its Parquet tables with pyarrow:
findings per 1,000 words by rule, by source (provider), by language pair and by month; the
worst stories; the summary table; summary.csv (a row per story, as `mtqa audit` writes).

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
import io
import json
import os
from collections import Counter

from ..batch.summary import CHECKED, SummaryStats, summary_csv
from ..finding import SEVERITIES
from ..output import write_atomic
from .tables import DOCUMENTS, FINDINGS, part_name

GROUPS = ("source", "pair", "month")
GROUP_FIELDS = ("key", "stories", "words", "findings", "per_1k", "mean_score", "failing")
RULE_FIELDS = ("rule", "findings", "stories", "per_1k", *SEVERITIES)
WORST_FIELDS = ("story", "score", "findings", "critical", "major", "minor", "lang", "pair", "source",
                "month")
WORST = 50  # stories in the dashboard's and worst.csv's list


def _files(out_dir: str, folder: str, parts) -> list[str]:
    return [os.path.join(out_dir, folder, part_name(n, ".parquet")) for n in parts]


def _table(out_dir: str, folder: str, parts, columns):
    import pyarrow.dataset as ds

    from .tables import schemas

    schema = schemas()[0 if folder == DOCUMENTS else 1]
    files = _files(out_dir, folder, parts)
    return ds.dataset(files, schema=schema, format="parquet").to_table(columns=list(columns))


def aggregate(out_dir: str, parts, title: str, sig: str) -> dict:
    """The aggregates (JSON-ready) of the listed partitions' tables."""
    import pyarrow.compute as pc

    docs = _table(out_dir, DOCUMENTS, parts, ("story", "status", "words", "score", "pass", "findings",
                                              *SEVERITIES, "lang", "pair", "source", "month"))
    checked = docs.filter(pc.is_in(docs["status"], value_set=_strings(CHECKED)))
    words = int(pc.sum(checked["words"]).as_py() or 0)
    n = int(pc.sum(checked["findings"]).as_py() or 0)
    failing = _count(pc.equal(checked["pass"], False))
    totals = {"stories": docs.num_rows, "checked": checked.num_rows,
              "errors": docs.num_rows - checked.num_rows, "words": words, "findings": n,
              "per_1k": _per_1k(n, words), "failing": failing,
              **{s: int(pc.sum(checked[s]).as_py() or 0) for s in SEVERITIES},
              "with_findings": _count(pc.greater(checked["findings"], 0)),
              "scored": _count(pc.is_valid(checked["score"]))}
    status = {r["status"]: r["status_count"]
              for r in docs.group_by("status").aggregate([("status", "count")]).to_pylist()}
    return {"title": title, "signature": sig, "totals": totals, "status": dict(sorted(status.items())),
            "by_rule": _by_rule(out_dir, parts, words),
            **{f"by_{g}": _by_group(checked, g) for g in GROUPS},
            "worst": _worst(checked, WORST)}


def _strings(values):
    import pyarrow as pa

    return pa.array(list(values), pa.string())


def _per_1k(findings: int, words: int) -> float:
    return round(1000 * findings / words, 3) if words else 0.0


def _by_group(checked, column: str) -> list[dict]:
    import pyarrow.compute as pc

    t = checked.append_column("failing", pc.cast(pc.equal(checked["pass"], False), "int64"))
    g = t.group_by(column).aggregate([("story", "count"), ("words", "sum"), ("findings", "sum"),
                                      ("score", "mean"), ("failing", "sum")])
    out = []
    for r in g.to_pylist():
        w, f = r["words_sum"] or 0, r["findings_sum"] or 0
        mean = r["score_mean"]
        out.append({"key": r[column] or "", "stories": r["story_count"], "words": w, "findings": f,
                    "per_1k": _per_1k(f, w), "mean_score": None if mean is None else round(mean, 2),
                    "failing": r["failing_sum"] or 0})
    if column == "month":  # chronological, with the undated stories last
        return sorted(out, key=lambda d: (d["key"] == "", d["key"]))
    return sorted(out, key=lambda d: (-d["per_1k"], -d["stories"], d["key"]))


def _by_rule(out_dir: str, parts, words: int) -> list[dict]:
    t = _table(out_dir, FINDINGS, parts, ("story", "rule", "severity"))
    counts: dict[str, Counter] = {}
    for r in t.group_by(["rule", "severity"]).aggregate([("story", "count")]).to_pylist():
        counts.setdefault(r["rule"], Counter())[r["severity"]] = r["story_count"]
    stories = Counter({r["rule"]: r["story_count"] for r in
                       t.group_by(["rule", "story"]).aggregate([]).group_by("rule")
                       .aggregate([("story", "count")]).to_pylist()})
    out = [{"rule": rule, "findings": c.total(), "stories": stories[rule],
            "per_1k": _per_1k(c.total(), words), **{s: c[s] for s in SEVERITIES}}
           for rule, c in counts.items()]
    return sorted(out, key=lambda d: (-d["findings"], d["rule"]))


def _worst(checked, n: int) -> list[dict]:
    import pyarrow.compute as pc

    scored = checked.filter(pc.is_valid(checked["score"]))
    order = pc.sort_indices(scored, sort_keys=[("score", "ascending"), ("story", "ascending")])
    rows = scored.take(order[:n]).to_pylist()
    return [{k: r[k] for k in WORST_FIELDS} | {"pass": r["pass"], "info": r["info"]} for r in rows]


def _count(mask) -> int:
    """True values of a boolean array (nulls count as false)."""
    import pyarrow.compute as pc

    return int(pc.sum(pc.cast(mask, "int64")).as_py() or 0)


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


def errors(out_dir: str, parts, limit: int) -> tuple[list[tuple[str, str]], int]:
    """(status, error) of the first `limit` stories that were not checked cleanly; how many in all."""
    import pyarrow.compute as pc

    docs = _table(out_dir, DOCUMENTS, parts, ("status", "error"))
    bad = docs.filter(pc.not_equal(docs["status"], "ok"))
    return [(r["status"], r["error"]) for r in bad.slice(0, limit).to_pylist()], bad.num_rows


def write_outputs(out_dir: str, parts, agg: dict) -> None:
    """summary.csv, the aggregates' CSV files and aggregates.json."""
    write_atomic(os.path.join(out_dir, "summary.csv"), lambda fh: _summary_csv(fh, out_dir, parts),
                 inside=out_dir)
    folder = os.path.join(out_dir, "aggregates")
    os.makedirs(folder, exist_ok=True)
    tables = {"by_rule": RULE_FIELDS, **{f"by_{g}": GROUP_FIELDS for g in GROUPS}, "worst": WORST_FIELDS}
    for name, fields in tables.items():
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
    """summary.csv a partition at a time (an archive's rows need not fit in memory)."""
    import pyarrow.parquet as pq

    fh.write(summary_csv([]).encode("utf-8"))  # the header
    for path in _files(out_dir, DOCUMENTS, parts):
        rows = pq.read_table(path).to_pylist()
        for r in rows:
            r["path"], r["report"], r["rules"] = r["story"], "", json.loads(r["rules"])
        fh.write(summary_csv(rows, header=False).encode("utf-8"))
