"""The one data model: the original text plus paragraphs, sentences and tokens as spans.

A Document is built (segmented, its language identified) and then annotated once by
mtqa.annotate (each sentence's language, foreign stretches, the guessed source language);
after that its facts are read-only: checks read them and never write anything back.
"""

from __future__ import annotations

import bisect
import dataclasses
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar, overload

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


_T = TypeVar("_T")


def offsets(size: int) -> array[int]:
    """An empty array for char offsets into a text of that size: 4 bytes each when they fit."""
    return array("i" if size < 2**31 else "q")


class _Compact(Sequence[_T]):
    """Equal, like the lists these stand for, to any sequence of equal items."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # (mutable, like a list)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))


class Sentences(_Compact[Sentence]):
    """A document's sentences as compact arrays (some 30 bytes a sentence, where a list of
    Sentence objects holds some 260: a text of one-word lines has a sentence a word). A
    Sentence is made when one is read; `starts` can be bisected directly."""

    __slots__ = ("starts", "ends", "paragraph", "tok_lo", "tok_hi", "lang_codes", "langs", "confs")

    def __init__(self, size: int):
        """No sentences yet, for a text of size chars; add() appends one."""
        self.starts, self.ends, self.paragraph = offsets(size), offsets(size), offsets(size)
        self.tok_lo, self.tok_hi = offsets(size), offsets(size)
        self.lang_codes: tuple[str, ...] = ("",)  # languages by their index in langs
        self.langs = bytearray()
        self.confs = array("d")

    def add(self, start: int, end: int, paragraph: int, tok_lo: int, tok_hi: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.paragraph.append(paragraph)
        self.tok_lo.append(tok_lo)
        self.tok_hi.append(tok_hi)
        self.langs.append(0)
        self.confs.append(0.0)

    def with_langs(self, langs: Iterable[str], confs: Iterable[float]) -> Sentences:
        """The same sentences with each one's language and confidence (the spans shared)."""
        out = Sentences.__new__(Sentences)
        for name in ("starts", "ends", "paragraph", "tok_lo", "tok_hi"):
            setattr(out, name, getattr(self, name))
        index: dict[str, int] = {}  # (codes 0-255 in a bytearray: mtqa knows far fewer languages)
        out.langs = bytearray(index.setdefault(lang, len(index)) for lang in langs)
        out.lang_codes = tuple(index)
        out.confs = array("d", confs)
        if len(out.langs) != len(self) or len(out.confs) != len(self):
            raise ValueError("one language and one confidence per sentence")
        return out

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...

    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...

    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return Sentence(self.starts[i], self.ends[i], self.paragraph[i], self.tok_lo[i],
                        self.tok_hi[i], self.lang_codes[self.langs[i]], self.confs[i])

    def __iter__(self) -> Iterator[Sentence]:
        return map(Sentence, self.starts, self.ends, self.paragraph, self.tok_lo, self.tok_hi,
                   map(self.lang_codes.__getitem__, self.langs), self.confs)


class Spans(_Compact[tuple[int, int]]):
    """(start, end) spans (a document's paragraphs) as two compact arrays; `starts` can be
    bisected directly."""

    __slots__ = ("starts", "ends")

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()):
        self.starts, self.ends = offsets(size), offsets(size)
        for s, e in spans:
            self.starts.append(s)
            self.ends.append(e)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(i, slice):
            return list(zip(self.starts[i], self.ends[i]))
        return self.starts[i], self.ends[i]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends)


def with_langs(sentences: Sequence[Sentence], langs: Sequence[str],
               confs: Sequence[float]) -> Sequence[Sentence]:
    """sentences, each with its language and confidence (compact when they were)."""
    if isinstance(sentences, Sentences):
        return sentences.with_langs(langs, confs)
    return [dataclasses.replace(s, lang=lang, lang_confidence=c)
            for s, lang, c in zip(sentences, langs, confs)]


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
    # Built documents hold paragraphs and sentences as compact arrays (Spans, Sentences):
    # a list of objects costs some 10 times more, and a text of one-word lines has a
    # paragraph and a sentence for every word.
    paragraphs: Sequence[tuple[int, int]] = field(default_factory=list)
    sentences: Sequence[Sentence] = field(default_factory=list)
    tokens: Sequence[Token] = field(default_factory=list)
    _line_starts: list[int] | None = None
    facts: Facts | None = None  # None until annotated
    _starts: Sequence[int] = field(default_factory=list, repr=False, compare=False)
    _starts_of: Sequence[Sentence] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, text: str, path: str = "-", lang: str | None = None,
              lines: bool = False) -> Document:
        """Segment and tokenize text; lang is a BCP 47 tag ('en-US' is read as 'en'); None,
        or a tag mtqa does not know (say from an input's metadata), means identify it."""
        from . import langid, languages

        doc = cls(text=text, path=path)
        tokens = doc.tokens = tokenize(text)
        known = languages.tag(lang)  # the one place a tag becomes a code: all below see 'en'
        if known:
            doc.lang, doc.lang_confidence = known, 1.0
        else:
            doc.lang, doc.lang_confidence = langid.identify_tokens(text, doc.tokens)
        # Pre-segmented input (lines): each line is one sentence and one paragraph.
        doc.paragraphs = paras = Spans(len(text), _line_spans(text) if lines else segment.paragraphs(text))
        doc.sentences = sents = Sentences(len(text))
        start = attrgetter("start")
        for p, (ps, pe) in enumerate(paras):
            for s, e in [(ps, pe)] if lines else segment.sentences(text, ps, pe, doc.lang or "en"):
                sents.add(s, e, p, bisect.bisect_left(tokens, s, key=start),
                          bisect.bisect_left(tokens, e, key=start))
        return doc

    # -- access ---------------------------------------------------------------
    def sentence_tokens(self, sent: Sentence) -> list[Token]:
        return list(self.tokens[sent.tok_lo:sent.tok_hi])

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts(), offset) - 1
        if 0 <= i < len(self.sentences) and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts(), offset) - 1)

    @property
    def sentence_starts(self) -> Sequence[int]:
        """The start of every sentence, in order (for bisecting)."""
        return self._sentence_starts()

    def _sentence_starts(self) -> Sequence[int]:
        """Start of every sentence, built once per sentence list (annotation replaces the
        list), so looking up each finding's sentence stays logarithmic."""
        sents = self.sentences
        if isinstance(sents, Sentences):
            return sents.starts
        if self._starts_of is not sents or len(self._starts) != len(sents):
            self._starts = [s.start for s in sents]
            self._starts_of = sents
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a char offset."""
        if self._line_starts is None:
            self._line_starts = segment.line_starts(self.text)
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    @property
    def paragraph_starts(self) -> Sequence[int]:
        paras = self.paragraphs
        return paras.starts if isinstance(paras, Spans) else [s for s, _ in paras]

    @property
    def word_count(self) -> int:
        return self.words_between(0, len(self.tokens))

    def words_between(self, lo: int, hi: int) -> int:
        """Words, numbers and CJK characters among tokens[lo:hi]."""
        toks = self.tokens
        return sum(1 for k in range(lo, hi) if toks[k].kind in ("word", "num", "cjk"))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each line stripped (LF, CR LF or CR ends a line); a final line break ends the last
    line rather than starting an empty one."""
    starts = segment.line_starts(text)
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(text)
        s, e = segment.strip_span(text, s, e)
        yield s, e
