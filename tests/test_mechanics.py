"""The mechanics check: doubled words, quotes, brackets, spacing, headline agreement,
verbs used as nouns and years that contradict the article's own date.

Every text here was written for these tests.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import mtqa.packs
from mtqa import resources
from mtqa.checks import Context, mechanics
from mtqa.document import Document
from mtqa.rules import CATEGORIES, Selection

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "xi-visit-2023-03.en.txt"


@pytest.fixture(scope="module")
def ctx():
    return Context(packs=mtqa.packs.builtin())


def findings(text, ctx, lang=None, rule=None):
    doc = Document.build(text, lang=lang)
    out = list(mechanics.run(doc, ctx))
    for f in out:
        assert 0 <= f.start < f.end <= len(text)
        assert f.message
    if rule:
        out = [f for f in out if f.rule == rule]
    return doc, out


def spans(text, found):
    return [(f.rule, text[f.start:f.end], f.suggestion) for f in found]


# -- rule metadata -------------------------------------------------------------------

def test_rules_are_declared_with_valid_metadata():
    ids = {r.id for r in mechanics.RULES}
    assert ids == {
        "mechanics.doubled-word", "mechanics.unbalanced-quotes", "mechanics.unbalanced-brackets",
        "mechanics.spacing", "mechanics.headline-agreement", "mechanics.verb-as-noun",
        "mechanics.implausible-year", "mechanics.quote-marks", "mechanics.quoted-name",
        "mechanics.run-on"}
    for r in mechanics.RULES:
        assert r.category in CATEGORIES
        assert r.severity in ("minor", "major")
        assert r.description


# -- doubled words -------------------------------------------------------------------

def test_doubled_word_spans_both_words_and_suggests_one(ctx):
    text = "Officials said the the talks would resume after a review of of the terms."
    _, found = findings(text, ctx, rule="mechanics.doubled-word")
    assert spans(text, found) == [
        ("mechanics.doubled-word", "the the", "the"),
        ("mechanics.doubled-word", "of of", "of"),
    ]
    assert found[0].category == "fluency/grammar" and found[0].severity == "minor"


def test_doubled_word_is_case_insensitive_and_flags_very_very(ctx):
    text = "The the committee met. It was a very very long session."
    _, found = findings(text, ctx, rule="mechanics.doubled-word")
    assert spans(text, found) == [
        ("mechanics.doubled-word", "The the", "The"),
        ("mechanics.doubled-word", "very very", "very"),
    ]


def test_doubled_word_allows_grammatical_repeats_numbers_and_names(ctx):
    text = ("The mayor had had enough of the delays. She said that that plan was dead. "
            "Turnout rose from 40 40 percent. Walla Walla voted early. He said no, no deal.")
    _, found = findings(text, ctx, rule="mechanics.doubled-word")
    assert found == []


def test_doubled_word_does_not_cross_paragraphs(ctx):
    text = "Storm Hits Coast Town\nTown officials said roads were closed."
    _, found = findings(text, ctx, rule="mechanics.doubled-word")
    assert found == []


def test_doubled_word_applies_to_other_latin_languages(ctx):
    text = "Le ministre a dit que nous nous battrons pour le le budget de la ville."
    _, found = findings(text, ctx, lang="fr", rule="mechanics.doubled-word")
    assert spans(text, found) == [("mechanics.doubled-word", "le le", "le")]


# -- quotes --------------------------------------------------------------------------

def test_unclosed_straight_quote_is_flagged_at_the_quote(ctx):
    text = 'The minister said the plan was "a turning point for the region.\n\nTalks resume today.'
    _, found = findings(text, ctx, rule="mechanics.unbalanced-quotes")
    assert len(found) == 1
    f = found[0]
    assert f.start == text.index('"') and text[f.start:f.end] == '"'
    assert f.category == "fluency/punctuation"


def test_quote_continued_into_next_paragraph_is_not_flagged(ctx):
    text = ('"We will rebuild every school," the governor said. "It will take years.\n\n'
            '"But we will not stop," she added.')
    _, found = findings(text, ctx, rule="mechanics.unbalanced-quotes")
    assert found == []


def test_curly_quotes_must_pair(ctx):
    text = "She called it “a fair deal and later “final” at the table."
    _, found = findings(text, ctx, rule="mechanics.unbalanced-quotes")
    assert [(text[f.start:f.end], f.start) for f in found] == [("“", text.index("“"))]
    text2 = "Officials said the vote was fair” and counting went on."
    _, found2 = findings(text2, ctx, rule="mechanics.unbalanced-quotes")
    assert [(text2[f.start:f.end], f.start) for f in found2] == [("”", text2.index("”"))]


def test_balanced_quotes_and_inch_marks_are_clean(ctx):
    text = ('He said "yes" twice and "no" once. The 6" pipe burst. '
            '“We are ready,” the coach said.')
    _, found = findings(text, ctx, rule="mechanics.unbalanced-quotes")
    assert found == []


# -- brackets ------------------------------------------------------------------------

def test_unbalanced_brackets(ctx):
    text = "The agency (which declined to comment said prices rose. A list] followed."
    _, found = findings(text, ctx, rule="mechanics.unbalanced-brackets")
    assert [(text[f.start:f.end], f.start) for f in found] == [
        ("]", text.index("]")), ("(", text.index("("))]


def test_brackets_balanced_per_paragraph_and_enumerators_ok(ctx):
    text = ("The plan has two parts: 1) a ceasefire and 2) talks [in Geneva] (next week).\n"
            "The report (page 4) said so.")
    _, found = findings(text, ctx, rule="mechanics.unbalanced-brackets")
    assert found == []


# -- spacing -------------------------------------------------------------------------

def test_space_before_punctuation(ctx):
    text = "The minister said , adding that talks would resume ."
    _, found = findings(text, ctx, rule="mechanics.spacing")
    assert spans(text, found) == [
        ("mechanics.spacing", " ,", ","),
        ("mechanics.spacing", " .", "."),
    ]


def test_missing_space_after_punctuation(ctx):
    text = "The minister said,adding that talks were over.He left;others stayed."
    _, found = findings(text, ctx, rule="mechanics.spacing")
    assert spans(text, found) == [
        ("mechanics.spacing", ",", ", "),
        ("mechanics.spacing", ".", ". "),
        ("mechanics.spacing", ";", "; "),
    ]
    assert found[0].start == text.index(",")


def test_doubled_space_inside_a_line_is_not_flagged(ctx):
    # Joined lines leave doubled spaces in correct news; renderers collapse them.
    text = "The central  bank raised rates.  Markets fell."
    _, found = findings(text, ctx, rule="mechanics.spacing")
    assert found == []


def test_spacing_leaves_abbreviations_numbers_and_urls_alone(ctx):
    text = ("The U.S. economy grew 3.5% (e.g. in retail), i.e. faster than 1,200 analysts "
            "expected. J.R.R. Tolkien fans can see www.example.com/news,today or "
            "mail press@example.org. Node.js is software. The vote is at 10:30 a.m. Friday.")
    _, found = findings(text, ctx, rule="mechanics.spacing")
    assert found == []


def test_spacing_is_english_only(ctx):
    text = "Le ministre a déclaré : nous verrons bien ! Est-ce vrai ?"
    _, found = findings(text, ctx, lang="fr", rule="mechanics.spacing")
    assert found == []


# -- headline agreement --------------------------------------------------------------

BODY = "\n\nThe minister arrived on Friday for two days of talks."


def test_headline_base_verb_after_and_is_flagged(ctx):
    text = "Minister Visits Paris And Meet Macron" + BODY
    _, found = findings(text, ctx, rule="mechanics.headline-agreement")
    assert spans(text, found) == [("mechanics.headline-agreement", "Meet", "Meets")]
    f = found[0]
    assert f.severity == "major" and f.category == "fluency/grammar"
    assert f.evidence["lexicon"].startswith("WordNet 3.0")
    assert "v" in f.evidence["tags"]


def test_headline_third_person_after_and_flags_the_base_verb(ctx):
    text = "Minister Visit Paris And Meets Macron" + BODY
    _, found = findings(text, ctx, rule="mechanics.headline-agreement")
    assert spans(text, found) == [("mechanics.headline-agreement", "Visit", "Visits")]


@pytest.mark.parametrize("headline, flagged, suggestion", [
    ("Premier Hosts Mayor & Sign Housing Accord", "Sign", "Signs"),
    # A plural subject makes the 3rd-person form the odd one out.
    ("Leaders Meet Premier And Discusses War", "Discusses", "Discuss"),
])
def test_headline_other_coordinations(ctx, headline, flagged, suggestion):
    text = headline + BODY
    _, found = findings(text, ctx, rule="mechanics.headline-agreement")
    assert spans(text, found) == [("mechanics.headline-agreement", flagged, suggestion)]


def test_headline_in_sentence_case(ctx):
    text = "Finnish minister visits Berlin and discuss energy" + BODY
    _, found = findings(text, ctx, rule="mechanics.headline-agreement")
    assert spans(text, found) == [("mechanics.headline-agreement", "discuss", "discusses")]


@pytest.mark.parametrize("headline", [
    "Finland's Prime Minister Visits Berlin, Meets Scholz",
    "Peace Talks And Meetings Continue In Geneva",
    "Minister Visits Farm And Plant In Ohio",
    "Leaders Meet In Paris And Agree Deal",
    "Premier Plans To Sign Deal And Meet Union Leaders",
    "China And US Hold Trade Talks And Trade Deals",
    "Parliament Debates Budget And Tax Cuts",
    "Kremlin Plans Visit And Talks",
    "Inflation Slows And Jobs Grow",
    "EU Imposes Tariffs And Trade War Looms",
    "Minister Visits Paris And Meet Macron.",  # a sentence, not a headline
])
def test_headline_negatives(ctx, headline):
    text = headline + BODY
    _, found = findings(text, ctx, rule="mechanics.headline-agreement")
    assert found == []


# -- verb used as a noun -------------------------------------------------------------

def test_verb_as_noun_after_possessive(ctx):
    text = ("Analysts doubted the minister's re-elect for a second term. "
            "The rebels announced their withdraw from the city.")
    _, found = findings(text, ctx, rule="mechanics.verb-as-noun")
    assert spans(text, found) == [
        ("mechanics.verb-as-noun", "re-elect", "re-election"),
        ("mechanics.verb-as-noun", "withdraw", "withdrawal"),
    ]
    f = found[0]
    assert f.severity == "major" and f.category == "fluency/grammar"
    assert f.evidence["tags"] == "v"
    assert "en-pos.tsv" in f.evidence["lexicon"]


def test_verb_as_noun_keeps_title_case(ctx):
    text = "Voters Cheer Governor’s Re-Elect In Ohio\n\nCrowds gathered."
    _, found = findings(text, ctx, rule="mechanics.verb-as-noun")
    assert spans(text, found) == [("mechanics.verb-as-noun", "Re-Elect", "Re-Election")]


def test_verb_as_noun_negatives(ctx):
    text = ("Xi's visit was brief, the president's pledge was firm and their return was quiet. "
            "Let's withdraw now, the captain said. It's become clear. The union made her "
            "withdraw the claim. The party's re-elect campaign began.")
    _, found = findings(text, ctx, rule="mechanics.verb-as-noun")
    assert found == []


# -- implausible years ---------------------------------------------------------------

def test_past_year_after_the_dateline_is_flagged(ctx):
    text = ("KYIV, March 17, 2023 (Reuters) - Troops seized the port in 2031, officials said. "
            "The two leaders met in 2025 to discuss grain exports.")
    _, found = findings(text, ctx, rule="mechanics.implausible-year")
    assert [text[f.start:f.end] for f in found] == ["2031", "2025"]
    f = found[0]
    assert f.start == text.index("2031")
    assert f.category == "accuracy/mistranslation" and f.severity == "major"
    assert f.evidence["reference_date"] == "2023-03-17"
    assert f.evidence["reference_from"] == "dateline"
    assert f.evidence["tense"] == "past" and f.evidence["cue"] == "seized"


def test_future_year_before_the_reference_date_is_flagged(ctx):
    text = ("On 17 March 2023 the ministry confirmed the plan. The president will visit "
            "Beijing in 2019, and talks will be held in 2024.")
    _, found = findings(text, ctx, rule="mechanics.implausible-year")
    assert [text[f.start:f.end] for f in found] == ["2019"]
    assert found[0].evidence["tense"] == "future"
    assert found[0].evidence["reference_from"] == "full date in the text"


def test_iso_date_is_a_reference(ctx):
    text = "Updated 2023-03-17. The bridge, which opened in 2026, carries rail traffic."
    _, found = findings(text, ctx, rule="mechanics.implausible-year")
    assert [text[f.start:f.end] for f in found] == ["2026"]


def test_year_negatives(ctx):
    text = ("MOSCOW, March 17, 2023 - Elections were held in 2019. The summit is expected in "
            "2025. The vote was scheduled in 2026. Sanctions will stay until 2030. The 2025 "
            "target stands. Output ran from 2019-2025. He plans to retire in 2020.")
    _, found = findings(text, ctx, rule="mechanics.implausible-year")
    assert found == []


def test_no_reference_date_means_no_year_findings(ctx):
    text = "Troops seized the port in 2031, officials said on Friday."
    _, found = findings(text, ctx, rule="mechanics.implausible-year")
    assert found == []


# -- language gating, laziness, the clean article ------------------------------------

def test_english_rules_skip_other_languages(ctx):
    text = "PARIS, 17 mars 2023 - Le ministre a visité Lyon en 2031 , dit-il."
    _, found = findings(text, ctx, lang="fr")
    assert [f.rule for f in found] == []


def test_disabled_rules_do_no_work_and_load_no_lexicon():
    resources.pos_tags.cache_clear()
    quiet = Context(packs=mtqa.packs.builtin(), selection=Selection(
        ignore=("mechanics.headline-agreement", "mechanics.verb-as-noun", "mechanics.implausible-year")))
    text = "Minister Visits Paris And Meet Macron\n\nHis re-elect came in 2031 , he said."
    doc = Document.build(text, lang="en")
    rules = {f.rule for f in mechanics.run(doc, quiet)}
    assert rules == {"mechanics.spacing"}
    assert resources.pos_tags.cache_info().currsize == 0


CLEAN = """Finland's Prime Minister Visits Berlin, Meets Scholz

