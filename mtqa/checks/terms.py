"""Terms and fixed phrases: known garbled variants, and garbles nobody listed.

Three detectors over the termbank (corpora/packs/terms/termbank.toml and user packs):
- terms.variant: a listed garbled variant ("Basic Finns" for the Finns Party); in a German,
  French, ... or Chinese text, from that language's termbank (corpora/packs/terms-<code>:
  "Vereinigte Nationen" for Vereinte Nationen), the only term check outside English.
- terms.modifier-swap: a phrase that keeps a term's head but swaps its modifier — a
  quoted modifier before a quoted-formula head ('"boundless" partnership'), or a
  capitalised modifier before a distinctive proper-noun head ('Ordinary Finns').
- terms.garbled-name: the capitalised words of an official name with its function words
  dropped or its words reordered ("Group Twenty", "Brothers Italy").

And three over the canon of official names (mtqa.termbank.CanonIndex: termbank names,
canon.tsv, gazetteer organisations), for names nobody listed a garble of:
- terms.name-synonym: a name with one content word swapped for a WordNet synonym, the trace
  of a word-for-word rendering ("National Alliance Party" for the National Coalition Party).
- terms.possessive-name: a name turned into a possessive ("People's Power").
- terms.acronym-order: a parenthesised acronym that permutes the name's initials ("(DLP)").
- terms.name-case: a known name with its distinctive words in lower case ("Social democratic
  party").
- terms.lowercase-party: a party's distinctive word as a common noun in a list of its
  country's parties ("the Finns Party, the centre and the Greens").
- terms.native-rendering: a party's native name rendered word for word from FreeDict glosses
  instead of its English name ("Party for the Liberty" for Partij voor de Vrijheid).
terms.garbled-name also reports a run with a known name's distinctive words reordered.
A name of one country is only reported where the text is about that country (its source
language is the country's, or another name of that country is in the text).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator

from .. import languages, resources, rx
from ..document import Document
from ..finding import Finding
from ..packs import PackSet
from ..rules import Rule
from ..source_lang import country_langs
from ..termbank import (
    UNSPACED,
    WORD_RE,
    CanonIndex,
    CanonName,
    attested_modifiers,
    canon_for,
    canon_synonyms,
    content,
    core,
    doc_words,
    function_words,
    generic_heads,
    index_for,
    lemmas,
    matches,
    native_countries,
    native_glosses,
    substring_matches,
    words,
)
from .context import Context

# Languages with a shipped termbank (corpora/packs/terms for English, terms-<code> for the
# others, by their target_langs: see mtqa.termbank.in_lang); terms.variant checks texts in each.
TERMBANK_LANGS = ("en", *languages.TARGETS)

VARIANT = Rule(
    "terms.variant", "terminology/wrong-term", "major",
    "A known garbled form of a fixed phrase or official name (termbank variant), in the "
    "text's own language's termbank.", langs=TERMBANK_LANGS,
    examples=("Support for the Basic Finns rose in the latest poll.",),
    counterexamples=("Support for the Finns Party rose in the latest poll.",))
MODIFIER_SWAP = Rule(
    "terms.modifier-swap", "terminology/wrong-term", "major",
    "A fixed phrase whose head is kept but whose modifier is swapped (quoted or capitalised).",
    langs=("en",), examples=('They praised the "infinity" partnership.',),
    counterexamples=('They praised the "no limits" partnership.',))
GARBLED_NAME = Rule(
    "terms.garbled-name", "terminology/wrong-term", "major",
    "An official name with function words dropped or words reordered.", langs=("en",),
    examples=("Leaders of the Group Twenty met.",),
    counterexamples=("Leaders of the Group of Twenty met.",))
NAME_SYNONYM = Rule(
    "terms.name-synonym", "terminology/wrong-term", "major",
    "An official name with one word replaced by a synonym (a word-for-word rendering).",
    langs=("en",), examples=("The Finns Party courted the National Alliance Party.",),
    counterexamples=("The Finns Party courted the National Coalition Party.",))
POSSESSIVE_NAME = Rule(
    "terms.possessive-name", "terminology/wrong-term", "major",
    "An official name turned into a possessive, its generic head dropped.", langs=("en",),
    examples=("The Democratic Party of Korea attacked People's Power.",),
    counterexamples=("The Democratic Party of Korea attacked the People Power Party.",))
ACRONYM_ORDER = Rule(
    "terms.acronym-order", "terminology/wrong-term", "minor",
    "A parenthesised acronym that permutes the initials of the official name before it.",
    langs=("en",), examples=("Japan's Liberal Democratic Party (DLP) lost seats.",),
    counterexamples=("Japan's Liberal Democratic Party (LDP) lost seats.",))
NAME_CASE = Rule(
    "terms.name-case", "terminology/wrong-term", "minor",
    "An official name with its distinctive words in lower case.", langs=("en",),
    examples=("Voters backed the Social democratic party of Finland.",),
    counterexamples=("Voters backed the Social Democratic Party of Finland.",))
LOWERCASE_PARTY = Rule(
    "terms.lowercase-party", "terminology/wrong-term", "minor",
    "A party's distinctive word written as a common noun in a list of its country's parties.",
    langs=("en",), examples=("The Finns Party and the centre lost seats.",),
    counterexamples=("The Finns Party and the Centre lost seats.",))
NATIVE_RENDERING = Rule(
    "terms.native-rendering", "terminology/wrong-term", "major",
    "A party's native name rendered word for word (FreeDict glosses) instead of its English name.",
    langs=("en",), examples=("Civic Platform accused Right and Justice of stalling the reform.",),
    counterexamples=("Civic Platform accused Law and Justice of stalling the reform.",))
RULES = [VARIANT, MODIFIER_SWAP, GARBLED_NAME, NAME_SYNONYM, POSSESSIVE_NAME, ACRONYM_ORDER,
         NAME_CASE, LOWERCASE_PARTY, NATIVE_RENDERING]
_CANON_RULES = (NAME_SYNONYM, POSSESSIVE_NAME, ACRONYM_ORDER, NAME_CASE, LOWERCASE_PARTY, NATIVE_RENDERING)


def rules(packs: PackSet) -> list[Rule]:
    """The rules, each addressable down to one termbank entry ('terms.variant/finns-party')
    or, for the canon's rules, one official name."""
    def ids() -> list[str]:
        return [t["id"] for t in packs.terms]

    def canon_ids() -> list[str]:
        return sorted({n.id for n in canon_for(packs).names})
    return [dataclasses.replace(r, entry_ids=canon_ids if r in _CANON_RULES else ids) for r in RULES]


