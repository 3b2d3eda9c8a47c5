"""The command line as a user meets it: output formats, exit codes, bad input."""

import json
import os
import subprocess
import sys

import pytest
from conftest import make_house_pack

from mtqa.cli import main

GARBLED = ('Leaders Meet In Berlin\nBERLIN - The two countries announced a "boundless" partnership '
           "on Monday, the the ministry said.\n")
CLEAN = ("Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to expand trade and "
         "to meet again next year, the ministry said.\n")


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def story(tmp_path):
    def _w(text, name="story.txt", mode="w"):
        p = tmp_path / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return str(p)
    return _w


def test_text_output_line_format_and_exit_1(story, capsys):
    p = story(GARBLED)
    code, out, _ = run(["check", p], capsys)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{p}:2:")
    assert "major terms.modifier-swap" in first and "→ no limits" in first


def test_clean_text_exits_0(story, capsys):
    code, out, _ = run(["check", story(CLEAN)], capsys)
    assert code == 0
    assert out.splitlines()[-1] == "0 findings in 1 file"
    assert "story.txt: PASS — MQM score 100.0/100" in out


def test_json_schema(story, capsys):
    p = story(GARBLED)
    code, out, _ = run(["check", p, "--format", "json"], capsys)
    data = json.loads(out)
    assert data["schema"] == "mtqa/check/1"
    assert data["signature"]["mtqa"] and "terms" in data["signature"]["packs"]
    assert data["signature"]["string"].startswith("mtqa:")
    doc = data["documents"][0]
    assert doc["path"] == p and doc["lang"] == "en"
    f = next(f for f in doc["findings"] if f["rule"] == "terms.modifier-swap")
    text = open(p, encoding="utf-8").read()
    assert text[f["start"]:f["end"]] == f["excerpt"] == "boundless"
    for key in ("rule", "category", "severity", "start", "end", "line", "column", "excerpt",
                "message", "suggestion", "evidence"):
        assert key in f
    assert f["category"] == "terminology/wrong-term"
    assert doc["score"]["penalty"] >= 5 and doc["score"]["words"] == 18


def test_fail_on_levels(story, capsys):
    p = story("Leaders Meet In Berlin\nBERLIN - The ministers met on on Monday and agreed on trade.\n")
    assert run(["check", p], capsys)[0] == 0  # doubled word is minor
    assert run(["check", p, "--fail-on", "minor"], capsys)[0] == 1
    assert run(["check", p, "--fail-on", "never"], capsys)[0] == 0


def test_select_and_ignore(story, capsys):
    p = story(GARBLED)
    _, out, _ = run(["check", p, "--select", "mechanics"], capsys)
    assert "terms." not in out and "mechanics.doubled-word" in out
    _, out, _ = run(["check", p, "--ignore", "terms,mechanics"], capsys)
    assert out.splitlines()[-1] == "0 findings in 1 file"


def test_unknown_rule_is_a_usage_error(story, capsys):
    code, _, err = run(["check", story(CLEAN), "--select", "nosuch.rule"], capsys)
    assert code == 2 and err.count("\n") == 1 and "nosuch.rule" in err


def test_stdin(monkeypatch, capsys):
    import io

    class FakeStdin:
        buffer = io.BytesIO(GARBLED.encode())
    monkeypatch.setattr(sys, "stdin", FakeStdin)
    code, out, _ = run(["check", "-"], capsys)
    assert code == 1 and out.startswith("<stdin>:2:")


@pytest.mark.parametrize("content, needle", [
    (None, "no such file"),
    ("DIR", "is a directory"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    ("caf\xe9 au lait".encode("latin-1"), "not UTF-8"),
    ("   \n\n", "empty"),
])
def test_bad_input_one_line_exit_2(story, tmp_path, capsys, content, needle):
    if content is None:
        p = str(tmp_path / "missing.txt")
    elif content == "DIR":
        p = str(tmp_path)
    else:
        p = story(content, name="bad.txt")
    code, out, err = run(["check", p], capsys)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and needle in err and "Traceback" not in err


def test_encoding_override(story, capsys):
    p = story("BERLIN - The café was closed on Monday, the the owner said.".encode("latin-1"))
    code, out, _ = run(["check", p, "--encoding", "latin-1", "--fail-on", "minor"], capsys)
    assert code == 1 and "doubled-word" in out


def test_input_file_is_not_modified_and_report_written(story, tmp_path, capsys):
    p = story(GARBLED)
    before = (open(p, "rb").read(), os.stat(p).st_mtime_ns)
    report = tmp_path / "r.json"
    code, out, _ = run(["check", p, "--format", "json", "-o", str(report)], capsys)
    assert out == "" and json.loads(report.read_text())["documents"][0]["findings"]
    assert (open(p, "rb").read(), os.stat(p).st_mtime_ns) == before
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".mtqa-")] == []


def test_same_input_same_output(story, capsys):
    p = story("BERLIN - Menurut pernyataan tersebut, kedua pemimpin akan membahas masalah itu. "
              "The talks went well.\n")
    outs = {run(["check", p, "--format", "json"], capsys)[1] for _ in range(3)}
    assert len(outs) == 1


