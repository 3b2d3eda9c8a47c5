"""Hostile caches and interrupts (issue 9, items 5 and 9).

The user cache (MTQA_CACHE_DIR, ~/.cache/mtqa) is a folder anyone with the user's rights can
write: it holds JSON only, is checked when read and rebuilt when wrong, and can never run
code or sink a run. The audit cache (<out>/.mtqa-cache/index.json) is validated row by row.
SIGINT and SIGTERM stop an audit quickly, workers included, and keep what was finished.
"""

import glob
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtqa import resources
from mtqa.batch import cache
from mtqa.cli import main
from mtqa.errors import MtqaError

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(resources.__file__).resolve().parent.parent  # the mtqa under test
CACHE_DIR, CACHE_INDEX = ".mtqa-cache", "index.json"
SAMPLE = ROOT / "corpora" / "samples" / "coalition-budget.en.txt"
ENV = {k: v for k, v in os.environ.items() if k != "MTQA_CACHE_DIR"}
# The names `mtqa check` of the sample caches (a German story adds function-words-de etc.).
NAMES = ("words-en", "pos-en", "langid-profile", "gazetteer", "name-index", "packs",
         "function-words-en-50", "given-names", "canon-index", "term-index-en",
         "spm-pieces-en", "case-endings", "native-countries")


