"""Persons nobody listed: a surname translated after a foreign given name, a name glued to
the next word, and a he/she that contradicts the gender of the one person named nearby.

The names check (checks/names.py) knows the persons of the gazetteer; this one works from the
shape of names and from per-country given-name data (corpora/names/given-names.tsv, Jörg
Michael's name dictionary: gender and frequency per country), so it also covers the many
people no list names. Its word classes and the document's words come from checks/names.py.

Precision comes first: every rule stays silent when a second reading is plausible (an English
given name, a common surname that is also a word, two persons in scope, a quotation).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import quotes, resources, rx
from ..document import Document
from ..finding import Finding
from ..gazetteer import Entity, gazetteer
from ..rules import Rule
from .context import Context
from .names import (
    MAX_PERSONS_PER_GIVEN,
    NameIndex,
    W,
    _calendar,
    _doc_words,
    _institution_heads,
    _place_prepositions,
    _titles,
    fold,
    name_index,
)

TRANSLATED_UNKNOWN = Rule(
    "names.translated-unknown", "accuracy/mistranslation", "major",
    "A given name common in a non-English-speaking country followed by an ordinary English "
    "word that is not a common surname ('Jukka Stream'), or a hyphenated surname with one half "
    "an English word ('Virtanen-lake' beside 'Virtanen-Salo'): the surname was probably "
    "translated. For persons the gazetteer knows, see names.translated.",
    langs=("en",), examples=("Finnish MP Jukka Stream told reporters the plan was late.",),
    counterexamples=("Finnish MP Jukka Kivelä told reporters the plan was late.",))
GLUED = Rule(
    "names.glued", "fluency/spelling", "major",
    "A name glued to the English word after it ('Merkelwhich', 'Putinsaid'): a known name, or "
    "one the article uses on its own, plus a function word or reporting verb.",
    langs=("en",), examples=("The proposal came from Merkelwhich surprised many.",),
    counterexamples=("The proposal came from Merkel, which surprised many.",))
PRONOUN_GENDER = Rule(
    "names.pronoun-gender", "accuracy/mistranslation", "major",
    "He/his/him (or she/her) for the only person named in the sentence or just before it, "
    "whose given name or title says the other gender ('Maarit Lindqvist ... his').",
    langs=("en",),
    examples=("Maarit Lindqvist opened the meeting. He said the budget was tight.",),
    counterexamples=("Maarit Lindqvist opened the meeting. She said the budget was tight.",))
RULES = [TRANSLATED_UNKNOWN, GLUED, PRONOUN_GENDER]

# -- thresholds -------------------------------------------------------------------------------
FOREIGN_FREQ = 4  # a given name at least this common (1-13 scale) in a non-English country...
ENGLISH_FREQ_MAX = 4  # ...and at most this common in Britain, Ireland and the US
COMMON_WORD_ZIPF = 3.5  # the word after the given name is common English
GIVEN_ORDINARY_ZIPF = 3.5  # a given name this common as an English word is a word ("Rose")
GLUED_RARE_ZIPF = 2.0  # a glued token must be (nearly) absent from English
MIN_NAME = 4  # letters of the name part of a glued token
NAME_WORD_ZIPF = 5.5  # a given name this common in English is a function word ("May")
LOOKBACK = 3  # sentences searched back for the person a pronoun refers to
ATTRIBUTION_REACH = 12  # quoted sentences passed over at most, when a pronoun attributes them

_ENGLISH_COUNTRIES = ("gb", "ie", "us")
_PRONOUNS = {"he": "M", "him": "M", "his": "M", "himself": "M",
             "she": "F", "her": "F", "hers": "F", "herself": "F"}
_SWAP = {"he": "she", "him": "her", "his": "her", "himself": "herself", "she": "he",
         "hers": "his", "herself": "himself"}  # "her" is "his" or "him": see _swap()
_COUNTRY = rx.compile(r"([a-z-]+)([0-9a-f])")
_OPENING_QUOTES = frozenset('"“«„‘')
_AFTER_QUOTE = rx.compile(r"(?:[”\"»’],?|,[”\"»’])\s+$")  # '..." she' or '...," she'


# -- data ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Given:
    """One given name of corpora/names/given-names.tsv."""
    name: str
    gender: str  # M/F: only that gender in the data; m/f mostly; ? either
    freqs: tuple[tuple[str, int], ...]  # (country, 1-13), most common first

    @property
    def foreign(self) -> bool:
        """Common in a non-English-speaking country, rare in Britain, Ireland and the US."""
        en = max((f for c, f in self.freqs if c in _ENGLISH_COUNTRIES), default=0)
        other = max((f for c, f in self.freqs if c not in _ENGLISH_COUNTRIES), default=0)
        return other >= FOREIGN_FREQ and en <= ENGLISH_FREQ_MAX

    @property
    def sure_gender(self) -> str:
        """'M' or 'F' when the data gives the name one gender only, else ''."""
        return self.gender if self.gender in ("M", "F") else ""

    def countries(self, n: int = 3) -> list[str]:
        return [c for c, _ in self.freqs if c not in _ENGLISH_COUNTRIES][:n]


def _read_given(p: Path) -> dict[str, str]:
    # One space-separated string a name ("M fi8 ee1"): cached table values hold no tabs.
    return {r["name"]: f"{r['gender']} {r['countries']}" for r in resources.read_tsv(p)}


@functools.cache
def _given_table() -> Mapping[str, str]:
    """name -> 'gender countries', read a block at a time from the disk cache: an article
    looks up a few dozen of its 23,000 names."""
    p = resources.path("names", "given-names.tsv")
    return resources.disk_cached(
        "given-names", [p], functools.partial(_read_given, p), resources.TABLE,
        resources.Table.to_json,
        lambda data, texts: resources.Table.from_json(data, texts, str, texts.fresh))


@functools.lru_cache(maxsize=4096)
def given(name: str) -> Given | None:
    row = _given_table().get(name)
    if row is None:
        return None
    gender, _, countries = row.partition(" ")
    return Given(name, gender, tuple((c, int(f, 16)) for c, f in _COUNTRY.findall(countries)))


def _word_surnames() -> frozenset[str]:
    return resources.word_set("names", "en-word-surnames.txt")


def _glue_words() -> frozenset[str]:
    return resources.word_set("names", "en-glue-words.txt")


@functools.cache
def _gendered(kind: str) -> dict[str, str]:
    """English nouns ("wife") or titles ("Ms") that say a person's gender -> 'M' or 'F'."""
    rows = resources.read_tsv(resources.path("names", "en-gendered-nouns.tsv"))
    return {r["word"]: r["gender"] for r in rows if r["kind"] == kind}


