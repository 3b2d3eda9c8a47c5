"""`mtqa score`: the scores of a translation, through the same pipeline as `check`.

    mtqa score story.txt [--source original.txt] [--reference ref.txt]
    mtqa score --jsonl records.jsonl --format jsonl

A document is scored per sentence and as a whole; a --jsonl batch is scored one record
(one segment) at a time, in input order. The verdict (PASS/FAIL, exit code) is the same
gate as `check`'s: --fail-on, and --min-score on the MQM score.
"""

from __future__ import annotations

import json
from typing import Any

import click

from ..cli import EXIT_FINDINGS, EXIT_OK, check_options, emit, make_engine, source_and_index
from ..errors import MtqaError

SCHEMA = "mtqa/score/1"


@click.command()
@click.argument("file", required=False)
@click.option("--reference", "reference_path", default="", help="A reference translation: "
              "adds chrF, BLEU and TER (sacrebleu) and adequacy against it.")
@click.option("--jsonl", "jsonl_path", default="", help="Score a batch: one JSON object per line "
              'with "target" and optional "source", "reference", "src_lang", "tgt_lang".')
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="", help="Write the report to this file (atomically).")
@check_options
def score(file, reference_path, jsonl_path, fmt, output, encoding, source_path, candidates,
          input_format, **options):
    """Score a translation: MQM-style score and verdict, fluency, adequacy, chrF/BLEU/TER."""
    from ..readers import read_input

    if bool(file) == bool(jsonl_path):
        raise click.UsageError("give either FILE or --jsonl RECORDS")
    engine = make_engine(**options)
    if jsonl_path:
        if source_path or reference_path or candidates:
            raise click.UsageError("--source/--reference/--candidates do not apply to --jsonl "
                                   "(put them in the records)")
        from ..reader import read_text

        recs = parse_records(read_text(jsonl_path, encoding), jsonl_path)
        out = engine.score_records(recs)
        emit(render_records(out, fmt, engine.signature()["string"]), output)
        return EXIT_OK if all(o["verdict"]["pass"] for o in out) else EXIT_FINDINGS
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
    return EXIT_OK if report.passed else EXIT_FINDINGS


# -- records -------------------------------------------------------------------------------------

def parse_records(text: str, name: str) -> list:
    """Records from JSONL text; a bad line raises MtqaError naming its line number."""
    from ..languages import validate
    from ..scoring.model import Record

    recs = []
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise MtqaError(f"{name}:{no}: not valid JSON ({e.msg} at column {e.colno})") from None
        if not isinstance(obj, dict):
            raise MtqaError(f"{name}:{no}: expected a JSON object, got {type(obj).__name__}")
        target = obj.get("target")
        if not isinstance(target, str) or not target.strip():
            raise MtqaError(f'{name}:{no}: "target" must be a non-empty string')
        for key in ("source", "reference", "src_lang", "tgt_lang"):
            if obj.get(key) is not None and not isinstance(obj[key], str):
                raise MtqaError(f'{name}:{no}: "{key}" must be a string or null')
        langs = []
        for key in ("src_lang", "tgt_lang"):
            try:
                langs.append(validate(obj[key], key) if obj.get(key) else "")
            except MtqaError as e:
                raise MtqaError(f"{name}:{no}: {e}") from None
        recs.append(Record(target, obj.get("source") or None, obj.get("reference") or None,
                           langs[0], langs[1], no))
    if not recs:
        raise MtqaError(f"{name}: no records")
    return recs


def render_records(out: list[dict], fmt: str, signature: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out)
    if fmt == "json":
        return json.dumps({"schema": SCHEMA, "signature": signature, "records": out},
                          ensure_ascii=False, indent=2) + "\n"
    lines = [f"{'#':>4} {'verdict':>7} {'MQM':>6} {'estimate':>8} {'fluency':>7} {'adequacy':>8} "
             f"{'chrF':>6}  weakest"]
    for i, o in enumerate(out, 1):
        inp = o["estimate"]["inputs"]
        lines.append(f"{i:4d} {'PASS' if o['verdict']['pass'] else 'FAIL':>7} {o['mqm']['score']:6.1f} "
                     f"{o['estimate']['score']:8.1f} {inp['fluency']:7.2f} "
                     f"{_num(inp['adequacy'], 8, 2)} {_num(inp['chrF'], 6, 1)}  {_weakest(o)}")
    passed = sum(o["verdict"]["pass"] for o in out)
    gate = out[0]["verdict"]["gate"]
    lines.append(f"{len(out)} record(s), {passed} PASS ({gate}); mean MQM score "
                 f"{sum(o['mqm']['score'] for o in out) / len(out):.1f}; {signature}")
    return "\n".join(lines) + "\n"


def _num(v, w, d) -> str:
    return f"{'-':>{w}}" if v is None else f"{v:{w}.{d}f}"


def _weakest(o: dict) -> str:
    parts = [(f"fluency.{k}", p["value"]) for k, p in o["fluency"]["parts"].items()]
    if o.get("adequacy"):
        parts += [(f"adequacy.{k}", p["value"]) for k, p in o["adequacy"]["parts"].items()]
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
            "findings": [finding_dict(r, f) for f in r.findings]}


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
    L.append(f"  {out['signature']}")
    return "\n".join(L) + "\n"
