"""The scoring model: findings, fluency, adequacy and chrF combined into one score.

    expected_penalty = w_findings * findings_penalty
                     + words * (base + w_fluency * (1 - fluency)
                                     + w_adequacy * (1 - adequacy) + w_chrf * (1 - chrF/100))
    score   = -expected_penalty                       (WMT's MQM convention; 0 = no error)
    quality = max(0, 100 - 100 * expected_penalty / words)   (mqm.toml's per-word scale)

findings_penalty is the MQM penalty of the findings (mqm.toml weights: minor 1, major 5,
critical/non-translation 25, minor punctuation 0.1). The weights are data: one set per kind
of evidence available ("none", "source", "reference", "both") in corpora/scoring/model.toml,
where it is also written how they were set. Every score carries its terms (the points each
part contributes) so an editor sees what pulled it down, and a signature.

Cheap to import: nothing heavy at module level; sacrebleu, numpy and sentencepiece are only
imported on the paths that need them (metrics, bulk chrF, fragmentation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import __version__
from .fluency import Fluency, config, fluency as fluency_of

MODES = ("none", "source", "reference", "both")


def mode_of(has_source: bool, has_reference: bool) -> str:
    return {(False, False): "none", (True, False): "source", (False, True): "reference",
            (True, True): "both"}[(has_source, has_reference)]


def weights(mode: str) -> dict[str, float]:
    m = config()["model"]
    w = dict(m["weights"][mode])
    w.setdefault("w_findings", float(m.get("w_findings", 1.0)))
    return {k: float(v) for k, v in w.items()}


def threshold() -> float:
    return float(config()["model"]["threshold"])


def signature(mode: str) -> str:
    c = config()
    return f"mtqa:{__version__}|model:{c.get('version', '?')}|evidence:{mode}"


@dataclass
class Score:
    score: float  # -expected_penalty; higher is better, 0 = no error expected
    quality: float  # 0..100, per-word scale; pass/fail at threshold
    expected_penalty: float
    words: int
    mode: str
    terms: dict[str, float]  # points each part contributes to expected_penalty
    inputs: dict[str, float]  # the parts as they entered the model
    threshold: float
    passed: bool

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "quality": round(self.quality, 2),
                "expected_penalty": round(self.expected_penalty, 3), "words": self.words,
                "pass": self.passed, "threshold": self.threshold, "evidence": self.mode,
                "terms": {k: round(v, 3) for k, v in self.terms.items()},
                "inputs": {k: (round(v, 4) if v is not None else None)
                           for k, v in self.inputs.items()},
                "signature": signature(self.mode)}


def combine(words: int, findings_penalty: float = 0.0, fluency: float | None = None,
            adequacy: float | None = None, chrf: float | None = None,
            mode: str | None = None, thr: float | None = None,
            divergence_penalty: float | None = None) -> Score:
    """The model for one text. fluency/adequacy in [0, 1]; chrf in [0, 100]; None = absent.

    findings_penalty: MQM points of the reference-free findings; divergence_penalty: MQM
    points of the diverge.* findings against the source or reference."""
    if mode is None:
        mode = mode_of(adequacy is not None, chrf is not None)
    w = weights(mode)
    n = max(int(words), 0)
    terms = {"findings": w["w_findings"] * findings_penalty, "base": n * w.get("base", 0.0)}
    if divergence_penalty is not None:
        terms["divergences"] = w.get("w_divergence", 0.0) * divergence_penalty
    if fluency is not None:
        terms["fluency"] = n * w.get("w_fluency", 0.0) * (1.0 - fluency)
    if adequacy is not None:
        terms["adequacy"] = n * w.get("w_adequacy", 0.0) * (1.0 - adequacy)
    if chrf is not None:
        terms["chrF"] = n * w.get("w_chrf", 0.0) * (1.0 - chrf / 100.0)
    penalty = sum(terms.values())
    quality = max(0.0, 100.0 - 100.0 * penalty / max(n, 1))
    t = threshold() if thr is None else float(thr)
    return Score(-penalty, quality, penalty, n, mode, terms,
                 {"findings_penalty": findings_penalty, "divergence_penalty": divergence_penalty,
                  "fluency": fluency, "adequacy": adequacy, "chrF": chrf}, t, quality >= t)


# -- a target text analysed once ---------------------------------------------------------------

@dataclass
class Analysis:
    """A target document with its findings and fluency (document and per sentence)."""
    doc: object
    findings: list
    fluency: Fluency
    sentence_fluency: list[Fluency]
    sentence_findings: list[list] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.doc.word_count

    def findings_penalty(self, findings=None) -> float:
        from .mqm import weight

        return sum(weight(f.category, f.severity) for f in (self.findings if findings is None
                                                              else findings))


def analyse(doc, findings, subwords: bool = True) -> Analysis:
    import bisect

    flu, per = fluency_of(doc, findings, subwords=subwords)
    starts = [s.start for s in doc.sentences]
    by_sent: list[list] = [[] for _ in doc.sentences]
    for f in findings:
        i = bisect.bisect_right(starts, f.start) - 1
        if 0 <= i < len(by_sent):
            by_sent[i].append(f)
    return Analysis(doc, list(findings), flu, per, by_sent)


def sentence_words(doc, sent) -> int:
    return sum(1 for t in doc.sentence_tokens(sent) if t.kind in ("word", "num", "cjk"))


def document_scores(doc, findings, threshold: float | None = None) -> dict:
    """For `mtqa check`: the document's model score from findings and fluency only (no
    source, no reference), cheap: no sentencepiece (the fragmentation part is left out;
    `mtqa score` reports it). Returns a JSON-ready dict."""
    a = analyse(doc, findings, subwords=False)
    s = combine(a.words, a.findings_penalty(), a.fluency.value, mode="none", thr=threshold)
    out = s.to_dict()
    out["fluency"] = a.fluency.to_dict()
    return out


# -- divergence findings (the colleague's mtqa.divergence; optional) ---------------------------

def divergence_findings(src_doc, tgt_doc, ctx, links=None) -> list:
    """diverge.* findings of a source (or reference) document against the target.

    links: the alignment as Link objects; None = align with mtqa.align. Returns [] when the
    divergence package is not importable or fails (it is optional evidence here)."""
    try:
        from ..align import Alignment, same_language
        from ..divergence import Pair, Segment, _span, make_pair, run_divergence
    except Exception:
        return []
    try:
        if links is None:
            pair = make_pair(src_doc, tgt_doc)
        else:
            al = Alignment(list(links), "given", len(src_doc.sentences), len(tgt_doc.sentences))
            pair = Pair(src_doc, tgt_doc, al, same_language(src_doc.lang or "en",
                                                            tgt_doc.lang or "en"))
            for lk in links:
                pair.segments.append(Segment(tuple(lk.src), tuple(lk.tgt), lk.score,
                                             _span(src_doc, lk.src), _span(tgt_doc, lk.tgt)))
        return list(run_divergence(pair, ctx))
    except Exception:
        return []


# -- batches of records ({"source", "target", "reference", "src_lang", "tgt_lang"}) -------------

@dataclass
class Record:
    target: str
    source: str | None = None
    reference: str | None = None
    src_lang: str = ""
    tgt_lang: str = ""
    line: int = 0  # where the record came from (1-based line of a JSONL file; 0 = unknown)


def analyse_records(records: list[Record], ctx, subwords: bool = True) -> list[Analysis]:
    """Build, check and measure the fluency of every record's target (once per batch)."""
    from dataclasses import replace

    from ..checks import run_checks
    from ..document import Document

    out = []
    ctxs: dict[str, object] = {}
    for r in records:
        doc = Document.build(r.target, path="-", lang=r.tgt_lang or None)
        c = ctx
        if r.src_lang and not ctx.source_lang:
            c = ctxs.get(r.src_lang) or ctxs.setdefault(r.src_lang, replace(ctx, source_lang=r.src_lang))
        out.append(analyse(doc, run_checks(doc, c), subwords=subwords))
    return out


