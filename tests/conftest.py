import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "xi-visit-2023-03.en.txt"


@pytest.fixture
def ctx():
    from mtqa.checks import Context
    from mtqa.packs import builtin

    return Context(packs=builtin())


@pytest.fixture
def check(ctx):
    """Run every check on a text; returns (doc, findings)."""
    from mtqa.checks import run_checks
    from mtqa.document import Document

    def _check(text, lang=None, **opts):
        doc = Document.build(text, lang=lang)
        for k, v in opts.items():
            setattr(ctx, k, v)
        return doc, run_checks(doc, ctx)

    return _check


@pytest.fixture
def seed_text():
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return SEED.read_text(encoding="utf-8")


def spans(doc, findings, rule=None):
    return [doc.text[f.start:f.end] for f in findings if rule is None or f.rule == rule]
