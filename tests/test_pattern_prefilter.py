"""The pattern entries' prefilter (packs.required_literals): an entry is skipped on a text only
when it cannot match there, so the findings are those of running every entry."""

import random
import re
import sys
import tomllib
from pathlib import Path

import pytest

from mtqa import resources
from mtqa.checks import patterns
from mtqa.packs import Prefilter, Probe, _folded_char, builtin, fold, required_literals, token_key

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
    """Does the prefilter, or the token tests of a Probe, rule the text out?"""
    pf = entry.prefilter
    return pf is not None and not (pf.may_match(text, fold(text)) and Probe(text).may_match(pf))


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
    # (re's parser takes a common start out of the branches, 'Pr(?:ime Minister|emier)',
    # and it is put back)
    assert _lits(r"\b(?:Prime Minister|Premier)\b") == ({"Prime Minister", "Premier"}, set())
    assert _lits(r"(?i)W(?:ATCH|atch)") == (set(), {"watch"})
    assert _lits(r"ab(?:c|d*)") == ({"ab"}, set())  # a branch without a first run
    # (not when a folded literal would hold a character outside ASCII read exactly)
    assert _lits(r"Gr(?:ü|(?-i:Ü))n", re.IGNORECASE) == (set(), {"gr"})
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
    # Beyond ASCII, a character folds as str.lower() does, unless re also matches it to a
    # character of another lowercase (the Cyrillic te and the rounded te): the run stops there.
    assert _lits(r"Ärger über alles", re.IGNORECASE) == (set(), {"ärger über alles"})
    assert _lits(r"Ärger über alles") == ({"Ärger über alles"}, set())
    assert _lits(r"(?:Реклама|广告)", re.IGNORECASE) == (set(), {"реклама", "广告"})
    assert _lits(r"Читайте также", re.IGNORECASE) == (set(), {"акже"})
    # (a folded literal holds no character outside ASCII that the pattern reads exactly)
    assert _lits(r"Über (?-i:Größe)", re.IGNORECASE) == (set(), {"über gr"})


def test_the_folding_covers_every_character_re_matches_to_a_folded_one_ignoring_case():
    # (the letters tried here have all their other cases in the first plane)
    everything = "".join(chr(i) for i in range(128, 0x10000) if not 0xD800 <= i < 0xE000)
    blocks = [*range(0xC0, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00), 0x4E2D, 0xFF1A]
    for ch in map(chr, blocks):
        low = _folded_char(ch)
        if low:
            for m in re.compile(re.escape(ch), re.IGNORECASE).finditer(everything):
                assert fold(m.group()) == low, (hex(ord(ch)), hex(ord(m.group())))


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


def _keys(pattern: str, flags: int = 0) -> tuple[str, ...]:
    pf = required_literals(pattern, flags)
    return pf.keys if pf else ()


def test_a_literal_at_a_word_start_is_looked_up_among_the_tokens():
    assert token_key("since ", left=True) == "=since"  # a whole token
    assert token_key("since ", left=False) == ""  # 'convince ' holds it
    assert token_key(" party", left=False) == "^party"  # a token's start: 'party', 'partys'
    assert token_key("said the ", left=False) == "=the"
    assert token_key("lue myös", left=True) == "=lue"  # 'ö' ends a token of [a-z0-9]
    assert _keys(r"\bsince ", re.IGNORECASE) == ("=since",)
    assert _keys(r"(?m)^[ \t]*Read also") == ("=read",)
    assert _keys(r"\b(?:the )?Prime Minister") == ("=prime",)  # after '\b' or 'the '
    assert _keys(r"\w+ Photo") == ("^photo",)
    assert _keys(r"(?:a|b)*Photo") == ("",)  # after a letter, or the text's start
    assert _keys(r"(?a)\bfoo") == ("",)  # '\b' of ASCII: the Kelvin sign before it folds to k
    assert _keys(r"\bfoo\b") == ("^foo",)


def test_a_probe_looks_up_tokens_before_it_scans():
    pf = required_literals(r"\b(?:Ad|Anzeige)\b", re.IGNORECASE)
    assert pf == Prefilter((), ("ad", "anzeige"))
    assert pf.may_match("The road is closed.", fold("The road is closed."))  # 'ad' in 'road'
    assert not Probe("The road is closed.").may_match(pf)  # but no token starts with it
    assert Probe("The road is closed.\nAD\n").may_match(pf)
    exact = required_literals(r"\bAd\b", 0)
    assert not Probe("The road is closed.\nAD\n").may_match(exact)  # 'Ad' is not there
    assert Probe("The road is closed.\nAd\n").may_match(exact)


