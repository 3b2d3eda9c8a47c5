"""`mtqa score`: the scores of a translation, through the same pipeline as `check`.

    mtqa score story.txt [--source original.txt] [--reference ref.txt]
    mtqa score --jsonl records.jsonl --format jsonl

A document is scored per sentence and as a whole; a --jsonl batch is scored one record
(one segment) at a time, in input order. The verdict (PASS/FAIL, exit code) is the same
gate as `check`'s: --fail-on, and --min-score on the MQM score. A record with an empty
target is scored as the worst translation (MQM score 0, FAIL, note "empty target"); a
record that cannot be read gets an error in its place ({"path", "line", "error"}), the
others are scored, and the run exits 2.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..cli import check_options, emit, make_engine, source_and_index
from ..errors import MtqaError
from ..output import OUTPUT_HELP
from ..report import InputFailure
from ..scoring.fluency import config as scoring_config
from ..scoring.model import Record
from .check import failures_exit

SCHEMA = "mtqa/score/1"


@click.command()
@click.argument("file", required=False)
@click.option("--reference", "reference_path", default="", help="A reference translation: "
              "adds chrF, BLEU and TER (sacrebleu) and adequacy against it.")
@click.option("--jsonl", "jsonl_path", default="", help="Score a batch: one JSON object per line "
              'with "target" and optional "source", "reference", "src_lang", "tgt_lang".')
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", help=OUTPUT_HELP)
@check_options
def score(file, reference_path, jsonl_path, fmt, output, encoding, source_path, candidates,
          input_format, **options):
    """Score a translation: MQM-style score and verdict, fluency, adequacy, chrF/BLEU/TER.

    Exit codes: 0 PASS; 1 FAIL (--fail-on, --min-score; an empty target always fails);
    2 a --jsonl record (or a JSONL input's line) could not be read: its error is in the
    output at its place and on stderr, and the other records are still scored; also usage
    and input errors; 3 an internal error.
    """
    from ..readers import read_input

    if bool(file) == bool(jsonl_path):
        raise click.UsageError("give either FILE or --jsonl RECORDS")
    from ..output import output_path

    output = output_path(output, [file, jsonl_path, source_path, reference_path],
                         [*options["rule_dirs"], candidates])
    engine = make_engine(**options)
    if jsonl_path:
        if source_path or reference_path or candidates:
            raise click.UsageError("--source/--reference/--candidates do not apply to --jsonl "
                                   "(put them in the records)")
        from ..reader import read_text

        items = parse_records(read_text(jsonl_path, encoding), jsonl_path)
        scored = iter(engine.score_records([r for r in items if isinstance(r, Record)]))
        # in input order: each record's scores, or its error in its place
        out = [next(scored) if isinstance(r, Record) else r.to_dict() for r in items]
        emit(render_records(out, fmt, engine.signature()["string"]), output)
        failures = [r for r in items if isinstance(r, InputFailure)]
        return failures_exit(failures, all(o["verdict"]["pass"] for o in out if "verdict" in o))
    src = read_input(file, fmt=input_format or None, encoding=encoding)
    original, index = source_and_index(engine, source_path, candidates, encoding)
    reference = None
    if reference_path:
        from ..document import Document

        r = read_input(reference_path, encoding=encoding)
        reference = Document.build(r.text, path=r.path, lang=engine.options.lang or r.tgt_lang or None)
    report = engine.report([engine.analyse(src, original, index, reference, scores=True)])
    doc = document_dict(report)
    emit(render_document(doc, fmt), output)
    return failures_exit(report.failures, report.passed)


# -- records -------------------------------------------------------------------------------------

def parse_records(text: str, name: str) -> list[Record | InputFailure]:
    """Records from JSONL text, in order; a bad line becomes an InputFailure naming its line
    number and the others are still read. MtqaError when no line is a record."""
    out: list[Record | InputFailure] = []
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            out.append(parse_record(line, no, name))
        except MtqaError as e:
            out.append(InputFailure(name, str(e), no))
    bad = [r for r in out if isinstance(r, InputFailure)]
    if len(bad) == len(out):
        if bad:  # no line is a record: the first error is the file's
            more = f" (and {len(bad) - 1} more bad lines)" if len(bad) > 1 else ""
            raise MtqaError(bad[0].error + more)
        raise MtqaError(f"{name}: no records")
    return out


def parse_record(line: str, no: int, name: str) -> Record:
    """One JSONL line as a Record (an empty target is a record: the worst translation);
    MtqaError names the file and line."""
    from ..languages import validate

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise MtqaError(f"{name}:{no}: not valid JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise MtqaError(f"{name}:{no}: JSON nested too deeply") from None
    except ValueError:  # an integer past Python's digit limit (sys.get_int_max_str_digits)
        raise MtqaError(f"{name}:{no}: not valid JSON (a number of more than "
                        f"{sys.get_int_max_str_digits()} digits)") from None
    if not isinstance(obj, dict):
        raise MtqaError(f"{name}:{no}: expected a JSON object, got {type(obj).__name__}")
    target = obj.get("target")
    if not isinstance(target, str):
        raise MtqaError(f'{name}:{no}: "target" must be a string')
    for key in ("source", "reference", "src_lang", "tgt_lang"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise MtqaError(f'{name}:{no}: "{key}" must be a string or null')
    langs = []
    for key in ("src_lang", "tgt_lang"):
        try:
            langs.append(validate(obj[key], key) if obj.get(key) else "")
        except MtqaError as e:
            raise MtqaError(f"{name}:{no}: {e}") from None
    return Record(target, obj.get("source") or None, obj.get("reference") or None,
                  langs[0], langs[1], no)


def render_records(out: list[dict], fmt: str, signature: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out)
    if fmt == "json":
        return json.dumps({"schema": SCHEMA, "signature": signature, "records": out},
                          ensure_ascii=False, indent=2) + "\n"
    lines = [f"{'#':>4} {'verdict':>7} {'MQM':>6} {'estimate':>8} {'fluency':>7} {'adequacy':>8} "
             f"{'chrF':>6}  weakest"]
    for i, o in enumerate(out, 1):
        if "error" in o:  # a record that could not be read, in its place
            lines.append(f"{i:4d} {'ERROR':>7}  {o['error']}")
            continue
        inp = o["estimate"]["inputs"]
        lines.append(f"{i:4d} {'PASS' if o['verdict']['pass'] else 'FAIL':>7} {o['mqm']['score']:6.1f} "
                     f"{o['estimate']['score']:8.1f} {inp['fluency']:7.2f} "
                     f"{_num(inp['adequacy'], 8, 2)} {_num(inp['chrF'], 6, 1)}  {_weakest(o)}")
    scored = [o for o in out if "error" not in o]  # parse_records: at least one
    passed = sum(o["verdict"]["pass"] for o in scored)
    gate = scored[0]["verdict"]["gate"]
    errors = len(out) - len(scored)
    lines.append(f"{len(out)} record(s), {passed} PASS ({gate})"
                 + (f", {errors} not scored (error{'s' if errors != 1 else ''})" if errors else "")
                 + f"; mean MQM score {sum(o['mqm']['score'] for o in scored) / len(scored):.1f}"
                 f"; {signature}")
    return "\n".join(lines) + "\n"


def _num(v, w, d) -> str:
    return f"{'-':>{w}}" if v is None else f"{v:{w}.{d}f}"


def _weakest(o: dict) -> str:
    if o.get("note"):  # e.g. "empty target": nothing to take apart
        return o["note"]
    cfg = scoring_config()
    fw, aw = cfg["fluency"]["weights"], cfg["adequacy"].get("weights", {})
    # a part of weight 0 is reported but does not lower the score: never the weakest
    parts = [(f"fluency.{k}", p["value"]) for k, p in o["fluency"]["parts"].items()
             if fw.get(k, 1.0)]
    if o.get("adequacy"):
        parts += [(f"adequacy.{k}", p["value"]) for k, p in o["adequacy"]["parts"].items()
                  if aw.get(k, 1.0)]
    low = sorted((p for p in parts if p[1] < 0.999), key=lambda p: p[1])[:2]
    return ", ".join(f"{k} {v:.2f}" for k, v in low) or "-"


# -- documents -----------------------------------------------------------------------------------

def document_dict(report) -> dict[str, Any]:
    """The score view of a one-document Report (the same findings, words and score as check)."""
    from ..render.json_format import finding_dict

    r = report.documents[0]
    sc = r.info["scores"]
    return {"path": r.doc.path, "lang": r.doc.lang, "words": r.doc.word_count,
            "sentences": sc["sentences"],
            "document": {"score": r.score.to_dict(), "verdict": r.verdict.to_dict(),
                         "estimate": sc["estimate"], "fluency": r.info["fluency"],
                         **{k: sc[k] for k in ("adequacy", "aligned_with", "metrics") if k in sc}},
            "signature": report.signature["string"],
            "findings": [finding_dict(r, f) for f in r.findings],
            "errors": [e.to_dict() for e in report.failures]}  # a JSONL input's broken lines


def render_document(out: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"schema": SCHEMA, "documents": [out]}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return json.dumps(out, ensure_ascii=False) + "\n"
    d = out["document"]
    sc, v, est = d["score"], d["verdict"], d["estimate"]
    L = [f"{out['path']} ({out['lang']}, {out['words']} words, {len(out['sentences'])} sentences)"]
    verdict = "PASS" if v["pass"] else "FAIL"
    L.append(f"  {verdict} — MQM score {sc['score']:.1f}/100 (penalty {sc['penalty']:g} from "
             f"{len(out['findings'])} findings); {v['gate']}"
             + (": " + "; ".join(v["reasons"]) if v["reasons"] else ""))
    terms = ", ".join(f"{k} {x:.2f}" for k, x in est["terms"].items() if abs(x) >= 0.005)
    L.append(f"  model estimate {est['score']:.1f}/100 on the same scale (evidence: {est['evidence']}; "
             f"expected MQM points {est['expected_penalty']:.2f} from: {terms or 'nothing'})")
    L.append(f"  fluency {d['fluency']['value']:.2f}:")
    for k, p in d["fluency"]["parts"].items():
        L.append(f"    {k:16s} {p['value']:.2f}  {p['explanation']}")
    if "adequacy" in d:
        L.append(f"  adequacy {d['adequacy']['value']:.2f} (against the "
                 f"{d['aligned_with']['against']}, alignment: {d['aligned_with']['method']}):")
        for k, p in d["adequacy"]["parts"].items():
            L.append(f"    {k:16s} {p['value']:.2f}  {p['explanation']}")
    if "metrics" in d:
        for k, m in d["metrics"].items():
            L.append(f"  {k:5s} {m['score']:6.2f}  {m['signature']}")
    L.append("")
    L.append(f"  {'#':>3} {'MQM':>6} {'estimate':>8} {'fluency':>7} {'adequacy':>8} {'chrF':>6}  "
             f"weakest / sentence")
    for s in out["sentences"]:
        inp = s["estimate"]["inputs"]
        text = s["text"].replace("\n", " ")
        text = text if len(text) <= 50 else text[:47] + "..."
        L.append(f"  {s['index'] + 1:3d} {s['mqm']['score']:6.1f} {s['estimate']['score']:8.1f} "
                 f"{inp['fluency']:7.2f} {_num(inp['adequacy'], 8, 2)} {_num(inp['chrF'], 6, 1)}  "
                 f"[{_weakest(s)}] {text}")
    L += [f"  not scored: {e['error']}" for e in out["errors"]]
    L.append(f"  {out['signature']}")
    return "\n".join(L) + "\n"
