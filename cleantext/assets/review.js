// cleantext review page: filters by rule and category, next/previous edit.
// Every datum is read from the document itself; nothing is fetched.
(function () {
  "use strict";
  var ruleFilter = document.getElementById("rule-filter");
  var categoryFilter = document.getElementById("category-filter");
  var position = document.getElementById("position");
  var edits = Array.prototype.slice.call(document.querySelectorAll(".edit"));
  var current = -1;

  function tokens(el, name) {
    var value = el.getAttribute(name);
    return value ? value.split(" ") : [];
  }

  function matches(el) {
    var rule = ruleFilter.value, category = categoryFilter.value;
    return (!rule || tokens(el, "data-rules").indexOf(rule) >= 0) &&
           (!category || tokens(el, "data-categories").indexOf(category) >= 0);
  }

  function visible() {
    return edits.filter(function (el) { return !el.classList.contains("filtered"); });
  }

  function applyFilters() {
    edits.forEach(function (el) {
      el.classList.toggle("filtered", !matches(el));
      if (el.parentElement && el.parentElement.tagName === "LI") {
        el.parentElement.classList.toggle("filtered", !matches(el));
      }
    });
    document.querySelectorAll("article.doc").forEach(function (doc) {
      var shown = doc.querySelector(".edit:not(.filtered)") !== null;
      doc.classList.toggle("hidden", !shown && (ruleFilter.value !== "" || categoryFilter.value !== ""));
    });
    document.querySelectorAll("tr.rule-row").forEach(function (row) {
      row.classList.toggle("selected", row.getAttribute("data-rule") === ruleFilter.value);
    });
    current = -1;
    show();
  }

  function show() {
    var list = visible();
    edits.forEach(function (el) { el.classList.remove("current"); });
    if (current >= 0 && current < list.length) {
      list[current].classList.add("current");
      list[current].scrollIntoView({ block: "center" });
      position.textContent = "edit " + (current + 1) + " of " + list.length;
    } else {
      position.textContent = list.length + " edits";
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
