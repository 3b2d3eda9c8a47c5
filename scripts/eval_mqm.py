#!/usr/bin/env python3
"""Evaluate mtqa's scores and findings against professional MQM annotations.

Data: ../shared/eval/mqm/mqm_ted2021_zhen.dev.jsonl (WMT21 TED talks zh-en; 529 segments x
13 MT systems with MQM error spans; see its PROVENANCE.md). Human translations (is_human)
are skipped. Nothing is copied: the file is read at run time.

Three modes, as `mtqa score --jsonl` runs them (the same code: mtqa.pipeline.Engine.score_records):
  none       the target alone (findings + fluency)
  source     + the Chinese source (adequacy: length ratio, anchors, divergence findings)
  reference  + the reference translation (refB): chrF and adequacy against it
and a fourth, `both`, with source and reference.

Figures per mode:
  tau     Kendall tau-b, pooled over all MT segments, between mtqa's score and -MQM
  AUC     ROC AUC of -score for "segment has a Major error" and for "has a Major
          Accuracy/Mistranslation error"
  spans   precision/recall of findings against annotated target-side error spans
          (character overlap), overall and per MQM top-level category
Baselines on the same segments: sentence chrF (sacrebleu, vs the reference), target length
alone (minus the word count; MQM sums penalties over a segment, so length alone predicts),
and with --bleu sentence BLEU.

--parts also prints pooled and per-item tau for each part of fluency (the target alone) and of
adequacy (against the source, then against the reference) separately, so one can see which
evidence ranks translations of the same segment. A part a record lacks (no number to
anchor, no lexicon for the language) counts as 1, as in the score.

--fit prints non-negative least-squares weights of the model per mode (fitted on this dev
set, the only MQM data there is) as TOML for corpora/scoring/model.toml, and the figures of
a leave-one-talk-out cross-validation (fitted on 4 talks, scored on the 5th) so the gain
of fitting can be judged.

Usage
    python scripts/eval_mqm.py [--data PATH] [--limit N] [--bleu] [--parts] [--fit] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval" / "mqm" / "mqm_ted2021_zhen.dev.jsonl"
MODES = (("none", False, False), ("source", True, False), ("reference", False, True),
         ("both", True, True))


# -- statistics (numpy; no scipy needed) ------------------------------------------------------

def kendall_tau_b(x, y) -> float:
    """Kendall tau-b of two equal-length sequences (exact, chunked O(n^2))."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    s = tx = ty = 0.0
    for lo in range(0, len(x), 512):
        sx = np.sign(x[lo:lo + 512, None] - x[None, :])
        sy = np.sign(y[lo:lo + 512, None] - y[None, :])
        s += float((sx * sy).sum())
        tx += float(np.abs(sx).sum())
        ty += float(np.abs(sy).sum())
    return s / (tx * ty) ** 0.5 if tx and ty else 0.0


def per_item_tau(x, y, groups) -> tuple[float, int]:
    """Mean Kendall tau-b within items (the systems' outputs for one source segment): how
    well a score ranks translations of the same sentence, which length can't explain.
    Items whose raters gave every system the same MQM are left out (nothing to rank); a
    score that ties every system of an item counts 0 there. Returns (mean, items used)."""
    import numpy as np

    by: dict = {}
    for i, g in enumerate(groups):
        by.setdefault(g, []).append(i)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    taus = [kendall_tau_b(x[idx], y[idx]) for idx in map(np.asarray, by.values())
            if len(idx) > 1 and np.ptp(y[idx]) > 0]
    return (float(np.mean(taus)) if taus else float("nan")), len(taus)


