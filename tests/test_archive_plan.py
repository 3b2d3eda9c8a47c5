"""Cutting an archive into partitions (no cluster): every story in exactly one partition,
keys that change with what the result depends on, and a partition's stories read back."""

import os

import pytest

from mtqa.archive.plan import Part, plan
from mtqa.archive.stories import read_part
from mtqa.errors import MtqaError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def record_lines(n, newline="\n"):
    return newline.join(f'{{"id": "s{i}", "text": "Story number {i} was filed."}}' for i in range(n))


@pytest.mark.parametrize("n, size, tail", [(10, 3, "\n"), (9, 3, "\n"), (9, 3, ""), (1, 5, ""),
                                           (7, 1, "\n"), (5, 100, "\n")])
def test_collection_cut_at_lines(tmp_path, n, size, tail):
    path = tmp_path / "wire.jsonl"
    path.write_text(record_lines(n) + tail, encoding="utf-8")
    parts = plan([str(path)], str(tmp_path / "out"), size)
    assert [p.number for p in parts] == list(range(len(parts)))
    data = path.read_bytes()
    assert parts[0].start == 0 and parts[-1].end == len(data)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))  # contiguous, no overlap
    stories = [s for p in parts for s in read_part(p)]
    assert [s.ident for s in stories] == [f"s{i}" for i in range(n)]
    assert [s.key for s in stories] == [f"{path}:{i + 1}" for i in range(n)]
    assert all(p.stories <= size for p in parts)
    assert [s.src.text for s in stories][-1] == f"Story number {n - 1} was filed."


def test_collection_chunked_reads_split_exactly(tmp_path, monkeypatch):
    """Lines counted across read chunks (a tiny chunk size makes every case happen)."""
    from mtqa.archive import plan as plan_mod

    monkeypatch.setattr(plan_mod, "_CHUNK", 7)
    path = tmp_path / "wire.jsonl"
    path.write_text(record_lines(23, "\r\n") + "\r\n", encoding="utf-8")
    parts = plan([str(path)], str(tmp_path / "out"), 4)
    assert [p.first for p in parts] == [1, 5, 9, 13, 17, 21]
    stories = [s for p in parts for s in read_part(p)]
    assert [s.ident for s in stories] == [f"s{i}" for i in range(23)] and not any(s.error for s in stories)


