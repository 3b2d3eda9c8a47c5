"""Numbers and dates across a translation, in every language numbers.toml knows.

Each language has a faithful rendering of one English sentence (figures in words on one side
and digits on the other, a decimal comma against a point, the date in the language's own
format) that must give no finding, and three changes that must: a figure, a month, a weekday.
Sentences written for these tests.
"""

import pytest

from mtqa.align.model import Link
from mtqa.checks import Context
from mtqa.divergence import numbers, pair_from_links
from mtqa.divergence.numwords import cjk_numbers, conventions, spelled
from mtqa.document import Document
from mtqa.packs import builtin
from mtqa.resources import load_toml, path

EN = "On Monday, 3 March 2025, the council approved 24 new flats and a budget of 2.5 million euros."

# lang: (faithful translation, changed figure (old, new), changed month, changed weekday)
CASES = {
    "en": ("On Monday, March 3, 2025, the council approved twenty-four new flats and a budget of "
           "2,500,000 euros.", ("twenty-four", "twenty-six"), ("March", "April"), ("Monday", "Friday")),
    "de": ("Am Montag, dem 03.03.2025, genehmigte der Rat vierundzwanzig neue Wohnungen und ein "
           "Budget von 2,5 Millionen Euro.", ("vierundzwanzig", "fünfundzwanzig"),
           ("03.03.2025", "03.04.2025"), ("Montag", "Dienstag")),
    "fr": ("Le lundi 3 mars 2025, le conseil a approuvé vingt-quatre nouveaux logements et un budget "
           "de 2,5 millions d'euros.", ("vingt-quatre", "quatre-vingt-quatre"), ("mars", "avril"),
           ("lundi", "mardi")),
    "es": ("El lunes 3 de marzo de 2025, el consejo aprobó veinticuatro viviendas nuevas y un "
           "presupuesto de 2,5 millones de euros.", ("veinticuatro", "veintiocho"), ("marzo", "mayo"),
           ("lunes", "jueves")),
    "it": ("Lunedì 3 marzo 2025 il consiglio ha approvato ventiquattro nuovi alloggi e un bilancio "
           "di 2,5 milioni di euro.", ("ventiquattro", "ventotto"), ("marzo", "maggio"),
           ("Lunedì", "Martedì")),
    "pt": ("Na segunda-feira, 3 de março de 2025, o conselho aprovou vinte e quatro novas habitações "
           "e um orçamento de 2,5 milhões de euros.", ("vinte e quatro", "trinta e quatro"),
           ("março", "abril"), ("segunda-feira", "terça-feira")),
    "nl": ("Op maandag 3 maart 2025 keurde de raad vierentwintig nieuwe woningen en een budget van "
           "2,5 miljoen euro goed.", ("vierentwintig", "achtentwintig"), ("maart", "mei"),
           ("maandag", "dinsdag")),
    "sv": ("Måndagen den 3 mars 2025 godkände rådet tjugofyra nya lägenheter och en budget på "
           "2,5 miljoner euro.", ("tjugofyra", "tjugoåtta"), ("mars", "april"),
           ("Måndagen", "Tisdagen")),
    "is": ("Mánudaginn 3. mars 2025 samþykkti ráðið tuttugu og fjórar nýjar íbúðir og "
           "fjárhagsáætlun upp á 2,5 milljónir evra.", ("tuttugu og fjórar", "tuttugu og fimm"),
           ("mars", "apríl"), ("Mánudaginn", "Þriðjudaginn")),
    "fi": ("Maanantaina 3. maaliskuuta 2025 valtuusto hyväksyi kaksikymmentäneljä uutta asuntoa ja "
           "2,5 miljoonan euron talousarvion.", ("kaksikymmentäneljä", "kolmekymmentäneljä"),
           ("maaliskuuta", "huhtikuuta"), ("Maanantaina", "Tiistaina")),
    "ru": ("В понедельник, 3 марта 2025 года, совет одобрил двадцать четыре новые квартиры и бюджет "
           "в 2,5 миллиона евро.", ("двадцать четыре", "двадцать пять"), ("марта", "апреля"),
           ("понедельник", "вторник")),
    "uk": ("У понеділок, 3 березня 2025 року, рада схвалила двадцять чотири нові квартири та бюджет "
           "у 2,5 мільйона євро.", ("двадцять чотири", "тридцять чотири"), ("березня", "квітня"),
           ("понеділок", "вівторок")),
    "pl": ("W poniedziałek 3 marca 2025 r. rada zatwierdziła dwadzieścia cztery nowe mieszkania i "
           "budżet w wysokości 2,5 mln euro.", ("dwadzieścia cztery", "trzydzieści cztery"),
           ("marca", "kwietnia"), ("poniedziałek", "wtorek")),
    "id": ("Pada Senin, 3 Maret 2025, dewan menyetujui dua puluh empat rumah baru dan anggaran "
           "sebesar 2,5 juta euro.", ("dua puluh empat", "dua puluh lima"), ("Maret", "April"),
           ("Senin", "Selasa")),
    "ms": ("Pada hari Isnin, 3 Mac 2025, majlis meluluskan dua puluh empat rumah baharu dan bajet "
           "sebanyak 2.5 juta euro.", ("dua puluh empat", "tiga puluh empat"), ("Mac", "Mei"),
           ("Isnin", "Khamis")),
    "tr": ("3 Mart 2025 Pazartesi günü konsey yirmi dört yeni konutu ve 2,5 milyon avroluk bütçeyi "
           "onayladı.", ("yirmi dört", "yirmi beş"), ("Mart", "Nisan"), ("Pazartesi", "Salı")),
    "ar": ("في يوم الاثنين 3 مارس 2025، وافق المجلس على أربعة وعشرين مسكنا جديدا وميزانية قدرها "
           "2.5 مليون يورو.", ("أربعة وعشرين", "خمسة وعشرين"), ("مارس", "أبريل"),
           ("الاثنين", "الثلاثاء")),
    "zh": ("2025年3月3日星期一，委员会批准了二十四套新住房和250万欧元的预算。", ("二十四", "二十六"),
           ("3月", "4月"), ("星期一", "星期二")),
    "ja": ("2025年3月3日月曜日、委員会は二十四戸の新しい住宅と250万ユーロの予算を承認した。",
           ("二十四", "二十八"), ("3月", "5月"), ("月曜日", "火曜日")),
    "ko": ("2025년 3월 3일 월요일, 위원회는 24채의 새 주택과 250만 유로의 예산을 승인했다.", ("24", "26"),
           ("3월", "4월"), ("월요일", "화요일")),
}
SOURCE_SPAN = {"figure": "24", "month": "March", "weekday": "Monday"}


