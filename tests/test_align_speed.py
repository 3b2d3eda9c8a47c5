"""The aligner's fast paths give what the plain computations give, to the last bit: a side's
concepts built piece by piece, chrF blocks grouped by unit size, and the word ids of
learned pairs (the DP over chunks of any size: test_align.py)."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.align.chrf import f_score
from mtqa.align.cross import (
    CrossParams,
    Side,
    _link_words,
    concepts,
    gloss_keys,
    tokens,
    words,
)
from mtqa.align.same import ChrfSim

TEXTS = [
    "Wolodymyr Selenskyj sprach am 9. Mai 2023 über 8.847,60 m.",
    "Der Gipfel  beginnt am Montag\tin Brüssel: «Frieden?»",
    "Die Kosten: 8\u00a0847 Euro (ohne Steuern) – oder 1\u202f200 Franken!",
    "习近平周一抵达莫斯科，开始为期三天的国事访问。 Xi Jinping kam an.",
    "",
    "  ",
    "Gipfel Gipfel gipfel GIPFEL.",
]


@pytest.mark.parametrize("lang", ["", "de", "zh"])
def test_side_built_from_pieces_equals_the_sentences(lang):
    p = CrossParams()
    side = Side.build(TEXTS, p, lang)
    for i, text in enumerate(TEXTS):
        toks = tokens(text)
        want = set(concepts(toks, p)) | (gloss_keys(text, lang) if lang else set())
        ptr, ids = side.keys
        assert {side.concepts[k] for k in ids[ptr[i]:ptr[i + 1]]} == want
        ptr, ids = side.words
        got = [side.vocab[k] for k in ids[ptr[i]:ptr[i + 1]]]
        assert got == sorted(words(toks))
        assert side.ntok[i] == sum(1 for k, _ in toks if k != "punct")
        assert side.nnum[i] == sum(1 for k in want if k.startswith("#"))
        assert side.nchar[i] == len("".join(text.split()))


def test_full_chrf_blocks_grouped_by_unit_size_equal_each_type():
    src = ["Xi Jinping arrived in Moscow.", "It is his first trip.", "Putin met him.",
           "Talks began on Tuesday.", "No deal was signed."]
    tgt = ["Xi Jinping arrived in Moscow on Monday.", "It is his first trip abroad.",
           "Putin greeted him, and talks began.", "No deal."]
    sim = ChrfSim(src, tgt, 3)
    types = [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]
    sim.compute_full(types)
    assert sim.full is not None
    for a, b in types:
        s, t = np.arange(sim.count(0, a)), np.arange(sim.count(1, b))
        want = f_score(sim.index.stats_block(sim.src_rows(a, s), sim.tgt_rows(b, t)),
                       symmetric=True) / 100.0
        assert np.array_equal(sim.full[(a, b)], want)


def test_learned_word_ids_number_words_by_first_appearance():
    side = Side.build(["beta alpha gamma", "delta alpha", "gamma epsilon beta", "zeta"],
                      CrossParams())
    ids, names = _link_words(side, [2, 0, 3, 1])
    seen: dict[str, int] = {}
    want = [[seen.setdefault(w, len(seen)) for w in sorted(set(text.split()))]
            for text in ["gamma epsilon beta", "beta alpha gamma", "zeta", "delta alpha"]]
    assert [x.tolist() for x in ids] == want
    assert names == list(seen)
