"""Sentencepiece pieces per word (the fragmentation part of fluency): the counts kept for the
word list in the data cache are the model's own, a word the list lacks is encoded, and a
damaged or absent cache changes nothing."""

import json

import pytest

from mtqa.document import Document
from mtqa.scoring import fluency as fl

sentencepiece = pytest.importorskip("sentencepiece")

# Listed words, apostrophe and hyphen parts, and made-up words no list has.
TEXT = ("The ministry's spokeswoman said the long-awaited reform would be debated on Thursday. "
        "Critics called the plan a blorvinated zanquistry of half-measures.")


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """A run with its own cache folder and nothing remembered from earlier tests."""
    def use(cache):
        monkeypatch.setenv("MTQA_CACHE_DIR", str(cache))
        fl._piece_table.cache_clear()
        fl._PIECES.clear()
    yield use
    fl._piece_table.cache_clear()
    fl._PIECES.clear()


def fragmentation(text=TEXT):
    whole, _ = fl.fluency(Document.build(text, lang="en"))
    return whole.parts["fragmentation"].to_dict()


def test_cached_counts_are_the_models_own(fresh, tmp_path):
    fresh(tmp_path / "cache")
    table = fl._piece_table("en")
    model = fl._spm("en")
    words = ["the", "ministry", "spokeswoman", "awaited", "thursday", "measures"]
    assert [int(table.value(w)) for w in words] == [len(p) for p in model.encode(words)]
    assert table.value("blorvinated") is None  # not listed: encoded when met


def test_no_cache_damaged_cache_and_warm_cache_count_alike(fresh, tmp_path):
    fresh("off")
    assert fl._piece_table("en") is None
    reference = fragmentation()
    assert reference["counts"]["words"] >= 20

    fresh(tmp_path / "cache")
    assert fragmentation() == reference  # building the cache
    fresh(tmp_path / "cache")
    assert fragmentation() == reference  # read from it

    # every count replaced by something that is not one: each word is encoded instead
    (p,) = (tmp_path / "cache").glob("spm-pieces-en-*.cache")
    head, _, body = p.read_text(encoding="utf-8").partition("\n")
    texts = body.split("\0")
    chars, at = json.loads(head)
    texts[at] = "\n".join(line.split("\t")[0] + "\tx" * (line.count("\t") or 1)
                          for line in texts[at].split("\n"))
    p.write_text(json.dumps([len(texts[at]), at]) + "\n" + "\0".join(texts), encoding="utf-8")
    fresh(tmp_path / "cache")
    assert fragmentation() == reference
