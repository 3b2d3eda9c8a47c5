"""Mechanics: the small slips a fluent editor fixes first.

- mechanics.doubled-word        "the the", "of of" (any Latin-script text)
- mechanics.unbalanced-quotes   a double quote that never closes, or closes what never opened
- mechanics.quote-marks         a quote mark of the wrong shape or place: ”opens, “closes,
                                Korea‘s, "…, ”" (English)
- mechanics.quoted-name         an organisation's name in quotes, Russian style: the company
                                “Gazprom” (English)
- mechanics.run-on              two sentences with no stop between: "met Olaf Scholz He won"
                                (English)
- mechanics.unbalanced-brackets a ( or [ without its partner, per paragraph
- mechanics.spacing             "said , adding", "said,adding", "said.He", "25th:Serving",
                                "dinner –after" (English)
- mechanics.headline-agreement  "Minister Visits Paris And Meet Macron" (English)
- mechanics.verb-as-noun        "the minister's re-elect" for "re-election" (English)
- mechanics.implausible-year    "met in 2031" in an article dated March 2023 (English)

Word knowledge comes from data: corpora/lexicon/en-pos.tsv and en-nominalizations.tsv
(WordNet 3.0) and the small lists in corpora/mechanics/. They are loaded on first use,
and only when a rule that needs them is enabled and the text is English.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from .. import resources, rx
from ..document import Document
from ..finding import Finding
from ..gazetteer import gazetteer
from ..rules import Rule
from ..sortedtext import SortedText, after_comments
from . import typography
from .context import Context

DOUBLED = Rule(
    "mechanics.doubled-word", "fluency/grammar", "minor",
    "A word written twice in a row by accident ('the the', 'of of').")
QUOTES = Rule(
    "mechanics.unbalanced-quotes", "fluency/punctuation", "minor",
    "A double quotation mark that opens and never closes (or closes and never opened) "
    "within its paragraph; a quote continued into the next paragraph is allowed.")
BRACKETS = Rule(
    "mechanics.unbalanced-brackets", "fluency/punctuation", "minor",
    "A round or square bracket without its partner in the same paragraph.")
SPACING = Rule(
    "mechanics.spacing", "fluency/punctuation", "minor",
    "Space before a comma or full stop, a missing space after a comma, full stop or colon "
    "('said,adding', 'said.He', 'Monday:Talks'), or a dash spaced on one side only "
    "('dinner –after') (English).", langs=("en",))
QUOTE_MARKS = Rule(
    "mechanics.quote-marks", "fluency/punctuation", "minor",
    "A quotation mark of the wrong shape or in the wrong place, as left by the source "
    "language's conventions: a closing mark that opens ('”when'), an opening mark that "
    "closes ('the border, “she said'), an opening single quote or accent as an apostrophe "
    "('Korea‘s'), a comma or space stranded before a closing mark ('discuss…, ”') "
    "(English).", langs=("en",),
    examples=("“We will rebuild the bridge by winter, “the engineer said.",
              "Chile‘s copper output rose in May, the ministry said on Monday."),
    counterexamples=("“We will rebuild the bridge by winter,” the engineer said.",
                     "Chile’s copper output rose in May, the ministry said on Monday."))
QUOTED_NAME = Rule(
    "mechanics.quoted-name", "fluency/punctuation", "minor",
    "The name of an organisation, agency or publication in quotation marks, as Russian and "
    "Ukrainian print it ('the company “Gazprom”', 'reports “TASS”'); English news prints "
    "it plain (English; names gazetteer, or a class noun such as 'company' before it).",
    langs=("en",),
    examples=("The deal was signed on Friday, reports “TASS”.",),
    counterexamples=("The deal was signed on Friday, TASS reports.",))
RUN_ON = Rule(
    "mechanics.run-on", "fluency/punctuation", "minor",
    "Two sentences run together with no punctuation: a capitalised pronoun or determiner "
    "that opens a sentence ('He', 'The') right after a word, mid-line ('met Olaf Scholz He "
    "won') (English).", langs=("en",),
    examples=("The delegates met Chancellor Olaf Scholz He promised more funding.",),
    counterexamples=("The delegates met Chancellor Olaf Scholz. He promised more funding.",))
HEADLINE = Rule(
    "mechanics.headline-agreement", "fluency/grammar", "major",
    "Headline verbs joined by 'and' that disagree in form ('Visits Paris And Meet "
    "Macron') (English; WordNet 3.0 part-of-speech lexicon).", langs=("en",))
VERB_NOUN = Rule(
    "mechanics.verb-as-noun", "fluency/grammar", "major",
    "A bare verb used as a noun after a possessive ('the minister's re-elect' for "
    "'re-election') (English; WordNet 3.0 lexicon and nominalizations).", langs=("en",))
YEAR = Rule(
    "mechanics.implausible-year", "accuracy/mistranslation", "major",
    "A year that contradicts the article's own date: a past event after it, or a "
    "future one before it (English; needs a dateline or a full date in the text).", langs=("en",))
RULES = [DOUBLED, QUOTES, QUOTE_MARKS, QUOTED_NAME, BRACKETS, SPACING, RUN_ON, HEADLINE,
         VERB_NOUN, YEAR]

_LEXICON = "WordNet 3.0 via en-pos.tsv"


# -- data ----------------------------------------------------------------------------

def _lines(*parts: str) -> list[str]:
    p = resources.path(*parts)
    if not p.exists():
        return []
    return [line.strip() for _, line in resources.data_lines(p)]


def _pos() -> Mapping[str, str]:
    return resources.pos_tags("en")


@functools.cache
def _nominalizations() -> SortedText:
    """verb -> its noun: en-nominalizations.tsv (lines 'verb<TAB>noun' sorted by verb, after
    a head of comments) searched in place, since an article asks about a few verbs and
    6,500 lines parsed would cost every process milliseconds."""
    p = resources.path("lexicon", "en-nominalizations.tsv")
    return after_comments(p.read_text(encoding="utf-8") if p.exists() else "")


@functools.cache
def _function_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines("mechanics", "en-function-words.txt"))


def _doubled_ok() -> dict[str, frozenset[str]]:
    """lang ('*' for all) -> words that may stand twice in a row (lowercase)."""
    return resources.word_groups("lang", "mechanics", "doubled-words.tsv")


@functools.cache
def _irregular() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(simple pasts unlike their base, all past/participle forms, participles equal to a base)."""
    past: set[str] = set()
    forms: set[str] = set()
    same: set[str] = set()
    p = resources.path("mechanics", "en-irregular-verbs.tsv")
    if p.exists():
        for row in resources.read_tsv(p):
            base = row["base"]
            pasts = row["past"].split("|")
            parts = row["participle"].split("|")
            past.update(w for w in pasts if w != base)
            forms.update(w for w in pasts + parts if w != base)
            same.update(w for w in parts if w == base)
    return frozenset(past), frozenset(forms), frozenset(same)


