"""mtqa.rx: a pattern compiled on first use behaves exactly as re.compile's."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import re

import pytest

import mtqa
from mtqa import rx

PATTERNS = [
    (r"\w+(?:[-'’]\w+)*", 0),
    (r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>%|per ?cent\b)", re.I),
    (r"""(?x) \b (?:the\s+)? (first|second) \s+ (round|term)  # a comment""", 0),
    (r"(?m)^[ \t]*(?:By|Von)[ \t]+(?!The\b)", 0),
    ("[\ud800-\udfff]", 0),  # a lone surrogate in the pattern itself
]
TEXT = "By Anna Berg: the first round, 12.5 per cent. By The Way"


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_every_method_and_attribute_as_re(pattern, flags):
    lazy, plain = rx.compile(pattern, flags), re.compile(pattern, flags)
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)]
    assert lazy.findall(TEXT) == plain.findall(TEXT)
    assert lazy.sub("<>", TEXT) == plain.sub("<>", TEXT)
    assert lazy.split(TEXT) == plain.split(TEXT)
    assert (lazy.search(TEXT) or plain.search(TEXT)) is None or \
        lazy.search(TEXT).span() == plain.search(TEXT).span()
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == \
        (plain.pattern, plain.flags, plain.groups, dict(plain.groupindex))
    assert lazy == plain and hash(lazy) == hash(plain)
    assert pickle.loads(pickle.dumps(lazy)) == plain


def test_compiled_once_on_first_use_then_the_patterns_own_methods(monkeypatch):
    calls = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: calls.append(a) or real(*a))
    lazy = rx.compile(r"\bnot\b", re.I)
    assert calls == []  # nothing compiled at definition
    assert lazy.search("It is NOT so").group() == "NOT"
    assert lazy.findall("not, not") == ["not", "not"]
    assert len(calls) == 1
    assert lazy.search.__self__ is lazy.compiled()  # bound: no detour after the first use


def test_a_broken_pattern_fails_at_first_use():
    lazy = rx.compile(r"(unclosed")
    with pytest.raises(re.error):
        lazy.search("text")


def test_bytes_patterns_are_compiled_as_re():
    assert rx.compile(rb"<meta[^>]+charset") == re.compile(rb"<meta[^>]+charset")


def test_every_pattern_of_every_module_compiles():
    """Deferred compiling must not defer a broken pattern to a user's run."""
    found = 0
    for info in pkgutil.walk_packages(mtqa.__path__, "mtqa."):
        if info.name.startswith("mtqa.corpora") or info.name == "mtqa.__main__":
            continue
        try:
            mod = importlib.import_module(info.name)
        except ImportError:  # an optional extra (the server's) not installed
            continue
        for value in vars(mod).values():
            if isinstance(value, rx.LazyPattern):
                value.compiled()
                found += 1
    assert found > 150
