"""Garbles of official names nobody listed, found against the canon (termbank names,
corpora/packs/terms/canon.tsv, gazetteer organisations), and the precision gate of the
quoted-modifier detector. Sentences written for these tests."""

import pytest

from mtqa import termbank


def hits(check, text, rule):
    doc, found = check(text)
    return [(doc.text[f.start:f.end], f.suggestion) for f in found if f.rule == rule], found


@pytest.mark.parametrize("text, rule, span, suggestion", [
    # a function word dropped from a known name
    ("In Rome, senators of Brothers Italy backed the bill.", "terms.garbled-name",
     "Brothers Italy", "Brothers of Italy"),
    # one content word replaced by its WordNet synonym (coalition ~ alliance)
    ("The Finns Party courted the National Alliance Party after the vote.", "terms.name-synonym",
     "National Alliance Party", "National Coalition Party"),
    # the name made a possessive, its head "Party" dropped
    ("The Democratic Party of Korea accused People's Power of stalling.", "terms.possessive-name",
     "People's Power", "People Power Party"),
    # the initials of the name in another order
    ("Japan's Liberal Democratic Party (DLP) lost its majority.", "terms.acronym-order",
     "DLP", "LDP"),
])
def test_garble_found_with_span_and_suggestion(check, text, rule, span, suggestion):
    got, found = hits(check, text, rule)
    assert got == [(span, suggestion)]
    f = next(f for f in found if f.rule == rule)
    assert f.evidence["provenance"] and f.evidence["detector"]


@pytest.mark.parametrize("text", [
    "In Kyiv, deputies of Servant of the People backed the bill.",
    "The Finns Party courted the National Coalition Party after the vote.",
    "The Democratic Party of Korea accused the People Power Party of stalling.",
    "Japan's Liberal Democratic Party (LDP) lost its majority.",
    # a native acronym that is no permutation of the English initials
    "The National Coalition Party (Kokoomus) led the poll.",
])
def test_correct_name_has_no_finding(check, text):
    doc, found = check(text)
    assert [f.rule for f in found if f.rule.startswith("terms.")] == [], text


def test_possessive_needs_the_country_in_the_text(check):
    # The same words in a story about no Korean politics are an ordinary phrase.
    got, _ = hits(check, "The band's new album, People's Power, sold well in Melbourne.",
                  "terms.possessive-name")
    assert got == []


@pytest.mark.parametrize("text", [
    'The ministers signed a "strategic" partnership in Jakarta.',
    'Both sides promised "practical" cooperation on fisheries.',
    'Police said the "special" operation ended without arrests.',
])
def test_ordinary_quoted_modifier_is_no_garble(check, text):
    doc, found = check(text)
    assert [f for f in found if f.rule == "terms.modifier-swap"] == [], text


def test_quoted_synonym_garble_still_found(check):
    got, _ = hits(check, 'Moscow and Beijing hailed an "infinite" partnership.', "terms.modifier-swap")
    assert got == [("infinite", "no limits")]


def test_canon_data_has_provenance_and_countries():
    rows = termbank.resources.read_tsv(termbank.resources.path("packs", "terms", "canon.tsv"))
    assert len(rows) > 300
    assert all(r["name"] and r["kind"] and r["provenance"] for r in rows)
    assert termbank.canon_synonyms()["coalition"] >= {"alliance"}
    assert "strategic" in termbank.attested_modifiers()["partnership"]


# -- the larger canon (V-Party parties of 171 countries) and its detectors ----------------------
@pytest.mark.parametrize("text, rule, span, suggestion", [
    # the distinctive words of Japan's LDP in another order
    ("Japan's Liberal Democratic Party faced the Constitutional Democratic Party. The Democratic "
     "Liberal Party said it would govern alone.", "terms.garbled-name",
     "Democratic Liberal Party", "Liberal Democratic Party"),
    # a known name with a distinctive word in lower case
    ("In Helsinki, support for the Social democratic party of Finland fell.", "terms.name-case",
     "Social democratic party of Finland", "Social Democratic Party of Finland"),
    # a party's distinctive word as a common noun, in a list of its country's parties
    ("In the Finnish poll, the Finns Party, the centre and the Green League lost ground.",
     "terms.lowercase-party", "centre", "Centre Party"),
    ("In Berlin, the Social Democratic Party of Germany and the left were ready to talk.",
     "terms.lowercase-party", "left", "The Left"),
])
def test_canon_garble_found(check, text, rule, span, suggestion):
    got, found = hits(check, text, rule)
    assert got == [(span, suggestion)]
    f = next(f for f in found if f.rule == rule)
    assert f.evidence["provenance"].startswith(("Party Facts", "Wikipedia")) and f.evidence["name"]


@pytest.mark.parametrize("text", [
    "Japan's Liberal Democratic Party faced the Constitutional Democratic Party. The Liberal "
    "Democratic Party said it would govern alone.",
    # moving a name's "of" part is ordinary English
    "In Santiago, the Chile Socialist Party met.",
    "In Helsinki, support for the Social Democratic Party of Finland fell.",
    # a lower-case generic last word is house style; an indefinite article describes
    "In Cardiff, the Labour party won again.",
    "Germany's CDU is a Christian democratic party.",
    "In Washington, the United States army said it was ready.",
    "In the Finnish poll, the Finns Party, the Centre and the Green League lost ground.",
    "In Berlin, the Social Democratic Party of Germany and The Left were ready to talk.",
    # "left" as a verb, not an item of the list
    "In Berlin, the Social Democratic Party of Germany and the leaders left the room.",
    # a name real in Papua New Guinea is no garble in a story about Papua New Guinea
    "In Port Moresby, the National Alliance Party won the vote.",
])
def test_canon_correct_text_has_no_finding(check, text):
    doc, found = check(text)
    assert [(f.rule, doc.text[f.start:f.end]) for f in found if f.rule.startswith("terms.")] == [], text


