"""Terms and fixed phrases: known garbled variants, and garbles nobody listed.

Three detectors over the termbank (corpora/packs/terms/termbank.toml and user packs):
- terms.variant: a listed garbled variant ("Belt and Road Project").
- terms.modifier-swap: a phrase that keeps a term's head but swaps its modifier — a
  quoted modifier before a quoted-formula head ('"boundless" partnership'), or a
  capitalised modifier before a distinctive proper-noun head ('Ordinary Finns').
- terms.garbled-name: the capitalised words of an official name with its function words
  dropped or its words reordered ("Group Twenty").
"""

from __future__ import annotations

import re

from .. import resources
from ..finding import Finding
from ..rules import Rule

RULES = [
    Rule("terms.variant", "terminology/wrong-term", "major",
         "A known garbled form of a fixed phrase or official name (termbank variant)."),
    Rule("terms.modifier-swap", "terminology/wrong-term", "major",
         "A fixed phrase whose head is kept but whose modifier is swapped (quoted or capitalised)."),
    Rule("terms.garbled-name", "terminology/wrong-term", "major",
         "An official name with function words dropped or words reordered."),
]

_W = re.compile(r"\w+")
_FUNCTION = frozenset("of the and for on in to a an at by with de la del du des von der".split())
_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"
# '"X" head' and '"X head"'
_QUOTED_BEFORE = re.compile(r"[\"“‘«']([^\"“”‘’«»'\n]{1,40}?)[\"”’»']\s+(\w+)")
_QUOTED_INSIDE = re.compile(r"[\"“«]([^\"“”«»\n]{1,60}?)\s+(\w+)[\"”»]")


def words(s: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _W.findall(s))


class TermIndex:
    def __init__(self, terms: list[dict]):
        self.terms = terms
        self.accepted: dict[tuple, dict] = {}
        self.variants: dict[tuple, dict] = {}
        self.first: dict[str, list[tuple]] = {}
        self.quoted_heads: dict[str, list[dict]] = {}
        self.proper_heads: dict[str, list[dict]] = {}
        self.content_keys: dict[frozenset, dict] = {}
        freqs = resources.word_freqs("en")
        for t in terms:
            for form in [t["canonical"], *t["aliases"]]:
                self._add(self.accepted, words(form), t)
            for form in t["variants"]:
                w = words(form)
                if w and w not in self.accepted:
                    self._add(self.variants, w, t)
            head = t["head"]
            if head:
                if t["quoted"]:
                    self.quoted_heads.setdefault(head.lower(), []).append(t)
                elif head[0].isupper() and freqs.get(head.lower(), 0) < 3.0:
                    self.proper_heads.setdefault(head, []).append(t)
            content = [w for w in words(t["canonical"]) if w not in _FUNCTION]
            if len(content) >= 2 and len(set(content)) == len(content):
                self.content_keys.setdefault(frozenset(content), t)

    def _add(self, table, w, t):
        if w:
            table.setdefault(w, t)
            self.first.setdefault(w[0], []).append(w)


def index_for(packs) -> TermIndex:
    if "terms" not in packs.cache:
        packs.cache["terms"] = TermIndex(packs.terms)
    return packs.cache["terms"]


def _doc_words(doc):
    """(lowercase word, start, end) for each word part; hyphenated tokens are split."""
    out = []
    for t in doc.tokens:
        if t.kind in ("word", "num"):
            if "-" in t.text or "‐" in t.text:
                for m in _W.finditer(t.text):
                    out.append((m.group().lower(), t.start + m.start(), t.start + m.end()))
            elif t.text in ("'s", "’s"):
                out.append(("s", t.start + 1, t.end))
            else:
                out.append((t.lower, t.start, t.end))
    return out


def _matches(dw, idx: TermIndex):
    """Longest accepted or variant match starting at each word."""
    found = []
    i = 0
    n = len(dw)
    while i < n:
        best = None
        for cand in idx.first.get(dw[i][0], ()):
            k = len(cand)
            if k > len(best[0]) if best else True:
                if i + k <= n and all(dw[i + j][0] == cand[j] for j in range(k)):
                    best = (cand, i, i + k)
        if best:
            found.append(best)
            i = best[2]
        else:
            i += 1
    return found


def _suffix_diff(found: tuple, canon: tuple) -> int:
    """How many trailing words two word tuples share."""
    k = 0
    while k < min(len(found), len(canon)) - 1 and found[-1 - k] == canon[-1 - k]:
        k += 1
    return k


def run(doc, ctx):
    idx = index_for(ctx.packs)
    dw = _doc_words(doc)
    accepted_spans = []
    for cand, i, j in _matches(dw, idx):
        s, e = dw[i][1], dw[j - 1][2]
        if cand in idx.accepted:
            accepted_spans.append((s, e))
            continue
        t = idx.variants[cand]
        if not ctx.enabled("terms.variant"):
            continue
        canon = words(t["canonical"])
        k = _suffix_diff(cand, canon) if t["quoted"] else 0
        if k:  # quoted formula: replace only the modifier, so the quotes stay right
            e = dw[j - 1 - k][2]
            sugg = " ".join(_W.findall(t["canonical"])[: len(canon) - k])
        else:
            sugg = t["canonical"]
        yield Finding("terms.variant", "terminology/wrong-term", "major", s, e,
                      f"'{doc.text[s:e]}' is a garbled form of the fixed phrase '{t['canonical']}'",
                      sugg, _evidence(t, "listed variant"))

    def inside_accepted(s, e):
        return any(a <= s and e <= b for a, b in accepted_spans)

    if ctx.enabled("terms.modifier-swap"):
        yield from _quoted_swaps(doc, idx, inside_accepted)
        yield from _proper_head_swaps(doc, idx, inside_accepted)
    if ctx.enabled("terms.garbled-name"):
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
            yield Finding("terms.modifier-swap", "terminology/wrong-term", "major", s, e,
                          f"Quoted '{m.group(1)}' before '{m.group(2)}' is not the fixed phrase {canon}",
                          sugg, _evidence(terms[0], "quoted modifier on a formula head"), 0.8)


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
        if low in _FUNCTION or (i - 1 in sent_starts and freqs.get(low, 0) >= 5.0):
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
        yield Finding("terms.modifier-swap", "terminology/wrong-term", "major", s, e,
                      f"'{doc.text[s:e]}' looks like a garbled form of '{t['canonical']}'",
                      t["canonical"], _evidence(t, "capitalised modifier on a proper-noun head"), 0.8)


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
    for i, tok in enumerate(toks):
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
            yield Finding("terms.garbled-name", "terminology/wrong-term", "major", s, e,
                          f"'{doc.text[s:e]}' is a garbled form of the official name '{t['canonical']}'",
                          t["canonical"], _evidence(t, "same content words, function words dropped or reordered"),
                          0.8)
            break
