"use strict";
(function () {
  var data = JSON.parse(document.getElementById("claimcheck-data").textContent);
  var tip = document.getElementById("tip");
  var panel = document.getElementById("panel");
  var lastMark = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function summary(claim) {
    var rules = claim.rules.length ? "rules: " + claim.rules.join(", ") : "no rule uses this figure";
    return claim.value + " \u2014 " + claim.interval + " \u00b7 " + claim.verdict + " \u00b7 " + rules;
  }

  function showTip(mark) {
    var claim = data.claims[mark.dataset.claim];
    if (!claim) { return; }
    tip.textContent = summary(claim);
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    tip.style.left = Math.max(4, window.scrollX + box.left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hideTip() { tip.hidden = true; }

  function check(c) {
    var wrap = el("div", null, "check");
    var head = el("p");
    if (c.reading) { head.appendChild(el("strong", "reading " + c.reading + ": ")); }
    head.appendChild(el("span", c.verdict, "verdict verdict-" + c.verdict));
    if (c.slack) { head.appendChild(el("span", " \u00b7 slack " + c.slack)); }
    if (c.expected && !c.ok) { head.appendChild(el("span", " \u00b7 unexpected: recorded " + c.expected)); }
    wrap.appendChild(head);
    wrap.appendChild(el("code", c.check));
    var list = el("ul");
    c.implied.forEach(function (line) { list.appendChild(el("li", "the others imply " + line)); });
    c.suspects.forEach(function (line) { list.appendChild(el("li", "suspect: " + line)); });
    if (c.fix) { list.appendChild(el("li", "closest fix: " + c.fix)); }
    if (c.holds_if) { list.appendChild(el("li", "holds if: " + c.holds_if)); }
    if (list.childNodes.length) { wrap.appendChild(list); }
    return wrap;
  }

  function openPanel(mark) {
    var claim = data.claims[mark.dataset.claim];
    if (!claim) { return; }
    lastMark = mark;
    panel.replaceChildren();
    var close = el("button", "Close", "close");
    close.type = "button";
    close.addEventListener("click", closePanel);
    panel.appendChild(close);
    panel.appendChild(el("h2", claim.id + ": " + claim.value));
    panel.appendChild(el("p", claim.interval + " (" + claim.qualifier + ")"));
    if (claim.quote) { panel.appendChild(el("blockquote", claim.quote)); }
    if (!claim.rules.length) { panel.appendChild(el("p", "No rule uses this figure.", "note")); }
    claim.rules.forEach(function (id) {
      var rule = data.rules[id];
      var section = el("section", null, "rule edge-" + rule.verdict);
      var title = el("h3");
      var link = el("a", rule.id);
      link.href = "#rule-" + rule.id;
      title.appendChild(link);
      title.appendChild(el("span", " \u2014 " + rule.verdict, "verdict-" + rule.verdict));
      section.appendChild(title);
      if (rule.note) { section.appendChild(el("p", rule.note, "note")); }
      rule.checks.forEach(function (c) { section.appendChild(check(c)); });
      if (rule.explain) { section.appendChild(el("pre", rule.explain)); }
      panel.appendChild(section);
    });
    panel.hidden = false;
    panel.setAttribute("aria-label", "Figure " + claim.id);
    close.focus();
  }

  function closePanel() {
    panel.hidden = true;
    if (lastMark) { lastMark.focus(); }
  }

  document.querySelectorAll("mark.fig").forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { showTip(mark); });
    mark.addEventListener("mouseleave", hideTip);
    mark.addEventListener("focus", function () { showTip(mark); });
    mark.addEventListener("blur", hideTip);
    mark.addEventListener("click", function () { openPanel(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openPanel(mark); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { closePanel(); }
  });

  var buttons = document.querySelectorAll(".filters button");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var want = button.dataset.filter;
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      document.querySelectorAll(".rules > li").forEach(function (item) {
        var v = item.dataset.verdict;
        var show = want === "all" || (want === "inconsistent" ? (v === "major" || v === "minor") : v === want);
        item.hidden = !show;
      });
    });
  });
})();
