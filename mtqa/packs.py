"""Load rule packs: a folder with pack.toml and one .toml file per rule (Vale-like).

A rule's id is '<pack name>.<file stem>'. Kinds of rule file:
  kind = "pattern"  regular-expression entries (calques, literalisms, boilerplate)
  [[term]] tables    termbank entries (canonical form, accepted aliases, garbled variants)
A pack may also hold gazetteer.tsv (names, same columns as corpora/names/gazetteer.tsv).
Every key is checked against the schema below when the pack is loaded (types, required
keys, unknown keys, language codes, patterns and suggestion templates: see regexguard).
Errors name the file and line: PackError("path:line: what is wrong").
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import re._casefix as _casefix  # characters re matches ignoring case beyond lowercase
import re._constants as C  # the parser's node types (Python >= 3.11)
import re._parser as P
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import languages, regexguard, resources, rx
from .errors import MtqaError, PackError
from .finding import SEVERITIES
from .rules import CATEGORIES, Rule, slug


@dataclass(frozen=True)
class PatternEntry:
    id: str  # addressable as '<rule id>/<entry id>'
    pattern: str
    flags: int
    suggestion: str
    allow: frozenset[str]
    note: str
    provenance: str
    message: str
    severity: str
    category: str
    # Seconds of matching allowed per document (user packs, on the `regex` engine); 0: none
    # (the built-in packs, vetted by the tests, on `re`).
    budget: float = 0.0
    file: str = ""  # the rule file, and the entry's position in it, for run-time errors
    index: int = 0
    # The prefilter's literals (see Prefilter), found when the pack is loaded and kept in the
    # packs cache: parsing every pattern for them costs more than checking an article.
    # Neither: no prefilter, the entry runs on every text.
    exact: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()

    @functools.cached_property
    def regex(self) -> Any:
        # Compiled on first use and kept: a run pays only for the entries that can match.
        return regexguard.compile(self.pattern, self.flags, self.budget > 0)

    @functools.cached_property
    def prefilter(self) -> Prefilter | None:
        return Prefilter(self.exact, self.folded, self.keys) if self.exact or self.folded else None

    def where(self) -> str:
        """'path:line' of the entry, for messages."""
        return f"{self.file}:{_Line(Path(self.file), 'entries', self.index, 'pattern')}"


@dataclass
class PackSet:
    """Everything the loaded packs contribute."""
    packs: dict[str, str] = field(default_factory=dict)  # name -> version
    pack_langs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pattern_rules: list[Rule] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    gazetteers: list[Path] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # indexes built from packs

    def extend(self, other: PackSet) -> None:
        for name in other.packs:
            if name in self.packs:
                raise PackError(f"{name}: a rule pack with this name is already loaded")
        self.packs.update(other.packs)
        self.pack_langs.update(other.pack_langs)
        self.pattern_rules += other.pattern_rules
        self.terms += other.terms
        self.gazetteers += other.gazetteers


# ---- the prefilter: literals a pattern's every match contains ------------------------------

@dataclass(frozen=True)
class Prefilter:
    """Literal strings at least one of which occurs in any match of a pattern: a text holding
    none of them cannot match, and the pattern need not run on it. `exact` ones are looked
    for in the text as written; `folded` ones (in lowercase, from case-insensitive parts of
    the pattern) in fold(text)."""
    exact: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    # A token test for each literal, exact ones first (see token_key): a quick way to learn
    # that one does not occur, which changes no answer.
    keys: tuple[str, ...] = field(default=(), compare=False)

    def may_match(self, text: str, folded_text: str) -> bool:
        """False only if no match is possible (folded_text: fold(text))."""
        for lit in self.exact:
            if lit in text:
                return True
        for lit in self.folded:
            if lit in folded_text:
                return True
        return False


# The characters outside ASCII that re, ignoring case, matches to an ASCII letter (the
# dotted and dotless i, the long s, the Kelvin sign; a test checks every code point).
_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """The text as folded literals of a Prefilter are looked for in: an ASCII character that
    a case-insensitive pattern matches there reads as that character in lowercase."""
    if any(ch in text for ch in _FOLDS_TO_ASCII):  # rare; translate() costs 20 times lower()
        text = text.translate(_TO_ASCII)
    return text.lower()


_FOLDS_TO_ASCII = tuple(map(chr, _TO_ASCII))


class Probe:
    """One text's answers to "does this literal occur in it?", for the prefilters of many
    entries. Each literal is looked for once (entries share literals), and most never: a scan
    of the text costs far more than a look-up among the text's tokens, which a literal's
    token test (Prefilter.keys) makes first."""

    def __init__(self, text: str):
        self.text = text
        self.folded = fold(text)
        self._exact: dict[str, bool] = {}
        self._folded: dict[str, bool] = {}
        self._tokens: list[str] | None = None  # sorted, made on the first token test
        self._token_set: set[str] = set()

    def may_match(self, pf: Prefilter | None) -> bool:
        """Prefilter.may_match() of this text; True for no prefilter."""
        if pf is None:
            return True
        n = len(pf.exact)
        keys = pf.keys or ("",) * (n + len(pf.folded))
        return any(self._has(lit, key, self._exact, self.text) for lit, key in zip(pf.exact, keys)) \
            or any(self._has(lit, key, self._folded, self.folded) for lit, key in zip(pf.folded, keys[n:]))

    def _has(self, lit: str, key: str, memo: dict[str, bool], haystack: str) -> bool:
        # The token test first, on its own: a key holds only for its own entry's pattern (the
        # same literal may follow a word edge in one pattern and not in another), so only
        # the literal's own presence is remembered for the entries that share it.
        if key and not self._tokens_allow(key):
            return False
        found = memo.get(lit)
        if found is None:
            found = memo[lit] = lit in haystack
        return found

    def _tokens_allow(self, key: str) -> bool:
        if not key:
            return True
        if self._tokens is None:
            self._token_set = set(_TOKEN.findall(self.folded))
            self._tokens = sorted(self._token_set)
        word = key[1:]
        if key[0] == "=":
            return word in self._token_set
        i = bisect.bisect_left(self._tokens, word)
        return i < len(self._tokens) and self._tokens[i].startswith(word)


_TOKEN = rx.compile(r"[a-z0-9]+")  # a token of the folded text, for token_key


def token_key(lit: str, left: bool) -> str:
    """A test on the tokens of fold(text) that passes wherever the (folded) literal occurs:
    '=w', some token is w (w: a run of the literal between two other characters); '^w', some
    token starts with w (w: a run that ends the literal); '' none. left: in any match, the
    literal follows a character that folds to no ASCII letter or digit, or the text's start."""
    best = ""
    for m in _TOKEN.finditer(lit):
        if m.start() or left:  # (a run is preceded in the literal by another character)
            key = ("=" if m.end() < len(lit) else "^") + m.group()
            if (key[0] == "=", len(key)) > (best[:1] == "=", len(best)):
                best = key
    return best


