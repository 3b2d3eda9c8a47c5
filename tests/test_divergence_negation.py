"""Negation compared as a unit per clause, in every language of corpora/divergence/negation.toml.

Each language has one sentence written for these tests, negated and plain, with the cue a
finding must point at. A faithful pair gives no finding; a lost or an added negation gives a
diverge.negation finding with exact spans on both sides.
"""

import tomllib

import pytest

from mtqa import resources
from mtqa.checks import Context
from mtqa.divergence import cues, make_pair, run_divergence
from mtqa.document import Document
from mtqa.packs import builtin

EN_NEG = "Anna did not visit Berlin in 2024."
EN_PLAIN = "Anna visited Berlin in 2024."

# language: (negated sentence, the same without the negation, the negation's span)
CASES = {
    "fr": ("Anna n'a pas visité Berlin en 2024.", "Anna a visité Berlin en 2024.", "n'a pas"),
    "de": ("Anna hat Berlin 2024 nicht besucht.", "Anna hat Berlin 2024 besucht.", "nicht"),
    "es": ("Anna no visitó Berlín en 2024.", "Anna visitó Berlín en 2024.", "no"),
    "it": ("Anna non ha visitato Berlino nel 2024.", "Anna ha visitato Berlino nel 2024.", "non"),
    "pt": ("Anna não visitou Berlim em 2024.", "Anna visitou Berlim em 2024.", "não"),
    "nl": ("Anna heeft Berlijn in 2024 niet bezocht.", "Anna heeft Berlijn in 2024 bezocht.", "niet"),
    "sv": ("Anna besökte inte Berlin 2024.", "Anna besökte Berlin 2024.", "inte"),
    "pl": ("Anna nie odwiedziła Berlina w 2024 roku.", "Anna odwiedziła Berlin w 2024 roku.", "nie"),
    "ru": ("Анна не посетила Берлин в 2024 году.", "Анна посетила Берлин в 2024 году.", "не"),
    "uk": ("Анна не відвідала Берлін у 2024 році.", "Анна відвідала Берлін у 2024 році.", "не"),
    "is": ("Anna heimsótti ekki Berlín árið 2024.", "Anna heimsótti Berlín árið 2024.", "ekki"),
    "fi": ("Anna ei käynyt Berliinissä vuonna 2024.", "Anna kävi Berliinissä vuonna 2024.", "ei"),
    "id": ("Anna tidak mengunjungi Berlin pada tahun 2024.", "Anna mengunjungi Berlin pada tahun 2024.", "tidak"),
    "ms": ("Anna tidak melawat Berlin pada tahun 2024.", "Anna melawat Berlin pada tahun 2024.", "tidak"),
    "tr": ("Anna 2024'te Berlin'i ziyaret etmedi.", "Anna 2024'te Berlin'i ziyaret etti.", "etmedi"),
    "ar": ("لم تزر آنا برلين في عام 2024.", "زارت آنا برلين في عام 2024.", "لم"),
    "zh": ("安娜2024年没有访问柏林。", "安娜2024年访问了柏林。", "没有"),
    "ja": ("アンナは2024年にベルリンを訪問しませんでした。", "アンナは2024年にベルリンを訪問しました。", "ません"),
    "ko": ("안나는 2024년에 베를린을 방문하지 않았다.", "안나는 2024년에 베를린을 방문했다.", "않았다"),
}


def check(source, target, src_lang, tgt_lang):
    s = Document.build(source, lang=src_lang)
    t = Document.build(target, lang=tgt_lang)
    found = run_divergence(make_pair(s, t), Context(packs=builtin()))
    return s, t, [f for f in found if f.rule == "diverge.negation"]


def spans(s, t, f):
    return t.text[f.start:f.end], s.text[f.source_start:f.source_end]


def test_every_language_of_the_data_file_is_tested():
    table = tomllib.loads(resources.path("divergence", "negation.toml").read_text(encoding="utf-8"))
    assert set(table) == set(CASES) | {"en"}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_faithful_pairs_both_ways_have_no_negation_finding(lang):
    neg, plain, _ = CASES[lang]
    assert check(neg, EN_NEG, lang, "en")[2] == []
    assert check(EN_NEG, neg, "en", lang)[2] == []
    assert check(plain, EN_PLAIN, lang, "en")[2] == []
    assert check(EN_PLAIN, plain, "en", lang)[2] == []


