"""Sentence alignment (mtqa.align): chrF in bulk, the DP, and aligned pairs written here."""

from __future__ import annotations

import random

import numpy as np
import pytest

from mtqa.align import Alignment, Link, align, dp
from mtqa.align.chrf import NgramIndex, chrf_matrix, chrf_pairs


def links_of(al: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(lk.src, lk.tgt) for lk in al.links]


def assert_partition(al: Alignment, n: int, m: int) -> None:
    """Every sentence of both sides is in exactly one link; links are sorted by target."""
    src = sorted(i for lk in al.links for i in lk.src)
    tgt = sorted(j for lk in al.links for j in lk.tgt)
    assert src == list(range(n))
    assert tgt == list(range(m))
    firsts = [lk.tgt[0] for lk in al.links if lk.tgt]
    assert firsts == sorted(firsts)
    for lk in al.links:
        assert lk.src or lk.tgt
        assert list(lk.src) == sorted(lk.src) and list(lk.tgt) == sorted(lk.tgt)
        assert 0.0 <= lk.score <= 1.0


# -- chrF ----------------------------------------------------------------------------------------
def _random_texts(rng: random.Random, k: int) -> list[str]:
    alphabet = ("abcdeeeeilnorstu" "ABCÉ" "àéèüöß" "0123456789" ".,;:!?'\"()-"
                "日本語中文" "😀" "     \t\n\u00a0\u2009")
    words = ["the", "plan", "Zelensky", "Selenskyj", "8848", "no-limits", "Moskau", "été",
             "Kreml", "infinity", "peace", "talks", "ceasefire", "aaaa", "ab", "ba", "x"]
    out = []
    for _ in range(k):
        if rng.random() < 0.5:
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))
        else:
            out.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))))
    return out


SPECIAL = ["", " ", "a", "ab", "abc", "aaaaaaa", "aa aa aa", "a b c d e f g", "été à Noël",
           "日本語の文章です。", "🙂🙂x", "x\u00a0y\tz", "  lead and trail  ",
           "Xi Jinping arrived in Moscow on Monday.", "Xi Jinping kam am Montag in Moskau an."]


def test_chrf_matrix_equals_sacrebleu():
    from sacrebleu.metrics import CHRF

    rng = random.Random(7)
    hyps = SPECIAL + _random_texts(rng, 10)
    refs = SPECIAL[::-1] + _random_texts(rng, 8)
    got = chrf_matrix(hyps, refs)
    metric = CHRF()
    want = np.array([[metric.sentence_score(h, [r]).score for r in refs] for h in hyps])
    assert got.shape == (len(hyps), len(refs)) and got.size >= 200
    assert np.abs(got - want).max() < 1e-6


