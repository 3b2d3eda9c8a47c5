"""The scoring model: findings, fluency, adequacy and chrF combined into one score.

    expected_penalty = w_findings * findings_penalty
                     + words * (base + w_fluency * (1 - fluency)
                                     + w_adequacy * (1 - adequacy) + w_chrf * (1 - chrF/100))
    estimate = max(0, 100 - 100 * expected_penalty / words)

The estimate is on the same 0-100 per-word scale as the MQM score of the findings
(mqm.toml): it predicts the score a professional MQM rater would give, from evidence that
includes more than mtqa's findings (fluency, adequacy, chrF). It ranks; it does not gate:
pass/fail is the report's Gate.

findings_penalty is the MQM penalty of the findings (mqm.toml weights: minor 1, major 5,
critical/non-translation 25, minor punctuation 0.1). The weights are data: one set per kind
of evidence available ("none", "source", "reference", "both") in corpora/scoring/model.toml,
where it is also written how they were set. Every score carries its terms (the points each
part contributes) so an editor sees what pulled it down, and a signature.

Cheap to import: nothing heavy at module level; sacrebleu, numpy and sentencepiece are only
imported on the paths that need them (metrics, bulk chrF, fragmentation).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__, rx
from ..document import Document, Sentence
from ..finding import Finding
from ..languages import base
from .fluency import Fluency, config
from .fluency import fluency as fluency_of
from .mqm import mqm_score, penalty, worst_score

MODES = ("none", "source", "reference", "both")
_SOURCE_WORD = rx.compile(r"\w+")
EMPTY_TARGET = "empty target"  # the note on a record whose target is empty


def mode_of(has_source: bool, has_reference: bool) -> str:
    return {(False, False): "none", (True, False): "source", (False, True): "reference",
            (True, True): "both"}[(has_source, has_reference)]


def weights(mode: str) -> dict[str, float]:
    m = config()["model"]
    w = dict(m["weights"][mode])
    w.setdefault("w_findings", float(m.get("w_findings", 1.0)))
    return {k: float(v) for k, v in w.items()}


def signature(mode: str) -> str:
    c = config()
    return f"mtqa:{__version__}|model:{c.get('version', '?')}|evidence:{mode}"


@dataclass
class Estimate:
    expected_penalty: float
    words: int
    mode: str
    terms: dict[str, float]  # points each part contributes to expected_penalty
    inputs: dict[str, float | None]  # the parts as they entered the model

    @property
    def score(self) -> float:
        """On the MQM score's 0-100 per-word scale."""
        return max(0.0, 100.0 - 100.0 * self.expected_penalty / max(self.words, 1))

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "expected_penalty": round(self.expected_penalty, 3),
                "words": self.words, "evidence": self.mode,
                "terms": {k: round(v, 3) for k, v in self.terms.items()},
                "inputs": {k: (round(v, 4) if v is not None else None)
                           for k, v in self.inputs.items()},
                "signature": signature(self.mode)}


def combine(words: int, findings_penalty: float = 0.0, fluency: float | None = None,
            adequacy: float | None = None, chrf: float | None = None,
            mode: str | None = None,
            divergence_penalty: float | None = None, extent: int | None = None) -> Estimate:
    """The model for one text. fluency/adequacy in [0, 1]; chrf in [0, 100]; None = absent.

    findings_penalty: MQM points of the reference-free findings; divergence_penalty: MQM
    points of the diverge.* findings against the source or reference. extent: with a source
    and no reference (chrF against a reference already sees a short output), the words the
    translation should have had (its words scaled up to the expected length
    ratio when it is shorter): the terms per word count those, since a translation that
    drops half the source has had the whole source to get wrong."""
    if mode is None:
        mode = mode_of(adequacy is not None, chrf is not None)
    w = weights(mode)
    n = max(int(words), int(extent or 0), 0)
    terms = {"findings": w["w_findings"] * findings_penalty, "base": n * w.get("base", 0.0)}
    if divergence_penalty is not None:
        terms["divergences"] = w.get("w_divergence", 0.0) * divergence_penalty
    if fluency is not None:
        terms["fluency"] = n * w.get("w_fluency", 0.0) * (1.0 - fluency)
    if adequacy is not None:
        terms["adequacy"] = n * w.get("w_adequacy", 0.0) * (1.0 - adequacy)
    if chrf is not None:
        terms["chrF"] = n * w.get("w_chrf", 0.0) * (1.0 - chrf / 100.0)
    inputs = {"findings_penalty": findings_penalty, "divergence_penalty": divergence_penalty,
              "fluency": fluency, "adequacy": adequacy, "chrF": chrf}
    if extent is not None:
        inputs["extent"] = float(n)
    return Estimate(sum(terms.values()), n, mode, terms, inputs)


