"""Paragraph and sentence segmentation as char spans; the text is never changed.

Line breaks are LF, CR LF (one break) or a lone CR: the three give the same paragraphs,
sentences, lines and columns.

Every step is linear in the length of the text. A sentence is at most MAX_SENTENCE_WORDS
whitespace-separated words and MAX_SENTENCE_CHARS characters: a longer stretch without
sentence-ending punctuation (a pasted table, a transcript with no full stops) is cut into
windows of that size, at whitespace when there is any, so that checks whose cost grows
with the square of a sentence's length stay bounded.
"""

from __future__ import annotations

import functools

from . import resources, rx

MAX_SENTENCE_WORDS = 1000
MAX_SENTENCE_CHARS = 10_000
# Longest word looked at before a full stop: abbreviations and initials are far shorter.
_PREV_WORD_WINDOW = 64

# A line break; atomic, so the CR of a CR LF pair is never taken as a break of its own.
LINE_BREAK = rx.compile(r"\r\n?|\n")
BLANK_LINE = rx.compile(r"(?>\r\n|\r|\n)[ \t\f]*(?>\r\n|\r|\n)")
_LINE = rx.compile(r"[^\r\n]+")
_WORD = rx.compile(r"\S+")
# A sentence end: terminal punctuation plus any closing quotes or brackets. It starts a
# run of such marks (lookbehind) and never gives back (possessive), so a line of ten
# thousand dots is scanned once, not once per dot.
_LATIN_END = rx.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s|$)")
_CJK_END = rx.compile(r"[。！？]+[」』”’）)\"]*")
_NEXT_WORD = rx.compile(r"\s*([\"'“‘«(\[]*)(\S+)")
_ALLCAPS_ABBR = rx.compile(r"^(?:[A-Z]\.){2,}$")


def line_starts(text: str) -> list[int]:
    """Offset of the first char of every line (0 first)."""
    return [0, *(m.end() for m in LINE_BREAK.finditer(text))]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; when a text has no blank lines, each line is one."""
    spans: list[tuple[int, int]] = []
    if BLANK_LINE.search(text):
        pos = 0
        for m in BLANK_LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = [m.span() for m in _LINE.finditer(text)]
    out = []
    for s, e in spans:
        s, e = strip_span(text, s, e)
        if e > s:
            out.append((s, e))
    return out


_NON_SPACE = rx.compile(r"\S")


def strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    """(s, e) without leading and trailing whitespace; (e, e) when all whitespace."""
    m = _NON_SPACE.search(text, s, e)
    if m is None:
        return e, e
    s = m.start()
    while text[e - 1].isspace():
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
    for c in [*sorted(set(cuts)), end]:
        s, e = strip_span(text, pos, c)
        if e > s:
            spans.extend(_windows(text, s, e))
        pos = c
    return spans


def _windows(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """[s, e) cut into windows of at most MAX_SENTENCE_WORDS words and MAX_SENTENCE_CHARS
    chars, at whitespace; a single longer word is cut at the char limit."""
    if e - s <= MAX_SENTENCE_CHARS and e - s < 2 * MAX_SENTENCE_WORDS:
        return [(s, e)]  # too short to exceed either limit
    out = []
    ws = s  # start of the current window
    words = 0
    last = s  # end of the last word that fits
    for m in _WORD.finditer(text, s, e):
        a, b = m.span()
        if words == MAX_SENTENCE_WORDS or (b - ws > MAX_SENTENCE_CHARS and words):
            out.append((ws, last))
            ws, words = a, 0
        while b - ws > MAX_SENTENCE_CHARS:  # one word longer than a window
            out.append((ws, ws + MAX_SENTENCE_CHARS))
            ws += MAX_SENTENCE_CHARS
        words += 1
        last = b
    out.append((ws, last))
    return out


def _is_boundary(text, ps, pe, end, fixed, maybe, starters) -> bool:
    mark = text[ps:pe]
    nxt = _NEXT_WORD.match(text, pe, end)
    if nxt is None:
        return True  # end of paragraph
    word = nxt.group(2)
    if not mark.startswith("."):
        return word[:1].isupper() or word[:1].isdigit() or bool(nxt.group(1)) or not word[:1].isalpha()
    prev_word = _prev_word(text, pe).lstrip("\"'“‘«([")
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


def _prev_word(text: str, pe: int) -> str:
    """The whitespace-free run ending at pe; "" when longer than _PREV_WORD_WINDOW (such
    a run is no abbreviation, and looking further back would make segmenting quadratic)."""
    lo = max(0, pe - _PREV_WORD_WINDOW)
    i = pe
    while i > lo and not text[i - 1].isspace():
        i -= 1
    if i == lo and lo > 0 and not text[lo - 1].isspace():
        return ""
    return text[i:pe]


@functools.cache
def _abbrevs(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(never-final, may-be-final) abbreviations of lang and English (once per language, not
    once per paragraph)."""
    fixed, maybe = resources.abbreviations(lang)
    if lang != "en":
        f2, m2 = resources.abbreviations("en")
        fixed, maybe = fixed | f2, maybe | m2
    return fixed, maybe


@functools.cache
def _starters(lang: str) -> frozenset[str]:
    """Words that open a sentence: corpora/abbreviations/sentence-starters.tsv."""
    table = resources.word_groups("lang", "abbreviations", "sentence-starters.tsv")
    return table.get(lang, table["en"])
