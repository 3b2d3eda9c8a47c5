"""Recall on real machine-translated news and false alarms on clean news, beside proselint.

    python scripts/eval_news.py [--data ../shared/eval/news-dev] [--per-article] [--json F]

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval" / "news-dev"


def mtqa_spans(path: Path, text: str) -> list[tuple[int, int]]:
    """mtqa check as a user runs it (a whole process, so any version can be measured)."""
    out = subprocess.run([sys.executable, "-m", "mtqa", "--no-config", "check", str(path),
                          "--format", "json", "--fail-on", "never"], capture_output=True, text=True)
    doc = json.loads(out.stdout)["documents"][0]
    return [(f["start"], f["end"]) for f in doc["findings"]]


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--json", default="")
    a = ap.parse_args(argv)
    if not (a.data / "cases.jsonl").exists():
        print(f"eval_news: {a.data} not found (../shared/eval is not present)", file=sys.stderr)
        return 2
    tools = {"mtqa": mtqa_spans, "proselint": proselint_spans}
    res = {t: {"found": 0, "artifacts": 0, "per_article": {}, "clean_findings": 0, "clean_words": 0}
           for t in tools}
    for line in (a.data / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        path = a.data / f"{case['slug']}.txt"
        text = path.read_text(encoding="utf-8")
        for name, fn in tools.items():
            spans = fn(path, text)
            if spans is None:
                continue
            n = sum(hits(spans, occurrences(text, x["phrase"])) for x in case["artifacts"])
            r = res[name]
            r["found"] += n
            r["artifacts"] += len(case["artifacts"])
            r["per_article"][case["slug"]] = [n, len(case["artifacts"])]
    for path in sorted((a.data / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for name, fn in tools.items():
            spans = fn(path, text)
            if spans is not None:
                res[name]["clean_findings"] += len(spans)
                res[name]["clean_words"] += len(text.split())
    print(f"{'tool':10s} {'recall':>14s} {'mean per article':>17s} {'clean: findings':>16s} {'per 1k words':>12s}")
    for name, r in res.items():
        if not r["artifacts"]:
            print(f"{name:10s} not installed")
            continue
        per = [f / t for f, t in r["per_article"].values() if t]
        print(f"{name:10s} {r['found']:>5d}/{r['artifacts']:<4d}{r['found'] / r['artifacts']:5.3f} "
              f"{sum(per) / len(per):17.3f} {r['clean_findings']:16d} "
              f"{1000 * r['clean_findings'] / max(r['clean_words'], 1):12.1f}")
        if a.per_article:
            for slug, (f, t) in r["per_article"].items():
                print(f"    {slug:40s} {f}/{t}")
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
