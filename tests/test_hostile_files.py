"""Hostile files and streams (issue 9, items 2 and 7): only regular files (and stdin) are
read, only regular files (or stdout) are written, an output never clobbers an input, and
every user fault is one stderr line with exit 2, never a hang or a traceback.

Cases where blocking or stdio matter run mtqa in a subprocess with a timeout (a hang fails
the test instead of stalling the suite) and a memory cap (a run that reads /dev/zero to the
end fails instead of taking the machine down); the rest call main().
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import mtqa as mtqa_pkg
from mtqa.cli import main

STORY = ("Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to expand trade "
         "and to meet again next year, the ministry said.\n")
# Non-latin-1 characters in the findings' messages and excerpts (curly quotes, an arrow).
GARBLED = ("Leaders Meet In Berlin\nBERLIN - The two countries announced a \u201cboundless\u201d "
           "partnership on Monday, the the ministry said.\n")
# Subprocesses run the mtqa this test imported (-P: never one found in their working folder).
CODE = str(Path(mtqa_pkg.__file__).resolve().parent.parent)
TIMEOUT = 60  # seconds for one subprocess run: far above a normal run, far below a hang


MEMORY_CAP = 4 << 30  # address space: ample for mtqa, too little to read /dev/zero forever
# The child caps its own memory, then runs mtqa (no preexec_fn: that can deadlock in a
# threaded parent); the shell closes fds first where the case is a closed stdin or stdout.
LAUNCH = (f"import resource, runpy, sys; cap = {MEMORY_CAP}; "
          "resource.setrlimit(resource.RLIMIT_AS, (cap, cap)); "
          "sys.argv[0] = 'mtqa'; runpy.run_module('mtqa', run_name='__main__')")


def command(args, close: str = "") -> list[str]:
    """argv running mtqa ARGS; close: shell redirections such as '<&-' applied first."""
    py = [sys.executable, "-P", "-c", LAUNCH, *args]
    return ["/bin/sh", "-c", f'exec "$@" {close}', "sh", *py] if close else py


def mtqa(args, *, stdin=subprocess.DEVNULL, env=None, close="", stdout=subprocess.PIPE, cwd=None,
         stderr=subprocess.PIPE):
    """(exit code, stdout bytes, stderr text) of mtqa ARGS in a fresh process."""
    r = subprocess.run(command(args, close), stdin=stdin, stdout=stdout, stderr=stderr,
                       env={**os.environ, "PYTHONPATH": CODE, **(env or {})}, cwd=cwd,
                       timeout=TIMEOUT)
    return r.returncode, r.stdout or b"", (r.stderr or b"").decode("utf-8", "replace")


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error(err: str, needle: str) -> None:
    """Exactly one stderr line, an mtqa error, containing needle; no traceback."""
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("mtqa: error: ") and needle in lines[0], err


@pytest.fixture
def story(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


@pytest.fixture
def fifo(tmp_path):
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    return p


def _socket_file(path: Path) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    return s


def _is(p: Path, test) -> bool:
    return test(os.lstat(p).st_mode)


# -- reading: only regular files and stdin --------------------------------------------------------

def test_fifo_given_is_refused_without_blocking(fifo):
    code, out, err = mtqa(["check", str(fifo)])
    assert code == 2 and out == b""
    one_error(err, f"{fifo}: is a FIFO (named pipe), not a regular file")
    assert _is(fifo, stat.S_ISFIFO)


def test_dev_zero_is_refused_at_once():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    code, _, err = mtqa(["check", "/dev/zero"])
    assert code == 2
    one_error(err, "/dev/zero: is a character device, not a regular file")


def test_symlink_to_a_fifo_is_refused(fifo, tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(fifo)
    code, _, err = mtqa(["check", str(link)])
    assert code == 2
    one_error(err, f"{link}: is a FIFO (named pipe)")


def test_socket_is_refused(tmp_path, capsys):
    s = _socket_file(tmp_path / "s.txt")
    try:
        code, out, err = run(["check", tmp_path / "s.txt"], capsys)
    finally:
        s.close()
    assert code == 2 and out == ""
    one_error(err, "s.txt: is a socket, not a regular file")


def test_directory_is_refused(tmp_path, capsys):
    code, _, err = run(["check", tmp_path], capsys)
    assert code == 2
    one_error(err, f"{tmp_path}: is a directory, not a text file")


def test_symlink_to_a_regular_file_is_read(story, tmp_path, capsys):
    link = tmp_path / "link.txt"
    link.symlink_to(story)
    code, out, err = run(["check", link, "--format", "json"], capsys)
    assert code == 0 and err == ""
    assert json.loads(out)["documents"][0]["path"] == str(link)


def test_nul_byte_after_the_first_8_kb_is_binary(tmp_path, capsys):
    p = tmp_path / "late-nul.txt"
    p.write_bytes(STORY.encode() * 100 + b"\x00" + STORY.encode())
    assert p.stat().st_size > 8192
    code, _, err = run(["check", p], capsys)
    assert code == 2
    one_error(err, f"{p}: binary data, not text")


def test_max_input_size_option_refuses_a_larger_file(story, capsys):
    code, _, err = run(["check", story, "--max-input-size", "0.0001"], capsys)
    assert code == 2
    one_error(err, f"{story}: larger than the input limit of 0.0001 MB "
                   "(raise it with --max-input-size MB or MTQA_MAX_INPUT_MB)")


def test_max_input_size_from_the_environment(story, capsys, monkeypatch):
    monkeypatch.setenv("MTQA_MAX_INPUT_MB", "0.0001")
    code, _, err = run(["score", story], capsys)
    assert code == 2
    one_error(err, "larger than the input limit of 0.0001 MB")
    # the option wins over the environment
    code, _, err = run(["score", story, "--max-input-size", "1"], capsys)
    assert code in (0, 1) and err == ""


def test_bad_max_input_size_in_the_environment_is_one_line(story, capsys, monkeypatch):
    monkeypatch.setenv("MTQA_MAX_INPUT_MB", "lots")
    code, _, err = run(["check", story], capsys)
    assert code == 2
    one_error(err, "MTQA_MAX_INPUT_MB must be a positive number of megabytes, not 'lots'")


def test_max_input_size_does_not_leak_into_the_next_run(story, capsys):
    assert run(["check", story, "--max-input-size", "0.0001"], capsys)[0] == 2
    code, _, err = run(["align", story, story], capsys)
    assert code == 0 and err == ""


def test_stdin_from_dev_zero_ends_at_the_limit():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with open("/dev/zero", "rb") as zero:
        code, _, err = mtqa(["check", "-", "--max-input-size", "2"], stdin=zero)
    assert code == 2
    one_error(err, "<stdin>: larger than the input limit of 2 MB")


def test_closed_stdin_is_one_line():
    code, _, err = mtqa(["check", "-"], close="<&-")
    assert code == 2
    one_error(err, "<stdin>: standard input is closed")


def test_audit_skips_a_fifo_found_in_a_folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    code, out, err = mtqa(["audit", "in", "-o", "out", "--jobs", "1"], cwd=tmp_path)
    assert code == 2 and "Traceback" not in err
    assert "mtqa: unreadable: in/pipe.txt: is a FIFO (named pipe), not a regular file" in err
    assert (tmp_path / "out" / "a.txt.json").is_file()
    rows = [json.loads(x) for x in (tmp_path / "out" / "summary.jsonl").read_text().splitlines()]
    assert {r["path"]: r["status"] for r in rows if "path" in r} == {"in/a.txt": "ok",
                                                                    "in/pipe.txt": "unreadable"}
    assert _is(tmp_path / "in" / "pipe.txt", stat.S_ISFIFO)


def test_audit_named_fifo_and_device_are_errors_and_the_rest_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "p")
    code, out, err = mtqa(["audit", "p", "a.txt", "-o", "out", "--jobs", "1"], cwd=tmp_path)
    assert code == 2 and "Traceback" not in err
    assert "mtqa: unreadable: p: is a FIFO (named pipe), not a regular file" in err
    assert (tmp_path / "out" / "a.txt.json").is_file()


def test_audit_too_large_story_is_unreadable(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "in" / "big.txt").write_text(STORY * 50, encoding="utf-8")
    code, _, err = run(["audit", "in", "-o", "out", "--jobs", "1", "--max-input-size", "0.001"], capsys)
    assert code == 2
    assert "mtqa: unreadable: in/big.txt: larger than the input limit of 0.001 MB" in err
    assert (tmp_path / "out" / "a.txt.json").is_file()


# -- writing: -o never clobbers an input ----------------------------------------------------------

def _unchanged(p: Path) -> None:
    assert p.read_text(encoding="utf-8") == STORY


@pytest.mark.parametrize("cmd", [["check"], ["score"]])
def test_output_naming_the_input_is_refused(cmd, story, capsys):
    code, out, err = run([*cmd, story, "-o", story], capsys)
    assert code == 2 and out == ""
    one_error(err, f"-o {story} is an input of this run; refusing to overwrite it")
    _unchanged(story)


def test_output_naming_the_source_is_refused(story, tmp_path, capsys):
    src = tmp_path / "original.txt"
    shutil.copy(story, src)
    code, _, err = run(["check", story, "--source", src, "-o", src], capsys)
    assert code == 2
    one_error(err, "is an input of this run")
    assert src.read_text(encoding="utf-8") == STORY


def test_output_naming_the_reference_is_refused(story, tmp_path, capsys):
    ref = tmp_path / "ref.txt"
    shutil.copy(story, ref)
    code, _, err = run(["score", story, "--reference", ref, "-o", ref], capsys)
    assert code == 2
    one_error(err, f"-o {ref} is an input of this run")
    assert ref.read_text(encoding="utf-8") == STORY


def test_output_naming_the_jsonl_records_is_refused(tmp_path, capsys):
    recs = tmp_path / "recs.jsonl"
    body = json.dumps({"target": STORY}) + "\n"
    recs.write_text(body, encoding="utf-8")
    code, _, err = run(["score", "--jsonl", recs, "-o", recs], capsys)
    assert code == 2
    one_error(err, f"-o {recs} is an input of this run")
    assert recs.read_text(encoding="utf-8") == body


def test_align_output_naming_an_input_is_refused(story, tmp_path, capsys):
    other = tmp_path / "other.txt"
    shutil.copy(story, other)
    code, _, err = run(["align", story, other, "-o", other], capsys)
    assert code == 2
    one_error(err, f"-o {other} is an input of this run")
    _unchanged(other)


def test_output_through_a_hard_link_to_the_input_is_refused(story, tmp_path, capsys):
    hard = tmp_path / "hard.txt"
    os.link(story, hard)
    code, _, err = run(["check", story, "-o", hard], capsys)
    assert code == 2
    one_error(err, f"-o {hard} is an input of this run")
    _unchanged(story)
    assert os.path.samefile(story, hard)


def test_output_through_a_symlink_to_the_input_is_refused(story, tmp_path, capsys):
    link = tmp_path / "link.txt"
    link.symlink_to(story)
    code, _, err = run(["check", story, "-o", link], capsys)
    assert code == 2
    one_error(err, f"-o {link} is an input of this run")
    _unchanged(story)
    assert link.is_symlink()


def test_output_naming_the_file_stdin_comes_from_is_refused(story):
    with open(story, "rb") as fh:
        code, _, err = mtqa(["check", "-", "-o", str(story)], stdin=fh)
    assert code == 2
    one_error(err, "is an input of this run")
    _unchanged(story)


def test_output_inside_a_rules_folder_is_refused(story, tmp_path, capsys):
    rules = tmp_path / "packs"
    rules.mkdir()
    code, _, err = run(["check", story, "--rules", rules, "-o", rules / "report.txt"], capsys)
    assert code == 2
    one_error(err, f"is inside the input folder {rules}")
    assert list(rules.iterdir()) == []


def test_output_naming_a_directory_is_refused(story, tmp_path, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    code, _, err = run(["check", story, "-o", out], capsys)
    assert code == 2
    one_error(err, f"-o {out}: is a directory")
    assert out.is_dir() and list(out.iterdir()) == []


def test_output_with_a_missing_folder_is_refused(story, tmp_path, capsys):
    out = tmp_path / "nowhere" / "report.txt"
    code, _, err = run(["check", story, "-o", out], capsys)
    assert code == 2
    one_error(err, f"folder {out.parent} does not exist")


def test_output_in_an_unwritable_folder_is_refused(story, capsys):
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc")
    code, _, err = run(["check", story, "-o", "/proc/self/report.txt"], capsys)
    assert code == 2
    one_error(err, "-o /proc/self/report.txt: cannot write in folder /proc/self: permission denied")


def test_output_in_a_read_only_folder_is_refused(story, tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere: covered by the /proc case")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, err = run(["check", story, "-o", ro / "r.txt"], capsys)
    finally:
        ro.chmod(0o755)
    assert code == 2
    one_error(err, "permission denied")


def test_output_naming_a_fifo_is_refused_and_it_stays_a_fifo(story, fifo):
    code, out, err = mtqa(["check", str(story), "-o", str(fifo)])
    assert code == 2
    one_error(err, f"-o {fifo}: is a FIFO (named pipe), not a regular file")
    assert _is(fifo, stat.S_ISFIFO)


def test_output_naming_a_device_is_refused_and_it_stays_a_device(story, tmp_path, capsys):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    null = tmp_path / "null"  # a private /dev/null: the system's is never at risk
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    code, _, err = run(["check", story, "-o", null], capsys)
    assert code == 2
    one_error(err, f"-o {null}: is a character device, not a regular file")
    assert _is(null, stat.S_ISCHR)


def test_output_naming_a_socket_is_refused(story, tmp_path, capsys):
    s = _socket_file(tmp_path / "s")
    try:
        code, _, err = run(["check", story, "-o", tmp_path / "s"], capsys)
    finally:
        s.close()
    assert code == 2
    one_error(err, "is a socket, not a regular file")
    assert _is(tmp_path / "s", stat.S_ISSOCK)


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(story, tmp_path, capsys):
    target = tmp_path / "reports" / "latest.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    code, out, err = run(["check", story, "--format", "json", "-o", link], capsys)
    assert code == 0 and out == "" and err == ""
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["documents"][0]["path"] == str(story)


def test_output_through_a_dangling_symlink_creates_its_target(story, tmp_path, capsys):
    target = tmp_path / "new.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(["check", story, "-o", link], capsys)
    assert code == 0 and err == ""
    assert link.is_symlink() and "PASS" in target.read_text(encoding="utf-8")


def test_output_dash_is_standard_output(story, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["check", story, "-o", "-"], capsys)
    assert code == 0 and "PASS" in out and err == ""
    assert not (tmp_path / "-").exists()


# /dev/stdout and /dev/stderr, as private links: an mtqa that replaced the link itself (as
# the old code did, as root) must not wreck the system's for everyone else.
def _std_link(tmp_path: Path, fd: int) -> Path:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd")
    link = tmp_path / f"dev-fd-{fd}"
    link.symlink_to(f"/proc/self/fd/{fd}")
    return link


def test_output_dev_stdout_on_a_pipe_is_standard_output(story, tmp_path):
    link = _std_link(tmp_path, 1)
    code, out, err = mtqa(["check", str(story), "-o", str(link)])
    assert code == 0 and err == ""
    assert out.decode().startswith(f"{story}: PASS")
    assert link.is_symlink()


def test_output_dev_stderr_is_refused(story, tmp_path):
    link = _std_link(tmp_path, 2)
    log = tmp_path / "log.txt"
    with open(log, "wb") as fh:
        code, out, _ = mtqa(["check", str(story), "-o", str(link)], stderr=fh)
    assert code == 2 and out == b""
    one_error(log.read_text(), f"-o {link}: is standard error, not a place for reports")
    assert link.is_symlink()


# -- audit output folder --------------------------------------------------------------------------

@pytest.fixture
def desk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "summary.jsonl", "a.txt.json"):  # names a report could take
        (tmp_path / "in" / name).write_text(STORY, encoding="utf-8")
    return tmp_path


def _desk_unchanged(desk: Path) -> None:
    assert sorted(p.name for p in (desk / "in").iterdir()) == ["a.txt", "a.txt.json", "summary.jsonl"]
    for p in (desk / "in").iterdir():
        _unchanged(p)


def test_audit_output_folder_that_is_an_input_folder_by_symlink(desk, capsys):
    (desk / "link").symlink_to(desk / "in")
    code, out, err = run(["audit", "in", "-o", "link"], capsys)
    assert code == 2 and out == ""
    one_error(err, "in: the output folder cannot be an input folder")
    _desk_unchanged(desk)


def test_audit_output_folder_holding_a_named_input_file(desk, capsys):
    code, _, err = run(["audit", "in/a.txt", "-o", "in"], capsys)
    assert code == 2
    one_error(err, "-o in contains the input in/a.txt")
    _desk_unchanged(desk)


def test_audit_output_folder_holding_an_input_folder(desk, capsys):
    code, _, err = run(["audit", "in", "-o", "."], capsys)
    assert code == 2
    one_error(err, "-o . contains the input folder in")
    _desk_unchanged(desk)


def test_audit_output_folder_holding_the_source(desk, capsys):
    (desk / "wire").mkdir()
    (desk / "wire" / "orig.txt").write_text(STORY, encoding="utf-8")
    code, _, err = run(["audit", "in/a.txt", "--source", "wire/orig.txt", "-o", "wire"], capsys)
    assert code == 2
    one_error(err, "-o wire contains the input wire/orig.txt")
    assert os.listdir(desk / "wire") == ["orig.txt"]


def test_audit_output_folder_that_is_a_fifo(desk):
    os.mkfifo(desk / "out")
    code, _, err = mtqa(["audit", "in", "-o", "out"], cwd=desk)
    assert code == 2
    one_error(err, "out: is a FIFO (named pipe), not a regular file, not a folder")
    assert _is(desk / "out", stat.S_ISFIFO)


def test_audit_output_inside_the_input_through_a_symlink_is_skipped(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "in")
    for _ in range(2):  # the second run finds the first run's reports inside in/
        code, out, err = run(["audit", "in", "-o", "link/reports", "--jobs", "1"], capsys)
        assert code == 0 and err == "" and "audited 1 file" in out
    rows = (tmp_path / "in" / "reports" / "summary.jsonl").read_text(encoding="utf-8")
    assert "reports/" not in rows  # the reports are never audited as stories
    _unchanged(tmp_path / "in" / "a.txt")


# -- standard output and encodings -----------------------------------------------------------------

def test_closed_stdout_is_one_line(story):
    code, _, err = mtqa(["check", str(story)], close=">&-", stdout=None)
    assert code == 2
    one_error(err, "cannot write to standard output: it is closed")


def test_full_stdout_is_one_line(story):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        code, _, err = mtqa(["check", str(story)], stdout=full)
    assert code == 2
    one_error(err, "cannot write to standard output: No space left on device")


def test_broken_pipe_is_quiet(tmp_path):
    paths = []
    for i in range(40):
        p = tmp_path / f"s{i}.txt"
        p.write_text(GARBLED, encoding="utf-8")
        paths.append(str(p))
    proc = subprocess.Popen(command(["check", *paths, "--format", "json"]), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": CODE})
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=TIMEOUT) in (0, 1)
    assert err == ""


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_narrow_stdout_encoding_keeps_json_valid(encoding, tmp_path):
    p = tmp_path / "garbled \u2014 \U0001f4f0.txt"  # the path is in the report: beyond latin-1
    p.write_text(GARBLED, encoding="utf-8")
    code, out, err = mtqa(["check", str(p), "--format", "json"], env={"PYTHONIOENCODING": encoding})
    code8, out8, _ = mtqa(["check", str(p), "--format", "json"], env={"PYTHONIOENCODING": "utf-8"})
    assert code == code8 == 1 and err == ""
    assert "\u2014 \U0001f4f0" in out8.decode("utf-8")
    assert json.loads(out.decode(encoding)) == json.loads(out8.decode("utf-8"))


def test_narrow_stdout_encoding_text_report(tmp_path):
    p = tmp_path / "garbled\u2014.txt"
    p.write_text(GARBLED, encoding="utf-8")
    code, out, err = mtqa(["check", str(p)], env={"PYTHONIOENCODING": "ascii"})
    assert code == 1 and err == ""
    assert f"{tmp_path}/garbled\\u2014.txt:2:".encode() in out  # escaped, not a crash


def test_narrow_stderr_encoding_error_line(tmp_path):
    bad = tmp_path / "ñame\u2014missing.txt"
    code, _, err = mtqa(["check", str(bad)], env={"PYTHONIOENCODING": "ascii"})
    assert code == 2
    one_error(err, "missing.txt: no such file")


# -- configuration files --------------------------------------------------------------------------

@pytest.mark.parametrize("text, needle", [
    ("junk\n[mtqa]\nfail_on = minor\n", "setup.cfg:1: a line before the first [section] header: 'junk'"),
    ("[MTQA]\nfail_on = minor\n", "setup.cfg:1: unknown section [MTQA]"),
    ("[flake8]\nx = 1\n\n[ mtqa ]\nfail_on = minor\n", "setup.cfg:4: unknown section [ mtqa ]"),
    ("[mtqa]\nfail_on = minor\n[mtqa.sevrity]\nnames.near-miss = minor\n",
     "setup.cfg:3: unknown section [mtqa.sevrity]"),
    ("[tool]\nx = 1\n[mtqa\nfail_on = minor\n", "setup.cfg:3: not a 'key = value' line: '[mtqa'"),
])
def test_malformed_setup_cfg_names_file_and_line(text, needle, story, tmp_path, capsys, monkeypatch):
    (tmp_path / "setup.cfg").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["check", story], capsys)
    assert code == 2 and out == ""
    one_error(err, needle)


def test_malformed_toml_names_file_and_line(story, tmp_path, capsys, monkeypatch):
    (tmp_path / "mtqa.toml").write_text('lang = "en"\nlang = "fi"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check", story], capsys)
    assert code == 2
    one_error(err, "mtqa.toml:2: invalid TOML")


def test_config_that_is_a_fifo_does_not_block(story, fifo):
    code, _, err = mtqa(["--config", str(fifo), "check", str(story)])
    assert code == 2
    one_error(err, f"cannot read configuration {fifo}: is a FIFO (named pipe)")


def test_config_that_is_dev_zero_is_refused(story):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    code, _, err = mtqa(["--config", "/dev/zero", "check", str(story)])
    assert code == 2
    one_error(err, "cannot read configuration /dev/zero: is a character device")


# -- audit's output folder: links inside it are replaced, never written through (red team A) ------

@pytest.fixture
def audited(tmp_path):
    """(inputs folder, output folder) after one audit of two stories."""
    sa = tmp_path / "sa"
    (sa / "sub").mkdir(parents=True)
    (sa / "one.txt").write_text(STORY, encoding="utf-8")
    (sa / "sub" / "two.txt").write_text(GARBLED, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["audit", str(sa), "-o", str(out), "-j", "1"]) in (0, 1)
    return sa, out


@pytest.mark.parametrize("name", ["one.txt.json", "summary.csv", "summary.jsonl",
                                  ".mtqa-cache/index.json"])
def test_audit_replaces_a_link_in_its_output_folder_not_its_target(audited, name, capsys):
    sa, out = audited
    victim = sa / "sub" / "two.txt"
    (out / name).unlink()
    (out / name).symlink_to(victim)
    assert main(["audit", str(sa), "-o", str(out), "-j", "1"]) in (0, 1)
    assert victim.read_text(encoding="utf-8") == GARBLED
    assert not (out / name).is_symlink() and (out / name).stat().st_size > 0


def test_audit_refuses_a_symlinked_subfolder_resolving_elsewhere(audited, tmp_path, capsys):
    sa, out = audited
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / "sub")
    (out / "sub").symlink_to(elsewhere)
    capsys.readouterr()
    assert main(["audit", str(sa), "-o", str(out), "-j", "1", "--no-cache"]) == 2
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in (sa / "sub").iterdir()) == ["two.txt"]
    err = capsys.readouterr().err
    assert f"report not written: {out / 'sub' / 'two.txt.json'}: lies outside the output folder " \
           f"{out} (a symlinked folder?); refusing to write there" in err, err
    assert "Traceback" not in err


def test_audit_makes_no_folder_outside_its_output_folder(audited, tmp_path):
    sa, out = audited
    (sa / "sub" / "deep").mkdir()
    (sa / "sub" / "deep" / "three.txt").write_text(STORY, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / "sub")
    (out / "sub").symlink_to(elsewhere)
    assert main(["audit", str(sa), "-o", str(out), "-j", "1"]) == 2
    assert list(elsewhere.iterdir()) == []


# -- -o oddities (red team F) ---------------------------------------------------------------------

def test_empty_output_is_refused(story, capsys):
    code, out, err = run(["check", story, "-o", ""], capsys)
    assert code == 2 and out == ""
    one_error(err, "-o '': an empty path (use '-o -' for standard output)")


def test_output_ending_in_a_slash_is_refused_and_no_file_is_made(story, tmp_path, capsys):
    o = tmp_path / "o"
    o.mkdir()
    code, out, err = run(["check", story, "-o", f"{o}/new/"], capsys)
    assert code == 2 and out == "" and list(o.iterdir()) == []
    one_error(err, f"-o {o}/new/: names a folder (it ends with '/'); reports are written to "
                   "regular files only")


def test_no_output_option_still_goes_to_stdout(story, capsys):
    code, out, err = run(["check", story], capsys)
    assert code in (0, 1) and out.strip(), err