def check(source: str, target: str, sl: str, tl: str):
    """The number findings on one aligned pair (the two texts as one segment each)."""
    s, t = Document.build(source, lang=sl), Document.build(target, lang=tl)
    pair = pair_from_links(s, t, [Link(tuple(range(len(s.sentences))),
                                       tuple(range(len(t.sentences))), 1.0)])
    return s, t, list(numbers.run(pair, Context(packs=builtin())))


def spans(s, t, f):
    return t.text[f.start:f.end], s.text[f.source_start:f.source_end]


def test_every_language_in_the_data_has_a_case():
    assert set(load_toml(path("divergence", "numbers.toml"))) == set(CASES)


@pytest.mark.parametrize("lang", sorted(CASES))
def test_faithful_translation_has_no_number_finding(lang):
    _, _, found = check(EN, CASES[lang][0], "en", lang)
    assert found == [], [(f.rule, f.message) for f in found]


@pytest.mark.parametrize("lang", sorted(CASES))
@pytest.mark.parametrize("what,index,rule", [("figure", 1, "diverge.number"),
                                              ("month", 2, "diverge.date"),
                                              ("weekday", 3, "diverge.date")])
def test_changed_figure_month_and_weekday_are_caught(lang, what, index, rule):
    old, new = CASES[lang][index]
    target = CASES[lang][0].replace(old, new, 1)
    assert target != CASES[lang][0]
    s, t, found = check(EN, target, "en", lang)
    assert [(f.rule, *spans(s, t, f)) for f in found] == [(rule, new, SOURCE_SPAN[what])]


