"""write_atomic under signals: a report is there whole or not at all, and no temporary file
outlives the writer, whether it is stopped (SystemExit from a SIGTERM handler) or killed."""

import os
import signal
import subprocess
import sys

import pytest

from mtqa import output
from mtqa.output import TEMP_PREFIX, remove_temp_files, write_atomic


def temps(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob(TEMP_PREFIX + "*"))


@pytest.mark.parametrize("stage", ["open", "fdopen", "replace"])
def test_stopped_at_any_stage_leaves_nothing(tmp_path, monkeypatch, stage):
    """A stop right after the temporary file is created (before its name was returned by
    mkstemp in the old code), while it is written, or as it is renamed."""
    real = {"open": os.open, "fdopen": os.fdopen, "replace": os.replace}[stage]

    def stopped(*args, **kwargs):
        result = real(*args, **kwargs)
        if stage == "fdopen":
            result.close()
        raise SystemExit(143)
    monkeypatch.setattr(output.os, stage, stopped)
    (tmp_path / "r.json").write_text("old")
    with pytest.raises(SystemExit):
        write_atomic(str(tmp_path / "r.json"), "new")
    monkeypatch.undo()
    assert (tmp_path / "r.json").read_text() == ("new" if stage == "replace" else "old")
    assert temps(tmp_path) == []


def test_temporary_name_carries_the_writer(tmp_path, monkeypatch):
    seen = []
    real = os.replace
    monkeypatch.setattr(output.os, "replace", lambda a, b: (seen.append(a), real(a, b)))
    write_atomic(str(tmp_path / "r.json"), "x")
    assert os.path.basename(seen[0]).startswith(f"{TEMP_PREFIX}{os.getpid()}-")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_is_swept_by_pid_only(tmp_path):
    """SIGKILL runs no clean-up: the parent removes the dead writer's files, and only those
    (another writer's file, the cache folder and reports are left alone)."""
    code = ("import os, sys, time; from mtqa import output\n"
            "real = os.replace\n"
            "def hang(a, b):\n"
            "    print('ready', flush=True); time.sleep(60)\n"
            "output.os.replace = hang\n"
            "output.write_atomic(sys.argv[1], 'x' * 1000)\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    p = subprocess.Popen([sys.executable, "-c", code, str(sub / "r.json")], stdout=subprocess.PIPE,
                         text=True, cwd=os.path.dirname(os.path.dirname(output.__file__)))
    assert p.stdout.readline() == "ready\n"
    p.kill()
    p.wait()
    other = sub / f"{TEMP_PREFIX}{p.pid + 1}-abc"
    other.write_text("another writer's")
    (tmp_path / ".mtqa-cache").mkdir()
    (tmp_path / ".mtqa-cache" / "index.json").write_text("{}")
    left = temps(tmp_path)
    assert f"{TEMP_PREFIX}{p.pid}-" in "".join(left)
    remove_temp_files(str(tmp_path), [p.pid])
    assert temps(tmp_path) == sorted([".mtqa-cache", other.name])
    assert not (sub / "r.json").exists()
