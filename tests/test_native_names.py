"""terms.native-rendering: a party's native name rendered word for word, on sentences
written for these tests (real parties, made-up misrenderings)."""

from mtqa.termbank import lemmas, native_glosses

RULE = "terms.native-rendering"


def hits(check, text):
    doc, found = check(text)
    return doc, [f for f in found if f.rule == RULE]


def test_table_glosses_native_words_in_order():
    rows = [ng for ng in native_glosses()["law"] if ng.native == "Prawo i Sprawiedliwość"]
    assert rows and rows[0].name == "Law and Justice" and rows[0].country == "PL"
    assert rows[0].words == ("prawo", "sprawiedliwość")
    assert "right" in rows[0].glosses[0] and "justice" in rows[0].glosses[1]


def test_two_word_rendering_is_flagged_with_the_english_name(check):
    # Polish "prawo" is both "law" and "right": the name takes "Law".
    doc, f = hits(check, "Civic Platform accused Right and Justice of stalling the reform.")
    assert [doc.text[x.start:x.end] for x in f] == ["Right and Justice"]
    assert f[0].suggestion == "Law and Justice"
    assert f[0].evidence["native"] == "Prawo i Sprawiedliwość"
    assert "prawo = " in f[0].evidence["glosses"]
    assert "Prawo i Sprawiedliwość" in f[0].message


def test_the_english_name_is_not_flagged(check):
    _, f = hits(check, "Civic Platform accused Law and Justice of stalling the reform.")
    assert f == []


def test_only_where_the_text_is_about_the_country(check):
    # Nothing here is Polish: "Right and Justice" may be anyone's phrase.
    _, f = hits(check, "The Labour Party spoke of Right and Justice for the miners.")
    assert f == []


def test_one_word_rendering_in_a_party_context(check):
    text = ("The Finns Party gained seats on Sunday. The center of the party chose a new "
            "chairman, and the centre's MPs backed her.")
    doc, f = hits(check, text)
    assert [doc.text[x.start:x.end] for x in f] == ["center", "centre"]
    assert {x.suggestion for x in f} == {"Centre Party"}
    assert f[0].evidence["native"] in ("Keskusta", "Suomen Keskusta")


def test_one_word_gloss_without_party_context_is_not_flagged(check):
    _, f = hits(check, "The Finns Party gained seats on Sunday. The centre of Helsinki was quiet.")
    assert f == []
    # capitalised, it is the party's accepted short name
    _, f = hits(check, "The Finns Party gained seats on Sunday. The Centre chose a new chairman.")
    assert f == []


def test_lemmas_guess_singulars():
    assert lemmas("brothers") >= {"brothers", "brother"}
    assert lemmas("parties") >= {"party"}
    assert lemmas("class") == {"class"}
