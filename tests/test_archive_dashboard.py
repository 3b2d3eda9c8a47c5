"""The archive audit's HTML dashboard: exact numbers in its tables, escaped data, the same bytes
for the same aggregate, and the page as an editor opens it in headless chromium."""

import re
from html.parser import HTMLParser

import matplotlib
import pytest
from browser import Page, running

from mtqa.archive.dashboard import CSP, NO_DATE, render_dashboard, shorten

HOSTILE = "<script>alert(1)</script>"
LONG_SOURCE = "Agence de presse régionale & associés — bureau des traductions automatiques"
SEVS = ("critical", "major", "minor", "info")
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]


def group(key, stories, words, findings, mean_score, failing):
    return {"key": key, "stories": stories, "words": words, "findings": findings,
            "per_1k": round(findings * 1000 / words, 4), "mean_score": mean_score, "failing": failing}


def make_agg():
    rules = []
    for n in range(18):  # more than the chart's 15
        sev = (4 * (n % 4), 4 * (1 + n % 3), 4 * (2 + n % 5), 4 * (n % 2))
        findings = sum(sev)
        rules.append({"rule": f"terminology/term-{n:02d}" if n else 'names/near-miss<"&>',
                      "findings": findings, "stories": 3 + n, "per_1k": round(findings * 1000 / 180_000, 4),
                      **dict(zip(SEVS, sev))})
    rules.sort(key=lambda r: -r["findings"])
    sources = [group("Reuters", 120, 72_000, 410, 91.25, 7),
               group(LONG_SOURCE, 60, 40_000, 180, 88.04, 4),
               group("desk/<b>sports</b>", 30, 18_000, 60, None, 0),
               group("AFP", 80, 50_000, 120, 95.5, 1),
               group("$5 wire", 10, 6_000, 12, 97.0, 0)]  # a '$' is text, not TeX
    pairs = [group("de→en", 100, 60_000, 300, 90.0, 5), group("zh→en", 90, 55_000, 330, 87.5, 6),
             group("?→en", 100, 65_000, 140, 96.25, 1)]
    months = [group(m, 40 + 5 * n, 25_000 + 1000 * n, 90 + 7 * n, 93.0 - n, n) for n, m in enumerate(MONTHS)]
    months.append(group("", 25, 15_000, 31, 94.0, 0))
    worst = []
    for n in range(12):
        worst.append({"story": HOSTILE if n == 3 else f"archive/2025/{n:03d}-story.json",
                      "score": 41.26 + 3 * n, "findings": 30 - n, "critical": n % 3, "major": 4, "minor": 9,
                      "lang": "en", "pair": "de→en" if n % 2 else "?→en", "source": "Reuters",
                      "month": MONTHS[n % 6] if n != 5 else ""})
    return {
        "title": "mtqa archive audit: reports/",
        "signature": "mtqa:0.16|packs:core-3|mqm:threshold-90<x>",
        "totals": {"stories": 300, "checked": 297, "errors": 3, "words": 180_000, "findings": 851,
                   "per_1k": 4.7278, "failing": 12, "critical": 40, "major": 211, "minor": 580, "info": 20},
        "by_rule": rules, "by_source": sources, "by_pair": pairs, "by_month": months, "worst": worst,
    }


def empty_agg():
    agg = make_agg()
    for key in ("by_rule", "by_source", "by_pair", "by_month", "worst"):
        agg[key] = []
    return agg


