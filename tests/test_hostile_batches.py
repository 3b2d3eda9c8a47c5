"""Issue 9, item 8: one bad record, file or story never sinks a batch.

`score --jsonl`, `check` over many files, a JSONL input and `audit` each report the bad
record in its place (with its line or path), go on with the rest, and exit 2 (3 for a bug).
An empty target is a record: the worst translation.
"""

import csv
import json
import sys
from pathlib import Path

import pytest

from mtqa.cli import main

CLEAN = ("Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to expand trade and "
         "to meet again next year, the ministry said.\n")
GARBLED = ('Leaders Meet In Berlin\nBERLIN - The two countries announced a "boundless" partnership '
           "on Monday, the the ministry said.\n")
HUGE = "1" * (sys.get_int_max_str_digits() + 1)  # past Python's int parsing limit
DIGITS = sys.get_int_max_str_digits()


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def rec(target, **kw) -> str:
    return json.dumps({"target": target, **kw}, ensure_ascii=False)


GOOD = [rec("The dog sleeps in the garden.", source="Der Hund schläft im Garten.", src_lang="de",
            tgt_lang="en"),
        rec("The cat eats fish on Monday.", source="Die Katze isst am Montag Fisch.", src_lang="de",
            tgt_lang="en")]


def score_jsonl(tmp_path, lines, capsys, *opts, fmt="jsonl"):
    p = tmp_path / "records.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["score", "--jsonl", p, "--format", fmt, *opts], capsys)
    if fmt == "jsonl":
        out = [json.loads(x) for x in out.splitlines()]
    return p, code, out, err


# -- score --jsonl: an empty target is the worst translation ------------------------------------

def test_empty_target_is_scored_as_the_worst_translation(tmp_path, capsys):
    empty = rec("", source="Die Katze isst.", src_lang="de", tgt_lang="en")
    _, code, out, err = score_jsonl(tmp_path, [GOOD[0], empty, GOOD[1]], capsys)
    assert code == 1 and err == ""  # a FAIL verdict, not an input error
    assert [o["line"] for o in out] == [1, 2, 3]
    worst = out[1]
    assert worst["note"] == "empty target"
    assert worst["mqm"]["score"] == 0.0 and worst["mqm"]["words"] == 0
    assert worst["estimate"]["score"] == 0.0
    assert worst["fluency"]["value"] == 0.0 and worst["adequacy"]["value"] == 0.0
    assert worst["verdict"] == {"pass": False, "gate": "fail-on major", "reasons": ["empty target"]}
    assert worst["findings"] == []
    assert all(o["verdict"]["pass"] and "note" not in o for o in (out[0], out[2]))


def test_the_other_records_score_as_without_the_empty_one(tmp_path, capsys):
    _, _, alone, _ = score_jsonl(tmp_path, GOOD, capsys)
    _, _, mixed, _ = score_jsonl(tmp_path, [GOOD[0], rec("   "), GOOD[1]], capsys)
    assert mixed[1]["note"] == "empty target"  # whitespace only is empty too
    for a, b in zip(alone, (mixed[0], mixed[2])):
        assert (a["mqm"], a["verdict"], a["fluency"]) == (b["mqm"], b["verdict"], b["fluency"])


def test_empty_target_fails_whatever_the_gate(tmp_path, capsys):
    _, code, out, _ = score_jsonl(tmp_path, [GOOD[0], rec("")], capsys, "--fail-on", "never")
    assert code == 1
    assert out[1]["verdict"] == {"pass": False, "gate": "fail-on never", "reasons": ["empty target"]}
    assert out[0]["verdict"]["pass"] is True


def test_empty_target_in_the_text_table(tmp_path, capsys):
    _, code, out, _ = score_jsonl(tmp_path, [GOOD[0], rec("")], capsys, fmt="text")
    row = out.splitlines()[2].split()
    assert code == 1
    assert row[:4] == ["2", "FAIL", "0.0", "0.0"] and out.splitlines()[2].endswith("empty target")


# -- score --jsonl: a broken record is an error in its place; the rest are scored -------------

