"""Names check, generalised: near misses of known people written in new ways, dropped umlauts,
lower-cased surnames, case endings on names nobody listed, and nicknames that are not
inconsistencies.

Every sentence here was written for these tests. The people are real (from the shipped
gazetteer, corpora/names/gazetteer.tsv); the misspellings and the unlisted names are made up.
"""

import pytest

from mtqa.checks import Context, names
from mtqa.document import Document
from mtqa.packs import PackSet


@pytest.fixture(scope="module")
def ctx():
    # Only the shipped gazetteer: the names check reads nothing else from the packs.
    return Context(packs=PackSet())


def run(text, ctx):
    doc = Document.build(text, lang="en")
    return [(f.rule, text[f.start:f.end], f.suggestion) for f in names.run(doc, ctx)]


# -- near misses: doubled, dropped, transposed letters ------------------------------------------
@pytest.mark.parametrize("text, hit", [
    ("Prime Minister Petteri Orppo spoke on Monday.", ("Orppo", "Orpo")),  # doubled, short
    ("Foreign Minister Elina Valtnoen spoke on Monday.", ("Valtnoen", "Valtonen")),  # transposed
    ("Economy Minister Robert Habek spoke on Monday.", ("Habek", "Habeck")),  # dropped
])
def test_one_edit_in_a_known_surname(ctx, text, hit):
    assert run(text, ctx) == [("names.near-miss", *hit)]


def test_given_name_and_surname_both_misspelt(ctx):
    text = "Finance Minister Christain Lindnr spoke on Monday."
    assert run(text, ctx) == [("names.near-miss", "Christain", "Christian"),
                              ("names.near-miss", "Lindnr", "Lindner")]
    assert run("Finance Minister Christian Lindner spoke on Monday.", ctx) == []


def test_surname_of_someone_else_after_an_exact_given_name(ctx):
    # Carsten Schneider and Patrick Schnieder are both in the gazetteer: 'Carsten Schnieder'
    # is Schneider misspelt, and so is the bare 'Schnieder' that follows.
    text = ("Environment Minister Carsten Schnieder visited the plant on Monday. "
            "Later Schnieder said the permits would be granted.")
    found = run(text, ctx)
    assert found == [("names.near-miss", "Schnieder", "Schneider")] * 2
    right = text.replace("Schnieder", "Schneider")
    assert run(right, ctx) == []


def test_bare_surname_stays_when_its_owner_is_named(ctx):
    text = ("Environment Minister Carsten Schnieder met Patrick Schnieder on Monday. "
            "Later Schnieder said the permits would be granted.")
    assert run(text, ctx) == [("names.near-miss", "Schnieder", "Schneider")]


def test_short_surname_after_a_title(ctx):
    assert run("President Bidem met reporters at the White House.", ctx) == [
        ("names.near-miss", "Bidem", "Biden")]
    assert run("President Biden met reporters at the White House.", ctx) == []
    assert run("The report cited Bidem and two others.", ctx) == []  # alone: strict


# -- diacritics: per language (corpora/names/diacritics.tsv) -----------------------------------
def test_german_umlaut_dropped_to_the_bare_vowel(ctx):
    text = "Bavarian premier Markus Soder spoke in Munich. Soder said the budget was fair."
    found = list(names.run(Document.build(text, lang="en"), ctx))
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [("Soder", "Söder")] * 2
    assert "ö" in found[0].message
    assert run(text.replace("Soder", "Soeder"), ctx) == []
    assert run(text.replace("Soder", "Söder"), ctx) == []


def test_dropped_accents_are_house_style_elsewhere(ctx):
    # Spanish and Finnish accents dropped, a Turkish-origin name as the press writes it.
    assert run("Pedro Sanchez met Sauli Niinisto and Cem Ozdemir in Brussels.", ctx) == []


# -- names.lowercase ---------------------------------------------------------------------------
def test_surname_lower_cased_after_given_name(ctx):
    text = "Prime Minister Petteri orpo said on Monday that the budget would pass."
    assert run(text, ctx) == [("names.lowercase", "orpo", "Orpo")]
    assert run(text.replace("orpo", "Orpo"), ctx) == []


def test_lower_case_name_with_foreign_letters(ctx):
    text = "The opposition criticised häkkänen over the budget on Monday."
    assert run(text, ctx) == [("names.lowercase", "häkkänen", "Häkkänen")]
    assert run(text.replace("häkkänen", "Häkkänen"), ctx) == []


def test_hyphenated_name_with_lower_case_part(ctx):
    text = "Mayor Heikki Lahti-saari opened the bridge on Monday."
    assert run(text, ctx) == [("names.lowercase", "saari", "Saari")]
    assert run(text.replace("-saari", "-Saari"), ctx) == []
    assert run("A Kyiv-based envoy met the Lahti-born mayor.", ctx) == []


# -- names.case-ending on names the gazetteer does not know ------------------------------------
def test_unlisted_name_with_a_source_language_ending(ctx):
    text = ("Minister Koskelainen spoke on Monday. "
            "The board criticised Koskelaisen for the delay.")
    fi = Context(packs=PackSet(), calque_langs=frozenset({"fi"}))
    found = names.run(Document.build(text, lang="en"), fi)
    assert [(f.rule, text[f.start:f.end], f.suggestion) for f in found] == [
        ("names.case-ending", "Koskelaisen", "Koskelainen")]
    assert "Finnish" in found[0].message
    # No source-language guess, or the bare name only: nothing.
    assert run(text, ctx) == []
    assert names.run(Document.build(text.replace("Koskelaisen", "Koskelainen"), lang="en"),
                     fi) == []


def test_english_plural_and_possessive_are_not_endings(ctx):
    fi = Context(packs=PackSet(), calque_langs=frozenset({"fi"}))
    text = "Minister Koskelainen spoke. The Koskelainens and Koskelainen's aides left."
    assert names.run(Document.build(text, lang="en"), fi) == []


# -- names.inconsistent: nicknames, short names and name order ---------------------------------
@pytest.mark.parametrize("text", [
    "Joko Widodo opened the port on Monday. Jokowi, as he is known, said trade would grow. "
    "Joko left for Jakarta later.",
    "President Luiz Inacio Lula da Silva spoke. Lula said the plan would work.",
    "Prime Minister Kishida Fumio spoke in Tokyo. Fumio Kishida later left for Seoul.",
    "Former president Moon Jae-in spoke. Later, Jae-in Moon left.",
])
def test_nicknames_and_name_order_are_not_inconsistent(ctx, text):
    assert run(text, ctx) == []


def test_two_spellings_of_one_surname_are_still_inconsistent(ctx):
    text = "Volodymyr Zelensky spoke on Monday. Zelenskyy said the talks went well."
    assert run(text, ctx) == [("names.inconsistent", "Zelenskyy", "Zelensky")]


def test_one_name_with_and_without_its_marks(ctx):
    text = "Talks were held in Düsseldorf on Monday. Officials left Dusseldorf on Tuesday."
    assert run(text, ctx) == [("names.inconsistent", "Dusseldorf", "Düsseldorf")]
    assert run(text.replace("Dusseldorf", "Düsseldorf"), ctx) == []


def test_unlisted_name_with_and_without_its_marks(ctx):
    text = "The envoy landed at Brçelik field on Monday and left Brcelik on Tuesday."
    assert run(text, ctx) == [("names.inconsistent", "Brcelik", "Brçelik")]