# -- one pass over one document -----------------------------------------------------------------
@dataclass
class _Mention:
    """A person named in the text: who (a key shared by later mentions) and their gender."""
    key: str
    gender: str  # 'M', 'F' or '' (unknown)
    start: int
    sent: int
    basis: str
    quoted: bool = False  # named inside a quotation


class _Run:
    def __init__(self, doc: Document, idx: NameIndex):
        self.doc, self.idx, self.gaz = doc, idx, idx.gaz
        self.words = _doc_words(doc)
        self.findings: list[Finding] = []
        # Capitalised words that stand alone somewhere in the article (not sentence-initial).
        self.alone = {w.text for w in self.words if w.cap and not w.skip and not w.initial}

    def ordinary(self, tok: str) -> bool:
        """An English word rather than a name ('Rose', 'Will', 'Grace')."""
        low = tok.lower()
        return self.idx.tags(low) is not None or (self.idx.zipf(tok) or 0.0) >= GIVEN_ORDINARY_ZIPF

    def name_word(self, tok: str) -> bool:
        """Not a verb, adjective or adverb of English: 'Warren', 'Maria', not 'Mark', 'Rose'."""
        return not set(self.idx.tags(tok.lower()) or "") & set("avr") \
            and (self.idx.zipf(tok) or 0.0) < NAME_WORD_ZIPF

    def common_word(self, tok: str) -> bool:
        """A common English content word ('beach', 'lake')."""
        return (self.idx.zipf(tok) or 0.0) >= COMMON_WORD_ZIPF \
            and bool(set(self.idx.tags(tok.lower()) or "") & set("nva"))

    def word_not_surname(self, tok: str) -> bool:
        """A common English word that is not a surname, a title or the head of a name."""
        low = tok.lower()
        return self.common_word(tok) and not (
            low in _word_surnames() or self.surname(tok) or low in _calendar()
            or low in _institution_heads() or low in _titles())

    def surname(self, tok: str) -> bool:
        """Part of the name of a person the gazetteer knows ('Young', 'Price')."""
        ents = self.gaz.entities
        return any(ents[i].kind == "person" for i in self.idx.named_by(tok) or ())

    def foreign_given(self, w: W) -> Given | None:
        """A foreign given name that points to no particular person of the gazetteer (for
        those, names.translated suggests the surname)."""
        people = {e.name for e in self.gaz.given.get(w.text, ())}
        if not w.cap or w.skip or 0 < len(people) <= MAX_PERSONS_PER_GIVEN or self.ordinary(w.text) \
                or (not people and self.idx.named_by(w.text) is not None):
            return None
        g = given(w.text)
        return g if g is not None and g.foreign else None

    # names.translated-unknown -----------------------------------------------------------------
    def translated(self) -> None:
        ws = self.words
        for k in range(1, len(ws)):
            g, w = ws[k - 1], ws[k]
            if w.glued and w.cap and not w.skip and not w.parts and not g.title_case:
                self._translated_pair(k, g, w)
        self._translated_halves()

    def _translated_pair(self, k: int, g: W, w: W) -> None:
        info = self.foreign_given(g)
        if info is None or not self.word_not_surname(w.text):
            return
        prev = self.words[k - 2] if k >= 2 and g.glued else None
        if prev is not None and prev.cap and not prev.initial and not prev.skip \
                and prev.text.lower().rstrip(".") not in _titles():
            return  # the given name does not start the name ("Santa Rosa Beach")
        nxt = self.words[k + 1] if k + 1 < len(self.words) else None
        if nxt is not None and nxt.glued and nxt.cap:
            return  # the name goes on ("Jukka Stream Foundation", "Ivo Sun Kovač")
        self.findings.append(TRANSLATED_UNKNOWN.finding(
            w.start, w.end,
            f"'{g.text} {w.text}': '{g.text}' is a given name common in "
            f"{', '.join(c.upper() for c in info.countries())}, and '{w.text}' an ordinary English word that is "
            f"not a common surname; was the surname translated?",
            "", {"given": g.text, "given_countries": dict(info.freqs), "word": w.text,
                 "word_zipf": self.idx.zipf(w.text),
                 "basis": "foreign given name before a common English word",
                 "source": "given-names.tsv (Jörg Michael's name dictionary); US census surnames"},
            0.6))

    def _translated_halves(self) -> None:
        """'Virtanen-lake' when the article also has 'Virtanen-Salo': one half translated."""
        halves: dict[str, set[str]] = {}  # first half -> second halves seen
        for w in self.words:
            if len(w.parts) == 2 and w.parts[0][0][:1].isupper():
                halves.setdefault(w.parts[0][0], set()).add(w.parts[1][0])
        for w in self.words:
            if len(w.parts) != 2 or w.skip:
                continue
            (first, _, _), (second, s, e) = w.parts
            if not first[:1].isupper() or self.ordinary(first) or not self.common_word(second):
                continue
            others = sorted(x for x in halves.get(first, ()) if x.lower() != second.lower()
                            and not self.ordinary(x) and x[:1].isalpha())
            prev = self.words[w.k - 1] if w.k and w.glued else None
            info = self.foreign_given(prev) if prev is not None else None
            if not others and (info is None or not second.islower()):
                continue
            suggestion = f"{first}-{others[0][:1].upper()}{others[0][1:]}" if others else ""
            basis = (f"the article also writes '{first}-{others[0]}'" if others
                     else f"after the given name '{prev.text}'" if prev else "")
            self.findings.append(TRANSLATED_UNKNOWN.finding(
                s, e,
                f"'{w.text}': '{second}' is an ordinary English word inside a double surname "
                f"({basis}); was that half of the name translated?",
                suggestion, {"name": w.text, "word": second, "other_forms": others,
                             "given": prev.text if info and prev else "",
                             "basis": "English word as one half of a hyphenated surname"}, 0.65))

    # names.glued ------------------------------------------------------------------------------
    def glued(self) -> None:
        for w in self.words:
            if not w.cap or w.skip or w.parts or len(w.text) < MIN_NAME + 3 \
                    or self.idx.named_by(w.text) is not None or (self.idx.zipf(w.text) or 0.0) >= GLUED_RARE_ZIPF \
                    or self.idx.tags(w.text.lower()) is not None:
                continue
            for cut in range(len(w.text) - 3, MIN_NAME - 1, -1):
                name, rest = w.text[:cut], w.text[cut:]
                if rest.islower() and rest in _glue_words() and self._known_name(name):
                    self.findings.append(GLUED.finding(
                        w.start, w.end,
                        f"'{w.text}' looks like the name '{name}' glued to '{rest}'",
                        f"{name} {rest}", {"name": name, "word": rest, "basis": (
                            "name in the gazetteer" if self.idx.named_by(name) is not None
                            else "name used on its own elsewhere in the article")}, 0.8))
                    break

    def _known_name(self, name: str) -> bool:
        if self.idx.named_by(name) is not None:
            return fold(name) in self.idx.anchors
        return name in self.alone and not self.ordinary(name)

    # names.pronoun-gender ---------------------------------------------------------------------
    def pronouns(self) -> None:
        toks = self.doc.tokens
        # The pronouns by sentence, found first: the persons named are only needed beside one.
        at: dict[int, list[tuple[int, str]]] = {}
        sents = self.doc.sentences
        for si, sent in enumerate(sents):
            for ti in range(sent.tok_lo, sent.tok_hi):
                t = toks[ti]
                want = _PRONOUNS.get(t.text.lower()) if t.kind == "word" else None
                if want is not None:
                    at.setdefault(si, []).append((ti, want))
        if not at:
            return
        quoted = quotes.spans(self.doc.text)
        by_sent = self._mentions(quoted)
        nouns = self._gendered_nouns()
        for si, found in at.items():
            sent = sents[si]
            # Quoted subjects: a speaker who says "he is" talks of that man.
            said = {_PRONOUNS[t.text.lower()] for t in toks[sent.tok_lo:sent.tok_hi]
                    if t.text.lower() in ("he", "she") and quotes.inside(quoted, t.start)}
            for ti, want in found:
                t = toks[ti]
                if quotes.inside(quoted, t.start) or self.doc.text.count('"', sent.start, t.start) % 2:
                    continue  # a quoted speaker's "he" may be anyone
                if said - {want}:
                    continue  # "..., he is ...," she said: the speaker talks of someone else
                attribution = self._attribution(t.start)
                scope = self._scope(si, by_sent, nouns, quoted, attribution)
                if scope is None:
                    continue
                people, gendered = scope
                # The one person must be named before the pronoun too: in "Her rival, Jukka
                # Salo" or "He told Maarit Lindqvist" the name is someone else.
                if all(m.start > t.start for m in people):
                    continue
                if len({m.key for m in people}) != 1 or want in gendered:
                    continue
                m = people[0]
                if not m.gender or m.gender == want or any(x.gender != m.gender for x in people):
                    continue
                nxt = toks[ti + 1] if ti + 1 < len(toks) else None
                fix = _swap(t.text, nxt.text if nxt is not None and nxt.kind == "word" else "")
                who = (f"attributes the quotation to a speaker; the person named last before it, "
                       f"{m.key}," if attribution else f"refers to {m.key}, the only person named "
                       f"here, whom")
                self.findings.append(PRONOUN_GENDER.finding(
                    t.start, t.end,
                    f"'{t.text}' {who} the text marks as {'a man' if m.gender == 'M' else 'a woman'} "
                    f"({m.basis})",
                    fix, {"person": m.key, "gender": m.gender, "basis": m.basis,
                          "mention_offset": m.start, "attribution": attribution}, 0.7))

    def _attribution(self, pos: int) -> bool:
        """A pronoun that attributes the quotation just closed ('...," she said')."""
        return bool(_AFTER_QUOTE.search(self.doc.text, max(0, pos - 4), pos))

    def _scope(self, si: int, by_sent: dict[int, list[_Mention]], nouns: dict[int, set[str]],
               quoted: quotes.Spans, attribution: bool = False,
               ) -> tuple[list[_Mention], set[str]] | None:
        """The persons a pronoun in sentence si may refer to: those of its own sentence and of
        the nearest earlier sentence (up to LOOKBACK back, same paragraph or the one before)
        that names anybody; None when an unknown name is among them. For a pronoun that
        attributes a quotation ('...," she said'), the wholly quoted sentences of its own
        paragraph are passed over (one speaker's quotation, continued from the paragraphs
        before when each reopens with a quote mark); then only the sentence just before them
        may name the speaker, and not when it quotes someone itself (another speaker)."""
        people = list(by_sent.get(si, ()))
        gendered = set(nouns.get(si, ()))
        sents = self.doc.sentences
        para = sents[si].paragraph
        start = si - 1
        while attribution and start >= max(0, si - ATTRIBUTION_REACH) and self._all_quoted(start, quoted) \
                and (sents[start].paragraph == para or sents[start].paragraph == para - 1
                     and self.doc.text[self.doc.paragraphs[para][0]] in _OPENING_QUOTES):
            para = sents[start].paragraph
            start -= 1
        skipped = start < si - 1
        # After a quotation, a sentence without a name ("Lawmakers walked out") ends the search.
        for back in range(start, max(-1, start - (1 if skipped else LOOKBACK)), -1):
            if sents[back].paragraph < para - 1 or skipped and quotes.overlaps(
                    quoted, sents[back].start, sents[back].end):
                break
            gendered |= nouns.get(back, set())
            if back in by_sent:
                people += by_sent[back]
                break
        if not people or any(not m.key or m.quoted for m in people):
            return None
        return people, gendered

    def _all_quoted(self, si: int, quoted: quotes.Spans) -> bool:
        """Every word of sentence si is inside a quotation."""
        sent, toks = self.doc.sentences[si], self.doc.tokens
        return all(quotes.inside(quoted, toks[k].start) for k in range(sent.tok_lo, sent.tok_hi)
                   if toks[k].kind == "word")

    def _gendered_nouns(self) -> dict[int, set[str]]:
        nouns = _gendered("noun")
        out: dict[int, set[str]] = {}
        for w in self.words:
            g = nouns.get(w.text.lower())
            if g:
                out.setdefault(w.sent, set()).add(g)
        return out

    def _mentions(self, quoted: quotes.Spans) -> dict[int, list[_Mention]]:
        """Sentence -> persons named in it (key '' for a name-like word nobody can place)."""
        titles = _gendered("title")
        out: dict[int, list[_Mention]] = {}
        known: dict[str, _Mention] = {}  # surname (and first half of a double one) -> person
        for run in _name_runs(self.words):
            while run and (run[0].text.lower() in _PRONOUNS or run[0].initial and self.ordinary(
                    run[0].text) and run[0].text.lower().rstrip(".") not in titles
                    and run[0].text not in known):  # ("Salo said": a surname named before)
                run = run[1:]  # "He", "The": capitalised only because they open the sentence
            if not run:
                continue
            before = self.words[run[0].k - 1] if run[0].k and run[0].glued else None
            if before is not None and before.text.lower() in _place_prepositions():
                continue  # "near Santa Rosa": a place
            m = self._person(run, titles, known)
            if m is None:
                continue
            if quotes.inside(quoted, m.start):
                m.quoted = True
            out.setdefault(run[0].sent, []).append(m)
            if m.key:
                last = run[-1].text
                for key in {last, last.split("-")[0]}:
                    prev = known.get(key)
                    # A surname shared by a man and a woman of the article means nothing alone.
                    known[key] = m if prev is None or prev.gender == m.gender else \
                        _Mention(m.key, "", m.start, m.sent, "")
        return out

    def _person(self, run: list[W], titles: dict[str, str],
                known: dict[str, _Mention]) -> _Mention | None:
        """The person a run of capitalised words names (key '': maybe a person, but whom?), or
        None when it names none (a place, an organisation, an ordinary word)."""
        first, last = run[0], run[-1]
        low = first.text.lower().rstrip(".")
        if low in titles and len(run) >= 2:
            return _Mention(last.text, titles[low], first.start, first.sent, f"'{first.text}'")
        if low in _titles() and len(run) >= 2:
            run, first = run[1:], run[1]
        m = known.get(last.text) or known.get(last.text.split("-")[0])
        if m is not None and len(run) == 1:  # "Lindqvist" after "Maarit Lindqvist"
            return _Mention(m.key, m.gender, first.start, first.sent, m.basis)
        ent = self._entity(run)
        if ent is not None:
            if ent.kind != "person":
                return None
            g = next((x for x in (given(n) for n in ent.given[:1]) if x), None)
            gender = g.sure_gender if g else ""
            return _Mention(ent.name, gender, first.start, first.sent,
                            f"given name '{g.name}' in given-names.tsv" if gender and g else "")
        if len(run) >= 2:
            g = given(first.text)
            if g is not None and self.name_word(first.text) and g.sure_gender \
                    and max(f for _, f in g.freqs) >= FOREIGN_FREQ:
                return _Mention(" ".join(x.text for x in run), g.sure_gender, first.start,
                                first.sent, f"given name '{first.text}' in given-names.tsv")
        if all(self.ordinary(x.text) or x.initial or self.place_or_body(x.text) for x in run):
            return None
        return _Mention("", "", first.start, first.sent, "unknown name")

    def place_or_body(self, tok: str) -> bool:
        """Only ever part of the names of places and organisations in the gazetteer."""
        ents = self.gaz.entities
        ix = self.idx.named_by(tok) or ()
        return bool(ix) and all(ents[i].kind != "person" for i in ix)

    def _entity(self, run: list[W]) -> Entity | None:
        """The gazetteer entity the whole run names ('Warren Truss' is not Liz Truss)."""
        ents = self.gaz.lookup(" ".join(x.text for x in run))
        return ents[0] if ents else None


def _name_runs(ws: list[W]) -> list[list[W]]:
    """Runs of glued capitalised words in one sentence ("Prime Minister Jukka Lindqvist")."""
    runs: list[list[W]] = []
    for w in ws:
        if not w.cap or w.skip:
            continue
        if runs and w.glued and runs[-1][-1].k == w.k - 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _swap(pronoun: str, nxt: str) -> str:
    low = pronoun.lower()
    if low == "her":
        out = "his" if nxt and nxt.lower() not in _glue_words() else "him"
    else:
        out = _SWAP[low]
    return out.capitalize() if pronoun[:1].isupper() else out


def run(doc: Document, ctx: Context) -> list[Finding]:
    if doc.lang not in ("", "en"):
        return []
    gaz = gazetteer(tuple(Path(p) for p in ctx.packs.gazetteers))
    r = _Run(doc, name_index(gaz))
    if ctx.wants(TRANSLATED_UNKNOWN):
        r.translated()
    if ctx.wants(GLUED):
        r.glued()
    if ctx.wants(PRONOUN_GENDER):
        r.pronouns()
    return sorted(r.findings, key=Finding.sort_key)