BERLIN, March 17, 2023 (Reuters) - Finland's prime minister met German Chancellor Olaf \
Scholz in Berlin on Friday, her first visit since the two governments signed a defence \
pact in 2022. The leaders discussed energy prices, which rose 3.5% in February, and \
support for Ukraine (including air defence systems). "We will stand together for as long \
as it takes," Scholz told reporters after the meeting. The prime minister said her \
government's priority was security [in the Baltic region] and that Helsinki would raise \
defence spending to 2% of output by 2024. Officials said that that target, first set in \
2019, had nearly been met. Xi's visit to Moscow next week and the president's pledge to \
mediate were also on the agenda, they said, as was the U.S. position on export controls. \
Their return to Helsinki is expected on Saturday. Germany will host a follow-up meeting in \
2024, according to a statement from the chancellery, e.g. on trade and climate policy. The \
talks, held at the chancellery, lasted about two hours, and both sides called them \
"constructive and frank." Trade between the two countries reached 12.4 billion euros last \
year, up from 11.1 billion in 2021, the statement said.
"""


def test_clean_news_article_has_no_findings(ctx):
    doc, found = findings(CLEAN, ctx)
    assert doc.lang == "en"
    assert 180 <= doc.word_count <= 260
    assert spans(CLEAN, found) == []


def test_mechanics_is_fast_on_a_600_word_article(ctx):
    text = CLEAN + "\n" + "\n\n".join(CLEAN.split("\n\n", 1)[1] for _ in range(3))
    doc = Document.build(text, lang="en")
    assert doc.word_count >= 600
    list(mechanics.run(doc, ctx))  # lexicons loaded
    t0 = time.perf_counter()
    for _ in range(10):
        list(mechanics.run(doc, ctx))
    per_run = (time.perf_counter() - t0) / 10
    assert per_run < 0.025  # typically ~1 ms; generous for slow CI machines


@pytest.mark.skipif(not SEED.exists(), reason="../shared seed article not available")
def test_seed_article_golden():
    ctx = Context(packs=mtqa.packs.builtin())
    text = SEED.read_text(encoding="utf-8")
    _, found = findings(text, ctx)
    got = {(f.rule, text[f.start:f.end], f.suggestion) for f in found}
    assert ("mechanics.headline-agreement", "Meet", "Meets") in got
    assert ("mechanics.verb-as-noun", "re-elect", "re-election") in got


def test_nominalizations_are_searched_in_place_as_the_file_reads():
    # (mechanics looks verbs up in the file's text, which works only on sorted lines of one
    # verb, a tab and its noun after the head of comments)
    p = resources.path("lexicon", "en-nominalizations.tsv")
    rows = [line.split("\t") for _, line in resources.data_lines(p)]
    verbs = [r[0] for r in rows]
    assert verbs == sorted(set(verbs)) and all(len(r) == 2 and r[1] and r == [c.strip() for c in r] for r in rows)
    table = mechanics._nominalizations()
    assert len(table) == len(rows) and all(table.value(v) == n for v, n in rows)
    assert table.value("zzzz") is None
