"""Pattern rules from the packs: calques and literalisms per source language, web boilerplate.

A user pack's pattern runs with a time budget per text (regexguard.BUDGET); one that spends it
stops the run with an error naming the pattern's file and line, its rule and entry.

An entry runs only on a text holding one of its required literals (PatternEntry.prefilter):
most entries of a pack cannot match a given article, and a substring test is far cheaper
than a regex scan of the whole text. Skipping an entry that cannot match changes no result.
The literals are found when the packs are loaded (and kept with them in the cache), one
packs.Probe per text answers for every entry, and a pattern is compiled only when it runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import packs, regexguard, rx
from ..document import Document
from ..errors import PackError
from ..finding import Finding
from ..packs import PackSet, PatternEntry
from ..rules import Rule
from .context import Context


def rules(packs: PackSet) -> list[Rule]:
    return packs.pattern_rules


def run(doc: Document, ctx: Context) -> Iterator[Finding]:
    probe = packs.Probe(doc.text)  # once per document, for the entries' prefilters
    glossed = _glossed(doc.text)
    for rule in ctx.packs.pattern_rules:
        # (a rule for another language's text would have its findings dropped: see run_checks)
        if rule.applies_to(doc.lang) and ctx.wants(rule) and ctx.calques_apply(rule):
            yield from _outermost(_matches(rule, probe, glossed))


def _outermost(found: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: where two entries of a rule match nested spans
    ('9.30 Uhr' and '30 Uhr'), the longer one stands."""
    kept: list[Finding] = []
    reach = -1  # furthest end kept so far: every kept finding starts at or before f
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if f.end > reach:
            kept.append(f)
            reach = f.end
    return kept


def _matches(rule: Rule, probe: packs.Probe, glossed: dict[str, int]) -> list[Finding]:
    """The findings of a rule's entries in probe.text (glossed: _glossed(probe.text))."""
    out = []
    for entry in rule.entries:
        if not probe.may_match(entry.prefilter):
            continue  # no required literal in the text: the entry cannot match
        try:
            out += _entry_matches(probe.text, rule, entry, glossed)
        except TimeoutError:
            # A user pack's pattern over its budget: the pattern is at fault, not the text,
            # so the run stops (exit 2) naming it rather than report a partial check.
            raise PackError(f"{entry.where()}: the pattern of {rule.id}/{entry.id} ran for more "
                            f"than {entry.budget:g} s on this text (see 'Rule packs' in the "
                            "README); simplify it") from None
    return out


# An abbreviation the article spells out after a name: "the Swedish People's Party (RKP)".
_GLOSSED = rx.compile(r"\b[A-Z][\w’'.-]*\s+\(([A-Z][A-Za-z&/-]{1,9})\)")
_WORD = rx.compile(r"[A-Za-z&/-]+")


def _glossed(text: str) -> dict[str, int]:
    """Abbreviation -> where its first gloss ends."""
    out: dict[str, int] = {}
    if "(" in text:
        for m in _GLOSSED.finditer(text):
            out.setdefault(m.group(1), m.end())
    return out


def _after_gloss(m: re.Match, glossed: dict[str, int]) -> bool:
    """Does the match use an abbreviation the article glossed before it ('the RKP' after
    'Swedish People's Party (RKP)')? Glossed once, it may be used after that."""
    return any(glossed.get(w, len(m.string)) <= m.start() for w in _WORD.findall(m.group()))


def _entry_matches(text: str, rule: Rule, entry: PatternEntry,
                   glossed: dict[str, int]) -> list[Finding]:
    out = []
    for m in regexguard.finditer(entry.regex, text, entry.budget):
        if m.group() in entry.allow or m.end() == m.start():
            continue
        if glossed and _after_gloss(m, glossed):
            continue
        evidence = {"pack": rule.pack, "pattern": entry.pattern}
        if entry.note:
            evidence["note"] = entry.note
        if entry.provenance:
            evidence["provenance"] = entry.provenance
        out.append(rule.finding(m.start(), m.end(), entry.message,
                                regexguard.expand(m, entry.suggestion), evidence, entry=entry.id))
    return out
