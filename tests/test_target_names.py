"""names.target-spelling and names.foreign-spelling: names as each target language's press
spells them (corpora/names/spellings.tsv), on short news paragraphs written for these tests."""

import pytest

from mtqa.checks import target_names
from mtqa.pipeline import Options, analyse

RULES = ("names.target-spelling", "names.foreign-spelling")

# Clean paragraphs: several names, each spelled as that language's agencies write it.
CLEAN = {
    "de": "Bundeskanzler Olaf Scholz hat am Montag in Berlin den ukrainischen Präsidenten "
          "Wolodymyr Selenskyj empfangen. Beide sprachen über die Lage in Charkiw und "
          "Saporischschja. Kremlsprecher Dmitri Peskow sagte in Moskau, Russland sehe keinen "
          "Grund für Gespräche. Die Nato will ihre Hilfe für Kiew ausweiten.",
    "fr": "Le président russe Vladimir Poutine a reçu mardi à Moscou le président chinois Xi "
          "Jinping. Le ministre russe Sergueï Lavrov a salué la visite. À Kiev, le président "
          "Volodymyr Zelensky a demandé davantage de soutien pour défendre Kharkiv.",
    "es": "El presidente ucraniano, Volodímir Zelenski, viajó el martes a Bruselas para reunirse "
          "con los líderes de la Unión Europea. Zelenski pidió más defensa antiaérea para Járkov "
          "y Odesa, mientras el portavoz del Kremlin, Dmitri Peskov, advirtió desde Moscú contra "
          "nuevas sanciones.",
    "it": "Il presidente russo Vladimir Putin ha ricevuto a Mosca il primo ministro indiano "
          "Narendra Modi. Da Kiev il presidente ucraino Volodymyr Zelensky ha criticato la visita, "
          "mentre il governo di Giorgia Meloni ha annunciato nuovi aiuti per la difesa di Kharkiv.",
    "pt": "O presidente ucraniano, Volodymyr Zelensky, esteve em Bruxelas para pedir mais apoio "
          "à União Europeia. Em Moscovo, o porta-voz do Kremlin, Dmitri Peskov, disse que a "
          "Rússia não aceita as condições apresentadas por Kiev.",
    "id": "Presiden Rusia Vladimir Putin bertemu dengan Presiden Prabowo Subianto di Moskow pada "
          "Selasa. Kedua pemimpin membahas kerja sama energi. Sementara itu, Presiden Ukraina "
          "Volodymyr Zelensky meminta bantuan tambahan dari negara-negara Eropa.",
    "ru": "Президент России Владимир Путин во вторник принял в Москве председателя КНР Си "
          "Цзиньпина. Пресс-секретарь Кремля Дмитрий Песков заявил, что переговоры прошли "
          "успешно. В Киеве Владимир Зеленский раскритиковал визит.",
    "ja": "ロシアのプーチン大統領は火曜日、モスクワで中国の習近平国家主席と会談した。"
          "ウクライナのゼレンスキー大統領はキーウで記者団に対し、欧米の支援を求めた。",
    "zh": "俄罗斯总统普京周二在莫斯科会见了中国国家主席习近平。乌克兰总统泽连斯基在基辅表示，"
          "希望欧洲国家提供更多援助。",
}

