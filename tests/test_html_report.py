"""The HTML report as an editor meets it: opened in a real browser (Debian's chromium).

The browser runs headless and is driven over the DevTools protocol on a pipe (tests/browser.py).
Without chromium these tests skip on a developer's machine and fail in CI (CI set).
"""

import json
import pathlib
import re
import time

import pytest
from browser import Page, running

from mtqa.cli import main
from mtqa.render.html_format import markup, script_json

WIRE = """Chancellor Meets Nordic Leaders In Oslo

OSLO - German Chancellor Friedrich Merz met the leaders of five Nordic countries in Oslo on Tuesday, the government said.

The leaders agreed to spend 2.5 billion euros on air defence over the next four years.

Merz said Germany would not send 400 troops to the region without a NATO decision.

The talks also covered the Paris Agreement and energy prices.

Norway's Prime Minister Jonas Gahr Støre thanked Merz for the visit.
"""

# Mertz for Merz, million for billion, the negation lost in a sentence whose number also
# changed (two findings, one inside the other), and one sentence left out.
STORY = (WIRE.replace("Friedrich Merz", "Friedrich Mertz")
         .replace("2.5 billion", "2.5 million")
         .replace("would not send 400 troops", "would send 4000 troops")
         .replace("The talks also covered the Paris Agreement and energy prices.\n\n", ""))

XSS_WIRE = ("Leaders Meet In Berlin\n\n"
            "BERLIN - The two governments agreed on Monday to expand trade, the ministry said.\n\n"
            "Officials also published a statement titled <script>alert(1)</script> on the website.\n\n"
            "The leaders will meet again in Paris next year.\n")
# The translation carries both payloads as text in an added sentence and leaves out the
# source's sentence, so the omission's message quotes a payload too.
XSS_STORY = ("Leaders Meet In Berlin\n\n"
             'BERLIN - Readers quoted <script>alert(3)</script> and "><img src=x onerror=alert(4)> in comments.\n\n'
             "The two governments agreed on Monday to expand trade, the the ministry said.\n\n"
             "The leaders will meet again in Paris next year.\n")


# -- the browser --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with running(tmp_path_factory.mktemp("chromium")) as b:
        yield b


@pytest.fixture
def page(browser):
    opened = []

    def _open(path, **kw):
        p = Page(browser, path.resolve().as_uri(), **kw)
        opened.append(p)
        return p
    yield _open
    for p in opened:
        p.close()


def report(tmp_path, story, *extra, source=None, name="story.txt"):
    """Write the story (and its source), run mtqa check to HTML and JSON; (html_path, json)."""
    paths = []
    for n, text in enumerate([story] if isinstance(story, str) else story):
        p = tmp_path / (name if n == 0 else f"{n}-{name}")
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    args = list(extra)
    if source is not None:
        (tmp_path / "wire.txt").write_text(source, encoding="utf-8")
        args += ["--source", str(tmp_path / "wire.txt")]
    out = tmp_path / "report.html"
    js = tmp_path / "report.json"
    assert main(["check", *paths, *args, "--format", "html", "-o", str(out)]) in (0, 1)
    assert main(["check", *paths, *args, "--format", "json", "-o", str(js)]) in (0, 1)
    return out, json.loads(js.read_text(encoding="utf-8"))


HIGHLIGHTS = "document.querySelectorAll('[data-rule]').length"


# -- in the browser -----------------------------------------------------------------------------

