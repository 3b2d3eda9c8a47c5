"""Configuration files: an `mtqa.toml`, or an `[mtqa]` section in setup.cfg.

The first one found walking upward from the working directory wins (mtqa.toml before
setup.cfg in the same folder; a setup.cfg without an [mtqa] section is passed over).

    # mtqa.toml                          # setup.cfg
    lang = "en"                          [mtqa]
    source_lang = "id"                   lang = en
    calques = "id"                       calques = id
    fail_on = "minor"                    fail_on = minor
    min_score = 95                       min_score = 95
    min_confidence = 0.7                 min_confidence = 0.7
    select = ["terms", "names"]          select = terms, names
    ignore = ["mechanics.doubled-word"]  ignore = mechanics.doubled-word
    rules = ["packs/house"]              rules = packs/house
    format = "json"
    report_format = "json"               [mtqa.severity]
    [severity]                           names.near-miss = minor
    "names.near-miss" = "minor"

The values become click defaults (ctx.default_map), so a command-line flag always wins;
`severity` overrides go to Options.severity_overrides. `rules` folders are relative to
the config file. Every error names the file and line: MtqaError("path:line: ...").
"""

from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import rx
from .errors import MtqaError
from .finding import SEVERITIES
from .report import FAIL_LEVELS

CONFIG_FILES = ("mtqa.toml", "setup.cfg")
SECTION, SEVERITY_SECTION = "mtqa", "mtqa.severity"
LIST_KEYS = ("select", "ignore", "rules")
STR_KEYS = ("lang", "source_lang", "calques", "fail_on", "format", "report_format")
NUMBER_KEYS = ("min_score", "min_confidence")
KEYS = STR_KEYS + NUMBER_KEYS + LIST_KEYS + ("severity",)
# Any header that looks meant for mtqa, even misspelt ([MTQA], [ mtqa ], an unclosed [mtqa):
# such a setup.cfg is read, so its mistakes are reported instead of silently ignored.
_HAS_SECTION = rx.compile(r"(?im)^\s*\[\s*mtqa(?=[\s.\]]|$)")
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass
class Config:
    path: str = ""  # "" = no configuration file
    values: dict = field(default_factory=dict)  # key -> str | tuple[str, ...]
    severity: dict[str, str] = field(default_factory=dict)  # rule id -> severity
    lines: dict[str, int] = field(default_factory=dict)  # key (or "severity:<id>") -> line

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}"

    def default_map(self) -> dict:
        """click defaults per command (parameter names, not flag spellings)."""
        v, common = self.values, {}
        for key, param in (("lang", "lang"), ("source_lang", "source_lang"), ("calques", "calques"),
                           ("fail_on", "fail_on"), ("min_score", "min_score"),
                           ("min_confidence", "min_confidence"),
                           ("select", "select"), ("ignore", "ignore"), ("rules", "rule_dirs")):
            if key in v:
                common[param] = v[key]
        check, audit = dict(common), dict(common)
        if "format" in v:
            check["fmt"] = v["format"]
        if "report_format" in v:
            audit["report_fmt"] = v["report_format"]
        out = {"check": check, "audit": audit, "score": dict(common), "serve": dict(common)}
        if "rules" in v:
            out["rules"] = {"rule_dirs": v["rules"]}
        return out

    def check_rule_ids(self, engine) -> None:
        """Rule ids named in the file must exist (once packs, incl. extra ones, are loaded)."""
        if not self.path:
            return
        for key in ("select", "ignore"):
            for p in self.values.get(key, ()):
                engine.check_ids([p], where=f"{self.where(key)}: {key}: ")
        for rid in self.severity:
            engine.check_ids([rid], where=f"{self.where('severity:' + rid)}: severity: ")


