"""`mtqa audit`: check folders of stories in parallel, a report per story and a summary.

    mtqa audit incoming/ --jobs 4 -o reports/

Folders are walked for inputs by extension (AUDIT_EXTENSIONS; hidden folders and files,
and the output folder, are skipped); files named on the command line are audited
whatever their extension. Stories are checked in worker processes that load the rule
packs and data once each; results come back in sorted path order whatever the number of
workers. In the output folder (all written atomically; inputs are only ever read):

    <path relative to the inputs' common folder>.json   one report per story (--report-format)
    summary.csv, summary.jsonl                          one row per input, sorted by path
    .mtqa-cache/index.json                              per-story results for re-runs

A re-run reuses a story's stored result when its content, the options, the rule packs
and mtqa itself are unchanged (the key includes the check signature) and its report is
still the one written for it.

Exit codes: 0 nothing reaches --fail-on; 1 a finding reaches --fail-on; 2 an input could
not be read (the others are still audited and reported; also usage errors); 3 mtqa failed
on a story (an internal error, reported in the summary).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import click

from ..cli import (EXIT_BUG, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, check_options,
                   check_rule_ids, split_ids)
from ..errors import InputError, MtqaError
from ..render import FORMATS

AUDIT_EXTENSIONS = frozenset((".txt", ".md", ".html", ".htm", ".json", ".xml", ".xlf", ".xliff",
                              ".tmx", ".jsonl"))
REPORT_EXT = {"json": ".json", "html": ".html", "text": ".txt", "sarif": ".sarif", "jsonl": ".jsonl"}
CACHE_DIR, CACHE_INDEX = ".mtqa-cache", "index.json"
CACHE_VERSION = "1"
SUMMARY_FIELDS = ("path", "status", "error", "format", "lang", "words", "score", "pass", "findings",
                  "critical", "major", "minor", "info", "worst", "report", "rules")
SEVERITIES = ("critical", "major", "minor", "info")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", required=True,
              help="Folder for the per-story reports, summary.csv and summary.jsonl (created).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes (0 = one per CPU).")
@click.option("--report-format", "--format-report", "report_fmt", type=click.Choice(FORMATS),
              default="json", show_default=True, help="Format of the per-story reports.")
@check_options
@click.option("--no-cache", is_flag=True, help="Check every story again; do not store results.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Worst stories listed in the summary (0 = all).")
def audit(paths, out_dir, jobs, report_fmt, select, ignore, rule_dirs, lang, source_lang, fail_on,
          encoding, source_path, candidates, input_format, no_cache, top):
    """Audit folders of stories: a report per story, a summary table, summary.csv/.jsonl."""
    from ..config import active
    from ..finding import SEVERITY_RANK

    if source_path and candidates:
        raise click.UsageError("give --source or --candidates, not both")
    if input_format:
        from ..readers.detect import normalise_format
        input_format = normalise_format(input_format)
    cfg = active()
    t0 = time.perf_counter()
    cache = {} if no_cache else load_cache(out_dir)
    tasks = collect(paths, out_dir, cache)
    payload = {
        "lang": lang, "source_lang": source_lang, "select": split_ids(select),
        "ignore": split_ids(ignore), "rule_dirs": tuple(rule_dirs), "fail_on": fail_on,
        "severity": tuple(sorted(cfg.severity.items())), "input_format": input_format,
        "encoding": encoding, "source_path": source_path, "candidates": candidates,
        "out_dir": out_dir, "report_fmt": report_fmt, "use_cache": not no_cache,
    }
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise MtqaError(f"{out_dir}: not a folder (-o needs a folder for the reports)")
    st = _init(payload, validate=cfg, fresh=True)  # loaded once here; forked workers inherit it
    payload["key_base"] = st.key_base  # st.payload is this dict: the workers' copy will match
    os.makedirs(out_dir, exist_ok=True)

    jobs = min(jobs or _cpus(), max(len(tasks), 1))
    progress = Progress(len(tasks), sys.stderr)
    rows: list[dict | None] = [None] * len(tasks)
    cached, entries = 0, {}
    for i, row, hit, entry in _run(tasks, payload, jobs):
        rows[i] = row
        cached += hit
        if entry:
            entries[row["path"]] = entry
        progress.step(cached)
    progress.close()

    rows = [r for r in rows if r is not None]
    sig = st.sig["string"]
    from ..output import write_atomic
    if not no_cache:
        save_cache(out_dir, cache, entries, {t.path for t in tasks})
    write_atomic(os.path.join(out_dir, "summary.csv"), summary_csv(rows))
    write_atomic(os.path.join(out_dir, "summary.jsonl"),
                 "".join(json.dumps({**r, "signature": sig}, ensure_ascii=False) + "\n" for r in rows))
    for r in rows:
        if r["status"] != "ok":
            click.echo(f"mtqa: {'unreadable' if r['status'] == 'unreadable' else 'failed'}: "
                       f"{r['error']}", err=True)
    click.echo(summary_text(rows, cached, out_dir, sig, top, jobs, time.perf_counter() - t0))

    if any(r["status"] == "error" for r in rows):
        return EXIT_BUG
    if any(r["status"] == "unreadable" for r in rows):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    worst = max((SEVERITY_RANK[r["worst"]] for r in rows if r["worst"]), default=-1)
    return EXIT_FINDINGS if worst >= SEVERITY_RANK[fail_on] else EXIT_OK


# ----------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Task:
    index: int
    path: str  # as the user named it (shown in reports and the summary)
    report: str  # relative to the output folder, "/"-separated, without the format's extension
    cached: dict | None = None  # this path's entry in the cache index, if any


def collect(paths, out_dir: str, cache: dict | None = None) -> list[Task]:
    """Input files in sorted path order, each with the report path it gets in out_dir."""
    out_abs = os.path.abspath(out_dir)
    found: dict[str, str] = {}  # display path -> absolute path
    roots: list[str] = []
    for arg in paths:
        if arg == "-":
            raise MtqaError("audit reads files and folders, not standard input (use mtqa check -)")
        if os.path.isdir(arg):
            if os.path.abspath(arg) == out_abs:
                raise MtqaError(f"{arg}: the output folder cannot be an input folder")
            roots.append(os.path.abspath(arg))
            for dirpath, dirnames, filenames in os.walk(arg):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                     and os.path.abspath(os.path.join(dirpath, d)) != out_abs)
                for name in filenames:
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in AUDIT_EXTENSIONS:
                        p = os.path.normpath(os.path.join(dirpath, name))
                        found.setdefault(p, os.path.abspath(p))
        elif os.path.exists(arg):
            p = os.path.normpath(arg)
            roots.append(os.path.dirname(os.path.abspath(p)))
            found.setdefault(p, os.path.abspath(p))
        else:
            raise MtqaError(f"{arg}: no such file or folder")
    base = os.path.commonpath(roots) if roots else os.getcwd()
    seen, tasks = set(), []
    for p in sorted(found):
        real = os.path.realpath(found[p])
        if real in seen:  # the same file named twice (or through a link)
            continue
        seen.add(real)
        rel = os.path.relpath(found[p], base).replace(os.sep, "/")
        tasks.append(Task(len(tasks), p, rel, (cache or {}).get(p)))
    return tasks


# ----------------------------------------------------------------------------- workers

@dataclass
class _Worker:
    payload: dict
    pid: int
    opts: object = None
    ctx: object = None
    sig: dict = field(default_factory=dict)
    original: object = None  # Document: --source
    index: object = None  # CandidateIndex: --candidates
    key_base: str = ""


_STATE: _Worker | None = None
_INHERITED: list = []  # handles opened before a fork: kept (never closed) in the child


def _init(payload: dict, validate=None, fresh: bool = False) -> _Worker:
    """Per-process set-up: packs, context and data loaded once, then a warm-up story.

    Safe for both start methods: with fork the parent's state (already loaded) is reused and
    only the candidate index (an SQLite connection) is reopened; with spawn it is built here.
    """
    global _STATE
    if not fresh and _STATE is not None and _STATE.payload == payload:
        if _STATE.pid != os.getpid():
            _STATE.pid = os.getpid()
            if _STATE.index is not None:
                from ..candidates import CandidateIndex
                _INHERITED.append(_STATE.index)
                _STATE.index = CandidateIndex.open(payload["candidates"])
        return _STATE
    from .. import packs as packs_mod
    from ..pipeline import Options, make_context, signature
    from ..readers import read_input
    from .check import _source_doc

    p = payload
    opts = Options(lang=p["lang"], source_lang=p["source_lang"], select=p["select"], ignore=p["ignore"],
                   rule_dirs=p["rule_dirs"], fail_on=p["fail_on"], severity_overrides=dict(p["severity"]))
    loaded = packs_mod.load(opts.rule_dirs)
    if validate is not None:
        validate.check_rule_ids(loaded)
        check_rule_ids(opts, loaded)
    st = _Worker(payload=p, pid=os.getpid(), opts=opts, ctx=make_context(opts, loaded),
                 sig=signature(opts, loaded))
    source_bytes = b""
    if p["source_path"]:
        src = read_input(p["source_path"], encoding=p["encoding"])
        source_bytes = src.file_text.encode("utf-8")
        st.original = _source_doc(src, opts.source_lang)
    if p["candidates"]:
        from ..candidates import CandidateIndex
        st.index = CandidateIndex.open(p["candidates"])
    st.key_base = p.get("key_base") or _key_base(p, st.sig, source_bytes)
    _STATE = st
    _warm_up(st)
    return st


def _key_base(p: dict, sig: dict, source_bytes: bytes) -> str:
    """Everything besides a story's own bytes and path that its result depends on."""
    from .. import resources

    h = hashlib.sha256()
    for part in (CACHE_VERSION, sig["string"], repr(p["severity"]), p["input_format"],
                 p["encoding"] or "", p["report_fmt"], p["candidates"]):
        h.update(str(part).encode() + b"\0")
    h.update(hashlib.sha256(source_bytes).digest())
    # Pack versions are declared by hand: the files themselves (and mtqa's code) count too.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    trees = [here, str(resources.corpora_dir()), *p["rule_dirs"]]
    if p["candidates"]:
        trees.append(p["candidates"])
    for tree in trees:
        h.update(_tree_fingerprint(tree).encode())
    return h.hexdigest()


