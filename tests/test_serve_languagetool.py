"""mtqa serve speaks LanguageTool's protocol: a real LanguageTool client library
(language_tool_python, pointed at it as a remote server) sees mtqa's findings on the right
characters, after emoji, combining accents and CJK, with mtqa's rule ids and categories.
"""

import json
from urllib.parse import quote, urlencode

import pytest
from serving import served

from mtqa.pipeline import Engine
from mtqa.readers import from_text

pytest.importorskip("uvicorn")
ltp = pytest.importorskip("language_tool_python")

# An emoji, an emoji with a skin-tone modifier (two astral code points), an accent written as
# a combining mark, and Chinese characters, all before the findings they could shift.
TEXT = ("Finnish Coalition Agrees Budget 🎉\n\n"
        "HELSINKI - Finland's Prime Minister Petteri Orpo and Finance Minister Riikka Bite agreed "
        "the budget on Monday 👍🏽, the government said.\n\n"
        "The cafe\u0301 owners in Tampere said that Volodymr Zelensky had visited the city. "
        "北京 officials were not consulted. The European Comission will review the plan.\n")
EXPECTED = [("names.translated", "Bite", "Purra"), ("names.near-miss", "Volodymr", "Volodymyr"),
            ("lang.foreign-script", "北京", ""), ("names.near-miss", "Comission", "Commission")]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def srv():
    with served() as s:
        yield s


@pytest.fixture()
def tool(srv):
    t = ltp.LanguageTool("en-US", remote_server=srv.url)
    yield t
    t.close()


def mtqa_findings(text: str) -> list:
    return Engine().analyse(from_text(text)).findings


def utf16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def lt(srv, fields: dict, method: str = "POST"):
    if method == "GET":
        status, headers, body = srv.request("GET", "/v2/check?" + urlencode(fields))
    else:
        status, headers, body = srv.request("POST", "/v2/check", urlencode(fields), FORM)
    return status, (json.loads(body) if headers.get("content-type", "").startswith("application/json")
                    else body.decode())


# -- the real client ------------------------------------------------------------------------------

def test_client_matches_land_on_mtqa_findings(tool):
    matches = tool.check(TEXT)
    got = [(m.rule_id, TEXT[m.offset:m.offset + m.error_length], m.replacements[0] if m.replacements else "")
           for m in matches]
    assert got == EXPECTED
    own = mtqa_findings(TEXT)
    assert [(m.rule_id, m.category, m.offset) for m in matches] == [(f.rule, f.category, f.start) for f in own]
    assert {m.rule_issue_type for m in matches} == {"mistranslation", "misspelling", "untranslated"}
    assert matches[0].message.startswith("'Riikka Bite' looks like Riikka Purra")
    assert matches[1].sentence.startswith("The cafe\u0301 owners in Tampere said that Volodymr Zelensky had")


def test_client_rule_and_category_selection(tool):
    tool.disabled_rules = {"names.translated"}
    assert [m.rule_id for m in tool.check(TEXT)] == ["names.near-miss", "lang.foreign-script", "names.near-miss"]
    tool.disabled_rules = set()
    tool.disabled_categories = {"accuracy"}
    assert [m.rule_id for m in tool.check(TEXT)] == ["names.near-miss", "names.near-miss"]
    tool.disabled_categories = set()
    tool.enabled_rules = {"lang.foreign-script"}
    tool.enabled_rules_only = True
    assert [TEXT[m.offset:m.offset + m.error_length] for m in tool.check(TEXT)] == ["北京"]


def test_client_reads_the_language_list(tool):
    tool.language = "de-DE"  # validated against GET /v2/languages by the client
    assert str(tool.language) == "de-DE"


# -- the wire format ---------------------------------------------------------------------------------

