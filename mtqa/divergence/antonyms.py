"""A translation that says the opposite of its source: "decrease" where the source says
"increase", "weniger" for "more".

Both sides' words are read as English lemmas (mtqa.bilingual: English words stand for
themselves, other languages through their dictionary glosses), and the lemmas are checked
against English pairs whose swap reverses a statement (corpora/divergence/en-reversals.tsv:
increase/decrease, win/lose, before/after ...). A target word is
reported when one of its meanings is the antonym of a source word's meaning, no source
word has the target word's meaning, no target word has the source word's, and the two sides
negate as often (a reversal stated as "did not rise" ~ "fell" is a faithful paraphrase).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import bilingual, resources
from ..checks.context import Context
from ..finding import Finding
from ..rules import Rule
from . import Pair, cues

RULES = [
    Rule("diverge.antonym", "accuracy/mistranslation", "major",
         "A word that means the opposite of the source's ('decrease' for 'increase')."),
]
RULE = RULES[0]

MAX_ZIPF = 6.0  # particles and copulas: their glosses are accidents of the dictionary
# English inflections tried to reach a table word ("higher" -> "high", "rises" -> "rise")
_SUFFIXES = (("iest", "y"), ("ier", "y"), ("est", ""), ("er", ""), ("ies", "y"), ("es", ""),
             ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", ""))


@functools.cache
def antonyms() -> dict[str, frozenset[str]]:
    """Each word of the reversal rows -> the words of the opposite meaning."""
    out: dict[str, set[str]] = {}
    for _, line in resources.data_lines(resources.path("divergence", "en-reversals.tsv")):
        a, b = (side.split(" ") for side in line.split("\t"))
        for words, opposite in ((a, b), (b, a)):
            for w in words:
                out.setdefault(w, set()).update(opposite)
    return {w: frozenset(v) for w, v in out.items()}


@functools.lru_cache(maxsize=1 << 14)
def _table_words(lemma: str) -> frozenset[str]:
    """The antonym table's words an English lemma or form may be."""
    table = antonyms()
    out = {lemma} if lemma in table else set()
    for suffix, repl in _SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
            base = lemma[:-len(suffix)] + repl
            if base in table:
                out.add(base)
            if len(base) > 3 and base[-1] == base[-2] and base[:-1] in table:  # bigger -> big
                out.add(base[:-1])
    return frozenset(out)


def _meanings(text: str, lang: str) -> list[tuple[int, int, frozenset[str], frozenset[str]]]:
    """(start, end, antonym-table words it may mean, all its English stems) for each word."""
    lex = bilingual.lexicon(lang) if cues.base_lang(lang) != "en" else None
    max_chars = int(bilingual.shape()["max_word_chars"])
    out = []
    for s, e in bilingual.word_spans(text, lex, max_chars):
        if not _content_word(text[s:e], lang):
            continue
        gl = bilingual.glosses(text[s:e], lang)
        out.append((s, e, frozenset(w for g in gl for w in _table_words(g)),
                    frozenset(bilingual.stem(g) for g in gl)))
    return out


def _content_word(word: str, lang: str) -> bool:
    """Not a particle, inflection or function word (a Zipf above MAX_ZIPF, kana of one or two
    characters in Japanese), nor a lone Chinese character."""
    if len(word) <= 2 and all("\u3040" <= c <= "\u30ff" for c in word):
        return False
    if len(word) == 1 and not word.isascii():
        return False  # one Chinese character: a part of many words, glossed with all their senses
    return bilingual.zipf(word, lang) <= MAX_ZIPF


HEAD = 5  # letters of a stem that make two English words one family (contract ~ contraction)


def _heads(words) -> frozenset[str]:
    """The first HEAD letters of every English stem the words may mean."""
    return frozenset(st[:HEAD] for _, _, _, stems in words for st in stems)


def _said(meaning: str, heads: frozenset[str]) -> bool:
    return bilingual.stem(meaning)[:HEAD] in heads


def _negations(text: str, lang: str) -> int:
    return len(cues.negation_units(text, lang))


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    sl, tl = pair.src.lang or "en", pair.tgt.lang or "en"
    langs = {cues.base_lang(sl), cues.base_lang(tl)}
    if pair.same_lang or "en" not in langs or any(x != "en" and bilingual.lexicon(x) is None
                                                  for x in langs):
        # same language: the phrase diff names the change; no lexicon: no meanings; two
        # languages other than English meet through two dictionaries' English, and their
        # noise (a gloss of each word's rarest sense) makes more false reversals than real ones
        return
    table = antonyms()
    for seg in pair.matched():
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        src = _meanings(s_txt, sl)
        s_all = frozenset().union(*(m for _, _, m, _ in src))
        if not s_all:
            continue
        tgt = _meanings(t_txt, tl)
        if _negations(s_txt, sl) != _negations(t_txt, tl):
            continue
        s_heads = _heads(src)
        t_heads = _heads(tgt)
        for ts, te, means, _ in tgt:
            # the opposite said in the source and not in the translation; what the
            # translation says not in the source (derived words count: "contraction")
            if any(_said(m, s_heads) for m in means):
                continue
            hit = next(((m, a, s, e) for m in sorted(means) for a in sorted(table[m])
                        if a in s_all
                        for s, e, sm, _ in src if a in sm and not any(_said(x, t_heads) for x in sm)),
                       None)
            if hit is None:
                continue
            meant, said, ss, se = hit
            s0, t0 = seg.src_span[0], seg.tgt_span[0]
            yield RULE.finding(t0 + ts, t0 + te,
                               f"'{t_txt[ts:te]}' means '{meant}'; the source's '{s_txt[ss:se]}' "
                               f"means '{said}', its opposite",
                               said if t_txt[ts:te].lower() == meant else "",
                               {"target_meaning": meant, "source_meaning": said}, 0.6,
                               s0 + ss, s0 + se)
