"""Scores: fluency parts, adequacy, the model, sacrebleu metrics and `mtqa score`."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

from mtqa.document import Document
from mtqa.finding import Finding
from mtqa.scoring import model
from mtqa.scoring.fluency import config, fluency

FLUENT = "The government said on Monday that it would not raise taxes this year."


def parts(text, lang="en", findings=()):
    f, _ = fluency(Document.build(text, lang=lang), list(findings))
    return f


# -- fluency: a fluent sentence beats a garbled one on the part that should notice -------

@pytest.mark.parametrize("garbled, part", [
    ("The governmant sayed on Munday that it wuold not raize taxis this yaer.", "rare_words"),
    ("The governmant sayed on Munday that it wuold not raize taxis this yaer.", "fragmentation"),
    ("Government raise taxes Monday minister budget deficit parliament coalition spending plan.",
     "function_words"),
    ("The government said said that that taxes taxes would would not rise rise this year.",
     "repetition"),
    ("The government said , on Monday that it would not raise taxes ,, this year", "punctuation"),
    (" ".join(["The government said that it would not raise the taxes and the levies"] * 6) + ".",
     "sentence_length"),
])
def test_garbled_text_scores_lower_on_the_right_part(garbled, part):
    good, bad = parts(FLUENT), parts(garbled)
    assert good.parts[part].value == 1.0
    assert bad.parts[part].value < 0.9, bad.parts[part].explanation
    if config()["fluency"]["weights"][part]:  # weight 0: reported, not counted (model.toml)
        assert bad.value < good.value
    assert bad.parts[part].explanation  # says why


def test_fluency_and_style_findings_feed_the_anomalies_part():
    doc = Document.build("Heavy rain fell on the city as the weighty rain went on. " * 4, lang="en")
    f = Finding("collocations.unusual-pair", "style/unidiomatic", "minor", 34, 40, "m")
    g = Finding("grammar.first-person", "fluency/grammar", "minor", 0, 5, "m")
    other = Finding("names.misspelt", "accuracy/mistranslation", "major", 0, 5, "m")
    without, _ = fluency(doc, [other])
    assert without.parts["anomalies"].value == 1.0
    one, _ = fluency(doc, [f])
    two, _ = fluency(doc, [f, g])
    assert two.parts["anomalies"].value < one.parts["anomalies"].value < 1.0
    assert one.parts["anomalies"].counts == {"anomalies": 1}


def test_names_and_acronyms_are_not_rare_words():
    f = parts("Volodymyr Zelenskyy met NATO officials in Kyiv on Tuesday.")
    assert f.parts["rare_words"].counts["rare"] == 0


def test_document_parts_use_summed_counts_and_per_sentence_values():
    doc = Document.build(FLUENT + " The governmant sayed it wuold raize taxis.", lang="en")
    whole, per = fluency(doc, [])
    assert len(per) == 2 and per[0].value > per[1].value
    assert whole.parts["rare_words"].counts["words"] == sum(
        p.parts["rare_words"].counts["words"] for p in per)


# -- German output -------------------------------------------------------------------------

def test_german_target_is_scored_with_german_resources():
    good = parts("Die Bundesregierung hat am Montag angekündigt, die Steuern in diesem Jahr "
                 "nicht zu erhöhen.", lang="de")
    bad = parts("Die Regirung hat am Muntag angekundigt, Steuern Steuern diesem Jar nich "
                "erhohen zu.", lang="de")
    for p in ("rare_words", "fragmentation", "function_words"):
        assert p in good.parts
    assert good.parts["rare_words"].value == 1.0  # the compound Bundesregierung is known
    assert bad.parts["rare_words"].value < good.parts["rare_words"].value
    assert bad.value < good.value
    recs = [model.Record("Die Regierung will die Steuern nicht erhöhen.", None,
                         "Die Regierung will die Steuern nicht anheben.", "", "de")]
    out = _engine().score_records(recs)
    assert out[0]["estimate"]["evidence"] == "reference" and out[0]["metrics"]["chrF"]["score"] > 50
    assert "rare_words" in out[0]["fluency"]["parts"]


# -- the model and MQM ---------------------------------------------------------------------

def _engine():
    from mtqa.pipeline import Engine

    return Engine()


def test_findings_enter_the_score_with_their_mqm_points():
    clean = model.combine(100, 0.0, 1.0)
    major = model.combine(100, 5.0, 1.0)
    assert major.expected_penalty - clean.expected_penalty == pytest.approx(5.0)  # face value
    assert major.score == pytest.approx(clean.score - 5.0)  # same 0-100 per-word scale as MQM
    assert major.terms["findings"] == 5.0


def test_mqm_penalty_of_real_findings_reaches_the_document_score():
    from conftest import check_text

    from mtqa.scoring.mqm import mqm_score

    doc, findings = check_text("The minister said that the the budget would be cut next year.", lang="en")
    assert findings, "the doubled word should be found"
    a = model.analyse(doc, findings)
    penalty = mqm_score(findings, doc.word_count).penalty
    assert a.findings_penalty() == pytest.approx(penalty) and penalty > 0
    est = model.combine(a.words, a.findings_penalty(), a.fluency.value, mode="none")
    assert est.terms["findings"] == pytest.approx(penalty)
    assert est.score < model.combine(a.words, 0.0, a.fluency.value, mode="none").score


def test_chrf_and_adequacy_move_the_score_the_right_way():
    good = model.combine(20, 0, 1.0, 1.0, 90.0, mode="both")
    bad = model.combine(20, 0, 1.0, 0.5, 30.0, mode="both")
    assert good.score > bad.score
    assert set(good.terms) >= {"findings", "base", "fluency", "adequacy", "chrF"}


def test_check_path_stays_cheap():
    # Without a source or reference nothing heavy loads: no sacrebleu, no numpy (sentencepiece
    # does, so check and score report the same fluency).
    code = ("import sys; from mtqa.pipeline import analyse; "
            "analyse('The minister spoke on Monday.'); "
            "print(sorted(m for m in ('sacrebleu', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_check_and_score_report_the_same_fluency(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("The minister said on Monday that the the budget would be cut next year.\n",
                     encoding="utf-8")
    _, out, _ = _run(["check", str(story), "--format", "json"], capsys)
    checked = json.loads(out)["documents"][0]
    _, out, _ = _run(["score", str(story), "--format", "json"], capsys)
    scored = json.loads(out)["documents"][0]["document"]
    assert checked["fluency"] == scored["fluency"] and "fragmentation" in scored["fluency"]["parts"]


# -- adequacy ----------------------------------------------------------------------------------

def test_adequacy_sees_a_dropped_sentence_and_a_dropped_number():
    from mtqa.align import Link
    from mtqa.scoring.adequacy import adequacy

    src = ["Der Präsident besuchte am 3. März Moskau.", "Er blieb 2 Tage.", "Dann reiste er ab."]
    tgt_ok = ["The president visited Moscow on 3 March.", "He stayed 2 days.", "Then he left."]
    tgt_bad = ["The president visited Moscow in March.", "He stayed two days."]
    ok, _ = adequacy(src, tgt_ok, [Link((i,), (i,), 0.5) for i in range(3)])
    bad, per = adequacy(src, tgt_bad, [Link((0,), (0,), 0.5), Link((1,), (1,), 0.5),
                                       Link((2,), (), 0.0)])
    assert ok.parts["coverage"].value == 1.0 and bad.parts["coverage"].value < 1.0
    assert ok.parts["anchors"].value == 1.0 and bad.parts["anchors"].value < 1.0
    assert bad.value < ok.value and per[0].parts["anchors"].value < 1.0


# -- sacrebleu metrics ---------------------------------------------------------------------

def test_metrics_equal_sacrebleu_and_carry_signatures():
    import sacrebleu

    from mtqa.scoring.metrics import corpus_metrics, sentence_chrf_many, sentence_metrics

    hyp, ref = "The cat sat on the mat today.", "The cat was sitting on the mat today."
    m = sentence_metrics(hyp, ref)
    assert m["chrF"]["score"] == pytest.approx(sacrebleu.sentence_chrf(hyp, [ref]).score, abs=1e-4)
    assert m["BLEU"]["score"] == pytest.approx(sacrebleu.sentence_bleu(hyp, [ref]).score, abs=1e-4)
    assert m["TER"]["score"] == pytest.approx(sacrebleu.sentence_ter(hyp, [ref]).score, abs=1e-4)
    assert m["chrF"]["signature"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0")
    assert "tok:13a" in m["BLEU"]["signature"] and "version:" in m["TER"]["signature"]
    hyps, refs = [hyp, "A dog.", "Nothing alike here"], [ref, "The dog barked.", "Quite different"]
    c = corpus_metrics(hyps, refs)
    assert c["BLEU"]["score"] == pytest.approx(sacrebleu.corpus_bleu(hyps, [refs]).score, abs=1e-4)
    assert c["chrF"]["score"] == pytest.approx(sacrebleu.corpus_chrf(hyps, [refs]).score, abs=1e-4)
    bulk = sentence_chrf_many(hyps, refs)
    assert bulk == pytest.approx([sacrebleu.sentence_chrf(h, [r]).score
                                  for h, r in zip(hyps, refs)], abs=1e-6)


# -- the command ---------------------------------------------------------------------------------

def _run(argv, capsys):
    from mtqa.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_score_jsonl_round_trip_keeps_order(tmp_path, capsys):
    recs = [
        {"target": "The the governmant sayed taxing taxing taxing not not ,, blorf"},
        {"target": FLUENT, "reference": FLUENT, "tgt_lang": "en"},
        {"target": "Die Regierung will die Steuern nicht erhöhen.", "source": FLUENT,
         "src_lang": "en", "tgt_lang": "de"},
        {"target": FLUENT, "source": None, "reference": None},
    ]
    p = tmp_path / "records.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    code, out, err = _run(["score", "--jsonl", str(p), "--format", "jsonl"], capsys)
    assert code in (0, 1), err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4]
    assert [r["estimate"]["evidence"] for r in rows] == ["none", "reference", "source", "none"]
    assert all(isinstance(r["mqm"]["score"], float) for r in rows)
    assert rows[0]["mqm"]["score"] < rows[3]["mqm"]["score"]  # the garbled record scores worse
    assert rows[0]["estimate"]["score"] < rows[3]["estimate"]["score"]
    assert rows[1]["metrics"]["chrF"]["score"] == 100.0 and "signature" in rows[1]["metrics"]["TER"]
    assert {"fluency", "estimate", "mqm", "verdict"} <= set(rows[2]) and "adequacy" in rows[2]
    # one verdict: the exit code is 1 exactly when a record fails the gate
    assert code == (0 if all(r["verdict"]["pass"] for r in rows) else 1)


@pytest.mark.parametrize("bad, line_no, what", [
    ('{"target": "ok"}\nnot json\n', 2, "not valid JSON"),
    ('{"target": "ok"}\n\n{"source": "x"}\n', 3, '"target"'),
    ('{"target": "ok"}\n[1, 2]\n', 2, "JSON object"),
    ('{"target": "ok", "reference": 3}\n{"target": "ok"}\n', 1, '"reference"'),
])
def test_bad_jsonl_line_is_one_error_line_and_exit_2(tmp_path, capsys, bad, line_no, what):
    p = tmp_path / "bad.jsonl"
    p.write_text(bad, encoding="utf-8")
    code, out, err = _run(["score", "--jsonl", str(p), "--format", "jsonl"], capsys)
    assert code == 2
    rows = [json.loads(x) for x in out.splitlines()]  # the bad record in its place, the rest scored
    assert [r["line"] for r in rows if "error" in r] == [line_no] and len(rows) == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and what in lines[0]
    assert f"bad.jsonl:{line_no}:" in lines[0]


def test_score_document_with_source_and_reference(tmp_path, capsys):
    tgt = tmp_path / "story.en.txt"
    src = tmp_path / "story.de.txt"
    ref = tmp_path / "ref.en.txt"
    tgt.write_text("The president visited Moscow on Monday. He said the talks were useful.\n",
                   encoding="utf-8")
    src.write_text("Der Präsident besuchte am Montag Moskau. Er sagte, die Gespräche seien "
                   "nützlich gewesen.\n", encoding="utf-8")
    ref.write_text("The president visited Moscow on Monday. He said the talks had been useful.\n",
                   encoding="utf-8")
    code, out, err = _run(["score", str(tgt), "--source", str(src), "--source-lang", "de",
                           "--reference", str(ref), "--format", "json"], capsys)
    assert code in (0, 1), err
    d = json.loads(out)["documents"][0]
    assert d["document"]["estimate"]["evidence"] == "both" and len(d["sentences"]) == 2
    assert d["document"]["metrics"]["chrF"]["signature"].startswith("nrefs:1")
    assert "adequacy" in d["document"] and all("fluency" in s for s in d["sentences"])
    code, out, err = _run(["score", str(tgt)], capsys)
    assert "fluency" in out and "rare_words" in out and "score" in out


# -- evaluation script (reads ../shared at run time) ------------------------------------------------

def test_eval_mqm_runs_on_a_slice_of_the_dev_set(tmp_path):
    data = SHARED / "eval" / "mqm" / "mqm_ted2021_zhen.dev.jsonl"
    if not data.exists():
        pytest.skip("../shared/eval/mqm is not present")
    out = tmp_path / "figures.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_mqm.py"), "--limit", "300",
                    "--json", str(out)], check=True, capture_output=True, cwd=ROOT)
    res = json.loads(out.read_text())
    assert res["segments"] == 300
    for mode in ("none", "source", "reference"):
        assert -1 <= res["modes"][mode]["tau"] <= 1
    assert res["modes"]["reference"]["tau"] > res["baselines"]["chrF (sentence, vs reference)"]["tau"]
