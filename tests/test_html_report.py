"""The HTML report as an editor meets it: opened in a real browser (Debian's chromium).

The browser runs headless and is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: NUL-separated JSON on file descriptors 3 and 4), stdlib only.
Without chromium these tests skip on a developer's machine and fail in CI (CI set).
"""

import base64
import fcntl
import json
import os
import pathlib
import re
import select
import shutil
import signal
import subprocess
import time

import pytest

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

def chromium_path():
    found = os.environ.get("MTQA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found and os.access(found, os.X_OK):
        return found
    msg = ("chromium is not installed: the HTML report is tested in a real browser "
           "(apt-get install chromium; .ci/run installs it)")
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(msg)
    pytest.skip(msg)


class CDPError(RuntimeError):
    pass


class Browser:
    """Headless chromium with the DevTools protocol on a pipe."""

    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--remote-debugging-pipe"]

    def __init__(self, exe, profile, log):
        cmd_r, cmd_w = os.pipe()  # we write commands, chromium reads them on fd 3
        out_r, out_w = os.pipe()  # chromium writes replies and events on fd 4
        # Out of the way of 3 and 4, so the child's dup2 never clobbers one with the other.
        hi_r = fcntl.fcntl(cmd_r, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_w = fcntl.fcntl(out_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(cmd_r)
        os.close(out_w)

        def child():  # runs in the child before exec; close_fds would close 3 and 4 after it,
            os.dup2(hi_r, 3)  # so it is off: Python's own descriptors are close-on-exec anyway
            os.dup2(hi_w, 4)

        self.log = log
        with open(log, "wb") as err:
            self.proc = subprocess.Popen([exe, *self.FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                         stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                         preexec_fn=child, close_fds=False,
                                         start_new_session=True)
        os.close(hi_r)
        os.close(hi_w)
        self.w, self.r = cmd_w, out_r
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.dialogs = []
        self.send("Browser.getVersion", timeout=60)

    def _log_tail(self):
        try:
            with open(self.log, "rb") as fh:
                return fh.read()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def _write(self, msg):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.w, data):]

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time\n" + self._log_tail())
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise CDPError("chromium closed the pipe\n" + self._log_tail())
                self.buf += chunk
        raw, _, self.buf = self.buf.partition(b"\0")
        msg = json.loads(raw)
        if msg.get("method") == "Page.javascriptDialogOpening":
            # A dialog blocks the page: record it and dismiss it so the test can go on.
            self.dialogs.append(msg["params"])
            self.next_id += 1
            self._write({"id": self.next_id, "method": "Page.handleJavaScriptDialog",
                         "params": {"accept": True}, "sessionId": msg.get("sessionId")})
        return msg

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        my = self.next_id
        msg = {"id": my, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._write(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == my:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, session, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for n, ev in enumerate(self.events):
                if ev["method"] == method and ev.get("sessionId") == session:
                    return self.events.pop(n)
            msg = self._read(deadline)
            if "method" in msg:
                self.events.append(msg)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except (CDPError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the group of the chromium we started
            self.proc.wait(timeout=10)
        for fd in (self.w, self.r):
            try:
                os.close(fd)
            except OSError:
                pass


class Page:
    def __init__(self, browser, url, width=1280, height=900, mobile=False):
        self.b = browser
        self.target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget",
                                    {"targetId": self.target, "flatten": True})["sessionId"]
        for m in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(m)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        if mobile:
            self.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
            self.send("Emulation.setEmitTouchEventsForMouse", {"enabled": True, "configuration": "mobile"})
        self.send("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired", self.session)

    def send(self, method, params=None):
        return self.b.send(method, params, session=self.session)

    def js(self, expression):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True})
        if "exceptionDetails" in res:
            raise CDPError(f"{expression!r}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def click_at(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1})

    def center_of(self, selector):
        return self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                       "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                       "return [r.left + r.width / 2, r.top + r.height / 2]; })()")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        png = base64.b64decode(data)
        path.write_bytes(png)
        extra = os.environ.get("MTQA_SCREENSHOT_DIR")  # a copy for a human to look at
        if extra:
            with open(os.path.join(extra, path.name), "wb") as fh:
                fh.write(png)
        return png

    def problems(self):
        """Script errors and console errors (a CSP violation is one) seen on this page."""
        out = []
        for ev in self.b.events:
            if ev.get("sessionId") != self.session:
                continue
            if ev["method"] == "Runtime.exceptionThrown":
                out.append(ev["params"]["exceptionDetails"].get("text", "exception"))
            elif ev["method"] == "Log.entryAdded" and ev["params"]["entry"]["level"] == "error":
                out.append(ev["params"]["entry"]["text"])
            elif ev["method"] == "Runtime.consoleAPICalled" and ev["params"]["type"] == "error":
                out.append(str(ev["params"]["args"]))
        return out

    def close(self):
        self.b.send("Target.closeTarget", {"targetId": self.target})


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = chromium_path()
    tmp = tmp_path_factory.mktemp("chromium")
    b = Browser(exe, str(tmp / "profile"), str(tmp / "chromium.log"))
    yield b
    b.close()


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
