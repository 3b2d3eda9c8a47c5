"""`mtqa audit --scheduler`: an archive on a real dask.distributed cluster.

The findings must be exactly those of `mtqa audit` without a scheduler; a worker killed
mid-run must leave the output complete and identical; a re-run skips what is done; story
files, JSONL collections and Parquet tables are all read; a story's error is a row.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from html import escape
from pathlib import Path

import pytest
from conftest import make_house_pack

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
N_STORIES = 240
SIZE = 20  # stories per partition: 12 partitions


def run(*args, cwd, timeout=300):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "mtqa", "audit", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def paragraphs(path: Path) -> list[str]:
    """A sample's lines: headline, dateline paragraph, then one paragraph a line."""
    return [p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]


def make_stories(folder: Path, n: int) -> None:
    """n stories, each a sample's headline and first paragraph and a seeded choice (and
    order) of its other paragraphs, so lengths and findings vary; some as Markdown, HTML
    and ninjs JSON, where a finding's place in the file is not its place in the text."""
    rnd = random.Random(16)
    for i in range(n):
        paras = paragraphs(SAMPLES[i % len(SAMPLES)])
        rest = paras[2:]
        body = [paras[1], *rnd.sample(rest, k=max(1, len(rest) - rnd.randrange(3)))]
        sub = folder / f"desk-{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 11 == 5:
            text = (f"<html><head><title>{escape(paras[0])}</title></head><body><article><h1>"
                    f"{escape(paras[0])}</h1>" + "".join(f"<p>{escape(p)}</p>\n" for p in body)
                    + "</article></body></html>\n")
            ext = ".html"
        elif i % 13 == 7:
            text = json.dumps({"headline": paras[0], "body_text": "\n\n".join(body),
                               "versioncreated": f"2024-0{1 + i % 9}-01T00:00:00Z"}, ensure_ascii=False)
            ext = ".json"
        else:
            text = "\n\n".join([paras[0], *body]) + "\n"
            ext = ".md" if i % 17 == 0 else ".txt"
        (sub / f"story-{i:03}{ext}").write_text(text, encoding="utf-8")


FINDING_KEY = ("rule", "id", "severity", "start", "end", "line", "column", "excerpt", "message",
               "suggestion")


def report_findings(out: Path) -> Counter:
    """Every finding in `mtqa audit`'s per-story JSON reports: (story, *FINDING_KEY), counted."""
    got: Counter = Counter()
    for p in out.rglob("*.json"):
        if p.parent.name == "aggregates" or p.name.startswith("."):
            continue
        for doc in json.loads(p.read_text(encoding="utf-8"))["documents"]:
            for f in doc["findings"]:
                got[(doc["path"], *(f[k] for k in FINDING_KEY))] += 1
    return got


def table(out: Path, name: str) -> list[dict]:
    files = sorted((out / name).glob("part-*.parquet"))
    return [r for f in files for r in pq.read_table(f).to_pylist()]


def table_findings(out: Path) -> Counter:
    return Counter((r["story"], *(r[k] for k in FINDING_KEY)) for r in table(out, "findings"))


def contents(out: Path) -> dict[str, list[dict]]:
    """Both tables, row by row (the signature and timing-free columns are all of them)."""
    return {name: table(out, name) for name in ("documents", "findings")}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    base = tmp_path_factory.mktemp("archive")
    make_stories(base / "in", N_STORIES)
    return base


@pytest.fixture(scope="module")
def plain(archive):
    """`mtqa audit` without a scheduler: the reference."""
    r = run("in", "-o", "plain", "--jobs", "2", "--no-cache", cwd=archive)
    assert r.returncode in (0, 1), r.stderr
    return archive / "plain"


@pytest.fixture(scope="module")
def on_cluster(archive):
    r = run("in", "-o", "cluster", "--scheduler", "local:2", "--partition-size", SIZE, cwd=archive)
    assert r.returncode in (0, 1), r.stderr
    return archive / "cluster", r