def find(start: str | Path | None = None) -> Path | None:
    """The configuration file that applies in folder start (default: the working directory)."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        toml = folder / "mtqa.toml"
        if toml.is_file():
            return toml
        cfg = folder / "setup.cfg"
        if cfg.is_file() and _mentions_section(cfg):
            return cfg
    return None


def _mentions_section(path: Path) -> bool:
    try:
        return bool(_HAS_SECTION.search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def discover(start: str | Path | None = None) -> Config:
    path = find(start)
    return load(path) if path else Config()


def load(path: str | Path) -> Config:
    from .reader import read_bytes

    path = Path(path)
    try:  # a regular file of sane size only: a FIFO or /dev/zero must not hang the run
        text = read_bytes(str(path), limit=MAX_CONFIG_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise MtqaError(f"{path}:1: not UTF-8 text") from None
    except MtqaError as e:
        raise MtqaError(f"cannot read configuration {e}") from None
    if path.suffix == ".toml":
        raw, sev, lines = _parse_toml(path, text)
    else:
        raw, sev, lines = _parse_cfg(path, text)
    cfg = Config(path=str(path), lines=lines)
    for key, value in raw.items():
        norm = key.replace("-", "_")
        if norm not in KEYS or norm == "severity":
            known = ", ".join(KEYS)
            raise MtqaError(f"{path}:{lines.get(key, 1)}: unknown key '{key}' (known: {known})")
        lines.setdefault(norm, lines.get(key, 1))
        cfg.values[norm] = _value(cfg, norm, value)
    for rid, level in sev.items():
        if not isinstance(level, str) or level not in SEVERITIES:
            raise MtqaError(f"{cfg.where('severity:' + rid)}: severity of '{rid}' must be one of "
                            f"{', '.join(SEVERITIES)}, not {level!r}")
        cfg.severity[rid] = level
    return cfg


def _value(cfg: Config, key: str, value):
    where = cfg.where(key)
    if key in LIST_KEYS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            raise MtqaError(f"{where}: {key} must be a list of strings")
        items = tuple(x.strip() for x in value)
        if key == "rules":
            base = Path(cfg.path).parent
            out = []
            for item in items:
                folder = (base / item).resolve()
                if not folder.is_dir():
                    raise MtqaError(f"{where}: rules: rule pack folder not found: {item}")
                out.append(str(folder))
            return tuple(out)
        return items
    if key in NUMBER_KEYS:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        top = 1 if key == "min_confidence" else 100
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= top:
            raise MtqaError(f"{where}: {key} must be a number from 0 to {top}")
        return float(value)
    if not isinstance(value, str):
        raise MtqaError(f"{where}: {key} must be a string")
    value = value.strip()
    if key == "fail_on" and value not in FAIL_LEVELS:
        raise MtqaError(f"{where}: fail_on must be one of {', '.join(FAIL_LEVELS)}, not '{value}'")
    if key in ("lang", "source_lang", "calques") and value:
        from .languages import validate

        try:
            validate(value, key, ("any", "none") if key == "calques" else ())
        except MtqaError as e:
            raise MtqaError(f"{where}: {e}") from None
    if key in ("format", "report_format"):
        from .render import FORMATS

        if value not in FORMATS:
            raise MtqaError(f"{where}: {key} must be one of {', '.join(FORMATS)}, not '{value}'")
    return value


# ----------------------------------------------------------------------------- TOML

def _parse_toml(path: Path, text: str):
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        msg = str(e).split(" (at")[0]
        raise MtqaError(f"{path}:{m.group(1) if m else 1}: invalid TOML: {msg}") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise MtqaError(f"{path}:1: invalid TOML: nested too deeply") from None
    lines = {key: _toml_line(text, key) or 1 for key in data}
    sev = data.pop("severity", {})
    if not isinstance(sev, dict):
        raise MtqaError(f"{path}:{lines.get('severity', 1)}: severity must be a table of "
                        "rule id = severity")
    for rid in sev:
        lines["severity:" + rid] = _toml_line(text, rid, table="severity") or lines.get("severity", 1)
    return data, sev, lines


def _toml_line(text: str, key: str, table: str | None = None) -> int:
    """Line of `key = ...` at the top level (or inside [table]), else of a [key] table
    header; 0 when not found."""
    pat = rx.compile(r"""\s*(?:"%s"|'%s'|%s)\s*=""" % ((re.escape(key),) * 3))
    current, header = None, 0
    for no, line in enumerate(text.splitlines(), 1):
        head = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if head and not line.lstrip().startswith("[["):
            current = head.group(1).strip("\"'")
            if table is None and current.split(".")[0] == key and not header:
                header = no
            continue
        if current == table and pat.match(line):
            return no
    return header


# ----------------------------------------------------------------------------- setup.cfg

class _KeepCaseParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # keep keys (rule ids) as written


def _parse_cfg(path: Path, text: str):
    parser = _KeepCaseParser(interpolation=None, strict=True)
    try:
        parser.read_string(text, source=str(path))
    except configparser.MissingSectionHeaderError as e:
        raise MtqaError(f"{path}:{e.lineno}: a line before the first [section] header: "
                        f"{e.line.strip()!r}") from None
    except configparser.ParsingError as e:
        no = e.errors[0][0]
        bad = text.splitlines()[no - 1].strip() if 0 < no <= len(text.splitlines()) else ""
        raise MtqaError(f"{path}:{no}: not a 'key = value' line: {bad!r}") from None
    except configparser.Error as e:
        no = getattr(e, "lineno", None) or 1
        msg = getattr(e, "message", str(e)).splitlines()[0]
        msg = re.sub(r"^While reading from '[^']*' \[line +\d+\]: ", "", msg)
        raise MtqaError(f"{path}:{no}: {msg}") from None
    for name in parser.sections():
        if name not in (SECTION, SEVERITY_SECTION) and _HAS_SECTION.match(f"[{name}]"):
            raise MtqaError(f"{path}:{_header_line(text, name)}: unknown section [{name}] "
                            f"(mtqa reads [{SECTION}] and [{SEVERITY_SECTION}])")
    lines = _cfg_lines(text)
    raw: dict[str, str | list[str]] = {}
    sev: dict[str, str] = {}
    if parser.has_section(SECTION):
        for key, value in parser.items(SECTION):
            norm = key.replace("-", "_")
            raw[key] = _split(value) if norm in LIST_KEYS else value
    if parser.has_section(SEVERITY_SECTION):
        for rid, value in parser.items(SEVERITY_SECTION):
            sev[rid] = value.strip()
            lines["severity:" + rid] = lines.pop(f"{SEVERITY_SECTION}:{rid}", 1)
    return raw, sev, {k.split(":", 1)[1] if k.startswith(SECTION + ":") else k: v
                      for k, v in lines.items()}


def _header_line(text: str, name: str) -> int:
    head = rx.compile(r"\s*\[" + re.escape(name) + r"\]")
    return next((no for no, line in enumerate(text.splitlines(), 1) if head.match(line)), 1)


def _split(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,\n]", value) if v.strip()]


def _cfg_lines(text: str) -> dict[str, int]:
    """'section:key' -> line, for the [mtqa] and [mtqa.severity] sections."""
    out: dict[str, int] = {}
    section = None
    for no, line in enumerate(text.splitlines(), 1):
        head = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if head:
            section = head.group(1)
            continue
        m = re.match(r"([^\s=:#;][^=:]*?)\s*[=:]", line)
        if m and section in (SECTION, SEVERITY_SECTION):
            out.setdefault(f"{section}:{m.group(1)}", no)
    return out


def active() -> Config:
    """The configuration the running command was started with (empty outside the CLI)."""
    import click

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, Config) else Config()
