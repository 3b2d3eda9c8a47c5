"""Renderers: each turns the same list of results into one output format."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..document import Document
from ..finding import Finding

FORMATS = ("text", "json")


@dataclass
class Result:
    doc: Document
    findings: list[Finding]
    info: dict = field(default_factory=dict)  # per-document extras (source language, score)


def render(fmt: str, results: list[Result], signature: dict) -> str:
    return importlib.import_module(f"{__name__}.{fmt}_format").render(results, signature)


def excerpt(doc: Document, f: Finding) -> str:
    return doc.text[f.start:f.end]