_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"
# '"X" head' and '"X head"'
_QUOTED_BEFORE = rx.compile(r"[\"“‘«']([^\"“”‘’«»'\n]{1,40}?)[\"”’»']\s+(\w+)")
_QUOTED_INSIDE = rx.compile(r"[\"“«]([^\"“”«»\n]{1,60}?)\s+(\w+)[\"”»]")


def _suffix_diff(found: tuple, canon: tuple) -> int:
    """How many trailing words two word tuples share."""
    k = 0
    while k < min(len(found), len(canon)) - 1 and found[-1 - k] == canon[-1 - k]:
        k += 1
    return k


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.lang not in ("", "en"):
        if ctx.wants(VARIANT):
            yield from _variants_abroad(doc, index_for(ctx.packs, doc.lang))
        return
    idx = index_for(ctx.packs)
    dw = doc_words(doc)
    accepted_spans = []
    for cand, i, j in matches(dw, idx):
        s, e = dw[i][1], dw[j - 1][2]
        if cand in idx.accepted:
            accepted_spans.append((s, e))
            continue
        t = idx.variants[cand]
        if not ctx.wants(VARIANT):
            continue
        canon = words(t["canonical"])
        k = _suffix_diff(cand, canon) if t["quoted"] else 0
        if k:  # quoted formula: replace only the modifier, so the quotes stay right
            e = dw[j - 1 - k][2]
            sugg = " ".join(WORD_RE.findall(t["canonical"])[: len(canon) - k])
        else:
            sugg = t["canonical"]
        yield VARIANT.finding(
            s, e, f"'{doc.text[s:e]}' is a garbled form of the fixed phrase '{t['canonical']}'",
            sugg, _evidence(t, "listed variant"), entry=t["id"])

    def inside_accepted(s, e):
        return any(a <= s and e <= b for a, b in accepted_spans)

    if ctx.wants(MODIFIER_SWAP):
        yield from _quoted_swaps(doc, idx, inside_accepted)
        yield from _proper_head_swaps(doc, idx, inside_accepted)
    if ctx.wants(GARBLED_NAME):
        yield from _garbled_names(doc, idx, inside_accepted)
    if any(ctx.wants(r) for r in (GARBLED_NAME, *_CANON_RULES)):
        yield from _canon_garbles(doc, ctx, dw, inside_accepted)


