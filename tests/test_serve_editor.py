"""The editor page of `mtqa serve` as an editor meets it: a real server, headless chromium.

A story is pasted into the page, checked with a click, its findings highlighted on exactly
the right characters (after emoji and a CJK Extension B character, which are two UTF-16 units
each in the page but one code point each in the API), and a suggestion applied with a click.
Without chromium these tests skip on a developer's machine and fail in CI (tests/browser.py).
"""

import time

import pytest
from browser import Page, running
from serving import served

# A surname translated as a word (Purra -> Bite), a name left in Japanese script (its first
# character U+20BB7 is in CJK Extension B), two doubled words; emoji and an accent written as a
# combining mark (one more code point) before them.
STORY = ("Fuel Taxes To Rise In Spring 📈\n\n"
         "HELSINKI - Finance Minister Riikka Bite said on Monday that fuel taxes would rise in the spring.\n\n"
         "She spoke at a cafe\u0301 in Tampere 😀 next to the 𠮷野家 restaurant. "
         "The the opposition called the plan unfair, the the ministry said.\n")
FOUND = [("names.translated", "Bite"), ("lang.foreign-script", "𠮷野家"),
         ("mechanics.doubled-word", "The the"), ("mechanics.doubled-word", "the the")]
CLEAN = ("Grain Exports Grow\n\n"
         "KYIV - Ukraine exported more grain in October than in September, the agriculture ministry said on Friday.\n")

HIGHLIGHTS = "[...document.querySelectorAll('#checked [data-rule]')].map(e => [e.dataset.rule, e.textContent])"
SHOWN = "document.getElementById('{}').getClientRects().length > 0"  # laid out, not just un-hidden
DONE = ("document.getElementById('results').getAttribute('aria-busy') === 'false' && "
        "!document.getElementById('outcome').hidden")


@pytest.fixture(scope="module")
def server():
    with served() as srv:
        yield srv


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with running(tmp_path_factory.mktemp("chromium")) as b:
        yield b


@pytest.fixture
def editor(browser, server):
    """The editor page of the server, as a function (so a test can open it more than once)."""
    opened = []

    def _open(srv=server):
        p = Page(browser, srv.url + "/", width=1280, height=900)
        wait_for(p, "document.getElementById('lang').options.length > 1")  # start-up is done
        opened.append(p)
        return p
    yield _open
    for p in opened:
        p.close()


