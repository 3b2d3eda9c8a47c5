"""Hostile rule packs: every key is checked at load time (PackError 'path:line: ...', exit 2),
catastrophic patterns are refused, and no user pattern can hang mtqa or ignore Ctrl-C."""

import os
import re
import select
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

import mtqa
from mtqa import resources
from mtqa.cli import main
from mtqa.errors import PackError
from mtqa.packs import load_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "samples" / "clean-summit.en.txt"

PACK_TOML = 'name = "house"\nversion = "1"\n'
RULE_HEAD = textwrap.dedent('''\
    kind = "pattern"
    category = "terminology/wrong-term"
    severity = "major"
    message = "House style"
''')


def make_pack(tmp_path, rule=None, meta=PACK_TOML, files=None):
    """A pack folder 'house' with pack.toml and (if given) titles.toml; returns the folder."""
    d = tmp_path / "house"
    d.mkdir()
    (d / "pack.toml").write_text(meta, encoding="utf-8")
    if rule is not None:
        (d / "titles.toml").write_text(rule, encoding="utf-8")
    for name, data in (files or {}).items():
        (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return d


def entry(**keys):
    """A rule file (lines 1-4: the rule's keys; 6: [[entries]]; 7 on: these keys in order)."""
    body = "".join(f"{k} = {v}\n" for k, v in keys.items())
    return RULE_HEAD + "\n[[entries]]\n" + body


def load_error(d):
    with pytest.raises(PackError) as e:
        load_pack(d)
    return str(e.value)


# ---- pack.toml ---------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ('source_langs = "fi"', """'source_langs' must be a list of language codes, such as ["fi"], not a string"""),
    ("source_langs = 5", "'source_langs' must be a list of language codes, such as [\"fi\"], not a number"),
    ('target_langs = ["en", 3]', "'target_langs' must be a list of language codes, such as [\"fi\"], "
                                 "not an array of strings and numbers"),
    ("provenance = true", "'provenance' must be a string, not true/false"),
    ('nmae = "house"', "unknown key 'nmae' (did you mean 'name'?)"),
    ('descripton = "x"', "unknown key 'descripton' (did you mean 'description'?)"),
])
def test_pack_toml_keys_are_type_checked(tmp_path, line, expected):
    d = make_pack(tmp_path, meta=PACK_TOML + line + "\n")
    assert load_error(d) == f"{d / 'pack.toml'}:3: {expected}"


def test_pack_languages_are_validated(tmp_path):
    d = make_pack(tmp_path, meta=PACK_TOML + 'source_langs = ["fi", "qq"]\n')
    msg = load_error(d)
    assert msg.startswith(f"{d / 'pack.toml'}:3: unknown source language code 'qq' (valid: ")


def test_pack_languages_are_normalised(tmp_path):
    d = make_pack(tmp_path, meta=PACK_TOML + 'source_langs = ["FI"]\ntarget_langs = ["en-US"]\n',
                  rule=entry(pattern="'Helsinki'"))
    ps = load_pack(d)
    assert ps.pack_langs == {"house": ("fi",)}
    assert ps.pattern_rules[0].source_langs == ("fi",) and ps.pattern_rules[0].langs == ("en",)


# ---- pattern rule files --------------------------------------------------------------------

@pytest.mark.parametrize("keys, line, expected", [
    ({"pattern": "'x'", "allow": "5"}, 8, "'allow' must be a list of strings, not a number"),
    ({"pattern": "'x'", "allow": '[["x"]]'}, 8, "'allow' must be a list of strings, not an array of arrays"),
    ({"pattern": "'x'", "sugestion": '"y"'}, 8, "unknown key 'sugestion' (did you mean 'suggestion'?)"),
    ({"pattern": "'x'", "case": '"Sensitive"'}, 8, "unknown case 'Sensitive' (one of: insensitive, sensitive)"),
    ({"pattern": "'x'", "severity": "3"}, 8, "'severity' must be a string, not a number"),
    ({"pattern": "'x'", "category": '"style/nope"'}, 8, "unknown category 'style/nope' (one of: "),
    ({"pattern": "5"}, 7, "'pattern' must be a string, not a number"),
    ({"note": '"no pattern"'}, 6, "missing 'pattern'"),
    ({"pattern": "'x'", "id": '"Bad Id"'}, 8, "'id' must be lowercase letters, digits and hyphens"),
])
def test_entry_keys_are_type_checked(tmp_path, keys, line, expected):
    d = make_pack(tmp_path, rule=entry(**keys))
    assert load_error(d).startswith(f"{d / 'titles.toml'}:{line}: {expected}")


