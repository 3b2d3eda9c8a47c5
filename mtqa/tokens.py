"""Tokenizers: every way mtqa cuts text into words, in one place.

- tokenize(): the Document's tokens (words, numbers, CJK characters, punctuation) as spans;
- words(), WORD_RUN, JOINED_WORD: plain word splitters for matching lists and phrases;
- align_tokens(): the cross-language aligner's tokens (character bigrams for CJK and Thai);
- diff_tokens(): the same-language word diff's tokens.

The context model (mtqa/lm.py) is looked up with the Document's word tokens, lowercased.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import rx

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_NUM = r"(?P<num>\d+(?:[.,:/]\d+)*%?)"
_PUNCT = r"(?P<punct>\S)"
# A text with no char from the first CJK block on is cut by _PLAIN_TOKEN: _cjk_token()
# without its CJK classes, so the same tokens, and compiled in a fraction of the time (the
# classes' 40,000 code points cost milliseconds, every process).
_PLAIN_TOKEN = rx.compile(rf"{_NUM}|(?P<word>\w+(?:[-‐'’]\w+)*)|{_PUNCT}")
_PAST_PLAIN = rx.compile("[^\x00-\u303f]")


@functools.cache
def _cjk_token() -> re.Pattern[str]:
    return rx.compile(
        rf"(?P<cjk>[{_CJK}])|{_NUM}"
        rf"|(?P<word>[^\W{_CJK}]+(?:[-‐'’][^\W{_CJK}]+)*)"  # (word chars but CJK)
        rf"|{_PUNCT}")


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a Document: a span, its text, its kind and its text lowercased (stored, not
    computed on each read: the checks read it thousands of times per article)."""

    start: int
    end: int
    text: str
    kind: str  # word | num | cjk | punct
    lower: str

    @classmethod
    def of(cls, start: int, end: int, text: str, kind: str) -> Token:
        """A token outside tokenize() (its lowercase worked out here)."""
        return cls(start, end, text, kind, text.lower())

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_capitalized(self) -> bool:
        return self.kind == "word" and self.text[0].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end]; a possessive 's is split off as its own token.

    Equal token texts share one string, and so do equal lowercase forms: a news text repeats
    most of its words, and a string per token would be a third of the tokens' memory.
    """
    out: list[Token] = []
    forms: dict[str, tuple[str, str]] = {}  # token text -> (shared text, shared lowercase)
    lowers: dict[str, str] = {}

    def form(word: str) -> tuple[str, str]:
        got = forms.get(word)
        if got is None:
            low = word.lower()
            got = forms[word] = (word, lowers.setdefault(low, word if low == word else low))
        return got

    end = len(text) if end is None else end
    pattern = _cjk_token() if _PAST_PLAIN.search(text, start, end) else _PLAIN_TOKEN
    for m in pattern.finditer(text, start, end):
        kind = m.lastgroup
        assert kind is not None  # every alternative of the patterns is a named group
        s, e = m.span()
        word = m.group()
        if kind == "word" and e - s > 2 and word[-1] in "sS" and word[-2] in "'’":  # a possessive
            stem, low = form(word[:-2])
            out.append(Token(s, e - 2, stem, "word", low))
            mark, low = form(word[-2:])
            out.append(Token(e - 2, e, mark, "word", low))
            continue
        word, low = forms.get(word) or form(word)
        out.append(Token(s, e, word, kind, low))
    return out


# -- plain word splitters ------------------------------------------------------------------
# For matching word lists, phrases and names against any text. Unlike tokenize() they keep
# digits inside words, do not cut CJK text into characters and do not split off 's.
WORD_RUN = rx.compile(r"\w+")  # "Belt-and-Road's" -> Belt | and | Road | s
JOINED_WORD = rx.compile(r"\w+(?:[-'’]\w+)*")  # "Belt-and-Road's", "O'Brien" kept whole


def words(text: str, joined: bool = False, lower: bool = True) -> list[str]:
    """The words of text, lowercased unless lower=False.

    Runs of letters and digits (WORD_RUN); with joined=True, words linked by a hyphen or an
    apostrophe stay one word (JOINED_WORD).
    """
    found = (JOINED_WORD if joined else WORD_RUN).findall(text)
    return [w.lower() for w in found] if lower else found


# -- tokens of the cross-language sentence aligner (mtqa.align.cross) -----------------------
# Scripts written without spaces (CJK, Thai, Myanmar, Khmer) are cut into character bigrams;
# numbers keep their separators (the aligner compares their digits); words have no digits;
# only punctuation that translations keep is a token.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff"


@functools.cache
def _align_token() -> re.Pattern[str]:
    """The aligner's token pattern, compiled on first use: its classes of some 30,000 code
    points cost milliseconds to compile, and only alignment across languages needs it."""
    return rx.compile(
        rf"(?P<cjk>[{_UNSPACED}]+)"
        r"|(?P<num>\d+(?:[.,'’\u00a0\u202f]\d+)*)"
        rf"|(?P<word>(?:(?![{_UNSPACED}])[^\W\d_])+)"
        r"|(?P<punct>[?!:;()\[\]\"«»“”„‟‹›¿¡])"
    )


def align_tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: num, word, cjk (character bigrams), punct."""
    out = []
    for mt in _align_token().finditer(text):
        kind = mt.lastgroup
        assert kind is not None  # every alternative of the pattern is a named group
        tok = mt.group()
        if kind == "cjk":
            if len(tok) == 1:
                out.append(("cjk", tok))
            else:
                out.extend(("cjk", tok[k:k + 2]) for k in range(len(tok) - 1))
        else:
            out.append((kind, tok))
    return out


# -- tokens of the same-language word diff (mtqa.divergence.tokens) -------------------------
# Words keep inner hyphens, apostrophes and dots ("U.S", "3.5"); every other mark is a token.
_DIFF_TOKEN = rx.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def diff_tokens(text: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each word and punctuation mark."""
    return [(m.group(), m.start(), m.end()) for m in _DIFF_TOKEN.finditer(text)]



# -- web and mail addresses -------------------------------------------------------------------

_TLD = r"\.(?:com|org|net|gov|edu|int|info|io|co|uk|de|fr|es|it|pt|ru|ua|fi|id|cn|jp|au)\b"
# A match is tried only where a run of the characters it is made of starts (a host name also
# after '..'), and leading '.'/'-' are skipped outside group u: tried at every position of a
# long token, each attempt scanned the rest of it (quadratic).
_ADDRESS = rx.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                      r"|(?:(?<![\w.-])|(?<=\.\.)(?!\.))[.-]*+(?P<u>[\w-]+(?:\.[\w-]+)*"
                      + _TLD + r"(?:/\S*)?)")
_ADDRESS_HINT = rx.compile(r"://|www\.|@|" + _TLD)  # cheap test before the full pattern


def address_spans(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses, host names and e-mail addresses in text: their words are
    neither names nor words of any language."""
    if not _ADDRESS_HINT.search(text):
        return []
    return [m.span(m.lastgroup or 0) for m in _ADDRESS.finditer(text)]
