"""`mtqa serve` as a client meets it: a real server process on a loopback port.

mtqa's own API (the same document `check --format json` prints), the limits, the token, CORS,
the access log that never holds the text, concurrency across workers and a graceful stop.
"""

import json
import signal
import subprocess
import sys
import threading
import time

import pytest
from serving import served

from mtqa.cli import main

pytest.importorskip("uvicorn")

STORY = ("Finnish Coalition Agrees Budget\n\n"
         "HELSINKI - Finland's Prime Minister Petteri Orpo and Finance Minister Riikka Bite agreed "
         "the the budget on Monday, the government said.\n\n"
         "The European Comission will review the plan next month.\n")
CLEAN = ("Finnish Coalition Agrees Budget\n\n"
         "HELSINKI - Finland's government agreed the budget on Monday, the finance ministry said.\n\n"
         "The plan will be reviewed next month.\n")
MARK = "Quuxbergstraat"  # a word no log line may ever contain


def long_story(n: int) -> str:
    """n paragraphs of varied text (so no cache makes the check quicker than it would be)."""
    return "\n\n".join(f"The council met for the {k}th time on Monday and approved {k * 7} "
                       f"new measures for district {k % 97}, officials said." for k in range(n))


@pytest.fixture(scope="module")
def srv():
    with served("--max-request-size", "0.05") as s:
        yield s


# -- mtqa's API ----------------------------------------------------------------------------------

def test_api_check_is_the_check_command_document(srv, tmp_path, capsys):
    status, doc = srv.post_json("/api/check", {"text": STORY})
    assert status == 200
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    main(["--no-config", "check", "--format", "json", str(f)])
    cli = json.loads(capsys.readouterr().out)
    assert doc["schema"] == cli["schema"] == "mtqa/check/1"
    assert doc["signature"] == cli["signature"]
    got = [(x["rule"], x["start"], x["end"], x["excerpt"], x["suggestion"]) for x in doc["documents"][0]["findings"]]
    assert got == [(x["rule"], x["start"], x["end"], x["excerpt"], x["suggestion"])
                   for x in cli["documents"][0]["findings"]]
    assert ("names.translated", STORY.index("Bite"), STORY.index("Bite") + 4, "Bite", "Purra") in got
    assert doc["documents"][0]["verdict"]["pass"] is False


