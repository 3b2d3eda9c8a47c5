"""Cross-language alignment: length prior + anchors + lexical evidence, no MT, no embeddings.

Every sentence becomes a set of "concepts", keys that a sentence and its translation are
likely to share:

- numbers, digits only ("8.847,60" and "8847.60" share "884760");
- identical words of 3+ letters, and words sharing their first four letters once accents are
  stripped (cognates: "Expedition" / "expédition", Simard et al. 1992);
- a consonant skeleton of capitalised words, so that transliterations of one name meet
  ("Zelensky" / "Selenskyj" -> "slnsk");
- punctuation that translations keep: ? ! quotes, brackets, colons;
- pairs from a bilingual lexicon, `corpora/lexicon/bilingual-<src>-<tgt>.tsv`, if present;
- word pairs learned from the document pair itself: after a first alignment, words that
  co-occur in confident 1-1 links are paired by Dice coefficient and competitive linking
  (each word keeps its best partner), and the pair is aligned again with them.

A unit's (1..3 joined sentences) similarity with a unit of the other side is the
IDF-weighted number of shared concepts over the units' token counts (a Dice-like ratio).
core.align_units adds the Gale-Church length prior, the margin over unrelated text, link
type penalties and the DP. Defaults were tuned on the Text+Berg de-fr development article
only. Languages written without spaces (zh, ja, th, ...) are cut into character bigrams.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .. import languages
from ..tokens import align_tokens as tokens  # (kind, text); CJK and Thai as character bigrams
from .core import Params, align_units, ranges, shared_code_candidates, sorted_set
from .model import Link

_QUOTES = set("\"«»“”„‟‹›")
# consonant classes for the skeleton of a name; vowels, h, w, y, j are dropped
_SKELETON = str.maketrans({
    "b": "p", "p": "p", "f": "f", "v": "f", "c": "k", "k": "k", "q": "k", "g": "k",
    "d": "t", "t": "t", "s": "s", "z": "s", "x": "s", "l": "l", "m": "n", "n": "n", "r": "r",
    "a": None, "e": None, "i": None, "o": None, "u": None, "y": None, "h": None, "w": None,
    "j": None,
})


@dataclass
class CrossParams(Params):
    """Defaults tuned on the Text+Berg de-fr development article only."""
    len_model: str = "gc"
    len_weight: float = 0.3
    sim_weight: float = 2.0
    no_match: float = 0.2
    skip: float = -0.6
    merge_penalty: float = 0.2
    merge22_penalty: float = 0.3
    merge3_penalty: float = 0.3
    anchor_min: float = 0.3
    non_monotone: bool = False  # cross-language anchors are too weak to move blocks
    w_num: float = 1.0
    w_word: float = 0.25  # identical words of 3+ letters
    w_prefix: float = 0.5  # same first four letters (accents stripped)
    w_skeleton: float = 0.1  # capitalised words with the same consonant skeleton
    w_punct: float = 0.15
    w_lexicon: float = 1.0
    # words of the two languages sharing an English gloss (mtqa.bilingual), where one side is
    # English: through two dictionaries (de-fr via English) the glosses cost alignment F1 on
    # the Text+Berg dev article (0.855 -> 0.843 at 0.5), so pairs without English get none
    w_gloss: float = 0.5
    w_learned: float = 1.5
    w_num_miss: float = 0.0  # similarity penalty per number found on one side only (max 3)
    idf_exp: float = 1.0  # concept weight *= idf ** idf_exp
    learn_rounds: int = 1
    learn_min_count: int = 2
    learn_min_dice: float = 0.3
    learn_keep: float = 1.0  # share of the previous pass's 1-1 links (best first) to learn from

    def concept_weights(self) -> ConceptWeights:
        return ConceptWeights(self.w_num, self.w_word, self.w_prefix, self.w_skeleton,
                              self.w_punct)


class ConceptWeights(NamedTuple):
    """The weights concepts() reads: hashable, so that a word's concepts can be cached."""

    w_num: float
    w_word: float
    w_prefix: float
    w_skeleton: float
    w_punct: float


