"""`mtqa align SOURCE TARGET`: the sentence alignment itself, pair by pair."""

from __future__ import annotations

import json
import textwrap

import click

from ..cli import EXIT_OK, emit
from ..output import OUTPUT_HELP


@click.command("align")
@click.argument("source")
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lines", is_flag=True, help="Each input line is one sentence (pre-segmented text).")
@click.option("--source-lang", default="", help="Language of SOURCE (default: identified).")
@click.option("--lang", "target_lang", default="", help="Language of TARGET (default: identified).")
@click.option("--encoding", default=None, help="Input encoding (default UTF-8).")
@click.option("-o", "--output", default="-", help=OUTPUT_HELP)
def align_cmd(source, target, fmt, lines, source_lang, target_lang, encoding, output):
    """Align SOURCE and TARGET sentence by sentence (1-1, 1-2, 2-1, 2-2, 1-0, 0-1 links)."""
    from ..output import output_path
    from ..pipeline import align_inputs
    from ..readers import read_input

    output = output_path(output, [source, target])
    s_src, t_src = read_input(source, encoding=encoding), read_input(target, encoding=encoding)
    pair = align_inputs(s_src, t_src, source_lang, target_lang, lines)
    sdoc, tdoc, al = pair.src, pair.tgt, pair.alignment
    ss = [sdoc.text[x.start:x.end] for x in sdoc.sentences]
    ts = [tdoc.text[x.start:x.end] for x in tdoc.sentences]
    same = al.method == "chrf"
    if fmt == "json":
        rest = {"method": al.method,
                "source": {"path": sdoc.path, "lang": sdoc.lang, "sentences": len(ss)},
                "target": {"path": tdoc.path, "lang": tdoc.lang, "sentences": len(ts)}}
        emit(_json(al.links, rest, ss, ts, same), output)
        return EXIT_OK
    rows = []
    for link in al.links:
        s = " ".join(ss[i] for i in link.src)
        t = " ".join(ts[j] for j in link.tgt)
        rows.append(f"{_ids(link.src)} ↔ {_ids(link.tgt)}  {link.kind}  score {link.score:.3f}")
        rows.append(f"  S: {s}" if s else "  S: —")
        rows.append(f"  T: {t}" if t else "  T: —")
        if same:
            for d in _diff(ss, ts, link):
                rows.append(f"  ~ '{d['source']}' → '{d['target']}'")
    kinds = {}
    for link in al.links:
        kinds[link.kind] = kinds.get(link.kind, 0) + 1
    rows.append(f"{len(al.links)} links ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}); "
                f"method {al.method}; {sdoc.lang}→{tdoc.lang}")
    emit("\n".join(rows) + "\n", output)
    return EXIT_OK


def _json(links, rest: dict, ss, ts, same: bool) -> str:
    """json.dumps({"links": [...], **rest}, indent=2) + newline, built link by link: the
    text of one dump of every link at once goes through millions of small pieces (some
    80 MB for 20,000 sentences a side)."""
    items = []
    for link in links:
        d = link.to_json()
        if same:
            d["diff"] = _diff(ss, ts, link)
        items.append(textwrap.indent(json.dumps(d, ensure_ascii=False, indent=2), "    "))
    head = '{\n  "links": [\n' + ",\n".join(items) + "\n  ],\n" if items else \
        '{\n  "links": [],\n'
    return head + json.dumps(rest, ensure_ascii=False, indent=2)[2:] + "\n"


def _ids(idx) -> str:
    return "[" + ",".join(str(i) for i in idx) + "]"


def _diff(ss, ts, link) -> list[dict]:
    """Phrase-level differences of a same-language link."""
    from ..divergence.tokens import opcodes, toks

    if not link.src or not link.tgt:
        return []
    s = " ".join(ss[i] for i in link.src)
    t = " ".join(ts[j] for j in link.tgt)
    a, b = toks(s), toks(t)
    out = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            continue
        src = s[a[i1][1]:a[i2 - 1][2]] if i2 > i1 else ""
        tgt = t[b[j1][1]:b[j2 - 1][2]] if j2 > j1 else ""
        out.append({"op": tag, "source": src, "target": tgt})
    return out
