"""Words of Japanese and Chinese text, which is written without spaces.

The Document cuts a CJK run into single characters (mtqa.tokens); counting words needs the
words themselves. ``words()`` cuts each run of Han, kana and their marks into the most
probable sequence of words under a unigram model made of the language's shipped word list
(corpora/lexicon/words-<lang>.tsv: wordfreq's words as MeCab/jieba cut them, with Zipf
frequencies): a Viterbi search over the words that start at each character, a word's cost
being its -log10 probability (9 - Zipf). Cheap, deterministic and driven by data only.

A character no listed word covers becomes a one-character word of ``UNKNOWN_COST``, dearer
than any listed word, so a listed reading always wins; a katakana run may also be one
unknown word at twice that cost (a loanword or a name the list lacks reads as one word, not
as its kana, while listed words that cover the run still win).
"""

from __future__ import annotations

import functools
import re

from . import languages, resources, rx
from .tokens import Token

SEGMENTED = frozenset(languages.UNSPACED)
# -log10 P of a word the list lacks: as if its Zipf were 0, once per billion words, below
# the lists' rarest entries (Zipf ~2.8)
UNKNOWN_COST = 9.0
_MAX_LEN = 12  # longer list entries (a few set phrases) are not worth the look-ups

_KATAKANA = rx.compile(r"[\u30a0-\u30ff\u31f0-\u31ff]+")


@functools.cache
def _run() -> re.Pattern[str]:
    """A run of Han (with 々〆〇 and the compatibility block), hiragana, katakana with its
    prolonged sound mark and small ヶ; Document's tokens do not keep 々 with its kanji, this
    module does. Compiled on first use: its 28,000 code points cost milliseconds to compile,
    and only Japanese and Chinese texts need it."""
    return rx.compile(r"[\u3005-\u3007\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                      r"\u4e00-\u9fff\uf900-\ufaff]+")


@functools.cache
def _model(lang: str) -> tuple[dict[str, float], int]:
    """(word -> cost, longest word) of a language's word list; empty when not shipped."""
    freqs = resources.word_freqs(lang)
    costs = {w: 9.0 - z for w, z in freqs.items() if len(w) <= _MAX_LEN}
    return costs, max(map(len, costs), default=1)


def segment(run: str, lang: str) -> list[str]:
    """The most probable words of a run of CJK text (see the module doc)."""
    costs, longest = _model(lang)
    n = len(run)
    best = [0.0] + [float("inf")] * n  # best[i]: cheapest cut of run[:i]
    back = [0] * (n + 1)  # back[i]: where the last word of that cut starts
    kata_end = [0] * n  # for a katakana character: the end of its katakana run
    for m in _KATAKANA.finditer(run):
        for k in range(m.start(), m.end()):
            kata_end[k] = m.end()
    for i in range(n):
        base = best[i]
        # an unknown one-character word, and a whole katakana run as one unknown word
        for j, c in ((i + 1, UNKNOWN_COST), (kata_end[i], 2 * UNKNOWN_COST)):
            if j > i and base + c < best[j]:
                best[j], back[j] = base + c, i
        for j in range(i + 1, min(n, i + longest) + 1):
            cost = costs.get(run[i:j])
            if cost is not None and base + cost < best[j]:
                best[j], back[j] = base + cost, i
    out: list[str] = []
    j = n
    while j > 0:
        out.append(run[back[j]:j])
        j = back[j]
    return out[::-1]


def words(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of the CJK runs of text[start:end] as "word" Tokens (spans into text)."""
    out: list[Token] = []
    for m in _run().finditer(text, start, len(text) if end is None else end):
        pos = m.start()
        for w in segment(m.group(), lang):
            out.append(Token.of(pos, pos + len(w), w, "word"))
            pos += len(w)
    return out