def test_chrf_pairs_equals_sacrebleu_and_sees_every_order():
    from sacrebleu import sentence_chrf

    rng = random.Random(11)
    hyps = _random_texts(rng, 220)
    refs = [h if k % 7 == 0 else (h[: len(h) // 2] + r) for k, (h, r) in
            enumerate(zip(hyps, _random_texts(rng, 220)))]
    got = chrf_pairs(hyps, refs)
    want = np.array([sentence_chrf(h, [r]).score for h, r in zip(hyps, refs)])
    assert np.abs(got - want).max() < 1e-6
    assert (want == 100.0).any() and (want == 0.0).any() and ((want > 0) & (want < 100)).any()


def test_chrf_block_and_pairs_agree_on_large_alphabets():
    # CJK text takes the re-ranking path of the n-gram codes
    rng = random.Random(3)
    cjk = [chr(0x4E00 + rng.randrange(3000)) for _ in range(400)]
    texts = ["".join(rng.choice(cjk) for _ in range(rng.randint(5, 30))) for _ in range(40)]
    idx = NgramIndex(texts)
    rows_a, rows_b = np.arange(20), np.arange(20, 40)
    block = idx.chrf_block(rows_a, rows_b)
    pairs = idx.chrf_pairs(np.repeat(rows_a, 20), np.tile(rows_b, 20)).reshape(20, 20)
    assert np.abs(block - pairs).max() < 1e-9
    from sacrebleu import sentence_chrf
    assert abs(block[3, 5] - sentence_chrf(texts[3], [texts[25]]).score) < 1e-6


def test_match_counts_equal_a_plain_count_on_both_paths():
    # many rows share the short n-grams (the matrix-product path) and repeat them within a
    # row (counts above 1); the rarer ones take the pair-by-pair path
    from collections import Counter

    rng = random.Random(5)
    texts = ["".join(rng.choice("aab c") for _ in range(rng.randint(0, 40))) for _ in range(60)]
    idx = NgramIndex(texts)
    rows_a, rows_b = np.arange(0, 30), np.arange(30, 60)

    def grams(t: str, k: int) -> Counter:
        t = "".join(t.split())
        return Counter(t[i:i + k] for i in range(len(t) - k + 1))

    for k in range(1, 7):
        want = np.array([[sum((grams(texts[i], k) & grams(texts[j], k)).values())
                          for j in rows_b] for i in rows_a])
        assert (idx.match_block(k, rows_a, rows_b) == want).all()
        pairs = idx.match_pairs(k, np.repeat(rows_a, 30), np.tile(rows_b, 30))
        assert (pairs.reshape(30, 30) == want).all()


def test_stable_order_is_numpys_stable_argsort():
    from mtqa.align.core import stable_order

    rng = np.random.default_rng(2)
    for x in (rng.integers(0, 4, 5000), rng.integers(0, 2**40, 3000),
              rng.integers(0, 2**62, 100), rng.integers(-3, 3, 100), np.zeros(0, np.int64),
              rng.integers(0, 300, 1000).astype(np.uint32)):
        assert (stable_order(x) == np.argsort(x, kind="stable")).all()


def test_chrf_sim_with_spans_indexes_only_the_units_that_fit():
    from mtqa.align.same import ChrfSim

    rng = random.Random(4)
    src, tgt = _random_texts(rng, 9), _random_texts(rng, 8)
    span_s = np.array([3, 2, 1, 1, 5, 4, 3, 2, 1])  # gaps end after sentences 2, 3 and 8
    span_t = np.array([1, 2, 1, 4, 3, 2, 1, 1])
    full, part = ChrfSim(src, tgt), ChrfSim(src, tgt, spans=(span_s, span_t))
    for a in (1, 2, 3):
        s = np.flatnonzero(span_s >= a)
        assert (part.len_src(a, np.arange(full.count(0, a))) ==
                full.len_src(a, np.arange(full.count(0, a)))).all()
        for b in (1, 2, 3):
            t = np.flatnonzero(span_t >= b)
            assert (part.block(a, b, s, t) == full.block(a, b, s, t)).all()
    with pytest.raises(KeyError):
        part.block(2, 1, np.array([2]), np.array([0]))  # sentences 2-3 cross a gap's end


# -- the DP ----------------------------------------------------------------------------------
def _reference_dp(scores, skip_s, skip_t, n, m):
    """Plain full-grid DP (no band, no vectorisation): the best total score."""
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            c = []
            if i:
                c.append(best[i - 1, j] + skip_s[i - 1])
            if j:
                c.append(best[i, j - 1] + skip_t[j - 1])
            for (a, b), sc in scores.items():
                if i >= a and j >= b:
                    c.append(best[i - a, j - b] + sc[i, j])
            best[i, j] = max(c)
    return best[n, m]


def _random_scores(rng, n: int, m: int):
    """Random link scores of every type over an n x m grid, skip scores, and the blocks
    function the DP reads them through."""
    types = [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]
    dense = {t: rng.normal(size=(n + 1, m + 1)) for t in types}
    skip_s, skip_t = rng.normal(size=n) - 1, rng.normal(size=m) - 1

    def blocks(req):
        out = {}
        for (a, b), (s, t) in req.items():
            out[(a, b)] = dense[(a, b)][np.ix_(s + a, t + b)]  # link ending at (s+a, t+b)
        return out

    return types, dense, skip_s, skip_t, blocks


@pytest.mark.parametrize("seed", range(6))
def test_dp_finds_the_best_path(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    types, dense, skip_s, skip_t, blocks = _random_scores(rng, n, m)
    band = dp.Band.full(n, m)
    scores = dp.fill_band(band, types, blocks)
    links = dp.align_dp(band, scores, skip_s, skip_t)
    total = 0.0
    for s, t in links:
        if s and t:
            total += dense[(len(s), len(t))][s[-1] + 1, t[-1] + 1]
        elif s:
            total += skip_s[s[0]]
        else:
            total += skip_t[t[0]]
    assert total == pytest.approx(_reference_dp(dense, skip_s, skip_t, n, m))
    assert sorted(i for s, _ in links for i in s) == list(range(n))
    assert sorted(j for _, t in links for j in t) == list(range(m))


@pytest.mark.parametrize("seed", range(4))
def test_dp_links_do_not_depend_on_the_chunks(seed):
    """The DP reads scores chunk by chunk and keeps a moving window of values: any chunking
    gives the links of the whole band at once."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(20, 40)), int(rng.integers(20, 40))
    types, dense, skip_s, skip_t, blocks = _random_scores(rng, n, m)
    dense[(1, 1)][rng.random((n + 1, m + 1)) < 0.2] = dp.NEG  # some links impossible
    band = dp.corridor(n, m, [(n // 3, m // 3), (n // 3 + 1, m // 3 + 1)], slack=2,
                       max_gap_area=50, band=3)
    want = dp.align_dp(band, dp.fill_band(band, types, blocks), skip_s, skip_t)
    for chunk, max_cells in ((1, 1), (2, 10), (7, 100), (64, 1 << 16)):
        assert dp.align_band(band, types, blocks, skip_s, skip_t, chunk, max_cells) == want


def test_corridor_is_monotone_and_connected():
    band = dp.corridor(50, 60, [(10, 12), (11, 13), (30, 20), (31, 21)], slack=2)
    assert band.lo[0] == 0 and band.hi[-1] == 60
    assert (np.diff(band.lo) >= 0).all() and (np.diff(band.hi) >= 0).all()
    assert (band.lo[1:] <= band.hi[:-1] + 1).all()
    assert band.lo[11] <= 13 <= band.hi[11]
    assert band.size < 51 * 61  # not the full grid


# -- same language: a rewritten wire story --------------------------------------------------------
WIRE = [
    # paragraph 1
    "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit.",
    "It is his first trip abroad since securing a third term in office.",
    "Russian President Vladimir Putin greeted him at the Kremlin with a lengthy handshake.",
    # paragraph 2
    "The two leaders are expected to sign agreements on energy and trade.",
    "Officials said a new gas pipeline through Mongolia would be discussed.",
    "Analysts in Beijing described the talks as a show of solidarity between the neighbours.",
    # paragraph 3
    "Western governments have urged China to press Russia to end the war in Ukraine.",
    "Ukrainian President Volodymyr Zelensky said he had invited Xi to speak with him directly.",
    "Beijing has presented a twelve-point plan that calls for a ceasefire and peace talks.",
    "Washington said the plan lacks credibility because it does not require a Russian withdrawal.",
]
DERIVED = [
    "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit.",
    "It is his first trip abroad since he secured a third term.",
    "Vladimir Putin welcomed him at the Kremlin with a long handshake.",
    "The visit comes weeks after the International Criminal Court issued a warrant for Putin.",
    # paragraph 3 moved up, one sentence split in two
    "Western governments have urged China to press Russia to end the war in Ukraine.",
    "Ukraine's President Volodymyr Zelensky said he had invited Xi to talk with him directly.",
    "Beijing has presented a twelve-point plan.",
    "The plan calls for a ceasefire and for peace talks.",
    "Washington said the plan lacks credibility as it does not require a Russian withdrawal.",
    # paragraph 2 without its last sentence
    "The two leaders are expected to sign agreements on energy and trade.",
    "Officials said a new gas pipeline through Mongolia would be discussed.",
]


def test_same_language_moved_paragraphs_split_drop_and_addition():
    al = align(WIRE, DERIVED, "en", "en")
    assert al.method == "chrf"
    assert links_of(al) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)),
        ((6,), (4,)), ((7,), (5,)), ((8,), (6, 7)), ((9,), (8,)),
        ((3,), (9,)), ((4,), (10,)), ((5,), ()),
    ]
    assert_partition(al, len(WIRE), len(DERIVED))
    by_src = al.src_to_link()
    assert by_src[0].score == pytest.approx(1.0)  # identical sentences: chrF 100
    assert by_src[5].score == 0.0 and by_src[8].score > 0.5


def test_same_language_no_match_threshold_for_a_replaced_sentence():
    # the dropped sentence and the added one sit in the same slot: by position they could be
    # a (very free) rewording of each other, and with the defaults -- tuned on translations,
    # where that is nearly always the case -- they are linked with a chrF-level score; a
    # minimum margin over unrelated text leaves them unaligned instead
    derived = DERIVED[:3] + DERIVED[4:] + [DERIVED[3]]
    al = align(WIRE, derived, "en", "en")
    assert ((5,), (10,)) in links_of(al) and al.src_to_link()[5].score < 0.2
    al = align(WIRE, derived, "en", "en", min_margin=0.03)
    assert ((5,), ()) in links_of(al) and ((), (10,)) in links_of(al)
    assert ((8,), (5, 6)) in links_of(al)
    assert_partition(al, len(WIRE), len(derived))


def test_same_language_identity_and_json():
    al = align(WIRE, WIRE, "en", "en-GB")
    assert links_of(al) == [((i,), (i,)) for i in range(len(WIRE))]
    js = al.to_json()
    assert js["method"] == "chrf"
    assert js["links"][0] == {"source": [0], "target": [0], "score": 1.0}


def test_monotone_only_when_asked():
    al = align(WIRE, DERIVED, "en", "en", non_monotone=False)
    assert ((3,), (9,)) not in links_of(al)  # the moved paragraph cannot be followed
    assert_partition(al, len(WIRE), len(DERIVED))


# -- across languages ------------------------------------------------------------------------------
DE = [
    "Der chinesische Präsident Xi Jinping ist am Montag zu einem dreitägigen Staatsbesuch in "
    "Moskau eingetroffen.",
    "Es ist seine erste Auslandsreise seit Beginn seiner dritten Amtszeit im März 2023.",
    "Wladimir Putin empfing ihn im Kreml.",
    "Die beiden Staatschefs sprachen mehr als vier Stunden miteinander.",
    "Dabei ging es vor allem um Energie.",
    "Der ukrainische Präsident Wolodymyr Selenskyj forderte Xi zu einem direkten Gespräch auf.",
    "China hat einen Plan mit 12 Punkten für einen Waffenstillstand vorgelegt.",
    "Die USA erklärten, der Plan sei nicht glaubwürdig.",
    "Nach Angaben des Kremls sollen 2024 rund 98 Milliarden Kubikmeter Gas nach China fließen.",
]
EN = [
    "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit.",
    "It is his first trip abroad since the start of his third term in March 2023.",
    "Vladimir Putin received him in the Kremlin.",
    "The two leaders talked for more than four hours, mainly about energy.",
    "Ukrainian President Volodymyr Zelensky called on Xi to hold direct talks.",
    "China has presented a 12-point plan for a ceasefire.",
    "The United States said the plan was not credible.",
    "According to the Kremlin, around 98 billion cubic metres of gas are to flow to China in 2024.",
]


def test_cross_language_german_english_with_a_merge():
    al = align(DE, EN, "de", "en")
    assert al.method == "crosslingual"
    assert links_of(al) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3, 4), (3,)),
        ((5,), (4,)), ((6,), (5,)), ((7,), (6,)), ((8,), (7,)),
    ]
    assert_partition(al, len(DE), len(EN))
    assert all(lk.score > 0 for lk in al.links[:1])  # Xi, Jinping, China... shared


def test_cross_language_drops_an_untranslated_sentence():
    en = EN[:5] + EN[6:]  # the 12-point plan sentence is missing from the translation
    # defaults follow Text+Berg, where sentences are seldom dropped: in a text this short
    # the orphan is absorbed; penalising numbers found on one side only ("12") exposes it
    al = align(DE, en, "de", "en", w_num_miss=0.3)
    assert links_of(al)[4:] == [((5,), (4,)), ((6,), ()), ((7,), (5,)), ((8,), (6,))]
    assert_partition(al, len(DE), len(en))
    default = align(DE, en, "de", "en")
    assert ((8,), (6,)) in links_of(default) or ((7, 8), (6,)) in links_of(default)


def test_cross_language_names_and_numbers_are_shared_concepts():
    from mtqa.align.cross import CrossParams, concepts, tokens

    p = CrossParams()
    de = concepts(tokens("Wolodymyr Selenskyj sprach am 9. Mai 2023 über 8.847,60 m."), p)
    en = concepts(tokens("Volodymyr Zelensky spoke on 9 May 2023 about 8847.60 m."), p)
    shared = set(de) & set(en)
    assert {"#2023", "#884760", "#9", "sslnsk"} <= shared


def test_lexicon_file_is_used(tmp_path):
    from mtqa.align.cross import load_lexicon

    (tmp_path / "bilingual-de-en.tsv").write_text(
        "# test lexicon\nGipfel\tsummit\nWand\tface\t0.5\n", encoding="utf-8")
    assert load_lexicon("de", "en", base=tmp_path) == {("gipfel", "summit"): 1.0,
                                                       ("wand", "face"): 0.5}
    assert load_lexicon("en", "de", base=tmp_path) == {("summit", "gipfel"): 1.0,
                                                       ("face", "wand"): 0.5}
    assert load_lexicon("fr", "en", base=tmp_path) == {}


def test_chinese_without_spaces_uses_character_bigrams():
    from mtqa.align.cross import tokens

    assert ("cjk", "习近") in tokens("习近平抵达莫斯科")
    zh = ["习近平周一抵达莫斯科，开始为期三天的国事访问。",
          "普京在克里姆林宫迎接了他。",
          "中国提出了一项包含12点的和平计划。"]
    en = ["Xi Jinping arrived in Moscow on Monday for a three-day state visit.",
          "Putin welcomed him at the Kremlin.", "China has put forward a 12-point peace plan."]
    al = align(zh, en, "zh", "en")
    assert links_of(al) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


# -- edge cases ------------------------------------------------------------------------------------
def test_empty_sides():
    assert links_of(align([], ["a."], "en", "de")) == [((), (0,))]
    assert links_of(align(["a.", "b."], [], "en", "en")) == [((0,), ()), ((1,), ())]
    assert align([], [], "en", "en").links == []


@pytest.mark.parametrize("n,m", [(1, 1), (1, 4), (4, 1), (2, 3), (3, 2), (5, 8)])
@pytest.mark.parametrize("langs", [("en", "en"), ("de", "en")])
def test_tiny_inputs_cover_every_sentence(n, m, langs):
    al = align(DE[:n] if langs[0] == "de" else WIRE[:n], EN[:m] if langs[0] == "de" else
               DERIVED[:m], *langs)
    assert_partition(al, n, m)


def test_link_json():
    lk = Link((2, 3), (5,), 0.123456)
    assert lk.kind == "2-1"
    assert lk.to_json() == {"source": [2, 3], "target": [5], "score": 0.1235}


# -- large inputs ------------------------------------------------------------------------------
def _synthetic(n: int, seed: int, cross: bool):
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ra", "po", "li", "an", "er"]
    vocab = sorted({"".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
                    for _ in range(5000)})
    other = {w: w[::-1] + "x" for w in vocab}  # a made-up "language" for the cross case
    src_words = [[vocab[min(int(len(vocab) ** rng.random()) - 1, len(vocab) - 1)]
                  for _ in range(rng.randint(6, 25))] + [str(rng.randint(1, 3000))]
                 for _ in range(n)]
    src = [" ".join(w) + "." for w in src_words]
    tgt, gold = [], []
    i = 0
    while i < n:
        words = src_words[i]
        if rng.random() < 0.03 and i + 1 < n:  # merge two
            words = words + src_words[i + 1]
            gold.append(((i, i + 1), (len(tgt),)))
            i += 2
        else:
            gold.append(((i,), (len(tgt),)))
            i += 1
        out = [other[w] if (cross and w in other) else w for w in words]
        out = [w if rng.random() > 0.15 else rng.choice(vocab) for w in out]
        tgt.append(" ".join(out) + ".")
    return src, tgt, gold


@pytest.mark.parametrize("cross", [False, True])
def test_large_synthetic_pair(cross):
    n = 4000 if not cross else 1500
    src, tgt, gold = _synthetic(n, seed=5, cross=cross)
    al = align(src, tgt, "xx", "yy" if cross else "xx")
    assert_partition(al, len(src), len(tgt))
    got = set(links_of(al))
    hits = sum(1 for g in gold if g in got)
    assert hits / len(gold) > 0.98
    for g in (gold[0], gold[len(gold) // 2], gold[-1]):
        assert g in got
    merges = [g for g in gold if len(g[0]) == 2]
    assert sum(1 for g in merges if g in got) / len(merges) > 0.9
