"""Names check: gazetteer near misses, case endings, translated surnames, inconsistent spellings.

Every text here was written for these tests. Most run against the shipped gazetteer
(corpora/names/gazetteer.tsv); the user-pack tests make their own gazetteer with invented
names so they do not depend on what the shipped data holds.
"""

from pathlib import Path

import pytest

from mtqa.checks import Context, names
from mtqa.document import Document
from mtqa.packs import PackSet, builtin


@pytest.fixture(scope="module")
def ctx():
    return Context(packs=builtin())


def run(text, ctx, lang="en"):
    doc = Document.build(text, lang=lang)
    return doc, list(names.run(doc, ctx))


def flagged(doc, found, rule=None):
    return [(f.rule, doc.text[f.start:f.end], f.suggestion) for f in found
            if rule is None or f.rule == rule]


# -- names.near-miss --------------------------------------------------------------------------
def test_volodymr_is_a_near_miss_of_volodymyr(ctx):
    text = "Ukrainian President Volodymr Zelensky spoke to reporters in Kyiv on Tuesday."
    doc, found = run(text, ctx)
    assert flagged(doc, found) == [("names.near-miss", "Volodymr", "Volodymyr")]
    f = found[0]
    assert "Volodymyr" in f.evidence["gazetteer"] and f.evidence["distance"] == 1
    assert f.message.startswith("'Volodymr' looks like a misspelling of 'Volodymyr'")
    assert f.severity == "major" and f.category == "fluency/spelling"


def test_unlisted_misspelling_of_a_place_is_found(ctx):
    # Neither misspelling is listed anywhere: only the correct spellings are in the gazetteer.
    doc, found = run("Heavy fighting continued around Avdivka, officials in the region said.\n\n"
                     "Shelling hit the outskirts of Zaporizzhia overnight, the governor said.",
                     ctx)
    assert flagged(doc, found) == [("names.near-miss", "Avdivka", "Avdiivka"),
                                   ("names.near-miss", "Zaporizzhia", "Zaporizhzhia")]
    assert all(f.evidence["kind"] == "place" for f in found)


def test_long_name_allows_two_edits(ctx):
    doc, found = run("Russian troops withdrew from positions near Sievierdonetks on Friday.", ctx)
    assert flagged(doc, found) == [("names.near-miss", "Sievierdonetks", "Sievierodonetsk")]
    assert found[0].evidence["distance"] == 2


def test_accepted_variants_are_not_near_misses(ctx):
    # Zaporizhia and Zaluzhnyy are accepted spellings in the gazetteer, not misspellings.
    doc, found = run("General Valerii Zaluzhnyy visited troops near Zaporizhia last week.", ctx)
    assert flagged(doc, found) == []


def test_misspelt_given_name_before_exact_surname(ctx):
    # "Mihail" is a real given name elsewhere; next to "Mishustin" it is a misspelling.
    doc, found = run("Russian Prime Minister Mihail Mishustin chaired the meeting in Moscow.", ctx)
    assert flagged(doc, found) == [("names.near-miss", "Mihail", "Mikhail")]
    assert "Mishustin" in found[0].evidence["gazetteer"]


def test_misspelt_surname_after_exact_given_name(ctx):
    doc, found = run("German Chancellor Olaf Sholz arrived in Warsaw on Wednesday evening.", ctx)
    assert flagged(doc, found) == [("names.near-miss", "Sholz", "Scholz")]


def test_another_persons_name_near_a_known_surname_is_not_flagged(ctx):
    # Kallas is in the gazetteer; a cricketer called Jacques Kallis is someone else.
    text = ("Opening batsman Jacques Kallis made a patient century at the Gabba. Kallis was "
            "caught in the slips late on the second day, and Mr Kallis said he was pleased.")
    doc, found = run(text, ctx)
    assert flagged(doc, found) == []