def test_findings_identical_to_audit_without_scheduler(plain, on_cluster):
    out, r = on_cluster
    expected = report_findings(plain)
    assert sum(expected.values()) > 100  # the generated stories do carry findings
    assert table_findings(out) == expected
    # Formats whose text is not the file: positions are the file's, as in the reports.
    moved = [f for f in table(out, "findings") if (f["start"], f["end"]) != (f["text_start"], f["text_end"])]
    assert "html" in {f["story"].rsplit(".", 1)[1] for f in moved}
    docs = table(out, "documents")
    assert [d["story"] for d in docs] == sorted(d["story"] for d in docs)  # archive order
    assert len(docs) == N_STORIES and {d["status"] for d in docs} == {"ok"}
    # The per-story figures are those of audit's summary, story by story.
    rows = {json.loads(line)["path"]: json.loads(line)
            for line in (plain / "summary.jsonl").read_text(encoding="utf-8").splitlines()}
    for d in docs:
        row = rows[d["story"]]
        assert (d["words"], d["score"], d["pass"], d["findings"], d["major"], d["minor"], d["lang"]) == \
            (row["words"], row["score"], row["pass"], row["findings"], row["major"], row["minor"], row["lang"])
        assert json.loads(d["rules"]) == row["rules"]
    assert r.returncode == (1 if any(d["pass"] is False for d in docs) else 0)
    assert f"audited {N_STORIES} stories" in r.stdout and "(2 workers)" in r.stdout
    assert r.stderr.startswith("mtqa: Dask dashboard: http://")


