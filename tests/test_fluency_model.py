"""The fluency score from the context model and the word list: the parts that tell MT from a
reporter's copy, the worst word pairs it points at, and where a report shows them."""

import importlib.util
import json

import pytest
from conftest import ROOT

from mtqa.document import Document
from mtqa.scoring.fluency import config, fluency

# Made-up copy: the same story written by a reporter and in the plain, repetitive English
# that machine translation tends to produce.
RICH = ("Parliament narrowly approved a contentious overhaul of the pension system on Thursday, "
        "ending weeks of acrimonious debate that had strained the governing coalition. "
        "Opposition lawmakers denounced the measure as a betrayal of retirees, while business "
        "groups welcomed provisions easing payroll contributions. The finance ministry estimates "
        "the reform will trim the projected deficit by roughly a fifth over the coming decade.")
PLAIN = ("The parliament said yes to a new plan for the pension system on Thursday, and this "
         "came after many weeks of talks that were hard for the parties in the government. "
         "The people in the other parties said that the plan is bad for the people who are old, "
         "and the people in business said that the plan is good for them. The ministry said "
         "that the plan will make the deficit smaller in the next ten years.")
# A pronoun-verb slip no reporter writes, and the same sentence corrected.
SLIP = "The minister said on Tuesday that they is ready to sign the agreement with the unions next week."
FIXED = "The minister said on Tuesday that they are ready to sign the agreement with the unions next week."


def score(text):
    return fluency(Document.build(text, lang="en"))


def test_commoner_words_and_repeated_words_lower_the_score():
    rich, _ = score(RICH)
    plain, _ = score(PLAIN)
    assert rich.parts["vocabulary"].value == 1.0 and rich.parts["variety"].value == 1.0
    assert plain.parts["vocabulary"].value < 0.5, plain.parts["vocabulary"].explanation
    assert plain.parts["variety"].value < 0.5, plain.parts["variety"].explanation
    assert "Zipf" in plain.parts["vocabulary"].explanation  # the statistic, against its norm
    assert plain.value < rich.value - 0.2


def test_variety_counts_windows_across_sentences():
    whole, per = score(RICH)
    size = config()["fluency"]["variety"]["window"]
    assert whole.parts["variety"].counts["windows"] == whole.words - size + 1
    assert whole.parts["variety"].counts["windows"] == sum(
        p.parts["variety"].counts["windows"] for p in per if "variety" in p.parts)
    assert "variety" not in per[0].parts  # the first sentence fills no window of its own


def test_a_pair_the_language_avoids_is_the_worst_span():
    text = FIXED + " " + SLIP
    whole, per = score(text)
    assert [(text[w.start:w.end], w.text) for w in whole.worst] == [("they is", "they is")]
    assert whole.worst[0].association < config()["fluency"]["context_fit"]["threshold"]
    assert per[1].worst == whole.worst and per[1].parts["context_fit"].value < 1.0
    assert per[0].worst == [] and per[0].parts["context_fit"].value == 1.0
    assert "they is" in per[1].parts["context_fit"].explanation


def test_the_corrected_sentence_has_no_worst_span():
    whole, _ = score(FIXED)
    assert whole.worst == [] and "worst" not in whole.to_dict()
    assert whole.parts["context_fit"].counts["low"] == 0


def test_parts_that_only_proxy_length_do_not_count():
    w = config()["fluency"]["weights"]
    assert w["sentence_length"] == w["function_words"] == w["fragmentation"] == 0.0
    assert all(w[k] > 0 for k in ("vocabulary", "variety", "punctuation"))


def test_a_language_without_norms_gets_no_norm_parts():
    f, _ = fluency(Document.build("De regering wil de belastingen dit jaar niet verhogen.", lang="nl"))
    assert not {"vocabulary", "variety", "context_fit"} & set(f.parts)


def _run(argv, capsys):
    from mtqa.cli import main

    main(argv)
    return capsys.readouterr().out


def test_check_json_and_html_carry_the_worst_span(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(FIXED + "\n\n" + SLIP + "\n", encoding="utf-8")
    doc = json.loads(_run(["--no-config", "check", str(story), "--format", "json",
                           "--fail-on", "never"], capsys))["documents"][0]
    worst = doc["fluency"]["worst"]
    text = story.read_text(encoding="utf-8")
    assert [text[w["start"]:w["end"]] for w in worst] == ["they is"]
    page = _run(["--no-config", "check", str(story), "--format", "html", "--fail-on", "never"], capsys)
    assert '<mark class="flu-low" title="low fluency: the second word is ' in page
    assert page.count('class="flu-low"') == 1
    assert page.split('class="flu-low"', 1)[1].split(">", 1)[1].startswith("they is</mark>")


def test_a_clean_story_has_no_fluency_highlight(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(RICH + "\n\n" + FIXED + "\n", encoding="utf-8")
    page = _run(["--no-config", "check", str(story), "--format", "html", "--fail-on", "never"], capsys)
    assert "flu-low\"" not in page.split("</style>", 1)[1]


def _eval_script():
    spec = importlib.util.spec_from_file_location("eval_fluency", ROOT / "scripts" / "eval_fluency.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("pos, neg, want", [
    ([0.1, 0.2], [0.8, 0.9], 1.0),    # every MT text below every clean one
    ([0.8, 0.9], [0.1, 0.2], 0.0),
    ([0.5, 0.5], [0.5, 0.5], 0.5),    # ties count half
    ([0.1, 0.5], [0.5, 0.9], 0.875),
])
def test_eval_auc(pos, neg, want):
    assert _eval_script().auc(pos, neg) == pytest.approx(want)


def test_eval_cut_keeps_whole_sentences(tmp_path):
    mod = _eval_script()
    cut = mod.cut(RICH, 10, 40)
    assert RICH.startswith(cut) and cut.endswith(".") and len(cut.split()) <= 40
    assert mod.cut(FIXED, 30, 40) is None
