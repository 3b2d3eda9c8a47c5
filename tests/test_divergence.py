"""Divergence checks on pairs written for these tests: each change caught with spans on both sides."""


from mtqa.checks import Context
from mtqa.divergence import make_pair, run_divergence
from mtqa.document import Document
from mtqa.packs import builtin

SOURCE = """Chancellor Meets Nordic Leaders In Oslo

OSLO - German Chancellor Friedrich Merz met the leaders of five Nordic countries in Oslo on Tuesday, the government said.

The leaders agreed to spend 2.5 billion euros on air defence over the next four years.

Merz said Germany would not send troops to the region without a NATO decision.

"We are ready to do more, but only together with our allies," Merz told reporters.

The talks also covered the Paris Agreement and energy prices.

Norway's Prime Minister Jonas Gahr Støre thanked Merz for the visit.

The next meeting will be held in Helsinki in the spring."""


def check_pair(source: str, target: str, src_lang="en", tgt_lang="en"):
    s = Document.build(source, lang=src_lang)
    t = Document.build(target, lang=tgt_lang)
    pair = make_pair(s, t)
    return s, t, run_divergence(pair, Context(packs=builtin()))


def one(findings, rule):
    got = [f for f in findings if f.rule == rule]
    assert len(got) == 1, [(f.rule, f.message) for f in findings]
    return got[0]


def both(s, t, f):
    return t.text[f.start:f.end], s.text[f.source_start:f.source_end]


def test_faithful_copy_has_no_divergence():
    _, _, found = check_pair(SOURCE, SOURCE)
    assert found == []


def test_lost_negation():
    target = SOURCE.replace("Germany would not send troops", "Germany would send troops")
    s, t, found = check_pair(SOURCE, target)
    f = one(found, "diverge.negation")
    assert both(s, t, f)[1] == "not"
    assert f.severity == "critical"


def test_lacking_reworded_as_plain_is_lost_negation_but_synonym_negation_is_not():
    src = "Washington says Beijing's offer to mediate lacks credibility."
    s, t, found = check_pair(src, "Washington says Beijing's offer to mediate is credible.")
    f = one(found, "diverge.negation")
    assert both(s, t, f) == ("is credible", "lacks")
    _, _, found = check_pair(src, "Washington says Beijing's offer to mediate is not credible.")
    assert not [f for f in found if f.rule == "diverge.negation"]


def test_changed_number():
    target = SOURCE.replace("2.5 billion euros", "2.5 million euros")
    s, t, found = check_pair(SOURCE, target)
    f = one(found, "diverge.number")
    assert both(s, t, f) == ("2.5 million", "2.5 billion")
    assert f.suggestion == "2.5 billion"


def test_misspelled_name():
    target = SOURCE.replace("Friedrich Merz", "Friedrich Mertz")
    s, t, found = check_pair(SOURCE, target)
    f = one(found, "diverge.name")
    assert both(s, t, f) == ("Mertz", "Merz")
    assert f.suggestion == "Merz"


def test_altered_quote():
    target = SOURCE.replace("only together with our allies", "only together with our partners")
    s, t, found = check_pair(SOURCE, target)
    f = one(found, "diverge.quote")
    tgt, src = both(s, t, f)
    assert tgt == "We are ready to do more, but only together with our partners,"
    assert src == "We are ready to do more, but only together with our allies,"


def test_swapped_term():
    src = 'The two presidents reaffirmed their "no limits" partnership in Moscow on Tuesday.'
    tgt = 'The two presidents reaffirmed their "borderless" partnership in Moscow on Tuesday.'
    s, t, found = check_pair(src, tgt)
    f = one(found, "diverge.term")
    assert both(s, t, f)[0] == "borderless"
    assert f.suggestion.startswith("no limits")


def test_changed_phrase_is_named():
    src = "Russia must withdraw its troops from the border, he said."
    tgt = "Russia must step down its troops from the border, he said."
    s, t, found = check_pair(src, tgt)
    f = one(found, "diverge.changed-phrase")
    assert both(s, t, f) == ("step down", "withdraw")


def test_omitted_sentence():
    target = SOURCE.replace("The talks also covered the Paris Agreement and energy prices.\n\n", "")
    s, t, found = check_pair(SOURCE, target)
    f = one(found, "diverge.omission")
    assert s.text[f.source_start:f.source_end] == "The talks also covered the Paris Agreement and energy prices."
    assert f.start == f.end  # where it would stand in the translation
    assert t.text[:f.start].endswith("with our allies,\" Merz told reporters.")