@functools.cache
def _future_participles() -> frozenset[str]:
    return frozenset(_lines("mechanics", "en-future-participles.txt"))


def _word_class(cls: str) -> frozenset[str]:
    """A class of English grammatical words ('past-auxiliary'): en-grammar-words.tsv."""
    return resources.word_groups("class", "mechanics", "en-grammar-words.tsv")[cls]


# -- entry point ---------------------------------------------------------------------

def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    if not doc.text:
        return
    english = doc.lang == "en"
    latin = english or _is_latin(doc)
    lows = _lowered(doc.tokens) if latin else []
    if latin and ctx.wants(DOUBLED):
        yield from _doubled_words(doc, lows)
    marks = english and ctx.wants(QUOTE_MARKS)
    conv = None if english else typography.conventions(doc.lang)
    if conv is not None:
        if ctx.wants(QUOTES):
            yield from _lang_quotes(doc, conv)
    elif latin and ctx.wants(QUOTES) or marks:
        yield from (f for f in _quotes(doc)
                    if (f.rule == QUOTES.id and latin and ctx.wants(QUOTES))
                    or (f.rule == QUOTE_MARKS.id and marks))
    if latin and ctx.wants(BRACKETS):
        yield from _brackets(doc)
    if not english:
        return
    if marks:
        yield from _apostrophes(doc)
    if ctx.wants(QUOTED_NAME):
        yield from _quoted_names(doc, ctx)
    if ctx.wants(SPACING):
        yield from _spacing(doc)
    if ctx.wants(RUN_ON):
        yield from _run_ons(doc, ctx, lows)
    if ctx.wants(HEADLINE):
        yield from _headline(doc)
    if ctx.wants(VERB_NOUN):
        yield from _verb_as_noun(doc, lows)
    if ctx.wants(YEAR):
        yield from _years(doc)


def _is_latin(doc) -> bool:
    latin = other = 0
    for t in doc.tokens:
        if t.kind == "cjk":
            other += 1
        elif t.kind == "word":
            c = t.text[0]
            if c < "\u0250" or "\u1e00" <= c <= "\u1eff":
                latin += 1
            else:
                other += 1
    return latin > other


def _lowered(toks) -> list[str]:
    """Each token's text in lowercase, once per document: the word rules ask for it over a
    thousand times an article, and Token.lower lowers anew at each call. Equal texts share
    one string (as the tokens' texts do): a string per token would grow a long text's
    memory by a third."""
    memo: dict[str, str] = {}
    return [memo.get(t.text) or memo.setdefault(t.text, t.text.lower()) for t in toks]


def _places(text: str, chars: str) -> list[int]:
    """Where any of chars stands in text, in order: str.find looks for one character many
    times faster than a pattern of a set of them, which is tried at every character."""
    out = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    return sorted(out)


def _within(places: list[int], start: int, end: int) -> list[int]:
    return places[bisect.bisect_left(places, start):bisect.bisect_left(places, end)]


def _paragraph_of(doc, offset: int) -> int:
    return bisect.bisect_right(doc.paragraph_starts, offset) - 1


# -- doubled words -------------------------------------------------------------------

_COMMON_ZIPF = 3.0  # wordfreq zipf: about once per million words


def _doubled_words(doc, lows: list[str]):
    text, toks = doc.text, doc.tokens
    ok = _doubled_ok()
    allowed = ok.get("*", frozenset()) | ok.get(doc.lang, frozenset())
    fwords = _function_words() if doc.lang == "en" else frozenset()
    free_relative = _word_class("free-relative")
    # (the rare equal neighbours first, in one pass over the lowered texts)
    for k in [k for k, (la, lb) in enumerate(zip(lows, lows[1:])) if la == lb]:
        a, b, la = toks[k], toks[k + 1], lows[k]
        if a.kind != "word" or b.kind != "word" or len(a.text) != len(b.text):
            continue
        if la in allowed or la in ("'s", "’s"):
            continue
        if fwords and k and lows[k - 1] in free_relative:
            continue  # 'whatever happens happens': a clause as subject, then its verb
        gap = text[a.end:b.start]
        if gap.strip() or _paragraph_of(doc, a.start) != _paragraph_of(doc, b.start):
            continue
        # "Walla Walla", "Bora Bora": capitalised twice is a name, unless a function word.
        if a.text[0].isupper() and b.text[0].isupper() and la not in fwords:
            continue
        # "ylang ylang", "japonicus japonicus": rare words repeat by design, not by slip.
        freqs = resources.word_freqs(doc.lang) if doc.lang else {}
        if freqs and freqs.get(la, 0.0) < _COMMON_ZIPF:
            continue
        yield DOUBLED.finding(a.start, b.end,
                      f"The word '{b.text}' is written twice.", a.text,
                      {"word": la})