def test_table_slices_across_row_groups(tmp_path):
    rows = [{"text": f"Story {i} was filed on time.", "lang": "en", "provider": f"W{i % 2}"} for i in range(11)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet", row_group_size=3)
    parts = plan([str(tmp_path / "t.parquet")], str(tmp_path / "out"), 4)
    assert [(p.start, p.end) for p in parts] == [(0, 3), (3, 6), (6, 9), (9, 11)]  # on group bounds
    assert [(p.start, p.end) for p in plan([str(tmp_path / "t.parquet")], str(tmp_path / "out"), 7)] \
        == [(0, 6), (6, 11)]  # small groups together
    stories = [s for p in parts for s in read_part(p)]
    assert [s.src.text for s in stories] == [r["text"] for r in rows]
    assert [s.key for s in stories] == [f"{tmp_path / 't.parquet'}#{i}" for i in range(11)]
    assert stories[5].meta == {"lang": "en", "provider": "W1"} and stories[5].src.tgt_lang == "en"


def test_files_grouped_in_sorted_order_with_collections_between(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("b.txt", "a.txt", "d.md", "c.html"):
        (tmp_path / "a" / name).write_text("Story.\n", encoding="utf-8")
    (tmp_path / "a" / "c2.jsonl").write_text(record_lines(3) + "\n", encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text("Story.\n", encoding="utf-8")
    parts = plan([str(tmp_path / "a")], str(tmp_path / "out"), 2)
    assert [(p.kind, [os.path.basename(f) for f, _ in p.files] or [p.first]) for p in parts] == [
        ("files", ["a.txt", "b.txt"]), ("files", ["c.html"]), ("jsonl", [1]), ("jsonl", [3]),
        ("files", ["d.md"])]


def test_glob_patterns(tmp_path):
    for name in ("x/one.txt", "x/y/two.txt", "x/y/three.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Story.\n", encoding="utf-8")
    parts = plan([str(tmp_path / "x" / "**" / "*.txt")], str(tmp_path / "out"), 10)
    assert [os.path.basename(f) for f, _ in parts[0].files] == ["one.txt", "two.txt"]
    with pytest.raises(MtqaError, match=r"no file or folder matches"):
        plan([str(tmp_path / "x" / "*.xml")], str(tmp_path / "out"), 10)


def test_key_follows_inputs_and_run(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Story.\n", encoding="utf-8")
    (p,) = plan([str(f)], str(tmp_path / "out"), 10)
    assert p.key("base") == plan([str(f)], str(tmp_path / "out"), 10)[0].key("base")
    assert p.key("base") != p.key("other signature")
    f.write_text("Story, changed.\n", encoding="utf-8")
    assert plan([str(f)], str(tmp_path / "out"), 10)[0].key("base") != p.key("base")


def test_broken_table_is_a_story_with_its_error(tmp_path, monkeypatch):
    """Never the end of the job: the table is one story, unreadable, named as given."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "in" / "good.txt").write_text("Story.\n", encoding="utf-8")
    parts = plan(["in"], "out", 10)
    assert [(p.kind, p.stories) for p in parts] == [("parquet", 1), ("files", 1)]
    (story,) = read_part(parts[0])
    assert (story.key, story.src) == ("in/bad.parquet", None)
    assert story.error.startswith("in/bad.parquet: cannot read as Parquet: ")


def test_part_counts_planned_stories():
    assert Part(0, "files", files=(("a", "/a"), ("b", "/b"))).stories == 2
    assert Part(0, "parquet", start=10, end=25).stories == 15
    assert Part(0, "jsonl", start=0, end=900, lines=7).stories == 7


def test_progress_lines_for_logs(monkeypatch):
    """Not a terminal: a plain line at most every `lines_every` seconds, none without it."""
    import io

    from mtqa.commands import audit

    clock = iter([0.0, 0.5, 61.0, 61.5, 130.0])
    monkeypatch.setattr(audit.time, "perf_counter", lambda: next(clock))
    out = io.StringIO()
    bar = audit.ProgressBar(out, lines_every=60.0)  # t0 = 0
    for done in (100, 2000, 2100, 4000):
        bar(done, 4000)
    bar.close()
    assert out.getvalue() == ("mtqa: 2,000 of 4,000 stories (50 %), 33 stories/s\n"
                              "mtqa: 4,000 of 4,000 stories (100 %), 31 stories/s\n")
    quiet = io.StringIO()
    monkeypatch.setattr(audit.time, "perf_counter", lambda: 1000.0)
    audit.ProgressBar(quiet)(10, 20)
    assert quiet.getvalue() == ""


def test_collection_in_a_wide_encoding_is_one_error_per_partition(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_text(record_lines(4) + "\n", encoding="utf-8")
    parts = plan([str(path)], str(tmp_path / "out"), 2)
    stories = [s for p in parts for s in read_part(p, encoding="utf-16")]
    assert [s.key for s in stories] == [f"{path}:1", f"{path}:3"]
    assert all("a collection is read a line at a time: --encoding utf-16" in s.error for s in stories)


@pytest.mark.parametrize("max_slices, cuts", [
    (64, [(0, 4), (4, 8), (8, 10), (10, 14), (14, 18), (18, 20), (20, 23)]),
    (2, [(0, 5), (5, 10), (10, 15), (15, 20), (20, 23)]),
])
def test_big_row_groups_in_bounded_slices_streamed(tmp_path, monkeypatch, max_slices, cuts):
    from mtqa.archive import plan as plan_mod
    from mtqa.archive import tables

    monkeypatch.setattr(plan_mod, "MAX_SLICES", max_slices)
    monkeypatch.setattr(tables, "STREAM_BATCH", 3)  # slices that start and end inside batches
    rows = [{"text": f"Story {i} was filed on time.", "id": i} for i in range(23)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet", row_group_size=10)
    parts = plan([str(tmp_path / "t.parquet")], str(tmp_path / "out"), 4)
    assert [(p.start, p.end) for p in parts] == cuts
    stories = [s for p in parts for s in read_part(p)]
    assert [s.ident for s in stories] == [str(i) for i in range(23)]


def test_collection_with_a_bom_encoding_is_read(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_text(record_lines(3) + "\n", encoding="utf-8-sig")
    (part,) = plan([str(path)], str(tmp_path / "out"), 10)
    stories = list(read_part(part, encoding="utf-8-sig"))
    assert [s.ident for s in stories] == ["s0", "s1", "s2"] and not any(s.error for s in stories)