def required_literals(pattern: str, flags: int) -> Prefilter | None:
    """A Prefilter for a pattern as re reads it, or None if no literal is certain to occur."""
    try:
        tree = P.parse(pattern, flags)
        best = _Literals().sequence(tree, int(tree.state.flags))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if best is None:
        return None
    left: dict[tuple[str, bool], bool] = {}  # (literal, folded) -> left, wherever it is read
    for lit, f, bounded in best:
        left[lit, f] = left.get((lit, f), True) and bounded
    # A literal holding another is redundant: where it occurs, so does the other (which then
    # follows an edge only if it starts the literal, and the literal follows one).
    kept = dict(left)
    for lit, f in left:
        for o, of in left:
            held = fold(lit) if of and not f else lit
            if (o, of) != (lit, f) and (of or not f) and o in held:
                kept.pop((lit, f), None)
                left[o, of] = left[o, of] and held.startswith(o) and left[lit, f]
    ex = tuple(sorted(lit for lit, f in kept if not f))
    fo = tuple(sorted(lit for lit, f in kept if f))
    # (an exact literal in ASCII reads as its lowercase in fold(text), at the same place)
    keys = [token_key(lit.lower() if lit.isascii() else "", left[lit, False]) for lit in ex]
    keys += [token_key(lit, left[lit, True]) for lit in fo]
    return Prefilter(ex, fo, tuple(keys))


