"""mtqa.rx: compiled patterns kept between runs are exactly what re.compile makes."""

from __future__ import annotations

import re

import pytest

from mtqa import rx

PATTERNS = [
    (r"\w+(?:[-'’]\w+)*", 0),
    (r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>%|per ?cent\b)", re.I),
    (r"""(?x) \b (?:the\s+)? (first|second) \s+ (round|term)  # a comment""", 0),
    (r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s|$)", 0),
    (r"(?m)^[ \t]*(?:By|Von)[ \t]+(?!The\b)", 0),
    ("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+", 0),
    ("[\ud800-\udfff]", 0),  # a lone surrogate in the pattern itself
    (r"(a)|(?P<b>b)(?(1)c|d)", re.A),
]


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store over an empty cache folder; returns a function that saves it and
    starts another, as the next process would."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(rx, "_STORE", rx._Store())

    def next_process() -> rx._Store:
        rx._STORE.save()
        fresh = rx._Store()
        monkeypatch.setattr(rx, "_STORE", fresh)
        return fresh

    return next_process


def _same(a: re.Pattern, b: re.Pattern) -> bool:
    # (Pattern equality compares the pattern, the flags and the compiled code)
    return a == b and a.groups == b.groups and dict(a.groupindex) == dict(b.groupindex)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_same_as_re_compiled_and_read_back(store, pattern, flags):
    assert _same(rx.compile(pattern, flags), re.compile(pattern, flags))
    store()
    got = rx.compile(pattern, flags)
    assert (pattern, int(flags)) in rx._STORE.entries  # read from the file, not compiled
    assert _same(got, re.compile(pattern, flags))


def test_second_process_compiles_nothing(store, monkeypatch):
    for p, f in PATTERNS:
        rx.compile(p, f)
    store()

    def no_compiling(pattern, flags):
        raise AssertionError(f"compiled {pattern!r} again")

    monkeypatch.setattr(rx, "_compile", no_compiling)
    text = "By Anna Berg: the first round, 12.5 per cent"
    for p, f in PATTERNS:
        assert [m.span() for m in rx.compile(p, f).finditer(text)] == \
            [m.span() for m in re.compile(p, f).finditer(text)]
    assert rx._STORE.new is False  # nothing to write at exit


def test_damaged_file_is_compiled_anew(store, tmp_path):
    rx.compile(r"\bnot\b", re.I)
    store()
    (path,) = tmp_path.glob("regex-*.cache")
    path.write_bytes(b'[["x", 0]]\nrubbish')
    rx._STORE = rx._Store()
    assert _same(rx.compile(r"\bnot\b", re.I), re.compile(r"\bnot\b", re.I))


def test_planted_code_is_refused_by_the_engine(store, tmp_path):
    """Code the engine cannot run (here: every integer of it changed) is never used."""
    rx.compile(r"(\d+) (million|billion)")
    store()
    (path,) = tmp_path.glob("regex-*.cache")
    head, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(head + b"\n" + bytes(b ^ 0x5A for b in body))
    rx._STORE = rx._Store()
    got = rx.compile(r"(\d+) (million|billion)")
    assert _same(got, re.compile(r"(\d+) (million|billion)"))
    assert got.search("some 12 billion").group(2) == "billion"


def test_no_cache_folder_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    monkeypatch.setattr(rx, "_STORE", rx._Store())
    assert _same(rx.compile(r"a+b"), re.compile(r"a+b"))
    rx._STORE.save()
    assert not list(tmp_path.iterdir())


def test_bytes_and_bad_patterns_behave_as_re(store):
    assert rx.compile(rb"<meta[^>]+charset") == re.compile(rb"<meta[^>]+charset")
    with pytest.raises(re.error):
        rx.compile(r"(unclosed")
