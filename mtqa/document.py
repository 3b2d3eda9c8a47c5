"""The one data model: the original text plus paragraphs, sentences and tokens as spans.

A Document is built (segmented, its language identified) and then annotated once by
mtqa.annotate (each sentence's language, foreign stretches, the guessed source language);
after that its facts are read-only: checks read them and never write anything back.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import segment
from .tokens import Token, tokenize


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    tok_lo: int  # tokens[tok_lo:tok_hi] belong to this sentence
    tok_hi: int
    lang: str = ""  # set by annotation; the document's language unless evidence says otherwise
    lang_confidence: float = 0.0


@dataclass(frozen=True)
class Foreign:
    """A stretch of text in another language than the document's (an annotation fact)."""
    start: int
    end: int
    lang: str
    kind: str  # "sentence" | "run"
    evidence: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Facts:
    """Per-document facts computed once, before any check, by mtqa.annotate."""
    foreign: tuple[Foreign, ...] = ()
    # The language the text was probably translated from ("" unknown, "en" an English
    # source) and what says so ("dateline", "leftovers", "countries" or "").
    source_lang_guess: str = ""
    source_lang_evidence: str = ""


@dataclass
class Document:
    text: str
    path: str = "-"
    lang: str = ""
    lang_confidence: float = 0.0
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    _line_starts: list[int] | None = None
    facts: Facts | None = None  # None until annotated
    _paragraph_starts: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, path: str = "-", lang: str | None = None,
              lines: bool = False) -> Document:
        """Segment and tokenize text; lang=None means identify it (cheaply, from words)."""
        from . import langid

        doc = cls(text=text, path=path)
        doc.tokens = tokenize(text)
        if lang:
            doc.lang, doc.lang_confidence = lang, 1.0
        else:
            doc.lang, doc.lang_confidence = langid.identify_tokens(text, doc.tokens)
        if lines:
            # Pre-segmented input: each line is one sentence and one paragraph.
            doc.paragraphs = list(_line_spans(text))
            spans = [(s, e, i) for i, (s, e) in enumerate(doc.paragraphs)]
        else:
            doc.paragraphs = segment.paragraphs(text)
            spans = [(s, e, i) for i, (ps, pe) in enumerate(doc.paragraphs)
                     for s, e in segment.sentences(text, ps, pe, doc.lang or "en")]
        doc._paragraph_starts = [s for s, _ in doc.paragraphs]
        starts = [t.start for t in doc.tokens]
        for s, e, p in spans:
            lo = bisect.bisect_left(starts, s)
            hi = bisect.bisect_left(starts, e)
            doc.sentences.append(Sentence(s, e, p, lo, hi))
        return doc

    # -- access ---------------------------------------------------------------
    def sentence_tokens(self, sent: Sentence) -> list[Token]:
        return self.tokens[sent.tok_lo:sent.tok_hi]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right([s.start for s in self.sentences], offset) - 1
        if 0 <= i < len(self.sentences) and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_index(self, offset: int) -> int:
        starts = [s.start for s in self.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a char offset."""
        if self._line_starts is None:
            self._line_starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    @property
    def paragraph_starts(self) -> list[int]:
        return self._paragraph_starts

    @property
    def word_count(self) -> int:
        return sum(1 for t in self.tokens if t.kind in ("word", "num", "cjk"))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.removesuffix("\n").split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        yield s, e
