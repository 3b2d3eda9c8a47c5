"""Checking translations into German, French, Spanish, Italian, Portuguese, Indonesian, Russian,
Japanese and Chinese: each language's termbank (corpora/packs/terms-<lang>), its calque pack
(corpora/packs/calques-en-<lang>), its sites' boilerplate, and English left untranslated.

Every text here was written for these tests. A clean news paragraph in each language gives no
finding from any rule; a garbled one gives exactly the findings listed, at their spans, with
their suggestions.
"""

import pytest

from mtqa.pipeline import Options, analyse

LANGS = ("de", "fr", "es", "it", "pt", "id", "ru", "ja", "zh")
# The rules these tests are about (other rules may also fire on a garbled text).
MINE = ("terms.", "calques-en-", "boilerplate.", "lang.")

CLEAN = {
    "de": "Der UN-Sicherheitsrat hat am Montag in New York über die Lage im Sudan beraten. Die "
          "Europäische Kommission kündigte zusätzliche Hilfen in Höhe von 50 Millionen Euro an. Der "
          "Internationale Währungsfonds senkte seine Prognose für das laufende Jahr. Die Verhandlungen "
          "sollen im Jahr 2025 fortgesetzt werden, sagte ein Sprecher der Vereinten Nationen.",
    "fr": "Le Conseil de sécurité des Nations unies s'est réuni lundi à New York pour examiner la "
          "situation au Soudan. La Commission européenne a annoncé une aide supplémentaire de 50 "
          "millions d'euros. Le Fonds monétaire international a abaissé sa prévision de croissance "
          "pour l'année. Le ministre chargé des Affaires étrangères a soutenu la proposition de la "
          "présidence.",
    "es": "El Consejo de Seguridad de las Naciones Unidas se reunió el lunes en Nueva York para "
          "examinar la situación en Sudán. La Comisión Europea anunció una ayuda adicional de 50 "
          "millones de euros. El Fondo Monetario Internacional rebajó su previsión de crecimiento "
          "para este año. Los analistas suponen que las negociaciones continuarán en primavera.",
    "it": "Il Consiglio di sicurezza delle Nazioni Unite si è riunito lunedì a New York per esaminare "
          "la situazione in Sudan. La Commissione europea ha annunciato un aiuto supplementare di 50 "
          "milioni di euro. Il Fondo monetario internazionale ha ridotto la previsione di crescita per "
          "quest'anno. Il ministro si è reso conto che la maggioranza era divisa.",
    "pt": "O Conselho de Segurança das Nações Unidas reuniu-se na segunda-feira em Nova Iorque para "
          "analisar a situação no Sudão. A Comissão Europeia anunciou uma ajuda adicional de 50 "
          "milhões de euros. O Fundo Monetário Internacional reduziu a sua previsão de crescimento "
          "para este ano. A China desempenhou um papel central nas negociações.",
    "id": "Dewan Keamanan PBB bersidang di New York pada Senin untuk membahas situasi di Sudan. Komisi "
          "Eropa mengumumkan bantuan tambahan senilai 50 juta euro. Dana Moneter Internasional "
          "memangkas proyeksi pertumbuhan ekonomi tahun ini. Presiden Prancis tiba di Jakarta pada "
          "Selasa, tempat ia bertemu dengan para menteri.",
    "ru": "Совет Безопасности ООН в понедельник провёл в Нью-Йорке заседание по ситуации в Судане. "
          "Европейская комиссия объявила о дополнительной помощи в размере 50 миллионов евро. "
          "Международный валютный фонд понизил прогноз роста экономики на текущий год. По словам "
          "министра, такой план имеет смысл.",
    "ja": "国連安全保障理事会は月曜日、ニューヨークでスーダン情勢について協議した。欧州委員会は5000万ユーロの"
          "追加支援を発表した。国際通貨基金は今年の成長見通しを引き下げた。米国の国防長官は来週、東京を訪問する予定だ。",
    "zh": "联合国安理会周一在纽约就苏丹局势举行会议。欧盟委员会宣布提供5000万欧元的额外援助。"
          "国际货币基金组织下调了今年的经济增长预期。美国国防部长将于下周访问北京。",
}

