"""Source-language packs B (it, pt, uk, pl; more de, es, fi, id) and the always-on `formats`
pack, through the whole pipeline: each hit with its exact span, rule and suggestion, and a
near-identical correct sentence with no finding of that rule. Sentences written for these tests."""

import pytest
from conftest import check_text

# (calques option, rule id, text, flagged span, suggestion, the corrected text)
CASES = [
    # formats: no source language needed ("none" switches every calque pack off)
    ("none", "formats.decimal-comma", "Support for the party rose to 21,4 % in May.",
     "21,4", "21.4", "Support for the party rose to 21.4% in May."),
    ("none", "formats.thousands", "The mayor received 12 304 votes in the first round.",
     "12 304", "12,304", "The mayor received 12,304 votes in the first round."),
    ("none", "formats.thousands", "Police said 2.300 people joined the march.",
     "2.300", "2,300", "Police said 2,300 people joined the march."),
    ("none", "formats.dates", "The governor opened the bridge on Tuesday (22/9/2020).",
     "(22/9/2020)", "(Sept. 22, 2020)", "The governor opened the bridge on Tuesday (Sept. 22, 2020)."),
    ("none", "formats.dates", "The ruling was dated 05.03.2024 and published later.",
     "05.03.2024", "2024-03-05", "The ruling was dated March 5, 2024 and published later."),
    ("none", "formats.time", "The vote closed at 18:40 PM on Sunday.",
     "18:40 PM", "6:40 p.m.", "The vote closed at 6:40 p.m. on Sunday."),
    ("none", "formats.time", "The train leaves at 07h15 every day.",
     "07h15", "07:15", "The train leaves at 07:15 every day."),
    # Finnish
    ("fi", "calques-fi.titles", "The Greens re-elected the president Maria Ojala on Sunday.",
     "the president ", "party chair ", "The Greens re-elected party chair Maria Ojala on Sunday."),
    ("fi", "calques-fi.titles", "He began his second season as an MP in April.",
     "season ", "term ", "He began his second term as an MP in April."),
    # Spanish
    ("es", "calques-es.executive-titles", "The chief of the Executive met the unions.",
     "The chief of the Executive", "the prime minister", "The prime minister met the unions."),
    ("es", "calques-es.this-weekday", "The spokesman warned this Tuesday of new cuts.",
     "warned this Tuesday", "warned on Tuesday", "The spokesman warned on Tuesday of new cuts."),
    # Italian
    ("it", "calques-it.official-titles", "President of the Council Mario Rossi resigned.",
     "President of the Council", "Prime Minister", "Prime Minister Mario Rossi resigned."),
    ("it", "calques-it.phrasing", "The League was the second most voted party in Veneto.",
     "the second most voted party", "the party that came second",
     "The League was the party that came second in Veneto."),
    # Portuguese / Brazilian
    ("pt", "calques-pt.official-titles", "The Planalto denied the report.",
     "The Planalto", "the presidency", "The presidency denied the report."),
    ("pt", "calques-pt.official-titles", "TSE minister Ana Costa suspended the ads.",
     "TSE minister", "TSE justice", "TSE justice Ana Costa suspended the ads."),
    # Ukrainian
    ("uk", "calques-uk.official-titles", "People's deputy Ivan Kravets voted against.",
     "People's deputy", "lawmaker", "Lawmaker Ivan Kravets voted against."),
    ("uk", "calques-uk.quoted-names", 'Members of the party "Voice" walked out.',
     'party "Voice"', "Voice party", "Members of the Voice party walked out."),
    # Polish
    ("pl", "calques-pl.official-titles", "Vice-premier Jan Nowak opened the plant.",
     "Vice-premier", "deputy prime minister", "Deputy Prime Minister Jan Nowak opened the plant."),
    ("pl", "calques-pl.numbers-dates", "A ticket costs 4.40 zł in Warsaw.",
     " zł", " zlotys", "A ticket costs 4.40 zlotys in Warsaw."),
    # German
    ("de", "calques-de.union-traffic-light", "Union lawmakers led by Eva Roth spoke first.",
     "Union", "CDU/CSU", "CDU/CSU lawmakers led by Eva Roth spoke first."),
    ("de", "calques-de.union-traffic-light", "The opposition said the traffic light had failed.",
     "the traffic light", "the traffic-light coalition",
     "The opposition said the traffic-light coalition had failed."),
    # Indonesian
    ("id", "calques-id.phrasing", "Rice prices have climbed since three days ago.",
     "since three days ago", "for the past three days", "Rice prices have climbed for the past three days."),
]


@pytest.mark.parametrize("calques,rule,text,span,suggestion,correct", CASES,
                         ids=[f"{c[1]}:{c[3]}" for c in CASES])
def test_hit_with_span_and_suggestion_and_no_hit_on_the_correct_form(calques, rule, text, span,
                                                                    suggestion, correct):
    doc, found = check_text(text + "\n", lang="en", calques=calques)
    hits = [(doc.text[f.start:f.end], f.suggestion) for f in found if f.rule == rule]
    assert hits == [(span, suggestion)]
    doc, found = check_text(correct + "\n", lang="en", calques=calques)
    assert [f for f in found if f.rule == rule] == []


def test_formats_run_without_a_source_language_and_language_packs_do_not_repeat_them():
    # The decimal comma moved from calques-de/-fi/-es into `formats`: one finding, not two.
    text = "Exports fell by 3,5 percent and 1.200 workers lost their jobs.\n"
    doc, found = check_text(text, lang="en", calques="any")
    spans = sorted((f.rule, doc.text[f.start:f.end]) for f in found if f.rule.endswith(
        ("number-date-format", "number-time-format", "number-format", "decimal-comma", "thousands")))
    assert spans == [("formats.decimal-comma", "3,5"), ("formats.thousands", "1.200")]


@pytest.mark.parametrize("text", [
    "About 3,500 people attended; turnout was 1.5% higher than in 2019.",
    "The polls close at 5:40 p.m., or 17:40 local time, on 12 May 2023.",
    "On March 12 200 protesters gathered outside; the index rose 1.500 points.",
    "He was quoting Shakespeare in the chamber at 9.30am, the report said.",
    "Vice-President Dick Cheney met the company's vice-president in 2001.",
])
def test_correct_english_gives_no_finding_from_these_packs(text):
    doc, found = check_text(text + "\n", lang="en", calques="any")
    mine = ("formats.", "calques-it.", "calques-pt.", "calques-uk.", "calques-pl.")
    assert [(f.rule, doc.text[f.start:f.end]) for f in found if f.rule.startswith(mine)] == []