# Garbled paragraphs: (text, [(rule, excerpt, suggestion), ...]) for the two rules.
T, F = RULES
GARBLED = {
    "de": ("Bundeskanzler Olaf Scholz hat am Montag den ukrainischen Präsidenten Wolodymyr "
           "Selenski empfangen. Beide sprachen über die Lage in Kharkiv. Kremlsprecher Dmitri "
           "Peskow sagte in Moscow, Zelensky suche nur Geld.",
           [(T, "Selenski", "Selenskyj"), (F, "Kharkiv", "Charkiw"), (F, "Moscow", "Moskau"),
            (F, "Zelensky", "Selenskyj")]),
    "fr": ("Le président russe Vladimir Putin a reçu mardi à Moscou le ministre Sergueï Lavorv. "
           "À Kiev, le président Selenskyj a critiqué la rencontre.",
           [(F, "Vladimir Putin", "Vladimir Poutine"), (T, "Lavorv", "Lavrov"),
            (F, "Selenskyj", "Zelensky")]),
    "es": ("El presidente ucraniano, Selenskyj, viajó el martes a Bruselas. Zelenki pidió más "
           "ayuda, mientras el portavoz del Kremlin, Dmitri Peskow, habló desde Moscú.",
           [(F, "Selenskyj", "Zelenski"), (T, "Zelenki", "Zelenski"),
            (F, "Dmitri Peskow", "Dmitri Peskov")]),
    "it": ("Il presidente russo Poutine ha ricevuto a Moscow il primo ministro indiano. "
           "Da Kiev il presidente Zelnsky ha criticato la visita.",
           [(F, "Poutine", "Putin"), (F, "Moscow", "Mosca"), (T, "Zelnsky", "Zelensky")]),
    "pt": ("O presidente ucraniano esteve em Brussels para pedir apoio. Em Moscovo, o porta-voz "
           "Dmitri Peskow disse que a Rússia não aceita as condições de Kiev.",
           [(F, "Brussels", "Bruxelas"), (F, "Dmitri Peskow", "Dmitri Peskov")]),
    "id": ("Presiden Rusia Vladimir Putin bertemu dengan Presiden Prabowo Subiato di Moskow pada "
           "Selasa. Sementara itu, Presiden Ukraine Volodymyr Zelensky meminta bantuan.",
           [(T, "Subiato", "Subianto"), (F, "Ukraine", "Ukraina")]),
    "ru": ("Президент России Putin во вторник принял гостей в Москве. В Киеве Владимир "
           "Зеленскй раскритиковал визит.",
           [(F, "Putin", "Путин"), (T, "Зеленскй", "Зеленский")]),
    "ja": ("ロシアのプーチン大統領は火曜日、モスクワを訪れた。ウクライナのゼレンスキイ大統領は"
           "Kyivで記者団に対し、支援を求めた。",
           [(T, "ゼレンスキイ", "ゼレンスキー"), (F, "Kyiv", "キーウ")]),
    "zh": ("俄罗斯总统普京周二在莫斯科发表讲话。乌克兰总统泽连斯其在Kyiv表示，希望得到更多援助。",
           [(T, "泽连斯其", "泽连斯基"), (F, "Kyiv", "基辅")]),
}


def findings(text: str, lang: str):
    return analyse(text, Options(lang=lang)).documents[0].findings


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_clean_paragraph_has_no_finding(lang):
    text = CLEAN[lang]
    got = [(f.rule, text[f.start:f.end]) for f in findings(text, lang)]
    assert got == []


@pytest.mark.parametrize("lang", sorted(GARBLED))
def test_garbled_paragraph_findings(lang):
    text, want = GARBLED[lang]
    got = [(f.rule, text[f.start:f.end], f.suggestion) for f in findings(text, lang)
           if f.rule in RULES]
    assert sorted(got) == sorted(want)


def test_inflected_names_are_not_misspellings():
    text = "Die Rede Selenskyjs in Kiew fand Beifall. Putins Sprecher schwieg."
    assert not [f for f in findings(text, "de") if f.rule in RULES]
    text = "Песков рассказал о планах Зеленского и Путина в Москве."
    assert not [f for f in findings(text, "ru") if f.rule in RULES]


def test_another_real_name_written_again_and_again_is_not_a_misspelling():
    # A Kerensky is not a Zelensky: a name repeated for someone the article never names.
    text = "亚历山大·克伦斯基先生发表讲话。克伦斯基先生随后离开。"
    assert not [f for f in findings(text, "zh") if f.rule in RULES]


def test_gloss_and_english_title_are_not_foreign_spellings():
    text = "Der Präsident besuchte Kiew (Kyiv). Die Zeitung Kyiv Independent berichtete."
    assert not [f for f in findings(text, "de") if f.rule in RULES]


def test_entries_are_the_entities():
    ids = target_names.TARGET_SPELLING.all_entry_ids()
    assert "volodymyr-zelenskyy" in ids and "kyiv" in ids and len(ids) >= 400


def test_elided_article_is_not_part_of_the_name():
    text = "Le ministre a visité l'Ukraine puis l'Ukrane, selon l'Élysée."
    got = [(f.rule, text[f.start:f.end], f.suggestion) for f in findings(text, "fr")
           if f.rule in RULES]
    assert got == [("names.target-spelling", "Ukrane", "Ukraine")]
