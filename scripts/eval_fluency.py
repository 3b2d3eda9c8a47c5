"""Does the fluency score tell machine-translated news from human-written news? Document AUC.

    python scripts/eval_fluency.py [--mt DIR] [--clean PATH ...] [--min-words 130]
                                   [--max-words 340] [--base /tmp/base] [--norms]

The positives are the MT articles of news-dev (DIR/*.txt, not *.source.txt); the negatives
are clean human-written news: files ending in .txt (one article each) and files ending in
.cor (one article per line), by default news-dev's clean/ folder. AUC is the probability
that an MT article scores lower than a clean one (ties count half); it is printed for the
fluency score, for each of its parts, and for baselines measured in the same run:

- the previous fluency score (the code at --base, run in a subprocess with PYTHONPATH set to
  it, when that folder exists);
- target length (longer = more likely MT: the dev MT openings are longer than most clean
  ones);
- proselint findings per word, when proselint is installed (`pip install proselint`; a
  baseline, not a dependency of mtqa).

The MT texts are article openings of 150-500 words, so every figure is also given "matched":
each text cut at a sentence end to at most --max-words words, texts shorter than
--min-words left out, on both sides.

--norms prints the clean-news norms of the context-model parts ([fluency.norms.<lang>] of
corpora/scoring/model.toml): the median document and the 10th/90th percentile. They are
measured on the clean documents only, never on MT.

A larger clean body. news-dev/clean has 6 texts; add more human-written English news, e.g.
the Lee corpus, which ships in the gensim wheel:
    pip download --no-deps gensim && unzip -j gensim-*.whl '*/lee_background.cor'
(299 Australian news articles, one a line), and any folder of wire-service openings saved
as text (one article per file), then pass them: --clean DIR/*.txt lee_background.cor.
Nothing of the evaluation data is stored in the project.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval" / "news-dev"

# The previous code's fluency, run in a subprocess: JSON list of texts in, values out.
_OLD = """
import json, sys
from mtqa.document import Document
from mtqa.scoring.fluency import fluency
texts = json.load(sys.stdin)
print(json.dumps([fluency(Document.build(t, lang="en"))[0].value for t in texts]))
"""


def read_docs(paths: list[str]) -> list[tuple[str, str]]:
    """(name, text) of each article: a .cor file holds one article per line."""
    out = []
    for p in map(Path, paths):
        if p.suffix == ".cor":
            out += [(f"{p.name}:{i + 1}", line.strip())
                    for i, line in enumerate(p.read_text(encoding="utf-8").splitlines()) if line.strip()]
        elif p.is_file():
            out.append((p.name, p.read_text(encoding="utf-8")))
    return out


def cut(text: str, lo: int, hi: int) -> str | None:
    """The text up to the last sentence end within hi words; None when under lo words."""
    from mtqa.document import Document

    doc = Document.build(text, lang="en")
    if doc.word_count < lo:
        return None
    end = 0
    for s in doc.sentences:
        if doc.words_between(0, s.tok_hi) > hi and end:
            break
        end = s.end
    return text[:end]


def auc(pos: list[float], neg: list[float]) -> float:
    """P(an MT text scores lower than a clean one), ties half."""
    if not pos or not neg:
        return float("nan")
    allv = sorted((v, 0) for v in pos) + sorted((v, 1) for v in neg)
    allv.sort()
    # rank-sum (Mann-Whitney) with average ranks for ties
    ranks: dict[float, float] = {}
    i = 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        ranks[allv[i][0]] = (i + j + 1) / 2
        i = j
    r_pos = sum(ranks[v] for v in pos)
    u = r_pos - len(pos) * (len(pos) + 1) / 2  # pairs where MT ranks above clean
    return 1.0 - u / (len(pos) * len(neg))


def new_scores(text: str) -> dict[str, float]:
    from mtqa import pipeline
    from mtqa.scoring.fluency import fluency

    # as `mtqa check` computes it: the checks' findings feed the part that counts them
    result = pipeline.analyse(text).documents[0]
    doc = result.doc
    f, _ = fluency(doc, result.findings, lang="en")
    out = {"fluency": f.value}
    out.update({f"part {k}": p.value for k, p in f.parts.items()})
    c = {k: p.counts for k, p in f.parts.items()}
    if "vocabulary" in c:
        out["raw zipf"] = c["vocabulary"]["zipf"] / c["vocabulary"]["words"]
    if "variety" in c:
        from mtqa.scoring.fluency import config
        size = int(config()["fluency"]["variety"]["window"])
        out["raw variety"] = c["variety"]["distinct"] / (c["variety"]["windows"] * size)
    if "context_fit" in c:
        out["raw low_fit"] = c["context_fit"]["low"] / c["context_fit"]["pairs"]
    out["length (-words)"] = -doc.word_count
    return out


def old_scores(texts: list[str], base: Path) -> list[float] | None:
    if not (base / "mtqa").is_dir():
        return None
    env = dict(os.environ, PYTHONPATH=str(base))
    out = subprocess.run([sys.executable, "-c", _OLD], input=json.dumps(texts), capture_output=True,
                         text=True, cwd=base, env=env, check=True)
    return json.loads(out.stdout)


def proselint_rate(text: str) -> float | None:
    """-(proselint findings per word), or None without proselint."""
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    reg = CheckRegistry()
    if not reg.checks:
        reg.register_many(__register__)
    return -len(LintFile("-", text).lint()) / max(len(text.split()), 1)


def measure(mt: list[str], clean: list[str], base: Path
            ) -> tuple[dict[str, list[float | None]], list[int]]:
    """Every score of every text (MT first, then clean; None: a part the text lacks, e.g.
    variety under one window of words) and the labels (1 = MT)."""
    texts = mt + clean
    rows = [new_scores(t) for t in texts]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    scores: dict[str, list[float | None]] = {k: [r.get(k) for r in rows] for k in keys}
    old = old_scores(texts, base)
    if old is not None:
        scores["previous fluency"] = list(old)
    pl = [proselint_rate(t) for t in texts]
    if all(v is not None for v in pl):
        scores["proselint (-per word)"] = pl
    return scores, [1] * len(mt) + [0] * len(clean)


def report(scores: dict[str, list[float | None]], labels: list[int],
           matched: dict[str, list[float | None]], mlabels: list[int]) -> None:
    def split(vals: list[float | None], lab: list[int]) -> tuple[list[float], list[float]]:
        return ([v for v, y in zip(vals, lab) if y and v is not None],
                [v for v, y in zip(vals, lab) if not y and v is not None])

    print(f"{'score':28s} {'AUC all':>8s} {'matched':>8s}   (MT {sum(labels)} vs clean "
          f"{len(labels) - sum(labels)}; matched {sum(mlabels)} vs {len(mlabels) - sum(mlabels)})")
    for k, vals in scores.items():
        if k.startswith("raw "):
            continue
        m = matched.get(k)
        am = auc(*split(m, mlabels)) if m else float("nan")
        print(f"{k:28s} {auc(*split(vals, labels)):8.3f} {am:8.3f}")


def quantile(v: list[float], p: float) -> float:
    """The p-quantile of sorted values (the value at rank p * n)."""
    return v[min(len(v) - 1, int(p * len(v)))]


def norms(scores: dict[str, list[float | None]], labels: list[int]) -> None:
    for k in ("raw zipf", "raw variety", "raw low_fit"):
        v = sorted(x for x, y in zip(scores.get(k, []), labels) if not y and x is not None)
        if v:
            print(f"{k[4:]:10s} median {quantile(v, 0.5):.4f}  p10 {quantile(v, 0.1):.4f}  "
                  f"p90 {quantile(v, 0.9):.4f}  ({len(v)} clean)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mt", type=Path, default=DATA, help="folder of MT articles (*.txt)")
    ap.add_argument("--clean", nargs="+", default=[str(p) for p in sorted((DATA / "clean").glob("*.txt"))],
                    help="clean articles: .txt files, .cor files (one article a line)")
    ap.add_argument("--min-words", type=int, default=130)
    ap.add_argument("--max-words", type=int, default=340)
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"),
                    help="checkout of the previous code, for its fluency score")
    ap.add_argument("--norms", action="store_true", help="print the clean-news norms and stop")
    a = ap.parse_args(argv)
    mt = [t for n, t in read_docs(sorted(str(p) for p in a.mt.glob("*.txt")
                                         if not p.name.endswith(".source.txt")))]
    clean = [t for n, t in read_docs(a.clean)]
    if not mt or not clean:
        print("no MT or no clean texts found", file=sys.stderr)
        return 2
    if a.norms:
        rows = [new_scores(t) for t in clean]
        keys = dict.fromkeys(k for r in rows for k in r)
        norms({k: [r.get(k) for r in rows] for k in keys}, [0] * len(clean))
        return 0
    scores, labels = measure(mt, clean, a.base)
    mt_m = [c for c in (cut(t, a.min_words, a.max_words) for t in mt) if c]
    cl_m = [c for c in (cut(t, a.min_words, a.max_words) for t in clean) if c]
    matched, mlabels = measure(mt_m, cl_m, a.base)
    report(scores, labels, matched, mlabels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