def wait_for(pg, expression, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pg.js(expression):
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


def paste(pg, text, box="#text"):
    """Focus the box and insert the text as a paste does (the page sees input events)."""
    pg.js(f"document.querySelector('{box}').focus()")
    pg.send("Input.insertText", {"text": text})


def click(pg, selector):
    x, y = pg.center_of(selector)
    pg.click_at(x, y)


def check(pg):
    """Click Check and wait for the answer to be shown."""
    before = pg.js("document.getElementById('status').textContent")
    click(pg, "#check")
    wait_for(pg, f"{DONE} && document.getElementById('status').textContent !== {before!r}")


def test_story_highlights_exact_spans_and_a_suggestion_applies(editor, server, tmp_path):
    pg = editor()
    assert pg.js(SHOWN.format("auth")) is False  # no token on loopback
    paste(pg, STORY)
    assert pg.js("document.getElementById('text').value") == STORY
    check(pg)

    assert pg.js(HIGHLIGHTS) == [list(p) for p in FOUND]
    assert pg.js("document.getElementById('checked').textContent") == STORY
    assert pg.js("document.getElementById('verdict').textContent") == "FAIL"
    status, api = server.post_json("/api/check", {"text": STORY})
    assert status == 200
    doc = api["documents"][0]
    assert pg.js("document.getElementById('score').textContent") == f"{doc['score']['score']:.1f}"
    assert [(f["rule"], f["excerpt"]) for f in doc["findings"]] == FOUND

    # Each highlight is described by its list entry's message; the list shows the rule and
    # the suggestion, with an Apply button where there is one.
    rows = pg.js("""[...document.querySelectorAll('#findings li')].map(li => ({
        rule: li.querySelector('.rule').textContent, sev: li.querySelector('.d-sev').textContent,
        msg: li.querySelector('.msg').textContent, sugg: (li.querySelector('.sugg') || {textContent: ''}).textContent,
        apply: !!li.querySelector('button.apply')}))""")
    assert [(r["rule"], r["sev"], r["msg"], r["sugg"]) for r in rows] == \
        [(f["rule"], f["severity"], f["message"], f["suggestion"]) for f in doc["findings"]]
    assert [r["apply"] for r in rows] == [True, False, True, True]
    assert pg.js("document.getElementById(document.getElementById('hl-0')"
                 ".getAttribute('aria-describedby')).textContent") == doc["findings"][0]["message"]
    pg.screenshot(tmp_path / "serve-editor.png")

    # Keyboard: Enter on a list entry focuses its highlight, Escape goes back to the entry.
    pg.js("document.querySelector('#item-1 .locate').focus()")
    key(pg, "Enter")
    assert pg.js("document.activeElement.id") == "hl-1"
    assert pg.js("document.getElementById('hl-1').classList.contains('active')")
    key(pg, "Escape")
    assert pg.js("document.activeElement.closest('li').id") == "item-1"

    # One click applies "Purra": exactly that span changes, and the re-check drops the finding.
    click(pg, "#item-0 button.apply")
    wait_for(pg, f"{DONE} && document.querySelectorAll('#checked [data-rule]').length === 3")
    assert pg.js("document.getElementById('text').value") == STORY.replace("Riikka Bite", "Riikka Purra")
    assert pg.js(HIGHLIGHTS) == [list(p) for p in FOUND[1:]]
    assert pg.js("document.getElementById('checked').textContent") == STORY.replace("Bite", "Purra")
    assert float(pg.js("document.getElementById('score').textContent")) > doc["score"]["score"]

    # Then "The the", after both emoji and the Extension B character (the list's third entry).
    click(pg, "#item-1 button.apply")
    wait_for(pg, f"{DONE} && document.querySelectorAll('#checked [data-rule]').length === 2")
    fixed = STORY.replace("Riikka Bite", "Riikka Purra").replace("The the", "The")
    assert pg.js("document.getElementById('text').value") == fixed
    assert pg.js(HIGHLIGHTS) == [list(FOUND[1]), list(FOUND[3])]
    assert pg.problems() == []


def test_the_html_report_downloads(editor, browser, tmp_path):
    pg = editor()
    paste(pg, STORY)
    check(pg)
    # An edit after the check: the results are marked stale and the suggestions can't be applied
    # to offsets that no longer fit the text.
    pg.js("document.getElementById('text').setSelectionRange(1e9, 1e9)")
    pg.send("Input.insertText", {"text": "More to come."})
    assert pg.js("document.getElementById('results').classList.contains('stale')")
    assert pg.js("[...document.querySelectorAll('button.apply')].every(b => b.disabled)")
    assert "changed" in pg.js("document.getElementById('status').textContent")
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    click(pg, "#download")
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob("mtqa-report-*.html")) and time.monotonic() < deadline:
        time.sleep(0.1)
    [saved] = tmp_path.glob("mtqa-report-*.html")
    page = saved.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "mtqa report" in page
    assert page.count('data-rule="mechanics.doubled-word"') == 2 and "More to come." in page
    assert 'data-rule="lang.foreign-script"' in page
    assert pg.problems() == []


def test_clean_story_passes_with_no_highlight(editor, tmp_path):
    pg = editor()
    paste(pg, CLEAN)
    key(pg, "Enter", ctrl=True)  # Ctrl+Enter checks, from the textarea
    wait_for(pg, DONE)
    assert pg.js(HIGHLIGHTS) == []
    assert pg.js("document.getElementById('verdict').textContent") == "PASS"
    assert pg.js("document.getElementById('score').textContent") == "100.0"
    assert pg.js(SHOWN.format("none")) is True
    assert pg.js("document.getElementById('checked').textContent") == CLEAN
    assert pg.js("document.getElementById('text').value") == CLEAN  # Ctrl+Enter added no line
    assert "0 findings" in pg.js("document.getElementById('status').textContent")
    pg.screenshot(tmp_path / "serve-editor-clean.png")
    assert pg.problems() == []


def test_with_a_token_the_page_asks_for_it(editor):
    with served(env={"MTQA_SERVE_TOKEN": "s3cret-token"}) as srv:
        pg = editor(srv)
        assert pg.js(SHOWN.format("auth")) is True
        paste(pg, CLEAN)
        click(pg, "#check")
        wait_for(pg, SHOWN.format("error"))
        assert "bearer token" in pg.js("document.getElementById('error').textContent")
        paste(pg, "s3cret-token", box="#token")
        assert pg.js("sessionStorage.getItem('mtqa-token')") == "s3cret-token"
        check(pg)
        assert pg.js("document.getElementById('verdict').textContent") == "PASS"
        assert pg.js(SHOWN.format("error")) is False


def key(pg, name, ctrl=False):
    """Press and release a key as a keyboard does (Enter also types its character)."""
    code, char = {"Enter": (13, "\r"), "Escape": (27, "")}[name]
    down = {"type": "keyDown", "key": name, "code": name, "windowsVirtualKeyCode": code,
            "modifiers": 2 if ctrl else 0}
    pg.send("Input.dispatchKeyEvent", {**down, "text": char} if char else down)
    pg.send("Input.dispatchKeyEvent", {**down, "type": "keyUp"})
