"""The archive audit as one HTML page an editor opens: totals, four charts and their tables.

`render_dashboard(agg)` takes the plain dict that aggregate.py writes (totals, by_rule,
by_source, by_pair, by_month, worst) and returns a self-contained page: inline CSS, the charts
as inline SVG drawn by matplotlib, no script and nothing fetched, so it opens under a strict
Content-Security-Policy, from a mail attachment or a shared drive alike.

Every chart has a table beside it with the exact numbers, so the page reads without the
charts, prints, and can be tested cell by cell. Every string from the data is escaped here.
The output is deterministic: the same dict gives the same bytes (fixed SVG hash salt, no
date in the SVG metadata, ids namespaced per chart).
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..finding import SEVERITIES
from .tables import DATE_FIELDS

if TYPE_CHECKING:  # matplotlib is imported when a page is drawn, not with the package
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

TOP = 15  # bars per chart; the tables list every group
LABEL_MAX = 30  # characters of a label in a chart; the tables show it whole

# Okabe–Ito: told apart with every common colour-vision deficiency, and in greyscale by the
# step in lightness from critical to info.
SEVERITY_COLOURS = {"critical": "#D55E00", "major": "#E69F00", "minor": "#56B4E9", "info": "#BBBBBB"}
BAR = "#0072B2"
LINE = "#D55E00"
VOLUME = "#D9DEE3"
INK = "#1B1B1B"
MUTED = "#5F6368"

# Explicit rcParams, so charts look the same whatever the user's matplotlibrc says.
RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "mtqa-archive-dashboard",
    "svg.fonttype": "none",  # text stays text: smaller, selectable, drawn in the page's font
    "text.parse_math": False,  # a '$' in a rule or source name is a character, not TeX
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "text.color": INK,
    "axes.labelcolor": MUTED,
    "axes.edgecolor": "#C4C9CF",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "ytick.major.size": 0,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#E6E8EB",
    "grid.linewidth": 0.8,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
}
WIDTH_IN = 6.4

WORST_SEVERITIES = ("critical", "major", "minor")  # the worst-story rows carry no info count

NO_DATE = (f"No story has a date (metadata {', '.join(DATE_FIELDS[:-1])} or {DATE_FIELDS[-1]}).")
EMPTY = {
    "by_rule": "No rule found anything: the audit has no findings.",
    "by_source": "No story has a source label.",
    "by_pair": "No story has a known language pair.",
    "by_month": NO_DATE,
    "worst": "No story was scored.",
}

GROUP_COLUMNS: list[tuple[str, str, Callable[[dict[str, Any]], str]]] = [
    ("Stories", "num", lambda g: _int(g["stories"])),
    ("Words", "num", lambda g: _int(g["words"])),
    ("Findings", "num", lambda g: _int(g["findings"])),
    ("Per 1k words", "num", lambda g: _rate(g["per_1k"])),
    ("Mean score", "num", lambda g: _score(g["mean_score"])),
    ("Failing", "num", lambda g: _int(g["failing"])),
]


def render_dashboard(agg: dict[str, Any]) -> str:
    """One self-contained HTML page for the aggregate dict of an archive audit."""
    import matplotlib  # lazily: importing mtqa.archive must stay cheap

    # Figure objects are drawn without pyplot, so no GUI backend is ever chosen and the
    # user's pyplot state is untouched; rc_context restores the rcParams afterwards.
    with matplotlib.rc_context(RC):
        body = [
            _header(agg),
            _rules_section(agg["by_rule"]),
            _group_section("sources", "By source", "Source", agg["by_source"], EMPTY["by_source"]),
            _group_section("pairs", "By language pair", "Pair", agg["by_pair"], EMPTY["by_pair"]),
            _month_section(agg["by_month"]),
            _worst_section(agg["worst"]),
            f'<footer><p class="signature">Signature: <code>{esc(agg["signature"])}</code></p></footer>',
        ]
    title = esc(agg["title"])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


# -- formatting ---------------------------------------------------------------------------------

def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _int(n: int) -> str:
    return f"{n:,}"


def _rate(x: float) -> str:
    return f"{x:.2f}"


def _score(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def shorten(label: str, limit: int = LABEL_MAX) -> str:
    """A label cut to `limit` characters for a chart's axis, the ellipsis in the middle: rule
    ids and desk paths share their beginnings and differ at the end."""
    if len(label) <= limit:
        return label
    head = (limit - 1) // 2
    return label[:head].rstrip() + "…" + label[len(label) - (limit - 1 - head):].lstrip()


def breakable(value: object, after: str = "/") -> str:
    """Escaped text that may wrap after each of `after`: story paths and rule ids are long, and
    a break after a separator reads better than one inside a word."""
    text = esc(value)
    for sep in after:
        text = text.replace(sep, sep + "<wbr>")
    return text


def _month_label(key: str) -> str:
    return key or "no date"


# -- page parts ---------------------------------------------------------------------------------

def _header(agg: dict[str, Any]) -> str:
    t = agg["totals"]
    share = f"{t['failing'] / t['checked']:.1%} of checked, " if t["checked"] else ""
    tiles = [
        _tile("Stories", _int(t["stories"])),
        _tile("Checked", _int(t["checked"])),
        _tile("Errors", _int(t["errors"]), "warn" if t["errors"] else ""),
        _tile("Words", _int(t["words"])),
        _tile("Findings", _int(t["findings"])),
        _tile("Per 1,000 words", _rate(t["per_1k"])),
        _tile("Failing", _int(t["failing"]), "warn" if t["failing"] else "",
              hint=f"{share}below the MQM threshold"),
    ]
    severities = [_tile(sev, _int(t[sev]), "sev", swatch=SEVERITY_COLOURS[sev]) for sev in SEVERITIES]
    return (f'<header>\n<h1>{esc(agg["title"])}</h1>\n'
            f'<div class="tiles">{"".join(tiles)}</div>\n'
            f'<div class="tiles severities">{"".join(severities)}</div>\n</header>')


def _tile(label: str, value: str, cls: str = "", hint: str = "", swatch: str = "") -> str:
    dot = f'<span class="swatch" style="background:{swatch}"></span>' if swatch else ""
    small = f'<span class="hint">{esc(hint)}</span>' if hint else ""
    return (f'<div class="tile {cls}" data-total="{esc(label)}"><span class="label">{dot}{esc(label)}</span>'
            f'<span class="big">{value}</span>{small}</div>')


def _section(ident: str, title: str, chart: str, table: str, notes: Sequence[str] = ()) -> str:
    note = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return (f'<section id="{ident}">\n<h2>{esc(title)}</h2>\n{note}'
            f'<div class="split">\n<figure>{chart}</figure>\n<div class="table-wrap">{table}</div>\n'
            "</div>\n</section>")


def _empty(ident: str, title: str, note: str) -> str:
    return f'<section id="{ident}">\n<h2>{esc(title)}</h2>\n<p class="note empty">{esc(note)}</p>\n</section>'


def _table(ident: str, head: Sequence[tuple[str, str]], rows: Iterable[Sequence[str]]) -> str:
    """A table; head is (title, class) per column, rows hold already escaped cells."""
    th = "".join(f'<th scope="col" class="{cls}">{esc(title)}</th>' for title, cls in head)
    body = "\n".join(
        "<tr>" + "".join(f'<td class="{cls}">{cell}</td>' for (_, cls), cell in zip(head, row)) + "</tr>"
        for row in rows
    )
    return f'<table id="{ident}">\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'


def _rules_section(rules: list[dict[str, Any]]) -> str:
    title = "Findings per 1,000 words by rule"
    if not rules:
        return _empty("rules", title, EMPTY["by_rule"])
    top = rules[:TOP]
    # Each bar is the rule's rate, split by severity in proportion to its findings.
    segments = [(sev, SEVERITY_COLOURS[sev],
                 [r["per_1k"] * r[sev] / r["findings"] if r["findings"] else 0.0 for r in top])
                for sev in SEVERITIES]
    chart = _hbar_chart("rules", title, [shorten(r["rule"]) for r in top], segments,
                        [r["per_1k"] for r in top], legend=True)
    head = [("Rule", "key"), ("Findings", "num"), ("Stories", "num"), ("Per 1k words", "num"),
            *((sev.capitalize(), "num") for sev in SEVERITIES)]
    rows = [[f"<code>{breakable(r['rule'], '/.')}</code>", _int(r["findings"]), _int(r["stories"]),
             _rate(r["per_1k"]), *(_int(r[sev]) for sev in SEVERITIES)] for r in rules]
    notes = [f"Top {TOP} of {len(rules)} rules in the chart; all in the table."] if len(rules) > TOP else []
    return _section("rules", title, chart, _table("rules-table", head, rows), notes)


def _group_rows(groups: list[dict[str, Any]], key: Callable[[str], str] = str) -> list[list[str]]:
    return [[breakable(key(g["key"])), *(cell(g) for _, _, cell in GROUP_COLUMNS)] for g in groups]


def _group_head(first: str) -> list[tuple[str, str]]:
    return [(first, "key"), *((title, cls) for title, cls, _ in GROUP_COLUMNS)]


def _group_section(ident: str, title: str, first: str, groups: list[dict[str, Any]], empty: str) -> str:
    if not groups:
        return _empty(ident, title, empty)
    top = groups[:TOP]
    labels = [f"{shorten(g['key'], LABEL_MAX - 8)} ({g['stories']:,})" for g in top]
    rates = [g["per_1k"] for g in top]
    chart = _hbar_chart(ident, f"Findings per 1,000 words {title.lower()}", labels,
                        [("per 1k", BAR, rates)], rates, legend=False)
    notes = [f"Findings per 1,000 words; stories in brackets. Top {TOP} of {len(groups)} in the chart."
             if len(groups) > TOP else "Findings per 1,000 words; stories in brackets."]
    return _section(ident, title, chart, _table(f"{ident}-table", _group_head(first), _group_rows(groups)),
                    notes)


def _month_section(months: list[dict[str, Any]]) -> str:
    title = "By month"
    dated = [m for m in months if m["key"]]
    undated = sum(m["stories"] for m in months if not m["key"])
    without = f"{undated:,} {'story' if undated == 1 else 'stories'} without a date."
    if not dated:
        return _empty("months", title, NO_DATE + (f" ({without})" if undated else ""))
    notes = ["Findings per 1,000 words (line) and stories checked (bars)."]
    if undated:
        notes.append(f"{without} They are in the table, not in the chart.")
    chart = _month_chart(dated)
    table = _table("months-table", _group_head("Month"), _group_rows(months, _month_label))
    return _section("months", title, chart, table, notes)


def _worst_section(worst: list[dict[str, Any]]) -> str:
    title = "Worst stories"
    if not worst:
        return _empty("worst", title, EMPTY["worst"])
    head = [("Story", "key"), ("Score", "num"), ("Findings", "num"),
            *((sev.capitalize(), "num") for sev in WORST_SEVERITIES),
            ("Lang", "txt"), ("Pair", "txt"), ("Source", "txt"), ("Month", "txt")]
    rows = [[breakable(w["story"]), _score(w["score"]), _int(w["findings"]),
             *(_int(w[sev]) for sev in WORST_SEVERITIES),
             esc(w["lang"]), esc(w["pair"]), esc(w["source"]), esc(_month_label(w["month"]))]
            for w in worst]
    return (f'<section id="worst">\n<h2>{title}</h2>\n'
            '<p class="note">Lowest MQM-style score first.</p>\n'
            f'<div class="table-wrap">{_table("worst-table", head, rows)}</div>\n</section>')


# -- charts -------------------------------------------------------------------------------------

def _figure(height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height), layout="constrained")


def _hbar_chart(ident: str, title: str, labels: Sequence[str],
                segments: Sequence[tuple[str, str, Sequence[float]]], totals: Sequence[float],
                legend: bool) -> str:
    """Horizontal bars, first label on top; segments (name, colour, values) stack left to right.
    Labels come shortened: only the caller knows which part (a story count) must stay whole."""
    n = len(labels)
    fig = _figure(0.75 + 0.3 * n + (0.3 if legend else 0))
    ax = fig.add_subplot()
    ys = list(range(n))
    left = [0.0] * n
    for name, colour, values in segments:
        ax.barh(ys, values, left=left, height=0.68, color=colour, label=name)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    top = max(totals, default=0.0) or 1.0
    ax.set_xlim(0, top * 1.14)  # room for the value written after the longest bar
    for y, total in zip(ys, totals):
        ax.annotate(_rate(total), (total, y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8, color=MUTED)
    ax.set_xlabel("findings per 1,000 words")
    if legend:
        ax.legend(ncols=len(segments), loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8,
                  handlelength=1, columnspacing=1.2)
    return _svg(fig, ident, title)


def _month_chart(months: list[dict[str, Any]]) -> str:
    fig = _figure(3.0)
    ax = fig.add_subplot()
    xs = list(range(len(months)))
    # Stories checked as pale bars on a right-hand axis, behind the rate line.
    vol = ax.twinx()
    vol.bar(xs, [m["stories"] for m in months], width=0.7, color=VOLUME, label="stories checked")
    vol.set_ylabel("stories checked")
    vol.grid(False)
    vol.spines["right"].set_visible(True)
    vol.tick_params(axis="y", colors=MUTED)
    ax.set_zorder(vol.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(xs, [m["per_1k"] for m in months], color=LINE, linewidth=2, marker="o", markersize=4,
            label="findings per 1,000 words")
    ax.set_ylim(0, max(m["per_1k"] for m in months) * 1.15 or 1.0)
    ax.set_ylabel("findings per 1,000 words")
    ax.grid(True, axis="y")
    ax.grid(False, axis="x")
    ax.tick_params(axis="y", colors=MUTED)
    step = max(1, math.ceil(len(months) / 12))  # at most a dozen month labels
    ax.set_xticks(xs[::step], [m["key"] for m in months][::step],
                  rotation=45 if len(months) > 6 else 0, ha="right" if len(months) > 6 else "center")
    ax.set_xlim(-0.6, len(months) - 0.4)
    return _svg(fig, "months", "Findings per 1,000 words and stories checked by month")


_ID = re.compile(r'(\bid="|url\(#|xlink:href="#)')
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def _svg(fig: Figure, ident: str, title: str) -> str:
    """The figure as an <svg> element to inline: no XML prologue or metadata, ids prefixed so
    four charts in one page never share one, and sized by the page rather than in points."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = _ID.sub(lambda m: f"{m.group(1)}{ident}-", text)
    open_end = text.index(">")
    root = _SIZE.sub("", text[:open_end])
    root += f' class="chart" role="img" aria-label="{esc(title)}"'
    return root + text[open_end:].rstrip() + "\n"