class Cells(HTMLParser):
    """Text of each table's body cells, per table id; plus the tags seen."""

    def __init__(self, page):
        super().__init__()
        self.tables, self.tags, self.totals = {}, [], {}
        self._table = self._row = self._cell = self._total = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "table":
            self._table = self.tables.setdefault(a["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "div" and "data-total" in a:
            self._total = a["data-total"]
        elif tag == "span" and self._total and a.get("class") == "big":
            self._cell, self._row = [], None

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._total and self._cell is not None:
            self.totals[self._total] = "".join(self._cell)
            self._cell = self._total = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page_html():
    return render_dashboard(make_agg())


def test_same_aggregate_same_bytes_and_matplotlib_state_untouched(page_html):
    salt = matplotlib.rcParams["svg.hashsalt"]
    assert render_dashboard(make_agg()) == page_html
    assert matplotlib.rcParams["svg.hashsalt"] == salt
    assert page_html.startswith("<!DOCTYPE html>\n")
    assert "<?xml" not in page_html and "<!DOCTYPE svg" not in page_html
    # Every id is unique, though four matplotlib figures each number their own from 1.
    ids = re.findall(r'\sid="([^"]+)"', page_html)
    assert len(ids) == len(set(ids)) and "rules-figure_1" in ids and "months-figure_1" in ids


def test_tiles_show_the_totals(page_html):
    assert Cells(page_html).totals == {
        "Stories": "300", "Checked": "297", "Errors": "3", "Words": "180,000", "Findings": "851",
        "Per 1,000 words": "4.73", "Failing": "12",
        "critical": "40", "major": "211", "minor": "580", "info": "20"}


def test_tables_carry_every_group_with_exact_numbers(page_html):
    agg, tables = make_agg(), Cells(page_html).tables
    rules = tables["rules-table"]
    assert len(rules) == 18  # all of them, though the chart shows 15
    assert [row[0] for row in rules] == [r["rule"] for r in agg["by_rule"]]
    hostile_rule = next(row for row in rules if row[0].startswith("names/"))
    assert hostile_rule == ['names/near-miss<"&>', "12", "3", "0.07", "0", "4", "8", "0"]
    assert rules[0] == ["terminology/term-14", "44", "17", "0.24", "8", "12", "24", "0"]
    assert tables["sources-table"] == [
        ["Reuters", "120", "72,000", "410", "5.69", "91.2", "7"],
        [LONG_SOURCE, "60", "40,000", "180", "4.50", "88.0", "4"],
        ["desk/<b>sports</b>", "30", "18,000", "60", "3.33", "—", "0"],
        ["AFP", "80", "50,000", "120", "2.40", "95.5", "1"],
        ["$5 wire", "10", "6,000", "12", "2.00", "97.0", "0"]]
    assert tables["pairs-table"][2] == ["?→en", "100", "65,000", "140", "2.15", "96.2", "1"]
    months = tables["months-table"]
    assert [row[0] for row in months] == [*MONTHS, "no date"]
    assert months[5] == ["2025-06", "65", "30,000", "125", "4.17", "88.0", "5"]
    assert months[6] == ["no date", "25", "15,000", "31", "2.07", "94.0", "0"]
    worst = tables["worst-table"]
    assert len(worst) == 12
    assert worst[0] == ["archive/2025/000-story.json", "41.3", "30", "0", "4", "9", "en", "?→en",
                        "Reuters", "2025-01"]
    assert worst[3][:2] == [HOSTILE, "50.3"]
    assert worst[5][-1] == "no date"


def test_data_is_escaped_and_the_page_runs_no_script(page_html):
    # Escaped, and free to wrap after a slash (<wbr> adds no text: the cell reads the same).
    assert "<td class=\"key\">&lt;script&gt;alert(1)&lt;/<wbr>script&gt;</td>" in page_html
    assert "<script" not in page_html.lower()
    assert "<b>sports" not in page_html and "desk/<wbr>&lt;b&gt;sports&lt;/<wbr>b&gt;" in page_html
    assert f'content="{CSP}"'.replace("'", "&#x27;") in page_html
    assert "script" not in Cells(page_html).tags
    assert "4.0% of checked, below the MQM threshold" in page_html
    assert "mtqa:0.16|packs:core-3|mqm:threshold-90&lt;x&gt;" in page_html


def test_charts_shorten_long_labels_and_leave_undated_stories_out(page_html):
    svgs = re.findall(r"<svg\b.*?</svg>", page_html, flags=re.S)
    assert len(svgs) == 4
    rules_svg, sources_svg, pairs_svg, months_svg = svgs
    assert "terminology/term-16" not in rules_svg and "terminology/term-14" in rules_svg  # top 15 only
    # Cut in the middle, the story count kept whole.
    assert "Agence de…utomatiques (60)" in sources_svg and "Agence de presse" not in sources_svg
    assert "desk/&lt;b&gt;sports&lt;/b&gt; (30)" in sources_svg
    assert "$5 wire (10)" in sources_svg
    assert "?→en (100)" in pairs_svg
    assert all(m in months_svg for m in MONTHS) and "no date" not in months_svg
    assert "25 stories without a date. They are in the table, not in the chart." in page_html
    assert "Top 15 of 18 rules in the chart; all in the table." in page_html


def test_long_labels_lose_their_middle_so_ids_that_share_a_prefix_stay_apart():
    a, b = "accuracy/mistranslation/term-bank/no-limits", "accuracy/mistranslation/term-bank/crimea"
    assert shorten(a) == "accuracy/mistr…-bank/no-limits" and len(shorten(a)) == 30
    assert shorten(b) == "accuracy/mistr…erm-bank/crimea"
    assert shorten("terminology/term-01") == "terminology/term-01"


def test_empty_lists_give_one_line_notes():
    page = render_dashboard(empty_agg())
    for note in ("No rule found anything: the audit has no findings.", "No story has a source label.",
                 "No story has a known language pair.", NO_DATE, "No story was scored."):
        assert f'<p class="note empty">{note}</p>' in page
    assert "<svg" not in page and "<table" not in page


def test_only_undated_stories_say_how_many():
    agg = empty_agg()
    agg["by_month"] = [{"key": "", "stories": 1, "words": 600, "findings": 2, "per_1k": 3.33,
                        "mean_score": 97.0, "failing": 0}]
    page = render_dashboard(agg)
    assert f'<p class="note empty">{NO_DATE} (1 story without a date.)</p>' in page
    assert "<svg" not in page


# -- in the browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with running(tmp_path_factory.mktemp("chromium")) as b:
        yield b


def open_page(browser, path, text):
    path.write_text(text, encoding="utf-8")
    return Page(browser, path.resolve().as_uri(), width=1280, height=900)


def test_dashboard_in_chromium(browser, tmp_path, page_html):
    pg = open_page(browser, tmp_path / "dashboard.html", page_html)
    try:
        assert pg.js("document.querySelectorAll('svg').length") == 4
        assert pg.js("document.querySelectorAll('#worst-table tbody tr').length") == 12
        assert pg.js("document.querySelectorAll('script').length") == 0
        assert pg.js("[...document.querySelectorAll('#worst-table td')].some(td => td.textContent === "
                     f"{HOSTILE!r})") is True
        # Each chart is drawn at a readable size, not collapsed by the grid.
        widths = pg.js("[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width)")
        assert all(w > 450 for w in widths), widths
        assert pg.js("document.documentElement.scrollWidth") <= 1280
        pg.screenshot(tmp_path / "archive-dashboard.png")
        assert pg.problems() == []
    finally:
        pg.close()


def test_empty_dashboard_in_chromium(browser, tmp_path):
    pg = open_page(browser, tmp_path / "empty.html", render_dashboard(empty_agg()))
    try:
        assert pg.js("document.querySelectorAll('svg').length") == 0
        assert pg.js("document.querySelectorAll('p.note.empty').length") == 5
        assert pg.js("document.documentElement.scrollWidth") <= 1280
        pg.screenshot(tmp_path / "archive-dashboard-empty.png")
        assert pg.problems() == []
    finally:
        pg.close()
