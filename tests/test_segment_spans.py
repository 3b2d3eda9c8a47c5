"""Segment-level output: findings of a JSONL record at offsets into that record's own target
string (`--format spans`, and `segment`/`segment_start`/`segment_end` in JSON), and the
segment scores with a source (paragraphs aligned inside, the extent of a short output)."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

from mtqa.pipeline import Engine
from mtqa.report import whitespace_map
from mtqa.scoring.model import Record, combine


def check(tmp_path, rows, fmt="spans", *extra):
    p = tmp_path / "segs.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mtqa", "check", str(p), "--format", fmt, *extra],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode in (0, 1), out.stderr
    return out.stdout


def test_spans_are_offsets_into_each_records_target(tmp_path):
    rows = [{"id": "a", "target": "Der Plan ist ist fertig.\n\nDie Regierung will will sparen."},
            {"id": "b", "target": "Hier ist alles richtig geschrieben."},
            {"id": "c", "target": "Sie sagte, dass dass es regnet."}]
    lines = [json.loads(x) for x in check(tmp_path, rows).splitlines()]
    assert [x["segment"] for x in lines] == [0, 1, 2]
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    assert lines[1]["spans"] == [] and lines[1]["missing"] == []
    got = [(x["segment"], rows[x["segment"]]["target"][s["start"]:s["end"]], s["rule"], s["severity"])
           for x in lines for s in x["spans"]]
    # the second paragraph's span is past the "\n\n" that the reader joined with one space
    assert got == [(0, "ist ist", "mechanics.doubled-word", "minor"),
                   (0, "will will", "mechanics.doubled-word", "minor"),
                   (2, "dass dass", "mechanics.doubled-word", "minor")]
    assert lines[0]["length"] == len(rows[0]["target"])


def test_json_findings_carry_their_segment(tmp_path):
    rows = [{"target": "Alles ist gut hier."}, {"target": "Das alte Haus brennt brennt lichterloh."}]
    doc = json.loads(check(tmp_path, rows, "json", "--lang", "de"))["documents"][0]
    (f,) = [f for f in doc["findings"] if f["rule"] == "mechanics.doubled-word"]
    assert f["segment"] == 1
    assert rows[1]["target"][f["segment_start"]:f["segment_end"]] == "brennt brennt"


def test_an_article_has_one_line_with_file_offsets(tmp_path):
    p = tmp_path / "a.txt"
    text = "Der Bericht wurde wurde am Montag veröffentlicht.\n"
    p.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mtqa", "check", str(p), "--lang", "de",
                          "--format", "spans"], capture_output=True, text=True, cwd=ROOT)
    (line,) = [json.loads(x) for x in out.stdout.splitlines()]
    assert line["segment"] is None
    assert [text[s["start"]:s["end"]] for s in line["spans"]] == ["wurde wurde"]


@pytest.mark.parametrize("a, b, offset, want", [
    ("x y", "x\n\ny", 2, 3),          # a joined paragraph break
    ("x y", "x  y", 1, 1),            # at the space itself
    ("x y", "x y", 3, 3),             # the end
    ("xy z", "xy\tz", 4, 4),
    ("x y", "x z", 3, None),          # a letter differs before the offset: no map
])
def test_whitespace_map(a, b, offset, want):
    assert whitespace_map(a, b, offset) == want


# -- scoring a segment against its source -------------------------------------------------------

SRC = ("The council approved the budget on Tuesday. It will pay for two new schools in the "
       "northern districts and repair 14 bridges that engineers had closed last winter. "
       "The mayor said the vote was a victory for the city's children.")


def test_a_paragraph_is_aligned_inside_so_a_dropped_sentence_is_an_omission():
    tgt = ("Der Rat hat den Haushalt am Dienstag gebilligt. Der Bürgermeister sagte, die "
           "Abstimmung sei ein Sieg für die Kinder der Stadt.")
    engine = Engine()
    (rec,) = engine.score_records([Record(tgt, SRC, None, "en", "de")], metrics=())
    (f,) = [f for f in rec["findings"] if f["rule"] == "diverge.omission"]
    assert "14 bridges" in SRC[f["source_start"]:f["source_end"]]


def test_the_extent_of_a_short_output_is_the_words_it_should_have_had():
    full = combine(20, fluency=1.0, adequacy=1.0, mode="source")
    short = combine(20, fluency=1.0, adequacy=1.0, mode="source", extent=40)
    assert short.words == 40 and short.inputs["extent"] == 40
    assert short.expected_penalty == pytest.approx(2 * full.expected_penalty)
    assert combine(20, mode="source", extent=10).words == 20  # never below its own words


def test_a_truncated_segment_expects_more_penalty_than_a_complete_one():
    done = ("Der Rat hat den Haushalt am Dienstag gebilligt. Er bezahlt zwei neue Schulen in "
            "den nördlichen Bezirken und die Reparatur von 14 Brücken, die Ingenieure im "
            "vergangenen Winter gesperrt hatten. Der Bürgermeister sagte, die Abstimmung sei ein Sieg für die "
            "Kinder der Stadt.")
    cut = "Der Rat hat den Haushalt am Dienstag gebilligt."
    recs = [Record(done, SRC, None, "en", "de"), Record(cut, SRC, None, "en", "de")] + \
           [Record(done, SRC, None, "en", "de")] * 4  # a batch: the expected ratio is its median
    out = Engine().score_records(recs, metrics=())
    assert out[1]["estimate"]["words"] > len(cut.split())
    assert out[1]["estimate"]["expected_penalty"] > out[0]["estimate"]["expected_penalty"]


def test_lexical_adequacy_from_english_reads_the_targets_lexicon():
    from mtqa.scoring import adequacy
    good = adequacy._lexical_part("The government raised taxes.", "Die Regierung erhöhte die Steuern.",
                                  "en", "de")
    bad = adequacy._lexical_part("The government raised taxes.", "Der Hund schläft im Garten.",
                                 "en", "de")
    assert good is not None and bad is not None
    assert good.value > bad.value
    assert adequacy._lexical_part("The government raised taxes.", "Pemerintah menaikkan pajak.",
                                  "en", "xx") is None


@pytest.mark.skipif(not (SHARED / "eval" / "esa").exists(), reason="../shared/eval is absent")
def test_eval_esa_runs_on_a_slice(tmp_path):
    out = tmp_path / "esa.json"
    r = subprocess.run([sys.executable, "scripts/eval_esa.py", "--pairs", "en-de", "--limit", "3",
                        "--json", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    res = json.loads(out.read_text())["pairs"]["en-de"]
    assert set(res["modes"]) == {"none", "source"}
    for f in res["modes"].values():
        assert 0 <= f["spans"]["f1"] <= 1 and 0 <= f["auc_major"] <= 1
    assert "length alone" in res["baselines"]


def test_an_output_with_no_words_counts_the_sources_words():
    recs = [Record(".", SRC, None, "en", "de")] + [Record("Der Rat hat den Haushalt gebilligt.",
                                                          SRC, None, "en", "de")] * 3
    out = Engine().score_records(recs, metrics=())
    assert out[0]["estimate"]["words"] >= len(SRC.split())
    assert out[0]["estimate"]["score"] < 100
