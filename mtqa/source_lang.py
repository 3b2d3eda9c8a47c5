"""Which source language a translation came from, when the user does not say.

Evidence, strongest first: a dateline naming a city whose country's language is known
(corpora/names/country-languages.tsv and the gazetteer); words of another language left
untranslated in the text; one non-English-speaking country dominating the places and
people the story names. Calque packs apply only for a language so guessed: a calque of
one language is often correct English elsewhere ("Federal Government" in Australia), so
with no evidence, or evidence of an English-language source, none applies.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from . import resources
from .document import Document, Foreign

_DATELINE = re.compile(
    r"\s*([A-Z][A-Z'’.\- ]{2,40}?)(?:,\s*[A-Za-z .]{2,30})?\s*(?:\([^)\n]{1,40}\))?\s*[-–—]{1,2}\s")


@functools.cache
def country_langs() -> dict[str, str]:
    p = resources.path("names", "country-languages.tsv")
    return {r["country"]: r["lang"] for r in resources.read_tsv(p)} if p.exists() else {}


def dateline_city(doc) -> str:
    for ps, pe in doc.paragraphs[:3]:
        m = _DATELINE.match(doc.text, ps, pe)
        if m:
            return m.group(1).strip().title()
    return ""


def _mentioned_countries(doc, gaz) -> Counter:
    """Countries of the gazetteer places and people a story names (longest match first)."""
    counts: Counter = Counter()
    toks = doc.tokens
    i = 0
    while i < len(toks):
        if not toks[i].is_capitalized:
            i += 1
            continue
        for k in (3, 2, 1):
            if i + k > len(toks):
                continue
            form = doc.text[toks[i].start:toks[i + k - 1].end]
            ents = [e for e in gaz.lookup(form) if e.kind in ("place", "person") and len(e.country) == 2]
            if ents:
                counts[ents[0].country] += 1
                i += k
                break
        else:
            i += 1
    return counts


def guess(doc: Document, foreign: Sequence[Foreign] = ()) -> tuple[str, str]:
    """(guessed source language, what says so): "en" for an English-language source,
    ("", "") when unknown. Only English texts are guessed for (calque packs are English)."""
    if doc.lang not in ("", "en"):
        return "", ""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    langs = country_langs()
    city = dateline_city(doc)
    if city:
        ent = gaz.lookup_place(city)
        if ent is not None and ent.country in langs:
            return langs[ent.country], "dateline"
    if foreign:
        counts = Counter(f.lang for f in foreign)
        return counts.most_common(1)[0][0], "leftovers"
    counts = _mentioned_countries(doc, gaz)
    total = sum(counts.values())
    if total >= 3:
        country, n = counts.most_common(1)[0]
        if n >= 0.6 * total and country in langs:
            return langs[country], "countries"
    return "", ""


def calque_langs(choice: str, source_lang: str, doc: Document) -> tuple[frozenset[str] | None, str]:
    """Source languages whose calque packs apply (None: all of them) and why.

    choice is the --calques option: a language code, "any", "none" or "" (guess); then
    the --source-lang (or the --source document's language), then the document's own
    evidence (dateline, leftovers, dominant country).
    """
    if choice == "any":
        return None, "option"
    if choice == "none":
        return frozenset(), "option"
    if choice:
        return frozenset({choice}), "option"
    if source_lang:
        return (frozenset() if source_lang == doc.lang else frozenset({source_lang})), "source language"
    g = doc.facts.source_lang_guess if doc.facts is not None else ""
    if g:
        return frozenset({g}), doc.facts.source_lang_evidence if doc.facts is not None else ""
    return frozenset(), "no evidence"
