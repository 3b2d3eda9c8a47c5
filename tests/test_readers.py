"""Input readers (issue 5): every format's text, headline, languages, segments, and the
exact map from extracted text back to the file; XML safety; one-line errors."""

from __future__ import annotations

import html
import io
import json
import pathlib
import re
import sys
import time

import pytest

from mtqa.errors import InputError
from mtqa.reader import read_text
from mtqa.readers import Source, detect_format, read_input

DATA = pathlib.Path(__file__).resolve().parent / "data" / "readers"
ENTITY_MSG = "XML with entity declarations is refused (possible entity-expansion attack)"


def read(name: str, **kw) -> Source:
    return read_input(str(DATA / name), **kw)


def _decode_escape(fmt: str, raw: str) -> str:
    if fmt in ("ninjs", "jsonl"):
        return json.loads('"' + raw + '"')
    return html.unescape(raw)


def assert_exact_map(src: Source) -> None:
    """Every char of text that came from the file maps to it: literal chars to the same
    char, escaped chars to an escape that decodes to them, collapsed whitespace to
    whitespace; inserted chars are only the paragraph/segment joins."""
    ft = src.file_text
    literal = 0
    for i, c in enumerate(src.text):
        f = src.to_file(i)
        assert 0 <= f <= len(ft)
        if src.is_literal(i):
            assert ft[f] == c, (i, c, ft[f])
            literal += 1
        elif src.is_from_file(i):
            fs, fe = src.span_to_file(i, i + 1)
            raw = ft[fs:fe]
            if c.isspace():
                assert raw[:1].isspace() or raw.startswith(("&", "\\")), \
                    (i, c, raw)
            else:
                assert raw[:1] in "&\\", (i, c, raw)
                assert c in _decode_escape(src.format, raw), (i, c, raw)
        else:
            assert c in " \n", (i, repr(c))  # a join the reader inserted
    assert literal > len(src.text) * 0.8
    # compact: runs, not one entry per char
    assert len(src.text_map) < len(src.text) / 3


def file_excerpt(src: Source, word: str, occurrence: int = 0) -> str:
    i = -1
    for _ in range(occurrence + 1):
        i = src.text.index(word, i + 1)
    fs, fe = src.span_to_file(i, i + len(word))
    return src.file_text[fs:fe]


# -- plain text keeps the old reader's behaviour -----------------------------------------

def test_plain_text_is_the_file_unchanged(tmp_path):
    p = tmp_path / "story.txt"
    body = "Xi visits Moscow.\nUkrainian President Volodymr Zelenskyy said so.\n"
    p.write_text(body, encoding="utf-8")
    src = read_input(str(p))
    assert src.format == "text"
    assert src.text == body == read_text(str(p)) == src.file_text
    assert src.headline is None and src.segments is None
    i = src.text.index("Volodymr")
    assert src.span_to_file(i, i + 8) == (i, i + 8)
    assert all(src.to_file(k) == k for k in range(len(body)))
    assert len(src.text_map) == 1


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"  \n ", "empty file"),
    (b"\x00\x01\x02", "binary data"),
    (b"caf\xe9 au lait", "not UTF-8 (invalid byte 0xe9 at offset 3)"),
    ("plain".encode("utf-16"), "UTF-16 text"),
])
def test_plain_text_errors_match_the_old_reader(tmp_path, data, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as new:
        read_input(str(p))
    with pytest.raises(InputError) as old:
        read_text(str(p))
    assert message in str(new.value)
    assert str(new.value) == str(old.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "nope.html"))
    with pytest.raises(InputError, match="is a directory"):
        read_input(str(tmp_path))


def test_stdin(monkeypatch):
    data = (DATA / "story.xlf").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    src = read_input("-")
    assert src.path == "<stdin>" and src.format == "xliff"


