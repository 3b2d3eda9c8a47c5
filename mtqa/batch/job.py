"""The per-story job: read -> check -> render the story's report -> summary row.

A process running jobs first calls init_worker(config): rule packs, context, --source
document and --candidates index are loaded once per process (and a bundled sample is
checked so lazily loaded data loads then). audit_one(task) then audits one input against
that state; it never raises for a story (unreadable inputs, reports that cannot be
written and internal errors become rows), so one bad story never stops a batch. Both are
plain picklable module-level functions: multiprocessing (fork or spawn), a Dask worker or a
server can call them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import resources
from ..document import Document
from ..errors import MtqaError
from ..output import escape_text
from ..pipeline import Engine, Options
from ..report import DocumentResult
from . import cache
from .inputs import Task
from .summary import error_row, result_row

REPORT_EXT = {"json": ".json", "html": ".html", "text": ".txt", "sarif": ".sarif", "jsonl": ".jsonl"}


@dataclass(frozen=True)
class BatchConfig:
    """What a batch checks and writes; everything a worker needs (hashable and picklable)."""

    out_dir: str  # the per-story reports, summaries and cache go here
    report_fmt: str = "json"  # a render format (render.FORMATS)
    options: Options = Options()  # what is checked and how it is judged (part of the signature)
    input_format: str = ""  # a normalised readers format; "" = recognised per input
    encoding: str | None = None
    source_path: str = ""  # --source: one original for every story
    candidates: str = ""  # --candidates: an archive each story's source is retrieved from
    use_cache: bool = True
    max_input_mb: float | None = None  # --max-input-size (a spawned worker does not inherit it)

    @property
    def rule_dirs(self) -> tuple[str, ...]:
        return self.options.rule_dirs

    @property
    def severity(self) -> tuple[tuple[str, str], ...]:
        return self.options.severity_overrides

    def report_rel(self, task: Task) -> str:
        return task.report + REPORT_EXT.get(self.report_fmt, "." + self.report_fmt)


class Outcome(NamedTuple):
    """What auditing one input gives back to the runner."""

    position: int  # the task's index: its place in the sorted output
    row: dict  # its summary row
    cached: bool  # the row (and report) came from the cache
    entry: dict | None  # its new cache entry (None when nothing is to be stored)


@dataclass
class WorkerState:
    config: BatchConfig
    pid: int
    engine: Engine | None = None
    sig: dict = field(default_factory=dict)  # the engine's signature
    original: Document | None = None  # --source
    index: object = None  # CandidateIndex: --candidates
    key_base: str = ""


_STATE: WorkerState | None = None
_INHERITED: list = []  # handles opened before a fork: kept (never closed) in the child

def init_worker(config: BatchConfig, key_base: str = "", fresh: bool = False) -> WorkerState:
    """Per-process set-up: packs, context and data loaded once, then a warm-up story.

    Safe for both start methods: with fork the parent's state (already loaded) is reused and
    only the candidate index (an SQLite connection) is reopened; with spawn it is built here.
    key_base: the cache key base computed by the parent ("" = compute it here). Options
    the engine rejects (unknown rule ids, languages) raise MtqaError here.
    """
    global _STATE
    if config.max_input_mb is not None:
        from ..reader import set_max_input_mb
        set_max_input_mb(config.max_input_mb)
    if not fresh and _STATE is not None and _STATE.config == config \
            and (not key_base or _STATE.key_base == key_base):
        if _STATE.pid != os.getpid():
            _STATE.pid = os.getpid()
            if _STATE.index is not None:
                from ..candidates import CandidateIndex
                _INHERITED.append(_STATE.index)
                _STATE.index = CandidateIndex.open(config.candidates)
        return _STATE
    st = WorkerState(config=config, pid=os.getpid())
    st.engine, st.sig = _engine(config)
    source_bytes = b""
    if config.source_path:
        from ..readers import read_input
        src = read_input(config.source_path, encoding=config.encoding)
        source_bytes = src.file_text.encode("utf-8")
        st.original = _source_document(st, src)
    if config.candidates:
        from ..candidates import CandidateIndex
        st.index = CandidateIndex.open(config.candidates)
    st.key_base = key_base or cache.key_base(config, st.sig, source_bytes)
    _STATE = st
    _warm_up(st)
    resources.tune_gc(freeze=True)  # (the loaded tables stay out of every later pass)
    return st


def run_key(config: BatchConfig) -> tuple[dict, str]:
    """(signature, cache key base) of a run, without loading a worker's data: what a client
    that only sends work to others needs."""
    from ..reader import read_bytes

    _, sig = _engine(config)
    source_bytes = read_bytes(config.source_path) if config.source_path else b""
    return sig, cache.key_base(config, sig, source_bytes)


def audit_one(task: Task) -> Outcome:
    """Audit one input with the state init_worker() set up; never raises for the story."""
    st = _STATE
    assert st is not None, "init_worker() runs first"
    c = st.config
    report_rel = c.report_rel(task)
    report_path = os.path.join(c.out_dir, *report_rel.split("/"))
    try:
        from ..reader import read_bytes
        data = read_bytes(task.path)
        key = cache.story_key(st.key_base, task.path, data)
        if c.use_cache and task.cached and cache.is_fresh(task.cached, key, report_rel, report_path):
            return Outcome(task.index, task.cached["row"], True, task.cached)
        row, report = _story(st, task.path, data, report_rel)
    except MtqaError as e:  # the input's fault (unreadable, or options it cannot take)
        cache.remove_stale(report_path)
        return Outcome(task.index, error_row(task.path, "unreadable", str(e)), False, None)
    except Exception as e:  # a bug: reported for this story, the batch goes on
        if os.environ.get("MTQA_DEBUG"):
            raise
        cache.remove_stale(report_path)
        return Outcome(task.index, error_row(task.path, "error",
                                             f"{task.path}: internal error: {type(e).__name__}: {e}"),
                       False, None)
    try:
        cache.write_if_changed(report_path, report, c.out_dir)
    except (MtqaError, OSError) as e:  # e.g. a folder where the report goes: this story only
        why = f"{report_path}: {e.strerror}" if isinstance(e, OSError) and e.strerror else str(e)
        return Outcome(task.index, error_row(task.path, "unwritable",
                                             f"{task.path}: report not written: {why}"), False, None)
    return Outcome(task.index, row, False, cache.make_entry(key, report, row))


def _story(st: WorkerState, path: str, data: bytes, report_rel: str) -> tuple[dict, str]:
    """(summary row, report text) of one story's bytes."""
    from ..readers import read_input

    c = st.config
    src = read_input(path, data=data, fmt=c.input_format or None, encoding=c.encoding)
    r = check_one(st, src)
    return result_row(r, report_rel), escape_text(_render(st, r))


