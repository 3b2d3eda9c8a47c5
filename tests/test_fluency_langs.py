"""The fluency model in each target language of issue 13: a clean news paragraph scores
higher than garbled versions of it (word salad, English words left in, a repeated phrase),
every part whose data ships is present, and Japanese and Chinese are cut into words."""

import random

import pytest

from mtqa import cjk
from mtqa.document import Document
from mtqa.scoring.fluency import fluency

# Our own news-style paragraphs, one per language (about 55-70 words each).
CLEAN = {
    "de": "Die Regierung hat am Mittwoch einen neuen Haushaltsentwurf vorgestellt. Nach Angaben "
          "des Finanzministeriums sollen die Ausgaben für Bildung und Forschung im kommenden Jahr "
          "deutlich steigen, während die Verteidigungsausgaben auf dem bisherigen Niveau bleiben. "
          "Die Opposition kritisierte den Plan als unzureichend und forderte zusätzliche Mittel "
          "für die Kommunen. Das Parlament wird im Herbst über den Entwurf abstimmen, nachdem die "
          "Ausschüsse ihre Beratungen abgeschlossen haben.",
    "fr": "Le gouvernement a présenté mercredi un nouveau projet de budget. Selon le ministère "
          "des Finances, les dépenses consacrées à l'éducation et à la recherche augmenteront "
          "nettement l'année prochaine, tandis que le budget de la défense restera stable. "
          "L'opposition a jugé le plan insuffisant et a réclamé des moyens supplémentaires pour "
          "les communes. Le Parlement votera sur le texte à l'automne, après la fin des travaux "
          "des commissions.",
    "es": "El Gobierno presentó el miércoles un nuevo proyecto de presupuesto. Según el "
          "Ministerio de Hacienda, el gasto en educación e investigación aumentará de forma "
          "notable el próximo año, mientras que el presupuesto de defensa se mantendrá estable. "
          "La oposición calificó el plan de insuficiente y pidió más fondos para los municipios. "
          "El Parlamento votará el texto en otoño, cuando las comisiones terminen su trabajo.",
    "it": "Il governo ha presentato mercoledì un nuovo progetto di bilancio. Secondo il "
          "ministero dell'Economia, la spesa per l'istruzione e la ricerca aumenterà in modo "
          "significativo il prossimo anno, mentre il bilancio della difesa resterà stabile. "
          "L'opposizione ha giudicato il piano insufficiente e ha chiesto più fondi per i comuni. "
          "Il Parlamento voterà il testo in autunno, dopo che le commissioni avranno concluso il "
          "loro lavoro.",
    "pt": "O governo apresentou na quarta-feira um novo projeto de orçamento. Segundo o "
          "Ministério das Finanças, os gastos com educação e pesquisa vão aumentar de forma "
          "significativa no próximo ano, enquanto o orçamento da defesa ficará estável. A "
          "oposição considerou o plano insuficiente e pediu mais recursos para os municípios. O "
          "Parlamento vai votar o texto no outono, depois que as comissões concluírem os seus "
          "trabalhos.",
    "id": "Pemerintah pada hari Rabu memperkenalkan rancangan anggaran yang baru. Menurut "
          "Kementerian Keuangan, belanja untuk pendidikan dan penelitian akan naik cukup tajam "
          "tahun depan, sedangkan anggaran pertahanan tetap stabil. Pihak oposisi menilai "
          "rencana itu belum cukup dan meminta tambahan dana bagi pemerintah daerah. Parlemen "
          "akan memberikan suara atas rancangan tersebut setelah semua komisi menyelesaikan "
          "pembahasan mereka.",
    "ru": "Правительство в среду представило новый проект бюджета. По данным министерства "
          "финансов, расходы на образование и науку в следующем году заметно вырастут, а бюджет "
          "на оборону останется на прежнем уровне. Оппозиция назвала план недостаточным и "
          "потребовала выделить дополнительные средства для муниципалитетов. Парламент "
          "проголосует по проекту осенью, после того как комиссии завершат обсуждение. "
          "Эксперты ожидают, что дефицит бюджета в следующем году немного сократится.",
    "ja": "政府は水曜日、新しい予算案を発表した。財務省によると、来年は教育と研究への支出が大幅に"
          "増える一方、防衛費は現在の水準に据え置かれる。野党はこの計画が不十分だと批判し、地方自治体"
          "への追加の資金を求めた。国会は委員会での審議が終わった後、秋に予算案を採決する予定だ。",
    "zh": "政府周三公布了新的预算草案。据财政部介绍，明年教育和科研方面的支出将大幅增加，而国防"
          "预算将保持在目前的水平。反对党批评这项计划力度不够，并要求为地方政府提供更多资金。议会"
          "将在各委员会完成审议后，于秋季对草案进行表决。",
}
LANGS = sorted(CLEAN)
# English words an MT system leaves untranslated
ENGLISH = ("meanwhile", "spending", "lawmakers", "throughout", "however", "announced")