def _variants_abroad(doc: Document, idx) -> Iterator[Finding]:
    """terms.variant in a text of another language than English: its termbank's listed
    variants, by words, or as substrings in Japanese and Chinese. The suggestion is the
    canonical form (no modifier-only repair: no quoted-formula heads outside English)."""
    text = doc.text
    if idx.lang in UNSPACED:
        hits = [(s, e, t) for s, e, t, ok in substring_matches(text, idx) if not ok]
    else:
        # (every token in its word parts, as the termbank's forms are: "l'ONU" is l + onu)
        dw = [(m.group().lower(), t.start + m.start(), t.start + m.end()) for t in doc.tokens
              if t.kind in ("word", "num") for m in WORD_RE.finditer(t.text)]
        hits = [(dw[i][1], dw[j - 1][2], idx.variants[cand]) for cand, i, j in matches(dw, idx)
                if cand not in idx.accepted]
    for s, e, t in hits:
        yield VARIANT.finding(
            s, e, f"'{text[s:e]}' is a garbled form of the fixed phrase '{t['canonical']}'",
            t["canonical"], _evidence(t, "listed variant"), entry=t["id"])


def _evidence(t, detector):
    ev = {"term": t["canonical"], "type": t["type"], "detector": detector, "pack": t["pack"]}
    if t["provenance"]:
        ev["provenance"] = t["provenance"]
    if t["note"]:
        ev["note"] = t["note"]
    return ev


def _modifier(t) -> tuple:
    w = words(t["canonical"])
    h = t["head"].lower()
    return w[:-1] if w and w[-1] == h else tuple(x for x in w if x != h)


def _quoted_swaps(doc, idx, inside_accepted):
    text = doc.text
    seen = set()
    for pat in (_QUOTED_BEFORE, _QUOTED_INSIDE):
        for m in pat.finditer(text):
            head = m.group(2).lower()
            terms = idx.quoted_heads.get(head)
            if not terms:
                continue
            mod = words(m.group(1))
            if not mod or len(mod) > 5:
                continue
            okmods = set()
            for t in terms:
                for form in [t["canonical"], *t["aliases"]]:
                    w = words(form)
                    okmods.add(w[:-1] if w and w[-1] == head else w)
            if mod in okmods or _ordinary_modifier(mod, head, okmods):
                continue
            if len(mod) > 1 and not _related(mod, okmods):
                continue  # '"Taiwan independence" forces': a phrase of its own, not a garble
            s, e = m.span(1)
            if (s, e) in seen or inside_accepted(s, e):
                continue
            # A listed variant is reported by terms.variant already.
            if mod + (head,) in idx.variants:
                continue
            seen.add((s, e))
            sugg = " or ".join(" ".join(_modifier(t)) for t in terms)
            canon = " or ".join(f"'{t['canonical']}'" for t in terms)
            yield MODIFIER_SWAP.finding(
                s, e, f"Quoted '{m.group(1)}' before '{m.group(2)}' is not the fixed phrase {canon}",
                sugg, _evidence(terms[0], "quoted modifier on a formula head"), 0.8,
                entry=terms[0]["id"])


def _proper_head_swaps(doc, idx, inside_accepted):
    freqs = resources.word_freqs("en")
    toks = doc.tokens
    sent_starts: set[int] | None = None  # (made when first needed: most texts have no head)
    for i, tok in enumerate(toks):
        terms = idx.proper_heads.get(tok.text)
        if not terms or i == 0:
            continue
        if sent_starts is None:
            sent_starts = {s.tok_lo for s in doc.sentences}
        prev = toks[i - 1]
        if not prev.is_capitalized or prev.text.isupper():
            continue
        low = prev.text.lower()
        if low in function_words() or (i - 1 in sent_starts and freqs.get(low, 0) >= 5.0):
            continue
        s, e = prev.start, tok.end
        if inside_accepted(s, e):
            continue
        phrase = (low, tok.lower)
        if any(phrase == words(f)[-2:] for t in terms for f in [t["canonical"], *t["aliases"]]):
            continue
        if phrase in idx.variants:
            continue
        t = terms[0]
        yield MODIFIER_SWAP.finding(
            s, e, f"'{doc.text[s:e]}' looks like a garbled form of '{t['canonical']}'",
            t["canonical"], _evidence(t, "capitalised modifier on a proper-noun head"), 0.8,
            entry=t["id"])


