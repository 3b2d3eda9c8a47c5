#!/usr/bin/env python3
"""Build the English word-bigram (collocation) tables for mtqa, and measure a
negative-association statistic on real text.

What it builds (with --out DIR; not shipped any more)
    DIR/en-bigrams.tsv
        ``w1<TAB>w2<TAB>count``: every bigram of SymSpell's English bigram
        dictionary whose two words are alphabetic (letters, with internal
        hyphens or apostrophes allowed), sorted by (w1, w2).  Counts are copied
        unchanged.  The table is truncated: its minimum count T is the
        threshold below which pairs are absent.
    DIR/en-bigram-marginals.tsv
        ``word<TAB>left<TAB>right<TAB>unigram``: for every alphabetic word of
        SymSpell's unigram dictionary and every word of a kept bigram, the
        total count of kept bigrams with the word as first member (left) and
        as second member (right), and its unigram count (0 if absent).  The
        header gives N (total of kept bigram counts), T (the minimum bigram
        count) and N_uni (total of the unigram counts).

    Observations recorded in the headers: every bigram count is a multiple of
    64, and count/64 never exceeds the smaller unigram count of its two words
    (the largest ratio is 0.986), so count/64 is on the unigram table's scale.
    The counts are identical to Peter Norvig's count_1w.txt / count_2w.txt
    (from the Google Web Trillion Word Corpus, 2006), with bigrams x 64 and
    cut at count_2w's 100,000 threshold: web text, not books.

From what
    symspellpy (version as installed, 6.10.1 when written):
    ``frequency_bigramdictionary_en_243_342.txt`` and
    ``frequency_dictionary_en_82_765.txt`` located with importlib.resources.
    Build-time only: mtqa reads the TSV files, never symspellpy.

Licence
    symspellpy and its dictionaries: MIT licence (Copyright (c) Wolf Garbe,
    SymSpell; Python port by mmb L).  SymSpell describes the frequencies as
    derived from Google Books Ngram data (intersected with hunspell/SCOWL word
    lists); Google asks for acknowledgement: Google Books Ngram Viewer,
    http://books.google.com/ngrams.  (The numbers match Norvig's Google Web
    1T-derived lists; see above.)

Measurement
    ``--measure FILE`` does not build anything: it computes the tables in memory
    (or reads en-bigrams.tsv / en-bigram-marginals.tsv from --out DIR if present)
    plus corpora/lexicon/en-pos.tsv, finds adjacent MODIFIER+NOUN pairs in FILE
    (modifier tagged a or n, head tagged n, neither a function word, both
    lowercase in the text, both in the unigram table), and reports how often
    the rule "pair absent from the table although its expected count under
    independence E is >= k * T" fires, for k in 2, 5, 10, 20, with E computed
    two ways (from the table's marginals, and from the unigram counts).  It
    also reports the same rule on the same pairs with heads shuffled
    (an "implausible pairs" proxy) and a table of probe pairs (``--probe``).
    With WordNet present (``--wordnet``) it also measures an alternative rule:
    flag (m, h) when it is absent but (m', h) is attested with count >= k*T for
    a WordNet synonym m' of m -- false alarms on the text, and how often it
    fires on attested text pairs whose modifier was replaced by a random
    synonym (a proxy for an MT wrong-word-choice error).

Usage
    python scripts/build_bigrams.py --out DIR      # the full tables, for study
    python scripts/build_bigrams.py --measure lee_background.cor [--examples 20]

    The full tables (7 MB) are no longer shipped: the collocations check reads the
    compact tables of scripts/build_collocations.py, which imports load_symspell()
    from here.  --measure computes the tables in memory from symspellpy.
"""
from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mtqa.output import write_atomic

FORMAT_VERSION = "1"
ROOT = Path(__file__).resolve().parent.parent
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
WORD_RE = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")
SCALE = 64  # bigram counts are SCALE x the unigram table's scale (see docstring)
ORIGIN_NOTE = (
    "# origin: SymSpell describes its dictionaries as derived from Google Books Ngram data; the "
    "counts here are identical to Peter Norvig's count_1w.txt / count_2w.txt (Google Web "
    "Trillion Word Corpus, 2006 web text): 'the' 23135851162, 'of the' 2766332391 x 64, "
    "T/64 = 100000 = count_2w's cut-off; every pair is lowercase and within the unigram vocabulary"
)
LICENCE = ("MIT licence: symspellpy {ver} (Python port by mmb L) of SymSpell by Wolf Garbe; "
           "frequencies derived from Google Books Ngram data "
           "(acknowledgement: Google Books Ngram Viewer, http://books.google.com/ngrams)")