# -- a target text analysed once ---------------------------------------------------------------

@dataclass
class Analysis:
    """A target document with its findings and fluency (document and per sentence)."""
    doc: Document
    findings: list[Finding]
    fluency: Fluency
    sentence_fluency: list[Fluency]
    sentence_findings: list[list[Finding]] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.doc.word_count

    def findings_penalty(self, findings: list[Finding] | None = None) -> float:
        return penalty(self.findings if findings is None else findings)


def analyse(doc: Document, findings: list[Finding], subwords: bool = True,
            per_sentence: bool = True) -> Analysis:
    """The target's fluency (whole and per sentence) and its findings by sentence.

    per_sentence=False (all `check` shows) leaves both per-sentence lists empty, so the
    analysis of a long text holds nothing per sentence.
    """
    flu, per = fluency_of(doc, findings, subwords=subwords, per_sentence=per_sentence)
    if not per_sentence:
        return Analysis(doc, list(findings), flu, per, [])
    starts = doc.sentence_starts
    by_sent: list[list[Finding]] = [[] for _ in doc.sentences]
    for f in findings:
        i = bisect.bisect_right(starts, f.start) - 1
        if 0 <= i < len(by_sent):
            by_sent[i].append(f)
    return Analysis(doc, list(findings), flu, per, by_sent)


def sentence_words(doc: Document, sent: Sentence) -> int:
    return doc.words_between(sent.tok_lo, sent.tok_hi)


# -- batches of records ({"source", "target", "reference", "src_lang", "tgt_lang"}) -------------

@dataclass
class Record:
    target: str
    source: str | None = None
    reference: str | None = None
    src_lang: str = ""
    tgt_lang: str = ""
    line: int = 0  # where the record came from (1-based line of a JSONL file; 0 = unknown)


# diverge(other_text, other_lang, analysis) -> the diverge.* findings of the target against
# the other text (the source, or the reference when there is no source); given by the pipeline.
Diverge = Callable[[str, str, "Analysis"], list[Finding]]


