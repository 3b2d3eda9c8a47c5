#!/usr/bin/env python3
"""Source comparison on professional translations: false divergences and recall of injected errors.

    python scripts/eval_source.py                     # every corpus, 40 windows each
    python scripts/eval_source.py --limit 0 --jobs 2  # all windows
    python scripts/eval_source.py --corpus textberg --details   # list false findings, misses
    python scripts/eval_source.py --mtqa /tmp/base    # measure another checkout (before/after)

For each clean pair of scripts/challenge.py (a window of a professional translation and
its source) mtqa aligns the two texts as `mtqa check --source` does and runs every
divergence rule. On the clean pair every diverge.* finding counts as false (a professional
translation can genuinely leave a sentence out, so this is an upper bound); the rate is per
1,000 target words (mtqa's word count; for Chinese and Japanese targets, the English
source's words, since mtqa counts their characters). On each copy with one injected error,
the error is caught when a finding of the rule meant for it (challenge.TYPES) overlaps the
injected span and was not already on the clean pair ("by rule"); "any" counts any new
diverge.* finding there, as the issue's first figures did.

Baseline in the same run: a length-ratio detector (a 1-1 aligned sentence whose
target/source character ratio is more than 1.5x off the document's median ratio is
flagged), the signal a sentence aligner such as hunalign scores with.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import time
from collections import Counter, defaultdict

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def _import_mtqa(path: str | None) -> None:
    """Import mtqa from path (or this checkout) before anything else imports it."""
    sys.path.insert(0, str(pathlib.Path(path).resolve()) if path else str(ROOT))
    import mtqa  # noqa: F401


CJK = ("zh", "ja", "ko")
RATIO_OFF = 1.5


class Runner:
    """mtqa's divergence rules on one pair, as `check --source` runs them."""

    def __init__(self, min_confidence: float | None = None) -> None:
        from mtqa.annotate import annotate
        from mtqa.checks.context import Context
        from mtqa.divergence import make_pair, run_divergence
        from mtqa.document import Document
        from mtqa.pipeline import Engine, Options
        try:
            self.engine = Engine(Options(select=("diverge",), min_confidence=min_confidence))
            self.floor: float | None = self.engine.options.confidence_floor
        except TypeError:  # a checkout from before confidence thresholds (--mtqa)
            self.engine, self.floor = Engine(Options(select=("diverge",))), None
        self.ctx = Context(self.engine.packs, frozenset(), self.engine.options.selection)
        self._annotate, self._make_pair, self._run = annotate, make_pair, run_divergence
        self._doc = Document

    def run(self, source: str, target: str, sl: str, tl: str):
        tgt = self._annotate(self._doc.build(target, path="target", lang=tl))
        src = self._doc.build(source, path="source", lang=sl)
        pair = self._make_pair(src, tgt)
        found = self._run(pair, self.ctx) if self.floor is None else \
            self._run(pair, self.ctx, self.floor)
        found = [f for f in found if f.rule.startswith("diverge.")]
        return found, pair, tgt.word_count, src.word_count


def length_baseline(pair) -> list[tuple[int, int]]:
    """Target spans of 1-1 links whose length ratio is far from the document's median."""
    rows = []
    for seg in pair.matched():
        if len(seg.src) == 1 and len(seg.tgt) == 1:
            s, t = pair.src_text(seg), pair.tgt_text(seg)
            if s and t:
                rows.append((len(t) / len(s), seg.tgt_span))
    if not rows:
        return []
    med = statistics.median(r for r, _ in rows)
    return [span for r, span in rows if r > med * RATIO_OFF or r < med / RATIO_OFF]


def _overlaps(fs: int, fe: int, s: int, e: int) -> bool:
    if s == e:  # a gap (omission): a finding at or around it
        return fs - 2 <= s <= fe + 2
    return fs < e and s < fe if fe > fs else s <= fs < e


def _before(p: int, cut: int, delta: int) -> int:
    """A position in the copy as a position in the clean target (text after the injected
    span moved by delta)."""
    return p if p < cut else p - delta