def test_the_other_direction_reads_the_source_language():
    s, t, found = check(CASES["de"][0], EN.replace("24 new", "42 new"), "de", "en")
    assert [(f.rule, *spans(s, t, f)) for f in found] == [
        ("diverge.number", "42", "vierundzwanzig")]


@pytest.mark.parametrize("lang,text,value", [
    ("en", "twenty-four", 24), ("en", "three hundred and five", 305),
    ("en", "two hundred thousand", 2e5), ("fr", "quatre-vingt-dix", 90), ("fr", "deux cents", 200),
    ("fr", "soixante-dix-sept", 77), ("fr", "vingt et un", 21), ("de", "zweihundert", 200),
    ("de", "dreitausendfünfhundert", 3500), ("de", "fünf", 5), ("es", "mil millones", 1e9),
    ("es", "tres mil millones", 3e9), ("es", "doscientos treinta y cuatro", 234),
    ("it", "ventotto", 28), ("it", "tremila", 3000), ("ru", "сто двадцать", 120),
    ("is", "fimm", 5), ("is", "tíu", 10), ("is", "tuttugu og fjórir", 24),
    ("is", "tíu milljarðar", 1e10), ("is", "hundrað og tuttugu", 120), ("is", "þriggja", 3),
    ("fi", "yksitoista", 11), ("fi", "kaksisataa", 200), ("id", "dua belas", 12),
    ("sv", "tvåhundra", 200), ("nl", "honderd", 100), ("ar", "خمسة وعشرين", 25),
])
def test_number_words_are_read_as_values(lang, text, value):
    got = spelled(text, conventions(lang))
    assert [(g.value, text[g.start:g.end]) for g in got] == [(value, text)]


@pytest.mark.parametrize("lang,text,value", [
    ("zh", "三十", 30), ("zh", "两千", 2000), ("zh", "一百二十", 120), ("zh", "3万", 3e4),
    ("zh", "1.5亿", 1.5e8), ("zh", "三亿五千万", 3.5e8), ("ja", "5億8千5百万", 5.85e8),
    ("ko", "1억 5천만", 1.5e8),
])
def test_cjk_numerals_are_read_as_values(lang, text, value):
    assert [(n.value, n.soft) for n in cjk_numbers(text, conventions(lang))] == [(value, False)]


@pytest.mark.parametrize("source,target,sl,tl", [
    ("Un homme est arrivé avec une valise.", "A man arrived with a suitcase.", "fr", "en"),
    ("Einer der Bergführer kam zurück.", "One of the guides came back.", "de", "en"),
    ("One of them left.", "Einer von ihnen ging.", "en", "de"),
    ("Die Hütte liegt auf 1'250 Metern.", "Le refuge est à 1 250 mètres.", "de", "fr"),
    ("Prices rose by 30 per cent.", "价格上涨了百分之三十。", "en", "zh"),
    ("The talks open in October.", "会谈将于十月开始。", "en", "zh"),
    ("The train left at 14:30.", "Le train est parti à 14 h 30.", "en", "fr"),
    ("The train left at 2:30 p.m.", "Der Zug fuhr um 14.30 Uhr ab.", "en", "de"),
    ("The vote is on 3/4/2025.", "Le vote a lieu le 4 mars 2025.", "en", "fr"),
    ("Das Budget beträgt 3,5 Milliarden Franken.", "The budget is 3.5 billion francs.", "de", "en"),
    ("Fyrirtækið tapaði 10 milljörðum króna.", "The company lost ten billion kronur.", "is", "en"),
    ("Ég veit það ekki, sagði hún fimm sinnum.", "I don't know, she said 5 times.", "is", "en"),
    ("Vingt-quatre heures plus tard, il pleuvait.", "24 Stunden später regnete es.", "fr", "de"),
    ("It was the first time.", "Es war das erste Mal.", "en", "de"),
])
def test_faithful_pairs_in_other_forms_have_no_finding(source, target, sl, tl):
    _, _, found = check(source, target, sl, tl)
    assert found == [], [(f.rule, f.message) for f in found]


