"""HTML: one self-contained page an editor opens in a browser (inline CSS and JS, no network).

The page shows, per document: the scores (MQM-style score with its verdict, fluency with its
parts), the findings by severity, and the article with one highlight element per finding
(`data-rule`, `data-severity`, `data-category`, `data-index` = the finding's index). Its
message, suggestion and evidence show on hover, and in a details panel on click, tap or Enter.
The worst-fitting word pairs of the least fluent sentences (the fluency's "worst" spans) are
marked too (`mark.flu-low`, their association in the title), beneath the findings.
When a source was given, the aligned source sentences stand beside the translated ones.

The page skeleton, stylesheet and script are package data (assets/report.html, report.css,
report.js), inlined into every page so it still fetches nothing.

Everything taken from the input is escaped here, before it reaches the template. The data the
script reads is the JSON report (json_format.document_dict) embedded with every '<' written as
\\u003c, so no text can end its <script> element; the script builds the details with
textContent only.
"""

from __future__ import annotations

import functools
import html
import importlib.resources
import json
import re
import string
from collections import Counter

from ..finding import SEVERITIES
from ..report import Report
from .json_format import SCHEMA, document_dict

# Top-level MQM categories that get their own colour; anything else is shown as "other".
CATEGORIES = ("accuracy", "terminology", "fluency", "style", "locale", "other")

# 'unsafe-inline' rather than hashes of the inline style and script, so editing the assets
# never needs this changed; script-src still stops anything being loaded from elsewhere.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def render(report: Report) -> str:
    results, signature = report.documents, report.signature
    data = {"schema": SCHEMA, "signature": signature, "pass": report.passed,
            "documents": [document_dict(r) for r in results],
            "errors": [e.to_dict() for e in report.failures]}
    title = "mtqa report" + (f": {_name(results[0].doc.path)}" if len(results) == 1 else "")
    # Block placeholders ($css, $js, $header, $sections) stand for whole lines, each ending in
    # a newline, so an empty block leaves no blank line behind.
    return _page().substitute(
        csp=esc(CSP),
        title=esc(title),
        css=_asset("report.css"),
        header=_lines(_header(results, signature) + _failures(report)),
        sections=_lines(_section(d, r) for d, r in enumerate(results)),
        data=script_json(data),
        js=_asset("report.js"),
    )


