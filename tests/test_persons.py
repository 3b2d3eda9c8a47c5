"""Persons check: translated surnames of people no list names, names glued to the next word,
and pronouns that contradict a named person's gender.

Every sentence here was written for these tests; the people in them are made up (their given
names are real given names of the shipped table, their surnames invented or ordinary words).
"""

import pytest

from mtqa.annotate import annotate
from mtqa.checks import Context, persons
from mtqa.document import Document
from mtqa.packs import PackSet


@pytest.fixture(scope="module")
def ctx():
    return Context(packs=PackSet())  # the shipped gazetteer only: no rule pack involved


def found(text, ctx, rule=None):
    doc = Document.build(text, lang="en")
    annotate(doc)
    out = persons.run(doc, ctx)
    return [(f.rule, text[f.start:f.end], f.suggestion) for f in out
            if rule is None or f.rule == rule], out


# -- the data -------------------------------------------------------------------------------
def test_given_names_table_has_gender_and_countries():
    jukka, maarit = persons.given("Jukka"), persons.given("Maarit")
    assert jukka is not None and jukka.sure_gender == "M" and jukka.foreign
    assert maarit is not None and maarit.sure_gender == "F" and "fi" in maarit.countries()
    assert persons.given("Andrea") is not None and persons.given("Andrea").sure_gender == ""
    assert not persons.given("John").foreign  # common in Britain and the US
    assert persons.given("Qxzzy") is None


def test_word_surnames_come_from_the_census_list():
    s = persons._word_surnames()
    assert {"brown", "rice", "wood", "church"} <= s and "stream" not in s


# -- names.translated-unknown ------------------------------------------------------------------
def test_foreign_given_name_before_an_english_word(ctx):
    hits, out = found("Finnish MP Jukka Stream told reporters the plan was late.", ctx)
    assert hits == [("names.translated-unknown", "Stream", "")]
    f = out[0]
    assert f.evidence["given"] == "Jukka" and f.evidence["given_countries"]["fi"] >= 4
    assert "'Jukka Stream'" in f.message and "FI" in f.message and f.category == "accuracy/mistranslation"


@pytest.mark.parametrize("text", [
    "Finnish MP Jukka Kivelä told reporters the plan was late.",  # a real-looking surname
    "Finnish MP Jukka Brown told reporters the plan was late.",  # a common surname that is a word
    "Senator John Stream told reporters the plan was late.",  # an English given name
    "Finnish MP Jukka Stream Foundation staff told reporters.",  # the name goes on
])
def test_no_translated_surname(ctx, text):
    assert found(text, ctx, "names.translated-unknown")[0] == []


def test_half_of_a_double_surname_translated(ctx):
    text = ("Maarit Virtanen-Salo, the party's deputy leader, spoke first.\n\n"
            "In Virtanen-lake's view, the reform should wait.")
    hits, out = found(text, ctx)
    assert hits == [("names.translated-unknown", "lake", "Virtanen-Salo")]
    assert out[0].evidence["other_forms"] == ["Salo"]


def test_double_surname_spelled_the_same_way_twice_is_fine(ctx):
    text = ("Maarit Virtanen-Salo, the party's deputy leader, spoke first.\n\n"
            "In Virtanen-Salo's view, the Kremlin-backed plan should wait.")
    assert found(text, ctx)[0] == []


# -- names.glued ---------------------------------------------------------------------------------
def test_known_name_glued_to_a_function_word(ctx):
    hits, out = found("The proposal came from Merkelwhich surprised many.", ctx)
    assert hits == [("names.glued", "Merkelwhich", "Merkel which")]
    assert out[0].evidence["basis"] == "name in the gazetteer"


def test_name_of_the_article_glued_to_a_reporting_verb(ctx):
    text = "The committee is led by Lindqvist. On Monday, Lindqvistsaid the vote would wait."
    hits, out = found(text, ctx, "names.glued")
    assert hits == [("names.glued", "Lindqvistsaid", "Lindqvist said")]
    assert out[0].evidence["basis"] == "name used on its own elsewhere in the article"


@pytest.mark.parametrize("text", [
    "The proposal came from Merkel, which surprised many.",
    "Officials in Cleveland and Portland said nothing.",  # words that end in "and"
    "Lindqvistsaid the vote would wait.",  # no 'Lindqvist' on its own anywhere
])
def test_no_glued_name(ctx, text):
    assert found(text, ctx, "names.glued")[0] == []


# -- names.pronoun-gender ------------------------------------------------------------------------
def test_he_for_a_woman(ctx):
    text = "Maarit Lindqvist opened the meeting. He said the budget was tight."
    hits, out = found(text, ctx)
    assert hits == [("names.pronoun-gender", "He", "She")]
    f = out[0]
    assert f.evidence["person"] == "Maarit Lindqvist" and f.evidence["gender"] == "F"
    assert "a woman" in f.message and "Maarit" in f.message


def test_she_for_a_man_named_by_title_and_her_becomes_his(ctx):
    text = "Mr Lindqvist left the hall early. She took her papers with her."
    hits, _ = found(text, ctx)
    assert hits == [("names.pronoun-gender", "She", "He"), ("names.pronoun-gender", "her", "his"),
                    ("names.pronoun-gender", "her", "him")]


def test_surname_alone_keeps_the_gender_of_the_full_name(ctx):
    text = ("Maarit Lindqvist leads the group.\n\nThe vote was close.\n\n"
            "Lindqvist thanked the members. He promised a review.")
    assert found(text, ctx)[0] == [("names.pronoun-gender", "He", "She")]


@pytest.mark.parametrize("text", [
    "Maarit Lindqvist opened the meeting. She said the budget was tight.",
    # two persons in scope
    "Maarit Lindqvist met Jukka Salo. He said the budget was tight.",
    # the pronoun is in a quotation
    "Maarit Lindqvist opened the meeting. \"He will not sign,\" she said.",
    # a person of the other gender is there as a noun
    "Maarit Lindqvist and her husband arrived. He said the budget was tight.",
    # a name nobody can place (gender unknown) is in scope
    "Maarit Lindqvist met Kestutis Dambrauskiene. He said the budget was tight.",
    # a given name of either gender
    "Andrea Lindqvist opened the meeting. He said the budget was tight.",
])
def test_no_pronoun_finding(ctx, text):
    assert found(text, ctx, "names.pronoun-gender")[0] == []


# -- quotation spans (mtqa/quotes.py, shared with checks/grammar.py) ------------------------------
def test_quotation_spans_include_british_single_marks():
    from mtqa import quotes
    text = "‘We don’t agree,’ the dockers’ union said. “Not ‘now’,” he said. \"Open"
    spans = quotes.spans(text)
    assert [text[s:e] for s, e in spans] == ["‘We don’t agree,’", "“Not ‘now’,”", "\"Open"]
    assert quotes.inside(spans, text.index("agree")) and not quotes.inside(spans, text.index("union"))
    assert not quotes.overlaps(spans, text.index("the"), text.index("said"))
    assert quotes.overlaps(spans, text.index("said"), text.index("Not") + 1)


def test_pronoun_in_a_british_quotation(ctx):
    text = "Maarit Lindqvist opened the meeting. ‘He will not sign it,’ she said of the deal."
    assert found(text, ctx, "names.pronoun-gender")[0] == []
    text = "Maarit Lindqvist opened the meeting. ‘We will not sign it,’ he said of the deal."
    assert found(text, ctx, "names.pronoun-gender")[0] == [("names.pronoun-gender", "he", "she")]
