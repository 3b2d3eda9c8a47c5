"""Index terms and the first retrieval stage: a BM25 query of the terms that survive
translation.

Index terms are case- and accent-folded words and numbers ("1,200" and "1.200" are 1200;
"3.5" and "3,5" are 3p5), so that both number conventions and a lost accent still match.
The most common English words (Zipf >= INDEX_MAX_ZIPF) are not indexed: no query would
use them. A query is at most MAX_TERMS names, numbers and rare words of the document,
weighted by rarity in the collection and in English, OR-ed and ranked by BM25.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping

from .. import rx

INDEX_MAX_ZIPF = 5.6  # words at least this common in English are not indexed
QUERY_MAX_ZIPF = 5.0  # plain words at least this common never become query terms
MAX_TERMS = 48  # query terms OR-ed for BM25
MIN_TERMS = 12  # ... of which all but these are in at most COMMON_DF of the stories
COMMON_DF = 0.02
POSTINGS = 20000  # ... and whose postings (stories to score) add up to at most this
POOL = 20  # stories handed to the re-ranking (rank.py)

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_RE = rx.compile(f"[{_CJK}]")
# a number with separators ("1,200", "3.5", "12.03.2023") or a run of letters/digits
TERM = rx.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
_THOUSANDS = rx.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_MARKS = rx.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe",
                       "ı": "i", "þ": "th", "ð": "d", "ħ": "h"})


def fold(text: str) -> str:
    """Lower case without accents (ü -> u, ß -> ss); CJK and Hangul are kept as they are.

    Not checks.names.fold: that one is NFKD without recomposing, which splits Hangul into
    jamo and drops kana voicing marks; index terms must keep those characters whole.
    """
    text = text.lower()
    if text.isascii():
        return text
    text = _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_FOLD)))
    return unicodedata.normalize("NFC", text)


def _norm_number(tok: str) -> list[str]:
    """Index terms of a number token: thousands separators dropped, decimal point -> 'p'.

    "1,200" and "1.200" are 1200, "3.5" and "3,5" are 3p5, "1,200.50" and "1.200,50" are
    1200p50; a date like 12.03.2023 gives its parts.
    """
    if tok.isdigit():
        return [tok.lstrip("0") or "0"]
    if tok[0] != "0" and _THOUSANDS.fullmatch(tok):
        return [re.sub(r"[.,]", "", tok)]
    seps = [c for c in tok if c in ".,"]
    if len(seps) >= 2 and seps[-1] != seps[0] and len(set(seps[:-1])) == 1:
        whole, _, frac = tok.rpartition(seps[-1])
        if _THOUSANDS.fullmatch(whole):
            return [whole.replace(seps[0], "") + "p" + frac]
    parts = re.split(r"[.,]", tok)
    if len(parts) == 2:
        return [(parts[0].lstrip("0") or "0") + "p" + parts[1]]
    return [p.lstrip("0") or "0" for p in parts]


def split_term(tok: str) -> list[str]:
    """The index terms of one TERM match (already folded)."""
    if tok[0].isdigit() and not tok.isalnum():
        return _norm_number(tok)
    if tok.isdigit():
        return [tok.lstrip("0") or "0"]
    if not tok.isascii() and CJK_RE.search(tok):  # CJK: one term a character (no spaces)
        out: list[str] = []
        run: list[str] = []
        for ch in tok:
            if CJK_RE.match(ch):
                if run:
                    out.append("".join(run))
                    run = []
                out.append(ch)
            else:
                run.append(ch)
        if run:
            out.append("".join(run))
        return out
    return [tok]


@functools.cache
def zipf() -> Mapping[str, float]:
    """English word -> Zipf frequency: how little a word tells about a story."""
    from ..resources import word_freqs

    return word_freqs("en")


@functools.cache
def _index_stop() -> frozenset[str]:
    return frozenset(w for w, z in zipf().items() if z >= INDEX_MAX_ZIPF)


def index_terms(text: str) -> list[str]:
    """The terms a story is indexed under (with repeats, sorted)."""
    stop = _index_stop()
    out = []
    for tok in TERM.findall(fold(text)):
        if tok.isascii() and not tok[0].isdigit():  # most tokens: split_term keeps them whole
            if len(tok) > 1 and tok not in stop:
                out.append(tok)
            continue
        for t in split_term(tok):
            if (len(t) > 1 or t.isdigit() or CJK_RE.match(t)) and t not in stop:
                out.append(t)
    out.sort()
    return out


def candidate_terms(doc) -> dict[str, tuple[str, int]]:
    """term -> (kind, count) for every term of a rank.Profile that may go into the query:
    its names and numbers, and its words that are not common English."""
    z = zipf()
    out: dict[str, tuple[str, int]] = {}
    for t, c in doc.words.items():
        if z.get(t, 0.0) < QUERY_MAX_ZIPF:
            out[t] = ("word", c)
    for t, c in doc.nums.items():
        out[t] = ("num", c)
    for t, c in doc.names.items():
        if z.get(t, 0.0) < INDEX_MAX_ZIPF:
            out[t] = ("name", c + out.get(t, ("", 0))[1])
    return out


def choose_terms(terms: dict[str, tuple[str, int]], dfs: dict[str, int],
                 n: int) -> dict[str, float]:
    """The query: term -> weight, heaviest first, at most MAX_TERMS of them.

    A term weighs its collection idf, its rarity in English, its kind (a name or a long
    number tells more than a word) and its count. Terms in no story are dropped; common
    ones (long posting lists, little evidence) are left out once there are enough others.
    """
    weights = {}
    for t, (kind, tf) in terms.items():
        df = dfs.get(t, 0)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        z = zipf().get(t)
        rare = 1.0 + (INDEX_MAX_ZIPF - (z if z is not None else 2.0)) / 4.0
        bonus = {"name": 1.5, "num": 1.4 if len(t) > 2 else 0.8, "word": 1.0}[kind]
        weights[t] = idf * rare * bonus * (1.0 + 0.25 * math.log(tf))
    common = max(COMMON_DF * n, 50)
    chosen: dict[str, float] = {}
    postings = 0
    for t in sorted(weights, key=lambda t: (-weights[t], t)):
        if len(chosen) >= MIN_TERMS and (dfs[t] > common or postings + dfs[t] > POSTINGS):
            continue
        chosen[t] = weights[t]
        postings += dfs[t]
        if len(chosen) == MAX_TERMS:
            break
    return chosen
