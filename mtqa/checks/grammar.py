"""Grammar MT makes and careful English news copy does not: a few rule-shaped patterns, each
the trace of one source-language construction, each kept only where it held up on clean news.

- grammar.first-person: "my country", "our nation" in a report's narrative (Chinese 我国
  "our country"), and a first-person "I"/"my" in a paragraph with no quotation at all (MT
  lost the quote marks, or read a possessive suffix as "my");
- grammar.verb-object: "assures that", "reminded that": a verb that needs a person object
  before its that-clause (Romance "asegura que", "ricorda che");
- grammar.dropped-subject: "Stresses that ...", "Remember that ..." opening a sentence: the
  subject a pro-drop language left out;
- grammar.since-ago: "since three days ago" (Indonesian "sejak", Chinese "自...以来");
- grammar.quantifier: "as many as 12,731 people" (Indonesian/Malay "sebanyak" before an
  exact count, where English uses "as many as" for a rough upper estimate), and "a total
  of" twice in one sentence;
- grammar.this-weekday: "said this Tuesday" (Romance "este martes"; English news: "on Tuesday");
- grammar.bare-ordinal-date: "on the 22nd" with no month in sight (CJK "22日");
- grammar.era-year: "the 5th year of Heisei" (Japanese era years; suggests 1993);
- grammar.missing-article: "a bill that Knesset passed" (names English always writes with
  "the", corpora/grammar/the-institutions.tsv, after a word that opens a noun phrase).

Quotations are exempt (a speaker may talk any way) and so are headlines (telegraphic grammar).
Measured on ~105k words of clean, human-written English news (the Lee corpus and 190 wire
and broadcaster articles): 0 findings for every rule at the time of writing; the figures are
kept in corpora/grammar/PROVENANCE.md.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import packs, quotes, resources, rx
from ..document import Document, Sentences
from ..finding import Finding
from ..rules import Rule
from .context import Context
from .persons import given

FIRST_PERSON = Rule(
    "grammar.first-person", "accuracy/mistranslation", "minor",
    "A first-person pronoun in the narrative of a news report (three sentences or more, someone "
    "reported in the third person): 'my country' or 'our nation' "
    "(Chinese 我国 'our country', which English news writes as the country's name), or 'I'/'my' "
    "in a paragraph without any quotation (quote marks lost, or a possessive suffix misread).",
    langs=("en",),
    examples=("Growth slowed in the third quarter, the statistics office said on Monday. "
              "Retail sales rose by 2 percent. Over the year my country's exports fell.",),
    counterexamples=("Growth slowed in the third quarter, the statistics office said on "
                     "Monday. Retail sales rose by 2 percent. \"My country's exports fell,\" "
                     "the minister said.",))
SECOND_PERSON = Rule(
    "grammar.second-person", "accuracy/mistranslation", "minor",
    "A second-person 'you'/'your' in a paragraph of a news report (as for first-person) without any quotation and "
    "not in a question: a report addresses nobody; quote marks were lost, or a polite or "
    "impersonal construction (Japanese, Korean, Finnish, German 'man') was rendered as 'you'.",
    langs=("en",),
    examples=("The governor opened the session on Monday, her office said. Three bills are "
              "on the agenda. While you are busy, the budget must pass this week.",),
    counterexamples=('The governor opened the session on Monday, her office said. Three bills '
                     'are on the agenda. "While you are busy, the budget must pass this week," '
                     'she said.',))
VERB_OBJECT = Rule(
    "grammar.verb-object", "fluency/grammar", "minor",
    "A verb that needs a person object before its that-clause used without one ('the mayor "
    "assures that', 'she reminded that'): a calque of Romance 'asegura que', 'ricorda che'. News "
    "English says 'said that', or names who was assured.",
    langs=("en",),
    examples=("The minister assures that the budget will pass.",),
    counterexamples=("The minister assures voters that the budget will pass.",))
DROPPED_SUBJECT = Rule(
    "grammar.dropped-subject", "fluency/grammar", "major",
    "A sentence that opens with a reporting verb and 'that' and has no subject ('Stresses "
    "that...', 'Remember that...'): Spanish, Italian and Portuguese drop the subject, MT keeps "
    "the verb first (and may read 'recuerda' as the imperative 'remember').",
    langs=("en",),
    examples=("The mayor spoke at noon. Stresses that the bridge will reopen in May.",),
    counterexamples=("The mayor spoke at noon. She stressed that the bridge will reopen in May.",))
SINCE_AGO = Rule(
    "grammar.since-ago", "fluency/grammar", "minor",
    "'since' with a duration and 'ago' ('since three days ago'): MT of Indonesian 'sejak' or "
    "Chinese '自...以来'. English says 'for three days' or 'three days ago'.",
    langs=("en",),
    examples=("The road has been closed since three days ago.",),
    counterexamples=("The road has been closed for three days.",))
QUANTIFIER = Rule(
    "grammar.quantifier", "style/unidiomatic", "minor",
    "'as many as' before an exact, non-round count ('as many as 12,731 people': Indonesian/"
    "Malay 'sebanyak', 'amounting to'), where English uses it for a rough upper estimate; or "
    "'a total of' twice in one sentence.",
    langs=("en",),
    examples=("The death toll reached as many as 1,437 people.",),
    counterexamples=("The death toll could reach as many as 1,500 people.",))
THIS_WEEKDAY = Rule(
    "grammar.this-weekday", "style/unidiomatic", "minor",
    "A past-tense verb followed by 'this <weekday>' ('said this Tuesday'): Spanish 'este "
    "martes', Portuguese 'nesta terça-feira', Italian 'questo martedì'. English news writes "
    "'on Tuesday'.",
    langs=("en",),
    examples=("The minister said this Tuesday that talks would resume.",),
    counterexamples=("The minister said on Tuesday that talks would resume.",))
BARE_ORDINAL = Rule(
    "grammar.bare-ordinal-date", "locale/convention", "minor",
    "A date given as a bare ordinal day ('on the 22nd') with no month in the sentence or the one "
    "before: Chinese, Japanese and Korean news write the day alone ('9日'); English news "
    "writes the weekday or the month and day.",
    langs=("en",),
    examples=("The ministry said on the 22nd that exports had risen.",),
    counterexamples=("The ministry said on June 22nd that exports had risen.",))
ERA_YEAR = Rule(
    "grammar.era-year", "locale/convention", "minor",
    "A Japanese imperial era year written out ('the 5th year of Heisei', 'Reiwa 3'): English "
    "news gives the Gregorian year.",
    langs=("en",),
    examples=("The law was passed in the 5th year of Heisei.",),
    counterexamples=("The law was passed in 1993.",))
MISSING_ARTICLE = Rule(
    "grammar.missing-article", "fluency/grammar", "minor",
    "An institution English always names with 'the' ('the Bundestag', 'the Kremlin') used "
    "as a noun phrase without it: languages without articles (Russian, Ukrainian, Polish, "
    "Finnish, Turkish, CJK) leave it out.",
    langs=("en",),
    examples=("The bill now goes to Bundestag for a vote.",),
    counterexamples=("The bill now goes to the Bundestag for a vote.",))
NOUN_BEFORE_NAME = Rule(
    "grammar.noun-before-name", "fluency/grammar", "minor",
    "A class noun before a disease or event name ('the outbreak H5N1'): Indonesian and "
    "Romance noun phrases put the noun first; English writes 'the H5N1 outbreak'.",
    langs=("en",),
    examples=("Poultry farms closed during the epidemic H7N9 and have not reopened.",),
    counterexamples=("Poultry farms closed during the H7N9 epidemic and have not reopened.",))
HONORIFIC_GIVEN = Rule(
    "grammar.honorific-given-name", "style/unidiomatic", "minor",
    "Mr or Ms before a person's given name ('Mr. Mehmet' for Mehmet Yilmaz): Turkish "
    "'Mehmet Bey', Japanese '-san' after a given name, Indonesian 'Pak' + given name. English news puts "
    "the title before the surname.",
    langs=("en",),
    examples=("Mehmet Yilmaz chairs the board. Mr. Mehmet said the plan was sound.",),
    counterexamples=("Mehmet Yilmaz chairs the board. Mr. Yilmaz said the plan was sound.",))
RULES = [FIRST_PERSON, SECOND_PERSON, VERB_OBJECT, DROPPED_SUBJECT, SINCE_AGO, QUANTIFIER, THIS_WEEKDAY,
         BARE_ORDINAL, ERA_YEAR, MISSING_ARTICLE, NOUN_BEFORE_NAME, HONORIFIC_GIVEN]

REPORT_SENTENCES = 3  # fewer: a segment out of context, not a report
# A source-language calque rule that reports the same span knows more (its source pattern):
# the general rule's finding gives way to it (see checks.run_checks).
YIELDS_TO = ("calques-",)
HEADLINE_WORDS = 25  # a paragraph this short without a final stop is a headline or a subhead
EXACT_DIGITS = 3  # "as many as" before this many significant digits is an exact count
DATE_LOOKBACK = 1  # sentences before the ordinal searched for a month
COMMON_GIVEN = 4  # a given name at least this common (1-13 scale) in some country


def _starting(*alternatives: str, before: str = r"\w") -> str:
    r"""'\b(?:alternative|...)' for alternatives that open with a word (then any pattern),
    each written to start with its word and look behind it for a `before` character (none
    may stand there), in the same order: a pattern that starts with '\b' or a look-behind is
    tried at every character of the text, one that starts with a word only where the word
    stands (or, for several, where one of their first letters does)."""
    out = []
    for alt in alternatives:
        word = _LEADING_WORD.match(alt)
        if word is None:
            raise ValueError(f"{alt!r} does not open with a word")
        w = word.group()
        out.append(f"{w}(?<!{before}{w}){alt[len(w):]}")
    return "(?:" + "|".join(out) + ")"


_LEADING_WORD = rx.compile(r"\w+")
_QUOTE_MARKS = rx.compile("[\"“”«»„‟]|''")
_COLON = rx.compile(r":\s")  # not "10:30"
_FINAL_STOP = rx.compile(r"[.!?…:;][\"”’)]*\s*$")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = rx.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b|" + _WEEKDAYS)
_HOMELAND = ("country", "nation", "motherland", "homeland")
_MY_COUNTRY = rx.compile(_starting("my", "My", "our", "Our")
                         + rf" (?:{'|'.join(_HOMELAND)})(?:['’]s)?\b")
_MY_COUNTRY_CUES = tuple(" " + w for w in _HOMELAND)  # (see _Doc.matches)
_SINGULAR = rx.compile(_starting("I", "my", "My", "I['’](?:ve|m|d|ll)", before=r"[-\w]") + r"(?![-\w])")
_CAPITALISED_NEXT = rx.compile(r" [A-Z]")
_SECOND = rx.compile(_starting("you", "You", "your", "Your", "you['’](?:re|ve|ll|d)",
                               "You['’](?:re|ve|ll|d)") + r"\b")
_SECOND_CUES = ("you", "You")
# Explainers and notices address the reader on purpose: "here's what you need to know",
# "entries you may have missed", "if you live near the coast", "thank you".
_READER_ADDRESS = rx.compile(
    r"\b(?:(?:[Ii]f|[Uu]nless|[Ww]henever|[Oo]nce|[Ww]hat|[Tt]hank) you\b|[Yy]ou(?:['’](?:ll|d better)|"
    r"\s+(?:can|could|may|might|must|need|should|will|have to|ought to|had better))\b)")
_REPORTING = rx.compile(_starting("said", "says", "told", "according to", "reported", "announced")
                        + r"\b")
_NUMERAL_I = rx.compile(r"[A-Z][\w.]*\s$")  # "World War I", "Elizabeth I": a numeral
_SINCE_AGO = rx.compile(
    _starting("since") + r" ((?:(?:about|some|nearly|almost|around|more than|over|at least) )?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|many) "
    r"(?:\w+ )?(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries))\s+ago\b")
_AS_MANY = rx.compile(_starting("as", "As") + r" many as (\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)")
_TOTAL = rx.compile(_starting("a", "A") + r" total of\b")
_AS_MANY_CUES, _TOTAL_CUES = (" many as ",), (" total of",)  # (see _Doc.matches)
_THIS_DAY = rx.compile(r"\b(\w+) (this (" + _WEEKDAYS + r"))\b")
# What every match of _THIS_DAY holds, found in a fraction of its time (it starts with a
# literal, where _THIS_DAY, whose match starts with any word, is tried at every character).
_THIS_WEEKDAY = rx.compile(" this (?:" + _WEEKDAYS + ")")
# "said this Monday would be a holiday", "this Tuesday evening": the day is a subject or a
# time of day, not a calque of "este martes".
_DAY_AS_SUBJECT = rx.compile(
    r"\s+(?:is|was|will|would|could|should|might|may|must|can|has|had|marks|marked|"
    r"morning|afternoon|evening|night)\b")
_PAST_IRREGULAR = frozenset(
    "said told met held made gave took went came spoke wrote saw began left sent put set "
    "brought found sought won lost led chose rose fell struck".split())
_ORDINAL_DAY = rx.compile(_starting("on", "On") + r" the (\d{1,2})(?:st|nd|rd|th)\b(?=\s*[,.;)]|\s+(?:that|and|when|at|in|of) )"
                          r"(?!\s+of (?:the|each|every|this|that|last|next) month)")
_GREGORIAN = rx.compile(r"\b(?:1[89]|20)\d\d\b")
_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth twentieth").split()
# Passive and adjectival uses have their object: "was assured that", "rest assured that".
_PASSIVE = frozenset("be is are was were been being am get gets got getting rest feel felt "
                     "remain remains remained seem seems seemed".split())
_WORD_BEFORE = rx.compile(r"(\w+)\W*\s+$")
# Words after which a noun phrase starts: a bare institution name there lacks "the" ("or"
# is left out: "the lower house, or Sejm" glosses a name).
_NP_SLOT = frozenset(
    "in of at to by from with for on into onto about against before after without within "
    "through between among under over via than that and but while whether "
    "will would can could should shall may might must did does do".split())
_HONORIFIC = rx.compile(_starting("Mr", "Mrs", "Ms", "Miss") + r"\.? ([A-Z][a-zà-öø-ÿ]+)\b(?![-’'.]?\s*[A-Z])")
_NAME_TOKEN = r"[A-Z][\w’'-]+"
# Given names of surname-first countries are often surnames too ("Mr Kim", "Mr Lee").
_SURNAME_FIRST = frozenset(("cn", "kr", "vn", "tw", "hk"))


# -- data ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ThatVerb:
    form: str
    kind: str  # object | opener
    suggestion: str
    source: str


@functools.cache
def _that_verbs() -> dict[tuple[str, str], ThatVerb]:
    rows = resources.read_tsv(resources.path("grammar", "that-verbs.tsv"))
    return {(r["kind"], r["form"]): ThatVerb(r["form"], r["kind"], r["suggestion"], r["source"])
            for r in rows}


@functools.cache
def _object_verbs() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The pattern, and its cues (see _Doc.matches): the verb forms."""
    forms = sorted(f for k, f in _that_verbs() if k == "object")
    return rx.compile("(" + _starting(*forms) + r") that\b"), tuple(forms)


