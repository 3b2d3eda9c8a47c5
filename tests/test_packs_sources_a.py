"""Source-language packs for Korean, Japanese, Turkish, Arabic and Persian (and more Chinese and
Russian), and the source-language guess from a wire dateline. Every sentence here was written
for these tests."""

import pytest
from conftest import check_text

from mtqa import annotate
from mtqa.document import Document

# (source language, text, rule, flagged span, suggestion, near-identical correct text)
HITS = [
    ("ko", "CEO Park said on Tuesday that his party would table the motion again.",
     "calques-ko.titles", "CEO", "party leader",
     "Party leader Lee said on Tuesday that his party would table the motion again."),
    ("ko", "The opposition said on the 21st that it would walk out.",
     "calques-ko.dates", "on the 21st", "on [weekday] ([month] 21)",
     "The opposition said on Dec. 9 that it would boycott the vote."),
    ("ja", "The abduction issue has remained unresolved since the 3rd year of Heisei.",
     "calques-ja.era-dates", "the 3rd year of Heisei", "[Gregorian year]",
     "The abduction issue has remained unresolved since 1991."),
    ("ja", "Chairman Xi has accepted the invitation to Osaka.",
     "calques-ja.titles", "Chairman Xi", "leader Xi",
     "President Xi has accepted the invitation to Osaka."),
    ("tr", "The Deputy General of the state railway resigned in May.",
     "calques-tr.titles", "Deputy General", "Deputy general manager",
     "The deputy general manager of the state railway resigned in May."),
    ("tr", "CHP Ankara Deputy Mehmet Demir criticised the decision in a statement on Monday.",
     "calques-tr.titles", "CHP Ankara Deputy", "CHP Ankara MP",
     "CHP Ankara MP Mehmet Demir criticised the decision in a statement on Monday."),
    ("tr", "Annual inflation fell to %48,6 in June.",
     "calques-tr.phrasing", "%48,6", "48.6%",
     "Annual inflation fell to 48.6% in June."),
    ("ar", "The envoy stressed on the need for a lasting truce.",
     "calques-ar.phrasing", "stressed on the ", "stressed the ",
     "The envoy stressed the need for a lasting truce."),
    ("fa", "The speaker said the vote would take place on 20 Bahman.",
     "calques-fa.dates", "20 Bahman", "[Gregorian date]",
     "The speaker said the vote would take place on Feb. 9."),
    ("fa", "The head of the Majlis rejected the proposal on Sunday.",
     "calques-fa.titles", "The head of the Majlis", "the parliament speaker",
     "The parliament speaker rejected the proposal on Sunday."),
    ("zh", "The bureau said my country's industrial output rose 5 percent.",
     "calques-zh.my-country", "my country's ", "China's ",
     "The bureau said China's industrial output rose 5 percent."),
    ("ru", "About this has informed the head of the regional council.",
     "calques-ru.word-order", "About this has informed", "[speaker] said this",
     "The head of the regional council said this."),
    ("ru", "The deputies of the parliamentary fraction voted against the bill.",
     "calques-ru.faction", "parliamentary fraction", "parliamentary faction",
     "The deputies of the parliamentary faction voted against the bill."),
]


@pytest.mark.parametrize("lang,text,rule,span,suggestion,correct", HITS,
                         ids=[f"{h[0]}-{h[2]}" for h in HITS])
def test_pack_hit_and_near_miss(lang, text, rule, span, suggestion, correct):
    doc, found = check_text(text + "\n", calques=lang)
    hits = [(doc.text[f.start:f.end], f.suggestion) for f in found if f.rule == rule]
    assert hits == [(span, suggestion)]
    doc, found = check_text(correct + "\n", calques=lang)
    assert not [f for f in found if f.rule == rule]


def test_packs_apply_only_to_their_source_language():
    text = "CEO Park said on Tuesday that his party would table the motion again.\n"
    _, found = check_text(text, calques="ja")
    assert not [f for f in found if f.rule.startswith("calques-ko.")]


def test_russian_pack_applies_to_ukrainian_sources():
    _, found = check_text("About this has informed the head of the regional council.\n", calques="uk")
    assert [f.rule for f in found if f.rule.startswith("calques-ru.")] == ["calques-ru.word-order"]


def _guess(text: str) -> tuple[str, str]:
    doc = annotate.annotate(Document.build(text, lang="en"))
    return doc.facts.source_lang_guess, doc.facts.source_lang_evidence


BODY = " officials said on Monday that the talks would continue next week.\n"


@pytest.mark.parametrize("dateline,lang", [
    ("BEIJING, Jan. 1 (Xinhua) --", "zh"),
    ("Beijing, Jan. 1 (Xinhua) --", "zh"),
    ("SEOUL, Dec. 10 (Yonhap) --", "ko"),
    ("(Yonhap) --", "ko"),
    ("TOKYO (Kyodo) --", "ja"),
    ("ANKARA (AA) -", "tr"),
    ("MOSCOW, March 3 (TASS) -", "ru"),
    ("TEHRAN (IRNA) -", "fa"),
    ("RIYADH, May 2 (SPA) --", "ar"),
    # The agency writes the story: its language beats the city's.
    ("WASHINGTON, May 2 (Xinhua) --", "zh"),
    ("MOSCOW, March 3 (Reuters) -", "en"),
    ("Xinhua News Agency, Beijing, March 7th:", "zh"),
])
def test_dateline_gives_source_language(dateline, lang):
    assert _guess(dateline + BODY) == (lang, "dateline")


def test_no_dateline_no_guess_from_a_title_case_opening():
    assert _guess("Separately, the" + BODY) == ("", "")


def test_an_ambiguous_surname_is_no_evidence_of_a_country():
    # "Lee" names people of Hong Kong, South Korea and Singapore in the gazetteer.
    text = ("Lee took three wickets and Lee was named man of the match as Lee's side won "
            "the series in Adelaide on Sunday.\n")
    assert _guess(text)[0] != "zh"


def test_a_kicker_with_a_colon_is_no_dateline():
    from mtqa.document import Document
    from mtqa.source_lang import dateline
    text = "BREAKING: Talks end without a deal\n\nMOSCOW (TASS) - The talks ended on Friday.\n"
    assert dateline(Document.build(text, lang="en")) == ("Moscow", "TASS")