# -- quotes --------------------------------------------------------------------------

_QUOTE_CHARS = '"“”„'
_OPENING_START = rx.compile(r'\s*["“„«]')
_SENTENCE_END = ".!?…"
_STRANDABLE = ",;"


def _opening_place(text: str, i: int, ps: int, pe: int) -> bool:
    """A mark at i stands where a quotation opens: after a space (or the paragraph's start, a
    bracket or dash) and before a word."""
    before = text[i - 1] if i > ps else " "
    after = text[i + 1] if i + 1 < pe else " "
    return (before.isspace() or before in "([{—–-") and (after.isalnum() or after in "‘'…")


def _after_sentence_end(text: str, i: int, ps: int) -> bool:
    """'… end. "Next': a quotation continued into a new paragraph, in text whose paragraphs
    were flattened into one line, re-opens after a sentence end."""
    j = i
    while j > ps and text[j - 1].isspace():
        j -= 1
    if j == i:
        return False
    while j > ps and text[j - 1] in "\"”’)":
        j -= 1
    return j > ps and text[j - 1] in _SENTENCE_END


def _quotes(doc):
    """Walk each paragraph's double quotes: unbalanced-quotes findings, and quote-marks
    findings for marks of the wrong direction or with stranded punctuation before them."""
    text = doc.text
    low9 = "„" in text  # German/Polish style: „ opens and “ closes
    pars = doc.paragraphs
    marks = _places(text, _QUOTE_CHARS)
    for pi, (ps, pe) in enumerate(pars):
        open_at = -1
        for i in _within(marks, ps, pe):
            c = text[i]
            if c == '"':
                if open_at >= 0:
                    if _opening_place(text, i, ps, pe) and _after_sentence_end(text, i, ps):
                        open_at = i  # continued quotation, flattened paragraphs
                        continue
                    open_at = -1  # a straight quote closes whatever is open
                    after = text[i + 1] if i + 1 < pe else " "
                    if after in ",.;:!?" or i + 1 == pe:
                        yield from _stranded(text, i, ps)
                    continue
                before = text[i - 1] if i > ps else " "
                after = text[i + 1] if i + 1 < pe else " "
                if before.isdigit():
                    continue  # 5" (inches)
                if not before.isspace() and before not in "([{—–-/" and (
                        after.isspace() or after in ",.;:!?)]}"):
                    yield _quote_finding(i, "closes a quotation that was never opened")
                    continue
                open_at = i
            elif c == "“" and not low9 or c == "„":
                if open_at >= 0 and _opening_place(text, i, ps, pe) \
                        and _after_sentence_end(text, i, ps):
                    open_at = i  # continued quotation, flattened paragraphs
                    continue
                if c == "“" and _closes_speech(text, i, ps, pe, open_at):
                    open_at = -1
                    yield _misplaced_opener(text, i, ps)
                    continue
                if open_at >= 0:
                    yield _quote_finding(open_at, "opens a quotation that is not closed "
                                         "before the next one opens")
                open_at = i
            else:  # ” (or “ after „)
                if open_at < 0 and c == "”" and _opening_place(text, i, ps, pe):
                    # ”word: the source language's (Finnish, Swedish) opening mark kept.
                    open_at = i
                    yield QUOTE_MARKS.finding(
                        i, i + 1, "A closing quotation mark opens this quotation; English "
                        "opens with “.", "“", {"pattern": "closing mark used to open"})
                elif open_at >= 0:
                    open_at = -1
                    yield from _stranded(text, i, ps)
                else:
                    yield _quote_finding(i, "closes a quotation that was never opened")
        if open_at >= 0:
            # A quote continued into the next paragraph omits its closing mark when the
            # next paragraph opens with a quotation mark.
            nxt = pars[pi + 1][0] if pi + 1 < len(pars) else None
            if nxt is not None and _OPENING_START.match(text, nxt):
                continue
            yield _quote_finding(open_at, "opens a quotation that is never closed in its paragraph")


def _lang_quotes(doc, conv):
    """Unbalanced quotation marks by the text's own language's pairs („…“ in German, «…» in
    French and Russian, 「…」 in Japanese): mechanics/typography.tsv via typography."""
    pairing = typography.pair_quotes(doc.text, doc.paragraphs, conv)
    for i in sorted(pairing.unclosed + pairing.stray):
        what = ("opens a quotation that is never closed in its paragraph"
                if i in pairing.unclosed else "closes a quotation that was never opened")
        yield _quote_finding(i, what)


def _quote_finding(i: int, what: str) -> Finding:
    return QUOTES.finding(i, i + 1,
                   f"This quotation mark {what}.", "", {"scope": "paragraph"})


_CLOSING_PLACE = rx.compile(r"[,.!?…] ?“ ?[a-z]")


def _closes_speech(text: str, i: int, ps: int, pe: int, open_at: int) -> bool:
    """'the border, “she said': an opening mark after the quotation's last punctuation and
    before the lower-case attribution, where the closing mark belongs. Either a quotation is
    open, or none closes later in the paragraph."""
    lo = i - 1 if i - 1 >= ps and text[i - 1] != " " else i - 2
    if lo < ps or not _CLOSING_PLACE.match(text, lo, min(pe, i + 3)):
        return False
    return open_at >= 0 or not re.search(r'[”"]', text[i + 1:pe])


def _misplaced_opener(text: str, i: int, ps: int) -> Finding:
    j = i
    while j > ps and text[j - 1] == " ":
        j -= 1
    end = i + 1
    if end < len(text) and text[end] == " ":
        end += 1
    punct = text[j - 1]
    return QUOTE_MARKS.finding(
        j - 1, end, "An opening quotation mark stands where this quotation closes, before "
        "its attribution.", f"{punct}” ", {"pattern": "opening mark used to close"})


