"""A sorted list of lines kept as one text and searched where it lies.

A word list of tens of thousands of lines (the context model's vocabulary, the language
profile) is asked about a few hundred words per article: splitting it into a string per line
(let alone a dict) costs every process more than all its look-ups. Instead the text is cut
into chunks of some CHUNK characters at line ends, once; a look-up bisects the chunks' first
keys and finds the line in its chunk with str.find.

A line is a key, optionally followed by a tab and a value ("word" or "word<TAB>7.48 3.1").
Lines must be sorted by key, and no key may hold a tab or a line break.
"""

from __future__ import annotations

import bisect


class SortedText:
    """Sorted lines (see the module doc), searched in place."""

    CHUNK = 1024  # chars: a look-up scans at most about this much text
    __slots__ = ("_text", "_starts", "_bases", "_heads")

    def __init__(self, text: str) -> None:
        # framed by line breaks, so that every line, the first and last too, is "\n...\n"
        self._text = text = f"\n{text}\n"
        starts = [1]  # chunk k: lines from text[starts[k]]
        at = text.find("\n", 1 + self.CHUNK)
        while 0 <= at < len(text) - 1:
            starts.append(at + 1)
            at = text.find("\n", at + 1 + self.CHUNK)
        self._starts = starts
        self._heads = [self._key_at(a) for a in starts]
        # The number of each chunk's first line, counted when first asked for (len(), index()):
        # a table asked only for values (value()) never scans all of its text.
        self._bases: list[int] | None = None

    def __len__(self) -> int:
        bases = self._line_bases()
        return bases[-1]  # (one past the last chunk: the number of lines)

    def _line_bases(self) -> list[int]:
        """The number of each chunk's first line, then the number of lines."""
        if self._bases is None:
            text, starts = self._text, self._starts
            bases = [0]
            for a, b in zip(starts, starts[1:]):
                bases.append(bases[-1] + text.count("\n", a, b))
            bases.append(bases[-1] + text.count("\n", starts[-1]))  # (the closing frame ends the last)
            self._bases = bases
        return self._bases

    def index(self, key: str) -> int:
        """The number of the line that is exactly key, or -1."""
        k, at = self._find(key, "\n")
        return -1 if at < 0 else self._line_bases()[k] + self._text.count("\n", self._starts[k], at + 1)

    def value(self, key: str) -> str | None:
        """What follows the tab on key's line, or None when no line has that key."""
        _, at = self._find(key, "\t")
        if at < 0:
            return None
        a = at + len(key) + 2
        return self._text[a:self._text.index("\n", a)]

    def lines(self) -> list[str]:
        """Every line (for the rare caller that walks them all)."""
        return self._text[1:-1].split("\n")

    def _find(self, key: str, end: str) -> tuple[int, int]:
        """(chunk, where the line break before the line "key<end>" is), or (-1, -1)."""
        k = bisect.bisect_right(self._heads, key) - 1
        if k < 0 or "\n" in key or "\t" in key:
            return -1, -1
        stop = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._text)
        # (a keyed line may run past the chunk's end: only where it starts must lie inside)
        at = self._text.find(f"\n{key}{end}", self._starts[k] - 1, stop + len(key) + 1)
        return (k, at) if 0 <= at < stop else (-1, -1)

    def _key_at(self, a: int) -> str:
        end = self._text.find("\n", a)
        tab = self._text.find("\t", a, end)
        return self._text[a:end if tab < 0 else tab]


def after_comments(text: str) -> SortedText:
    """A data file's sorted lines that follow the comment lines ('#...') at its head."""
    at = 0
    while text.startswith("#", at):
        at = text.find("\n", at) + 1 or len(text)
    return SortedText(text[at:].rstrip("\n"))