def _tree_fingerprint(folder: str) -> str:
    h = hashlib.sha256(os.path.abspath(folder).encode())
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            try:
                s = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            h.update(f"{os.path.relpath(os.path.join(dirpath, name), folder)}|{s.st_size}|"
                     f"{s.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _warm_up(st: _Worker) -> None:
    """Check one bundled sample so lazily loaded data (word lists, names...) loads now."""
    from .. import resources
    from ..pipeline import check_text
    from ..render import render

    try:
        sample = sorted(resources.path("samples").glob("*.txt"))[0].read_text(encoding="utf-8")
    except (IndexError, OSError):
        sample = "Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to meet again.\n"
    r = check_text(sample, "<warm-up>", st.ctx, st.opts.lang)
    render(st.payload["report_fmt"], [r], st.sig)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _start_method() -> str:
    env = os.environ.get("MTQA_START_METHOD", "")
    methods = multiprocessing.get_all_start_methods()
    if env in methods:
        return env
    # fork shares the loaded data with the workers; macOS and Windows use spawn.
    return "fork" if "fork" in methods and sys.platform.startswith("linux") else methods[0]


def _run(tasks: list[Task], payload: dict, jobs: int):
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield _audit_one(t)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    import gc

    method = _start_method()
    mp = multiprocessing.get_context(method)
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    if method == "fork":
        gc.freeze()  # the loaded data stays shared: the workers' collector never touches it
    try:
        with mp.Pool(jobs, initializer=_init, initargs=(payload,)) as pool:
            yield from pool.imap_unordered(_audit_one, tasks, chunksize=chunk)
    finally:
        if method == "fork":
            gc.unfreeze()


def _audit_one(task: Task) -> tuple[int, dict, bool, dict | None]:
    """(index, summary row, from cache, cache entry) for one input; runs in a worker."""
    st = _STATE
    p = st.payload
    out = p["out_dir"]
    report_rel = task.report + REPORT_EXT.get(p["report_fmt"], "." + p["report_fmt"])
    report_path = os.path.join(out, *report_rel.split("/"))
    try:
        from ..reader import read_bytes
        data = read_bytes(task.path)
        key = hashlib.sha256(f"{st.key_base}|{task.path}|".encode()
                             + hashlib.sha256(data).digest()).hexdigest()
        c = task.cached
        if p["use_cache"] and c and c.get("key") == key and c["row"].get("report") == report_rel \
                and c.get("report_sha256") == _file_sha256(report_path):
            return task.index, c["row"], True, c
        row, report = _check_one(st, task.path, data, report_rel)
    except InputError as e:
        _remove_stale(report_path)
        return task.index, _bad_row(task.path, "unreadable", str(e)), False, None
    except Exception as e:  # a bug: reported for this story, the batch goes on
        if os.environ.get("MTQA_DEBUG"):
            raise
        _remove_stale(report_path)
        return task.index, _bad_row(task.path, "error",
                                    f"{task.path}: internal error: {type(e).__name__}: {e}"), False, None
    _write_if_changed(report_path, report)
    entry = {"key": key, "report_sha256": hashlib.sha256(report.encode("utf-8")).hexdigest(), "row": row}
    return task.index, row, False, entry


def _check_one(st: _Worker, path: str, data: bytes, report_rel: str) -> tuple[dict, str]:
    from ..pipeline import check_input
    from ..readers import read_input
    from ..render import render

    p, opts = st.payload, st.opts
    src = read_input(path, data=data, fmt=p["input_format"] or None, encoding=p["encoding"])
    r = check_input(src, st.ctx, opts.lang, opts.source_lang, st.original, st.index)
    return _row(r, report_rel), render(p["report_fmt"], [r], st.sig)


def _row(r, report_rel: str) -> dict:
    from ..finding import SEVERITY_RANK

    counts = Counter(f.severity for f in r.findings)
    score = r.info.get("score") or {}
    worst = max((f.severity for f in r.findings), key=SEVERITY_RANK.__getitem__, default="")
    return {"path": r.doc.path, "status": "ok", "error": "", "format": getattr(r.src, "format", "text"),
            "lang": r.doc.lang, "words": r.doc.word_count, "score": score.get("score"),
            "pass": score.get("pass"), "findings": len(r.findings),
            **{s: counts.get(s, 0) for s in SEVERITIES}, "worst": worst, "report": report_rel,
            "rules": _by_rule(r.findings)}


def _by_rule(findings) -> dict[str, dict[str, int]]:
    """rule id -> {severity: count} (a pattern rule's entries may differ in severity)."""
    out: dict[str, Counter] = {}
    for f in findings:
        out.setdefault(f.rule, Counter())[f.severity] += 1
    return {rule: {s: c[s] for s in SEVERITIES if c[s]} for rule, c in sorted(out.items())}


def _bad_row(path: str, status: str, error: str) -> dict:
    return {"path": path, "status": status, "error": error, "format": "", "lang": "", "words": 0,
            "score": None, "pass": None, "findings": 0, **{s: 0 for s in SEVERITIES}, "worst": "",
            "report": "", "rules": {}}


# ----------------------------------------------------------------------------- files

def _write_if_changed(path: str, text: str) -> None:
    from ..output import write_atomic

    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except (OSError, UnicodeDecodeError):
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    write_atomic(path, text)


def _remove_stale(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _file_sha256(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return ""


def load_cache(out: str) -> dict:
    """path -> {key, report_sha256, row} from an earlier run into out ({} when none)."""
    try:
        with open(os.path.join(out, CACHE_DIR, CACHE_INDEX), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {p: e for p, e in entries.items()
            if isinstance(e, dict) and isinstance(e.get("row"), dict) and isinstance(e.get("key"), str)}


def save_cache(out: str, old: dict, new: dict, audited: set[str]) -> None:
    """This run's entries, plus earlier ones for files not audited now that still exist."""
    from ..output import write_atomic

    keep = {p: e for p, e in old.items() if p not in audited and os.path.exists(p)}
    keep.update(new)
    folder = os.path.join(out, CACHE_DIR)
    try:
        os.makedirs(folder, exist_ok=True)
        write_atomic(os.path.join(folder, CACHE_INDEX), json.dumps(
            {"version": CACHE_VERSION, "entries": dict(sorted(keep.items()))}, ensure_ascii=False))
    except (OSError, MtqaError):
        pass  # a cache that cannot be written only costs time


# ----------------------------------------------------------------------------- summary

def summary_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SUMMARY_FIELDS)
    for r in rows:
        vals = dict(r)
        vals["rules"] = " ".join(f"{k}:{sum(v.values())}" for k, v in r["rules"].items())
        vals["score"] = "" if r["score"] is None else f"{r['score']:.2f}"
        vals["pass"] = "" if r["pass"] is None else ("yes" if r["pass"] else "no")
        w.writerow([vals[k] for k in SUMMARY_FIELDS])
    return buf.getvalue()


def summary_text(rows, cached, out_dir, sig, top, jobs, seconds) -> str:
    ok = [r for r in rows if r["status"] == "ok"]
    bad = len(rows) - len(ok)
    unreadable = sum(r["status"] == "unreadable" for r in rows)
    sev = Counter({s: sum(r[s] for r in ok) for s in SEVERITIES})
    n = sum(sev.values())
    lines = [f"audited {len(rows)} file{'s' if len(rows) != 1 else ''} in {seconds:.1f} s "
             f"({jobs} job{'s' if jobs != 1 else ''}): {len(ok)} checked, {cached} of them from the cache"
             + (f", {unreadable} unreadable" if unreadable else "")
             + (f", {bad - unreadable} failed" if bad - unreadable else "")]
    parts = ", ".join(f"{sev[s]} {s}" for s in SEVERITIES if sev[s])
    failing = sum(1 for r in ok if r["pass"] is False)
    lines.append(f"{n} finding{'s' if n != 1 else ''}" + (f" ({parts})" if parts else "")
                 + f" in {sum(1 for r in ok if r['findings'])} of {len(ok)} stories; "
                 f"{failing} below the MQM threshold")
    by_rule: dict[str, Counter] = {}
    stories = Counter(rule for r in ok for rule in r["rules"])
    for r in ok:
        for rule, counts in r["rules"].items():
            by_rule.setdefault(rule, Counter()).update(counts)
    if by_rule:
        width = max(len("rule"), *(len(k) for k in by_rule))
        lines += ["", f"{'rule':<{width}}  critical  major  minor  info  total  stories"]
        for rule, c in sorted(by_rule.items(), key=lambda kv: (-kv[1].total(), kv[0])):
            lines.append(f"{rule:<{width}}  {c['critical']:>8}  {c['major']:>5}  {c['minor']:>5}  "
                         f"{c['info']:>4}  {c.total():>5}  {stories[rule]:>7}")
    scored = sorted((r for r in ok if r["score"] is not None), key=lambda r: (r["score"], r["path"]))
    if scored:
        shown = scored if top == 0 else scored[:top]
        lines += ["", "worst stories first (MQM score" + (f"; all {len(scored)} in summary.csv)"
                                                          if len(shown) < len(scored) else ")"),
                  f"{'score':>6}  {'pass':<4}  {'crit':>4}  {'major':>5}  {'minor':>5}  {'info':>4}  path"]
        for r in shown:
            lines.append(f"{r['score']:>6.1f}  {'yes' if r['pass'] else 'no':<4}  {r['critical']:>4}  "
                         f"{r['major']:>5}  {r['minor']:>5}  {r['info']:>4}  {r['path']}")
    if bad:
        lines += ["", f"{bad} input{'s' if bad != 1 else ''} not audited (listed on stderr and in "
                  "summary.csv)"]
    lines += ["", f"reports in {out_dir} (summary.csv, summary.jsonl)", f"signature: {sig}"]
    return "\n".join(lines)


class Progress:
    """A one-line progress bar on a terminal; silent when the stream is not a terminal."""

    def __init__(self, total: int, stream):
        self.total, self.stream, self.done = total, stream, 0
        self.on = total > 0 and hasattr(stream, "isatty") and stream.isatty()
        self.t0 = self.last = time.perf_counter()

    def step(self, cached: int = 0) -> None:
        self.done += 1
        if not self.on:
            return
        now = time.perf_counter()
        if now - self.last < 0.1 and self.done < self.total:
            return
        self.last = now
        cols = shutil.get_terminal_size((80, 20)).columns
        tail = f" {self.done}/{self.total} ({cached} cached) {now - self.t0:.0f}s"
        width = max(10, min(40, cols - len(tail) - 10))
        fill = int(width * self.done / self.total)
        self.stream.write(f"\rauditing [{'#' * fill}{'.' * (width - fill)}]{tail}")
        self.stream.flush()

    def close(self) -> None:
        if self.on:
            cols = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (cols - 1) + "\r")
            self.stream.flush()
