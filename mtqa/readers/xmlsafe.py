"""Safe XML parsing with file offsets, stdlib only (expat).

Safety, in two layers:

1. Before parsing, a document with a DOCTYPE that declares entities or carries an internal
   DTD subset is refused with one clear error. This is a text scan, so a billion-laughs
   file fails in microseconds whatever its size.
2. The expat parser refuses any entity declaration, never reads external entities or an
   external DTD (parameter-entity parsing off, external-entity handler that refuses), and
   treats a reference to an undeclared entity as an error instead of skipping it.

A bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (which translation tools write) is accepted:
it declares nothing and expat never fetches it. Set ``ALLOW_EXTERNAL_DOCTYPE = False`` to
refuse every DOCTYPE.

Offsets: expat reports ``CurrentByteIndex`` in the UTF-8 encoding of the text we feed it;
we convert to code points incrementally and align each chunk of character data with the
file text (entity and character references, CR LF) via _refs.align.
"""

from __future__ import annotations

import xml.parsers.expat as expat

from .. import rx
from ..errors import InputError
from ._refs import align, xml_ref
from ._tree import El

ALLOW_EXTERNAL_DOCTYPE = True

_DOCTYPE = rx.compile(r"<!DOCTYPE\b")
_DOCTYPE_HEAD = rx.compile(
    r"""<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:"[^"]*"|'[^']*'))+)?\s*(\[|>)""")
_XML_NS = "http://www.w3.org/XML/1998/namespace"

ENTITY_MESSAGE = "XML with entity declarations is refused (possible entity-expansion attack)"


def refuse_dtd(text: str, name: str) -> None:
    """Raise InputError for a DOCTYPE that declares entities or has an internal subset."""
    m = _DOCTYPE.search(text)
    if not m:
        return
    if "<!ENTITY" in text:
        raise InputError(f"{name}: {ENTITY_MESSAGE}")
    head = _DOCTYPE_HEAD.match(text, m.start())
    if head is None or head.group(1) == "[":
        raise InputError(f"{name}: XML with an inline DTD is refused "
                         "(XLIFF, TMX and NewsML-G2 need none)")
    if not ALLOW_EXTERNAL_DOCTYPE:
        raise InputError(f"{name}: XML with a DOCTYPE is refused")


class _ByteToCp:
    """UTF-8 byte offsets of `text` -> code-point offsets (monotonic queries are O(1))."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        self.data = b"" if self.ascii else text.encode("utf-8")
        self.b = 0
        self.c = 0

    def __call__(self, b: int) -> int:
        if self.ascii:
            return b
        if b < self.b:
            self.b = self.c = 0
        self.c += len(self.data[self.b:b].decode("utf-8", "replace"))
        self.b = b
        return self.c


def _split(name: str) -> tuple[str, str]:
    if "}" in name:
        ns, local = name.rsplit("}", 1)
        return ns, local
    return "", name


def parse_xml(text: str, name: str) -> El:
    """Parse `text` (already decoded) into an El tree: tags are local names, `ns` the
    namespace URI; attributes by local name, except xml:lang/xml:space as 'xml:lang'..."""
    refuse_dtd(text, name)
    p = expat.ParserCreate(namespace_separator="}")
    conv = _ByteToCp(text)
    root = El("#document", {}, 0)
    stack = [root]

    def refuse(*_a):
        raise InputError(f"{name}: {ENTITY_MESSAGE}")

    def doctype(_name, _sysid, _pubid, _has_internal_subset):
        # An internal subset was refused by the scan; if that is bypassed, any entity
        # declaration in it still stops the parse (EntityDeclHandler).
        return None

    def skipped(ent, _is_param):
        raise InputError(f"{name}: malformed XML: undefined entity &{ent}; "
                         f"(line {p.CurrentLineNumber})")

    def external(*_a):
        raise InputError(f"{name}: XML refers to an external entity; refused")

    def start(tag, attrs):
        ns, local = _split(tag)
        a = {}
        for k, v in attrs.items():
            kns, kl = _split(k)
            a["xml:" + kl if kns == _XML_NS else kl] = v
        parent = stack[-1]
        el = El(local, a, conv(p.CurrentByteIndex), parent, ns)
        parent.children.append(el)
        stack.append(el)

    def end(_tag):
        stack.pop()

    def chars(data):
        if data:
            pos = conv(p.CurrentByteIndex)
            stack[-1].append_text(align(data, pos, text, xml_ref, xml=True))

    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.EntityDeclHandler = refuse
    p.UnparsedEntityDeclHandler = refuse
    p.StartDoctypeDeclHandler = doctype
    p.ExternalEntityRefHandler = external
    p.SkippedEntityHandler = skipped
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = chars
    p.buffer_text = False
    try:
        p.Parse(text, True)
    except expat.ExpatError as e:
        raise InputError(f"{name}: malformed XML: {expat.ErrorString(e.code)} "
                         f"(line {e.lineno}, column {e.offset + 1})") from None
    return root


def root_element(tree: El, name: str) -> El:
    el = next(tree.elements(), None)
    if el is None:
        raise InputError(f"{name}: malformed XML: no element found")
    return el
