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
    baseline: str = "exact"  # "exact" (row means, small inputs) or "fit" (length model)


def link_types(p: Params) -> list[tuple[int, int]]:
    return [(1, 1), (2, 1), (1, 2), (2, 2)] + ([(3, 1), (1, 3)] if p.triples else [])


# -- candidates and anchors ----------------------------------------------------------------
def _run_sizes(sorted_codes: np.ndarray) -> np.ndarray:
    """For each element of a sorted array, the size of its run of equal values."""
    if sorted_codes.size == 0:
        return np.zeros(0, np.int64)
    new = np.concatenate([[True], sorted_codes[1:] != sorted_codes[:-1]])
    first = np.flatnonzero(new)
    sizes = np.diff(np.append(first, sorted_codes.size))
    return np.repeat(sizes, sizes)


def shared_code_candidates(rs: np.ndarray, cs: np.ndarray, rt: np.ndarray, ct: np.ndarray,
                           m: int, max_df: int = 4, per_row: int = 3):
    """Pairs (i, j) sharing codes that occur in at most max_df sentences of each side.

    (rs, cs): source sentence and code of each (sentence, code) entry; (rt, ct) likewise.
    Keeps the `per_row` pairs with most shared codes for every source and target sentence.
    """
    oss, ots = np.argsort(cs, kind="stable"), np.argsort(ct, kind="stable")
    cs, rs, ct, rt = cs[oss], rs[oss], ct[ots], rt[ots]
    keep_s = _run_sizes(cs) <= max_df
    keep_t = _run_sizes(ct) <= max_df
    cs, rs = cs[keep_s], rs[keep_s]
    ct, rt = ct[keep_t], rt[keep_t]
    lo = np.searchsorted(ct, cs, "left")
    hi = np.searchsorted(ct, cs, "right")
    deg = hi - lo
    tot = int(deg.sum())
    if tot == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ai = np.repeat(np.arange(cs.size), deg)
    offs = np.cumsum(deg) - deg
    bi = np.repeat(lo - offs, deg) + np.arange(tot)
    key = rs[ai] * m + rt[bi]
    key.sort()
    new = np.concatenate([[True], key[1:] != key[:-1]])
    first = np.flatnonzero(new)
    cnt = np.diff(np.append(first, key.size))
    ukey = key[first]
    ci, cj = ukey // m, ukey % m
    sel = np.zeros(ukey.size, dtype=bool)
    for rowkey in (ci, cj):
        order = np.lexsort((-cnt, rowkey))
        rk = rowkey[order]
        start = np.concatenate([[True], rk[1:] != rk[:-1]])
        grp_start = np.maximum.accumulate(np.where(start, np.arange(rk.size), 0))
        rank = np.arange(rk.size) - grp_start
        sel[order[rank < per_row]] = True
    return ci[sel], cj[sel]


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
    placed = set((a[0], a[1]) for a in in_place)
    kept = list(in_place)
    for run in cand:
        if all((a[0], a[1]) in placed for a in run):
            continue
        if len(run) >= p.moved_min_run or max(a[2] for a in run) >= p.moved_strong:
            kept.extend(a for a in run if (a[0], a[1]) not in placed)
    return _runs(kept)