_EN = "The minister said the package would be ready next week."
GARBLED = {
    "de": ("Der Sicherheitsrat der Vereinigten Nationen hat am Montag über die Lage im Sudan beraten.\n"
           "Lesen Sie auch: Neue Hilfen für Landwirte\n"
           "US-Verteidigungssekretär Lloyd Austin kündigte weitere Hilfen an, die in 2025 fließen "
           f"sollen. {_EN} Ein Sprecher sagte, die shortage werde bis zum Winter anhalten.",
           [("terms.variant", "Sicherheitsrat der Vereinigten Nationen", "UN-Sicherheitsrat"),
            ("boilerplate.read-also", "Lesen Sie auch: Neue Hilfen für Landwirte", ""),
            ("calques-en-de.secretary-titles", "Verteidigungssekretär", "Verteidigungsminister"),
            ("calques-en-de.years-dates", "in 2025", "im Jahr 2025"),
            ("lang.untranslated-sentence", _EN, ""),
            ("lang.untranslated-word", "shortage", "")]),
    "fr": ("Le Conseil de la sécurité de l'ONU s'est réuni lundi à New York.\nPublicité\n"
           f"Le ministre en charge de la Santé a annoncé une aide nouvelle. {_EN} Le gouvernement a "
           "reportedly renoncé à la réforme.",
           [("terms.variant", "Conseil de la sécurité de l'ONU", "Conseil de sécurité des Nations unies"),
            ("boilerplate.ads-and-prompts", "Publicité", ""),
            ("calques-en-fr.anglicisms", "en charge ", "chargé "),
            ("lang.untranslated-sentence", _EN, ""),
            ("lang.untranslated-word", "reportedly", "")]),
    "es": ("El Consejo de la Seguridad de la ONU se reunió el lunes en Nueva York.\n"
           "Lee también: Suben los alquileres\n"
           f"Miles de personas aplicaron para asilo en la frontera. {_EN} El gobierno ha reportedly "
           "renunciado a la reforma.",
           [("terms.variant", "Consejo de la Seguridad de la ONU", "Consejo de Seguridad de las Naciones Unidas"),
            ("boilerplate.read-also", "Lee también: Suben los alquileres", ""),
            ("calques-en-es.anglicisms", "aplicaron para", "solicitaron"),
            ("lang.untranslated-sentence", _EN, ""),
            ("lang.untranslated-word", "reportedly", "")]),
    "it": ("Il Consiglio della sicurezza dell'ONU si è riunito lunedì a New York.\nPubblicità\n"
           f"Roma supporta la proposta della Commissione sul bilancio. {_EN} Il governo ha reportedly "
           "rinunciato alla riforma.",
           [("terms.variant", "Consiglio della sicurezza dell'ONU", "Consiglio di sicurezza delle Nazioni Unite"),
            ("boilerplate.ads-and-prompts", "Pubblicità", ""),
            ("calques-en-it.anglicisms", "supporta", "appoggia"),
            ("lang.untranslated-sentence", _EN, ""),
            ("lang.untranslated-word", "reportedly", "")]),
    "pt": ("O Conselho da Segurança da ONU reuniu-se na segunda-feira em Nova Iorque.\nPublicidade\n"
           f"A China jogou um papel central nas negociações sobre o clima. {_EN} O governo terá "
           "reportedly desistido da reforma.",
           [("terms.variant", "Conselho da Segurança da ONU", "Conselho de Segurança das Nações Unidas"),
            ("boilerplate.ads-and-prompts", "Publicidade", ""),
            ("calques-en-pt.anglicisms", "jogou", "desempenhou"),
            ("lang.untranslated-sentence", _EN, ""),
            ("lang.untranslated-word", "reportedly", "")]),
    "id": ("Majelis Jenderal PBB bersidang di New York pada Senin.\nBaca juga: Harga beras naik lagi\n"
           f"Presiden dari Prancis tiba di Jakarta pada Selasa untuk kunjungan resmi. {_EN} Pemerintah "
           "reportedly membatalkan rencana itu.",
           [("terms.variant", "Majelis Jenderal PBB", "Majelis Umum PBB"),
            ("boilerplate.read-also", "Baca juga: Harga beras naik lagi", ""),
            ("calques-en-id.phrasing", "Presiden dari ", "Presiden "),
            ("lang.untranslated-sentence", _EN, ""),
            ("lang.untranslated-word", "reportedly", "")]),
    "ru": ("Совет по безопасности ООН в понедельник провёл заседание в Нью-Йорке.\nФото: ТАСС\n"
           f"По словам министра, такой план делает смысл для всех сторон. {_EN} Голосование "
           "запланировано на следующую неделю.",
           [("terms.variant", "Совет по безопасности ООН", "Совет Безопасности ООН"),
            ("boilerplate.photo-credits", "Фото: ТАСС", ""),
            ("calques-en-ru.phrasing", "делает смысл", "имеет смысл"),
            ("lang.untranslated-sentence", _EN, "")]),
    "ja": ("中露は無限のパートナーシップを確認した。\n関連記事\n米国の国防秘書は来週、東京を訪問する予定だ。"
           "政府は声明で the minister said the package would be ready next week と説明した。",
           [("terms.variant", "無限のパートナーシップ", "限界のない協力"),
            ("boilerplate.read-also", "関連記事", ""),
            ("calques-en-ja.titles", "国防秘書", "国防長官"),
            ("lang.untranslated-run", "the minister said the package would be ready next week", "")]),
    "zh": ("中俄宣布建立无限伙伴关系。\n责任编辑：王明\n美国国防秘书将于下周访问北京。"
           "官员表示 the minister said the package would be ready next week 并拒绝评论。",
           [("terms.variant", "无限伙伴关系", "无上限合作"),
            ("boilerplate.credits-and-trailers", "责任编辑：王明", ""),
            ("calques-en-zh.titles", "国防秘书", "国防部长"),
            ("lang.untranslated-sentence", "the minister said the package would be ready next week", "")]),
}


