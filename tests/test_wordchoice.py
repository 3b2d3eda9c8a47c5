"""wordchoice.spinner, on sentences written for these tests."""

import pytest

from mtqa import resources
from mtqa.checks import Context, wordchoice
from mtqa.document import Document
from mtqa.packs import builtin

RULE = "wordchoice.spinner"


@pytest.fixture(scope="module")
def ctx():
    return Context(packs=builtin())


def found(text, ctx, lang=None):
    doc = Document.build(text, lang=lang)
    return [(doc.text[f.start:f.end], f.suggestion, f) for f in wordchoice.run(doc, ctx)]


@pytest.mark.parametrize("text, word, alt", [
    ("The caput of state arrived in Lima on Monday for two days of talks.", "caput", "head"),
    ("Prices rose sharply this twelvemonth, the central bank said.", "twelvemonth", "year"),
    ("Talks will resume next hebdomad in Geneva, diplomats said.", "hebdomad", "week"),
    ("The minister averred that the budget was balanced.", "averred", "said"),
])
def test_spun_word_is_flagged_with_the_frequent_synonym(ctx, text, word, alt):
    got = found(text, ctx)
    assert [(w, s) for w, s, _ in got] == [(word, alt)]
    f = got[0][2]
    assert (f.rule, f.category, f.severity) == (RULE, "style/unidiomatic", "major")
    assert f.evidence["alternative"] == alt
    assert f.evidence["gain_log10"] >= wordchoice.MIN_GAIN
    assert "Sphinx" in f.evidence["source"] and "WordNet" in f.evidence["source"]


@pytest.mark.parametrize("text", [
    "The head of state arrived in Lima on Monday for two days of talks.",
    "Prices rose sharply this year, the central bank said.",
    "Talks will resume next week in Geneva, diplomats said.",
    "The minister said that the budget was balanced.",
])
def test_the_plain_word_is_not_flagged(ctx, text):
    assert found(text, ctx) == []


def test_a_rare_word_in_a_neutral_context_is_a_writers_choice(ctx):
    # "is" and "the" bind nothing: no phrase was broken, so no finding
    assert found("The deal is caput, the senator said.", ctx) == []


def test_punctuation_ends_the_context(ctx):
    # with commas on both sides the word has no neighbour to be judged against
    assert found("Prices rose, twelvemonth, after twelvemonth.", ctx) == []


def test_capitalised_and_non_english_text_is_left_alone(ctx):
    assert found("Caput of state arrived on Monday.", ctx, lang="en") == []
    assert found("The caput of state arrived in Lima on Monday.", ctx, lang="de") == []


def test_table_is_compact_and_documented():
    p = resources.path("lm", "en-spinner.tsv")
    assert p.stat().st_size < 100_000
    head = "\n".join(ln for ln in p.read_text(encoding="utf-8").splitlines()[:10] if ln[0] == "#")
    for key in ("# format-version:", "# source:", "# licence:", "# built-by:", "# gates:",
                "# columns:"):
        assert key in head
    assert "WordNet 3.0" in head
