"""--format sarif (SARIF 2.1.0) and --format jsonl, as a CI pipeline consumes them."""

import json

import pytest

from mtqa import __version__
from mtqa.cli import main

GARBLED = ('Leaders Meet In Berlin\nBERLIN - The two countries announced a "boundless" partnership '
           "on Monday, the the ministry said.\n")
CLEAN = ("Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to expand trade and "
         "to meet again next year, the ministry said.\n")
# Before the finding on line 2: an astral character (two UTF-16 code units, one code point).
ASTRAL = ('Leaders Meet In Berlin\nBERLIN 🇩🇪 - Café owners called it a "boundless" partnership '
          "on Monday.\n")
LEVELS = {"error", "warning", "note", "none"}


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def story(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths in the report; no config file from elsewhere

    def _w(text, name="story.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name
    return _w


def sarif(args, capsys):
    code, out, err = run(["check", *args, "--format", "sarif"], capsys)
    assert err == ""
    return code, json.loads(out)


def only_result(log, rule):
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == rule]
    assert len(results) == 1, [r["ruleId"] for r in log["runs"][0]["results"]]
    return results[0]


def test_log_run_and_driver(story, capsys):
    code, log = sarif([story(GARBLED)], capsys)
    assert code == 1
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "mtqa" and driver["version"] == __version__
    assert run_["properties"]["signature"]["string"].startswith(f"mtqa:{__version__}|")


def test_rules_are_every_rule_with_mapped_levels(story, capsys):
    _, log = sarif([story(CLEAN)], capsys)
    assert log["runs"][0]["results"] == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    code, out, _ = run(["rules", "--format", "json"], capsys)
    listed = {r["id"]: r for r in json.loads(out)}
    assert [r["id"] for r in rules] == sorted(listed)
    mapping = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}
    for r in rules:
        src = listed[r["id"]]
        assert r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] == mapping[src["severity"]]
        assert r["properties"]["category"] == src["category"]


def test_result_location_message_fix_and_properties(story, capsys):
    p = story(GARBLED)
    _, log = sarif([p], capsys)
    run_ = log["runs"][0]
    r = only_result(log, "terms.modifier-swap")
    rules = run_["tool"]["driver"]["rules"]
    assert rules[r["ruleIndex"]]["id"] == "terms.modifier-swap"
    assert r["level"] == "error"
    assert r["message"]["text"].endswith(" → no limits")
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "story.txt"
    assert run_["artifacts"][loc["artifactLocation"]["index"]]["location"]["uri"] == "story.txt"
    reg = loc["region"]
    text = open(p, encoding="utf-8").read()
    assert text[reg["charOffset"]:reg["charOffset"] + reg["charLength"]] == "boundless"
    assert reg["snippet"]["text"] == "boundless"
    line = text.splitlines()[reg["startLine"] - 1]
    assert reg["startLine"] == reg["endLine"] == 2
    assert line[reg["startColumn"] - 1:reg["endColumn"] - 1] == "boundless"
    fix = r["fixes"][0]["artifactChanges"][0]
    assert fix["artifactLocation"]["uri"] == "story.txt"
    rep = fix["replacements"][0]
    assert rep["insertedContent"]["text"] == "no limits"
    assert rep["deletedRegion"] == {"charOffset": reg["charOffset"], "charLength": 9}
    props = r["properties"]
    assert props["category"] == "terminology/wrong-term" and props["severity"] == "major"
    assert 0 < props["confidence"] <= 1 and props["evidence"]["term"] == "no limits partnership"
    minor = only_result(log, "mechanics.doubled-word")
    assert minor["level"] == "warning"


def test_columns_count_code_points_not_utf16_units(story, capsys):
    p = story(ASTRAL)
    _, log = sarif([p], capsys)
    reg = only_result(log, "terms.modifier-swap")["locations"][0]["physicalLocation"]["region"]
    line = open(p, encoding="utf-8").read().splitlines()[1]
    col = line.index("boundless") + 1  # code points; UTF-16 would be 2 more (two astral chars)
    assert (reg["startColumn"], reg["endColumn"]) == (col, col + len("boundless"))
    assert len(line[:col - 1].encode("utf-16-le")) // 2 == col - 1 + 2


def test_html_input_regions_point_into_the_file(story, capsys):
    p = story('<html><body><article><h1>Leaders Meet</h1>\n<p>BERLIN &amp; PARIS - The two '
              'countries announced a &quot;boundless&quot; partnership on Monday.</p>'
              '</article></body></html>\n', name="story.html")
    _, log = sarif([p], capsys)
    r = only_result(log, "terms.modifier-swap")
    reg = r["locations"][0]["physicalLocation"]["region"]
    raw = open(p, encoding="utf-8").read()
    assert raw[reg["charOffset"]:reg["charOffset"] + reg["charLength"]] == "boundless"
    assert reg["startLine"] == 2
    assert raw.splitlines()[1][reg["startColumn"] - 1:reg["endColumn"] - 1] == "boundless"
    assert log["runs"][0]["artifacts"][0]["properties"]["format"] == "html"