_ATOMS = ["a", "b", "A", "ab", " ", "\\b", "^", "$", "[ \\t]", "[ \\t]*", "\\s+", "\\w", "\\d", ".",
          "-", "é", "É", "\u017f", "\u212a", "\u0130", "\u0131", "[Aa]", "(?i:b)", "(?-i:A)", "\\W",
          "(?<=a)", "(?=b)", "(?!a)"]


def _random_pattern(rnd: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rnd.randint(1, 4)):
        r = rnd.random()
        if depth < 3 and r < 0.2:
            out.append("(?:" + "|".join(_random_pattern(rnd, depth + 1)
                                        for _ in range(rnd.randint(1, 3))) + ")")
        elif depth < 3 and r < 0.3:
            out.append(f"(?:{_random_pattern(rnd, depth + 1)}){rnd.choice(['?', '*', '+', '{2}'])}")
        else:
            out.append(rnd.choice(_ATOMS))
    return "".join(out)


def test_random_patterns_are_never_ruled_out_where_they_match():
    # Alternations, repeats, case, boundaries and the characters that fold to ASCII, mixed
    # at random: a prefilter, and a Probe's token tests, must pass every text a pattern matches.
    rnd = random.Random(15)
    chars = "aAbBx é É\u017f\u212a\u0130\u0131-_\n\t.1"
    for _ in range(3000):
        pattern, flags = _random_pattern(rnd), rnd.choice([0, re.I, re.M, re.I | re.M, re.A | re.I])
        try:
            compiled = re.compile(pattern, flags)
        except re.error:
            continue
        pf = required_literals(pattern, flags)
        for _ in range(10):
            text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 12)))
            if pf is not None and compiled.search(text):
                assert pf.may_match(text, fold(text)), (pattern, flags, text)
                assert Probe(text).may_match(pf), (pattern, flags, text, pf.keys)


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
    glossed = patterns._glossed(text)
    found = [patterns._matches(r, Probe(text), glossed) for r in builtin().pattern_rules]
    monkeypatch.setattr(Probe, "may_match", lambda self, pf: True)
    assert found == [patterns._matches(r, Probe(text), glossed) for r in builtin().pattern_rules]


@pytest.mark.parametrize("text", [*TEXTS, *_variants("\n".join(EXAMPLES))[1:]])
def test_a_probe_passes_no_text_the_prefilter_rules_out(text):
    # (what it rules out besides, by its token tests, is _cannot_match's: see the first test)
    probe, folded = Probe(text), fold(text)
    for _, entry in ENTRIES:
        pf = entry.prefilter
        if pf is not None and not pf.may_match(text, folded):
            assert not probe.may_match(pf), pf


def test_the_prefilter_kept_in_the_packs_cache_is_the_patterns():
    for _, entry in ENTRIES:
        pf = required_literals(entry.pattern, entry.flags)
        assert entry.prefilter == pf, entry.pattern
        assert pf is None or entry.prefilter.keys == pf.keys, entry.pattern


# Literals inside longer tokens: one entry's token test fails there ('screen' must start a
# token in its pattern), another entry with the same literal and no such test matches.
GLUED = ["Fullscreen\nThe talks ended.", "Postsponsored by Acme", "Read more: Sponsoredcontent",
         "The VicePresident of the Spanish Government, Yolanda Díaz, spoke.",
         "Photo: Reuters\nSmartphoto apps were banned in 2019 and 2020."]


@pytest.mark.parametrize("text", GLUED)
def test_one_probe_for_every_rule_finds_what_running_every_entry_finds(text, monkeypatch):
    # (as patterns.run uses it: one Probe per document, shared by all rules and entries)
    glossed = patterns._glossed(text)
    probe = Probe(text)
    found = [patterns._matches(r, probe, glossed) for r in builtin().pattern_rules]
    monkeypatch.setattr(Probe, "may_match", lambda self, pf: True)
    assert found == [patterns._matches(r, Probe(text), glossed) for r in builtin().pattern_rules]
    assert any(found)  # each text holds at least one finding a shared memo used to lose