def script_json(data) -> str:
    """JSON that is safe inside <script>: no '</', '<!--' or ']]>' can appear in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# -- assets -------------------------------------------------------------------------------------

@functools.cache
def _asset(name: str) -> str:
    """Text of assets/<name>; read once per process, as every page inlines the same files."""
    return (importlib.resources.files("mtqa.render") / "assets" / name).read_text(encoding="utf-8")


@functools.cache
def _page() -> string.Template:
    # string.Template rather than str.format: the page's CSS and JS braces need no doubling,
    # and substituted values are never re-scanned, so '$' in user text is harmless. (A literal
    # '$' in report.html itself would have to be written '$$'.)
    return string.Template(_asset("report.html"))


def _lines(blocks) -> str:
    return "".join(f"{b}\n" for b in blocks if b)


# -- page parts ---------------------------------------------------------------------------------

def _header(results, signature) -> list[str]:
    total = sum(len(r.findings) for r in results)
    counts = Counter(f.severity for r in results for f in r.findings)
    return [
        f'<p class="summary">{_plural(len(results), "document")}, {_plural(total, "finding")}'
        f"{_count_text(counts)}</p>",
        f'<p class="signature">Signature: <code>{esc(signature.get("string", ""))}</code></p>',
        _legend(),
        _toc(results) if len(results) > 1 else "",
    ]


def _failures(report: Report) -> list[str]:
    """Inputs (or JSONL records) that could not be checked: one line each."""
    return [f'<p class="error">Not checked: {esc(e.error)}</p>' for e in report.failures]


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
    sc, v = r.score, r.verdict
    why = "; ".join(v.reasons) or "nothing reaches the gate"
    out.append(
        f'<div class="card mqm {"pass" if v.passed else "fail"}">'
        f'<div class="label">MQM-style score</div>'
        f'<div class="value"><span class="big">{sc.score:.1f}</span>/100 '
        f'<span class="verdict">{v.label}</span></div>'
        f'<div class="small">penalty {sc.penalty:g} over {_plural(sc.words, "word")}; '
        f'{esc(v.gate)}: {esc(why)}</div></div>')
    flu = r.info.get("fluency")
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
    est = r.info.get("estimate")
    if est:
        inputs = est.get("inputs") or {}
        extra = [f"{k} {float(inputs[k]):.2f}" for k in ("adequacy", "chrF") if inputs.get(k) is not None]
        out.append(f'<div class="card quality"><div class="label">Model estimate</div>'
                   f'<div class="value"><span class="big">{float(est["score"]):.1f}</span>/100</div>'
                   f'<div class="small">what a professional MQM rater would likely give; ranks, '
                   f'does not gate{"; " + esc(", ".join(extra)) if extra else ""}</div></div>')
    counts = Counter(f.severity for f in r.findings)
    chips = "".join(f'<span class="chip sev-{s}">{counts[s]} {s}</span>' for s in SEVERITIES if counts[s])
    out.append(f'<div class="card counts"><div class="label">Findings</div>'
               f'<div class="value"><span class="big">{len(r.findings)}</span></div>'
               f'<div class="chips">{chips}</div></div>')
    out.append("</div>")
    return "".join(out)


def _findings_list(d: int, r) -> str:
    items: dict[str, list[str]] = {s: [] for s in SEVERITIES}
    other: list[str] = []
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
    spans = [(f.start, f.end, i) for i, f in enumerate(r.findings)] + _worst_spans(r)
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
        worst = [(s, e, k) for s, e, k in _worst_spans(r) if tlo <= s and e <= thi]
        tgt_html = markup(r.doc.text, tlo, thi, [(s, e, i) for s, e, i in row["findings"]] + worst,
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
        ok = r.verdict.passed
        verdict = (f' <span class="{"pass" if ok else "fail"}">{r.score.score:.1f} '
                   f'{r.verdict.label}</span>')
        items.append(f'<li><a href="#doc-{d}">{esc(_name(r.doc.path))}</a>{verdict} '
                     f'<span class="small">{_plural(len(r.findings), "finding")}</span></li>')
    return f'<nav class="toc" aria-label="Documents"><ol>{"".join(items)}</ol></nav>'


# -- highlights ---------------------------------------------------------------------------------

def _category_class(category: str) -> str:
    top = category.split("/", 1)[0].strip().lower()
    return f"cat-{top if top in CATEGORIES else 'other'}"


def _severity_class(severity: str) -> str:
    return f"sev-{severity if severity in SEVERITIES else 'info'}"


def _worst_spans(r) -> list[tuple[int, int, int]]:
    """The fluency's worst spans as markup spans, keyed -1, -2, ... (findings are 0, 1, ...)."""
    worst = (r.info.get("fluency") or {}).get("worst") or []
    n = len(r.doc.text)
    return [(int(w["start"]), int(w["end"]), -1 - k) for k, w in enumerate(worst)
            if 0 <= int(w["start"]) < int(w["end"]) <= n]


def _flu_opener(r, k: int) -> str:
    w = r.info["fluency"]["worst"][-1 - k]
    times = 10 ** -float(w["association"])
    title = f"low fluency: the second word is {times:.0f}x less likely after the first than on average"
    return f'<mark class="flu-low" title="{esc(title)}">'


def _opener(d: int, r):
    def opener(i: int, first: bool) -> str:
        if i < 0:  # a fluency span, not a finding
            return _flu_opener(r, i)
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
    src_doc = r.source_doc
    if src_doc is None:
        return None
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
