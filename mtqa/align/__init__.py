"""Sentence alignment of a translation (or a derived story) with its source.

    from mtqa.align import align
    al = align(src_sents, tgt_sents, src_lang="de", tgt_lang="en")
    for link in al.links: ...          # Link(src=(0,), tgt=(0, 1), score=0.71)
    al.to_json()                       # {"links": [...], "method": "crosslingual"}

Same language (a rewrite, or a machine translation against a human one): chrF similarity,
non-monotone (moved paragraphs). Different languages: length prior, anchors (numbers,
names, identical tokens, cognates, quotes, punctuation), a bilingual lexicon from corpora
when one exists, and word translations learned from the pair itself. See same.py and
cross.py.
"""

from __future__ import annotations

from .. import languages
from .model import Alignment, Link, sort_links

__all__ = ["align", "Alignment", "Link", "same_language"]


def same_language(src_lang: str, tgt_lang: str) -> bool:
    src = languages.base(src_lang)
    return src == languages.base(tgt_lang) and src != ""


def align(src_sents: list[str], tgt_sents: list[str], src_lang: str, tgt_lang: str,
          **options) -> Alignment:
    """Align two lists of sentences; every sentence appears in exactly one link.

    Links are sorted by their first target index (a 1-0 link follows the link of the
    source sentence before it). options are passed to the method's parameter class
    (SameParams or CrossParams), for tuning and experiments.
    """
    src_sents, tgt_sents = list(src_sents), list(tgt_sents)
    if same_language(src_lang, tgt_lang):
        from .same import SameParams, align_same

        links, info = align_same(src_sents, tgt_sents, SameParams(**options))
        method = "chrf"
    else:
        from .cross import CrossParams, align_cross

        links, info = align_cross(src_sents, tgt_sents, src_lang, tgt_lang, CrossParams(**options))
        method = "crosslingual"
    return Alignment(sort_links(links), method, len(src_sents), len(tgt_sents), info)
