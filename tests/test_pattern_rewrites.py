"""Patterns of the grammar, mechanics and quotes checks rewritten for speed (to start with a
word, a character or a set of them instead of '\\b' or a look-behind) find exactly what the
patterns as first written found: the same spans and groups on random texts made of the words,
marks and odd characters each pattern turns on. The first versions are kept here. And the
cheap tests (cues) that let a slower pattern be skipped pass wherever it can match."""

import random
import re

import pytest

from mtqa import packs, quotes, resources
from mtqa.checks import grammar, mechanics

_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
       r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"

# Characters around which word boundaries and look-behinds decide: letters in both cases and
# beyond ASCII, digits (one outside ASCII), '_', hyphens, apostrophes, spaces, marks.
NOISE = list("aAsSyYoOmMiIéÉß_-‐'’‘´` \t\u00a0\n,.;:!?\"“”«»„()[]%–—/") + ["٣", "7", "12", "2023"]

# (name, pattern as first written, pattern now, fragments its texts are made of)
CASES = [
    ("grammar._MY_COUNTRY", r"\b(?:[Mm]y|[Oo]ur) (?:country|nation|motherland|homeland)(?:['’]s)?\b",
     grammar._MY_COUNTRY, ["four", "my", " country", "'s", "Our", " nation", "hood", "My",
                           " homeland", "’s", "your", " country", "our", " motherland"]),
    ("grammar._SINGULAR", r"(?<![-\w])(?:I|my|My|I['’](?:ve|m|d|ll))(?![-\w])",
     grammar._SINGULAR, ["I", "my", "My", "I've", "I’m", "I'd", "I'll", "myth", "Mary"]),
    ("grammar._SECOND", r"\b(?:[Yy]ou|[Yy]our|[Yy]ou['’](?:re|ve|ll|d))\b",
     grammar._SECOND, ["you", "You", "your", "Your", "you're", "You’ve", "you'll", "you’d",
                       "yours", "bayou"]),
    ("grammar._REPORTING", r"\b(?:said|says|told|according to|reported|announced)\b",
     grammar._REPORTING, ["said", "says", "told", "according", " to", "reported", "announced",
                          "unsaid", "foretold"]),
    ("grammar._SINCE_AGO",
     r"\bsince ((?:(?:about|some|nearly|almost|around|more than|over|at least) )?"
     r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|many) "
     r"(?:\w+ )?(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries))\s+ago\b",
     grammar._SINCE_AGO, ["convinced", " ", "three ", "days", " ago", "since ", "a few ",
                          "years", "  ago", "since ", "about ", "12 ", "long ", "hours", "\n",
                          "ago", "since ", "many ", "decades", " agony", "Since ", "one ",
                          "week", " ago", "since three days ago", "since about 12 long hours\nago",
                          "since a few years  ago", "Since one week ago"]),
    ("grammar._AS_MANY", r"\b[Aa]s many as (\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)",
     grammar._AS_MANY, ["has", "as", " many as ", "1,437", "As", " many as ", "12", ",000",
                        "as many as ", "1,500.5", "was", " many as ", "3"]),
    ("grammar._TOTAL", r"\b[Aa] total of\b", grammar._TOTAL,
     ["ha", " total of", "a", " total of", "A", " total", " of", "ten", "a total of"]),
    ("grammar._ORDINAL_DAY",
     r"\b[Oo]n the (\d{1,2})(?:st|nd|rd|th)\b(?=\s*[,.;)]|\s+(?:that|and|when|at|in|of) )"
     r"(?!\s+of (?:the|each|every|this|that|last|next) month)",
     grammar._ORDINAL_DAY, ["upon", " the ", "22nd", ", ", "On", " the ", "3rd", " that ",
                            "on", " the ", "1st", " of the month", "on the ", "12th", " in ",
                            "Don", " the ", "5th", ")"]),
    ("grammar._HONORIFIC", r"\b(?:Mr|Mrs|Ms|Miss)\.? ([A-Z][a-zà-öø-ÿ]+)\b(?![-’'.]?\s*[A-Z])",
     grammar._HONORIFIC, ["Mr", "Mrs", "Ms", "Miss", "Mister", ". ", "Mehmet", "Kim", " Lee",
                         "Mr. Mehmet", "Ms Kim", " said"]),
    ("mechanics._FALSE_APOSTROPHE", r"(?<=[^\W\d_])[‘´`](?=(?:s|t|ll|re|ve)\b)",
     mechanics._FALSE_APOSTROPHE, ["Korea", "don", "s", "t", "ll", "re", "ve", "‘", "´", "`"]),
    ("mechanics._SPACE_BEFORE", r"(?<=[\w)\]\"”’%])([ \t\u00a0]+)([,.;:!?])",
     mechanics._SPACE_BEFORE, ["said", "5%", ")", "”", "  ", " \t"]),
    ("mechanics._QUOTED", r'(?<![^\s(\[—–-])(["“«])([^"“”«»\n]{2,60}?)(["”»])',
     mechanics._QUOTED, ["TASS", "Gazprom", "the company ", "(", "—", "Servant of the People"]),
    ("quotes._QUOTATION",
     r"[“«„][^”»“«„\n]*[”»]?|\"[^\"\n]*\"?|‘(?!\d)(?:[^‘’\n]|’(?=\w))*’(?!\w)",
     quotes._QUOTATION, ["he said", "don’t", "‘90s", "’s", "yes"]),
]
# Rewritten with other groups: only the spans are compared.
SPAN_CASES = [
    ("mechanics._NO_SPACE_AFTER", r"([,;])(?<=[^\W\d_][,;])(?=[^\W\d_])"
     r"|([.:])(?<=[^\W\d_]{2}[.:])(?=[A-Z][a-z])", mechanics._NO_SPACE_AFTER,
     ["said", "He", "It", "a", "One", "Tel", "25th"]),
]


