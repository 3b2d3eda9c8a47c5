"""Vet and run the regular expressions of rule packs, so that no pattern can hang mtqa.

A pattern from a user's pack is text from a stranger. Three defences:

1. At load time (vet()): the pattern must compile (with `re`, and with the `regex` engine it
   will run on), a '{' that is not a repetition count must be escaped (the `regex` engine would
   read 'a{e<=1}' as a fuzzy match where `re` reads literal text), and it must not have a shape
   that makes a backtracking engine take exponential time (see exponential() below).
2. A suggestion template is expanded at load time against a match that has every group of the
   pattern (check_template()), with the same Match.expand() that runs on real matches, so a
   '\\g<5>' or a trailing backslash is a load-time error, not a crash when the pattern matches.
3. At run time (finditer()), patterns of user packs run on the `regex` engine in its
   re-compatible mode (VERSION0) with a time budget per pattern per document (BUDGET). Unlike
   `re`, `regex` also stops for Ctrl-C while it matches. The built-in packs are vetted by the
   same code (a test loads every one) and run on `re`, without a budget.

The static check refuses only exponential shapes; a polynomial one (`\\w+\\w+\\w+$`) is caught
by the time budget.
"""

from __future__ import annotations

import functools
import importlib
import re
import re._constants as C  # the parser's node types (Python >= 3.11)
import re._parser as P
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from . import rx

BUDGET = 1.0  # seconds of matching per user pattern per document
MAX_PATTERN = 20_000  # characters; longer patterns are refused before any analysis
_BIG = 8  # bounded repeats up to {m,8} are analysed copy by copy; larger ones as unbounded
_MAX_NODES = 100_000  # the analysis's automaton; more is refused as too complex to vet
_QUANTIFIER = re.compile(r"\{\d*(?:,\d*)?\}")


class Refused(ValueError):
    """A pattern or template that cannot be used; the message says why (no file or line)."""


@functools.cache
def _regex() -> ModuleType:
    """The `regex` engine, imported only for a user pack: the import alone costs more than
    checking an article with the built-in packs."""
    return importlib.import_module("regex")


def _regex_errors(budgeted: bool) -> tuple[type[Exception], ...]:
    """What the `regex` engine raises for a bad pattern or template, if it is the one used."""
    return (_regex().error,) if budgeted else ()


def compile(pattern: str, flags: int, budgeted: bool) -> Any:
    """The pattern compiled for matching: on `regex` (VERSION0) if it runs under a budget;
    else re's, kept compiled between runs (mtqa.rx)."""
    if budgeted:
        regex = _regex()
        return regex.compile(pattern, flags | regex.VERSION0)
    return rx.compile(pattern, flags)


def vet(pattern: str, flags: int, budgeted: bool) -> None:
    """Raise Refused if the pattern cannot be compiled by re (and by `regex` if it will run
    there: a budgeted pattern) or has a catastrophic shape."""
    if len(pattern) > MAX_PATTERN:
        raise Refused(f"pattern longer than {MAX_PATTERN:,} characters")
    try:
        re.compile(pattern, flags)
        tree = P.parse(pattern, flags)
    except re.error as e:
        raise Refused(f"bad pattern: {e}") from None
    except (OverflowError, RecursionError, ValueError) as e:
        # 'a{4294967296}', thousands of nested groups, '(?u)(?a)' (incompatible flags)
        raise Refused(f"bad pattern: {e}") from None
    brace = _unescaped_brace(pattern)
    if brace is not None:
        raise Refused(f"bad pattern: write a literal '{{' as '\\{{' (at position {brace})")
    errors: tuple[type[Exception], ...] = (OverflowError, RecursionError, ValueError,
                                           *_regex_errors(budgeted))
    try:
        compile(pattern, flags, budgeted)
    except errors as e:
        raise Refused(f"bad pattern: {e}") from None
    try:
        bad = exponential(tree)
    except RecursionError:
        bad = "too deeply nested to vet; simplify it"
    if bad:
        raise Refused(f"pattern refused: {bad}")