@pytest.mark.parametrize("rule, line, expected", [
    (RULE_HEAD + 'entries = ["x"]\n', 5, "'entries' must be an array of tables ([[entries]]), "
                                         "not an array of strings"),
    (RULE_HEAD + '[entries]\npattern = "x"\n', 5, "'entries' must be an array of tables ([[entries]]), "
                                                  "not a table"),
    (RULE_HEAD.replace('"pattern"', '"patern"') + '[[entries]]\npattern = "x"\n', 1,
     "unknown kind 'patern' (one of: pattern)"),
    (RULE_HEAD.replace('message = "House style"', 'mesage = "x"') + '[[entries]]\npattern = "x"\n', 4,
     "unknown key 'mesage' (did you mean 'message'?)"),
    (RULE_HEAD.replace('message = "House style"\n', "") + '[[entries]]\npattern = "x"\n', 1,
     "missing 'message'"),
])
def test_rule_keys_are_type_checked(tmp_path, rule, line, expected):
    d = make_pack(tmp_path, rule=rule)
    assert load_error(d) == f"{d / 'titles.toml'}:{line}: {expected}"


# Suggestions are expanded at load time against a match holding every group of the pattern.
@pytest.mark.parametrize("suggestion, expected", [
    (r"'\g<5>'", r"bad suggestion '\g<5>': invalid group reference"),
    ("'x\\'", "bad suggestion 'x\\': bad escape (end of pattern)"),
    (r"'\q'", r"bad suggestion '\q': bad escape \q"),
    (r"'\g<who>'", r"bad suggestion '\g<who>': unknown group"),
    (r"'\2'", r"bad suggestion '\2': "),
])
def test_suggestion_templates_are_checked_at_load(tmp_path, suggestion, expected):
    d = make_pack(tmp_path, rule=entry(pattern=r"'(Oslo)'", suggestion=suggestion))
    assert load_error(d).startswith(f"{d / 'titles.toml'}:8: {expected}")


def test_good_templates_load_and_expand(tmp_path, capsys):
    d = make_pack(tmp_path, rule=entry(pattern=r"'\b(?P<who>Jonas) (Gahr)\b'", case='"sensitive"',
                                       suggestion=r"'\g<2> \g<who>\n'"))
    assert main(["check", str(SAMPLE), "--rules", str(d), "--select", "house", "--format", "json"]) in (0, 1)
    assert '"suggestion": "Gahr Jonas\\n"' in capsys.readouterr().out


@pytest.mark.parametrize("pattern, expected", [
    ("'a{4294967296}'", "bad pattern: the repetition number is too large"),
    ("'a{1,4294967296}'", "bad pattern: the repetition number is too large"),
    ("'(unclosed'", "bad pattern: missing ), unterminated subpattern at position 0"),
    ("'a{e<=1}'", "bad pattern: write a literal '{' as '\\{' (at position 1)"),
])
def test_bad_patterns(tmp_path, pattern, expected):
    d = make_pack(tmp_path, rule=entry(pattern=pattern))
    assert load_error(d) == f"{d / 'titles.toml'}:7: {expected}"


CATASTROPHIC = [r"(a+)+$", r"(\w+\s?)+$", r"(a*)*", r"(a|aa)+$", r"(\w|\d\d)+x", r"(?:a|a)+b",
                r"(x\w+)+$", r"(?:[A-Z]\w*\s?)+\.", r"(\d{1,3})+$", r"(.*a){20}", r"(?:a?){100}$",
                r"(?=(a+)+b)x", r"(?>(a+)+)b"]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_shapes_are_refused_with_file_and_line(tmp_path, pattern):
    d = make_pack(tmp_path, rule=entry(note='"first"', pattern=f"'{pattern}'"))
    msg = load_error(d)
    assert msg.startswith(f"{d / 'titles.toml'}:8: pattern refused: ")
    assert "exponential time" in msg