def _garbled_names(doc, idx, inside_accepted):
    if not idx.content_keys:
        return
    toks = doc.tokens
    sizes = idx.content_sizes
    # (a window with a word no key has is no key: most capitalised words are in none)
    keyed = idx.content_words
    caps = [t.is_capitalized and t.lower in keyed for t in toks]
    # run[i]: how many such capitalised tokens start at i (so a window is checked in O(1))
    run = [0] * (len(toks) + 1)
    for i in range(len(toks) - 1, -1, -1):
        run[i] = run[i + 1] + 1 if caps[i] else 0
    used_until = -1
    for i, _tok in enumerate(toks):
        if i <= used_until or run[i] < 2:
            continue
        for k in sizes:
            if run[i] < k:
                continue
            window = toks[i:i + k]
            key = frozenset(w.lower for w in window)
            t = idx.content_keys.get(key)
            if t is None or len(key) != k:
                continue
            s, e = window[0].start, window[-1].end
            got = words(doc.text[s:e])
            forms = {words(f) for f in [t["canonical"], *t["aliases"]]}
            if got in forms or inside_accepted(s, e) or got in idx.inner_phrases:
                continue  # (nor part of another term: the party's "General Secretary")
            # The accepted form may continue past the window ("Group of Twenty"): check text.
            if any(words(doc.text[s:s + len(f) + 8])[: len(fw)] == fw
                   for f in [t["canonical"], *t["aliases"]] for fw in [words(f)]):
                continue
            used_until = i + k - 1
            yield GARBLED_NAME.finding(
                s, e, f"'{doc.text[s:e]}' is a garbled form of the official name '{t['canonical']}'",
                t["canonical"], _evidence(t, "same content words, function words dropped or reordered"),
                0.8, entry=t["id"])
            break


# A frequent English adjective is an ordinary description of the head ('"practical"
# cooperation'), unless it is a synonym of the formula's own modifier: Zipf 4.4 is about the
# 3,000th word of English (words-en.tsv), above every garble seen ("unlimited" 4.1).
ORDINARY_ZIPF = 4.4


def _ordinary_modifier(mod: tuple, head: str, okmods: set) -> bool:
    """Is a quoted modifier an ordinary, attested one of the head rather than a garble of
    the fixed phrase: part of the formula's own modifier ('"special" operation' for the special
    military operation), a pair the web writes ("strategic partnership"), or a frequent
    adjective that is no synonym of the formula's words?"""
    if any(mod == ok[i:i + len(mod)] for ok in okmods for i in range(len(ok))):
        return True
    if len(mod) != 1:
        return False
    m = mod[0]
    if m in attested_modifiers().get(head, ()):
        return True
    if resources.word_freqs("en").get(m, 0.0) < ORDINARY_ZIPF or "a" not in resources.pos_tags().get(m, ""):
        return False
    syn = canon_synonyms()
    return not any(m in syn.get(w, ()) for ok in okmods for w in ok)


def _related(mod: tuple, okmods: set) -> bool:
    """Does a quoted phrase of several words share a word, a stem or a WordNet synonym with
    the formula's own modifier ('"without limits" partnership' for 'no limits')? Without
    that, a quoted phrase before a common head ('"leading peace" diplomacy') is its own."""
    syn = canon_synonyms()
    own = {w for ok in okmods for w in ok if w not in function_words()}
    return any(w in own or w in syn.get(o, ()) or (len(w) >= 4 and w[:4] == o[:4])
               for w in mod if w not in function_words() for o in own)


# -- garbles of the canon's names ----------------------------------------------------------------
def _canon_garbles(doc: Document, ctx: Context, dw, inside_accepted) -> Iterator[Finding]:
    canon = canon_for(ctx.packs)
    text = doc.text
    known = []  # (start, end, names) of the accepted forms in the text
    for c, i, j in matches(dw, canon):
        s, e = dw[i][1], dw[j - 1][2]
        names = [n for n in canon.named(canon.accepted, c) if _as_written(text[s:e], n, c)]
        if names:
            known.append((s, e, names))
    here = _countries(doc, known)

    def about(n: CanonName) -> bool:
        return n.country in ("", "INT") or n.country in here

    # A name real only in countries the text is not about does not vouch for its words: in a
    # story about Finland, Papua New Guinea's National Alliance Party may be a garble of the
    # National Coalition Party.
    known = [(s, e, ns) for s, e, names in known if (ns := [n for n in names if about(n)])]

    def covered(s, e):
        return inside_accepted(s, e) or any(a <= s and e <= b for a, b, _ in known)

    def real(key: tuple) -> bool:
        """Is this word tuple a name of the text's countries (or of none)?"""
        return _first_about(canon.named(canon.accepted, key), about) is not None

    if ctx.wants(GARBLED_NAME):
        yield from _dropped_words(text, dw, canon, covered, about, real)
    if ctx.wants(POSSESSIVE_NAME):
        yield from _possessives(text, dw, canon, covered, about, real)
    runs = _unknown_runs(dw, _cap_runs(text, dw), covered, real) \
        if ctx.wants(NAME_SYNONYM) or ctx.wants(GARBLED_NAME) else []
    if ctx.wants(NAME_SYNONYM):
        yield from _synonyms(text, dw, runs, canon, about)
    if ctx.wants(GARBLED_NAME):
        yield from _reordered(text, dw, runs, canon, about)
    if ctx.wants(ACRONYM_ORDER):
        yield from _acronyms(text, known)
    if ctx.wants(NAME_CASE):
        yield from _miscased(text, known, about)
    listed = []
    if ctx.wants(LOWERCASE_PARTY):
        listed = list(_lowercase_parties(text, known, canon, here))
        yield from listed
    if ctx.wants(NATIVE_RENDERING):
        done = {(f.start, f.end) for f in listed}
        yield from (f for f in _native_renderings(text, dw, canon, covered, here)
                    if (f.start, f.end) not in done)