def check_template(pattern: str, flags: int, budgeted: bool, template: str) -> None:
    """Raise Refused if expanding the suggestion template can fail on some match."""
    if "\\" not in template:
        return
    compiled = compile(pattern, flags, budgeted)
    # A pattern of empty groups numbered and named like the pattern's: it matches '' with every
    # group set, so expand() meets every reference the template can make, as at run time.
    names = {i: n for n, i in compiled.groupindex.items()}
    shadow = "".join(f"(?P<{names[i]}>)" if i in names else "()"
                     for i in range(1, compiled.groups + 1))
    m = compile(shadow, 0, budgeted).match("")
    errors: tuple[type[Exception], ...] = (re.error, IndexError, *_regex_errors(budgeted))
    try:
        expand(m, template)
    except errors as e:
        raise Refused(f"bad suggestion '{template}': {e}") from None


def expand(m: Any, template: str) -> str:
    """A suggestion for a match: template with its group references filled in."""
    return m.expand(template) if "\\" in template else template


def finditer(rx: Any, text: str, budget: float) -> Iterator[Any]:
    """rx.finditer(text); with a budget (a `regex` pattern), TimeoutError once it is spent."""
    return rx.finditer(text, timeout=budget) if budget else rx.finditer(text)


def _unescaped_brace(pattern: str) -> int | None:
    """Position of a '{' outside a character class that is not a repetition count, if any."""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("\\N{", i):  # a named character, '\N{EM DASH}'
            end = pattern.find("}", i)
            i = end + 1 if end > 0 else len(pattern)
        elif ch == "\\":
            i += 2
        elif ch == "[":
            i = _class_end(pattern, i)
        elif ch == "{" and not _QUANTIFIER.match(pattern, i):
            return i
        else:
            i += 1
    return None


def _class_end(pattern: str, i: int) -> int:
    """Index after the character class opening at i ('[]a]' and '[^]a]' hold a literal ']')."""
    i += 1
    i += pattern[i:i + 1] == "^"
    i += pattern[i:i + 1] == "]"
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


# ---------------------------------------------------------------------------------------
# Exponential backtracking, found statically.
#
# A backtracking matcher that fails at some position tries every way the pattern can match
# the text before it; that number is exponential in the text's length exactly when the
# pattern's automaton is *exponentially ambiguous* (Weber & Seidl 1991; applied to regexes by
# Weideman, van der Merwe, Berglund and Watson 2016): some state p has two different paths
# from p back to p that read the same text. (a+)+ reads 'aa' as one iteration or two,
# (a|aa)+ as a,a or aa, (\w|\d\d)+ reads '12' as two \w or one \d\d.
#
# The analysis reads the pattern as re's parser leaves it, which is what re runs: (\w|\d) is
# already one class [\w\d], and (a|aa) is a(?:|a), common prefixes factored out.
#
# The automaton mirrors the engine: a Thompson-style graph whose consuming nodes are the
# pattern's character tests, whose empty moves are the choices the engine makes (alternatives,
# another iteration or not), so (a*)* keeps its two loops. As in `re`, an iteration that
# consumed nothing does not loop again. Two paths p -> p' that differ only in their empty moves
# (the inner or the outer loop of (a+)+) count as two.
#
# Test: in the product automaton (pairs of nodes, both reading a common character), a
# strongly connected component that holds a pair (p, p) and either a pair (p', q') with
# p' != q' or a move (p, p) -> (p', p') made two ways. Only nodes inside an unbounded repeat
# can be on such cycles, so only those are examined.
#
# Approximations: anchors, \b and lookarounds are read as empty moves, which can only add
# paths (their insides are vetted on their own); a backreference as one character of any kind,
# or none (it matches what its group did, one way); an atomic group or possessive repeat as one step reading any character it could (it never gives back,
# so the engine cannot try it two ways; its inside is vetted on its own); a repeat bounded
# above _BIG as unbounded. Characters are compared on a probe alphabet (ASCII, the pattern's
# literals and range ends, and samples of letters, digits, spaces and others from each range
# and from outside ASCII), so two classes that meet only elsewhere may be missed: the time
# budget remains the backstop.
# ---------------------------------------------------------------------------------------

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_IGNORECASE, _DOTALL, _ASCII = int(re.IGNORECASE), int(re.DOTALL), int(re.ASCII)  # ints: RegexFlag ops are slow
_SAMPLES = "éßЖж中٣\u00a0\u2003\u3000—«\u0301\U0001F600\u2028ſ\u212a"