@pytest.mark.parametrize("lang", sorted(CASES))
def test_negation_lost_in_translation(lang):
    neg, plain, cue = CASES[lang]
    s, t, found = check(neg, EN_PLAIN, lang, "en")  # from X into English
    assert [spans(s, t, f) for f in found] == [(EN_PLAIN, cue)]
    s, t, found = check(EN_NEG, plain, "en", lang)  # from English into X
    assert [spans(s, t, f) for f in found] == [(plain, "not")]
    assert "source is negated" in found[0].message


@pytest.mark.parametrize("lang", sorted(CASES))
def test_negation_added_in_translation(lang):
    neg, plain, cue = CASES[lang]
    s, t, found = check(plain, EN_NEG, lang, "en")
    assert [spans(s, t, f) for f in found] == [("not", plain)]
    s, t, found = check(EN_PLAIN, neg, "en", lang)
    assert [spans(s, t, f) for f in found] == [(cue, EN_PLAIN)]
    assert 0 < found[0].confidence <= 1 and found[0].evidence["confidence"] == found[0].confidence


@pytest.mark.parametrize("lang, text", [
    ("fr", "Le ministre ne viendra pas au sommet."),  # ne … pas: one negation, not two
    ("es", "No dijo nada a nadie."),  # negative concord: one
    ("ru", "Он ни разу не был там."),
    ("de", "Weder die Regierung noch die Opposition stimmte zu."),
])
def test_negative_concord_is_one_unit(lang, text):
    assert len(cues.negation_units(text, lang)) == 1


@pytest.mark.parametrize("lang, text", [
    ("fr", "À chaque pas, le sentier devient plus raide."),  # pas the noun
    ("fr", "Il ne reste que deux jours avant le vote."),  # ne … que: only
    ("fr", "Le nombre de visiteurs ne cesse de croître."),  # keeps on growing
    ("fr", "Non seulement les prix montent, mais les salaires baissent."),
    ("en", "Not only did prices rise, wages fell as well."),
    ("en", "There is no doubt that the plan will pass."),
    ("de", "Nicht nur die Preise steigen, sondern auch die Mieten."),
    ("es", "No solo subieron los precios, también los alquileres."),
    ("ru", "Не только цены выросли, но и зарплаты."),
    ("zh", "这个计划非常重要。"),  # 非常 (very) holds the character 非
    ("zh", "他不仅来了，还带了礼物。"),
    ("en", "He was ranked No. 5 in the world."),  # the number sign
    ("fr", "Le refuge est au NE du village."),  # north-east, in capitals
    ("ja", "参加者は少ない。"),  # 少ない (few) ends in ない
    ("ja", "彼が来たに違いない。"),  # 違いない: certainly
    ("ar", "لا يزال الوضع صعبا."),  # la yazal: still
    ("ko", "가격뿐만 아니라 임금도 올랐다."),
])
def test_idioms_that_look_negative_are_not(lang, text):
    assert cues.negation_units(text, lang) == []


def test_idiom_against_plain_translation_gives_no_finding():
    _, _, found = check("À chaque pas, Anna voyait Berlin en 2024.",
                        "At every step, Anna saw Berlin in 2024.", "fr", "en")
    assert found == []
    _, _, found = check("Il ne reste que deux jours avant le vote de 2024.",
                        "Only two days remain before the 2024 vote.", "fr", "en")
    assert found == []


def test_icelandic_negation_matches_english():
    _, _, found = check("She does not know the answer in 2024.", "Hún veit ekki svarið árið 2024.", "en", "is")
    assert found == []


def test_finnish_person_forms_of_ei():
    for text in ("En tiedä vastausta.", "Emme tiedä vastausta.", "He eivät tiedä vastausta."):
        assert len(cues.negation_units(text, "fi")) == 1


