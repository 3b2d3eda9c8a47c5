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

from . import resources, rx
from .document import Document, Foreign

# A wire dateline opening one of the first paragraphs: "BEIJING, Jan. 1 (Xinhua) --",
# "TOKYO (Kyodo) -", "KYIV, Ukraine, March 3 (AP) —", "(Yonhap) --". The city is in capitals,
# or in title case when an agency in brackets follows (some sites re-case the dateline).
_DATELINE = rx.compile(
    r"\s*(?:(?P<city>[A-Z][A-Z'’.\- ]{2,40}?)|(?P<tcity>[A-Z][a-z'’.\-]+(?: [A-Z][a-z'’.\-]+){0,2}))?"
    r"(?:,\s*[A-Za-z0-9 .,]{2,40}?)?\s*(?:\((?P<agency>[^)\n]{1,40})\))?\s*(?P<sep>[-–—]{1,2}|:)\s")
# The dateline of Chinese, Korean and Japanese agencies rendered word for word, agency first:
# "Xinhua News Agency, Beijing, March 7th:" (新华社北京3月7日电).
_AGENCY_FIRST = rx.compile(
    r"\s*(?P<agency>[A-Z][\w.'’ -]{1,40}?)\s*,\s*(?P<tcity>[A-Z][A-Za-z'’.\- ]{2,30}?)\s*,"
    r"\s*[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?\s*[:：]")


_COUNTED = ("place", "person", "agency")
MIN_MENTIONS = 3
MAJORITY = 0.6
DOMINANT = 0.45


@functools.cache
def country_langs() -> dict[str, str]:
    p = resources.path("names", "country-languages.tsv")
    return {r["country"]: r["lang"] for r in resources.read_tsv(p)} if p.exists() else {}


def _agency(gaz, text: str):
    """The news agency named in a dateline's brackets ("Xinhua", "AA", "Yonhap/AFP")."""
    for part in re.split(r"[/,;]", text):
        for e in gaz.lookup(part.strip()):
            if e.kind == "agency":
                return e
    return None


def dateline(doc, gaz=None) -> tuple[str, str]:
    """(city, agency) of the story's dateline; "" for a part that is not there. A title-case
    city counts only beside a known agency, so a sentence opening "Separately, ... -" is no
    dateline."""
    if gaz is None:
        from .gazetteer import gazetteer

        gaz = gazetteer()
    for ps, pe in doc.paragraphs[:3]:
        for pat in (_DATELINE, _AGENCY_FIRST):
            m = pat.match(doc.text, ps, pe)
            if not m:
                continue
            agency = _agency(gaz, m.group("agency")) if m.group("agency") else None
            city = (m.group("city") or "").strip() if "city" in pat.groupindex else ""
            if not city and agency is not None:
                city = (m.group("tcity") or "").strip()
            if agency is None and "sep" in pat.groupindex and m.group("sep") == ":":
                continue  # a kicker ("BREAKING:", "WATCH:"), not a dateline: the colon needs an agency
            if city or agency is not None:
                return city.title(), agency.name if agency is not None else ""
    return "", ""


def _mentioned_countries(doc, gaz) -> Counter:
    """Countries of the gazetteer places, people and news agencies a story names (longest
    match first): a credit such as "(Yonhap)" says where the story comes from."""
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
            countries = {e.country for e in gaz.lookup(form) if e.kind in _COUNTED and len(e.country) == 2}
            if countries:
                if len(countries) == 1:  # "Lee" (Hong Kong, Korea, Singapore) says nothing
                    counts[countries.pop()] += 1
                i += k
                break
        else:
            i += 1
    return counts


def _dominant(counts: Counter) -> str:
    """The country most mentions are of: MIN_MENTIONS of it, and either a clear majority
    or DOMINANT share with twice the runner-up (a Turkish story also names the US and Iran)."""
    total = sum(counts.values())
    if not counts:
        return ""
    (country, n), *rest = counts.most_common(2)
    if n < MIN_MENTIONS:
        return ""
    second = rest[0][1] if rest else 0
    if n >= MAJORITY * total or (n >= DOMINANT * total and n >= 2 * second):
        return country
    return ""


def guess(doc: Document, foreign: Sequence[Foreign] = ()) -> tuple[str, str]:
    """(guessed source language, what says so): "en" for an English-language source,
    ("", "") when unknown. Only English texts are guessed for (calque packs are English)."""
    if doc.lang not in ("", "en"):
        return "", ""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    langs = country_langs()
    city, agency = dateline(doc, gaz)
    # The agency writes the story, so its language beats the city's ("MOSCOW (Xinhua)").
    for ent in (gaz.lookup(agency) if agency else []) + [gaz.lookup_place(city) if city else None]:
        if ent is not None and ent.kind in ("agency", "place") and ent.country in langs:
            return langs[ent.country], "dateline"
    if foreign:
        counts = Counter(f.lang for f in foreign)
        return counts.most_common(1)[0][0], "leftovers"
    country = _dominant(_mentioned_countries(doc, gaz))
    if country in langs:
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
    if doc.lang not in ("", "en"):
        # News is translated into other languages mostly from English: the calques-en-<lang>
        # packs apply unless a source language is known (guess() only guesses for English).
        return frozenset({"en"}), "assumed: English source"
    return frozenset(), "no evidence"
