"""collocations.unusual-pair, on sentences written for these tests.

The wrong-synonym cases come from the synthetic-swap measurement in
corpora/collocations/PROVENANCE.md ("destruction toll" for "death toll", ...).
"""

import pytest

from mtqa import resources
from mtqa.checks import Context, collocations
from mtqa.document import Document
from mtqa.packs import builtin

RULE = "collocations.unusual-pair"

CLEAN = (
    "The death toll from Tuesday's earthquake in the north of the country rose to 312 on "
    "Wednesday as rescue teams pulled more bodies from collapsed buildings, the interior "
    "ministry said. Heavy rain hampered the search, and aid agencies warned that thousands "
    "of families had spent a second night in the open. The prime minister, who visited the "
    "worst-hit town, promised emergency funds and said the government would rebuild schools "
    "and hospitals before winter. Opposition leaders criticised the slow response and called "
    "for an independent inquiry into building standards. Asylum seekers housed in a nearby "
    "camp were moved to safer ground, a spokesman for the refugee agency said, adding that "
    "climate change made such disasters more likely."
)


@pytest.fixture(scope="module")
def ctx():
    return Context(packs=builtin())


def findings(text, ctx, lang=None):
    doc = Document.build(text, lang=lang)
    return doc, list(collocations.run(doc, ctx))


def test_rule_metadata():
    assert [r.id for r in collocations.RULES] == [RULE]
    rule = collocations.RULES[0]
    assert (rule.category, rule.severity) == ("style/unidiomatic", "minor")


def test_wrong_synonym_modifier_is_flagged_with_suggestion_and_counts(ctx):
    text = "The destruction toll from the earthquake rose to 300 on Tuesday, officials said."
    doc, found = findings(text, ctx)
    assert doc.lang == "en"
    assert [doc.text[f.start:f.end] for f in found] == ["destruction"]
    f = found[0]
    assert (f.rule, f.category, f.severity) == (RULE, "style/unidiomatic", "minor")
    assert f.suggestion == "death"
    ev = f.evidence
    assert ev["pair"] == "destruction toll"
    assert ev["alternative"] == "death toll"
    assert ev["observed"] == "absent (< 100,000 in the web bigram table)"
    # the statistic itself: "death toll" is far above the strong threshold (5 x T)
    assert isinstance(ev["alternative_count"], int)
    assert ev["alternative_count"] >= ev["threshold"] >= 5 * 100_000
    assert "WordNet" in ev["source"] and "count_2w" in ev["source"]
    assert "death toll" in f.message and f"{ev['alternative_count']:,}" in f.message


@pytest.mark.parametrize("text, word, suggestion", [
    ("Ministers met in Bonn to discuss mood change and rising seas.", "mood", "climate"),
    ("He was taken to hospital after suffering a core attack at his home.", "core", "heart"),
    ("Thousands of sanctuary seekers arrived by boat last year.", "sanctuary", "asylum"),
])
def test_other_measured_swaps(ctx, text, word, suggestion):
    doc, found = findings(text, ctx)
    assert [(doc.text[f.start:f.end], f.suggestion) for f in found] == [(word, suggestion)]


def test_the_right_pair_is_not_flagged(ctx):
    for text in ("The death toll from the earthquake rose to 300 on Tuesday.",
                 "Ministers met in Bonn to discuss climate change and rising seas."):
        assert findings(text, ctx)[1] == [], text


def test_clean_news_paragraph_has_no_findings(ctx):
    doc, found = findings(CLEAN, ctx)
    assert doc.lang == "en"
    assert [(doc.text[f.start:f.end], f.suggestion) for f in found] == []


def test_capitalised_words_and_punctuation_break_pairs(ctx):
    assert findings("Destruction toll rose again on Tuesday.", ctx, lang="en")[1] == []
    assert findings("They counted the destruction, toll and damage.", ctx, lang="en")[1] == []
    assert findings("The Destruction toll was a band name.", ctx, lang="en")[1] == []


def test_only_english_and_only_when_enabled(ctx):
    text = "The destruction toll from the earthquake rose to 300 on Tuesday, officials said."
    assert findings(text, ctx, lang="de")[1] == []
    from conftest import check_text

    assert [f.rule for f in check_text(text, ignore=("collocations",))[1]] == []
    assert [f.rule for f in check_text(text)[1]] == ["collocations.unusual-pair"]


def test_shipped_tables_are_compact_and_documented():
    for name in ("en-collocations.tsv", "en-synonyms.tsv"):
        p = resources.path("collocations", name)
        assert p.stat().st_size < 500_000
        head = [ln for ln in p.read_text(encoding="utf-8").splitlines()[:20] if ln[0] == "#"]
        text = "\n".join(head)
        for key in ("# format-version:", "# source:", "# licence:", "# origin:",
                    "# columns:", "# built-by:", "# T: 100000"):
            assert key in text, (name, key)
        assert "WordNet 3.0" in text and "MIT" in text and "Norvig" in text


def test_the_context_model_vetoes_pairs_it_attests(ctx):
    # "finishing line" is under the web table's cut-off while "finish line" is strong, but
    # the context model lists the pair and binds "finish" to "line" hardly more than
    # "finishing": correct British usage, not a wrong synonym.
    text = "The runner crossed the finishing line first on Sunday."
    assert findings(text, ctx)[1] == []


def test_evidence_carries_the_model_contrast(ctx):
    doc, found = findings("The destruction toll from the earthquake rose to 300 on Tuesday.", ctx)
    (f,) = found
    assert f.evidence["model_contrast"] >= collocations.MIN_CONTRAST
    assert "context model" in f.message


def test_synonyms_are_searched_in_place_as_the_file_reads():
    # (the synonyms are looked up in the file's text, which works only on sorted lines of
    # one word, a tab and its synonyms after the head of comments)
    text = resources.path("collocations", "en-synonyms.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.split("\n") if ln and ln[0] != "#"]
    words = [r[0] for r in rows]
    assert words == sorted(set(words)) and all(len(r) == 2 for r in rows)
    tables = collocations._tables()
    assert all(tables.synonyms(w) == s for w, s in rows) and tables.synonyms("zzzz") is None