def permutation(n: int, runs, pref) -> list[int]:
    """Source order that follows the target: run segments sorted by their first target.

    pref(g, x, y) > 0 when source sentence g (between runs x and y, consecutive in source
    order) looks more like the target around run x than around run y.
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
        gains = np.array([pref(g, x, y) for g in range(lo, hi)])
        acc = np.concatenate([[0.0], np.cumsum(gains)])
        cuts.append(lo + int(np.argmax(acc)))
    cuts.append(n)
    seg_of_run = {r: (cuts[k], cuts[k + 1]) for k, r in enumerate(src_order)}
    perm: list[int] = []
    for r in tgt_order:
        s, e = seg_of_run[r]
        perm.extend(range(s, e))
    return perm


def compute_baselines(sim, types, mode: str = "exact", sample: int = 96, seed: int = 0) -> None:
    """Expected similarity of each unit with unrelated ones of the other side.

    Similarity between unrelated texts grows with their length (more short n-grams or words
    to match by chance), so a joined pair looks better than either sentence alone; scoring
    a link by its margin over these baselines removes that bias. Sets sim.base_src[a][s]
    (source unit s of a sentences against target single sentences) and sim.base_tgt[b][t].

    exact: the mean over all single sentences of the other side (needs sim.full).
    fit: a least-squares line in log(unit length) through the means of a random sample of
    units against a random sample of the other side's sentences -- a few blocks, whatever
    the input size.
    """
    n, m = sim.n, sim.m
    rng = np.random.default_rng(seed)
    sim.base_src, sim.base_tgt = {}, {}
    for side, sizes in ((0, sorted({a for a, _ in types} | {1})),
                        (1, sorted({b for _, b in types} | {1}))):
        other = m if side == 0 else n
        for a in sizes:
            cnt = max((n if side == 0 else m) - a + 1, 0)
            key = (a, 1) if side == 0 else (1, a)
            if cnt == 0 or other == 0:
                base = np.zeros(cnt)
            elif mode == "exact" and sim.full is not None and key in sim.full:
                base = sim.full[key].mean(axis=1 if side == 0 else 0)
            else:
                units = np.sort(rng.choice(cnt, size=min(cnt, sample), replace=False))
                others = np.sort(rng.choice(other, size=min(other, sample), replace=False))
                if side == 0:
                    means = sim.block(a, 1, units, others).mean(axis=1)
                    lens, all_lens = sim.len_src(a, units), sim.len_src(a, np.arange(cnt))
                else:
                    means = sim.block(1, a, others, units).mean(axis=0)
                    lens, all_lens = sim.len_tgt(a, units), sim.len_tgt(a, np.arange(cnt))
                x = np.log1p(lens)
                if units.size >= 3 and np.ptp(x) > 0:
                    slope, icpt = np.polyfit(x, means, 1)
                else:
                    slope, icpt = 0.0, float(means.mean())
                base = icpt + slope * np.log1p(all_lens)
            (sim.base_src if side == 0 else sim.base_tgt)[a] = base


# -- the procedure ---------------------------------------------------------------------------
def align_units(sim, p: Params):
    """Align with a similarity object; returns (links, info), links as (src, tgt, score)."""
    n, m = sim.n, sim.m
    if n == 0 or m == 0:
        return [((i,), (), 0.0) for i in range(n)] + [((), (j,), 0.0) for j in range(m)], {}
    types = link_types(p)
    small = n * m <= FULL_CELLS
    if small:
        sim.compute_full(types)
        full = sim.block(1, 1, np.arange(n), np.arange(m))
        anchors = mutual_best_dense(full, p.anchor_min)
    else:
        full = None
        ci, cj = sim.candidates()
        anchors = mutual_best(ci, cj, sim.pairs(1, 1, ci, cj), p.anchor_min)
    compute_baselines(sim, types, "exact" if (small and p.baseline == "exact") else "fit")
    runs = structure(anchors, p)

    # -- permutation for moved blocks --
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

    perm = permutation(n, runs, pref)
    perm_arr = np.asarray(perm, dtype=np.int64)
    pos_of = np.empty(n, dtype=np.int64)
    pos_of[perm_arr] = np.arange(n)
    # span[q]: how many permuted positions from q on hold consecutive source sentences
    span = np.ones(n, dtype=np.int64)
    brk = np.flatnonzero(perm_arr[1:] != perm_arr[:-1] + 1)
    if brk.size == 0:
        span = n - np.arange(n)
    else:
        for q in range(n - 2, -1, -1):
            if perm_arr[q + 1] == perm_arr[q] + 1:
                span[q] = span[q + 1] + 1

    len_src = sim.len_src(1, np.arange(n)).sum()
    len_tgt = sim.len_tgt(1, np.arange(m)).sum()
    ratio = (len_tgt + 1.0) / (len_src + 1.0)

    def block(a: int, b: int, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Link scores for permuted source starts s (a sentences) x target starts t."""
        ok = span[s] >= a
        orig = np.minimum(perm_arr[s], n - a)
        v = sim.block(a, b, orig, t)
        if p.margin:
            v = v - 0.5 * (sim.base_src[a][orig][:, None] + sim.base_tgt[b][t][None, :])
        v = p.sim_weight * v
        if p.len_weight:
            ls = sim.len_src(a, orig)[:, None] * ratio
            lt = sim.len_tgt(b, t)[None, :]
            if p.len_model == "gc":
                delta2 = (lt - ls) ** 2 / (p.gc_var * (ls + lt) / 2.0 + 1.0)
                v = v - p.len_weight * 0.5 * delta2
            else:
                v = v - p.len_weight * np.log((lt + 10.0) / (ls + 10.0)) ** 2
        w = ((a + b) / 2.0) ** p.size_exp
        out = (v - p.no_match) * w - type_penalty(a, b, p)
        out[~ok] = dp.NEG
        return out

    if small:
        band = dp.Band.full(n, m)
    else:
        pts = []
        for run in runs:
            for i, j, _ in run:
                pts += [(int(pos_of[i]), j), (int(pos_of[i]) + 1, j + 1)]
        band = dp.corridor(n, m, pts)
    scores = dp.fill_band(band, types, block)
    raw = dp.align_dp(band, scores, np.full(n, p.skip), np.full(m, p.skip))
    links = [(tuple(sorted(int(perm_arr[x]) for x in s)), t) for s, t in raw]
    values = link_values(sim, links)
    info = {"anchors": len(anchors), "runs": len(runs), "moved": perm != list(range(n)),
            "band_cells": band.size}
    return [(s, t, v) for (s, t), v in zip(links, values)], info


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