def test_misspelling_at_sentence_start_and_inside_a_hyphenated_word(ctx):
    text = "Avdivka was shelled again on Sunday. Several Avdivka-based volunteers left."
    doc, found = run(text, ctx)
    assert [(f.rule, f.start, f.end) for f in found] == [
        ("names.near-miss", 0, 7), ("names.near-miss", text.index("Avdivka-"),
                                    text.index("Avdivka-") + 7)]


def test_other_names_events_and_places_near_known_names_are_not_flagged(ctx):
    for text in (
            "Spain opened its campaign at the Hopman Cup in Perth with a 3-0 win.",
            "Jets struck several vehicles near Sharana, the provincial capital, on Sunday.",
            "Police said Razzak had taken flying lessons abroad. Razzak denied the charges.",
            "Midfielder Carlos Putina scored twice as the home side won 3-1."):
        doc, found = run(text, ctx)
        assert flagged(doc, found) == [], text


def test_short_words_datelines_acronyms_urls_are_skipped(ctx):
    text = ("VOLODYMR - Officials met in the capital, a spokesman said.\n\n"
            "Details are at https://example.com/Volodymr-Avdivka or from "
            "Avdivka.Press@example.org today.\n\n"
            "The VOLOD unit and the Kyev office said nothing about F16s or Avdivka2.")
    doc, found = run(text, ctx)
    assert flagged(doc, found) == []


def test_short_misspelling_next_to_the_right_spelling_is_inconsistent(ctx):
    # Too short for a near miss on its own, but the article also spells Kyiv correctly.
    text = "Drones were shot down over Kyiv overnight. Residents of Kyev spent hours in shelters."
    doc, found = run(text, ctx)
    assert flagged(doc, found) == [("names.inconsistent", "Kyev", "Kyiv")]
    assert found[0].evidence["first_offset"] == text.index("Kyiv")


# -- names.case-ending ------------------------------------------------------------------------
def test_finnish_case_ending_left_on_a_surname(ctx):
    doc, found = run("The opposition criticised Purraa in parliament on Wednesday.", ctx)
    assert flagged(doc, found) == [("names.case-ending", "Purraa", "Purra")]
    f = found[0]
    assert f.evidence["stem"] == "Purra" and f.evidence["suffix"] == "a"
    assert any(e["lang"] == "fi" for e in f.evidence["endings"])
    assert f.category == "fluency/grammar"


def test_case_ending_with_possessive(ctx):
    doc, found = run("Purraa's party won more seats than expected in the election.", ctx)
    assert flagged(doc, found) == [("names.case-ending", "Purraa", "Purra")]


def test_russian_genitive_on_putin(ctx):
    doc, found = run("Analysts say the speech showed Putina was preparing a longer war.", ctx)
    assert flagged(doc, found) == [("names.case-ending", "Putina", "Putin")]


def test_russian_ending_that_replaces_the_last_letter(ctx):
    doc, found = run("Aides of Zelenskogo denied the report on Thursday.", ctx)
    assert flagged(doc, found, "names.case-ending") == [
        ("names.case-ending", "Zelenskogo", "Zelensky")]
    assert found[0].evidence["suffix"] == "ogo"


def test_marked_endings_after_an_apostrophe_or_a_colon(ctx):
    text = "Critics of Putin'in war met EU:n officials in Brussels."
    doc, found = run(text, ctx)
    assert flagged(doc, found) == [("names.case-ending", "Putin'in", "Putin"),
                                   ("names.case-ending", "EU:n", "EU")]


def test_foreign_place_form_suggests_the_english_name(ctx):
    doc, found = run("Delegations travelled to Moskvy for the talks.", ctx)
    assert flagged(doc, found) == [("names.case-ending", "Moskvy", "Moscow")]


def test_english_derivations_of_place_names_are_not_case_endings(ctx):
    doc, found = run("Kenyan and Iraqi diplomats met Syrian officials and Crimean Tatars.", ctx)
    assert flagged(doc, found) == []


