"""docs/rules.md is the generated list of every rule and must stay in step with the rules."""

from pathlib import Path

from mtqa.commands.rules import rules_markdown
from mtqa.packs import builtin
from mtqa.registry import all_rules

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == rules_markdown(all_rules(builtin())), \
        "run: mtqa rules --format markdown > docs/rules.md"


def test_every_rule_has_a_description_category_and_severity():
    for r in all_rules(builtin()):
        assert r.description and r.category and r.severity in ("critical", "major", "minor", "info"), r.id


def test_every_rule_example_is_caught_and_no_counterexample_is():
    """A rule's examples are tests (cf. LanguageTool): each example gives a finding of that
    rule, alone (--select), and each counterexample gives none."""
    from conftest import check_text

    rules = [r for r in all_rules(builtin()) if r.examples and r.kind == "code"]
    assert len(rules) >= 5
    for r in rules:
        for text in r.examples:
            assert any(f.rule == r.id for f in check_text(text, select=(r.id,))[1]), (r.id, text)
        for text in r.counterexamples:
            assert check_text(text, select=(r.id,))[1] == [], (r.id, text)


def test_readme_language_table_is_up_to_date():
    """The README says, per language, which checks apply: the same table as docs/rules.md."""
    from mtqa.commands.rules import languages_markdown

    readme = (DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    assert languages_markdown(all_rules(builtin())) in readme, \
        "README.md: paste the table of `mtqa rules --format markdown` (Rules per language)"


def test_language_table_counts_rules_that_apply():
    from mtqa.commands.rules import TARGET_LANGS, languages_markdown

    table = languages_markdown(all_rules(builtin()))
    total = table.splitlines()[-1].split("|")[2:-1]
    assert len(total) == len(TARGET_LANGS)
    # every target language has checks of its own beyond the language-independent ones
    anywhere = sum(1 for r in all_rules(builtin()) if not r.langs)
    assert all(int(t.strip(" *")) > anywhere for t in total), table
