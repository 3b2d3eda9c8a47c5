"""Untranslated text: sentences, or runs of words, not in the document's language.

The stretches themselves are annotation facts (mtqa.annotate); this check reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..finding import Finding
from ..rules import Rule
from .context import Context

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
        if f.kind == "sentence":
            yield SENTENCE.finding(f.start, f.end,
                                   f"Sentence appears to be {f.lang}, not {doc.lang}: left untranslated?",
                                   "", ev)
        else:
            ev["words"] = list(ev.get("words", ()))
            yield RUN.finding(f.start, f.end, f"'{doc.text[f.start:f.end]}' looks like untranslated {f.lang}",
                              "", ev, 0.8)