def test_one_highlight_per_finding_and_the_details_open_on_click(browser, page, tmp_path):
    sample = pathlib.Path(__file__).parent.parent / "corpora" / "samples" / "coalition-budget.en.txt"
    out, data = report(tmp_path, sample.read_text(encoding="utf-8"))
    findings = data["documents"][0]["findings"]
    assert len(findings) >= 3
    pg = page(out)
    assert pg.js(HIGHLIGHTS) == len(findings)
    assert pg.js("[...document.querySelectorAll('[data-rule]')].map(e => +e.dataset.index)") == \
        list(range(len(findings)))
    # The score is at the top, with its verdict, and the signature.
    top = pg.js("document.querySelector('.scores').innerText")
    score = data["documents"][0]["score"]
    verdict = data["documents"][0]["verdict"]
    assert f"{score['score']:.1f}" in top and ("FAIL" if not verdict["pass"] else "PASS") in top
    assert "Fluency" in top or "FLUENCY" in top
    assert data["signature"]["string"] in pg.js("document.body.innerText")

    # A real click on a highlight opens its panel with the message and the suggestion.
    i = next(n for n, f in enumerate(findings) if f["suggestion"])
    f = findings[i]
    x, y = pg.center_of(f'[data-index="{i}"][data-rule]')
    pg.click_at(x, y)
    assert pg.js("document.getElementById('panel').hidden") is False
    text = pg.js("document.getElementById('panel').innerText")
    assert f["message"] in text and f["suggestion"] in text and f["rule"] in text
    assert pg.js(f"document.querySelector('[data-index=\"{i}\"][data-rule]').classList.contains('active')")
    pg.screenshot(tmp_path / "report.png")
    # Escape closes it and gives the focus back to the highlight.
    pg.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Escape", "code": "Escape",
                                       "windowsVirtualKeyCode": 27})
    assert pg.js("document.getElementById('panel').hidden") is True
    assert pg.js("document.activeElement.dataset.index") == str(i)

    # Keyboard: the next highlight, focused and Enter, opens its details.
    j = (i + 1) % len(findings)
    pg.js(f"document.querySelector('[data-index=\"{j}\"][data-rule]').focus()")
    pg.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Enter", "code": "Enter",
                                       "windowsVirtualKeyCode": 13})
    assert findings[j]["message"] in pg.js("document.getElementById('panel').innerText")

    # Hover shows the message and the evidence next to the highlight.
    pg.js("document.getElementById('panel').querySelector('.close').click()")
    assert pg.js("document.getElementById('tip').hidden") is True
    pg.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 1, "y": 1})
    x, y = pg.center_of(f'[data-index="{i}"][data-rule]')
    pg.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    tip = pg.js("(() => { const t = document.getElementById('tip'); return t.hidden ? '' : t.innerText; })()")
    assert f["message"] in tip and next(iter(f["evidence"])) in tip

    # The list by severity links to each highlight (Runtime.evaluate dispatches the click).
    pg.js(f"document.querySelector('a.jump[data-jump=\"{j}\"]').click()")
    assert findings[j]["message"] in pg.js("document.getElementById('panel').innerText")
    severities = pg.js("[...document.querySelectorAll('.sev-head')].map(h => h.textContent.split(' ')[0])")
    order = ["critical", "major", "minor", "info"]
    assert severities == sorted(severities, key=order.index)
    assert pg.problems() == []


