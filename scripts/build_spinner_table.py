#!/usr/bin/env python3
"""Build corpora/lm/en-spinner.tsv: rare English words (and their inflections) that share a
WordNet synset with a very frequent word — the substitutions a synonym spinner makes ("caput"
for "head", "twelvemonth" for "year").

A row is kept when all of these hold (measured values, not lists of examples):

- the rare word r: context-model unigram log10 P(r) <= RARE_LM (or not in the model's
  vocabulary), and wordfreq Zipf <= RARE_ZIPF (or absent): rare in both witnesses;
- the frequent word f shares a synset with r (same part of speech), P(f) >= FREQ_LM in the
  model, Zipf(f) >= FREQ_ZIPF, and P(f) / P(r) >= 10^RATIO;
- r is a single lowercase word, no hyphen, no digit, and not a British spelling of a more
  frequent American form (the model is US English: "realise", "manoeuvre" are rare in it but
  correct news);
- f is not a function word (corpora/mechanics/en-function-words.txt).

Inflections: nouns get their plural, verbs their -s, -ed and -ing forms, built by the same
regular rules for r and f, with WordNet's exception lists (noun.exc, verb.exc) for irregular
forms of f ("said", "men"). Whether the substitution is wrong in a given sentence is decided
at run time by the context model (mtqa/checks/wordchoice.py).

    apt-get install -y wordnet-base
    python scripts/build_spinner_table.py

Reads /usr/share/wordnet, corpora/lm/en.lm, corpora/lexicon/words-en.tsv; deterministic,
atomic write.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa import lm, resources  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from wordnet_data import DATA_FILES, synset_lemmas  # noqa: E402

RARE_LM = -6.5
RARE_ZIPF = 2.5
FREQ_LM = -4.0
FREQ_ZIPF = 4.5
RATIO = 2.5
# British spellings -> American, tried in order: a rare word whose American form is more
# frequent in the model is a spelling variant, not a spinner's pick.
US_SPELLING = (("isation", "ization"), ("ised", "ized"), ("ising", "izing"), ("ise", "ize"),
               ("oeuvre", "euver"), ("our", "or"), ("tre", "ter"), ("ogue", "og"),
               ("ence", "ense"), ("lled", "led"), ("lling", "ling"), ("fulfil", "fulfill"))


def synsets(wordnet: Path) -> dict[tuple[str, str], set[str]]:
    """(word, pos) -> the other single-word lemmas of its synsets."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pos in DATA_FILES:
        for lemmas in synset_lemmas(wordnet, pos):
            ws = sorted({w.split("(")[0] for w in lemmas})
            ws = [w for w in ws if w.isalpha() and w.islower()]
            for w in ws:
                out[(w, pos)].update(x for x in ws if x != w)
    return out


def exceptions(wordnet: Path) -> dict[tuple[str, str], list[str]]:
    """(lemma, pos) -> irregular inflected forms, from WordNet's .exc files."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pos, name in (("n", "noun.exc"), ("v", "verb.exc")):
        with open(wordnet / name, encoding="utf-8") as fh:
            for line in fh:
                form, *lemmas = line.split()
                for lemma in lemmas:
                    out[(lemma, pos)].append(form)
    return out


def _regular(w: str, pos: str) -> dict[str, str]:
    """slot -> regular inflected form ('pl' for nouns; 's', 'ed', 'ing' for verbs)."""
    es = w + "es" if w.endswith(("s", "x", "z", "ch", "sh")) else (
        w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else w + "s")
    if pos == "n":
        return {"pl": es}
    stem = w[:-1] if w.endswith("e") else w
    ed = w + "d" if w.endswith("e") else (w[:-1] + "ied" if w.endswith("y") and w[-2:-1] not in "aeiou" else w + "ed")
    return {"s": es, "ed": ed, "ing": stem + "ing"}


def forms(w: str, pos: str, exc) -> dict[str, str]:
    """slot -> form, irregular forms (WordNet exceptions) replacing the regular ones."""
    out = {"base": w}
    if pos in ("n", "v"):
        out.update(_regular(w, pos))
        for form in exc.get((w, pos), ()):
            if pos == "n":
                out["pl"] = form
            elif form.endswith("ing"):
                out["ing"] = form
            elif not form.endswith("s"):
                out["ed"] = form
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "lm" / "en-spinner.tsv")
    args = ap.parse_args()
    if not (args.wordnet / "data.noun").exists():
        ap.error(f"WordNet not found in {args.wordnet} (apt-get install -y wordnet-base)")
    model = lm.model("en")
    if model is None:
        sys.exit("corpora/lm/en.lm is missing: build it first (scripts/build_context_model.py)")
    zipf = resources.word_freqs("en")
    function = resources.word_set("mechanics", "en-function-words.txt")

    def uni(w: str) -> float:
        i = model.id(w)
        return model.unigram(i) if i != lm.UNKNOWN else -99.0

    def british(w: str) -> bool:
        for a, b in US_SPELLING:
            if a in w:
                v = w.replace(a, b)
                if uni(v) > uni(w):
                    return True
        return False

    syn, exc = synsets(args.wordnet), exceptions(args.wordnet)
    rows: dict[str, set[str]] = defaultdict(set)
    for (r, pos), others in sorted(syn.items()):
        ur = uni(r)
        if ur > RARE_LM or zipf.get(r, 0.0) > RARE_ZIPF or len(r) < 3 or british(r):
            continue
        good = sorted(f for f in others
                      if uni(f) >= FREQ_LM and zipf.get(f, 0.0) >= FREQ_ZIPF
                      and uni(f) - ur >= RATIO and f not in function)
        if not good:
            continue
        rforms = forms(r, pos, exc)
        for f in good:
            fforms = forms(f, pos, exc)
            for slot, rf in rforms.items():
                ff = fforms.get(slot)
                # an inflected rare form must itself be rare, and the frequent one known
                if ff and model.id(ff) != lm.UNKNOWN and (slot == "base" or uni(rf) <= RARE_LM):
                    rows[rf].add(ff)
    wn = hashlib.sha256((args.wordnet / "data.noun").read_bytes()).hexdigest()[:16]
    lm_sha = model.header.get("arpa_sha256", "?")[:16]
    head = [
        "# mtqa word-in-context model: rare words that share a WordNet synset with a very "
        "frequent word (synonym-spinner substitutions), for wordchoice.spinner",
        "# format-version: 1",
        f"# source: WordNet 3.0 (Debian wordnet-base, data.noun sha256 {wn}...) data.* and "
        f"*.exc; corpora/lm/en.lm (ARPA sha256 {lm_sha}...); corpora/lexicon/words-en.tsv "
        "(wordfreq 3.1.1)",
        "# licence: WordNet 3.0 licence (Princeton University; notice in corpora/collocations/"
        "PROVENANCE.md); frequencies: BSD-2-Clause (CMU Sphinx LM) and CC BY-SA 4.0 (wordfreq)",
        "# built-by: scripts/build_spinner_table.py",
        f"# gates: rare lm<={RARE_LM} zipf<={RARE_ZIPF}; frequent lm>={FREQ_LM} "
        f"zipf>={FREQ_ZIPF}; ratio>={RATIO} (log10)",
        "# columns: rare<TAB>frequent synonyms (space-separated, sorted; same inflection)",
    ]
    body = [f"{r}\t{' '.join(sorted(fs))}" for r, fs in sorted(rows.items())]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, prefix=args.out.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(head + body) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(body):,} rows")


if __name__ == "__main__":
    main()
