// cleantext review page: filters by rule, category and kind (edits, flags), next/previous mark.
// Every datum is read from the document itself; nothing is fetched.
(function () {
  "use strict";
  var ruleFilter = document.getElementById("rule-filter");
  var categoryFilter = document.getElementById("category-filter");
  var kindFilter = document.getElementById("kind-filter");
  var position = document.getElementById("position");
  var marks = Array.prototype.slice.call(document.querySelectorAll("article.doc .edit, article.doc .flag"));
  var current = -1;

  function tokens(el, name) {
    var value = el.getAttribute(name);
    return value ? value.split(" ") : [];
  }

  function kind(el) {
    return el.classList.contains("flag") ? "flag" : "edit";
  }

  function matches(el) {
    var rule = ruleFilter.value, category = categoryFilter.value, wanted = kindFilter.value;
    return (!rule || tokens(el, "data-rules").indexOf(rule) >= 0) &&
           (!category || tokens(el, "data-categories").indexOf(category) >= 0) &&
           (!wanted || kind(el) === wanted);
  }

  function filtering() {
    return ruleFilter.value !== "" || categoryFilter.value !== "" || kindFilter.value !== "";
  }

  function visible() {
    return marks.filter(function (el) { return !el.classList.contains("filtered"); });
  }

  function applyFilters() {
    marks.forEach(function (el) {
      el.classList.toggle("filtered", !matches(el));
      if (el.parentElement && el.parentElement.tagName === "LI") {
        el.parentElement.classList.toggle("filtered", !matches(el));
      }
    });
    document.querySelectorAll("article.doc").forEach(function (doc) {
      var shown = doc.querySelector(".edit:not(.filtered), .flag:not(.filtered)") !== null;
      doc.classList.toggle("hidden", !shown && filtering());
    });
    document.querySelectorAll("tr.rule-row").forEach(function (row) {
      row.classList.toggle("selected", row.getAttribute("data-rule") === ruleFilter.value);
    });
    current = -1;
    show();
  }

  function show() {
    var list = visible();
    marks.forEach(function (el) { el.classList.remove("current"); });
    if (current >= 0 && current < list.length) {
      list[current].classList.add("current");
      list[current].scrollIntoView({ block: "center" });
      position.textContent = kind(list[current]) + " " + (current + 1) + " of " + list.length;
    } else {
      var flags = list.filter(function (el) { return kind(el) === "flag"; }).length;
      position.textContent = (list.length - flags) + " edits, " + flags + " flags";
    }
  }

  function step(delta) {
    var count = visible().length;
    if (!count) { return; }
    current = current < 0 ? (delta > 0 ? 0 : count - 1) : (current + delta + count) % count;
    show();
  }

  ruleFilter.addEventListener("change", applyFilters);
  categoryFilter.addEventListener("change", applyFilters);
  kindFilter.addEventListener("change", applyFilters);
  document.getElementById("next").addEventListener("click", function () { step(1); });
  document.getElementById("previous").addEventListener("click", function () { step(-1); });
  document.querySelectorAll("tr.rule-row").forEach(function (row) {
    row.addEventListener("click", function () {
      ruleFilter.value = row.getAttribute("data-rule");
      applyFilters();
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "SELECT" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "n" || event.key === "j") { step(1); }
    if (event.key === "p" || event.key === "k") { step(-1); }
  });
  applyFilters();
})();
