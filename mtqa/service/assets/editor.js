// The editor page of `mtqa serve`: POST /api/check, then the findings inline and in a list.
// Every piece of user or server text goes into the page with textContent, never innerHTML.
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var form = $("form"), textBox = $("text"), sourceBox = $("source");
  var langSel = $("lang"), sourceLangSel = $("source-lang"), tokenBox = $("token");
  var checkBtn = $("check"), downloadBtn = $("download");
  var statusLine = $("status"), errorLine = $("error"), outcome = $("outcome");
  var TOKEN_KEY = "mtqa-token";
  var CATEGORIES = ["accuracy", "terminology", "fluency", "style", "locale"];
  var SEVERITIES = ["critical", "major", "minor", "info"];

  var seq = 0;          // the latest check; answers to older ones are dropped
  var checked = null;   // {text, units, findings} of the check shown
  var applying = false; // our own edit of the textarea is not the user's

  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function quoted(s) { return "\u201c" + s + "\u201d"; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // The API counts code points; JS strings count UTF-16 units. units[k] is the unit index
  // of code point k (units[length in code points] = text.length).
  function unitIndex(text) {
    var units = [0], u = 0;
    for (var ch of text) { u += ch.length; units.push(u); }
    return units;
  }
  function unitAt(units, cp) { return units[Math.max(0, Math.min(cp, units.length - 1))]; }

  function categoryClass(category) {
    var top = String(category || "").split("/")[0].trim().toLowerCase();
    return "cat-" + (CATEGORIES.indexOf(top) >= 0 ? top : "other");
  }
  function severityClass(severity) {
    return "sev-" + (SEVERITIES.indexOf(severity) >= 0 ? severity : "info");
  }
  function hasSuggestion(f) { return typeof f.suggestion === "string" && f.suggestion !== ""; }

  // -- talking to the server ---------------------------------------------------------------

  function headers() {
    var h = {"Content-Type": "application/json"};
    var token = tokenBox.value.trim();
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  function requestBody(format) {
    var body = {text: textBox.value};
    if (sourceBox.value.trim()) {
      body.source = sourceBox.value;
      if (sourceLangSel.value) body.source_lang = sourceLangSel.value;
    }
    if (langSel.value) body.lang = langSel.value;
    if (format) body.format = format;
    return body;
  }

  async function post(body) {
    var res = await fetch("/api/check", {method: "POST", headers: headers(), body: JSON.stringify(body)});
    if (res.ok) return res;
    var message = "the server answered " + res.status;
    try { message = (await res.json()).error || message; } catch (e) { /* not JSON: keep the status */ }
    if (res.status === 401) showAuth(true);
    throw new Error(message);
  }

  // -- checking ------------------------------------------------------------------------------

  async function check() {
    var text = textBox.value;
    if (!text.trim()) {
      fail("Paste or type a story first.");
      textBox.focus();
      return;
    }
    var my = ++seq;
    busy(true);
    errorLine.hidden = true;
    say("Checking\u2026");
    try {
      var res = await post(requestBody());
      var data = await res.json();
      if (my === seq) show(text, data);
    } catch (e) {
      if (my === seq) fail(e.message === "Failed to fetch" ? "The server cannot be reached." : e.message);
    } finally {
      if (my === seq) busy(false);
    }
  }

  function busy(on) {
    checkBtn.disabled = on;
    checkBtn.textContent = on ? "Checking\u2026" : "Check";
    $("results").setAttribute("aria-busy", on ? "true" : "false");
  }

  function say(message) { statusLine.textContent = message; }

  function fail(message) {
    errorLine.textContent = message;
    errorLine.hidden = false;
    say("");
  }

  function show(text, data) {
    var doc = data.documents[0];
    var findings = doc.findings;
    checked = {text: text, units: unitIndex(text), findings: findings};
    showScores(doc);
    renderText($("checked"), text, findings);
    renderList(findings);
    $("results").classList.remove("stale");
    outcome.hidden = false;
    downloadBtn.disabled = false;
    say(plural(findings.length, "finding") + " \u00b7 score " + doc.score.score.toFixed(1) +
      " \u00b7 " + (doc.verdict.pass ? "PASS" : "FAIL"));
  }

  function showScores(doc) {
    var card = $("score-card"), ok = doc.verdict.pass;
    card.classList.toggle("pass", ok);
    card.classList.toggle("fail", !ok);
    $("score").textContent = doc.score.score.toFixed(1);
    $("verdict").textContent = ok ? "PASS" : "FAIL";
    $("reasons").textContent = doc.verdict.gate + ": " +
      ((doc.verdict.reasons || []).join("; ") || "nothing reaches the gate");
    $("count").textContent = doc.findings.length;
    var chips = $("chips");
    chips.textContent = "";
    SEVERITIES.forEach(function (s) {
      var n = (doc.counts || {})[s];
      if (n) chips.appendChild(node("span", "chip sev-" + s, n + " " + s));
    });
    $("doc-meta").textContent = "language " + (doc.lang || "?") + " \u00b7 " + plural(doc.words, "word");
    $("checked").setAttribute("lang", doc.lang || "");
  }

  // -- the text with its highlights ------------------------------------------------------------

  function highlight(f, i, first) {
    var cls = "hl " + categoryClass(f.category) + " " + severityClass(f.severity);
    var e = node("mark", cls + (first ? "" : " cont"));
    if (!first) {  // the rest of a finding split by an overlapping one
      e.dataset.cont = i;
      return e;
    }
    e.id = "hl-" + i;
    e.dataset.index = i;
    e.dataset.rule = f.rule;
    e.tabIndex = -1;  // reached from its list entry, so Tab is not doubled
    e.setAttribute("aria-describedby", "msg-" + i);
    e.title = f.severity + " \u00b7 " + f.rule + ": " + f.message;
    return e;
  }

  function marker(f, i) {  // a zero-width finding (text missing here): a caret mark
    var e = highlight(f, i, true);
    e.classList.add("marker");
    e.setAttribute("aria-label", f.severity + " " + f.rule + ": " + f.message);
    return e;
  }

  // As the report's markup(): overlapping findings nest; one that crosses the end of another
  // is closed and reopened as a continuation, so each finding has exactly one first element.
  function renderText(box, text, findings) {
    var units = unitIndex(text);
    var n = units.length - 1;
    var spans = findings.map(function (f, i) {
      var s = Math.max(0, Math.min(f.start, n)), e = Math.max(s, Math.min(f.end, n));
      return {s: s, e: e, i: i};
    });
    var order = spans.slice().sort(function (a, b) {
      return a.s - b.s || (a.e !== a.s) - (b.e !== b.s) || b.e - a.e || a.i - b.i;
    });
    var points = Array.from(new Set([0, n].concat(spans.map(function (p) { return p.s; }),
      spans.map(function (p) { return p.e; })))).sort(function (a, b) { return a - b; });
    box.textContent = "";
    var stack = [], j = 0, pos = 0;
    var top = function () { return stack.length ? stack[stack.length - 1].el : box; };
    points.forEach(function (p) {
      if (p > pos) {
        top().appendChild(document.createTextNode(text.slice(units[pos], units[p])));
        pos = p;
      }
      var first = stack.findIndex(function (open) { return open.e === p; });
      if (first >= 0) {
        var survivors = stack.splice(first).filter(function (open) { return open.e > p; });
        survivors.forEach(function (open) {
          var el = highlight(findings[open.i], open.i, false);
          top().appendChild(el);
          stack.push({e: open.e, i: open.i, el: el});
        });
      }
      for (; j < order.length && order[j].s === p; j++) {
        var sp = order[j], f = findings[sp.i];
        if (sp.s === sp.e) { top().appendChild(marker(f, sp.i)); continue; }
        var el = highlight(f, sp.i, true);
        top().appendChild(el);
        stack.push({e: sp.e, i: sp.i, el: el});
      }
    });
  }

  // -- the list of findings ----------------------------------------------------------------------

  function renderList(findings) {
    var list = $("findings");
    list.textContent = "";
    findings.forEach(function (f, i) { list.appendChild(entry(f, i)); });
    $("none").hidden = findings.length > 0;
    $("legend").hidden = findings.length === 0;
  }

  function entry(f, i) {
    var li = node("li", "finding " + categoryClass(f.category));
    li.id = "item-" + i;
    var head = node("div", "f-head");
    head.appendChild(node("span", "d-sev " + severityClass(f.severity), f.severity));
    head.appendChild(node("code", "rule", f.rule));
    head.appendChild(node("span", "where", f.line ? f.line + ":" + f.column : ""));
    li.appendChild(head);
    var locate = node("button", "locate", f.excerpt ? quoted(f.excerpt) : "(missing text)");
    locate.type = "button";
    locate.setAttribute("aria-label", "Show in the text: " + (f.excerpt || "missing text") +
      ", " + f.severity + " " + f.rule);
    locate.setAttribute("aria-describedby", "msg-" + i);
    locate.addEventListener("click", function () { reveal(i); });
    li.appendChild(locate);
    var msg = node("p", "msg", f.message);
    msg.id = "msg-" + i;
    li.appendChild(msg);
    if (hasSuggestion(f)) li.appendChild(fix(f, i));
    return li;
  }

  function fix(f, i) {
    var row = node("div", "fix");
    row.appendChild(node("span", "arrow", "\u2192"));
    row.appendChild(node("span", "sugg", f.suggestion));
    var apply = node("button", "apply", "Apply");
    apply.type = "button";
    apply.dataset.index = i;
    apply.setAttribute("aria-label", "Replace " + quoted(f.excerpt) + " with " + quoted(f.suggestion) +
      " and check again");
    apply.addEventListener("click", function () { applySuggestion(i); });
    row.appendChild(apply);
    return row;
  }

  function setActive(i) {
    document.querySelectorAll(".hl.active, .finding.active").forEach(function (e) {
      e.classList.remove("active");
    });
    document.querySelectorAll('[data-index="' + i + '"].hl, [data-cont="' + i + '"]').forEach(function (e) {
      e.classList.add("active");
    });
    var li = $("item-" + i);
    if (li) li.classList.add("active");
  }

  function reveal(i) {  // list entry -> its highlight
    var h = $("hl-" + i);
    if (!h) return;
    setActive(i);
    h.scrollIntoView({block: "center"});
    h.focus({preventScroll: true});
  }

  function toEntry(i) {  // highlight -> its list entry
    var li = $("item-" + i);
    if (!li) return;
    setActive(i);
    li.scrollIntoView({block: "nearest"});
    li.querySelector(".locate").focus({preventScroll: true});
  }

  function indexOf(el) {
    var mark = el.closest && el.closest(".hl");
    if (!mark) return null;
    var i = mark.dataset.index !== undefined ? mark.dataset.index : mark.dataset.cont;
    return i === undefined ? null : Number(i);
  }

  // -- applying a suggestion -------------------------------------------------------------------

  function applySuggestion(i) {
    if (!checked || textBox.value !== checked.text) {
      fail("The text has changed since it was checked: press Check first.");
      return;
    }
    var f = checked.findings[i];
    var start = unitAt(checked.units, f.start), end = unitAt(checked.units, f.end);
    replaceRange(start, end, f.suggestion);
    say("Replaced " + quoted(f.excerpt) + " with " + quoted(f.suggestion) + "; checking again\u2026");
    check();
  }

  // execCommand keeps the browser's undo history (Ctrl+Z brings the old words back); where it
  // is missing, the value is set directly.
  function replaceRange(start, end, replacement) {
    applying = true;
    try {
      textBox.focus({preventScroll: true});
      textBox.setSelectionRange(start, end);
      var done = false;
      try { done = document.execCommand("insertText", false, replacement); } catch (e) { done = false; }
      if (!done || textBox.value.slice(start, start + replacement.length) !== replacement) {
        var v = textBox.value;
        textBox.value = v.slice(0, start) + replacement + v.slice(end);
      }
      textBox.setSelectionRange(start, start + replacement.length);
    } finally {
      applying = false;
    }
  }

  function markStale() {
    if (applying || !checked || $("results").classList.contains("stale")) return;
    if (textBox.value === checked.text) return;
    $("results").classList.add("stale");
    document.querySelectorAll(".apply").forEach(function (b) { b.disabled = true; });
    say("The text has changed since this check: press Check (Ctrl+Enter) to update.");
  }

  // -- the HTML report ---------------------------------------------------------------------------

  async function download() {
    if (!textBox.value.trim()) return;
    downloadBtn.disabled = true;
    try {
      var res = await post(requestBody("html"));
      var url = URL.createObjectURL(await res.blob());
      var a = node("a");
      a.href = url;
      a.download = "mtqa-report-" + new Date().toISOString().slice(0, 16).replace(/[T:]/g, "-") + ".html";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      say("The HTML report was downloaded.");
    } catch (e) {
      fail(e.message);
    } finally {
      downloadBtn.disabled = false;
    }
  }

  // -- start-up: languages and whether a token is needed ------------------------------------------

  function showAuth(on) {
    $("auth").hidden = !on;
    if (on && !tokenBox.value) tokenBox.focus();
  }

  async function init() {
    tokenBox.value = sessionStorage.getItem(TOKEN_KEY) || "";
    try {
      var health = await (await fetch("/health")).json();
      $("auth").hidden = !health.auth;
    } catch (e) { /* the first check will say what is wrong */ }
    try {
      var seen = {};
      (await (await fetch("/v2/languages")).json()).forEach(function (l) {
        if (seen[l.code]) return;
        seen[l.code] = true;
        [langSel, sourceLangSel].forEach(function (sel) {
          var o = node("option", null, l.name);
          o.value = l.code;
          sel.appendChild(o);
        });
      });
    } catch (e) { /* automatic detection still works */ }
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); check(); });
  downloadBtn.addEventListener("click", download);
  textBox.addEventListener("input", markStale);
  tokenBox.addEventListener("input", function () { sessionStorage.setItem(TOKEN_KEY, tokenBox.value.trim()); });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      check();
    }
  });
  $("checked").addEventListener("click", function (e) {
    var i = indexOf(e.target);
    if (i !== null) toEntry(i);
  });
  $("checked").addEventListener("keydown", function (e) {
    var i = indexOf(e.target);
    if (i !== null && (e.key === "Enter" || e.key === " " || e.key === "Escape")) {
      e.preventDefault();
      toEntry(i);
    }
  });
  init();
})();
