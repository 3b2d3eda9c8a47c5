"""The `lexical` part of adequacy: word-by-word coverage of a source through a bilingual
lexicon (mtqa/scoring/lexical.py, corpora/bilingual/zh-en.tsv). All sentences are made up."""

import sys
from pathlib import Path

import pytest

from mtqa.scoring import adequacy as ad
from mtqa.scoring import lexical

ROOT = Path(__file__).resolve().parent.parent
SHAPE = {"top_zipf": 8.0, "min_weight": 0.5, "max_weight": 5.0, "max_zipf": 6.5,
         "max_word_chars": 8, "prefix": 6}

# "Chinese and French leaders held talks in Beijing to discuss climate change."
SOURCE = "中国和法国领导人在北京举行会谈，讨论气候变化问题。"
FAITHFUL = "China and France held leaders' talks in Beijing to discuss the problem of climate change."
DROPPED = "China and France held leaders' talks in Beijing."  # the purpose clause is gone
WRONG = "China and France held a leaders' banquet in Beijing to discuss the problem of climate change."


def toy(**entries: tuple[float, str]) -> dict[str, lexical.Entry]:
    return {k: (z, tuple(v.split())) for k, (z, v) in entries.items()}


def test_forward_maximum_matching_takes_the_longest_key():
    lex = toy(中国=(6.0, "china"), 中=(6.0, "middle"), 国家=(6.0, "country"), 家=(6.0, "home"))
    # greedy: 中国 first, so 国家 is never tried; digits and Latin letters are left to anchors
    assert lexical.segment("中国家2024年G7", lex, 8) == ["中国", "家", "年"]
    assert lexical.segment("中国家", lex, 1) == ["中", "国", "家"]


def test_segments_a_real_sentence_into_dictionary_words():
    lex = lexical.lexicon("zh")
    assert lex is not None
    assert lexical.segment(SOURCE, lex, 8) == [
        "中国", "和", "法国", "领导人", "在", "北京", "举行", "会谈", "讨论", "气候变化", "问题"]
    assert lex["会谈"][1] == ("talks", "discussions")


def test_stem_joins_a_lemma_and_its_inflections():
    assert {lexical.stem(w) for w in ("talk", "talks", "talked", "talking")} == {"talk"}
    assert lexical.stem("cities") == lexical.stem("city")
    assert lexical.stem("met") == lexical.stem("meet")  # irregular: mechanics list
    assert lexical.stem("running") == lexical.stem("run")
    assert lexical.stem("press") == "press" and lexical.stem("bus") == "bus"  # not plurals


def test_coverage_exact_values_on_a_toy_lexicon():
    lex = toy(会谈=(4.0, "talks"), 北京=(5.0, "beijing"), 的=(7.8, "target"), 宴会=(4.0, "banquet"))
    c = lexical.coverage("北京的会谈", "Talks were held in Beijing.", lex, SHAPE)
    # weights: 北京 8-5 = 3, 会谈 8-4 = 4; 的 is above max_zipf, not counted
    assert (c.source_weight, c.covered_weight) == (7.0, 7.0)
    # content words: talks, were? no (function word), held, beijing -> 2 of 3 explained
    assert (c.target_words, c.explained) == (3, 2)
    assert c.f1 == pytest.approx(2 * 1.0 * (2 / 3) / (1.0 + 2 / 3))
    c = lexical.coverage("北京的会谈", "A banquet was held in Beijing.", lex, SHAPE)
    assert c.recall == pytest.approx(3 / 7) and c.missing == ["会谈"]


def test_faithful_translation_covers_more_than_a_dropped_clause_or_a_wrong_word():
    def value(tgt):
        return ad.pair_parts(SOURCE, tgt, 0.0, src_lang="zh", tgt_lang="en")["lexical"]

    full, dropped, wrong = value(FAITHFUL), value(DROPPED), value(WRONG)
    assert full.value > dropped.value and full.value > wrong.value
    assert dropped.counts["recall"] < full.counts["recall"]  # lost source content
    assert wrong.counts["precision"] < full.counts["precision"]  # "banquet" is in no gloss
    assert "气候变化" in dropped.explanation and "气候变化" not in full.explanation


def test_script_guess_and_absent_lexicons():
    # no language given: Han script -> zh
    assert "lexical" in ad.pair_parts(SOURCE, FAITHFUL, 0.0)
    # no lexicon for the pair, same-language reference, non-Latin target: no part
    assert "lexical" not in ad.pair_parts("Уряд засідав.", "The government met.", 0.0,
                                          src_lang="uk")
    # a FreeDict language has one
    assert "lexical" in ad.pair_parts("Die Regierung tagte.", "The government met.", 0.0,
                                      src_lang="de")
    assert "lexical" not in ad.pair_parts(FAITHFUL, DROPPED, 0.0, same_lang=True)
    assert "lexical" not in ad.pair_parts(SOURCE, "政府开会。", 0.0)
    assert lexical.lexicon("zh-CN") is lexical.lexicon("zh")


def test_document_adequacy_carries_the_part():
    class Link:
        src, tgt, score = (0,), (0,), 1.0

    doc, per = ad.adequacy([SOURCE], [DROPPED], [Link()], src_lang="zh", tgt_lang="en")
    assert doc.parts["lexical"].value == per[0].parts["lexical"].value < 1.0


def test_build_script_reduces_glosses_to_content_words():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_bilingual as b

    drop = frozenset({"to", "the", "of", "a"}) | b.SHORTHAND
    assert b.gloss_lemmas("to hold (a meeting, ceremony etc)", drop) == ["hold"]
    assert b.gloss_lemmas("variant of 會談|会谈[hui4 tan2]", drop) == []
    assert b.gloss_lemmas("surname Wang", drop) == ["wang"]
    assert b.gloss_lemmas("having the quality of: -ful, -ed", drop) == ["having", "quality"]
    lines = ["會談 会谈 [hui4 tan2] /talks/discussions/CL:次[ci4]/"]
    assert b.build(lines, drop, {"会谈": 4.37}) == {"会谈": ["talks", "discussions"]}
    assert b.build(lines, drop, {}) == {}  # a rare word of 2+ characters is left out


def test_eval_mqm_parts_columns():
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_mqm

    store: dict = {}
    eval_mqm.collect_parts(store, "source", [
        {"adequacy": {"parts": {"lexical": {"value": 0.5}, "anchors": {"value": 1.0}}}},
        {"adequacy": {"parts": {"lexical": {"value": 0.9}}}}])
    assert list(eval_mqm.part_columns(store)) == [
        ("adequacy vs source", "anchors", [1.0, None]),  # the second record lacks it
        ("adequacy vs source", "lexical", [0.5, 0.9])]


def test_a_chinese_sentence_full_of_latin_names_is_still_chinese():
    from mtqa.scoring import lexical

    assert lexical.source_language("NBA球星LeBron James宣布退役，Los Angeles Lakers表示感谢。") == "zh"
    assert lexical.source_language("東京でSony Groupが新製品を発表した。") == ""  # kana: Japanese
    assert lexical.source_language("Reuters reported the deal on Monday.") == ""
    assert lexical.source_language("anything", "de") == "de"
