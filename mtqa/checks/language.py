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
RARE_IN_DOC = 3.0  # a run needs one word below this Zipf in the document language
COMMON_ABROAD = 3.0  # a candidate word is at least this common in the other language
LEAN = 1.0  # ... and this much more common there than at home
MIN_LEAN = 2.0  # a run leans this much on average


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
    """Two or more consecutive lowercase words far more common in one other language.

    A word is a candidate for each language in which it is common (COMMON_ABROAD) and at
    least LEAN more frequent (Zipf) than at home. Consecutive candidates sharing a language
    form a run, reported when it leans MIN_LEAN that way on average and one of its words is
    rare at home (so "in die" in English prose stays English, "dan lain lain" does not).
    """
    abroad = langid.by_word()
    run: list = []  # (token, {lang: zipf abroad}, zipf at home)

    def candidates(t):
        if t.kind != "word" or t.is_capitalized:
            return {}
        w = t.lower
        langs = abroad.get(w)
        if not langs:
            return {}
        z_home = home.get(w, 0.0)
        return {lang: z for lang, z in langs.items()
                if lang != doc_lang and z >= COMMON_ABROAD and z - z_home >= LEAN}

    def flush():
        if len(run) < 2:
            return None
        shared = set.intersection(*(set(c) for _, c, _ in run))
        lang = max(sorted(shared), key=lambda l: sum(c[l] for _, c, _ in run))
        lean = sum(c[lang] - zh for _, c, zh in run) / len(run)
        if lean < MIN_LEAN or min(zh for _, _, zh in run) >= RARE_IN_DOC:
            return None
        s, e = run[0][0].start, run[-1][0].end
        return Finding("lang.untranslated-run", "accuracy/untranslated", "major", s, e,
                       f"'{doc.text[s:e]}' looks like untranslated {lang}", "",
                       {"detected": lang, "words": [t.text for t, _, _ in run],
                        "mean_zipf_lean": round(lean, 2)}, 0.8)

    for t in toks:
        c = candidates(t)
        if c and (not run or set(c) & set.intersection(*(set(x) for _, x, _ in run))):
            run.append((t, c, home.get(t.lower, 0.0)))
            continue
        f = flush()
        if f:
            yield f
        run = [(t, c, home.get(t.lower, 0.0))] if c else []
    f = flush()
    if f:
        yield f
