"""chrF in bulk: sacrebleu's sentence-level character n-gram F-score for many pairs at once.

`sacrebleu.sentence_chrf(hyp, [ref]).score` with its defaults (character order 6, word order
0, beta 2, whitespace removed, effective-order averaging) is reproduced exactly, but the
n-grams of every text are extracted once, with numpy, and the matches of a whole block of
pairs are counted together:

- every text's whitespace-free code points are packed into integer n-gram codes (a few bits
  per character, so an n-gram is one int64), and each text's distinct n-grams and their
  counts are found by sorting (text, code) keys;
- for a block of hypothesis rows against reference rows, the n-grams shared by many rows
  ("frequent") are expanded into occurrence indicators (the t-th occurrence of an n-gram is
  its own feature, so ``sum(min(a, b))`` becomes a dot product) and multiplied with BLAS;
  the others are joined pair by pair and summed with ``bincount``.

All counts are integers and the final arithmetic follows sacrebleu's order of operations,
so the values agree to the last bit or so (the test asserts 1e-6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

CHAR_ORDER = 6
BETA = 2
# A code shared by more than this many rows of the other side of a block goes to the dense
# (matrix product) path; rarer codes are joined pair by pair.
_DENSE_DF = 12


def _bits(n: int) -> int:
    return max(1, int(n).bit_length())


def _rank(x: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense ranks of x (equal values, equal ranks) and the number of distinct values."""
    if x.size == 0:
        return x.astype(np.int64), 0
    order = np.argsort(x, kind="stable")
    xs = x[order]
    new = np.empty(xs.size, dtype=bool)
    new[0] = True
    np.not_equal(xs[1:], xs[:-1], out=new[1:])
    ranks_sorted = np.cumsum(new) - 1
    ranks = np.empty(x.size, dtype=np.int64)
    ranks[order] = ranks_sorted
    return ranks, int(ranks_sorted[-1]) + 1