def _is_acronym(form: str) -> bool:
    return " " not in form and sum(ch.isupper() for ch in form) >= 2


def _as_written(span: str, n: CanonName, c: tuple) -> bool:
    """Is the text's span this name's form? An acronym only as written ("CAR" is no "car"),
    a capitalised name not in lower case ("the left" is no mention of The Left)."""
    lower = span.islower()
    return any(words(f) == c and (not _is_acronym(f) or span == f) and not (lower and not f.islower())
               for f in n.forms)


@functools.cache
def _lang_countries() -> dict[str, frozenset[str]]:
    """source language -> the countries whose press writes it (country-languages.tsv)."""
    out: dict[str, set[str]] = {}
    for country, lang in country_langs().items():
        out.setdefault(lang, set()).add(country)
    return {k: frozenset(v) for k, v in out.items()}


def _countries(doc: Document, known) -> set[str]:
    """Countries the text is about: its source language's, and those of the names in it that
    belong to one country ("Australian Labor Party"; not "Labour Party", a name in many, nor
    a two-letter acronym)."""
    out: set[str] = set()
    for s, e, names in known:
        owners = {n.country for n in names} - {""}
        if len(owners) == 1 and e - s >= 3:
            out |= owners
    guess = doc.facts.source_lang_guess if doc.facts is not None else ""
    return out | _lang_countries().get(guess, frozenset()) if guess else out


def _canon_evidence(n: CanonName, detector: str, **more) -> dict:
    ev = {"name": n.name, "kind": n.kind, "detector": detector, "provenance": n.provenance}
    if n.country:
        ev["country"] = n.country
    return ev | more


def _joined(text: str, dw, i: int) -> bool:
    """Are words i-1 and i only a space or hyphen apart (one phrase, no punctuation)?"""
    return text[dw[i - 1][2]:dw[i][1]] in (" ", "-")


def _cap(text: str, dw, i: int) -> bool:
    return text[dw[i][1]].isupper()


def _first_about(names: list[CanonName], about) -> CanonName | None:
    return next((n for n in names if about(n)), None)


def _dropped_words(text, dw, canon: CanonIndex, covered, about, real):
    """'Law Justice': a name's content words in order with function words dropped."""
    fw = function_words()
    firsts = canon.content_firsts
    n_words = len(dw)
    for i in range(n_words):
        if dw[i][0] not in firsts or dw[i][0] in fw or not _cap(text, dw, i):
            continue  # (the set look-up first: most words begin no name's content words)
        c, best, k = [dw[i][0]], None, i + 1
        while k < n_words and len(c) < 6 and _joined(text, dw, k):
            if dw[k][0] not in fw:
                c.append(dw[k][0])
                n = _first_about(canon.named(canon.by_content, tuple(c)), about)
                if n is not None:
                    best = (n, k)
            k += 1
        if best is None:
            continue
        n, k = best
        got = tuple(w for w, _, _ in dw[i:k + 1])
        want = words(n.name)
        s, e = dw[i][1], dw[k][2]
        if real(got) or len(got) >= len(want) or not _subsequence(got, want) \
                or covered(s, e):
            continue
        yield GARBLED_NAME.finding(
            s, e, f"'{text[s:e]}' drops words of the official name '{n.name}'", n.name,
            _canon_evidence(n, "content words of a known name, function words dropped"), 0.8,
            entry=n.id)


def _subsequence(short: tuple, long: tuple) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def _possessives(text, dw, canon: CanonIndex, covered, about, real):
    """"People's Power" for the People Power Party; "Ruritania's Coalition" for a listed
    "Ruritania coalition"."""
    n_words = len(dw)
    for i in range(n_words - 2):
        if dw[i + 1][0] != "s" or text[dw[i][2]:dw[i + 1][1]] not in ("'", "’") \
                or not _cap(text, dw, i) or not _cap(text, dw, i + 2) or not _joined(text, dw, i + 2):
            continue
        c = [dw[i][0]]
        for k in range(i + 2, min(i + 5, n_words)):
            if k > i + 2 and (not _cap(text, dw, k) or not _joined(text, dw, k)):
                break
            c.append(dw[k][0])
            key = tuple(c)
            n = _first_about(canon.named(canon.possessive, key) + canon.named(canon.accepted, key), about)
            s, e = dw[i][1], dw[k][2]
            raw = tuple(w for w, _, _ in dw[i:k + 1])
            if n is None or real(raw) or covered(s, e):
                continue
            yield POSSESSIVE_NAME.finding(
                s, e, f"'{text[s:e]}' looks like the official name '{n.name}' turned into a possessive",
                n.name, _canon_evidence(n, "possessive of a known name"), 0.7, entry=n.id)
            break


