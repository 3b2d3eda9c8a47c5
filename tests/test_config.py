"""Configuration files (mtqa.toml, setup.cfg [mtqa]) and the pre-commit hook definition."""

import json
import re
from pathlib import Path

import pytest

from mtqa import config
from mtqa.cli import LazyGroup, main

ROOT = Path(__file__).resolve().parent.parent
GARBLED = ('Leaders Meet In Berlin\nBERLIN - The two countries announced a "boundless" partnership '
           "on Monday, the the ministry said.\n")
MINOR = "Leaders Meet In Berlin\nBERLIN - The ministers met on on Monday and agreed on trade.\n"


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """tmp/desk/world/today/ as the working directory, stories in it; configs go higher up."""
    here = tmp_path / "desk" / "world" / "today"
    here.mkdir(parents=True)
    (here / "minor.txt").write_text(MINOR, encoding="utf-8")
    (here / "garbled.txt").write_text(GARBLED, encoding="utf-8")
    monkeypatch.chdir(here)
    return tmp_path


def findings(capsys, *args):
    code, out, err = run(["check", *args, "--format", "json"], capsys)
    assert err == "", err
    return code, {f["rule"]: f for d in json.loads(out)["documents"] for f in d["findings"]}


def test_found_walking_upward(newsroom, capsys):
    assert run(["check", "minor.txt"], capsys)[0] == 0  # no config: a minor finding passes
    cfg = newsroom / "desk" / "mtqa.toml"
    cfg.write_text('fail_on = "minor"\n')
    assert config.find() == cfg
    assert run(["check", "minor.txt"], capsys)[0] == 1


def test_nearest_wins_and_toml_before_setup_cfg(newsroom, capsys):
    (newsroom / "mtqa.toml").write_text('fail_on = "minor"\n')
    world = newsroom / "desk" / "world"
    (world / "setup.cfg").write_text("[metadata]\nname = copy\n")  # no [mtqa]: passed over
    assert config.find() == newsroom / "mtqa.toml"
    (world / "setup.cfg").write_text("[metadata]\nname = copy\n\n[mtqa]\nfail_on = never\n")
    assert config.find() == world / "setup.cfg"
    assert run(["check", "minor.txt", "--fail-on", "minor"], capsys)[0] == 1
    assert run(["check", "garbled.txt"], capsys)[0] == 0
    (world / "mtqa.toml").write_text('fail_on = "major"\n')
    assert config.find() == world / "mtqa.toml"
    assert run(["check", "garbled.txt"], capsys)[0] == 1


def test_command_line_flags_win(newsroom, capsys):
    (newsroom / "mtqa.toml").write_text('fail_on = "minor"\nselect = ["mechanics"]\nformat = "json"\n')
    code, out, _ = run(["check", "garbled.txt"], capsys)
    doc = json.loads(out)["documents"][0]  # format from the config
    assert code == 1 and {f["rule"] for f in doc["findings"]} == {"mechanics.doubled-word"}
    code, out, _ = run(["check", "garbled.txt", "--select", "terms", "--format", "text",
                        "--fail-on", "critical"], capsys)
    assert code == 0 and "terms.modifier-swap" in out and "doubled-word" not in out
    assert run(["--no-config", "check", "minor.txt"], capsys)[0] == 0


def test_severity_override_changes_a_finding(newsroom, capsys):
    _, before = findings(capsys, "garbled.txt")
    assert before["terms.modifier-swap"]["severity"] == "major"
    (newsroom / "mtqa.toml").write_text('[severity]\n"terms.modifier-swap" = "info"\n'
                                        '"mechanics.doubled-word" = "critical"\n')
    code, after = findings(capsys, "garbled.txt", "--fail-on", "critical")
    assert after["terms.modifier-swap"]["severity"] == "info"
    assert after["mechanics.doubled-word"]["severity"] == "critical" and code == 1
    _, out, _ = run(["check", "garbled.txt"], capsys)
    assert "info terms.modifier-swap" in out


