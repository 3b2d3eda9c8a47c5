"""One verdict and one route: `check` and `score` read the same article, count the same
words and sentences, give the same MQM score, and print the verdict the exit code gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mtqa.cli import main

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in [*(ROOT / "tests" / "data").rglob("*"), *(ROOT / "corpora" / "samples").glob("*")]
               if p.is_file() and p.suffix != ".md")


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_exit_code_and_printed_verdict_agree(path, capsys):
    code, out, err = run(["check", str(path)], capsys)
    if code == 2:  # unreadable on purpose (malformed, XXE, billion laughs): one line, no verdict;
        # or a JSONL input with a broken line: the rest is checked, the line is an error
        assert len(err.splitlines()) == 1 and (out == "" or ": error: " in out)
        return
    verdict = [line for line in out.splitlines() if " — MQM score " in line]
    assert len(verdict) == 1, out
    assert (": PASS — " in verdict[0]) == (code == 0) and (": FAIL — " in verdict[0]) == (code == 1)
    code_j, out_j, _ = run(["check", str(path), "--format", "json"], capsys)
    doc = json.loads(out_j)["documents"][0]
    assert code_j == code and doc["verdict"]["pass"] == (code == 0)
    code_s, out_s, _ = run(["score", str(path), "--format", "json"], capsys)
    sdoc = json.loads(out_s)["documents"][0]
    assert code_s == code, "score and check disagree on the verdict"
    assert sdoc["words"] == doc["words"] and len(sdoc["sentences"]) == doc["sentences"]
    assert sdoc["document"]["score"] == doc["score"]
    assert sdoc["document"]["verdict"] == doc["verdict"]
    assert sdoc["document"]["fluency"] == doc["fluency"] and sdoc["document"]["estimate"] == doc["estimate"]
    code_t, out_t, _ = run(["score", str(path)], capsys)
    assert code_t == code and (" PASS — " in out_t) == (code == 0)
    code_h, out_h, _ = run(["check", str(path), "--format", "html"], capsys)
    shown = re.findall(r'<span class="verdict">(PASS|FAIL)</span>', out_h)
    assert code_h == code and shown == ["PASS" if code == 0 else "FAIL"]


def test_score_reads_html_as_check_does(capsys):
    page = ROOT / "tests" / "data" / "readers" / "story.html"
    _, out, _ = run(["score", str(page), "--format", "json"], capsys)
    sents = json.loads(out)["documents"][0]["sentences"]
    assert sents[0]["text"] == "Xi Jinping Visits Russia & Meets Vladimir Putin"  # the headline, unescaped
    assert not any("DOCTYPE" in s["text"] or "<html" in s["text"] for s in sents), "markup scored as text"


def test_min_score_is_part_of_the_gate_and_the_signature(tmp_path, capsys):
    story = tmp_path / "s.txt"
    story.write_text("The minister said on Monday that the the budget would be cut.\n", encoding="utf-8")
    code, out, _ = run(["check", str(story)], capsys)  # one minor finding: passes at fail-on major
    assert code == 0 and ": PASS — " in out
    code, out, _ = run(["check", str(story), "--min-score", "99.5"], capsys)
    assert code == 1 and ": FAIL — " in out and "below 99.5" in out
    code, out, _ = run(["check", str(story), "--min-score", "99.5", "--format", "json"], capsys)
    assert "min-score:99.5" in json.loads(out)["signature"]["string"]


def test_the_library_call_is_the_same_flow():
    import mtqa

    report = mtqa.analyse("He met Ukrainian President Volodymr Zelenskyy in Kyiv.",
                          mtqa.Options(fail_on="critical"))
    d = report.documents[0]
    assert [(f.id, d.doc.text[f.start:f.end]) for f in d.findings] == [
        ("names.near-miss/volodymyr-zelenskyy", "Volodymr")]
    assert report.passed and d.verdict.gate == "fail-on critical"
    lost = mtqa.analyse("The plan is credible, officials said.",
                        source="The plan is not credible, officials said.")
    assert [f.rule for f in lost.documents[0].findings] == ["diverge.negation"]
    assert not lost.passed