@functools.lru_cache(maxsize=65536)
def _strip_accents(word: str) -> str:
    if word.isascii():  # most words of most languages: nothing to strip
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def concepts(toks: list[tuple[str, str]], p: CrossParams | ConceptWeights) -> dict[str, float]:
    """The language-independent keys of one sentence with their base weights."""
    out: dict[str, float] = {}

    def put(key: str, w: float) -> None:
        if w > 0 and out.get(key, 0.0) < w:
            out[key] = w

    for kind, tok in toks:
        if kind == "num":
            digits = "".join(ch for ch in tok if ch.isdigit())
            put("#" + digits, p.w_num)
        elif kind == "cjk":
            put("=" + tok, p.w_word)
        elif kind == "punct":
            put("P" + ("Q" if tok in _QUOTES else tok.replace("¿", "?").replace("¡", "!")),
                p.w_punct)
        else:
            low = tok.lower()
            norm = _strip_accents(low)
            if len(norm) >= 3:
                put("=" + norm, p.w_word)
            if len(norm) >= 4:
                put("^" + norm[:4], p.w_prefix)
                if tok[0].isupper():
                    skel = _skeleton(norm)
                    if len(skel) >= 3:
                        put("s" + skel, p.w_skeleton)
    return out


def _skeleton(norm: str) -> str:
    sk = norm.translate(_SKELETON)
    sk = "".join(ch for ch in sk if ch.isalpha())
    return re.sub(r"(.)\1+", r"\1", sk)


def words(toks: list[tuple[str, str]]) -> set[str]:
    return {t.lower() for k, t in toks if k in ("word", "cjk")}


class Csr(NamedTuple):
    """Per sentence, a set of integer ids: ids[indptr[i]:indptr[i + 1]], ascending."""

    indptr: np.ndarray
    ids: np.ndarray

    def rows(self) -> np.ndarray:
        """The sentence of each entry."""
        return np.repeat(np.arange(self.indptr.size - 1), np.diff(self.indptr))


@dataclass
class Side:
    """What the aligner keeps of one side's sentences, compactly: integer ids, no strings
    per sentence.

    keys: each sentence's concepts as ids into `concepts` (a concept's base weight follows
    from its first character, see concepts()); words: its lowercased words as ids into
    `vocab`, which is sorted (so a sentence's word ids are in the order of its words), for
    the lexicon and learned pairs; ntok / nnum / nchar: its tokens other than punctuation,
    numbers and characters other than white space.
    """

    concepts: list[str]
    keys: Csr
    vocab: list[str]
    words: Csr
    ntok: np.ndarray
    nnum: np.ndarray
    nchar: np.ndarray

    @property
    def n(self) -> int:
        return self.keys.indptr.size - 1

    @classmethod
    def build(cls, texts: list[str], p: CrossParams, lang: str = "") -> Side:
        """A text's tokens, concepts, words and glosses are those of its space-separated
        pieces put together (no token, number or word of the lexicons holds a space), so
        they are worked out once per distinct piece (_piece, _piece_glosses: the pieces of
        a language repeat far more than its sentences do), and a sentence's sets are the
        union of its pieces' sets, taken with numpy."""
        pieces = " ".join(texts).split(" ")
        row = np.repeat(np.arange(len(texts)),
                        np.fromiter((t.count(" ") + 1 for t in texts), np.int64, len(texts)))
        distinct = _index(pieces)
        occ = np.fromiter(map(distinct.__getitem__, pieces), np.int64, len(pieces))
        del pieces
        weights = p.concept_weights()
        info = [_piece(x, weights) for x in distinct]
        glosses = [_piece_glosses(x, lang) if lang else () for x in distinct]
        concepts = list(_index(k for keys in (*(x[0] for x in info), *glosses) for k in keys))
        vocab = sorted(_index(w for x in info for w in x[1]))
        keys = _union(row, occ, len(texts), [x[0] + g for x, g in zip(info, glosses)],
                      concepts)
        words = _union(row, occ, len(texts), [x[1] for x in info], vocab)
        is_num = np.array([k[0] == "#" for k in concepts], dtype=np.float64)
        nnum = np.bincount(keys.rows(), weights=is_num[keys.ids], minlength=len(texts))
        tok = np.array([x[2] for x in info], dtype=np.float64)
        ntok = np.bincount(row, weights=tok[occ], minlength=len(texts))
        nchar = np.array([len("".join(x.split())) for x in texts], dtype=np.float64)
        return cls(concepts, keys, vocab, words, ntok, nnum, nchar)


def _index(items) -> dict:
    """Each distinct item -> its position among them (first occurrence order)."""
    return {x: k for k, x in enumerate(dict.fromkeys(items))}