@pytest.mark.parametrize("pattern", [
    r"(\w+\s)+$",  # each iteration ends in a space the word cannot read
    r"(a|ab)+$", r"(x(a|aa))+$",  # alternatives overlap, but not as whole iterations
    r"\w+\w+\w+$",  # polynomial: left to the time budget
    r"(\w|\d)+x",  # re reads it as one class, [\w\d]+
    r"(?:a++)+$", r"(?:(?>a|aa))+$",  # possessive and atomic: never tried two ways
    r"\b(\w+)\s+City\b", r"\d{1,3}(?:,\d{3})*", r"(?:\s+(?:word|wordy|other))+", r"[{]\{x\}",
])
def test_safe_shapes_load(tmp_path, pattern):
    d = make_pack(tmp_path, rule=entry(pattern=f"'{pattern}'"))
    assert load_pack(d).pattern_rules[0].entries[0].pattern == pattern


# ---- termbank files ------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, expected", [
    ('term = ["x"]\n', 1, "'term' must be an array of tables ([[term]]), not an array of strings"),
    ('[[term]]\ncanonical = "Finns Party"\nquoted = "yes"\n', 3, "'quoted' must be true or false, not a string"),
    ('[[term]]\ncanonical = "Finns Party"\naliases = "Finns"\n', 3, "'aliases' must be a list of strings, "
                                                                   "not a string"),
    ('[[term]]\ncanonical = "Finns Party"\nvarients = ["True Finns"]\n', 3,
     "unknown key 'varients' (did you mean 'variants'?)"),
    ('[[term]]\ncanonical = "A"\n\n[[term]]\naliases = ["b"]\n', 4, "missing 'canonical'"),
    ('[[term]]\ncanonical = ["A"]\n', 2, "'canonical' must be a string, not an array of strings"),
])
def test_term_keys_are_type_checked(tmp_path, body, line, expected):
    d = make_pack(tmp_path, files={"words.toml": body})
    assert load_error(d) == f"{d / 'words.toml'}:{line}: {expected}"


# ---- the CLI: exit 2, one line, no traceback -----------------------------------------------