def test_setup_cfg_lists_and_severity_section(newsroom, capsys):
    (newsroom / "setup.cfg").write_text(
        "[metadata]\nname = copy\n\n[mtqa]\nselect =\n    terms\n    mechanics.doubled-word\n"
        "ignore = mechanics.unbalanced-quotes, names\nlang = en\n\n"
        "[mtqa.severity]\nterms.modifier-swap = minor\n")
    cfg = config.discover()
    assert cfg.values["select"] == ("terms", "mechanics.doubled-word")
    assert cfg.values["ignore"] == ("mechanics.unbalanced-quotes", "names")
    code, found = findings(capsys, "garbled.txt")
    assert set(found) == {"terms.modifier-swap", "mechanics.doubled-word"}
    assert found["terms.modifier-swap"]["severity"] == "minor" and code == 0


def test_extra_rule_packs_relative_to_the_config_file(newsroom, capsys):
    pack = newsroom / "packs" / "house"
    pack.mkdir(parents=True)
    (pack / "pack.toml").write_text('name = "house"\nversion = "1"\n')
    (pack / "ministers.toml").write_text(
        'kind = "pattern"\ncategory = "style/awkward"\nseverity = "major"\n'
        'message = "House style: say \'met on\' once"\n\n[[entries]]\npattern = \'met on on\'\n'
        'suggestion = "met on"\n')
    (newsroom / "mtqa.toml").write_text('rules = ["packs/house"]\n')
    code, found = findings(capsys, "minor.txt")
    assert "house.ministers" in found and code == 1
    code, out, _ = run(["rules"], capsys)
    assert "house.ministers" in out


