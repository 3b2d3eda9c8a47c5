"""Terms and fixed phrases, on sentences written for these tests."""



def only(findings, prefix):
    return [f for f in findings if f.rule.startswith(prefix)]


def test_unlisted_quoted_modifier_swap_points_to_no_limits(check):
    # "boundless" is deliberately not a listed variant: the generic detector must find it.
    text = 'Moscow and Beijing declared a "boundless" partnership shortly before the war.'
    doc, found = check(text)
    f = only(found, "terms.modifier-swap")
    assert [doc.text[x.start:x.end] for x in f] == ["boundless"]
    assert f[0].suggestion == "no limits"
    assert f[0].evidence["term"].lower().startswith("no limits")


def test_quoted_head_inside_quotes(check):
    doc, found = check('Officials praised the "unrestricted partnership" between the two states.')
    f = only(found, "terms.")
    assert [doc.text[x.start:x.end] for x in f] == ["unrestricted"]
    assert f[0].suggestion == "no limits"


def test_accepted_forms_are_not_flagged(check):
    for text in ('The two leaders hailed their "no limits" partnership in Beijing.',
                 "The two leaders hailed their no-limits partnership in Beijing.",
                 'Analysts described the "strategic" nature of the partnership.'):
        doc, found = check(text)
        assert only(found, "terms.") == [], text


def test_listed_variant_is_flagged_with_canonical_suggestion(check):
    doc, found = check("The leaders discussed the One Belt One Road Initiative at the forum in Beijing.")
    f = only(found, "terms.variant")
    assert [doc.text[x.start:x.end] for x in f] == ["One Belt One Road Initiative"]
    assert f[0].suggestion == "Belt and Road Initiative"
    assert f[0].evidence["provenance"]


def test_listed_variant_of_quoted_formula_keeps_quotes(check):
    doc, found = check('The two leaders signed an "unlimited" partnership in 2022.')
    f = only(found, "terms.variant")
    assert [doc.text[x.start:x.end] for x in f] == ["unlimited"]
    assert f[0].suggestion == "no limits"


def test_unlisted_party_name_garble_points_to_finns_party(check):
    # "Ordinary Finns" is in no list; the head "Finns" is distinctive.
    doc, found = check("Support for the Ordinary Finns rose to 20 percent in the latest poll.")
    f = only(found, "terms.modifier-swap")
    assert [doc.text[x.start:x.end] for x in f] == ["Ordinary Finns"]
    assert f[0].suggestion == "Finns Party"


def test_finns_in_ordinary_use_is_not_flagged(check):
    for text in ("Many Finns voted early this year.", "The Finns Party won 46 seats.",
                 "Young Finns are leaving rural areas, the study found."):
        doc, found = check(text)
        assert only(found, "terms.") == [], text


def test_function_word_dropped_from_official_name(check):
    doc, found = check("Finance ministers of the Group Twenty met in Marrakech on Thursday.")
    f = only(found, "terms.garbled-name")
    assert [doc.text[x.start:x.end] for x in f] == ["Group Twenty"]
    assert f[0].suggestion == "Group of Twenty"


def test_official_name_written_correctly_is_clean(check):
    doc, found = check("Finance ministers of the Group of Twenty met in Marrakech on Thursday.")
    assert only(found, "terms.") == []