def _work(args):
    """One clean pair and its copies (a worker's unit)."""
    pair_d, copies, min_confidence = args
    runner = _RUNNER.get("r")
    if runner is None:
        runner = _RUNNER["r"] = Runner(min_confidence)
    sl, tl = pair_d["src_lang"], pair_d["tgt_lang"]
    clean, cpair, tw, sw = runner.run(pair_d["source"], pair_d["target"], sl, tl)
    words = sw if tl in CJK else tw
    base_clean = length_baseline(cpair)
    clean_keys = {(f.rule, f.start, f.end) for f in clean}
    out = {"words": words, "false": [(f.rule, pair_d["target"][f.start:f.end][:80], f.message)
                                     for f in clean],
           "false_conf": [(f.rule, f.confidence) for f in clean],
           "base_false": len(base_clean), "copies": []}
    for c in copies:
        found, cp, _, _ = runner.run(pair_d["source"], c["injected"], sl, tl)
        s, e = c["start"], c["end"]
        delta = len(c["injected"]) - len(pair_d["target"])

        cut = max(e, s)
        new = [f for f in found
               if (f.rule, _before(f.start, cut, delta), _before(f.end, cut, delta)) not in clean_keys]
        at = [f for f in new if _overlaps(f.start, f.end, s, e)]
        base_at = [sp for sp in length_baseline(cp) if _overlaps(sp[0], sp[1], s, e)]
        out["copies"].append({"type": c["type"], "rule": c["rule"],
                              "hit": any(f.rule == c["rule"] for f in at), "any": bool(at),
                              "base": bool(base_at), "note": c["note"],
                              "got": sorted({f.rule for f in at}),
                              "hit_conf": max((f.confidence for f in at if f.rule == c["rule"]),
                                              default=None)})
    return pair_d["corpus"], pair_d["lp"], out


_RUNNER: dict = {}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", help="a corpus of scripts/challenge.py (repeatable)")
    ap.add_argument("--dev", action="store_true", help="Text+Berg's dev article instead of its test set")
    ap.add_argument("--limit", type=int, default=40, help="windows per corpus (0 = all; default 40)")
    ap.add_argument("--type", action="append", help="only these injected types (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--details", action="store_true", help="list false findings and misses")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--calibrate", action="store_true",
                    help="measure with every finding (--min-confidence 0) and print, per rule, "
                    "false findings per 1,000 words and catches at each confidence threshold")
    ap.add_argument("--mtqa", help="import mtqa from this checkout (before/after comparisons)")
    ap.add_argument("--min-confidence", type=float, default=None,
                    help="report divergences this sure or surer (default: mtqa's calibrated threshold)")
    a = ap.parse_args(argv)
    _import_mtqa(a.mtqa)
    if a.calibrate:
        a.min_confidence = 0.0
    import challenge
    units = []
    per_corpus: Counter = Counter()
    for p, copies in challenge.challenge(a.corpus, a.dev, a.type):
        if a.limit and per_corpus[p.corpus] >= a.limit:
            continue
        per_corpus[p.corpus] += 1
        pd = {"corpus": p.corpus, "lp": p.lp, "src_lang": p.src_lang, "tgt_lang": p.tgt_lang,
              "source": p.source, "target": p.target}
        units.append((pd, [{"type": c.type, "rule": challenge.TYPES[c.type], "injected": c.target,
                            "start": c.start, "end": c.end, "note": c.note} for c in copies],
                      a.min_confidence))
    if not units:
        print("eval_source: no evaluation data found under ../shared/eval", file=sys.stderr)
        return 0
    t0 = time.perf_counter()
    if a.jobs > 1:
        import multiprocessing as mp
        with mp.get_context("fork").Pool(a.jobs) as pool:
            results = pool.map(_work, units, chunksize=2)
    else:
        results = [_work(u) for u in units]
    secs = time.perf_counter() - t0
    report = summarise(results)
    report["seconds"] = round(secs, 1)
    if a.json:
        print(json.dumps(report, indent=1))
    else:
        show(report, results, a.details)
    if a.calibrate:
        calibration(results)
    return 0


THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def calibration(results) -> None:
    """Per rule: false findings per 1,000 words (all corpora pooled) and injected errors
    caught, at each confidence threshold: where to draw the line for the false-alarm goal."""
    words = sum(out["words"] for _, _, out in results)
    false: dict[str, list[float]] = defaultdict(list)
    hits: dict[str, list[float]] = defaultdict(list)
    for _, _, out in results:
        for rule, conf in out["false_conf"]:
            false[rule].append(conf)
        for cp in out["copies"]:
            if cp["hit_conf"] is not None:
                hits[cp["rule"]].append(cp["hit_conf"])
    print(f"\ncalibration over {words} target words: false per 1,000 words / injected errors caught, "
          "at confidence >=")
    print("rule".ljust(26) + "".join(f"{t:>12}" for t in THRESHOLDS))
    for rule in sorted(set(false) | set(hits)):
        cells = [f"{1000 * sum(c >= t for c in false[rule]) / max(1, words):.2f}/{sum(c >= t for c in hits[rule])}"
                 for t in THRESHOLDS]
        print(rule.ljust(26) + "".join(f"{x:>12}" for x in cells))


def summarise(results) -> dict:
    corp: dict = defaultdict(lambda: {"words": 0, "false": Counter(), "base_false": 0,
                                      "types": defaultdict(Counter)})
    for corpus, lp, out in results:
        c = corp[f"{corpus} {lp}"]
        c["words"] += out["words"]
        c["false"].update(r for r, _, _ in out["false"])
        c["base_false"] += out["base_false"]
        for cp in out["copies"]:
            t = c["types"][cp["type"]]
            t["n"] += 1
            t["hit"] += cp["hit"]
            t["any"] += cp["any"]
            t["base"] += cp["base"]
    rep = {}
    for name, c in corp.items():
        n = sum(t["n"] for t in c["types"].values())
        hit = sum(t["hit"] for t in c["types"].values())
        rep[name] = {
            "target_words": c["words"],
            "false_per_1k": round(1000 * sum(c["false"].values()) / max(1, c["words"]), 2),
            "false_by_rule": dict(c["false"].most_common()),
            "baseline_false_per_1k": round(1000 * c["base_false"] / max(1, c["words"]), 2),
            "recall": round(hit / n, 3) if n else None,
            "types": {k: {"n": t["n"], "by_rule": round(t["hit"] / t["n"], 3),
                          "any": round(t["any"] / t["n"], 3), "baseline": round(t["base"] / t["n"], 3)}
                      for k, t in sorted(c["types"].items())},
        }
    return rep


def show(report, results, details: bool) -> None:
    import challenge
    for name, r in report.items():
        if name == "seconds":
            continue
        print(f"== {name}: {r['target_words']} target words")
        print(f"   false divergences per 1,000 words: {r['false_per_1k']}  "
              f"(length-ratio baseline {r['baseline_false_per_1k']})")
        if r["false_by_rule"]:
            print("   by rule:", ", ".join(f"{k} {v}" for k, v in r["false_by_rule"].items()))
        print(f"   challenge recall (rule meant for it): {r['recall']}")
        print("   " + "type".ljust(18) + "n".rjust(5) + "by rule".rjust(9) + "any".rjust(7) + "length".rjust(8))
        for k in challenge.TYPES:
            t = r["types"].get(k)
            if t:
                print("   " + k.ljust(18) + str(t["n"]).rjust(5) + f"{t['by_rule']:9.2f}{t['any']:7.2f}{t['baseline']:8.2f}")
    print(f"({report['seconds']} s)")
    if details:
        for corpus, _lp, out in results:
            for rule, span, msg in out["false"]:
                print(f"FALSE {corpus} {rule}: {span!r} — {msg}")
            for cp in out["copies"]:
                if not cp["hit"]:
                    print(f"MISS {corpus} {cp['type']}: {cp['note']} (got {cp['got']})")


if __name__ == "__main__":
    sys.exit(main())
