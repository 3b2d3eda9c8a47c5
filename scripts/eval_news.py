"""Recall on real machine-translated news and false alarms on clean news, beside proselint.

    python scripts/eval_news.py [--data ../shared/eval/news-dev] [--per-article] [--details]
                                [--no-baseline] [--json F]

An annotated artifact counts as found when a finding's span overlaps an occurrence of its
phrase in the article (case-insensitive); every finding on a clean human-written article is
a false alarm (per 1,000 words). proselint, the plain-English linter an editor might run
instead, is measured the same way in the same run (its findings are one word long, from
its line:column). Reads ../shared at run time; nothing of it is stored in the project.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval" / "news-dev"


def mtqa_findings(path: Path, text: str) -> list[dict]:
    """mtqa check as a user runs it (a whole process, so any version can be measured)."""
    out = subprocess.run([sys.executable, "-m", "mtqa", "--no-config", "check", str(path),
                          "--format", "json", "--fail-on", "never"], capture_output=True, text=True)
    return json.loads(out.stdout)["documents"][0]["findings"]


def mtqa_spans(path: Path, text: str) -> list[tuple[int, int]]:
    return [(f["start"], f["end"]) for f in mtqa_findings(path, text)]


def proselint_spans(path: Path, text: str) -> list[tuple[int, int]] | None:
    exe = shutil.which("proselint") or str(Path(sys.executable).parent / "proselint")
    if not Path(exe).exists():
        return None
    out = subprocess.run([exe, "check", str(path)], capture_output=True, text=True).stdout
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    spans = []
    for line in out.splitlines():
        m = re.match(r".*?:(\d+):(\d+): ", line)
        if m:
            ln, col = int(m.group(1)), int(m.group(2))
            s = starts[ln - 1] + col - 1 if ln - 1 < len(starts) else len(text)
            w = re.match(r"\S+", text[s:])
            spans.append((s, s + (w.end() if w else 1)))
    return spans


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    low, p = text.lower(), phrase.lower()
    return [(m.start(), m.start() + len(p)) for m in re.finditer(re.escape(p), low)]


def hits(spans, occ) -> bool:
    return any(s < oe and os_ < e for s, e in spans for os_, oe in occ)


# The categories issue 10 is about (names, official names, furniture, leftovers, formats).
SCOPE = ("name_spelling", "name_translated", "case_ending_leak", "org_name", "fixed_phrase",
         "title", "untranslated", "boilerplate", "punctuation")
# The categories issue 11 is about (the word that doesn't belong: fluency model, grammar).
FLUENCY_SCOPE = ("word_sense", "calque", "idiom", "grammar", "pronoun")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--details", action="store_true",
                    help="list mtqa's findings outside annotated spans, on clean texts, and the missed artifacts")
    ap.add_argument("--no-baseline", action="store_true", help="skip proselint")
    ap.add_argument("--json", default="")
    a = ap.parse_args(argv)
    if not (a.data / "cases.jsonl").exists():
        print(f"eval_news: {a.data} not found (../shared/eval is not present)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    tools = {"mtqa": mtqa_spans} if a.no_baseline else {"mtqa": mtqa_spans, "proselint": proselint_spans}
    res = {t: {"found": 0, "artifacts": 0, "per_article": {}, "clean_findings": 0, "clean_words": 0,
               "by_category": {}, "by_lang": {}, "on_spans": 0, "elsewhere": 0}
           for t in tools}
    elsewhere: list[str] = []
    missed: list[str] = []
    for line in (a.data / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        path = a.data / f"{case['slug']}.txt"
        text = path.read_text(encoding="utf-8")
        for name, fn in tools.items():
            spans = fn(path, text)
            if spans is None:
                continue
            r = res[name]
            occ = [occurrences(text, x["phrase"]) for x in case["artifacts"]]
            n = 0
            for x, o in zip(case["artifacts"], occ):
                got = hits(spans, o)
                n += got
                for key, val in (("by_category", x["category"]), ("by_lang", case["source_lang"])):
                    cell = r[key].setdefault(val, [0, 0])
                    cell[0] += got
                    cell[1] += 1
                if name == "mtqa" and not got:
                    missed.append(f"{case['slug']:38s} {x['category']:16s} {x['phrase'][:60]!r}")
            for s, e in spans:
                on = any(s < oe and os_ < e for o in occ for os_, oe in o)
                r["on_spans" if on else "elsewhere"] += 1
                if name == "mtqa" and not on:
                    elsewhere.append(f"{case['slug']:38s} {text[s:e][:70]!r}")
            r["found"] += n
            r["artifacts"] += len(case["artifacts"])
            r["per_article"][case["slug"]] = [n, len(case["artifacts"])]
    clean_listed: list[str] = []
    for path in sorted((a.data / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for name, fn in tools.items():
            if name == "mtqa":
                found = mtqa_findings(path, text)
                spans = [(f["start"], f["end"]) for f in found]
                clean_listed += [f"{path.stem:38s} {f['rule']:32s} {text[f['start']:f['end']][:50]!r}"
                                 for f in found]
            else:
                spans = fn(path, text)
            if spans is not None:
                res[name]["clean_findings"] += len(spans)
                res[name]["clean_words"] += len(text.split())
    wall = time.perf_counter() - t0
    print(f"{'tool':10s} {'recall':>14s} {'names (*)':>14s} {'fluency (+)':>14s} "
          f"{'mean per article':>17s} "
          f"{'on spans/elsewhere':>19s} {'clean: findings':>16s} {'per 1k words':>12s}")
    for name, r in res.items():
        if not r["artifacts"]:
            print(f"{name:10s} not installed")
            continue
        per = [f / t for f, t in r["per_article"].values() if t]
        scopes = ""
        for scope in (SCOPE, FLUENCY_SCOPE):
            sf = sum(r["by_category"].get(c, [0, 0])[0] for c in scope)
            st = sum(r["by_category"].get(c, [0, 0])[1] for c in scope)
            scopes += f"{sf:>5d}/{st:<4d}{sf / max(st, 1):5.3f} "
        print(f"{name:10s} {r['found']:>5d}/{r['artifacts']:<4d}{r['found'] / r['artifacts']:5.3f} "
              f"{scopes}{sum(per) / len(per):17.3f} "
              f"{r['on_spans']:>10d}/{r['elsewhere']:<8d} {r['clean_findings']:16d} "
              f"{1000 * r['clean_findings'] / max(r['clean_words'], 1):12.1f}")
    for key, title in (("by_category", "category"), ("by_lang", "source language")):
        names = list(res)
        print(f"\nrecall by {title:16s}" + "".join(f"{n:>16s}" for n in names))
        for val in sorted(res["mtqa"][key], key=lambda v: (v not in SCOPE, v)):
            cells = "".join(f"{res[n][key].get(val, [0, 0])[0]:>9d}/{res[n][key].get(val, [0, 0])[1]:<3d}"
                            f"{res[n][key].get(val, [0, 1])[0] / max(res[n][key].get(val, [0, 1])[1], 1):4.2f}"
                            for n in names)
            mark = " *" if val in SCOPE else " +" if val in FLUENCY_SCOPE else ""
            print(f"  {val + mark:25s}{cells}")
    if a.per_article:
        for name, r in res.items():
            print(f"\n{name} per article")
            for slug, (f, t) in r["per_article"].items():
                print(f"    {slug:40s} {f}/{t}")
    if a.details:
        print("\nmtqa findings outside annotated spans (judge each):")
        print("\n".join("  " + x for x in elsewhere) or "  none")
        print("\nmtqa findings on clean human-written news (false alarms):")
        print("\n".join("  " + x for x in clean_listed) or "  none")
        print("\nannotated artifacts mtqa misses:")
        print("\n".join("  " + x for x in missed))
    print(f"\n* = category of issue 10 (names, furniture, leftovers); + = of issue 11 (the word "
          f"that doesn't belong); wall time {wall:.1f} s")
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
