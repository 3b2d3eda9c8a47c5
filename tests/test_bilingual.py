"""mtqa.bilingual: English glosses of words of many languages (corpora/bilingual/<lang>-en.tsv,
through the endings of inflections.toml), translates() and sentence coverage. All sentences
are made up."""

import subprocess
import sys
from pathlib import Path

import pytest

from mtqa import bilingual as b

ROOT = Path(__file__).resolve().parent.parent

# one inflected (or plain) word of each shipped lexicon and a gloss it must have
GLOSSED = [
    ("de", "Regierungen", "government"), ("fr", "journaux", "newspaper"),
    ("es", "ciudades", "city"), ("it", "governi", "government"), ("pt", "cidades", "city"),
    ("nl", "regeringen", "government"), ("sv", "regeringen", "government"),
    ("fi", "hallitus", "government"), ("is", "ríkisstjórnin", "government"),
    ("ja", "新聞", "newspaper"), ("tr", "şehirde", "city"), ("ar", "الحكومة", "government"),
    ("pl", "miasta", "city"), ("ru", "правительства", "government"), ("id", "kotanya", "city"),
    ("zh", "政府", "government"),
]


@pytest.mark.parametrize("lang,word,gloss", GLOSSED)
def test_each_lexicon_glosses_a_word_through_its_inflection(lang, word, gloss):
    assert gloss in b.glosses(word, lang)


def test_inflection_and_compounds():
    assert b.lexicon("de").get("gesetzen") is None  # a dative plural found through "-en"
    assert "law" in b.glosses("Gesetzen", "de")
    assert "room" in b.glosses("Schlafraum", "de")  # an unknown compound read by its head
    assert b.candidates("gemacht", "de")[0] == "gemacht" and "machen" in b.candidates("gemacht", "de")
    assert b.glosses("talks", "en") == {"talks"} and b.glosses("met", "en") == {"meet"}
    assert b.glosses("xqzvtw", "de") == frozenset() and b.glosses("Haus", "ko") == frozenset()


def test_translates_true_false_none_and_through_english():
    assert b.translates("Regierungen", "de", "governments", "en") is True
    assert b.translates("Regierung", "de", "gouvernement", "fr") is True  # de -> fr via English
    assert b.translates("Haus", "de", "maison", "fr") is True
    assert b.translates("Haus", "de", "gouvernement", "fr") is False
    assert b.translates("Zeitung", "de", "banana", "en") is False
    assert b.translates("Xqzvtw", "de", "maison", "fr") is None
    assert b.translates("Haus", "de", "집", "ko") is None  # no Korean lexicon


SRC_DE = "Die Regierung hat gestern neue Gesetze beschlossen, um die Wirtschaft des Landes zu stärken."
CLAUSE = "um die Wirtschaft des Landes zu stärken"


@pytest.mark.parametrize("tgt_lang,faithful,dropped", [
    ("en", "Yesterday the government decided on new laws to strengthen the economy of the country.",
     "Yesterday the government decided on new laws."),
    ("fr", "Hier, le gouvernement a décidé de nouvelles lois pour renforcer l'économie du pays.",
     "Hier, le gouvernement a décidé de nouvelles lois."),
])
def test_coverage_drops_with_a_removed_clause_and_names_its_source_words(tgt_lang, faithful, dropped):
    full = b.coverage(SRC_DE, "de", faithful, tgt_lang)
    cut = b.coverage(SRC_DE, "de", dropped, tgt_lang)
    assert full is not None and cut is not None
    assert full.total == cut.total and cut.covered < full.covered
    assert cut.ratio < full.ratio - 0.2
    assert CLAUSE in [SRC_DE[s:e] for s, e in cut.uncovered]
    assert not any("Wirtschaft" in SRC_DE[s:e] for s, e in full.uncovered)


def test_coverage_from_english_and_the_reverse_direction():
    src = "The government decided yesterday on new laws to strengthen the economy of the country."
    faithful = "Ríkisstjórnin ákvað í gær ný lög til að styrkja efnahag landsins."
    dropped = "Ríkisstjórnin ákvað í gær ný lög."
    full, cut = b.coverage(src, "en", faithful, "is"), b.coverage(src, "en", dropped, "is")
    assert cut.ratio < full.ratio
    assert "strengthen the economy of the country" in [src[s:e] for s, e in cut.uncovered]
    # reverse: a target that adds a clause has words its source does not explain
    added = "Yesterday the government decided on new laws and dismissed the army chief."
    rev = b.coverage(added, "en", SRC_DE.split(",")[0] + ".", "de")
    assert "dismissed the army chief" in [added[s:e] for s, e in rev.uncovered]


def test_coverage_exact_weights_and_no_lexicon():
    shape = {"top_zipf": 8.0, "min_weight": 0.5, "max_weight": 5.0, "max_zipf": 6.5,
             "max_word_chars": 8, "prefix": 6}
    c = b.coverage("Regierung", "de", "the government", "en", shape)
    assert c == (pytest.approx(8.0 - b.lexicon("de")["regierung"][0]),) * 2 + ([],)
    assert b.coverage("Уряд засідав.", "uk", "The government met.", "en") is None


def test_chinese_is_segmented_and_covered():
    src = "政府决定加强经济。"
    c = b.coverage(src, "zh", "The government decided to strengthen the economy.", "en")
    d = b.coverage(src, "zh", "The government decided.", "en")
    assert c.ratio > d.ratio and [src[s:e] for s, e in d.uncovered] == ["加强经济"]


def test_check_without_a_source_never_loads_a_lexicon():
    code = ("import sys; from mtqa.cli import main\n"
            "try:\n    main(['--no-config', 'check', 'corpora/samples/coalition-budget.en.txt'])\n"
            "except SystemExit:\n    pass\n"
            "m = sys.modules.get('mtqa.bilingual')\n"
            "print('LOADED' if m and m._lexicon.cache_info().currsize else 'NOT LOADED')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.stdout.strip().endswith("NOT LOADED"), out.stderr[-2000:]


def test_build_script_reads_freedict_entries():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_bilingual as bb

    drop = frozenset({"to", "the", "of", "a", "in"})
    english = {"house": 5.4, "home": 5.6, "building": 5.0, "stay": 5.2, "ein": 2.5}
    native = {"ein": 6.9, "haus": 5.4}
    body = ('Haus /hˈaʊs/ <neut, n, sg>\nhouse <n>, building\n      "ein Haus bauen"  - build\n'
            '   Synonyms: {Gebäude}\n')
    assert bb.gloss_lines(body) == ["house  , building"]
    assert bb.forward([("haus", body)], drop, english, native) == {"haus": ["house", "building", "house"]}
    assert bb.english_lemmas("ein Haus", drop, english, native) == []  # German, not a gloss
    # reversed dictionary: the translation is the key
    assert bb.backward([("house", "house /haʊs/\nHaus, Gebäude\n")], drop, english,
                       native) == {"haus": ["house"], "gebäude": ["house"]}
    assert bb._central(["house", "building", "house"], english) == ["house", "building"]