def test_outputs_beside_the_tables(plain, on_cluster):
    out, _ = on_cluster
    assert sorted(p.name for p in (out / "documents").iterdir()) == \
        [f"part-{n:06d}.parquet" for n in range(N_STORIES // SIZE)]
    csv_lines = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    plain_lines = (plain / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0] == plain_lines[0] and len(csv_lines) == N_STORIES + 1
    # The same rows, but for the report column (no per-story report files on a cluster).
    def strip_report(lines):
        return [line.split(",")[:14] for line in lines[1:]]
    assert strip_report(csv_lines) == strip_report(plain_lines)
    agg = json.loads((out / "aggregates" / "aggregates.json").read_text(encoding="utf-8"))
    docs = table(out, "documents")
    assert agg["totals"]["stories"] == N_STORIES
    assert agg["totals"]["findings"] == sum(d["findings"] for d in docs)
    assert agg["totals"]["words"] == sum(d["words"] for d in docs)
    by_rule = {r["rule"]: r for r in agg["by_rule"]}
    findings = table(out, "findings")
    for rule, r in by_rule.items():
        mine = [f for f in findings if f["rule"] == rule]
        assert r["findings"] == len(mine) and r["stories"] == len({f["story"] for f in mine})
    assert sum(g["stories"] for g in agg["by_pair"]) == N_STORIES
    assert {g["key"] for g in agg["by_pair"]} == {f"?→{lang}" for lang in {d["lang"] for d in docs}}
    worst = agg["worst"][0]
    assert worst["score"] == min(d["score"] for d in docs)
    html = (out / "dashboard.html").read_text(encoding="utf-8").replace("<wbr>", "")
    # Only the ninjs stories have dates: four charts, and the month section says how many have none.
    dated = sum(d["format"] == "ninjs" for d in docs)
    assert 0 < dated == sum(g["stories"] for g in agg["by_month"] if g["key"])
    assert html.count("<svg") == 4 and worst["story"] in html
    assert f"{N_STORIES - dated} stories without a date" in html
    assert not list(out.rglob(".mtqa-[0-9]*"))  # no temporary file left


def test_rerun_skips_done_partitions_and_redoes_a_changed_one(archive, on_cluster):
    out = archive / "rerun"
    shutil.copytree(on_cluster[0], out)
    before = contents(out)
    r = run("in", "-o", "rerun", "--scheduler", "local:2", "--partition-size", SIZE, cwd=archive)
    assert f"{N_STORIES} checked, {N_STORIES} of them from the cache" in r.stdout
    assert "Dask dashboard" not in r.stderr  # nothing to run: no cluster was started
    assert contents(out) == before

    story = archive / "in" / "desk-1" / "story-004.txt"  # partition 0 (sorted: desk-0 ... first)
    original = story.read_text(encoding="utf-8")
    try:
        story.write_text(original + "\nThe the minister said so.\n", encoding="utf-8")
        r = run("in", "-o", "rerun", "--scheduler", "local:1", "--partition-size", SIZE, cwd=archive)
        done_before = N_STORIES - SIZE
        assert f"{N_STORIES} checked, {done_before} of them from the cache" in r.stdout, r.stdout
        assert any(f["story"].endswith("story-004.txt") and f["rule"] == "mechanics.doubled-word"
                   and f["excerpt"] == "The the" for f in table(out, "findings"))
        assert contents(out)["findings"] != before["findings"]
    finally:
        story.write_text(original, encoding="utf-8")


def worker_pids(pid: int) -> list[int]:
    """The Dask worker processes a LocalCluster spawned under pid (not its resource tracker)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in cmd:
            out.append(int(stat.parent.name))
    return sorted(out)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_worker_leaves_complete_identical_output(archive, on_cluster):
    reference, _ = on_cluster
    out = archive / "killed"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "mtqa", "audit", "in", "-o", str(out), "--scheduler",
                          "local:2", "--partition-size", "5"], cwd=archive, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        # Once a few partitions are written, both workers are busy checking stories.
        while len(list((out / ".mtqa-archive").glob("part-*.json"))) < 4:
            assert p.poll() is None, p.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        workers = worker_pids(p.pid)
        assert len(workers) == 2, workers
        os.kill(workers[0], signal.SIGKILL)
        # The engine starts a worker in its place (and gives its partition to a worker).
        while p.poll() is None and not set(worker_pids(p.pid)) - set(workers):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        stdout, stderr = p.communicate(timeout=240)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode in (0, 1), stderr
    assert f"audited {N_STORIES} stories" in stdout and f"{N_STORIES} checked" in stdout
    assert "failed" not in stderr
    # The same rows as the undisturbed run (partitions cut finer: compare the stories).
    got, want = contents(out), contents(reference)
    for name in ("documents", "findings"):
        strip = [{k: v for k, v in r.items() if k != "part"} for r in got[name]]
        assert strip == [{k: v for k, v in r.items() if k != "part"} for r in want[name]], name
    assert len(list((out / ".mtqa-archive").glob("part-*.json"))) == N_STORIES // 5
    # The aggregates are summed per partition: cut finer, they come out the same.
    agg = [json.loads((o / "aggregates" / "aggregates.json").read_text(encoding="utf-8"))
           for o in (out, reference)]
    assert [{k: v for k, v in a.items() if k != "title"} for a in agg][0] == \
        {k: v for k, v in agg[1].items() if k != "title"}
    assert not list(out.rglob(".mtqa-[0-9]*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_quietly_and_rerun_does_the_rest(tmp_path):
    make_stories(tmp_path / "in", 1200)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "mtqa", "audit", "in", "-o", "out", "--scheduler", "local:2",
           "--partition-size", "10"]
    p = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list((tmp_path / "out" / ".mtqa-archive").glob("part-*.json"))) < 3:
            assert p.poll() is None, p.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        workers = worker_pids(p.pid)
        os.killpg(p.pid, signal.SIGINT)  # as Ctrl-C does: the client and its workers
        stdout, stderr = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130 and stdout == ""
    lines = stderr.splitlines()  # the dashboard's link, then one line: no worker's traceback
    assert len(lines) == 2 and lines[0].startswith("mtqa: Dask dashboard: "), stderr
    m = re.fullmatch(r"mtqa: interrupted \((\d+) of 1200 stories done; re-run to continue\)", lines[1])
    assert m and int(m.group(1)) < 1200, stderr  # (results reach the client after their files)
    time.sleep(1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()
                and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    kept = len(list((tmp_path / "out" / ".mtqa-archive").glob("part-*.json")))
    assert kept * 10 >= int(m.group(1))  # every story counted as done was written

    r = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert f"1200 checked, {kept * 10} of them from the cache" in r.stdout, r.stdout + r.stderr
    assert len(table(tmp_path / "out", "documents")) == 1200


# -- collections and tables ---------------------------------------------------------------------

NEGATED = ("Anna hat Berlin 2024 nicht besucht.", "Anna visited Berlin in 2024.")


def test_jsonl_collection_and_parquet_table(tmp_path):
    import pyarrow as pa

    first = paragraphs(SAMPLES[0])
    records = [
        {"id": "a1", "text": NEGATED[1], "source": NEGATED[0], "source_lang": "de", "lang": "en",
         "date": "2024-03-05", "provider": "Wire A"},
        {"id": "a2", "text": "The the minister arrived in Paris on Monday.", "lang": "en",
         "date": "2024-04-01T10:00:00Z", "provider": "Wire B"},
        {"id": "a3", "text": 42},  # not a string: this story's error, not the job's
        {"headline": "Ministers meet", "body_text": "\n\n".join(first[1:3]), "language": "fr",
         "versioncreated": "2023-11-30T08:00:00Z", "copyrightholder": "Wire C",
         "uri": "urn:story:7"},  # a ninjs item
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(2, "")  # a blank line is no story
    lines.insert(3, "{not json")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [dict(r) for r in records[:2]] * 3  # six rows in row groups of four
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in" / "table.parquet", row_group_size=4)

    r = run("in", "-o", "out", "--scheduler", "local:1", "--partition-size", "4", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr  # two stories could not be read
    docs = {d["story"]: d for d in table(tmp_path / "out", "documents")}
    assert sorted(docs) == sorted(["in/table.parquet#0", "in/table.parquet#1", "in/table.parquet#2",
                                   "in/table.parquet#3", "in/table.parquet#4", "in/table.parquet#5",
                                   "in/wire.jsonl:1", "in/wire.jsonl:2", "in/wire.jsonl:4",
                                   "in/wire.jsonl:5", "in/wire.jsonl:6"])
    a1, a2, bad_json, bad_text, ninjs = (docs[f"in/wire.jsonl:{n}"] for n in (1, 2, 4, 5, 6))
    assert (a1["id"], a1["pair"], a1["month"], a1["source"]) == ("a1", "de→en", "2024-03", "Wire A")
    assert (a2["month"], a2["source"], a2["status"]) == ("2024-04", "Wire B", "ok")
    assert bad_json["status"] == "unreadable" and bad_json["error"].startswith("in/wire.jsonl:4: not valid JSON")
    assert bad_text["status"] == "unreadable" and '"text" must be a string' in bad_text["error"]
    assert (ninjs["format"], ninjs["id"], ninjs["month"], ninjs["source"], ninjs["lang"]) == \
        ("ninjs", "urn:story:7", "2023-11", "Wire C", "fr")
    found = table(tmp_path / "out", "findings")
    neg = [f for f in found if f["story"] == "in/wire.jsonl:1" and f["rule"] == "diverge.negation"]
    assert neg and neg[0]["source_excerpt"] == "nicht"
    doubled = [f for f in found if f["rule"] == "mechanics.doubled-word"]
    assert sorted(f["story"] for f in doubled) == ["in/table.parquet#1", "in/table.parquet#3",
                                                   "in/table.parquet#5", "in/wire.jsonl:2"]
    assert {f["excerpt"] for f in doubled} == {"The the"}
    assert "mtqa: unreadable: in/wire.jsonl:4: not valid JSON" in r.stderr
    by_month = json.loads((tmp_path / "out" / "aggregates" / "aggregates.json").read_text())["by_month"]
    assert [g["key"] for g in by_month] == ["2023-11", "2024-03", "2024-04"]
    assert [g["stories"] for g in by_month] == [1, 4, 4]

    # The dashboard of this run, as an editor opens it: every chart, no script or CSP error.
    from browser import Page, running

    (tmp_path / "chromium").mkdir()
    with running(tmp_path / "chromium") as b:
        pg = Page(b, (tmp_path / "out" / "dashboard.html").resolve().as_uri(), width=1280, height=900)
        assert pg.js("document.querySelectorAll('svg').length") == 4
        text = pg.js("document.body.innerText")
        assert "de→en" in text and "Wire A" in text and "2023-11" in text
        assert pg.js("document.documentElement.scrollWidth") <= 1280 and pg.problems() == []
        pg.screenshot(tmp_path / "archive-dashboard-run.png")


def test_house_rules_and_source_reach_the_workers(tmp_path):
    """--rules and --source given as relative paths: read by the workers all the same
    (they are made absolute, as a worker elsewhere has another working folder)."""
    from mtqa.archive.run import absolute
    from mtqa.batch import BatchConfig
    from mtqa.pipeline import Options

    make_house_pack(tmp_path / "house")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("BERLIN - The two govts agreed on Monday to expand trade.\n")
    (tmp_path / "src.txt").write_text("BERLIN - Die beiden Regierungen einigten sich am Montag, den "
                                      "Handel nicht auszuweiten.\n")
    r = run("in", "-o", "out", "--rules", "house", "--source", "src.txt", "--scheduler", "local:1",
            cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    found = {(f["rule"], f["excerpt"], f["suggestion"]) for f in table(tmp_path / "out", "findings")}
    assert ("house.spelling", "govts", "governments") in found
    assert any(rule == "diverge.negation" for rule, _, _ in found)  # the source was read
    c = absolute(BatchConfig(out_dir="out", source_path="src.txt", options=Options(rule_dirs=("house",))))
    assert (c.out_dir, c.source_path, c.options.rule_dirs, c.candidates) == (
        os.path.abspath("out"), os.path.abspath("src.txt"), (os.path.abspath("house"),), "")


def test_unwritable_partition_is_one_line_and_no_other_runs_rows_stay(tmp_path):
    """A re-run with other options that cannot write one partition: exit 2, one line for
    it (no engine trace), and none of the earlier run's rows left among the new ones."""
    make_stories(tmp_path / "in", 20)
    args = ("in", "-o", "out", "--scheduler", "local:1", "--partition-size", "5")
    first = run(*args, cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    blocked = tmp_path / "out" / "documents" / "part-000001.parquet"
    blocked.unlink()
    blocked.mkdir()  # a folder where the partition's table goes: it cannot be replaced
    r = run(*args, "--fail-on", "minor", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 2 and lines[1].startswith("mtqa: unwritable: partition 1 (re-run to retry it): "), r.stderr
    assert "Traceback" not in r.stderr and "distributed" not in r.stderr
    docs = table(tmp_path / "out", "documents")
    assert len(docs) == 15 and {d["signature"].rsplit("|", 1)[1] for d in docs} == {"fail:minor"}
    assert not (tmp_path / "out" / ".mtqa-archive" / "part-000001.json").exists()
    assert "audited 15 stories" in r.stdout


def test_input_limit_applies_to_files_lines_and_rows(tmp_path):
    import pyarrow as pa

    (tmp_path / "in").mkdir()
    big = "The minister said the talks went well. " * 60  # 2,340 bytes
    (tmp_path / "in" / "big.txt").write_text(big, encoding="utf-8")
    (tmp_path / "in" / "small.txt").write_text("The talks went well.\n", encoding="utf-8")
    (tmp_path / "in" / "c.jsonl").write_text(json.dumps({"text": big}) + "\n" + json.dumps({"text": "Fine."})
                                             + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([{"text": big}, {"text": "Fine."}]), tmp_path / "in" / "t.parquet")
    r = run("in", "-o", "out", "--scheduler", "local:1", "--max-input-size", "0.002", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    docs = {d["story"]: d for d in table(tmp_path / "out", "documents")}
    too_big = {k for k, d in docs.items() if "larger than the input limit of 0.002 MB" in d["error"]}
    assert too_big == {"in/big.txt", "in/c.jsonl:1", "in/t.parquet#0"}  # named as given, not by real path
    assert {k for k, d in docs.items() if d["status"] == "ok"} == {"in/small.txt", "in/c.jsonl:2",
                                                                   "in/t.parquet#1"}


def test_earlier_outputs_in_an_input_folder_are_not_stories(tmp_path):
    make_stories(tmp_path / "in", 6)
    r = run("in", "-o", "in/report", "--scheduler", "local:1", cwd=tmp_path)
    assert r.returncode in (0, 1) and "audited 6 stories" in r.stdout, r.stderr
    r = run("in", "-o", "elsewhere", "--scheduler", "local:1", cwd=tmp_path)
    assert r.returncode in (0, 1) and "audited 6 stories" in r.stdout, r.stdout + r.stderr


def test_only_mtqas_own_files_are_removed(tmp_path):
    """Clearing before a run and sweeping after it touch only mtqa's files in its own
    folders: not a user's file through a symlinked folder, nor one named like a temp file."""
    make_stories(tmp_path / "in", 4)
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "by_rule.csv").write_text("mine\n")
    (tmp_path / "user" / "part-000000.parquet").write_text("mine\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "aggregates").symlink_to(tmp_path / "user")
    (out / "documents").symlink_to(tmp_path / "user")
    for name in (".mtqa-42-mine", "summary.csv.bak", "part-000000.parquet"):
        (out / name).write_text("mine\n")
    r = run("in", "-o", "out", "--scheduler", "local:1", cwd=tmp_path)
    assert r.returncode == 2 and "lies outside the output folder" in r.stderr, r.stdout + r.stderr
    assert sorted(p.name for p in (tmp_path / "user").iterdir()) == ["by_rule.csv", "part-000000.parquet"]
    assert {p.name for p in out.iterdir()} >= {".mtqa-42-mine", "summary.csv.bak", "part-000000.parquet"}


def test_no_partition_written_stops_the_run(tmp_path):
    make_stories(tmp_path / "in", 25)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "documents").write_text("not a folder")
    r = run("in", "-o", "out", "--scheduler", "local:1", "--partition-size", "1", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.splitlines()[-1].startswith("mtqa: error: stopped: none of the first 20 partitions "
                                                "could be written or run; the first: ")
    assert r.stdout == "" and "Traceback" not in r.stderr


def test_an_earlier_output_is_no_input(tmp_path, on_cluster):
    r = run(on_cluster[0], "-o", "again", "--scheduler", "local:1", cwd=tmp_path)
    assert r.returncode == 2 and "holds the output of an earlier mtqa run" in r.stderr


# -- usage -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, needle", [
    (["--scheduler", "local:0"], "a local cluster needs at least one worker"),
    (["--scheduler", "local:2", "--jobs", "2"], "--jobs and --report-format do not apply"),
    (["--partition-size", "5"], "--partition-size goes with --scheduler"),
    (["--scheduler", "local:1", "--partition-size", "0"], "--partition-size"),
    (["--scheduler", "local:x"], "a local cluster is local:N"),
    (["--scheduler", "local:-1"], "a local cluster is local:N"),
    (["--scheduler", "nowhere/scheduler.json"], "no such scheduler file"),
])
def test_usage_errors_one_line_exit_2(tmp_path, args, needle):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A story.\n", encoding="utf-8")
    r = run("in", "-o", "out", *args, cwd=tmp_path)
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_is_one_line(tmp_path, monkeypatch, capsys):
    from mtqa.archive import cluster
    from mtqa.cli import main

    monkeypatch.setattr(cluster, "TIMEOUT", "2s")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("A story.\n", encoding="utf-8")
    code = main(["audit", "a.txt", "-o", "out", "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("mtqa: error: --scheduler tcp://127.0.0.1:9: cannot reach the "
                                        "Dask scheduler: ") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_missing_extra_names_what_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util

    from mtqa.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("A story.\n", encoding="utf-8")
    code = main(["audit", "a.txt", "-o", "out", "--scheduler", "local:1"])
    assert code == 2
    assert capsys.readouterr().err == ("mtqa: error: --scheduler needs Dask and pyarrow: pip install "
                                       "'mtqa[archive]' (missing: pyarrow)\n")
