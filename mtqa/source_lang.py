"""Which source language a translation came from, when the user does not say.

Evidence, strongest first: a dateline naming a city whose country's language is known
(corpora/names/country-languages.tsv and the gazetteer), then the language of
untranslated words left in the text. None means "unknown: apply every calque pack".
"""

from __future__ import annotations

import functools
import re

from . import resources

_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z'’.\- ]{2,40}?)(?:,\s*[A-Za-z .]{2,30})?\s*(?:\([^)\n]{1,40}\))?\s*[-–—]{1,2}\s")


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


def guess(doc) -> str:
    from .gazetteer import gazetteer

    city = dateline_city(doc)
    if city:
        ent = gazetteer().lookup_place(city)
        if ent is not None:
            return country_langs().get(ent.country, "")
    return ""


def active_source_langs(doc, ctx) -> set[str] | None:
    if ctx.source_lang in ("any", "all"):
        return None
    if ctx.source_lang:
        return {ctx.source_lang}
    if "source_langs" not in doc.cache:
        g = guess(doc)
        doc.cache["source_langs"] = {g} if g else None
    return doc.cache["source_langs"]