def test_api_check_options_and_formats(srv):
    status, doc = srv.post_json("/api/check", {"text": STORY, "ignore": ["names"], "lang": "en"})
    assert status == 200
    rules = {x["rule"] for x in doc["documents"][0]["findings"]}
    assert rules == {"mechanics.doubled-word"}
    status, doc = srv.post_json("/api/check", {"text": STORY, "select": "names.translated"})
    assert [x["excerpt"] for x in doc["documents"][0]["findings"]] == ["Bite"]
    status, headers, body = srv.request("POST", "/api/check", json.dumps({"text": STORY, "format": "html"}),
                                        {"Content-Type": "application/json"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert body.startswith(b"<!DOCTYPE html>") and b"Purra" in body
    assert headers["x-mtqa-verdict"] == "FAIL"


def test_api_check_clean_text_passes(srv):
    status, doc = srv.post_json("/api/check", {"text": CLEAN})
    assert status == 200
    assert doc["documents"][0]["findings"] == []
    assert doc["pass"] is True


def test_api_check_with_source_finds_divergences(srv):
    source = "Die Regierung will 400 Soldaten schicken, sagte der Minister am Montag.\n"
    text = "The government wants to send 4000 soldiers, the minister said on Monday.\n"
    status, doc = srv.post_json("/api/check", {"text": text, "source": source})
    assert status == 200
    found = {(x["rule"], x["excerpt"]) for x in doc["documents"][0]["findings"]}
    assert ("diverge.number", "4000") in found
    assert doc["documents"][0]["source"]["lang"] == "de"


def test_api_rules_and_health(srv):
    status, _, body = srv.request("GET", "/api/rules")
    rules = json.loads(body)
    assert status == 200 and any(r["id"] == "names.translated" for r in rules)
    status, _, body = srv.request("GET", "/health")
    h = json.loads(body)
    assert status == 200 and h["status"] == "ok" and h["auth"] is False


# -- bad requests: the right status and one line ----------------------------------------------

BAD = [
    ("malformed JSON", b'{"text": "a', "application/json", 400, "not JSON"),
    ("not an object", b'["text"]', "application/json", 400, "JSON object"),
    ("text of the wrong type", b'{"text": 5}', "application/json", 400, "'text' must be a string"),
    ("no text", b'{"source": "A sentence."}', "application/json", 400, "'text' is required"),
    ("nested too deeply", b"[" * 20000 + b"]" * 20000, "application/json", 400, "nested too deeply"),
    ("nested select", b'{"text": "A.", "select": ' + b"[" * 20000 + b"]" * 20000 + b"}",
     "application/json", 400, "nested too deeply"),
    ("unpaired surrogate", b'{"text": "Riikka Bite \\ud800 spoke.", "format": "html"}', "application/json",
     400, "'text' holds an unpaired surrogate"),
    ("select of the wrong type", b'{"text": "A sentence.", "select": 5}', "application/json", 400, "'select' must be"),
    ("unknown field", b'{"text": "A sentence.", "txt": 1}', "application/json", 400, "unknown field 'txt'"),
    ("empty text", b'{"text": "  "}', "application/json", 400, "nothing to check"),
    ("unknown language", b'{"text": "A sentence.", "lang": "tlh-QQ"}', "application/json", 400, "unknown lang code 'tlh-QQ'"),
    ("unknown rule id", b'{"text": "A sentence.", "ignore": ["names.nope"]}', "application/json", 400, "unknown rule or entry 'names.nope'"),
    ("unknown format", b'{"text": "A sentence.", "format": "pdf"}', "application/json", 400, "'format' must be one of"),
    ("not UTF-8", b'{"text": "\xff\xfe"}', "application/json", 400, "not UTF-8"),
    ("form instead of JSON", b"text=A+sentence.", "application/x-www-form-urlencoded", 415, "application/json"),
]


@pytest.mark.parametrize("what,body,kind,status,message", BAD, ids=[b[0] for b in BAD])
def test_bad_request(srv, what, body, kind, status, message):
    got, headers, raw = srv.request("POST", "/api/check", body, {"Content-Type": kind})
    assert got == status
    err = json.loads(raw)["error"]
    assert message in err and "\n" not in err and "Traceback" not in err


def test_oversized_request_is_413(srv):
    big = json.dumps({"text": "word " * 20000})  # 100 kB > 0.05 MB
    status, _, raw = srv.request("POST", "/api/check", big, {"Content-Type": "application/json"})
    assert status == 413
    assert "larger than this server's limit of 50,000 bytes" in json.loads(raw)["error"]


def test_oversized_chunked_request_is_413(srv):
    """No Content-Length to go by: counted as it streams."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    chunks = (b'{"text": "' + b"word " * 2000 for _ in range(10))  # 100 kB in 10 chunks
    conn.request("POST", "/api/check", body=chunks, headers={"Content-Type": "application/json"},
                 encode_chunked=True)
    r = conn.getresponse()
    assert r.status == 413 and "limit" in json.loads(r.read())["error"]
    conn.close()


def test_time_limit_is_503_and_the_worker_goes_on():
    with served("--time-limit", "0.1") as s:
        status, doc = s.post_json("/api/check", {"text": long_story(600)})  # ~68 kB: ~0.5 s
        assert status == 503
        assert doc["error"] == ("the check took longer than the 0.1 s limit for one request; "
                                "send a shorter text")
        # The worker goes on: a short text is answered (on a loaded machine even it may pass
        # 0.1 s now and then, so a few tries).
        for _ in range(5):
            status, doc = s.post_json("/api/check", {"text": "Finance Minister Riikka Bite spoke."})
            if status == 200:
                break
        assert status == 200 and doc["documents"][0]["findings"][0]["excerpt"] == "Bite"


def test_unknown_path_and_method(srv):
    status, _, raw = srv.request("GET", "/api/nothing")
    assert status == 404 and "no such page: /api/nothing" in json.loads(raw)["error"]
    status, _, raw = srv.request("GET", "/api/check")
    assert status == 405 and json.loads(raw)["error"] == "GET is not allowed on /api/check"


# -- confidentiality --------------------------------------------------------------------------------

def test_access_log_never_holds_the_text(srv):
    secret = f"The minister met {MARK} officials on Monday."
    srv.post_json("/api/check", {"text": secret, "source": f"{MARK} source"})
    srv.request("POST", "/v2/check", f"language=en-US&text={MARK}+said", {"Content-Type": "application/x-www-form-urlencoded"})
    srv.request("GET", f"/v2/check?language=en-US&text={MARK}+said")
    srv.request("POST", "/api/check", '{"text": "' + MARK, {"Content-Type": "application/json"})  # malformed
    srv.request("POST", "/api/check", json.dumps({"text": MARK * 5000}), {"Content-Type": "application/json"})  # 413
    srv.request("POST", "/v2/check", f"language=en&data={MARK}", {"Content-Type": "application/x-www-form-urlencoded"})
    time.sleep(0.3)
    log = srv.log()
    assert MARK not in log
    lines = [json.loads(x) for x in log.splitlines() if x.startswith("{")]
    reqs = [x for x in lines if x.get("event") == "request"]
    assert {"method", "path", "status", "ms", "bytes_in", "bytes_out", "request_id"} <= set(reqs[-1])
    assert [(x["method"], x["path"], x["status"]) for x in reqs[-6:]] == [
        ("POST", "/api/check", 200), ("POST", "/v2/check", 200), ("GET", "/v2/check", 200),
        ("POST", "/api/check", 400), ("POST", "/api/check", 413), ("POST", "/v2/check", 400)]


# -- token, CORS, host -----------------------------------------------------------------------------

def test_token_required_when_set(tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret-token\n", encoding="utf-8")
    with served("--token-file", str(token)) as s:
        status, doc = s.post_json("/api/check", {"text": STORY})
        assert status == 401 and "bearer token" in doc["error"]
        status, doc = s.post_json("/api/check", {"text": STORY}, {"Authorization": "Bearer wrong"})
        assert status == 401
        status, doc = s.post_json("/api/check", {"text": STORY}, {"Authorization": "Bearer s3cret-token"})
        assert status == 200
        # LanguageTool clients send their key as a form field
        form = "language=en-US&apiKey=s3cret-token&text=Finance+Minister+Riikka+Bite+spoke."
        status, _, raw = s.request("POST", "/v2/check", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and json.loads(raw)["matches"][0]["rule"]["id"] == "names.translated"
        status, _, raw = s.request("POST", "/v2/check", "language=en-US&text=Hello.",
                                   {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 401 and raw.decode().startswith("Error: ")
        status, _, raw = s.request("GET", "/health")
        assert status == 200 and json.loads(raw)["auth"] is True
        s.post_json("/api/check", {"text": MARK}, {"Authorization": "Bearer wrong"})
        time.sleep(0.3)
        assert MARK not in s.log() and "s3cret-token" not in s.log()


def test_non_loopback_host_needs_a_token(capsys, monkeypatch):
    monkeypatch.delenv("MTQA_SERVE_TOKEN", raising=False)
    assert main(["--no-config", "serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--host 0.0.0.0 is reachable from other machines: give a token" in err


def test_port_in_use_is_one_line(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["--no-config", "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in err


def test_cors_allow_list():
    ext = "chrome-extension://abcdefghijklmnop"
    with served("--cors-origin", ext) as s:
        pre = {"Origin": ext, "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
        status, headers, _ = s.request("OPTIONS", "/v2/check", headers=pre)
        assert status == 200 and headers["access-control-allow-origin"] == ext
        status, headers, _ = s.request("OPTIONS", "/v2/check", headers={**pre, "Origin": "https://evil.example"})
        assert status == 400 and "access-control-allow-origin" not in headers
        status, headers, _ = s.request("POST", "/v2/check", "language=en-US&text=Hello+there.",
                                       {"Origin": ext, "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and headers["access-control-allow-origin"] == ext


# -- workers, shutdown ----------------------------------------------------------------------------

def test_workers_share_the_load_and_stop_gracefully():
    """Two slow checks at once are answered by two worker processes; SIGTERM while one is
    in flight still answers it in full, then the server exits 0."""
    with served(workers=2) as s:
        slow = {"text": long_story(6000)}  # ~670 kB: ~2 s of checking on a 2-core machine
        results: list = []

        def post():
            status, headers, body = s.request("POST", "/api/check", json.dumps(slow),
                                              {"Content-Type": "application/json"}, timeout=120)
            results.append((status, headers.get("x-mtqa-worker"), body))

        threads = [threading.Thread(target=post) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert [r[0] for r in results] == [200, 200]
        assert len({r[1] for r in results}) == 2  # two worker processes answered

        inflight = threading.Thread(target=post)
        results.clear()
        inflight.start()
        time.sleep(1.0)  # the check is running
        s.proc.send_signal(signal.SIGTERM)
        inflight.join(120)
        assert results and results[0][0] == 200
        doc = json.loads(results[0][2])
        assert doc["documents"][0]["words"] > 10000
        assert s.proc.wait(timeout=60) == 0


def test_serve_help_lists_the_apis():
    out = subprocess.run([sys.executable, "-m", "mtqa", "serve", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for part in ("/api/check", "/v2/check", "--token-file", "--cors-origin", "--max-request-size",
                 "--time-limit", "--workers"):
        assert part in out.stdout


def test_a_check_process_that_dies_is_replaced():
    import os

    with served(workers=2) as s:
        _, _, body = s.request("GET", "/health")
        before = json.loads(body)["workers"]
        assert len(before) == 2
        os.kill(before[0], signal.SIGKILL)
        time.sleep(0.5)
        status, doc = s.post_json("/api/check", {"text": "Finance Minister Riikka Bite spoke."})
        assert status == 200 and doc["documents"][0]["findings"][0]["excerpt"] == "Bite"
        _, _, body = s.request("GET", "/health")
        after = json.loads(body)["workers"]
        assert len(after) == 2 and before[0] not in after
        assert '"event": "pool-restart"' in s.log()


def test_a_slow_body_gets_408():
    import socket

    with served("--read-timeout", "0.5") as s:
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as c:
            c.sendall(b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100\r\n\r\n{")
            answer = b""
            while b"did not arrive" not in answer:
                got = c.recv(4096)
                if not got:
                    break
                answer += got
            answer = answer.decode()
        assert answer.startswith("HTTP/1.1 408")
        assert "the request body did not arrive within 0.5 s" in answer


def test_check_processes_leave_with_a_killed_front():
    import os

    with served(workers=2) as s:
        _, _, body = s.request("GET", "/health")
        pids = json.loads(body)["workers"]
        s.proc.kill()  # SIGKILL: no graceful stop, the check processes are orphaned
        s.proc.wait()
        deadline = time.monotonic() + 10
        while any(os.path.exists(f"/proc/{p}") for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in pids if os.path.exists(f"/proc/{p}")]


def test_a_burst_beyond_the_time_limit_gets_503_busy():
    """One process; two slow checks, each cut at the 1 s limit; a request that arrives
    behind them would wait ~1.7 s for the process: once it has waited the limit it is
    answered 503 (busy, try again) rather than waiting without bound."""
    with served("--time-limit", "1") as s:
        slow = json.dumps({"text": long_story(6000)})  # ~670 kB: ~2 s of checking, cut at 1 s
        results: dict = {}

        def post(name, body):
            results[name] = s.request("POST", "/api/check", body, {"Content-Type": "application/json"})

        threads = [threading.Thread(target=post, args=(f"slow{k}", slow)) for k in (1, 2)]
        for t in threads:
            t.start()
            time.sleep(0.1)
        time.sleep(0.2)
        post("story", json.dumps({"text": STORY}))
        for t in threads:
            t.join(60)
        assert {k: r[0] for k, r in results.items()} == {"slow1": 503, "slow2": 503, "story": 503}
        errors = {k: json.loads(r[2])["error"] for k, r in results.items()}
        for k in ("slow1", "slow2"):
            assert errors[k].startswith("the check took longer than the 1 s limit")
        assert errors["story"].startswith("the server is busy: no check process was free within the 1 s")
        assert all(r[1].get("retry-after") == "1" for r in results.values())
