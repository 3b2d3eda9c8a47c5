"""Typography per target language: a clean news paragraph in each language gives no finding
from any rule, and a garbled one gives findings at exact spans (texts written for mtqa)."""

import pytest

from mtqa.pipeline import Options, analyse

NB, NNB = "\u00a0", "\u202f"

CLEAN = {
    "de": "Die Stadtwerke melden für das erste Quartal einen Gewinn von 3,5 Millionen Euro. "
          "„Wir haben die Kosten im Griff“, sagte die Geschäftsführerin am Dienstag. Nach "
          "ihren Angaben nutzten 1.200 Haushalte den neuen Tarif. Die Versammlung ist für den "
          "3. März 2025 geplant.",
    "fr": f"La mairie a annoncé mardi un excédent de 3,5{NB}millions d’euros. "
          f"«{NB}Nous tenons nos dépenses{NB}», a déclaré l’adjointe aux finances. Selon elle, "
          f"1{NNB}200{NB}foyers ont choisi le nouveau tarif. Pourquoi maintenant{NNB}? La "
          f"réunion aura lieu le 3{NB}mars 2025.",
    "es": "El ayuntamiento anunció el martes un superávit de 3,5 millones de euros. «Tenemos "
          "los gastos bajo control», dijo la concejala de Hacienda. ¿Por qué ahora? Según "
          "ella, 1.200 hogares eligieron la nueva tarifa. La reunión será el 3 de marzo de 2025.",
    "it": "Il comune ha annunciato martedì un avanzo di 3,5 milioni di euro. «Abbiamo le spese "
          "sotto controllo», ha detto l’assessora al bilancio. Secondo lei 1.200 famiglie hanno "
          "scelto la nuova tariffa. La riunione si terrà il 3 marzo 2025.",
    "pt": "A câmara anunciou na terça-feira um excedente de 3,5 milhões de euros. “Temos as "
          "despesas sob controle”, disse a vereadora das finanças. Segundo ela, 1.200 famílias "
          "escolheram a nova tarifa. A reunião será em 3 de março de 2025.",
    "id": "Pemerintah kota mengumumkan surplus sebesar 3,5 juta euro pada hari Selasa. "
          "“Kami mengendalikan pengeluaran”, kata kepala bagian keuangan. Menurutnya, 1.200 "
          "rumah tangga memilih tarif baru. Rapat akan digelar pada 3 Maret 2025.",
    "ru": "Мэрия во вторник сообщила о профиците в 3,5 миллиона евро. «Мы держим расходы под "
          "контролем», — сказала заместитель мэра. По её словам, новый тариф выбрали "
          "1\u00a0200 семей. Заседание пройдёт 3 марта 2025 года.",
    "ja": "市は火曜日、3.5億円の黒字を発表した。財政担当の副市長は「支出は管理できている」と"
          "述べた。新しい料金を選んだ世帯は1200に上る。会議は2025年3月3日に開かれる。",
    "zh": "市政府周二宣布盈余3.5亿元。负责财政的副市长说：“支出在控制之中。”据她介绍，"
          "已有1200户家庭选择了新的收费标准。会议将于2025年3月3日举行。",
}


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_clean_text_gives_no_finding(lang):
    text = CLEAN[lang]
    found = analyse(text, Options(lang=lang)).documents[0].findings
    assert [(f.rule, text[f.start:f.end]) for f in found] == []


def _found(text, lang, prefix=("typography.", "mechanics.")):
    doc = analyse(text, Options(lang=lang)).documents[0]
    return [(f.rule, text[f.start:f.end], f.suggestion) for f in doc.findings
            if f.rule.startswith(prefix)]


GARBLED = {
    "de": ("Sie sagte: „Wir bauen die Brücke.” Er sagte: “Nein.” Rund 1,200 Menschen kamen, "
           "die Preise stiegen um 3.5 Prozent. Das Treffen war am March 3, 2024.",
           [("typography.quote-style", "”", "“"),
            ("typography.quote-style", "“", "„"),
            ("typography.quote-style", "”", "“"),
            ("typography.thousands-separator", "1,200", "1.200"),
            ("typography.decimal-separator", "3.5", "3,5"),
            ("typography.date-format", "March 3, 2024", "3. März 2024")]),
    "fr": (f"Il a dit: «{NB}Nous partons{NB}». Les prix ont augmenté de 2.5 %.",
           [("typography.french-spacing", ":", f"{NB}:"),
            ("typography.decimal-separator", "2.5", "2,5")]),
    "es": ("Qué pasará ahora? Llegaron 12,000 personas el 3/15/2024.",
           [("typography.spanish-inverted", "Qué", "¿Qué"),
            ("typography.thousands-separator", "12,000", "12.000"),
            ("typography.date-format", "3/15/2024", "15/3/2024")]),
    "it": ("«Siamo pronti», ha detto. „Non ancora“, ha risposto. Era il March 3, 2024.",
           [("typography.quote-style", "„", "«"),
            ("typography.quote-style", "“", "»"),
            ("typography.date-format", "March 3, 2024", "3 marzo 2024")]),
    "pt": ("Chegaram 2,500 pessoas em 3/15/2024.",
           [("typography.thousands-separator", "2,500", "2.500"),
            ("typography.date-format", "3/15/2024", "15/03/2024")]),
    "id": ("Inflasi naik 3.5 persen pada March 3, 2024.",
           [("typography.decimal-separator", "3.5", "3,5"),
            ("typography.date-format", "March 3, 2024", "3 Maret 2024")]),
    "ru": ("«Мы готовы», — сказал он. “Нет”, — ответила она. Рост составил 4.5 процента.",
           [("typography.quote-style", "“", "«"),
            ("typography.quote-style", "”", "»"),
            ("typography.decimal-separator", "4.5", "4,5")]),
    "ja": ("首相は「橋を再建する」と述べた,会議はMarch 15に開かれる.ｶﾒﾗも、壊れた。",
           [("typography.cjk-punctuation", ",", "、"),
            ("typography.cjk-punctuation", ".", "。"),
            ("typography.cjk-punctuation", "ｶﾒﾗ", "カメラ"),
            ("typography.date-format", "March 15", "3月15日")]),
    "zh": ("副市长说：“支出在控制之中，请放心。”会议将于March 15举行,市民可以参加.",
           [("typography.cjk-punctuation", ",", "，"),
            ("typography.cjk-punctuation", ".", "。"),
            ("typography.date-format", "March 15", "3月15日")]),
}


