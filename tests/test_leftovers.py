"""Source-language leftovers in English text (mtqa.checks.leftovers): single words,
half-translated compounds, other scripts, placeholder marks. All sentences are made up."""

import pytest

from mtqa.annotate import annotate
from mtqa.checks import leftovers
from mtqa.checks.context import Context
from mtqa.document import Document
from mtqa.packs import PackSet


def found(text: str, rule: str = "") -> list[tuple[str, str, str]]:
    doc = annotate(Document.build(text, lang="en"))
    return [(f.rule, text[f.start:f.end], f.suggestion) for f in leftovers.run(doc, Context(PackSet()))
            if not rule or f.rule == rule]


# A Finnish-sourced story: the dateline makes Finnish the guessed source language.
FI = "HELSINKI (STT) - Prime Minister Matti Virtanen spoke in Tampere on Monday. "


def test_inflected_source_word_no_list_has():
    text = FI + "He said the party had won seitsemissä elections in a row."
    got = found(text, "lang.untranslated-word")
    assert got == [("lang.untranslated-word", "seitsemissä", "")]
    doc = annotate(Document.build(text, lang="en"))
    f = next(iter(leftovers.run(doc, Context(PackSet()))))
    assert f.category == "accuracy/untranslated" and f.evidence["lang"] == "fi" and f.evidence["how"] == "shape"
    assert "Finnish" in f.message


def test_translated_word_is_clean():
    assert found(FI + "He said the party had won five elections in a row.") == []


def test_half_translated_compound():
    text = FI + "Ministers defended the kuntaliitos-plan on Tuesday."
    assert found(text) == [("lang.untranslated-word", "kuntaliitos-plan", "")]
    assert found(FI + "Ministers defended the merger-plan on Tuesday.") == []


@pytest.mark.parametrize("word", ["re-elected", "anti-government", "brexiteers", "recieve",
                                  "goverment", "hyperpartisan", "relegates"])
def test_english_forms_and_typos_do_not_fire(word):
    assert found(FI + f"The {word} figures were discussed at length.", "lang.untranslated-word") == []


def test_lower_case_name_used_capitalised_elsewhere_is_not_a_leftover():
    assert found(FI + "Virtanen met Korhonen, and korhonen later left.", "lang.untranslated-word") == []


def test_cyrillic_label_with_suggestion():
    text = "Crowds gathered outside the parliament on Friday. Источник: Reuters"
    assert found(text) == [("lang.foreign-script", "Источник:", "Source:")]
    assert found("Crowds gathered outside the parliament on Friday. Source: Reuters") == []


def test_gloss_in_parentheses_is_fine():
    assert found("President Volodymyr Zelensky (Володимир Зеленський) spoke on Monday.") == []
    assert found("President Volodymyr Zelensky Володимир Зеленський spoke on Monday.") == [
        ("lang.foreign-script", "Володимир Зеленський", "")]


def test_hangul_notice_is_one_finding():
    text = "The summit ended early. 이 기사는 AI 자동 번역 서비스입니다. Officials left."
    assert found(text) == [("lang.foreign-script", "이 기사는 AI 자동 번역 서비스입니다", "")]


@pytest.mark.parametrize("mark,clean", [
    ("{name}", "Anna Virtanen"), ("%s", "Anna Virtanen"), ("&nbsp;", " "),
    ("XXX", "Anna Virtanen"), ("***", "Anna Virtanen")])
def test_placeholders(mark, clean):
    text = "The minister, {}, declined to comment on the budget."
    assert found(text.format(mark)) == [("lang.placeholder", mark, "")]
    assert found(text.format(clean)) == []


def test_cut_mark_inside_a_word_but_not_an_ellipsis_in_a_quote():
    assert found("The Presi[...]dent arrived late.") == [("lang.placeholder", "[...]", "")]
    assert found('"We will [...] defend the budget," she said.') == []


def test_roman_numeral_and_section_break_are_not_placeholders():
    assert found("Tickets for Super Bowl XXX sold out.\n\n***\n\nThe next day was calm.") == []


def test_source_word_garbled_by_one_letter():
    de = "BERLIN (dpa) - Chancellor Anna Schmidt spoke in Hamburg on Monday. "
    text = de + "She wants to raise the budget allerdigns in a later debate."
    doc = annotate(Document.build(text, lang="en"))
    got = [(f.rule, text[f.start:f.end], f.evidence["near"]) for f in leftovers.run(doc, Context(PackSet()))]
    assert got == [("lang.untranslated-word", "allerdigns", "allerdings")]
    assert found(de + "She wants to raise the budget again in a later debate.") == []


@pytest.mark.parametrize("lang, text", [
    ("de", "Weitere Informationen finden Sie unter https://www.example.de/weather und bei "
           "presse@example.de sowie unter #weather und @newsroom."),
    ("es", "Más información en www.example.es/news o en el correo prensa@example.es."),
])
def test_addresses_handles_and_hashtags_hold_no_english_leftovers(lang, text):
    from mtqa.pipeline import Options, analyse

    doc = analyse(text, Options(lang=lang)).documents[0]
    assert [(f.rule, text[f.start:f.end]) for f in doc.findings] == []