def _cap_runs(text, dw) -> Iterator[tuple[int, int]]:
    """(first, last) word of each run of capitalised words, joined by spaces or hyphens and
    by function words ("Party of the Regions"), not starting or ending with one."""
    fw = function_words()
    n_words = len(dw)
    caps = [text[s].isupper() for _, s, _ in dw]  # (as _cap(): every word is looked at)
    i = 0
    while i < n_words:
        if not caps[i] or dw[i][0] in fw:
            i += 1
            continue
        k = i
        while k + 1 < n_words and _joined(text, dw, k + 1) and (caps[k + 1] or dw[k + 1][0] in fw):
            k += 1
        while k > i and dw[k][0] in fw:
            k -= 1
        yield i, k
        i = k + 1


MAX_SYNONYM_RUN = 5  # content words of the longest run _synonyms() compares with the names
MAX_REORDERED_RUN = 6  # ... and _reordered()


def _unknown_runs(dw, runs: Iterable[tuple[int, int]], covered, real) -> list[tuple[int, int, tuple]]:
    """(first, last, content words) of the capitalised runs of two content words or more (and
    no more than the detectors compare) that no accepted form covers. The cheap test first:
    most runs are a single capitalised word."""
    out = []
    for i, k in runs:
        got = tuple(w for w, _, _ in dw[i:k + 1])
        c = content(got)
        if 2 <= len(c) <= max(MAX_SYNONYM_RUN, MAX_REORDERED_RUN) \
                and not (real(got) or real(c) or covered(dw[i][1], dw[k][2])):
            out.append((i, k, c))
    return out


def _synonyms(text, dw, runs, canon: CanonIndex, about):
    """A whole capitalised run whose content words are a name's with one word swapped for a
    WordNet synonym of it ("National Alliance Party" for the National Coalition Party)."""
    for i, k, c in runs:
        if len(c) > MAX_SYNONYM_RUN:
            continue
        hit = _synonym_hit(c, canon, about)
        if hit is not None:
            n, was, now = hit
            s, e = dw[i][1], dw[k][2]
            yield NAME_SYNONYM.finding(
                s, e, f"'{text[s:e]}' looks like a word-for-word rendering of the official name "
                f"'{n.name}' ('{now}' for '{was}')", n.name,
                _canon_evidence(n, "one word of a known name replaced by a WordNet synonym",
                                synonym=f"{now} ~ {was}"), 0.7, entry=n.id)


def _synonym_hit(c: tuple, canon: CanonIndex, about) -> tuple[CanonName, str, str] | None:
    # (a word no name has can only be the swapped one: with two, no name is near)
    unknown = [p for p, w in enumerate(c) if w not in canon.vocabulary]
    if len(unknown) > 1:
        return None
    syn = None
    for p in unknown or range(len(c)):
        for i, pos in canon.wild.get(c[:p] + ("*",) + c[p + 1:], ()):
            n = canon.names[i]
            # A synonym swap is only told from another real name of the same words ("Federal
            # Court" beside a "National Court") where the text is about the name's own country.
            if n.country in ("", "INT") or not about(n):
                continue
            was = content(words(n.name))[pos]
            if syn is None:
                syn = canon_synonyms()
            # (a spelling variant, "Labor" for "Labour", is no translation)
            if c[p][:4] != was[:4] and c[p] in syn.get(was, ()):
                return n, was, c[p]
    return None


def _reordered(text, dw, runs, canon: CanonIndex, about):
    """'Democratic Liberal Party' where the text is about Japan's Liberal Democratic Party: a
    run with a known name's content words, its distinctive words in another order."""
    for i, k, c in runs:
        if len(c) > MAX_REORDERED_RUN:
            continue
        for n in canon.named(canon.by_bag, tuple(sorted(c))):
            distinct = core(n)
            if len(distinct) < 2 or not about(n) or tuple(w for w in c if w in distinct) == distinct:
                continue
            s, e = dw[i][1], dw[k][2]
            yield GARBLED_NAME.finding(
                s, e, f"'{text[s:e]}' has the words of the official name '{n.name}' in another order",
                n.name, _canon_evidence(n, "content words of a known name, reordered"), 0.7, entry=n.id)
            break


