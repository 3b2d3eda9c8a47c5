#!/usr/bin/env python3
"""Evaluate mtqa on error-span annotations of MT into German, Japanese and Chinese (ESA).

Data: ../shared/eval/esa/*.jsonl (WMT23 en-de, WMT24 en-ja and en-zh; one record per
annotator x system x segment, with the annotator's error spans, minor or major; see its
PROVENANCE.md). Nothing is copied: the files are read at run time.

Per language pair, for the MT outputs (the human reference refA is scored as a system too,
as WMT does, unless --mt-only):

  segment AUC   ROC AUC of mtqa's score for "the annotator marked at least one major
                error", the target alone (reference-free) and with the English source;
                the score is -expected penalty of the scoring model (`mtqa score --jsonl`)
  spans         character-level precision, recall and F1 of mtqa's findings against the
                annotators' spans, as the WMT23 quality-estimation error-span task scores
                them (WMT-QE-Task/qe-eval-scripts, wmt23/task2_evaluate.py): a target
                character is marked or not, whatever the number of spans over it; a marked
                gold character found with its severity counts 1, with the other 0.5; true
                positives, gold and predicted characters are pooled over the language pair;
                errors without a position ("missing content") are left out on both sides.
                mtqa's critical and major findings count as major, minor as minor; info
                findings are no predictions.

Beside every figure, from the same records: target length alone (characters; a longer
segment has more room for an error) and, where a reference exists, sentence chrF against
the human reference refA (sacrebleu). "len+mtqa (cv)" is the AUC of a logistic combination
of log length and mtqa's penalty, each document scored by a fit on the other folds
(5-fold cross-validation over documents), beside the same fit on length alone: what mtqa
adds beyond length is shown, not assumed.

Two span baselines from the same records show the scale: every character of every segment
marked as one minor error (recall 1 at the data's error density), and, on en-de where each
item was annotated twice (campaigns ESA-1 and ESA-2), one annotator's spans scored against
the other's: the agreement of people, which no checker is expected to pass. Where the
published figures of trained systems are is printed from PUBLISHED below.

Usage
    python scripts/eval_esa.py [--pairs en-de,en-ja,en-zh] [--limit N] [--mt-only]
                               [--modes none,source] [--json OUT] [--mtqa PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from eval_mqm import roc_auc  # noqa: E402  (the same AUC as the MQM evaluation)

DATA = ROOT.parent / "shared" / "eval" / "esa"
FILES = {"en-de": "esa_wmt23_ende.dev.jsonl", "en-ja": "esa_wmt24_enja.dev.jsonl",
         "en-zh": "esa_wmt24_enzh.dev.jsonl"}
SEVERITY = {"critical": "major", "major": "major", "minor": "minor"}  # mtqa -> ESA

# Where published span figures for these conventions are (not reproduced here: the exact
# numbers could not be verified from this machine; read them in the tables named).
PUBLISHED = [
    ("WMT23 QE task 2, fine-grained error span detection (MQM spans; en-de, zh-en, he-en): "
     "results table of the task, CometKiwi baseline",
     "Blain et al. 2023, Findings of the WMT 2023 Shared Task on Quality Estimation, "
     "WMT 2023 (aclanthology 2023.wmt-1.52)"),
    ("WMT24 QE shared task, error span detection, CometKiwi baseline",
     "Zerva et al. 2024, Findings of the Quality Estimation Shared Task at WMT 2024: Are LLMs "
     "Closing the Gap in QE?, WMT 2024"),
]


# -- spans ------------------------------------------------------------------------------------

def _marks(spans, n: int) -> tuple[set[int], set[int]]:
    """The target's characters marked by a major span and by a minor span (a character is
    marked or not, however many spans cover it; an empty span marks the character at its
    start, as the task's scorer reads a point)."""
    major: set[int] = set()
    minor: set[int] = set()
    for s in spans:
        if s["severity"] not in ("major", "minor"):  # ESA's rare 'undecided' is no mark
            continue
        lo, hi = max(0, s["start"]), min(n, s["end"])
        chars = range(lo, hi) if hi > lo else range(lo, min(lo + 1, n))
        (major if s["severity"] == "major" else minor).update(chars)
    return major, minor


def char_overlap(gold, pred, n: int) -> tuple[float, int, int]:
    """(true positives, gold characters, predicted characters) of one segment, as the WMT23
    quality-estimation error-span task scores it (its task2_evaluate.py): a gold character
    found with its severity counts 1, with the other 0.5; one both severities mark counts
    1 when found at all."""
    gmaj, gmin = _marks(gold, n)
    pmaj, pmin = _marks(pred, n)
    pred_any = pmaj | pmin
    tp = 0.0
    for i in gmaj | gmin:
        if i not in pred_any:
            continue
        if i in gmaj and i in gmin:
            tp += 1
        elif i in gmaj:
            tp += 1 if i in pmaj else 0.5
        else:
            tp += 1 if i in pmin else 0.5
    return tp, len(gmaj | gmin), len(pred_any)


