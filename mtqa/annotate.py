"""Annotation: the per-document facts every check may read, computed once before any check.

- the language of each sentence (a sentence-level guess never overrides the document's
  language for sentences of fewer than MIN_SENTENCE_WORDS words);
- stretches in another language: whole sentences, and runs of words inside a sentence;
- the language the text was probably translated from (mtqa.source_lang.guess).

Checks only read these facts, so selecting or ignoring one rule can never change what
another rule finds.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from . import langid, resources, source_lang
from .document import Document, Facts, Foreign, with_langs
from .tokens import Token

MIN_SENTENCE_WORDS = 4  # shorter sentences keep the document's language
MIN_CONFIDENCE = 0.7
RARE_IN_DOC = 3.0  # a run needs one word below this Zipf in the document language
COMMON_ABROAD = 3.0  # a candidate word is at least this common in the other language
LEAN = 1.0  # ... and this much more common there than at home
MIN_LEAN = 2.0  # a run leans this much on average


def annotate(doc: Document) -> Document:
    """Fill in doc's facts (once); returns doc."""
    if doc.facts is not None:
        return doc
    foreign: list[Foreign] = []
    doc_lang = doc.lang
    if doc_lang:
        home = resources.word_freqs(doc_lang)
        langs: list[str] = []
        confs: list[float] = []
        for sent in doc.sentences:
            toks = doc.sentence_tokens(sent)
            words = [t.lower for t in toks if t.kind == "word"]
            if len(words) < MIN_SENTENCE_WORDS:
                lang, conf = doc_lang, doc.lang_confidence
            else:
                lang, conf = langid.identify_sentence(doc.text[sent.start:sent.end], words, doc_lang)
            langs.append(lang)
            confs.append(conf)
            if lang and lang != doc_lang and conf >= MIN_CONFIDENCE and len(words) >= MIN_SENTENCE_WORDS:
                foreign.append(Foreign(sent.start, sent.end, lang, "sentence",
                                       (("detected", lang), ("confidence", conf), ("document", doc_lang))))
                continue
            if home:
                foreign += foreign_runs(doc, toks, home, doc_lang)
        doc.sentences = with_langs(doc.sentences, langs, confs)
    guess, why = source_lang.guess(doc, foreign)
    doc.facts = Facts(tuple(foreign), guess, why)
    return doc


def foreign_runs(doc: Document, toks: list[Token], home: Mapping[str, float],
                 doc_lang: str) -> list[Foreign]:
    """Two or more consecutive lowercase words far more common in one other language.

    A word is a candidate for each language in which it is common (COMMON_ABROAD) and at
    least LEAN more frequent (Zipf) than at home. Consecutive candidates sharing a language
    form a run, kept when it leans MIN_LEAN that way on average and one of its words is
    rare at home (so "in die" in English prose stays English, "dan lain lain" does not).
    home is doc_lang's word list.
    """
    leans = _leans(doc_lang)
    out: list[Foreign] = []
    run: list[tuple[Token, dict[str, float], float]] = []  # (token, {lang: zipf abroad}, zipf at home)

    def flush() -> None:
        if len(run) < 2:
            return
        shared = set(run[0][1]).intersection(*(c for _, c, _ in run[1:]))
        lang = max(sorted(shared), key=lambda code: sum(c[code] for _, c, _ in run))
        lean = sum(c[lang] - zh for _, c, zh in run) / len(run)
        if lean < MIN_LEAN or min(zh for _, _, zh in run) >= RARE_IN_DOC:
            return
        out.append(Foreign(run[0][0].start, run[-1][0].end, lang, "run",
                           (("detected", lang), ("words", tuple(t.text for t, _, _ in run)),
                            ("mean_zipf_lean", round(lean, 2)))))

    for t in toks:
        c, z_home = (leans.get(t.text) or _lean(t.text, home, doc_lang, leans)) if t.kind == "word" \
            else _NO_LEAN
        if c and (not run or set(c) & set(run[0][1]).intersection(*(x for _, x, _ in run[1:]))):
            run.append((t, c, z_home))
            continue
        if run:
            flush()
        run = [(t, c, z_home)] if c else []
    flush()
    return out


_NO_LEAN: tuple[dict[str, float], float] = ({}, 0.0)


@functools.cache
def _leans(doc_lang: str) -> dict[str, tuple[dict[str, float], float]]:
    """word token text -> ({lang: zipf abroad} it is a candidate for, zipf at home), for the
    words of doc_lang's documents seen so far: most tokens are common words met in every
    sentence, and working each out anew was most of annotating."""
    return {}


def _lean(word: str, home: Mapping[str, float], doc_lang: str,
          leans: dict[str, tuple[dict[str, float], float]]) -> tuple[dict[str, float], float]:
    """The word's entry of leans (a capitalised word is a candidate for no language)."""
    low = word.lower()
    langs = None if word[0].isupper() else langid.by_word().get(low)
    z_home = home.get(low, 0.0)
    cands = {lang: z for lang, z in langs.items()
             if lang != doc_lang and z >= COMMON_ABROAD and z - z_home >= LEAN} if langs else {}
    if len(leans) >= resources.MEMO_LIMIT:  # (bounded over a long batch)
        leans.clear()
    got = leans[word] = (cands, z_home)
    return got