@pytest.mark.parametrize("line, message", [
    ("{not json", 'not valid JSON (Expecting property name enclosed in double quotes at column 2)'),
    ("[1, 2]", "expected a JSON object, got list"),
    ('{"target": 5}', '"target" must be a string'),
    ('{"source": "Hallo"}', '"target" must be a string'),
    ('{"target": "The bird sings.", "n": ' + HUGE + "}",
     f"not valid JSON (a number of more than {DIGITS} digits)"),
], ids=["not-json", "not-object", "target-not-string", "no-target", "huge-integer"])
def test_broken_record_is_an_error_in_its_place(tmp_path, capsys, line, message):
    p, code, out, err = score_jsonl(tmp_path, [GOOD[0], line, GOOD[1]], capsys)
    assert code == 2
    assert out[1] == {"path": str(p), "line": 2, "error": f"{p}:2: {message}"}
    assert [o["line"] for o in out] == [1, 2, 3]
    assert out[0]["verdict"]["pass"] and out[2]["verdict"]["pass"]
    assert err == f"mtqa: error: {p}:2: {message}\n"


def test_broken_records_in_the_text_and_json_outputs(tmp_path, capsys):
    lines = [GOOD[0], "oops", rec(""), GOOD[1]]
    p, code, text, _ = score_jsonl(tmp_path, lines, capsys, fmt="text")
    rows = text.splitlines()
    assert code == 2
    assert rows[2] == f"   2   ERROR  {p}:2: not valid JSON (Expecting value at column 1)"
    assert rows[-1].startswith("4 record(s), 2 PASS (fail-on major), 1 not scored (error); mean MQM "
                               "score 66.7;")
    _, code, doc, _ = score_jsonl(tmp_path, lines, capsys, fmt="json")
    recs = json.loads(doc)["records"]
    assert code == 2
    assert recs[1] == {"path": str(p), "line": 2,
                       "error": f"{p}:2: not valid JSON (Expecting value at column 1)"}
    assert recs[2]["note"] == "empty target" and recs[2]["line"] == 3


def test_no_readable_record_is_one_error(tmp_path, capsys):
    p, code, out, err = score_jsonl(tmp_path, ["oops", "[1]", ""], capsys)
    assert (code, out) == (2, [])
    assert err == (f"mtqa: error: {p}:1: not valid JSON (Expecting value at column 1) "
                   "(and 1 more bad lines)\n")


# -- check over many files: each unreadable file is reported; the others are checked ----------