def test_changed_day_of_a_date_is_a_date_finding():
    s, t, found = check("Die Wahl findet am 12. März statt.", "The election is on 13 March.", "de", "en")
    assert [(f.rule, *spans(s, t, f)) for f in found] == [("diverge.date", "13", "12")]


def test_changed_value_is_confident_and_a_lone_figure_less_so():
    _, _, changed = check("The plant employs 340 people.", "L'usine emploie 430 personnes.", "en", "fr")
    _, _, added = check("The plant employs many people.", "L'usine emploie 430 personnes.", "en", "fr")
    assert [f.rule for f in changed] == ["diverge.number"]
    assert [f.rule for f in added] == ["diverge.number-added"]
    assert changed[0].confidence > added[0].confidence


def test_a_small_number_word_alone_is_not_reported():
    _, _, found = check("Er traf einen Freund.", "He met two friends.", "de", "en")
    assert found == []
    _, _, found = check("He met seven friends.", "Il a rencontré des amis.", "en", "fr")
    assert found == []  # a number in words is not reported as dropped, only as changed
    s, t, found = check("He met seven friends.", "Il a rencontré 8 amis.", "en", "fr")
    assert [(f.rule, *spans(s, t, f)) for f in found] == [("diverge.number", "8", "seven")]


def test_unrelated_figures_are_not_a_changed_number():
    """A year against a distance is other content (a free or misaligned passage), not one
    figure changed: at most a dropped and an added figure, below the default threshold."""
    found = check("The team left the valley in 1956 and reached the ridge at dawn.",
                  "L'équipe quitta la vallée et atteignit l'arête à 7 kilomètres du camp.", "en", "fr")[2]
    assert [f for f in found if f.rule == "diverge.number"] == []
    assert found and all(f.confidence < 0.6 for f in found)


def test_several_changed_figures_are_less_sure_than_one():
    one = check("Prices rose 12 percent.", "Les prix ont augmenté de 14 %.", "en", "fr")[2]
    two = check("Prices rose 12 percent and wages 3 percent.",
                "Les prix ont augmenté de 14 % et les salaires de 4 %.", "en", "fr")[2]
    assert [f.confidence for f in one if f.rule == "diverge.number"] == [0.9]
    assert {f.confidence for f in two if f.rule == "diverge.number"} == {0.75}


def test_a_dotted_section_number_in_cjk_text_is_no_figure():
    """'1.2.3' (a section or version) is no number: reading it once raised ValueError."""
    from mtqa.divergence.numwords import cjk_numbers, conventions

    text = "请参阅第1.2.3节，共有5,000人参加。"
    got = [(text[n.start:n.end], n.value) for n in cjk_numbers(text, conventions("zh"))]
    assert got == [("5,000", 5000.0)]


def test_a_figure_glued_to_a_currency_prefix_is_read():
    """'Rp14.200' (Indonesian rupiah, thousands dot) is the source's '14,200 rupiah'."""
    from mtqa.divergence.numbers import extract

    text = "Harga beras mencapai Rp14.200 per kilogram."
    (f,) = extract(text, "id")[0]
    assert (text[f.start:f.end], f.value) == ("14.200", 14200.0)
    assert extract("The account user13 posted it.", "en")[0] == []