def prf(tp: float, gold: int, pred: int) -> dict[str, float]:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def predicted_spans(findings: list[dict]) -> list[dict]:
    return [{"start": f["start"], "end": f["end"], "severity": SEVERITY[f["severity"]],
             "rule": f["rule"]}
            for f in findings if f["severity"] in SEVERITY and f["end"] > f["start"]]


def span_baselines(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Span figures of two reference points on the same records (see the docstring)."""
    tp = gold = pred = 0.0
    for r in rows:
        n = len(r["target"])
        a, b, c = char_overlap(r["errors"], [{"start": 0, "end": n, "severity": "minor"}], n)
        tp, gold, pred = tp + a, gold + b, pred + c
    out = {"everything minor": prf(tp, int(gold), int(pred))}
    by_item: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for r in rows:
        by_item[(r["system"], r["seg_id"])][r["campaign"]] = r
    pairs = [tuple(v[c] for c in sorted(v)) for v in by_item.values() if len(v) == 2]
    if pairs:
        tp = gold = pred = 0.0
        for first, second in pairs:
            a, b, c = char_overlap(second["errors"], first["errors"], len(first["target"]))
            tp, gold, pred = tp + a, gold + b, pred + c
        out[f"annotator vs annotator ({len(pairs)} items)"] = prf(tp, int(gold), int(pred))
    return out


# -- length-adjusted AUC ----------------------------------------------------------------------

def cv_combined_auc(features, label, groups, folds: int = 5) -> float:
    """AUC of a logistic regression on the given feature columns, each record scored by a
    model fitted on the other folds (folds are whole documents, so no segment's own label
    or its document's leaks into its score)."""
    import numpy as np

    X = np.column_stack([np.asarray(f, dtype=float) for f in features])
    X = (X - X.mean(0)) / (X.std(0) + 1e-9)
    X = np.column_stack([np.ones(len(X)), X])
    y = np.asarray(label, dtype=float)
    keys = sorted(set(groups))
    fold_of = {k: i % folds for i, k in enumerate(keys)}
    fold = np.array([fold_of[g] for g in groups])
    out = np.zeros(len(y))
    for k in range(folds):
        tr, te = fold != k, fold == k
        w = np.zeros(X.shape[1])
        for _ in range(200):  # Newton steps on the L2-regularised log-likelihood
            p = 1 / (1 + np.exp(-X[tr] @ w))
            g = X[tr].T @ (p - y[tr]) + 1e-3 * w
            H = (X[tr] * (p * (1 - p))[:, None]).T @ X[tr] + 1e-3 * np.eye(len(w))
            step = np.linalg.solve(H, g)
            w -= step
            if np.abs(step).max() < 1e-8:
                break
        out[te] = X[te] @ w
    return roc_auc(out, y.astype(bool))


# -- running mtqa -----------------------------------------------------------------------------

def load(path: Path, limit: int, mt_only: bool) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if mt_only and r["is_human"]:
                continue
            rows.append(r)
    if limit:  # whole segments, so the reference of each kept segment is kept too
        segs = sorted({r["seg_id"] for r in rows})[:limit]
        keep = set(segs)
        rows = [r for r in rows if r["seg_id"] in keep]
    return rows


def score_pair(lp: str, rows: list[dict], modes: list[str]) -> dict[str, Any]:
    import numpy as np

    from mtqa.pipeline import Engine
    from mtqa.scoring.metrics import sentence_chrf_many
    from mtqa.scoring.model import Record

    src_lang, tgt_lang = lp.split("-")
    # One analysis per distinct (source, target): WMT23 rates each item twice.
    keys = sorted({(r["source"], r["target"]) for r in rows})
    index = {k: i for i, k in enumerate(keys)}
    recs = [Record(t, s, None, src_lang, tgt_lang) for s, t in keys]
    engine = Engine()
    t0 = time.perf_counter()
    analyses = engine.analyse_records(recs)
    seconds = {"analyse": time.perf_counter() - t0}
    out: dict[str, Any] = {"records": len(rows), "distinct": len(keys),
                           "with_major": int(sum(r["has_major"] for r in rows)), "modes": {}}
    label = np.array([r["has_major"] for r in rows], dtype=bool)
    length = np.array([len(r["target"]) for r in rows], dtype=float)
    docs = [r["doc"] for r in rows]
    ref = {r["seg_id"]: r["target"] for r in rows if r["system"] == "refA"}
    mt = np.array([r["system"] != "refA" and r["seg_id"] in ref for r in rows])
    base = {"length alone": roc_auc(length, label)}
    if mt.any():
        idx = np.flatnonzero(mt)
        chrf = sentence_chrf_many([rows[i]["target"] for i in idx],
                                  [ref[rows[i]["seg_id"]] for i in idx])
        base["chrF vs refA (MT only)"] = roc_auc(-np.asarray(chrf), label[idx])
        base["length alone (same MT records)"] = roc_auc(length[idx], label[idx])
    out["baselines"] = base
    out["span_baselines"] = span_baselines(rows)
    for mode in modes:
        t0 = time.perf_counter()
        scored = engine.score_records(recs, use_source=mode == "source", use_reference=False,
                                      metrics=(), analyses=analyses)
        seconds[mode] = time.perf_counter() - t0
        penalty = np.array([scored[index[(r["source"], r["target"])]]["estimate"]["expected_penalty"]
                            for r in rows])
        tp = gold = pred = 0.0
        flagged = 0
        by_rule: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # rule -> [tp, pred]
        for r in rows:
            found = scored[index[(r["source"], r["target"])]]["findings"]
            spans = predicted_spans(found)
            flagged += bool(spans)
            a, b, c = char_overlap(r["errors"], spans, len(r["target"]))
            tp, gold, pred = tp + a, gold + b, pred + c
            for sp in spans:  # each rule's spans alone: its share of the precision
                ra, _, rc = char_overlap(r["errors"], [sp], len(r["target"]))
                by_rule[sp["rule"]][0] += ra
                by_rule[sp["rule"]][1] += rc
        fig = {"auc_major": roc_auc(penalty, label),
               "auc_major_len+mtqa (cv)": cv_combined_auc([np.log1p(length), penalty], label, docs),
               "auc_major_len (cv)": cv_combined_auc([np.log1p(length)], label, docs),
               "segments_flagged": flagged / len(rows),
               "spans": prf(tp, int(gold), int(pred)),
               "span_rules": {k: {"chars": int(v[1]), "precision": v[0] / v[1] if v[1] else 0.0}
                              for k, v in sorted(by_rule.items(), key=lambda kv: -kv[1][1])}}
        if mt.any():
            fig["auc_major (MT only)"] = roc_auc(penalty[mt], label[mt])
        out["modes"][mode] = fig
    out["seconds"] = {k: round(v, 1) for k, v in seconds.items()}
    return out


def report(results: dict[str, Any]) -> None:
    for lp, res in results["pairs"].items():
        print(f"\n== {lp}: {res['records']} records ({res['distinct']} distinct), "
              f"{res['with_major']} with a major error ==")
        for name, v in res["baselines"].items():
            print(f"  baseline {name:34s} AUC {v:.3f}")
        for name, v in res["span_baselines"].items():
            print(f"  span baseline {name:29s} P {v['precision']:.3f} R {v['recall']:.3f} "
                  f"F1 {v['f1']:.3f}")
        for mode, f in res["modes"].items():
            what = "reference-free" if mode == "none" else "with source"
            s = f["spans"]
            extra = f"  (MT only {f['auc_major (MT only)']:.3f})" if "auc_major (MT only)" in f else ""
            print(f"  mtqa {what:15s} AUC {f['auc_major']:.3f}{extra}  "
                  f"len+mtqa (cv) {f['auc_major_len+mtqa (cv)']:.3f} vs len (cv) "
                  f"{f['auc_major_len (cv)']:.3f}")
            print(f"       spans P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}; "
                  f"segments with a span {f['segments_flagged']:.1%}")
            top = list(f["span_rules"].items())[:6]
            print("       by rule (predicted chars, precision): " +
                  "; ".join(f"{k} {v['chars']} {v['precision']:.2f}" for k, v in top))
        print(f"  seconds {res['seconds']}")
    print("\nPublished span figures of trained systems (other test sets; see the tables):")
    for what, where in PUBLISHED:
        print(f"  {what}  [{where}]")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--pairs", default=",".join(FILES))
    ap.add_argument("--modes", default="none,source")
    ap.add_argument("--limit", type=int, default=0, help="first N segments of each pair")
    ap.add_argument("--mt-only", action="store_true", help="leave out the human reference refA")
    ap.add_argument("--json", default="")
    ap.add_argument("--mtqa", default=str(ROOT), help="the mtqa checkout to evaluate")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(Path(a.mtqa).resolve()))
    data = Path(a.data)
    results: dict[str, Any] = {"pairs": {}}
    for lp in a.pairs.split(","):
        if lp not in FILES:
            print(f"eval_esa: unknown pair {lp!r} (known: {', '.join(FILES)})", file=sys.stderr)
            return 2
        path = data / FILES[lp]
        if not path.exists():
            print(f"eval_esa: {path} not found (../shared/eval is not present)", file=sys.stderr)
            return 2
        results["pairs"][lp] = score_pair(lp, load(path, a.limit, a.mt_only), a.modes.split(","))
    report(results)
    if a.json:
        tmp = a.json + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
        os.replace(tmp, a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
