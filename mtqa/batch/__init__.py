"""Batch audits: many stories checked in worker processes, a report each and a summary.

Free of the command line (no click, mtqa.cli or mtqa.commands), so `mtqa audit`, a
distributed runner or a server can all drive it:

    inputs   collect(): the inputs of a batch as Tasks, in sorted path order
    job      BatchConfig; init_worker() once per process, then audit_one(task) per story
             (read -> check -> report -> summary row); check_one(): the one pipeline call
    cache    .mtqa-cache/index.json: results reused while content and signature hold
    summary  summary rows, summary.csv / summary.jsonl (atomic), the summary table
    runner   run_batch(): all of the above with a local process pool, progress(done, total)

In the output folder (all written atomically; inputs are only ever read):

    <path relative to the inputs' common folder><ext>   one report per story
    summary.csv, summary.jsonl                          one row per input, sorted by path
    .mtqa-cache/index.json                              per-story results for re-runs
"""

from .cache import load_cache, save_cache
from .inputs import AUDIT_EXTENSIONS, Task, collect
from .job import REPORT_EXT, BatchConfig, Outcome, WorkerState, audit_one, check_one, init_worker
from .runner import BatchResult, ProgressFn, run_batch, run_tasks
from .summary import (
    INPUT_FAULTS,
    SUMMARY_FIELDS,
    summary_csv,
    summary_jsonl,
    summary_text,
    write_summaries,
)

__all__ = [
    "AUDIT_EXTENSIONS", "INPUT_FAULTS", "REPORT_EXT", "SUMMARY_FIELDS", "BatchConfig", "BatchResult", "Outcome",
    "ProgressFn", "Task", "WorkerState", "audit_one", "check_one", "collect", "init_worker",
    "load_cache", "run_batch", "run_tasks", "save_cache", "summary_csv", "summary_jsonl",
    "summary_text", "write_summaries",
]
