#!/usr/bin/env python3
"""Evaluate mtqa.align on the gold sentence alignments in ../shared/eval/align.

    python scripts/eval_align.py            # the test sets: a table of strict/lax P, R, F1 and time
    python scripts/eval_align.py --dev      # the development article only (the one used for tuning)
    python scripts/eval_align.py --json     # machine-readable

Data (read at run time, never copied; the script exits 0 with a note when it is absent):
- textberg-de-fr/test{0..6}.{de,fr,defr}: German-French, one tokenized sentence per line,
  gold `[de indices]:[fr indices]` per line (cross-language mode).
- textberg-de-fr/mt/test{k}.de2fr.google against test{k}.fr: line i of the MT file is the
  machine translation of German line i, so the same gold applies with the MT file as the
  source side (same-language mode, French-French).
- parice-en-is/{eng,isl,gold}/*.txt: English-Icelandic, lines `index<TAB>sentence`.
Tuning used only textberg-de-fr/dev.{de,fr,defr} (and mt/eval1957.google.fr, the MT of
dev.de): never the test documents.

Scoring (Sennrich & Volk 2011 as implemented in Vecalign's scorer, which produced the
published Text+Berg figures we compare with):
- precision: every predicted link, including 1-0 / 0-1, is a hit when the same link
  (identical source and target index sets) is in the gold; strict P = hits / predicted.
- recall: over gold links with sentences on both sides only; strict R = gold links found
  exactly / gold links. Unaligned sentences are not recall targets because the gold leaves
  many sentences out of every link (it lists only some 0-1 / 1-0 links), so recall over
  them would reward guessing the annotators' habits rather than alignment.
- lax: a predicted link counts when it overlaps a gold link on both sides.
Counts are pooled over the documents of a dataset (micro average), as Vecalign does.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import pathlib
import sys
import time

# Small matrix products only: OpenBLAS's worker threads cost more than they give, and on a
# busy machine their spinning makes timings erratic. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the aligners' modules (and numpy) imported here, not inside the first timed align(): the
# time column measures alignment, not the interpreter loading them (some 0.1-0.2 s)
from mtqa.align import align, cross, same  # noqa: E402, F401

DATA = ROOT.parent / "shared" / "eval" / "align"


def read_lines(path: pathlib.Path) -> list[str]:
    """One sentence per line (split on \\n only: OCR text may hold other line separators)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_indexed(path: pathlib.Path) -> list[str]:
    out = []
    for line in read_lines(path):
        idx, _, sent = line.partition("\t")
        if int(idx) != len(out):
            raise ValueError(f"{path}: line index {idx} out of sequence")
        out.append(sent)
    return out


