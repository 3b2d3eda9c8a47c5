"""Page furniture that no pattern can name: a reporter's or photographer's name left in the
article text, alone on a line at the top or bottom of the story (a byline) or run on after
the last sentence of a paragraph (a photo credit under the picture the paragraph followed).

Everything else of the kind (share bars, time stamps, credits with a © or an agency, related
links) is data: the patterns of corpora/packs/boilerplate. What a pattern cannot say is that
two or three capitalised words are a person's name and not a headline or a subhead; that
needs the English lexicon (corpora/lexicon) and the names gazetteer, so it is code.

Precision comes first: headlines and subheads are short lines without a full stop too, so a
line counts only where bylines and credits sit (the first or last lines) and only when every
word looks like a name: not an English verb, adjective or adverb, not a common English noun
unless the gazetteer knows it as part of a person's name, and not a place or organisation.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import resources, rx
from ..document import Document
from ..finding import Finding
from ..gazetteer import gazetteer
from ..packs import PackSet
from ..rules import Rule
from .context import Context

LONE_NAME = Rule(
    "furniture.lone-name", "other/boilerplate", "minor",
    "A person's name left where page furniture goes: alone on one of the first or last lines "
    "of the article (a byline), or run on without a full stop after the last sentence of a "
    "paragraph (a photo credit). Two or three capitalised words that are not English words, "
    "or are known parts of people's names.",
    langs=("en",),
    examples=("The vote is due in spring. Mirja Hakkarainen\n\nTurnout was low.",),
    counterexamples=("The vote is due in spring, said Mirja Hakkarainen.\n\nTurnout was low.",))
RULES = [LONE_NAME]

HEAD_LINES = 3  # a byline sits under the headline (and a kicker or dateline)...
TAIL_LINES = 2  # ...or closes the story
COMMON_NOUN_ZIPF = 3.0  # a noun this frequent in English is a word, not a name, unless a known name part
_NAME_WORD = rx.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)?")
# The run-on credit: text after a sentence's final stop (and closing quote) up to the end
# of the paragraph, with no stop of its own.
_TAIL = rx.compile(r"[.!?…][\"”’)]?[ \t]+([^.!?…\n]{3,60})$")


def rules(packs: PackSet) -> list[Rule]:
    return RULES


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    if not ctx.wants(LONE_NAME):
        return
    paras = list(doc.paragraphs)
    last = len(paras) - 1
    for i, (ps, pe) in enumerate(paras):
        if i < HEAD_LINES or i > last - TAIL_LINES:
            if _is_name(doc.text[ps:pe]):
                yield _finding(ps, pe, doc.text[ps:pe], "alone on a line at the "
                               + ("top" if i < HEAD_LINES else "end") + " of the article (a byline)")
                continue
        if i == last:
            continue  # a text cut short ends mid-sentence, often on a name
        m = _TAIL.search(doc.text, ps, pe)
        if m and _is_name(m.group(1)):
            yield _finding(m.start(1), m.end(1), m.group(1),
                           "run on after the paragraph's last sentence, without a full stop (a photo credit)")


def _finding(start: int, end: int, name: str, where: str) -> Finding:
    return LONE_NAME.finding(start, end, f"'{name}' looks like a reporter's or photographer's "
                             f"name left from the page layout: {where}; delete it", "",
                             {"where": where, "lexicon": "wordfreq zipf and WordNet parts of "
                              "speech (corpora/lexicon); names gazetteer"})


def _is_name(s: str) -> bool:
    """Two or three capitalised words (a particle such as 'van' may stand between them), each
    looking like a name, and the whole not a known place or organisation."""
    parts = s.split()
    words = [w for w in parts if w not in _particles()]
    if not 2 <= len(words) <= 3 or len(parts) > 4 or parts[0] in _particles():
        return False
    if not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    if any(e.kind != "person" for e in gazetteer().lookup(" ".join(parts))):
        return False
    return all(_name_like(w) for w in words)


def _name_like(word: str) -> bool:
    """Not an English word, or a noun the gazetteer knows as part of a person's name."""
    low = word.lower()
    tags = resources.pos_tags("en").get(low)
    if tags and set(tags) & {"v", "a", "r"}:
        return False
    if low in _person_parts():
        return True
    return tags is None and resources.word_freqs("en").get(low, 0.0) < COMMON_NOUN_ZIPF


@functools.cache
def _particles() -> frozenset[str]:
    return resources.word_set("names", "particles.txt")


@functools.cache
def _person_parts() -> frozenset[str]:
    """Lowercased given and family names of the gazetteer's people; built on first use."""
    return frozenset(w.lower() for e in gazetteer().entities if e.kind == "person"
                     for part in (*e.given, *e.family) for w in part.split())