def test_a_name_of_another_country_is_no_cover(check):
    # "National Alliance Party" is Papua New Guinea's; in a story about Finland it reads as a
    # word-for-word National Coalition Party.
    got, _ = hits(check, "The Finns Party courted the National Alliance Party after the vote.",
                  "terms.name-synonym")
    assert got == [("National Alliance Party", "National Coalition Party")]


def test_lower_case_acronym_or_name_is_no_mention(check):
    # "the greens" and "car" are no mention of a party: no country gate opens on them.
    doc, found = check("The greens of the park and the car were new. People's Power was the "
                       "album of the year.")
    assert [f.rule for f in found if f.rule.startswith("terms.")] == []


def test_vparty_extract_and_canon_are_facts_with_provenance():
    # (V-Party: 171 countries; the canon also holds ParlGov's parties and WordNet's names)
    raw = termbank.resources.read_tsv(termbank.resources.path("names", "parties-vparty.tsv"))
    assert len(raw) > 1800 and all(int(r["year_last"]) >= 1990 for r in raw)
    rows = termbank.resources.read_tsv(termbank.resources.path("packs", "terms", "canon.tsv"))
    parties = [r for r in rows if r["provenance"].endswith("(V-Party)")]
    assert len(rows) > 3000 and len({r["country"] for r in parties}) >= 40
    assert all(r["kind"] == "party" and r["country"] and " " in r["name"] for r in parties)
    # acronyms only, and none that spells a common word
    shorts = {s for r in parties for s in r["short"].split("|") if s}
    assert "SPD" in shorts and "PiS" in shorts and not shorts & {"THE", "ACT", "CAR", "Smer"}


def test_parlgov_extract_adds_native_names(check):
    raw = termbank.resources.read_tsv(termbank.resources.path("names", "parties-parlgov.tsv"))
    assert len(raw) > 900 and len({r["country"] for r in raw}) >= 35
    rows = termbank.resources.read_tsv(termbank.resources.path("packs", "terms", "canon.tsv"))
    centre = next(r for r in rows if r["name"] == "Centre Party" and r["country"] == "FI")
    assert "Keskusta" in centre["native"].split("|")
    # a native name is an accepted form: no garble, and it tells the story's country
    got, _ = hits(check, "Keskusta, the Finns Party and the centre-left SDP met.", "terms.lowercase-party")
    assert got == []
    got, _ = hits(check, "Keskusta, the Social Democrats and the greens met on Monday.",
                  "terms.lowercase-party")
    assert got == [("greens", "Green League")]


def test_canon_index_survives_the_disk_cache():
    idx = termbank.CanonIndex([
        termbank.CanonName("a", "National Coalition Party", ("National Coalition Party", "KOK"), "FI",
                           "party", "test"),
        termbank.CanonName("b", "Centre Party", ("Centre Party",), "FI", "party", "test"),
        termbank.CanonName("c", "Democratic Party", ("Democratic Party",), "US", "party", "test")])
    texts: list[str] = []
    data = idx.to_json(texts)
    assert termbank.resources.valid(data, termbank.CanonIndex.JSON_SPEC)
    back = termbank.CanonIndex.from_json(data, termbank.resources.Texts("\0".join(texts), lambda: idx))
    for table, key in (("accepted", ("kok",)), ("by_bag", ("coalition", "national", "party")),
                       ("possessive", ("national", "coalition"))):
        assert back.named(getattr(back, table), key) == idx.named(getattr(idx, table), key) != []
    assert back.wild.get(("national", "*", "party")) == idx.wild.get(("national", "*", "party"))
    assert back.first.get("national") == idx.first.get("national")
    assert back.short_words("FI") == idx.short_words("FI") and "centre" in back.short_words("FI")
    # a names section of the wrong shape is refused (the cache is then rebuilt)
    texts[data["names"][0]] += "\tx"
    with pytest.raises(ValueError):
        termbank.CanonIndex.from_json(data, termbank.resources.Texts("\0".join(texts)))


def test_a_damaged_first_word_block_of_a_cached_canon_is_rebuilt_not_fatal():
    """A tampered block of the cached index answers from the index built anew."""
    from mtqa import resources
    from mtqa import termbank as T
    names = [T.CanonName("x-fi", "National Coalition Party", ("National Coalition Party",), "FI",
                         "party", "t"),
             T.CanonName("y-fi", "Centre Party", ("Centre Party",), "FI", "party", "t")]
    texts: list[str] = []
    data = T.CanonIndex(names).to_json(texts)
    blk = data["first"][1] + (1 if data["first"][2] > 1 else 0)
    texts[blk] = texts[blk].replace("\t", "\t\t", 1)
    back = T.CanonIndex.from_json(data, resources.Texts("\0".join(texts), lambda: T.CanonIndex(names)))
    words = [("national", 0, 8), ("coalition", 9, 18), ("party", 19, 24)]
    assert T.matches(words, back) == [(("national", "coalition", "party"), 0, 3)]