# A literal (text, folded, left: see token_key); a choice: literals one of which must occur.
_Choice = frozenset[tuple[str, bool, bool]]


def _best(choices: list[_Choice]) -> _Choice | None:
    """The most selective choice: its shortest literal longest, then the fewest literals."""
    return max(choices, key=lambda c: (min(len(lit[0]) for lit in c), -len(c)), default=None)


_STARTS = (C.AT_BEGINNING, C.AT_BEGINNING_LINE, C.AT_BEGINNING_STRING)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


class _Literals:
    """Walks a parsed pattern (re._parser) collecting choices: each run of literal characters
    read one after another, and the choices of the parts a match must pass through (each
    branch of an alternation, the body of a repeat done at least once). Anything it does not
    know breaks the run and adds no choice, so what it returns holds for every match.

    It also follows what the match read just before the current place, for token_key: edge,
    nothing or a character that folds to no ASCII letter or digit; boundary, a '\\b' (the
    same, before a word character). Anything it does not know clears both."""

    def __init__(self, edge: bool = False, boundary: bool = False):
        self.edge, self.boundary = edge, boundary

    def sequence(self, items: Any, flags: int) -> _Choice | None:
        self.run: list[str] = []
        self.folded = self.wide = False  # the run: some character folded / exact, not ASCII
        self.left = False  # the run: at an edge
        self.choices: list[_Choice] = []
        # The sequence's first run, if nothing came before it: (text, folded, wide).
        self.head: tuple[str, bool, bool] | None = None
        self.opened = False  # something other than the first run was read
        self._items(items, flags)
        self._end_run()
        return _best(self.choices)

    def _items(self, items: Any, flags: int) -> None:
        for op, av in items:
            if op is C.LITERAL:
                ch = chr(av)  # (a character that is no letter or digit has no other case)
                self._char(ch, bool(flags & re.IGNORECASE), not ch.isalnum())
            elif op is C.IN:
                self._char(*_one_char(av, flags), _no_alnum(av))
            elif op is C.SUBPATTERN:  # a group reads its body, in line
                _, add, remove, sub = av
                self._items(sub, (flags | add) & ~remove)
            elif op is C.ATOMIC_GROUP:
                self._items(av, flags)
            elif op is C.AT:  # reads nothing, so a run goes on across it
                if av in _STARTS:
                    self.edge = True
                elif av is C.AT_BOUNDARY and not flags & re.ASCII:  # (then \w is str.isalnum)
                    self.boundary = True
            elif op in (C.ASSERT, C.ASSERT_NOT):
                pass  # the same; a lookaround's text is ignored
            else:
                run = ("".join(self.run), self.folded, self.wide, self.left)
                self._end_run()
                self.edge, self.boundary = self._group(op, av, flags, run)

    def _group(self, op: Any, av: Any, flags: int,
               run: tuple[str, bool, bool, bool]) -> tuple[bool, bool]:
        """Add the choices of a node that is not read in line (run: the run just before it);
        (edge, boundary) after it."""
        if op is C.BRANCH:
            walkers = [_Literals(self.edge, self.boundary) for _ in av[1]]
            branches = [w.sequence(b, flags) for w, b in zip(walkers, av[1])]
            if branches and None not in branches:
                self.choices.append(frozenset(lit for b in branches if b for lit in b))
            joined = _joined(run, [w.head for w in walkers])
            if joined:
                self.choices.append(joined)
            return all(w.edge for w in walkers), all(w.edge or w.boundary for w in walkers)
        if op in _REPEATS:
            lo, _, sub = av
            if lo >= 1:
                body = _Literals(self.edge, self.boundary).sequence(sub, flags)
                if body is not None:
                    self.choices.append(body)
            # (an iteration after the first follows what the one before it read)
            later = _Literals()
            later.sequence(sub, flags)
            if lo >= 1:
                return later.edge, False
            # none at all: as before it
            return later.edge and self.edge, later.edge and (self.edge or self.boundary)
        # any other node (ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, nodes not known
        # here): no literal from it
        return False, False

    def _char(self, ch: str, fold: bool, no_alnum: bool) -> None:
        """Add a character the match reads here to the run (''; some unknown character);
        fold: in any case (as the pattern ignores case here, or says [Tt]); no_alnum: what
        is read folds to no ASCII letter or digit."""
        edge = self.edge or (self.boundary and ch.isalnum())
        self.edge, self.boundary = no_alnum, False
        if fold and not ch.isascii():
            ch = _folded_char(ch)
        if not ch:
            self._end_run()
            return
        wide = not fold and not ch.isascii()
        if (fold and self.wide) or (wide and self.folded):
            self._end_run()  # a folded literal holds no character outside ASCII read exactly
        if not self.run:
            self.left = edge
        self.run.append(ch)
        self.folded |= fold
        self.wide |= wide

    def _end_run(self) -> None:
        if self.run:
            text = "".join(self.run)
            lit = (text.lower() if self.folded else text, self.folded, self.left)
            self.choices.append(frozenset({lit}))
            if not self.opened:
                self.head = (text, self.folded, self.wide)
        self.opened = True
        self.run = []
        self.folded = self.wide = False