DEFAULT_PROBES = [
    "infinity partnership", "lifting efforts", "forced peninsula",
    "strategic partnership", "warm welcome", "peace plan",
]

# Closed-class words: never modifier or head in the measurement (WordNet gives
# some of them noun/adjective senses: "us", "as", "have", "will", "may", ...).
FUNCTION_WORDS = set("""
a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anybody anyhow anyone anything anyway
anywhere are around as at be became because become becomes been before beforehand behind
being below beside besides between beyond both but by can cannot could did do does doing
done down during each either else elsewhere enough etc even ever every everybody everyone
everything everywhere except few for former formerly from further had has have having he
hence her here hereafter hereby herein hers herself him himself his how however i if in
indeed into is it its itself just last latter least less many may me meanwhile might mine
more moreover most mostly much must my myself neither never nevertheless next no nobody
none nor not nothing now nowhere of off often on once one only onto or other others
otherwise our ours ourselves out over own per perhaps rather same say says said see seem
seemed seeming seems several she should since so some somebody somehow someone something
sometime sometimes somewhere still such than that the their theirs them themselves then
thence there thereafter thereby therefore therein thereupon these they this those though
through throughout thru thus to together too toward towards under until up upon us very
via was we well were what whatever when whence whenever where whereafter whereas whereby
wherein whereupon wherever whether which while whither who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves
mr mrs ms dr st today yesterday tomorrow tonight
""".split())
# Tokens after which an adjacent pair very likely starts a noun phrase.
NP_CONTEXT = set("""
the a an this that these those his her its their our my your of in on at for with by from
into about over under after before against between during through some any no every each
several many few more most other such
""".split())


# ---------------------------------------------------------------- utilities
def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(str(path), text)


def is_word(tok: str) -> bool:
    return bool(WORD_RE.match(tok))


def read_tsv(path: Path) -> tuple[dict[str, str], list[list[str]]]:
    """Return (header key: value pairs from '# key: value' lines, rows)."""
    meta, rows = {}, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                if ":" in line:
                    k, v = line[1:].split(":", 1)
                    meta[k.strip()] = v.strip()
                continue
            if line.strip():
                rows.append(line.rstrip("\n").split("\t"))
    return meta, rows