def _base_lang(code: str) -> str:
    return (code or "").lower().replace("_", "-").split("-")[0]


def score_analysed(analyses: list[Analysis], records: list[Record], ctx=None,
                   use_source: bool = True, use_reference: bool = True,
                   metrics=("chrF", "BLEU", "TER"), divergences: bool = True,
                   thr: float | None = None) -> list[dict]:
    """Score analysed records; returns one JSON-ready dict per record, in order.

    A record is one segment on each side (its source, target and reference are linked as
    one unit, as in MT evaluation data). The expected length ratio of adequacy is the median
    over the batch's records of the same language pair.
    """
    from . import adequacy as ad
    from .metrics import sentence_chrf_many, sentence_metrics

    n = len(records)
    has_src = [use_source and bool(r.source and r.source.strip()) for r in records]
    has_ref = [use_reference and bool(r.reference and r.reference.strip()) for r in records]
    chrf: list[float | None] = [None] * n
    idx = [i for i in range(n) if has_ref[i]]
    if idx:
        vals = sentence_chrf_many([records[i].target for i in idx], [records[i].reference for i in idx])
        for i, v in zip(idx, vals):
            chrf[i] = v
    # expected length ratios, per (side, language pair)
    groups: dict[tuple, list[float]] = {}
    against: list[tuple[str, str, bool] | None] = [None] * n  # (text, key, same_lang)
    for i, r in enumerate(records):
        tl = _base_lang(r.tgt_lang or analyses[i].doc.lang)
        if has_src[i]:
            sl = _base_lang(r.src_lang) or "?"
            against[i] = (r.source, ("src", sl, tl), sl == tl)
        elif has_ref[i]:
            against[i] = (r.reference, ("ref", tl, tl), True)
        if against[i]:
            groups.setdefault(against[i][1], []).append(ad.log_ratio(against[i][0], r.target))
    expected = {k: ad.expected_log_ratio(v, k[0] == "ref" or k[1] == k[2])
                for k, v in groups.items()}
    out = []
    for i, (a, r) in enumerate(zip(analyses, records)):
        div = []
        adequacy = None
        if against[i]:
            text, key, same = against[i]
            if divergences and ctx is not None:
                div = _record_divergences(text, a.doc, key, ctx)
            parts = ad.pair_parts(text, r.target, expected[key],
                                  sum(1 for f in div if f.rule.startswith("diverge.")),
                                  same_lang=same)
            adequacy = ad.Adequacy(ad.combine(parts), parts,
                                   {"against": "source" if key[0] == "src" else "reference",
                                    "expected_ratio": round(__import__("math").exp(expected[key]), 3)})
        findings = a.findings + div
        s = combine(a.words, a.findings_penalty(), a.fluency.value,
                    adequacy.value if adequacy else None, chrf[i],
                    mode_of(has_src[i], has_ref[i]), thr,
                    a.findings_penalty(div) if against[i] else None)
        rec = {"line": r.line, **s.to_dict()} if r.line else s.to_dict()
        rec["fluency"] = a.fluency.to_dict()
        if adequacy is not None:
            rec["adequacy"] = adequacy.to_dict()
        rec["mqm"] = _mqm(findings, a.words, thr)
        if has_ref[i] and metrics:
            rest = [m for m in metrics if m != "chrF"]
            mets = sentence_metrics(r.target, r.reference, rest) if rest else {}
            if "chrF" in metrics:
                from .metrics import signature as msig
                mets = {"chrF": {"score": round(chrf[i], 4), "signature": msig("chrF")}, **mets}
            rec["metrics"] = mets
        rec["findings"] = [_finding_dict(f) for f in findings]
        out.append(rec)
    return out


def _mqm(findings, words, thr) -> dict:
    from .mqm import mqm_score

    return mqm_score(findings, words).to_dict()


def _finding_dict(f) -> dict:
    return {"rule": f.rule, "category": f.category, "severity": f.severity,
            "start": f.start, "end": f.end, "message": f.message}


def _record_divergences(text: str, tgt_doc, key, ctx) -> list:
    from ..align import Link
    from ..document import Document

    src_lang = key[1] if key[1] != "?" else ""
    src_doc = Document.build(text, lang=src_lang or None, lines=True)
    if not src_doc.sentences or not tgt_doc.sentences:
        return []
    # one unit on each side: a single link over all sentences
    link = Link(tuple(range(len(src_doc.sentences))), tuple(range(len(tgt_doc.sentences))), 1.0)
    return divergence_findings(src_doc, tgt_doc, ctx, [link])


def score_records(records: list[Record], ctx, metrics=("chrF", "BLEU", "TER"),
                  thr: float | None = None) -> list[dict]:
    return score_analysed(analyse_records(records, ctx), records, ctx, metrics=metrics, thr=thr)