def _stranded(text: str, i: int, ps: int) -> Iterator[Finding]:
    """'discuss…, ”' or 'discuss ”': a comma after the quotation's own stop, or a space,
    left before the closing mark (source-language quoting: «…», – said)."""
    j = i
    while j > ps and text[j - 1] in " \t\u00a0":
        j -= 1
    k = j
    if k - 1 > ps and text[k - 1] in _STRANDABLE and text[k - 2] in _SENTENCE_END:
        k -= 1
    if k == i:
        return
    what = f"a '{text[k]}' after the quotation's own stop" if k < j else "a space"
    yield QUOTE_MARKS.finding(
        k, i + 1, f"Before this closing quotation mark stands {what}.", text[i],
        {"pattern": "stranded before closing mark"})


# An opening single quote or an accent written as an apostrophe: "Korea‘s", "don´t".
# (It and the spacing patterns below start with a character or a set of them, and look
# behind from there: a pattern that starts with a look-behind or '\b' is tried at every
# character of the text, one that starts with a set only where a character of the set stands.)
_FALSE_APOSTROPHE_MARKS = "‘´`"
_FALSE_APOSTROPHE = rx.compile(rf"[{_FALSE_APOSTROPHE_MARKS}](?<=[^\W\d_][{_FALSE_APOSTROPHE_MARKS}])"
                               r"(?=(?:s|t|ll|re|ve)\b)")


def _apostrophes(doc):
    if not any(c in doc.text for c in _FALSE_APOSTROPHE_MARKS):
        return  # (most texts have none: a look for each costs a fraction of the search)
    for m in _FALSE_APOSTROPHE.finditer(doc.text):
        yield QUOTE_MARKS.finding(
            m.start(), m.end(), f"'{m.group()}' is used as an apostrophe; English writes ’ "
            "(or ').", "’", {"pattern": "false apostrophe"})


# -- brackets ------------------------------------------------------------------------

_BRACKET_CHARS = "()[]"
_PAIR = {")": "(", "]": "["}
# "1) first item", "a) second": enumerators close without opening.
_ENUMERATOR = rx.compile(r"(?:\d{1,2}|[A-Za-z]|[ivxIVX]{2,4})\)")


def _brackets(doc):
    text = doc.text
    brackets = _places(text, _BRACKET_CHARS)
    for ps, pe in doc.paragraphs:
        stack: list[int] = []
        for i in _within(brackets, ps, pe):
            c = text[i]
            if c in "([":
                if (c == "(" and i > ps and text[i - 1] in ":;"
                        and (i + 1 == pe or text[i + 1].isspace())):
                    continue  # :( emoticon
                stack.append(i)
                continue
            opener = _PAIR[c]
            if stack and text[stack[-1]] == opener:
                stack.pop()
                continue
            if any(text[j] == opener for j in stack):
                while text[stack[-1]] != opener:
                    j = stack.pop()
                    yield _bracket_finding(text, j)
                stack.pop()
                continue
            if c == ")":
                if i > ps and text[i - 1] in ":;":
                    continue  # :) emoticon
                w = i
                while w > ps and not text[w - 1].isspace():
                    w -= 1
                if _ENUMERATOR.fullmatch(text, w, i + 1):
                    continue
            yield _bracket_finding(text, i)
        for j in stack:
            yield _bracket_finding(text, j)


def _bracket_finding(text: str, i: int) -> Finding:
    c = text[i]
    partner = {"(": ")", "[": "]", ")": "(", "]": "["}[c]
    if c in "([":
        msg = f"'{c}' is never closed in this paragraph (no matching '{partner}')."
    else:
        msg = f"'{c}' closes a bracket that was never opened (no matching '{partner}')."
    return BRACKETS.finding(i, i + 1, msg, "",
                   {"scope": "paragraph"})


# -- spacing -------------------------------------------------------------------------

_SPACE_BEFORE = rx.compile(r"([ \t\u00a0](?<=[\w)\]\"”’%][ \t\u00a0])[ \t\u00a0]*)([,.;:!?])")
# What every match of _SPACE_BEFORE ends with, found where a mark stands (spaces, where
# _SPACE_BEFORE starts, are four times as many): most texts have none.
_SPACED_MARK = rx.compile(r"[,.;:!?](?<=[ \t\u00a0][,.;:!?])")
# (One set of marks first, then each kind's look-behind: a branch whose alternatives start
# with groups or sets, unlike one set, is tried at every character.)
_NO_SPACE_AFTER = rx.compile(r"[,;.:](?:(?<=[^\W\d_][,;])(?=[^\W\d_])"
                             r"|(?<=[^\W\d_]{2}[.:])(?=[A-Z][a-z]))")
# A dash with a space on one side only: "dinner –after", "dinner– after" (a hyphen is
# left alone: "pro -Kremlin" is rarer than "the 2019 -20 season").
_ONE_SIDED_DASH = rx.compile(r" ([–—])(?<=[^\W\d_] [–—])(?=[^\W\d_])|([–—])(?<=[^\W\d_][–—]) (?=[^\W\d_])")
_URLISH = rx.compile(r"://|www\.|@|&\w+;")
# A site's name that is its domain, "News.Az", "Sport.Pl": a two-letter country domain after
# the dot that is no English word (a word there is a slip: "said.It", "met.He").
_DOMAIN_NAME = rx.compile(r"\w\.(?!(?:As|At|Be|By|Do|Go|He|If|In|Is|It|Me|My|No|Of|On|Or|So|To|Up|Us|We)\b)"
                          r"[A-Z][a-z]\b")


