"""Property-based hostile input: random Unicode and mangled news through the whole pipeline.

For any text: either one clear MtqaError (empty, binary) or a report; every finding's span
lies inside the text and its excerpt is exactly text[start:end]; line and column agree
with the span under every line-ending convention; the same input gives the same output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mtqa.errors import MtqaError
from mtqa.pipeline import Engine, Options
from mtqa.readers import read_input
from mtqa.render import render

STORIES = Path(__file__).parent / "data" / "stories"
_ENGINE: Engine | None = None


def engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine(Options(lang="en"))
    return _ENGINE


def check_json(text: str, fmt: str = "text") -> dict | None:
    """The JSON report of a text, or None when the input is refused with one MtqaError."""
    try:
        src = read_input("story.txt", data=text.encode("utf-8", "surrogatepass"), fmt=fmt)
    except MtqaError:
        return None
    e = engine()
    return json.loads(render("json", e.report([e.analyse(src)])))


def expected_line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column by the rule the README states: LF, CRLF and a lone CR each end a line."""
    line, start, i = 1, 0, 0
    while i < offset:
        c = text[i]
        if c == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            if i + 1 < offset:
                line, start = line + 1, i + 2
            i += 2
            continue
        if c in "\r\n":
            line, start = line + 1, i + 1
        i += 1
    return line, offset - start + 1


def assert_spans(text: str, out: dict) -> None:
    for f in out["documents"][0]["findings"]:
        assert 0 <= f["start"] <= f["end"] <= len(text), f
        assert text[f["start"]:f["end"]] == f["excerpt"], f
        assert (f["line"], f["column"]) == expected_line_col(text, f["start"]), f


# Text that looks like news often enough for the checks to fire, mangled by the hostile parts.
WORDS = ("the", "President", "Volodymyr", "Zelensky", "Olaf", "Scholz", "said", "on", "Monday",
         "not", "partnership", "without", "limits", "Beijing", "Moscow", "2014", "3.5", "per",
         "cent", "EU", "Sote-reform", "kokoomus", "www.example.com", "Photo:", "dpa", "“", "”",
         "\"", "'", "(", ")", ".", ",", "!", "?", "…", "-", "—", "«", "»")
HOSTILE = ("\u0301", "\u200d", "\u200f", "\u202e", "\ufeff", "👩‍👩‍👧", "🇫🇮", "\t", "\r\n", "\r",
           "\n", "\n\n", "\u2028", "\u00a0", "\ud7ff", "\U0010fffd", "Ǆ", "ﬁ", "İ", "ß", "σς",
           "中文。", "العربية", "\x0b", "\x1b[31m", "<div>", "&amp;", "#", "```", "[a](b)")
newsy = st.lists(st.sampled_from(WORDS + HOSTILE), min_size=1, max_size=120).map(" ".join)
unicode_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=400)

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(unicode_text)
@example("")
@example("\x00")
@example("   \n\t ")
@example("\ufeff")
@example("a" * 5000)
@example("Zelensky sanoi. " * 3)
def test_random_unicode_never_crashes_and_spans_hold(text):
    out = check_json(text)
    if out is not None:
        assert_spans(text, out)


@SETTINGS
@given(newsy)
def test_mangled_news_spans_and_line_columns_hold(text):
    out = check_json(text)
    if out is not None:
        assert_spans(text, out)


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(newsy)
def test_same_input_same_output(text):
    assert check_json(text) == check_json(text)


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(newsy, st.sampled_from(["\r\n", "\r"]))
def test_line_endings_do_not_change_findings(text, eol):
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    a, b = check_json(lf), check_json(lf.replace("\n", eol))
    if a is None or b is None:
        assert a is None and b is None
        return
    key = [(f["rule"], f["excerpt"], f["line"], f["column"]) for f in a["documents"][0]["findings"]]
    other = [(f["rule"], f["excerpt"], f["line"], f["column"]) for f in b["documents"][0]["findings"]]
    assert key == other


@SETTINGS
@given(newsy)
def test_markdown_and_html_readers_map_inside_the_file(text):
    for fmt, wrap in (("markdown", "# Title\n\n{}\n"), ("html", "<p>{}</p>")):
        file_text = wrap.format(text)
        out = check_json(file_text, fmt)
        if out is None:
            continue
        for f in out["documents"][0]["findings"]:
            assert 0 <= f["start"] <= f["end"] <= len(file_text), (fmt, f)


@pytest.mark.parametrize("path", sorted(STORIES.glob("*.txt"))[:8], ids=lambda p: p.stem)
@pytest.mark.parametrize("cut", [1, 7, 100, 1000])
def test_truncated_stories_still_check(path, cut):
    """A story cut off anywhere (mid-word, mid-quote, mid-surrogate-pair of an emoji)."""
    text = path.read_text(encoding="utf-8")
    part = text[: len(text) * cut // 1001 or 1]
    out = check_json(part)
    if out is not None:
        assert_spans(part, out)
