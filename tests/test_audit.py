"""`mtqa audit` as a wire desk runs it over a folder of incoming stories."""

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.cli import main

ROOT = Path(__file__).resolve().parent.parent
READERS = ROOT / "tests" / "data" / "readers"

GARBLED = ('Leaders Meet In Berlin\nBERLIN - The two countries announced a "boundless" partnership '
           "on Monday, the the ministry said.\n")
WORSE = ('Leaders Meet In Berlin\nBERLIN - The two countries announced an "infinity" partnership on '
         'Monday. Ukrainian President Volodymr Zelenskyy said the the plan was a "boundless" deal.\n')
CLEAN = ("Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to expand trade and "
         "to meet again next year, the ministry said.\n")
MINOR = "Leaders Meet In Berlin\nBERLIN - The ministers met on on Monday and agreed on trade.\n"

STORIES = {  # relative path -> text (or bytes, or a file from tests/data/readers)
    "asia/clean-1.txt": CLEAN,
    "asia/clean-2.md": "# Leaders Meet In Tokyo\n\nTOKYO - The two governments agreed on Monday to "
                       "expand trade, the ministry said.\n",
    "asia/garbled.txt": GARBLED,
    "asia/worse.txt": WORSE,
    "europe/minor.txt": MINOR,
    "europe/page.html": READERS / "story.html",
    "europe/deep/item.json": READERS / "story.ninjs.json",
    "europe/deep/segments.xlf": READERS / "story.xlf",
    "wire/memory.tmx": READERS / "story.tmx",
    "wire/newsml.xml": READERS / "story.newsml.xml",
    "wire/broken.xml": '<?xml version="1.0"?>\n<xliff version="1.2"><file><body>\n<trans-unit id="1">'
                       "<source>Hi</source><target>Halo</target>\n</body></file>\n",
    "wire/photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
}
READABLE = 10
UNREADABLE = {"incoming/wire/broken.xml": "malformed XML", "incoming/wire/photo.txt": "binary"}
SKIPPED = {".git/HEAD.txt": CLEAN, "notes.csv": "a,b\n", "asia/.draft.txt": GARBLED}


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def write(base: Path, files: dict) -> None:
    for rel, content in files.items():
        p = base / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, p)
        elif isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """tmp/incoming/ with a dozen stories (two unreadable) plus files audit must skip."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "incoming", STORIES)
    write(tmp_path / "incoming", SKIPPED)
    return tmp_path


def snapshot(folder: Path) -> dict:
    """relative path -> (sha256, mtime_ns) of every file under folder."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def contents(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def summary_rows(out: Path) -> list[dict]:
    with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_audit_folder(desk, capsys):
    before = snapshot(desk / "incoming")
    code, out, err = run(["audit", "incoming", "-o", "reports", "--jobs", "1"], capsys)
    assert code == 2  # an input could not be read; the rest were audited
    reports = desk / "reports"

    # Unreadable inputs: listed on stderr with their error, and in the summary.
    err_lines = err.splitlines()
    assert len(err_lines) == 2 and "\r" not in err  # no progress bar when stderr is not a terminal
    for path, needle in UNREADABLE.items():
        assert any(path in line and needle in line for line in err_lines), (path, err)

    rows = summary_rows(reports)
    expected = sorted(f"incoming/{p}" for p in STORIES)
    assert [r["path"] for r in rows] == expected  # sorted paths; hidden and .csv files skipped
    bad = {r["path"]: r for r in rows if r["status"] != "ok"}
    assert set(bad) == set(UNREADABLE)
    for path, needle in UNREADABLE.items():
        assert bad[path]["status"] == "unreadable" and needle in bad[path]["error"]
        assert bad[path]["report"] == ""
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == READABLE

    # One report per readable story: same relative path + .json, schema mtqa/check/1.
    for r in ok:
        rel = r["path"].removeprefix("incoming/")
        assert r["report"] == rel + ".json"
        data = json.loads((reports / r["report"]).read_text(encoding="utf-8"))
        assert data["schema"] == "mtqa/check/1"
        (doc,) = data["documents"]
        assert doc["path"] == r["path"] and len(doc["findings"]) == int(r["findings"])
        assert sum(doc["counts"].values()) == int(r["findings"])
    assert not (reports / "wire" / "photo.txt.json").exists()
    by_path = {r["path"]: r for r in rows}
    garbled = by_path["incoming/asia/garbled.txt"]
    assert "terms.modifier-swap:1" in garbled["rules"] and garbled["worst"] == "major"
    assert by_path["incoming/asia/clean-1.txt"]["findings"] == "0"
    assert by_path["incoming/europe/deep/segments.xlf"]["format"] == "xliff"
    assert by_path["incoming/wire/newsml.xml"]["format"] == "newsml"

    # JSONL: the same rows, with the rules by severity and the signature.
    jl = [json.loads(line) for line in (reports / "summary.jsonl").read_text().splitlines()]
    assert [j["path"] for j in jl] == expected
    assert all(j["signature"].startswith("mtqa:") for j in jl)
    g = next(j for j in jl if j["path"] == "incoming/asia/garbled.txt")
    assert g["rules"]["terms.modifier-swap"] == {"major": 1} and g["score"] < 95

    # The table on stdout: counts, findings by rule and severity, worst stories first.
    assert "audited 12 files" in out and "10 checked, 0 of them from the cache, 2 unreadable" in out
    assert "terms.modifier-swap" in out and "critical  major  minor  info  total" in out
    table = out.split("worst stories first")[1].split("\n\n")[0].splitlines()[2:]
    shown = [line.split()[-1] for line in table]
    scores = [float(line.split()[0]) for line in table]
    assert scores == sorted(scores) and len(scores) == READABLE
    assert scores == [round(float(by_path[p]["score"]), 1) for p in shown]
    assert shown.index("incoming/asia/worse.txt") < shown.index("incoming/asia/garbled.txt") \
        < shown.index("incoming/europe/minor.txt") < shown.index("incoming/asia/clean-1.txt")

    # Inputs untouched; no temporary files left behind.
    assert snapshot(desk / "incoming") == before
    assert not [p for p in reports.rglob(".mtqa-*") if p.is_file()]


