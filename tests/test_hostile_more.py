"""More hostile input found by the red team: each is one clear line on stderr and exit 2 (or
a normal run), never an internal error (exit 3)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
SAMPLE = SAMPLES / "coalition-budget.en.txt"
CLEAN = SAMPLES / "clean-summit.en.txt"


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_mtqa(args, env=None, stdin=b""):
    """mtqa in a child process: for what depends on the locale or on standard input."""
    full = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG")}
    return subprocess.run([sys.executable, "-m", "mtqa", *map(str, args)], input=stdin,
                          capture_output=True, env={**full, **(env or {})}, timeout=120)


# ---- D: non-text codecs ----------------------------------------------------------------

@pytest.mark.parametrize("enc", ["rot13", "base64", "hex_codec", "zlib_codec", "uu_codec",
                                 "bz2_codec", "quopri", "undefined"])
def test_non_text_encoding_is_a_usage_fault(enc, capsys):
    code, out, err = run(["check", SAMPLE, "--encoding", enc], capsys)
    assert (code, out, err) == (2, "", f"mtqa: error: '{enc}' is not a text encoding\n")


def test_non_text_encoding_in_audit(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in")
    code, out, err = run(["audit", tmp_path / "in", "-o", tmp_path / "out", "-j1",
                          "--encoding", "rot13"], capsys)
    assert code == 2 and "'rot13' is not a text encoding" in err and "internal error" not in err


def test_non_text_encoding_on_stdin():
    r = run_mtqa(["check", "-", "--encoding", "base64"], stdin=SAMPLE.read_bytes())
    assert (r.returncode, r.stderr) == (2, b"mtqa: error: 'base64' is not a text encoding\n")


def test_non_text_codec_declared_in_xliff_is_ignored(tmp_path, capsys):
    f = tmp_path / "a.xlf"
    f.write_text('<?xml version="1.0" encoding="rot13"?>\n<xliff version="1.2"><file '
                 'source-language="en" target-language="fr"><body><trans-unit id="1"><source>'
                 'Hello there.</source><target>Bonjour tout le monde.</target></trans-unit>'
                 '</body></file></xliff>\n', encoding="utf-8")
    code, out, err = run(["check", f], capsys)
    assert code in (0, 1) and err == ""


def test_non_text_charset_declared_in_html(tmp_path, capsys):
    f = tmp_path / "b.html"
    f.write_bytes(b'<html><head><meta charset="base64"></head><body><p>caf\xe9 is good.</p>'
                  b'</body></html>')
    code, out, err = run(["check", f], capsys)
    assert (code, err) == (2, f"mtqa: error: {f}: not UTF-8 (invalid byte 0xe9 at offset 54); "
                              "pass --encoding, e.g. --encoding latin-1\n")


# ---- D: --max-input-size ----------------------------------------------------------------

@pytest.mark.parametrize("value", ["inf", "nan"])
def test_max_input_size_not_finite(value, capsys):
    code, out, err = run(["check", SAMPLE, "--max-input-size", value], capsys)
    assert (code, err) == (2, "mtqa: error: --max-input-size must be a positive number of "
                              f"megabytes, not '{value}'\n")


@pytest.mark.parametrize("value", ["1e308", "100000000"])
def test_max_input_size_huge_is_no_limit(value, capsys):
    code, out, err = run(["check", SAMPLE, "--max-input-size", value], capsys)
    assert code == 1 and err == ""


def test_max_input_env_huge(monkeypatch, capsys):
    monkeypatch.setenv("MTQA_MAX_INPUT_MB", "1e308")
    code, out, err = run(["check", SAMPLE], capsys)
    assert code == 1 and err == ""


# ---- D: config, packs -------------------------------------------------------------------

def test_deeply_nested_toml_config(tmp_path, capsys):
    cfg = tmp_path / "mtqa.toml"
    cfg.write_text("a = " + "[" * 10000 + "]" * 10000 + "\n", encoding="utf-8")
    code, out, err = run(["--config", cfg, "check", SAMPLE], capsys)
    assert (code, err) == (2, f"mtqa: error: {cfg}:1: invalid TOML: nested too deeply\n")


def _pack(tmp_path, pattern):
    d = tmp_path / "house"
    d.mkdir()
    (d / "pack.toml").write_text('name = "house"\nversion = "1"\n', encoding="utf-8")
    (d / "titles.toml").write_text(
        'kind = "pattern"\ncategory = "terminology/wrong-term"\nseverity = "major"\n'
        f'message = "House style"\n\n[[entries]]\npattern = {pattern}\n', encoding="utf-8")
    return d


@pytest.mark.parametrize("cmd", [["check", SAMPLE], ["rules"]])
def test_incompatible_regex_flags_in_pack(tmp_path, capsys, cmd):
    d = _pack(tmp_path, "'(?u)(?a)x'")
    code, out, err = run([*cmd, "--rules", d], capsys)
    assert (code, err) == (2, f"mtqa: error: {d / 'titles.toml'}:7: bad pattern: "
                              "ASCII and UNICODE flags are incompatible\n")


# ---- D: locale, file names ---------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_c_locale_output(fmt):
    r = run_mtqa(["check", SAMPLE, "--format", fmt], env={"LC_ALL": "C", "PYTHONUTF8": "0"})
    assert (r.returncode, r.stderr) == (1, b"")
    r.stdout.decode("ascii")  # every character the locale lacks is escaped
    if fmt == "json":
        assert json.loads(r.stdout)["documents"]


@pytest.fixture
def latin1_name(tmp_path):
    """A folder bn/ holding a story whose file name is not UTF-8 (caf\\xe9.txt)."""
    d = tmp_path / "bn"
    d.mkdir()
    shutil.copy(SAMPLE, os.path.join(os.fsencode(d), b"caf\xe9.txt"))
    return d, os.fsdecode(os.path.join(os.fsencode(d), b"caf\xe9.txt"))


def test_non_utf8_file_name_in_sarif(latin1_name, capsys, monkeypatch):
    d, name = latin1_name
    monkeypatch.chdir(d.parent)
    code, out, err = run(["check", "--format", "sarif", "bn/" + os.path.basename(name)], capsys)
    assert code == 1 and err == ""
    assert '"uri": "bn/caf%E9.txt"' in out  # the name's own bytes, percent-encoded


def test_non_utf8_file_name_in_audit(latin1_name, tmp_path, capsys):
    d, _ = latin1_name
    out_dir = tmp_path / "out"
    for _ in range(2):  # the second run comes from the cache
        code, out, err = run(["audit", d, "-o", out_dir, "-j1"], capsys)
        assert code == 1 and "internal error" not in err
    report = os.path.join(os.fsencode(out_dir), b"caf\xe9.txt.json")
    data = json.loads(Path(os.fsdecode(report)).read_bytes())
    assert data["documents"][0]["path"].endswith("caf\udce9.txt")
    assert "caf\\udce9.txt,ok," in (out_dir / "summary.csv").read_text(encoding="utf-8")


# ---- D: candidates -----------------------------------------------------------------------

def test_candidates_folder_unreadable_while_listed(tmp_path, capsys, monkeypatch):
    """A folder that fails half-way through its listing (as /proc/1/map_files does for
    root) is skipped; the stories elsewhere are still candidates."""
    from mtqa.candidates import store

    cand = tmp_path / "cand"
    (cand / "locked").mkdir(parents=True)
    shutil.copy(CLEAN, cand)
    real = os.scandir

    class Failing:
        def __init__(self, path):
            self.it = real(path)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.it.close()

        def __iter__(self):
            raise PermissionError(13, "Permission denied", str(cand / "locked"))

    monkeypatch.setattr(store.os, "scandir",
                        lambda p: Failing(p) if str(p).endswith("locked") else real(p))
    code, out, err = run(["check", SAMPLE, "--candidates", cand], capsys)
    assert code == 1 and "internal error" not in err


# ---- F -----------------------------------------------------------------------------------

def test_jsonl_with_lone_cr_line_endings(tmp_path, capsys):
    f = tmp_path / "cr.jsonl"
    f.write_bytes(b'{"target": "The minister spoke today."}\r'
                  b'{"target": "The budget was approved by parliament."}\r')
    code, out, err = run(["check", f, "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["documents"][0]["format"] == "jsonl"


@pytest.mark.parametrize("enc", ["utf-32", "utf-32-be"])
def test_utf32_bom_is_named(tmp_path, capsys, enc):
    f = tmp_path / "u.txt"
    data = "Hello world.\n".encode(enc)
    f.write_bytes(data if enc == "utf-32" else b"\x00\x00\xfe\xff" + data)
    code, out, err = run(["check", f], capsys)
    assert (code, err) == (2, f"mtqa: error: {f}: UTF-32 text; convert it or pass "
                              "--encoding utf-32\n")


def test_stdin_twice_is_a_usage_error():
    r = run_mtqa(["check", "-", "-"], stdin=SAMPLE.read_bytes())
    assert (r.returncode, r.stdout, r.stderr) == (
        2, b"", b"mtqa: error: '-' (standard input) can be given only once\n")
