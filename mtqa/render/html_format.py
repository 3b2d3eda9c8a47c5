"""HTML: one self-contained page an editor opens in a browser (inline CSS and JS, no network).

The page shows, per document: the scores (MQM-style score with its verdict, fluency with its
parts), the findings by severity, and the article with one highlight element per finding
(`data-rule`, `data-severity`, `data-category`, `data-index` = the finding's index). Its
message, suggestion and evidence show on hover, and in a details panel on click, tap or Enter.
When a source was given, the aligned source sentences stand beside the translated ones.

Everything taken from the input is escaped. The data the script reads is the JSON report
(json_format.document_dict) embedded with every '<' written as \\u003c, so no text can end
its <script> element; the script builds the details with textContent only.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter

from ..finding import SEVERITIES
from .json_format import SCHEMA, document_dict

# Top-level MQM categories that get their own colour; anything else is shown as "other".
CATEGORIES = ("accuracy", "terminology", "fluency", "style", "locale", "other")

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def render(results, signature) -> str:
    data = {"schema": SCHEMA, "signature": signature,
            "documents": [document_dict(r) for r in results]}
    total = sum(len(r.findings) for r in results)
    title = "mtqa report" + (f": {_name(results[0].doc.path)}" if len(results) == 1 else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="top">',
        "<h1>mtqa report</h1>",
        f'<p class="summary">{_plural(len(results), "document")}, {_plural(total, "finding")}'
        f"{_count_text(Counter(f.severity for r in results for f in r.findings))}</p>",
        f'<p class="signature">Signature: <code>{esc(signature.get("string", ""))}</code></p>',
        _legend(),
        _toc(results) if len(results) > 1 else "",
        "</header>",
        "<main>",
    ]
    parts += [_section(d, r) for d, r in enumerate(results)]
    parts += [
        "</main>",
        '<div id="tip" class="tip" role="tooltip" hidden></div>',
        '<div id="panel" class="panel" role="dialog" aria-modal="false" aria-labelledby="panel-title"'
        ' tabindex="-1" hidden>',
        '<div class="panel-head"><h2 id="panel-title">Finding</h2>'
        '<button type="button" class="close" aria-label="Close the details">\u00d7</button></div>',
        '<div id="panel-body" aria-live="polite"></div>',
        '<div class="panel-nav"><button type="button" data-step="-1">\u2039 Previous</button>'
        '<button type="button" data-step="1">Next \u203a</button></div>',
        "</div>",
        f'<script type="application/json" id="mtqa-data">{script_json(data)}</script>',
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def script_json(data) -> str:
    """JSON that is safe inside <script>: no '</', '<!--' or ']]>' can appear in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# -- page parts ---------------------------------------------------------------------------------

def _section(d: int, r) -> str:
    doc = r.doc
    info = r.info
    meta = [f"language {esc(doc.lang or '?')}", _plural(doc.word_count, "word"),
            _plural(len(doc.sentences), "sentence")]
    src = info.get("source")
    if src:
        meta.append(f"source <code>{esc(_name(src.get('path', '')))}</code> ({esc(src.get('lang') or '?')})")
    cands = info.get("candidates")
    if cands:
        meta.append("retrieved from candidates: " + ", ".join(
            f"<code>{esc(_name(c.get('path', '')))}</code> {float(c.get('score', 0)):.2f}" for c in cands))
    rows = _aligned_rows(r) if src else None
    body = _pairs(d, r, rows) if rows is not None else _article(d, r)
    note = ""
    if src and rows is None:
        note = '<p class="note">The source sentences could not be lined up with this text; the article is shown alone.</p>'
    return "\n".join([
        f'<section class="doc" id="doc-{d}" aria-labelledby="doc-{d}-title">',
        f'<h2 id="doc-{d}-title">{esc(_name(doc.path))}</h2>',
        f'<p class="meta">{" · ".join(meta)}</p>',
        _scores(r),
        f'<div class="layout{" with-source" if rows is not None else ""}">',
        _findings_list(d, r),
        f'<div class="text">{note}{body}</div>',
        "</div>",
        "</section>",
    ])


