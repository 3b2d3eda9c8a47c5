"""The archive's Parquet tables: one row per story, one row per finding, a folder each.

    <out>/documents/part-NNNNNN.parquet   story, status, words, score, counts, metadata...
    <out>/findings/part-NNNNNN.parquet    story, rule, severity, span, excerpt, message...
    <out>/.mtqa-archive/part-NNNNNN.json  the partition's key, its files' sha256, its sums
    <out>/.mtqa-archive/part-NNNNNN.csv   its rows of summary.csv

Each folder reads as one dataset (pyarrow.dataset, pandas.read_parquet, dask.dataframe).
A partition's files are written atomically, then its marker: a partition is done when
its marker names the run's key and its files still have the hashes it records.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from functools import cache

from ..errors import MtqaError, first_line
from ..output import ESCAPE_ERRORS, escape_text, is_inside, write_atomic

DOCUMENTS, FINDINGS, MARKERS = "documents", "findings", ".mtqa-archive"
SUMMARY = "summary"  # a partition's rows of summary.csv, beside its marker
DATE_FIELDS = ("date", "published", "versioncreated", "firstcreated", "datetime", "pubdate")
PROVENANCE_FIELDS = ("provider", "outlet", "site", "engine", "copyrightholder")
# A finding's columns taken from its JSON report form (render.json_format.finding_dict).
STREAM_BATCH = 1024  # rows decoded at a time from a big row group
FINDING_FIELDS = ("rule", "id", "category", "severity", "start", "end", "line", "column", "segment",
                  "segment_start", "segment_end", "excerpt", "message", "suggestion", "confidence",
                  "source_start", "source_end", "source_excerpt")


@cache
def schemas():
    """(documents, findings) Arrow schemas; pyarrow is imported only when an archive is run."""
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    documents = pa.schema([
        ("story", s), ("path", s), ("record", i), ("id", s), ("part", pa.int32()),
        ("status", s), ("error", s), ("format", s), ("lang", s), ("source_lang", s), ("pair", s),
        ("source", s), ("date", s), ("month", s), ("words", i), ("score", f), ("pass", pa.bool_()),
        ("findings", i), ("critical", i), ("major", i), ("minor", i), ("info", i), ("worst", s),
        ("rules", s), ("meta", s), ("signature", s)])
    findings = pa.schema([
        ("story", s), ("part", pa.int32()), ("n", pa.int32()), ("rule", s), ("id", s),
        ("category", s), ("severity", s), ("start", i), ("end", i), ("line", i), ("column", i),
        ("text_start", i), ("text_end", i), ("segment", i), ("segment_start", i), ("segment_end", i),
        ("excerpt", s), ("message", s), ("suggestion", s), ("confidence", f), ("source_start", i),
        ("source_end", i), ("source_excerpt", s), ("evidence", s)])
    return documents, findings


def part_name(number: int, ext: str) -> str:
    return f"part-{number:06d}{ext}"


def document_row(story, part: int, row: dict, r, sig: str) -> dict:
    """A story's row: its summary row (mtqa.batch.summary) with the archive's columns.
    r: its DocumentResult, or None when it was not checked."""
    meta = story.meta
    lang = row["lang"] or ""
    src_lang = ""
    if r is not None:
        src_lang = (r.source_doc.lang if r.source_doc is not None else "") or r.src.src_lang or ""
    src_lang = src_lang or str(meta.get("source_lang") or meta.get("src_lang") or "")
    date = next((str(meta[k]) for k in DATE_FIELDS if meta.get(k)), "")
    month = date[:7] if len(date) >= 7 and date[:4].isdigit() and date[4] == "-" and date[5:7].isdigit() else ""
    return _utf8({
        "story": story.key, "path": story.path, "record": story.record, "id": story.ident,
        "part": part, **{k: row[k] for k in ("status", "error", "format", "words", "score", "pass",
                                             "findings", "critical", "major", "minor", "info", "worst")},
        "lang": lang, "source_lang": src_lang,
        "pair": f"{src_lang or '?'}→{lang or '?'}" if r is not None else "",
        "source": next((str(meta[k]) for k in PROVENANCE_FIELDS if meta.get(k)), ""),
        "date": date, "month": month, "rules": json.dumps(row["rules"], sort_keys=True),
        "meta": json.dumps(meta, sort_keys=True, ensure_ascii=False), "signature": sig})


def finding_rows(story_key: str, part: int, r) -> list[dict]:
    """A story's findings as `audit`'s JSON reports have them: start/end/line/column in the
    input file, text_start/text_end in the text checked, segment for a record's target."""
    from ..render.json_format import finding_dict

    out = []
    for n, f in enumerate(r.findings):
        d = finding_dict(r, f)
        out.append(_utf8({"story": story_key, "part": part, "n": n, **{k: d.get(k) for k in FINDING_FIELDS},
                          "text_start": f.start, "text_end": f.end,
                          "evidence": json.dumps(d["evidence"], sort_keys=True, ensure_ascii=False,
                                                 default=str)}))
    return out


