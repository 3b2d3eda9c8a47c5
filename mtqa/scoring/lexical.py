"""Lexical coverage: how much of the source's content the translation carries, word by word.

A bilingual lexicon (corpora/bilingual/<src>-en.tsv: source word -> zipf, English lemmas;
built by scripts/build_bilingual.py) gives each source word its possible translations. The
source is cut into lexicon words (forward maximum matching for unspaced scripts, plain
word tokens otherwise); a source word is *covered* when one of its lemmas, or an inflection
of one (plural, -ed, -ing), is in the target. Conversely a target content word is
*explained* when some source word has it among its lemmas (or the source holds it verbatim,
a Latin-script name). Numbers and digits are left to the `anchors` part of adequacy.

Source words are weighted by their rarity (a frequent word such as a particle carries
little content and is seldom translated by one English word): weight = clamp(top_zipf -
zipf, min_weight, max_weight), shapes in the [adequacy.lexical] table of model.toml.

Another language is another file (zh from CC-CEDICT; de, fr, es, ... from FreeDict), with no
code change. The lexicons, their lookup through inflection and the English stems are
mtqa.bilingual's (shared with the divergence checks); loaded lazily (only a comparison with a
source asks) and kept in the on-disk cache as block-wise Tables, so loading costs a few ms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import rx, tokens
from ..bilingual import (
    UNSPACED_RUN,
    Entry,
    _lexicon,
    found,
    function_words,
    heads,
    lexicon,
    lookup,
    stem,
    weight,
    word_spans,
)
from ..langid import script_of

__all__ = ["Coverage", "Entry", "_lexicon", "coverage", "lexicon", "segment", "source_language",
           "stem", "weight"]

_KANA_HANGUL = rx.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def source_language(src: str, given: str = "") -> str:
    """The source's language: as given, else guessed from its script: Han -> zh, also when
    Latin names outnumber the Chinese characters ("NBA球星LeBron James宣布退役"), but not
    with kana or hangul (Japanese and Korean write Han too); else ""."""
    if given:
        return given
    if script_of(src) == "han":
        return "zh"
    return "zh" if UNSPACED_RUN.search(src) and not _KANA_HANGUL.search(src) else ""


# -- source side -----------------------------------------------------------------------------

def segment(text: str, lex: Mapping[str, Entry], max_chars: int) -> list[str]:
    """The source's words, lowercased: runs of unspaced script cut by forward maximum matching
    over the lexicon's keys (a character no key starts with stands alone); other words as
    tokens (mtqa.bilingual.word_spans)."""
    return [text[s:e].lower() for s, e in word_spans(text, lex, max_chars)]


# -- coverage ----------------------------------------------------------------------------------

@dataclass
class Coverage:
    source_weight: float  # summed weight of the source's content words
    covered_weight: float  # of which some lemma is in the target
    target_words: int  # content words of the target
    explained: int  # of which some source word's lemma (or the source's own text)
    missing: list[str]  # source words not found, heaviest first (a few, for the message)

    @property
    def recall(self) -> float:
        return self.covered_weight / self.source_weight if self.source_weight else 1.0

    @property
    def precision(self) -> float:
        return self.explained / self.target_words if self.target_words else 1.0

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0


def coverage(src: str, tgt: str, lex: Mapping[str, Entry], shape: Mapping,
             lang: str = "") -> Coverage:
    """The lexical coverage of tgt (English) against src, given the source language's
    lexicon (lang: the source's language, whose inflections lookup() strips).

    A lemma matches a target word of the same stem, or of the same first `prefix` letters
    when both stems are that long (legislate ~ legislators, precise ~ precision): the
    lexicon's glosses name a word's family, not the form a translator chose."""
    k, max_zipf = int(shape["prefix"]), float(shape["max_zipf"])
    tgt_words = [w for w in tokens.words(tgt) if w.isalpha()]
    tgt_stems = {stem(w) for w in tgt_words}
    tgt_heads = heads(tgt_stems, k)
    src_low = src.lower()
    total = covered = 0.0
    missing: list[tuple[float, str]] = []
    explains: set[str] = set()
    for w in segment(src, lex, int(shape["max_word_chars"])):
        entry = lookup(w, lex, lang)
        if entry is None:
            continue
        stems = {stem(x) for x in entry[1]}
        explains |= stems
        if entry[0] > max_zipf:  # a particle or the like: its English is a function word
            continue
        wt = weight(entry[0], shape)
        total += wt
        if found(stems, tgt_stems, tgt_heads, k):
            covered += wt
        else:
            missing.append((-wt, w))
    ex_heads = heads(explains, k)
    content = [w for w in tgt_words if w not in function_words() and len(w) > 1]
    explained = sum(1 for w in content if found((stem(w),), explains, ex_heads, k) or w in src_low)
    return Coverage(total, covered, len(content), explained, [w for _, w in sorted(missing)[:5]])