def _joined(run: tuple[str, bool, bool, bool],
            heads: list[tuple[str, bool, bool] | None]) -> _Choice | None:
    """A run followed by the first runs of each branch of an alternation, read in one piece:
    re's parser takes a common start out of the branches ('W(?:ATCH|atch)' for WATCH|Watch),
    so the run alone says less than 'WATCH' or 'Watch'. None if a branch has no first run,
    or a literal would be folded and hold a character outside ASCII read exactly."""
    text, folded, wide, left = run
    if not text or not heads or None in heads:
        return None
    out = set()
    for head, head_folded, head_wide in filter(None, heads):
        f = folded or head_folded
        if f and (wide or head_wide):
            return None
        out.add(((text + head).lower() if f else text + head, f, left))
    return frozenset(out)


def _folded_char(ch: str) -> str:
    """A character outside ASCII that a pattern reads ignoring case, as fold(text) reads every
    character re matches to it there; '' if some read otherwise. re matches a character
    whose simple lowercase is ch's, which is fold()'s (str.lower) except for the few that
    re also matches to a character of another lowercase ('\u0432' to '\u1c80': re's
    _casefix), and the dotted I and the final sigma, which are among those or fold to ASCII."""
    low = ch.lower()
    return low if len(low) == 1 and ord(low) not in _casefix._EXTRA_CASES else ""


def _no_alnum(members: Any) -> bool:
    """Does a set read only characters that are no letter or digit ('[ \\t]', '[:|]', '\\s')?"""
    return all((op is C.LITERAL and not chr(av).isalnum())
               or (op is C.CATEGORY and av is C.CATEGORY_SPACE) for op, av in members)


def _one_char(members: Any, flags: int) -> tuple[str, bool]:
    """The character a set reads, if it reads one ('[.]'), or one ASCII letter in either case
    ('[Tt]'), as (character, folded); ('', False) otherwise."""
    if not all(op is C.LITERAL for op, _ in members):
        return "", False  # a negated set, a range, a category such as \d
    chars = {chr(av) for _, av in members}
    lowered = {ch.lower() for ch in chars}
    if len(chars) == 1 and not flags & re.IGNORECASE:
        return chars.pop(), False
    if len(lowered) == 1 and all(ch.isascii() for ch in chars):
        return lowered.pop(), True
    return "", False