def test_rerun_uses_the_cache_and_rechecks_a_changed_story(desk, capsys):
    run(["audit", "incoming", "-o", "reports", "--jobs", "1"], capsys)
    first = contents(desk / "reports")
    code, out, _ = run(["audit", "incoming", "-o", "reports", "--jobs", "1"], capsys)
    assert code == 2
    assert f"{READABLE} checked, {READABLE} of them from the cache" in out
    assert contents(desk / "reports") == first  # byte-identical outputs

    (desk / "incoming/asia/clean-1.txt").write_text(GARBLED, encoding="utf-8")
    (desk / "reports/asia/clean-2.md.json").unlink()  # a lost report is written again
    code, out, _ = run(["audit", "incoming", "-o", "reports", "--jobs", "1"], capsys)
    assert f"{READABLE} checked, {READABLE - 2} of them from the cache" in out
    rep = json.loads((desk / "reports/asia/clean-1.txt.json").read_text())
    assert any(f["rule"] == "terms.modifier-swap" for f in rep["documents"][0]["findings"])
    assert (desk / "reports/asia/clean-2.md.json").read_bytes() == first["asia/clean-2.md.json"]
    row = next(r for r in summary_rows(desk / "reports") if r["path"] == "incoming/asia/clean-1.txt")
    assert row["worst"] == "major"

    # Other options are other results: nothing comes from the cache.
    code, out, _ = run(["audit", "incoming", "-o", "reports", "--jobs", "1", "--ignore", "terms"], capsys)
    assert f"{READABLE} checked, 0 of them from the cache" in out
    assert "terms.modifier-swap" not in (desk / "reports/asia/clean-1.txt.json").read_text()
    code, out, _ = run(["audit", "incoming", "-o", "reports", "--no-cache", "--jobs", "1"], capsys)
    assert "0 of them from the cache" in out


def test_two_jobs_give_the_same_results_as_one(desk, capsys):
    code1, out1, err1 = run(["audit", "incoming", "-o", "r1", "--jobs", "1"], capsys)
    code2, out2, err2 = run(["audit", "incoming", "-o", "r2", "--jobs", "2"], capsys)
    assert code1 == code2 == 2 and err1 == err2
    assert "(2 jobs)" in out2
    assert contents(desk / "r1") == contents(desk / "r2")
    strip = lambda s: [line for line in s.splitlines()  # noqa: E731
                       if not line.startswith(("audited", "reports in"))]
    assert strip(out1) == strip(out2)


