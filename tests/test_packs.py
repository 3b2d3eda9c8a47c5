"""The shipped rule packs: every entry's own example matches and its counterexample does not."""

import re
import tomllib

import pytest

from mtqa import resources
from mtqa.packs import builtin


def pattern_entries():
    for f in sorted(resources.path("packs").glob("*/*.toml")):
        if f.name == "pack.toml":
            continue
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        if data.get("kind") != "pattern":
            continue
        for i, e in enumerate(data["entries"]):
            yield pytest.param(e, id=f"{f.parent.name}/{f.stem}#{i}")


@pytest.mark.parametrize("entry", list(pattern_entries()))
def test_example_matches_and_counterexample_does_not(entry):
    flags = 0 if entry.get("case", "insensitive") == "sensitive" else re.IGNORECASE
    rx = re.compile(entry["pattern"], flags)
    allow = set(entry.get("allow", ()))
    hits = [m.group() for m in rx.finditer(entry["example"]) if m.group() not in allow]
    assert hits, entry["example"]
    if entry.get("counterexample"):
        bad = [m.group() for m in rx.finditer(entry["counterexample"]) if m.group() not in allow]
        assert not bad, entry["counterexample"]
    assert entry.get("provenance")


def test_every_pack_has_version_and_provenance():
    packs = builtin()
    assert len(packs.packs) >= 9
    for name, version in packs.packs.items():
        assert version and version != "0", name
    assert len(packs.terms) >= 300
    for t in packs.terms:
        assert t["provenance"], t["canonical"]


def test_termbank_variants_never_equal_accepted_forms():
    """Within one language: 'OTAN' is a garble in English and the name in French."""
    from mtqa.checks.terms import words

    accepted = {(tuple(t["langs"]), words(f)) for t in builtin().terms for f in [t["canonical"], *t["aliases"]]}
    for t in builtin().terms:
        for v in t["variants"]:
            assert (tuple(t["langs"]), words(v)) not in accepted, v


def test_gazetteer_size_and_kinds():
    from mtqa.gazetteer import gazetteer

    ents = gazetteer().entities
    assert len(ents) >= 1000
    assert {e.kind for e in ents} == {"person", "place", "organisation", "agency", "publication"}
    assert all(e.provenance for e in ents)


def test_nested_matches_of_one_rule_give_one_finding():
    from conftest import check_text

    doc, found = check_text("BERLIN - The meeting starts at 9.30 Uhr on Monday, officials said.\n",
                            calques="de")
    spans = [(f.rule, doc.text[f.start:f.end], f.suggestion) for f in found
             if f.rule == "calques-de.number-date-format"]
    assert spans == [("calques-de.number-date-format", "9.30 Uhr", "9:30")]


def test_an_abbreviation_the_article_glosses_is_not_flagged_again():
    """A source-language abbreviation spelt out once ('... Party (RKP)') may be used after that;
    unglossed it is still a leftover."""
    from mtqa.pipeline import Options, analyse
    glossed = ("The Swedish People's Party (RKP) joined the coalition talks in Helsinki on Monday. "
               "The RKP has four ministers in the outgoing cabinet, and its leader said the RKP "
               "would stay in the government.")
    bare = glossed.replace("The Swedish People's Party (RKP)", "The liberal party")
    opts = Options(lang="en", calques="fi", select=("calques-fi.party-names",))
    assert analyse(glossed, opts).documents[0].findings == []
    found = analyse(bare, opts).documents[0].findings
    assert [bare[f.start:f.end] for f in found] == ["RKP", "RKP"]
    # only after the gloss, and only a gloss after a name ("in March (RKP)" is none)
    before = "The RKP met first. Later the Swedish People's Party (RKP) joined the talks."
    assert [before[f.start:f.end] for f in analyse(before, opts).documents[0].findings] == ["RKP"]
    no_name = "Talks began in the capital (RKP). The RKP has four ministers in the cabinet."
    assert [no_name[f.start:f.end] for f in analyse(no_name, opts).documents[0].findings] == ["RKP"]


def test_a_user_termbank_named_terms_something_checks_its_target_language(tmp_path):
    """A termbank's language is its pack's target_langs (none: English), not its name."""
    from mtqa.pipeline import Options, analyse

    pack = tmp_path / "terms-house"
    pack.mkdir()
    (pack / "pack.toml").write_text('name = "terms-house"\nversion = "1"\ndescription = "house"\n'
                                    'source_langs = []\ntarget_langs = []\nprovenance = "ours"\n')
    (pack / "t.toml").write_text('[[term]]\ncanonical = "Acme Corporation"\naliases = []\n'
                                 'variants = ["Acme Korporation"]\nhead = ""\nquoted = false\n'
                                 'type = "organisation"\nnote = ""\nprovenance = "ours"\n')
    text = "The Acme Korporation said its profits rose in the third quarter."
    doc = analyse(text, Options(lang="en", rule_dirs=(str(pack),))).documents[0]
    assert [(f.rule, text[f.start:f.end], f.suggestion) for f in doc.findings] == \
        [("terms.variant", "Acme Korporation", "Acme Corporation")]