def _gather(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entry positions of the given rows in a CSR layout, and each entry's local row index."""
    starts = indptr[rows]
    lens = indptr[rows + 1] - starts
    total = int(lens.sum())
    local = np.repeat(np.arange(rows.size, dtype=np.int64), lens)
    if total == 0:
        return np.zeros(0, dtype=np.int64), local
    offsets = np.cumsum(lens) - lens
    pos = np.arange(total, dtype=np.int64) - np.repeat(offsets - starts, lens)
    return pos, local


@dataclass
class _Order:
    indptr: np.ndarray  # (rows + 1,) into codes/counts
    codes: np.ndarray  # int64, sorted within each row
    counts: np.ndarray  # int64, count of the code in that row
    totals: np.ndarray  # int64 per row: number of n-grams (len - k + 1, at least 0)


class NgramIndex:
    """Character n-gram counts (orders 1..order) of a list of texts, whitespace removed.

    Both sides of an alignment go into one index (they must share n-gram codes); rows are
    addressed by their position in `texts`.
    """

    def __init__(self, texts: Sequence[str], order: int = CHAR_ORDER):
        self.order = order
        self.n = len(texts)
        stripped = ["".join(t.split()) for t in texts]
        lengths = np.fromiter((len(s) for s in stripped), dtype=np.int64, count=self.n)
        self.lengths = lengths
        big = "".join(stripped)
        cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32) if big else \
            np.zeros(0, dtype=np.uint32)
        total = cp.size
        if total:
            present = np.zeros(int(cp.max()) + 1, dtype=np.int64)
            present[cp] = 1
            ids = np.cumsum(present)[cp]  # 1..alphabet
            alphabet = int(ids.max())
        else:
            ids = np.zeros(0, dtype=np.int64)
            alphabet = 1
        cbits = _bits(alphabet)
        rowbits = _bits(max(self.n, 1))
        rowid = np.repeat(np.arange(self.n, dtype=np.int64), lengths)
        starts = np.cumsum(lengths) - lengths
        remaining = (lengths[rowid] - (np.arange(total, dtype=np.int64) - starts[rowid]))
        # remaining[p]: characters from p to the end of its row (n-gram of order k starts at p
        # iff remaining[p] >= k)
        self.orders: list[_Order] = []
        code = ids.astype(np.int64)
        bits = cbits
        for k in range(1, order + 1):
            if k > 1:
                if bits + cbits > 62:
                    code, nuniq = _rank(code)
                    bits = _bits(nuniq)
                code = (code[:-1] << cbits) | ids[k - 1:]
                bits += cbits
            valid = remaining[: code.size] >= k
            c = code[valid]
            r = rowid[: code.size][valid]
            kb = bits
            if kb + rowbits > 62:
                c, nuniq = _rank(c)
                kb = _bits(nuniq)
            key = (r << kb) | c
            key.sort()
            if key.size:
                new = np.empty(key.size, dtype=bool)
                new[0] = True
                np.not_equal(key[1:], key[:-1], out=new[1:])
                first = np.flatnonzero(new)
                counts = np.diff(np.append(first, key.size))
                ukey = key[first]
            else:
                counts = np.zeros(0, dtype=np.int64)
                ukey = key
            urow = ukey >> kb
            ucode = ukey & ((1 << kb) - 1)
            if kb != bits:
                # codes were re-ranked for this key; keep ranks (consistent within the order)
                pass
            indptr = np.searchsorted(urow, np.arange(self.n + 1, dtype=np.int64))
            totals = np.maximum(lengths - k + 1, 0)
            self.orders.append(_Order(indptr, ucode, counts.astype(np.int64), totals))

    # -- matches --------------------------------------------------------------------------
    def match_block(self, k: int, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
        """Matrix (len(rows_a), len(rows_b)) of sum(min(count_a, count_b)) for order k (1-based)."""
        o = self.orders[k - 1]
        na, nb = rows_a.size, rows_b.size
        out = np.zeros((na, nb), dtype=np.float64)
        if na == 0 or nb == 0:
            return out
        pa, la = _gather(o.indptr, rows_a)
        pb, lb = _gather(o.indptr, rows_b)
        if pa.size == 0 or pb.size == 0:
            return out
        ca, cnta = o.codes[pa], o.counts[pa]
        cb, cntb = o.codes[pb], o.counts[pb]
        ob = np.argsort(cb, kind="stable")
        cb, cntb, lb = cb[ob], cntb[ob], lb[ob]
        lo = np.searchsorted(cb, ca, "left")
        hi = np.searchsorted(cb, ca, "right")
        deg = hi - lo  # rows of b sharing the code of each a-entry
        dense_a = deg > _DENSE_DF
        sparse_a = (deg > 0) & ~dense_a
        if sparse_a.any():
            sel = np.flatnonzero(sparse_a)
            d = deg[sel]
            tot = int(d.sum())
            ai = np.repeat(sel, d)
            offs = np.cumsum(d) - d
            bi = np.repeat(lo[sel] - offs, d) + np.arange(tot, dtype=np.int64)
            w = np.minimum(cnta[ai], cntb[bi]).astype(np.float64)
            out += np.bincount(la[ai] * nb + lb[bi], weights=w, minlength=na * nb).reshape(na, nb)
        if dense_a.any():
            sel = np.flatnonzero(dense_a)
            dcodes, dinv = np.unique(ca[sel], return_inverse=True)
            # b entries with a dense code
            pos = np.searchsorted(dcodes, cb)
            pos_c = np.minimum(pos, dcodes.size - 1)
            bsel = np.flatnonzero(dcodes[pos_c] == cb)
            binv = pos_c[bsel]
            width = np.zeros(dcodes.size, dtype=np.int64)
            np.maximum.at(width, dinv, cnta[sel])
            np.maximum.at(width, binv, cntb[bsel])
            off = np.cumsum(width) - width
            nf = int(width.sum())
            ia = np.zeros((na, nf), dtype=np.float32)
            ib = np.zeros((nb, nf), dtype=np.float32)
            _fill(ia, la[sel], off[dinv], cnta[sel])
            _fill(ib, lb[bsel], off[binv], cntb[bsel])
            out += ia @ ib.T
        return out

    def match_pairs(self, k: int, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
        """sum(min(count_a, count_b)) for order k for each pair (rows_a[p], rows_b[p])."""
        o = self.orders[k - 1]
        npairs = rows_a.size
        if npairs == 0:
            return np.zeros(0, dtype=np.float64)
        pa, la = _gather(o.indptr, rows_a)
        pb, lb = _gather(o.indptr, rows_b)
        codes = np.concatenate([o.codes[pa], o.codes[pb]])
        if codes.size == 0:
            return np.zeros(npairs, dtype=np.float64)
        cnt = np.concatenate([o.counts[pa], o.counts[pb]])
        pair = np.concatenate([la, lb])
        cr, ncodes = _rank(codes)
        key = pair * max(ncodes, 1) + cr
        order = np.argsort(key, kind="stable")
        ks = key[order]
        same = np.flatnonzero(ks[1:] == ks[:-1])
        w = np.minimum(cnt[order][same], cnt[order][same + 1]).astype(np.float64)
        return np.bincount(pair[order][same], weights=w, minlength=npairs)

    # -- scores ---------------------------------------------------------------------------
    def stats_block(self, rows_h: np.ndarray, rows_r: np.ndarray):
        """Per-order (hyp totals, ref totals, matches) for a block of pairs, broadcastable."""
        out = []
        for k in range(1, self.order + 1):
            o = self.orders[k - 1]
            m = self.match_block(k, rows_h, rows_r)
            out.append((o.totals[rows_h][:, None], o.totals[rows_r][None, :], m))
        return out

    def stats_pairs(self, rows_h: np.ndarray, rows_r: np.ndarray):
        out = []
        for k in range(1, self.order + 1):
            o = self.orders[k - 1]
            m = self.match_pairs(k, rows_h, rows_r)
            out.append((o.totals[rows_h], o.totals[rows_r], m))
        return out

    def chrf_block(self, rows_h, rows_r, beta: float = BETA) -> np.ndarray:
        """chrF (0-100) of hypothesis rows (axis 0) against reference rows (axis 1)."""
        rows_h = np.asarray(rows_h, dtype=np.int64)
        rows_r = np.asarray(rows_r, dtype=np.int64)
        return f_score(self.stats_block(rows_h, rows_r), beta)

    def chrf_pairs(self, rows_h, rows_r, beta: float = BETA) -> np.ndarray:
        rows_h = np.asarray(rows_h, dtype=np.int64)
        rows_r = np.asarray(rows_r, dtype=np.int64)
        return f_score(self.stats_pairs(rows_h, rows_r), beta)


def _fill(mat: np.ndarray, rows: np.ndarray, offs: np.ndarray, counts: np.ndarray) -> None:
    """mat[row, off:off+count] = 1 for each entry."""
    tot = int(counts.sum())
    if tot == 0:
        return
    r = np.repeat(rows, counts)
    starts = np.cumsum(counts) - counts
    cols = np.repeat(offs - starts, counts) + np.arange(tot, dtype=np.int64)
    mat[r, cols] = 1.0


def f_score(stats, beta: float = BETA, symmetric: bool = False) -> np.ndarray:
    """chrF from per-order statistics, in sacrebleu's order of operations (effective order).

    stats: a list (one per order) of (hyp totals, ref totals, matches), numpy-broadcastable.
    symmetric=True returns the mean of the scores in both directions (hyp<->ref).
    """
    if symmetric:
        back = [(r, h, m) for h, r, m in stats]
        return 0.5 * (f_score(stats, beta) + f_score(back, beta))
    factor = beta ** 2
    avg_prec = avg_rec = eff = None
    for n_hyp, n_ref, n_match in stats:
        both = (n_hyp > 0) & (n_ref > 0)
        # sacrebleu counts hyp n-grams only when the reference has n-grams of that order;
        # an order enters the averages only when both sides have n-grams of that order.
        with np.errstate(divide="ignore", invalid="ignore"):
            prec = np.where(both, n_match / np.where(both, n_hyp, 1), 0.0)
            rec = np.where(both, n_match / np.where(both, n_ref, 1), 0.0)
        if avg_prec is None:
            avg_prec, avg_rec, eff = prec, rec, both.astype(np.int64)
        else:
            avg_prec = avg_prec + prec
            avg_rec = avg_rec + rec
            eff = eff + both
    safe = np.maximum(eff, 1)
    avg_prec = np.where(eff > 0, avg_prec / safe, 0.0)
    avg_rec = np.where(eff > 0, avg_rec / safe, 0.0)
    s = avg_prec + avg_rec
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (1 + factor) * avg_prec * avg_rec
        score = score / (factor * avg_prec + avg_rec)
    return np.where(s > 0, 100.0 * score, 0.0)


def chrf_matrix(hyps: Sequence[str], refs: Sequence[str], beta: float = BETA) -> np.ndarray:
    """M[i, j] == sacrebleu.sentence_chrf(hyps[i], [refs[j]]).score, for all pairs.

    Dense: meant for blocks of up to a few thousand cells per side; the aligners use
    NgramIndex directly on bands and candidate lists.
    """
    idx = NgramIndex(list(hyps) + list(refs))
    h = np.arange(len(hyps), dtype=np.int64)
    r = np.arange(len(hyps), len(hyps) + len(refs), dtype=np.int64)
    return idx.chrf_block(h, r, beta)


def chrf_pairs(hyps: Sequence[str], refs: Sequence[str], beta: float = BETA) -> np.ndarray:
    """v[p] == sacrebleu.sentence_chrf(hyps[p], [refs[p]]).score (lists of equal length)."""
    if len(hyps) != len(refs):
        raise ValueError("hyps and refs must have the same length")
    idx = NgramIndex(list(hyps) + list(refs))
    h = np.arange(len(hyps), dtype=np.int64)
    return idx.chrf_pairs(h, h + len(hyps), beta)
