"""Tokenizer: words, numbers, CJK characters and punctuation as char spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(
    rf"(?P<cjk>[{_CJK}])"
    r"|(?P<num>\d+(?:[.,:/]\d+)*%?)"
    rf"|(?P<word>(?:(?![{_CJK}])\w)+(?:[-‐'’](?:(?![{_CJK}])\w)+)*)"
    r"|(?P<punct>\S)"
)
_POSSESSIVE = re.compile(r"['’][sS]$")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # word | num | cjk | punct

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalized(self) -> bool:
        return self.kind == "word" and self.text[0].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end]; a possessive 's is split off as its own token."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "word" and e - s > 2 and _POSSESSIVE.search(m.group()):
            out.append(Token(s, e - 2, text[s:e - 2], "word"))
            out.append(Token(e - 2, e, text[e - 2:e], "word"))
            continue
        out.append(Token(s, e, m.group(), kind))
    return out