def _warm_up(st: WorkerState) -> None:
    """Check one bundled sample so lazily loaded data (word lists, names...) loads now."""
    from .. import resources
    from ..readers import read_input

    try:
        sample = sorted(resources.path("samples").glob("*.txt"))[0].read_text(encoding="utf-8")
    except (IndexError, OSError):
        sample = "Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to meet again.\n"
    r = check_one(st, read_input("<warm-up>", data=sample.encode("utf-8"), fmt="text"), with_source=False)
    _render(st, r)


# ----------------------------------------------------------------------------- the pipeline seam
# Everything the batch asks of the checking core is below (plus summary.result_row, which
# reads a result's fields): a change of core API is a change here.

def _engine(config: BatchConfig) -> tuple[Engine, dict]:
    """The pipeline's engine for these options (it rejects unknown ids) and its signature."""
    engine = Engine(config.options)
    return engine, engine.signature()


def _source_document(st: WorkerState, src):
    """The --source file as a document (its language: --source-lang, the file's, or identified)."""
    assert st.engine is not None
    return st.engine.source_document(src.text, src.path, src.tgt_lang)


def check_one(st: WorkerState, src, with_source: bool = True) -> DocumentResult:
    """One input (a readers.Source) through the pipeline with this process's engine.

    with_source=False leaves out --source / --candidates (the warm-up story).
    """
    assert st.engine is not None
    original, index = (st.original, st.index) if with_source else (None, None)
    # the one call into the pipeline
    return st.engine.analyse(src, original, index)


def _render(st: WorkerState, r: DocumentResult) -> str:
    """One story's report in the run's --report-format."""
    from ..render import render

    assert st.engine is not None
    return render(st.config.report_fmt, st.engine.report([r]))
