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