def test_encoding_option(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Caf\xe9 noir".encode("latin-1"))
    assert read_input(str(p), encoding="latin-1").text == "Caf\xe9 noir"
    with pytest.raises(InputError, match="unknown encoding"):
        read_input(str(p), encoding="nope-8")


# -- Markdown ------------------------------------------------------------------------------

def test_markdown():
    src = read("story.md")
    assert src.format == "markdown"
    assert src.text == (
        "Xi Jinping Visits Russia And Meet Vladimir Putin Next Week\n\n"
        "JAKARTA - Chinese President Xi Jinping will make state visits to Russia from 20-22 "
        "March, the Kremlin's press service said on Friday.\n\n"
        "Ukraine\n\n"
        "Ukrainian President Volodymr Zelenskyy said the plan had \"some respect\" for "
        "Ukraine's sovereignty, AT&T analysts and snake_case notwithstanding.\n\n"
        "China calls the partnership an infinity partnership.\n\n"
        "Efforts to mediate are credible, said *officials*.\n\n"
        "Read more in the report.")
    assert src.headline == "Xi Jinping Visits Russia And Meet Vladimir Putin Next Week"
    assert src.headline_span == (0, len(src.headline))
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "Kremlin's press service") == "Kremlin's press service"
    assert file_excerpt(src, "&") == "&amp;"
    assert file_excerpt(src, "Xi Jinping", 1) == "Xi Jinping"  # inside **...**
    # the soft line break inside a paragraph maps to the newline
    i = src.text.index("March, the") + len("March,")
    assert src.text[i] == " " and src.file_text[src.to_file(i)] == "\n"
    assert not src.is_literal(i) and src.is_from_file(i)
    assert "print(" not in src.text and "xi.jpg" not in src.text and "http" not in src.text


def test_markdown_front_matter_title_and_details():
    md = ("---\ntitle: 'Xi to visit Russia'\n---\n\nSome _emphasis_ and a [link](http://x.y)"
          " with `code *kept*` here.\n\n1. first\n2. second\n\nIn 2014. That year\n"
          "12. stays.\n\n***\n\nSubtitle\n--------\n")
    src = read_input("note.md", data=md.encode())
    assert src.headline == "Xi to visit Russia"
    assert src.text == ("Xi to visit Russia\n\nSome emphasis and a link with code *kept* "
                        "here.\n\nfirst\n\nsecond\n\nIn 2014. That year 12. stays.\n\nSubtitle")
    assert file_excerpt(src, "Xi to visit Russia") == "Xi to visit Russia"
    assert_exact_map(src)


# -- HTML ------------------------------------------------------------------------------------

def test_html_article_extraction():
    src = read("story.html")
    assert src.format == "html"
    assert src.headline == "Xi Jinping Visits Russia & Meets Vladimir Putin"
    assert src.tgt_lang == "en"
    assert src.meta["title"] == "Xi to visit Moscow | Example News"
    assert src.text == (
        "Xi Jinping Visits Russia & Meets Vladimir Putin\n\n"
        "JAKARTA \u2013 Chinese President Xi Jinping will make state visits to Russia from "
        "20\u201322 March, the Kremlin's press service said.\n\n"
        "Ukrainian President Volodymr Zelenskyy said the plan showed \"some respect\".\n\n"
        "A reader wrote \"><img src=x onerror=alert(1)> in the comment box.\n\n"
        "Raw markup ends here: \"> and the text goes on.\n\n"
        "Efforts to mediate are credible.\n\n"
        "First point\n\nSecond point\n\n"
        "Line one line two\n\nNew paragraph.")
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "Kremlin's") == "Kremlin&#x27;s"
    assert file_excerpt(src, "\"some respect\"") == "&quot;some respect&quot;"
    h = src.text.index("&")
    assert src.file_text[src.to_file(h):].startswith("&amp;")
    line, _ = src.line_col(src.to_file(src.text.index("Volodymr")))
    assert src.file_text.splitlines()[line - 1].lstrip().startswith("<p>Ukrainian President")


def test_html_furniture_and_script_dropped_injection_kept_as_text():
    src = read("story.html")
    for gone in ("tracking", "in-article script", "alert(\"", "World", "Home", "Share on",
                 "Buy now", "Related", "Most read", "Example News", "Comment: great",
                 "Photo: Agency", "color: red", "alert(2)"):
        assert gone not in src.text, gone
    inj = "\"><img src=x onerror=alert(1)>"
    assert inj in src.text
    i = src.text.index(inj)
    fs, fe = src.span_to_file(i, i + len(inj))
    assert src.file_text[fs:fe] == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert html.unescape(src.file_text[fs:fe]) == inj


