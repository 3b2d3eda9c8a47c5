"""A phrase-level diff of same-language pairs: names the changed phrase ('withdraw' -> 'step down').

Only a change of meaning-bearing words is reported: not a change of case, punctuation,
function words alone ("the" -> "a", "that" dropped), or one inflection of a word for another
("said" -> "says", "Regierung" -> "Regierungen"): a faithful rewrite makes those. Function
words are corpora/mechanics/en-function-words.txt for English and, for other languages, the
most frequent words (Zipf >= FUNCTION_ZIPF in corpora/lexicon/words-<lang>.tsv).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import bilingual, resources
from ..checks.context import Context
from ..checks.names import fold
from ..finding import Finding
from ..rules import Rule
from . import Pair
from .tokens import opcodes, toks

RULES = [
    Rule("diverge.changed-phrase", "accuracy/mistranslation", "minor",
         "A phrase of a same-language pair that the translation changed (token-level diff)."),
]
RULE = {r.id: r for r in RULES}

MAX_WORDS = 6  # longer replacements are rewrites, not changed phrases
MIN_SIMILARITY = 0.35  # only for pairs close enough that a diff means something
FUNCTION_ZIPF = 6.3
SAME_STEM = 5  # two words sharing this many first letters (accents folded) are one word's forms


def run(pair: Pair, ctx: Context) -> Iterator[Finding]:
    if not pair.same_lang:
        return
    for seg in pair.matched():
        if seg.score < MIN_SIMILARITY:
            continue
        s_txt, t_txt = pair.src_text(seg), pair.tgt_text(seg)
        s0, t0 = seg.src_span[0], seg.tgt_span[0]
        a, b = toks(s_txt), toks(t_txt)
        for tag, i1, i2, j1, j2 in opcodes(a, b):
            if tag != "replace" or i2 - i1 > MAX_WORDS or j2 - j1 > MAX_WORDS:
                continue
            if not _meaningful([t[0] for t in a[i1:i2]], [t[0] for t in b[j1:j2]], pair.tgt.lang or "en"):
                continue
            ss, se = a[i1][1], a[i2 - 1][2]
            ts, te = b[j1][1], b[j2 - 1][2]
            src_phrase, tgt_phrase = s_txt[ss:se], t_txt[ts:te]
            yield RULE["diverge.changed-phrase"].finding(t0 + ts, t0 + te,
                          f"'{src_phrase}' → '{tgt_phrase}'", src_phrase,
                          {"source_phrase": src_phrase, "pair_similarity": round(seg.score, 3)},
                          0.6, s0 + ss, s0 + se)


def _content(w: str, lang: str) -> bool:
    """A word of two letters or more that is not a function word of lang (English: the
    list; other languages: the most frequent words, which are their function words)."""
    low = w.lower()
    if len(w) < 2 or not w[0].isalnum():
        return False
    if lang == "en":
        return low not in bilingual.function_words()
    return resources.word_freqs(lang).get(low, 0.0) < FUNCTION_ZIPF


_CONTRACTED = {"won": "will", "ca": "can", "shan": "shall"}


def _expanded(words: list[str]) -> list[str]:
    """Contractions spelt out: "wasn't" is "was not", "won't" "will not"."""
    out: list[str] = []
    for w in words:
        low = w.lower().replace("’", "'")
        if low.endswith("n't") and len(low) > 3:
            out += [_CONTRACTED.get(low[:-3], low[:-3]), "not"]
        else:
            out.append(w)
    return out


def _same_figures(old: list[str], new: list[str], lang: str) -> bool:
    """Both sides are the same figures written otherwise ("500" / "five hundred")."""
    from .numbers import extract

    a, b = extract(" ".join(old), lang)[0], extract(" ".join(new), lang)[0]
    return bool(a) and sorted(f.value for f in a) == sorted(f.value for f in b)


def _meaningful(old: list[str], new: list[str], lang: str) -> bool:
    """Whether replacing the words old by new changes a meaning-bearing word."""
    lang = lang.split("-")[0]
    old, new = _expanded(old), _expanded(new)
    if _same_figures(old, new, lang):
        return False
    if "".join(fold(w) for w in old if w.isalnum()) == "".join(fold(w) for w in new if w.isalnum()):
        return False  # the same letters, spaced or cased otherwise ("l'aube" / "l' aube")
    olds = [fold(w) for w in old if _content(w, lang)]
    news = [fold(w) for w in new if _content(w, lang)]
    if not olds and not news:
        return False  # punctuation, case or function words only
    if len(olds) != len(news):
        return True
    # word for word the same words in another form: an inflection, not a new meaning
    return any(x[:SAME_STEM] != y[:SAME_STEM] and bilingual.stem(x) != bilingual.stem(y)
               for x, y in zip(olds, news))
