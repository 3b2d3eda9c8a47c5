"""Huge and odd input: time grows linearly with the input, sentences stay bounded, and
LF, CR LF and CR line endings read alike.

Timing tests compare the time of an input with that of one a tenth its size (a ratio, so a
loaded machine slows both alike): linear code gives about 10, the quadratic code these
tests guard against gives 100.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mtqa import segment
from mtqa.annotate import annotate
from mtqa.checks import names
from mtqa.checks.context import Context
from mtqa.document import Document
from mtqa.packs import load as load_packs
from mtqa.pipeline import Engine, Options
from mtqa.readers import markdown, read_input
from mtqa.rules import Selection

STORY = Path(__file__).parent / "data" / "stories" / "en-05-moscow-energy-strikes.txt"
MAX_RATIO = 30  # linear: ~10; quadratic: ~100


def _seconds(fn, arg) -> float:
    best = float("inf")
    for _ in range(2):  # the better of two runs: a pause elsewhere should not decide
        t = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t)
    return best


def _growth(fn, make, small: int) -> float:
    """time(input of 10 * small) / time(input of small); small inputs should take a few
    milliseconds at least, or cache effects and timer noise swamp the ratio."""
    fn(make(small))  # warm caches and lazy loads
    return _seconds(fn, make(10 * small)) / max(_seconds(fn, make(small)), 1e-4)


def _segment(text: str) -> list[tuple[int, int]]:
    return [s for ps, pe in segment.paragraphs(text) for s in segment.sentences(text, ps, pe)]


# -- sentence segmentation ----------------------------------------------------------------
def test_segmenting_many_full_stops_is_linear():
    # Each full stop used to rescan the text from its start for the word before it.
    assert _growth(_segment, lambda n: "A b. " * n, 2_000) < MAX_RATIO


def test_abbreviation_lookup_still_sees_the_word_before_the_stop():
    text = "x" * 5_000 + " Mr. Smith came. He left."
    assert [text[s:e] for s, e in _segment(text)][-2:] == ["x" * 5_000 + " Mr. Smith came.",
                                                          "He left."]


def test_long_line_without_punctuation_is_cut_into_bounded_sentences():
    text = " ".join(["word"] * 200_000)  # 1 MB, no punctuation, one line
    spans = _segment(text)
    assert len(spans) == 200
    assert max(len(text[s:e].split()) for s, e in spans) == segment.MAX_SENTENCE_WORDS
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)  # cut at whitespace
    assert " ".join(text[s:e] for s, e in spans) == text  # nothing lost


def test_one_huge_word_is_cut_at_the_char_limit():
    text = "x" * 25_000 + " end"
    spans = _segment(text)
    assert [e - s for s, e in spans] == [10_000, 10_000, 5_004]  # the rest fits one window
    assert max(e - s for s, e in spans) <= segment.MAX_SENTENCE_CHARS


def test_forty_thousand_spaces():
    text = "word" + " " * 40_000 + "end."
    assert [text[s:e] for s, e in _segment(text)] == ["word", "end."]
    assert _growth(_segment, lambda n: "word" + " " * n + "end.", 40_000) < MAX_RATIO


def test_a_line_of_dots_is_linear():
    assert _growth(_segment, lambda n: "a" + "." * n + "b", 100_000) < MAX_RATIO


# -- readers ------------------------------------------------------------------------------
def _html(n: int) -> bytes:
    return ("<html><body>" + "<div>" * n + "<p>Deep text here.</p>" + "</div>" * n
            + "</body></html>").encode()


def test_twenty_thousand_nested_divs_are_read_in_linear_time():
    def read(data: bytes) -> None:
        assert "Deep text here." in read_input("deep.html", data=data, fmt="html").text
    assert _growth(read, _html, 2_000) < MAX_RATIO


def test_html_paragraphs_still_close_on_block_tags():
    src = read_input("p.html", data=b"<body><p>One<div>Two</div><p>Three<p>Four</body>",
                     fmt="html")
    assert src.text.split("\n\n") == ["One", "Two", "Three", "Four"]


@pytest.mark.parametrize("unit, small", [
    ("![a [b ", 2_000),  # images that never close
    ("_a a* ", 2_000),  # emphasis closers with no opener of their kind
    ("a  ", 6_000),  # double spaces kept as one-char pieces
])
def test_markdown_inline_is_linear(unit, small):
    assert _growth(markdown.read, lambda n: unit * n + "end.", small) < MAX_RATIO


def test_markdown_heading_with_a_long_run_of_spaces_is_linear():
    assert _growth(markdown.read, lambda n: "# Title" + " " * n + "x\n\nBody.\n", 20_000) < MAX_RATIO


# -- names --------------------------------------------------------------------------------
def _names_findings(text: str):
    ctx = Context(load_packs(()), None, Selection((), ()))
    return names.run(annotate(Document.build(text, lang="en")), ctx)


def test_thousands_of_mentions_of_one_name_are_linear():
    def timed(n: int) -> tuple[float, list]:
        text = "Zelensky spoke. Zelenskyy spoke. " * n
        t = time.perf_counter()
        found = _names_findings(text)
        return time.perf_counter() - t, found

    timed(50)  # load the gazetteer and its index
    small, _ = timed(500)
    big, found = timed(5_000)
    assert len(found) == 5_000
    ev = found[-1].evidence  # every finding lists the other spelling's first offsets only
    assert ev["second_count"] == 5_000 and len(ev["second_offsets"]) == names.MAX_LISTED_OFFSETS
    assert big / small < MAX_RATIO


def test_a_word_far_longer_than_any_name_is_not_looked_up():
    word = "Q" + "".join(chr(97 + (i * 7) % 26) for i in range(3_000))
    t = time.perf_counter()
    assert _names_findings(f"Olaf Scholz met {word} today.") == []
    assert time.perf_counter() - t < 2


# -- line endings -------------------------------------------------------------------------
def _endings(text: str, eol: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", eol)


def _findings(text: str, fmt: str = "text") -> tuple[int, list[tuple]]:
    engine = Engine(Options(lang="en"))
    result = engine.analyse(read_input("story", data=text.encode(), fmt=fmt))
    rows = []
    for f in result.findings:
        s, e, line, col = result.locate(f)
        rows.append((f.rule, result.src.file_text[s:e].replace("\r\n", " ").replace("\r", " ")
                     .replace("\n", " "), line, col))
    return len(result.doc.paragraphs), rows


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_crlf_and_cr_give_the_same_paragraphs_findings_lines_and_columns(eol):
    lf = _endings(STORY.read_text(encoding="utf-8"), "\n")
    paras, rows = _findings(lf)
    assert paras > 3 and len(rows) > 3 and max(r[2] for r in rows) > 3
    assert _findings(_endings(lf, eol)) == (paras, rows)


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_soft_wrapped_lines_and_single_line_paragraphs(eol):
    wrapped = "Head line\n\nOne sentence\ngoes on. Two.\n\nThree."
    single = "Head line\nOne.\nTwo."
    for text in (wrapped, single):
        a, b = Document.build(text, lang="en"), Document.build(_endings(text, eol), lang="en")
        assert len(a.paragraphs) == len(b.paragraphs)
        assert [(s.paragraph, a.line_col(s.start)) for s in a.sentences] == \
            [(s.paragraph, b.line_col(s.start)) for s in b.sentences]


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_markdown_line_endings(eol):
    md = "# Title\n\nFirst *para*\nwraps here.\n\n- item one\n- item two\n"
    a = read_input("a.md", data=md.encode(), fmt="markdown")
    b = read_input("b.md", data=_endings(md, eol).encode(), fmt="markdown")
    assert a.text == b.text and a.headline == b.headline
    k = a.text.index("item two")
    assert a.line_col(a.to_file(k)) == b.line_col(b.to_file(k)) == (7, 3)


def test_lines_mode_splits_on_every_line_ending():
    doc = Document.build("One.\r\nTwo.\rThree.\nFour.\n", lang="en", lines=True)
    assert [doc.text[s.start:s.end] for s in doc.sentences] == ["One.", "Two.", "Three.", "Four."]
