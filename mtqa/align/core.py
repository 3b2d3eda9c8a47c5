"""The alignment procedure shared by both methods; a method only supplies a similarity.

A similarity object ("sim") scores units -- runs of 1..3 consecutive sentences -- of the
source against units of the target (see same.ChrfSim, cross.LexSim). From it:

1. Anchors: mutual-best 1-1 pairs above a threshold. Small inputs compare every pair; large
   ones only candidate pairs that share rare codes (character 5-grams, numbers, names).
2. Non-monotone structure: anchors are grouped into runs (consecutive in both texts). Runs
   that do not follow the source order (moved paragraphs) become source segments that are
   re-ordered to follow the target; source sentences between runs go to the neighbouring
   run they resemble most. One monotone DP then aligns the permuted source with the target,
   so 1-2, 2-1, 2-2, 1-0 and 0-1 links work inside and across moved blocks alike.
3. Link score = margin of the similarity over the unit's baseline (its mean similarity with
   unrelated text, which grows with length) - no-match threshold - length mismatch
   penalty - a penalty per link type; an unaligned sentence scores `skip`.
4. DP: a full grid for small inputs, otherwise an anchor corridor (dp.corridor).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from . import dp

FULL_CELLS = 360_000  # n * m up to this: full similarity matrices and a full DP grid


@dataclass
class Params:
    no_match: float = 0.03  # margin below which a link is worth less than leaving both out
    merge_penalty: float = 0.1  # extra cost of a 2-1 / 1-2 link
    merge22_penalty: float = 0.2
    merge3_penalty: float = 0.2  # 3-1 / 1-3
    triples: bool = True  # also consider 3-1 and 1-3 links
    size_exp: float = 0.0  # link weight ((a + b) / 2) ** size_exp
    len_model: str = "logratio"  # "logratio" or "gc" (Gale-Church)
    len_weight: float = 0.8  # weight of the length mismatch penalty
    gc_var: float = 6.8  # Gale-Church variance per character
    skip: float = -0.1  # score of leaving one sentence unaligned (<= 0)
    margin: bool = True  # score links by their similarity minus the unrelated-text baseline
    anchor_min: float = 0.35  # mutual-best pairs at least this similar are anchors
    non_monotone: bool = True  # re-order moved blocks of anchors
    moved_min_run: int = 2  # a moved block needs this many anchors (or one strong one)
    moved_strong: float = 0.6
    sim_weight: float = 1.0  # multiplies the similarity margin
    min_margin: float | None = None  # links need at least this margin (None: any)
    baseline_how: str = "trim"  # exact baselines: "mean", "trim" (without the best) or "median"
    baseline: str = "exact"  # "exact" (row means, small inputs) or "fit" (length model)


def link_types(p: Params) -> list[tuple[int, int]]:
    return [(1, 1), (2, 1), (1, 2), (2, 2)] + ([(3, 1), (1, 3)] if p.triples else [])


def sorted_set(x: np.ndarray) -> np.ndarray:
    """np.unique(x) for an int array: numpy's hash-based unique is several times slower."""
    x = np.sort(x)
    return x[np.concatenate([[True], x[1:] != x[:-1]])] if x.size else x


# -- candidates and anchors ----------------------------------------------------------------
def _run_sizes(sorted_codes: np.ndarray) -> np.ndarray:
    """For each element of a sorted array, the size of its run of equal values."""
    if sorted_codes.size == 0:
        return np.zeros(0, np.int64)
    new = np.concatenate([[True], sorted_codes[1:] != sorted_codes[:-1]])
    first = np.flatnonzero(new)
    sizes = np.diff(np.append(first, sorted_codes.size))
    return np.repeat(sizes, sizes)


def ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The positions starts[k] .. starts[k] + lens[k] - 1 of every k, concatenated."""
    offsets = np.cumsum(lens) - lens
    return np.repeat(starts - offsets, lens) + np.arange(int(lens.sum()), dtype=np.int64)


def bit_width(x: int) -> int:
    """Bits needed for the non-negative integer x (at least 1)."""
    return max(1, int(x).bit_length())


def stable_order(key: np.ndarray) -> np.ndarray:
    """np.argsort(key, kind="stable") for an integer array.

    When key and position fit in 63 bits, one plain sort of (key, position) packed into
    an int64: several times faster than a stable argsort, with the same order.
    """
    if key.size == 0:
        return np.zeros(0, np.int64)
    pbits = bit_width(key.size)
    if int(key.min()) < 0 or bit_width(int(key.max())) + pbits > 63:
        return np.argsort(key, kind="stable")
    packed = (key.astype(np.int64) << pbits) | np.arange(key.size, dtype=np.int64)
    packed.sort()
    return packed & ((1 << pbits) - 1)


def _keep_rare(rows: np.ndarray, df: np.ndarray, max_df: int, rarest: int) -> np.ndarray:
    """Entries to probe with: df <= max_df, plus each row's `rarest` rarest."""
    keep = df <= max_df
    # by row, then df (ties in entry order)
    order = stable_order(rows * (int(df.max()) + 1) + df) if df.size else np.zeros(0, np.int64)
    r = rows[order]
    start = np.concatenate([[True], r[1:] != r[:-1]]) if r.size else np.zeros(0, bool)
    grp = np.maximum.accumulate(np.where(start, np.arange(r.size), 0)) if r.size else r
    rank = np.arange(r.size) - grp
    keep[order[rank < rarest]] = True
    return keep


def pack_keys(rows: np.ndarray, codes: np.ndarray, n_rows: int) -> tuple[np.ndarray, int]:
    """(code << bits | row) as uint64, and bits: the form probe_entries takes."""
    bits = max(1, int(n_rows).bit_length())
    return (codes.astype(np.uint64) << np.uint64(bits)) | rows.astype(np.uint64), bits