# -- names.translated -------------------------------------------------------------------------
def test_riikka_bite_is_riikka_purra(ctx):
    text = ("Finance Minister Riikka Bite presented the budget to parliament on Monday. "
            "Later in the day Bite said the cuts were unavoidable.")
    doc, found = run(text, ctx)
    got = flagged(doc, found)
    assert got == [("names.translated", "Bite", "Purra"), ("names.translated", "Bite", "Purra")]
    assert found[0].evidence["gazetteer"] == "Riikka Purra"
    assert found[0].start == text.index("Bite") and found[1].start == text.rindex("Bite")
    assert found[0].category == "accuracy/mistranslation"


def test_riikka_purra_and_ordinary_bite_are_fine(ctx):
    text = ("Finance Minister Riikka Purra presented the budget on Monday. A dog bite sent "
            "one reporter to hospital, and the Bite Club cafe stayed shut.")
    doc, found = run(text, ctx)
    assert flagged(doc, found) == []


def test_common_word_after_a_distinctive_given_name(ctx):
    # "Hammer" is not listed as a translation; it is a common English word where Riikka
    # Purra's surname should be, after a title and a given name only she has.
    doc, found = run("Finance Minister Riikka Hammer said the cuts would stay.", ctx)
    assert flagged(doc, found) == [("names.translated", "Hammer", "Purra")]
    assert found[0].evidence["basis"].startswith("common English word")
    assert found[0].confidence < 0.9


# -- names.inconsistent -----------------------------------------------------------------------
def test_two_spellings_of_zelensky_in_one_article(ctx):
    text = ("Zelensky met European leaders in Brussels on Thursday.\n\n"
            "Afterwards Zelenskyy told reporters that more air defence was needed. "
            "Zelensky later flew home, and Zelenskyy's office published the statement.")
    doc, found = run(text, ctx)
    assert flagged(doc, found) == [("names.inconsistent", "Zelenskyy", "Zelensky"),
                                   ("names.inconsistent", "Zelenskyy", "Zelensky")]
    ev = found[0].evidence
    assert ev["first"] == "Zelensky" and ev["second"] == "Zelenskyy"
    assert ev["first_offset"] == 0
    assert ev["second_offsets"] == [text.index("Zelenskyy"), text.rindex("Zelenskyy")]
    assert found[0].severity == "minor"


def test_kyiv_and_kiev_in_one_article(ctx):
    text = "Air raid sirens sounded across Kyiv on Monday. Officials in Kiev said two people died."
    doc, found = run(text, ctx)
    assert flagged(doc, found) == [("names.inconsistent", "Kiev", "Kyiv")]