def write_part(out_dir: str, number: int, key: str, documents: list[dict], findings: list[dict],
               agg: dict, summary: str) -> dict:
    """The partition's files, each atomically: its two Parquet tables and its rows of
    summary.csv (`summary`, no header); then its marker, which keeps their sha256 and agg
    (the partition's sums). Returns the marker."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    doc_schema, finding_schema = schemas()
    files: dict[str, bytes] = {}
    for folder, rows, schema in ((DOCUMENTS, documents, doc_schema), (FINDINGS, findings, finding_schema)):
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink, compression="zstd")
        files[folder] = sink.getvalue().to_pybytes()
    files[SUMMARY] = summary.encode("utf-8", ESCAPE_ERRORS)
    for name, data in files.items():
        path = part_file(out_dir, name, number)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, data, inside=out_dir)
    marker = {"key": key, "part": number, "stories": len(documents), "findings": len(findings),
              "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
              "agg": agg}
    write_atomic(os.path.join(out_dir, MARKERS, part_name(number, ".json")),
                 json.dumps(marker, sort_keys=True) + "\n", inside=out_dir)
    return marker


def part_file(out_dir: str, name: str, number: int) -> str:
    """Where a partition's file `name` (DOCUMENTS, FINDINGS or SUMMARY) is."""
    if name == SUMMARY:
        return os.path.join(out_dir, MARKERS, part_name(number, ".csv"))
    return os.path.join(out_dir, name, part_name(number, ".parquet"))


def _utf8(row: dict) -> dict:
    """Arrow strings are UTF-8: a lone surrogate (a file name that is not UTF-8) is written
    as the \\udcXX escape every report shows."""
    for k, v in row.items():
        if isinstance(v, str) and not v.isascii():
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                row[k] = escape_text(v)
    return row


def is_done(out_dir: str, number: int, key: str) -> dict | None:
    """The partition's marker when it was written with this key and its files are intact."""
    try:
        with open(os.path.join(out_dir, MARKERS, part_name(number, ".json")), encoding="utf-8") as fh:
            marker = json.load(fh)
        if not isinstance(marker, dict) or marker.get("key") != key or not isinstance(marker.get("agg"), dict) \
                or not isinstance(marker.get("sha256"), dict):
            return None
        for name in (DOCUMENTS, FINDINGS, SUMMARY):
            with open(part_file(out_dir, name, number), "rb") as fh:
                if hashlib.file_digest(fh, "sha256").hexdigest() != marker["sha256"].get(name):
                    return None
    except (OSError, ValueError):
        return None
    return marker


_PART_NAME = re.compile(r"part-(\d{6})\.(?:parquet|json|csv)\Z", re.ASCII)


def own_folder(out_dir: str, name: str) -> str | None:
    """out_dir's subfolder name ("" = out_dir), or None when it is missing, a link, or lies
    elsewhere: what mtqa removes or sweeps is only ever inside the output folder."""
    path = os.path.join(out_dir, name) if name else out_dir
    if os.path.islink(path) or not os.path.isdir(path) or not is_inside(path, out_dir):
        return None
    return path


def remove_parts(out_dir: str, keep: set[int]) -> None:
    """Every partition's files but those numbered in keep: partitions to be redone (so that
    an interrupted run never leaves another run's rows among its own) and those an earlier
    run of a bigger archive left. Only files named as mtqa names them, in its own folders."""
    for name in (DOCUMENTS, FINDINGS, MARKERS):
        folder = own_folder(out_dir, name)
        for file in os.listdir(folder) if folder else ():
            m = _PART_NAME.match(file)
            path = os.path.join(folder or "", file)
            if m and int(m.group(1)) not in keep and (os.path.islink(path) or os.path.isfile(path)):
                # (what cannot go, a folder in its place, fails that partition's write later)
                with contextlib.suppress(OSError):
                    os.unlink(path)


# -- Parquet inputs ---------------------------------------------------------------------------

def parquet_groups(path: str, shown: str) -> list[int]:
    """Rows in each row group of the Parquet table at path (shown: its name in messages)."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
    except (OSError, ValueError) as e:  # pyarrow's ArrowInvalid is a ValueError
        raise MtqaError(f"{shown}: cannot read as Parquet: {first_line(e)}") from None


def parquet_slice(path: str, start: int, end: int, shown: str) -> list[dict]:
    """Rows [start, end) of a Parquet table as dicts. Whole row groups are read when the
    rows span them; a slice of one bigger group is streamed a batch at a time (memory stays
    small; the batches before it are decoded and dropped)."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        groups: list[tuple[int, int]] = []
        first = at = 0
        for g in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            if at < end and at + n > start:
                first = at if not groups else first
                groups.append((g, n))
            at += n
        if len(groups) == 1 and end - start < groups[0][1]:
            return _stream(pf, groups[0][0], start - first, end - start)
        table = pf.read_row_groups([g for g, _ in groups]) if groups else pf.schema_arrow.empty_table()
    except (OSError, ValueError) as e:
        raise MtqaError(f"{shown}: cannot read as Parquet: {first_line(e)}") from None
    return table.slice(start - first, end - start).to_pylist()


def _stream(pf, group: int, skip: int, count: int) -> list[dict]:
    out: list[dict] = []
    for batch in pf.iter_batches(batch_size=STREAM_BATCH, row_groups=[group]):
        if skip >= batch.num_rows:
            skip -= batch.num_rows
            continue
        out.extend(batch.slice(skip, count - len(out)).to_pylist())
        skip = 0
        if len(out) >= count:
            break
    return out
