"""The compact cache forms of the termbank index, the gazetteer and the canon (issue 15): what
is read back from the cache is what was built, records are made only when asked for, and a
spoilt record is answered from the data built anew."""

import json

import pytest

from mtqa import packs, resources, termbank
from mtqa.gazetteer import Gazetteer, gazetteer, read_entities
from mtqa.lazylines import Lines


def round_trip(tmp_path, monkeypatch, name, build, spec, encode, decode):
    """build() stored in a fresh cache folder, then read back from it."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    built = resources.disk_cached(name, [], build, spec, encode, decode)
    return built, resources.disk_cached(name, [], build, spec, encode, decode)


def test_lines_make_each_record_once_when_asked():
    made = []
    lines = Lines(["a", "b", "c"], lambda i, line: made.append(i) or line.upper())
    assert (lines[2], lines[-1], lines[0]) == ("C", "C", "A") and made == [2, 0]
    assert list(lines) == ["A", "B", "C"] and lines[1:] == ["B", "C"] and made == [2, 0, 1]
    assert lines.position(lines[1]) == 1
    for bad in (3, -4):
        with pytest.raises(IndexError):
            lines[bad]


def test_term_index_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    terms = [t for t in packs.builtin().terms if termbank.in_lang(t, "en")]
    built, read = round_trip(tmp_path, monkeypatch, "term-index-test",
                             lambda: termbank.TermIndex(terms), termbank.TermIndex.JSON_SPEC,
                             termbank.TermIndex.to_json,
                             lambda data, texts: termbank.TermIndex.from_json(data, terms, "en", texts))
    assert isinstance(read.accepted, resources.Table) and read is not built
    for key in ("accepted", "variants", "quoted_heads", "proper_heads", "content_keys", "first",
                "inner_phrases"):
        assert getattr(read, key) == getattr(built, key), key
    assert set(read.openings) == set(built.openings)


def test_term_index_matches_longest_form():
    idx = termbank.TermIndex([
        {"canonical": "Group of Twenty", "aliases": ["G20"], "variants": ["Group Twenty"],
         "head": "", "quoted": False},
        {"canonical": "Group", "aliases": [], "variants": [], "head": "", "quoted": False}])
    dw = [(w, i, i + 1) for i, w in enumerate("the group of twenty and the group twenty".split())]
    assert [(c, i, j) for c, i, j in termbank.matches(dw, idx)] == [
        (("group", "of", "twenty"), 1, 4), (("group", "twenty"), 6, 8)]


def test_gazetteer_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    path = resources.path("names", "gazetteer.tsv")
    built, read = round_trip(tmp_path, monkeypatch, "gazetteer-test",
                             lambda: Gazetteer(read_entities(path), (path,)), Gazetteer.JSON_SPEC,
                             Gazetteer.to_json, lambda data, texts: Gazetteer.from_json(data, texts, (path,)))
    assert isinstance(read.entities, Lines) and list(read.entities) == built.entities
    assert read.lower_tokens == built.lower_tokens and read.max_words == built.max_words
    e = read.lookup("Kyiv")[0]
    assert read.entities[read.position(e)] is e


def test_a_spoilt_entity_line_is_answered_from_the_gazetteer_built_anew(tmp_path, monkeypatch):
    path = resources.path("names", "gazetteer.tsv")
    built = Gazetteer(read_entities(path), (path,))
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    spec, encode = Gazetteer.JSON_SPEC, Gazetteer.to_json
    resources.disk_cached("gazetteer-test", [], lambda: built, spec, encode)
    (cache,) = tmp_path.glob("gazetteer-test-*")
    head, _, body = cache.read_text(encoding="utf-8").partition("\n")
    texts = body.split("\0")
    section = json.loads(head)["entities"][0]
    lines = texts[section].split("\n")
    original, fields = lines[0], lines[0].split("\t")
    fields[2] = "publication" if fields[2] != "publication" else "place"  # a kind, but not its own
    lines[0] = "\t".join(fields)
    texts[section] = "\n".join(lines)
    cache.write_text(head + "\n" + "\0".join(texts), encoding="utf-8")
    read = resources.disk_cached("gazetteer-test", [], lambda: built, spec, encode,
                                 lambda data, texts: Gazetteer.from_json(data, texts, (path,)))
    assert list(read.entities) == built.entities
    head, _, body = cache.read_text(encoding="utf-8").partition("\n")  # and the cache saved anew
    assert body.split("\0")[json.loads(head)["entities"][0]].split("\n")[0] == original


def test_canon_lookups_skipped_by_its_word_sets_find_nothing():
    canon = termbank.canon_for(packs.builtin())
    assert canon.named(canon.accepted, ("national", "coalition", "party"))
    assert canon.named(canon.accepted, ("zzyzx", "party")) == []
    for key in canon.accepted:  # (every form: the word sets never hide one)
        assert termbank.opening(key) in canon.openings and canon.vocabulary.issuperset(key)


def test_the_shipped_gazetteer_loads_its_entities_lazily():
    g = gazetteer()
    assert len(g.entities) > 1000 and g.lookup("Kyiv")


def test_case_endings_from_the_cache_are_the_ones_read(tmp_path, monkeypatch):
    from mtqa.checks import names

    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    names.case_endings.cache_clear()
    built = names.case_endings()  # read from the files, and stored
    names.case_endings.cache_clear()
    read = names.case_endings()  # from the cache
    names.case_endings.cache_clear()
    assert list(tmp_path.glob("case-endings-*")) and read == built
    assert built == tuple(names._read_endings((resources.path("names", "case-endings.tsv"),)))
    with pytest.raises(ValueError):
        names._cached_endings(resources.to_columns([names.Ending("", "fi", "", "")], names.Ending))