class _Nfa:
    def __init__(self) -> None:
        self.eps: list[list[int]] = []  # empty moves of each node
        self.reads: dict[int, tuple] = {}  # consuming node -> character test (see _member)
        self.exit: dict[int, int] = {}  # consuming node -> node after it
        self.back: dict[int, int] = {}  # end of a loop body -> the loop's index
        self.loops: list[tuple[int, int, int]] = []  # (loop node, first, end) of body node ids
        self.inner: list[tuple[Any, int]] = []  # atomic/lookaround insides, vetted separately
        self.why = ""  # a catastrophic shape found while building

    def node(self) -> int:
        if len(self.eps) >= _MAX_NODES:
            raise Refused("pattern refused: too many repeats of repeats to vet; simplify it")
        self.eps.append([])
        return len(self.eps) - 1

    def consume(self, test: tuple) -> tuple[int, int]:
        c, e = self.node(), self.node()
        self.reads[c], self.exit[c] = test, e
        return c, e

    def seq(self, items: Any, flags: int) -> tuple[int, int]:
        s = cur = self.node()
        for op, av in items:
            a, b = self.item(op, av, flags)
            self.eps[cur].append(a)
            cur = b
        return s, cur

    def item(self, op: Any, av: Any, flags: int) -> tuple[int, int]:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return self.consume((op, av, flags))
        if op is C.SUBPATTERN:
            _, add, remove, sub = av
            return self.seq(sub, (flags | add) & ~remove)
        if op is C.BRANCH:
            return self.choice([self.seq(b, flags) for b in av[1]])
        if op is C.GROUPREF_EXISTS:
            _, yes, no = av
            return self.choice([self.seq(yes, flags), self.seq(no or [], flags)])
        if op in _REPEATS:
            return self.repeat(av[0], av[1], av[2], flags)
        if op in (C.ATOMIC_GROUP, C.POSSESSIVE_REPEAT):
            sub = av if op is C.ATOMIC_GROUP else av[2]
            self.inner.append((sub, flags))
            c, e = self.consume((_ANY_OF, sub, flags))
            if (op is C.POSSESSIVE_REPEAT and av[0] == 0) or sub.getwidth()[0] == 0:
                return self.choice([(c, e), self.empty()])
            return c, e
        if op in (C.ASSERT, C.ASSERT_NOT):
            self.inner.append((av[1], flags))
            return self.empty()
        if op is C.GROUPREF:
            return self.choice([self.consume((C.ANY, None, flags | _DOTALL)), self.empty()])
        return self.empty()  # AT (anchors, \b): reads nothing

    def empty(self) -> tuple[int, int]:
        n = self.node()
        return n, n

    def choice(self, frags: list[tuple[int, int]]) -> tuple[int, int]:
        s, e = self.node(), self.node()
        for a, b in frags:
            self.eps[s].append(a)
            self.eps[b].append(e)
        return s, e

    def repeat(self, lo: int, hi: int, sub: Any, flags: int) -> tuple[int, int]:
        low, high = sub.getwidth()
        if lo > _BIG and low == 0 < high:
            # At least lo iterations, each free to read something or nothing: the engine tries
            # every choice of which ones read ('(?:a?){100}$' never ends on 50 a's).
            self.why = (f"a repeat of at least {lo} of something that can be empty, such as "
                        f"(?:a?){{{lo}}}, takes exponential time when it fails")
        s = cur = self.node()
        unbounded = hi == C.MAXREPEAT or hi > _BIG
        skips = []
        for i in range(min(lo, 1) if unbounded else hi):
            a, b = self.seq(sub, flags)
            if i >= lo:
                skips.append(cur)  # stop after i copies
            self.eps[cur].append(a)
            cur = b
        if unbounded:
            loop = self.node()
            first = len(self.eps)
            a, b = self.seq(sub, flags)
            end = self.node()
            self.eps[b].append(end)
            self.back[end] = len(self.loops)
            self.loops.append((loop, first, len(self.eps)))
            self.eps[cur].append(loop)
            self.eps[loop].append(a)
            cur = loop
        e = self.node()
        for k in [*skips, cur]:
            self.eps[k].append(e)
        return s, e


_ANY_OF = "any-of"  # a test reading any character some test inside a subpattern reads


def exponential(tree: Any) -> str:
    """Why a parsed pattern (re._parser.parse) can take exponential time, or ''."""
    todo = [(tree, int(tree.state.flags))]
    while todo:
        sub, flags = todo.pop()
        nfa = _Nfa()
        nfa.seq(sub, flags)
        if nfa.why:
            return nfa.why
        if nfa.loops and _ambiguous(nfa):
            return ("a repeated part can match the same text in more than one way, so a failing "
                    "match takes exponential time (as in (a+)+ or (a|aa)+); rewrite it so that "
                    "the text can be matched only one way")
        todo += nfa.inner
    return ""