def test_offsets_count_utf16_code_units(srv):
    status, doc = lt(srv, {"text": TEXT, "language": "en-US"})
    assert status == 200
    starts = [TEXT.index(x) for _, x, _ in EXPECTED]
    assert [m["offset"] for m in doc["matches"]] == [utf16(TEXT, s) for s in starts]
    # past the emoji (2 units each) and the modifier, but the combining mark counts one, as in Python
    assert doc["matches"][1]["offset"] == TEXT.index("Volodymr") + 3
    assert [m["length"] for m in doc["matches"]] == [4, 8, 2, 9]
    m = doc["matches"][3]
    ctx = m["context"]
    assert ctx["text"][ctx["offset"]:ctx["offset"] + ctx["length"]] == "Comission"
    assert m["rule"] == {"id": "names.near-miss", "subId": m["rule"]["subId"], "description": m["rule"]["description"],
                         "issueType": "misspelling", "isPremium": False,
                         "category": {"id": "fluency/spelling", "name": "Fluency: spelling"}}
    assert m["replacements"] == [{"value": "Commission"}] and m["type"] == {"typeName": "UnknownWord"}
    assert doc["language"]["code"] == "en-US" and doc["language"]["detectedLanguage"]["code"] == "en-US"
    assert doc["software"]["apiVersion"] == 1


def test_context_offsets_after_an_emoji(srv):
    text = "Finance Minister 🎉 Riikka Bite spoke on Monday."
    status, doc = lt(srv, {"text": text, "language": "en"})
    ctx = doc["matches"][0]["context"]
    assert ctx["text"] == text and ctx["offset"] == utf16(text, text.index("Bite")) and ctx["length"] == 4


def test_annotated_data_offsets_include_the_markup(srv):
    parts = [{"markup": "<h1>"}, {"text": "Budget Agreed"}, {"markup": "</h1>", "interpretAs": "\n\n"},
             {"markup": "<p>"}, {"text": "Finance Minister 😀 Riikka "},
             {"markup": "<b>"}, {"text": "Bite"}, {"markup": "</b>"},
             {"text": " agreed the budget on Monday."}, {"markup": "</p>"}]
    original = "".join(p.get("text", p.get("markup", "")) for p in parts)
    status, doc = lt(srv, {"data": json.dumps({"annotation": parts}), "language": "en-US"})
    assert status == 200
    [m] = [m for m in doc["matches"] if m["rule"]["id"] == "names.translated"]
    at = original.index("Bite")
    assert (m["offset"], m["length"]) == (utf16(original, at), 4)
    assert m["sentence"] == "Finance Minister 😀 Riikka Bite agreed the budget on Monday."


def test_get_auto_language_and_languages_list(srv):
    german = "Die Bundesregierung hat am Montag den Haushalt beschlossen, teilte das Finanzministerium mit."
    status, doc = lt(srv, {"text": german, "language": "auto"}, method="GET")
    assert status == 200
    assert doc["language"]["code"] == "de-DE" and doc["language"]["detectedLanguage"]["code"] == "de-DE"
    status, _, body = srv.request("GET", "/v2/languages")
    langs = json.loads(body)
    assert {"name": "German (DE)", "code": "de", "longCode": "de-DE"} in langs
    assert {x["code"] for x in langs} == {"en", "de", "fr", "es", "it", "pt", "id", "ru", "ja", "zh"}


def test_empty_text_has_no_matches(srv):
    status, doc = lt(srv, {"text": "", "language": "en-US"})
    assert status == 200 and doc["matches"] == [] and doc["language"]["code"] == "en-US"


LT_BAD = [
    ("no text", {"language": "en-US"}, 400, "Error: missing 'text' or 'data' parameter"),
    ("text and data", {"language": "en-US", "text": "A.", "data": "{}"}, 400, "Error: set only 'text' or 'data'"),
    ("unknown language", {"language": "xx-QQ", "text": "A sentence."}, 400, "Error: unknown language code 'xx-QQ'"),
    ("unknown enabled rule", {"language": "en", "text": "A sentence.", "enabledRules": "names.nope"}, 400,
     "Error: unknown rule or entry 'names.nope'"),
    ("unknown enabled category", {"language": "en", "text": "A sentence.", "enabledCategories": "TYPOS",
                                  "enabledOnly": "true"}, 400, "Error: unknown category 'TYPOS'"),
    ("data nested too deeply", {"language": "en", "data": "[" * 100000 + "]" * 100000}, 400,
     "Error: 'data' is nested too deeply"),
    ("unpaired surrogate in data", {"language": "en", "data": '{"annotation": [{"text": "Bite \\ud800 spoke."}]}'},
     400, "Error: 'annotation 0 text' holds an unpaired surrogate"),
    ("enabledOnly alone", {"language": "en", "text": "A sentence.", "enabledOnly": "true"}, 400,
     "Error: 'enabledOnly' needs 'enabledRules' or 'enabledCategories'"),
    ("data not JSON", {"language": "en", "data": "{"}, 400, "Error: 'data' is not JSON"),
    ("data of the wrong shape", {"language": "en", "data": '{"annotation": [{"txt": "A."}]}'}, 400,
     "Error: annotation 0 must be an object with either 'text' or 'markup'"),
    ("data text not a string", {"language": "en", "data": '{"annotation": [{"text": 1}]}'}, 400,
     "Error: 'annotation 0 text' must be a string"),
]