# ---- the schema: key -> (test, what the value must be) --------------------------------------

Spec = tuple[Callable[[Any], bool], str]
_STR: Spec = (lambda v: isinstance(v, str), "a string")
_BOOL: Spec = (lambda v: isinstance(v, bool), "true or false")
_STRS: Spec = (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of strings")
_LANGS: Spec = (_STRS[0], 'a list of language codes, such as ["fi"]')
_VERSION: Spec = (lambda v: isinstance(v, str | int | float) and not isinstance(v, bool), "a string")


def _tables(name: str) -> Spec:
    return (lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
            f"an array of tables ([[{name}]])")


PACK_KEYS = {"name": _STR, "version": _VERSION, "description": _STR, "provenance": _STR,
             "source_langs": _LANGS, "target_langs": _LANGS}
RULE_KEYS = {"kind": _STR, "category": _STR, "severity": _STR, "message": _STR,
             "description": _STR, "entries": _tables("entries")}
ENTRY_KEYS = {"id": _STR, "pattern": _STR, "case": _STR, "suggestion": _STR, "allow": _STRS,
              "message": _STR, "severity": _STR, "category": _STR, "note": _STR,
              "provenance": _STR, "example": _STR, "counterexample": _STR}
TERM_FILE_KEYS = {"term": _tables("term")}
TERM_KEYS = {"id": _STR, "canonical": _STR, "aliases": _STRS, "variants": _STRS, "head": _STR,
             "quoted": _BOOL, "type": _STR, "note": _STR, "provenance": _STR}
CASES = ("insensitive", "sensitive")
_ID = rx.compile(r"[a-z0-9][a-z0-9-]*")


_TYPE_NAMES = ((bool, "true/false", "true/false values"), (str, "a string", "strings"),
               (int, "a number", "numbers"), (float, "a number", "numbers"),
               (list, "an array", "arrays"), (dict, "a table", "tables"))


def _type_name(v: Any, plural: bool = False) -> str:
    """A TOML value's type, as a user reads it in the file: 'a number', 'an array of tables'."""
    if isinstance(v, list) and not plural:
        kinds = dict.fromkeys(_type_name(x, plural=True) for x in v)
        return f"an array of {' and '.join(kinds)}" if kinds else "an empty array"
    for typ, one, many in _TYPE_NAMES:
        if isinstance(v, typ):
            return many if plural else one
    return "dates or times" if plural else "a date or time"


def _check(f: Path, table: str | None, index: int, data: dict, keys: dict[str, Spec],
           required: tuple[str, ...] = ()) -> None:
    """Every key of one table known and of its type, and the required ones present."""
    for key, v in data.items():
        spec = keys.get(key)
        if spec is None:
            near = difflib.get_close_matches(key, keys, n=1)
            hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(keys)}"
            raise PackError(f"{f}:{_Line(f, table, index, key)}: unknown key '{key}' ({hint})")
        if not spec[0](v):
            raise PackError(f"{f}:{_Line(f, table, index, key)}: '{key}' must be {spec[1]}, "
                            f"not {_type_name(v)}")
    for key in required:
        if key not in data:
            raise PackError(f"{f}:{_Line(f, table, index)}: missing '{key}'")