def test_audit_reads_the_config_too(newsroom, capsys):
    (newsroom / "mtqa.toml").write_text('fail_on = "never"\nignore = ["terms"]\n'
                                        '[severity]\n"mechanics.doubled-word" = "major"\n')
    code, out, _ = run(["audit", ".", "-o", "../reports"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in (newsroom / "desk/world/reports/summary.jsonl").open()]
    g = next(r for r in rows if r["path"] == "garbled.txt")
    assert g["rules"] == {"mechanics.doubled-word": {"major": 1}}
    (newsroom / "mtqa.toml").write_text('report_format = "sarif"\n')
    run(["audit", ".", "-o", "../sarif"], capsys)
    assert (newsroom / "desk/world/sarif/garbled.txt.sarif").is_file()
    run(["audit", ".", "-o", "../json", "--report-format", "json"], capsys)
    assert (newsroom / "desk/world/json/garbled.txt.json").is_file()


@pytest.mark.parametrize("name, text, line, needle", [
    ("mtqa.toml", 'lang = "en"\nfail_on = \n', 2, "invalid TOML"),
    ("mtqa.toml", 'lang = "en"\n\nfail_on = "sometimes"\n', 3, "fail_on must be one of"),
    ("mtqa.toml", 'lang = "en"\nselekt = ["terms"]\n', 2, "unknown key 'selekt'"),
    ("mtqa.toml", 'lang = "en"\n\n[tool.mtqa]\nfail_on = "minor"\n', 3, "unknown key 'tool'"),
    ("mtqa.toml", 'select = "terms"\nignore = [1, 2]\n', 2, "ignore must be a list of strings"),
    ("mtqa.toml", 'select = ["nosuch"]\n', 1, "unknown rule or entry 'nosuch'"),
    ("mtqa.toml", '\n[severity]\n"terms.variant" = "major"\n"names.near-miss" = "severe"\n', 4,
     "severity of 'names.near-miss' must be one of"),
    ("mtqa.toml", '[severity]\n"terms.nosuch" = "minor"\n', 2, "unknown rule or entry 'terms.nosuch'"),
    ("mtqa.toml", 'rules = ["no/such/folder"]\n', 1, "rule pack folder not found"),
    ("mtqa.toml", 'format = "pdf"\n', 1, "format must be one of"),
    ("setup.cfg", "[mtqa]\nlang = en\nthis is not a setting\n", 3, "not a 'key = value' line"),
    ("setup.cfg", "[mtqa]\nlang = en\nlang = fr\n", 3, "already exists"),
    ("setup.cfg", "[mtqa]\nfail_on = minor\nlanguage = en\n", 3, "unknown key 'language'"),
    ("setup.cfg", "[mtqa]\n\n[mtqa.severity]\nterms.variant = worst\n", 4, "severity of 'terms.variant'"),
])
def test_malformed_config_is_one_line_with_file_and_line(newsroom, capsys, name, text, line, needle):
    path = newsroom / "desk" / name
    path.write_text(text)
    code, out, err = run(["check", "minor.txt"], capsys)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{path}:{line}:" in err and needle in err


def test_explicit_config_file(newsroom, capsys, tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('fail_on = "minor"\n')
    assert run(["--config", str(other), "check", "minor.txt"], capsys)[0] == 1
    code, _, err = run(["--config", str(tmp_path / "missing.toml"), "check", "minor.txt"], capsys)
    assert code == 2 and "missing.toml" in err


def test_no_config_here(newsroom):
    cfg = config.discover()
    assert cfg.path == "" and cfg.default_map() == {"check": {}, "audit": {}, "score": {}, "serve": {}}


# -- pre-commit -----------------------------------------------------------------------------

def _hooks() -> list[dict]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:  # a tiny reader for this file's shape: a list of flat mappings
        hooks = []
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"(- )?\s*([\w-]+):\s*(.*)$", line.strip())
            if m.group(1):
                hooks.append({})
            value = m.group(3)
            if value.startswith("["):
                value = [v.strip() for v in value.strip("[]").split(",")]
            hooks[-1][m.group(2)] = value
        return hooks
    return yaml.safe_load(text)


def test_pre_commit_hook():
    (hook,) = [h for h in _hooks() if h["id"] == "mtqa-check"]
    assert hook["entry"] == "mtqa check" and hook["language"] == "python"
    assert hook["types"] == ["text"] and hook["name"]
    files = re.compile(hook["files"])
    for name in ("story.txt", "copy/today/story.md", "page.html", "old/page.htm"):
        assert files.search(name), name
    for name in ("setup.py", "story.txt.bak", "notes.csv"):
        assert not files.search(name), name
    # The entry runs the console script that the package installs.
    assert re.search(r"^\s*mtqa\s*=\s*mtqa\.cli:main", (ROOT / "setup.cfg").read_text(), re.M)
    assert hook["entry"].split()[1] in LazyGroup.COMMANDS


def test_min_confidence_from_the_file_hides_unsure_divergences(newsroom, capsys):
    # the German says "nicht" and the English does not: a lost negation, about 0.7 sure
    (newsroom / "desk" / "world" / "today" / "src.txt").write_text(
        "Die Regierung sagte, sie werde die Steuern nicht erhöhen.\n", encoding="utf-8")
    (newsroom / "desk" / "world" / "today" / "tgt.txt").write_text(
        "The government said it would raise taxes.\n", encoding="utf-8")
    code, found = findings(capsys, "tgt.txt", "--source", "src.txt")
    assert "diverge.negation" in found and code == 1
    (newsroom / "mtqa.toml").write_text("min_confidence = 0.95\n", encoding="utf-8")
    code, found = findings(capsys, "tgt.txt", "--source", "src.txt")
    assert "diverge.negation" not in found
    code, found = findings(capsys, "tgt.txt", "--source", "src.txt", "--min-confidence", "0.5")
    assert "diverge.negation" in found  # the flag wins
    (newsroom / "mtqa.toml").write_text("min_confidence = 3\n", encoding="utf-8")
    code, out, err = run(["check", "tgt.txt", "--source", "src.txt"], capsys)
    assert code == 2 and err.strip().endswith("min_confidence must be a number from 0 to 1")
    assert err.count("\n") == 1