def test_html_without_article_uses_main_then_body_and_title():
    page = ("<html><head><title>Kremlin statement | Wire</title></head><body>"
            "<nav>Menu</nav><main><p>Inside main.</p></main><p>Outside.</p></body></html>")
    src = read_input("p.html", data=page.encode())
    assert src.text == "Kremlin statement\n\nInside main."
    assert src.headline == "Kremlin statement"
    body = "<body><div class='social-links'>Tweet</div><div>One<div>Two</div></div></body>"
    src = read_input("b.html", data=body.encode())
    assert src.text == "One\n\nTwo"


def test_html_deep_nesting_and_crlf():
    deep = "<p>" + "<font>" * 5000 + "deep text</p>"
    assert read_input("d.html", data=deep.encode()).text == "deep text"
    crlf = "<p>Line one\r\ncontinues &amp; ends.</p>\r\n<p>Volodymr</p>\r\n"
    src = read_input("c.html", data=crlf.encode())
    assert src.text == "Line one continues & ends.\n\nVolodymr"
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"


def test_html_with_no_text_is_an_error():
    with pytest.raises(InputError, match=r"^e\.html: no article text found in the HTML input$"):
        read_input("e.html", data=b"<html><body><nav>only menus</nav></body></html>")


# -- ninjs -----------------------------------------------------------------------------------

def test_ninjs_1x_body_text_with_json_escapes():
    src = read("story.ninjs.json")
    assert src.format == "ninjs"
    assert src.headline == "Xi Jinping visits Russia"
    assert src.tgt_lang == "en"
    assert src.meta["uri"] == "urn:example:2023:xi-visit"
    assert src.text == (
        "Xi Jinping visits Russia\n\n"
        "JAKARTA - Chinese President Xi Jinping will visit Russia from 20\u201322 March.\n\n"
        "Ukrainian President Volodymr Zelenskyy said the plan showed \"some respect\". "
        "Russia\u2019s Caf\u00e9 diplomacy \U0001F600 continues here.")
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "Caf\u00e9") == "Caf\\u00e9"
    assert file_excerpt(src, "\U0001F600") == "\\ud83d\\ude00"
    assert file_excerpt(src, "\"some respect\"") == "\\\"some respect\\\""
    assert src.file_text[src.to_file(src.text.index("\u2013"))] == "\\"


def test_ninjs_2x_headlines_and_html_bodies():
    src = read("story2.ninjs.json")
    assert src.headline == "Xi to meet Putin"
    assert src.tgt_lang == "en-GB"
    assert src.text == ("Xi to meet Putin\n\nChinese President Xi Jinping will visit Moscow.\n\n"
                        "Ukrainian President Volodymr Zelenskyy & others said \u201cno\u201d.")
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "&") == "&amp;"           # HTML entity inside the JSON string
    assert file_excerpt(src, "\u201cno\u201d") == "\\u201cno\\u201d"
    assert "x()" not in src.text


def test_ninjs_errors():
    with pytest.raises(InputError) as e:
        read("malformed.json")
    msg = str(e.value)
    assert msg.startswith(str(DATA / "malformed.json") + ": not valid JSON: ")
    assert "(line 1, column 55)" in msg and "\n" not in msg
    with pytest.raises(InputError, match="not a ninjs item"):
        read_input("x.json", data=b'{"uri": "u", "foo": 1}')


# -- NewsML-G2 -----------------------------------------------------------------------------

def test_newsml_g2():
    src = read("story.newsml.xml")
    assert src.format == "newsml"
    assert src.headline == "Xi Jinping to visit Russia & meet Putin"
    assert src.tgt_lang == "en"
    assert src.meta["guid"] == "urn:newsml:example.com:20230317:xi-visit"
    assert src.meta["slugline"] == "RUSSIA-CHINA/XI"
    assert src.text == (
        "Xi Jinping to visit Russia & meet Putin\n\n"
        "JAKARTA - Chinese President Xi Jinping will visit Russia from 20\u201322 March.\n\n"
        "Ukrainian President Volodymr Zelenskyy said the plan showed \"some respect\" <for> "
        "sovereignty.\n\n"
        "Caf\u00e9 a < b & c done.")
    assert "ignored title" not in src.text
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "Caf\u00e9") == "Caf\u00e9"
    assert file_excerpt(src, "a < b & c") == "a < b & c"       # CDATA: literal
    assert file_excerpt(src, "<for>") == "&lt;for&gt;"
    assert file_excerpt(src, "\u201322") == "&#8211;22"


