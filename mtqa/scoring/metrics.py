"""sacrebleu's chrF, BLEU and TER against a reference, each with sacrebleu's signature.

sacrebleu is imported only when a metric is computed (it costs tens of milliseconds), so
`mtqa check` never pays for it. Settings are sacrebleu's defaults — chrF (character order
6, word order 0, beta 2), BLEU (13a tokenizer; effective order for single sentences, as
sacrebleu recommends), TER — so the numbers equal what `sacrebleu` prints and the
signatures say so.

For many sentence pairs at once, `sentence_chrf_many` uses the vectorised chrF of
mtqa.align.chrf when it is there (same values as sacrebleu, proven by its tests) and falls
back to sacrebleu one pair at a time.
"""

from __future__ import annotations

import functools

METRICS = ("chrF", "BLEU", "TER")


@functools.cache
def _metric(name: str, sentence: bool):
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "chrF":
        return CHRF()
    if name == "BLEU":
        return BLEU(effective_order=sentence)
    if name == "TER":
        return TER()
    raise ValueError(name)


def _result(name: str, score, sentence: bool) -> dict:
    m = _metric(name, sentence)
    return {"score": round(float(score.score), 4), "signature": str(m.get_signature())}


def sentence_metrics(hyp: str, ref: str, names=METRICS) -> dict[str, dict]:
    """{"chrF": {"score", "signature"}, "BLEU": ..., "TER": ...} of one segment."""
    return {n: _result(n, _metric(n, True).sentence_score(hyp, [ref]), True) for n in names}


def corpus_metrics(hyps: list[str], refs: list[str], names=METRICS) -> dict[str, dict]:
    """Corpus-level scores of parallel lists of hypothesis and reference segments."""
    if len(hyps) != len(refs):
        raise ValueError("hypotheses and references differ in number")
    return {n: _result(n, _metric(n, False).corpus_score(list(hyps), [list(refs)]), False)
            for n in names}


@functools.cache
def signature(name: str, sentence: bool = True) -> str:
    """The metric's sacrebleu signature (sacrebleu needs one evaluation to know nrefs)."""
    m = _metric(name, sentence)
    m.sentence_score("a", ["a"]) if sentence else m.corpus_score(["a"], [["a"]])
    return str(m.get_signature())


def sentence_chrf_many(hyps: list[str], refs: list[str]) -> list[float]:
    """sacrebleu.sentence_chrf(h, [r]).score for each pair, in bulk when possible."""
    if len(hyps) != len(refs):
        raise ValueError("hypotheses and references differ in number")
    if not hyps:
        return []
    from ..align.chrf import chrf_pairs  # equal to sacrebleu's sentence chrF (tested)

    return [float(v) for v in chrf_pairs(list(hyps), list(refs))]