def test_spawned_workers_load_their_own_state(desk):
    """The worker initializer works without fork (macOS/Windows start method)."""
    env = dict(os.environ, MTQA_START_METHOD="spawn",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    for out, jobs in (("r1", "1"), ("r2", "2")):
        r = subprocess.run([sys.executable, "-m", "mtqa", "audit", "incoming", "-o", out, "--jobs", jobs],
                           capture_output=True, text=True, env=env, cwd=desk)
        assert r.returncode == 2, r.stderr
    assert contents(desk / "r1") == contents(desk / "r2")


def test_exit_codes_gate_the_batch(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "clean", {"a.txt": CLEAN, "b.txt": CLEAN})
    write(tmp_path / "minor", {"a.txt": CLEAN, "m.txt": MINOR})
    assert run(["audit", "clean", "-o", "r"], capsys)[0] == 0
    assert run(["audit", "minor", "-o", "r"], capsys)[0] == 0
    assert run(["audit", "minor", "-o", "r", "--fail-on", "minor"], capsys)[0] == 1
    write(tmp_path / "minor", {"g.txt": GARBLED})
    assert run(["audit", "minor", "-o", "r"], capsys)[0] == 1
    assert run(["audit", "minor", "-o", "r", "--fail-on", "never"], capsys)[0] == 0


def test_files_and_folders_together_and_report_paths(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"a/one.txt": CLEAN, "b/two.txt": GARBLED, "b/odd.ext": CLEAN})
    code, out, _ = run(["audit", "a", "b/two.txt", "b/odd.ext", "a/one.txt", "-o", "r"], capsys)
    assert code == 1
    assert [r["path"] for r in summary_rows(tmp_path / "r")] == ["a/one.txt", "b/odd.ext", "b/two.txt"]
    assert (tmp_path / "r/a/one.txt.json").is_file() and (tmp_path / "r/b/two.txt.json").is_file()


def test_output_folder_inside_the_input_folder_is_not_audited(desk, capsys):
    run(["audit", "incoming", "-o", "incoming/reports"], capsys)
    code, out, _ = run(["audit", "incoming", "-o", "incoming/reports"], capsys)
    assert "audited 12 files" in out
    assert all(not r["path"].startswith("incoming/reports") for r in summary_rows(desk / "incoming/reports"))


def test_report_format_sarif(desk, capsys):
    run(["audit", "incoming/asia", "-o", "r", "--report-format", "sarif"], capsys)
    log = json.loads((desk / "r/garbled.txt.sarif").read_text())
    assert log["version"] == "2.1.0"
    assert any(x["ruleId"] == "terms.modifier-swap" for x in log["runs"][0]["results"])


@pytest.mark.parametrize("args, needle", [
    (["audit", "nowhere", "-o", "r"], "nowhere: no such file or folder"),
    (["audit", "incoming", "-o", "incoming"], "output folder cannot be an input folder"),
    (["audit", "-", "-o", "r"], "not standard input"),
    (["audit", "incoming"], "-o"),
])
def test_usage_errors_are_one_line_exit_2(desk, capsys, args, needle):
    code, out, err = run(args, capsys)
    assert code == 2 and len(err.splitlines()) == 1 and needle in err
    assert not (desk / "r").exists()


def test_progress_bar_on_a_terminal(desk, monkeypatch, capsys):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    main(["audit", "incoming/asia", "-o", "r", "--jobs", "1"])
    shown = tty.getvalue()
    assert "\rauditing [" in shown and "4/4" in shown
    assert shown.endswith("\r")  # the bar is cleared before the summary


BATCH_ALONE = """
import json, sys
from mtqa.batch import BatchConfig, run_batch
calls = []
res = run_batch(["incoming"], BatchConfig(out_dir="r"), jobs=2, progress=lambda d, t: calls.append((d, t)))
loaded = sorted(m for m in sys.modules
                if m.split(".")[0] == "click" or m.startswith(("mtqa.cli", "mtqa.commands", "mtqa.config")))
print(json.dumps({"loaded": loaded, "calls": calls, "jobs": res.jobs, "ok": res.count("ok"),
                  "unreadable": res.count("unreadable"), "worst": res.worst,
                  "paths": [r["path"] for r in res.rows]}))
"""


def test_batch_runs_without_the_command_line(desk):
    """mtqa.batch is usable on its own (a distributed runner, a server): no click, no CLI."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=path)
    r = subprocess.run([sys.executable, "-c", BATCH_ALONE], capture_output=True, text=True, env=env, cwd=desk)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["loaded"] == []
    assert got["paths"] == sorted(f"incoming/{p}" for p in STORIES)
    assert (got["ok"], got["unreadable"], got["jobs"]) == (READABLE, 2, 2)
    assert got["worst"] in ("major", "critical")
    total = len(STORIES)
    assert got["calls"] == [[k, total] for k in range(total + 1)]  # (0, total) first, then one per story
    assert [row["path"] for row in summary_rows(desk / "r")] == got["paths"]
