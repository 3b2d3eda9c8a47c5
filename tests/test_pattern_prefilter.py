"""The pattern entries' prefilter (packs.required_literals): an entry is skipped on a text only
when it cannot match there, so the findings are those of running every entry."""

import re
import sys
import tomllib
from pathlib import Path

import pytest

from mtqa import resources
from mtqa.checks import patterns
from mtqa.packs import Prefilter, builtin, fold, required_literals

ROOT = Path(__file__).resolve().parent.parent


def _raw_entries() -> dict[tuple[str, int], dict]:
    """Each built-in entry's table as written, by (rule file, position)."""
    out = {}
    for f in sorted(resources.path("packs").glob("*/*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        for i, e in enumerate(data.get("entries", ())):
            out[(str(f), i)] = e
    return out


RAW = _raw_entries()
ENTRIES = [(r, e) for r in builtin().pattern_rules for e in r.entries]
EXAMPLES = [t for e in RAW.values() for t in (e.get("example"), e.get("counterexample")) if t]


def _variants(text: str) -> list[str]:
    """A text in other cases, and with the characters outside ASCII that re matches to an
    ASCII letter when it ignores case (the long s, the Kelvin sign, the Turkish i's)."""
    return [text, text.upper(), text.lower(), text.swapcase(),
            text.replace("s", "\u017f").replace("k", "\u212a"),
            text.replace("i", "\u0131").replace("I", "\u0130")]


def _texts() -> list[str]:
    files = [*sorted((ROOT / "corpora" / "samples").glob("*.txt")),
             *sorted((ROOT / "tests" / "data" / "stories").glob("*.txt"))]
    out = [f.read_text(encoding="utf-8") for f in files]
    out.append("\n".join(EXAMPLES))  # every entry's example, where the others can see it
    return out


TEXTS = _texts()


def _cannot_match(entry, text: str) -> bool:
    pf = entry.prefilter
    return pf is not None and not pf.may_match(text, fold(text))


@pytest.mark.parametrize(("rule", "entry"), ENTRIES, ids=[f"{r.id}/{e.id}" for r, e in ENTRIES])
def test_prefilter_never_rejects_a_text_the_pattern_matches(rule, entry):
    raw = RAW[(entry.file, entry.index)]
    assert raw["pattern"] == entry.pattern
    texts = list(TEXTS)
    for key in ("example", "counterexample"):
        if raw.get(key):
            texts += _variants(raw[key])
    if raw.get("example"):
        assert entry.regex.search(raw["example"]), raw["example"]
        assert not _cannot_match(entry, raw["example"])
    for text in texts:
        if _cannot_match(entry, text):
            assert entry.regex.search(text) is None, (entry.prefilter, text[:200])


def test_most_builtin_entries_have_a_prefilter():
    with_one = sum(e.prefilter is not None for _, e in ENTRIES)
    assert with_one >= 0.8 * len(ENTRIES)


def test_the_folding_covers_every_character_re_matches_to_ascii_ignoring_case():
    everything = "".join(chr(i) for i in range(128, sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    for i in range(128):
        ch = chr(i)
        for m in re.compile(re.escape(ch), re.IGNORECASE).finditer(everything):
            assert fold(m.group()) == ch.lower(), (hex(ord(m.group())), ch)
    for m in re.compile(r"[\x00-\x7f]", re.IGNORECASE).finditer(everything):
        assert fold(m.group()).isascii(), hex(ord(m.group()))


def _lits(pattern: str, flags: int = 0) -> tuple[set[str], set[str]] | None:
    pf = required_literals(pattern, flags)
    return None if pf is None else (set(pf.exact), set(pf.folded))


def test_a_sequence_gives_its_longest_literal_run():
    assert _lits(r"\bthe president\b") == ({"the president"}, set())
    assert _lits(r"\d+ Uhr\b") == ({" Uhr"}, set())
    assert _lits(r"(head) of (state)") == ({"head of state"}, set())  # groups read in line
    assert _lits(r"klo\.? ?(\d{1,2})") == ({"klo"}, set())


def test_an_alternation_gives_one_literal_per_branch_or_none():
    assert _lits(r"\b(?:Prime Minister|Chancellor)\b") == ({"Prime Minister", "Chancellor"}, set())
    # (re's parser takes a common start out of the branches: 'Pr(?:ime Minister|emier)')
    assert _lits(r"\b(?:Prime Minister|Premier)\b") == ({"ime Minister", "emier"}, set())
    assert _lits(r"(?:Mr|\d+)\.") == ({"."}, set())  # a branch without a literal: the rest
    assert _lits(r"\b(?:Mr|\w+)\b") is None
    assert _lits(r"x|\d") is None


def test_optional_parts_give_no_literal():
    assert _lits(r"colou?r") == ({"colo"}, set())
    assert _lits(r"(?:the )?state") == ({"state"}, set())
    assert _lits(r"(?:foo)*") is None
    assert _lits(r"(?:foo){0,3}") is None
    assert _lits(r"(?:foo|bar)+") == ({"foo", "bar"}, set())  # repeated at least once
    assert _lits(r"(a)?b(?(1)c|d)") == ({"b"}, set())


def test_case_insensitive_literals_are_folded():
    assert _lits(r"The Hexagon", re.IGNORECASE) == (set(), {"the hexagon"})
    assert _lits(r"(?i)The Hexagon") == (set(), {"the hexagon"})
    assert _lits(r"ab(?i:CD)e") == (set(), {"abcde"})
    assert _lits(r"(?-i:AB)cd", re.IGNORECASE) == (set(), {"abcd"})
    assert _lits(r"\b[Tt]he Executive") == (set(), {"the executive"})  # [Tt]: either case
    # Ignoring case beyond ASCII is left alone: the run stops there.
    assert _lits(r"Ärger über alles", re.IGNORECASE) == (set(), {"ber alles"})
    assert _lits(r"Ärger über alles") == ({"Ärger über alles"}, set())


def test_character_classes_give_no_literal():
    assert _lits(r"[A-Z][a-z]+") is None
    assert _lits(r"\w+\s\d") is None
    assert _lits(r"[^x]y") == ({"y"}, set())
    assert _lits(r"[.]") == ({"."}, set())
    assert _lits(r"[ab]c") == ({"c"}, set())


def test_lookarounds_are_ignored():
    assert _lits(r"(?<=\d)\s?milj\.(?=\s|$)") == ({"milj."}, set())
    assert _lits(r"(?=abc)x") == ({"x"}, set())
    assert _lits(r"(?!Republic)x") == ({"x"}, set())
    assert _lits(r"President(?= of)") == ({"President"}, set())
    assert _lits(r"(?<=Mr)\w+") is None


def test_what_it_cannot_read_gives_no_prefilter():
    assert required_literals(r"(a)\1", 0) == Prefilter(("a",), ())  # a backreference: no run
    assert required_literals(r"(\w)\1", 0) is None
    assert required_literals(r"(", 0) is None  # does not parse
    assert required_literals(r"", 0) is None


def test_prefilter_is_checked_exactly_or_folded():
    pf = Prefilter(("Exact",), ("fold",))
    assert pf.may_match("an Exact word", fold("an Exact word"))
    assert not pf.may_match("an exact word", fold("an exact word"))
    assert pf.may_match("FOLD", fold("FOLD"))
    assert pf.may_match("\u017fome", fold("\u017fome")) is False
    assert Prefilter((), ("some",)).may_match("\u017fome", fold("\u017fome"))  # ſ folds to s


def test_user_pack_entries_have_no_prefilter(tmp_path):
    from mtqa.packs import load_pack

    (tmp_path / "pack.toml").write_text('name = "mine"\nversion = "1"\n', encoding="utf-8")
    (tmp_path / "words.toml").write_text(
        'kind = "pattern"\ncategory = "accuracy/mistranslation"\nseverity = "minor"\nmessage = "m"\n'
        '[[entries]]\npattern = "foo bar"\n', encoding="utf-8")
    [rule] = load_pack(tmp_path).pattern_rules
    assert rule.entries[0].budget > 0 and rule.entries[0].prefilter is None


@pytest.mark.parametrize("text", [*TEXTS, *_variants("\n".join(EXAMPLES))[1:]])
def test_findings_are_those_of_running_every_entry(text, monkeypatch):
    folded, glossed = fold(text), patterns._glossed(text)
    found = [patterns._matches(text, r, folded, glossed) for r in builtin().pattern_rules]
    monkeypatch.setattr(Prefilter, "may_match", lambda self, text, folded: True)
    assert found == [patterns._matches(text, r, folded, glossed) for r in builtin().pattern_rules]