# -- XLIFF and TMX -------------------------------------------------------------------------

def test_xliff_12():
    src = read("story.xlf")
    assert src.format == "xliff"
    assert (src.src_lang, src.tgt_lang) == ("id", "en")
    assert src.segments == [
        ("Presiden Tiongkok Xi Jinping akan mengunjungi Rusia.",
         "Chinese President Xi Jinping will visit Russia."),
        ("Presiden Ukraina Volodymyr Zelenskyy menyambut rencana itu.",
         "Ukrainian President Volodymr Zelenskyy welcomed the plan."),
        ("Upaya mediasi tidak kredibel & berat.", "Efforts to mediate are credible & heavy."),
        ("Belum diterjemahkan.", ""),
    ]
    assert src.text == ("Chinese President Xi Jinping will visit Russia.\n\n"
                        "Ukrainian President Volodymr Zelenskyy welcomed the plan.\n\n"
                        "Efforts to mediate are credible & heavy.")
    assert src.source_text.split("\n\n")[1] == src.segments[1][0]
    for (s, t), (a, b), (c, d) in zip(src.segments, src.segment_spans, src.source_spans):
        assert src.text[a:b] == t and src.source_text[c:d] == s
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "Xi Jinping") == "Xi Jinping"     # inside <g>
    i = src.source_text.index("Volodymyr")
    fs, fe = src.source_span_to_file(i, i + 9)
    assert src.file_text[fs:fe] == "Volodymyr"
    assert "<b>" not in src.text and "&lt;" not in src.text  # native code in <bpt> dropped


def test_xliff_2():
    src = read("story2.xlf")
    assert (src.src_lang, src.tgt_lang) == ("de", "en-GB")
    assert src.segments == [
        ("Xi Jinping besucht Russland.", "Xi Jinping visits Russia."),
        ("Der ukrainische Pr\u00e4sident Wolodymyr Selenskyj reagierte.",
         "The Ukrainian President Volodymr Zelenskyy responded."),
        ("Keine Grenzen.", "No limits."),
    ]
    # segments of one unit form one paragraph
    assert src.text == ("Xi Jinping visits Russia. The Ukrainian President Volodymr Zelenskyy "
                        "responded.\n\nNo limits.")
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "Ukrainian") == "Ukrainian"


def test_tmx():
    src = read("story.tmx")
    assert src.format == "tmx"
    assert (src.src_lang, src.tgt_lang) == ("id", "en")
    assert src.meta["creationtool"] == "OmegaT"
    assert src.segments == [
        ("Kemitraan \"tanpa batas\".", "The \"infinity\" partnership."),
        ("Presiden Ukraina Volodymyr Zelenskyy berbicara.",
         "Ukrainian President Volodymr Zelenskyy spoke."),
    ]
    assert src.text == ("The \"infinity\" partnership.\n\n"
                        "Ukrainian President Volodymr Zelenskyy spoke.")
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"


def test_xml_declared_encoding_utf16_and_crlf():
    x = ('<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<tmx version="1.4"><header srclang="en"/>'
         '<body><tu><tuv xml:lang="en"><seg>Caf\u00e9\r\nnoir</seg></tuv>'
         '<tuv xml:lang="fr"><seg>Caf\u00e9 &#233;l\u00e8ve</seg></tuv></tu></body></tmx>')
    src = read_input("mem.tmx", data=x.encode("latin-1"))
    assert src.segments == [("Caf\u00e9 noir", "Caf\u00e9 \u00e9l\u00e8ve")]
    assert file_excerpt(src, "\u00e9l\u00e8ve") == "&#233;l\u00e8ve"
    assert_exact_map(src)
    u16 = read_input("mem", data=x.replace("ISO-8859-1", "UTF-16").encode("utf-16"))
    assert u16.format == "tmx" and u16.text == src.text