@functools.cache
def _institutions() -> re.Pattern[str]:
    rows = resources.read_tsv(resources.path("grammar", "the-institutions.tsv"))
    names = sorted((r["name"] for r in rows), key=len, reverse=True)
    return rx.compile("(" + _starting(*map(re.escape, names)) + r")\b(?![-‐’'])")


@functools.cache
def _class_nouns() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = resources.read_tsv(resources.path("grammar", "class-nouns.tsv"))
    source = {r["noun"]: r["source"] for r in rows}
    # The name must hold a digit (H5N1, SARS-2): a bare capitalised word may start a clause.
    return rx.compile(_starting("the") + " (" + "|".join(source) + r") ((?=[\w-]*\d)[A-Z][\w-]*\w)"), source


@functools.cache
def _eras() -> tuple[re.Pattern[str], dict[str, int]]:
    start: dict[str, int] = {}
    for r in resources.read_tsv(resources.path("grammar", "japanese-eras.tsv")):
        for name in r["era"].split("|"):
            start[name] = int(r["start"])
    names = "|".join(sorted(start, key=len, reverse=True))
    pat = rx.compile(
        rf"\b(?:the )?(?:(\d{{1,2}})(?:st|nd|rd|th)|({'|'.join(_ORDINAL_WORDS)})) year of ({names})\b"
        rf"|\b({names}) (\d{{1,2}})\b(?![.,]?\d)", re.IGNORECASE)
    return pat, start


