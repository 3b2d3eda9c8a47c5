"""Paragraph and sentence segmentation as char spans; the text is never changed."""

from __future__ import annotations

import re

from . import resources

_BLANK = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"[^\n]+")
# A sentence end: terminal punctuation plus any closing quotes or brackets.
_LATIN_END = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'”’»)\]]*(?=\s|$)")
_CJK_END = re.compile(r"[。！？]+[」』”’）)\"]*")
_NEXT_WORD = re.compile(r"\s*([\"'“‘«(\[]*)(\S+)")
_PREV_WORD = re.compile(r"(\S+)$")
_ALLCAPS_ABBR = re.compile(r"^(?:[A-Z]\.){2,}$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; when a text has no blank lines, each line is one."""
    spans: list[tuple[int, int]] = []
    if _BLANK.search(text):
        pos = 0
        for m in _BLANK.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = [m.span() for m in _LINE.finditer(text)]
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def sentences(text: str, start: int, end: int, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph [start, end)."""
    fixed, maybe = _abbrevs(lang)
    starters = _starters(lang)
    cuts: list[int] = []
    for m in _CJK_END.finditer(text, start, end):
        cuts.append(m.end())
    for m in _LATIN_END.finditer(text, start, end):
        if _is_boundary(text, m.start(), m.end(), end, fixed, maybe, starters):
            cuts.append(m.end())
    # A line break inside a paragraph (soft-wrapped text) is not a boundary, but a
    # line that ends without punctuation before a new paragraph already was cut.
    spans = []
    pos = start
    for c in sorted(set(cuts)):
        s, e = _strip(text, pos, c)
        if e > s:
            spans.append((s, e))
        pos = c
    s, e = _strip(text, pos, end)
    if e > s:
        spans.append((s, e))
    return spans


def _is_boundary(text, ps, pe, end, fixed, maybe, starters) -> bool:
    mark = text[ps:pe]
    nxt = _NEXT_WORD.match(text, pe, end)
    if nxt is None:
        return True  # end of paragraph
    word = nxt.group(2)
    if not mark.startswith("."):
        return word[:1].isupper() or word[:1].isdigit() or bool(nxt.group(1)) or not word[:1].isalpha()
    prev = _PREV_WORD.search(text, 0, pe)
    prev_word = prev.group(1).lstrip("\"'“‘«([") if prev else ""
    prev_low = prev_word.lower().rstrip("\"'”’»)]")
    # Initials ("J. Smith") and abbreviations do not end a sentence ...
    is_initial = len(prev_low) == 2 and prev_word[0].isupper()
    if prev_low in fixed or is_initial:
        # ... unless an all-caps abbreviation ("U.S.") is followed by a sentence starter.
        if _ALLCAPS_ABBR.match(prev_word.rstrip("\"'”’»)]")) and word.lower().strip(",") in starters:
            return True
        return False
    if word[:1].islower():
        return False
    if prev_low in maybe:
        return word[:1].isupper()
    # "3.5" never reaches here (no space); a lone period after a number + lowercase is handled above.
    return word[:1].isupper() or word[:1].isdigit() or bool(nxt.group(1)) or not word[:1].isalpha()


def _abbrevs(lang: str):
    fixed, maybe = resources.abbreviations(lang)
    if lang != "en":
        f2, m2 = resources.abbreviations("en")
        fixed, maybe = fixed | f2, maybe | m2
    return fixed, maybe


def _starters(lang: str) -> frozenset[str]:
    """Words that open a sentence: corpora/abbreviations/sentence-starters.tsv."""
    table = resources.word_groups("lang", "abbreviations", "sentence-starters.tsv")
    return table.get(lang, table["en"])