def _texts(fragments: list[str], n: int, seed: str) -> list[str]:
    """Random texts: fragments and noise in any order, or (every other text) fragments in
    their order, so that the phrases a pattern looks for occur, with noise put in, taken out
    or swapped around them."""
    rnd = random.Random(seed)
    pool = fragments * 3 + NOISE
    out = []
    for i in range(n):
        if i % 2:
            k = rnd.randrange(len(fragments))
            chars = list("".join(rnd.choice(NOISE) for _ in range(rnd.randint(0, 2)))
                         + "".join(fragments[k:k + rnd.randint(1, 8)]))
            for _ in range(rnd.choice((0, 0, 1, 2))):
                at = rnd.randint(0, len(chars))
                chars[at:at + rnd.randint(0, 1)] = [rnd.choice(NOISE)]
            out.append("".join(chars))
        else:
            out.append("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))))
    return out


def _found(pattern: re.Pattern[str], text: str, groups: bool = True) -> list:
    return [(m.span(), m.groups() if groups else ()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name,old,new,fragments", CASES, ids=[c[0] for c in CASES])
def test_a_rewritten_pattern_finds_what_it_found(name, old, new, fragments):
    before = re.compile(old)
    for text in _texts(fragments, 3000, name):
        assert _found(new, text) == _found(before, text), (name, text)


@pytest.mark.parametrize("name,old,new,fragments", SPAN_CASES, ids=[c[0] for c in SPAN_CASES])
def test_a_rewritten_pattern_finds_the_same_spans(name, old, new, fragments):
    before = re.compile(old)
    for text in _texts(fragments, 3000, name):
        assert _found(new, text, False) == _found(before, text, False), (name, text)


def _column(parts: tuple[str, ...], column: str) -> list[str]:
    return [r[column] for r in resources.read_tsv(resources.path(*parts))]


def test_the_patterns_built_from_word_lists_find_what_they_found():
    forms = sorted(f for k, f in grammar._that_verbs() if k == "object")
    names = sorted(_column(("grammar", "the-institutions.tsv"), "name"), key=len, reverse=True)
    nouns = _column(("grammar", "class-nouns.tsv"), "noun")
    pairs = [
        (r"\b(" + "|".join(forms) + r") that\b", grammar._object_verbs()[0],
         forms + ["he ", " that", " thats", "re"]),
        (r"\b(" + "|".join(re.escape(n) for n in names) + r")\b(?![-‐’'])", grammar._institutions(),
         names + [n.upper() for n in names[:5]] + ["s", "Kremlin-", "Dumas"]),
        (r"\bthe (" + "|".join(nouns) + r") ((?=[\w-]*\d)[A-Z][\w-]*\w)", grammar._class_nouns()[0],
         nouns + ["the ", "The ", "bathe ", " H5N1", " SARS-2", " Ebola"]),
    ]
    for old, new, fragments in pairs:
        before = re.compile(old)
        for text in _texts(fragments, 2000, old[:40]):
            assert _found(new, text) == _found(before, text), (old[:40], text)


def test_a_word_start_needs_a_word():
    with pytest.raises(ValueError):
        grammar._starting("(?:x)")


# -- cheap tests that pass wherever a slower pattern may match -------------------------------

def test_every_match_of_this_weekday_holds_its_cue():
    for text in _texts(["said", "met", " this ", "this", "Monday", "Sunday", "Tuesdays"], 3000, "day"):
        if grammar._THIS_DAY.search(text):
            assert grammar._THIS_WEEKDAY.search(text), text


def test_every_era_match_names_an_era_in_the_folded_text():
    pat, start = grammar._eras()
    eras = {k.lower() for k in start}
    # (the prefilter's own reading of the pattern: every literal it requires holds an era)
    pf = packs.required_literals(pat.pattern, pat.flags)
    assert pf is not None and not pf.exact and all(any(e in lit for e in eras) for lit in pf.folded)
    names = list(start) + [k.upper() for k in start] + ["HEIſEI", "Shōwa", "SHŌWA"]
    for text in _texts(names + ["the ", "5th", " year of ", "third", " 3", " 12"], 3000, "era"):
        if pat.search(text):
            assert any(e in packs.fold(text) for e in eras), text


def test_a_text_without_a_dash_has_no_one_sided_dash():
    for text in _texts(["word", " ", "–", "—"], 2000, "dash"):
        if mechanics._ONE_SIDED_DASH.search(text):
            assert "–" in text or "—" in text


def test_every_match_holds_one_of_its_cues():
    # (the prefilter's reading of each pattern: every literal it requires holds a cue)
    pairs = [(grammar._MY_COUNTRY, grammar._MY_COUNTRY_CUES), (grammar._SECOND, grammar._SECOND_CUES),
             (grammar._AS_MANY, grammar._AS_MANY_CUES), (grammar._TOTAL, grammar._TOTAL_CUES),
             grammar._object_verbs()]
    for pat, cues in pairs:
        pf = packs.required_literals(pat.pattern, pat.flags)
        assert pf is not None and not pf.folded, pat.pattern
        assert all(any(c in lit for c in cues) for lit in pf.exact), (pat.pattern, pf.exact, cues)


def test_full_dates_are_found_in_the_lines_that_hold_a_year():
    fragments = ["March", " 17", ", ", "2023", "\n", "17th", " of ", "Sept", ".", " 1999",
                 "2023-03-17", "1920", "19", "-", "on ", "3 May 2020", "May 3, 2021", "12",
                 "2019-02-30", "x2023-03-17", "٣ March 2023"]
    for text in _texts(fragments, 4000, "dates"):
        assert [(m.span(), m.groups()) for m in mechanics._year_lines(text)] \
            == _found(mechanics._FULL_DATE, text), text


def test_every_space_before_a_mark_is_found_by_its_cue():
    for text in _texts(["said", " ", ",", ".", "\t", "\u00a0", "?", ")"], 3000, "spaced"):
        if mechanics._SPACE_BEFORE.search(text):
            assert mechanics._SPACED_MARK.search(text), text


def test_the_places_of_marks_are_where_a_set_of_them_matches():
    for chars in (mechanics._QUOTE_CHARS, mechanics._BRACKET_CHARS):
        found = re.compile("[" + re.escape(chars) + "]")
        for text in _texts(list(chars) + ["word", "(a)", "“x”"], 1000, chars):
            assert mechanics._places(text, chars) == [m.start() for m in found.finditer(text)]
            for start, end in ((0, len(text) // 2), (len(text) // 3, len(text))):
                assert mechanics._within(mechanics._places(text, chars), start, end) \
                    == [m.start() for m in found.finditer(text, start, end)]
