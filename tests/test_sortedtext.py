"""Sorted lines searched in place (mtqa.sortedtext): every line found, at any chunk size,
and nothing found that is not a whole line or a whole key."""

import pytest

from mtqa.sortedtext import SortedText

WORDS = sorted({f"{a}{b}{c}" for a in "abcé日" for b in "xyz" for c in ("", "s", "ing")})


def sized(chunk: int) -> type[SortedText]:
    return type("Sized", (SortedText,), {"CHUNK": chunk})


@pytest.mark.parametrize("chunk", [1, 5, 64, 1024])
def test_every_line_has_its_number(chunk):
    text = sized(chunk)("\n".join(WORDS))
    assert len(text) == len(WORDS) and text.lines() == WORDS
    assert [text.index(w) for w in WORDS] == list(range(len(WORDS)))


@pytest.mark.parametrize("chunk", [1, 5, 64, 1024])
def test_only_whole_lines_are_found(chunk):
    text = sized(chunk)("\n".join(WORDS))
    for probe in ("", "a", "axin", "axs\nbxs", "zzz", "axs\t", "\naxs"):
        assert text.index(probe) == -1, probe


@pytest.mark.parametrize("chunk", [1, 5, 64, 1024])
def test_values_of_keyed_lines(chunk):
    rows = {w: " ".join([w.upper()] * (len(w) * 7)) for w in WORDS}  # values longer than a chunk
    text = sized(chunk)("\n".join(f"{w}\t{rows[w]}" for w in WORDS))
    assert all(text.value(w) == rows[w] for w in WORDS)
    assert [text.value(p) for p in ("a", "axi", "axs\t", "zz")] == [None] * 4


def test_one_line_and_empty_text():
    assert SortedText("").lines() == [""] and len(SortedText("")) == 1
    one = SortedText("word")
    assert one.index("word") == 0 and one.index("wor") == -1 and one.value("word") is None