@pytest.mark.parametrize("rule, meta, where", [
    (entry(pattern="'Oslo'", allow="5"), PACK_TOML, "titles.toml:8: 'allow'"),
    (entry(pattern="'(oslo)'", suggestion=r"'\g<5>'"), PACK_TOML, "titles.toml:8: bad suggestion"),
    (entry(pattern="'a{4294967296}'"), PACK_TOML, "titles.toml:7: bad pattern"),
    (entry(pattern="'Oslo'"), PACK_TOML + 'source_langs = "fi"\n', "pack.toml:3: 'source_langs'"),
    (entry(pattern=r"'(a|aa)+$'"), PACK_TOML, "titles.toml:7: pattern refused"),  # (no 'a' run here)
])
def test_cli_exit_2_naming_file_and_line(tmp_path, capsys, rule, meta, where):
    d = make_pack(tmp_path, rule=rule, meta=meta)
    assert main(["check", str(SAMPLE), "--rules", str(d)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mtqa: error: {d}{os.sep}{where}") and err.count("\n") == 1


def test_gazetteer_not_utf8_names_file_and_line(tmp_path, capsys):
    gaz = "name\tkind\nSauli Niinistö\tperson\nJyväskylä\tplace\n".encode("latin-1")
    d = make_pack(tmp_path, rule=entry(pattern="'Oslo'"), files={"gazetteer.tsv": gaz})
    assert main(["check", str(SAMPLE), "--rules", str(d), "--select", "names"]) == 2
    assert capsys.readouterr().err == f"mtqa: error: {d / 'gazetteer.tsv'}:2: not UTF-8 text\n"


# ---- run time: a time budget, and Ctrl-C --------------------------------------------------

# Subprocesses import the mtqa these tests import.
CHILD_ENV = {**os.environ, "PYTHONPATH": str(Path(mtqa.__file__).resolve().parent.parent)}


def run_mtqa(args, timeout):
    """mtqa in a subprocess, killed after timeout (so a hang on old code fails, not blocks)."""
    cmd = [sys.executable, "-c", "import sys; from mtqa.cli import main; sys.exit(main(sys.argv[1:]))", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=CHILD_ENV)
    except subprocess.TimeoutExpired:
        pytest.fail(f"mtqa {' '.join(args)} still running after {timeout} s")


def slow_case(tmp_path):
    """A pattern polynomial (so not refused) but hopeless on a 3,000-letter word."""
    d = make_pack(tmp_path, rule=entry(pattern=r"'\w+\w+\w+\w+\w+\w+$'"))
    text = tmp_path / "long.txt"
    text.write_text("The summit " + "a" * 3000 + "!\n", encoding="utf-8")
    return d, text


def test_nested_quantifier_pack_on_the_sample_returns_at_once(tmp_path):
    d = make_pack(tmp_path, rule=entry(pattern=r"'(\w+\s?)+$'"))
    r = run_mtqa(["check", str(SAMPLE), "--rules", str(d)], timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"mtqa: error: {d / 'titles.toml'}:7: pattern refused")


def test_slow_pattern_spends_its_budget_and_is_named(tmp_path):
    d, text = slow_case(tmp_path)
    t = time.monotonic()
    r = run_mtqa(["check", str(text), "--rules", str(d)], timeout=90)
    assert r.returncode == 2, r.stderr
    assert r.stderr == (f"mtqa: error: {d / 'titles.toml'}:7: the pattern of house.titles/1 ran for "
                        "more than 1 s on this text (see 'Rule packs' in the README); simplify it\n")
    assert time.monotonic() - t < 30


def test_ctrl_c_stops_a_running_user_pattern(tmp_path):
    d, text = slow_case(tmp_path)
    # A long budget, and a line on stderr when matching starts, so SIGINT lands mid-match.
    script = textwrap.dedent("""
        import sys
        from mtqa import regexguard
        from mtqa.cli import main
        regexguard.BUDGET = 300
        run = regexguard.finditer
        def announce(rx, text, budget):
            if budget:
                print("matching", file=sys.stderr, flush=True)
            return run(rx, text, budget)
        regexguard.finditer = announce
        sys.exit(main(sys.argv[1:]))
    """)
    p = subprocess.Popen([sys.executable, "-c", script, "check", str(text), "--rules", str(d)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=CHILD_ENV)
    try:
        # (select: old code never says "matching", and must fail rather than wait forever)
        assert select.select([p.stderr], [], [], 60)[0] and p.stderr.readline() == "matching\n"
        time.sleep(0.5)
        t = time.monotonic()
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=10)
        assert time.monotonic() - t < 2
    finally:
        p.kill()
        p.wait()
    assert p.returncode == 130 and "Traceback" not in err


# ---- the built-in packs: vetted by the same code, and fixed where they were catastrophic ----

def builtin_folders():
    root = resources.path("packs")
    return [pytest.param(f, id=f.name) for f in sorted(root.iterdir()) if (f / "pack.toml").is_file()]


@pytest.mark.parametrize("folder", builtin_folders())
def test_builtin_pack_passes_the_user_pack_checks(folder):
    """Every built-in pack loads exactly as a user's pack would (schema, vetting, compiling on
    the `regex` engine), and `regex` finds what `re` finds in the entries' own examples."""
    ps = load_pack(folder)
    for rule in ps.pattern_rules:
        for e in rule.entries:
            assert e.budget > 0
            for text in (*rule.examples, *rule.counterexamples):
                ours = [m.span() for m in e.regex.finditer(text)]
                assert ours == [m.span() for m in re.finditer(e.pattern, text, e.flags)], e.pattern


def builtin_pattern(pack, rule, part):
    data = tomllib.loads((resources.path("packs", pack) / f"{rule}.toml").read_text(encoding="utf-8"))
    e = next(e for e in data["entries"] if part in e["pattern"])
    return re.compile(e["pattern"], 0 if e.get("case") == "sensitive" else re.IGNORECASE)


@pytest.mark.parametrize("pack, rule, part, text", [
    # 12 share labels 3 spaces apart, then a letter: 13 s before the fix, minutes with 4 spaces.
    ("boilerplate", "share-buttons", "{2,12}$", ("Facebook   ") * 11 + "Twitter   x"),
    # 'an new' read as 'an' + 'new' or as 'an <word>': 4.6 s for 20, doubling with each one more.
    ("calques-es", "celebrar-false-friend", r"\bcelebrated(", "celebrated " + "an new " * 20 + "x"),
])
def test_builtin_patterns_no_longer_backtrack_catastrophically(pack, rule, part, text):
    rx = builtin_pattern(pack, rule, part)
    t = time.monotonic()
    rx.search(text)
    assert time.monotonic() - t < 0.5
