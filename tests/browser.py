"""Headless chromium driven over the DevTools protocol on a pipe, stdlib only.

--remote-debugging-pipe: NUL-separated JSON on file descriptors 3 and 4. Used by the tests
that open a page as an editor meets it (the HTML report, the editor page of `mtqa serve`).
Without chromium those tests skip on a developer's machine and fail in CI (CI set).
"""

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import time

import pytest


def chromium_path():
    found = os.environ.get("MTQA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found and os.access(found, os.X_OK):
        return found
    msg = ("chromium is not installed: the HTML pages are tested in a real browser "
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
        # A copy for a human to look at (MTQA_SCREENSHOT_DIR is the older name).
        extra = os.environ.get("MTQA_SCREENSHOTS") or os.environ.get("MTQA_SCREENSHOT_DIR")
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


@contextlib.contextmanager
def running(tmp_dir):
    """A browser with its profile and log in tmp_dir (skips, or fails in CI, without chromium)."""
    b = Browser(chromium_path(), str(tmp_dir / "profile"), str(tmp_dir / "chromium.log"))
    try:
        yield b
    finally:
        b.close()