_ACRONYM = rx.compile(r"\s?\(([A-Z]{3,6})\)")


def _acronyms(text: str, known):
    """'Liberal Democratic Party (DLP)': the initials of the name, reordered (a native order
    or a translation's), where no form of the name is that acronym."""
    for s, e, names in known:
        m = _ACRONYM.match(text, e)
        if m is None:
            continue
        acr = m.group(1)
        init = "".join(w[0] for w in content(words(text[s:e])) if w != "s").upper()
        if acr == init or sorted(acr) != sorted(init) or any(acr in n.forms for n in names):
            continue
        n = names[0]
        a, b = m.span(1)
        yield ACRONYM_ORDER.finding(
            a, b, f"'{acr}' reorders the initials of '{text[s:e]}' ({init})", init,
            _canon_evidence(n, "acronym permuting the name's initials", initials=init), 0.7,
            entry=n.id)


_INDEFINITE = rx.compile(r"\b(?:an?|any|every|each|one)\s+$", re.IGNORECASE)


def _miscased(text: str, known, about):
    """'the Social democratic party': a known name whose distinctive words are written in
    lower case between capitalised words. A lower-case last word is house style ("the
    Labour party", "the British parliament"), and "a Christian democratic party" describes,
    it does not name."""
    heads = generic_heads() | function_words()
    for s, e, names in known:
        got = WORD_RE.findall(text[s:e])
        if len(got) < 2 or not got[0][0].isupper() or _INDEFINITE.search(text[max(0, s - 8):s]):
            continue
        n = _first_about(names, about)
        form = next((f for f in n.forms if words(f) == tuple(w.lower() for w in got)), None) if n else None
        if n is None or not form:
            continue
        want = WORD_RE.findall(form)
        # (not the last word either: "the British parliament", "the United States army")
        low = [g for g, w in zip(got[:-1], want) if g.islower() and w[0].isupper() and g not in heads]
        # Lower case must sit inside the name, before a capital ('Social democratic party of
        # Finland'); a lower-case tail is a description ('Xinhua news agency').
        if low and any(g[0].isupper() for g in got[got.index(low[0]):]):
            yield NAME_CASE.finding(
                s, e, f"'{text[s:e]}' is the official name '{form}' with "
                f"{', '.join(repr(x) for x in low)} in lower case", form,
                _canon_evidence(n, "known name, capitals dropped"), 0.8, entry=n.id)


# 'the SDP, the centre and the Greens': the next item of a list of parties, lower case
# (with its article, and itself an item: "and the left the meeting" is no party)
# (the name may run on: "The Finns" is a form, "The Finns Party" the text)
_AFTER = rx.compile(r"(?:\s+[A-Z]\w*)*(?:,| and| or)\s+the\s+([a-z]+)(?=\s*[,.;:]|\s+(?:and|or|but|were|was|is|are|"
                    r"have|has|had|won|lost|got|met|said|says|will|would|\w+ed)\b)")
_BEFORE = rx.compile(r"\bthe\s+([a-z]+)(?:,| and| or)\s+(?:the\s+)?$")


def _lowercase_parties(text: str, known, canon: CanonIndex, here: set[str]):
    """A party's distinctive word written as a common noun in a list of its country's
    parties ("the Social Democrats, the centre and the Greens" for the Centre Party): the
    translation took the party's native short name for an ordinary word."""
    done = set()
    for s, e, names in known:
        # (the gazetteer lists parties as organisations: one party among the names will do)
        if e - s < 3 or not any(n.kind == "party" for n in names):
            continue
        # The list's country: the party's, or, for a name of many ("Social Democrats"), the
        # one country the text is about.
        owners = {n.country for n in names} - {""}
        countries = owners & here or (here if len(here) == 1 else owners)
        if len(countries) != 1:
            continue
        short = canon.short_words(next(iter(countries)))
        for m in (_AFTER.match(text, e), _BEFORE.search(text, max(0, s - 40), s)):
            if m is None:
                continue
            w = m.group(1)
            n = short.get(w) or short.get(w[:-1] if w.endswith("s") else "")
            a, b = m.span(1)
            if n is None or (a, b) in done or any(x <= a < y for x, y, _ in known):
                continue
            done.add((a, b))
            yield LOWERCASE_PARTY.finding(
                a, b, f"'{w}' beside '{text[s:e]}' reads as the party '{n.name}' written as a "
                f"common noun", n.name, _canon_evidence(
                    n, "distinctive word of a party, lower case, in a list of its country's parties",
                    listed_with=text[s:e]), 0.7, entry=n.id)


