"""Language identification and untranslated text, on texts written for these tests."""

from conftest import spans

from mtqa import langid
from mtqa.document import Document

INDONESIAN = ("Pemerintah Indonesia akan menaikkan harga bahan bakar minyak mulai bulan depan, "
              "kata menteri keuangan di Jakarta pada hari Senin. Menurut dia, kebijakan ini "
              "diperlukan untuk menjaga anggaran negara.")
MALAY = ("Kerajaan Malaysia akan menaikkan harga minyak mulai bulan hadapan, kata menteri "
         "kewangan di Kuala Lumpur pada hari Isnin. Menurut beliau, dasar ini perlu bagi "
         "menjaga bajet negara daripada defisit yang lebih besar.")


def test_document_language_from_words():
    for text, lang in ((INDONESIAN, "id"), (MALAY, "ms"),
                       ("Die Regierung will die Steuern im nächsten Jahr nicht erhöhen, sagte der Minister.", "de"),
                       ("El gobierno no subirá los impuestos el próximo año, dijo el ministro.", "es"),
                       ("Le gouvernement n'augmentera pas les impôts l'an prochain, a dit le ministre.", "fr"),
                       ("Hallitus ei nosta veroja ensi vuonna, sanoi ministeri.", "fi"),
                       ("Правительство не будет повышать налоги в следующем году.", "ru"),
                       ("政府明年不会提高税收。", "zh"), ("政府は来年、税金を上げない。", "ja")):
        assert Document.build(text).lang == lang, text


def test_indonesian_and_malay_fragments():
    assert langid.identify_words("menurut pernyataan tersebut".split())[0] == "id"
    assert langid.identify_words("kata menteri kewangan kerajaan".split())[0] == "ms"


def test_untranslated_sentence_span(check):
    text = ("The minister said on Monday that fuel prices would rise next month. "
            "Kebijakan ini diperlukan untuk menjaga anggaran negara. "
            "Opposition parties criticised the decision.")
    doc, found = check(text)
    assert spans(doc, found, "lang.untranslated-sentence") == [
        "Kebijakan ini diperlukan untuk menjaga anggaran negara."]
    f = [f for f in found if f.rule == "lang.untranslated-sentence"][0]
    assert f.evidence["detected"] == "id" and f.category == "accuracy/untranslated"


def test_untranslated_run_inside_english_sentence(check):
    text = "The talks covered trade, investment dan lain lain, the ministry said on Friday."
    doc, found = check(text)
    assert spans(doc, found, "lang.untranslated-run") == ["dan lain lain"]


def test_names_and_loanwords_are_not_untranslated(check):
    text = ("Finnish Prime Minister Petteri Orpo met Indonesian President Prabowo Subianto in "
            "Jakarta. The Eduskunta approved the budget, and the Bundestag debated it in Berlin.")
    doc, found = check(text)
    assert [f for f in found if f.rule.startswith("lang.")] == []


def test_same_input_same_language_every_time():
    text = "Ini adalah kalimat pendek."  # short: word lists and langdetect may both be asked
    got = {langid.identify_sentence(text, [w.lower() for w in text[:-1].split()], "en") for _ in range(5)}
    assert len(got) == 1
    assert langid.langdetect_lang("Ini adalah kalimat yang cukup panjang untuk langdetect.") == \
        langid.langdetect_lang("Ini adalah kalimat yang cukup panjang untuk langdetect.")