def _scores(r) -> str:
    out = ['<div class="scores">']
    sc = r.info.get("score")
    if sc:
        ok = bool(sc.get("pass"))
        out.append(
            f'<div class="card mqm {"pass" if ok else "fail"}">'
            f'<div class="label">MQM-style score</div>'
            f'<div class="value"><span class="big">{float(sc["score"]):.1f}</span>/100 '
            f'<span class="verdict">{"PASS" if ok else "FAIL"}</span></div>'
            f'<div class="small">penalty {float(sc.get("penalty", 0)):g} over '
            f'{_plural(sc.get("words", 0), "word")}; pass at {float(sc.get("threshold", 0)):g}</div></div>')
    q = r.info.get("quality") or {}
    flu = q.get("fluency")
    if flu:
        rows = []
        for name, part in (flu.get("parts") or {}).items():
            v = float(part.get("value", 0))
            rows.append(f'<tr><th scope="row">{esc(name.replace("_", " "))}</th>'
                        f'<td><meter min="0" max="1" value="{v:.3f}"></meter> {v:.2f}</td>'
                        f'<td>{esc(part.get("explanation", ""))}</td></tr>')
        table = (f'<details class="parts"><summary>fluency parts</summary><table>{"".join(rows)}</table>'
                 "</details>") if rows else ""
        out.append(f'<div class="card fluency"><div class="label">Fluency</div>'
                   f'<div class="value"><span class="big">{float(flu["value"]):.2f}</span> of 1</div>'
                   f'{table}</div>')
    if "quality" in q:
        inputs = q.get("inputs") or {}
        extra = [f"{k} {float(inputs[k]):.2f}" for k in ("adequacy", "chrF") if inputs.get(k) is not None]
        out.append(f'<div class="card quality"><div class="label">Quality estimate</div>'
                   f'<div class="value"><span class="big">{float(q["quality"]):.1f}</span>/100</div>'
                   f'<div class="small">pass at {float(q.get("threshold", 0)):g}'
                   f'{"; " + esc(", ".join(extra)) if extra else ""}</div></div>')
    counts = Counter(f.severity for f in r.findings)
    chips = "".join(f'<span class="chip sev-{s}">{counts[s]} {s}</span>' for s in SEVERITIES if counts[s])
    out.append(f'<div class="card counts"><div class="label">Findings</div>'
               f'<div class="value"><span class="big">{len(r.findings)}</span></div>'
               f'<div class="chips">{chips}</div></div>')
    out.append("</div>")
    return "".join(out)


def _findings_list(d: int, r) -> str:
    items = {s: [] for s in SEVERITIES}
    other = []
    for i, f in enumerate(r.findings):
        _, _, line, col = r.locate(f)
        excerpt = r.doc.text[f.start:f.end]
        shown = f"\u201c{esc(_short(excerpt))}\u201d" if excerpt else '<span class="gap">(missing text)</span>'
        sugg = f' <span class="sugg">\u2192 {esc(f.suggestion)}</span>' if f.suggestion else ""
        li = (f'<li><a class="jump" href="#f-{d}-{i}" data-doc="{d}" data-jump="{i}">'
              f'<span class="where">{line}:{col}</span> <code class="rule">{esc(f.rule)}</code> {shown}</a>'
              f'<div class="msg">{esc(f.message)}{sugg}</div></li>')
        items.get(f.severity, other).append(li)
    groups = []
    for s in SEVERITIES:
        if items[s]:
            groups.append(f'<h4 class="sev-head sev-{s}">{s} ({len(items[s])})</h4><ol>{"".join(items[s])}</ol>')
    if other:
        groups.append(f'<h4 class="sev-head">other ({len(other)})</h4><ol>{"".join(other)}</ol>')
    inner = "".join(groups) or '<p class="none">No findings.</p>'
    return (f'<aside class="findings" aria-label="Findings by severity"><details open>'
            f'<summary><h3>Findings by severity</h3></summary>{inner}</details></aside>')


def _article(d: int, r) -> str:
    text = r.doc.text
    spans = [(f.start, f.end, i) for i, f in enumerate(r.findings)]
    body = markup(text, 0, len(text), spans, _opener(d, r), _marker(d, r))
    return f'<div class="article" lang="{esc(r.doc.lang)}" dir="auto">{body}</div>'


