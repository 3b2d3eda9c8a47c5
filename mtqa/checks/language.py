"""Untranslated text: sentences, or runs of words, not in the document's language.

The stretches themselves are annotation facts (mtqa.annotate); this check reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Foreign
from ..finding import Finding
from ..rules import Rule
from .context import Context
from .leftovers import LATIN_RUN, NON_LATIN, latin_prose

SENTENCE = Rule(
    "lang.untranslated-sentence", "accuracy/untranslated", "critical",
    "A sentence in another language than the document (left untranslated).",
    examples=("The talks ended on Monday without an agreement, officials said. Hallitus ei ole "
              "vielä päättänyt asiasta mitään. The next round is due in May.",),
    counterexamples=("The talks ended on Monday without an agreement, officials said. The "
                     "government has not decided anything yet. The next round is due in May.",))
RUN = Rule(
    "lang.untranslated-run", "accuracy/untranslated", "major",
    "A run of words from another language inside a sentence (left untranslated).")
RULES = [SENTENCE, RUN]


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    assert doc.facts is not None, "annotate the document first"
    for f in doc.facts.foreign:
        ev = dict(f.evidence)
        start, end = _latin_part(doc, f) if doc.lang in NON_LATIN else (f.start, f.end)
        if doc.lang in NON_LATIN and f.lang not in NON_LATIN and not latin_prose(doc.text[start:end]):
            continue  # a web address, a name or a title in Latin letters, not a translation left out
        if f.kind == "sentence":
            yield SENTENCE.finding(start, end,
                                   f"Sentence appears to be {f.lang}, not {doc.lang}: left untranslated?",
                                   "", ev)
        else:
            ev["words"] = list(ev.get("words", ()))
            yield RUN.finding(start, end, f"'{doc.text[start:end]}' looks like untranslated {f.lang}",
                              "", ev, 0.8)


def _latin_part(doc: Document, f: Foreign) -> tuple[int, int]:
    """In a Japanese, Chinese or Russian text, the stretch of Latin letters an English run or
    sentence lies in: a sentence of both scripts (Japanese and Chinese need no space after a
    full stop, so "... next week. 採決は..." is one sentence) is reported as its English part,
    and a run of common English words as the whole English stretch around it."""
    s = doc.sentences[doc.sentence_index(f.start)]
    lo, hi = min(s.start, f.start), max(s.end, f.end)
    best = (f.start, f.end)
    for m in LATIN_RUN.finditer(doc.text, lo, hi):
        a, b = m.span()
        if a < f.end and f.start < b and (f.kind == "sentence" or (a <= f.start and f.end <= b)) \
                and (best == (f.start, f.end) or b - a > best[1] - best[0]):
            best = (a, b)
    return best
