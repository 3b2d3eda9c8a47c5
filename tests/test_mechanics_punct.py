"""Punctuation carried over from a source language, and what correct news must not trip:
quote marks of the wrong direction or place, quoted organisation names, run-on sentences,
one-sided dashes and glued colons, and quotations continued across flattened paragraphs.
All sentences are made up for these tests."""

from __future__ import annotations

import pytest

import mtqa.packs
from mtqa.checks import mechanics
from mtqa.checks.context import Context
from mtqa.document import Document


@pytest.fixture(scope="module")
def ctx():
    return Context(packs=mtqa.packs.builtin())


def found(text: str, ctx, rule: str) -> list[tuple[str, str]]:
    doc = Document.build(text, lang="en")
    return [(text[f.start:f.end], f.suggestion) for f in mechanics.run(doc, ctx) if f.rule == rule]


def one(text: str, ctx, rule: str):
    doc = Document.build(text, lang="en")
    out = [f for f in mechanics.run(doc, ctx) if f.rule == rule]
    assert len(out) == 1, out
    return out[0]


# -- quote marks ---------------------------------------------------------------------

def test_closing_mark_used_to_open(ctx):
    text = "The mayor said the plan works ”when the river is low” and left."
    f = one(text, ctx, "mechanics.quote-marks")
    assert (f.start, text[f.start:f.end], f.suggestion) == (text.index("”"), "”", "“")
    assert f.category == "fluency/punctuation" and f.evidence["pattern"] == "closing mark used to open"
    assert found(text, ctx, "mechanics.unbalanced-quotes") == []
    fixed = text.replace("”when", "“when")
    assert found(fixed, ctx, "mechanics.quote-marks") == []


def test_opening_mark_used_to_close_before_attribution(ctx):
    text = "“We will rebuild the bridge by winter, “the engineer said on Monday."
    f = one(text, ctx, "mechanics.quote-marks")
    assert (text[f.start:f.end], f.suggestion) == (", “", ",” ")
    assert found(text, ctx, "mechanics.unbalanced-quotes") == []
    fixed = "“We will rebuild the bridge by winter,” the engineer said on Monday."
    assert found(fixed, ctx, "mechanics.quote-marks") == []


def test_quoted_phrase_after_comma_is_not_a_misplaced_closer(ctx):
    text = "She called the deal fair, “a turning point for the valley,” and signed it."
    assert found(text, ctx, "mechanics.quote-marks") == []
    assert found(text, ctx, "mechanics.unbalanced-quotes") == []


def test_left_single_quote_or_accent_as_apostrophe(ctx):
    text = "Chile‘s copper output rose, but Peru´s fell."
    assert found(text, ctx, "mechanics.quote-marks") == [("‘", "’"), ("´", "’")]
    clean = "Chile’s copper output rose, but Peru's fell, said the ‘ministry’ and Ka‘bah guides."
    assert found(clean, ctx, "mechanics.quote-marks") == []


@pytest.mark.parametrize("text, span", [
    ("“There is little left to settle…, ” the speaker said.", ", ”"),
    ("“There is little left to settle ” the speaker said.", " ”"),
])
def test_punctuation_stranded_before_closing_mark(ctx, text, span):
    f = one(text, ctx, "mechanics.quote-marks")
    assert (text[f.start:f.end], f.suggestion) == (span, "”")


def test_correct_closing_marks_are_clean(ctx):
    text = ("“There is little left to settle…” the speaker said. “We agree,” she added. "
            "He said \"fine\", then left.")
    assert found(text, ctx, "mechanics.quote-marks") == []


def test_quote_marks_rule_is_english_only_and_finnish_quotes_are_balanced(ctx):
    text = "Ministeri sanoi ”ei koskaan” ja lähti."
    doc = Document.build(text, lang="fi")
    assert [f for f in mechanics.run(doc, ctx)
            if f.rule in ("mechanics.quote-marks", "mechanics.unbalanced-quotes")] == []


# -- quotations continued across flattened paragraphs (false alarms on correct news) ----

@pytest.mark.parametrize("q", ['"', "“"])
def test_quotation_reopened_after_a_sentence_end_is_a_continuation(ctx, q):
    close = '"' if q == '"' else "”"
    text = (f"The coach was calm. {q}We trained hard all winter. {q}The new players fit in "
            f"well and we are ready,{close} he said. Fans queued early.")
    assert found(text, ctx, "mechanics.unbalanced-quotes") == []
    broken = f"The coach was calm. We trained hard all winter, ready,{close} he said."
    assert found(broken, ctx, "mechanics.unbalanced-quotes") == [(close, "")]


