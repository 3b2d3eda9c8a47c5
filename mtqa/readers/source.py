"""Source: what a reader hands the rest of mtqa."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..segment import line_starts
from ._map import RunMap


@dataclass(eq=False)
class Source:
    """An input file read for checking.

    `text` is the article to check (for bilingual formats the target side): paragraphs
    separated by a blank line, headline first when known. Offsets into `text` map back to
    `file_text` (the decoded file, BOM removed) with `to_file` / `span_to_file`.
    For monolingual formats `tgt_lang` is the language the file declares for the text.
    """

    path: str
    format: str
    text: str
    file_text: str = field(repr=False)
    text_map: RunMap = field(repr=False, default=None)  # type: ignore[assignment]
    segments: list[tuple[str, str]] | None = None
    source_text: str | None = None
    source_map: RunMap | None = field(repr=False, default=None)
    src_lang: str | None = None
    tgt_lang: str | None = None
    headline: str | None = None
    meta: dict = field(default_factory=dict)
    records: list[dict] | None = None
    # Bilingual / JSONL: span of each segment's target in `text`, of its source in
    # `source_text` (empty spans for missing sides), in segment order.
    segment_spans: list[tuple[int, int]] | None = None
    source_spans: list[tuple[int, int]] | None = None
    headline_span: tuple[int, int] | None = None
    # JSONL: (line, message) of each record that could not be read; the others were.
    record_errors: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.text_map is None:
            self.text_map = RunMap.identity(len(self.text))
        self._line_starts: list[int] | None = None

    # -- offsets in text -> file ---------------------------------------------------------
    def to_file(self, offset: int) -> int:
        """Code-point offset in file_text of text[offset]. A char that came from an
        escape (``&amp;``, ``\\u00e9``) maps to the escape's first char; a char the reader
        inserted (paragraph break) maps to the next char that came from the file."""
        return self.text_map.to_file(offset)

    def span_to_file(self, start: int, end: int) -> tuple[int, int]:
        """file_text span of text[start:end] (escapes at either end included whole)."""
        return self.text_map.span_to_file(start, end)

    def is_literal(self, offset: int) -> bool:
        """True when text[offset] is stored literally: file_text[to_file(offset)] equals it."""
        return self.text_map.is_literal(offset)

    def is_from_file(self, offset: int) -> bool:
        """True when text[offset] came from the file (literally or from an escape)."""
        return self.text_map.is_mapped(offset)

    def source_to_file(self, offset: int) -> int:
        if self.source_map is None:
            raise ValueError(f"{self.path}: no source side")
        return self.source_map.to_file(offset)

    def source_span_to_file(self, start: int, end: int) -> tuple[int, int]:
        if self.source_map is None:
            raise ValueError(f"{self.path}: no source side")
        return self.source_map.span_to_file(start, end)

    def line_col(self, file_offset: int) -> tuple[int, int]:
        """1-based line and column of a file_text offset (LF, CR LF or CR ends a line)."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.file_text)
        k = bisect_right(self._line_starts, file_offset) - 1
        return k + 1, file_offset - self._line_starts[k] + 1
