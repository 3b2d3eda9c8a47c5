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
    for _ in range(3):  # the best of three runs: a pause elsewhere should not decide
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


# -- memory per MB of input ----------------------------------------------------------------
# tracemalloc's peak while one generated text goes through `check` in-process, per MB of
# text. A warm-up run of the same text first loads the word tables it looks up (caches of
# the process, not of the document); the peak counted is the second run's above what the
# first left behind.
_STORIES = sorted((Path(__file__).parent / "data" / "stories").glob("en-*.txt"))


def _articles(size: int) -> str:
    unit = "".join(p.read_text(encoding="utf-8").strip() + "\n\n" for p in _STORIES)
    return (unit * (size // len(unit) + 1))[:size]


def _short_lines(size: int) -> str:
    words = _articles(size // 2).split()
    return ("\n".join(["".join(c for c in w if c.isalnum()) or "x" for w in words] * 3))[:size]


def _peak_mb_per_mb(text: str, options: Options) -> float:
    import gc
    import tracemalloc

    engine = Engine(options)
    data = text.encode("utf-8")
    engine.analyse(read_input("-", data=data, fmt="text"))
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        engine.analyse(read_input("-", data=data, fmt="text"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - base) / len(data)


def test_the_document_model_and_fluency_of_articles_stay_small():
    # The document's tokens, sentences and paragraphs and the fluency model, with one cheap
    # check: per-sentence fluency objects (~3 KB a sentence, which check never shows) made
    # this some 65 bytes per byte of text.
    opts = Options(select=("mechanics.doubled-word",), fail_on="never")
    assert _peak_mb_per_mb(_articles(300_000), opts) <= 40


def test_one_word_lines_stay_small():
    # A sentence and a paragraph per word: objects for each, and their fluency, made this
    # some 600 bytes per byte of text.
    assert _peak_mb_per_mb(_short_lines(100_000), Options(fail_on="never")) <= 100


# -- regexes that tried every position of a long token ------------------------------------
def test_a_doctype_with_no_closing_bracket_is_sniffed_in_linear_time():
    from mtqa.readers.detect import markup_root
    assert markup_root("<!DOCTYPE html PUBLIC 'x' [<!ENTITY a 'b'>]>\n<html>") == ("html", True)
    assert _growth(markup_root, lambda n: "<!DOCTYPE " + "x" * n, 1_000) < MAX_RATIO


def _url_spans(text: str) -> list[tuple[int, int]]:
    from mtqa.tokens import address_spans
    return address_spans(text)


@pytest.mark.parametrize("unit", ["a", "1", "1.", "A", "aж", "a-"])
def test_url_search_is_linear_in_a_long_token(unit):
    assert _growth(_url_spans, lambda n: "Mail me at a@b.com today. " + unit * n + " end.",
                   1_000) < MAX_RATIO


def test_url_spans_are_those_of_the_address():
    text = "Mail a.b@c.org, see -bbc.co.uk/news, wait...bbc.com or www.x.com today."
    assert [text[s:e] for s, e in _url_spans(text)] == [
        "a.b@c.org", "bbc.co.uk/news,", "bbc.com", "www.x.com"]


def _photo_credit_regex():
    rule = next(r for r in load_packs(()).pattern_rules if r.id == "boilerplate.photo-credits")
    return next(e.regex for e in rule.entries if "via )Getty" in e.pattern)


@pytest.mark.parametrize("unit", ["a-", "a'"])
def test_getty_credit_pattern_is_linear_on_joined_tokens(unit):
    rx = _photo_credit_regex()
    assert [m.group() for m in rx.finditer("Jean-Pierre O'Neil/AFP via Getty Images")] == [
        "Jean-Pierre O'Neil/AFP via Getty Images"]
    assert _growth(lambda t: list(rx.finditer(t)),
                   lambda n: "The government met today. " + unit * n + "a end.\n", 1_000) < MAX_RATIO


def test_many_pattern_matches_are_kept_in_linear_time():
    from mtqa.checks import patterns
    ctx = Context(load_packs(()), None, Selection(("boilerplate.photo-credits",), ()))

    def found(doc: Document) -> list:
        return list(patterns.run(doc, ctx))
    doc = Document.build("The government met today.\n\n" + "AFP via Getty Images. " * 3, lang="en")
    assert [doc.text[f.start:f.end] for f in found(doc)] == ["AFP via Getty Images"] * 3
    assert _growth(found, lambda n: Document.build("The government met today.\n\n"
                                                   + "AFP via Getty Images. " * n, lang="en"),
                   500) < MAX_RATIO


def test_named_characters_in_a_pack_pattern_are_not_taken_for_literal_braces():
    from mtqa import regexguard
    for pattern in (r"\N{EM DASH}{2}", r"[\N{EM DASH}]x"):
        regexguard.vet(pattern, 0, budgeted=True)
    assert regexguard.compile(r"\N{EM DASH}{2}", 0, True).search("a —— b").span() == (2, 4)
    with pytest.raises(regexguard.Refused, match=r"write a literal '\{' as '\\\{' \(at position 3\)"):
        regexguard.vet(r"\\N{x}", 0, budgeted=True)
