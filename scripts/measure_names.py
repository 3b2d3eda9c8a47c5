"""Measure the names check on correct news text: how often does it flag a correct name?

Real news that is correct English: the Lee corpus background set (~300 Australian news
articles from 2001, one per line) that ships in gensim's test data, plus the bundled sample
articles in corpora/samples/. The gensim wheel is fetched with `pip download --no-deps` and
read with zipfile; gensim is never installed.

    python3 scripts/measure_names.py                     # Lee corpus + corpora/samples
    python3 scripts/measure_names.py --files a.txt b.cor  # your own files (.cor: one doc a line)
    python3 scripts/measure_names.py --rules MYPACK       # with a user pack's gazetteer.tsv
    python3 scripts/measure_names.py --no-lee --files ../shared/eval/align/parice-en-is/eng/*.txt

Prints the number of capitalised tokens checked, findings, findings per 1,000 words, the
time per article, and every flag with its context, so each can be judged by hand.
Target: at most 1 false flag per 10,000 words of correct news.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa import packs as packs_mod  # noqa: E402
from mtqa.checks import Context, names  # noqa: E402
from mtqa.document import Document  # noqa: E402

LEE = ("lee_background.cor", "lee.cor")


def lee_corpus(cache: Path) -> list[tuple[str, str]]:
    """(name, text) for each article of the Lee corpus, fetched from the gensim wheel."""
    cache.mkdir(parents=True, exist_ok=True)
    files = [cache / n for n in LEE]
    if not all(f.exists() for f in files):
        wheels = sorted(cache.glob("gensim-*.whl"))
        if not wheels:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                            "--only-binary", ":all:", "-d", str(cache), "gensim"], check=True)
            wheels = sorted(cache.glob("gensim-*.whl"))
        with zipfile.ZipFile(wheels[-1]) as z:
            for f in files:
                f.write_bytes(z.read(f"gensim/test/test_data/{f.name}"))
    return [d for f in files for d in cor_docs(f)]


def cor_docs(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [(f"{path.name}:{i}", line.strip()) for i, line in enumerate(lines, 1) if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", nargs="*", type=Path, help="text files (.cor: one document a line)")
    ap.add_argument("--no-lee", action="store_true", help="skip the Lee corpus")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "mtqa-lee",
                    help="where the gensim wheel and the extracted corpus are kept")
    ap.add_argument("--rules", nargs="*", default=(), help="extra rule packs (gazetteer.tsv)")
    args = ap.parse_args()

    docs: list[tuple[str, str]] = []
    if args.files:
        for f in args.files:
            docs += cor_docs(f) if f.suffix == ".cor" else [
                (str(f), f.read_text(encoding="utf-8"))]
    else:
        if not args.no_lee:
            docs += lee_corpus(args.cache)
        for f in sorted((ROOT / "corpora" / "samples").glob("*.txt")):
            docs.append((f"samples/{f.name}", f.read_text(encoding="utf-8")))

    ctx = Context(packs=packs_mod.load(args.rules))
    extra = tuple(Path(p) for p in ctx.packs.gazetteers)
    gaz = names.gazetteer(extra)
    endings = names.case_endings(tuple(p.parent / "case-endings.tsv" for p in extra))
    print(f"gazetteer: {len(gaz.entities)} entities, {len(gaz.tokens)} tokens; "
          f"case endings: {len(endings)}")
    t0 = time.perf_counter()
    names.run(Document.build("Warm-up of Volodymyr.", lang="en"), ctx)
    print(f"data load: {time.perf_counter() - t0:.2f} s")

    n_words = n_caps = 0
    flags = []
    elapsed = 0.0
    by_source: dict[str, list[int]] = {}
    for name, text in docs:
        doc = Document.build(text, path=name, lang="en")
        words = sum(1 for t in doc.tokens
                    if t.kind == "word" and t.text.lower() not in ("'s", "’s"))
        caps = sum(1 for t in doc.tokens if t.kind == "word" and t.text[:1].isupper())
        t0 = time.perf_counter()
        found = list(names.run(doc, ctx))
        elapsed += time.perf_counter() - t0
        n_words += words
        n_caps += caps
        src = name.split(":")[0] if ":" in name else Path(name).parent.name
        acc = by_source.setdefault(src, [0, 0, 0])
        acc[0] += words
        acc[1] += caps
        acc[2] += len(found)
        for f in found:
            ctx_s = text[max(0, f.start - 40):f.end + 40].replace("\n", " ")
            flags.append((name, f, text[f.start:f.end], ctx_s))

    print(f"documents: {len(docs)}, words: {n_words}, capitalised tokens checked: {n_caps}")
    for src, (w, c, n) in by_source.items():
        print(f"  {src}: {w} words, {c} capitalised, {n} findings")
    print(f"findings: {len(flags)}  ({1000 * len(flags) / max(n_words, 1):.3f} per 1,000 words)")
    print(f"time: {1000 * elapsed / max(len(docs), 1):.2f} ms per document, "
          f"{1000 * 600 * elapsed / max(n_words, 1):.2f} ms per 600 words")
    for name, f, span, ctx_s in flags:
        print(f"  {name} {f.rule} {span!r} -> {f.suggestion!r}  …{ctx_s}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