def found(text: str, lang: str, **opts) -> list[tuple[str, str, str]]:
    r = analyse(text, Options(lang=lang, **opts))
    return [(f.rule, text[f.start:f.end], f.suggestion) for f in r.documents[0].findings]


@pytest.mark.parametrize("lang", LANGS)
def test_clean_news_gives_no_finding(lang):
    assert found(CLEAN[lang], lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_garbled_news_gives_each_finding_at_its_span(lang):
    text, want = GARBLED[lang]
    assert [f for f in found(text, lang) if f[0].startswith(MINE)] == want


def test_a_termbank_applies_to_its_own_language_only():
    """'Vereinigte Nationen' is a German garble; in an English text it is German words, and the
    English termbank's garbles are not looked for in German."""
    de = "Der Bericht der Vereinigten Nationen wurde am Montag in Genf vorgestellt."
    assert ("terms.variant", "Vereinigten Nationen", "Vereinte Nationen") in found(de, "de")
    en = "Support for the Basic Finns rose in the latest poll."
    assert ("terms.variant", "Basic Finns", "Finns Party") in found(en, "en")
    assert not [f for f in found("Die Basic Finns gewannen die Wahl in Finnland deutlich.", "de")
                if f[0] == "terms.variant"]


def test_inflected_and_elided_forms():
    """German adjective endings are listed forms; French elision splits 'l'ONU' like the
    termbank's own forms."""
    de = "Der Internationale Währungsfond senkte die Prognose."
    assert found(de, "de") == [("terms.variant", "Internationale Währungsfond", "Internationaler Währungsfonds")]
    fr = "L'Agence atomique internationale a publié un rapport."
    assert found(fr, "fr") == [("terms.variant", "Agence atomique internationale",
                                "Agence internationale de l'énergie atomique")]


def test_calques_into_a_language_need_an_english_or_unknown_source():
    text = "Die Zahl der Anträge stieg in 2023 deutlich an, sagte ein Sprecher in Berlin."
    want = [("calques-en-de.years-dates", "in 2023", "im Jahr 2023")]
    assert found(text, "de") == want
    assert found(text, "de", source_lang="en") == want
    assert found(text, "de", source_lang="fr") == []
    assert found(text, "de", calques="none") == []
    # and the pack is German: a French text with the same words is not its business
    assert not [f for f in found("Le nombre a augmenté in 2023, selon le ministère.", "fr")
                if f[0].startswith("calques-en-de")]


def test_loanwords_are_the_languages_own():
    """English words a language uses (German nouns are capitalised; 'le week-end', 'el software')
    are no leftovers."""
    assert found("Das Team des Managers testete den neuen Computer am Wochenende.", "de") == []
    assert found("Le manager de l'équipe a passé le week-end à Paris avec les fans.", "fr") == []
    assert found("El software del banco falló durante el fin de semana, según la empresa.", "es") == []


def test_japanese_and_chinese_names_in_latin_letters_are_not_english_prose():
    assert found("記者は Financial Times の記事を引用した。", "ja") == []
    assert found("该报告由 Made in China 2025 项目组发布。", "zh") == []
    assert found("他在社交媒体上写道：https://example.org/news/2024/report-on-trade", "zh") == []
