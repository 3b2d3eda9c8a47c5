#!/usr/bin/env python3
"""Build the compact tables of the collocations check, and measure the check.

The rule (mtqa/checks/collocations.py, rule collocations.unusual-pair)
    For adjacent lowercase words (m, h) -- m a modifier (tagged a or n), h a noun
    head (tagged n but not a) -- flag m when the pair (m, h) is ABSENT from the web
    bigram table (fewer than T = 100,000 occurrences) while (m', h) is STRONG
    (at least K x T occurrences) for a WordNet synonym m' of m; suggest m'.
    Synonyms: single-word co-members of m's adjective synsets when m is tagged a,
    else of its noun synsets.  Function words and number words are never m, m' or h.

What it builds (atomic writes, deterministic output)
    corpora/collocations/en-collocations.tsv
        ``head<TAB>strong<TAB>present``: one row per head h with at least one
        strong modifier m' that is a synonym of some modifier.  strong =
        space-separated ``m':count`` (count = raw occurrences, descending);
        present = space-separated modifiers x whose pair (x, h) is in the table
        (>= T) but below the strong threshold and whose synonyms include one of
        h's strong modifiers -- exactly the membership facts the rule needs.
    corpora/collocations/en-synonyms.tsv
        ``word<TAB>synonyms``: for every possible modifier, its WordNet synonyms
        that are strong modifiers of at least one head (space-separated, sorted).

From what (build time only; mtqa reads the TSV files)
    - symspellpy's bigram dictionary (see scripts/build_bigrams.py: the counts
      are Peter Norvig's count_2w.txt, from the Google Web Trillion Word Corpus,
      2006, x 64, truncated at 100,000 raw occurrences).  MIT licence.
    - WordNet 3.0 data.adj / data.noun from Debian's wordnet-base
      (/usr/share/wordnet).  WordNet 3.0 licence, Princeton University.
    - corpora/lexicon/en-pos.tsv (WordNet POS tags, built by
      scripts/build_pos_lexicon.py) for the modifier/head filters.

Measurement
    --measure FILE   run the real check over FILE (one article per line, e.g.
                     gensim's lee_background.cor): findings per 1,000 words, the
                     list of flags, load and run time; plus a synthetic-error
                     recall: attested text pairs whose modifier is swapped for a
                     WordNet synonym that is absent with the head.
    --mqm FILE       run the check over the MT outputs of an MQM JSONL file
                     (../shared/eval/mqm) and count flags inside annotated errors.

Usage
    apt-get install -y wordnet-base && pip install symspellpy==6.10.1
    python scripts/build_collocations.py [--k 5]
    python scripts/build_collocations.py --measure /tmp/lee/lee_background.cor
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bigrams import FUNCTION_WORDS, SCALE, atomic_write, is_word, load_symspell, read_tsv

FORMAT_VERSION = "1"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "collocations"
DEFAULT_K = 5
NUMBER_WORDS = frozenset("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand million billion trillion dozen first second third fourth fifth
sixth seventh eighth ninth tenth half
""".split())
ORIGIN = ("# origin: the counts are Peter Norvig's count_2w.txt (Google Web Trillion Word "
          "Corpus, 2006 web text) as shipped, x 64, in symspellpy's bigram dictionary "
          "(which describes itself as derived from Google Books Ngram data); the table is "
          "truncated at 100,000 raw occurrences and lowercase only")
LICENCE = ("# licence: bigram counts: MIT licence, symspellpy {ver} (Python port by mmb L) of "
           "SymSpell by Wolf Garbe, data from Norvig's count_2w (Google Web 1T); synonyms and "
           "POS: WordNet 3.0 Copyright 2006 by Princeton University, all rights reserved, "
           "used under the WordNet 3.0 licence (use, copy, modify and distribute for any "
           "purpose without fee, with the copyright notice retained; "
           "https://wordnet.princeton.edu/license-and-commercial-use)")

WORDNET_NOTICE = (
    "# wordnet-notice: WordNet 3.0 Copyright 2006 by Princeton University. All rights "
    "reserved. THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES "
    "NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT "
    "LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF "
    "MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED "
    "SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, "
    "COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton "
    "may not be used in advertising or publicity pertaining to distribution of the software "
    "and/or database. Title to copyright in this software, database and any associated "
    "documentation shall at all times remain with Princeton University. (Full licence: "
    "corpora/collocations/PROVENANCE.md)")