def _pairs(d: int, r, rows) -> str:
    src_lang = (r.info.get("source") or {}).get("lang") or ""
    src_text = r.source_text
    src_spans = [(f.source_start, f.source_end, i) for i, f in enumerate(r.findings)
                 if f.source_start is not None and f.source_end is not None]
    out = [f'<div class="pairs"><div class="pair-head" aria-hidden="true"><div>Source ({esc(src_lang or "?")})'
           f'</div><div>Translation ({esc(r.doc.lang or "?")})</div></div>']
    for row in rows:
        if row["src"] is not None:
            slo, shi = row["src"]
            inside = [(s, e, i) for s, e, i in src_spans if slo <= s and e <= shi and s < e]
            src_html = markup(src_text, slo, shi, inside, _src_opener(d, r), None)
        else:
            src_html = '<span class="note">(no source sentence)</span>'
        tlo, thi = row["tgt"]
        tgt_html = markup(r.doc.text, tlo, thi, [(s, e, i) for s, e, i in row["findings"]],
                          _opener(d, r), _marker(d, r))
        if row["tgt_sents"] == 0:
            tgt_html += '<span class="note"> (not in the translation)</span>'
        kind = " omitted" if row["tgt_sents"] == 0 else " added" if row["src"] is None else ""
        out.append(f'<div class="pair{kind}">'
                   f'<div class="src" lang="{esc(src_lang)}" dir="auto"><span class="col-label">Source</span>'
                   f"{src_html}</div>"
                   f'<div class="tgt" lang="{esc(r.doc.lang)}" dir="auto"><span class="col-label">Translation</span>'
                   f"{tgt_html}</div></div>")
    out.append("</div>")
    return "".join(out)


def _legend() -> str:
    keys = "".join(f'<li><span class="swatch cat-{c}"></span>{c}</li>' for c in CATEGORIES)
    sev = "".join(f'<li><span class="swatch line sev-{s}"></span>{s}</li>' for s in SEVERITIES)
    return (f'<div class="legend"><ul aria-label="Colours by category">{keys}</ul>'
            f'<ul aria-label="Underlines by severity">{sev}</ul>'
            '<p class="hint">Hover over, tap or press Enter on a highlight for its details.</p></div>')


def _toc(results) -> str:
    items = []
    for d, r in enumerate(results):
        sc = r.info.get("score") or {}
        verdict = ""
        if sc:
            verdict = (f' <span class="{"pass" if sc.get("pass") else "fail"}">{float(sc["score"]):.1f} '
                       f'{"pass" if sc.get("pass") else "FAIL"}</span>')
        items.append(f'<li><a href="#doc-{d}">{esc(_name(r.doc.path))}</a>{verdict} '
                     f'<span class="small">{_plural(len(r.findings), "finding")}</span></li>')
    return f'<nav class="toc" aria-label="Documents"><ol>{"".join(items)}</ol></nav>'


# -- highlights ---------------------------------------------------------------------------------

def _category_class(category: str) -> str:
    top = category.split("/", 1)[0].strip().lower()
    return f"cat-{top if top in CATEGORIES else 'other'}"


def _severity_class(severity: str) -> str:
    return f"sev-{severity if severity in SEVERITIES else 'info'}"


def _opener(d: int, r):
    def opener(i: int, first: bool) -> str:
        f = r.findings[i]
        cls = f"hl {_category_class(f.category)} {_severity_class(f.severity)}"
        if not first:  # the rest of a finding split by an overlapping one: no data-rule, not a tab stop
            return f'<mark class="{cls} cont" data-doc="{d}" data-cont="{i}">'
        return (f'<mark class="{cls}" id="f-{d}-{i}" data-doc="{d}" data-index="{i}" '
                f'data-rule="{esc(f.rule)}" data-severity="{esc(f.severity)}" '
                f'data-category="{esc(f.category)}" tabindex="0" role="button">')
    return opener


def _marker(d: int, r):
    def marker(i: int) -> str:
        f = r.findings[i]
        cls = f"hl marker {_category_class(f.category)} {_severity_class(f.severity)}"
        return (f'<mark class="{cls}" id="f-{d}-{i}" data-doc="{d}" data-index="{i}" '
                f'data-rule="{esc(f.rule)}" data-severity="{esc(f.severity)}" '
                f'data-category="{esc(f.category)}" tabindex="0" role="button" '
                f'aria-label="{esc(f.severity + " " + f.rule + ": " + f.message)}"></mark>')
    return marker


def _src_opener(d: int, r):
    def opener(i: int, first: bool) -> str:
        f = r.findings[i]
        return f'<mark class="src-hl {_category_class(f.category)}" data-doc="{d}" data-src-for="{i}">'
    return opener


