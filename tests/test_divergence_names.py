"""Names in source comparison: matched through inflection, transliteration and exonyms;
a misspelt name and a dropped name caught with spans on both sides. Sentences written for
these tests."""

import pytest

from mtqa.checks import Context
from mtqa.divergence import MIN_CONFIDENCE, make_pair, names, run_divergence
from mtqa.document import Document
from mtqa.packs import builtin


def check(source: str, target: str, src_lang: str, tgt_lang: str):
    s = Document.build(source, lang=src_lang)
    t = Document.build(target, lang=tgt_lang)
    found = [f for f in run_divergence(make_pair(s, t), Context(packs=builtin()))
             if f.rule.startswith("diverge.name")]
    return s, t, found


def one(findings, rule):
    got = [f for f in findings if f.rule == rule]
    assert len(got) == 1, [(f.rule, f.message) for f in findings]
    return got[0]


def spans(s, t, f):
    return t.text[f.start:f.end], s.text[f.source_start:f.source_end]


# -- faithful pairs: no finding ----------------------------------------------------------------
DE = ("Die Seilschaft erreichte am Abend die Hütte am Fuss des Weisshorns. "
      "Im Schlafsaal lagen Wolldecken und Kopfkissen bereit, und der Hüttenwart kochte eine Suppe. "
      "Die Besteigung des Weisshorns begann um vier Uhr morgens.")
FR = ("La cordée atteignit le soir la cabane au pied du Weisshorn. "
      "Des couvertures et des oreillers attendaient dans le dortoir, et le gardien prépara une soupe. "
      "L'ascension du Weisshorn commença à quatre heures du matin.")


def test_german_common_nouns_and_genitive_name_are_not_name_findings():
    assert check(DE, FR, "de", "fr")[2] == []


@pytest.mark.parametrize("word", ["Schlafsaal", "Wolldecken", "Besteigung", "Hüttenwart"])
def test_german_capitalised_common_nouns_are_known(word):
    assert names.common_noun(word, "de")


def test_icelandic_case_forms_match_the_name():
    src = "Anna drove from Kópavogur to Akureyri on Friday. She stayed in Akureyri for a week."
    tgt = "Anna ók frá Kópavogi til Akureyrar á föstudaginn. Hún dvaldi á Akureyri í viku."
    assert check(src, tgt, "en", "is")[2] == []


def test_finnish_case_endings_match_the_name():
    src = "Petteri Orpo's government met in Oulu. Orpo said Oulu was a good host."
    tgt = "Petteri Orpon hallitus kokoontui Oulussa. Orpo sanoi, että Oulu oli hyvä isäntä."
    assert check(src, tgt, "en", "fi")[2] == []


RU = ("Владимир Зеленский встретился с Олафом Шольцем в Берлине. Переговоры длились три часа. "
      "Зеленский поблагодарил Шольца за помощь.")
EN = ("Volodymyr Zelensky met Olaf Scholz in Berlin. The talks lasted three hours. "
      "Zelensky thanked Scholz for the help.")


def test_cyrillic_names_match_their_latin_spelling():
    assert check(RU, EN, "ru", "en")[2] == []
    assert names.loose("Зеленский") == names.loose("Selenskyj") == names.loose("Zelenskyi")


def test_exonym_from_the_gazetteer_is_no_misspelling():
    src = "The talks in Geneva ended on Monday. Geneva will also host the next round."
    tgt = "Les pourparlers de Genève ont pris fin lundi. Genève accueillera aussi le prochain tour."
    assert check(src, tgt, "en", "fr")[2] == []


def test_name_hyphenated_at_a_line_end_is_present():
    src = "Der Gletscher unterhalb des Tschingelhorns schmilzt rasch."
    tgt = "Le glacier au-dessous du Tschingel-\nhorn fond rapidement."
    assert check(src, tgt, "de", "fr")[2] == []


def test_chinese_target_reports_no_dropped_name():
    src = "Prime Minister Petteri Orpo arrived in Beijing on Monday."
    tgt = "芬兰总理奥尔波周一抵达北京。"
    assert check(src, tgt, "en", "zh")[2] == []


# -- changed pairs: the finding and both spans ---------------------------------------------------
def test_misspelt_name_across_languages():
    src = "Bundeskanzler Friedrich Merz reiste am Dienstag nach Paris."
    tgt = "Le chancelier Friedrich Mertz s'est rendu mardi à Paris."
    s, t, found = check(src, tgt, "de", "fr")
    f = one(found, "diverge.name")
    assert spans(s, t, f) == ("Mertz", "Merz")
    assert f.suggestion == "Merz" and f.confidence >= MIN_CONFIDENCE  # shown by default


def test_misspelt_name_in_an_inflecting_target_language():
    src = "Volodymyr Zelensky spoke to the parliament on Monday."
    tgt = "Volodymr Zelenskí ávarpaði þingið á mánudaginn."
    s, t, found = check(src, tgt, "en", "is")
    f = one(found, "diverge.name")
    assert spans(s, t, f) == ("Volodymr", "Volodymyr")


def test_dropped_name_the_translation_keeps_elsewhere():
    tgt = EN.replace("Olaf Scholz in", "Olaf in")
    s, t, found = check(RU, tgt, "ru", "en")
    f = one(found, "diverge.name-dropped")
    assert spans(s, t, f) == ("Volodymyr Zelensky met Olaf in Berlin.", "Шольцем")
    assert f.confidence >= MIN_CONFIDENCE
