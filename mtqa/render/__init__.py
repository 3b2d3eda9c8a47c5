"""Renderers: each turns the same Report into one output format.

A renderer reads the Report (and the rule registry in it); it never runs or loads checks.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..report import Report

# Each format NAME is rendered by the module NAME_format beside this file.
FORMATS = tuple(sorted(p.stem[: -len("_format")] for p in Path(__file__).parent.glob("*_format.py")))


def render(fmt: str, report: Report) -> str:
    return str(importlib.import_module(f"{__name__}.{fmt}_format").render(report))