# -- native names rendered word for word ---------------------------------------------------------
_QUOTES = "\"“‘'«"


def _native_renderings(text, dw, canon: CanonIndex, covered, here: set[str]):
    """'the Party for the Liberty' for Partij voor de Vrijheid: a run of 2-5 words (capitalised,
    after "the", or quoted) whose content words render, each by a FreeDict gloss, the content
    words of a native name of a party of a country the text is about, in native or English
    order, and that says something the English name does not. A one-word native name
    ("Keskusta") counts only as its English name's own word in lower case in a party context
    ("the centre's MPs")."""
    if not here & native_countries():
        return  # (every rendering belongs to a party of a country the text is about)
    fw = function_words()
    n_words = len(dw)
    used = -1
    for i in range(n_words):
        if i <= used or dw[i][0] in fw or not _run_start(text, dw, i):
            continue
        c: list[int] = []
        for k in range(i, min(i + 8, n_words)):
            if k > i and not _joined(text, dw, k):
                break
            if dw[k][0] in fw:
                continue
            c.append(k)
            if len(c) > 5:
                break
            hit = _native_hit(text, dw, i, k, c, canon, covered, here)
            if hit is not None:
                used = k
                yield hit


def _run_start(text, dw, i) -> bool:
    before = text[max(0, dw[i][1] - 5):dw[i][1]]
    return _cap(text, dw, i) or before.lower().endswith("the ") or before[-1:] in _QUOTES


def _native_hit(text, dw, i, k, c, canon: CanonIndex, covered, here) -> Finding | None:
    got = tuple(dw[x][0] for x in c)
    s, e = dw[i][1], dw[k][2]
    table = native_glosses()
    cands = {id(ng): ng for w in lemmas(got[0]) for ng in table.get(w, ())
             if ng.country in here and len(ng.glosses) == len(got)}
    for ng in cands.values():
        order = _rendered(got, ng)
        if order is None:
            continue
        whole = tuple(w for w, _, _ in dw[i:k + 1])
        if covered(s, e) or canon.accepted.get(whole) or canon.accepted.get(got):
            return None  # itself a known name, of this country or another
        own = {w for f in _forms_of(ng, canon) for x in words(f) for w in lemmas(x)}
        if len(got) == 1:
            if not _party_word(text, dw, i, c[0], got[0], {w for x in words(ng.name) for w in lemmas(x)}):
                continue
        elif all(lemmas(w) & own for w in got):
            continue  # the English name's own words, only rearranged ("Freedom Party")
        gl = "; ".join(f"{w} = {'/'.join(sorted(g)[:6])}" for w, g in zip(ng.words, ng.glosses))
        how = f" ({order} word order)" if len(got) > 1 else " as a common noun"
        return NATIVE_RENDERING.finding(
            s, e, f"'{text[s:e]}' renders the native name '{ng.native}' word for word{how}; "
            f"its English name is '{ng.name}'", ng.name,
            {"name": ng.name, "native": ng.native, "country": ng.country, "glosses": gl,
             "detector": "native name's content words rendered by FreeDict glosses",
             "provenance": "native-glosses.tsv (FreeDict)"}, 0.7, entry=ng.id)
    return None


def _rendered(got: tuple, ng) -> str | None:
    """'native' or 'English' when each word of got glosses the native word in that place."""
    def fits(ws):
        return all(lemmas(w) & g for w, g in zip(ws, ng.glosses))
    if fits(got):
        return "native"
    if len(got) > 1 and fits(got[::-1]):
        return "English"
    return None


def _forms_of(ng, canon: CanonIndex) -> list[str]:
    """The English name and every accepted form of the names with its id."""
    return [ng.name, *(f for n in canon.named(canon.accepted, words(ng.name)) if n.id == ng.id for f in n.forms)]


def _party_word(text, dw, i, k, w, own) -> bool:
    """A one-word rendering of a one-word native name: the English name's own distinctive
    word ("centre", also spelt "center"; not "party") in lower case, alone, after "the", with a party word within four
    words ("the centre's MPs", "the centre's chairmanship"). A list of parties is
    terms.lowercase-party's; a party merely nearby is not enough ("the centre of Helsinki")."""
    if not text[dw[k][1]].islower() or "-" in text[dw[k][1] - 1:dw[k][2] + 1] \
            or w in generic_heads() or not any(x[:4] == w[:4] for x in own - generic_heads()) \
            or not text[max(0, dw[i][1] - 4):dw[i][1]].lower().endswith("the "):
        return False  # (nor "the centre-right candidate", nor a generic "party")
    near = {x for x, _, _ in dw[max(0, k - 4):k + 5]}
    return bool(near & resources.word_set("packs", "terms", "party-context-words.txt"))