# -- the document's shape -----------------------------------------------------------------------
class _Doc:
    """What every rule asks of the text: where quotations, headlines and bare paragraphs are.
    Paragraphs are judged only where a pattern matched (a text of one-word lines has a
    paragraph a word, and sets over all of them would cost more than the check), and each
    once: a long paragraph asked about at every match would make the check quadratic."""

    def __init__(self, doc: Document):
        self.doc, self.text = doc, doc.text
        self.quoted = quotes.spans(doc.text)
        self._headline: dict[int, bool] = {}
        self._unquoted: dict[int, bool] = {}

    @functools.cached_property
    def colons(self) -> list[int]:
        return [m.start() for m in _COLON.finditer(self.text)]

    @functools.cached_property
    def report(self) -> bool:
        """Whether the text reads as a news report: a few sentences and someone reported in
        the third person. A talk, a column or one sentence out of context may say 'I' and
        'you'; the person rules judge reports only."""
        return len(self.doc.sentences) >= REPORT_SENTENCES and bool(_REPORTING.search(self.text))

    def _para(self, i: int) -> str:
        s, e = self.doc.paragraphs[i]
        return self.text[s:e]

    def headline(self, i: int) -> bool:
        """A short paragraph without a final stop: a headline or a subhead."""
        if i not in self._headline:
            para = self._para(i)
            self._headline[i] = not _FINAL_STOP.search(para[-20:]) \
                and len(para.split(None, HEADLINE_WORDS)) <= HEADLINE_WORDS
        return self._headline[i]

    def unquoted(self, i: int) -> bool:
        """No quotation in the paragraph, and none opened (or speech announced with ':') in
        the one before."""
        if i not in self._unquoted:
            prev = self._para(i - 1).rstrip() if i > 0 else ""
            self._unquoted[i] = not _QUOTE_MARKS.search(self._para(i)) and not prev.endswith(":") \
                and not quotes.overlaps(self.quoted, *self.doc.paragraphs[i]) \
                and len(_QUOTE_MARKS.findall(prev)) % 2 == 0
        return self._unquoted[i]

    def para_of(self, pos: int) -> int:
        sents = self.doc.sentences
        return sents[self.doc.sentence_index(pos)].paragraph if len(sents) else 0

    def narrative(self, pos: int) -> bool:
        """Outside any quotation and any headline."""
        return not quotes.inside(self.quoted, pos) and not self.headline(self.para_of(pos))

    def after_colon(self, pos: int) -> bool:
        """After a colon earlier in its paragraph: speech introduced without quote marks runs
        to the end of the paragraph ('the coach said: We played well. I am proud.')."""
        start = self.doc.paragraphs[self.para_of(pos)][0] if len(self.doc.paragraphs) else 0
        k = bisect.bisect_left(self.colons, pos) - 1
        return k >= 0 and self.colons[k] >= start

    def speech(self, pos: int) -> bool:
        """Where a person speaks: a paragraph with a quotation, or after a colon."""
        return not self.unquoted(self.para_of(pos)) or self.after_colon(pos)

    def matches(self, pat: re.Pattern[str], cues: tuple[str, ...] = ()) -> Iterator[re.Match[str]]:
        """pat's matches in the narrative. cues: literals one of which every match holds; a
        text holding none is not searched (a look for a literal costs a fraction of a search
        that starts at every 'a' of the text)."""
        if cues and not any(c in self.text for c in cues):
            return
        for m in pat.finditer(self.text):
            if self.narrative(m.start()):
                yield m


