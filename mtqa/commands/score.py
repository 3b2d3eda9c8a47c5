"""`mtqa score`: fluency, adequacy, MQM-style and model scores, sacrebleu metrics.

    mtqa score story.txt [--source original.txt] [--reference ref.txt]
    mtqa score --jsonl records.jsonl --format jsonl

A document is scored per sentence and as a whole; a --jsonl batch is scored one record
(one segment) at a time, in input order. See mtqa/scoring/model.py for the model.
"""

from __future__ import annotations

import json

import click

from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, emit
from ..errors import MtqaError

SCHEMA = "mtqa/score/1"


@click.command()
@click.argument("file", required=False)
@click.option("--source", "source_path", default="", help="The source the text was translated from.")
@click.option("--reference", "reference_path", default="", help="A reference translation: "
              "adds chrF, BLEU and TER (sacrebleu) and adequacy against it.")
@click.option("--jsonl", "jsonl_path", default="", help="Score a batch: one JSON object per line "
              'with "target" and optional "source", "reference", "src_lang", "tgt_lang".')
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="", help="Write the report to this file (atomically).")
@click.option("--lang", default="", help="Language of the text (default: identified).")
@click.option("--src-lang", default="", help="Language of the source (default: identified).")
@click.option("--threshold", type=float, default=None,
              help="Pass when quality (0-100 per-word scale) reaches this (default from "
              "corpora/scoring/model.toml).")
@click.option("--encoding", default=None, help="Input encoding (default UTF-8).")
def score(file, source_path, reference_path, jsonl_path, fmt, output, lang, src_lang, threshold,
          encoding):
    """Score a translation: fluency, adequacy, MQM-style score, chrF/BLEU/TER."""
    from .. import packs as packs_mod
    from ..pipeline import Options, make_context

    if bool(file) == bool(jsonl_path):
        raise click.UsageError("give either FILE or --jsonl RECORDS")
    ctx = make_context(Options(lang=lang, source_lang=src_lang), packs_mod.builtin())
    if jsonl_path:
        if source_path or reference_path:
            raise click.UsageError("--source/--reference do not apply to --jsonl (put them in the records)")
        from ..reader import read_text
        from ..scoring.model import Record, score_records

        recs = parse_records(read_text(jsonl_path, encoding), jsonl_path, lang, src_lang)
        out = score_records(recs, ctx, thr=threshold)
        emit(render_records(out, fmt), output)
        return EXIT_OK if all(o["pass"] for o in out) else EXIT_FINDINGS
    doc_out = score_document_files(file, source_path, reference_path, ctx, lang, src_lang,
                                   threshold, encoding)
    emit(render_document(doc_out, fmt), output)
    return EXIT_OK if doc_out["document"]["pass"] else EXIT_FINDINGS


# -- records -------------------------------------------------------------------------------------

def parse_records(text: str, name: str, lang: str = "", src_lang: str = ""):
    """Records from JSONL text; a bad line raises MtqaError naming its line number."""
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
        recs.append(Record(target, obj.get("source") or None, obj.get("reference") or None,
                           obj.get("src_lang") or src_lang, obj.get("tgt_lang") or lang, no))
    if not recs:
        raise MtqaError(f"{name}: no records")
    return recs


