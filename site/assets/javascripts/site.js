/* Unlearning Scope: small page behaviours, no dependencies, nothing sent anywhere.
 * - the claims and cases index filters (claims: verdict, domain, goal, target, method; cases: domain,
 *   jurisdiction, goal, status), kept in the URL fragment;
 * - "Cite this" permalinks shown as absolute addresses of wherever the site is being read.
 * Mounted on every page view: through mkdocs-material's document$ when instant navigation runs,
 * otherwise on DOMContentLoaded (e.g. a copy of the site opened from disk). */
(function () {
  "use strict";

  function absolutePermalinks() {
    document.querySelectorAll(".us-cite").forEach(function (box) {
      var link = box.querySelector("a[data-us-absolute]");
      if (!link || box.dataset.usDone) return;
      box.dataset.usDone = "1";
      /* The address as written in the page (relative); instant navigation may already have
       * rewritten href, so the written form is kept in data-us-absolute. */
      var written = link.getAttribute("data-us-absolute") || link.getAttribute("href");
      if (/^[a-z]+:/i.test(written)) return;
      var absolute = new URL(written, window.location.href).href;
      link.textContent = absolute;
      box.querySelectorAll(".us-cite-text, .us-bibtex code").forEach(function (el) {
        el.textContent = el.textContent.split(written).join(absolute);
      });
    });
  }

  /* A table filter: each select names a row data attribute (space-separated values); the choice is
   * kept in the URL fragment so a filtered view can be linked. Used by the claims and cases indexes. */
  function tableFilter(formId, rowsSelector, countId, noun) {
    var form = document.getElementById(formId);
    if (!form || form.dataset.usDone) return;
    form.dataset.usDone = "1";
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-us-filter]"));
    var rows = Array.prototype.slice.call(document.querySelectorAll(rowsSelector));
    var count = document.getElementById(countId);

    function apply(updateUrl) {
      var wanted = selects.filter(function (s) { return s.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = wanted.every(function (s) {
          return (row.dataset[s.dataset.usFilter] || "").split(" ").indexOf(s.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown === rows.length ? rows.length + " " + noun : shown + " of " + rows.length + " " + noun + " shown";
      if (updateUrl) {
        var frag = wanted.map(function (s) { return s.dataset.usFilter + "=" + encodeURIComponent(s.value); }).join("&");
        history.replaceState(history.state, "", frag ? "#" + frag : window.location.pathname + window.location.search);
      }
    }

    var params = new URLSearchParams(window.location.hash.slice(1));
    selects.forEach(function (s) {
      var v = params.get(s.dataset.usFilter);
      if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
      s.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  /* Printing a page for a memo annex: closed <details> (BibTeX, claims at a leaf) print open. */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    /* the questionnaire's result prints as a compact memo: only its claims list opens, one line a claim */
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      if (d.closest("#us-q-root") && !d.classList.contains("us-q-more-block")) return;
      d.open = true;
      reopened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  function mount() {
    absolutePermalinks();
    tableFilter("us-claims-filter", "table.us-claims tbody tr", "us-claims-count", "claims");
    tableFilter("us-cases-filter", "table.us-cases tbody tr", "us-cases-count", "cases");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