def test_with_source_sentences_stand_beside_the_translation(browser, page, tmp_path):
    out, data = report(tmp_path, STORY, source=WIRE)
    doc = data["documents"][0]
    rules = [f["rule"] for f in doc["findings"]]
    assert {"diverge.name", "diverge.number", "diverge.negation", "diverge.omission"} <= set(rules)
    pg = page(out, width=1280, height=900)
    assert pg.js(HIGHLIGHTS) == len(doc["findings"])
    # Nested findings each keep their own element: the changed number inside the lost negation.
    neg = rules.index("diverge.negation")
    assert pg.js(f"document.querySelector('[data-index=\"{neg}\"][data-rule]')"
                 ".querySelectorAll('[data-rule=\"diverge.number\"]').length") == 1
    rows = pg.js("""[...document.querySelectorAll('.pair')].map(p => {
        const s = p.querySelector('.src'), t = p.querySelector('.tgt');
        const a = s.getBoundingClientRect(), b = t.getBoundingClientRect();
        return {src: s.innerText, tgt: t.innerText, beside: a.right <= b.left && a.top === b.top,
                omitted: p.classList.contains('omitted')};
    })""")
    assert all(r["beside"] for r in rows)
    troops = next(r for r in rows if "send 4000 troops" in r["tgt"])
    assert "would not send 400 troops" in troops["src"]
    gone = next(r for r in rows if r["omitted"])
    assert "The talks also covered the Paris Agreement" in gone["src"]
    # The omission is a marker in the translation column of that row, and opens its details.
    om = rules.index("diverge.omission")
    assert pg.js(f"document.querySelector('[data-index=\"{om}\"]').closest('.pair')"
                 ".classList.contains('omitted')")
    assert pg.js(f"document.querySelector('[data-index=\"{om}\"]').textContent") == ""
    x, y = pg.center_of(f'[data-index="{om}"][data-rule]')
    pg.click_at(x, y)
    assert "Paris Agreement" in pg.js("document.getElementById('panel').innerText")
    pg.screenshot(tmp_path / "report-source.png")

    # On a phone the source stands above its translation, and a tap opens the details.
    phone = page(out, width=390, height=844, mobile=True)
    assert phone.js("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.js("""[...document.querySelectorAll('.pair')].every(p => {
        const a = p.querySelector('.src').getBoundingClientRect(), b = p.querySelector('.tgt').getBoundingClientRect();
        return a.bottom <= b.top + 1; })""")
    name = rules.index("diverge.name")
    x, y = phone.center_of(f'[data-index="{name}"][data-rule]')
    phone.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    phone.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    panel = phone.js("""(() => { const p = document.getElementById('panel'); const r = p.getBoundingClientRect();
        return {hidden: p.hidden, text: p.innerText, inside: r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight}; })()""")
    assert panel["hidden"] is False and panel["inside"] and "Merz" in panel["text"]
    phone.screenshot(tmp_path / "report-phone.png")
    assert pg.problems() == [] and phone.problems() == []


def test_story_with_markup_renders_as_inert_text(browser, page, tmp_path):
    out, data = report(tmp_path, XSS_STORY, source=XSS_WIRE, name='"><img src=x onerror=alert(5)>.txt')
    doc = data["documents"][0]
    assert any(f["rule"] == "diverge.omission" and "<script>" in f["message"] for f in doc["findings"])
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html and "<script>alert" not in html
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src &#x27;none&#x27;" in html
    pg = page(out)
    assert pg.js("document.querySelectorAll('img').length") == 0
    assert pg.js("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                 ".some(a => a.name.startsWith('on'))).length") == 0
    assert pg.js("document.querySelectorAll('script').length") == 2  # the report's data and code
    visible = pg.js("document.body.innerText")
    for payload in ("<script>alert(3)</script>", '"><img src=x onerror=alert(4)>',
                    "<script>alert(1)</script>", '"><img src=x onerror=alert(5)>.txt'):
        assert payload in visible
    assert pg.js(HIGHLIGHTS) == len(doc["findings"])
    om = next(i for i, f in enumerate(doc["findings"]) if f["rule"] == "diverge.omission")
    pg.js(f"document.querySelector('[data-index=\"{om}\"][data-rule]').click()")
    assert "<script>alert(1)</script>" in pg.js("document.getElementById('panel').innerText")
    x, y = pg.center_of(f'[data-index="{om}"][data-rule]')
    pg.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    assert pg.js("document.querySelectorAll('img').length") == 0
    time.sleep(0.2)
    pg.js("0")  # one more round trip, so any dialog event has arrived
    assert browser.dialogs == []
    assert pg.problems() == []
    pg.screenshot(tmp_path / "report-xss.png")
    # The watch for dialogs works: one opened on purpose is seen.
    pg.js("alert('probe'), 1")
    assert [d["message"] for d in browser.dialogs] == ["probe"]
    browser.dialogs.clear()


def test_several_documents_one_section_each(browser, page, tmp_path):
    garbled = ('Leaders Meet In Berlin\nBERLIN - The two countries announced a "boundless" partnership '
               "on Monday, the the ministry said.\n")
    clean = ("Leaders Meet In Berlin\nBERLIN - The two governments agreed on Monday to expand trade and "
             "to meet again next year, the ministry said.\n")
    out, data = report(tmp_path, [garbled, clean])
    pg = page(out)
    assert pg.js("document.querySelectorAll('section.doc').length") == 2
    assert pg.js(HIGHLIGHTS) == sum(len(d["findings"]) for d in data["documents"]) > 0
    assert pg.js("document.querySelectorAll('section.doc')[1].querySelectorAll('[data-rule]').length") == 0
    assert pg.js("document.querySelectorAll('.toc li').length") == 2


# -- without a browser --------------------------------------------------------------------------

def test_crossing_findings_each_get_one_element():
    text = "one two three four"
    # 0-7 "one two" crosses 4-13 "two three"; 8-8 is zero-width; 14-18 alone.
    spans = [(0, 7, 0), (4, 13, 1), (8, 8, 2), (14, 18, 3)]
    html = markup(text, 0, len(text), spans,
                  lambda k, first: f'<mark data-rule="r{k}">' if first else f'<mark data-cont="{k}">',
                  lambda k: f'<mark data-rule="r{k}"></mark>')
    for k in range(4):
        assert html.count(f'data-rule="r{k}"') == 1
    assert html.count("<mark") == html.count("</mark>") == 5
    assert re.sub(r"<[^>]+>", "", html) == text


def test_embedded_json_cannot_end_its_script():
    s = script_json({"x": "</script><!-- <script>alert(1)</script> ]]> & \u2028"})
    assert "</" not in s and "<!--" not in s and "<" not in s
    assert json.loads(s)["x"].startswith("</script><!--")


def test_a_finding_across_two_aligned_sentences_joins_their_rows():
    from mtqa.document import Document
    from mtqa.finding import Finding
    from mtqa.render.html_format import render
    from mtqa.report import DocumentResult, Gate, Report
    from mtqa.scoring.mqm import mqm_score

    src = "The talks ended on Monday. Both sides said they would meet again. Nothing was signed."
    tgt = "The talks ended on Monday. Both sides said they would meet again. Nothing was signed."
    doc = Document.build(tgt, path="story.txt", lang="en")
    assert len(doc.sentences) == 3
    start = tgt.index("Monday")
    end = tgt.index("Both sides") + len("Both sides")
    found = [Finding("test.span", "style/awkward", "minor", start, end, "across a sentence break"),
             Finding("test.inside", "fluency/grammar", "minor", start, start + 6, "inside it")]
    info = {"source": {"path": "wire.txt", "lang": "en", "sentences": 3},
            "alignment": {"links": [{"source": [k], "target": [k], "score": 1.0} for k in range(3)]}}
    score = mqm_score(found, doc.word_count)
    result = DocumentResult(doc, found, score, Gate().judge(found, score.score), None,
                            Document.build(src, path="wire.txt", lang="en"), info=info)
    page = render(Report([result], {"string": "test"}))
    assert page.count("data-rule=") == 2
    assert page.count('<div class="pair"') == 2  # rows 1 and 2 shown as one
    body = page.split('<div class="pairs">', 1)[1]
    assert re.sub(r"<[^>]+>", "", body.split('<div class="pair"')[1]).count("Both sides") == 2
