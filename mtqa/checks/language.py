"""Untranslated text: sentences, or runs of words, not in the document's language."""

from __future__ import annotations

from collections import Counter

from .. import langid, resources
from ..finding import Finding
from ..rules import Rule

RULES = [
    Rule("lang.untranslated-sentence", "accuracy/untranslated", "critical",
         "A sentence in another language than the document (left untranslated)."),
    Rule("lang.untranslated-run", "accuracy/untranslated", "major",
         "A run of words from another language inside a sentence (left untranslated)."),
]

MIN_SENTENCE_WORDS = 4
MIN_CONFIDENCE = 0.7
RARE_IN_DOC = 2.0  # Zipf below this in the document language counts as foreign-looking
COMMON_ABROAD = 3.0  # ... when at least this common in the other language


def run(doc, ctx):
    doc_lang = doc.lang
    if not doc_lang:
        return
    home = resources.word_freqs(doc_lang)
    for sent in doc.sentences:
        toks = doc.sentence_tokens(sent)
        words = [t.lower for t in toks if t.kind == "word"]
        lang, conf = langid.identify_sentence(doc.text[sent.start:sent.end], words, doc_lang)
        sent.lang, sent.lang_confidence = lang, conf
        if (lang and lang != doc_lang and conf >= MIN_CONFIDENCE and len(words) >= MIN_SENTENCE_WORDS
                and ctx.enabled("lang.untranslated-sentence")):
            yield Finding("lang.untranslated-sentence", "accuracy/untranslated", "critical",
                          sent.start, sent.end,
                          f"Sentence appears to be {lang}, not {doc_lang}: left untranslated?",
                          "", {"detected": lang, "confidence": conf, "document": doc_lang})
            doc.cache.setdefault("foreign_langs", Counter())[lang] += 1
            continue
        if home and ctx.enabled("lang.untranslated-run"):
            for f in _runs(doc, toks, home, doc_lang):
                doc.cache.setdefault("foreign_langs", Counter())[f.evidence["detected"]] += 1
                yield f


def _runs(doc, toks, home, doc_lang):
    """Two or more consecutive lowercase words that are rare at home and common abroad."""
    prof = langid.profile()
    run_toks: list = []
    run_lang = ""

    def foreign_lang(t):
        w = t.lower
        if t.kind != "word" or t.is_capitalized or home.get(w, 0.0) >= RARE_IN_DOC:
            return ""
        best, bz = "", COMMON_ABROAD
        for lang, table in prof.items():
            if lang == doc_lang:
                continue
            z = table.get(w, 0.0)
            if z > bz:
                best, bz = lang, z
        return best

    def flush():
        if len(run_toks) >= 2:
            s, e = run_toks[0].start, run_toks[-1].end
            return Finding("lang.untranslated-run", "accuracy/untranslated", "major", s, e,
                           f"'{doc.text[s:e]}' looks like untranslated {run_lang}", "",
                           {"detected": run_lang, "words": [t.text for t in run_toks]}, 0.8)
        return None

    for t in toks:
        lang = foreign_lang(t)
        if lang and (not run_toks or lang == run_lang):
            run_toks.append(t)
            run_lang = lang
            continue
        f = flush()
        if f:
            yield f
        run_toks, run_lang = ([t], lang) if lang else ([], "")
    f = flush()
    if f:
        yield f
