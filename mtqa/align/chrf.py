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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .core import bit_width, ranges, sorted_set, stable_order

CHAR_ORDER = 6
BETA = 2
# A code shared by more than this many rows of the other side of a block goes to the dense
# (matrix product) path; rarer codes are joined pair by pair.
_DENSE_DF = 12


def _rank(x: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense ranks of x (equal values, equal ranks) and the number of distinct values."""
    if x.size == 0:
        return x.astype(np.int64), 0
    order = stable_order(x)
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
    local = np.repeat(np.arange(rows.size, dtype=np.int64), lens)
    return ranges(starts, lens), local


@dataclass
class _Order:
    indptr: np.ndarray  # (rows + 1,) into codes/counts
    codebits: int  # codes are < 2 ** codebits
    codes: np.ndarray  # uint32 or int64, sorted within each row
    counts: np.ndarray  # int32, count of the code in that row
    totals: np.ndarray  # int64 per row: number of n-grams (len - k + 1, at least 0)


class NgramIndex:
    """Character n-gram counts (orders 1..order) of a list of texts, whitespace removed.

    Both sides of an alignment go into one index (they must share n-gram codes); rows are
    addressed by their position in `texts`.
    """

    # rows are processed in chunks of about this many characters: small temporaries are
    # much faster than huge ones (allocation and cache), the result is the same
    CHUNK_CHARS = 1 << 17

    def __init__(self, texts: Sequence[str], order: int = CHAR_ORDER):
        self.order = order
        self.n = len(texts)
        stripped = ["".join(t.split()) for t in texts]
        lengths = np.fromiter((len(s) for s in stripped), dtype=np.int64, count=self.n)
        self.lengths = lengths
        big = "".join(stripped)
        cp = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32) if big else \
            np.zeros(0, dtype=np.uint32)
        if cp.size:
            present = np.zeros(int(cp.max()) + 1, dtype=np.int64)
            present[cp] = 1
            ids = np.cumsum(present)[cp].astype(np.int32)  # 1..alphabet
            alphabet = int(ids.max())
        else:
            ids = np.zeros(0, dtype=np.int64)
            alphabet = 1
        del stripped, big, cp
        cbits = bit_width(alphabet)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        parts: list[list[tuple]] = [[] for _ in range(order)]
        if order * cbits <= 62 - bit_width(self.CHUNK_CHARS):
            # codes are plain bit-packed characters: chunks can be processed independently
            r0 = 0
            while r0 < self.n:
                r1 = int(np.searchsorted(starts, starts[r0] + self.CHUNK_CHARS, "right")) - 1
                r1 = min(max(r1, r0 + 1), self.n)
                for k, part in enumerate(self._extract(ids[starts[r0]:starts[r1]],
                                                       lengths[r0:r1], cbits, order)):
                    parts[k].append(_compact(r0, part))
                r0 = r1
        else:  # large alphabets (CJK): codes need re-ranking, which must be global
            for k, part in enumerate(self._extract(ids, lengths, cbits, order)):
                parts[k].append(_compact(0, part))
        del ids
        self.orders: list[_Order] = []
        for k in range(order):
            per_row = np.zeros(self.n, dtype=np.int64)
            for r0, (nrow, _, _) in parts[k]:
                per_row[r0:r0 + nrow.size] += nrow
            indptr = np.concatenate([[0], np.cumsum(per_row)])
            codes = [c for _, (_, c, _) in parts[k]]
            counts = [c for _, (_, _, c) in parts[k]]
            ucode = np.concatenate(codes) if codes else np.zeros(0, np.int64)
            ucnt = np.concatenate(counts) if counts else np.zeros(0, np.int32)
            parts[k] = []  # free the pieces as we go
            codebits = bit_width(int(ucode.max())) if ucode.size else 1
            if codebits <= 32:
                ucode = ucode.astype(np.uint32, copy=False)
            totals = np.maximum(lengths - k, 0)
            self.orders.append(_Order(indptr, codebits, ucode, ucnt, totals))

    @staticmethod
    def _extract(ids: np.ndarray, lengths: np.ndarray, cbits: int, order: int):
        """Per order: (row, code, count) of the distinct n-grams of each row, sorted."""
        n = lengths.size
        total = ids.size
        rowbits = bit_width(max(n, 1))
        rowid = np.repeat(np.arange(n, dtype=np.int64), lengths)
        rstart = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else np.zeros(0, np.int64)
        # remaining[p]: characters from p to the end of its row; an n-gram of order k
        # starts at p iff remaining[p] >= k
        remaining = lengths[rowid] - (np.arange(total, dtype=np.int64) - rstart[rowid])
        code = ids.astype(np.int64)  # code[p]: the k-gram starting at p (k: the order so far)
        bits = cbits
        out = []
        for k in range(1, order + 1):
            if k > 1:
                if bits + cbits > 62:
                    code, nuniq = _rank(code)
                    bits = bit_width(nuniq)
                # every position's gram grows by the next character, in place (contiguous
                # slices, no gather); the positions where it would run past the end of the
                # row (or of the text) are left out when the keys are made
                grow = max(total - k + 1, 0)
                code[:grow] <<= cbits
                code[:grow] |= ids[k - 1:k - 1 + grow]
                bits += cbits
            valid = remaining >= k
            c = code[valid]
            kb = bits
            if kb + rowbits > 62:
                c, nuniq = _rank(c)
                kb = bit_width(nuniq)
            key = (rowid[valid] << kb) | c
            key.sort()
            if key.size:
                new = np.empty(key.size, dtype=bool)
                new[0] = True
                np.not_equal(key[1:], key[:-1], out=new[1:])
                first = np.flatnonzero(new)
                counts = np.empty(first.size, dtype=np.int32)
                counts[:-1] = first[1:] - first[:-1]
                counts[-1] = key.size - first[-1]
                ukey = key[first]
            else:
                counts = np.zeros(0, dtype=np.int32)
                ukey = key
            out.append((ukey >> kb, ukey & ((1 << kb) - 1), counts))
        return out

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
        # both sides by code: b to find each code's run of rows, a because searching sorted
        # values is several times faster (the order of the entries never changes a sum)
        ca, la, cnta = _by_code(o.codes[pa], la, o.counts[pa], o.codebits, na)
        cb, lb, cntb = _by_code(o.codes[pb], lb, o.counts[pb], o.codebits, nb)
        # distinct codes of b with where their run starts and how long it is
        newb = np.empty(cb.size, dtype=bool)
        newb[0] = True
        np.not_equal(cb[1:], cb[:-1], out=newb[1:])
        bstart = np.flatnonzero(newb)
        ub = cb[bstart]
        blen = np.diff(np.append(bstart, cb.size))
        pos = np.minimum(np.searchsorted(ub, ca), ub.size - 1)
        hit = ub[pos] == ca
        lo = bstart[pos]
        deg = np.where(hit, blen[pos], 0)  # rows of b sharing the code of each a-entry
        dense_a = deg > _DENSE_DF
        sparse_a = (deg > 0) & ~dense_a
        if sparse_a.any():
            sel = np.flatnonzero(sparse_a)
            d = deg[sel]
            ai = np.repeat(sel, d)
            bi = ranges(lo[sel], d)
            w = np.minimum(cnta[ai], cntb[bi]).astype(np.float64)
            out += np.bincount(la[ai] * nb + lb[bi], weights=w, minlength=na * nb).reshape(na, nb)
        if dense_a.any():
            sel = np.flatnonzero(dense_a)
            # a's entries come by code: the first of each code gives its run of b entries
            first = np.empty(sel.size, dtype=bool)
            first[0] = True
            np.not_equal(ca[sel][1:], ca[sel][:-1], out=first[1:])
            dinv = np.cumsum(first) - 1
            nd = int(dinv[-1]) + 1
            run_deg = deg[sel][first]
            bsel = ranges(lo[sel][first], run_deg)
            binv = np.repeat(np.arange(nd), run_deg)
            # one feature per occurrence of a code, up to its largest count on either side
            width = np.maximum(_group_max(dinv, cnta[sel], nd), _group_max(binv, cntb[bsel], nd))
            off = np.cumsum(width) - width
            nf = int(width.sum())
            # features along axis 0: entries come in code order, so the writes are sequential
            ia = np.zeros((nf, na), dtype=np.float32)
            ib = np.zeros((nf, nb), dtype=np.float32)
            _fill(ia, la[sel], off[dinv], cnta[sel])
            _fill(ib, lb[bsel], off[binv], cntb[bsel])
            out += ia.T @ ib
        return out

    def match_pairs(self, k: int, rows_a: np.ndarray, rows_b: np.ndarray,
                    max_entries: int = 1 << 20) -> np.ndarray:
        """sum(min(count_a, count_b)) for order k for each pair (rows_a[p], rows_b[p]).

        Pairs are processed in slices of about max_entries n-gram entries (memory bound).
        """
        o = self.orders[k - 1]
        npairs = rows_a.size
        if npairs:
            sizes = (o.indptr[rows_a + 1] - o.indptr[rows_a]
                     + o.indptr[rows_b + 1] - o.indptr[rows_b])
            total = int(sizes.sum())
            if total > max_entries:
                marks = np.arange(1, total // max_entries + 1) * max_entries
                ends = np.searchsorted(np.cumsum(sizes), marks)
                bounds = np.unique(np.concatenate([[0], np.minimum(ends + 1, npairs), [npairs]]))
                return np.concatenate([self._match_pairs(o, rows_a[x:y], rows_b[x:y])
                                       for x, y in zip(bounds[:-1], bounds[1:])])
        return self._match_pairs(o, rows_a, rows_b)

    def _match_pairs(self, o: _Order, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
        npairs = rows_a.size
        if npairs == 0:
            return np.zeros(0, dtype=np.float64)
        pa, la = _gather(o.indptr, rows_a)
        pb, lb = _gather(o.indptr, rows_b)
        if pa.size == 0 or pb.size == 0:
            return np.zeros(npairs, dtype=np.float64)
        cnt_a, cnt_b = o.counts[pa], o.counts[pb]
        cnt_bits = bit_width(int(max(cnt_a.max(), cnt_b.max())))
        pair_bits = bit_width(npairs)
        if pair_bits + o.codebits + cnt_bits <= 63:
            # one packed key per entry: (pair, code, count); equal (pair, code) are adjacent
            # after a plain sort, one from each side (codes are unique within a row). Built
            # in place: these are the largest arrays of the anchor search.
            sh = o.codebits + cnt_bits
            key = np.empty(pa.size + pb.size, dtype=np.int64)
            for part, pos, loc, cnt in ((key[:pa.size], pa, la, cnt_a),
                                        (key[pa.size:], pb, lb, cnt_b)):
                part[:] = o.codes[pos]
                part <<= cnt_bits
                part |= cnt
                part |= loc << sh
            # each half is already sorted (pairs in order, codes sorted within a row), which
            # the stable sort (timsort) makes use of: a little faster than the default
            key.sort(kind="stable")
            hi = key >> cnt_bits
            same = np.flatnonzero(hi[1:] == hi[:-1])
            mask = (1 << cnt_bits) - 1
            w = np.minimum(key[same] & mask, key[same + 1] & mask).astype(np.float64)
            return np.bincount(key[same] >> sh, weights=w, minlength=npairs)
        codes = np.concatenate([o.codes[pa], o.codes[pb]])
        cnt = np.concatenate([o.counts[pa], o.counts[pb]])
        pair = np.concatenate([la, lb])
        cr, ncodes = _rank(codes)
        key = pair * max(ncodes, 1) + cr
        order = stable_order(key)
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


def _compact(r0: int, part: tuple) -> tuple[int, tuple]:
    """A chunk's (row, code, count) entries kept until all chunks are done: entries per row
    instead of a row per entry, codes in 32 bits when they fit (the index's peak memory is
    these pieces)."""
    urow, code, cnt = part
    nrow = np.bincount(urow).astype(np.int32) if urow.size else np.zeros(0, np.int32)
    if code.size and int(code.max()) < 1 << 32:
        code = code.astype(np.uint32)
    return r0, (nrow, code, cnt)


def _by_code(codes: np.ndarray, rows: np.ndarray, counts: np.ndarray, codebits: int,
             nrows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, rows, counts) of entries reordered by code.

    One plain sort of packed (code, row, count) keys when they fit in 63 bits: numpy's
    sort of plain integers is much faster than an argsort and three gathers.
    """
    if codes.size == 0:
        return codes, rows, counts
    cbits = bit_width(int(counts.max()))
    rbits = bit_width(nrows)
    if codebits + rbits + cbits > 63:
        order = np.argsort(codes)
        return codes[order], rows[order], counts[order]
    low = rbits + cbits
    key = (codes.astype(np.int64) << low) | (rows.astype(np.int64) << cbits) | counts
    key.sort()
    return ((key >> low).astype(codes.dtype), (key >> cbits) & ((1 << rbits) - 1),
            (key & ((1 << cbits) - 1)).astype(counts.dtype))


def _group_max(groups: np.ndarray, vals: np.ndarray, size: int) -> np.ndarray:
    """Largest value of each group 0..size-1 (0 for an empty one); groups sorted."""
    out = np.zeros(size, dtype=np.int64)
    if vals.size:
        first = np.flatnonzero(np.concatenate([[True], groups[1:] != groups[:-1]]))
        out[groups[first]] = np.maximum.reduceat(vals, first)
    return out


def _fill(mat: np.ndarray, rows: np.ndarray, offs: np.ndarray, counts: np.ndarray) -> None:
    """mat[off:off+count, row] = 1 for each entry (mat: features x rows, C-contiguous)."""
    if counts.size == 0:
        return
    flat = mat.reshape(-1)  # a view: one flat index per cell is cheaper than (row, col)
    first = offs * mat.shape[1] + rows
    flat[first] = 1.0
    more = np.flatnonzero(counts > 1)  # most n-grams occur once in a unit
    if more.size:
        extra = counts[more].astype(np.int64) - 1
        step = ranges(np.ones_like(extra), extra)  # 1 .. count - 1 of each entry
        flat[np.repeat(first[more], extra) + step * mat.shape[1]] = 1.0


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
    if avg_prec is None or avg_rec is None or eff is None:
        raise ValueError("f_score: no n-gram orders in stats")
    safe = np.maximum(eff, 1)
    avg_prec = np.where(eff > 0, avg_prec / safe, 0.0)
    avg_rec = np.where(eff > 0, avg_rec / safe, 0.0)
    s = avg_prec + avg_rec
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (1 + factor) * avg_prec * avg_rec
        score = score / (factor * avg_prec + avg_rec)
    return np.where(s > 0, 100.0 * score, 0.0)


def ngram_keys(texts: Sequence[str], k: int, chunk_chars: int = 1 << 17
               ) -> tuple[np.ndarray, int]:
    """Every whitespace-free character k-gram of each text as one uint64, hash << bits | row
    (the form core.probe_entries takes), and bits.

    The hash is a polynomial one, equal for equal k-grams in any text (a rare collision
    only adds a spurious shared code): enough to find candidate pairs, at 8 bytes an entry
    and with no index over every order. Texts go in chunks of about chunk_chars characters,
    so the temporaries stay small whatever the input size.
    """
    bits = max(1, len(texts).bit_length())
    out = []
    mult = np.uint64(1_000_003)
    r0 = 0
    while r0 < len(texts):
        r1, size, stripped = r0, 0, []
        while r1 < len(texts) and (size < chunk_chars or r1 == r0):
            stripped.append("".join(texts[r1].split()))
            size += len(stripped[-1])
            r1 += 1
        lengths = np.fromiter((len(x) for x in stripped), dtype=np.int64, count=len(stripped))
        joined = "".join(stripped)
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) \
            if joined else np.zeros(0, np.uint64)
        ends = np.repeat(np.cumsum(lengths), lengths)  # end of each character's text
        pos = np.flatnonzero(np.arange(cp.size) + k <= ends)  # k-gram starts
        key = np.zeros(pos.size, np.uint64)
        for i in range(k):
            key = key * mult + cp[pos + i]  # wraps modulo 2**64, as a hash should
        row = np.repeat(np.arange(r0, r1, dtype=np.uint64), lengths)[pos]
        out.append(sorted_set(key << np.uint64(bits) | row))  # the hash's low bits: all chars
        r0 = r1
    return (np.concatenate(out) if out else np.zeros(0, np.uint64)), bits


def sym_chrf_pairs(src: Sequence[str], tgt: Sequence[str], s: np.ndarray, t: np.ndarray,
                   slice_pairs: int = 2048) -> np.ndarray:
    """chrF/100, mean of both directions, of src[s[p]] against tgt[t[p]] for every p.

    For long lists of pairs over large inputs: the pairs go in slices (by source sentence),
    each with an index of only its own sentences, so memory is bounded by the slice and no
    index of the whole input is kept. Values are those of one index over everything.
    """
    s = np.asarray(s, dtype=np.int64)
    t = np.asarray(t, dtype=np.int64)
    out = np.zeros(s.size, dtype=np.float64)
    order = stable_order(s)
    for x in range(0, order.size, slice_pairs):
        sel = order[x:x + slice_pairs]
        us, si = np.unique(s[sel], return_inverse=True)
        ut, ti = np.unique(t[sel], return_inverse=True)
        index = NgramIndex([src[i] for i in us] + [tgt[j] for j in ut])
        stats = index.stats_pairs(si.astype(np.int64), ti.astype(np.int64) + us.size)
        out[sel] = f_score(stats, symmetric=True) / 100.0
    return out


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