# ---------------------------------------------------------------- build
def load_symspell() -> tuple[dict[tuple[str, str], int], dict[str, int], str, int]:
    """(bigrams, unigrams, symspellpy version, bigram lines seen) from the symspellpy
    package, filtered to alphabetic words and lowercased; counts unchanged."""
    import importlib.resources
    from importlib.metadata import version

    ver = version("symspellpy")
    res = importlib.resources.files("symspellpy")
    bigrams: dict[tuple[str, str], int] = {}
    seen = 0
    with importlib.resources.as_file(res / BIGRAM_FILE) as p, open(p, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            seen += 1
            w1, w2, c = parts[0].lower(), parts[1].lower(), int(parts[2])
            if is_word(w1) and is_word(w2):
                bigrams[(w1, w2)] = bigrams.get((w1, w2), 0) + c
    unigrams: dict[str, int] = {}
    with importlib.resources.as_file(res / UNIGRAM_FILE) as p, open(p, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and is_word(parts[0].lower()):
                w = parts[0].lower()
                unigrams[w] = unigrams.get(w, 0) + int(parts[1])
    return bigrams, unigrams, ver, seen


def build(out: Path) -> None:
    bigrams, unigrams, ver, seen = load_symspell()
    n_total = sum(bigrams.values())
    t_min = min(bigrams.values())
    n_uni = sum(unigrams.values())
    left, right = Counter(), Counter()
    for (w1, w2), c in bigrams.items():
        left[w1] += c
        right[w2] += c
    multiple = all(c % SCALE == 0 for c in bigrams.values())
    max_ratio = max((c / SCALE) / min(unigrams.get(a, 0) or 1, unigrams.get(b, 0) or 1)
                    for (a, b), c in bigrams.items())

    src = f"symspellpy {ver}: {BIGRAM_FILE} ({seen} lines) and {UNIGRAM_FILE}"
    scale_note = (f"# note: all counts are multiples of {SCALE}: {multiple}; count/{SCALE} <= the "
                  f"smaller unigram count of the two words for every pair (max ratio "
                  f"{max_ratio:.3f}), i.e. count/{SCALE} is on the unigram table's scale")
    common = [
        f"# format-version: {FORMAT_VERSION}",
        f"# source: {src}",
        ORIGIN_NOTE,
        f"# licence: {LICENCE.format(ver=ver)}",
        "# built-by: scripts/build_bigrams.py",
    ]
    bi_rows = [f"{a}\t{b}\t{c}" for (a, b), c in sorted(bigrams.items())]
    bi_header = [
        f"# mtqa collocations: English word bigram counts, truncated table "
        f"({len(bi_rows)} pairs; pairs absent here have count < T)",
        *common,
        f"# N: {n_total}",
        f"# T: {t_min}",
        scale_note,
        "# columns: w1<TAB>w2<TAB>count  (sorted by w1, w2; lowercase; both words alphabetic, "
        "internal hyphen/apostrophe allowed)",
    ]
    bi_path = out / "en-bigrams.tsv"
    atomic_write(bi_path, "\n".join(bi_header + bi_rows) + "\n")

    words = sorted(set(unigrams) | set(left) | set(right))
    m_rows = [f"{w}\t{left.get(w, 0)}\t{right.get(w, 0)}\t{unigrams.get(w, 0)}" for w in words]
    m_header = [
        f"# mtqa collocations: per-word marginals of en-bigrams.tsv plus unigram counts "
        f"({len(m_rows)} words)",
        *common,
        f"# N: {n_total}",
        f"# T: {t_min}",
        f"# N_uni: {n_uni}",
        f"# scale: {SCALE}",
        "# meaning: N = total of kept bigram counts; T = minimum bigram count (truncation "
        "threshold: a pair absent from en-bigrams.tsv has count < T); N_uni = total of unigram "
        f"counts; bigram counts = {SCALE} x unigram scale",
        scale_note,
        "# columns: word<TAB>left<TAB>right<TAB>unigram  (left/right = total count of kept "
        "bigrams with word as first/second member; unigram = SymSpell unigram count, 0 if absent)",
    ]
    m_path = out / "en-bigram-marginals.tsv"
    atomic_write(m_path, "\n".join(m_header + m_rows) + "\n")
    print(f"build_bigrams: {bi_path.name} {len(bi_rows)} pairs "
          f"({bi_path.stat().st_size / 1e6:.2f} MB), {m_path.name} {len(m_rows)} words "
          f"({m_path.stat().st_size / 1e6:.2f} MB); N={n_total} T={t_min} N_uni={n_uni}")


# ---------------------------------------------------------------- measurement
class Tables:
    """The bigram table, its marginals and the POS lexicon.  Read from the TSV files
    written by build() when colloc holds them, else computed in memory from
    symspellpy (the files are no longer shipped in corpora/collocations)."""

    def __init__(self, colloc: Path | None, lexicon: Path):
        if colloc is not None and (colloc / "en-bigrams.tsv").exists():
            _, rows = read_tsv(colloc / "en-bigrams.tsv")
            self.bigram = {(a, b): int(c) for a, b, c in rows}
            meta, rows = read_tsv(colloc / "en-bigram-marginals.tsv")
            self.N, self.T, self.N_uni = int(meta["N"]), int(meta["T"]), int(meta["N_uni"])
            self.scale = int(meta.get("scale", SCALE))
            self.left = {r[0]: int(r[1]) for r in rows}
            self.right = {r[0]: int(r[2]) for r in rows}
            self.uni = {r[0]: int(r[3]) for r in rows}
        else:
            self.bigram, unigrams, _, _ = load_symspell()
            self.N, self.T = sum(self.bigram.values()), min(self.bigram.values())
            self.N_uni, self.scale = sum(unigrams.values()), SCALE
            self.left, self.right = Counter(), Counter()
            for (a, b), c in self.bigram.items():
                self.left[a] += c
                self.right[b] += c
            self.uni = {w: unigrams.get(w, 0)
                        for w in set(unigrams) | set(self.left) | set(self.right)}
        _, rows = read_tsv(lexicon / "en-pos.tsv")
        self.pos = dict(rows)

    def e_bi(self, m: str, h: str) -> float:
        """Expected count from the truncated table's own marginals."""
        return self.left.get(m, 0) * self.right.get(h, 0) / self.N

    def e_uni(self, m: str, h: str) -> float:
        """Expected count (bigram-file scale) from unigram counts: scale*N_uni*p(m)*p(h)."""
        return self.scale * self.uni.get(m, 0) * self.uni.get(h, 0) / self.N_uni

    def log10_poisson_below(self, e: float) -> float:
        """log10 P[X < T | lambda=E], counts taken on the raw (unigram) scale.
        Chernoff bound for E > T: exp(-(E - T + T ln(T/E)))."""
        lam, t = e / self.scale, self.T / self.scale
        if lam <= t:
            return 0.0
        return -(lam - t + t * math.log(t / lam)) / math.log(10)


TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\S")


def candidate_pairs(text: str, tab: Tables) -> list[tuple[str, str, bool]]:
    """Adjacent (modifier, head, np_context) pairs from running text."""
    pairs = []
    toks = TOKEN_RE.findall(text.replace("’", "'"))
    sent_start = True
    prev_word_low: str | None = None
    prev_ctx: str | None = None
    for tok in toks:
        if not (tok[0].isalpha()):
            sent_start = tok in ".!?" or (sent_start and tok in "\"'(")
            prev_word_low, prev_ctx = None, tok
            continue
        low = tok.lower()
        usable = tok == low or (sent_start and tok[1:] == low[1:])
        cur = low if usable else None
        if prev_word_low is not None and cur is not None:
            m, h = prev_word_low, cur
            if (m not in FUNCTION_WORDS and h not in FUNCTION_WORDS
                    and m in tab.uni and h in tab.uni and tab.uni[m] > 0 and tab.uni[h] > 0
                    and ("a" in tab.pos.get(m, "") or "n" in tab.pos.get(m, ""))
                    and "n" in tab.pos.get(h, "")):
                pairs.append((m, h, prev_ctx in NP_CONTEXT))
        prev_ctx = prev_word_low
        prev_word_low = cur
        sent_start = False
    return pairs


def load_synonyms(wordnet: Path) -> dict[str, set[str]]:
    """Single-word synset co-members from WordNet data.adj and data.noun."""
    from wordnet_data import synset_lemmas

    syn: dict[str, set[str]] = {}
    for pos in ("a", "n"):
        for lemmas in synset_lemmas(wordnet, pos):
            ws = [w.lower().split("(")[0] for w in lemmas]
            ws = [w for w in ws if "_" not in w]
            for w in ws:
                syn.setdefault(w, set()).update(x for x in ws if x != w)
    return syn


def synonym_study(pairs: list[tuple[str, str, bool]], tab: Tables, wordnet: Path,
                  ks: list[float], seed: int, n_examples: int, probes: list[str]) -> list[str]:
    """Alternative rule: (m, h) absent, but (m', h) present with count >= k*T for some
    WordNet synonym m' of m.  False alarms: text pairs.  Recall proxy: attested text
    pairs whose modifier is replaced by a random synonym m2 with (m2, h) absent."""
    syn = load_synonyms(wordnet)
    T = tab.T

    def alts(m: str, h: str, k: float) -> list[str]:
        return sorted(x for x in syn.get(m, ()) if tab.bigram.get((x, h), 0) >= k * T)

    out = ["", "Synonym-substitution rule: flag (m, h) when it is absent from the table but "
           "(m', h) has count >= k*T for a WordNet synonym m' of m.",
           "", "| k | text pairs | false alarms on text | corrupted attested pairs | "
           "fired on corrupted | fired and suggests the original m |",
           "|---:|---:|---:|---:|---:|---:|"]
    for k in ks:
        fa = sum(1 for m, h, _ in pairs if (m, h) not in tab.bigram and alts(m, h, k))
        rng = random.Random(seed)
        tot = fired = right = 0
        for m, h, _ in pairs:
            if (m, h) not in tab.bigram:
                continue
            cands = sorted(x for x in syn.get(m, ())
                           if (x, h) not in tab.bigram and tab.uni.get(x, 0) > 0)
            if not cands:
                continue
            m2 = rng.choice(cands)
            tot += 1
            a = alts(m2, h, k)
            fired += bool(a)
            right += m in a
        n = len(pairs)
        out.append(f"| {k:g} | {n} | {fa} ({100 * fa / max(n, 1):.2f}%) | {tot} | "
                   f"{fired} ({100 * fired / max(tot, 1):.1f}%) | "
                   f"{right} ({100 * right / max(tot, 1):.1f}%) |")
    k = ks[1] if len(ks) > 1 else ks[0]
    seen, ex = set(), []
    for m, h, _ in pairs:
        if (m, h) in tab.bigram or (m, h) in seen:
            continue
        a = alts(m, h, k)
        if a:
            seen.add((m, h))
            ex.append(f"  {m} {h} -> {', '.join(a)} {h}")
    out.append("")
    out.append(f"false alarms on the text at k={k:g} (distinct: {len(ex)}; first {n_examples}):")
    out += ex[:n_examples]
    out.append("")
    out.append("probe pairs: WordNet synonyms of the modifier that form an attested pair")
    for probe in probes:
        m, h = probe.split()
        a = [f"{x} {h} ({tab.bigram[(x, h)]})" for x in sorted(syn.get(m, ())) if (x, h) in tab.bigram]
        out.append(f"  {probe}: synonyms {sorted(syn.get(m, ())) or '-'}; attested: {a or '-'}")
    return out


def measure(path: Path, colloc: Path | None, lexicon: Path, ks: list[float], chosen: float,
            n_examples: int, probes: list[str], seed: int, wordnet: Path | None) -> str:
    tab = Tables(colloc, lexicon)
    text = path.read_text(encoding="utf-8", errors="replace")
    pairs = candidate_pairs(text, tab)
    T = tab.T
    out = [f"measurement text: {path.name} ({len(text.split())} whitespace tokens)",
           f"table: N={tab.N} T={T} N_uni={tab.N_uni} scale={tab.scale}"]

    def fires(m: str, h: str, est: str, k: float) -> bool:
        if (m, h) in tab.bigram:
            return False
        e = tab.e_bi(m, h) if est == "bi" else tab.e_uni(m, h)
        return e >= k * T

    rng = random.Random(seed)
    heads = [h for _, h, _ in pairs]
    rng.shuffle(heads)
    shuffled = [(m, h, c) for (m, _, c), h in zip(pairs, heads) if m != h]

    sets = {
        "text pairs, all": [(m, h) for m, h, _ in pairs],
        "text pairs, NP context": [(m, h) for m, h, c in pairs if c],
        "shuffled heads (proxy for implausible pairs)": [(m, h) for m, h, _ in shuffled],
    }
    out.append("")
    out.append("| pair set | pairs | present in table | " +
               " | ".join(f"flag E_{e}>={k:g}T" for e in ("bi", "uni") for k in ks) + " |")
    out.append("|---|---:|---:|" + "---:|" * (2 * len(ks)))
    for name, ps in sets.items():
        n = len(ps)
        present = sum(1 for p in ps if p in tab.bigram)
        cells = []
        for est in ("bi", "uni"):
            for k in ks:
                f = sum(1 for m, h in ps if fires(m, h, est, k))
                cells.append(f"{f} ({100 * f / max(n, 1):.1f}%)")
        out.append(f"| {name} | {n} | {present} ({100 * present / max(n, 1):.1f}%) | "
                   + " | ".join(cells) + " |")

    # attested share per line (one article per line in the Lee corpus)
    shares = []
    for line in text.splitlines():
        lp = candidate_pairs(line, tab)
        if len(lp) >= 5:
            shares.append(sum((m, h) in tab.bigram for m, h, _ in lp) / len(lp))
    if shares:
        shares.sort()
        mean = sum(shares) / len(shares)
        sd = math.sqrt(sum((x - mean) ** 2 for x in shares) / len(shares))
        out.append("")
        out.append(f"attested share of pairs per line (lines with >= 5 pairs, n={len(shares)}): "
                   f"mean {mean:.3f}, sd {sd:.3f}, p5 {shares[len(shares) // 20]:.3f}, "
                   f"median {shares[len(shares) // 2]:.3f}, p95 {shares[-(len(shares) // 20)]:.3f}")

    # distribution of E/T among text pairs
    out.append("")
    for est in ("bi", "uni"):
        ratios = sorted((tab.e_bi(m, h) if est == "bi" else tab.e_uni(m, h)) / T
                        for m, h, _ in pairs)
        if ratios:
            q = [ratios[int(p * (len(ratios) - 1))] for p in (0.5, 0.9, 0.99)]
            out.append(f"E_{est}/T over text pairs: median {q[0]:.3g}, p90 {q[1]:.3g}, "
                       f"p99 {q[2]:.3g}, max {ratios[-1]:.3g}")

    for est in ("bi", "uni"):
        flagged = Counter((m, h) for m, h, _ in pairs if fires(m, h, est, chosen))
        out.append("")
        out.append(f"examples flagged in the text at E_{est} >= {chosen:g}T "
                   f"(distinct pairs: {len(flagged)}; first {n_examples} by E):")
        ex = sorted(flagged, key=lambda p: -(tab.e_bi(*p) if est == "bi" else tab.e_uni(*p)))
        for m, h in ex[:n_examples]:
            e = tab.e_bi(m, h) if est == "bi" else tab.e_uni(m, h)
            out.append(f"  {m} {h}  [{tab.pos.get(m)}+{tab.pos.get(h)}]  E/T={e / T:.1f}  x{flagged[(m, h)]}")

    out.append("")
    out.append("| pair | observed | T | E_bi | E_bi/T | E_uni | E_uni/T | log10 P[X<T] (E_uni, raw scale) | tags |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for probe in probes:
        m, h = probe.split()
        obs = tab.bigram.get((m, h))
        eb, eu = tab.e_bi(m, h), tab.e_uni(m, h)
        out.append(f"| {m} {h} | {obs if obs is not None else f'absent (<{T})'} | {T} | "
                   f"{eb:.3g} | {eb / T:.3g} | {eu:.3g} | {eu / T:.3g} | "
                   f"{tab.log10_poisson_below(eu):.3g} | {tab.pos.get(m)}+{tab.pos.get(h)} |")
    if wordnet is not None and (wordnet / "data.adj").exists():
        out += synonym_study(pairs, tab, wordnet, ks, seed, n_examples, probes)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None,
                    help="write the full tables to this folder (they are not shipped: "
                         "the collocations check uses scripts/build_collocations.py's "
                         "compact tables); with --measure, read them from here if present")
    ap.add_argument("--lexicon", type=Path, default=ROOT / "corpora/lexicon",
                    help="folder with en-pos.tsv (for --measure)")
    ap.add_argument("--measure", type=Path, metavar="FILE",
                    help="measure the negative-association rule on the English text FILE "
                         "(reads the built tables; builds nothing)")
    ap.add_argument("--thresholds", default="2,5,10,20", help="E/T thresholds for --measure")
    ap.add_argument("--chosen", type=float, default=2.0,
                    help="E/T threshold for the listed example flags (default 2: the lowest "
                         "threshold, since higher ones flag (almost) nothing on news text)")
    ap.add_argument("--examples", type=int, default=20)
    ap.add_argument("--probe", action="append", default=None,
                    help='extra "modifier head" pair to report (repeatable)')
    ap.add_argument("--seed", type=int, default=13, help="seed for the shuffled-heads control")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"),
                    help="WordNet 3.0 dict folder, for the synonym-substitution study "
                         "in --measure (skipped if missing)")
    args = ap.parse_args(argv)

    if args.measure:
        ks = [float(x) for x in args.thresholds.split(",")]
        report = measure(args.measure, args.out, args.lexicon, ks, args.chosen,
                         args.examples, DEFAULT_PROBES + (args.probe or []), args.seed,
                         args.wordnet)
        print(report)
        return 0
    if args.out is None:
        ap.error("--out DIR is required to write the full tables (or use --measure FILE)")
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
