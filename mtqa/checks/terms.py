"""Terms and fixed phrases: known garbled variants, and garbles nobody listed.

Three detectors over the termbank (corpora/packs/terms/termbank.toml and user packs):
- terms.variant: a listed garbled variant ("Basic Finns" for the Finns Party).
- terms.modifier-swap: a phrase that keeps a term's head but swaps its modifier — a
  quoted modifier before a quoted-formula head ('"boundless" partnership'), or a
  capitalised modifier before a distinctive proper-noun head ('Ordinary Finns').
- terms.garbled-name: the capitalised words of an official name with its function words
  dropped or its words reordered ("Group Twenty").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from .. import resources
from ..document import Document
from ..finding import Finding
from ..packs import PackSet
from ..rules import Rule
from ..termbank import WORD_RE, doc_words, function_words, index_for, matches, words
from .context import Context

VARIANT = Rule(
    "terms.variant", "terminology/wrong-term", "major",
    "A known garbled form of a fixed phrase or official name (termbank variant).", langs=("en",),
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
RULES = [VARIANT, MODIFIER_SWAP, GARBLED_NAME]


def rules(packs: PackSet) -> list[Rule]:
    """The rules, each addressable down to one termbank entry ('terms.variant/finns-party')."""
    def ids() -> list[str]:
        return [t["id"] for t in packs.terms]
    return [dataclasses.replace(r, entry_ids=ids) for r in RULES]


_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"
# '"X" head' and '"X head"'
_QUOTED_BEFORE = re.compile(r"[\"“‘«']([^\"“”‘’«»'\n]{1,40}?)[\"”’»']\s+(\w+)")
_QUOTED_INSIDE = re.compile(r"[\"“«]([^\"“”«»\n]{1,60}?)\s+(\w+)[\"”»]")


def _suffix_diff(found: tuple, canon: tuple) -> int:
    """How many trailing words two word tuples share."""
    k = 0
    while k < min(len(found), len(canon)) - 1 and found[-1 - k] == canon[-1 - k]:
        k += 1
    return k


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
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
    for rx in (_QUOTED_BEFORE, _QUOTED_INSIDE):
        for m in rx.finditer(text):
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
            if mod in okmods:
                continue
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
    sent_starts = {s.tok_lo for s in doc.sentences}
    for i, tok in enumerate(toks):
        terms = idx.proper_heads.get(tok.text)
        if not terms or i == 0:
            continue
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
    sizes = sorted({len(k) for k in idx.content_keys}, reverse=True)
    caps = [t.is_capitalized for t in toks]
    # run[i]: how many capitalised tokens start at i (so a window is checked in O(1))
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
            if got in forms or inside_accepted(s, e):
                continue
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
