/*
 * Unlearning Scope: answers in normal form, permalinks and digests (framework/kb/answers.py), in the
 * reader's browser.
 *
 * The questions of one version's decision tables, the answers' normal form, the answers digest
 * (SHA-256 of canonical JSON), the permalink and its fragment (written and read, forgiving where the
 * CLI is strict), the answers file and the citation; and the Python-compatible helpers these need
 * (code-point order, json.dumps, urllib.parse.quote/unquote). `tables.js` builds results on it and
 * `tests/test_questionnaire_js.py` compares every function with its Python counterpart. Pure (no DOM,
 * no I/O): it also runs under Node.
 */
(function () {
  'use strict';

  const FORMAT = 'unlearning-scope-decision-tables';
  const FORMAT_VERSION = 1;
  const PERMALINK_PAGE = 'questionnaire/';

  // ---- SHA-256 ------------------------------------------------------------------------------------
  // Written out (FIPS 180-4) rather than using crypto.subtle, which is asynchronous and missing on
  // pages opened from disk (file://) and other insecure contexts; digests must work everywhere.

  const K256 = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  /** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
  function utf8Bytes(text) {
    const out = [];
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      }
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    }
    return out;
  }

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  /** Hex SHA-256 of the UTF-8 encoding of `text`. */
  function sha256Hex(text) {
    const bytes = utf8Bytes(text);
    const bits = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    bytes.push((hi >>> 24) & 255, (hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255,
      (lo >>> 24) & 255, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255);
    const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    const w = new Array(64);
    for (let off = 0; off < bytes.length; off += 64) {
      for (let t = 0; t < 16; t++) {
        const j = off + 4 * t;
        w[t] = ((bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3]) >>> 0;
      }
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15];
        const y = w[t - 2];
        const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
        const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (let t = 0; t < 64; t++) {
        const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const ch = (e & f) ^ (~e & g);
        const t1 = (k + S1 + ch + K256[t] + w[t]) >>> 0;
        const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + b) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0;
      h[4] = (h[4] + e) >>> 0; h[5] = (h[5] + f) >>> 0; h[6] = (h[6] + g) >>> 0; h[7] = (h[7] + k) >>> 0;
    }
    return h.map((x) => x.toString(16).padStart(8, '0')).join('');
  }

  // ---- Python-compatible text helpers -------------------------------------------------------------

  /** Order of strings by code point, as Python sorts them (JS sorts by UTF-16 unit). */
  function compareCodePoints(a, b) {
    const x = Array.from(a);
    const y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }

  /** json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for JSON-ready values. */
  function canonicalJson(value) {
    if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort(compareCodePoints);
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(value[k])).join(',') + '}';
    }
    return JSON.stringify(value);
  }

  /** urllib.parse.quote(text) (safe="/"): percent-encode UTF-8 bytes outside A-Za-z0-9_.-~/. */
  function pyQuote(text) {
    let out = '';
    for (const b of utf8Bytes(text)) {
      const ch = String.fromCharCode(b);
      out += (b < 128 && /[A-Za-z0-9_.\-~/]/.test(ch)) ? ch : '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
  }

  function decodeUtf8(bytes) {
    if (typeof TextDecoder !== 'undefined') return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
    let s = '';
    for (const b of bytes) s += '%' + b.toString(16).padStart(2, '0');
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return '\ufffd';
    }
  }

  /** urllib.parse.unquote(text, errors="replace"): runs of ASCII are percent-decoded as UTF-8. */
  function pyUnquote(text) {
    if (text.indexOf('%') < 0) return text;
    return text.replace(/[\x00-\x7f]+/g, (run) => {
      const bytes = [];
      for (let i = 0; i < run.length; i++) {
        if (run[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(run.slice(i + 1, i + 3))) {
          bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
          i += 2;
        } else {
          bytes.push(run.charCodeAt(i));
        }
      }
      return decodeUtf8(bytes);
    });
  }

  // ---- small value helpers, shared with tables.js and bottom-line.js --------------------------------

  function dedupe(items) {
    return Array.from(new Set(items));
  }

  function plain(v) {
    return Array.isArray(v) ? v.slice() : v;
  }

  /** A value's identity for comparisons and map keys (answers and domain values are JSON). */
  function keyOf(v) {
    return JSON.stringify(v);
  }

  // ---- the questions of one version's tables ---------------------------------------------------------

  const QUESTIONS = new WeakMap();

  /** The questions of one version's decision tables, by ID, with their option IDs; built once per
   *  tables object, after checking that these are decision tables of the format this code reads. */
  function questions(data) {
    if (QUESTIONS.has(data)) return QUESTIONS.get(data);
    if (data.format !== FORMAT || data.format_version !== FORMAT_VERSION) {
      throw new Error('these are not decision tables of format ' + FORMAT + ' ' + FORMAT_VERSION);
    }
    const byId = new Map();
    const optionIds = new Map();
    for (const q of data.questions) {
      byId.set(q.id, q);
      optionIds.set(q.id, q.options.map((o) => o.id));
    }
    const out = { byId, optionIds, questions: data.questions, ids: data.questions.map((q) => q.id) };
    QUESTIONS.set(data, out);
    return out;
  }

  // ---- answers: normal form, permalinks, digests (framework/answers.py) -------------------------------------

  function entriesOf(answers) {
    if (answers == null) return [];
    if (answers instanceof Map) return Array.from(answers.entries());
    return Object.keys(answers).map((k) => [k, answers[k]]);
  }

  /** Answers in normal form: a Map in questionnaire order, many-choice values in option order.
   *  Throws on anything the CLI would refuse (unknown question or option, empty or repeated choice). */
  function normalise(data, answers) {
    const c = questions(data);
    const given = new Map();
    for (const [qid, value] of entriesOf(answers)) {
      const q = c.byId.get(qid);
      if (!q) throw new Error("no question '" + qid + "'");
      const options = c.optionIds.get(qid);
      if (q.kind === 'one') {
        if (typeof value !== 'string' || !options.includes(value)) {
          throw new Error("'" + qid + "' takes one of: " + options.join(', ') + '; got ' + JSON.stringify(value));
        }
        given.set(qid, value);
      } else {
        if (!Array.isArray(value) || !value.length) throw new Error("'" + qid + "' takes a non-empty list of options");
        for (let i = 0; i < value.length; i++) {
          if (!options.includes(value[i])) throw new Error("'" + JSON.stringify(value[i]) + "' is not an option of '" + qid + "'");
          if (value.indexOf(value[i]) !== i) throw new Error("'" + value[i] + "' is listed twice in '" + qid + "'");
        }
        given.set(qid, options.filter((o) => value.includes(o)));
      }
    }
    const out = new Map();
    for (const q of c.questions) if (given.has(q.id)) out.set(q.id, given.get(q.id));
    return out;
  }

  function answersObject(normalised) {
    const out = {};
    for (const [q, v] of normalised) out[q] = plain(v);
    return out;
  }

  /** "sha256:<hex>" of the canonical JSON of the answers (answers.digest). */
  function digest(normalised) {
    return 'sha256:' + sha256Hex(canonicalJson(answersObject(normalised)));
  }

  /** The permalink's fragment, without '#': v=<version>&question=option&question=a,b. */
  function fragment(data, answers) {
    const normalised = normalise(data, answers);
    const parts = ['v=' + pyQuote(data.kb.version)];
    for (const [q, v] of normalised) parts.push(q + '=' + (Array.isArray(v) ? v.join(',') : v));
    return parts.join('&');
  }

  /** answers.permalink: `base` + questionnaire/#fragment. Base: options.siteUrl, else the knowledge
   *  base's site_url, else options.pageUrl (the page itself, e.g. the browser's location), else
   *  relative. A configured site URL wins over the page's own address so citations stay stable
   *  whichever copy of the site the reader used. */
  function permalink(data, normalised, options) {
    const frag = fragment(data, normalised);
    const site = (options && options.siteUrl) || data.kb.site_url;
    if (site) return site.replace(/\/+$/, '') + '/' + PERMALINK_PAGE + '#' + frag;
    if (options && options.pageUrl) return String(options.pageUrl).split('#')[0] + '#' + frag;
    return PERMALINK_PAGE + '#' + frag;
  }

  function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length];
  }

  function suggest(word, choices) {
    let best = null;
    let bestD = Infinity;
    for (const ch of choices) {
      const d = editDistance(word, ch);
      if (d < bestD) {
        best = ch;
        bestD = d;
      }
    }
    return best !== null && bestD <= Math.max(1, Math.floor(best.length / 3)) ? " (did you mean '" + best + "'?)" : '';
  }

  /** Answers from a permalink or its fragment (answers.read_permalink), forgiving where the CLI is
   *  strict: every problem is reported in `errors` ({code, key, message}, codes as the CLI's) and the
   *  readable rest is kept. A question with any bad part is dropped whole, so a link never claims a
   *  narrower answer than it gave (e.g. fewer adversaries); unanswered is the conservative reading.
   *  `hash` may be location.hash ("#..."), a whole link, or a bare fragment. */
  function readFragment(data, hash) {
    const c = questions(data);
    const text = String(hash == null ? '' : hash);
    const frag = text.indexOf('#') >= 0 ? text.slice(text.indexOf('#') + 1) : text;
    const errors = [];
    const raw = new Map();
    const dropped = new Set();
    let version = null;
    const seen = new Set();
    for (const piece of (frag ? frag.split('&') : [])) {
      const eq = piece.indexOf('=');
      if (eq < 0) {
        errors.push({ code: 'bad-permalink', key: piece, message: "cannot read '" + piece + "': expected key=value pairs joined by '&'" });
        continue;
      }
      const key = pyUnquote(piece.slice(0, eq).replace(/\+/g, ' '));
      const value = pyUnquote(piece.slice(eq + 1).replace(/\+/g, ' '));
      if (seen.has(key)) {
        errors.push({ code: 'duplicate-key', key, message: "'" + key + "' is given twice" });
        if (key !== 'v') dropped.add(key);
        continue;
      }
      seen.add(key);
      if (key === 'v') {
        version = value;
        continue;
      }
      const q = c.byId.get(key);
      raw.set(key, q && q.kind === 'many' ? (value ? value.split(',') : []) : value);
    }
    const qids = c.questions.map((q) => q.id);
    const good = new Map();
    for (const [key, value] of raw) {
      if (dropped.has(key)) continue;
      const q = c.byId.get(key);
      if (!q) {
        errors.push({ code: 'unknown-question', key, message: "no question '" + key + "'" + suggest(key, qids) + '; questions: ' + qids.join(', ') });
        continue;
      }
      const options = c.optionIds.get(key);
      if (q.kind === 'one') {
        if (!options.includes(value)) {
          errors.push({ code: 'unknown-option', key, message: "'" + value + "' is not an option of '" + key + "'" + suggest(value, options) + '; options: ' + options.join(', ') });
          continue;
        }
        good.set(key, value);
        continue;
      }
      if (!value.length) {
        errors.push({ code: 'empty-list', key, message: "'" + key + "' has an empty list; leave the question out instead if it is not known" });
        continue;
      }
      let ok = true;
      value.forEach((item, i) => {
        if (!options.includes(item)) {
          errors.push({ code: 'unknown-option', key, message: "'" + item + "' is not an option of '" + key + "'" + suggest(item, options) + '; options: ' + options.join(', ') });
          ok = false;
        } else if (value.indexOf(item) !== i) {
          errors.push({ code: 'duplicate-option', key, message: "'" + item + "' is listed twice in '" + key + "'" });
          ok = false;
        }
      });
      if (ok) good.set(key, options.filter((o) => value.includes(o)));
    }
    const answers = {};
    for (const q of c.questions) if (good.has(q.id)) answers[q.id] = good.get(q.id);
    return { answers, version, errors };
  }

  function yamlScalar(text) {
    return JSON.stringify(text); // a JSON string is a YAML double-quoted scalar
  }

  /** The answers as an answers file for `unlearning-scope evaluate` (values quoted, so no YAML 1.1
   *  reader turns "yes"/"no" into booleans). */
  function answersYaml(data, answers) {
    const normalised = normalise(data, answers);
    const lines = [
      '# Answers for ' + data.kb.title + ', version ' + data.kb.version + '.',
      '# Evaluate with: unlearning-scope evaluate <this file>',
    ];
    if (!normalised.size) lines.push('{}');
    for (const [q, v] of normalised) {
      if (Array.isArray(v)) {
        lines.push(q + ':');
        for (const x of v) lines.push('  - ' + yamlScalar(x));
      } else {
        lines.push(q + ': ' + yamlScalar(v));
      }
    }
    return lines.join('\n') + '\n';
  }

  function citation(data, normalised, answersDigest, link) {
    const meta = data.kb;
    const short = answersDigest.split(':')[1].slice(0, 12);
    const given = Array.from(normalised).map(([q, v]) => q + '=' + (Array.isArray(v) ? v.join(',') : v)).join('; ') || 'no answers';
    const absolute = /^https?:\/\//.test(link);
    const fragmentPart = link.slice(link.indexOf('#'));
    const where = absolute ? link : 'No permalink: the address this knowledge base is published at is not set, so no link would lead ' +
      "anywhere from a memo; to reopen these answers, add '" + fragmentPart + "' to the address of the questionnaire page of the site you use";
    const text = meta.title + ', version ' + meta.version + ' (' + meta.released + '), assessment ' + short +
      ' [' + given + '], answers ' + answersDigest + '. ' + where + (absolute ? '' : '.');
    const key = meta.citation_key + '-' + short;
    const bibtex = '@misc{' + key + ',\n' +
      '  title = {{' + meta.title + '}: assessment ' + short + '},\n' +
      '  year = {' + meta.year + '},\n' +
      '  note = {Knowledge base version ' + meta.version + '; answers ' + given + '; digest ' + answersDigest + '},\n' +
      '  howpublished = {' + (absolute ? link : 'no published address: ' + fragmentPart) + '}\n' +
      '}';
    const out = { text, permalink: link, permalink_absolute: absolute, bibtex, key };
    if (meta.paper != null) out.framework = meta.paper;
    return out;
  }

  const Answers = {
    FORMAT,
    FORMAT_VERSION,
    questions,
    normalise,
    answersObject,
    digest,
    fragment,
    permalink,
    readFragment,
    answersYaml,
    citation,
    sha256Hex,
    canonicalJson,
    pyQuote,
    pyUnquote,
    dedupe,
    plain,
    keyOf,
  };

  if (typeof module !== 'undefined' && module.exports) module.exports = Answers;
  if (typeof window !== 'undefined') window.UnlearningScopeAnswers = Answers;
})();
