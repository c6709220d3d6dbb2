/* Unlearning Scope: small behaviours of every page (after page.js), nothing sent anywhere.
 * - the claims and cases index filters (claims: verdict, domain, goal, target, method; cases: domain,
 *   jurisdiction, goal, status), kept in the URL fragment;
 * - "Cite this" permalinks shown as absolute addresses of wherever the site is being read;
 * - on a tree page, the reader's own path marked from answers in the URL fragment, written as the
 *   questionnaire's permalink writes them (question=option pairs; v= is ignored).
 * Mounted on every page view (page.js onEveryPage: mkdocs-material's document$ when instant navigation
 * runs, otherwise on DOMContentLoaded, e.g. a copy of the site opened from disk). */
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

  /* A tree page coming from a result: follow the fragment's answers from the root, mark the nodes,
   * branches and table row on that path (the page's CSS dims the rest and thickens the path), and say
   * in words which path is marked, where it stops, and where the answers differ from the tree's fixed ones. */
  function treePath() {
    var holder = document.getElementById("us-tree-data");
    var status = document.getElementById("us-tree-path");
    if (!holder || !status) return;
    var tree = JSON.parse(holder.getAttribute("data-tree"));
    var article = holder.closest("article") || document.body;
    article.classList.remove("us-has-path");
    article.querySelectorAll(".us-on").forEach(function (el) { el.classList.remove("us-on"); });
    article.querySelectorAll(".us-path-mark").forEach(function (el) { el.remove(); });
    var answers = {};
    new URLSearchParams(window.location.hash.slice(1)).forEach(function (value, key) {
      if (key !== "v" && tree.questions[key]) answers[key] = value;
    });
    var pick = document.getElementById("us-tree-pick");
    var citePath = document.getElementById("us-cite-path");
    if (pick) {
      pick.querySelectorAll("select[data-us-pick]").forEach(function (s) {
        var v = answers[s.getAttribute("data-us-pick")];
        s.value = v !== undefined && s.querySelector('option[value="' + v + '"]') ? v : "";
      });
    }
    if (!Object.keys(answers).length) {
      status.hidden = true; status.textContent = "";
      if (citePath) citePath.hidden = true;
      return;
    }

    function words(q, option) {
      var opts = tree.questions[q] ? tree.questions[q].options : {};
      return option.split(",").map(function (o) { return opts[o] || o; }).join(" or ");
    }
    function mark(attr, value) {
      article.querySelectorAll("[" + attr + '="' + value + '"]').forEach(function (el) { el.classList.add("us-on"); });
    }
    var steps = [], nid = tree.root, stop = "";
    mark("data-us-node", nid);
    while (tree.nodes[nid]) {
      var node = tree.nodes[nid], given = answers[node.ask];
      var label = tree.questions[node.ask] ? tree.questions[node.ask].label : node.ask;
      if (given === undefined) { stop = "Your answers stop at \u201c" + label + "\u201d: every branch below it stays open."; break; }
      var branch = node.branches.filter(function (b) { return b.answers.indexOf(given) >= 0; })[0];
      if (!branch) { stop = "\u201c" + words(node.ask, given) + "\u201d is not an answer to \u201c" + label + "\u201d in this tree, so the path stops there."; break; }
      mark("data-us-edge", nid + "--" + branch.answers.join("-"));
      steps.push(label + " " + words(node.ask, given));
      nid = branch.next;
      mark("data-us-node", nid);
    }
    var differs = Object.keys(tree.fixed).filter(function (q) {
      if (answers[q] === undefined) return false;
      var fixed = [].concat(tree.fixed[q]).slice().sort().join(",");
      return answers[q].split(",").sort().join(",") !== fixed;
    }).map(function (q) {
      return "\u201c" + tree.questions[q].label + "\u201d is " + words(q, answers[q]) + " in your answers but " + words(q, [].concat(tree.fixed[q]).join(",")) + " in this tree";
    });
    article.classList.add("us-has-path");
    var text = "Your path is marked with thick outlines (the rest is dimmed): " + (steps.length ? steps.join("; ") + "." : "only the first question.");
    var rowId = tree.rows[nid];
    var row = rowId && !tree.nodes[nid] ? document.getElementById(rowId) : null;
    if (row) {
      row.classList.add("us-on");
      var cell = row.querySelector("th");
      var tag = document.createElement("span");
      tag.className = "us-path-mark";
      tag.textContent = "\u25B6 Your path";
      cell.insertBefore(tag, cell.firstChild);
      var n = Array.prototype.indexOf.call(row.parentElement.children, row) + 1;
      text += " In the paths table it is row " + n + ", marked \u201cYour path\u201d.";
    }
    if (citePath) {
      var inWords = steps.length ? steps.join("; ") : "the first question only";
      var frag = Object.keys(answers).sort().map(function (q) { return q + "=" + answers[q]; }).join("&");
      var link = new URL(citePath.getAttribute("data-link"), window.location.href).href.split("#")[0] + "#" + frag;
      document.getElementById("us-cite-path-text").textContent = citePath.getAttribute("data-title") + ", decision tree " +
        citePath.getAttribute("data-tree") + " \u201c" + citePath.getAttribute("data-label") + "\u201d, version " +
        citePath.getAttribute("data-version") + ", path: " + inWords + (row ? " (row " + (Array.prototype.indexOf.call(row.parentElement.children, row) + 1) + " of the paths table)" : "") +
        (stop ? " (the path stops before a leaf)" : "") + ". " + link;
      citePath.hidden = false;
    }
    if (stop) text += " " + stop;
    if (differs.length) text += " Note: " + differs.join("; ") + ", so this tree's leaf may not be your result; the questionnaire gives the result for your own answers.";
    status.textContent = text;
    status.hidden = false;
    status.scrollIntoView({ block: "start" });  /* the reader came for this path: show it, from its root */
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

  /* The answer controls above a tree's diagram write the path into the address, which marks it. */
  function treePicker() {
    var pick = document.getElementById("us-tree-pick");
    if (!pick || pick.getAttribute("data-us-ready")) return;
    pick.setAttribute("data-us-ready", "1");
    function write() {
      var parts = [];
      pick.querySelectorAll("select[data-us-pick]").forEach(function (s) {
        if (s.value) parts.push(s.getAttribute("data-us-pick") + "=" + s.value);
      });
      var url = window.location.pathname + window.location.search + (parts.length ? "#" + parts.join("&") : "");
      window.history.replaceState(window.history.state, "", url);
      treePath();
    }
    pick.addEventListener("change", write);
    pick.addEventListener("submit", function (e) { e.preventDefault(); });
    pick.addEventListener("reset", function () { setTimeout(write, 0); });
    var copy = document.getElementById("us-cite-path-copy");
    if (copy) {
      copy.addEventListener("click", function () {
        var node = document.getElementById("us-cite-path-text");
        var said = document.getElementById("us-cite-path-status");
        window.UnlearningScopePage.copy(node.textContent, node, function (copied) {
          said.textContent = copied ? "Copied." : "Selected: press Ctrl+C (or \u2318C) to copy.";
        });
      });
    }
  }

  function mount() {
    absolutePermalinks();
    tableFilter("us-claims-filter", "table.us-claims tbody tr", "us-claims-count", "claims");
    tableFilter("us-cases-filter", "table.us-cases tbody tr", "us-cases-count", "cases");
    treePicker();
    treePath();
  }
  window.addEventListener("hashchange", treePath);

  window.UnlearningScopePage.onEveryPage(mount);
})();