def test_malformed_user_pack_names_file_and_line(tmp_path, story, capsys):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.toml").write_text('name = "house"\nversion = "1"\n')
    (pack / "style.toml").write_text('kind = "pattern"\ncategory = "style/awkward"\nseverity = "minor"\n'
                                     'message = "x"\n\n[[entries]]\npattern = "ok"\n\n[[entries]]\n'
                                     'pattern = "(unclosed"\n')
    code, _, err = run(["check", story(CLEAN), "--rules", str(pack)], capsys)
    assert code == 2 and len(err.splitlines()) == 1
    assert f"{pack / 'style.toml'}:10:" in err and "bad pattern" in err


def test_user_pack_adds_rule(tmp_path, story, capsys):
    pack = make_house_pack(tmp_path / "house")
    p = story("BERLIN - The two govts agreed on Monday to expand trade.\n")
    code, out, _ = run(["check", p, "--rules", str(pack)], capsys)
    assert code == 1 and "house.spelling" in out and "→ governments" in out
    code, out, _ = run(["rules", "--rules", str(pack)], capsys)
    assert "house.spelling" in out


def test_rules_lists_every_rule_with_description(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()]
    for rid in ("terms.variant", "terms.modifier-swap", "names.near-miss", "lang.untranslated-run",
                "mechanics.doubled-word", "boilerplate.image-furniture", "calques-es.official-titles"):
        assert any(i == rid or i.startswith(rid) for i in ids), rid
    assert len(ids) == len(set(ids))


def test_console_script_runs_as_a_process(story):
    p = story(CLEAN)
    r = subprocess.run([sys.executable, "-m", "mtqa", "check", p], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""


# -- options with one meaning each ---------------------------------------------------------------

@pytest.mark.parametrize("args, needle", [
    (["--source-lang", "xx"], "unknown --source-lang code 'xx'"),
    (["--lang", "english"], "unknown --lang code 'english'"),
    (["--calques", "klingon"], "unknown --calques code 'klingon'"),
])
def test_unknown_language_codes_are_usage_errors(story, capsys, args, needle):
    code, out, err = run(["check", story("The talks ended on Monday.\n"), *args], capsys)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and needle in err and "valid: " in err and " en," in err


def test_calques_option_chooses_packs_and_source_lang_is_the_source_language(story, capsys):
    text = "The Prime Minister will ask the question of trust in the Eduskunta next week.\n"
    p = story(text)
    _, out, _ = run(["check", p, "--calques", "none"], capsys)
    assert "calques-fi" not in out
    _, out, _ = run(["check", p, "--calques", "fi"], capsys)
    assert "calques-fi.parliamentary-terms" in out
    _, out, _ = run(["check", p, "--source-lang", "fi"], capsys)  # translated from Finnish
    assert "calques-fi.parliamentary-terms" in out


def test_a_same_language_source_still_catches_a_lost_negation(story, capsys):
    # --calques any must not change how the --source document is read (it once did).
    src = story("The United States says the efforts are not credible.\n", "wire.txt")
    tgt = story("The United States says the efforts are credible.\n", "story.txt")
    for extra in ([], ["--calques", "any"]):
        code, out, _ = run(["check", tgt, "--source", src, *extra], capsys)
        assert "diverge.negation" in out and code == 1, extra


def test_short_english_text_stays_english(story, capsys):
    # langdetect alone calls this Swedish (0.86); the names check must still run.
    code, out, _ = run(["check", story("He met Ukrainian President Volodymr Zelenskyy in Kyiv.\n"),
                        "--format", "json"], capsys)
    doc = json.loads(out)["documents"][0]
    assert doc["lang"] == "en" and "skipped" not in doc
    assert [f["excerpt"] for f in doc["findings"]] == ["Volodymr"]


def test_skipped_checks_are_reported(story, capsys):
    text = "Der Bundestag hat am Donnerstag den Haushalt beschlossen. Die Opposition stimmte dagegen.\n"
    _, out, _ = run(["check", story(text)], capsys)
    assert "note: not checked: " in out and "names.* (" in out and "German (de" in out  # count grows with the rules
    _, out, _ = run(["check", story(text), "--format", "json"], capsys)
    skipped = json.loads(out)["documents"][0]["skipped"]
    assert any("names.near-miss" in s["rules"] for s in skipped)
    _, out, _ = run(["check", story(text), "--select", "mechanics.doubled-word"], capsys)
    assert "not checked" not in out  # only what was asked for is reported as skipped


def test_one_termbank_entry_can_be_ignored_or_regraded(story, capsys, tmp_path):
    p = story("Support for the Basic Finns rose again, the poll showed.\n")
    _, out, _ = run(["check", p], capsys)
    assert "terms.variant/finns-party" in out
    code, out, _ = run(["check", p, "--ignore", "terms.variant/finns-party"], capsys)
    assert "terms.variant" not in out and code == 0
    code, out, err = run(["check", p, "--ignore", "terms.variant/no-such-term"], capsys)
    assert code == 2 and "unknown rule or entry 'terms.variant/no-such-term'" in err
    (tmp_path / "mtqa.toml").write_text('[severity]\n"terms.variant/finns-party" = "minor"\n')
    import os
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, out, _ = run(["check", p], capsys)
    finally:
        os.chdir(cwd)
    assert "minor terms.variant/finns-party" in out and code == 0
