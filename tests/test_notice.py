"""NOTICE and LICENSE: every shipped data file is accounted for, and both files ship.

NOTICE lists its entries with lines of the form

    Files: <path or glob> [<path or glob> ...]

(paths relative to the repository root; globs are matched with fnmatch). Every file under
corpora/ (except __init__.py and __pycache__) must be named or matched by one of them, so
adding a data file without a NOTICE entry fails here.
"""

import configparser
import fnmatch
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
NOTICE = ROOT / "NOTICE"
LICENSE = ROOT / "LICENSE"

WILDCARDS = "*?["


def shipped_data_files() -> list[str]:
    """Every file under corpora/, as a repo-relative POSIX path."""
    out = []
    for dirpath, dirnames, filenames in os.walk(CORPORA):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name == "__init__.py" or name.endswith((".pyc", ".pyo")):
                continue
            out.append((Path(dirpath) / name).relative_to(ROOT).as_posix())
    return out


def notice_patterns(text: str) -> list[str]:
    """The paths and globs of all `Files:` lines of NOTICE."""
    pats = []
    for line in text.splitlines():
        if line.startswith("Files:"):
            pats.extend(line[len("Files:"):].split())
    return pats


def covered(path: str, patterns: list[str]) -> bool:
    for pat in patterns:
        if any(c in pat for c in WILDCARDS):
            if fnmatch.fnmatchcase(path, pat):
                return True
        elif path == pat:
            return True
    return False


@pytest.fixture(scope="module")
def patterns() -> list[str]:
    assert NOTICE.is_file(), "NOTICE is missing at the repository root"
    pats = notice_patterns(NOTICE.read_text(encoding="utf-8"))
    assert pats, "NOTICE has no 'Files:' lines"
    return pats


def test_walk_finds_the_data():
    files = shipped_data_files()
    # guard against a vacuous pass (wrong root, empty walk)
    assert len(files) > 50
    for known in ("corpora/lexicon/words-en.tsv", "corpora/languages/languages.tsv",
                  "corpora/spm/en.model", "corpora/names/gazetteer.tsv"):
        assert known in files


def test_every_data_file_has_a_notice_entry(patterns):
    missing = [p for p in shipped_data_files() if not covered(p, patterns)]
    assert not missing, (
        "files under corpora/ without a NOTICE entry (add a 'Files:' line saying what they "
        "are, their source, licence and attribution): " + ", ".join(missing))


def test_notice_entries_are_not_stale_or_catch_all(patterns):
    files = shipped_data_files()
    for pat in patterns:
        assert pat.startswith("corpora/"), f"NOTICE path not under corpora/: {pat}"
        assert any(covered(f, [pat]) for f in files), f"NOTICE entry matches no file: {pat}"
        if any(c in pat for c in WILDCARDS):
            fixed = pat[:min(pat.index(c) for c in WILDCARDS if c in pat)]
            # a glob must stay inside one data folder: corpora/<folder>/...
            assert fixed.count("/") >= 2, f"NOTICE glob too broad: {pat}"


def test_check_rejects_an_unlisted_file(patterns):
    # the coverage check is real: a new file in a new folder is not covered
    assert not covered("corpora/newdata/extra-en.tsv", patterns)
    assert not covered("corpora/lexicon/words-en.tsv.bak", patterns)
    assert covered("corpora/lexicon/words-en.tsv", patterns)


def test_license_files_declared_and_present():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    raw = cfg.get("metadata", "license_files", fallback="")
    names = [n.strip() for n in raw.replace("\n", ",").split(",") if n.strip()]
    assert "LICENSE" in names and "NOTICE" in names, names
    assert LICENSE.is_file() and NOTICE.is_file()
    lic = LICENSE.read_text(encoding="utf-8")
    assert lic.startswith("MIT License")
    assert "Copyright (c) 2026 the mtqa authors" in lic