# -- the rules ------------------------------------------------------------------------------------
def _first_person(d: _Doc) -> Iterator[Finding]:
    if not d.report:
        return
    seen: set[int] = set()
    for m in d.matches(_MY_COUNTRY, _MY_COUNTRY_CUES):
        seen.add(m.start())
        if d.speech(m.start()):
            continue
        yield FIRST_PERSON.finding(
            m.start(), m.end(),
            f"'{m.group()}' in the narrative of a report: MT renders Chinese 我国 ('our country') "
            f"this way; English news names the country",
            "", {"pattern": "first-person possessive + country", "source_pattern": "zh 我国"}, 0.8)
    for m in d.matches(_SINGULAR):
        if m.start() in seen or d.speech(m.start()) or _title_word(d, m) \
                or m.group() == "I" and _NUMERAL_I.search(d.text, max(0, m.start() - 20), m.start()):
            continue
        yield FIRST_PERSON.finding(
            m.start(), m.end(),
            f"first-person '{m.group()}' in a paragraph with no quotation: a report's narrative "
            f"has no 'I'; quote marks lost, or a possessive ('his', 'their') misread",
            "", {"pattern": "first person singular outside quotation"}, 0.6)


def _title_word(d: _Doc, m: re.Match[str]) -> bool:
    """'My'/'I' inside a capitalised title or name mid-sentence ('the My Lai massacre', 'the
    album I Am Easy to Find')."""
    sent = d.doc.sentence_at(m.start())
    return m.group()[0].isupper() and sent is not None and m.start() > sent.start \
        and _CAPITALISED_NEXT.match(d.text, m.end()) is not None


