"""Adequacy: how much of the source (or reference) the translation carries over.

Computed from a sentence alignment of the source (or reference) with the target:

- ``coverage``     share of source words in sentences linked to some target sentence (a
                   dropped sentence lowers it); per target sentence, 0 for a sentence
                   linked to nothing (an addition).
- ``divergences``  findings of the divergence rules (ids starting ``diverge.``): lost
                   negation, changed numbers, dropped names... per 100 words.
- ``length_ratio`` target length over source length against the expected ratio: the median
                   over the document's (or batch's) linked pairs when there are enough of
                   them, else 1 for the same language and a script-based prior otherwise.
- ``anchors``      numbers, and names or Latin-script tokens, of the source found again in
                   the target.
- ``lexical``      word-by-word coverage through a bilingual lexicon (mtqa.scoring.lexical):
                   the F-measure of the share of the source's content words (weighted by
                   rarity) whose translation is in the target and the share of the target's
                   content words that translate some source word. Only when a lexicon for
                   the source language ships (corpora/bilingual/<lang>-en.tsv).

Each part is in [0, 1] (1 = adequate); adequacy is their mean. Shapes are data: the
[adequacy] table of corpora/scoring/model.toml. Pure Python and cheap.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from .. import rx
from ..languages import base
from ..tokens import WORD_RUN as _WORD
from .fluency import Part, config

_CJK = rx.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_NUM = rx.compile(r"\d+(?:[.,]\d+)*")
_LATIN_WORD = rx.compile(r"[A-Za-z][A-Za-z'’\-]*")

PARTS = ("coverage", "divergences", "length_ratio", "anchors", "lexical")


def _cfg() -> dict:
    return config()["adequacy"]


def text_length(text: str) -> float:
    """Length in Latin-character equivalents: letters and digits, a CJK character counting
    as cjk_char_weight (one ideograph carries about a short word)."""
    w = float(_cfg()["length_ratio"]["cjk_char_weight"])
    n = 0.0
    for ch in text:
        if ch.isspace():
            continue
        if _CJK.match(ch):
            n += w
        elif ch.isalnum():
            n += 1
    return n


def log_ratio(src: str, tgt: str) -> float | None:
    a, b = text_length(src), text_length(tgt)
    if a <= 0 or b <= 0:
        return None
    return math.log(b / a)


def expected_log_ratio(pairs_log_ratios: list[float | None], same_lang: bool) -> float:
    """The expected log length ratio: the median of the observed ones (enough of them),
    else the prior (0 = same length)."""
    vals = sorted(v for v in pairs_log_ratios if v is not None)
    if len(vals) >= int(_cfg()["length_ratio"]["min_pairs_for_median"]):
        m = len(vals) // 2
        return vals[m] if len(vals) % 2 else 0.5 * (vals[m - 1] + vals[m])
    return 0.0


def _numbers(text: str) -> list[str]:
    return [re.sub(r"[.,]", "", m) for m in _NUM.findall(unicodedata.normalize("NFKC", text))]


def _latin_anchors(src: str, tgt_is_latin: bool, same_lang: bool) -> list[str]:
    """Tokens of the source expected verbatim in the target: Latin-script words inside a
    non-Latin source (names, acronyms); acronyms inside a Latin one; and for the same
    language (a reference) capitalised non-initial words too (names)."""
    if not tgt_is_latin:
        return []
    nonlatin = sum(1 for ch in src if ch.isalpha() and not ch.isascii()) > \
        sum(1 for ch in src if ch.isascii() and ch.isalpha())
    if nonlatin:
        return [w for w in _LATIN_WORD.findall(src) if len(w) > 1]
    out = []
    for i, m in enumerate(_WORD.finditer(src)):
        w = m.group()
        if w.isdigit():
            continue
        if (len(w) >= 2 and w.isupper()) or \
                (same_lang and i > 0 and w[:1].isupper() and len(w) > 2):
            out.append(w)
    return out


@dataclass
class Adequacy:
    value: float
    parts: dict[str, Part]
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"value": round(self.value, 4),
                "parts": {k: p.to_dict() for k, p in self.parts.items()}, **self.details}


def _clamp(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def _lexical_part(src: str, tgt: str, src_lang: str, tgt_lang: str) -> Part | None:
    """The `lexical` part, or None without a lexicon for the language pair (the target's
    language, when not given, is taken for English if it is written in Latin script)."""
    from . import lexical  # only a comparison with a source pays for it
    if not tgt_lang and lexical.script_of(tgt) != "latin":
        return None
    lang = lexical.source_language(src, src_lang)
    lex = lexical.lexicon(lang, tgt_lang or "en")
    if not src.strip():
        return None
    shape = _cfg()["lexical"]
    if lex is not None:
        cov = lexical.coverage(src, tgt, lex, shape, lang)
        recall, precision, miss = cov.recall, cov.precision, cov.missing
        counts = {"target_words": cov.target_words}
    else:
        # From English: the lexicons gloss into English, so read the pair the other way
        # round (the target's words glossed and looked for in the source); its recall is
        # the share of the target explained, its precision the share of the source rendered.
        back = lexical.lexicon(tgt_lang, "en") if base(lang or "en") == "en" and tgt_lang else None
        if back is None:
            return None
        cov = lexical.coverage(tgt, src, back, shape, tgt_lang)
        recall, precision, miss = cov.precision, cov.recall, []
        counts = {"source_words": cov.target_words}
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    lo, hi = float(shape["zero_at"]), float(shape["full_at"])
    shown = f" (not found: {', '.join(miss[:3])})" if miss else ""
    return Part("lexical", _clamp((f1 - lo) / (hi - lo)),
                f"{recall:.0%} of the source's content words translated, {precision:.0%} "
                f"of the target's content words from the source{shown}",
                {"recall": round(recall, 4), "precision": round(precision, 4),
                 "f1": round(f1, 4), **counts})


def pair_parts(src: str, tgt: str, expected: float, divergences: int = 0,
               linked: bool = True, same_lang: bool = False, src_lang: str = "",
               tgt_lang: str = "") -> dict[str, Part]:
    """Adequacy parts for one target text against the source text linked to it (src_lang,
    tgt_lang: the languages, guessed from the scripts when not given)."""
    cfg = _cfg()
    parts: dict[str, Part] = {}
    parts["coverage"] = Part("coverage", 1.0 if linked else 0.0,
                             "linked" if linked else "no counterpart sentence: added?",
                             {"linked": linked})
    words = max(1, len(_WORD.findall(tgt)))
    per = float(cfg["divergences"]["zero_at_per_100_words"])
    note = "" if float(cfg["weights"].get("divergences", 0.0)) else \
        " (listed with the findings; weighted by the model's w_divergence, not here)"
    parts["divergences"] = Part("divergences", _clamp(1 - (100.0 * divergences / words) / per),
                                f"{divergences} divergence finding(s){note}",
                                {"findings": divergences})
    lr = log_ratio(src, tgt) if linked else None
    if lr is not None:
        c = cfg["length_ratio"]
        dev = abs(lr - expected)
        v = _clamp(1 - (dev - math.log(float(c["tolerance"]))) / math.log(float(c["zero_at"])))
        parts["length_ratio"] = Part(
            "length_ratio", v,
            f"length ratio {math.exp(lr):.2f} (expected {math.exp(expected):.2f})",
            {"ratio": round(math.exp(lr), 3), "expected": round(math.exp(expected), 3)})
    nums = _numbers(src)
    anchors = nums + _latin_anchors(src, bool(_LATIN_WORD.search(tgt)), same_lang)
    if anchors:
        tnorm = unicodedata.normalize("NFKC", tgt)
        tnums = set(_numbers(tgt))
        found = sum(1 for a in anchors if (a in tnums if a.isdigit() else a.lower() in tnorm.lower()))
        missing = [a for a in anchors if not (a in tnums if a.isdigit() else a.lower() in tnorm.lower())]
        parts["anchors"] = Part("anchors", found / len(anchors),
                                f"{found}/{len(anchors)} numbers and names of the source found" +
                                (f" (missing: {', '.join(missing[:3])})" if missing else ""),
                                {"found": found, "anchors": len(anchors)})
    lex_part = _lexical_part(src, tgt, src_lang, tgt_lang) if linked and not same_lang else None
    if lex_part is not None:
        parts["lexical"] = lex_part
    return parts


def combine(parts: dict[str, Part]) -> float:
    w = _cfg()["weights"]
    num = sum(float(w.get(k, 0.0)) * p.value for k, p in parts.items())
    den = sum(float(w.get(k, 0.0)) for k in parts)
    return num / den if den else 1.0


def adequacy(src_sents: list[str], tgt_sents: list[str], links, tgt_sentence_findings=None,
             same_lang: bool = False, expected: float | None = None, side: str = "source",
             src_lang: str = "", tgt_lang: str = "") -> tuple[Adequacy, list[Adequacy]]:
    """(document adequacy, adequacy of each target sentence) from an alignment.

    links: objects with .src and .tgt index tuples (mtqa.align.Link). tgt_sentence_findings:
    per target sentence, the number of diverge.* findings. expected: the expected log length
    ratio (default: the median over this document's pairs, see expected_log_ratio).
    """
    divs = list(tgt_sentence_findings or [0] * len(tgt_sents))
    pairs = [(lk, " ".join(src_sents[i] for i in lk.src), " ".join(tgt_sents[j] for j in lk.tgt))
             for lk in links if lk.src and lk.tgt]
    if expected is None:
        expected = expected_log_ratio([log_ratio(s, t) for _, s, t in pairs], same_lang)
    per: list[Adequacy | None] = [None] * len(tgt_sents)
    for lk, s, t in pairs:
        n_div = sum(divs[j] for j in lk.tgt)
        parts = pair_parts(s, t, expected, n_div, same_lang=same_lang, src_lang=src_lang,
                           tgt_lang=tgt_lang)
        a = Adequacy(combine(parts), parts, {"source": list(lk.src), "score": round(lk.score, 4)})
        for j in lk.tgt:
            per[j] = a
    sent_adq: list[Adequacy] = []
    for j, adq in enumerate(per):
        if adq is None:
            parts = pair_parts("", tgt_sents[j], expected, divs[j], linked=False)
            adq = Adequacy(combine(parts), parts, {"source": []})
        sent_adq.append(adq)
    # document: coverage over source words, the rest word-weighted over target sentences
    src_w = [max(1.0, text_length(s)) for s in src_sents]
    linked_src = {i for lk in links if lk.tgt for i in lk.src}
    cov = sum(w for i, w in enumerate(src_w) if i in linked_src) / max(sum(src_w), 1.0)
    tgt_w = [max(1, len(_WORD.findall(t))) for t in tgt_sents]
    n_div = sum(divs)
    all_src = " ".join(src_sents)
    all_tgt = " ".join(tgt_sents)
    parts = pair_parts(all_src, all_tgt, expected, n_div, same_lang=same_lang, src_lang=src_lang,
                       tgt_lang=tgt_lang)
    parts["coverage"] = Part("coverage", cov, f"{cov:.0%} of the {side} linked to the target "
                             f"({len(src_sents) - len(linked_src)} {side} sentence(s) unlinked)",
                             {"source_sentences": len(src_sents), "linked": len(linked_src)})
    lr_vals = [(sent_adq[j].parts["length_ratio"].value, tgt_w[j]) for j in range(len(tgt_sents))
               if "length_ratio" in sent_adq[j].parts]
    if lr_vals:
        v = sum(a * w for a, w in lr_vals) / max(sum(w for _, w in lr_vals), 1)
        parts["length_ratio"] = Part("length_ratio", v, parts.get("length_ratio", Part(
            "", 0, "")).explanation + " (mean over sentence pairs)", parts.get(
            "length_ratio", Part("", 0, "", {})).counts)
    return Adequacy(combine(parts), parts, {"expected_ratio": round(math.exp(expected), 3)}), sent_adq
