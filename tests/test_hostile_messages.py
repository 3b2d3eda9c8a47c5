"""Error messages stay one line whatever a user string holds (file names, option values)."""

from __future__ import annotations

import pytest

from mtqa.cli import main
from mtqa.errors import one_line

FORGED = "a\nmtqa: fake"


@pytest.mark.parametrize("args", [
    ["check", FORGED],
    ["check", "--encoding", FORGED, "x.txt"],
    ["check", "--input-format", FORGED, "x.txt"],
    ["check", "--rules", FORGED, "x.txt"],
    ["check", "--select", FORGED, "x.txt"],
    ["check", "--source", FORGED, "x.txt"],
    ["score", "--jsonl", FORGED],
    ["check", "x.txt", "-o", FORGED + "/r.json"],
], ids=["file", "encoding", "input-format", "rules", "select", "source", "jsonl", "output"])
def test_a_line_break_in_a_user_string_cannot_split_or_forge_the_error(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("The minister said on Monday that talks would go on.\n")
    assert main(["--no-config", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mtqa: error: "), err
    assert "a\\x0amtqa: fake" in err


def test_one_line_escapes_controls_and_bidi_but_keeps_text():
    assert one_line("café\u202e.txt\r\x00") == "café\\u202e.txt\\x0d\\x00"
    assert one_line("Zelenskyy — «ok» 中文") == "Zelenskyy — «ok» 中文"