def mtqa(*args, cache="off", timeout=120, cwd=CODE):
    env = dict(ENV, MTQA_CACHE_DIR=str(cache), PYTHONPATH=str(CODE))
    return subprocess.run([sys.executable, "-m", "mtqa", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=cwd)


@pytest.fixture(scope="module")
def reference():
    """(exit code, stdout) of checking the sample with no cache at all."""
    r = mtqa("check", SAMPLE)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, r.stdout


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A cache folder filled by one run (copied by each test that spoils it)."""
    folder = tmp_path_factory.mktemp("warm")
    r = mtqa("check", SAMPLE, cache=folder)
    assert r.returncode in (0, 1), r.stderr
    return folder


def read_cache(p: Path) -> tuple[object, list[str]]:
    """A cache file's JSON line and its text sections (what mtqa writes: data, never code)."""
    head, _, body = p.read_text(encoding="utf-8").partition("\n")
    return json.loads(head), body.split("\0") if body else []


def write_cache(p: Path, head, texts: list[str]) -> None:
    p.write_text(json.dumps(head) + "\n" + "\0".join(texts), encoding="utf-8")


def cache_files(folder: Path) -> dict[str, Path]:
    """cache name -> its file, for the names a check of the sample uses."""
    out = {}
    for p in folder.iterdir():
        name = p.name.rsplit("-", 1)[0]
        if name in NAMES:
            out[name] = p
    return out


def spoil_and_run(warm, tmp_path, payload, reference):
    """Write payload(name) over every cache file, run, and compare with no cache."""
    folder = tmp_path / "cache"
    shutil.copytree(warm, folder)
    files = cache_files(folder)
    assert set(files) == set(NAMES)
    for name, p in files.items():
        p.write_bytes(payload(name))
    r = mtqa("check", SAMPLE, cache=folder)
    assert (r.returncode, r.stdout) == reference, r.stderr
    assert r.stderr == ""
    after = cache_files(folder)  # by name: the data's files may have changed meanwhile
    assert set(after) == set(NAMES) and len(list(folder.iterdir())) == len(NAMES)
    return folder, after


# -- the user cache holds data, never code ----------------------------------------------------

def test_cache_is_data_only(warm):
    files = sorted(warm.iterdir())
    assert {p.name.rsplit("-", 1)[0] for p in files} == set(NAMES)
    for p in files:
        assert p.suffix == ".cache", p
        head, texts = read_cache(p)  # a line of JSON, then plain text: nothing else
        assert isinstance(head, (dict, list))
    # The big tables are text sections of sorted "key<TAB>value" lines.
    head, texts = read_cache(cache_files(warm)["words-en"])
    n, first, count = head
    lines = [line for t in texts[first + 1:first + count] for line in t.split("\n")]
    assert len(lines) == n > 50000 and lines == sorted(lines)
    assert dict(line.split("\t") for line in lines)["the"] == "7.73"


class Boom:
    """Unpickling this runs code: it creates the marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_malicious_pickle_runs_no_code(warm, tmp_path, reference):
    marker = tmp_path / "pwned"
    folder, files = spoil_and_run(warm, tmp_path, lambda name: pickle.dumps(Boom(str(marker))),
                                  reference)
    assert not marker.exists()
    for p in files.values():  # each bad file was replaced by good data
        assert p.read_bytes()[:1] != b"\x80"
        read_cache(p)


def test_old_pickles_beside_the_cache_are_never_read_and_removed(warm, tmp_path, reference):
    marker = tmp_path / "pwned"
    folder = tmp_path / "cache"
    shutil.copytree(warm, folder)
    for p in cache_files(folder).values():
        p.with_suffix(".pickle").write_bytes(pickle.dumps(Boom(str(marker))))
        p.unlink()  # so the run rebuilds, and clears out the older files of that name
    r = mtqa("check", SAMPLE, cache=folder)
    assert (r.returncode, r.stdout) == reference and not marker.exists()
    assert not list(folder.glob("*.pickle"))


def test_wrong_typed_pickle_does_not_sink_runs(warm, tmp_path, reference):
    # Before: a pickle of the wrong type made every later run exit 3.
    spoil_and_run(warm, tmp_path, lambda name: pickle.dumps({"not": ["what", "was", "cached"]}),
                  reference)


@pytest.mark.parametrize("payload", [
    b"", b"\x00\xff garbage", b"{", b"[1, 2, 3]", b'{"x": 1}', b"null", b'"text"',
    b"[" * 100000,  # deeper than the JSON parser recurses
], ids=["empty", "binary", "truncated", "list", "object", "null", "string", "deep"])
def test_garbage_cache_is_rebuilt(warm, tmp_path, reference, payload):
    folder, files = spoil_and_run(warm, tmp_path, lambda name: payload, reference)
    for p in files.values():
        assert p.read_bytes() != payload and read_cache(p)[0]


def retyped(value):
    """The same JSON with every leaf of one type swapped for another (str -> int and so on)."""
    if isinstance(value, dict):
        return {k: retyped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [retyped(v) for v in value]
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, str):
        return 7
    if isinstance(value, (int, float)):
        return str(value)
    return value


def test_wrong_typed_json_is_rebuilt(warm, tmp_path, reference):
    originals = {name: read_cache(p)[0] for name, p in cache_files(warm).items()}
    folder, files = spoil_and_run(warm, tmp_path,
                                  lambda name: json.dumps(retyped(originals[name])).encode(), reference)
    for name, p in files.items():
        assert read_cache(p)[0] != retyped(originals[name])


def test_index_pointing_outside_its_table_is_rebuilt(warm, tmp_path, reference):
    """Well-typed, but an entity number past the end: would fail mid-check if trusted."""
    def tampered(name):
        data, texts = read_cache(warm / files[name].name)
        if name == "gazetteer":  # in every block of a table: found when the first is read
            texts = tamper_table(data["by_form"], texts, lambda v: str(10 ** 6))
        elif name == "name-index":
            texts = tamper_table(data["forms"], texts, lambda v: "-1")
        elif name == "packs":
            data["entries"][0]["severity"] = ["catastrophic"] * len(data["entries"][0]["severity"])
        elif name in ("words-en", "pos-en"):
            data[0] += 1  # a count that does not match the table
        return (json.dumps(data) + "\n" + "\0".join(texts)).encode()
    files = cache_files(warm)
    folder, after = spoil_and_run(warm, tmp_path, tampered, reference)
    for name in ("gazetteer", "name-index", "packs", "words-en", "pos-en"):
        # found (in the tables: when first read) and written anew
        assert after[name].read_bytes() == (warm / files[name].name).read_bytes(), name


def tamper_table(table, texts: list[str], value) -> list[str]:
    """texts with every value of a cached table replaced by value(old value)."""
    _, first, count = table
    texts = list(texts)
    for i in range(first + 1, first + count):  # (the first section: each block's first key)
        texts[i] = "\n".join(k + "\t" + value(v) for k, v in
                             (line.split("\t") for line in texts[i].split("\n")))
    return texts


def test_warm_cache_is_used_not_rebuilt(tmp_path):
    """Each cache round-trips: a second run reads every file and rewrites none."""
    folder = tmp_path / "cache"
    assert mtqa("check", SAMPLE, cache=folder).returncode in (0, 1)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert set(cache_files(folder)) == set(NAMES)
    r = mtqa("check", SAMPLE, cache=folder)
    assert r.returncode in (0, 1)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


@pytest.mark.parametrize("value,spec,ok", [
    ({"a": 1.5}, dict[str, float], True),
    ({"a": 1}, dict[str, float], False),  # an int where a float belongs
    ([True], list[int], False),  # a bool is no int
    ([["a", 1, 2]], list[tuple[str, int, int]], True),
    ([["a", 1]], list[tuple[str, int, int]], False),
    ({"x": "a", "y": None}, {"x": str, "y": str | None}, True),
    ({"x": "a"}, {"x": str, "y": str | None}, False),  # a key missing
    ({"x": "a", "y": None, "z": 1}, {"x": str, "y": str | None}, False),  # a key too many
    ([[1, "2"]], list[list[int]], False),
])
def test_valid(value, spec, ok):
    assert resources.valid(value, spec) is ok


# -- no user string becomes a path in corpora/ -------------------------------------------------

@pytest.mark.parametrize("part", ["../../../../etc/passwd", "/etc/passwd", "..", ".", "a/b", "a\0b", ""])
def test_data_paths_stay_in_corpora(part):
    with pytest.raises(ValueError):
        resources.path("abbreviations", part)
    with pytest.raises(MtqaError):
        resources.path(part, "x.txt")


def test_language_code_cannot_reach_another_file():
    resources.abbreviations.cache_clear()
    with pytest.raises(MtqaError):
        resources.abbreviations("../../../../etc/passwd")
    assert resources.path("abbreviations", "en.txt").is_file()


# -- the audit cache ---------------------------------------------------------------------------

STORY = ("Leaders Meet In Berlin\nBERLIN - The two countries announced a \"boundless\" partnership "
         "on Monday, the the ministry said. Story {n}.\n")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"s{n}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    return tmp_path


def audit(capsys, *extra):
    code = main(["audit", "in", "-o", "out", "--jobs", "1", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def edit_row(row: dict, how: str):
    if how == "not a dict":
        return ["in/s1.txt"]
    row = dict(row)
    if how == "findings a string":
        row["findings"] = str(row["findings"])
    elif how == "counts wrong":
        row["major"] += 5
    elif how == "negative count":
        row["minor"], row["major"] = -1, row["major"] + 1
    elif how == "report escapes":
        row["report"] = "../../etc/x"
    elif how == "missing key":
        del row["worst"]
    elif how == "extra key":
        row["shell"] = "rm -rf /"
    elif how == "rules wrong":
        row["rules"] = {"names.near-miss": {"major": "2"}}
    elif how == "score a string":
        row["score"] = "high"
    elif how == "other path":
        row["path"] = "in/s2.txt"
    return row


@pytest.mark.parametrize("how", ["not a dict", "findings a string", "counts wrong", "negative count",
                                 "report escapes", "missing key", "extra key", "rules wrong",
                                 "score a string", "other path"])
def test_edited_audit_cache_row_is_dropped(desk, capsys, how):
    code, out, _ = audit(capsys)
    index = desk / "out" / CACHE_DIR / CACHE_INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    good = data["entries"]["in/s1.txt"]
    data["entries"]["in/s1.txt"] = {**good, "row": edit_row(good["row"], how)}
    index.write_text(json.dumps(data), encoding="utf-8")

    again, out2, err2 = audit(capsys)
    assert again == code, err2  # before: exit 3, every later run
    assert "3 checked, 2 of them from the cache" in out2  # the edited story was checked again
    saved = json.loads(index.read_text(encoding="utf-8"))["entries"]
    assert saved["in/s1.txt"] == good  # the bad row is not saved back
    third, out3, _ = audit(capsys)
    assert third == code and "3 of them from the cache" in out3


def test_valid_entry_accepts_what_an_audit_writes(desk, capsys):
    audit(capsys)
    entries = json.loads((desk / "out" / CACHE_DIR / CACHE_INDEX).read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 3 and all(cache.valid_entry(p, e) for p, e in entries.items())
    assert not cache.valid_entry("in/other.txt", entries["in/s0.txt"])


def test_save_cache_keeps_unfinished_stories(tmp_path):
    """Saved as a run goes: earlier entries of stories not yet done are kept for the re-run."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x"), b.write_text("y")
    old = {str(a): {"key": "old-a"}, str(b): {"key": "old-b"}}
    cache.save_cache(str(tmp_path / "out"), old, {str(a): {"key": "new-a"}}, {str(a)})
    saved = json.loads((tmp_path / "out" / CACHE_DIR / CACHE_INDEX).read_text())["entries"]
    assert saved == {str(a): {"key": "new-a"}, str(b): {"key": "old-b"}}


