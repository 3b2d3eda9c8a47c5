"""Language codes: one place that normalises and validates them.

Codes arrive as BCP 47 tags ('en-US', 'pt_BR', 'zh-Hant', 'sr-Latn-RS'), from the user
(--lang, --source-lang, --calques) or from an input (<html lang>, ninjs "language", XLIFF and
TMX xml:lang, JSONL src_lang/tgt_lang). tag() reduces a tag to one of the languages in
corpora/languages/languages.tsv, or '' when it is not one; validate() does the same for a
code the user typed and makes anything else a usage error. Only these known codes reach
file names (corpora/abbreviations/{lang}.txt, words-{lang}.tsv, spm/{lang}.model...).
"""

from __future__ import annotations

import functools
import re

from . import resources, rx
from .errors import MtqaError

# BCP 47 (RFC 5646) shape, lower-cased with '_' read as '-': a 2-3 letter language, then
# optional script, region, variants, extensions and private use. Linear: every part is bounded.
_TAG = rx.compile(r"""
    (?P<lang>[a-z]{2,3})
    (?:-[a-z]{4})?                                  # script: Latn, Hant
    (?:-(?:[a-z]{2}|\d{3}))?                        # region: US, 419
    (?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*             # variants: 1996, fonipa
    (?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*               # extensions: u-ca-gregory
    (?:-x(?:-[a-z\d]{1,8})+)?                       # private use: x-newsroom
""", re.X)
_MAX_TAG = 80  # longer than any real tag; keeps messages and matching short


# The languages other than English that mtqa has knowledge of its own for (typography, name
# spellings, termbanks, calques from English, fluency norms): the languages wire services
# publish in. Checks for them say so with these codes.
TARGETS = ("de", "fr", "es", "it", "pt", "id", "ru", "ja", "zh")
# Of them, those written without spaces between words (their words are found in the run).
UNSPACED = ("ja", "zh")

_BASE = rx.compile(r"[a-z]{2,3}(?![a-z])")


def base(code: str | None) -> str:
    """'en-US', 'en_us', 'EN' -> 'en'; 'zh-Hant' -> 'zh'; '', None or no language -> ''.
    Lenient (for comparing tags), but never more than 2-3 letters: no path characters."""
    m = _BASE.match((code or "").strip().lower())
    return m.group() if m else ""


@functools.cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> English name, alias or code -> code) from languages.tsv."""
    rows = resources.read_tsv(resources.path("languages", "languages.tsv"))
    names = {r["code"]: r["name"] for r in rows}
    codes = {a: r["code"] for r in rows for a in r.get("aliases", "").split()}
    codes.update((c, c) for c in names)
    return names, codes


def known() -> dict[str, str]:
    """Code -> English name of every language mtqa recognises."""
    return _table()[0]


def _primary(code: str) -> str | None:
    """The primary language subtag of a well-formed BCP 47 tag, else None."""
    s = code.strip().lower().replace("_", "-")
    m = _TAG.fullmatch(s) if len(s) <= _MAX_TAG else None
    return m.group("lang") if m else None


def tag(code: str | None) -> str:
    """The known language a tag names ('en-GB' -> 'en', 'nb-NO' -> 'no', 'heb' -> 'he'), or ''
    when it is not a well-formed tag or not a language mtqa knows. For tags found in input
    data: an unknown one is ignored (the text's language is then identified)."""
    p = _primary(code or "")
    return _table()[1].get(p, "") if p else ""


def _shown(raw: str) -> str:
    """A user string fit for a one-line message: short, control characters escaped."""
    s = raw[:_MAX_TAG] + ("..." if len(raw) > _MAX_TAG else "")
    return s if s.isprintable() else s.encode("unicode_escape").decode("ascii")


def validate(code: str, what: str = "language", extra: tuple[str, ...] = ()) -> str:
    """A user-given code, normalised; an unknown one is a usage error naming the valid ones.

    extra: further accepted words (e.g. 'any' for --calques); returned as given.
    """
    raw = (code or "").strip()
    if raw.lower() in extra:
        return raw.lower()
    found = tag(raw)
    if found:
        return found
    valid = ", ".join([*extra, *sorted(known())])
    shape = "" if _primary(raw) else "not a BCP 47 language tag such as en, en-US or zh-Hant; "
    raise MtqaError(f"unknown {what} code '{_shown(raw)}' ({shape}valid: {valid})")
