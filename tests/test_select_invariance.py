"""Selecting or ignoring rules never changes another rule's findings (cf. ruff).

Over the hand-written story corpus in tests/data/stories/ (several languages; see its
README), every rule that fires anywhere is run alone (--select RULE) on every story and
must give exactly the findings it gives in the full run; ignoring a rule family must
leave every other rule's findings as they were.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from mtqa.pipeline import Engine, Options
from mtqa.readers import read_input

STORIES = sorted((Path(__file__).parent / "data" / "stories").glob("*.txt"))


@cache
def engine(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Engine:
    return Engine(Options(select=select, ignore=ignore))


@cache
def findings(path: Path, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> frozenset:
    r = engine(select, ignore).analyse(read_input(str(path)))
    return frozenset((f.id, f.start, f.end, f.severity, f.message) for f in r.findings)


@cache
def fired() -> list[str]:
    return sorted({fid.split("/")[0] for p in STORIES for fid, *_ in findings(p)})


def test_the_corpus_is_varied_enough():
    langs = {p.name.split("-")[0] for p in STORIES}
    assert len(STORIES) >= 20 and len(langs) >= 4
    assert len(fired()) >= 15, fired()


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_each_rule_alone_finds_what_it_finds_in_a_full_run(path):
    full = findings(path)
    for rule in fired():
        alone = findings(path, select=(rule,))
        expected = {f for f in full if f[0].split("/")[0] == rule}
        assert alone == expected, rule


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_ignoring_a_family_leaves_the_others_alone(path):
    full = findings(path)
    for family in sorted({r.split(".")[0] for r in fired()}):
        rest = findings(path, ignore=(family,))
        assert rest == {f for f in full if not f[0].startswith(family + ".")}, family


def _wire_version(text: str) -> str:
    """A 'source' for a story: the same text with its figures changed and a negation added,
    so that divergence rules fire beside the reference-free ones."""
    import re

    text = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), text)
    return re.sub(r"\b(is|was|are|were|will)\b", r"\1 not", text, count=1)


WITH_SOURCE = [p for p in STORIES if p.name.startswith("en-")][:8]


@cache
def findings_with_source(path: Path, select: tuple[str, ...] = ()) -> frozenset:
    e = engine(select)
    src = read_input(str(path))
    original = e.source_document(_wire_version(src.text), "wire.txt", "en")
    r = e.analyse(src, original)
    return frozenset((f.id, f.start, f.end, f.severity, f.message, f.source_start) for f in r.findings)


@pytest.mark.parametrize("path", WITH_SOURCE, ids=lambda p: p.stem)
def test_with_a_source_each_rule_alone_finds_what_it_finds_in_a_full_run(path):
    full = findings_with_source(path)
    rules = sorted({fid.split("/")[0] for fid, *_ in full})
    assert any(r.startswith("diverge.") for r in rules)
    for rule in rules + ["diverge.changed-phrase", "diverge.negation", "names.near-miss"]:
        alone = findings_with_source(path, (rule,))
        assert alone == {f for f in full if f[0].split("/")[0] == rule}, rule


@pytest.mark.parametrize("path", STORIES[::4], ids=lambda p: p.stem)
def test_checks_write_nothing_to_the_document(path):
    """Annotation happens once, before the checks; the checks only read it."""
    import copy

    from mtqa.annotate import annotate
    from mtqa.checks import Context, run_checks
    from mtqa.document import Document

    doc = annotate(Document.build(read_input(str(path)).text, path=str(path)))
    before = copy.deepcopy(vars(doc))
    run_checks(doc, Context(engine().packs, None))
    after = vars(doc)
    assert {k: v for k, v in after.items() if k != "_line_starts"} == \
        {k: v for k, v in before.items() if k != "_line_starts"}


SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"
WITH_SOURCE = [("grid-repair.de.txt", "grid-repair.en.txt"),
               ("coalition-budget.en.txt", "coalition-budget.de.txt")]


@pytest.mark.parametrize("target, source", WITH_SOURCE)
def test_with_a_source_selecting_changes_no_other_rules_findings(target, source):
    """Reference-free findings and divergences from the source: a rule gives the same
    findings alone, beside everything, and with another family ignored."""
    def run(**kw):
        e = Engine(Options(min_confidence=0.0, **kw))
        src = e.source_document((SAMPLES / source).read_text(encoding="utf-8"), "source")
        r = e.analyse(read_input(str(SAMPLES / target)), src)
        return {(f.id, f.start, f.end) for f in r.findings}

    full = run()
    rules = {i.split("/")[0] for i, _, _ in full}
    assert any(r.startswith("diverge.") for r in rules) and any(not r.startswith("diverge.") for r in rules)
    for rule in rules:
        alone = run(select=(rule,))
        assert alone == {x for x in full if x[0].split("/")[0] == rule}, rule
    for family in ("diverge", "boilerplate", "names"):
        rest = run(ignore=(family,))
        assert rest == {x for x in full if not x[0].startswith(family + ".")}, family