def roc_auc(score, label) -> float:
    """P(score of a positive > score of a negative), ties counted half (Mann-Whitney)."""
    import numpy as np

    score = np.asarray(score, dtype=float)
    label = np.asarray(label, dtype=bool)
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = 0.5 * (i + j) + 1
        i = j + 1
    n1 = label.sum()
    n0 = len(label) - n1
    if not n1 or not n0:
        return float("nan")
    return float((ranks[label].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


# -- spans ---------------------------------------------------------------------------------

def _top(cat: str) -> str:
    return cat.split("/")[0].strip().lower()


def _overlaps(f, e) -> bool:
    if f["end"] > f["start"]:
        return f["start"] < e["end"] and e["start"] < f["end"]
    return e["start"] <= f["start"] <= e["end"]  # a zero-width finding (an omission point)


def span_table(rows, outputs) -> dict:
    """Per top-level category: findings, precision (same category / any), annotated spans,
    recall (any finding / same category)."""
    stats: dict[str, dict[str, int]] = {}

    def st(c):
        return stats.setdefault(c, {"findings": 0, "tp_same": 0, "tp_any": 0, "spans": 0,
                                    "found_any": 0, "found_same": 0})

    for row, out in zip(rows, outputs):
        errs = [e for e in row["errors"] if e.get("side", "target") == "target"
                and e["end"] > e["start"] and _top(e["category"]) not in ("no-error", "non-translation!")]
        finds = out["findings"]
        for f in finds:
            for key in (_top(f["category"]), "all"):
                s = st(key)
                s["findings"] += 1
                hit = [e for e in errs if _overlaps(f, e)]
                s["tp_any"] += bool(hit)
                s["tp_same"] += any(_top(e["category"]) == _top(f["category"]) for e in hit) \
                    if key != "all" else bool(hit)
        for e in errs:
            for key in (_top(e["category"]), "all"):
                s = st(key)
                s["spans"] += 1
                hit = [f for f in finds if _overlaps(f, e)]
                s["found_any"] += bool(hit)
                s["found_same"] += any(_top(f["category"]) == _top(e["category"]) for f in hit) \
                    if key != "all" else bool(hit)
    return stats


# -- fitting ---------------------------------------------------------------------------------

# Fitted columns per mode. w_findings and w_fluency are set, not fitted (see model.toml):
# their terms are taken from the outputs as a fixed offset.
COLUMNS = {"none": ("base",),
           "source": ("base", "w_divergence", "w_adequacy"),
           "reference": ("base", "w_divergence", "w_adequacy", "w_chrf"),
           "both": ("base", "w_divergence", "w_adequacy", "w_chrf")}


def design(outputs, mode):
    import numpy as np

    cols = COLUMNS[mode]
    X = np.zeros((len(outputs), len(cols)))
    off = np.zeros(len(outputs))
    for i, o in enumerate(outputs):
        inp = o["inputs"]
        n = o["words"]
        feats = {"base": 1.0, "w_fluency": 1 - inp["fluency"],
                 "w_divergence": (inp["divergence_penalty"] or 0.0) / max(n, 1),
                 "w_adequacy": 1 - (inp["adequacy"] if inp["adequacy"] is not None else 1.0),
                 "w_chrf": 1 - (inp["chrF"] if inp["chrF"] is not None else 100.0) / 100.0}
        X[i] = [n * feats[c] for c in cols]
        off[i] = o["terms"]["findings"] + o["terms"].get("fluency", 0.0)
    return X, off


def nnls(X, y):
    """Non-negative least squares for a handful of columns: best feasible subset."""
    import numpy as np

    best, best_err = np.zeros(X.shape[1]), float(((y) ** 2).sum())
    for k in range(1, X.shape[1] + 1):
        for sub in itertools.combinations(range(X.shape[1]), k):
            coef, *_ = np.linalg.lstsq(X[:, sub], y, rcond=None)
            if (coef < 0).any():
                continue
            err = float(((X[:, sub] @ coef - y) ** 2).sum())
            if err < best_err:
                best_err = err
                best = np.zeros(X.shape[1])
                best[list(sub)] = coef
    return best


# -- main ------------------------------------------------------------------------------------

def load(path: Path, limit: int | None):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if not r.get("is_human"):
                rows.append(r)
    return rows[:limit] if limit else rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--bleu", action="store_true", help="also the sentence-BLEU baseline")
    ap.add_argument("--fit", action="store_true", help="fit the model weights (NNLS) and "
                    "report leave-one-talk-out figures")
    ap.add_argument("--parts", action="store_true", help="also tau for each fluency and "
                    "adequacy part separately")
    ap.add_argument("--json", default="", help="write all figures to this file")
    a = ap.parse_args(argv)
    path = Path(a.data)
    if not path.exists():
        print(f"eval_mqm: {path} not found (../shared/eval is not present)", file=sys.stderr)
        return 2
    import numpy as np

    from mtqa.pipeline import Engine
    from mtqa.scoring.model import Record

    t0 = time.perf_counter()
    rows = load(path, a.limit or None)
    recs = [Record(r["target"], r["source"], r["reference"], r["lp"].split("-")[0],
                   r["lp"].split("-")[1]) for r in rows]
    mqm = np.array([r["mqm"] for r in rows])
    major = np.array([r["has_major"] for r in rows])
    major_mis = np.array([r["has_major_mistranslation"] for r in rows])
    engine = Engine()
    t = time.perf_counter()
    analyses = engine.analyse_records(recs)
    timings = {"load": t - t0, "analyse": time.perf_counter() - t}
    outputs = {}
    part_values: dict[str, list[dict[str, float]]] = {}  # "fluency" / "adequacy vs ..." -> per record
    for mode, use_src, use_ref in MODES:
        t = time.perf_counter()
        scored = engine.score_records(recs, use_source=use_src, use_reference=use_ref,
                                      metrics=(), analyses=analyses)
        # The model's estimate, ranked by -expected penalty (WMT's MQM convention).
        outputs[mode] = [{**o["estimate"], "score": -o["estimate"]["expected_penalty"],
                          "findings": o["findings"]} for o in scored]
        if a.parts:
            collect_parts(part_values, mode, scored)
        timings[mode] = time.perf_counter() - t

    items = [(r.get("testset"), r.get("doc"), r.get("seg_id")) for r in rows]

    def labelled_auc(score, labels):
        """AUC over the records that carry the label (mqm-news leaves some unknown)."""
        keep = np.array([x is not None for x in labels])
        if not keep.any():
            return float("nan")
        return roc_auc(-np.asarray(score, dtype=float)[keep], labels[keep].astype(bool))

    def figures(score, keep=None):
        """The figures of a score; keep (a mask) limits them to the records that have it."""
        if keep is not None:
            idx = np.flatnonzero(keep)
            s = np.asarray(score, dtype=float)[idx]
            tau_item, n_items = per_item_tau(s, -mqm[idx], [items[i] for i in idx])
            return {"tau": kendall_tau_b(s, -mqm[idx]), "tau_item": tau_item, "items": n_items,
                    "records": int(len(idx)), "auc_major": labelled_auc(s, major[idx]),
                    "auc_major_mistranslation": labelled_auc(s, major_mis[idx])}
        tau_item, n_items = per_item_tau(score, -mqm, items)
        return {"tau": kendall_tau_b(score, -mqm), "tau_item": tau_item, "items": n_items,
                "auc_major": labelled_auc(score, major),
                "auc_major_mistranslation": labelled_auc(score, major_mis)}

    results: dict[str, Any] = {"segments": len(rows), "data": path.name, "modes": {}, "baselines": {}}
    from mtqa.scoring.metrics import sentence_chrf_many
    chrf = np.array(sentence_chrf_many([r["target"] for r in rows], [r["reference"] for r in rows]))
    words = np.array([o["words"] for o in outputs["none"]])
    results["baselines"]["chrF (sentence, vs reference)"] = figures(chrf)
    results["baselines"]["length only (-words)"] = figures(-words)
    if a.bleu:
        from sacrebleu.metrics import BLEU
        b = BLEU(effective_order=True)
        results["baselines"]["BLEU (sentence, vs reference)"] = figures(
            [b.sentence_score(r["target"], [r["reference"]]).score for r in rows])
    for mode, *_ in MODES:
        f = figures([o["score"] for o in outputs[mode]])
        if all("errors" in r for r in rows):  # mqm-news has scores but no spans
            f["spans"] = span_table(rows, outputs[mode])
        results["modes"][mode] = f
    if a.parts:
        results["parts"] = {f"{group}: {name}": figures([v if v is not None else 0.0 for v in vals],
                                                        keep=[v is not None for v in vals])
                            for group, name, vals in part_columns(part_values)}
    timings["total"] = time.perf_counter() - t0
    results["seconds"] = {k: round(v, 2) for k, v in timings.items()}
    if a.fit:
        results["fit"] = fit(rows, outputs, mqm, major, major_mis, figures)

    report(results)
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


PART_GROUPS = {"none": (("fluency", "fluency"),), "source": (("adequacy", "adequacy vs source"),),
               "reference": (("adequacy", "adequacy vs reference"),)}


def collect_parts(store: dict, mode: str, scored: list[dict]) -> None:
    """Each record's part values (fluency from the target-alone run, adequacy from the runs
    against the source and against the reference), by group."""
    for key, group in PART_GROUPS.get(mode, ()):
        store[group] = [{k: p["value"] for k, p in o.get(key, {}).get("parts", {}).items()}
                        for o in scored]


def part_columns(store: dict):
    """(group, part, value per record) for every part any record has; None where a record
    lacks the part (its figures then cover only the records that have it)."""
    for group, recs in store.items():
        for name in sorted({k for r in recs for k in r}):
            yield group, name, [r.get(name) for r in recs]


def fit(rows, outputs, mqm, major, major_mis, figures):
    import numpy as np

    talks = np.array([r["doc"] for r in rows])
    out = {}
    for mode in outputs:
        X, off = design(outputs[mode], mode)
        y = mqm - off
        w = nnls(X, y)
        cv = np.zeros(len(rows))
        for talk in sorted(set(talks)):
            held = talks == talk
            wt = nnls(X[~held], y[~held])
            cv[held] = -(X[held] @ wt + off[held])
        out[mode] = {"weights": dict(zip(COLUMNS[mode], [round(float(v), 4) for v in w])),
                     "in_sample": figures(-(X @ w + off)), "leave_one_talk_out": figures(cv)}
    return out


def report(res) -> None:
    print(f"mtqa vs MQM ({res.get('data', 'WMT21 TED zh-en dev')}): {res['segments']} MT segments")
    print(f"{'':38s} {'tau-b':>7s} {'tau/item':>8s} {'AUC major':>10s} {'AUC maj.mistr':>14s}")
    rows = [("baseline: " + n, f) for n, f in res["baselines"].items()]
    rows += [("mtqa score, evidence: " + m, f) for m, f in res["modes"].items()]
    for name, f in rows:
        print(f"{name:38s} {f['tau']:7.3f} {f['tau_item']:8.3f} {f['auc_major']:10.3f} "
              f"{f['auc_major_mistranslation']:14.3f}")
    print("tau/item: mean Kendall tau-b within each source segment across systems "
          f"({next(iter(res['modes'].values()))['items']} segments whose systems' MQM differ)")
    if "parts" in res:
        print("\nparts, each alone (higher = better; over the records that have the part):")
        for name, f in res["parts"].items():
            print(f"{'  ' + name:38s} {f['tau']:7.3f} {f['tau_item']:8.3f} {f['auc_major']:10.3f} "
                  f"{f['auc_major_mistranslation']:14.3f}")
    if "fit" in res:
        print("\nfitted weights (NNLS on this dev set) and leave-one-talk-out figures:")
        for mode, f in res["fit"].items():
            ins, cv = f["in_sample"], f["leave_one_talk_out"]
            print(f"  [{mode}] {f['weights']}")
            print(f"      in-sample tau {ins['tau']:.3f} AUC {ins['auc_major']:.3f}/"
                  f"{ins['auc_major_mistranslation']:.3f}; held-out talks tau {cv['tau']:.3f} "
                  f"AUC {cv['auc_major']:.3f}/{cv['auc_major_mistranslation']:.3f}")
    print("\nspans: findings vs annotated target error spans (character overlap)")
    print(f"{'mode':10s} {'category':12s} {'findings':>8s} {'P same':>7s} {'P any':>6s} "
          f"{'spans':>6s} {'R any':>6s} {'R same':>7s}")
    for mode, f in res["modes"].items():
        for cat, s in sorted(f.get("spans", {}).items(), key=lambda kv: (kv[0] != "all", kv[0])):
            p_same = s["tp_same"] / s["findings"] if s["findings"] else float("nan")
            p_any = s["tp_any"] / s["findings"] if s["findings"] else float("nan")
            r_any = s["found_any"] / s["spans"] if s["spans"] else float("nan")
            r_same = s["found_same"] / s["spans"] if s["spans"] else float("nan")
            print(f"{mode:10s} {cat:12s} {s['findings']:8d} {p_same:7.3f} {p_any:6.3f} "
                  f"{s['spans']:6d} {r_any:6.3f} {r_same:7.3f}")
    print("\nseconds: " + ", ".join(f"{k} {v}" for k, v in res["seconds"].items()))


if __name__ == "__main__":
    sys.exit(main())