def _chunk(text: str, i: int) -> str:
    s = i
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    e = i
    while e < len(text) and not text[e].isspace():
        e += 1
    return text[s:e]


def _spacing(doc):
    # Doubled spaces are not reported: renderers collapse them, and text whose lines were
    # joined is full of them; they are not a translation's slip.
    text = doc.text
    spaced = _SPACE_BEFORE.finditer(text) if _SPACED_MARK.search(text) else ()
    for m in spaced:
        p = m.group(2)
        nxt = text[m.end()] if m.end() < len(text) else " "
        fix = p
        if p == "." and (nxt == "." or nxt.isalnum()):
            if not re.match(r"[A-Z][a-z]", text[m.end():m.end() + 2]):
                continue  # " ..." ellipsis, " .5", " .NET", " .com"
            fix = ". "  # "2019 .He"
        if p == ":" and (nxt.isdigit() or nxt in ")("):
            continue
        if p in "!?" and nxt in "!?":
            continue
        yield SPACING.finding(m.start(), m.end(),
                      f"Space before '{p}'.", fix, {"pattern": "space before punctuation"})
    for m in _NO_SPACE_AFTER.finditer(text):
        i = m.start()
        chunk = _chunk(text, i)
        # "One.Tel" twice in a story is a brand's spelling, not a slip.
        if _URLISH.search(chunk) or text.count(chunk.strip("\"“”‘’'()[],;:!?")) > 1 \
                or _DOMAIN_NAME.search(chunk):
            continue
        p = text[i]
        yield SPACING.finding(i, i + 1,
                      f"Missing space after '{p}'.", p + " ",
                      {"pattern": "missing space after punctuation"})
    if "–" not in text and "—" not in text:
        return  # (every one-sided dash is a dash; the pattern is tried at every character)
    for m in _ONE_SIDED_DASH.finditer(text):
        dash = m.group(1) or m.group(2)
        yield SPACING.finding(m.start(), m.end(),
                      f"'{dash}' has a space on one side only.", f" {dash} ",
                      {"pattern": "one-sided dash"})


# -- quoted organisation names -------------------------------------------------------

_QUOTED = rx.compile(r'(["“«])(?<![^\s(\[—–-]["“«])([^"“”«»\n]{2,60}?)(["”»])')
_ORG_KINDS = frozenset(("organisation", "agency", "publication"))
_NAMING = frozenset(("called", "so-called", "dubbed", "named", "nicknamed", "titled",
                     "entitled", "word", "term", "slogan", "motto"))


def _name_shaped(inner: str, fw: frozenset[str]) -> bool:
    """'Servant of the People', 'TASS': 1-6 words, the first and every content word capitalised."""
    ws = inner.split(" ")
    if not 1 <= len(ws) <= 6 or not all(ws) or not ws[0][:1].isupper():
        return False
    if any(c in inner for c in ",;:!?…") or inner.endswith("."):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in fw for w in ws)


def _quoted_names(doc, ctx):
    text = doc.text
    fw = _function_words()
    gaz = None
    for m in _QUOTED.finditer(text):
        inner = m.group(2)
        if not _name_shaped(inner, fw):
            continue
        before = text[max(0, m.start() - 30):m.start()].split()
        prev = before[-1].lower() if before else ""
        if prev in _NAMING:
            continue  # 'a party called "Forward"': naming it, English quotes that too
        if gaz is None:
            gaz = gazetteer(tuple(Path(p) for p in ctx.packs.gazetteers))
        kinds = sorted({e.kind for e in gaz.lookup(inner)} & _ORG_KINDS)
        noun = prev in _word_class("organisation-noun")
        if not kinds and not noun:
            continue
        ev = {"gazetteer_kind": kinds[0]} if kinds else {"class_noun": prev}
        yield QUOTED_NAME.finding(
            m.start(), m.end(), f"English news prints the name '{inner}' without quotation "
            "marks (quoting an organisation's name is the source language's convention).",
            inner, ev, 0.85 if kinds else 0.7)


# -- run-on sentences ----------------------------------------------------------------

_HEADLINE_SHARE = 0.6  # capitalised share of a line's content words that marks title case


def _title_case(doc, pi: int, cache: dict[int, bool]) -> bool:
    if pi not in cache:
        ps, pe = doc.paragraphs[pi]
        fw = _function_words()
        ws = [w for w in re.findall(r"[^\W\d_][\w'’-]*", doc.text[ps:pe]) if w.lower() not in fw]
        cache[pi] = len(ws) >= 2 and sum(w[0].isupper() for w in ws) >= _HEADLINE_SHARE * len(ws)
    return cache[pi]


def _in_short_quote(text: str, lo: int, i: int) -> bool:
    """Inside a quotation opened a few words back: a title ('the song "Let It be"')."""
    opened = [j for j in range(lo, i) if text[j] in "\"“”«»"]
    return len(opened) % 2 == 1 and len(text[opened[-1]:i].split()) <= 6


def _run_ons(doc, ctx, lows: list[str]):
    text, toks = doc.text, doc.tokens
    gaz = None
    openers = _word_class("sentence-opener")
    fw = _function_words()
    titles: dict[int, bool] = {}
    for k in [k for k in range(1, len(toks) - 1) if lows[k] in openers]:
        t = toks[k]
        if (t.kind != "word" or not t.text[0].isupper()
                or not t.text[1:].islower() and len(t.text) > 1):
            continue
        p, n = toks[k - 1], toks[k + 1]
        if (p.kind != "word" or n.kind != "word" or not n.text[0].islower()
                or text[p.end:t.start] != " " or text[t.end:n.start] != " "
                or not p.text[0].isalpha() or lows[k - 1] in fw):
            continue
        sent = doc.sentence_at(t.start)
        if (_title_case(doc, _paragraph_of(doc, t.start), titles)
                or _in_short_quote(text, sent.start if sent else 0, t.start)):
            continue
        if p.text[0].isupper():
            if gaz is None:
                gaz = gazetteer(tuple(Path(x) for x in ctx.packs.gazetteers))
            if gaz.lookup(f"{p.text} {t.text}"):
                continue  # 'Liu He': a name whose last word looks like an opener
        yield RUN_ON.finding(
            p.start, t.end, f"Two sentences run together: nothing separates '{p.text}' from "
            f"'{t.text}', which opens a new one.", f"{p.text}. {t.text}",
            {"opener": t.text, "next_word": n.text}, 0.8)