def render_records(out: list[dict], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out)
    if fmt == "json":
        return json.dumps({"schema": SCHEMA, "records": out}, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{'#':>4} {'score':>8} {'quality':>7} {'fluency':>7} {'adequacy':>8} {'chrF':>6}  weakest"]
    for i, o in enumerate(out, 1):
        inp = o["inputs"]
        lines.append(f"{i:4d} {o['score']:8.2f} {o['quality']:7.1f} {inp['fluency']:7.2f} "
                     f"{_num(inp['adequacy'], 8, 2)} {_num(inp['chrF'], 6, 1)}  {_weakest(o)}")
    passed = sum(o["pass"] for o in out)
    sig = out[0]["signature"].rsplit("|evidence:", 1)[0]
    lines.append(f"{len(out)} record(s), {passed} pass; mean score "
                 f"{sum(o['score'] for o in out) / len(out):.2f}; {sig}")
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

def _sents(doc) -> list[str]:
    return [doc.text[s.start:s.end] for s in doc.sentences]


def _links(src_sents, tgt_sents, src_lang, tgt_lang):
    """The alignment's links; without a working aligner, 1-1 by position (proportional)."""
    try:
        from ..align import align

        return list(align(src_sents, tgt_sents, src_lang or "", tgt_lang or "").links), "align"
    except Exception:
        from types import SimpleNamespace

        n, m = len(src_sents), len(tgt_sents)
        if not n or not m:
            return [], "none"
        by_tgt: dict[int, list[int]] = {}
        for i in range(n):
            by_tgt.setdefault(min(m - 1, i * m // n), []).append(i)
        return [SimpleNamespace(src=tuple(by_tgt.get(j, ())), tgt=(j,), score=0.0)
                for j in range(m)], "position"


def score_document_files(path, source_path, reference_path, ctx, lang, src_lang, threshold,
                         encoding) -> dict:
    from ..reader import read_text

    text = read_text(path, encoding)
    source = read_text(source_path, encoding) if source_path else None
    reference = read_text(reference_path, encoding) if reference_path else None
    return score_document("<stdin>" if path == "-" else path, text, ctx, source, reference,
                          lang, src_lang, threshold)


def score_document(path, text, ctx, source=None, reference=None, lang="", src_lang="",
                   threshold=None) -> dict:
    """All scores of one document, per sentence and whole, as a JSON-ready dict."""
    from ..checks import run_checks
    from ..document import Document
    from ..scoring import adequacy as ad
    from ..scoring.model import analyse, combine, divergence_findings, mode_of, sentence_words

    doc = Document.build(text, path=path, lang=lang or None)
    findings = run_checks(doc, ctx)
    a = analyse(doc, findings)
    tgt_sents = _sents(doc)
    n = len(tgt_sents)
    adequacy_doc, adequacy_sent, div, chrf_sent, chrf_doc = None, [None] * n, [], [None] * n, None
    metrics = None
    aligned_with = None
    other = source if source else reference
    if other:
        other_lang = (src_lang or None) if source else doc.lang
        odoc = Document.build(other, path="source" if source else "reference", lang=other_lang)
        links, how = _links(_sents(odoc), tgt_sents, odoc.lang, doc.lang)
        aligned_with = {"against": "source" if source else "reference", "method": how,
                        "links": len(links)}
        div = divergence_findings(odoc, doc, ctx, links if how != "position" else None)
        per_div = [0] * n
        for f in div:
            if f.rule.startswith("diverge."):
                per_div[doc.sentence_index(f.start)] += 1
        same = source is None or (odoc.lang or "").split("-")[0] == (doc.lang or "").split("-")[0]
        adequacy_doc, adequacy_sent = ad.adequacy(_sents(odoc), tgt_sents, links, per_div, same,
                                                   side=aligned_with["against"])
    if reference:
        from ..scoring.metrics import corpus_metrics, sentence_chrf_many

        rdoc = Document.build(reference, path="reference", lang=doc.lang)
        rsents = _sents(rdoc)
        links, _ = _links(rsents, tgt_sents, doc.lang, doc.lang)
        hyp_of, ref_of = [], []
        owner = [None] * n
        for lk in links:
            if not lk.tgt:
                continue
            for j in lk.tgt:
                owner[j] = len(hyp_of)
            hyp_of.append(" ".join(tgt_sents[j] for j in lk.tgt))
            ref_of.append(" ".join(rsents[i] for i in lk.src))
        vals = sentence_chrf_many(hyp_of, ref_of)
        for j in range(n):
            if owner[j] is not None:
                chrf_sent[j] = vals[owner[j]]
        metrics = corpus_metrics([" ".join(tgt_sents)], [" ".join(rsents)])
        chrf_doc = metrics["chrF"]["score"]
    mode = mode_of(bool(source), bool(reference))
    div_pen = a.findings_penalty(div) if other else None
    doc_score = combine(a.words, a.findings_penalty(), a.fluency.value,
                        adequacy_doc.value if adequacy_doc else None, chrf_doc, mode, threshold,
                        div_pen)
    from ..scoring.mqm import mqm_score

    sentences = []
    for j, s in enumerate(doc.sentences):
        sf = a.sentence_findings[j]
        sd = [f for f in div if doc.sentence_index(f.start) == j]
        ade = adequacy_sent[j]
        sc = combine(sentence_words(doc, s), a.findings_penalty(sf), a.sentence_fluency[j].value,
                     ade.value if ade else None, chrf_sent[j], mode, threshold,
                     a.findings_penalty(sd) if other else None)
        sentences.append({"index": j, "start": s.start, "end": s.end, "text": tgt_sents[j],
                          **sc.to_dict(), "fluency": a.sentence_fluency[j].to_dict(),
                          **({"adequacy": ade.to_dict()} if ade else {}),
                          **({"chrF": round(chrf_sent[j], 4)} if chrf_sent[j] is not None else {}),
                          "findings": len(sf) + len(sd)})
    out = {"path": path, "lang": doc.lang, "words": a.words, "sentences": sentences,
           "document": {**doc_score.to_dict(), "fluency": a.fluency.to_dict(),
                        **({"adequacy": adequacy_doc.to_dict()} if adequacy_doc else {}),
                        "mqm": mqm_score(findings + div, a.words).to_dict(),
                        **({"metrics": metrics} if metrics else {}),
                        **({"alignment": aligned_with} if aligned_with else {})},
           "findings": [{"rule": f.rule, "category": f.category, "severity": f.severity,
                         "start": f.start, "end": f.end, "excerpt": doc.text[f.start:f.end],
                         "message": f.message} for f in sorted(findings + div, key=lambda f: f.start)]}
    return out


def render_document(out: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"schema": SCHEMA, "documents": [out]}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return json.dumps(out, ensure_ascii=False) + "\n"
    d = out["document"]
    L = []
    verdict = "pass" if d["pass"] else f"FAIL (< {d['threshold']:g})"
    L.append(f"{out['path']} ({out['lang']}, {out['words']} words, evidence: {d['evidence']})")
    L.append(f"  score {d['score']:.2f} (expected MQM points {d['expected_penalty']:.2f}); "
             f"quality {d['quality']:.1f}/100 {verdict}")
    terms = ", ".join(f"{k} {v:.2f}" for k, v in d["terms"].items() if abs(v) >= 0.005)
    L.append(f"  points from: {terms or 'nothing'}")
    L.append(f"  MQM from findings: {d['mqm']['score']:.1f}/100 (penalty {d['mqm']['penalty']})")
    L.append(f"  fluency {d['fluency']['value']:.2f}:")
    for k, p in d["fluency"]["parts"].items():
        L.append(f"    {k:16s} {p['value']:.2f}  {p['explanation']}")
    if "adequacy" in d:
        L.append(f"  adequacy {d['adequacy']['value']:.2f} (against the "
                 f"{d['alignment']['against']}, alignment: {d['alignment']['method']}):")
        for k, p in d["adequacy"]["parts"].items():
            L.append(f"    {k:16s} {p['value']:.2f}  {p['explanation']}")
    if "metrics" in d:
        for k, m in d["metrics"].items():
            L.append(f"  {k:5s} {m['score']:6.2f}  {m['signature']}")
    L.append("")
    L.append(f"  {'#':>3} {'score':>7} {'quality':>7} {'fluency':>7} {'adequacy':>8} {'chrF':>6}  "
             f"weakest / sentence")
    for s in out["sentences"]:
        inp = s["inputs"]
        text = s["text"].replace("\n", " ")
        text = text if len(text) <= 50 else text[:47] + "..."
        L.append(f"  {s['index'] + 1:3d} {s['score']:7.2f} {s['quality']:7.1f} {inp['fluency']:7.2f} "
                 f"{_num(inp['adequacy'], 8, 2)} {_num(inp['chrF'], 6, 1)}  [{_weakest(s)}] {text}")
    L.append(f"  {d['signature']}")
    return "\n".join(L) + "\n"


__all__ = ["score", "parse_records", "score_document", "EXIT_ERROR"]