def _second_person(d: _Doc) -> Iterator[Finding]:
    if not d.report:
        return
    for m in d.matches(_SECOND, _SECOND_CUES):
        sent = d.doc.sentence_at(m.start())
        if sent is None or _reader_address(d.text[sent.start:sent.end]) or d.speech(m.start()):
            continue
        yield SECOND_PERSON.finding(
            m.start(), m.end(),
            f"second-person '{m.group()}' in a paragraph with no quotation: a news report "
            "addresses nobody; quote marks lost, or an impersonal or polite form rendered as 'you'",
            "", {"pattern": "second person outside quotation and questions"}, 0.6)


def _reader_address(sentence: str) -> bool:
    """A sentence English news addresses to the reader on purpose: a question, thanks,
    advice or a condition ('If you live near the coast, you should leave')."""
    return sentence.rstrip("\"”’) ").endswith("?") or _READER_ADDRESS.search(sentence) is not None


def _verb_object(d: _Doc) -> Iterator[Finding]:
    verbs = _that_verbs()
    for m in d.matches(*_object_verbs()):
        before = _WORD_BEFORE.search(d.text, max(0, m.start() - 20), m.start())
        if before is not None and before.group(1).lower() in _PASSIVE:
            continue
        v = verbs[("object", m.group(1))]
        yield VERB_OBJECT.finding(
            m.start(1), m.end(),
            f"'{m.group()}': '{v.form}' needs a person object before 'that' in English "
            f"(calque of {v.source})",
            f"{v.suggestion} that", {"verb": v.form, "source_pattern": v.source,
                                     "data": "corpora/grammar/that-verbs.tsv"}, 0.7)