def probe_entries(keys: np.ndarray, bits: int, max_df: int = 4, rarest: int = 20,
                  df_cap: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """(rows, codes) of one side's probing entries, sorted by code (then row).

    keys: code << bits | row, one per (sentence, code) entry (duplicates allowed); sorted
    in place, so a caller's array is consumed. A code probes when it occurs in at most
    max_df sentences of its side, or is among the `rarest` rarest codes of its sentence
    (and in at most df_cap sentences), so that every sentence gets candidates even when
    none of its codes is really rare. Both bounds are absolute: the work per sentence is
    bounded, and what follows is linear in the input.
    """
    keys.sort()
    if keys.size > 1:
        dup = keys[1:] == keys[:-1]
        if dup.any():
            keys = keys[np.concatenate([[True], ~dup])]
        del dup
    codes = keys >> np.uint64(bits)
    df = _run_sizes(codes).astype(np.int32)
    ok = df <= df_cap  # frequent codes never probe: drop them before anything else
    codes, df = codes[ok], df[ok]
    rows = (keys[ok] & np.uint64((1 << bits) - 1)).astype(np.int64)
    del keys, ok
    keep = _keep_rare(rows, df, max_df, rarest)
    return rows[keep], codes[keep]


def shared_code_candidates(rs: np.ndarray, cs: np.ndarray, rt: np.ndarray, ct: np.ndarray,
                           m: int, max_df: int = 4, per_row: int = 3, rarest: int = 20,
                           df_cap: int = 200):
    """Pairs (i, j) sharing rare codes; the `per_row` with most shared codes per sentence.

    (rs, cs): source sentence and code of each (sentence, code) entry; (rt, ct) likewise.
    Which codes probe: probe_entries."""
    n = int(rs.max()) + 1 if rs.size else 1
    src = probe_entries(*pack_keys(rs, cs, n), max_df, rarest, df_cap)
    tgt = probe_entries(*pack_keys(rt, ct, m), max_df, rarest, df_cap)
    return join_candidates(src, tgt, m, per_row)


def join_candidates(src: tuple[np.ndarray, np.ndarray], tgt: tuple[np.ndarray, np.ndarray],
                    m: int, per_row: int = 3, budget: int = 1 << 30, chunk: int = 1 << 18):
    """Pairs (i, j) sharing probing codes (probe_entries of each side): the `per_row` with
    most shared codes per source and per target sentence, by key i * m + j.

    The join is done for about `chunk` joined entries at a time (whole source sentences),
    keeping only each chunk's possible winners, so memory does not grow with the input.
    """
    rs, cs = src
    rt, ct = tgt
    lo = np.searchsorted(ct, cs, "left")
    deg = np.searchsorted(ct, cs, "right") - lo
    # source entries by sentence (so that every pair (i, j) is counted in one chunk), and
    # in a sentence by how many targets share the code: a sentence probes with its rarest
    # codes until `budget` pairs are joined, so the join is linear in the input (more
    # sentences make codes commoner, and would otherwise make it quadratic)
    by_row = stable_order(rs * (int(deg.max()) + 1) + deg) if deg.size else np.zeros(0, np.int64)
    rs, lo, deg = rs[by_row], lo[by_row], deg[by_row]
    start = np.concatenate([[True], rs[1:] != rs[:-1]]) if rs.size else np.zeros(0, bool)
    done = np.cumsum(deg)
    before = done - deg - np.maximum.accumulate(np.where(start, done - deg, 0))
    ok = (before < budget) | (deg <= 1)
    rs, lo, deg = rs[ok], lo[ok], deg[ok]
    ends = np.cumsum(deg)
    best_src = []  # each chunk's winners per source sentence: final
    # winners per target so far, in key order (-1: none): keys grow from chunk to chunk,
    # so earlier pairs still win ties, as in one pass over all pairs
    best_key = np.full((m, per_row), -1, np.int64)
    best_cnt = np.zeros((m, per_row), np.int64)
    e0 = 0
    while e0 < rs.size:
        e1 = int(np.searchsorted(ends, (ends[e0] - deg[e0]) + chunk, "right"))
        if e1 < rs.size:  # end on a sentence boundary; a sentence is never split
            b = int(np.searchsorted(rs, rs[e1], "left"))
            e1 = b if b > e0 else int(np.searchsorted(rs, rs[e1], "right"))
        ukey, cnt = _join_counts(rs[e0:e1], lo[e0:e1], deg[e0:e1], rt, m)
        best_src.append(ukey[_top_per_group(ukey // m, cnt, per_row)])
        pool = _top_per_group(ukey % m, cnt, per_row)
        _merge_best(best_key, best_cnt, ukey[pool], cnt[pool], m)
        e0 = e1
    ukey = np.union1d(np.concatenate(best_src + [np.zeros(0, np.int64)]),
                      best_key[best_key >= 0])
    return ukey // m, ukey % m


def _merge_best(best_key: np.ndarray, best_cnt: np.ndarray, key: np.ndarray, cnt: np.ndarray,
                m: int) -> None:
    """Fold new pairs (keys larger than any held) into the per-target winners, touching only
    the targets they concern."""
    per_row = best_key.shape[1]
    tj = np.unique(key % m)
    held_k, held_c = best_key[tj].ravel(), best_cnt[tj].ravel()
    had = held_k >= 0
    allk = np.concatenate([held_k[had], key])
    allc = np.concatenate([held_c[had], cnt])
    win = np.flatnonzero(_top_per_group(allk % m, allc, per_row))  # position = key order
    wk, wc = allk[win], allc[win]
    wt = wk % m
    order = stable_order(wt)  # then by win: it is ascending
    wk, wc, wt = wk[order], wc[order], wt[order]
    first = np.concatenate([[True], wt[1:] != wt[:-1]])
    slot = np.arange(wt.size) - np.maximum.accumulate(np.where(first, np.arange(wt.size), 0))
    best_key[tj] = -1
    best_key[wt, slot] = wk
    best_cnt[wt, slot] = wc


def _join_counts(rs: np.ndarray, lo: np.ndarray, deg: np.ndarray, rt: np.ndarray, m: int):
    """Distinct keys i * m + j (sorted) of source entries joined with target entries
    rt[lo:lo + deg], and how many codes each pair shares."""
    tot = int(deg.sum())
    if tot == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    bi = ranges(lo, deg)
    key = np.repeat(rs.astype(np.int64) * m, deg) + rt[bi]
    del bi
    key.sort()
    new = np.concatenate([[True], key[1:] != key[:-1]])
    first = np.flatnonzero(new)
    return key[first], np.diff(np.append(first, key.size))


def _top_per_group(group: np.ndarray, cnt: np.ndarray, k: int) -> np.ndarray:
    """Mask of the k entries with the highest cnt in each group (earlier entries win ties)."""
    sel = np.zeros(group.size, dtype=bool)
    if group.size == 0:
        return sel
    top = int(cnt.max())  # one stable sort key: far faster than lexsort on two
    order = stable_order(group.astype(np.int64) * (top + 1) + (top - cnt))
    g = group[order]
    start = np.concatenate([[True], g[1:] != g[:-1]])
    grp_start = np.maximum.accumulate(np.where(start, np.arange(g.size), 0))
    sel[order[np.arange(g.size) - grp_start < k]] = True
    return sel


def mutual_best_dense(sim: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, s) of a full matrix that are each other's best with s >= threshold."""
    if sim.size == 0:
        return []
    bj = sim.argmax(axis=1)
    bi = sim.argmax(axis=0)
    rows = np.arange(sim.shape[0])
    ok = (bi[bj] == rows) & (sim[rows, bj] >= threshold)
    return [(int(i), int(bj[i]), float(sim[i, bj[i]])) for i in np.flatnonzero(ok)]


def mutual_best(ci, cj, sc, threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, s) that are each other's best candidate with s >= threshold."""
    ci, cj, sc = np.asarray(ci), np.asarray(cj), np.asarray(sc, dtype=np.float64)
    if sc.size == 0:
        return []
    # best per source sentence and per target sentence (first max wins on ties)
    o_i = np.lexsort((-sc, ci))
    first_i = np.concatenate([[True], ci[o_i][1:] != ci[o_i][:-1]])
    best_of_i = {int(ci[k]): int(k) for k in o_i[first_i]}
    o_j = np.lexsort((-sc, cj))
    first_j = np.concatenate([[True], cj[o_j][1:] != cj[o_j][:-1]])
    best_of_j = {int(cj[k]): int(k) for k in o_j[first_j]}
    out = []
    for i, k in best_of_i.items():
        if sc[k] >= threshold and best_of_j[int(cj[k])] == k:
            out.append((i, int(cj[k]), float(sc[k])))
    return out


def _lis(seq: list[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of seq."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for k, x in enumerate(seq):
        p = bisect.bisect_left(tails, x)
        if p == len(tails):
            tails.append(x)
            tails_idx.append(k)
        else:
            tails[p] = x
            tails_idx[p] = k
        prev[k] = tails_idx[p - 1] if p else -1
    out = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.append(k)
        k = prev[k]
    return out[::-1]


def _runs(anchors: list[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    """Group anchors (sorted by target) into runs consecutive in both orders."""
    by_j = sorted(anchors, key=lambda a: a[1])
    rank_i = {a[0]: r for r, a in enumerate(sorted(anchors))}
    runs: list[list] = []
    for a in by_j:
        if runs and rank_i[a[0]] == rank_i[runs[-1][-1][0]] + 1:
            runs[-1].append(a)
        else:
            runs.append([a])
    return runs


def structure(anchors: list[tuple[int, int, float]], p: Params):
    """Anchors grouped in runs (in target order); moved runs only if well supported.

    The anchors on a longest increasing subsequence stay in place; the others count only
    as whole runs of their own (a paragraph moved as a block) with at least moved_min_run
    anchors or one of similarity >= moved_strong. Without non_monotone, only the in-place
    anchors are kept.
    """
    if not anchors:
        return []
    by_j = sorted(anchors, key=lambda a: a[1])
    keep = set(_lis([a[0] for a in by_j]))
    in_place = [a for k, a in enumerate(by_j) if k in keep]
    others = [a for k, a in enumerate(by_j) if k not in keep]
    if not others or not p.non_monotone:
        return _runs(in_place)
    cand = _runs(in_place + others)
    placed = {(a[0], a[1]) for a in in_place}
    kept = list(in_place)
    for run in cand:
        if all((a[0], a[1]) in placed for a in run):
            continue
        if len(run) >= p.moved_min_run or max(a[2] for a in run) >= p.moved_strong:
            kept.extend(a for a in run if (a[0], a[1]) not in placed)
    return _runs(kept)


def permutation(n: int, runs, pref, bias: float = 0.03) -> list[int]:
    """Source order that follows the target: run segments sorted by their first target.

    pref(g, x, y) > 0 when source sentence g (between runs x and y, consecutive in source
    order) looks more like the target around run x than around run y. Without clear
    evidence (pref > -bias) a sentence stays with the run before it: a sentence dropped at
    the end of a moved paragraph moves with its paragraph.
    """
    if len(runs) <= 1:
        return list(range(n))
    src_order = sorted(range(len(runs)), key=lambda r: min(a[0] for a in runs[r]))
    tgt_order = sorted(range(len(runs)), key=lambda r: min(a[1] for a in runs[r]))
    if src_order == tgt_order:
        return list(range(n))
    cuts = [0]
    for x, y in zip(src_order[:-1], src_order[1:]):
        lo = max(a[0] for a in runs[x]) + 1
        hi = min(a[0] for a in runs[y])
        if hi <= lo:
            cuts.append(lo)
            continue
        gains = np.array([pref(g, x, y) + bias for g in range(lo, hi)])
        acc = np.concatenate([[0.0], np.cumsum(gains)])
        cuts.append(lo + int(np.flatnonzero(acc == acc.max())[-1]))
    cuts.append(n)
    seg_of_run = {r: (cuts[k], cuts[k + 1]) for k, r in enumerate(src_order)}
    perm: list[int] = []
    for r in tgt_order:
        s, e = seg_of_run[r]
        perm.extend(range(s, e))
    return perm


def _robust_mean(x: np.ndarray, axis: int, how: str = "mean") -> np.ndarray:
    """Typical similarity with unrelated text: the matching unit itself is left out."""
    if how == "median":
        return np.median(x, axis=axis)
    if how == "trim" and x.shape[axis] > 2:
        return (x.sum(axis=axis) - x.max(axis=axis)) / (x.shape[axis] - 1)
    return x.mean(axis=axis)


def compute_baselines(sim, types, mode: str = "exact", sample: int = 96, seed: int = 0,
                      how: str = "mean") -> None:
    """Expected similarity of each unit with unrelated ones of the other side.

    Similarity between unrelated texts grows with their length (more short n-grams or words
    to match by chance), so a joined pair looks better than either sentence alone; scoring
    a link by its margin over these baselines removes that bias. Sets sim.base_src[a][s]
    (source unit s of a sentences against target single sentences) and sim.base_tgt[b][t].

    exact: the mean over all single sentences of the other side (needs sim.full).
    fit: a least-squares line in log(unit length) through the means of a random sample of
    units against a random sample of the other side's sentences (fit_baselines) -- a few
    blocks, whatever the input size.
    """
    if mode == "exact" and sim.full is not None:
        sim.base_src, sim.base_tgt = {}, {}
        for side, sizes in _sizes(types):
            for a in sizes:
                cnt = _count(sim, side, a)
                key = (a, 1) if side == 0 else (1, a)
                other = sim.m if side == 0 else sim.n
                if cnt and other and key in sim.full:
                    base = _robust_mean(sim.full[key], axis=1 if side == 0 else 0, how=how)
                else:
                    base = np.zeros(cnt)
                (sim.base_src if side == 0 else sim.base_tgt)[a] = base
        return
    apply_baselines(sim, types, fit_baselines(sim, types, sample, seed))


def _sizes(types):
    return ((0, sorted({a for a, _ in types} | {1})), (1, sorted({b for _, b in types} | {1})))


def _count(sim, side: int, a: int) -> int:
    return max((sim.n if side == 0 else sim.m) - a + 1, 0)


def fit_baselines(sim, types, sample: int = 96, seed: int = 0) -> dict:
    """(side, unit size) -> (slope, intercept) of mean similarity against log(1 + length)."""
    rng = np.random.default_rng(seed)
    coef = {}
    for side, sizes in _sizes(types):
        other = sim.m if side == 0 else sim.n
        for a in sizes:
            cnt = _count(sim, side, a)
            if cnt == 0 or other == 0:
                coef[(side, a)] = (0.0, 0.0)
                continue
            units = np.sort(rng.choice(cnt, size=min(cnt, sample), replace=False))
            others = np.sort(rng.choice(other, size=min(other, sample), replace=False))
            if side == 0:
                means = sim.block(a, 1, units, others).mean(axis=1)
                lens = sim.len_src(a, units)
            else:
                means = sim.block(1, a, others, units).mean(axis=0)
                lens = sim.len_tgt(a, units)
            x = np.log1p(lens)
            if units.size >= 3 and np.ptp(x) > 0:
                slope, icpt = np.polyfit(x, means, 1)
            else:
                slope, icpt = 0.0, float(means.mean())
            coef[(side, a)] = (float(slope), float(icpt))
    return coef


def apply_baselines(sim, types, coef: dict) -> None:
    sim.base_src, sim.base_tgt = {}, {}
    for side, sizes in _sizes(types):
        for a in sizes:
            cnt = _count(sim, side, a)
            lens = (sim.len_src if side == 0 else sim.len_tgt)(a, np.arange(cnt))
            slope, icpt = coef.get((side, a), (0.0, 0.0))
            (sim.base_src if side == 0 else sim.base_tgt)[a] = icpt + slope * np.log1p(lens)


# -- the procedure ---------------------------------------------------------------------------
def plan(sim, p: Params, types, small: bool):
    """Anchors, their runs and the source permutation that follows the target."""
    n, m = sim.n, sim.m
    if small:
        sim.compute_full(types)
        full = sim.block(1, 1, np.arange(n), np.arange(m))
        anchors = mutual_best_dense(full, p.anchor_min)
    else:
        full = None
        ci, cj = sim.candidates()
        anchors = mutual_best(ci, cj, sim.pairs(1, 1, ci, cj), p.anchor_min)
    runs = structure(anchors, p)
    tgt_by_run = [sorted(a[1] for a in run) for run in runs]
    run_starts = sorted(min(t) for t in tgt_by_run)

    def window(r: int, tail: bool) -> np.ndarray:
        js = tgt_by_run[r]
        if tail:  # the target from just before the run's end up to the next run
            nxt = [s for s in run_starts if s > js[-1]]
            return np.arange(max(js[-1] - 1, 0), nxt[0] if nxt else m)
        prv = [s for s in run_starts if s < js[0]]
        return np.arange(prv[-1] + 1 if prv else 0, min(js[0] + 2, m))

    def best_in(g: int, js: np.ndarray) -> float:
        if js.size == 0:
            return 0.0
        if full is not None:
            return float(full[g, js].max())
        return float(sim.pairs(1, 1, np.full(js.size, g), js).max())

    def pref(g: int, x: int, y: int) -> float:
        return best_in(g, window(x, True)) - best_in(g, window(y, False))

    perm = np.asarray(permutation(n, runs, pref), dtype=np.int64)
    return anchors, runs, perm


def spans(order: np.ndarray, group: np.ndarray | None = None) -> np.ndarray:
    """span[q]: how many positions from q on hold consecutive original indices (same group)."""
    k = order.size
    span = np.ones(k, dtype=np.int64)
    if k == 0:
        return span
    nxt = order[1:] == order[:-1] + 1
    if group is not None:
        nxt &= group[1:] == group[:-1]
    if nxt.all():
        return k - np.arange(k)
    for q in range(k - 2, -1, -1):
        if nxt[q]:
            span[q] = span[q + 1] + 1
    return span


def solve(sim, p: Params, types, band: dp.Band, src_map: np.ndarray, span_s: np.ndarray,
          span_t: np.ndarray, group_s: np.ndarray | None = None,
          group_t: np.ndarray | None = None, ratio: float | None = None):
    """DP over the band. DP source position q is sim source sentence src_map[q]; a unit of a
    sentences at q (b at t) is valid when span_s[q] >= a (span_t[t] >= b) and, with groups,
    both units are in the same group. ratio: target/source length ratio (default: the
    sim's). Returns links in sim coordinates."""
    n, m = band.n, band.m
    if ratio is None:
        ratio = length_ratio(sim)

    def score(a: int, b: int, s: np.ndarray, t: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Link scores from similarities v of units src_map[s] (a) x t (b)."""
        ok = (span_s[s] >= a)[:, None] & (span_t[t] >= b)[None, :]
        if group_s is not None:
            assert group_t is not None  # the groups of both sides come together
            ok &= group_s[s][:, None] == group_t[t][None, :]
        orig = np.minimum(src_map[s], sim.n - a)
        tt = np.minimum(t, sim.m - b)
        if p.margin:
            v = v - 0.5 * (sim.base_src[a][orig][:, None] + sim.base_tgt[b][tt][None, :])
        if p.min_margin is not None:
            ok &= v >= p.min_margin  # not more like it than unrelated text: no link
        v = p.sim_weight * v
        if p.len_weight:
            ls = sim.len_src(a, orig)[:, None] * ratio
            lt = sim.len_tgt(b, tt)[None, :]
            if p.len_model == "gc":
                delta2 = (lt - ls) ** 2 / (p.gc_var * (ls + lt) / 2.0 + 1.0)
                v = v - p.len_weight * 0.5 * delta2
            else:
                v = v - p.len_weight * np.log((lt + 10.0) / (ls + 10.0)) ** 2
        w = ((a + b) / 2.0) ** p.size_exp
        out = (v - p.no_match) * w - type_penalty(a, b, p)
        out[~ok] = dp.NEG
        return out

    def blocks(req: dict) -> dict:
        # similarities of the units (clipped to valid starts), computed together when the
        # similarity object can (one n-gram join per order for all link types of a chunk).
        # Inside gaps most units of 2 or 3 sentences run past their gap's end: their cells
        # get NEG in score() whatever their similarity, so only units that can start a link
        # are computed there (elsewhere nearly all can, and all are computed).
        want = {}
        for (a, b), (s, t) in req.items():
            vs, vt = np.arange(s.size), np.arange(t.size)
            if group_s is not None:
                vs, vt = vs[span_s[s] >= a], vt[span_t[t] >= b]
            if vs.size and vt.size:
                want[(a, b)] = (vs, vt, np.minimum(src_map[s[vs]], sim.n - a),
                                np.minimum(t[vt], sim.m - b))
        if hasattr(sim, "multi"):
            units_s: dict[int, np.ndarray] = {}
            units_t: dict[int, np.ndarray] = {}
            for (a, b), (_, _, orig, tt) in want.items():
                units_s[a] = sorted_set(np.concatenate([units_s.get(a, orig[:0]), orig]))
                units_t[b] = sorted_set(np.concatenate([units_t.get(b, tt[:0]), tt]))
            mats = sim.multi(units_s, units_t, list(want)) if want else {}
            sims = {(a, b): mats[(a, b)][np.ix_(np.searchsorted(units_s[a], orig),
                                                np.searchsorted(units_t[b], tt))]
                    for (a, b), (_, _, orig, tt) in want.items()}
        else:
            sims = {k: sim.block(k[0], k[1], orig, tt) for k, (_, _, orig, tt) in want.items()}
        out = {}
        for (a, b), (s, t) in req.items():
            v = sims.get((a, b))
            if v is None or v.shape != (s.size, t.size):  # some units left out
                full = np.zeros((s.size, t.size))
                if v is not None:
                    vs, vt = want[(a, b)][:2]
                    full[np.ix_(vs, vt)] = v
                v = full
            out[(a, b)] = score(a, b, s, t, v)
        return out

    # with every similarity precomputed (sim.full) a chunk's cost is its cells, whatever its
    # shape: few large chunks. Otherwise the chunks stay small, so that a narrow corridor is
    # not computed as a wide rectangle.
    size = {"chunk": 1 << 20, "max_cells": 1 << 13} if sim.full is not None else {}
    raw = dp.align_band(band, types, blocks, np.full(n, p.skip), np.full(m, p.skip), **size)
    return [(tuple(sorted(int(src_map[x]) for x in s)), t) for s, t in raw]


def length_ratio(sim) -> float:
    len_src = sim.len_src(1, np.arange(sim.n)).sum()
    len_tgt = sim.len_tgt(1, np.arange(sim.m)).sum()
    return float((len_tgt + 1.0) / (len_src + 1.0))


def align_units(sim, p: Params):
    """Align with a similarity object; returns (links, info), links as (src, tgt, score)."""
    n, m = sim.n, sim.m
    if n == 0 or m == 0:
        return [((i,), (), 0.0) for i in range(n)] + [((), (j,), 0.0) for j in range(m)], {}
    types = link_types(p)
    small = n * m <= FULL_CELLS
    anchors, runs, perm = plan(sim, p, types, small)
    compute_baselines(sim, types, "exact" if (small and p.baseline == "exact") else "fit",
                      how=p.baseline_how)
    if small:
        band = dp.Band.full(n, m)
    else:
        pos_of = np.empty(n, dtype=np.int64)
        pos_of[perm] = np.arange(n)
        pts = []
        for run in runs:
            for i, j, _ in run:
                pts += [(int(pos_of[i]), j), (int(pos_of[i]) + 1, j + 1)]
        band = dp.corridor(n, m, pts)
    links = solve(sim, p, types, band, perm, spans(perm), spans(np.arange(m)))
    values = link_values(sim, links)
    info = {"anchors": len(anchors), "runs": len(runs),
            "moved": bool((perm != np.arange(n)).any()), "band_cells": band.size}
    return [(s, t, v) for (s, t), v in zip(links, values)], info


def align_gaps(single, make_sim, p: Params, batch: int = 384, seed: int = 0):
    """Large inputs: fix solid anchors as 1-1 links and align only the gaps between them.

    single: a similarity over single sentences (max_unit=1) of the whole pair, used for the
    anchors. An anchor is solid when its neighbours on both sides (in the permuted source
    and in the target) are anchors too: nothing around it suggests a split or a merge. The
    other sentences form gaps between solid anchors; links never leave a gap, so gaps are
    aligned in batches of about `batch` sentences, each with its own small similarity
    make_sim(src indices, tgt indices, spans), inside a corridor of the gap rectangles
    (spans: (span_s, span_t) of the batch as solve takes them; a similarity may leave out
    the units they rule out; the baselines' sample comes without). Memory
    is bounded by the batch, not by the input.
    """
    n, m = single.n, single.m
    types = link_types(p)
    anchors, runs, perm = plan(single, p, types, small=False)
    pos_of = np.empty(n, dtype=np.int64)
    pos_of[perm] = np.arange(n)
    kept = sorted((int(pos_of[i]), j, sc) for run in runs for i, j, sc in run)
    at = {(q, j) for q, j, _ in kept}
    solid = [(q, j, sc) for q, j, sc in kept if (q - 1, j - 1) in at and (q + 1, j + 1) in at]
    solid_q = np.array([q for q, _, _ in solid], dtype=np.int64)
    solid_j = np.array([j for _, j, _ in solid], dtype=np.int64)
    free_q = np.setdiff1d(np.arange(n), solid_q)
    free_j = np.setdiff1d(np.arange(m), solid_j)
    group_s = np.searchsorted(solid_q, free_q)  # gap number: solid anchors before it
    group_t = np.searchsorted(solid_j, free_j)
    src_orig = perm[free_q]
    links: list = []
    coef = None
    ratio = length_ratio(single)
    if free_q.size and free_j.size:
        rng = np.random.default_rng(seed)
        ss = np.sort(rng.choice(free_q.size, size=min(free_q.size, 128), replace=False))
        tt = np.sort(rng.choice(free_j.size, size=min(free_j.size, 128), replace=False))
        coef = fit_baselines(make_sim(src_orig[ss], free_j[tt]), types)
    n_groups = len(solid) + 1
    cnt_s = np.bincount(group_s, minlength=n_groups)
    cnt_t = np.bincount(group_t, minlength=n_groups)
    start_s = np.concatenate([[0], np.cumsum(cnt_s)])
    start_t = np.concatenate([[0], np.cumsum(cnt_t)])
    g0 = 0
    while g0 < n_groups:
        g1 = g0 + 1
        while g1 < n_groups and (start_s[g1] - start_s[g0] < batch and
                                 start_t[g1] - start_t[g0] < batch):
            g1 += 1
        qs = np.arange(start_s[g0], start_s[g1])
        js = np.arange(start_t[g0], start_t[g1])
        g0 = g1
        if qs.size == 0 or js.size == 0:
            links += [((int(src_orig[q]),), (), 0.0) for q in qs]
            links += [((), (int(free_j[j]),), 0.0) for j in js]
            continue
        gs, gt = group_s[qs], group_t[js]
        span_s, span_t = spans(src_orig[qs], gs), spans(free_j[js], gt)
        sub = make_sim(src_orig[qs], free_j[js], (span_s, span_t))
        assert coef is not None  # fitted above: both sides have free sentences
        apply_baselines(sub, types, coef)
        corners = [(int(np.searchsorted(gs, g)), int(np.searchsorted(gt, g)))
                   for g in np.unique(np.concatenate([gs, gt]))]
        band = dp.corridor(qs.size, js.size, corners, slack=0)
        raw = solve(sub, p, types, band, np.arange(qs.size), span_s, span_t, gs, gt, ratio)
        values = link_values(sub, raw)
        links += [(tuple(sorted(int(src_orig[qs[x]]) for x in s)),
                   tuple(int(free_j[js[y]]) for y in t), v) for (s, t), v in zip(raw, values)]
    for q, j, sc in solid:
        links.append(((int(perm[q]),), (j,), sc))
    info = {"anchors": len(anchors), "runs": len(runs),
            "moved": bool((perm != np.arange(n)).any()), "solid": len(solid),
            "free": (int(free_q.size), int(free_j.size))}
    return links, info


def type_penalty(a: int, b: int, p: Params) -> float:
    if (a, b) == (1, 1):
        return 0.0
    if (a, b) in ((2, 1), (1, 2)):
        return p.merge_penalty
    if (a, b) == (2, 2):
        return p.merge22_penalty
    return p.merge3_penalty


def link_values(sim, links) -> list[float]:
    """sim.value of each link with sentences on both sides (0.0 for the others)."""
    out = [0.0] * len(links)
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (s, t) in enumerate(links):
        if s and t:
            groups.setdefault((len(s), len(t)), []).append(k)
    for (a, b), ks in groups.items():
        ss = np.array([links[k][0][0] for k in ks])
        ts = np.array([links[k][1][0] for k in ks])
        for k, v in zip(ks, sim.value(a, b, ss, ts).tolist()):
            out[k] = float(v)
    return out