# ---------------------------------------------------------------- inputs
def wordnet_version(wordnet: Path) -> str:
    try:
        import subprocess
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "wordnet-base"],
                             capture_output=True, text=True, check=False).stdout.strip()
        return f"Debian wordnet-base {out}" if out else "WordNet 3.0"
    except OSError:
        return "WordNet 3.0"


def load_synsets(wordnet: Path) -> dict[str, dict[str, set[str]]]:
    """{'a': word -> co-members of its adjective synsets, 'n': ... noun synsets};
    single words only (no '_'), lowercased, adjective markers like '(a)' removed."""
    from wordnet_data import synset_lemmas

    out: dict[str, dict[str, set[str]]] = {}
    for p in ("a", "n"):
        d: dict[str, set[str]] = {}
        for lemmas in synset_lemmas(wordnet, p):
            ws = sorted({w.lower().split("(")[0] for w in lemmas if "_" not in w})
            for w in ws:
                d.setdefault(w, set()).update(x for x in ws if x != w)
        out[p] = d
    return out


def load_pos(lexicon: Path) -> tuple[dict[str, str], str]:
    meta, rows = read_tsv(lexicon / "en-pos.tsv")
    digest = hashlib.sha256((lexicon / "en-pos.tsv").read_bytes()).hexdigest()[:16]
    return {r[0]: r[1] for r in rows if len(r) == 2}, digest


class Lexicon:
    """The POS and synonym filters shared by the build and the measurement."""

    def __init__(self, pos: dict[str, str], syn: dict[str, dict[str, set[str]]]):
        self.pos, self.syn = pos, syn

    def modifier(self, w: str) -> bool:
        t = self.pos.get(w, "")
        return (("a" in t or "n" in t) and w not in FUNCTION_WORDS and w not in NUMBER_WORDS
                and is_word(w) and w == w.lower())

    def head(self, w: str) -> bool:
        t = self.pos.get(w, "")
        return ("n" in t and "a" not in t and w not in FUNCTION_WORDS
                and w not in NUMBER_WORDS and is_word(w) and w == w.lower())

    def synonyms(self, w: str) -> set[str]:
        """WordNet synonyms of modifier w: adjective synsets if w is tagged a, else noun."""
        if not self.modifier(w):
            return set()
        d = self.syn["a"] if "a" in self.pos.get(w, "") else self.syn["n"]
        return {x for x in d.get(w, ()) if x != w and self.modifier(x)}


# ---------------------------------------------------------------- build
def compute(bigrams: dict[tuple[str, str], int], lex: Lexicon, k: float):
    """Return (strong, present, synonyms) as plain dicts; counts on the raw scale."""
    t_raw = min(bigrams.values()) // SCALE
    threshold = k * t_raw
    syn_all = {w: lex.synonyms(w) for w in sorted(set(lex.pos))}
    syn_all = {w: s for w, s in syn_all.items() if s}
    reachable = set().union(*syn_all.values())  # words that are someone's synonym
    strong: dict[str, dict[str, int]] = {}
    for (m, h), c in bigrams.items():
        raw = c // SCALE
        if raw >= threshold and m in reachable and lex.modifier(m) and lex.head(h):
            strong.setdefault(h, {})[m] = raw
    strong_mods = {m for d in strong.values() for m in d}
    synonyms = {w: s & strong_mods for w, s in syn_all.items()}
    synonyms = {w: s for w, s in synonyms.items() if s}
    present: dict[str, set[str]] = {}
    for x, h in bigrams:
        s = strong.get(h)
        if s and x not in s and synonyms.get(x, set()) & s.keys():
            present.setdefault(h, set()).add(x)
    # Keep only heads where the rule can fire: some synonym word of a strong modifier.
    return strong, present, synonyms, t_raw, threshold