# -- interrupts --------------------------------------------------------------------------------

N_STORIES = 60
INTERRUPTED = r"mtqa: interrupted \((\d+) of (\d+) stories done; re-run to continue\)\n"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory, warm):
    """60 stories, and a warm user cache so the workers start quickly."""
    base = tmp_path_factory.mktemp("newsroom")
    text = SAMPLE.read_text(encoding="utf-8")
    for n in range(N_STORIES):
        (base / "in").mkdir(exist_ok=True)
        (base / "in" / f"story-{n:02}.txt").write_text(text + f"\nStory {n} ends here.\n", encoding="utf-8")
    return base


def children(pid: int) -> list[int]:
    """Child processes of pid (from /proc; psutil is not needed)."""
    out = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.split("/")[2]))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_audit(base: Path, out: Path, warm: Path) -> subprocess.Popen:
    env = dict(ENV, MTQA_CACHE_DIR=str(warm), PYTHONPATH=str(CODE))
    return subprocess.Popen([sys.executable, "-m", "mtqa", "audit", str(base / "in"), "-o", str(out),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=CODE, start_new_session=True)


def wait_for_reports(p: subprocess.Popen, out: Path, n: int) -> None:
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.json"))) < n:
        assert p.poll() is None, p.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)


def no_temp_files(out: Path) -> bool:
    return not [p for p in out.rglob(".mtqa-*") if p.is_file()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigint_stops_quietly_and_rerun_does_the_rest(newsroom, warm, tmp_path):
    out = tmp_path / "out"
    p = start_audit(newsroom, out, warm)
    wait_for_reports(p, out, 8)
    t = time.monotonic()
    os.killpg(p.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    stdout, stderr = p.communicate(timeout=10)
    assert time.monotonic() - t < 3
    assert p.returncode == 130
    m = re.fullmatch(INTERRUPTED, stderr)  # one line: no worker noise, no traceback
    assert m, stderr
    done, total = int(m.group(1)), int(m.group(2))
    # (0 is possible under load: the parent may not have taken in a result whose report is written)
    assert total == N_STORIES and 0 <= done < N_STORIES
    assert stdout == "" and no_temp_files(out)

    r = mtqa("audit", newsroom / "in", "-o", out, "--jobs", "2", cache=warm)
    m2 = re.search(r"(\d+) checked, (\d+) of them from the cache", r.stdout)
    assert m2 and int(m2.group(1)) == N_STORIES, r.stdout + r.stderr
    assert int(m2.group(2)) == done  # only the remainder was checked again


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_leaves_no_workers(newsroom, warm, tmp_path):
    out = tmp_path / "out"
    p = start_audit(newsroom, out, warm)
    wait_for_reports(p, out, 8)
    workers = children(p.pid)
    assert len(workers) >= 2
    os.kill(p.pid, signal.SIGTERM)  # the parent only, as a service manager or `kill` does
    stdout, stderr = p.communicate(timeout=10)
    deadline = time.monotonic() + 3
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if alive(w)]
    assert p.returncode == 143
    m = re.fullmatch(INTERRUPTED, stderr)  # one line: no traceback from parent or workers
    assert m, stderr
    assert no_temp_files(out)
    index = json.loads((out / CACHE_DIR / CACHE_INDEX).read_text(encoding="utf-8"))
    assert len(index["entries"]) == int(m.group(1))  # the finished stories were kept


# -- big tables are read a block at a time, and checked as they are read ----------------------

def table_of(d: dict, show=str, parse=str, tuple_keys=False, rebuild=None):
    texts: list[str] = []
    head = resources.Table.to_json(d, texts, show, tuple_keys=tuple_keys)
    assert resources.valid(head, resources.TABLE)
    return resources.Table.from_json(head, resources.Texts("\0".join(texts)), parse,
                                     rebuild or (lambda: d), tuple_keys), head, texts


def test_table_answers_as_the_dict_it_was_made_from():
    d = {f"w{i:05d}": i / 8 for i in range(1000)} | {"Ünïcode": 1.5, "a b": 2.0, "": 3.0}
    t, head, texts = table_of(d, parse=float)
    assert head[0] == len(d) and len(texts) - 1 == -(-len(d) // resources.BLOCK) == head[2] - 1
    for k, v in d.items():
        assert t[k] == v and k in t and t.get(k) == v
    for k in ("w1", "w00000x", "zzz", "\uffff", "A"):  # between, before and after the keys
        assert k not in t and t.get(k, -1) == -1
    with pytest.raises(KeyError):
        t["nope"]
    assert len(t) == len(d) and bool(t) and dict(t.items()) == d and sorted(t) == sorted(d)
    empty, _, texts = table_of({})
    assert texts == [""] and len(empty) == 0 and not empty and "x" not in empty


def test_table_reads_only_the_blocks_looked_up():
    d = {f"k{i:05d}": str(i) for i in range(10 * resources.BLOCK)}
    t, _, texts = table_of(d)
    assert t.get("k00070") == "70" and t.get("k00071") == "71" and "a00000" not in t
    assert sum(x is not None for x in t._dicts) == 1  # (a key before the first: none)


def test_table_with_tuple_keys():
    d = {("volodymyr", None): [1], ("volodymyr", "zelensky"): [2, 3], ("kyiv",): [4]}
    t, _, _ = table_of(d, show=json.dumps, parse=json.loads, tuple_keys=True)
    assert t.get(("volodymyr", None)) == [1] and t[("volodymyr", "zelensky")] == [2, 3]
    assert ("kyiv",) in t and ("kyiv", None) not in t and dict(t.items()) == d


@pytest.mark.parametrize("block", ["k00003\tx\tx", "k00003", "k00003\tnot-a-number",
                                   "k00003\t3.0\nk00003a\t1.0",  # a line spliced in
                                   "k00004\t4.0"])  # one missing
def test_bad_block_is_answered_from_a_rebuild(block):
    d = {f"k{i:05d}": float(i) for i in range(3 * resources.BLOCK)}
    calls = []
    good, head, texts = table_of(d, show=repr, parse=float)
    texts[1] = texts[1].replace("k00003\t3.0", block)
    bad = resources.Table.from_json(head, resources.Texts("\0".join(texts)), float,
                                    lambda: calls.append(1) or d)
    assert bad.get("k00100") == 100.0 and not calls  # a good block: no rebuild
    assert bad.get("k00005") == 5.0 and bad["k00003"] == 3.0 and calls == [1]
    assert dict(bad.items()) == d and len(bad) == len(d) and calls == [1]


@pytest.mark.parametrize("spoil", [
    lambda h, t: ([h[0] + 1, h[1], h[2]], t),  # one entry more than the blocks hold
    lambda h, t: ([h[0], h[1], h[2] + 1], t),  # a block past the last section
    lambda h, t: ([h[0], -1, h[2]], t),
    lambda h, t: (h, t[:1] + t[2:]),  # a block missing
    lambda h, t: (h, [t[0] + "\nzz"] + t[1:]),  # a head too many
])
def test_table_of_the_wrong_size_is_refused_when_read(spoil):
    d = {f"k{i:05d}": str(i) for i in range(200)}
    _, head, texts = table_of(d)
    head, texts = spoil(head, texts)
    with pytest.raises((ValueError, IndexError)):
        resources.Table.from_json(head, resources.Texts("\0".join(texts)), str, lambda: d)


@pytest.mark.parametrize("d", [{"a\tb": "x"}, {"a": "x\ty"}, {"a\nb": "x"}, {"a": "x\0"}])
def test_table_refuses_what_it_could_not_read_back(d):
    with pytest.raises(ValueError):
        resources.Table.to_json(d, [])


def test_tampered_block_found_mid_check_is_rebuilt(warm, tmp_path, reference):
    """A well-formed cache whose word list has a garbage value in every block: the run
    notices when it first reads one, answers as if there were no cache, and rewrites it."""
    folder = tmp_path / "cache"
    shutil.copytree(warm, folder)
    p = cache_files(folder)["words-en"]
    head, texts = read_cache(p)
    write_cache(p, head, tamper_table(head, texts, lambda v: "NaN"))
    r = mtqa("check", SAMPLE, cache=folder)
    assert (r.returncode, r.stdout, r.stderr) == (*reference, "")
    assert p.read_bytes() == (warm / p.name).read_bytes()


def test_warm_check_reads_few_blocks(warm, monkeypatch):
    """The point of Tables: a check reads a small part of the big tables."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(warm))
    resources.word_freqs.cache_clear()
    try:
        assert main(["check", str(SAMPLE)]) in (0, 1)
        t = resources.word_freqs("en")
        assert isinstance(t, resources.Table)
        read = sum(x is not None for x in t._dicts)
        assert 0 < read < len(t._dicts) / 4
    finally:
        resources.word_freqs.cache_clear()


# -- planted FIFOs and endless files (red team B) ------------------------------------------------

MEMORY_CAP = 4 << 30  # address space: reading /dev/zero whole would pass it and fail, not swap


def capped(*args, cache="off", cwd=CODE, timeout=60):
    """mtqa ARGS in a process that caps its own memory (a timeout stands for a hang)."""
    launch = (f"import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, "
              f"({MEMORY_CAP}, {MEMORY_CAP})); sys.argv[0] = 'mtqa'; "
              "runpy.run_module('mtqa', run_name='__main__')")
    env = dict(ENV, MTQA_CACHE_DIR=str(cache), PYTHONPATH=str(CODE))
    return subprocess.run([sys.executable, "-P", "-c", launch, *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=cwd)


def plant(p: Path, how: str) -> None:
    p.unlink()
    if how == "fifo":
        os.mkfifo(p)
    else:
        p.symlink_to("/dev/zero")


@pytest.mark.parametrize("how", ["fifo", "dev-zero"])
def test_planted_audit_index_is_rebuilt_not_waited_on(tmp_path, how):
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / "s.txt")
    first = capped("audit", "in", "-o", "out", "-j", "1", cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    index = tmp_path / "out" / CACHE_DIR / CACHE_INDEX
    plant(index, how)
    again = capped("audit", "in", "-o", "out", "-j", "1", cwd=tmp_path)
    assert again.returncode == first.returncode and again.stderr == "", again.stderr
    assert "1 checked, 0 of them from the cache" in again.stdout
    assert index.is_file() and not index.is_symlink()
    assert list(json.loads(index.read_text(encoding="utf-8"))["entries"]) == ["in/s.txt"]


@pytest.mark.parametrize("how", ["fifo", "dev-zero"])
def test_planted_user_cache_file_is_rebuilt_not_waited_on(tmp_path, reference, how):
    # A cache of its own, filled by `check` alone: the shared warm one also holds what the
    # audit tests above may have added (German word lists), which `check` never opens.
    folder = tmp_path / "c"
    assert mtqa("check", SAMPLE, cache=folder).returncode in (0, 1)
    planted = sorted(folder.glob("*.cache"))
    assert len(planted) >= 5
    for p in planted:
        plant(p, how)
    r = capped("check", SAMPLE, cache=folder)
    assert (r.returncode, r.stdout, r.stderr) == (*reference, "")
    assert sorted(folder.glob("*.cache")) == planted  # each rebuilt, as a regular file
    assert all(p.is_file() and not p.is_symlink() for p in planted)