def read_gold(path: pathlib.Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    links = []
    for line in read_lines(path):
        if not line.strip():
            continue
        a, b = line.split(":")
        links.append((tuple(ast.literal_eval(a)), tuple(ast.literal_eval(b))))
    return links


def counts(gold, test) -> dict[str, int]:
    """Strict and lax hit counts for one document (see module docstring)."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    gold_pairs = {(s, t) for s, t in gold_set if s and t}
    test_pairs = {(s, t) for s, t in test_set if s and t}

    def lax_hits(pred, ref) -> int:
        ref_tgt_of_src: dict[int, set[int]] = {}
        for s, t in ref:
            for i in s:
                ref_tgt_of_src.setdefault(i, set()).update(t)
        hits = 0
        for s, t in pred:
            if (s, t) in ref:
                hits += 1
            elif set(t) & set().union(*(ref_tgt_of_src.get(i, set()) for i in s)):
                hits += 1
        return hits

    return {
        "pred": len(test_set),
        "p_strict": len(test_set & gold_set),
        "p_lax": lax_hits(test_set, gold_set),
        "gold": len(gold_pairs),
        "r_strict": len(gold_pairs & test_pairs),
        "r_lax": lax_hits(gold_pairs, test_pairs),
    }


def prf(c: dict[str, int]) -> dict[str, float]:
    def f(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0
    ps = c["p_strict"] / c["pred"] if c["pred"] else 0.0
    rs = c["r_strict"] / c["gold"] if c["gold"] else 0.0
    pl = c["p_lax"] / c["pred"] if c["pred"] else 0.0
    rl = c["r_lax"] / c["gold"] if c["gold"] else 0.0
    return {"P": ps, "R": rs, "F1": f(ps, rs), "P_lax": pl, "R_lax": rl, "F1_lax": f(pl, rl)}


def datasets(dev: bool):
    tb = DATA / "textberg-de-fr"
    if dev:
        yield "textberg-de-fr dev", "de", "fr", [
            ("dev", read_lines(tb / "dev.de"), read_lines(tb / "dev.fr"),
             read_gold(tb / "dev.defr"))]
        yield "textberg mt dev (google fr vs fr)", "fr", "fr", [
            ("dev", read_lines(tb / "mt" / "eval1957.google.fr"), read_lines(tb / "dev.fr"),
             read_gold(tb / "dev.defr"))]
        return
    docs = [f"test{k}" for k in range(7)]
    yield "textberg-de-fr test (7 docs)", "de", "fr", [
        (d, read_lines(tb / f"{d}.de"), read_lines(tb / f"{d}.fr"), read_gold(tb / f"{d}.defr"))
        for d in docs]
    yield "textberg mt (google fr vs fr)", "fr", "fr", [
        (d, read_lines(tb / "mt" / f"{d}.de2fr.google"), read_lines(tb / f"{d}.fr"),
         read_gold(tb / f"{d}.defr")) for d in docs]
    pi = DATA / "parice-en-is"
    if pi.is_dir():
        names = sorted(p.name for p in (pi / "gold").glob("*.txt"))
        yield "parice-en-is (10 docs)", "en", "is", [
            (nm, read_indexed(pi / "eng" / nm), read_indexed(pi / "isl" / nm),
             read_gold(pi / "gold" / nm)) for nm in names]


def evaluate(dev: bool = False, options: dict | None = None):
    results = []
    for name, sl, tl, docs in datasets(dev):
        total = dict.fromkeys(("pred", "p_strict", "p_lax", "gold", "r_strict", "r_lax"), 0)
        secs = 0.0
        per_doc = []
        for doc, src, tgt, gold in docs:
            t0 = time.perf_counter()
            al = align(src, tgt, sl, tl, **(options or {}))
            secs += time.perf_counter() - t0
            test = [(lk.src, lk.tgt) for lk in al.links]
            c = counts(gold, test)
            per_doc.append((doc, prf(c)["F1"]))
            for k in total:
                total[k] += c[k]
        r = prf(total)
        r.update(dataset=name, seconds=secs, docs=len(docs), gold_links=total["gold"],
                 predicted=total["pred"], per_doc=per_doc)
        results.append(r)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", action="store_true", help="evaluate on the development article only")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--per-doc", action="store_true", help="also print F1 per document")
    ap.add_argument("--data", type=pathlib.Path, default=None, help="eval/align folder")
    args = ap.parse_args(argv)
    global DATA
    if args.data:
        DATA = args.data
    if not (DATA / "textberg-de-fr").is_dir():
        print(f"eval_align: no evaluation data at {DATA}; nothing to do", file=sys.stderr)
        return 0
    results = evaluate(args.dev)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    head = f"{'dataset':36} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'F1lax':>6} {'time s':>7}"
    print(head)
    print("-" * len(head))
    for r in results:
        print(f"{r['dataset']:36} {r['gold_links']:5d} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} "
              f"{r['F1_lax']:6.3f} {r['seconds']:7.2f}")
    if args.per_doc:
        for r in results:
            print(f"\n{r['dataset']}: strict F1 per document")
            print("  " + "  ".join(f"{d}={f:.3f}" for d, f in r["per_doc"]))
    print("\nstrict: a link counts only when its source and target index sets both match a "
          "gold link;\nP over all predicted links (1-0/0-1 included), R over gold links with "
          "both sides (Vecalign's scorer);\ntime: wall seconds inside align() for the dataset (modules imported beforehand).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
