"""Renderers: each turns the same list of results into one output format."""

from __future__ import annotations

import importlib
from pathlib import Path
from dataclasses import dataclass, field

from ..document import Document
from ..finding import Finding

# Each format NAME is rendered by the module NAME_format beside this file.
FORMATS = tuple(sorted(p.stem[: -len("_format")] for p in Path(__file__).parent.glob("*_format.py")))


@dataclass
class Result:
    doc: Document
    findings: list[Finding]
    info: dict = field(default_factory=dict)  # per-document extras (source language, score)
    src: object = None  # readers.Source when the text was extracted from a richer format
    source_text: str = ""  # the source article's text, when checked against one
    source_doc: Document | None = None  # the source article, segmented

    def locate(self, f: Finding) -> tuple[int, int, int, int]:
        """(start, end, line, column) of a finding in the input file's own text."""
        if self.src is None or getattr(self.src, "format", "text") == "text":
            line, col = self.doc.line_col(f.start)
            return f.start, f.end, line, col
        s, e = self.src.span_to_file(f.start, f.end)
        line, col = self.src.line_col(s)
        return s, e, line, col


def render(fmt: str, results: list[Result], signature: dict) -> str:
    return importlib.import_module(f"{__name__}.{fmt}_format").render(results, signature)


def excerpt(doc: Document, f: Finding) -> str:
    return doc.text[f.start:f.end]