@pytest.mark.parametrize("lang", sorted(GARBLED))
def test_garbled_text_gives_findings_at_exact_spans(lang):
    text, want = GARBLED[lang]
    assert sorted(_found(text, lang)) == sorted(want)


@pytest.mark.parametrize("lang, text, mark", [
    ("de", "Er sagte: „Wir kommen morgen. Dann gingen alle.", "„"),
    ("fr", f"Il a dit{NNB}: «{NB}Nous partons. Puis il est sorti.", "«"),
    ("ru", "Он сказал: «Мы уходим. Потом он вышел.", "«"),
    ("ja", "首相は「橋を再建すると述べた。", "「"),
    ("zh", "他说：“我们明天来。然后离开了。", "“"),
])
def test_unclosed_quotation_in_each_convention(lang, text, mark):
    assert _found(text, lang, ("mechanics.unbalanced-quotes",)) == [
        ("mechanics.unbalanced-quotes", mark, "")]


@pytest.mark.parametrize("lang, text", [
    ("de", "Er sagte: „Wir nennen das ‚Wende‘.“ Sie las »Die Zeit«."),
    ("de", "Die Zeitung «Le Temps» schrieb: «Wir warten.»"),
    ("ru", "Он сказал: «Это „шаг“ вперёд». Она молчала."),
    ("ja", "首相は「『再建』が必要だ」と述べた。"),
    ("zh", "他在《人民日报》上说：“这是‘新’的开始。”"),
    ("es", "Dijo: «Es un “gran” paso». Luego calló."),
    ("id", "\"Kami siap,\" kata dia. \"Besok kami berangkat.\""),
    ("de", "\"Wir kommen\", sagte sie. \"Morgen.\""),
])
def test_nested_native_quotations_are_balanced(lang, text):
    assert _found(text, lang, ("mechanics.unbalanced-quotes", "typography.quote-style")) == []


def test_quotation_over_paragraphs_reopens_with_guillemet():
    text = f"Il a dit{NNB}: «{NB}Nous partons.\n\n»{NB}Nous reviendrons{NB}», a-t-il ajouté."
    assert _found(text, "fr", ("mechanics.unbalanced-quotes",)) == []


def test_decimal_point_beside_decimal_comma_is_a_mix():
    text = "Der Fluss stieg um 2,4 Meter, am Pegel Nord um 2.7 Meter. Um 14.30 Uhr sank er."
    assert _found(text, "de") == [("typography.decimal-separator", "2.7", "2,7")]
    # Spanish in Mexico writes a point: alone, it is no slip.
    assert _found("El río subió 2.7 metros.", "es") == []


def test_consistent_ascii_punctuation_is_a_site_convention():
    # Some sites print every mark half-width; only a mix within one text is flagged.
    assert _found("市政府周二宣布,会议将于下月举行.", "zh") == []


def test_ambiguous_thousands_comma_is_left_alone():
    # '1,125' may be a real German decimal; only round figures are plainly English.
    assert _found("Der Wert lag bei 1,125 Punkten.", "de") == []


def test_spanish_question_inside_a_sentence():
    text = "Si llueve, ¿qué haremos? Nadie lo sabe."
    assert _found(text, "es") == []


def test_english_rules_unchanged_on_english():
    text = "He said: „We will go.“ It cost 3.5 percent."
    assert not [f for f in _found(text, "en") if f[0].startswith("typography.")]


@pytest.mark.parametrize("lang, text", [
    # guillemets for speech, "…" for a newspaper's name: house style, not a slip
    ("it", "Il ministro ha parlato di «provocazione inaccettabile» al \"Corriere della Sera\". "
           "Poi ha aggiunto: «Non cederemo»."),
    ("fr", "Le ministre a dénoncé une « provocation » dans un entretien au \"Monde\"."),
    # a quoted English title ends in '?': no Spanish question to open
    ("es", "La canción \"What's Going On?\" sonó al final del acto."),
])
def test_titles_in_straight_quotes_and_quoted_english_questions_are_not_flagged(lang, text):
    assert [f for f in _found(text, lang) if f[0].startswith("typography.")] == []


def test_short_speech_in_foreign_marks_is_still_flagged():
    text = "Sie sagte: „Wir kommen.“ Er sagte: “Nein.”"
    assert ("typography.quote-style", "“", "„") in _found(text, "de")
