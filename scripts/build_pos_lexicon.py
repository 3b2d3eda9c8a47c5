#!/usr/bin/env python3
"""Build the English part-of-speech lexicon and verb->noun nominalization table.

What it builds
    corpora/lexicon/en-pos.tsv
        ``word<TAB>tags``: every single-word WordNet lemma plus its inflected
        forms, with ``tags`` a sorted string over ``a n r v`` (adjective,
        noun, adverb, verb), e.g. ``elect<TAB>av``.  Forms come from
          * the lemmas of index.noun / index.verb / index.adj / index.adv;
          * the WordNet exception lists noun.exc / verb.exc / adj.exc /
            adv.exc (kept when at least one listed base is a lemma of that
            part of speech);
          * regular inflection rules -- noun plural (-s, -es, -ies, -ves,
            -man/-men), verb -s/-es/-ies, -ed/-d/-ied, -ing (e-drop, -ie ->
            -ying, doubled final consonant, -c -> -ck-), adjective -er/-est
            (-r/-st, -ier/-iest, doubled consonant).  A rule-generated form is
            kept ONLY if it occurs in corpora/lexicon/words-en.tsv (for a
            hyphenated lemma: its inflected last part does, and that last part
            is itself a lemma of the same part of speech), so no form is
            invented.  Lemmas shorter than 3 letters get no rule inflections
            (this keeps "is", "as", "us", "has", "his", "was", "its" from being
            tagged as plurals of the WordNet nouns i, a, u, ha, hi, wa, it);
            the three verb forms being/doing/going (absent from verb.exc) are
            added explicitly.  Adjective comparatives are kept only when the
            -er AND the -est form both occur in the word list (this keeps
            "number", "owner", "offer", "litter", "matter" from becoming
            comparatives of numb, own, off, lit, mat).
          * Hyphenated spellings: WordNet writes "reelect", "cooperate",
            "preempt"; news style (Reuters, BBC, Guardian) writes "re-elect",
            "co-operate", "pre-empt".  For every form starting with a prefix
            re/pre/de followed by "e", co followed by "o", or anti followed by
            "i", where the rest is itself a form in the table (or the form
            starts with "preempt"), the hyphenated spelling is added with the
            same tags.
        Multiword WordNet entries (underscored) are skipped; everything is
        lowercase.

    corpora/lexicon/en-nominalizations.tsv
        ``verb<TAB>noun``: for each single-word WordNet verb, its event
        nominalization, chosen as the candidate noun with the highest zipf in
        words-en.tsv (ties: the verb's own form first, then alphabetical).
        Candidates are (1) nouns linked by WordNet derivational pointers
        ("+") from the verb's synsets in data.verb, restricted to the verb
        lemma that is the pointer's source word, plus the verb itself when it
        is also a noun lemma (``visit<TAB>visit``); (2) only for verbs with no
        usable linked noun: suffix rules (-ion, -tion, -ation, -ment, -al,
        -ance, -ence, -ure, with e-drop and a few stem changes such as
        -ide/-ision, -ade/-asion, -mit/-mission, -ceive/-ception,
        -ibe/-iption, -y/-ication, -ify/-ification) checked against
        index.noun, skipping nouns that WordNet links to some other verb
        (format -/-> formation).  Excluded candidates: the verb's own -ed
        form (marry -/-> married); agent/patient nouns (candidates that differ
        from the verb and end in -er, -or, -ee, -eer, -ist, -ant, -ent, -ive,
        -ess, -ar, -ary, -ory, but not -ment, -ance, -ence, -ior); and for
        verbs of 6+ letters in -ize/-ise/-yze/-yse, -ify and -ate, any
        candidate not in -ion, -ment, -ing, -ism, -sis (-ize), -ion, -ment,
        -ing (-ify) or -ion, -ing, -ment, -ure, -ance, -ence (-ate), or more
        than 2 letters shorter than the verb, so that magnetize -> magnet,
        medicate -> medicine, compartmentalize -> compartment (base nouns,
        not events) are not chosen.  Hyphenated re-/pre-/co-/de-/anti- spellings are added
        as above (``re-elect<TAB>re-election``).

From what
    Debian package wordnet-base (WordNet 3.0, files in /usr/share/wordnet)
    and corpora/lexicon/words-en.tsv (built by scripts/build_wordlists.py
    from wordfreq 3.1.1) -- build the word lists first.

Licence
    WordNet 3.0 licence (Princeton University): "WordNet 3.0 Copyright 2006 by
    Princeton University. All rights reserved." Permission to use, copy,
    modify and distribute for any purpose without fee, provided the copyright
    notice and the licence text appear in all copies.  Frequency filtering uses
    wordfreq data (CC BY-SA 4.0, "wordfreq 3.1.1 by Robyn Speer").

Usage
    python scripts/build_pos_lexicon.py [--wordnet /usr/share/wordnet]
        [--wordlist corpora/lexicon/words-en.tsv] [--out corpora/lexicon]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mtqa.output import write_atomic

FORMAT_VERSION = "1"
ROOT = Path(__file__).resolve().parent.parent
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
VOWELS = set("aeiou")
# Verb forms of 2-letter verbs that verb.exc does not list (regular rules are
# not applied to lemmas shorter than 3 letters).
EXTRA_VERB_FORMS = {"being": "be", "doing": "do", "does": "do", "going": "go", "goes": "go"}
AGENT_SUFFIXES = ("er", "or", "ee", "eer", "ist", "ant", "ent", "ive", "ess", "ar", "ary", "ory")
# ...but these endings are event/result nouns, not agents (announcement, behavior)
NON_AGENT_SUFFIXES = ("ment", "ance", "ence", "ior")
# stems whose hyphenated spelling is usual although the part after the prefix is
# not a word by itself (pre-empt, pre-emptive)
HYPHEN_EXTRA_STEMS = ("preempt",)
# Verbs derived from a noun/adjective (-ize, -ify, -ate) link in WordNet to their
# base (magnetize -> magnet, medicate -> medicine); only these endings are kept
# as their nominalizations.
DERIVED_VERB_NOUN_ENDINGS = (
    (("ize", "ise", "yze", "yse"), ("ion", "ment", "ing", "ism", "sis")),
    (("ify",), ("ion", "ment", "ing")),
    (("ate",), ("ion", "ing", "ment", "ure", "ance", "ence")),
)
HYPHEN_PREFIXES = (("anti", "i"), ("pre", "e"), ("re", "e"), ("de", "e"), ("co", "o"))

WORDNET_LICENCE = (
    "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
    "Used under the WordNet 3.0 licence (permission to use, copy, modify and distribute "
    "for any purpose without fee, with the copyright notice retained; "
    "https://wordnet.princeton.edu/license-and-commercial-use)"
)


# ---------------------------------------------------------------- utilities
def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(str(path), text)


def wordnet_version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "wordnet-base"],
                             capture_output=True, text=True, check=True).stdout.strip()
        return f"WordNet 3.0 (Debian package wordnet-base {out})"
    except (OSError, subprocess.CalledProcessError):
        return "WordNet 3.0"


def load_wordlist(path: Path) -> dict[str, float]:
    freq: dict[str, float] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            w, z = line.rstrip("\n").split("\t")
            freq[w] = float(z)
    return freq


def load_index(wn: Path, pos: str) -> set[str]:
    lemmas = set()
    with open(wn / f"index.{POS_FILES[pos]}", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue  # licence header
            lemma = line.split(" ", 1)[0].lower()
            if "_" in lemma:
                continue
            lemmas.add(lemma)
    return lemmas


def load_exc(wn: Path, pos: str) -> list[tuple[str, list[str]]]:
    out = []
    with open(wn / f"{POS_FILES[pos]}.exc", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                out.append((parts[0].lower(), [p.lower() for p in parts[1:]]))
    return out


# ---------------------------------------------------------------- inflection rules
def _is_cons(ch: str) -> bool:
    return ch.isalpha() and ch not in VOWELS


def _cvc(w: str) -> bool:
    """consonant-vowel-consonant ending (last consonant not w/x/y): stop, travel, visit."""
    return (len(w) >= 3 and _is_cons(w[-1]) and w[-1] not in "wxy" and w[-2] in VOWELS
            and (_is_cons(w[-3]) or (w[-3] == "u" and len(w) >= 4 and w[-4] == "q")))


def noun_plurals(w: str) -> list[str]:
    c = []
    if w.endswith(("s", "x", "z", "ch", "sh")):
        c.append(w + "es")
    elif w.endswith("y") and len(w) > 1 and _is_cons(w[-2]):
        c.append(w[:-1] + "ies")
    elif w.endswith("o"):
        c += [w + "s", w + "es"]
    else:
        c.append(w + "s")
    if w.endswith("man"):
        c.append(w[:-3] + "men")
    if w.endswith("fe"):
        c.append(w[:-2] + "ves")
    elif w.endswith("f"):
        c.append(w[:-1] + "ves")
    return c


def verb_forms(w: str) -> list[str]:
    c = []
    # third person singular
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        c.append(w + "es")
    elif w.endswith("y") and _is_cons(w[-2]):
        c.append(w[:-1] + "ies")
    else:
        c.append(w + "s")
    # past / past participle
    if w.endswith("e"):
        c.append(w + "d")
    elif w.endswith("y") and _is_cons(w[-2]):
        c.append(w[:-1] + "ied")
    elif w.endswith("c"):
        c += [w + "ked", w + "ed"]
    else:
        c.append(w + "ed")
        if _cvc(w):
            c.append(w + w[-1] + "ed")
    # present participle
    if w.endswith("ie"):
        c.append(w[:-2] + "ying")
    elif w.endswith(("ee", "oe", "ye")):
        c.append(w + "ing")
    elif w.endswith("e"):
        c += [w[:-1] + "ing", w + "ing"]
    elif w.endswith("c"):
        c += [w + "king", w + "ing"]
    else:
        c.append(w + "ing")
        if _cvc(w):
            c.append(w + w[-1] + "ing")
    return c


def adj_pairs(w: str) -> list[tuple[str, str]]:
    """(comparative, superlative) candidate pairs."""
    if w.endswith("e"):
        return [(w + "r", w + "st")]
    if w.endswith("y") and _is_cons(w[-2]):
        return [(w[:-1] + "ier", w[:-1] + "iest")]
    pairs = [(w + "er", w + "est")]
    if _cvc(w):
        pairs.append((w + w[-1] + "er", w + w[-1] + "est"))
    return pairs


# ---------------------------------------------------------------- builder
class Builder:
    def __init__(self, wn: Path, freq: dict[str, float]):
        self.wn = wn
        self.freq = freq
        self.index = {p: load_index(wn, p) for p in POS_FILES}
        self.tags: dict[str, set[str]] = defaultdict(set)
        self.counts = defaultdict(int)

    def _split(self, lemma: str, pos: str) -> tuple[str, str] | None:
        """(head, last) for rule inflection, or None if the lemma gets no rules."""
        if len(lemma) < 3 or not lemma.replace("-", "").replace("'", "").isalpha():
            return None
        if "-" not in lemma:
            return "", lemma
        if lemma.count("-") > 1:
            return None
        head, last = lemma.rsplit("-", 1)
        if len(last) < 3 or last not in self.index[pos]:
            return None
        return head + "-", last

    def _attested(self, form: str) -> bool:
        return form in self.freq

    def add(self, word: str, pos: str, source: str) -> None:
        if pos not in self.tags[word]:
            self.tags[word].add(pos)
            self.counts[source] += 1

    def build_pos(self) -> None:
        for pos, lemmas in self.index.items():
            for lemma in lemmas:
                self.add(lemma, pos, "lemma")
        for pos in POS_FILES:
            for form, bases in load_exc(self.wn, pos):
                if "_" in form:
                    continue
                if any(b in self.index[pos] for b in bases):
                    self.add(form, pos, "exception")
        for form in EXTRA_VERB_FORMS:
            self.add(form, "v", "exception")
        # regular rules, filtered by the word list
        for pos in ("n", "v", "a"):
            for lemma in sorted(self.index[pos]):
                sp = self._split(lemma, pos)
                if sp is None:
                    continue
                head, last = sp
                if pos == "n":
                    for f in noun_plurals(last):
                        if self._attested(f):
                            self.add(head + f, "n", "rule")
                elif pos == "v":
                    for f in verb_forms(last):
                        if self._attested(f):
                            self.add(head + f, "v", "rule")
                else:
                    for cmp_, sup in adj_pairs(last):
                        if self._attested(cmp_) and self._attested(sup):
                            self.add(head + cmp_, "a", "rule")
                            self.add(head + sup, "a", "rule")
        self._add_hyphen_variants()

    @staticmethod
    def hyphenate(word: str) -> str | None:
        for prefix, first in HYPHEN_PREFIXES:
            rest = word[len(prefix):]
            if word.startswith(prefix) and rest.startswith(first) and len(rest) >= 3:
                return f"{prefix}-{rest}"
        return None

    def _add_hyphen_variants(self) -> None:
        for word in sorted(self.tags):
            hy = self.hyphenate(word)
            if hy and (hy.split("-", 1)[1] in self.tags or word.startswith(HYPHEN_EXTRA_STEMS)):
                for pos in sorted(self.tags[word]):
                    self.add(hy, pos, "hyphen-variant")

    # ------------------------------------------------ nominalizations
    def _derivational_links(self) -> dict[str, set[str]]:
        """verb lemma -> nouns linked by '+' pointers whose source word is that lemma."""
        noun_words: dict[str, list[str]] = {}
        with open(self.wn / "data.noun", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                f = line.split(" ")
                wcnt = int(f[3], 16)
                noun_words[f[0]] = [f[4 + 2 * i].lower() for i in range(wcnt)]
        links: dict[str, set[str]] = defaultdict(set)
        with open(self.wn / "data.verb", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                f = line.split("|", 1)[0].split()
                wcnt = int(f[3], 16)
                words = [f[4 + 2 * i].lower() for i in range(wcnt)]
                k = 4 + 2 * wcnt
                pcnt = int(f[k])
                for j in range(pcnt):
                    sym, off, ppos, st = f[k + 1 + 4 * j: k + 5 + 4 * j]
                    if sym != "+" or ppos != "n":
                        continue
                    src, tgt = int(st[:2], 16), int(st[2:], 16)
                    if src == 0 or tgt == 0:
                        continue
                    verb, noun = words[src - 1], noun_words[off][tgt - 1]
                    if "_" in verb or "_" in noun:
                        continue
                    links[verb].add(noun)
        return links

    def _filter_nom(self, v: str, cands: set[str]) -> set[str]:
        past = {f for f in verb_forms(v) if f.endswith("ed")}
        cands = {c for c in cands if c.replace("-", "").isalpha() and c not in past}
        cands = {c for c in cands
                 if c == v or not c.endswith(AGENT_SUFFIXES) or c.endswith(NON_AGENT_SUFFIXES)}
        for vend, nends in DERIVED_VERB_NOUN_ENDINGS:
            if v.endswith(vend) and len(v) >= 6:
                cands = {c for c in cands
                         if c == v or (c.endswith(nends) and len(c) >= len(v) - 2)}
        return cands

    def _suffix_candidates(self, v: str) -> set[str]:
        nouns = self.index["n"]
        stems = {v}
        if v.endswith("e"):
            stems.add(v[:-1])
        cands = set()
        for s in stems:
            for suf in ("ion", "tion", "ation", "ment", "al", "ance", "ence", "ure"):
                cands.add(s + suf)
        if _cvc(v):
            cands.update({v + v[-1] + "al", v + v[-1] + "ence"})
        subs = (("ide", "ision"), ("ade", "asion"), ("ude", "usion"), ("ode", "osion"),
                ("mit", "mission"), ("ceive", "ception"), ("ibe", "iption"),
                ("ume", "umption"), ("olve", "olution"), ("ify", "ification"),
                ("y", "ication"), ("y", "iance"), ("ounce", "unciation"),
                ("ize", "ization"), ("ise", "isation"), ("ain", "ention"),
                ("end", "ension"), ("ert", "ersion"), ("ete", "etion"), ("uce", "uction"))
        for old, new in subs:
            if v.endswith(old):
                cands.add(v[: -len(old)] + new)
        return {c for c in cands if c in nouns}

    def build_nominalizations(self) -> dict[str, str]:
        links = self._derivational_links()
        linked_nouns = {n for ns in links.values() for n in ns}
        result: dict[str, str] = {}
        for v in sorted(self.index["v"]):
            if not v.replace("-", "").isalpha():
                continue
            cands = self._filter_nom(v, set(links.get(v, ())))
            if not cands:
                # fallback: productive suffix rules, for nouns WordNet does not
                # already link to some other verb (format -/-> formation)
                cands = self._filter_nom(v, {c for c in self._suffix_candidates(v)
                                             if c not in linked_nouns})
            if v in self.index["n"]:
                cands.add(v)
            if not cands:
                continue
            best = sorted(cands, key=lambda c: (-self.freq.get(c, 0.0), c != v, c))[0]
            result[v] = best
        # hyphenated news spellings: reelect/reelection -> re-elect/re-election
        for v, n in sorted(result.items()):
            hv, hn = self.hyphenate(v), self.hyphenate(n)
            if hv and hv not in result:
                result[hv] = hn if hn else n
        return result


def render(header: list[str], rows: list[str]) -> str:
    return "\n".join(header + rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--wordlist", type=Path, default=ROOT / "corpora/lexicon/words-en.tsv",
                    help="English word list from build_wordlists.py (build it first)")
    ap.add_argument("--out", type=Path, default=ROOT / "corpora/lexicon")
    args = ap.parse_args(argv)

    if not (args.wordnet / "index.noun").exists():
        ap.error(f"WordNet not found in {args.wordnet} (apt-get install wordnet-base)")
    if not args.wordlist.exists():
        ap.error(f"{args.wordlist} missing: run scripts/build_wordlists.py first")
    from importlib.metadata import PackageNotFoundError, version
    try:
        wf = f"wordfreq {version('wordfreq')}"
    except PackageNotFoundError:
        wf = "wordfreq"
    freq = load_wordlist(args.wordlist)
    b = Builder(args.wordnet, freq)
    b.build_pos()
    wnv = wordnet_version()

    pos_rows = [f"{w}\t{''.join(sorted(t))}" for w, t in sorted(b.tags.items())]
    pos_header = [
        f"# mtqa lexicon: English part-of-speech tags for single-word WordNet lemmas and their "
        f"inflected forms ({len(pos_rows)} words)",
        f"# format-version: {FORMAT_VERSION}",
        f"# source: {wnv} index.* and *.exc; rule inflections kept only if attested in "
        f"corpora/lexicon/words-en.tsv ({wf}, wordlist='best')",
        f"# licence: {WORDNET_LICENCE}. Frequency filter data: CC BY-SA 4.0, "
        f"attribution: wordfreq 3.1.1 by Robyn Speer",
        "# built-by: scripts/build_pos_lexicon.py",
        "# columns: word<TAB>tags  (tags = sorted letters from a=adjective n=noun r=adverb v=verb)",
    ]
    pos_path = args.out / "en-pos.tsv"
    atomic_write(pos_path, render(pos_header, pos_rows))

    nom = b.build_nominalizations()
    nom_rows = [f"{v}\t{n}" for v, n in sorted(nom.items())]
    nom_header = [
        f"# mtqa lexicon: English verb -> event-noun nominalizations ({len(nom_rows)} verbs)",
        f"# format-version: {FORMAT_VERSION}",
        f"# source: {wnv} data.verb/data.noun derivational ('+') pointers, index.noun, "
        f"suffix rules; candidate choice by zipf in corpora/lexicon/words-en.tsv ({wf})",
        f"# licence: {WORDNET_LICENCE}. Frequency data: CC BY-SA 4.0, "
        f"attribution: wordfreq 3.1.1 by Robyn Speer",
        "# built-by: scripts/build_pos_lexicon.py",
        "# columns: verb<TAB>noun  (most frequent non-agent derived noun; may equal the verb)",
    ]
    nom_path = args.out / "en-nominalizations.tsv"
    atomic_write(nom_path, render(nom_header, nom_rows))

    c = b.counts
    print(f"build_pos_lexicon: {pos_path.name} {len(pos_rows)} words "
          f"({pos_path.stat().st_size / 1e6:.2f} MB; tag assignments: lemma {c['lemma']}, "
          f"exception {c['exception']}, rule {c['rule']}, hyphen-variant {c['hyphen-variant']}); "
          f"{nom_path.name} {len(nom_rows)} verbs ({nom_path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