def test_severity_override_sets_the_level(story, tmp_path, capsys):
    (tmp_path / "mtqa.toml").write_text('[severity]\n"mechanics.doubled-word" = "info"\n')
    _, log = sarif([story(GARBLED)], capsys)
    assert only_result(log, "mechanics.doubled-word")["level"] == "note"


def test_several_documents(story, capsys):
    a, b = story(GARBLED, "a.txt"), story(CLEAN, "b.txt")
    _, log = sarif([a, b], capsys)
    run_ = log["runs"][0]
    assert [x["location"]["uri"] for x in run_["artifacts"]] == ["a.txt", "b.txt"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
            for r in run_["results"]} == {0}


# A subset of the SARIF 2.1.0 schema, written for this test (no network): the parts GitHub
# code scanning and other consumers rely on.
REGION = {"type": "object", "properties": {
    "startLine": {"type": "integer", "minimum": 1}, "startColumn": {"type": "integer", "minimum": 1},
    "endLine": {"type": "integer", "minimum": 1}, "endColumn": {"type": "integer", "minimum": 1},
    "charOffset": {"type": "integer", "minimum": 0}, "charLength": {"type": "integer", "minimum": 0},
    "snippet": {"type": "object", "required": ["text"]}}}
MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
ARTIFACT_LOCATION = {"type": "object", "required": ["uri"], "properties": {
    "uri": {"type": "string", "format": "uri-reference"}, "index": {"type": "integer", "minimum": 0}}}
SCHEMA = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"}, "version": {"const": "2.1.0"},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "informationUri": {"type": "string", "format": "uri"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"], "properties": {
                                "id": {"type": "string"}, "shortDescription": MESSAGE,
                                "defaultConfiguration": {"type": "object", "properties": {
                                    "level": {"enum": sorted(LEVELS)}}},
                                "properties": {"type": "object"}}}}}}}},
                "artifacts": {"type": "array", "items": {
                    "type": "object", "properties": {"location": ARTIFACT_LOCATION}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"enum": sorted(LEVELS)}, "message": MESSAGE,
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "properties": {
                                "artifactLocation": ARTIFACT_LOCATION, "region": REGION}}}}},
                        "fixes": {"type": "array", "items": {
                            "type": "object", "required": ["artifactChanges"], "properties": {
                                "description": MESSAGE,
                                "artifactChanges": {"type": "array", "minItems": 1, "items": {
                                    "type": "object", "required": ["artifactLocation", "replacements"],
                                    "properties": {"artifactLocation": ARTIFACT_LOCATION,
                                                   "replacements": {"type": "array", "items": {
                                                       "type": "object", "required": ["deletedRegion"],
                                                       "properties": {"deletedRegion": REGION}}}}}}}}},
                        "partialFingerprints": {"type": "object",
                                                "additionalProperties": {"type": "string"}},
                        "properties": {"type": "object"}}}},
                "properties": {"type": "object"}}}},
    },
}


def test_validates_against_a_sarif_subset(story, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    _, log = sarif([story(GARBLED, "a.txt"), story(ASTRAL, "b.txt")], capsys)
    jsonschema.validate(log, SCHEMA)
    bad = json.loads(json.dumps(log))
    bad["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):  # the subset does reject a broken log
        jsonschema.validate(bad, SCHEMA)


def test_structure_by_hand(story, capsys):
    """The same essentials without jsonschema, so they are checked everywhere."""
    _, log = sarif([story(GARBLED)], capsys)
    run_ = log["runs"][0]
    n_rules = len(run_["tool"]["driver"]["rules"])
    for r in run_["results"]:
        assert isinstance(r["ruleId"], str) and 0 <= r["ruleIndex"] < n_rules
        assert r["level"] in LEVELS and isinstance(r["message"]["text"], str)
        reg = r["locations"][0]["physicalLocation"]["region"]
        for k in ("startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength"):
            assert isinstance(reg[k], int) and reg[k] >= (0 if k.startswith("char") else 1)
        assert (reg["endLine"], reg["endColumn"]) >= (reg["startLine"], reg["startColumn"])


def test_jsonl_one_document_per_line(story, capsys):
    a, b = story(GARBLED, "a.txt"), story(CLEAN, "b.txt")
    code, out, _ = run(["check", a, b, "--format", "jsonl"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    docs = [json.loads(line) for line in lines]
    _, full, _ = run(["check", a, b, "--format", "json"], capsys)
    full = json.loads(full)
    for doc, ref in zip(docs, full["documents"]):
        assert doc["signature"] == full["signature"]["string"]
        assert {k: v for k, v in doc.items() if k != "signature"} == ref
    assert [d["path"] for d in docs] == ["a.txt", "b.txt"]
    assert any(f["rule"] == "terms.modifier-swap" for f in docs[0]["findings"])
    assert docs[1]["findings"] == []