def _ambiguous(nfa: _Nfa) -> bool:
    looped = [c for c in nfa.reads if any(f <= c < e for _, f, e in nfa.loops)]
    tests = [t for c in looped for t in _tests_of(nfa.reads[c])]
    probes = {ch: i for i, ch in enumerate(_probes(tests))}
    mask = {c: _mask(nfa.reads[c], probes) for c in looped}
    inside = set(looped)
    succ = {c: {t: k for t, k in _moves(nfa, c).items() if t in inside} for c in looped}
    for comp in _sccs(looped, lambda c: succ[c]):
        if _ambiguous_cycle(set(comp), succ, mask):
            return True
    return False


def _ambiguous_cycle(comp: set[int], succ: dict[int, dict[int, int]], mask: dict[int, int]) -> bool:
    """Has this cycle of the automaton two paths from a node back to it reading the same text?"""
    def pairs(pq: tuple[int, int]) -> Iterator[tuple[int, int]]:
        p, q = pq
        for p2 in succ[p]:
            if p2 in comp:
                for q2 in succ[q]:
                    if q2 in comp and mask[p2] & mask[q2]:
                        yield p2, q2
    for scc in _sccs([(p, p) for p in sorted(comp)], pairs):
        members = set(scc)
        diagonal = [p for p, q in scc if p == q]
        if not diagonal:
            continue
        if len(diagonal) < len(scc):  # a pair (p', q'), p' != q', on a cycle through (p, p)
            return True
        if any(k >= 2 and (t, t) in members for p in diagonal for t, k in succ[p].items()):
            return True
    return False


def _moves(nfa: _Nfa, c: int) -> dict[int, int]:
    """The consuming nodes reachable by empty moves after c, and in how many ways (1 or 2+).

    A loop may go round again only if its current iteration read something: the loops around
    c may each close once; entering a loop's body again starts new iterations of it and of
    every loop inside it.
    """
    memo: dict[tuple[int, frozenset[int]], dict[int, int]] = {}

    def go(n: int, allowed: frozenset[int]) -> dict[int, int]:
        key = (n, allowed)
        if key in memo:
            return memo[key]
        if n in nfa.reads:
            return {n: 1}
        steps = [(m, allowed) for m in nfa.eps[n]]
        li = nfa.back.get(n)
        if li is not None and li in allowed:
            loop, first, end = nfa.loops[li]
            steps.append((loop, frozenset(k for k in allowed
                                          if not first <= nfa.loops[k][1] < end)))
        res: dict[int, int] = {}
        for m, al in steps:
            for t, k in go(m, al).items():
                res[t] = min(2, res.get(t, 0) + k)
        memo[key] = res
        return res
    around = frozenset(i for i, (_, f, e) in enumerate(nfa.loops) if f <= c < e)
    return go(nfa.exit[c], around)


