"""Word choice judged by the word-in-context model (mtqa/lm.py).

wordchoice.spinner flags a rare word that a synonym spinner put in place of a very frequent
one ("the caput of state" for "head of state", "this twelvemonth" for "this year"). The
candidates are data (corpora/lm/en-spinner.tsv, built by scripts/build_spinner_table.py:
rare words sharing a WordNet synset with a word at least 300 times more frequent, rare both
in the context model and in wordfreq); whether the substitution is wrong HERE is the
model's call. It fires only when

- neither neighbour of the rare word forms a bigram with it that the model lists,
- the frequent synonym forms a listed bigram with every neighbour the word has (words
  joined by spaces only: punctuation or a line break ends the context), and
- the synonym's fit between the neighbours, log P(f | left) + log P(right | f), beats the
  rare word's by at least MIN_GAIN (log10), and the synonym is bound to those neighbours
  (summed association at least MIN_BOUND): the spinner broke a phrase.

On ≈105,000 words of correct news it raised 2 findings (see corpora/lm/PROVENANCE.md).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import lm, resources
from ..document import Document
from ..finding import Finding
from ..rules import Rule
from ..segment import LINE_BREAK
from .context import Context

SPINNER = Rule(
    "wordchoice.spinner", "style/unidiomatic", "major",
    "A rare synonym where English uses a very frequent word, as a synonym spinner writes "
    "it ('the caput of state'): the context model lists neither of its word pairs and "
    "strongly prefers the frequent word there (English; WordNet 3.0, CMU Sphinx LM).",
    langs=("en",),
    examples=("The caput of state arrived in Lima on Monday for two days of talks.",),
    counterexamples=("The head of state arrived in Lima on Monday for two days of talks.",))
RULES = [SPINNER]

MIN_GAIN = 3.0  # log10: the frequent word fits 1,000 times better between the neighbours
# log10: the frequent word must be bound to this context (its associations with the
# neighbours summed), as in the fixed phrase a spinner breaks ("head of state", "this
# year"); a rare word beside a neutral context ("and relegates the") is a writer's choice.
MIN_BOUND = 1.0
_OOV = -7.5     # log10 P for a word the model lacks (below its rarest listed word)
_CONFIDENCE = 0.7


@functools.cache
def _table() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for _, line in resources.data_lines(resources.path("lm", "en-spinner.tsv")):
        rare, _, freq = line.partition("\t")
        out[rare] = tuple(freq.split())
    return out


def _joined(text: str, a, b) -> bool:
    """Whether two tokens are neighbours for the model: only spaces between them."""
    gap = text[a.end:b.start]
    return (not gap.strip()) and len(LINE_BREAK.findall(gap)) == 0


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.lang != "en" or not ctx.wants(SPINNER):
        return
    table = _table()
    toks = doc.tokens
    hits = [i for i, t in enumerate(toks) if t.kind == "word" and t.text in table]
    if not hits:
        return
    model = lm.model("en")
    if model is None:
        return
    for i in hits:
        t = toks[i]
        left = toks[i - 1] if i > 0 and toks[i - 1].kind == "word" and _joined(doc.text, toks[i - 1], t) else None
        right = (toks[i + 1] if i + 1 < len(toks) and toks[i + 1].kind == "word"
                 and _joined(doc.text, t, toks[i + 1]) else None)
        found = _judge(model, left.lower if left else None, t.text, right.lower if right else None,
                       table[t.text])
        if found is None:
            continue
        alt, gain = found
        ctx_text = " ".join(x for x in (left.text if left else "", t.text, right.text if right else "") if x)
        yield SPINNER.finding(
            t.start, t.end,
            f'"{t.text}" is a rare synonym of "{alt}"; in "{ctx_text}" the context model '
            f'finds "{alt}" {_times(gain)} likelier, and lists no pair "{t.text}" forms '
            "there: the trace of a synonym spinner.",
            alt,
            {"context": ctx_text, "alternative": alt, "gain_log10": round(gain, 2),
             "source": f"{model.source}; WordNet 3.0 synonyms (corpora/lm/en-spinner.tsv)"},
            _CONFIDENCE)


def _times(gain: float) -> str:
    return f"{10 ** gain:,.0f} times" if gain < 6 else "over a million times"


def _judge(model: lm.ContextModel, left: str | None, word: str, right: str | None,
           alts: tuple[str, ...]) -> tuple[str, float] | None:
    """(best synonym, its gain in log10 fit) when the model says the spinner's word is wrong
    between left and right (None: no such neighbour), else None."""
    if left is None and right is None:
        return None
    li = model.id(left) if left else lm.UNKNOWN
    ri = model.id(right) if right else lm.UNKNOWN
    if (left and li == lm.UNKNOWN) or (right and ri == lm.UNKNOWN):
        return None  # a neighbour the model doesn't know says nothing either way
    wi = model.id(word)
    own = 0.0
    if wi == lm.UNKNOWN:
        own = (_OOV if left else 0.0) + (_OOV if right else 0.0)
    else:
        if (left and model.listed(li, wi) is not None) or (right and model.listed(wi, ri) is not None):
            return None
        own = (model.logp(li, wi) if left else 0.0) + (model.logp(wi, ri) if right else 0.0)
    best: tuple[str, float] | None = None
    for alt in alts:
        ai = model.id(alt)
        lp = model.listed(li, ai) if left else 0.0
        rp = model.listed(ai, ri) if right else 0.0
        if lp is None or rp is None:
            continue
        gain = lp + rp - own
        bound = ((model.association(left, alt) or 0.0) if left else 0.0) + \
            ((model.association(alt, right) or 0.0) if right else 0.0)
        if gain >= MIN_GAIN and bound >= MIN_BOUND and (best is None or gain > best[1]):
            best = (alt, gain)
    return best