def _sentence_tokens(doc: Document) -> Iterable[tuple[int, int]]:
    """(tok_lo, tok_hi) of each sentence, read from the compact arrays where the document
    has them: a Sentence made for each costs as much as the rule that asks."""
    sents = doc.sentences
    if isinstance(sents, Sentences):
        return zip(sents.tok_lo, sents.tok_hi)
    return ((s.tok_lo, s.tok_hi) for s in sents)


def _dropped_subject(d: _Doc) -> Iterator[Finding]:
    verbs = _that_verbs()
    toks, text = d.doc.tokens, d.text
    for lo, hi in _sentence_tokens(d.doc):
        first = toks[lo] if hi - lo >= 4 else None
        v = verbs.get(("opener", first.text.lower())) if first is not None else None
        if first is None or v is None or not first.text[0].isupper():
            continue
        k = lo + (2 if v.form == "points" and toks[lo + 1].lower == "out" else 1)
        if toks[k].lower != "that" or not d.narrative(first.start):
            continue
        yield DROPPED_SUBJECT.finding(
            first.start, toks[k].end,
            f"'{text[first.start:toks[k].end]}' opens a sentence with no subject (pro-drop "
            f"{v.source})",
            f"{v.suggestion} that", {"verb": v.form, "source_pattern": v.source,
                                     "data": "corpora/grammar/that-verbs.tsv"}, 0.7)