def _sccs(nodes: list, succ: Callable[[Any], Any]) -> list[list]:
    """Strongly connected components reachable from nodes (Tarjan's algorithm, no recursion)."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    stack: list = []
    on: set = set()
    out: list[list] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        work = [(root, iter(succ(root)))]
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ(w))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    low[u] = min(low[u], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(comp)
    return out


# Character tests: (op, av, flags) as the parser gives them, or (_ANY_OF, subpattern, flags).

def _tests_of(test: tuple) -> Iterator[tuple]:
    """The plain tests a test stands for (those inside an atomic group, for _ANY_OF)."""
    op, av, flags = test
    if op != _ANY_OF:
        yield test
        return
    for o, a in av:
        if o in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            yield o, a, flags
        elif o is C.SUBPATTERN:
            yield from _tests_of((_ANY_OF, a[3], (flags | a[1]) & ~a[2]))
        elif o is C.BRANCH:
            for b in a[1]:
                yield from _tests_of((_ANY_OF, b, flags))
        elif o in (*_REPEATS, C.POSSESSIVE_REPEAT):
            yield from _tests_of((_ANY_OF, a[2], flags))
        elif o is C.ATOMIC_GROUP:
            yield from _tests_of((_ANY_OF, a, flags))
        elif o is C.GROUPREF_EXISTS:
            for b in a[1:]:
                yield from _tests_of((_ANY_OF, b or [], flags))
        elif o is C.GROUPREF:
            yield C.ANY, None, flags | _DOTALL


def _mask(test: tuple, probes: dict[str, int]) -> int:
    """The probe characters a test reads, as a bit set (probes: character -> bit)."""
    out = 0
    for t in _tests_of(test):
        op, av, flags = t
        if op is C.LITERAL:  # most tests: one character (or its cases)
            ch = chr(av)
            out |= sum({1 << probes[v] for v in _cases(ch, flags) if v in probes})
        else:
            out |= sum(1 << i for ch, i in probes.items() if _member(t, ch))
    return out


def _cases(ch: str, flags: int) -> set[str]:
    """The characters a test for ch may read: ch, and its other case if case-insensitive
    (a superset of what re folds)."""
    if not flags & _IGNORECASE:
        return {ch}
    return {v for v in (ch, ch.lower(), ch.upper()) if len(v) == 1}


def _member(test: tuple, ch: str) -> bool:
    op, av, flags = test
    return any(_reads(op, av, flags, v) for v in _cases(ch, flags))


def _reads(op: Any, av: Any, flags: int, ch: str) -> bool:
    if op is C.LITERAL:
        return ord(ch) == av
    if op is C.NOT_LITERAL:
        return ord(ch) != av
    if op is C.ANY:
        return ch != "\n" or bool(flags & _DOTALL)
    negate = hit = False
    for o, a in av:
        if o is C.NEGATE:
            negate = True
        elif o is C.LITERAL:
            hit = hit or ord(ch) == a
        elif o is C.RANGE:
            hit = hit or a[0] <= ord(ch) <= a[1]
        elif o is C.CATEGORY:
            hit = hit or _in_category(a, ch, bool(flags & _ASCII))
    return hit != negate


_CATEGORIES: dict[Any, tuple[Callable[[str, bool], bool], bool]] = {
    C.CATEGORY_DIGIT: (lambda ch, a: ch.isdecimal() and (ch.isascii() or not a), False),
    C.CATEGORY_WORD: (lambda ch, a: (ch.isalnum() or ch == "_") and (ch.isascii() or not a), False),
    C.CATEGORY_SPACE: (lambda ch, a: ch in " \t\n\r\f\v" if a else ch.isspace(), False),
    C.CATEGORY_LINEBREAK: (lambda ch, a: ch == "\n", False),
}
_CATEGORIES.update({
    C.CATEGORY_NOT_DIGIT: (_CATEGORIES[C.CATEGORY_DIGIT][0], True),
    C.CATEGORY_NOT_WORD: (_CATEGORIES[C.CATEGORY_WORD][0], True),
    C.CATEGORY_NOT_SPACE: (_CATEGORIES[C.CATEGORY_SPACE][0], True),
    C.CATEGORY_NOT_LINEBREAK: (_CATEGORIES[C.CATEGORY_LINEBREAK][0], True),
})


def _in_category(cat: Any, ch: str, ascii: bool) -> bool:
    test, negated = _CATEGORIES[cat]
    return test(ch, ascii) != negated


def _kind(ch: str) -> tuple[bool, ...]:
    return (ch.isalnum() or ch == "_", ch.isdecimal(), ch.isspace(), ch == "\n", ch.isascii())


def _probes(tests: list[tuple]) -> list[str]:
    """Characters enough to tell whether two of these tests can read a common character:
    ASCII, samples from outside it, every literal and range end, and from the start of each
    range one character of each kind (letter, digit, space, other) found there."""
    chars = {chr(i) for i in range(128)} | set(_SAMPLES)
    for op, av, _ in tests:
        if op in (C.LITERAL, C.NOT_LITERAL):
            chars.add(chr(av))
        elif op is C.IN:
            for o, a in av:
                if o is C.LITERAL:
                    chars.add(chr(a))
                elif o is C.RANGE:
                    chars.update(_range_samples(*a))
    chars |= {v for ch in list(chars) for v in (ch.lower(), ch.upper()) if len(v) == 1}
    return sorted(chars)


def _range_samples(lo: int, hi: int) -> set[str]:
    out = {chr(lo), chr(hi)}
    kinds: set[tuple[bool, ...]] = set()
    for o in range(lo, min(hi, lo + 1024) + 1):
        ch = chr(o)
        if _kind(ch) not in kinds:
            kinds.add(_kind(ch))
            out.add(ch)
    return out
