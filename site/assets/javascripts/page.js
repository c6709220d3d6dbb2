/* Unlearning Scope: helpers the page scripts share, loaded first on every page. No dependencies,
 * nothing sent anywhere.
 *
 * window.UnlearningScopePage = {
 *   root,                 the site's root address, from where this script was loaded (so the scripts
 *                         work from any folder, from file:// too);
 *   url(path),            an address below the site's root;
 *   h(tag, attrs, ...),   an element; text children become text nodes (never parsed as HTML);
 *   loadScript(url),      a classic script loaded once (classic scripts work from file://, fetch does not);
 *   engine(),             the lookup engine (answers.js, bottom-line.js and tables.js, loaded in parallel
 *                         and run in that order): window.UnlearningScopeEngine;
 *   versions(),           the versions shipped with the site (assets/data/versions.js);
 *   tables(version),      one version's decision tables (assets/data/tables-<version>.js), the current
 *                         version's when none is named;
 *   onEveryPage(fn)       fn on every page view: through mkdocs-material's document$ when instant
 *                         navigation runs, otherwise once the document is parsed;
 *   copy(text, node, said) text to the clipboard where the browser allows it, else `node` selected for
 *                         the reader to copy; said(copied) tells which happened.
 * }
 * A page that needs a script of its own (questionnaire.js, check.js) names it in its front matter; it
 * loads after this one, and mkdocs-material runs it again when instant navigation opens the page.
 * Such a script loads what it uses through these helpers, since scripts that instant navigation
 * inserts run in whatever order they arrive.
 */
(function () {
  'use strict';

  if (window.UnlearningScopePage) return;

  /* Captured now: document.currentScript is only set while this script first runs. */
  var src = (function () {
    var cur = document.currentScript;
    if (cur && cur.src) return cur.src;
    var scripts = document.querySelectorAll('script[src]');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/assets\/javascripts\/page\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i].src;
    }
    return new URL('assets/javascripts/page.js', document.baseURI).href;
  })();
  var root = new URL('../../', src).href;

  function url(path) {
    return new URL(path, root).href;
  }

  function append(node, children) {
    children.forEach(function (ch) {
      if (ch === null || ch === undefined || ch === false) return;
      if (Array.isArray(ch)) append(node, ch);
      else node.appendChild(typeof ch === 'string' ? document.createTextNode(ch) : ch);
    });
    return node;
  }

  /** Create an element. attrs: `class`, `text` (the text content), `on<event>` (a listener), any
   *  other attribute (true: present and empty; null, undefined or false: left out). */
  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.indexOf('on') === 0) node.addEventListener(k.slice(2), v);
      else if (v === true) node.setAttribute(k, '');
      else node.setAttribute(k, String(v));
    });
    return append(node, Array.prototype.slice.call(arguments, 2));
  }

  var loading = new Map();

  /** `inOrder`: run after the scripts loaded before it with inOrder (they still download in parallel). */
  function loadScript(address, inOrder) {
    if (!loading.has(address)) {
      loading.set(address, new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = address;
        s.async = !inOrder;
        s.setAttribute('data-us-data', '');
        s.onload = function () { resolve(); };
        s.onerror = function () {
          loading.delete(address);
          s.remove();
          reject(new Error('could not load ' + address));
        };
        document.head.appendChild(s);
      }));
    }
    return loading.get(address);
  }

  var ENGINE = ['answers.js', 'bottom-line.js', 'tables.js'];

  function engine() {
    if (window.UnlearningScopeEngine) return Promise.resolve(window.UnlearningScopeEngine);
    return Promise.all(ENGINE.map(function (name) { return loadScript(url('assets/javascripts/' + name), true); })).then(function () {
      if (!window.UnlearningScopeEngine) throw new Error('the engine scripts set nothing');
      return window.UnlearningScopeEngine;
    });
  }

  function versions() {
    if (window.UnlearningScopeVersions) return Promise.resolve(window.UnlearningScopeVersions);
    return loadScript(url('assets/data/versions.js')).then(function () {
      if (!window.UnlearningScopeVersions) throw new Error('assets/data/versions.js set nothing');
      return window.UnlearningScopeVersions;
    });
  }

  /** The tables of one version: its script pushes them onto UnlearningScopeTables.pending. */
  function tables(version) {
    var store = (window.UnlearningScopeTables = window.UnlearningScopeTables || { pending: [] });
    store.byVersion = store.byVersion || {};
    function take(v) {
      store.pending.splice(0).forEach(function (t) { store.byVersion[t.kb.version] = t; });
      return store.byVersion[v];
    }
    return versions().then(function (shipped) {
      var v = version || shipped.current;
      if (take(v)) return store.byVersion[v];
      var info = shipped.versions[v];
      if (!info) throw new Error('version ' + v + ' is not shipped with this site');
      return loadScript(url('assets/data/' + info.file)).then(function () {
        var t = take(v);
        if (!t) throw new Error('the tables of version ' + v + ' did not load');
        return t;
      });
    });
  }

  function onEveryPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === 'function') {
      window.document$.subscribe(function () { fn(); });
    } else if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { fn(); });
    } else {
      fn();
    }
  }

  function copy(text, node, said) {
    function select() {
      var range = document.createRange();
      range.selectNodeContents(node);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      said(false);
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { said(true); }, select);
    } else {
      select();
    }
  }

  window.UnlearningScopePage = { root: root, url: url, h: h, loadScript: loadScript, engine: engine, versions: versions, tables: tables, onEveryPage: onEveryPage, copy: copy };
})();