# -- quoted organisation names -------------------------------------------------------

def test_quoted_agency_from_the_gazetteer(ctx):
    text = "The deal was signed on Friday, reports “TASS”."
    f = one(text, ctx, "mechanics.quoted-name")
    assert (text[f.start:f.end], f.suggestion) == ("“TASS”", "TASS")
    assert f.evidence == {"gazetteer_kind": "agency"}
    assert found("The deal was signed on Friday, TASS reports.", ctx, "mechanics.quoted-name") == []


def test_quoted_name_after_a_class_noun(ctx):
    text = 'Shares in the company "Northern Lights Energy" fell by a third.'
    f = one(text, ctx, "mechanics.quoted-name")
    assert (text[f.start:f.end], f.suggestion) == ('"Northern Lights Energy"', "Northern Lights Energy")
    assert f.evidence == {"class_noun": "company"}


@pytest.mark.parametrize("text", [
    'Shares in Northern Lights Energy fell by a third.',
    'They founded a party called "Forward Together" in May.',
    'The company "made every effort to comply", its lawyer said.',
    'She sang "Let It Be" at the gala and TASS reported it.',
])
def test_quotes_that_are_not_a_quoted_organisation(ctx, text):
    assert found(text, ctx, "mechanics.quoted-name") == []


# -- run-on sentences ----------------------------------------------------------------

def test_run_on_after_a_name(ctx):
    text = "The delegates met Chancellor Olaf Scholz He promised more funding for schools."
    f = one(text, ctx, "mechanics.run-on")
    assert (text[f.start:f.end], f.suggestion) == ("Scholz He", "Scholz. He")
    assert f.evidence == {"opener": "He", "next_word": "promised"}
    fixed = "The delegates met Chancellor Olaf Scholz. He promised more funding for schools."
    assert found(fixed, ctx, "mechanics.run-on") == []


def test_run_on_after_a_lower_case_word(ctx):
    text = "Prices rose sharply in the spring The bank expects them to fall."
    assert found(text, ctx, "mechanics.run-on") == [("spring The", "spring. The")]


@pytest.mark.parametrize("text", [
    "The minister flew to The Hague on Monday.",
    "Reporters for The Guardian and Vice Premier He Lifeng met.",
    "Talks between the envoys and Vice Premier Liu He ended on Monday.",  # a known name
    'Yesterday he said "It would rain" and it did.',
    "Storm Batters Coast As The Town Braces\n\nRoads were closed.",
    'She sang "Let It be" at the gala.',
    "We knew what the report said and I agreed.",
])
def test_not_run_ons(ctx, text):
    assert found(text, ctx, "mechanics.run-on") == []


# -- spacing -------------------------------------------------------------------------

def test_colon_glued_between_words(ctx):
    text = "BERLIN, May 4th:Talks on the budget resumed."
    assert found(text, ctx, "mechanics.spacing") == [(":", ": ")]
    assert found("BERLIN, May 4th: Talks resumed at 10:30 today.", ctx, "mechanics.spacing") == []


@pytest.mark.parametrize("text, span", [
    ("He spoke at a dinner –after the vote on tariffs– and smiled.", " –"),
    ("He spoke at a dinner– after the vote on tariffs.", "– "),
])
def test_dash_spaced_on_one_side(ctx, text, span):
    out = found(text, ctx, "mechanics.spacing")
    assert out[0] == (span, " – ")


def test_dashes_spaced_evenly_are_clean(ctx):
    text = ("He spoke at a dinner – after the vote on tariffs – and smiled. "
            "The talks—long delayed—resumed in 2019–20.")
    assert found(text, ctx, "mechanics.spacing") == []


def test_repeated_dotted_brand_and_doubled_spaces_are_not_flagged(ctx):
    text = "Shares in One.Tel fell.  Analysts said One.Tel and the  market had recovered."
    assert found(text, ctx, "mechanics.spacing") == []
    assert found("The minister left.Talks ended.", ctx, "mechanics.spacing") == [(".", ". ")]


def test_free_relative_subject_may_repeat_its_verb(ctx):
    assert found("Whatever happens happens, the coach said.", ctx, "mechanics.doubled-word") == []
    assert found("The coach said it happens happens often.", ctx,
                 "mechanics.doubled-word") == [("happens happens", "happens")]
