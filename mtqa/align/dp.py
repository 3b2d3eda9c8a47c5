"""Monotone sentence alignment by dynamic programming inside a corridor.

State (i, j) means "the first i source and j target sentences are aligned". A link of type
(a, b) goes from (i - a, j - b) to (i, j); the DP maximises the sum of link scores.

Memory is bounded by the corridor: row i of the DP only holds columns lo[i]..hi[i]. A full
n x m grid is just the corridor lo = 0, hi = m, which callers use for small inputs only.
The corridor comes from anchors (`corridor`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

NEG = -1e18
# link types with sentences on both sides, in tie-breaking order (first wins)
PAIR_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (2, 1), (1, 2), (2, 2))


@dataclass
class Band:
    """Per DP row i (0..n) the inclusive column range [lo[i], hi[i]]."""

    lo: np.ndarray
    hi: np.ndarray

    def __post_init__(self):
        self.lo = np.asarray(self.lo, dtype=np.int64)
        self.hi = np.asarray(self.hi, dtype=np.int64)
        self.width = self.hi - self.lo + 1
        self.off = np.concatenate([[0], np.cumsum(self.width)])
        self.size = int(self.off[-1])

    @property
    def n(self) -> int:
        return self.lo.size - 1

    @property
    def m(self) -> int:
        return int(self.hi[-1])

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def corridor(n: int, m: int, points: Iterable[tuple[int, int]], slack: int = 3,
             max_gap_area: int = 40_000, band: int = 40) -> Band:
    """A corridor through monotone anchor states (i, j) (both non-decreasing).

    Between two consecutive anchor states the whole rectangle is allowed (plus `slack`
    columns either side), unless it is larger than max_gap_area cells: then a diagonal band
    of half-width max(band, |di - dj| / 2 + band / 2) across it.
    """
    pts = sorted(set([(0, 0), (n, m)] + [(int(i), int(j)) for i, j in points]))
    # keep a monotone chain only (callers pass monotone points; be defensive)
    chain = [pts[0]]
    for i, j in pts[1:]:
        if j >= chain[-1][1] and i >= chain[-1][0]:
            chain.append((i, j))
    if chain[-1] != (n, m):
        chain.append((n, m))
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i1, j1), (i2, j2) in zip(chain[:-1], chain[1:]):
        di, dj = i2 - i1, j2 - j1
        rows = np.arange(i1, i2 + 1)
        if (di + 1) * (dj + 1) <= max_gap_area or di == 0 or dj == 0:
            a = np.full(rows.size, j1 - slack)
            b = np.full(rows.size, j2 + slack)
        else:
            w = max(band, abs(di - dj) // 2 + band // 2)
            centre = j1 + (rows - i1) * (dj / di)
            a = np.floor(centre - w).astype(np.int64)
            b = np.ceil(centre + w).astype(np.int64)
            a[0] = min(a[0], j1 - slack)
            b[-1] = max(b[-1], j2 + slack)
        lo[rows] = np.minimum(lo[rows], a)
        hi[rows] = np.maximum(hi[rows], b)
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo[0] = 0
    hi[n] = m
    # monotone and connected: lo non-decreasing, hi non-decreasing, lo[i+1] <= hi[i] + 1 ...
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    return Band(lo, hi)


BlockFn = Callable[[dict], dict]


Chunk = tuple[int, int, dict[tuple[int, int], np.ndarray]]


def fill_band(band: Band, types: Iterable[tuple[int, int]], blocks: BlockFn,
              chunk: int = 64, max_cells: int = 1024) -> dict[tuple[int, int], np.ndarray]:
    """Score arrays over the whole band for each link type (a, b) with a, b >= 1 (see
    iter_band)."""
    types = list(types)
    out = {t: np.full(band.size, NEG, dtype=np.float64) for t in types}
    for r0, r1, part in iter_band(band, types, blocks, chunk, max_cells):
        for t in types:
            out[t][band.off[r0]:band.off[r1]] = part[t]
    return out


def iter_band(band: Band, types: Iterable[tuple[int, int]], blocks: BlockFn,
              chunk: int = 64, max_cells: int = 1024) -> Iterator[Chunk]:
    """Score arrays over the band, chunk by chunk of rows: (r0, r1, {type: scores of the
    band cells of rows r0..r1-1}).

    blocks({(a, b): (src_starts, tgt_starts), ...}) must return, for each requested type,
    the matrix of scores of the links src[s:s+a] x tgt[t:t+b] (len(src_starts),
    len(tgt_starts)); asking for all types of a chunk at once lets a similarity compute
    them together. Cells whose link would start before 0 get NEG. A chunk has at most
    `chunk` rows and about max_cells cells in its bounding rectangle, so that a narrow
    corridor is not computed as a wide rectangle.
    """
    n = band.n
    types = list(types)
    r0 = 0
    while r0 <= n:
        r1 = r0 + 1
        while (r1 <= n and r1 - r0 < chunk
               and (r1 + 1 - r0) * (band.hi[r1] - band.lo[r0] + 1) <= max_cells):
            r1 += 1
        c0, c1 = int(band.lo[r0]), int(band.hi[r1 - 1])
        rows = np.arange(r0, r1)
        # chunk-local positions of the chunk's band cells and their (row, col)
        widths = band.width[r0:r1]
        tot = int(widths.sum())
        ri = np.repeat(rows, widths)
        cj = np.repeat(band.lo[r0:r1] - (np.cumsum(widths) - widths), widths) + np.arange(tot)
        out = {t: np.full(tot, NEG, dtype=np.float64) for t in types}
        req = {}
        for (a, b) in types:
            s_lo, s_hi = max(r0 - a, 0), r1 - a  # src starts s = i - a for rows with i >= a
            t_lo, t_hi = max(c0 - b, 0), c1 - b + 1
            if s_hi > s_lo and t_hi > t_lo:
                req[(a, b)] = (np.arange(s_lo, s_hi), np.arange(t_lo, t_hi))
        mats = blocks(req) if req else {}
        for (a, b), (ss, ts) in req.items():
            ok = (ri - a >= 0) & (cj - b >= 0)
            si = ri[ok] - a - ss[0]
            tj = cj[ok] - b - ts[0]
            out[(a, b)][ok] = mats[(a, b)][si, tj]
        yield r0, r1, out
        r0 = r1


Links = list[tuple[tuple[int, ...], tuple[int, ...]]]


def align_band(band: Band, types: Iterable[tuple[int, int]], blocks: BlockFn,
               skip_src: np.ndarray, skip_tgt: np.ndarray) -> Links:
    """align_dp with the scores computed chunk by chunk as the DP reaches them (iter_band):
    the scores of the whole band are never held, only its back pointers (a byte a cell)."""
    types = list(types)
    order = [t for t in PAIR_TYPES if t in types] + [t for t in types if t not in PAIR_TYPES]
    return _dp(band, order, iter_band(band, order, blocks), skip_src, skip_tgt)


def align_dp(band: Band, pair_scores: dict[tuple[int, int], np.ndarray],
             skip_src: np.ndarray, skip_tgt: np.ndarray) -> Links:
    """Best monotone path through the band; returns links as (src indices, tgt indices).

    pair_scores[(a, b)][band cell of (i, j)] is the score of the link src[i-a:i] x
    tgt[j-b:j]; skip_src[i] / skip_tgt[j] the score of leaving a sentence unaligned.
    """
    types = [t for t in PAIR_TYPES if t in pair_scores] + \
        [t for t in pair_scores if t not in PAIR_TYPES]
    return _dp(band, types, iter([(0, band.n + 1, pair_scores)]), skip_src, skip_tgt)


def _dp(band: Band, types: list[tuple[int, int]], chunks: Iterator[Chunk],
        skip_src: np.ndarray, skip_tgt: np.ndarray) -> Links:
    """The DP of align_dp, reading the scores of each row from the chunk that holds it."""
    n, lo, hi, off = band.n, band.lo, band.hi, band.off
    r1, base = 0, 0
    part: dict[tuple[int, int], np.ndarray] = {}
    codes = {t: k for k, t in enumerate(types)}
    SKIP_S, SKIP_T = len(types), len(types) + 1
    back = np.full(band.size, -1, dtype=np.int8)
    rows: list = []
    reach = max([a for a, _ in types] + [1])  # rows further back than this are not needed
    skip_tgt = np.asarray(skip_tgt, dtype=np.float64)
    skip_src = np.asarray(skip_src, dtype=np.float64)
    for i in range(n + 1):
        if i >= r1:  # the next chunk of rows (scores of earlier chunks are dropped)
            r0, r1, part = next(chunks)
            base = int(off[r0])
        lo_i, h = int(lo[i]), int(hi[i])
        width = h - lo_i + 1
        cur = np.full(width, NEG)
        bp = np.full(width, -1, dtype=np.int8)
        if i == 0 and lo_i == 0:
            cur[0] = 0.0
        for t in types + [(1, 0)]:
            a, b = t
            if a > i:
                continue
            pl, ph = int(lo[i - a]), int(hi[i - a])
            j0, j1 = max(lo_i, pl + b), min(h, ph + b)
            if j1 < j0:
                continue
            prev = rows[i - a][j0 - b - pl: j1 - b - pl + 1]
            if t == (1, 0):
                cand = prev + skip_src[i - 1]
                code = SKIP_S
            else:
                at = int(off[i]) - base
                cand = prev + part[t][at + (j0 - lo_i): at + (j1 - lo_i) + 1]
                code = codes[t]
            seg = cur[j0 - lo_i: j1 - lo_i + 1]
            better = cand > seg
            if better.any():
                seg[better] = cand[better]
                bp[j0 - lo_i: j1 - lo_i + 1][better] = code
        # 0-1 links inside the row: cur'[j] = max_{j' <= j} cur[j'] + sum(skip_tgt[j'..j-1])
        if width > 1:
            q = np.concatenate([[0.0], np.cumsum(skip_tgt[lo_i:h])])
            v = cur - q
            acc = np.maximum.accumulate(v)
            moved = v < acc
            if moved.any():
                cur = np.where(moved, acc + q, cur)
                bp[moved] = SKIP_T
        back[off[i]: off[i] + width] = bp
        rows.append(cur)
        if i >= reach:
            rows[i - reach] = None
    # backtrace
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = n, band.m
    while i > 0 or j > 0:
        code = int(back[off[i] + j - lo[i]])
        if code == SKIP_T:
            links.append(((), (j - 1,)))
            j -= 1
        elif code == SKIP_S:
            links.append(((i - 1,), ()))
            i -= 1
        elif code >= 0:
            a, b = types[code]
            links.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
            i, j = i - a, j - b
        else:  # unreachable cell: cannot happen inside a connected band
            raise RuntimeError(f"alignment DP: no path through state ({i}, {j})")
    links.reverse()
    return links
