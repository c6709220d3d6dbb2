/*
 * Unlearning Scope: the questionnaire, computed in the reader's browser.
 *
 * Two parts in one classic script (plain ES2020, no dependencies, no build step):
 *
 * 1. `UnlearningScopeEngine`: a port of the Python engine (framework/engine.py, evaluation.py,
 *    assessment.py, answers.py). `assess(data, answers)` returns what `unlearning-scope evaluate
 *    --format json` prints for the same answers; tests/test_questionnaire_js.py proves it field by
 *    field. It is pure (no DOM, no I/O), so it also runs under Node (`require`).
 * 2. The form: it mounts on `#us-q-root`, reads a permalink from the URL fragment, recomputes on every
 *    change and keeps the fragment up to date. Answers never leave the browser: no request carries
 *    them, nothing is stored except the fragment (which browsers do not send to servers), and exports
 *    are downloads the reader starts.
 *
 * `data` is what framework/sitegen/questionnaire_data.py writes (window.UnlearningScopeData).
 */
(function () {
  'use strict';

  // =================================================================================================
  // Engine (pure)
  // =================================================================================================

  const FORMAT = 1;
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

  function dedupe(items) {
    return Array.from(new Set(items));
  }

  function plain(v) {
    return Array.isArray(v) ? v.slice() : v;
  }

  /** The first item with the smallest key (Python's min): ties keep the earliest. */
  function minBy(items, key) {
    if (items.length === 0) throw new Error('min() of an empty sequence');
    let best = items[0];
    let bestKey = key(best);
    for (let i = 1; i < items.length; i++) {
      const k = key(items[i]);
      if (k < bestKey) {
        best = items[i];
        bestKey = k;
      }
    }
    return best;
  }

  function rankIn(order, value) {
    if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(order, value)) {
      throw new Error('no rank for verdict ' + JSON.stringify(value) + ' (a slot that no rule decides?)');
    }
    return order[value];
  }

  // ---- compiling the knowledge base (engine.compile_kb) -------------------------------------------

  function compileCondition(c, facts) {
    if (c.all != null) {
      const parts = c.all.map((x) => compileCondition(x, facts));
      return (a, d) => parts.every((p) => p(a, d));
    }
    if (c.any != null) {
      const parts = c.any.map((x) => compileCondition(x, facts));
      return (a, d) => parts.some((p) => p(a, d));
    }
    if (c.not != null) {
      const inner = compileCondition(c.not, facts);
      return (a, d) => !inner(a, d);
    }
    if (c.fact != null) {
      const name = c.fact;
      return (a, d) => facts.get(name)(a, d);
    }
    const q = c.question;
    if (c.in != null) {
      const allowed = new Set(c.in);
      return (a) => allowed.has(a.get(q));
    }
    if (c.includes != null) {
      const wanted = new Set(c.includes);
      return (a) => {
        for (const x of (a.has(q) ? a.get(q) : [])) if (wanted.has(x)) return true;
        return false;
      };
    }
    if (c.includes_all != null) {
      const every = c.includes_all;
      return (a) => {
        const have = new Set(a.has(q) ? a.get(q) : []);
        return every.every((x) => have.has(x));
      };
    }
    return (a, d) => d.has(q);
  }

  function conditionDeps(c, depsOfFact) {
    const out = new Set();
    if (c.question) out.add(c.question);
    if (c.fact) for (const q of depsOfFact(c.fact)) out.add(q);
    const subs = (c.all || []).concat(c.any || [], c.not ? [c.not] : []);
    for (const sub of subs) for (const q of conditionDeps(sub, depsOfFact)) out.add(q);
    return out;
  }

  function slotKey(then) {
    if (then.method != null) return 'method\u0000' + then.method + '\u0000' + then.aspect;
    if (then.claim != null) return 'claim\u0000' + then.claim;
    return 'mismatch\u0000' + then.mismatch;
  }

  function valueOf(rule) {
    return rule.then.verdict != null ? rule.then.verdict : 'applies';
  }

  const EMPTY = new Set();

  /** The knowledge base prepared for evaluation (engine.Compiled): closures, dependencies, closure of
   *  overrides. Built once per data object. */
  class Compiled {
    constructor(data) {
      if (!data || data.format !== FORMAT) {
        throw new Error('questionnaire data of format ' + (data && data.format) + ', expected ' + FORMAT);
      }
      this.data = data;
      this.questions = data.questions;
      this.byId = new Map(this.questions.map((q) => [q.id, q]));
      this.optionIds = new Map(this.questions.map((q) => [q.id, q.options.map((o) => o.id)]));
      const factDefs = new Map(Object.entries(data.facts));
      this.facts = new Map();
      this.factDeps = new Map();
      const depsOfFact = (fid) => {
        if (!this.factDeps.has(fid)) this.factDeps.set(fid, conditionDeps(factDefs.get(fid).when, depsOfFact));
        return this.factDeps.get(fid);
      };
      for (const [fid, fact] of factDefs) {
        this.facts.set(fid, compileCondition(fact.when, this.facts));
        depsOfFact(fid);
      }
      this.defaults = new Map();
      this.defaultDeps = new Map();
      for (const q of this.questions) {
        if (q.default == null) continue;
        this.defaults.set(q.id, q.default.map((d) => [d.when ? compileCondition(d.when, this.facts) : null, d.value]));
        const deps = new Set();
        for (const d of q.default) if (d.when) for (const x of conditionDeps(d.when, depsOfFact)) deps.add(x);
        this.defaultDeps.set(q.id, deps);
      }
      this.rules = new Map();
      this.when = new Map();
      this.ruleDeps = new Map();
      this.bySlot = new Map();
      for (const r of data.rules) {
        this.rules.set(r.id, r);
        this.when.set(r.id, r.when ? compileCondition(r.when, this.facts) : null);
        this.ruleDeps.set(r.id, r.when ? conditionDeps(r.when, depsOfFact) : new Set());
        const key = slotKey(r.then);
        if (!this.bySlot.has(key)) this.bySlot.set(key, []);
        this.bySlot.get(key).push(r);
      }
      // beaten_by: every rule reachable through `overrides` (networkx descendants: never the rule itself)
      this.beatenBy = new Map();
      for (const r of data.rules) {
        const seen = new Set([r.id]);
        const todo = [r.id];
        const out = new Set();
        while (todo.length) {
          const cur = this.rules.get(todo.pop());
          for (const o of (cur ? cur.overrides : [])) {
            if (!seen.has(o)) {
              seen.add(o);
              out.add(o);
              todo.push(o);
            }
          }
        }
        this.beatenBy.set(r.id, out);
      }
      this.relevance = new Map();
      this.relevanceDeps = new Map();
      for (const cl of data.claims) {
        this.relevance.set(cl.id, cl.relevant_when ? compileCondition(cl.relevant_when, this.facts) : null);
        this.relevanceDeps.set(cl.id, cl.relevant_when ? conditionDeps(cl.relevant_when, depsOfFact) : new Set());
      }
      this.aspectsQuestion = data.aspects_question;
      this.aspects = new Map(this.byId.get(this.aspectsQuestion).options.map((o) => [o.id, o.aspects || []]));
      this.allAspects = dedupe([].concat(...this.aspects.values())).sort(compareCodePoints);
      this.methodOrder = data.method_order;
      this.claimOrder = data.claim_order;
      this._slotDeps = new Map();
      this._domains = new Map();
      this._reads = new Map();
    }

    hasDefault(qid) {
      const q = this.byId.get(qid);
      return q != null && q.default != null;
    }

    /** The given questions in questionnaire order. */
    order(qids) {
      const wanted = qids instanceof Set ? qids : new Set(qids);
      return this.questions.filter((q) => wanted.has(q.id)).map((q) => q.id);
    }

    /** Every complete answer to one question: its options, or every non-empty set of options
     *  (in itertools.combinations order). */
    domain(qid) {
      if (!this._domains.has(qid)) {
        const q = this.byId.get(qid);
        const opts = this.optionIds.get(qid);
        let out;
        if (q.kind === 'one') {
          out = opts.slice();
        } else {
          out = [];
          for (let r = 1; r <= opts.length; r++) out.push(...combinations(opts, r));
        }
        this._domains.set(qid, out);
      }
      return this._domains.get(qid);
    }

    /** Fill unanswered optional questions from their defaults (those whose default reads an
     *  unanswered question are filled per completion instead). */
    withDefaults(answers) {
      const full = new Map(answers);
      return [full, this.fillDefaults(full)];
    }

    /** withDefaults in place: fills `full` and returns the questions filled by default. */
    fillDefaults(full) {
      let filled = EMPTY;
      for (const [qid, choices] of this.defaults) {
        if (full.has(qid)) continue;
        let ready = true;
        for (const dep of this.defaultDeps.get(qid)) if (!full.has(dep)) ready = false;
        if (!ready) continue;
        for (const [pred, value] of choices) {
          if (pred === null || pred(full, EMPTY)) {
            full.set(qid, value);
            if (filled === EMPTY) filled = new Set();
            filled.add(qid);
            break;
          }
        }
      }
      return filled;
    }

    /** Questions read, with those a default of theirs reads. */
    closure(qids) {
      const out = new Set(qids);
      const todo = Array.from(out);
      while (todo.length) {
        const q = todo.pop();
        for (const dep of (this.defaultDeps.get(q) || [])) {
          if (!out.has(dep)) {
            out.add(dep);
            todo.push(dep);
          }
        }
      }
      return out;
    }

    methodDeps(method) {
      const deps = new Set([this.aspectsQuestion]);
      for (const aspect of this.allAspects) {
        for (const q of this.slotDeps('method\u0000' + method + '\u0000' + aspect)) deps.add(q);
      }
      return this.closure(deps);
    }

    slotDeps(key) {
      if (!this._slotDeps.has(key)) {
        const deps = new Set();
        for (const r of (this.bySlot.get(key) || [])) for (const q of this.ruleDeps.get(r.id)) deps.add(q);
        if (key.startsWith('claim\u0000')) for (const q of this.relevanceDeps.get(key.slice(6))) deps.add(q);
        this._slotDeps.set(key, this.order(this.closure(deps)));
      }
      return this._slotDeps.get(key);
    }

    /** Questions a rule's condition reads, in questionnaire order (for explanations). */
    reads(ruleId) {
      if (!this._reads.has(ruleId)) this._reads.set(ruleId, this.order(this.closure(this.ruleDeps.get(ruleId))));
      return this._reads.get(ruleId);
    }

    /** A slot's conclusion for complete answers: the fired rules not beaten by another fired rule. */
    decide(key, full, filled) {
      const fired = [];
      for (const r of (this.bySlot.get(key) || [])) {
        const pred = this.when.get(r.id);
        if (pred === null || pred(full, filled)) fired.push(r);
      }
      if (!fired.length) return { value: null, winners: [], overridden: [] };
      const firedIds = new Set(fired.map((r) => r.id));
      const beaten = new Set();
      for (const r of fired) for (const b of this.beatenBy.get(r.id)) if (firedIds.has(b)) beaten.add(b);
      const winners = fired.filter((r) => !beaten.has(r.id));
      const values = dedupe(winners.map(valueOf));
      if (values.length !== 1) {
        const said = winners.map((r) => r.id + ' says ' + valueOf(r)).join(', ');
        throw new Error(key.split('\u0000').join('/') + ': ' + (said || 'every rule that fired is overridden') +
          ' for the same answers and neither overrides the other');
      }
      return { value: values[0], winners, overridden: fired.filter((r) => beaten.has(r.id)) };
    }

    relevant(cid, full, filled) {
      const pred = this.relevance.get(cid);
      return pred === null || pred(full, filled);
    }
  }

  function combinations(items, r) {
    const out = [];
    const pick = [];
    (function rec(start) {
      if (pick.length === r) {
        out.push(pick.slice());
        return;
      }
      for (let i = start; i < items.length; i++) {
        pick.push(items[i]);
        rec(i + 1);
        pick.pop();
      }
    })(0);
    return out;
  }

  const COMPILED = new WeakMap();

  function compile(data) {
    let c = COMPILED.get(data);
    if (!c) {
      c = new Compiled(data);
      COMPILED.set(data, c);
    }
    return c;
  }

  // ---- evaluation of possibly partial answers (evaluation.Evaluation) -----------------------------

  class Evaluation {
    constructor(c, answers) {
      this.c = c;
      this.answers = answers;
      this.unanswered = c.questions.filter((q) => !answers.has(q.id) && !c.hasDefault(q.id)).map((q) => q.id);
    }

    /** One item over every completion of the unanswered questions it reads (space.completions):
     *  every way to answer the free ones (unanswered, no default), in itertools.product order (the
     *  last question varies fastest). Completion number `code` is a mixed-radix number whose digits
     *  index each free question's domain, which makes grouping in `unknowns` cheap. */
    over(deps, outcome) {
      const c = this.c;
      const free = c.order(deps).filter((q) => !this.answers.has(q) && !c.hasDefault(q));
      const domains = free.map((q) => c.domain(q));
      const strides = new Array(free.length);
      let total = 1;
      for (let i = free.length - 1; i >= 0; i--) {
        strides[i] = total;
        total *= domains[i].length;
      }
      const results = [];
      for (let code = 0; code < total; code++) {
        const full = new Map(this.answers);
        for (let i = 0; i < free.length; i++) full.set(free[i], domains[i][Math.floor(code / strides[i]) % domains[i].length]);
        const filled = c.fillDefaults(full);
        results.push(outcome(full, filled));
      }
      return { free, domains, strides, results };
    }

    /** Unanswered questions that change the conclusion: two completions differing only in that
     *  question conclude differently. `key` maps an outcome to a comparable string. */
    unknowns(ov, key) {
      const keys = ov.results.map(key);
      const changed = [];
      ov.free.forEach((q, i) => {
        const stride = ov.strides[i];
        const n = ov.domains[i].length;
        const seen = new Map();
        for (let code = 0; code < keys.length; code++) {
          const group = code - (Math.floor(code / stride) % n) * stride;
          const value = keys[code];
          if (seen.has(group)) {
            if (seen.get(group) !== value) {
              changed.push(q);
              return;
            }
          } else {
            seen.set(group, value);
          }
        }
      });
      return changed;
    }

    method(method) {
      const c = this.c;
      const order = c.methodOrder;
      const outcome = (full, filled) => {
        const halves = new Map();
        for (const aspect of c.aspects.get(full.get(c.aspectsQuestion))) {
          halves.set(aspect, c.decide('method\u0000' + method + '\u0000' + aspect, full, filled));
        }
        const worst = minBy(Array.from(halves.values()), (d) => rankIn(order, d.value == null ? 'does-not-support' : d.value)).value;
        const rules = [];
        const beaten = [];
        for (const d of halves.values()) {
          for (const r of d.winners) rules.push([r, full]);
          for (const r of d.overridden) beaten.push(r);
        }
        return { value: worst, rules, halves, beaten };
      };
      const ov = this.over(c.methodDeps(method), outcome);
      const results = ov.results;
      const verdict = minBy(results.map((o) => o.value), (v) => rankIn(order, v));
      const worst = results.filter((o) => o.value === verdict);
      const deciding = [];
      for (const o of worst) for (const [r] of o.rules) if (r.then.verdict === verdict) deciding.push(r);
      const halves = {};
      for (const aspect of dedupe([].concat(...results.map((o) => Array.from(o.halves.keys()))))) {
        const values = results.filter((o) => o.halves.has(aspect)).map((o) => o.halves.get(aspect).value);
        halves[aspect] = minBy(values, (v) => rankIn(order, v));
      }
      return {
        id: method,
        verdict,
        halves,
        conditions: dedupe([].concat(...deciding.map((r) => r.then.conditions))),
        caveats: dedupe([].concat(...deciding.map((r) => r.then.caveats))),
        trace: dedupe(deciding.map((r) => r.id)),
        explanation: this.explain(worst, (r) => r.then.verdict === verdict),
        depends_on: this.unknowns(ov, (o) => JSON.stringify([o.value, [].concat(...o.rules.map(([r]) => r.then.conditions))])),
      };
    }

    mismatch(mid) {
      const c = this.c;
      const key = 'mismatch\u0000' + mid;
      const outcome = (full, filled) => {
        const d = c.decide(key, full, filled);
        return { value: d.value !== null, rules: d.winners.map((r) => [r, full]), beaten: d.overridden };
      };
      const ov = this.over(c.slotDeps(key), outcome);
      const results = ov.results;
      const hits = results.filter((o) => o.value).length;
      if (!results.length || !hits) return null;
      const status = hits === results.length ? 'applies' : 'possible';
      const applying = results.filter((o) => o.value);
      const whys = dedupe([].concat(...applying.map((o) => o.rules.map(([r]) => r.then.why))));
      return {
        id: mid,
        status,
        why: whys.join(' '),
        reasons: whys,
        trace: dedupe([].concat(...applying.map((o) => o.rules.map(([r]) => r.id)))),
        explanation: this.explain(applying, () => true),
        depends_on: this.unknowns(ov, (o) => String(o.value)),
      };
    }

    claim(cid) {
      const c = this.c;
      const key = 'claim\u0000' + cid;
      const outcome = (full, filled) => {
        if (!c.relevant(cid, full, filled)) return { value: null, rules: [], beaten: [] };
        const d = c.decide(key, full, filled);
        return { value: d.value, rules: d.winners.map((r) => [r, full]), beaten: d.overridden };
      };
      const ov = this.over(c.slotDeps(key), outcome);
      const results = ov.results;
      const decided = results.map((o) => o.value).filter((v) => v !== null);
      if (!decided.length) return null;
      const verdict = minBy(decided, (v) => rankIn(c.claimOrder, v));
      const worst = results.filter((o) => o.value === verdict);
      const deciding = [].concat(...worst.map((o) => o.rules.map(([r]) => r)));
      return {
        id: cid,
        verdict,
        relevance: decided.length === results.length ? 'certain' : 'possible',
        conditions: dedupe([].concat(...deciding.map((r) => r.then.conditions))),
        trace: dedupe(deciding.map((r) => r.id)),
        explanation: this.explain(worst, () => true),
        depends_on: this.unknowns(ov, (o) => JSON.stringify(o.value)),
      };
    }

    /** Per deciding rule: the answers its condition read, and the rules it overrode. */
    explain(outcomes, keep) {
      const c = this.c;
      const out = new Map();
      for (const o of outcomes) {
        for (const [rule, full] of o.rules) {
          if (!keep(rule)) continue;
          let item = out.get(rule.id);
          if (!item) {
            item = { rule: rule.id, label: rule.label, read: {}, overrode: [] };
            out.set(rule.id, item);
          }
          for (const b of o.beaten) {
            if (c.beatenBy.get(rule.id).has(b.id) && !item.overrode.includes(b.id)) item.overrode.push(b.id);
          }
          for (const q of c.reads(rule.id)) {
            const given = this.answers.get(q);
            if (given === undefined && full.has(q) && c.hasDefault(q)) item.read[q] = plain(full.get(q)) + ' (default)';
            else if (given === undefined) item.read[q] = '(unanswered)';
            else item.read[q] = plain(given);
          }
        }
      }
      return Array.from(out.values());
    }
  }

  // ---- answers: normal form, permalinks, digests (answers.py) -------------------------------------

  function entriesOf(answers) {
    if (answers == null) return [];
    if (answers instanceof Map) return Array.from(answers.entries());
    return Object.keys(answers).map((k) => [k, answers[k]]);
  }

  /** Answers in normal form: a Map in questionnaire order, many-choice values in option order.
   *  Throws on anything the CLI would refuse (unknown question or option, empty or repeated choice). */
  function normalise(data, answers) {
    const c = compile(data);
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
    const parts = ['v=' + pyQuote(data.meta.version)];
    for (const [q, v] of normalised) parts.push(q + '=' + (Array.isArray(v) ? v.join(',') : v));
    return parts.join('&');
  }

  /** answers.permalink: `base` + questionnaire/#fragment. Base: options.siteUrl, else the knowledge
   *  base's site_url, else options.pageUrl (the page itself, e.g. the browser's location), else
   *  relative. A configured site URL wins over the page's own address so citations stay stable
   *  whichever copy of the site the reader used. */
  function permalink(data, normalised, options) {
    const frag = fragment(data, normalised);
    const site = (options && options.siteUrl) || data.meta.site_url;
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
    const c = compile(data);
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
      '# Answers for ' + data.meta.title + ', version ' + data.meta.version + '.',
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
    const meta = data.meta;
    const short = answersDigest.split(':')[1].slice(0, 12);
    const given = Array.from(normalised).map(([q, v]) => q + '=' + (Array.isArray(v) ? v.join(',') : v)).join('; ') || 'no answers';
    const text = meta.title + ', version ' + meta.version + ' (' + meta.released + '), assessment ' + short +
      ' [' + given + '], answers ' + answersDigest + '. ' + link;
    const key = meta.citation_key + '-' + short;
    const bibtex = '@misc{' + key + ',\n' +
      '  title = {{' + meta.title + '}: assessment ' + short + '},\n' +
      '  year = {' + meta.year + '},\n' +
      '  note = {Knowledge base version ' + meta.version + '; answers ' + given + '; digest ' + answersDigest + '},\n' +
      '  howpublished = {' + link + '}\n' +
      '}';
    const out = { text, permalink: link, bibtex, key };
    if (meta.paper != null) out.framework = meta.paper;
    return out;
  }

  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }

  /** The whole result for one set of answers (assessment.assess): verdicts, mismatches, claims,
   *  unknowns, citation. `options`: {siteUrl, pageUrl} for the permalink (see `permalink`). */
  function assess(data, answers, options) {
    const c = compile(data);
    const normalised = normalise(data, answers);
    const [full, filled] = c.withDefaults(normalised);
    const ev = new Evaluation(c, normalised);
    const methods = data.methods.map((m) => {
      const r = ev.method(m.id);
      return {
        id: m.id, label: m.label, verdict: r.verdict, halves: r.halves, conditions: r.conditions, caveats: r.caveats,
        trace: r.trace, explanation: r.explanation, depends_on: r.depends_on,
      };
    });
    const mismatches = [];
    for (const m of data.mismatches) {
      const r = ev.mismatch(m.id);
      if (r === null) continue;
      mismatches.push({
        id: m.id, label: m.label, status: r.status, why: r.why, reasons: r.reasons, trace: r.trace,
        explanation: r.explanation, depends_on: r.depends_on,
      });
    }
    const claims = [];
    for (const cl of data.claims) {
      const r = ev.claim(cl.id);
      if (r === null) continue;
      claims.push({
        id: cl.id, statement: cl.statement, verdict: r.verdict, relevance: r.relevance, conditions: r.conditions,
        rationale: cl.rationale, mismatches: cl.mismatches.slice(), evidence: cl.evidence.slice(), sources: clone(cl.sources),
        trace: r.trace, explanation: r.explanation, depends_on: r.depends_on,
      });
    }
    const unknowns = [];
    for (const q of c.questions) {
      if (normalised.has(q.id) || filled.has(q.id)) continue;
      const changes = [];
      for (const group of [methods, mismatches, claims]) for (const item of group) if (item.depends_on.includes(q.id)) changes.push(item.id);
      if (changes.length) unknowns.push({ question: q.id, label: q.label, would_change: changes });
    }
    const answersDigest = digest(normalised);
    const link = permalink(data, normalised, options);
    const defaultsApplied = {};
    for (const q of c.questions) if (filled.has(q.id)) defaultsApplied[q.id] = plain(full.get(q.id));
    return {
      kb_version: data.meta.version,
      kb_digest: data.meta.kb_digest,
      answers: answersObject(normalised),
      defaults_applied: defaultsApplied,
      unanswered: ev.unanswered,
      answers_digest: answersDigest,
      mismatches,
      methods,
      claims,
      unknowns,
      citation: citation(data, normalised, answersDigest, link),
    };
  }

  const Engine = {
    FORMAT,
    assess,
    readFragment,
    fragment,
    normalise: (data, answers) => answersObject(normalise(data, answers)),
    answersYaml,
    digest: (data, answers) => digest(normalise(data, answers)),
    sha256Hex,
    canonicalJson,
    compile,
  };

  if (typeof module !== 'undefined' && module.exports) module.exports = Engine;
  if (typeof window !== 'undefined') window.UnlearningScopeEngine = Engine;
  if (typeof document === 'undefined' || typeof window === 'undefined') return;

  // =================================================================================================
  // User interface (browser only)
  // =================================================================================================

  // Captured now: document.currentScript is only set while this script first runs.
  const SCRIPT_SRC = (function () {
    const cur = document.currentScript;
    if (cur && cur.src) return cur.src;
    const scripts = document.querySelectorAll('script[src]');
    for (let i = scripts.length - 1; i >= 0; i--) {
      if (/questionnaire\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i].src;
    }
    return document.baseURI;
  })();
  const DATA_URL = new URL('../data/questionnaire-data.js', SCRIPT_SRC).href;
  const SITE_ROOT = new URL('../../', SCRIPT_SRC).href;

  const METHOD_WORDS = {
    supports: ['\u2713', 'Supports'],
    partial: ['\u25D0', 'Partial'],
    'does-not-support': ['\u2717', 'Does not support'],
  };
  const CLAIM_WORDS = {
    supportable: ['\u2713', 'Supportable'],
    conditional: ['\u25D0', 'Conditional'],
    unsupportable: ['\u2717', 'Unsupportable'],
    'not-technical': ['\u00A7', 'Not a technical question'],
  };
  const CLAIM_GROUP_ORDER = ['supportable', 'conditional', 'unsupportable', 'not-technical'];
  const CLAIM_GROUP_HELP = {
    supportable: 'For your answers, a technical method can establish these claims whenever the stated, checkable preconditions hold.',
    conditional: 'These claims hold only in part, or only under conditions that no method guarantees; check and state them.',
    unsupportable: 'No method can back these claims for your answers.',
    'not-technical': 'Whether these claims hold is a legal or policy question, not one a method can settle.',
  };
  const MISMATCH_WORDS = {
    applies: ['\u25CF', 'Applies'],
    possible: ['\u25CB', 'Possible'],
  };

  let dataPromise = null;
  let current = null;

  /** Load the data script once (a classic script, so it works from file:// where fetch does not). */
  function loadData() {
    if (window.UnlearningScopeData) return Promise.resolve(window.UnlearningScopeData);
    if (!dataPromise) {
      dataPromise = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = DATA_URL;
        s.async = true;
        s.setAttribute('data-us-q-data', '');
        s.onload = () => (window.UnlearningScopeData ? resolve(window.UnlearningScopeData) : reject(new Error('the data script set nothing')));
        s.onerror = () => {
          dataPromise = null;
          s.remove();
          reject(new Error('could not load ' + DATA_URL));
        };
        document.head.appendChild(s);
      });
    }
    return dataPromise;
  }

  /** Create an element; text children become text nodes (never parsed as HTML). */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (v === true) node.setAttribute(k, '');
      else node.setAttribute(k, String(v));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const ch of children) {
      if (ch === null || ch === undefined || ch === false) continue;
      if (Array.isArray(ch)) append(node, ch);
      else node.appendChild(typeof ch === 'string' ? document.createTextNode(ch) : ch);
    }
    return node;
  }

  function idLink(id, text) {
    return h('a', { href: SITE_ROOT + 'id/' + encodeURIComponent(id) + '/', class: text ? 'us-q-ref' : 'us-q-id', 'data-id': id }, text || id);
  }

  function badge(kind, value, words) {
    const w = words[value] || ['', value];
    return h('span', { class: 'us-q-badge us-q-badge--' + value, 'data-verdict': value },
      h('span', { class: 'us-q-badge-symbol', 'aria-hidden': 'true' }, w[0]), ' ', w[1]);
  }

  function joinNodes(items, sep) {
    const out = [];
    items.forEach((x, i) => {
      if (i) out.push(sep);
      out.push(x);
    });
    return out;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  /** A default's `when` in words, for the note on optional questions. */
  function conditionText(cond, data) {
    const q = (id) => data.questions.find((x) => x.id === id);
    const opt = (qid, oid) => {
      const o = q(qid) && q(qid).options.find((x) => x.id === oid);
      return '\u201C' + (o ? o.label : oid) + '\u201D';
    };
    if (cond.all) return cond.all.map((x) => conditionText(x, data)).join(' and ');
    if (cond.any) return cond.any.map((x) => conditionText(x, data)).join(' or ');
    if (cond.not) return 'not (' + conditionText(cond.not, data) + ')';
    if (cond.fact) return (data.facts[cond.fact] || {}).label || cond.fact;
    const name = cond.question;
    if (cond.in) return 'the answer to \u201C' + (q(name) ? q(name).label : name) + '\u201D is ' + cond.in.map((o) => opt(name, o)).join(' or ');
    if (cond.includes) return 'the answer to \u201C' + (q(name) ? q(name).label : name) + '\u201D includes ' + cond.includes.map((o) => opt(name, o)).join(' or ');
    if (cond.includes_all) return 'the answer to \u201C' + (q(name) ? q(name).label : name) + '\u201D includes ' + cond.includes_all.map((o) => opt(name, o)).join(' and ');
    return '\u201C' + (q(name) ? q(name).label : name) + '\u201D is left unanswered';
  }

  function defaultText(question, data) {
    const label = (v) => '\u201C' + ((question.options.find((o) => o.id === v) || {}).label || v) + '\u201D';
    const parts = question.default.map((d) => (d.when ? label(d.value) + ' if ' + conditionText(d.when, data) : label(d.value)));
    if (parts.length === 1) return 'Optional. If you leave it unanswered, the answer is taken to be ' + parts[0] + '.';
    return 'Optional. If you leave it unanswered, the answer is taken to be ' + parts.slice(0, -1).join('; ') + '; otherwise ' + parts[parts.length - 1] + '.';
  }

  function questionFieldset(q, data) {
    const base = 'us-q-' + q.id;
    const described = [base + '-help'];
    const nodes = [h('legend', { class: 'us-q-legend' }, q.label), h('p', { id: base + '-help', class: 'us-q-help' }, q.help)];
    if (q.kind === 'many') {
      described.push(base + '-hint');
      nodes.push(h('p', { id: base + '-hint', class: 'us-q-hint' }, 'Choose every option that applies. Leave all unchecked if you do not know.'));
    }
    if (q.default) {
      described.push(base + '-default');
      nodes.push(h('p', { id: base + '-default', class: 'us-q-default' }, defaultText(q, data)));
    }
    nodes.push(h('details', { class: 'us-q-more', id: base + '-more' },
      h('summary', null, 'Example and why it matters'),
      h('p', null, h('strong', null, 'Example: '), q.example),
      h('p', null, h('strong', null, 'Why it matters: '), q.why_it_matters)));
    const options = h('div', { class: 'us-q-options' });
    const type = q.kind === 'one' ? 'radio' : 'checkbox';
    if (q.kind === 'one') {
      const id = base + '-unanswered';
      options.appendChild(h('div', { class: 'us-q-option us-q-option--unanswered' },
        h('input', { type, id, name: base, value: '', 'data-question': q.id }),
        h('label', { for: id }, q.default ? 'Not sure / leave unanswered (use the default)' : 'Not sure / leave unanswered')));
    }
    for (const o of q.options) {
      const id = base + '--' + o.id;
      options.appendChild(h('div', { class: 'us-q-option' },
        h('input', { type, id, name: base, value: o.id, 'data-question': q.id, 'aria-describedby': id + '-help' }),
        h('label', { for: id }, o.label),
        h('span', { id: id + '-help', class: 'us-q-option-help' }, o.help)));
    }
    nodes.push(options);
    return h('fieldset', { id: base + '-fieldset', class: 'us-q-question us-q-question--' + q.kind, 'data-question': q.id, 'aria-describedby': described.join(' ') }, nodes);
  }

  /** One mounted questionnaire: the form, the result and the fragment, kept in step. */
  class Questionnaire {
    constructor(root, data) {
      this.root = root;
      this.data = data;
      this.answers = {};
      this.result = null;
      this.build();
      this.readHash(window.location.hash, true);
    }

    build() {
      const data = this.data;
      this.alert = h('div', { id: 'us-q-alert', class: 'us-q-alert', role: 'alert', hidden: true });
      this.notice = h('div', { id: 'us-q-version-notice', class: 'us-q-notice', role: 'note', hidden: true });
      this.form = h('form', { id: 'us-q-form', class: 'us-q-form', 'aria-labelledby': 'us-q-form-title', novalidate: true },
        data.questions.map((q) => questionFieldset(q, data)));
      this.form.addEventListener('submit', (e) => e.preventDefault());
      this.form.addEventListener('change', () => this.onChange());
      this.status = h('p', { id: 'us-q-status', class: 'us-q-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
      this.body = h('div', { id: 'us-q-result-body', class: 'us-q-result-body' });
      this.citeText = h('p', { id: 'us-q-citation-text', class: 'us-q-citation-text' });
      this.bibtex = h('code', { tabindex: '0' }); // the scrolling element: reachable by keyboard
      this.link = h('a', { id: 'us-q-permalink', class: 'us-q-permalink', href: '#' });
      this.actionStatus = h('p', { id: 'us-q-action-status', class: 'us-q-action-status', role: 'status', 'aria-live': 'polite' });
      const button = (id, text, handler) => h('button', { type: 'button', id, class: 'us-q-button', onclick: handler }, text);
      const cite = h('div', { id: 'us-q-cite', class: 'us-q-cite' },
        h('h3', { id: 'us-q-cite-title' }, 'Cite this assessment'),
        this.citeText,
        h('p', { class: 'us-q-bibtex-label', id: 'us-q-bibtex-label' }, 'BibTeX:'),
        h('pre', { id: 'us-q-bibtex', class: 'us-q-bibtex', role: 'group', 'aria-labelledby': 'us-q-bibtex-label' }, this.bibtex),
        h('p', null, 'Permalink (reopens this page with these answers): ', this.link),
        h('div', { class: 'us-q-actions', role: 'group', 'aria-label': 'Copy, export or clear' },
          button('us-q-copy', 'Copy citation', () => this.copyCitation()),
          button('us-q-download-yaml', 'Download answers (YAML)', () => this.downloadYaml()),
          button('us-q-download-json', 'Download result (JSON)', () => this.downloadJson()),
          button('us-q-clear', 'Clear answers', () => this.clear())),
        this.actionStatus);
      this.resultTitle = h('h2', { id: 'us-q-result-title', tabindex: '-1' }, 'Result');
      const result = h('section', { id: 'us-q-result', class: 'us-q-result', 'aria-labelledby': 'us-q-result-title' },
        this.resultTitle, this.status, this.body, cite);
      const intro = h('div', { class: 'us-q-intro' },
        h('p', null, 'Knowledge base version ' + data.meta.version + '. Your answers stay in this browser: they are kept only in ' +
          'this page\u2019s address, after the \u201C#\u201D, which is never sent to a server.'),
        h('p', null, h('button', { type: 'button', class: 'us-q-button us-q-button--quiet', id: 'us-q-skip', onclick: () => this.focusResult() }, 'Skip to the result')));
      this.root.replaceChildren(this.alert, this.notice, intro,
        h('h2', { id: 'us-q-form-title' }, 'Questions'), this.form, result);
    }

    focusResult() {
      this.resultTitle.focus();
      if (this.resultTitle.scrollIntoView) this.resultTitle.scrollIntoView({ block: 'start' });
    }

    /** Answers from the URL fragment (a permalink). Bad parts are listed and ignored; the fragment
     *  itself is left as it is until the reader changes an answer, so a faulty link can be inspected. */
    readHash(hash, initial) {
      let frag = String(hash || '').replace(/^#/, '');
      // An in-page anchor (e.g. a heading's permalink) is not a set of answers: keep the current ones.
      if (frag && frag.indexOf('=') < 0 && document.getElementById(decodeSafe(frag))) {
        if (!initial) return;
        frag = '';
      }
      const read = Engine.readFragment(this.data, frag);
      this.answers = read.answers;
      this.showErrors(read.errors);
      const v = this.data.meta.version;
      if (read.version !== null && read.version !== v) {
        this.notice.replaceChildren(h('p', null, 'This link was made with version ' + read.version + ' of the knowledge base; this page uses version ' + v +
          '. The answers were read with the current questions, so the result may differ from the one the link was made for.'));
        this.notice.hidden = false;
      } else {
        this.notice.hidden = true;
        this.notice.replaceChildren();
      }
      this.setForm();
      this.update(false);
    }

    showErrors(errors) {
      if (!errors.length) {
        this.alert.hidden = true;
        this.alert.replaceChildren();
        return;
      }
      this.alert.replaceChildren(
        h('p', null, h('strong', null, 'Some parts of this link could not be read and were left unanswered:')),
        h('ul', null, errors.map((e) => h('li', { 'data-code': e.code }, e.message))));
      this.alert.hidden = false;
    }

    setForm() {
      for (const q of this.data.questions) {
        const v = this.answers[q.id];
        for (const input of this.form.querySelectorAll('input[name="us-q-' + q.id + '"]')) {
          input.checked = q.kind === 'one' ? input.value === (v === undefined ? '' : v) : Array.isArray(v) && v.includes(input.value);
        }
      }
    }

    readForm() {
      const out = {};
      for (const q of this.data.questions) {
        const checked = Array.from(this.form.querySelectorAll('input[name="us-q-' + q.id + '"]')).filter((i) => i.checked).map((i) => i.value);
        if (q.kind === 'one') {
          if (checked.length && checked[0] !== '') out[q.id] = checked[0];
        } else if (checked.length) {
          out[q.id] = checked;
        }
      }
      return out;
    }

    onChange() {
      this.answers = this.readForm();
      this.showErrors([]);
      this.update(true);
    }

    pageUrl() {
      return window.location.href.split('#')[0];
    }

    /** Recompute, redraw the result and rewrite the fragment (replaceState: no request, no history entry). */
    update(writeHash) {
      try {
        this.result = Engine.assess(this.data, this.answers, { pageUrl: this.pageUrl() });
      } catch (e) {
        this.result = null;
        this.body.replaceChildren(h('p', { class: 'us-q-error', role: 'alert' }, 'The result could not be computed: ' + e.message));
        return;
      }
      if (writeHash) {
        const target = '#' + Engine.fragment(this.data, this.answers);
        if (window.location.hash !== target) {
          try {
            window.history.replaceState(window.history.state, '', target);
          } catch (e) {
            // some file:// setups refuse replaceState; the permalink below still carries the answers
          }
        }
      }
      this.render();
    }

    render() {
      const r = this.result;
      const count = (items, key, value) => items.filter((x) => x[key] === value).length;
      const m = r.methods;
      const methodParts = [
        plural(count(m, 'verdict', 'supports'), 'method supports', 'methods support'),
        count(m, 'verdict', 'partial') + ' partial',
        count(m, 'verdict', 'does-not-support') + ' do not support',
      ];
      const status = 'Result updated: ' + methodParts.join(', ') + '; ' +
        plural(count(r.mismatches, 'status', 'applies'), 'mismatch applies', 'mismatches apply') + ', ' +
        count(r.mismatches, 'status', 'possible') + ' possible; ' +
        plural(r.claims.length, 'claim', 'claims') + ' shown; ' +
        plural(r.unknowns.length, 'unanswered question', 'unanswered questions') + ' could change the result.';
      this.status.textContent = status;
      this.body.replaceChildren(this.renderSummary(r), this.renderMethods(r), this.renderMismatches(r), this.renderClaims(r), this.renderUnknowns(r));
      this.citeText.textContent = r.citation.text;
      this.bibtex.textContent = r.citation.bibtex;
      this.link.textContent = r.citation.permalink;
      this.link.href = r.citation.permalink;
      this.root.setAttribute('data-us-q-digest', r.answers_digest);
    }

    optionLabel(qid, oid) {
      const q = this.data.questions.find((x) => x.id === qid);
      const o = q && q.options.find((x) => x.id === oid);
      return o ? o.label : oid;
    }

    questionLabel(qid) {
      const q = this.data.questions.find((x) => x.id === qid);
      return q ? q.label : qid;
    }

    valueText(qid, v) {
      return (Array.isArray(v) ? v : [v]).map((o) => this.optionLabel(qid, o)).join(', ');
    }

    renderSummary(r) {
      const items = (obj) => h('ul', { class: 'us-q-list' }, Object.keys(obj).map((q) =>
        h('li', { 'data-question': q }, this.questionLabel(q) + ' ', h('strong', null, this.valueText(q, obj[q])))));
      const rows = [h('dt', null, 'Answered'), h('dd', null, Object.keys(r.answers).length ? items(r.answers) : 'Nothing yet.')];
      if (Object.keys(r.defaults_applied).length) rows.push(h('dt', null, 'Defaults used'), h('dd', null, items(r.defaults_applied)));
      if (r.unanswered.length) {
        rows.push(h('dt', null, 'Unanswered'), h('dd', null, h('ul', { class: 'us-q-list' }, r.unanswered.map((q) => h('li', { 'data-question': q }, this.questionLabel(q))))));
      }
      return h('dl', { id: 'us-q-summary', class: 'us-q-summary' }, rows);
    }

    renderMethods(r) {
      const showHalves = r.methods.some((m) => Object.keys(m.halves).length > 1);
      const col = (cls, text) => h('th', { scope: 'col', class: cls }, text);
      const head = h('tr', null, col('us-q-col-method', 'Method'), col('us-q-col-verdict', 'Verdict'),
        col('us-q-col-text', 'Conditions'), col('us-q-col-text', 'Caveats'));
      const rows = r.methods.map((m) => h('tr', { 'data-method': m.id, 'data-verdict': m.verdict },
        h('th', { scope: 'row' }, idLink(m.id, m.label)),
        h('td', null, badge('method', m.verdict, METHOD_WORDS),
          showHalves ? h('ul', { class: 'us-q-halves' }, Object.keys(m.halves).map((a) => h('li', { 'data-aspect': a },
            (this.data.goals[a] || a) + ': ', badge('method', m.halves[a], METHOD_WORDS)))) : null,
          m.depends_on.length ? h('span', { class: 'us-q-depends' }, 'Could change with: ' + m.depends_on.map((q) => this.questionLabel(q)).join('; ')) : null),
        h('td', null, this.list(m.conditions, 'None stated.'), this.trace(m.trace)),
        h('td', null, this.list(m.caveats, 'None stated.'))));
      return h('div', { id: 'us-q-methods', class: 'us-q-block' },
        h('h3', { id: 'us-q-methods-title' }, 'Methods'),
        h('p', { class: 'us-q-block-help' }, showHalves
          ? 'Each method is judged on removal and on suppression; its verdict is the weaker of the two.'
          : 'What each kind of method can deliver for your answers, and on what conditions.'),
        h('div', { class: 'us-q-table-wrap', role: 'group', 'aria-labelledby': 'us-q-methods-title', tabindex: '0' },
          h('table', { id: 'us-q-methods-table', class: 'us-q-table' }, h('thead', null, head), h('tbody', null, rows))));
    }

    renderMismatches(r) {
      const body = r.mismatches.length
        ? h('div', { class: 'us-q-table-wrap', role: 'group', 'aria-labelledby': 'us-q-mismatches-title', tabindex: '0' },
          h('table', { id: 'us-q-mismatches-table', class: 'us-q-table' },
            h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'us-q-col-id' }, 'ID'), h('th', { scope: 'col', class: 'us-q-col-method' }, 'Mismatch'),
              h('th', { scope: 'col', class: 'us-q-col-verdict' }, 'Status'), h('th', { scope: 'col' }, 'Why'))),
            h('tbody', null, r.mismatches.map((mm) => h('tr', { 'data-mismatch': mm.id, 'data-status': mm.status },
              h('td', null, idLink(mm.id)), h('th', { scope: 'row' }, mm.label),
              h('td', null, badge('mismatch', mm.status, MISMATCH_WORDS),
                mm.status === 'possible' ? h('span', { class: 'us-q-depends' }, 'Depends on: ' + mm.depends_on.map((q) => this.questionLabel(q)).join('; ')) : null),
              h('td', null, mm.reasons.length > 1 ? this.list(mm.reasons) : mm.why, this.trace(mm.trace)))))))
        : h('p', null, 'No mismatch applies to these answers.');
      return h('div', { id: 'us-q-mismatches', class: 'us-q-block' },
        h('h3', { id: 'us-q-mismatches-title' }, 'Mismatches'),
        h('p', { class: 'us-q-block-help' }, 'Gaps between what is asked for and what unlearning can deliver. \u201CPossible\u201D: it applies for some answers to the unanswered questions.'),
        body);
    }

    renderClaims(r) {
      const groups = CLAIM_GROUP_ORDER.concat(Object.keys(CLAIM_WORDS).filter((v) => !CLAIM_GROUP_ORDER.includes(v)));
      const parts = [];
      for (const verdict of groups) {
        const items = r.claims.filter((cl) => cl.verdict === verdict);
        if (!items.length) continue;
        const gid = 'us-q-claims-' + verdict;
        parts.push(h('div', { id: gid, class: 'us-q-claim-group' },
          h('h4', { id: gid + '-title' }, badge('claim', verdict, CLAIM_WORDS), ' ', '(' + items.length + ')'),
          h('p', { class: 'us-q-block-help' }, CLAIM_GROUP_HELP[verdict] || ''),
          h('ul', { class: 'us-q-claims' }, items.map((cl) => this.claimItem(cl)))));
      }
      return h('div', { id: 'us-q-claims', class: 'us-q-block' },
        h('h3', { id: 'us-q-claims-title' }, 'Claims'),
        h('p', { class: 'us-q-block-help' }, 'Statements a policy, contract or filing might make, and whether they can be backed for your answers. ' +
          'Claims marked \u201Cpossibly relevant\u201D apply only for some answers to the unanswered questions.'),
        parts.length ? parts : h('p', null, 'No claim applies to these answers.'));
    }

    claimItem(cl) {
      return h('li', { class: 'us-q-claim', 'data-claim': cl.id, 'data-verdict': cl.verdict, 'data-relevance': cl.relevance },
        h('p', { class: 'us-q-claim-head' }, idLink(cl.id), ' ', cl.statement,
          cl.relevance === 'possible' ? [' ', h('span', { class: 'us-q-tag us-q-tag--possible' }, 'Possibly relevant')] : null),
        cl.conditions.length ? h('div', { class: 'us-q-claim-conditions' }, h('span', null, 'Conditions:'), this.list(cl.conditions)) : null,
        h('details', { class: 'us-q-claim-more' },
          h('summary', null, 'Why, and what to ask for'),
          h('p', null, cl.rationale),
          cl.evidence.length ? [h('p', null, h('strong', null, 'Evidence to ask for:')), this.list(cl.evidence)] : null,
          cl.mismatches.length ? h('p', null, 'Mismatches: ', joinNodes(cl.mismatches.map((x) => idLink(x)), ', ')) : null,
          this.trace(cl.trace)));
    }

    renderUnknowns(r) {
      const body = r.unknowns.length
        ? h('ul', { class: 'us-q-unknowns' }, r.unknowns.map((u) => h('li', { 'data-question': u.question },
          'Answering ', h('button', { type: 'button', class: 'us-q-linkbutton', onclick: () => this.focusQuestion(u.question) }, u.label),
          ' could change: ', joinNodes(u.would_change.map((x) => idLink(x)), ', '), '.')))
        : h('p', null, 'No unanswered question would change this result.');
      return h('div', { id: 'us-q-unknowns', class: 'us-q-block' },
        h('h3', { id: 'us-q-unknowns-title' }, 'What is still open'), body);
    }

    focusQuestion(qid) {
      const fs = document.getElementById('us-q-' + qid + '-fieldset');
      if (!fs) return;
      const input = fs.querySelector('input');
      if (fs.scrollIntoView) fs.scrollIntoView({ block: 'center' });
      if (input) input.focus();
    }

    list(items, empty) {
      if (!items.length) return empty ? h('p', { class: 'us-q-none' }, empty) : null;
      return h('ul', { class: 'us-q-list' }, items.map((x) => h('li', null, x)));
    }

    trace(ids) {
      if (!ids.length) return null;
      return h('p', { class: 'us-q-trace' }, ids.length > 1 ? 'Rules: ' : 'Rule: ', joinNodes(ids.map((x) => idLink(x)), ', '));
    }

    say(text) {
      this.actionStatus.textContent = '';
      // a fresh text node, so a repeated message is announced again
      window.setTimeout(() => {
        this.actionStatus.textContent = text;
      }, 50);
    }

    copyCitation() {
      const text = this.result ? this.result.citation.text : '';
      const select = () => {
        const range = document.createRange();
        range.selectNodeContents(this.citeText);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        this.say('The citation is selected: press Ctrl+C (or \u2318C) to copy it.');
      };
      if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(() => this.say('Citation copied.'), select);
      } else {
        select();
      }
    }

    fileStem() {
      return 'unlearning-scope-' + this.data.meta.version + '-' + (this.result ? this.result.answers_digest.split(':')[1].slice(0, 12) : 'answers');
    }

    download(name, text, type) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.say('Downloaded ' + name + '.');
    }

    downloadYaml() {
      this.download(this.fileStem() + '-answers.yaml', Engine.answersYaml(this.data, this.answers), 'application/yaml');
    }

    downloadJson() {
      if (!this.result) return;
      this.download(this.fileStem() + '-result.json', JSON.stringify(this.result, null, 2) + '\n', 'application/json');
    }

    clear() {
      this.answers = {};
      this.showErrors([]);
      this.notice.hidden = true;
      this.setForm();
      this.update(true);
      this.say('Answers cleared.');
    }
  }

  function decodeSafe(text) {
    try {
      return decodeURIComponent(text);
    } catch (e) {
      return text;
    }
  }

  /** Turn #us-q-root into the questionnaire; idempotent, and a no-op on pages without it. */
  function mount() {
    const root = document.getElementById('us-q-root');
    if (!root || root.hasAttribute('data-us-q-mounted')) return;
    root.setAttribute('data-us-q-mounted', 'loading');
    root.setAttribute('aria-busy', 'true');
    root.replaceChildren(h('p', { class: 'us-q-loading' }, 'Loading the questionnaire\u2026'));
    loadData().then((data) => {
      if (!root.isConnected) return;
      current = new Questionnaire(root, data);
      root.setAttribute('data-us-q-mounted', 'ready');
      root.removeAttribute('aria-busy');
    }).catch((err) => {
      if (!root.isConnected) return;
      root.setAttribute('data-us-q-mounted', 'failed');
      root.removeAttribute('aria-busy');
      root.replaceChildren(h('p', { class: 'us-q-error', role: 'alert' },
        'The questionnaire could not be loaded (' + err.message + '). The command-line tool, unlearning-scope evaluate, gives the same result.'));
    });
  }

  window.addEventListener('hashchange', () => {
    if (current && current.root.isConnected) current.readHash(window.location.hash, false);
  });

  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(() => mount());
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }
})();
