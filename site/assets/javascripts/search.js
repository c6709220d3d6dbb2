/* Unlearning Scope: the search index and its worker load when the reader opens search, not with
 * every page.
 *
 * mkdocs-material's bundle requests search/search_index.json (an XMLHttpRequest) and starts the search
 * worker as soon as a page opens over HTTP; the index is the heaviest thing most pages would fetch.
 * This script runs before the bundle and holds both back until search is opened (its toggle is
 * switched on: a click on the search icon or box, or the "/", "s" or "f" key) or until a page asks
 * to highlight search terms (`?h=`). Only that request and that worker are held back; the index stays
 * the site's own file, so search works offline as before. Should the theme fetch them some other
 * way, nothing here applies and they load as they always did.
 */
(function () {
  'use strict';

  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/assets\/javascripts\/workers\/search\.[^/]*\.js$/;
  var opened = /(?:^|[?&])h=/.test(window.location.search);
  var held = [];

  function path(url) {
    try {
      return new URL(String(url), document.baseURI).pathname;
    } catch (e) {
      return '';
    }
  }

  function open() {
    if (opened) return;
    opened = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.matches && t.matches('[data-md-toggle="search"]') && t.checked) open();
  }, true);
  document.addEventListener('focusin', function (e) {
    var t = e.target;
    if (t && t.matches && t.matches('.md-search__input')) open();
  }, true);

  /* The index request: sent when search opens. */
  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.usSearchIndex = INDEX.test(path(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (!xhr.usSearchIndex || opened) return xhrSend.apply(xhr, args);
    held.push(function () { xhrSend.apply(xhr, args); });
  };

  /* The search worker: started when search opens or when the theme first writes to it. */
  var RealWorker = window.Worker;
  if (typeof RealWorker !== 'function' || typeof EventTarget !== 'function') return;

  function LazyWorker(url, options) {
    var target = new EventTarget();
    var real = null;
    function start() {
      if (!real) {
        real = new RealWorker(url, options);
        real.addEventListener('message', function (e) { target.dispatchEvent(new MessageEvent('message', { data: e.data })); });
        real.addEventListener('messageerror', function (e) { target.dispatchEvent(new MessageEvent('messageerror', { data: e.data })); });
        real.addEventListener('error', function (e) { target.dispatchEvent(new ErrorEvent('error', { message: e.message, filename: e.filename, lineno: e.lineno, colno: e.colno, error: e.error })); });
      }
      return real;
    }
    target.postMessage = function () { var w = start(); return w.postMessage.apply(w, arguments); };
    target.terminate = function () { if (real) real.terminate(); };
    if (opened) start();
    else held.push(start);
    return target;
  }

  window.Worker = function (url, options) {
    if (!(this instanceof window.Worker)) return RealWorker(url, options);
    return WORKER.test(path(url)) ? LazyWorker(url, options) : new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;
})();