# -- verb forms (English, from the lexicon) ------------------------------------------

def _tags(w: str) -> str:
    return _pos().get(w, "")


def _third(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if len(base) > 1 and base[-1] == "y" and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def _base_of_third(w: str) -> str | None:
    """The base verb whose 3rd-person singular is w ('meets' -> 'meet'), or None."""
    if not w.endswith("s") or w.endswith("ss"):
        return None
    cands = []
    if w.endswith("ies"):
        cands.append(w[:-3] + "y")
    if w.endswith("es"):
        cands.append(w[:-2])
    cands.append(w[:-1])
    for stem in cands:
        if (stem and "v" in _tags(stem) and _third(stem) == w
                and not stem.endswith(("ing", "ed"))):
            return stem
    return None


def _is_third(w: str) -> bool:
    return "v" in _tags(w) and _base_of_third(w) is not None


def _is_base(w: str) -> bool:
    return ("v" in _tags(w) and not w.endswith(("ing", "ed"))
            and w not in _irregular()[1] and _base_of_third(w) is None
            and "v" in _tags(_third(w)))


def _match_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        parts = model.split("-")
        if len(parts) > 1 and all(p[:1].isupper() for p in parts):
            return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
        return word[:1].upper() + word[1:]
    return word


# -- headline agreement --------------------------------------------------------------

_CLAUSE_BREAK = frozenset(",:;|?!—–-()\"“”'‘’[]")


def _headline(doc):
    if not doc.paragraphs:
        return
    ps, pe = doc.paragraphs[0]
    line = doc.text[ps:pe]
    if "\n" in line or "\r" in line or line.endswith("."):  # (CR: old Mac line endings)
        return
    toks = []
    for t in doc.tokens:
        if t.start >= pe:
            break
        if t.start >= ps:
            toks.append(t)
    if not 3 <= sum(1 for t in toks if t.kind == "word") <= 20 or not _pos():
        return
    # Split into clauses at punctuation.
    clauses: list[list] = [[]]
    for t in toks:
        if t.kind == "punct" and t.text in _CLAUSE_BREAK:
            clauses.append([])
        else:
            clauses[-1].append(t)
    for cl in clauses:
        for j, t in enumerate(cl):
            if t.lower not in ("and", "&") or j + 1 >= len(cl) or cl[j + 1].kind != "word":
                continue
            yield from _agreement(cl, j)


def _subject_ok(tok) -> tuple[bool, bool]:
    """(can end a subject noun phrase, is a plural common noun)."""
    if tok.kind != "word":
        return False, False
    w = tok.lower
    if w in _function_words() or w in ("'s", "’s"):
        return False, False
    tags = _tags(w)
    if tags and "n" not in tags:
        return False, False  # adjective or adverb: 'New Visits'
    return True, _is_plural_noun(w)


def _is_plural_noun(w: str) -> bool:
    if not w.endswith("s") or w.endswith("ss") or "n" not in _tags(w):
        return False
    stems = [w[:-1]]
    if w.endswith("es"):
        stems.append(w[:-2])
    if w.endswith("ies"):
        stems.append(w[:-3] + "y")
    return any("n" in _tags(s) for s in stems)


def _verb_head_ok(cl, k: int, compound_check: bool = True) -> bool:
    """Is cl[k] (a word that may also be a noun) followed by something a verb would take?

    compound_check: a plural noun next ('Trade Deals') means a noun compound.
    """
    w = cl[k].lower
    if "n" not in _tags(w):
        return True
    if k + 1 >= len(cl):
        return False  # 'Visits Farm And Plant' (end of clause): likely a noun
    nxt = cl[k + 1]
    if nxt.kind != "word":
        return nxt.kind == "num"
    n = nxt.lower
    if n in _function_words():
        return n in _word_class("object-start")
    if compound_check and _is_plural_noun(n):
        return False  # 'Trade Deals': a noun compound
    return True


def _agreement(cl, j: int):
    k = j + 1
    y = cl[k]
    yw = y.lower
    # Case A: 'Visits ... And Meet'; case B: 'Visit ... And Meets'.
    if _is_base(yw):
        want_third_before = True
        if any(t.kind == "word" and _is_third(t.lower) for t in cl[k + 2:]):
            return  # 'And Trade War Looms': a new clause with its own verb
    elif _is_third(yw):
        want_third_before = False
    else:
        return
    for i in range(j - 1, 0, -1):
        v = cl[i]
        if v.kind != "word":
            continue
        vw = v.lower
        if vw in _word_class("coordination-stop"):
            return  # 'To Sign Deal And Meet': the verbs after 'to' agree with each other
        if want_third_before and not _is_third(vw):
            continue
        if not want_third_before and not _is_base(vw):
            continue
        subj, plural = _subject_ok(cl[i - 1])
        # A plural noun after a 3sg form is its object ('Holds Talks'); after a base form
        # it may make a compound ('And Tax Cuts'), so precision wins over 'And Hold Talks'.
        if not _verb_head_ok(cl, k, not _is_third(yw)):
            return
        if not subj or not _verb_head_ok(cl, i, not want_third_before):
            continue  # not a verb here ('Meet Premier And'): look further left
        if want_third_before:
            if plural:
                return  # 'Leaders Visits ... And Meet': the subject decides; leave it
            bad, good = y, _third(yw)
            other = v
        elif plural:
            base = _base_of_third(yw)
            assert base is not None  # want_third_before is False: yw is a 3sg form
            bad, good = y, base
            other = v
        else:
            bad, good = v, _third(vw)
            other = y
        conf = 0.9 if "n" not in _tags(bad.lower) else 0.75
        yield HEADLINE.finding(
            bad.start, bad.end,
            f"Headline verbs disagree: '{other.text}' and '{bad.text}' share a subject "
            f"but not a form.",
            _match_case(bad.text, good),
            {"lexicon": _LEXICON, "tags": _tags(bad.lower), "other_verb": other.text,
             "subject": cl[i - 1].text},
            conf)
        return


# -- verb used as a noun -------------------------------------------------------------



def _verb_as_noun(doc, lows: list[str]):
    toks = doc.tokens
    pos = None
    not_possessor = _word_class("not-possessor")
    determiners = _word_class("possessive-determiner")
    possessors = determiners | {"'s", "’s"}
    for i in [i for i, lw in enumerate(lows[:-1]) if lw in possessors]:
        t, lw = toks[i], lows[i]
        if t.kind != "word":
            continue
        if lw in ("'s", "’s"):
            if (i == 0 or lows[i - 1] in not_possessor
                    or toks[i - 1].end != t.start):
                continue
        elif lw == "her":
            # "made her withdraw": object pronoun; trust 'her' only after a preposition.
            prev = lows[i - 1] if i else ""
            if prev not in _function_words() or prev in determiners:
                continue
        w = toks[i + 1]
        if w.kind != "word":
            continue
        if pos is None:
            pos = _pos()
            if not pos:
                return
            fw = _function_words()
        ww = lows[i + 1]
        tags = pos.get(ww, "")
        if "v" not in tags or "n" in tags or "a" in tags or ww in fw or ww in _irregular()[2]:
            continue
        noun = _nominalizations().value(ww) or ""  # (read only when a verb stands here)
        if not noun and not _is_base(ww):
            continue  # 'Xi's arrived' ('s = has): an inflected form, not a verb-as-noun
        if noun == ww:
            continue
        if i + 2 < len(toks):
            nxt = toks[i + 2]
            if nxt.kind == "word" and lows[i + 2] not in fw and "n" in pos.get(lows[i + 2], ""):
                continue  # the word modifies a noun head
        sugg = _match_case(w.text, noun) if noun else ""
        msg = (f"'{w.text}' is a verb used here as a noun"
               + (f"; the noun is '{sugg}'." if sugg else "."))
        ev = {"lexicon": _LEXICON, "tags": tags}
        if noun:
            ev["nominalization"] = f"{ww} -> {noun} (en-nominalizations.tsv)"
        yield VERB_NOUN.finding(w.start, w.end, msg, sugg, ev,
                      0.9 if noun else 0.7)


# -- implausible years ---------------------------------------------------------------

_MONTHS = {m.lower(): i + 1 for i, m in enumerate((
    "January February March April May June July August September October November "
    "December").split())}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
       r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_FULL_DATE = rx.compile(
    rf"\b(?P<m1>{_MON})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y1>(?:19|20)\d\d)\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m2>{_MON})\.?,? (?P<y2>(?:19|20)\d\d)\b"
    r"|\b(?P<y3>(?:19|20)\d\d)-(?P<m3>0[1-9]|1[0-2])-(?P<d3>0[1-9]|[12]\d|3[01])\b")
# A dateline: 'MOSCOW, March 17, 2023 (Reuters) -' or a paragraph that is only a date.
_DATELINE_HEAD = rx.compile(r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Za-z.' ]{2,30})?,?\s*$")
_DATE_LINE = rx.compile(r"(?:(?:Published|Updated|Posted|Date)\s*:?\s*)?"
                        r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s*)?$")
_YEAR = rx.compile(r"(?:19|20)\d\d")

_BREAK_PUNCT = frozenset(",;:()[]\"“”—–")


def _full_dates(doc):
    """[(start, end, (y, m, d), year_start)] for explicit full dates in the text."""
    out = []
    for m in _year_lines(doc.text):
        g = "1" if m.group("y1") else "2" if m.group("y2") else "3"
        mon = m.group("m" + g)
        y, d, ys = m.group("y" + g), m.group("d" + g), m.start("y" + g)
        mo = int(mon) if g == "3" else _MONTHS[mon.lower()]
        if 1 <= int(d) <= 31:
            out.append((m.start(), m.end(), (int(y), mo, int(d)), ys))
    return out


def _year_lines(text: str) -> Iterator[re.Match[str]]:
    """_FULL_DATE's matches, searched for only in the lines that hold a year: every match
    holds one, and none holds a line break (the pattern, which starts with '\b', is tried at
    every character it is given)."""
    searched = 0  # the end of the lines searched so far
    for y in _YEAR.finditer(text):
        if y.start() < searched:
            continue
        start = text.rfind("\n", 0, y.start()) + 1
        searched = text.find("\n", y.end())
        if searched < 0:
            searched = len(text)
        # (a match ends before the line's break, where '\b' reads the end as it reads '\n')
        yield from _FULL_DATE.finditer(text, start, searched)


def _is_dateline(doc, start: int, end: int) -> bool:
    pi = _paragraph_of(doc, start)
    if pi < 0 or pi > 3:
        return False
    ps, pe = doc.paragraphs[pi]
    head = doc.text[ps:start]
    if _DATE_LINE.fullmatch(head.strip()) and not doc.text[end:pe].strip(" .,()"):
        return True  # a paragraph that is only a date
    return pi <= 2 and bool(_DATELINE_HEAD.fullmatch(head))


def _years(doc):
    if not _YEAR.search(doc.text):
        return
    dates = _full_dates(doc)
    if not dates:
        return  # no reference date: never guess from today's date
    tok_starts = [t.start for t in doc.tokens]
    datelines = [d for d in dates if _is_dateline(doc, d[0], d[1])]
    if datelines:
        ref_date, source, conf = datelines[0][2], "dateline", 0.9
    else:
        cands = [d for d in dates if _tense(doc, tok_starts, d[0]) != "future"]
        if not cands:
            return
        ref_date, source, conf = max(d[2] for d in cands), "full date in the text", 0.75
    ref_year = ref_date[0]
    date_at = {d[3]: d for d in dates}
    for ti, t in enumerate(doc.tokens):
        if t.kind != "num" or len(t.text) != 4 or not _YEAR.fullmatch(t.text):
            continue
        year = int(t.text)
        if year == ref_year:
            continue
        nxt = doc.tokens[ti + 1] if ti + 1 < len(doc.tokens) else None
        if nxt is not None and nxt.start == t.end and nxt.text in "-–/":
            if t.start not in date_at:
                continue  # a range '2019-2023' or a code
        d = date_at.get(t.start)
        anchor = d[0] if d else t.start
        tense, cue = _tense(doc, tok_starts, anchor, with_cue=True)
        if tense == "past" and year > ref_year:
            msg = (f"{year} is later than the article's own date ({_fmt(ref_date)}), but the "
                   f"clause reports it as past ('{cue}'): the year is probably mistranslated.")
        elif tense == "future" and year < ref_year:
            msg = (f"{year} is earlier than the article's own date ({_fmt(ref_date)}), but the "
                   f"clause puts it in the future ('{cue}'): the year is probably mistranslated.")
        else:
            continue
        yield YEAR.finding(t.start, t.end, msg, "",
                      {"reference_date": _fmt(ref_date), "reference_from": source,
                       "tense": tense, "cue": cue}, conf)


def _fmt(d) -> str:
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def _tense(doc, tok_starts, anchor: int, with_cue: bool = False):
    """'past', 'future' or None for the clause that places the date starting at anchor."""
    none = (None, "") if with_cue else None
    toks = doc.tokens
    sent = doc.sentence_at(anchor)
    lo = sent.tok_lo if sent else 0
    k = bisect.bisect_left(tok_starts, anchor) - 1
    # The date must hang on a preposition: 'in 2025', 'in the spring of 2025', 'on March 3, 2025'.
    prep = ""
    while k >= lo:
        w = toks[k].lower
        if w in _word_class("past-preposition") or w in _word_class("future-preposition"):
            prep = w
            k -= 1
            break
        if (w in _word_class("date-filler") or w in _MONTHS
                or (toks[k].kind == "num" and len(w) <= 2)):
            k -= 1
            continue
        return none
    if not prep:
        return none
    past_forms, all_forms, _ = _irregular()
    participle = 0  # end offset of a participle waiting for its auxiliary
    words = 0
    while k >= lo and words < 10:
        t = toks[k]
        w = t.lower
        if t.kind == "punct":
            if t.text in _BREAK_PUNCT:
                break
            k -= 1
            continue
        words += 1
        result = None
        if w.endswith(("n't", "n’t")):
            w = w[:-3]  # didn't -> did, wasn't -> was, won't -> wo, can't -> ca
        if w in _word_class("future-auxiliary") or w.endswith(("'ll", "’ll")):
            result = "future"
        elif w in _word_class("modal") or w in _word_class("clause-opener"):
            break
        elif w in _word_class("past-auxiliary"):
            result = "past"
        elif w in _word_class("perfect-auxiliary"):
            result = "past" if participle else None
            if not participle:
                break
        elif w in _word_class("present-auxiliary"):
            break  # present tense, or a present passive: 'is held in 2025'
        elif w in _word_class("be"):
            pass
        elif w == "to" and k + 1 < len(toks) and "v" in _tags(toks[k + 1].lower):
            # An infinitive: future only after 'is going/set/due to'.
            if (k >= lo + 2 and toks[k - 1].lower in _word_class("going-to")
                    and toks[k - 2].lower in _word_class("present-auxiliary")):
                result, t = "future", None
                cue = f"{toks[k - 2].text} {toks[k - 1].text} to"
            else:
                break
        elif t.text[0].islower() and (w in all_forms or _is_past_ed(w)):
            if w in _future_participles():
                break
            prev = k - 1
            while prev >= lo and toks[prev].lower in _word_class("adverbial"):
                prev -= 1
            pw = toks[prev].lower if prev >= lo else ""
            if any(pw in _word_class(c) for c in ("be", "present-auxiliary", "past-auxiliary",
                                             "perfect-auxiliary")):
                participle = t.end  # passive or perfect: the auxiliary decides
            elif w in past_forms or _is_past_ed(w):
                result = "past"
            # a bare participle ('risen', 'grown') says nothing without its auxiliary
        if result:
            if result == "past" and prep not in _word_class("past-preposition"):
                return none
            if result == "future" and prep not in _word_class("future-preposition"):
                return none
            if not with_cue:
                return result
            if t is None:
                return result, cue
            return result, doc.text[t.start:max(t.end, participle)]
        k -= 1
    return none


def _is_past_ed(w: str) -> bool:
    if len(w) < 4 or not w.endswith("ed") or "v" not in _tags(w):
        return False
    stems = [w[:-1], w[:-2]]
    if w.endswith("ied"):
        stems.append(w[:-3] + "y")
    if len(w) > 4 and w[-3] == w[-4]:
        stems.append(w[:-3])  # 'planned' -> 'plan'
    return any("v" in _tags(s) for s in stems)
