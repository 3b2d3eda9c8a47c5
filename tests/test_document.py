from mtqa.document import Document
from mtqa.tokens import tokenize


def sents(text, lang=None):
    doc = Document.build(text, lang=lang)
    return [text[s.start:s.end] for s in doc.sentences]


def test_text_is_never_changed_and_spans_point_into_it():
    text = "  Mr. Smith went to the U.S. on Jan. 5.\n\nHe said: “It went well.” Then he left.  \n"
    doc = Document.build(text)
    assert doc.text is text
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text


def test_english_abbreviations_do_not_end_sentences():
    assert sents("Gov. Ron Smith met Mr. Jones in Jan. 2023 in the U.S. capital. They talked.") == [
        "Gov. Ron Smith met Mr. Jones in Jan. 2023 in the U.S. capital.", "They talked."]


def test_all_caps_abbreviation_before_sentence_starter_ends_sentence():
    assert sents("He flew to the U.S. The talks began on Monday.") == [
        "He flew to the U.S.", "The talks began on Monday."]


def test_closing_quote_after_full_stop_belongs_to_sentence():
    assert sents('He said, "We will win." She disagreed.') == ['He said, "We will win."', "She disagreed."]


def test_initials_do_not_end_sentences():
    assert sents("John F. Kennedy was born in 1917. He died in 1963.") == [
        "John F. Kennedy was born in 1917.", "He died in 1963."]


def test_indonesian_abbreviations():
    text = "Kantornya di Jl. Merdeka No. 5, Jakarta. Presiden tiba pukul 10.00 WIB. Dia berbicara."
    assert sents(text, lang="id") == [
        "Kantornya di Jl. Merdeka No. 5, Jakarta.", "Presiden tiba pukul 10.00 WIB.", "Dia berbicara."]


def test_german_abbreviations():
    text = "Er nannte z.B. Berlin bzw. Hamburg. Dr. Müller kam nicht."
    assert sents(text, lang="de") == ["Er nannte z.B. Berlin bzw. Hamburg.", "Dr. Müller kam nicht."]


def test_cjk_full_stops_split_without_spaces():
    assert sents("习近平访问俄罗斯。他会见了普京！“会谈很成功。”双方签署了文件。", lang="zh") == [
        "习近平访问俄罗斯。", "他会见了普京！", "“会谈很成功。”", "双方签署了文件。"]


def test_japanese_split():
    assert sents("首相は東京に戻った。会談は成功だった。", lang="ja") == ["首相は東京に戻った。", "会談は成功だった。"]


def test_russian_split():
    assert sents("В 2023 г. президент посетил Китай. Переговоры прошли успешно.", lang="ru") == [
        "В 2023 г. президент посетил Китай.", "Переговоры прошли успешно."]


def test_each_line_is_a_paragraph_without_blank_lines():
    doc = Document.build("Headline Without Stop\nFirst paragraph. Second sentence.\nNext one.")
    assert len(doc.paragraphs) == 3
    assert [doc.text[s.start:s.end] for s in doc.sentences][0] == "Headline Without Stop"


def test_blank_lines_separate_paragraphs_and_soft_wraps_join():
    text = "A long sentence that is\nwrapped over two lines. Another.\n\nNew paragraph."
    doc = Document.build(text)
    assert len(doc.paragraphs) == 2
    assert text[doc.sentences[0].start:doc.sentences[0].end] == "A long sentence that is\nwrapped over two lines."


def test_possessive_is_its_own_token():
    toks = [t.text for t in tokenize("Xi's re-elect and Putin’s visit")]
    assert toks == ["Xi", "'s", "re-elect", "and", "Putin", "’s", "visit"]


def test_line_and_column_are_one_based_code_points():
    doc = Document.build("ab\nçd Volodymr")
    off = doc.text.index("Volodymr")
    assert doc.line_col(off) == (2, 4)


def test_lines_mode_keeps_one_sentence_per_line():
    doc = Document.build("One. Two.\nThree\n", lines=True)
    assert [doc.text[s.start:s.end] for s in doc.sentences] == ["One. Two.", "Three"]


def test_french_abbreviations():
    assert sents("M. Macron a reçu Mme Dupont. Ils ont parlé.", lang="fr") == [
        "M. Macron a reçu Mme Dupont.", "Ils ont parlé."]


def test_spanish_abbreviations():
    assert sents("El Sr. Sánchez viajó a EE.UU. el lunes. Volvió el martes.", lang="es") == [
        "El Sr. Sánchez viajó a EE.UU. el lunes.", "Volvió el martes."]
