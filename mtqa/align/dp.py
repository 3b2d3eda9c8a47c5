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

    def cells(self, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of each band cell of rows r0..r1-1, in band order."""
        widths = self.width[r0:r1]
        ri = np.repeat(np.arange(r0, r1), widths)
        cj = np.repeat(self.lo[r0:r1] - (np.cumsum(widths) - widths), widths) + \
            np.arange(int(widths.sum()))
        return ri, cj

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
        ri, cj = band.cells(r0, r1)
        tot = ri.size
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
               skip_src: np.ndarray, skip_tgt: np.ndarray, chunk: int = 64,
               max_cells: int = 1024) -> Links:
    """align_dp with the scores computed chunk by chunk as the DP reaches them (iter_band):
    the scores of the whole band are never held, only its back pointers (a byte a cell)."""
    types = list(types)
    order = [t for t in PAIR_TYPES if t in types] + [t for t in types if t not in PAIR_TYPES]
    return _dp(band, order, iter_band(band, order, blocks, chunk, max_cells), skip_src,
               skip_tgt)


def align_dp(band: Band, pair_scores: dict[tuple[int, int], np.ndarray],
             skip_src: np.ndarray, skip_tgt: np.ndarray) -> Links:
    """Best monotone path through the band; returns links as (src indices, tgt indices).

    pair_scores[(a, b)][band cell of (i, j)] is the score of the link src[i-a:i] x
    tgt[j-b:j]; skip_src[i] / skip_tgt[j] the score of leaving a sentence unaligned.
    """
    types = [t for t in PAIR_TYPES if t in pair_scores] + \
        [t for t in pair_scores if t not in PAIR_TYPES]
    return _dp(band, types, iter([(0, band.n + 1, pair_scores)]), skip_src, skip_tgt)


def _sources(band: Band, ri: np.ndarray, cj: np.ndarray, steps: np.ndarray,
             w0: int) -> np.ndarray:
    """For each step (a, b) and band cell (ri, cj): the position, counted from band cell w0,
    of the state (i - a, j - b) the step comes from; -1 when that state is not in the band
    (every state of row i - a is at or after w0)."""
    pr = ri[None, :] - steps[:, :1]
    pc = cj[None, :] - steps[:, 1:]
    prc = np.maximum(pr, 0)
    plo = band.lo[prc]
    ok = (pr >= 0) & (pc >= plo) & (pc <= band.hi[prc])
    return np.where(ok, band.off[prc] + (pc - plo) - w0, -1)


def _dp(band: Band, types: list[tuple[int, int]], chunks: Iterator[Chunk],
        skip_src: np.ndarray, skip_tgt: np.ndarray) -> Links:
    """The DP of align_dp, reading the scores of each row from the chunk that holds it.

    Row by row, every link type at once: the states each type comes from are gathered into
    one (types + 1-0) x width matrix, and the best of each column taken with argmax (first
    wins on ties: the order of `types`, then 1-0). Only the values of the rows a link can
    reach back to are kept, in a window that moves with the chunks.
    """
    n, lo, hi, off = band.n, band.lo, band.hi, band.off
    steps = np.array(types + [(1, 0)], dtype=np.int64).reshape(-1, 2)
    n_pair = len(types)
    SKIP_S, SKIP_T = n_pair, n_pair + 1
    reach = int(steps[:, 0].max())  # rows further back than this are not needed
    back = np.full(band.size, -1, dtype=np.int8)
    skip_tgt = np.asarray(skip_tgt, dtype=np.float64)
    skip_from = np.concatenate([[NEG], np.asarray(skip_src, dtype=np.float64)])  # row i: i - 1
    r1 = w0 = 0
    vals = np.full(1, NEG)
    q_at, q = (-1, -1), np.zeros(1)
    for i in range(n + 1):
        if i >= r1:  # the next chunk of rows (scores of earlier chunks are dropped)
            r0, r1, part = next(chunks)
            base = int(off[r0])
            # one row per step: the link types' scores, then leaving source sentence i - 1 out
            ri, cj = band.cells(r0, r1)
            scores = np.stack([part[t] for t in types] + [skip_from[ri]])
            # the value window: rows r0 - reach .. r1 - 1, and a NEG for "not in the band"
            keep = int(off[max(r0 - reach, 0)])
            new = np.full(int(off[r1]) - keep + 1, NEG)
            new[:base - keep] = vals[keep - w0:base - w0]
            vals, w0 = new, keep
            src = _sources(band, ri, cj, steps, w0)
        lo_i, width = int(lo[i]), int(hi[i]) - int(lo[i]) + 1
        at = int(off[i]) - base
        cand = vals[src[:, at:at + width]]
        cand += scores[:, at:at + width]
        bp = cand.argmax(axis=0).astype(np.int8)
        cur = cand.max(axis=0)
        reached = cur > NEG
        if not reached.all():
            cur[~reached] = NEG
            bp[~reached] = -1
        if i == 0 and lo_i == 0:
            cur[0] = 0.0
        # 0-1 links inside the row: cur'[j] = max_{j' <= j} cur[j'] + sum(skip_tgt[j'..j-1])
        if width > 1:
            if q_at != (lo_i, width):  # rows of a full grid all share one
                q_at = (lo_i, width)
                q = np.concatenate([[0.0], np.cumsum(skip_tgt[lo_i:lo_i + width - 1])])
            v = cur - q
            acc = np.maximum.accumulate(v)
            moved = v < acc
            if moved.any():
                cur = np.where(moved, acc + q, cur)
                bp[moved] = SKIP_T
        start = int(off[i]) - w0
        vals[start:start + width] = cur
        back[off[i]: off[i] + width] = bp
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