def _one_of(f: Path, line: _Line, key: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise PackError(f"{f}:{line}: unknown {key} '{value}' (one of: {', '.join(allowed)})")
    return value


def _find_line(path: Path, table: str | None, index: int, key: str | None) -> int:
    """Line of `key = ...` in the index-th [[table]] of a TOML file (table None: before the
    first table); the table's own line if the key is not written there; 1 if unknown."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    start = 0
    if table is not None:
        headers = [no for no, line in enumerate(lines) if line.strip().replace(" ", "") == f"[[{table}]]"]
        if index >= len(headers):
            return 1
        start = headers[index]
    if key is not None and table is None:  # a top-level key may be written as a table: [key]
        header = rx.compile(rf"\s*\[\[?\s*{re.escape(key)}\s*\]")
        for no, line in enumerate(lines):
            if header.match(line):
                return no + 1
    if key is not None:
        written = rx.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        for no in range(start + (table is not None), len(lines)):
            if lines[no].lstrip().startswith("["):
                break
            if written.match(lines[no]):
                return no + 1
    return start + 1


class _Line:
    """The line of a key (or of the index-th [[table]]), computed only if an error needs it."""

    def __init__(self, f: Path, table: str | None, index: int = 0, key: str | None = None):
        self.f, self.table, self.index, self.key = f, table, index, key

    def __str__(self) -> str:
        return str(_find_line(self.f, self.table, self.index, self.key))


# ---- loading ----------------------------------------------------------------------------

def _load(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        line = m.group(1) if m else "1"
        raise PackError(f"{path}:{line}: invalid TOML: {str(e).split(' (at')[0]}") from None
    except UnicodeDecodeError:
        raise PackError(f"{path}:1: not UTF-8 text") from None
    except RecursionError:
        raise PackError(f"{path}:1: invalid TOML: nested too deeply") from None
    except OSError as e:
        raise PackError(f"{path}: cannot read: {e.strerror}") from None


def load_pack(folder: Path, budget: float | None = None) -> PackSet:
    """A pack folder, checked. budget: seconds of matching per pattern per document (default
    regexguard.BUDGET; 0: none, for the vetted built-in packs)."""
    budget = regexguard.BUDGET if budget is None else budget
    meta_path = folder / "pack.toml"
    if not meta_path.is_file():
        raise PackError(f"{folder}: not a rule pack (no pack.toml)")
    meta = _load(meta_path)
    _check(meta_path, None, 0, meta, PACK_KEYS)
    name = meta.get("name", folder.name)
    if not _ID.fullmatch(name):
        raise PackError(f"{meta_path}:{_Line(meta_path, None, 0, 'name')}: pack name must be "
                        "lowercase letters, digits and hyphens")
    version = str(meta.get("version", "0"))
    langs = _langs(meta_path, meta, "source_langs", "source language")
    # Languages of the text the pack's patterns are written for ('en' for calques into
    # English); none declared: any language.
    target_langs = _langs(meta_path, meta, "target_langs", "text language")
    out = PackSet(packs={name: version}, pack_langs={name: langs})
    for f in sorted(folder.glob("*.toml")):
        if f.name == "pack.toml":
            continue
        data = _load(f)
        if "term" in data:
            _check(f, None, 0, data, TERM_FILE_KEYS)
            out.terms += _terms(f, data["term"], name, target_langs)
        elif "kind" in data:
            _check(f, None, 0, data, RULE_KEYS, ("category", "severity", "message", "entries"))
            _one_of(f, _Line(f, None, 0, "kind"), "kind", data["kind"], ("pattern",))
            out.pattern_rules.append(_pattern_rule(f, data, name, version, langs, target_langs, budget))
        else:
            raise PackError(f"{f}:1: unknown rule file: expected kind = \"pattern\" or [[term]] tables")
    gaz = folder / "gazetteer.tsv"
    if gaz.is_file():
        out.gazetteers.append(gaz)
    return out


def _langs(f: Path, meta: dict, key: str, what: str) -> tuple[str, ...]:
    try:
        return tuple(languages.validate(code, what) for code in meta.get(key, ()))
    except MtqaError as e:
        raise PackError(f"{f}:{_Line(f, None, 0, key)}: {e}") from None


def _pattern_rule(f: Path, data: dict, pack: str, version: str, langs: tuple[str, ...],
                  target_langs: tuple[str, ...], budget: float) -> Rule:
    stem = f.stem
    if not _ID.fullmatch(stem):
        raise PackError(f"{f}:1: rule file names must be lowercase letters, digits and hyphens")
    category = _one_of(f, _Line(f, None, 0, "category"), "category", data["category"], CATEGORIES)
    severity = _one_of(f, _Line(f, None, 0, "severity"), "severity", data["severity"], SEVERITIES)
    message = data["message"]
    raw = data["entries"]
    if not raw:
        raise PackError(f"{f}:1: a pattern rule needs at least one [[entries]] table")
    entries = []
    seen: set[str] = set()
    for i, e in enumerate(raw):
        _check(f, "entries", i, e, ENTRY_KEYS, ("pattern",))
        entries.append(_pattern_entry(f, i, e, seen, data, budget))
    return Rule(id=f"{pack}.{stem}", category=category, severity=severity,
                description=data.get("description", message), kind="pattern", pack=pack,
                pack_version=version, message=message, source_langs=langs,
                langs=target_langs, entries=tuple(entries),
                examples=tuple(e["example"] for e in raw if e.get("example")),
                counterexamples=tuple(e["counterexample"] for e in raw if e.get("counterexample")))


def _pattern_entry(f: Path, i: int, e: dict, seen: set[str], rule: dict, budget: float) -> PatternEntry:
    """One [[entries]] table (keys already type-checked), its pattern and suggestion vetted."""
    def line(key: str | None = None) -> _Line:
        return _Line(f, "entries", i, key)
    case = _one_of(f, line("case"), "case", e.get("case", "insensitive"), CASES)
    flags = 0 if case == "sensitive" else int(re.IGNORECASE)
    pat = e["pattern"]
    suggestion = e.get("suggestion", "")
    try:
        regexguard.vet(pat, flags, budget > 0)
    except regexguard.Refused as err:
        raise PackError(f"{f}:{line('pattern')}: {err}") from None
    try:
        regexguard.check_template(pat, flags, budget > 0, suggestion)
    except regexguard.Refused as err:
        raise PackError(f"{f}:{line('suggestion')}: {err}") from None
    # No prefilter for a user pack's pattern: it runs on `regex`, whose reading of a pattern
    # can differ from re's parser (and skipping it would also skip its time budget).
    pf = None if budget > 0 else required_literals(pat, flags)
    return PatternEntry(
        id=_entry_id(f, line("id"), e, i, seen), pattern=pat, flags=flags, suggestion=suggestion,
        allow=frozenset(e.get("allow", ())), note=e.get("note", ""),
        provenance=e.get("provenance", ""), message=e.get("message", rule["message"]),
        severity=_one_of(f, line("severity"), "severity", e.get("severity", rule["severity"]), SEVERITIES),
        category=_one_of(f, line("category"), "category", e.get("category", rule["category"]), CATEGORIES),
        budget=budget, file=str(f), index=i,
        exact=pf.exact if pf else (), folded=pf.folded if pf else (), keys=pf.keys if pf else ())


def _entry_id(f: Path, line: _Line, e: dict, index: int, seen: set[str]) -> str:
    """An entry's id: its own 'id' key, else its 1-based position in the file (a pattern
    often covers many phrasings, so no single example names it fairly)."""
    given = e.get("id", str(index + 1))
    if not _ID.fullmatch(given):
        raise PackError(f"{f}:{line}: 'id' must be lowercase letters, digits and hyphens")
    if given in seen:
        raise PackError(f"{f}:{line}: duplicate entry id '{given}'")
    seen.add(given)
    return given


def _terms(f: Path, raw: list[dict], pack: str, langs: tuple[str, ...] = ()) -> list[dict]:
    out = []
    seen: set[str] = set()
    for i, t in enumerate(raw):
        _check(f, "term", i, t, TERM_KEYS, ("canonical",))
        canonical = t["canonical"]
        tid = t.get("id", slug(canonical))
        if not re.fullmatch(r"[\w][\w-]*", tid):
            raise PackError(f"{f}:{_Line(f, 'term', i, 'id')}: 'id' must be letters, digits and hyphens")
        if tid in seen:
            raise PackError(f"{f}:{_Line(f, 'term', i)}: two terms with the id '{tid}' (give one an 'id')")
        seen.add(tid)
        out.append({"id": tid, "canonical": canonical, "aliases": list(t.get("aliases", [])),
                    "variants": list(t.get("variants", [])), "head": t.get("head", ""),
                    "quoted": t.get("quoted", False), "type": t.get("type", ""),
                    "note": t.get("note", ""), "provenance": t.get("provenance", ""),
                    "pack": pack, "file": str(f), "langs": list(langs)})
    return out


# The on-disk cache's form of the built-in packs (JSON: see resources.disk_cached). Building
# them compiles every pattern to validate it; loading this costs a few milliseconds.
_TERM_SPEC = {"id": str, "canonical": str, "aliases": list[str], "variants": list[str], "head": str,
              "quoted": bool, "type": str, "note": str, "provenance": str, "pack": str, "file": str,
              "langs": list[str]}
_RULE_SKIP = ("entries", "entry_ids")
_PACKSET_SPEC = {
    "packs": dict[str, str], "pack_langs": dict[str, list[str]],
    "rules": resources.columns_spec(Rule, _RULE_SKIP),
    "entries": resources.list_of(resources.columns_spec(PatternEntry)),  # each rule's
    "terms": resources.list_of(_TERM_SPEC), "gazetteers": list[str]}


def _packset_to_json(ps: PackSet, _texts: list[str]) -> dict:
    return {"packs": ps.packs, "pack_langs": {k: list(v) for k, v in ps.pack_langs.items()},
            "rules": resources.to_columns(ps.pattern_rules, Rule, _RULE_SKIP),
            "entries": [resources.to_columns(r.entries, PatternEntry) for r in ps.pattern_rules],
            "terms": ps.terms, "gazetteers": [str(p) for p in ps.gazetteers]}


def _packset_from_json(data: dict, _texts: list[str]) -> PackSet:
    """The packs back from _packset_to_json() (data already checked against _PACKSET_SPEC)."""
    entries = [tuple(resources.from_columns(PatternEntry, cols)) for cols in data["entries"]]
    if not all(e.severity in SEVERITIES and e.category in CATEGORIES for es in entries for e in es):
        raise ValueError("packs cache: unknown severity or category")
    rules = resources.from_columns(Rule, data["rules"], entries=entries)  # Rule checks its own
    return PackSet(data["packs"], {k: tuple(v) for k, v in data["pack_langs"].items()}, rules,
                   data["terms"], [Path(p) for p in data["gazetteers"]])


@functools.cache
def builtin() -> PackSet:
    root = resources.path("packs")
    folders = [f for f in sorted(root.iterdir()) if (f / "pack.toml").is_file()]

    def build():
        out = PackSet()
        for folder in folders:
            out.extend(load_pack(folder, budget=0))  # vetted; run on re
        return out
    deps = [p for f in folders for p in sorted(f.iterdir())] + [__file__, regexguard.__file__]
    return resources.disk_cached("packs", deps, build, _PACKSET_SPEC, _packset_to_json, _packset_from_json)


def load(extra_dirs=()) -> PackSet:
    """Built-in packs plus user packs (a pack folder, or a folder of pack folders)."""
    base = builtin()
    out = PackSet(dict(base.packs), dict(base.pack_langs), list(base.pattern_rules),
                  list(base.terms), list(base.gazetteers))
    for d in extra_dirs:
        d = Path(d)
        if not d.is_dir():
            raise PackError(f"{d}: rule pack folder not found")
        if (d / "pack.toml").is_file():
            out.extend(load_pack(d))
        else:
            subs = [s for s in sorted(d.iterdir()) if (s / "pack.toml").is_file()]
            if not subs:
                raise PackError(f"{d}: no rule pack here (no pack.toml)")
            for s in subs:
                out.extend(load_pack(s))
    return out
