"""Same-language alignment (a story against the story it was derived from): chrF similarity.

Similarity: sacrebleu's chrF (computed in bulk by `chrf.NgramIndex`) between units of 1..3
joined sentences, averaged over both directions, divided by 100. Everything else --
anchors, moved paragraphs, the DP -- is core.align_units. Defaults were tuned on the
Text+Berg development article (Google's 2010 French MT of the German, against the French
original) only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chrf import NgramIndex, f_score, ngram_keys, sym_chrf_pairs
from .core import FULL_CELLS, Params, align_gaps, align_units, join_candidates, probe_entries
from .model import Link


@dataclass
class SameParams(Params):
    fix_solid: bool = True  # large inputs: fix solid anchors, align the gaps between them


class ChrfSim:
    """chrF/100 (mean of both directions) between runs ("units") of 1..max_unit sentences.

    All units of both sides go into one NgramIndex; unit (s, a) is sentences s..s+a-1
    joined by a space. With spans (span_s, span_t, as core.solve takes them), a unit of a
    sentences at s is indexed only when span[s] >= a: solve never asks for the others
    (they would cross a gap's end), and inside gaps they are many. Lengths are kept for
    every unit.
    """

    def __init__(self, src: list[str], tgt: list[str], max_unit: int = 3,
                 spans: tuple[np.ndarray, np.ndarray] | None = None):
        n, m = len(src), len(tgt)
        self.n, self.m = n, m
        self.src, self.tgt = src, tgt
        texts: list[str] = []
        # per side and unit size: the index row of each unit start (-1: not indexed), and
        # each unit's length without white space (its sentences' lengths added up)
        self.rows: tuple[dict[int, np.ndarray], dict[int, np.ndarray]] = ({}, {})
        self.unit_len: tuple[dict[int, np.ndarray], dict[int, np.ndarray]] = ({}, {})
        for side, sents in ((0, src), (1, tgt)):
            lens = np.fromiter((len("".join(x.split())) for x in sents), np.float64, len(sents))
            ends = np.concatenate([[0.0], np.cumsum(lens)])
            for a in range(1, max_unit + 1):
                count = max(len(sents) - a + 1, 0)
                starts = np.arange(count)
                if spans is not None and a > 1:
                    starts = np.flatnonzero(spans[side] >= a)
                rows = np.full(count, -1, dtype=np.int64)
                rows[starts] = len(texts) + np.arange(starts.size)
                self.rows[side][a] = rows
                self.unit_len[side][a] = ends[a:a + count] - ends[:count]
                texts.extend(" ".join(sents[i:i + a]) for i in starts.tolist())
        self.index = NgramIndex(texts)
        self.full: dict[tuple[int, int], np.ndarray] | None = None

    def count(self, side: int, a: int) -> int:
        return max((self.n if side == 0 else self.m) - a + 1, 0)

    def compute_full(self, types) -> None:
        """Precompute the similarity of every pair of units for each type: small inputs only."""
        wanted = set(types) | {(1, 1)}
        self.full = self._by_target_size({a: np.arange(self.count(0, a)) for a, _ in wanted},
                                         {b: np.arange(self.count(1, b)) for _, b in wanted},
                                         wanted)

    def _by_target_size(self, units_s: dict, units_t: dict, types) -> dict:
        """Similarities of units_s[a] x units_t[b] for each type (a, b): one block per target
        unit size, against the source units of every size paired with it. Matches are
        integer counts, the same whatever the blocks; on whole texts this beats one block
        per type (the target side is prepared once) and one for all sizes (no pair of sizes
        that no type asks for is computed)."""
        out = {}
        for b in sorted({b for _, b in types}):
            sizes = sorted({a for a, bb in types if bb == b})
            rows = [self.src_rows(a, units_s[a]) for a in sizes]
            stats = self.index.stats_block(np.concatenate(rows), self.tgt_rows(b, units_t[b]))
            allv = f_score(stats, symmetric=True) / 100.0
            ends = np.cumsum([r.size for r in rows])
            for a, r, end in zip(sizes, rows, ends):
                out[(a, b)] = allv[end - r.size:end]
        return out

    def src_rows(self, a: int, starts: np.ndarray) -> np.ndarray:
        return self._rows(0, a, starts)

    def tgt_rows(self, b: int, starts: np.ndarray) -> np.ndarray:
        return self._rows(1, b, starts)

    def _rows(self, side: int, a: int, starts: np.ndarray) -> np.ndarray:
        rows = self.rows[side][a][starts]
        if rows.size and rows.min() < 0:
            raise KeyError(f"ChrfSim: a unit of {a} sentences that was not indexed")
        return rows

    def block(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        if self.full is not None and (a, b) in self.full:
            return self.full[(a, b)][np.ix_(s, t)]
        stats = self.index.stats_block(self.src_rows(a, s), self.tgt_rows(b, t))
        return f_score(stats, symmetric=True) / 100.0

    def multi(self, units_s: dict, units_t: dict, types) -> dict:
        """Similarities for several link types at once: one n-gram join per order (on the
        small blocks of a corridor, one call beats one per target unit size, see
        _by_target_size, even with the pairs of sizes no type asks for)."""
        if self.full is not None and all(t in self.full for t in types):
            return {(a, b): self.full[(a, b)][np.ix_(units_s[a], units_t[b])] for a, b in types}
        sa = sorted(units_s)
        tb = sorted(units_t)
        rows = np.concatenate([self.src_rows(a, units_s[a]) for a in sa])
        cols = np.concatenate([self.tgt_rows(b, units_t[b]) for b in tb])
        allv = f_score(self.index.stats_block(rows, cols), symmetric=True) / 100.0
        ro = dict(zip(sa, np.cumsum([0] + [units_s[a].size for a in sa])))
        co = dict(zip(tb, np.cumsum([0] + [units_t[b].size for b in tb])))
        return {(a, b): allv[ro[a]:ro[a] + units_s[a].size, co[b]:co[b] + units_t[b].size]
                for a, b in types}

    def pairs(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        if self.full is not None and (a, b) in self.full:
            return self.full[(a, b)][s, t]
        stats = self.index.stats_pairs(self.src_rows(a, s), self.tgt_rows(b, t))
        return f_score(stats, symmetric=True) / 100.0

    def candidates(self):
        return candidates(self.src, self.tgt)

    def len_src(self, a: int, s: np.ndarray) -> np.ndarray:
        return self.unit_len[0][a][s]

    def len_tgt(self, b: int, t: np.ndarray) -> np.ndarray:
        return self.unit_len[1][b][t]

    def value(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """The score reported on a link: chrF/100 of the joined sentences (both directions)."""
        return self.pairs(a, b, s, t)


def candidates(src: list[str], tgt: list[str], k: int = 5, max_df: int = 4, per_row: int = 3):
    """Candidate 1-1 pairs sharing rare character k-grams (for inputs too large to compare
    every pair)."""
    # one side at a time: the k-grams of a side are the largest arrays of the search
    probes_s = probe_entries(*ngram_keys(src, k), max_df)
    probes_t = probe_entries(*ngram_keys(tgt, k), max_df)
    return join_candidates(probes_s, probes_t, len(tgt), per_row)


class SentencePairs:
    """The similarity of single sentences for large inputs, with no index kept.

    Only what the anchor search needs (core.plan, align_gaps): candidate pairs, chrF of
    listed pairs (sym_chrf_pairs, slice by slice) and lengths. Memory stays bounded by a
    slice whatever the input size, where an index of every n-gram of both texts grows
    with it (some 170 MB for 20,000 sentences a side).
    """

    full = None

    def __init__(self, src: list[str], tgt: list[str]):
        self.src, self.tgt = src, tgt
        self.n, self.m = len(src), len(tgt)
        self.lengths = [np.fromiter((len("".join(x.split())) for x in side), np.float64,
                                    count=len(side)) for side in (src, tgt)]

    def candidates(self):
        return candidates(self.src, self.tgt)

    def pairs(self, a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        assert a == b == 1  # single sentences only
        return sym_chrf_pairs(self.src, self.tgt, s, t)

    value = pairs

    def len_src(self, a: int, s: np.ndarray) -> np.ndarray:
        assert a == 1
        return self.lengths[0][s]

    def len_tgt(self, b: int, t: np.ndarray) -> np.ndarray:
        assert b == 1
        return self.lengths[1][t]


def align_same(src: list[str], tgt: list[str], p: SameParams | None = None):
    p = p or SameParams()
    max_unit = 3 if p.triples else 2
    if len(src) * len(tgt) <= FULL_CELLS or not p.fix_solid:
        links, info = align_units(ChrfSim(src, tgt, max_unit), p)
    else:
        def make_sim(si, tj, spans=None):
            return ChrfSim([src[i] for i in si], [tgt[j] for j in tj], max_unit, spans)
        links, info = align_gaps(SentencePairs(src, tgt), make_sim, p)
    return [Link(s, t, v) for s, t, v in links], info