@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "c.txt").write_text(GARBLED, encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    return tmp_path


def alone_error(path, capsys) -> str:
    """What `mtqa check PATH` says about this one bad file (its one line on stderr)."""
    code, out, err = run(["check", path], capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith("mtqa: error: ")
    return err[len("mtqa: error: "):-1]


def test_check_reports_the_readable_files_and_each_bad_one(files, capsys):
    a, missing, c = files / "a.txt", files / "missing.txt", files / "c.txt"
    why = alone_error(missing, capsys)
    code, out, err = run(["check", a, missing, c], capsys)
    assert code == 2
    assert err == f"mtqa: error: {why}\n"
    lines = out.splitlines()
    assert f"{a}: PASS" in out and f"{c}: FAIL" in out
    assert f"{missing}: error: {why.removeprefix(f'{missing}: ')}" in lines
    assert lines[-1].endswith("in 2 files; FAIL (1 of 2); 1 not checked (error above)")


def test_check_json_lists_errors_beside_documents(files, capsys):
    a, missing, binary = files / "a.txt", files / "missing.txt", files / "bin.txt"
    why = [alone_error(missing, capsys), alone_error(binary, capsys)]
    code, out, err = run(["check", missing, a, binary, "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 2
    assert [d["path"] for d in doc["documents"]] == [str(a)]
    assert doc["errors"] == [{"path": str(missing), "error": why[0]},
                             {"path": str(binary), "error": why[1]}]
    assert err.splitlines() == [f"mtqa: error: {w}" for w in why]


def test_check_sarif_and_jsonl_carry_the_errors(files, capsys):
    a, missing = files / "a.txt", files / "missing.txt"
    why = alone_error(missing, capsys)
    code, out, _ = run(["check", a, missing, "--format", "sarif"], capsys)
    run_ = json.loads(out)["runs"][0]
    assert code == 2
    assert run_["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": [{
        "level": "error", "message": {"text": why},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": missing.as_uri()}}}]}]}]
    assert [x["location"]["uri"] for x in run_["artifacts"]] == [a.as_uri()]
    code, out, _ = run(["check", a, missing, "--format", "jsonl"], capsys)
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 2 and rows[0]["path"] == str(a)
    assert {k: rows[1][k] for k in ("path", "error")} == {"path": str(missing), "error": why}


def test_check_html_names_each_file_not_checked(files, capsys):
    a, missing = files / "a.txt", files / "missing.txt"
    why = alone_error(missing, capsys)
    code, out, _ = run(["check", a, missing, "--format", "html"], capsys)
    assert code == 2
    assert f'<p class="error">Not checked: {why}</p>' in out.splitlines()


def test_check_with_no_readable_file_still_reports(files, capsys):
    missing, binary = files / "missing.txt", files / "bin.txt"
    code, out, err = run(["check", missing, binary, "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 2 and doc["documents"] == []
    assert [e["path"] for e in doc["errors"]] == [str(missing), str(binary)]
    assert len(err.splitlines()) == 2


# -- a JSONL input: every good record is checked, a broken line is a per-record error ----------

@pytest.fixture
def stories(tmp_path):
    lines = [rec(f"The minister met the mayor of Berlin on Monday, story {i}.", tgt_lang="en")
             for i in range(2000)]
    lines[1233] = '{"target": "broken'
    p = tmp_path / "stories.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_jsonl_input_with_one_broken_line_among_2000(stories, capsys):
    code, out, err = run(["check", stories, "--format", "json"], capsys)
    doc = json.loads(out)
    why = f"{stories}: line 1234: not valid JSON: Unterminated string starting at (column 12)"
    assert code == 2
    assert doc["errors"] == [{"path": str(stories), "line": 1234, "error": why}]
    assert doc["documents"][0]["words"] == 1999 * 11  # every other record was checked
    assert err == f"mtqa: error: {why}\n"


def test_jsonl_input_record_error_in_text_and_sarif(tmp_path, capsys):
    p = tmp_path / "s.jsonl"
    p.write_text("\n".join([rec(CLEAN), '{"text": ' + HUGE + "}", "[3]", rec(GARBLED)]) + "\n")
    code, out, _ = run(["check", p], capsys)
    assert code == 2
    assert f"{p}:2: error: not valid JSON: a number of more than {DIGITS} digits" in out.splitlines()
    assert f"{p}:3: error: expected a JSON object, got a list" in out.splitlines()
    assert "names.near-miss" not in out and "mechanics.doubled-word" in out  # record 4 checked
    code, out, _ = run(["check", p, "--format", "sarif"], capsys)
    notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["region"] for n in notes] == [
        {"startLine": 2}, {"startLine": 3}]


def test_jsonl_input_with_no_good_line_is_one_error(tmp_path, capsys):
    p = tmp_path / "s.jsonl"
    p.write_text("nope\n[1]\n")
    code, out, err = run(["check", p], capsys)
    assert (code, out) == (2, "")
    assert err == (f"mtqa: error: {p}: line 1: not valid JSON: Expecting value (column 1) "
                   "(and 1 more bad lines)\n")


# -- audit: a story that fails is a row; the rest complete and the summary is written ---------

@pytest.fixture
def desk(tmp_path, monkeypatch):
    inc = tmp_path / "incoming"
    inc.mkdir()
    for name, text in {"a.txt": CLEAN, "b.txt": GARBLED, "c.txt": CLEAN}.items():
        (inc / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def summary(out_dir="r") -> dict:
    with open(Path(out_dir) / "summary.csv", encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh)}


def test_audit_report_that_cannot_be_written(desk, capsys):
    (desk / "r" / "b.txt.json").mkdir(parents=True)  # a folder where b's report goes
    code, out, err = run(["audit", "incoming", "-o", "r", "--jobs", "1", "--no-cache"], capsys)
    assert code == 2
    rows = summary()
    why = rows["incoming/b.txt"]["error"]
    assert rows["incoming/b.txt"]["status"] == "unwritable"
    # the story, then the report's path and why (the wording is write_atomic's or the OS's)
    assert why.startswith("incoming/b.txt: report not written: r/b.txt.json: ")
    assert "directory" in why.lower()
    assert [rows[p]["status"] for p in ("incoming/a.txt", "incoming/c.txt")] == ["ok", "ok"]
    assert (desk / "r" / "a.txt.json").is_file() and (desk / "r" / "c.txt.json").is_file()
    assert err == f"mtqa: unwritable: {why}\n"
    assert "2 checked, 0 of them from the cache, 1 with reports not written" in out
    jl = [json.loads(x) for x in (desk / "r" / "summary.jsonl").read_text().splitlines()]
    assert [r["status"] for r in jl] == ["ok", "unwritable", "ok"]


def test_audit_report_folder_blocked_by_a_file(desk, capsys):
    (desk / "incoming" / "sub").mkdir()
    (desk / "incoming" / "sub" / "d.txt").write_text(CLEAN, encoding="utf-8")
    (desk / "r").mkdir()
    (desk / "r" / "sub").write_text("not a folder")
    code, out, _ = run(["audit", "incoming", "-o", "r", "--jobs", "1", "--no-cache"], capsys)
    rows = summary()
    assert code == 2
    assert rows["incoming/sub/d.txt"]["status"] == "unwritable"
    assert rows["incoming/sub/d.txt"]["error"].startswith("incoming/sub/d.txt: report not written: ")
    assert sum(r["status"] == "ok" for r in rows.values()) == 3


def test_audit_bug_in_one_story_and_an_unwritable_one(desk, capsys, monkeypatch):
    from mtqa.pipeline import Engine

    real = Engine.analyse

    def analyse(self, src, *a, **kw):
        if src.path.endswith("c.txt"):
            raise RuntimeError("boom")
        return real(self, src, *a, **kw)

    monkeypatch.setattr(Engine, "analyse", analyse)
    (desk / "r" / "b.txt.json").mkdir(parents=True)
    code, out, err = run(["audit", "incoming", "-o", "r", "--jobs", "1", "--no-cache"], capsys)
    rows = summary()
    assert code == 3  # a bug outranks the input faults; the summary is still written
    assert rows["incoming/c.txt"]["status"] == "error"
    assert rows["incoming/c.txt"]["error"] == "incoming/c.txt: internal error: RuntimeError: boom"
    assert rows["incoming/b.txt"]["status"] == "unwritable" and rows["incoming/a.txt"]["status"] == "ok"
    assert "mtqa: failed: incoming/c.txt: internal error: RuntimeError: boom" in err.splitlines()


def test_audit_input_fault_during_analysis_is_exit_2(desk, capsys, monkeypatch):
    from mtqa.errors import MtqaError
    from mtqa.pipeline import Engine

    real = Engine.analyse

    def analyse(self, src, *a, **kw):
        if src.path.endswith("b.txt"):
            raise MtqaError(f"{src.path}: unknown language 'xx'")
        return real(self, src, *a, **kw)

    monkeypatch.setattr(Engine, "analyse", analyse)
    code, _, err = run(["audit", "incoming", "-o", "r", "--jobs", "1", "--no-cache"], capsys)
    rows = summary()
    assert code == 2
    assert (rows["incoming/b.txt"]["status"], rows["incoming/b.txt"]["error"]) == (
        "unreadable", "incoming/b.txt: unknown language 'xx'")
    assert err == "mtqa: unreadable: incoming/b.txt: unknown language 'xx'\n"


def test_audit_jsonl_with_a_broken_line(desk, capsys):
    lines = [rec(CLEAN), "{oops", rec(GARBLED)]
    (desk / "incoming" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["audit", "incoming", "-o", "r", "--jobs", "1"], capsys)
    row = summary()["incoming/feed.jsonl"]
    why = ("incoming/feed.jsonl: line 2: not valid JSON: Expecting property name enclosed in double "
           "quotes (column 2)")
    assert code == 2
    assert (row["status"], row["error"], row["report"]) == ("partial", why, "feed.jsonl.json")
    assert int(row["findings"]) >= 1  # the records around the broken line were checked
    report = json.loads((desk / "r" / "feed.jsonl.json").read_text())
    assert report["errors"] == [{"path": "incoming/feed.jsonl", "line": 2, "error": why}]
    assert err == f"mtqa: partial: {why}\n"
    assert "4 checked, 0 of them from the cache, 1 with unreadable records" in out


def test_score_of_a_jsonl_input_with_a_broken_line(tmp_path, capsys):
    p = tmp_path / "s.jsonl"
    p.write_text("\n".join([rec(CLEAN), "{oops"]) + "\n")
    code, out, err = run(["score", p, "--format", "json"], capsys)
    doc = json.loads(out)["documents"][0]
    why = f"{p}: line 2: not valid JSON: Expecting property name enclosed in double quotes (column 2)"
    assert code == 2 and err == f"mtqa: error: {why}\n"
    assert doc["errors"] == [{"path": str(p), "line": 2, "error": why}]
    assert doc["words"] == 23 and doc["document"]["verdict"]["pass"] is True