def _since_ago(d: _Doc) -> Iterator[Finding]:
    for m in d.matches(_SINCE_AGO):
        yield SINCE_AGO.finding(
            m.start(), m.end(), f"'{m.group()}': 'since' and 'ago' do not combine in English",
            f"for {m.group(1)}", {"pattern": "since + duration + ago"}, 0.8)


def _quantifier(d: _Doc) -> Iterator[Finding]:
    for m in d.matches(_AS_MANY, _AS_MANY_CUES):
        digits = m.group(1).replace(",", "").rstrip("0")
        if len(digits) < EXACT_DIGITS or digits.endswith("5"):
            continue
        yield QUANTIFIER.finding(
            m.start(), m.end(),
            f"'{m.group()}': 'as many as' marks a rough upper estimate, but {m.group(1)} is an "
            f"exact count (Indonesian/Malay 'sebanyak' = 'amounting to')",
            m.group(1), {"pattern": "as many as + exact figure", "significant_digits": len(digits),
                         "source_pattern": "id/ms sebanyak"}, 0.6)
    by_sent: dict[int, list[re.Match[str]]] = {}
    for m in d.matches(_TOTAL, _TOTAL_CUES):
        by_sent.setdefault(d.doc.sentence_index(m.start()), []).append(m)
    for hits in by_sent.values():
        for m in hits[1:]:
            yield QUANTIFIER.finding(
                m.start(), m.end(), "'a total of' twice in one sentence: the second is a "
                "word-for-word rendering ('per un totale di ... su un totale di')",
                "", {"pattern": "repeated 'a total of'", "count": len(hits)}, 0.6)


def _this_weekday(d: _Doc) -> Iterator[Finding]:
    if not _THIS_WEEKDAY.search(d.text):
        return
    for m in d.matches(_THIS_DAY):
        verb = m.group(1)
        if not (verb.islower() and (verb.endswith("ed") or verb in _PAST_IRREGULAR)) \
                or _DAY_AS_SUBJECT.match(d.text, m.end()):
            continue
        yield THIS_WEEKDAY.finding(
            m.start(2), m.end(2),
            f"'{m.group()}': a past event 'this {m.group(3)}' renders Romance 'este/questo "
            f"{m.group(3).lower()}'; English news writes 'on {m.group(3)}'",
            f"on {m.group(3)}", {"pattern": "past verb + this + weekday"}, 0.7)


def _bare_ordinal(d: _Doc) -> Iterator[Finding]:
    doc = d.doc
    for m in d.matches(_ORDINAL_DAY):
        si = doc.sentence_index(m.start())
        lo = doc.sentences[max(0, si - DATE_LOOKBACK)].start
        if _MONTHS.search(d.text, lo, doc.sentences[si].end):
            continue
        yield BARE_ORDINAL.finding(
            m.start(), m.end(),
            f"'{m.group()}': a day of the month with no month in sight (CJK '{m.group(1)}日'); "
            f"give the weekday or the month",
            "", {"pattern": "bare ordinal day", "day": int(m.group(1))}, 0.6)


def _era_year(d: _Doc) -> Iterator[Finding]:
    pat, start = _eras()
    by_fold = {k.lower(): v for k, v in start.items()}
    # Every match names an era (in any case): most texts name none, and the pattern, which
    # ignores case, cannot start where a letter stands and is tried at every character.
    folded = packs.fold(d.text)
    if not any(era in folded for era in by_fold):
        return
    for m in d.matches(pat):
        if m.group(3):
            era = m.group(3)
            n = int(m.group(1)) if m.group(1) else _ORDINAL_WORDS.index(m.group(2).lower()) + 1
        else:
            era, n = m.group(4), int(m.group(5))
        sent = d.doc.sentence_at(m.start())
        if not era[0].isupper() or sent is not None and _GREGORIAN.search(d.text, sent.start, sent.end):
            continue  # "Meiji 22 in the old calendar, or 1889": the year is given
        year = by_fold[era.lower()] + n - 1
        yield ERA_YEAR.finding(
            m.start(), m.end(),
            f"'{m.group()}': year {n} of the Japanese era {era} (from {by_fold[era.lower()]}) is {year}",
            str(year), {"era": era, "era_start": by_fold[era.lower()], "year_of_era": n,
                        "data": "corpora/grammar/japanese-eras.tsv"}, 0.9)


