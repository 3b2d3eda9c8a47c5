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

Another language is another file: corpora/bilingual/de-en.tsv would make German sources
count too, with no code change. Loaded lazily (only `mtqa score` with a source asks), and
kept in the on-disk cache as a block-wise Table, so loading costs a few ms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .. import resources, tokens
from ..langid import script_of
from ..languages import base

# Scripts written without spaces between words: segmented by the lexicon's keys.
_UNSPACED_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
Entry = tuple[float, tuple[str, ...]]  # (zipf of the source word, English lemmas)


def _parse(text: str) -> Entry:
    z, *lemmas = text.split(" ")
    if not lemmas:
        raise ValueError("a lexicon entry without lemmas")
    return float(z), tuple(lemmas)


def _show(entry: Entry) -> str:
    return " ".join((f"{entry[0]:g}", *entry[1]))


def _read(p) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for _, line in resources.data_lines(p):
        word, zipf, lemmas = line.split("\t")
        out[word] = (float(zipf), tuple(lemmas.split(" ")))
    return out


def lexicon(src_lang: str, tgt_lang: str = "en") -> Mapping[str, Entry] | None:
    """source word -> (zipf, English lemmas), or None when no lexicon is shipped."""
    return _lexicon(base(src_lang), base(tgt_lang))


@functools.cache
def _lexicon(src_lang: str, tgt_lang: str) -> Mapping[str, Entry] | None:
    if not src_lang or not tgt_lang:
        return None
    p = resources.path("bilingual", f"{src_lang}-{tgt_lang}.tsv")
    if not p.exists():
        return None
    build = functools.partial(_read, p)
    return resources.disk_cached(
        f"bilingual-{src_lang}-{tgt_lang}", [p, __file__], build, resources.TABLE,
        lambda d, texts: resources.Table.to_json(d, texts, _show),
        lambda data, texts: resources.Table.from_json(data, texts, _parse, texts.fresh))


_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def source_language(src: str, given: str = "") -> str:
    """The source's language: as given, else guessed from its script: Han -> zh, also when
    Latin names outnumber the Chinese characters ("NBA球星LeBron James宣布退役"), but not
    with kana or hangul (Japanese and Korean write Han too); else ""."""
    if given:
        return given
    if script_of(src) == "han":
        return "zh"
    return "zh" if _UNSPACED_RUN.search(src) and not _KANA_HANGUL.search(src) else ""


# -- source side -----------------------------------------------------------------------------

def segment(text: str, lex: Mapping[str, Entry], max_chars: int) -> list[str]:
    """The source's words: runs of unspaced script cut by forward maximum matching over the
    lexicon's keys (a character no key starts with stands alone); other words as tokens."""
    out: list[str] = []
    pos = 0
    for m in _UNSPACED_RUN.finditer(text):
        out += [w for w in tokens.words(text[pos:m.start()]) if w.isalpha()]
        run, i = m.group(), 0
        while i < len(run):
            n = next((k for k in range(min(max_chars, len(run) - i), 1, -1)
                      if run[i:i + k] in lex), 1)
            out.append(run[i:i + n])
            i += n
        pos = m.end()
    out += [w for w in tokens.words(text[pos:]) if w.isalpha()]
    return out


# -- target side: words reduced to a common stem ---------------------------------------------

@functools.cache
def _irregular() -> dict[str, str]:
    """Irregular English verb forms -> base ("met" -> "meet"), from the mechanics list."""
    out: dict[str, str] = {}
    for row in resources.read_tsv(resources.path("mechanics", "en-irregular-verbs.tsv")):
        for form in (row["past"] + "|" + row["participle"]).split("|"):
            out.setdefault(form, row["base"])
    return out


@functools.cache
def stem(word: str) -> str:
    """A light English stem, the same for a lemma and its regular inflections: talks/talked/
    talking -> talk, cities -> citi, city -> citi, used/using/use -> us. Only ever compared
    with another stem() result, so it need not be a word."""
    w = _irregular().get(word, word)
    for suffix, repl in (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith(("ss", "us", "is")):
            w = w[:-len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":  # running -> runn -> run
        w = w[:-1]
    if w.endswith("y"):
        w = w[:-1] + "i"
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


@functools.cache
def _function_words() -> frozenset[str]:
    return resources.word_set("mechanics", "en-function-words.txt")


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


def weight(zipf: float, shape: Mapping) -> float:
    w = float(shape["top_zipf"]) - zipf
    return min(max(w, float(shape["min_weight"])), float(shape["max_weight"]))


def coverage(src: str, tgt: str, lex: Mapping[str, Entry], shape: Mapping) -> Coverage:
    """The lexical coverage of tgt against src, given the source language's lexicon.

    A lemma matches a target word of the same stem, or of the same first `prefix` letters
    when both stems are that long (legislate ~ legislators, precise ~ precision): the
    lexicon's glosses name a word's family, not the form a translator chose."""
    k, max_zipf = int(shape["prefix"]), float(shape["max_zipf"])
    tgt_words = [w for w in tokens.words(tgt) if w.isalpha()]
    tgt_stems = {stem(w) for w in tgt_words}
    tgt_heads = {s[:k] for s in tgt_stems if len(s) >= k}
    src_low = src.lower()
    total = covered = 0.0
    missing: list[tuple[float, str]] = []
    explains: set[str] = set()
    for w in segment(src, lex, int(shape["max_word_chars"])):
        entry = lex.get(w)
        if entry is None:
            continue
        stems = {stem(x) for x in entry[1]}
        explains |= stems
        if entry[0] > max_zipf:  # a particle or the like: its English is a function word
            continue
        wt = weight(entry[0], shape)
        total += wt
        if stems & tgt_stems or any(len(s) >= k and s[:k] in tgt_heads for s in stems):
            covered += wt
        else:
            missing.append((-wt, w))
    heads = {s[:k] for s in explains if len(s) >= k}
    content = [w for w in tgt_words if w not in _function_words() and len(w) > 1]
    explained = sum(1 for w in content if (s := stem(w)) in explains
                    or (len(s) >= k and s[:k] in heads) or w in src_low)
    return Coverage(total, covered, len(content), explained, [w for _, w in sorted(missing)[:5]])
