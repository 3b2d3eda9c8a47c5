"""The one flow every command and service goes through:

    read → annotate → align → check → score → verdict → Report

`Engine(options)` loads the rule packs once (per process, per worker); `Engine.analyse`
runs one input through the flow; `analyse()` is the one-call form for library users.
check, score, align, audit, the HTTP service and the distributed runner are thin shells
around it. Nothing here prints or writes files; a failure inside is an exception, never an
empty result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import __version__, languages, source_lang
from . import packs as packs_mod
from .align import Link, same_language
from .annotate import annotate
from .checks import run_checks
from .checks.context import Context
from .divergence import MIN_CONFIDENCE, Pair, make_pair, pair_from_links, run_divergence
from .document import Document
from .errors import MtqaError
from .finding import SEVERITIES, Finding, dedupe
from .readers import read_input
from .readers.source import Source
from .registry import all_rules, known_ids
from .report import FAIL_LEVELS, DocumentResult, Gate, Report, Verdict
from .rules import Rule, Selection, matches
from .scoring import model as scoring
from .scoring.mqm import mqm_score

if TYPE_CHECKING:
    from .scoring import adequacy as ad

CALQUE_CHOICES = ("any", "none")


@dataclass(frozen=True)
class Options:
    lang: str = ""  # language of the text; "" = identified
    source_lang: str = ""  # language of the source document (and so the one translated from)
    calques: str = ""  # which calque packs apply: a language, "any", "none"; "" = guessed
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    fail_on: str = "major"
    min_score: float | None = None  # also fail below this MQM score
    # divergence findings less sure than this are not reported (None: the calibrated default)
    min_confidence: float | None = None
    severity_overrides: tuple[tuple[str, str], ...] = ()  # (rule or rule/entry id, severity)

    @property
    def gate(self) -> Gate:
        return Gate(self.fail_on, self.min_score)

    @property
    def selection(self) -> Selection:
        return Selection(self.select, self.ignore)

    @property
    def confidence_floor(self) -> float:
        return MIN_CONFIDENCE if self.min_confidence is None else self.min_confidence


def validate_options(opts: Options) -> Options:
    """Options with language codes normalised; MtqaError (exit 2) for anything unknown."""
    if opts.min_confidence is not None and not 0.0 <= opts.min_confidence <= 1.0:
        raise MtqaError(f"min_confidence must be between 0 and 1, not {opts.min_confidence:g}")
    if opts.fail_on not in FAIL_LEVELS:
        raise MtqaError(f"unknown --fail-on level '{opts.fail_on}' (valid: {', '.join(FAIL_LEVELS)})")
    for rid, sev in opts.severity_overrides:
        if sev not in SEVERITIES:
            raise MtqaError(f"severity of '{rid}' must be one of {', '.join(SEVERITIES)}, not '{sev}'")
    return dataclasses.replace(
        opts,
        lang=languages.validate(opts.lang, "--lang") if opts.lang else "",
        source_lang=languages.validate(opts.source_lang, "--source-lang") if opts.source_lang else "",
        calques=languages.validate(opts.calques, "--calques", CALQUE_CHOICES) if opts.calques else "")


class Engine:
    """Rule packs and options loaded once; analyse() as many inputs as you like."""

    def __init__(self, options: Options = Options(), check_ids: bool = True,
                 packs: packs_mod.PackSet | None = None, rules: list[Rule] | None = None):
        self.options = validate_options(options)
        self.packs = packs if packs is not None else packs_mod.load(self.options.rule_dirs)
        self._rules: list[Rule] | None = rules
        self.overrides = dict(self.options.severity_overrides)
        named = [*self.options.select, *self.options.ignore, *self.overrides]
        if named and check_ids:
            self.check_ids(named)

    def derive(self, **changes: Any) -> Engine:
        """This engine with some options changed (a request's language or rule selection),
        sharing its loaded packs and rules; unknown ids and languages raise MtqaError."""
        if "rule_dirs" in changes:
            raise ValueError("derive() shares the packs: rule_dirs cannot change")
        return Engine(dataclasses.replace(self.options, **changes), packs=self.packs, rules=self.rules)

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            self._rules = all_rules(self.packs)
        return self._rules

    def check_ids(self, ids: Sequence[str], where: str = "") -> None:
        """Every id names a rule, a pack prefix or one entry of a rule; else MtqaError."""
        if not ids:
            return  # (the registry imports every check; nothing named, nothing to look up)
        known = known_ids(self.rules)
        for p in ids:
            if p == "ALL":
                continue
            rule, _, entry = p.partition("/")
            if entry:
                ok = entry in known.get(rule, _no_entries)()
            else:
                ok = any(matches(i, [p]) for i in known)
            if not ok:
                raise MtqaError(f"{where}unknown rule or entry '{p}' (see 'mtqa rules')")

    def signature(self) -> dict[str, Any]:
        """Everything that determines the findings and the verdict (cf. sacrebleu)."""
        o = self.options
        options: dict[str, Any] = {
            "lang": o.lang or "auto", "source_lang": o.source_lang or "auto",
            "calques": o.calques or "auto", "select": list(o.select), "ignore": list(o.ignore),
            "fail_on": o.fail_on}
        pack_part = ",".join(f"{k}@{v}" for k, v in sorted(self.packs.packs.items()))
        short = (f"mtqa:{__version__}|packs:{pack_part}|lang:{options['lang']}"
                 f"|src:{options['source_lang']}|calques:{options['calques']}|fail:{o.fail_on}")
        if o.min_score is not None:
            options["min_score"] = o.min_score
            short += f"|min-score:{o.min_score:g}"
        if o.min_confidence is not None:
            options["min_confidence"] = o.min_confidence
            short += f"|min-confidence:{o.min_confidence:g}"
        if o.select:
            short += "|select:" + ",".join(o.select)
        if o.ignore:
            short += "|ignore:" + ",".join(o.ignore)
        if self.overrides:
            options["severity"] = dict(sorted(self.overrides.items()))
            short += "|severity:" + ",".join(f"{k}={v}" for k, v in sorted(self.overrides.items()))
        return {"mtqa": __version__, "packs": dict(sorted(self.packs.packs.items())),
                "options": options, "string": short}

    def report(self, results: list[DocumentResult]) -> Report:
        return Report(results, self.signature(), lambda: self.rules)

    # -- the flow -------------------------------------------------------------------------
    def source_document(self, text: str, path: str, lang: str | None = None) -> Document:
        """A source article (original, wire story, or a file's own source side), segmented."""
        return Document.build(text, path=path, lang=self.options.source_lang or lang or None)

    def analyse(self, src: Source, original: Document | None = None, index: Any = None,
                reference: Document | None = None, scores: bool = False) -> DocumentResult:
        """One input through the flow.

        The source is, in order: original (the --source document); the input's own source
        side (XLIFF, TMX); the likeliest story retrieved from a candidates index. scores=True
        adds what `mtqa score` shows (per-sentence scores, adequacy, sacrebleu metrics
        against the reference).
        """
        o = self.options
        doc = annotate(Document.build(src.text, path=src.path, lang=o.lang or src.tgt_lang or None))
        info: dict[str, Any] = {}
        if original is None and src.source_text:
            original = self.source_document(src.source_text, src.path + "#source", src.src_lang)
        if original is None and index is not None:
            hits = index.query(src.text, k=3)
            info["candidates"] = [{"path": h.path, "score": round(h.score, 4), "title": h.title}
                                  for h in hits]  # [] = no likely source in the archive
            if hits:
                original = self.source_document(index.read(hits[0]), hits[0].path)
        translated_from = o.source_lang or (original.lang if original is not None else "")
        calques, why = source_lang.calque_langs(o.calques, translated_from, doc)
        ctx = Context(self.packs, calques, o.selection)
        outcome = run_checks(doc, ctx)
        findings = outcome.findings
        pair = None
        if original is not None:
            pair = make_pair(original, doc)
            diverged = run_divergence(pair, ctx, o.confidence_floor)
            # Where the source confirms a reference-free finding, report the divergence only
            # (whatever is selected, so selecting never changes another rule's findings). A
            # sentence the source lacks confirms nothing: what it is (a boilerplate line, a
            # leftover) stays reported beside the addition.
            spans = {(f.start, f.end) for f in diverged if f.rule != "diverge.addition"}
            findings = dedupe([f for f in findings if (f.start, f.end) not in spans]
                              + [f for f in diverged if o.selection.enabled(f.id)])
        findings = [self._graded(f) for f in findings]
        score = mqm_score(findings, doc.word_count)
        # The same fluency for check and score; per sentence only for score, which shows it.
        analysis = scoring.analyse(doc, findings, per_sentence=scores)
        info["calques"] = {"langs": sorted(calques) if calques is not None else "any", "from": why}
        # One computation of the model's scores for check and score alike; score also shows
        # them sentence by sentence.
        detail = _scores(doc, analysis, pair, reference, per_sentence=scores)
        info["fluency"] = analysis.fluency.to_dict()
        info["estimate"] = detail["estimate"]
        if pair is not None:
            info["source"] = {"path": pair.src.path, "lang": pair.src.lang,
                              "sentences": len(pair.src.sentences)}
            info["alignment"] = pair.alignment.to_json()
        if scores:
            info["scores"] = detail
        return DocumentResult(doc, findings, score, o.gate.judge(findings, score.score), src,
                              pair.src if pair is not None else None,
                              pair.alignment if pair is not None else None,
                              _skipped(doc, outcome.skipped), info)

    def _graded(self, f: Finding) -> Finding:
        sev = self.overrides.get(f.id) or self.overrides.get(f.rule)
        return dataclasses.replace(f, severity=sev) if sev else f

    # -- batches of segments (mtqa score --jsonl, evaluation) -------------------------------
    def analyse_records(self, records: Sequence[scoring.Record], subwords: bool = True
                        ) -> list[scoring.Analysis]:
        """Every record's target annotated, checked and measured, once per batch."""
        out = []
        for r in records:
            doc = annotate(Document.build(r.target, path="-", lang=r.tgt_lang or None))
            calques, _ = source_lang.calque_langs(self.options.calques,
                                                  self.options.source_lang or languages.tag(r.src_lang), doc)
            found = run_checks(doc, Context(self.packs, calques, self.options.selection)).findings
            out.append(scoring.analyse(doc, [self._graded(f) for f in found], subwords=subwords))
        return out

    def record_divergences(self, text: str, lang: str, a: scoring.Analysis) -> list[Finding]:
        """diverge.* findings of a record's target against its source (or reference). A
        record of one sentence a side is one unit; a paragraph is aligned sentence by
        sentence like an article, so a sentence it drops is found as an omission."""
        src_doc = Document.build(text, lang=lang or None)
        tgt = a.doc
        if not src_doc.sentences or not tgt.sentences:
            return []
        if len(src_doc.sentences) > 1 or len(tgt.sentences) > 1:
            pair = make_pair(src_doc, tgt)
        else:
            pair = pair_from_links(src_doc, tgt, [Link((0,), (0,), 1.0)])
        ctx = Context(self.packs, frozenset(), self.options.selection)
        return [self._graded(f) for f in run_divergence(pair, ctx, self.options.confidence_floor)
                if self.options.selection.enabled(f.id)]

    def score_records(self, records: Sequence[scoring.Record], use_source: bool = True,
                      use_reference: bool = True, metrics: Sequence[str] = ("chrF", "BLEU", "TER"),
                      analyses: list[scoring.Analysis] | None = None) -> list[dict[str, Any]]:
        """One JSON-ready dict per record, in order, each with its verdict (an empty target
        always fails: it is the worst translation, whatever the gate)."""
        analyses = analyses if analyses is not None else self.analyse_records(records)
        scored = scoring.score_analysed(analyses, list(records), self.record_divergences,
                                        use_source, use_reference, metrics)
        out = []
        gate = self.options.gate
        for a, (rec, found) in zip(analyses, scored):
            empty = rec.get("note") == scoring.EMPTY_TARGET
            verdict = Verdict(False, gate.describe(), (scoring.EMPTY_TARGET,)) if empty \
                else gate.judge(found, rec["mqm"]["score"])
            rec["verdict"] = verdict.to_dict()
            rec["findings"] = [f.to_json(a.doc.text) for f in found]
            out.append(rec)
        return out


def _no_entries() -> list[str]:
    return []


def _skipped(doc: Document, rules: list[Rule]) -> list[dict[str, Any]]:
    """Enabled rules that did not run because of the text's language, grouped by reason."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for r in rules:
        groups.setdefault(r.langs, []).append(r.id)
    lang = doc.lang or "unknown"
    name = languages.known().get(doc.lang, lang)
    return [{"rules": ids, "reason": f"the text is {name} ({lang}, confidence "
             f"{doc.lang_confidence:.2f}); these checks are for {', '.join(langs)} text"}
            for langs, ids in groups.items()]


def _scores(doc: Document, a: scoring.Analysis, pair: Pair | None,
            reference: Document | None, per_sentence: bool = True) -> dict[str, Any]:
    """What `mtqa score` shows: the model estimate with its evidence, adequacy against the
    source (or the reference), sacrebleu metrics against the reference, per sentence too
    (per_sentence=False leaves that out: a few KB per sentence that check never shows)."""
    tgt_sents = [doc.text[s.start:s.end] for s in doc.sentences]
    n = len(tgt_sents)
    ref_pair = make_pair(reference, doc) if reference is not None else None
    against = pair or ref_pair
    adequacy_doc: ad.Adequacy | None = None
    adequacy_sent: Sequence[ad.Adequacy | None] = [None] * n
    div: list[Finding] = [f for f in a.findings if f.rule.startswith("diverge.")]
    if against is not None:
        from .scoring import adequacy as ad  # (only with a source or a reference)

        per_div = [0] * n
        for f in div:
            per_div[doc.sentence_index(f.start)] += 1
        o_sents = [against.src.text[s.start:s.end] for s in against.src.sentences]
        adequacy_doc, adequacy_sent = ad.adequacy(
            o_sents, tgt_sents, against.alignment.links, per_div, same_language(against.src.lang, doc.lang),
            side="source" if pair is not None else "reference", src_lang=against.src.lang,
            tgt_lang=doc.lang)
    chrf_sent: list[float | None] = [None] * n
    metrics, chrf_doc = None, None
    if ref_pair is not None and reference is not None:
        from .scoring.metrics import corpus_metrics, sentence_chrf_many

        r_sents = [reference.text[s.start:s.end] for s in reference.sentences]
        hyps: list[str] = []
        refs: list[str] = []
        owner: list[int | None] = [None] * n
        for lk in ref_pair.alignment.links:
            if not lk.tgt:
                continue
            for j in lk.tgt:
                owner[j] = len(hyps)
            hyps.append(" ".join(tgt_sents[j] for j in lk.tgt))
            refs.append(" ".join(r_sents[i] for i in lk.src))
        vals = sentence_chrf_many(hyps, refs)
        chrf_sent = [vals[k] if (k := owner[j]) is not None else None for j in range(n)]
        metrics = corpus_metrics([" ".join(tgt_sents)], [" ".join(r_sents)])
        chrf_doc = metrics["chrF"]["score"]
    mode = scoring.mode_of(pair is not None, reference is not None)
    ref_free = [f for f in a.findings if not f.rule.startswith("diverge.")]
    estimate = scoring.combine(a.words, a.findings_penalty(ref_free), a.fluency.value,
                               adequacy_doc.value if adequacy_doc else None, chrf_doc, mode,
                               a.findings_penalty(div) if against is not None else None)
    sentences = []
    for j, s in enumerate(doc.sentences if per_sentence else ()):
        sf = a.sentence_findings[j]
        ade = adequacy_sent[j]
        est = scoring.combine(scoring.sentence_words(doc, s),
                              a.findings_penalty([f for f in sf if not f.rule.startswith("diverge.")]),
                              a.sentence_fluency[j].value, ade.value if ade else None, chrf_sent[j],
                              mode, a.findings_penalty([f for f in sf if f.rule.startswith("diverge.")])
                              if against is not None else None)
        sentences.append({"index": j, "start": s.start, "end": s.end, "text": tgt_sents[j],
                          "mqm": mqm_score(sf, scoring.sentence_words(doc, s)).to_dict(),
                          "estimate": est.to_dict(), "fluency": a.sentence_fluency[j].to_dict(),
                          **({"adequacy": ade.to_dict()} if ade else {}),
                          **({"chrF": round(c, 4)} if (c := chrf_sent[j]) is not None else {}),
                          "findings": len(sf)})
    out: dict[str, Any] = {"estimate": estimate.to_dict(), "sentences": sentences}
    if adequacy_doc is not None and against is not None:
        out["adequacy"] = adequacy_doc.to_dict()
        out["aligned_with"] = {"against": "source" if pair is not None else "reference",
                               "method": against.alignment.method,
                               "links": len(against.alignment.links)}
    if metrics:
        out["metrics"] = metrics
    return out


def align_inputs(source: Source, target: Source, source_lang: str = "", lang: str = "",
                 lines: bool = False) -> Pair:
    """`mtqa align`: two inputs read by the readers, segmented (or one sentence per line),
    aligned. Language codes are validated like every command's. The documents keep their
    sentences but not their tokens, which aligning never reads (for 20,000 sentences a side
    they would be some 140 MB of the process's memory)."""
    sl = languages.validate(source_lang, "--source-lang") if source_lang else None
    tl = languages.validate(lang, "--lang") if lang else None
    sdoc = Document.build(source.text, path=source.path, lang=sl or source.tgt_lang or None, lines=lines)
    sdoc.tokens = []
    tdoc = Document.build(target.text, path=target.path, lang=tl or target.tgt_lang or None, lines=lines)
    tdoc.tokens = []
    return make_pair(sdoc, tdoc)


def analyse(text_or_source: str | Source, options: Options = Options(),
            source: str | Document | None = None, reference: str | Document | None = None,
            scores: bool = False) -> Report:
    """The one-call form: a text (or a readers.Source) in, a Report out."""
    engine = Engine(options)
    src = text_or_source if isinstance(text_or_source, Source) else \
        read_input("-", data=text_or_source.encode("utf-8"), fmt="text")
    original = engine.source_document(source, "source") if isinstance(source, str) else source
    ref = Document.build(reference, path="reference") if isinstance(reference, str) else reference
    return engine.report([engine.analyse(src, original, reference=ref, scores=scores)])


__all__ = ["Engine", "Options", "align_inputs", "analyse", "validate_options"]
