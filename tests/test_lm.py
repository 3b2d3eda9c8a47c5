"""The word-in-context model: the build script's file read back by mtqa.lm, and the shipped
English model's answers on pairs whose ranking any English model must get right."""

import importlib.util
import math
from pathlib import Path

import pytest

from mtqa import lm

ROOT = Path(__file__).resolve().parent.parent

# A made-up ARPA model: 5 words, 3 bigrams (values in log10).
ARPA = """\\data\\
ngram 1=5
ngram 2=3

\\1-grams:
-1.0\t</s>\t0.0
-99\t<s>\t-0.5
-1.2\tcat\t-0.3
-0.8\tthe\t-0.2
-2.0\tsat\t-0.1

\\2-grams:
-0.4\t<s>\tthe
-0.3\tthe\tcat
-0.9\tcat\tsat

\\end\\
"""


def _builder():
    spec = importlib.util.spec_from_file_location("build_context_model",
                                                  ROOT / "scripts" / "build_context_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    b = _builder()
    folder = tmp_path_factory.mktemp("lm")
    arpa = folder / "tiny.arpa"
    arpa.write_text(ARPA, encoding="utf-8")
    uni, bi, sha = b.read_arpa(arpa)
    out = folder / "tiny.lm"
    b.write_atomic(out, b.build(uni, bi, {"lang": "xx", "source": "test", "licence": "MIT",
                                          "arpa_sha256": sha}))
    return lm.ContextModel(out)


def test_listed_bigrams_read_back_quantised(tiny):
    the, cat, sat = tiny.id("the"), tiny.id("cat"), tiny.id("sat")
    assert tiny.listed(the, cat) == pytest.approx(-0.3)
    assert tiny.listed(cat, sat) == pytest.approx(-0.9)
    assert tiny.listed(tiny.start, the) == pytest.approx(-0.4)
    assert tiny.listed(sat, cat) is None and tiny.listed(the, sat) is None


def test_unlisted_pairs_back_off(tiny):
    # P(sat | the) = bo(the) * P(sat): -0.2 + -2.0
    assert tiny.cond("the", "sat") == pytest.approx(-2.2)
    assert tiny.cond(None, "the") == pytest.approx(-0.4)   # sentence start: <s>
    assert tiny.cond("dog", "cat") == pytest.approx(-1.2)  # unknown history: the unigram
    assert tiny.cond("the", "dog") is None                 # unknown word: no answer


def test_fit_and_association(tiny):
    assert tiny.fit("the", "cat", "sat") == pytest.approx(-0.3 + -0.9)
    assert tiny.fit("the", "cat", None) == pytest.approx(-0.3 + (-0.3 + -1.0))  # then </s>
    assert tiny.association("the", "cat") == pytest.approx(-0.3 - -1.2)
    assert tiny.association("the", "dog") is None


def test_a_truncated_arpa_file_is_refused(tmp_path):
    b = _builder()
    p = tmp_path / "cut.arpa"
    p.write_text(ARPA.split("-0.9\tcat")[0], encoding="utf-8")
    with pytest.raises(SystemExit, match="truncated"):
        b.read_arpa(p)


def test_build_is_deterministic(tmp_path):
    b = _builder()
    p = tmp_path / "m.arpa"
    p.write_text(ARPA, encoding="utf-8")
    uni, bi, sha = b.read_arpa(p)
    h = {"lang": "xx", "source": "s", "licence": "l", "arpa_sha256": sha}
    assert b.build(uni, bi, h) == b.build(uni, bi, h)


def test_not_a_model_is_refused(tmp_path):
    p = tmp_path / "x.lm"
    p.write_bytes(b"not a model at all")
    with pytest.raises(ValueError, match="not an mtqa context model"):
        lm.ContextModel(p)


# -- the shipped English model ------------------------------------------------------------

@pytest.fixture(scope="module")
def en():
    m = lm.model("en")
    assert m is not None, "corpora/lm/en.lm must ship"
    return m


def test_shipped_model_is_documented(en):
    assert en.lang == "en" and "Sphinx" in en.source
    assert len(en.vocab) > 70_000 and en.header["bigrams"] > 2_000_000


@pytest.mark.parametrize("left, good, bad, right", [
    ("heavy", "rain", "tea", None),
    ("prime", "minister", "secretary", None),
    ("the", "death", "destruction", "toll"),
    ("climate", "change", "exchange", None),
])
def test_the_model_prefers_the_usual_word(en, left, good, bad, right):
    assert en.fit(left, good, right) > en.fit(left, bad, right) + 1.0


def test_associations_have_the_right_sign(en):
    assert en.association("death", "toll") > 2.0        # a collocation
    assert en.association("destruction", "toll") < 0.0  # not listed: back-off only
    assert math.isclose(en.association("the", "the"), en.logp(en.id("the"), en.id("the"))
                        - en.unigram(en.id("the")))


def test_unknown_language_has_no_model():
    assert lm.model("xx") is None


def test_damaged_model_is_refused(tmp_path):
    b = _builder()
    p = tmp_path / "m.arpa"
    p.write_text(ARPA, encoding="utf-8")
    uni, bi, sha = b.read_arpa(p)
    data = b.build(uni, bi, {"lang": "xx", "source": "s", "licence": "l", "arpa_sha256": sha})
    cut = tmp_path / "cut.lm"
    cut.write_bytes(data[:-4])
    with pytest.raises(ValueError, match="damaged"):
        lm.ContextModel(cut)


@pytest.mark.parametrize("damage", ["empty", "header", "offsets"])
def test_any_damage_is_one_clear_error(tmp_path, damage):
    b = _builder()
    p = tmp_path / "m.arpa"
    p.write_text(ARPA, encoding="utf-8")
    uni, bi, sha = b.read_arpa(p)
    data = bytearray(b.build(uni, bi, {"lang": "xx", "source": "s", "licence": "l",
                                       "arpa_sha256": sha}))
    if damage == "empty":
        data = bytearray()
    elif damage == "header":
        data[14:20] = b"\xff" * 6  # inside the JSON header
    else:
        # an offset of the bigram index beyond the array: sizes still match, it does not
        end = len(data) - 4 * 3
        offs = end - 4 * 6
        data[offs + 8:offs + 12] = b"\xff\xff\x00\x00"
    f = tmp_path / "x.lm"
    f.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged context model"):
        m = lm.ContextModel(f)  # (a row's offsets are checked when the row is read)
        for w in m.vocab:
            m.cond(w, "the")