@pytest.mark.parametrize("what,fields,status,message", LT_BAD, ids=[b[0] for b in LT_BAD])
def test_languagetool_bad_request(srv, what, fields, status, message):
    got, body = lt(srv, fields)
    assert got == status
    assert isinstance(body, str) and body.startswith(message) and "\n" not in body


def test_languagetool_wrong_content_type(srv):
    status, _, body = srv.request("POST", "/v2/check", "--x--", {"Content-Type": "multipart/form-data; boundary=x"})
    assert status == 415 and body.decode().startswith("Error: send the fields form-encoded")


def test_malformed_percent_encoding_is_400(srv):
    status, _, body = srv.request("POST", "/v2/check", "language=en&text=" + quote("ok") + "%ff%fe", FORM)
    assert status == 400 and body.decode().startswith("Error: ")


def test_check_format_languagetool_is_the_same_response(srv, tmp_path, capsys):
    from mtqa.cli import main

    f = tmp_path / "story.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert main(["--no-config", "check", "--format", "languagetool", str(f)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    _, served_doc = lt(srv, {"text": TEXT, "language": "en-US"})
    assert json.loads(lines[0])["matches"] == served_doc["matches"]


def test_a_text_without_sentence_ends_is_not_repeated_per_match(srv):
    text = "the minister said " * 2000 + "it was the the end"
    status, doc = lt(srv, {"text": text, "language": "en"})
    assert status == 200
    m = doc["matches"][-1]
    assert text[m["offset"]:m["offset"] + m["length"]] == "the the"
    assert len(m["sentence"]) <= 600 and m["sentence"].endswith("it was the the end")


def test_unknown_disabled_ids_are_passed_over(srv):
    """A client set up for LanguageTool disables LanguageTool's own rules and categories:
    mtqa passes over what it does not have, as LanguageTool does, and checks the rest."""
    status, doc = lt(srv, {"text": TEXT, "language": "en-US", "disabledRules": "WHITESPACE_RULE,names.translated",
                           "disabledCategories": "TYPOS"})
    assert status == 200
    assert [m["rule"]["id"] for m in doc["matches"]] == ["names.near-miss", "lang.foreign-script", "names.near-miss"]


def test_annotated_context_is_the_text_as_sent(srv):
    """A match across markup: its offset, length and context all count the markup."""
    parts = [{"text": "The minister said the"}, {"markup": "<br/>", "interpretAs": " "},
             {"text": "the budget would pass."}]
    original = "".join(p.get("text", p.get("markup", "")) for p in parts)
    status, doc = lt(srv, {"data": json.dumps({"annotation": parts}), "language": "en-US"})
    [m] = [m for m in doc["matches"] if m["rule"]["id"] == "mechanics.doubled-word"]
    assert original[m["offset"]:m["offset"] + m["length"]] == "the<br/>the"
    ctx = m["context"]
    assert ctx["text"] == original and ctx["text"][ctx["offset"]:ctx["offset"] + ctx["length"]] == "the<br/>the"


def test_language_codes_are_answered_as_languagetool_writes_them(srv):
    status, doc = lt(srv, {"text": "Finance Minister Riikka Bite spoke.", "language": "en_us"})
    assert doc["language"]["code"] == "en-US" and doc["language"]["name"] == "English (US)"


def test_too_many_matches_are_cut_and_said_so():
    with served("--max-findings", "5") as s:
        text = "the the " * 50
        status, doc = lt(s, {"text": text, "language": "en"})
        assert status == 200 and len(doc["matches"]) == 5
        assert doc["warnings"] == {"incompleteResults": True,  # 'the the' at every 'the' but the last
                                   "incompleteResultsReason": "only the first 5 of 99 matches"}
        status, doc = s.post_json("/api/check", {"text": text})
        d = doc["documents"][0]
        assert len(d["findings"]) == 5 and d["truncated"] == {"findings": 99, "shown": 5}
        assert sum(d["counts"].values()) == 5 and d["score"]["penalty"] == 99  # the score counts all 99