def _union(row: np.ndarray, occ: np.ndarray, n_rows: int, per_piece: list[tuple[str, ...]],
           names: list[str]) -> Csr:
    """Per sentence, the ids (positions in names) of everything its pieces hold: row[e] is
    the sentence and occ[e] the distinct piece of piece occurrence e."""
    pos = {x: k for k, x in enumerate(names)}
    ptr = np.zeros(len(per_piece) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(x) for x in per_piece])
    flat = np.fromiter((pos[x] for items in per_piece for x in items), np.int64, int(ptr[-1]))
    entry, ids = _expand(ptr, flat, occ)
    return _csr(row[entry], ids, n_rows, len(names))


def _expand(ptr: np.ndarray, flat: np.ndarray, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lists flat[ptr[x]:ptr[x + 1]] of the items x = sel[e] one after the other: (e of
    each value, the values)."""
    cnt = ptr[sel + 1] - ptr[sel]
    return np.repeat(np.arange(sel.size), cnt), flat[ranges(ptr[sel], cnt)]


def _csr(rows: np.ndarray, ids: np.ndarray, n_rows: int, n_ids: int) -> Csr:
    """The sets of (row, id) entries (duplicates dropped) as a Csr."""
    key = sorted_set(rows * max(n_ids, 1) + ids)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(key // max(n_ids, 1), minlength=n_rows))
    return Csr(indptr, key % max(n_ids, 1))


@functools.lru_cache(maxsize=1 << 15)
def _piece(piece: str, weights: ConceptWeights) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """(concepts, lowercased words, tokens other than punctuation) of a text without spaces.
    Cached, its strings are shared by every sentence that holds the piece."""
    toks = tokens(piece)
    return (tuple(concepts(toks, weights)), tuple(words(toks)),
            sum(1 for k, _ in toks if k != "punct"))


@functools.lru_cache(maxsize=1 << 15)
def _piece_glosses(piece: str, lang: str) -> tuple[str, ...]:
    return tuple(gloss_keys(piece, lang))


def _base_weights(p: CrossParams) -> dict[str, float]:
    """A base concept's weight by its first character (as concepts() puts it)."""
    return {"#": p.w_num, "=": p.w_word, "^": p.w_prefix, "s": p.w_skeleton, "P": p.w_punct,
            "G": p.w_gloss}


def gloss_langs(src_lang: str, tgt_lang: str, p: CrossParams) -> tuple[str, str]:
    """The languages whose words get gloss concepts: both, when one of them is English and
    the other has a lexicon; else neither ("", "")."""
    from .. import bilingual

    s, t = languages.base(src_lang), languages.base(tgt_lang)
    if p.w_gloss <= 0 or "en" not in (s, t):
        return "", ""
    other = t if s == "en" else s
    return (s, t) if other == "en" or bilingual.lexicon(other) is not None else ("", "")


def gloss_keys(text: str, lang: str) -> set[str]:
    """"G" + the English stem of each meaning-bearing word's glosses: a Chinese sentence and
    its English translation share them through the dictionary's English."""
    from .. import bilingual

    return {"G" + st for st in bilingual.sentence_stems(text, lang)}


class LexSim:
    """Concept-overlap similarity between units of 1..max_unit sentences of each side."""

    def __init__(self, src: Side, tgt: Side, p: CrossParams, pairs: dict[tuple[str, str], float],
                 max_unit: int = 3):
        self.n, self.m = src.n, tgt.n
        self.max_unit = max_unit
        # pair concepts (lexicon and learned word pairs): present on both sides when their
        # source word is a word of the source and their target word one of the target
        wpos = [{w: k for k, w in enumerate(sd.vocab)} for sd in (src, tgt)]
        pair_w: dict[str, float] = {}
        live: list[tuple[str, int, int]] = []  # (concept, source word id, target word id)
        for (u, v), w in pairs.items():
            if w > 0:
                key = "L" + u + "\t" + v
                pair_w[key] = w
                if u in wpos[0] and v in wpos[1]:
                    live.append((key, wpos[0][u], wpos[1][v]))
        # concept ids: only concepts present on both sides matter
        shared = sorted((set(src.concepts) & set(tgt.concepts)) | {k for k, _, _ in live})
        cid = {k: i for i, k in enumerate(shared)}
        self.n_concepts = len(shared)
        self.is_num = np.array([k.startswith("#") for k in shared], dtype=np.float64)
        self.w_num_miss = p.w_num_miss
        base_w = _base_weights(p)
        weight = np.array([pair_w[k] if k in pair_w else base_w[k[0]] for k in shared],
                          dtype=np.float64)
        self.csr: list[Csr] = []
        df = np.zeros((2, len(shared)))
        pair_ids = np.array([cid[k] for k, _, _ in live], dtype=np.int64)
        for side, sd in enumerate((src, tgt)):
            to_shared = np.fromiter((cid.get(k, -1) for k in sd.concepts), np.int64,
                                    len(sd.concepts))
            base_ids = to_shared[sd.keys.ids]
            kept = base_ids >= 0
            # the pair concepts of each word of the side, then of each sentence
            word_of = np.array([x[1 + side] for x in live], dtype=np.int64)
            by_word = np.argsort(word_of, kind="stable")
            word_ptr = np.zeros(len(sd.vocab) + 1, dtype=np.int64)
            word_ptr[1:] = np.cumsum(np.bincount(word_of, minlength=len(sd.vocab)))
            entry, more = _expand(word_ptr, pair_ids[by_word], sd.words.ids)
            rows = np.concatenate([sd.keys.rows()[kept], sd.words.rows()[entry]])
            csr = _csr(rows, np.concatenate([base_ids[kept], more]), sd.n, len(shared))
            self.csr.append(csr)
            df[side] = np.bincount(csr.ids, minlength=len(shared))
        total = self.n + self.m
        idf = np.log1p(total / np.maximum(df[0] + df[1], 1.0))
        self.weight = weight * idf ** p.idf_exp
        # token counts per sentence (the normaliser)
        self.ntok = [src.ntok, tgt.ntok]
        self.nchar = [src.nchar, tgt.nchar]
        self.unit_tok = [self._unit_sum(self.ntok[0]), self._unit_sum(self.ntok[1])]
        self.unit_num = [self._unit_sum(src.nnum), self._unit_sum(tgt.nnum)]
        self.unit_chr = [self._unit_sum(self.nchar[0]), self._unit_sum(self.nchar[1])]
        self.full: dict[tuple[int, int], np.ndarray] | None = None

    def _unit_sum(self, per_sent: np.ndarray) -> dict[int, np.ndarray]:
        c = np.concatenate([[0.0], np.cumsum(per_sent)])
        return {a: c[a:] - c[:-a] if per_sent.size >= a else np.zeros(0)
                for a in range(1, self.max_unit + 1)}

    def count(self, side: int, a: int) -> int:
        return max((self.n if side == 0 else self.m) - a + 1, 0)

    # -- concept entries of units ------------------------------------------------------------
    def _entries(self, side: int, a: int, starts: np.ndarray):
        """(unit position, concept id) pairs, without duplicates, of units starting at `starts`."""
        indptr, ids = self.csr[side]
        locs, cons = [], []
        for k in range(a):
            rows = starts + k
            st = indptr[rows]
            ln = indptr[rows + 1] - st
            locs.append(np.repeat(np.arange(starts.size), ln))
            cons.append(ids[ranges(st, ln)])
        loc = np.concatenate(locs)
        con = np.concatenate(cons)
        if a > 1 and loc.size:
            key = sorted_set(loc * max(self.n_concepts, 1) + con)
            loc, con = key // max(self.n_concepts, 1), key % max(self.n_concepts, 1)
        return loc, con

    def _raw_block(self, a: int, b: int, s: np.ndarray, t: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
        """(weighted shared concepts, shared numbers) matrices for units s (a) x t (b); the
        second only with a penalty for missing numbers (w_num_miss)."""
        ls, cs = self._entries(0, a, s)
        lt, ct = self._entries(1, b, t)
        out = np.zeros((s.size, t.size))
        if cs.size == 0 or ct.size == 0:
            return out, out
        common = np.intersect1d(sorted_set(cs), sorted_set(ct), assume_unique=True)
        if common.size == 0:
            return out, out
        ks = np.isin(cs, common)
        kt = np.isin(ct, common)
        ps = np.searchsorted(common, cs[ks])
        pt = np.searchsorted(common, ct[kt])
        xs = np.zeros((s.size, common.size))
        xt = np.zeros((t.size, common.size))
        xs[ls[ks], ps] = 1.0
        xt[lt[kt], pt] = 1.0
        # shared numbers only count with a penalty for missing ones: no product otherwise
        num = (xs * self.is_num[common]) @ xt.T if self.w_num_miss else out
        return (xs * self.weight[common]) @ xt.T, num

    def _raw_pairs(self, a: int, b: int, s: np.ndarray, t: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
        ls, cs = self._entries(0, a, s)
        lt, ct = self._entries(1, b, t)
        if cs.size == 0 or ct.size == 0:
            return np.zeros(s.size), np.zeros(s.size)
        E = max(self.n_concepts, 1)
        key = np.concatenate([ls * E + cs, lt * E + ct])
        key.sort()
        dup = key[1:][key[1:] == key[:-1]]
        return (np.bincount(dup // E, weights=self.weight[dup % E], minlength=s.size),
                np.bincount(dup // E, weights=self.is_num[dup % E], minlength=s.size))

    def _dense(self, side: int, sizes, starts: dict, common: np.ndarray) -> dict:
        """Per unit size: binary (units x common concepts) matrices, from sentence rows."""
        lo = min(int(starts[a].min()) for a in sizes)
        hi = max(int(starts[a].max()) + a for a in sizes)
        indptr, ids = self.csr[side]
        con = ids[indptr[lo]:indptr[hi]]  # the sentences' concepts, one run of the CSR
        loc = np.repeat(np.arange(hi - lo), np.diff(indptr[lo:hi + 1]))
        pos = np.minimum(np.searchsorted(common, con), common.size - 1)
        keep = common[pos] == con
        x = np.zeros((hi - lo, common.size))
        x[loc[keep], pos[keep]] = 1.0
        out = {}
        for a in sizes:
            st = starts[a] - lo
            u = x[st].copy()
            for k in range(1, a):
                np.maximum(u, x[st + k], out=u)
            out[a] = u
        return out

    def _combine(self, a: int, b: int, s, t, raw, num, outer: bool) -> np.ndarray:
        """Similarity: shared concept weight over the units' token counts, minus a penalty
        for numbers found on one side only (numbers survive translation)."""
        ns, nt = self.unit_tok[0][a][s], self.unit_tok[1][b][t]
        us, ut = self.unit_num[0][a][s], self.unit_num[1][b][t]
        if outer:
            ns, nt, us, ut = ns[:, None], nt[None, :], us[:, None], ut[None, :]
        val = raw / (0.5 * (ns + nt) + 1.0)
        if self.w_num_miss:
            miss = np.minimum(np.maximum(us + ut - 2.0 * num, 0.0), 3.0)
            val = val - self.w_num_miss * miss
        return val

    # -- the similarity interface used by core ----------------------------------------------
    def compute_full(self, types) -> None:
        self.full = {}
        for a, b in set(types) | {(1, 1)}:
            s = np.arange(self.count(0, a))
            t = np.arange(self.count(1, b))
            self.full[(a, b)] = self._combine(a, b, s, t, *self._raw_block(a, b, s, t), True)

    def block(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        if self.full is not None and (a, b) in self.full:
            return self.full[(a, b)][np.ix_(s, t)]
        return self._combine(a, b, s, t, *self._raw_block(a, b, s, t), True)

    def pairs(self, a: int, b: int, s: np.ndarray, t: np.ndarray,
              slice_pairs: int = 16384) -> np.ndarray:
        if self.full is not None and (a, b) in self.full:
            return self.full[(a, b)][s, t]
        # in slices: the joined concept entries of all candidate pairs of a large input
        # would be hundreds of MB at once
        return np.concatenate([np.zeros(0)] + [
            self._combine(a, b, s[x:x + slice_pairs], t[x:x + slice_pairs],
                          *self._raw_pairs(a, b, s[x:x + slice_pairs], t[x:x + slice_pairs]),
                          False) for x in range(0, s.size, slice_pairs)])

    def multi(self, units_s: dict, units_t: dict, types) -> dict:
        """Similarities for several link types at once (one concept gather per side)."""
        if self.full is not None and all(t in self.full for t in types):
            return {(a, b): self.full[(a, b)][np.ix_(units_s[a], units_t[b])] for a, b in types}
        (ips, ids_s), (ipt, ids_t) = self.csr

        def span_ids(ip, ids, starts):
            lo = min(int(v.min()) for v in starts.values())
            hi = max(int(v.max()) + a for a, v in starts.items())
            return ids[ip[lo]:ip[hi]]

        common = np.intersect1d(sorted_set(span_ids(ips, ids_s, units_s)),
                                sorted_set(span_ids(ipt, ids_t, units_t)), assume_unique=True)
        out = {}
        if common.size == 0:
            for a, b in types:
                z = np.zeros((units_s[a].size, units_t[b].size))
                out[(a, b)] = self._combine(a, b, units_s[a], units_t[b], z, z, True)
            return out
        xs = self._dense(0, sorted(units_s), units_s, common)
        xt = self._dense(1, sorted(units_t), units_t, common)
        w = self.weight[common]
        isn = self.is_num[common]
        for a, b in types:
            raw = (xs[a] * w) @ xt[b].T
            num = (xs[a] * isn) @ xt[b].T if self.w_num_miss else raw
            out[(a, b)] = self._combine(a, b, units_s[a], units_t[b], raw, num, True)
        return out

    def candidates(self, max_df: int = 3, per_row: int = 3):
        (ips, ids_s), (ipt, ids_t) = self.csr
        rs = np.repeat(np.arange(self.n), np.diff(ips))
        rt = np.repeat(np.arange(self.m), np.diff(ipt))
        return shared_code_candidates(rs, ids_s, rt, ids_t, self.m, max_df, per_row,
                                      rarest=4, df_cap=50)

    def len_src(self, a: int, s: np.ndarray) -> np.ndarray:
        return self.unit_chr[0][a][s]

    def len_tgt(self, b: int, t: np.ndarray) -> np.ndarray:
        return self.unit_chr[1][b][t]

    def value(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Reported link score: the concept-overlap ratio, capped to [0, 1]."""
        return np.clip(self.pairs(a, b, s, t), 0.0, 1.0)


# -- lexicons -----------------------------------------------------------------------------------
def _lexicon_dir():
    from ..resources import corpora_dir

    try:
        return corpora_dir() / "lexicon"
    except FileNotFoundError:
        return None


def load_lexicon(src_lang: str, tgt_lang: str, base=None) -> dict[tuple[str, str], float]:
    """Word pairs from corpora/lexicon/bilingual-<src>-<tgt>.tsv (or the reverse file).

    Format: one pair per line, `source<TAB>target[<TAB>weight]`, '#' comments; words are
    lowercased; weight defaults to 1. No file: an empty lexicon.
    """
    base = _lexicon_dir() if base is None else base
    src_lang, tgt_lang = languages.base(src_lang), languages.base(tgt_lang)
    out: dict[tuple[str, str], float] = {}
    if base is None:
        return out
    for name, flip in ((f"bilingual-{src_lang}-{tgt_lang}.tsv", False),
                       (f"bilingual-{tgt_lang}-{src_lang}.tsv", True)):
        f = base / name
        try:
            text = f.read_text(encoding="utf-8")
        except (FileNotFoundError, OSError):
            continue
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                raise ValueError(f"{name}:{lineno}: expected 'source<TAB>target[<TAB>weight]'")
            u, v = parts[0].strip().lower(), parts[1].strip().lower()
            try:
                w = float(parts[2]) if len(parts) > 2 and parts[2].strip() else 1.0
            except ValueError:
                raise ValueError(f"{name}:{lineno}: weight {parts[2]!r} is not a number") from None
            if flip:
                u, v = v, u
            out[(u, v)] = max(out.get((u, v), 0.0), w)
        break
    return out


# -- learning word pairs from the document pair ----------------------------------------------------
def learn_pairs(src: Side, tgt: Side, links, p: CrossParams) -> dict[tuple[str, str], float]:
    """Word pairs from confident 1-1 links: Dice coefficient + competitive linking."""
    ones = [(s[0], t[0], v) for s, t, v in links if len(s) == 1 and len(t) == 1]
    if len(ones) < 4:
        return {}
    ones.sort(key=lambda x: -x[2])
    ones = ones[: max(4, int(len(ones) * p.learn_keep))]
    us_list, inv_s = _link_words(src, [i for i, _, _ in ones])
    ut_list, inv_t = _link_words(tgt, [j for _, j, _ in ones])
    if not inv_s or not inv_t:
        return {}
    sides = [(us, ut) for us, ut in zip(us_list, ut_list) if us.size and ut.size]
    if not sides:
        return {}
    cu = np.bincount(np.concatenate([a for a, _ in sides]), minlength=len(inv_s)).astype(float)
    cv = np.bincount(np.concatenate([b for _, b in sides]), minlength=len(inv_t)).astype(float)
    uk, cnt = _pair_counts(sides, len(inv_t), p.learn_min_count)
    u, v = uk // len(inv_t), uk % len(inv_t)
    dice = 2.0 * cnt / (cu[u] + cv[v])
    keep = dice >= p.learn_min_dice
    u, v, dice, cnt = u[keep], v[keep], dice[keep], cnt[keep]
    order = np.lexsort((-cnt, -dice))
    used_s: set[int] = set()
    used_t: set[int] = set()
    out: dict[tuple[str, str], float] = {}
    for k in order.tolist():
        iu, iv = int(u[k]), int(v[k])
        if iu in used_s or iv in used_t:
            continue
        used_s.add(iu)
        used_t.add(iv)
        ws, wt = inv_s[iu], inv_t[iv]
        if _strip_accents(ws) == _strip_accents(wt):
            continue  # already a concept
        out[(ws, wt)] = float(dice[k])
    return out


def _link_words(side: Side, sents: list[int]) -> tuple[list[np.ndarray], list[str]]:
    """The words of the given sentences (in that order, each sentence's sorted) as local ids
    numbered by first appearance, and the word of each local id: ids, and so tie-breaking,
    never depend on set order."""
    ptr, ids = side.words
    rows = np.asarray(sents, dtype=np.int64)
    _, seq = _expand(ptr, ids, rows)
    uniq, first = np.unique(seq, return_index=True)
    appear = np.argsort(first)  # positions in uniq, by first appearance
    local = np.empty(uniq.size, dtype=np.int64)
    local[appear] = np.arange(uniq.size)
    seq = local[np.searchsorted(uniq, seq)]
    cuts = np.cumsum(ptr[rows + 1] - ptr[rows])[:-1]
    return np.split(seq, cuts), [side.vocab[w] for w in uniq[appear]]


def _pair_counts(sides: list[tuple[np.ndarray, np.ndarray]], nv: int, min_count: int,
                 max_keys: int = 1 << 21) -> tuple[np.ndarray, np.ndarray]:
    """Keys u * nv + v (ascending) of the word pairs that co-occur in at least min_count
    links, and their counts. Nearly every pair is distinct, so all of them at once would be
    some 100 MB for 20,000 links: they are counted in parts by u, of about max_keys each."""
    total = sum(a.size * b.size for a, b in sides)
    parts = -(-total // max_keys)
    out_k, out_c = [], []
    for part in range(parts):
        keys = np.concatenate([np.zeros(0, np.int64)] + [
            (a[:, None] * nv + b[None, :]).ravel()
            for a, b in ((a[a % parts == part], b) for a, b in sides) if a.size])
        keys.sort()
        first = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) \
            if keys.size else np.zeros(0, np.int64)
        cnt = np.diff(np.append(first, keys.size))
        keep = cnt >= min_count
        out_k.append(keys[first[keep]])
        out_c.append(cnt[keep])
    uk, cnt = np.concatenate(out_k), np.concatenate(out_c)
    order = np.argsort(uk)
    return uk[order], cnt[order]


def align_cross(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str,
                p: CrossParams | None = None):
    p = p or CrossParams()
    g_src, g_tgt = gloss_langs(src_lang, tgt_lang, p)
    sides = Side.build(src, p, g_src), Side.build(tgt, p, g_tgt)
    max_unit = 3 if p.triples else 2
    lexicon = {k: v * p.w_lexicon for k, v in load_lexicon(src_lang, tgt_lang).items()}
    sim = LexSim(*sides, p, lexicon, max_unit)
    links, info = align_units(sim, p)
    learned: dict[tuple[str, str], float] = {}
    for _ in range(p.learn_rounds):
        learned = learn_pairs(sides[0], sides[1], links, p)
        if not learned:
            break
        pairs = dict(lexicon)
        for k, w in learned.items():
            pairs[k] = max(pairs.get(k, 0.0), w * p.w_learned)
        del sim  # the old one is not needed while the new one is built
        sim = LexSim(*sides, p, pairs, max_unit)
        links, info = align_units(sim, p)
    info = dict(info, lexicon=len(lexicon), learned=len(learned))
    return [Link(s, t, v) for s, t, v in links], info