def _words(text: str, lang: str) -> list[str]:
    """Words of a text in reading order, without its punctuation."""
    if lang in cjk.SEGMENTED:
        return [t.text for t in cjk.words(text, lang)]
    return [t.text for t in Document.build(text, lang=lang).tokens if t.kind == "word"]


def _join(words: list[str], lang: str) -> str:
    return ("" if lang in cjk.SEGMENTED else " ").join(words)


def word_salad(text: str, lang: str) -> str:
    words = _words(text, lang)
    random.Random(13).shuffle(words)
    return _join(words, lang)


def english_left_in(text: str, lang: str) -> str:
    """Every third word replaced by an English word."""
    words = _words(text, lang)
    for k in range(2, len(words), 3):
        words[k] = f" {ENGLISH[k % len(ENGLISH)]} " if lang in cjk.SEGMENTED else ENGLISH[k % len(ENGLISH)]
    return _join(words, lang) + "."


def repeated_phrase(text: str, lang: str) -> str:
    """A stretch of the first sentence said four times (an MT loop)."""
    words = _words(text, lang)
    phrase = _join(words[2:6], lang)
    sep = "" if lang in cjk.SEGMENTED else " "
    return _join(words[:6], lang) + (sep + phrase) * 3 + sep + _join(words[6:], lang) + "."


def _score(text: str, lang: str):
    f, _ = fluency(Document.build(text, lang=lang), (), lang)
    return f


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("garble", [word_salad, english_left_in, repeated_phrase])
def test_clean_scores_higher_than_garbled(lang, garble):
    clean = _score(CLEAN[lang], lang)
    bad = _score(garble(CLEAN[lang], lang), lang)
    assert clean.value > bad.value, (garble.__name__, clean.to_dict(), bad.to_dict())


@pytest.mark.parametrize("lang", LANGS)
def test_parts_present_where_data_ships(lang):
    f = _score(CLEAN[lang], lang)
    assert f.words >= 50  # a full variety window
    # word list, sentencepiece model and derived norms ship for every target language;
    # no context model does (context_fit absent)
    want = {"rare_words", "anomalies", "fragmentation", "function_words", "sentence_length",
            "repetition", "punctuation", "vocabulary", "variety"}
    assert set(f.parts) == want
    assert f.value > 0.85, f.to_dict()
    assert f.parts["rare_words"].value > 0.7
    assert f.parts["vocabulary"].value > 0.8, f.parts["vocabulary"].explanation


@pytest.mark.parametrize("lang", LANGS)
def test_english_left_in_raises_rare_words(lang):
    clean = _score(CLEAN[lang], lang).parts["rare_words"]
    bad = _score(english_left_in(CLEAN[lang], lang), lang).parts["rare_words"]
    assert bad.counts["rare"] > clean.counts["rare"] + 3


@pytest.mark.parametrize("lang", LANGS)
def test_repeated_phrase_is_named(lang):
    part = _score(repeated_phrase(CLEAN[lang], lang), lang).parts["repetition"]
    assert part.value < 1.0 and part.counts["repeated"] >= 6


@pytest.mark.parametrize("lang, text, words", [
    ("ja", "政府は来年の予算案を国会に提出する予定だ。",
     ["政府", "は", "来年", "の", "予算", "案", "を", "国会", "に", "提出", "する", "予定", "だ"]),
    ("ja", "人々は駅に向かった", ["人々", "は", "駅", "に", "向かっ", "た"]),
    ("ja", "ニューヨークで演説した", ["ニューヨーク", "で", "演説", "し", "た"]),
    ("zh", "他表示，两国将继续加强合作。", ["他", "表示", "两", "国", "将", "继续", "加强", "合作"]),
    ("zh", "我们明天去北京开会", ["我们", "明天", "去", "北京", "开会"]),
])
def test_segmenter_splits_own_sentences(lang, text, words):
    toks = cjk.words(text, lang)
    assert [t.text for t in toks] == words
    assert all(text[t.start:t.end] == t.text for t in toks)  # spans into the text


def test_segmenter_prefers_listed_words_to_unknown_kana():
    # an unlisted katakana run is one word, not its single kana
    assert cjk.segment("ポリクライシス", "ja") == ["ポリ", "クライシス"]
    assert cjk.segment("ゔぁゔぁ", "ja") == ["ゔ", "ぁ", "ゔ", "ぁ"]


def test_latin_words_inside_cjk_text_are_words():
    f = _score("政府は水曜日、meanwhile新しい予算案を発表した。", "ja")
    assert f.parts["rare_words"].counts["rare"] >= 1
    assert "meanwhile" in f.parts["rare_words"].explanation


def test_spaced_languages_are_not_segmented():
    doc = Document.build("Die Regierung hat am Mittwoch einen Entwurf vorgestellt.", lang="de")
    assert fluency(doc, (), "de")[0].words == 8