CSS = """\
:root{--fg:#1b1b1b;--muted:#5f6368;--line:#d9dce1;--card:#f6f7f9;--warn:#b3261e}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
main{max-width:80rem;margin:0 auto;padding:1rem 1.25rem 2rem}
h1{font-size:1.5rem;margin:.2rem 0 .8rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:0 0 .3rem}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em}
header{border-bottom:1px solid var(--line);padding-bottom:.8rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem;margin:.5rem 0}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.45rem .75rem}
.tile .label{display:block;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.tile .big{display:block;font-size:1.5rem;font-weight:650;font-variant-numeric:tabular-nums}
.tile.warn .big{color:var(--warn)}
.tile .hint{display:block;font-size:.72rem;color:var(--muted);line-height:1.2}
.severities .tile{padding:.3rem .75rem}.severities .big{font-size:1.15rem}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:-.05em}
section{padding:1.1rem 0;border-bottom:1px solid var(--line)}
.split{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem;align-items:start}
@media (min-width:62rem){.split{grid-template-columns:minmax(0,11fr) minmax(0,10fr)}}
figure{margin:0}
svg.chart{display:block;width:100%;height:auto}
.note{color:var(--muted);font-size:.88rem;margin:.1rem 0 .5rem}
.note.empty{font-style:italic}
.table-wrap{max-height:30rem;overflow:auto;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.84rem;font-variant-numeric:tabular-nums}
thead th{position:sticky;top:0;background:var(--card);border-bottom:1px solid var(--line);
font-weight:600;text-align:left;padding:.3rem .45rem;vertical-align:bottom;line-height:1.25}
td{padding:.25rem .45rem;border-top:1px solid #eceef1;vertical-align:top}
tbody tr:nth-child(even){background:#fafbfc}
.num{text-align:right}td.num{white-space:nowrap}
.key{overflow-wrap:anywhere;min-width:7rem}
#worst td.key{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.8rem}
.signature{color:var(--muted);font-size:.8rem;margin:1rem 0 0;overflow-wrap:anywhere}
@media print{body{font-size:11px}main{max-width:none;padding:0}
.table-wrap{max-height:none;overflow:visible;border:0}thead th{position:static}
section{break-inside:avoid}.split{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
"""