def markup(text: str, lo: int, hi: int, spans, opener, marker) -> str:
    """Escape text[lo:hi] with an element around each span (start, end, key).

    Overlapping spans nest; where one crosses the end of another, the crossing one is closed
    and reopened as a continuation (opener(key, first=False)), so each span has exactly one
    first element. Zero-width spans become marker(key) (skipped when marker is None). Spans
    are clamped to [lo, hi].
    """
    spans = [(min(max(s, lo), hi), min(max(e, lo), hi), k) for s, e, k in spans]
    spans = [(s, max(s, e), k) for s, e, k in spans]
    order = sorted(spans, key=lambda t: (t[0], t[1] != t[0], -t[1], t[2]))
    points = sorted({lo, hi} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    out: list[str] = []
    stack: list = []
    ends: dict = {}
    j = 0
    pos = lo
    for p in points:
        if p > pos:
            out.append(esc(text[pos:p]))
            pos = p
        closing = [n for n, k in enumerate(stack) if ends[k] == p]
        if closing:
            first = closing[0]
            out.append("</mark>" * (len(stack) - first))
            survivors = [k for k in stack[first:] if ends[k] > p]
            del stack[first:]
            for k in survivors:
                out.append(opener(k, False))
                stack.append(k)
        while j < len(order) and order[j][0] == p:
            s, e, k = order[j]
            j += 1
            if s == e:
                if marker is not None:
                    out.append(marker(k))
                continue
            out.append(opener(k, True))
            stack.append(k)
            ends[k] = e
    out.append("</mark>" * len(stack))
    return "".join(out)


# -- alignment rows -----------------------------------------------------------------------------

def _source_sentences(r):
    """Sentence spans of the source text, as the alignment numbered them (None if unknown)."""
    src_doc = getattr(r, "source_doc", None)
    if src_doc is None:
        if not r.source_text:
            return None
        from ..document import Document

        src_doc = Document.build(r.source_text, lang=(r.info.get("source") or {}).get("lang") or None)
    want = (r.info.get("source") or {}).get("sentences")
    if want is not None and want != len(src_doc.sentences):
        return None
    return [(s.start, s.end) for s in src_doc.sentences]


def _aligned_rows(r):
    """One row per alignment link, rows joined where a finding spans them.

    Each row: "src" (source span or None), "tgt" (displayed span of the translation),
    "tgt_sents" (how many translated sentences), "findings" [(start, end, index)].
    Returns None when the alignment does not fit the texts.
    """
    links = (r.info.get("alignment") or {}).get("links")
    src_sents = _source_sentences(r)
    tsents = r.doc.sentences
    if not links or src_sents is None:
        return None
    text = r.doc.text
    n = len(text)
    rows = []
    last_t = -1
    for link in links:
        s_idx, t_idx = sorted(link.get("source") or []), sorted(link.get("target") or [])
        if any(not 0 <= i < len(src_sents) for i in s_idx) or any(not 0 <= i < len(tsents) for i in t_idx):
            return None
        if t_idx and t_idx[0] <= last_t:
            return None  # the translation must read top to bottom (the source may be reordered)
        last_t = max(t_idx, default=last_t)
        rows.append({"s": s_idx, "t": t_idx})
    # The translation is cut where each row's first sentence starts, so every character of it
    # belongs to exactly one row; rows without translated sentences are empty at the next cut.
    cuts = [tsents[row["t"][0]].start if row["t"] else None for row in rows]
    filled = [k for k, c in enumerate(cuts) if c is not None]
    if not filled:
        return None
    cuts[filled[0]] = 0
    nxt = n
    bounds = [None] * len(rows)
    for k in range(len(rows) - 1, -1, -1):
        if cuts[k] is None:
            bounds[k] = (nxt, nxt)
        else:
            bounds[k] = (cuts[k], nxt)
            nxt = cuts[k]
    for k, row in enumerate(rows):
        row["lo"], row["hi"] = bounds[k]
        row["src"] = (src_sents[row["s"][0]][0], src_sents[row["s"][-1]][1]) if row["s"] else None
        row["findings"] = []
    # Each finding goes to the row holding its start; an omission (zero-width, pointing at a
    # source sentence with no translation) goes to that sentence's row.
    owner = []
    for i, f in enumerate(r.findings):
        k = None
        if f.start == f.end and f.source_start is not None:
            k = next((k for k, row in enumerate(rows) if not row["t"] and row["src"]
                      and row["src"][0] <= f.source_start < max(row["src"][1], row["src"][0] + 1)), None)
        if k is None:
            k = next((k for k in filled if rows[k]["lo"] <= f.start < rows[k]["hi"]), filled[-1])
        owner.append(k)
        rows[k]["findings"].append((f.start, f.end, i))
    # A finding reaching past its row joins the rows up to the one holding its end.
    join = [False] * len(rows)
    for i, f in enumerate(r.findings):
        k = owner[i]
        if rows[k]["t"] and f.end > rows[k]["hi"]:
            last = next((m for m in filled if rows[m]["lo"] < f.end <= rows[m]["hi"]), filled[-1])
            for m in range(k, last):
                join[m] = True
    groups = []
    k = 0
    while k < len(rows):
        m = k
        while m < len(rows) - 1 and join[m]:
            m += 1
        groups.append(rows[k:m + 1])
        k = m + 1
    out = []
    for g in groups:
        lo, hi = min(row["lo"] for row in g), max(row["hi"] for row in g)
        found = [t for row in g for t in row["findings"]]
        srcs = [row["src"] for row in g if row["src"]]
        # Show the sentences, not the blank lines between them (unless a finding covers them).
        a, b = lo, hi
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        for s, e, _ in found:
            a, b = min(a, max(lo, s)), max(b, min(hi, e))
        out.append({"src": (srcs[0][0], srcs[-1][1]) if srcs else None, "tgt": (a, b),
                    "tgt_sents": sum(len(row["t"]) for row in g), "findings": found})
    return out


# -- small helpers ------------------------------------------------------------------------------

def _name(path: str) -> str:
    return "(standard input)" if path in ("-", "") else path


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _count_text(counts: Counter) -> str:
    parts = [f"{counts[s]} {s}" for s in SEVERITIES if counts[s]]
    return f" ({', '.join(parts)})" if parts else ""


def _short(s: str, n: int = 60) -> str:
    s = re.sub(r"\s+", " ", s)
    return s if len(s) <= n else s[: n - 1] + "\u2026"


CSS = """
:root{--bg:#fff;--fg:#1b1b1b;--muted:#5f6368;--line:#d9dce1;--card:#f6f7f9;--link:#0b57d0;
--acc:#d93025;--ter:#8e24aa;--flu:#1a73e8;--sty:#188038;--loc:#00838f;--oth:#b06000;
--pass:#137333;--fail:#c5221f;--crit:#a50e0e;--maj:#e8710a;--min:#5b7083;--inf:#80868b}
@media (prefers-color-scheme:dark){:root{--bg:#16181c;--fg:#e8eaed;--muted:#a0a6ad;--line:#3c4043;
--card:#202327;--link:#8ab4f8;--pass:#81c995;--fail:#f28b82}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans",Arial,sans-serif}
a{color:var(--link)}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em}
header.top,main{max-width:90rem;margin:0 auto;padding:0 1rem}
header.top{padding-top:1rem;border-bottom:1px solid var(--line)}
h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:1.2rem 0 .2rem;overflow-wrap:anywhere}
.summary,.meta,.small,.hint,.signature{color:var(--muted);font-size:.9rem;margin:.2rem 0}
.signature code{overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1.5rem;align-items:center;font-size:.85rem;margin:.4rem 0 .8rem}
.legend ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem .9rem;margin:0;padding:0}
.legend .hint{margin:0}
.swatch{display:inline-block;width:1.1em;height:.9em;vertical-align:-.1em;margin-right:.3em;border-radius:2px}

.toc ol{margin:.2rem 0 .8rem;padding-left:1.4rem}
.pass{color:var(--pass)}.fail{color:var(--fail)}
.doc{border-bottom:1px solid var(--line);padding-bottom:1.5rem}
.scores{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .8rem;min-width:11rem;flex:1 1 11rem}
.card .label{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .big{font-size:1.6rem;font-weight:650}
.card.mqm.pass .big,.card.mqm.pass .verdict{color:var(--pass)}
.card.mqm.fail .big,.card.mqm.fail .verdict{color:var(--fail)}
.verdict{font-weight:700;letter-spacing:.05em;margin-left:.3rem}
.card.fluency{flex:2 1 18rem}
.parts summary{cursor:pointer;font-size:.9rem}
.parts table{border-collapse:collapse;font-size:.85rem;margin-top:.3rem}
.parts th{text-align:left;font-weight:500;padding:.1rem .6rem .1rem 0;white-space:nowrap}
.parts td{padding:.1rem .6rem .1rem 0;vertical-align:top}
meter{width:4.5rem;height:.8em}
.chips{display:flex;flex-wrap:wrap;gap:.3rem}
.chip{font-size:.8rem;border-radius:1rem;padding:0 .5rem;color:#fff}
.chip.sev-critical{background:var(--crit)}.chip.sev-major{background:var(--maj)}
.chip.sev-minor{background:var(--min)}.chip.sev-info{background:var(--inf)}
.layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem}
@media (min-width:64rem){.layout:not(.with-source){grid-template-columns:minmax(0,1fr) 22rem}
.layout:not(.with-source) .findings{grid-column:2;grid-row:1;position:sticky;top:.5rem;align-self:start;
max-height:calc(100vh - 1rem);overflow:auto}}
@media (min-width:96rem){.layout.with-source{grid-template-columns:minmax(0,1fr) 22rem}
.layout.with-source .findings{grid-column:2;grid-row:1;position:sticky;top:.5rem;align-self:start;
max-height:calc(100vh - 1rem);overflow:auto}}
.findings details{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.3rem .8rem}
.findings summary{cursor:pointer}
.findings summary h3{display:inline;font-size:1rem;margin:0}
.findings ol{margin:.2rem 0 .6rem;padding-left:1.2rem;font-size:.9rem}
.findings li{margin:.3rem 0}
.findings .msg{color:var(--muted);overflow-wrap:anywhere}
.findings .where{color:var(--muted);font-variant-numeric:tabular-nums}
.sev-head{margin:.6rem 0 .1rem;font-size:.85rem;text-transform:uppercase;letter-spacing:.04em}
.sev-head.sev-critical{color:var(--crit)}.sev-head.sev-major{color:var(--maj)}
.sev-head.sev-minor{color:var(--min)}.sev-head.sev-info{color:var(--inf)}
.gap,.note{color:var(--muted);font-style:italic}
.sugg{color:var(--pass)}
.article{white-space:pre-wrap;overflow-wrap:anywhere;font-size:1.05rem;line-height:1.7;max-width:46rem}
.pairs{display:grid;gap:0}
.pair-head{display:none}
.pair{display:grid;grid-template-columns:minmax(0,1fr);border-top:1px solid var(--line);padding:.4rem 0}
.pair .src,.pair .tgt{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.65;padding:.2rem .4rem}
.pair .src{color:var(--muted);font-size:.95rem}
.pair.omitted .src{background:rgba(217,48,37,.08)}
.pair.added .tgt{background:rgba(176,96,0,.08)}
.col-label{display:block;font-size:.7rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
white-space:normal}
@media (min-width:48rem){.pair-head{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);
gap:1rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding:.2rem .4rem}
.pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}.col-label{display:none}}
mark{color:inherit;background:none}
.hl{border-radius:2px;cursor:pointer;border-bottom:2px solid;padding:0 1px}
.hl:focus-visible,.hl.active{outline:2px solid var(--link);outline-offset:1px}
.hl.cont.active{outline-style:dashed}
.cat-accuracy{--tint:rgba(217,48,37,.18);--ink:var(--acc)}
.cat-terminology{--tint:rgba(142,36,170,.17);--ink:var(--ter)}
.cat-fluency{--tint:rgba(26,115,232,.16);--ink:var(--flu)}
.cat-style{--tint:rgba(24,128,56,.16);--ink:var(--sty)}
.cat-locale{--tint:rgba(0,131,143,.16);--ink:var(--loc)}
.cat-other{--tint:rgba(176,96,0,.18);--ink:var(--oth)}
.hl,.swatch{background:var(--tint);border-color:var(--ink)}
.swatch.line.sev-critical,.hl.sev-critical{border-bottom:3px double var(--crit)}
.swatch.line.sev-major,.hl.sev-major{border-bottom-width:2px;border-bottom-style:solid}
.swatch.line.sev-minor,.hl.sev-minor{border-bottom-width:2px;border-bottom-style:dashed}
.swatch.line.sev-info,.hl.sev-info{border-bottom-width:1px;border-bottom-style:dotted}
.swatch.line{background:none;height:.6em;border-radius:0;border-bottom-color:var(--fg)}
.hl.marker{display:inline-block;min-width:1.4em;text-align:center;border-bottom:0;font-weight:700;
font-size:1.1em;color:var(--acc);line-height:1.2;margin:0 .1em}
.hl.marker::before{content:"\\2041"}
.src-hl{border-radius:2px;cursor:pointer;border-bottom:2px dotted var(--ink)}
.src-hl.active{background:var(--tint);outline:2px dashed var(--link)}
.tip{position:fixed;z-index:20;max-width:min(26rem,calc(100vw - 1rem));background:var(--bg);color:var(--fg);
border:1px solid var(--line);border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.18);padding:.5rem .7rem;
font-size:.88rem;pointer-events:none;overflow-wrap:anywhere}
.panel{position:fixed;z-index:30;right:1rem;bottom:1rem;width:min(28rem,calc(100vw - 2rem));max-height:70vh;
overflow:auto;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:10px;
box-shadow:0 8px 30px rgba(0,0,0,.25);padding:.6rem .9rem;overflow-wrap:anywhere}
.panel:focus{outline:2px solid var(--link)}
@media (max-width:40rem){.panel{left:0;right:0;bottom:0;width:auto;max-height:60vh;border-radius:12px 12px 0 0}}
.panel-head{display:flex;justify-content:space-between;align-items:flex-start;gap:.5rem}
.panel-head h2{margin:.1rem 0;font-size:1rem}
.panel button{font:inherit;border:1px solid var(--line);background:var(--card);color:var(--fg);border-radius:6px;
padding:.25rem .7rem;cursor:pointer;min-height:2.2rem}
.panel .close{font-size:1.2rem;line-height:1;min-width:2.2rem}
.panel-nav{display:flex;justify-content:space-between;margin-top:.5rem}
.d-sev{font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.04em}
.d-sev.sev-critical{color:var(--crit)}.d-sev.sev-major{color:var(--maj)}
.d-sev.sev-minor{color:var(--min)}.d-sev.sev-info{color:var(--inf)}
.d-excerpt{font-weight:600}
.d-msg{margin:.3rem 0}
.d-label{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;margin-top:.4rem}
.d-ev{display:grid;grid-template-columns:auto minmax(0,1fr);gap:.1rem .6rem;margin:.2rem 0;font-size:.85rem}
.d-ev dt{color:var(--muted)}.d-ev dd{margin:0}
.d-also button{margin:.2rem .3rem 0 0;font-size:.85rem;min-height:1.8rem}
@media print{.panel,.tip,.hint{display:none!important}.findings{position:static!important;max-height:none!important}}
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mtqa-data").textContent);
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var panelTitle = document.getElementById("panel-title");
  var tip = document.getElementById("tip");
  var current = null;
  var quiet = false;

  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function finding(d, i) { var doc = data.documents[d]; return doc && doc.findings[i]; }
  function highlight(d, i) { return document.getElementById("f-" + d + "-" + i); }
  function keyOf(el) {
    var d = Number(el.getAttribute("data-doc"));
    var i = el.getAttribute("data-index");
    if (i === null) i = el.getAttribute("data-cont");
    if (i === null) i = el.getAttribute("data-src-for");
    return i === null ? null : {d: d, i: Number(i)};
  }
  function overlap(a, b) {  // do two findings cover the same text (a marker: inside the other)?
    if (a.start === a.end && b.start === b.end) return a.start === b.start;
    if (a.start === a.end) return b.start < a.start && a.start < b.end;
    if (b.start === b.end) return a.start < b.start && b.start < a.end;
    return a.start < b.end && b.start < a.end;
  }
  function valueText(v) { return typeof v === "string" ? v : JSON.stringify(v); }
  function shorten(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

  function fill(box, d, i, compact) {
    var f = finding(d, i);
    box.textContent = "";
    if (!f) return;
    var head = node("div");
    head.appendChild(node("span", "d-sev sev-" + f.severity, f.severity));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(node("code", "d-rule", f.rule));
    head.appendChild(document.createTextNode(" \u00b7 " + f.category));
    box.appendChild(head);
    box.appendChild(node("div", "d-excerpt",
      f.excerpt ? "\u201c" + (compact ? shorten(f.excerpt, 120) : f.excerpt) + "\u201d" : "(missing text)"));
    box.appendChild(node("div", "d-msg", f.message));
    if (f.suggestion) box.appendChild(node("div", "d-sugg sugg", "Suggestion: " + f.suggestion));
    if (f.source_excerpt) {
      box.appendChild(node("div", "d-label", "Source"));
      box.appendChild(node("div", "d-src", compact ? shorten(f.source_excerpt, 160) : f.source_excerpt));
    }
    var keys = Object.keys(f.evidence || {});
    if (keys.length) {
      box.appendChild(node("div", "d-label", "Evidence"));
      var dl = node("dl", "d-ev");
      keys.slice(0, compact ? 4 : keys.length).forEach(function (k) {
        dl.appendChild(node("dt", null, k));
        var v = valueText(f.evidence[k]);
        dl.appendChild(node("dd", null, compact ? shorten(v, 100) : v));
      });
      box.appendChild(dl);
      if (compact && keys.length > 4) box.appendChild(node("div", "small", "\u2026 click for all evidence"));
    }
    if (!compact) {
      box.appendChild(node("div", "small",
        "Line " + f.line + ", column " + f.column + " \u00b7 confidence " + f.confidence));
      var also = data.documents[d].findings.map(function (g, j) { return [g, j]; }).filter(function (p) {
        return p[1] !== i && overlap(f, p[0]);
      });
      if (also.length) {
        var wrap = node("div", "d-also");
        wrap.appendChild(node("div", "d-label", "Also here"));
        also.forEach(function (p) {
          var b = node("button", null, p[0].severity + " " + p[0].rule);
          b.type = "button";
          b.addEventListener("click", function () { open(d, p[1], true); });
          wrap.appendChild(b);
        });
        box.appendChild(wrap);
      }
    }
  }

  function setActive(on) {
    if (!current) return;
    var sel = '[data-doc="' + current.d + '"][data-cont="' + current.i + '"],[data-doc="' + current.d +
      '"][data-src-for="' + current.i + '"]';
    var els = Array.prototype.slice.call(document.querySelectorAll(sel));
    var h = highlight(current.d, current.i);
    if (h) els.push(h);
    els.forEach(function (e) { e.classList.toggle("active", on); });
  }

  function open(d, i, scroll) {
    if (!finding(d, i)) return;
    hideTip();
    setActive(false);
    current = {d: d, i: i};
    setActive(true);
    var doc = data.documents[d];
    panelTitle.textContent = "Finding " + (i + 1) + " of " + doc.findings.length +
      (data.documents.length > 1 ? " \u00b7 " + doc.path : "");
    fill(panelBody, d, i, false);
    panel.hidden = false;
    var h = highlight(d, i);
    if (scroll && h) h.scrollIntoView({block: "center"});
    panel.focus({preventScroll: true});
    panel.querySelector('[data-step="-1"]').disabled = i <= 0;
    panel.querySelector('[data-step="1"]').disabled = i >= data.documents[d].findings.length - 1;
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    var back = current && highlight(current.d, current.i);
    setActive(false);
    current = null;
    if (back) { quiet = true; back.focus({preventScroll: true}); quiet = false; }
  }

  function showTip(el) {
    var k = keyOf(el);
    if (!k || !finding(k.d, k.i)) return;
    fill(tip, k.d, k.i, true);
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight - 4) top = Math.max(4, r.top - tip.offsetHeight - 6);
    var left = Math.min(Math.max(4, r.left), window.innerWidth - tip.offsetWidth - 4);
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, left) + "px";
  }
  function hideTip() { tip.hidden = true; }

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var jump = t.closest("a.jump");
    if (jump) {
      e.preventDefault();
      open(Number(jump.getAttribute("data-doc")), Number(jump.getAttribute("data-jump")), true);
      return;
    }
    var step = t.closest("[data-step]");
    if (step && current) { open(current.d, current.i + Number(step.getAttribute("data-step")), true); return; }
    if (t.closest(".panel .close")) { close(); return; }
    var h = t.closest(".hl, .src-hl");
    if (h) { var k = keyOf(h); if (k) open(k.d, k.i, false); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hideTip(); close(); return; }
    var t = e.target;
    if ((e.key === "Enter" || e.key === " ") && t instanceof Element && t.matches(".hl[data-index]")) {
      e.preventDefault();
      var k = keyOf(t);
      open(k.d, k.i, false);
    }
  });
  document.addEventListener("pointerover", function (e) {
    if (e.pointerType !== "mouse" || !(e.target instanceof Element)) return;
    var h = e.target.closest(".hl, .src-hl");
    if (h) showTip(h);
  });
  document.addEventListener("pointerout", function (e) {
    if (!(e.target instanceof Element)) return;
    var h = e.target.closest(".hl, .src-hl");
    if (h && !(e.relatedTarget instanceof Node && h.contains(e.relatedTarget))) hideTip();
  });
  document.addEventListener("focusin", function (e) {
    if (!quiet && e.target instanceof Element && e.target.matches(".hl[data-index]")) showTip(e.target);
  });
  document.addEventListener("focusout", hideTip);
  window.addEventListener("scroll", hideTip, {passive: true});

  var m = /^#f-(\d+)-(\d+)$/.exec(location.hash);
  if (m) open(Number(m[1]), Number(m[2]), true);
})();
"""