def _missing_article(d: _Doc) -> Iterator[Finding]:
    pos = resources.pos_tags("en")
    text = d.text
    for m in d.matches(_institutions()):
        # Only spaces between: after a comma or a colon the name may be a gloss or a label.
        before = re.search(r"(\w+)\s+$", text[max(0, m.start() - 30):m.start()])
        if before is None or before.group(1) not in _NP_SLOT:
            continue
        after = re.match(r"\s*([\w’']+|\S)", text[m.end():m.end() + 30])
        nxt = after.group(1) if after else ""
        # "to Kremlin officials", "in Bundestag elections": the name modifies a noun.
        if nxt[:1].isupper() or "n" in pos.get(nxt.lower(), "") and "v" not in pos.get(nxt.lower(), ""):
            continue
        yield MISSING_ARTICLE.finding(
            m.start(), m.end(),
            f"'{before.group(1)} {m.group()}': English news writes 'the {m.group()}' (a language "
            f"without articles was translated here)",
            f"the {m.group()}", {"name": m.group(), "data": "corpora/grammar/the-institutions.tsv"},
            0.7)


def _noun_before_name(d: _Doc) -> Iterator[Finding]:
    pat, source = _class_nouns()
    for m in d.matches(pat):
        yield NOUN_BEFORE_NAME.finding(
            m.start(), m.end(),
            f"'{m.group()}': English puts the name before the noun (noun-first order of "
            f"{source[m.group(1)]})",
            f"the {m.group(2)} {m.group(1)}", {"noun": m.group(1), "name": m.group(2),
                                               "data": "corpora/grammar/class-nouns.tsv"}, 0.8)


def _honorific_given(d: _Doc) -> Iterator[Finding]:
    text = d.text
    for m in d.matches(_HONORIFIC):
        name = m.group(1)
        g = given(name)
        if g is None or not g.sure_gender or max(f for _, f in g.freqs) < COMMON_GIVEN \
                or {c for c, _ in g.freqs} & _SURNAME_FIRST:
            continue
        full = re.search(rf"\b{name} ((?:{_NAME_TOKEN} )*?{_NAME_TOKEN})\b", text)
        # Only when the article names the person in full, and never uses the name as a surname.
        if full is None or re.search(rf"(?<!Mr )(?<!Ms )(?<!Mrs )(?<!Mr\. )(?<!Ms\. )"
                                     rf"(?<!Mrs\. ){_NAME_TOKEN} {name}\b", text):
            continue
        surname = full.group(1).split()[-1]
        yield HONORIFIC_GIVEN.finding(
            m.start(), m.end(),
            f"'{m.group()}': '{name}' is the given name of {name} {full.group(1)} "
            f"(given-names.tsv: {g.sure_gender}); English news writes the title with the surname",
            f"{m.group()[:m.start(1) - m.start()]}{surname}",
            {"given": name, "full_name": f"{name} {full.group(1)}",
             "source": "given-names.tsv (Jörg Michael's name dictionary)"}, 0.6)


_CHECKS = ((FIRST_PERSON, _first_person), (SECOND_PERSON, _second_person),
           (VERB_OBJECT, _verb_object),
           (DROPPED_SUBJECT, _dropped_subject), (SINCE_AGO, _since_ago),
           (QUANTIFIER, _quantifier), (THIS_WEEKDAY, _this_weekday),
           (BARE_ORDINAL, _bare_ordinal), (ERA_YEAR, _era_year),
           (MISSING_ARTICLE, _missing_article), (NOUN_BEFORE_NAME, _noun_before_name),
           (HONORIFIC_GIVEN, _honorific_given))


def run(doc: Document, ctx: Context) -> list[Finding]:
    if doc.lang not in ("", "en"):
        return []
    d = _Doc(doc)
    out = [f for rule, check in _CHECKS if ctx.wants(rule) for f in check(d)]
    return sorted(out, key=Finding.sort_key)