def test_reordered_paragraphs_are_not_divergences():
    paras = SOURCE.split("\n\n")
    moved = paras[:2] + [paras[3], paras[2]] + paras[4:]
    _, _, found = check_pair(SOURCE, "\n\n".join(moved))
    assert found == []


def test_added_sentence():
    target = SOURCE + "\n\nThe visit was the chancellor's third to Norway this year."
    s, t, found = check_pair(SOURCE, target)
    f = one(found, "diverge.addition")
    assert t.text[f.start:f.end] == "The visit was the chancellor's third to Norway this year."


GERMAN = """Merz trifft nordische Regierungschefs

OSLO - Bundeskanzler Friedrich Merz hat am Dienstag in Oslo die Regierungschefs von fünf nordischen Ländern getroffen.

Die Regierungschefs vereinbarten, in den nächsten vier Jahren 2,5 Milliarden Euro für die Luftverteidigung auszugeben.

Merz sagte, Deutschland werde ohne einen Beschluss der NATO keine Truppen in die Region schicken.

Das nächste Treffen findet im Frühjahr in Helsinki statt."""

ENGLISH = """Merz meets Nordic heads of government

OSLO - Chancellor Friedrich Merz met the heads of government of five Nordic countries in Oslo on Tuesday.

The leaders agreed to spend 3.5 billion euros on air defence over the next four years.

Merz said Germany would send troops to the region after a NATO decision.

The next meeting will take place in Helsinki in the spring."""


def test_across_languages_number_and_negation():
    s, t, found = check_pair(GERMAN, ENGLISH, "de", "en")
    f = one(found, "diverge.number")
    assert both(s, t, f) == ("3.5 billion", "2,5 Milliarden")
    neg = [f for f in found if f.rule == "diverge.negation"]
    assert neg and s.text[neg[0].source_start:neg[0].source_end] in ("ohne", "keine")


def test_check_cli_with_source(tmp_path, capsys):
    from mtqa.cli import main

    src = tmp_path / "wire.txt"
    src.write_text(SOURCE, encoding="utf-8")
    tgt = tmp_path / "story.txt"
    tgt.write_text(SOURCE.replace("would not send", "would send"), encoding="utf-8")
    code = main(["check", str(tgt), "--source", str(src), "--format", "json"])
    import json
    out = json.loads(capsys.readouterr().out)
    f = [f for f in out["documents"][0]["findings"] if f["rule"] == "diverge.negation"][0]
    assert code == 1 and f["source_excerpt"] == "not"
    assert out["documents"][0]["alignment"]["links"][0] == {"source": [0], "target": [0], "score": 1.0}


def test_align_cli_json_links(tmp_path, capsys):
    import json

    from mtqa.cli import main

    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("One sentence here.\nTwo sentences here.\nThree.\n", encoding="utf-8")
    b.write_text("One sentence here.\nThree.\n", encoding="utf-8")
    assert main(["align", str(a), str(b), "--lines", "--format", "json"]) == 0
    links = json.loads(capsys.readouterr().out)["links"]
    assert [(k["source"], k["target"]) for k in links] == [([0], [0]), ([1], []), ([2], [1])]


def test_check_cli_with_candidates_retrieves_and_aligns(tmp_path, capsys):
    import json

    from mtqa.cli import main

    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "nordic.txt").write_text(SOURCE, encoding="utf-8")
    (wire / "markets.txt").write_text(
        "Stocks Fall In Tokyo\n\nTOKYO - Japanese shares fell 2 percent on Monday as the yen "
        "strengthened against the dollar, dealers said.\n", encoding="utf-8")
    (wire / "storm.txt").write_text(
        "Storm Hits Manila\n\nMANILA - A typhoon killed 12 people in the northern Philippines on "
        "Sunday, officials said.\n", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(SOURCE.replace("2.5 billion euros", "3.5 billion euros"), encoding="utf-8")
    code = main(["check", str(story), "--candidates", str(wire), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)["documents"][0]
    assert code == 1
    assert doc["candidates"][0]["path"].endswith("nordic.txt")
    f = [f for f in doc["findings"] if f["rule"] == "diverge.number"][0]
    assert (f["excerpt"], f["source_excerpt"]) == ("3.5 billion", "2.5 billion")
