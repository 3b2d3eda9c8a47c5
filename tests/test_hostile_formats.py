"""Hostile and odd input (issue 9): format recognition, BCP 47 language tags, JSON that
Python's json module trips on (huge integers, lone surrogates)."""

import html
import json
import pathlib
import time

import pytest

from mtqa import languages
from mtqa.cli import main
from mtqa.document import Document
from mtqa.errors import InputError
from mtqa.readers import detect_format, read_input

HERE = pathlib.Path(__file__).resolve().parent
STORY = (HERE / "data" / "stories" / "en-04-berlin-budget-deal.txt").read_text(encoding="utf-8")
CLEAN = (HERE / "data" / "stories" / "en-18-clean-wellington-rates.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def paragraphs(text):
    return [p for p in text.split("\n\n") if p.strip()]


def as_html(text, lang):
    ps = paragraphs(text)
    attr = f' lang="{html.escape(lang)}"' if lang is not None else ""
    return (f"<!DOCTYPE html><html{attr}><head><title>t</title></head><body><h1>"
            f"{html.escape(ps[0])}</h1>" + "".join(f"<p>{html.escape(p)}</p>" for p in ps[1:])
            + "</body></html>")


def as_ninjs(text, lang):
    ps = paragraphs(text)
    item = {"uri": "urn:x", "type": "text", "headline": ps[0], "body_text": "\n\n".join(ps[1:])}
    if lang is not None:
        item["language"] = lang
    return json.dumps(item)


def findings(tmp_path, capsys, name, text, *opts):
    """(exit code, document language, [(rule, start, end, message)]) of `mtqa check --format
    json`; offsets into the article text, which a changed attribute in the file does not move."""
    code, out, err = run(["check", write(tmp_path, name, text), "--format", "json", *opts], capsys)
    assert code in (0, 1), err
    doc = json.loads(out)["documents"][0]
    return code, doc["lang"], [(f["rule"], f.get("text_start", f["start"]),
                                f.get("text_end", f["end"]), f["message"])
                               for f in doc["findings"]]


# -- language codes are BCP 47 tags ------------------------------------------------------------

@pytest.mark.parametrize("tag, code", [
    ("en", "en"), ("en-US", "en"), ("EN_us", "en"), ("en-GB", "en"), ("pt-BR", "pt"),
    ("zh-Hant", "zh"), ("zh-Hans-CN", "zh"), ("es-419", "es"), ("de-CH-1996", "de"),
    ("en-US-u-ca-gregory", "en"), ("en-x-newsroom", "en"), ("nb-NO", "no"), ("iw", "he"),
    ("fil", "tl"), ("eng", "en"),
    # well-formed or not, not a language mtqa knows: ''
    ("sr-Latn-RS", ""), ("xx", ""), ("en-", ""), ("-en", ""), ("e", ""), ("en--US", ""),
    ("../../../../etc/passwd", ""), ("en/../../x", ""), ("", ""), ("en US", ""),
])
def test_tag_normalised_to_a_known_language(tag, code):
    assert languages.tag(tag) == code


@pytest.mark.parametrize("given", ["en-US", "EN_us", "en-GB", "en-Latn-US", "eng"])
def test_lang_option_tag_gives_the_same_findings_as_the_code(given, tmp_path, capsys):
    assert findings(tmp_path, capsys, "s.txt", STORY, "--lang", given) == \
        findings(tmp_path, capsys, "s.txt", STORY, "--lang", "en")


NOT_A_TAG = "(not a BCP 47 language tag such as en, en-US or zh-Hant; valid: af, ar, "


@pytest.mark.parametrize("given, says", [
    ("../../../../etc/passwd", "'../../../../etc/passwd' " + NOT_A_TAG),
    ("en-", "'en-' " + NOT_A_TAG),
    ("en--US", "'en--US' " + NOT_A_TAG),
    ("e", "'e' " + NOT_A_TAG),
    ("english", "'english' " + NOT_A_TAG),
    ("en\nUS", "'en\\nUS' " + NOT_A_TAG),
    ("x" * 200, "'" + "x" * 80 + "...' " + NOT_A_TAG),
    ("xx", "'xx' (valid: af, ar, "),
    ("sr-Latn-RS", "'sr-Latn-RS' (valid: af, ar, "),
])
def test_unknown_or_malformed_lang_is_a_usage_error(given, says, tmp_path, capsys):
    code, out, err = run(["check", write(tmp_path, "s.txt", CLEAN), "--lang", given], capsys)
    assert code == 2 and out == ""
    assert err.startswith("mtqa: error: unknown --lang code " + says)
    assert ", en, " in err and err.endswith(", zh)\n") and err.count("\n") == 1


@pytest.mark.parametrize("option", ["--source-lang", "--calques"])
def test_other_language_options_refuse_paths(option, tmp_path, capsys):
    code, _, err = run(["check", write(tmp_path, "s.txt", CLEAN), option, "../etc/passwd"], capsys)
    assert code == 2 and err.startswith(f"mtqa: error: unknown {option} code '../etc/passwd' "
                                        "(not a BCP 47 language tag")


def test_calques_and_source_lang_take_tags(tmp_path, capsys):
    code, out, _ = run(["check", write(tmp_path, "s.txt", STORY), "--format", "json",
                        "--calques", "de-DE", "--source-lang", "de-AT"], capsys)
    doc = json.loads(out)["documents"][0]
    assert code in (0, 1) and doc["calques"]["langs"] == ["de"]


@pytest.mark.parametrize("fmt, lang", [
    ("html", "en-US"), ("html", "EN_gb"), ("html", "en"), ("html", "../../etc/passwd"),
    ("html", "sr-Latn-RS"), ("ninjs", "en-GB"), ("ninjs", "en-Latn-US"), ("ninjs", "xx-YY"),
])
def test_language_tag_in_the_input_is_normalised_or_ignored(fmt, lang, tmp_path, capsys):
    make, ext = (as_html, "html") if fmt == "html" else (as_ninjs, "json")
    with_tag = findings(tmp_path, capsys, f"a.{ext}", make(CLEAN, lang))
    without = findings(tmp_path, capsys, f"b.{ext}", make(CLEAN, None))
    assert with_tag == without == (0, "en", [])


@pytest.mark.parametrize("fixture, attr, tag", [
    ("story.xlf", 'target-language="en"', 'target-language="en-GB"'),
    ("story.xlf", 'target-language="en"', 'target-language="xx-XX"'),
    ("story.xlf", 'source-language="id"', 'source-language="id-ID"'),
    ("story.newsml.xml", 'xml:lang="en"', 'xml:lang="en-US"'),
    ("story.newsml.xml", 'xml:lang="en"', 'xml:lang="../../etc/passwd"'),
])
def test_xml_lang_tags_are_normalised_or_ignored(fixture, attr, tag, tmp_path, capsys):
    original = (HERE / "data" / "readers" / fixture).read_text(encoding="utf-8")
    assert attr in original
    ext = pathlib.Path(fixture).suffix
    assert findings(tmp_path, capsys, f"a{ext}", original.replace(attr, tag)) == \
        findings(tmp_path, capsys, f"b{ext}", original)


def test_document_build_normalises_tags_and_identifies_unknown_ones():
    assert Document.build(CLEAN, lang="en-US").lang == "en"
    assert Document.build(CLEAN, lang="pt-BR").lang == "pt"  # a known tag is believed
    doc, auto = Document.build(CLEAN, lang="../../../../etc/passwd"), Document.build(CLEAN)
    assert (doc.lang, doc.lang_confidence) == (auto.lang, auto.lang_confidence) == ("en", 1.0)


def test_no_input_tag_reaches_a_file_path(tmp_path, capsys, monkeypatch):
    from mtqa import resources

    seen = []
    real = resources.path
    monkeypatch.setattr(resources, "path", lambda *parts: seen.append(parts) or real(*parts))
    for f in ("abbreviations", "word_freqs", "pos_lexicon"):
        fn = getattr(resources, f, None)
        if hasattr(fn, "cache_clear"):
            monkeypatch.setattr(resources, f, fn.__wrapped__)
    run(["check", write(tmp_path, "a.html", as_html(CLEAN, "../../../../etc/passwd"))], capsys)
    assert seen and not [p for p in seen if any(".." in x or "/" in x for x in p)]


def test_base_never_returns_path_characters():
    assert [languages.base(x) for x in ("en-US", "zh_Hant", "../../x", "en-", None)] == \
        ["en", "zh", "", "en", ""]


# -- format recognition ------------------------------------------------------------------------

NINJS = json.dumps({"uri": "x", "headline": "Budget deal", "body_text": "The deal was agreed."})
JSONL = '{"target": "One."}\n{"target": "Two."}\n'


RECOGNITION = [
    # the extension decides: .txt is text and .md Markdown, whatever they start with
    ("story.txt", "<p>By Anna Smith</p>\n" + STORY, "text"),
    ("story.txt", "<noscript>\n" + STORY, "text"),
    ("story.txt", "<html><body><p>x</p></body></html>", "text"),
    ("story.txt", "# Budget\n\n" + STORY, "text"),
    ("story.txt", NINJS, "text"),
    ("story.md", "<html><body><p>Text</p></body></html>", "markdown"),
    ("story.md", "Plain prose only.", "markdown"),
    # a structured extension on content its reader cannot read
    ("records.json", JSONL, "jsonl"),
    ("story.json", NINJS, "ninjs"),
    ("story.json", NINJS + "\n", "ninjs"),
    ("page.html", "Plain text story.\n\nSecond paragraph.\n", "text"),
    ("page.html", "<p>Para one.</p>", "html"),
    ("records.jsonl", '{"headline": "A", "body_text": "B"}\n{"target": "x"}\n', "jsonl"),
    # no extension, an unknown one or stdin: only unambiguous signatures
    ("-", "<!DOCTYPE html><p>Hi</p>", "html"),
    ("-", "<html><body><p>Hi</p></body></html>", "html"),
    ("-", "<b>Breaking:</b> talks resume.\n\nMore text.\n", "text"),
    ("-", "<Reuters> Helsinki story.\n", "text"),
    ("-", "{Breaking} talks resume.\n", "text"),
    ("-", NINJS, "ninjs"),
    ("story", JSONL, "jsonl"),
    ("story.dat", '[{"headline": "A", "body_text": "B"}]', "ninjs"),
    ("-", "# Budget deal\n\nText.\n", "markdown"),
    ("-", "Budget deal\n===\n\nText.\n", "markdown"),
    ("-", "===\n\nText.\n", "text"),
    ("-", "See [the report](https://example.org/r) for more.\n", "markdown"),
    ("-", "A #hashtag and [brackets] (not a link).\n", "text"),
    ("-", "x" * 70_000 + "\n# Heading past the sniffed prefix\n", "text"),
]


@pytest.mark.parametrize("name, text, fmt", RECOGNITION,
                         ids=[f"{i}-{n}-{f}" for i, (n, _, f) in enumerate(RECOGNITION)])
def test_format_recognition(name, text, fmt):
    assert detect_format(name, text) == fmt


@pytest.mark.parametrize("name", ["-", "story", "story.txt", "story.dat"])
@pytest.mark.parametrize("text", [
    "a" * 5_000_000,  # one 5 MB line without punctuation
    " " * 40_000,
    " " * 40_000 + "x\n" + "=" * 40_000,
    "[" * 1_000_000,
    "[x" * 500_000 + "](",
    "\n" * 1_000_000,
    "<!--" * 100_000,
    "{" * 100_000,
    "\n===" * 300_000,
], ids=["5MB-line", "spaces", "setext", "brackets", "link-opens", "newlines", "comments",
        "braces", "underlines"])
def test_recognition_is_fast_on_huge_lines(name, text):
    t = time.perf_counter()
    detect_format(name, text)
    assert time.perf_counter() - t < 1.0


def test_txt_story_starting_with_a_tag_is_checked_as_text(tmp_path, capsys):
    code, out, _ = run(["check", write(tmp_path, "s.txt", "<p>By Anna Smith</p>\n" + STORY),
                        "--format", "json"], capsys)
    doc = json.loads(out)["documents"][0]
    plain = json.loads(run(["check", write(tmp_path, "p.txt", STORY), "--format", "json"],
                           capsys)[1])["documents"][0]
    assert doc["format"] == "text" and code == 1
    assert doc["words"] > plain["words"] and doc["sentences"] == plain["sentences"]
    assert {f["rule"] for f in doc["findings"]} >= {f["rule"] for f in plain["findings"]} != set()


def test_input_format_option_overrides_the_extension(tmp_path):
    p = write(tmp_path, "s.txt", "<html><body><h1>Budget</h1><p>The deal.</p></body></html>")
    src = read_input(p, fmt="html")
    assert src.format == "html" and src.text == "Budget\n\nThe deal."


# -- JSON that json trips on -------------------------------------------------------------------

BIG = "9" * 5000


@pytest.mark.parametrize("name, text, says", [
    ("s.json", '{"headline": "A", "body_text": "B.",\n "urgency": ' + BIG + "}",
     "s.json: not valid JSON: a number of more than 4300 digits (line 2, column 13)"),
    ("s", '{"headline": "A", "body_text": "B.", "n": [-' + BIG + "]}",
     "s: not valid JSON: a number of more than 4300 digits (line 1, column 45)"),
], ids=["ninjs", "no-extension"])
def test_huge_integer_in_ninjs_is_one_input_error(name, text, says, tmp_path, capsys):
    p = write(tmp_path, name, text)
    code, out, err = run(["check", p], capsys)
    assert code == 2 and out == "" and err == f"mtqa: error: {tmp_path / says}\n"


def test_huge_integer_does_not_trip_recognition():
    assert detect_format("-", '{"n": ' + BIG + "}\n") == "ninjs"
    assert detect_format("-", '{"n": ' + BIG + '}\n{"target": "x"}\n') == "jsonl"


SURROGATES = as_ninjs(CLEAN, "en").replace("central bank", "cen\\ud800tral bank", 1) \
    .replace("Reserve", "Re\\udfffserve", 1)


def test_lone_surrogates_become_replacement_characters_with_exact_spans():
    src = read_input("s.json", data=SURROGATES.encode())
    assert not any(0xD800 <= ord(c) < 0xE000 for c in src.text)
    assert src.text.count("\ufffd") == 2
    spans = [src.span_to_file(i, i + 1) for i, c in enumerate(src.text) if c == "\ufffd"]
    assert [src.file_text[s:e] for s, e in spans] == ["\\ud800", "\\udfff"]


def test_lone_surrogates_in_jsonl_records():
    data = b'{"target": "Hello \\ud800 there.", "source": "Hallo \\udfff da."}\n'
    src = read_input("r.jsonl", data=data)
    assert src.text == "Hello \ufffd there." and src.source_text == "Hallo \ufffd da."


@pytest.mark.parametrize("name, text", [
    ("s.json", SURROGATES),
    ("r.jsonl", '{"target": "The \\ud800 budget was agreed on Monday."}\n'
                '{"target": "Talks \\udfff resume.", "tgt_lang": "en-US"}\n'),
], ids=["ninjs", "jsonl"])
@pytest.mark.parametrize("fmt", ["html", "json", "sarif", "jsonl", "text"])
def test_lone_surrogates_render_in_every_format(name, text, fmt, tmp_path, capsys):
    out_file = tmp_path / f"report.{fmt}"
    code, _, err = run(["check", write(tmp_path, name, text), "--format", fmt,
                        "-o", str(out_file)], capsys)
    assert code in (0, 1) and "error" not in err
    body = out_file.read_bytes().decode("utf-8")  # valid UTF-8
    assert "\\ud800" not in body.lower() and "\\udfff" not in body.lower()


def test_audit_html_report_of_lone_surrogates(tmp_path, capsys):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "s.json").write_text(SURROGATES, encoding="utf-8")
    (inbox / "r.jsonl").write_text('{"target": "The \\ud800 deal."}\n', encoding="utf-8")
    code, _, err = run(["audit", str(inbox), "-o", str(tmp_path / "out"),
                        "--report-format", "html"], capsys)
    assert code in (0, 1), err
    for report in ("s.json.html", "r.jsonl.html"):
        assert "\ufffd" in (tmp_path / "out" / report).read_text(encoding="utf-8")


def test_ninjs_that_is_not_json_says_so():
    with pytest.raises(InputError, match=r"^x\.json: not valid JSON: Expecting value"):
        read_input("x.json", data=b"Plain text in a .json file.\n")