def test_lexical_negation_matches_a_negator_across_languages():
    # "lacks credibility" ~ "n'est pas crédible": negated on both sides
    _, _, found = check("The 2024 offer lacks credibility.", "L'offre de 2024 n'est pas crédible.", "en", "fr")
    assert found == []
    # "did not fail to": a negated verb of lack is positive
    assert cues.negation_units("He did not fail to vote.", "en") == []


def test_near_negative_stands_for_a_negation():
    # "ne … guère" ~ "hardly"
    _, _, found = check("Anna hardly visited Berlin in 2024.", "Anna ne visitait guère Berlin en 2024.", "en", "fr")
    assert found == []


def test_negation_on_the_neighbouring_sentence_is_not_reported():
    # The aligner pairs the negated sentence with its neighbour: the negation is there.
    src = ("Anna did not visit Berlin in 2024. Anna and Ben met 30 ministers in Paris in 2025. "
           "They signed 12 agreements.")
    tgt = ("Anna a rencontré Berlin en 2024. Anna et Ben n'ont pas rencontré 30 ministres à Paris en 2025. "
           "Ils ont signé 12 accords.")
    s, t, found = check(src, tgt, "en", "fr")
    assert found == []


def test_same_language_counts_units():
    # In one language clauses correspond: two negations against one is reported.
    src = "Anna did not call, and she did not write in 2024."
    s, t, found = check(src, "Anna did not call, and she wrote in 2024.", "en", "en")
    assert [spans(s, t, f) for f in found] == [("wrote", "not")]


def test_lukewarm_hedge_lost():
    src = "Ministers gave the 2024 plan a lukewarm welcome in Brussels."
    s = Document.build(src, lang="en")
    t = Document.build("Ministers gave the 2024 plan a warm welcome in Brussels.", lang="en")
    found = [f for f in run_divergence(make_pair(s, t), Context(packs=builtin())) if f.rule == "diverge.polarity"]
    assert [spans(s, t, f) for f in found] == [("warm", "lukewarm")]
    assert found[0].confidence < 0.5


def test_french_little_and_cold_are_not_hedges():
    src = "Le matin était un peu froid et le guide restait réservé."
    tgt = "Der Morgen war kalt und der Bergführer blieb ruhig."
    s = Document.build(src, lang="fr")
    t = Document.build(tgt, lang="de")
    found = run_divergence(make_pair(s, t), Context(packs=builtin()))
    assert not [f for f in found if f.rule in ("diverge.polarity", "diverge.negation")]


def test_negation_compared_on_a_link_held_by_its_neighbours():
    """Without a lexicon for the pair and with no figure or name in common a link scores
    nothing, but between one-to-one links its place is sure: a lost negation is reported."""
    src = ("Уряд не схвалив бюджет. Міністр фінансів сказав, що податки зростуть. "
           "Опозиція критикувала план.")
    tgt = ("The government approved the budget. The finance minister said taxes would rise. "
           "The opposition criticised the plan.")
    s, t, found = check(src, tgt, "uk", "en")
    assert [(f.rule, s.text[f.source_start:f.source_end]) for f in found] == [("diverge.negation", "не")]
    assert t.text[found[0].start:found[0].end] == "The government approved the budget."
    assert check(src, tgt.replace("approved", "did not approve"), "uk", "en")[2] == []


def test_a_title_case_headline_verb_of_lack_is_read():
    """'Talks Fail To Reopen Route': in title case every verb is capitalised, so a capital
    does not make 'Fail' a name; the French 'ne ... pas' renders it, no added negation."""
    from mtqa.divergence import cues

    head = "Paris Talks Fail To Reopen Black Sea Grain Route"
    (u,) = cues.negation_units(head, "en")
    assert head[u.start:u.end] == "Fail" and u.lexical
    assert cues.negation_units("Minister Hafnar said the plan works.", "en") == []


@pytest.mark.parametrize("text", ["No matter what they hear, the press will come to us first.",
                                  "Foreign residents made up not far off 10 percent of the city."])
def test_no_matter_and_not_far_off_negate_nothing(text):
    from mtqa.divergence import cues

    assert cues.negation_units(text, "en") == []