# -- JSONL -------------------------------------------------------------------------------------

def test_jsonl_records():
    src = read("records.jsonl")
    assert src.format == "jsonl"
    assert [r["target"] for r in src.records] == [
        "President Xi will visit Russia.", "Volodymr Zelenskyy welcomed \"it\"."]
    assert src.records[1]["reference"] == "Volodymyr Zelenskyy welcomed it."
    assert (src.src_lang, src.tgt_lang) == ("id", "en")
    assert src.text == "President Xi will visit Russia.\n\nVolodymr Zelenskyy welcomed \"it\"."
    assert src.segments[1] == ("Volodymyr Zelenskyy menyambut.", src.records[1]["target"])
    assert_exact_map(src)
    assert file_excerpt(src, "Volodymr") == "Volodymr"
    assert file_excerpt(src, "\"it\"") == "\\\"it\\\""
    line, _ = src.line_col(src.to_file(src.text.index("Volodymr")))
    assert line == 3  # a blank line sits between the records


def test_jsonl_text_records_and_errors():
    src = read_input("t.jsonl", data=b'{"text": "One."}\n{"text": "Two."}\n')
    assert src.text == "One.\n\nTwo." and src.segments is None
    # a broken line is that record's error; the others are read
    assert read("malformed.jsonl").record_errors == [(2, (
        f"{DATA / 'malformed.jsonl'}: line 2: not valid JSON: Unterminated string starting at (column 12)"))]
    assert read_input("x.jsonl", data=b'{"text": "a"}\n[1, 2]\n').record_errors == [
        (2, "x.jsonl: line 2: expected a JSON object, got a list")]
    src = read_input("x.jsonl", data=b'{"source": "a"}\n{"text": "b"}\n')
    assert src.text == "b" and src.record_errors == [
        (1, 'x.jsonl: line 1: record has no "target" or "text" field')]
    with pytest.raises(InputError, match=r"^x.jsonl: line 1: expected a JSON object, got a list$"):
        read_input("x.jsonl", data=b'[1]\n')  # no record at all: the file's error


# -- recognition -------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture, name, fmt", [
    ("story.xlf", "notes", "xliff"),
    ("story2.xlf", "incoming/story", "xliff"),
    ("story.tmx", "memory.json", "tmx"),
    ("story.newsml.xml", "item.dat", "newsml"),
    ("story.html", "page.json", "html"),
    ("story.ninjs.json", "story.bin", "ninjs"),
    ("story2.ninjs.json", "story", "ninjs"),
    ("records.jsonl", "records.json", "jsonl"),
    ("story.md", "story", "markdown"),
    ("story.md", "-", "markdown"),
])
def test_format_recognised_by_content(fixture, name, fmt):
    data = (DATA / fixture).read_bytes()
    assert read_input(name, data=data).format == fmt


def test_format_by_extension_and_explicit():
    assert detect_format("a.md", "Plain prose only.") == "markdown"
    assert detect_format("a.txt", "Plain prose only.") == "text"
    assert detect_format("a", "Plain text with a #hashtag.") == "text"
    assert read_input("a.txt", data=b"# Title\n\nBody", fmt="text").text == "# Title\n\nBody"
    assert read_input("a.txt", data=b"# Title\n\nBody", fmt="md").headline == "Title"
    with pytest.raises(InputError, match="unknown input format 'docx'"):
        read_input("a.txt", data=b"x", fmt="docx")
    with pytest.raises(InputError, match=r"root element <rss> is not an input mtqa reads"):
        read_input("feed.xml", data=b"<?xml version='1.0'?><rss><channel/></rss>")


# -- XML safety -------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture, name", [
    ("billion-laughs.xliff", None),
    ("billion-laughs.xliff", "lol.xml"),
    ("billion-laughs.xliff", "lol.tmx"),
    ("billion-laughs.xliff", "lol"),
    ("xxe.tmx", None),
    ("xxe.tmx", "memory.xlf"),
])
def test_entity_attacks_refused_fast_with_clear_message(fixture, name):
    path = str(DATA / fixture) if name is None else name
    data = (DATA / fixture).read_bytes()
    t = time.perf_counter()
    with pytest.raises(InputError) as e:
        read_input(path, data=data)
    assert time.perf_counter() - t < 0.5
    assert str(e.value) == f"{path}: {ENTITY_MSG}"