def score_analysed(analyses: list[Analysis], records: list[Record], diverge: Diverge | None = None,
                   use_source: bool = True, use_reference: bool = True,
                   metrics: Sequence[str] = ("chrF", "BLEU", "TER")
                   ) -> list[tuple[dict[str, Any], list[Finding]]]:
    """Score analysed records: per record, in order, a JSON-ready dict (estimate, fluency,
    adequacy, MQM score, metrics) and all its findings (the target's and the divergences).

    A record is one segment on each side (its source, target and reference are linked as
    one unit, as in MT evaluation data). The expected length ratio of adequacy is the median
    over the batch's records of the same language pair.
    """
    from . import adequacy as ad
    from .metrics import sentence_chrf_many

    n = len(records)
    has_src = [use_source and bool(r.source and r.source.strip()) for r in records]
    has_ref = [use_reference and bool(r.reference and r.reference.strip()) for r in records]
    chrf: list[float | None] = [None] * n
    idx = [i for i in range(n) if has_ref[i]]
    if idx:
        vals = sentence_chrf_many([records[i].target for i in idx],
                                  [records[i].reference or "" for i in idx])  # has_ref: never empty
        for i, v in zip(idx, vals):
            chrf[i] = v
    # expected length ratios, per (side, language pair)
    groups: dict[tuple[str, str, str], list[float | None]] = {}
    # (text, (side, its language, target language), same_lang)
    against: list[tuple[str, tuple[str, str, str], bool] | None] = [None] * n
    for i, r in enumerate(records):
        tl = base(r.tgt_lang or analyses[i].doc.lang)
        ag = None
        if has_src[i] and r.source is not None:  # (has_src implies a source)
            sl = base(r.src_lang) or "?"
            ag = (r.source, ("src", sl, tl), sl == tl)
        elif has_ref[i] and r.reference is not None:  # (has_ref implies a reference)
            ag = (r.reference, ("ref", tl, tl), True)
        against[i] = ag
        if ag:
            groups.setdefault(ag[1], []).append(ad.log_ratio(ag[0], r.target))
    expected = {k: ad.expected_log_ratio(v, k[0] == "ref" or k[1] == k[2])
                for k, v in groups.items()}
    out: list[tuple[dict[str, Any], list[Finding]]] = []
    for i, (a, r) in enumerate(zip(analyses, records)):
        if not r.target.strip():  # an empty system output: valid, and the worst translation
            ag = against[i]
            worst = _empty_record(r, mode_of(has_src[i], has_ref[i]),
                                  ("source" if ag[1][0] == "src" else "reference") if ag else None)
            if has_ref[i] and metrics:
                worst["metrics"] = _metrics(r, chrf[i], metrics)
            out.append((worst, []))
            continue
        div = []
        adequacy = None
        ag = against[i]
        if ag:
            text, key, same = ag
            if diverge is not None:
                div = diverge(text, key[1] if key[1] != "?" else "", a)
            parts = ad.pair_parts(text, r.target, expected[key],
                                  sum(1 for f in div if f.rule.startswith("diverge.")),
                                  same_lang=same, src_lang=key[1] if key[1] != "?" else "",
                                  tgt_lang=key[2])
            adequacy = ad.Adequacy(ad.combine(parts), parts,
                                   {"against": "source" if key[0] == "src" else "reference",
                                    "expected_ratio": round(math.exp(expected[key]), 3)})
        findings = a.findings + div
        extent = None
        if ag and chrf[i] is None:  # (with a reference, chrF against it sees a short output)
            lr = ad.log_ratio(ag[0], r.target)
            if lr is None:  # nothing countable in the target ("."): the source's words
                extent = max(a.words, len(_SOURCE_WORD.findall(ag[0])))
            else:
                short = expected[ag[1]] - lr
                extent = round(a.words * math.exp(short)) if short > 0 else a.words
        s = combine(a.words, a.findings_penalty(), a.fluency.value,
                    adequacy.value if adequacy else None, chrf[i],
                    mode_of(has_src[i], has_ref[i]),
                    a.findings_penalty(div) if against[i] else None, extent)
        rec: dict[str, Any] = {"line": r.line} if r.line else {}
        rec["estimate"] = s.to_dict()
        rec["fluency"] = a.fluency.to_dict()
        if adequacy is not None:
            rec["adequacy"] = adequacy.to_dict()
        rec["mqm"] = mqm_score(findings, a.words).to_dict()
        if has_ref[i] and metrics:
            rec["metrics"] = _metrics(r, chrf[i], metrics)
        out.append((rec, findings))
    return out


def _metrics(r: Record, ref_chrf: float | None, metrics: Sequence[str]) -> dict[str, Any]:
    """sacrebleu's metrics of a record's target against its reference (chrF computed in bulk)."""
    from .metrics import sentence_metrics
    from .metrics import signature as msig

    assert r.reference is not None and ref_chrf is not None  # has a reference, scored in bulk
    rest = [m for m in metrics if m != "chrF"]
    mets = sentence_metrics(r.target, r.reference, rest) if rest else {}
    if "chrF" in metrics:
        mets = {"chrF": {"score": round(ref_chrf, 4), "signature": msig("chrF")}, **mets}
    return mets


def _empty_record(r: Record, mode: str, against: str | None) -> dict[str, Any]:
    """The scores of an empty target: the worst translation (MQM score and estimate 0,
    fluency 0, adequacy 0 against the source or reference), with a note saying why."""
    from .adequacy import Adequacy

    est = Estimate(1.0, 0, mode, {EMPTY_TARGET: 1.0},
                   {"findings_penalty": 0.0, "divergence_penalty": 0.0 if against else None,
                    "fluency": 0.0, "adequacy": 0.0 if against else None,
                    "chrF": 0.0 if mode in ("reference", "both") else None})
    rec: dict[str, Any] = {"line": r.line} if r.line else {}
    rec["note"] = EMPTY_TARGET
    rec["estimate"] = est.to_dict()
    rec["fluency"] = Fluency(0.0, {}, 0).to_dict()
    if against:
        rec["adequacy"] = Adequacy(0.0, {}, {"against": against}).to_dict()
    rec["mqm"] = worst_score().to_dict()
    return rec