# -- clean text -------------------------------------------------------------------------------
CLEAN = [
    "Ukrainian President Volodymyr Zelenskiy met German Chancellor Olaf Scholz in Berlin on "
    "Friday, Reuters reported. Zelenskiy thanked Scholz for air defence systems and said "
    "Russian strikes on Kharkiv had intensified.",
    "Zelenskyy addressed the parliament by video link. Zelenskyy said Kharkiv and Odesa "
    "needed more protection before the winter.",
    "Chinese President Xi Jinping will visit Moscow next week, the Kremlin said, according to "
    "TASS. Xi and Vladimir Putin are expected to sign several agreements. Xi Jinping last "
    "visited Russia in 2019.",
    "KYIV - Russian drones hit an energy facility near Kharkiv overnight, the regional "
    "governor said on Telegram. In Brussels, NATO and European Union officials discussed "
    "the attacks, while Finnish Prime Minister Petteri Orpo met Estonian officials in Tallinn.",
    "Secretary of State Antony Blinken and Foreign Minister Wang Yi met on the sidelines of "
    "the summit in Jakarta. Indonesian President Joko Widodo hosted the leaders.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_news_has_no_name_findings(ctx, text):
    doc, found = run(text, ctx)
    assert flagged(doc, found) == []


def test_findings_are_exact_spans_into_the_text(ctx):
    text = "\n\nIn Kyiv, President  Volodymr  Zelensky met Chancellor Olaf Sholz.\n"
    doc, found = run(text, ctx)
    assert [text[f.start:f.end] for f in found] == ["Volodymr", "Sholz"]


def test_rules_can_be_switched_off():
    from conftest import check_text

    text = "Ukrainian President Volodymr Zelensky spoke in Kyiv."
    doc, found = check_text(text, ignore=("names.near-miss",))
    assert [f for f in found if f.rule.startswith("names.")] == []
    # ... or one gazetteer entry only, by its id
    doc, found = check_text(text, ignore=("names.near-miss/volodymyr-zelenskyy",))
    assert [f for f in found if f.rule.startswith("names.")] == []
    doc, found = check_text(text, ignore=("names.near-miss/olaf-scholz",))
    assert [(f.id, doc.text[f.start:f.end]) for f in found if f.rule.startswith("names.")] == [
        ("names.near-miss/volodymyr-zelenskyy", "Volodymr")]
    assert {r.id for r in names.RULES} == {"names.near-miss", "names.case-ending",
                                           "names.translated", "names.inconsistent",
                                           "names.lowercase"}


# -- a user pack's gazetteer and case endings (invented names) -------------------------------
GAZ = """name\taccepted\tkind\tcountry\tgiven\tfamily\ttranslations\tprovenance
Aulikki Rautapuro\t\tperson\tFI\tAulikki\tRautapuro\tiron brook\ttest pack
Brannoch Quillivant\tBrannoch Quillivan\tperson\tIE\tBrannoch\tQuillivant\t\ttest pack
Velikograd\tVelikogorod\tplace\tXX\t\t\t\ttest pack
"""
ENDINGS = ("lang\tsuffix\tcase\texample\n"
           "fi\tssa\tinessive\tVelikogradissa\nfi\t-n\tgenitive\tRautapuron\n")


@pytest.fixture
def pack_ctx(tmp_path):
    (tmp_path / "gazetteer.tsv").write_text(GAZ, encoding="utf-8")
    (tmp_path / "case-endings.tsv").write_text(ENDINGS, encoding="utf-8")
    base = builtin()
    packs = PackSet(dict(base.packs), dict(base.pack_langs), list(base.pattern_rules),
                    list(base.terms), list(base.gazetteers) + [Path(tmp_path / "gazetteer.tsv")])
    return Context(packs=packs)


def test_pack_names_are_checked(pack_ctx):
    text = ("Officials in Velikgrad said Brannoch Quilivant had resigned. Later Minister "
            "Aulikki Iron Brook visited Rautapuron office.")
    doc, found = run(text, pack_ctx)
    assert flagged(doc, found) == [
        ("names.near-miss", "Velikgrad", "Velikograd"),
        ("names.near-miss", "Quilivant", "Quillivant"),
        ("names.translated", "Iron Brook", "Rautapuro"),
        ("names.case-ending", "Rautapuron", "Rautapuro"),
    ]
    assert found[0].evidence["provenance"] == "test pack"


def test_pack_accepted_spellings_are_fine_but_mixing_them_is_not(pack_ctx):
    doc, found = run("Brannoch Quillivan spoke in Velikogorod.", pack_ctx)
    assert flagged(doc, found) == []
    doc, found = run("Velikograd was quiet. By evening Velikogorod was shelled.", pack_ctx)
    assert flagged(doc, found) == [("names.inconsistent", "Velikogorod", "Velikograd")]


def test_generic_translated_surname_after_a_distinctive_given_name(pack_ctx):
    doc, found = run("Deputy Minister Aulikki Kettle told the committee that talks had failed.",
                     pack_ctx)
    assert flagged(doc, found) == [("names.translated", "Kettle", "Rautapuro")]
    assert found[0].confidence < 0.9


def test_no_generic_translation_in_title_case_headlines(pack_ctx):
    doc, found = run("Deputy Minister Aulikki Kettle Visits Berlin For Talks", pack_ctx)
    assert flagged(doc, found, "names.translated") == []