def test_billion_laughs_in_newsml_and_html_refused():
    bomb = (DATA / "billion-laughs.xliff").read_text()
    for root in ("newsItem", "html"):
        doc = bomb.replace("<!DOCTYPE xliff", f"<!DOCTYPE {root}").split("<xliff")[0]
        doc += f"<{root}><p>&lol9;</p></{root}>"
        with pytest.raises(InputError, match=re.escape(ENTITY_MSG)):
            read_input("x", data=doc.encode())


def test_expat_layer_refuses_entities_even_without_the_prescan(monkeypatch):
    from mtqa.readers import xmlsafe

    monkeypatch.setattr(xmlsafe, "refuse_dtd", lambda text, name: None)
    t = time.perf_counter()
    with pytest.raises(InputError, match=re.escape(ENTITY_MSG)):
        xmlsafe.parse_xml((DATA / "billion-laughs.xliff").read_text(), "lol.xlf")
    with pytest.raises(InputError, match=re.escape(ENTITY_MSG)):
        xmlsafe.parse_xml((DATA / "xxe.tmx").read_text(), "xxe.tmx")
    assert time.perf_counter() - t < 0.5


def test_inline_dtd_and_undefined_entities_refused():
    with pytest.raises(InputError, match="XML with an inline DTD is refused"):
        read_input("a.tmx", data=b'<!DOCTYPE tmx [<!ATTLIST tmx v CDATA "1">]><tmx/>')
    with pytest.raises(InputError, match=r"malformed XML: undefined entity \(line 1"):
        read_input("t.tmx", data=b'<tmx><body><tu><tuv xml:lang="en"><seg>&nbsp;</seg>'
                                 b'</tuv></tu></body></tmx>')
    # an external DOCTYPE without declarations (as OmegaT writes) is read, never fetched
    ext = (b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">'
           b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hi'
           b'</seg></tuv><tuv xml:lang="de"><seg>&xxe;</seg></tuv></tu></body></tmx>')
    with pytest.raises(InputError, match=r"undefined entity &xxe;"):
        read_input("ext.tmx", data=ext)


# -- malformed inputs: one line, no traceback -------------------------------------------------

@pytest.mark.parametrize("name, data, expected", [
    ("m.xlf", (DATA / "malformed.xlf").read_bytes(),
     "m.xlf: malformed XML: mismatched tag (line 3, column 57)"),
    ("m.tmx", b"<tmx><body>", "m.tmx: malformed XML: no element found (line 1, column 12)"),
    ("m.xml", b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet>'
              b'<remoteContent href="x"/></contentSet></newsItem>',
     "m.xml: NewsML-G2 item has no inline text (no inlineXML or inlineData in its contentSet)"),
    ("u.xlf", b'<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source>'
              b'</trans-unit></body></file></xliff>',
     "u.xlf: no target text in the XLIFF file (1 segment, none translated)"),
    ("x.json", b'{"headline": "a",\n "body_text": }', None),
])
def test_malformed_inputs_give_one_line_errors(name, data, expected):
    with pytest.raises(InputError) as e:
        read_input(name, data=data)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(name + ": ")
    if expected:
        assert msg == expected
    else:
        assert "line 2" in msg


def test_span_over_a_paragraph_break_and_bounds():
    src = read("story.xlf")
    k = src.text.index("\n\n")
    fs, fe = src.span_to_file(k - 1, k + 4)  # ".\n\nUk"
    assert src.file_text[fs] == "." and src.file_text[fe - 2:fe] == "Uk"
    assert src.span_to_file(k, k + 2)[0] == src.span_to_file(k, k + 2)[1]
    assert src.to_file(len(src.text)) == src.span_to_file(0, len(src.text))[1]
    with pytest.raises(IndexError):
        src.to_file(len(src.text) + 1)
