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


def check_text(text, lang=None, **opts):
    """A text through the whole pipeline, as `mtqa check` runs it; returns (doc, findings).
    opts are pipeline Options (calques=, select=, ignore=, ...)."""
    from mtqa.pipeline import Engine, Options
    from mtqa.readers import read_input

    src = read_input("-", data=text.encode("utf-8"), fmt="text")
    r = Engine(Options(lang=lang or "", **opts)).analyse(src)
    return r.doc, r.findings


@pytest.fixture
def check():
    """Run every check on a text; returns (doc, findings)."""
    return check_text


@pytest.fixture
def seed_text():
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return SEED.read_text(encoding="utf-8")


def spans(doc, findings, rule=None):
    return [doc.text[f.start:f.end] for f in findings if rule is None or f.rule == rule]


def make_house_pack(folder):
    """A user rule pack "house" with one pattern rule: 'govts' -> 'governments' (major)."""
    folder.mkdir()
    (folder / "pack.toml").write_text('name = "house"\nversion = "2"\n')
    (folder / "spelling.toml").write_text(
        'kind = "pattern"\ncategory = "locale/convention"\nseverity = "major"\n'
        'message = "House style is \'governments\'"\n\n[[entries]]\npattern = \'\\bgovts\\b\'\n'
        'suggestion = "governments"\n')
    return folder