def build(out: Path, lexicon: Path, wordnet: Path, k: float) -> None:
    bigrams, _, ver, seen = load_symspell()
    pos, pos_digest = load_pos(lexicon)
    lex = Lexicon(pos, load_synsets(wordnet))
    strong, present, synonyms, t_raw, threshold = compute(bigrams, lex, k)
    wn = wordnet_version(wordnet)
    common = [
        f"# format-version: {FORMAT_VERSION}",
        f"# source: symspellpy {ver} frequency_bigramdictionary_en_243_342.txt ({seen} lines); "
        f"{wn} data.adj, data.noun; corpora/lexicon/en-pos.tsv (sha256 {pos_digest}...)",
        ORIGIN,
        LICENCE.format(ver=ver),
        WORDNET_NOTICE,
        "# built-by: scripts/build_collocations.py",
        f"# T: {t_raw}",
        f"# k: {k:g}",
        f"# strong-threshold: {threshold:g}",
        "# counts: raw occurrences (symspellpy bigram count / 64 = Norvig count_2w); a pair "
        "absent from the source table has fewer than T occurrences",
    ]
    rows = []
    for h in sorted(strong):
        s = sorted(strong[h].items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(f"{h}\t{' '.join(f'{m}:{c}' for m, c in s)}\t"
                    f"{' '.join(sorted(present.get(h, ())))}")
    n_pairs = sum(len(v) for v in strong.values())
    n_present = sum(len(v) for v in present.values())
    col_header = [
        f"# mtqa collocations: strong modifier+noun pairs of the English web bigram table "
        f"({len(rows)} heads, {n_pairs} strong pairs, {n_present} other attested pairs)",
        *common,
        "# rule: flag modifier m before head h when (m, h) is absent (< T) but (m', h) has "
        ">= strong-threshold occurrences for a synonym m' of m (en-synonyms.tsv)",
        "# filters: h tagged n and not a in en-pos.tsv; modifiers tagged a or n; function "
        "words and number words excluded",
        "# columns: head<TAB>strong<TAB>present  (strong = space-separated modifier:count "
        ">= strong-threshold, by descending count; present = space-separated modifiers x with "
        "T <= count(x, head) < strong-threshold that have a synonym among the strong ones)",
    ]
    col_path = out / "en-collocations.tsv"
    atomic_write(col_path, "\n".join(col_header + rows) + "\n")

    srows = [f"{w}\t{' '.join(sorted(s))}" for w, s in sorted(synonyms.items())]
    syn_header = [
        f"# mtqa collocations: WordNet synonyms of English modifiers, restricted to words "
        f"that are strong modifiers in en-collocations.tsv ({len(srows)} words)",
        *common,
        "# synonyms: single-word co-members of the word's WordNet 3.0 adjective synsets if "
        "en-pos.tsv tags it a, else of its noun synsets; both words tagged a or n; function "
        "and number words excluded",
        "# columns: word<TAB>synonyms  (space-separated, sorted)",
    ]
    syn_path = out / "en-synonyms.tsv"
    atomic_write(syn_path, "\n".join(syn_header + srows) + "\n")
    print(f"build_collocations: {col_path.name} {len(rows)} heads, {n_pairs} strong pairs, "
          f"{n_present} present ({col_path.stat().st_size / 1e3:.0f} kB); {syn_path.name} "
          f"{len(srows)} words ({syn_path.stat().st_size / 1e3:.0f} kB); T={t_raw} k={k:g}")


# ---------------------------------------------------------------- measurement
def _check():
    sys.path.insert(0, str(ROOT))
    from mtqa.checks import Context, collocations
    from mtqa.document import Document
    from mtqa.packs import builtin

    return collocations, Document, Context(packs=builtin())


def measure(path: Path, lexicon: Path, wordnet: Path, seed: int, min_zipf: float) -> str:
    colloc, Document, ctx = _check()
    t0 = time.perf_counter()
    colloc._tables()
    load_ms = 1000 * (time.perf_counter() - t0)
    lines = [ln for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
             if ln.strip()]
    docs = [Document.build(ln) for ln in lines]
    en = [d for d in docs if d.lang == "en"]
    words = sum(d.word_count for d in en)
    t0 = time.perf_counter()
    found = [(d, list(colloc.run(d, ctx))) for d in en]
    run_ms = 1000 * (time.perf_counter() - t0)
    flags = [(d, f) for d, fs in found for f in fs]
    out = [f"measurement text: {path.name}: {len(docs)} articles ({len(en)} identified as en), "
           f"{words} words",
           f"tables: load {load_ms:.1f} ms; run {run_ms:.1f} ms in all, "
           f"{run_ms / max(len(en), 1):.3f} ms per article, "
           f"{run_ms / max(words, 1) * 600:.3f} ms per 600 words",
           f"findings: {len(flags)} = {1000 * len(flags) / max(words, 1):.3f} per 1,000 words "
           f"(one per {words / max(len(flags), 1):,.0f} words)", ""]
    for d, f in flags:
        s = d.text
        ctx_txt = s[max(0, f.start - 40):f.end + 40].replace("\n", " ")
        out.append(f"  {f.evidence['pair']!r} -> {f.evidence['alternative']!r} "
                   f"({f.evidence['alternative_count']:,}): ...{ctx_txt}...")

    # Synthetic wrong-synonym errors: attested pairs, modifier swapped for a synonym that
    # is absent with the head; does the check fire on it and suggest the original?
    bigrams, _, _, _ = load_symspell()
    pos, _ = load_pos(lexicon)
    lex = Lexicon(pos, load_synsets(wordnet))
    sys.path.insert(0, str(ROOT))
    from mtqa import resources
    zipf = resources.word_freqs("en")
    rng = random.Random(seed)
    res = Counter()
    examples = []
    for d in en:
        toks = d.tokens
        for a, b in zip(toks, toks[1:]):
            if a.kind != "word" or b.kind != "word":
                continue
            m, h = a.text, b.text
            if not (lex.modifier(m) and lex.head(h)) or (m, h) not in bigrams:
                continue
            cands = sorted(x for x in lex.synonyms(m) if (x, h) not in bigrams)
            if not cands:
                continue
            m2 = rng.choice(cands)
            common_word = zipf.get(m2, 0.0) >= min_zipf
            text = d.text[:a.start] + m2 + d.text[a.end:]
            doc2 = Document.build(text, lang="en")
            hit = [f for f in colloc.run(doc2, ctx) if f.start == a.start]
            key = "common" if common_word else "rare"
            res[key, "n"] += 1
            res[key, "fired"] += bool(hit)
            res[key, "right"] += bool(hit) and hit[0].suggestion == m
            if hit and common_word and len(examples) < 25:
                examples.append(f"  {m2} {h} -> {hit[0].suggestion} {h} "
                                f"(original: {m} {h}; {hit[0].evidence['alternative_count']:,})")
    out += ["", f"synthetic wrong-synonym errors (attested text pairs, modifier replaced by a "
                f"random WordNet synonym absent with the head; seed {seed}):"]
    for key, label in (("common", f"synonym with zipf >= {min_zipf:g}"),
                       ("rare", f"synonym with zipf < {min_zipf:g}")):
        n = res[key, "n"]
        out.append(f"  {label}: {n} swaps, fired {res[key, 'fired']} "
                   f"({100 * res[key, 'fired'] / max(n, 1):.1f}%), suggested the original "
                   f"{res[key, 'right']} ({100 * res[key, 'right'] / max(n, 1):.1f}%)")
    out.append("examples (common synonyms):")
    out += examples
    return "\n".join(out)


def measure_mqm(path: Path) -> str:
    colloc, Document, ctx = _check()
    n = inside = words = segs = 0
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r.get("is_human"):
            continue
        segs += 1
        doc = Document.build(r["target"], lang="en")
        words += doc.word_count
        errs = [e for e in r["errors"] if e.get("side") == "target"]
        for f in colloc.run(doc, ctx):
            pair_end = f.start + len(f.evidence["pair"])  # "m h" with one space
            hit = [e for e in errs if e["start"] < pair_end and f.start < e["end"]]
            n += 1
            inside += bool(hit)
            out.append(f"  {r['system']} {r['doc']}/{r['seg_id']}: {f.evidence['pair']!r} -> "
                       f"{f.evidence['alternative']!r}; annotated: "
                       f"{[(e['category'], e['text']) for e in hit] or '-'}")
    head = [f"MQM file {path.name}: {segs} MT segments, {words} words; findings {n} "
            f"({1000 * n / max(words, 1):.3f} per 1,000 words), {inside} overlapping an "
            f"annotated target error span"]
    return "\n".join(head + out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--lexicon", type=Path, default=ROOT / "corpora/lexicon")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--k", type=float, default=DEFAULT_K,
                    help=f"strong pair = count >= k*T (default {DEFAULT_K})")
    ap.add_argument("--measure", type=Path, metavar="FILE",
                    help="run the check on FILE (one article per line) and report")
    ap.add_argument("--mqm", type=Path, metavar="FILE",
                    help="run the check on the MT outputs of an MQM JSONL file and report")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--min-zipf", type=float, default=3.0,
                    help="synthetic swaps: a synonym counts as common at this wordfreq zipf")
    args = ap.parse_args(argv)
    if args.measure or args.mqm:
        if args.measure:
            print(measure(args.measure, args.lexicon, args.wordnet, args.seed, args.min_zipf))
        if args.mqm:
            print(measure_mqm(args.mqm))
        return 0
    if not (args.wordnet / "data.adj").exists():
        ap.error(f"WordNet not found in {args.wordnet} (apt-get install -y wordnet-base)")
    build(args.out, args.lexicon, args.wordnet, args.k)
    return 0


if __name__ == "__main__":
    sys.exit(main())
