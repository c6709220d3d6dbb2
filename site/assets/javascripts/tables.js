/*
 * Unlearning Scope: results looked up in the decision tables, in the reader's browser.
 *
 * The rules are compiled once, in Python, into decision tables (framework/tables.py; format in
 * decision-tables/ on the site). This script reads no rule: it looks outcomes up and combines them as
 * the contract defines (defaults, the weakest outcome over the completions of unanswered questions,
 * unknowns, what would change a verdict, the digest and the permalink), mirroring
 * framework/evaluation.py, changes.py, assessment.py and answers.py line for line.
 * tests/test_questionnaire_js.py proves that it gives what `unlearning-scope evaluate --format json`
 * gives, slot by slot over every answer set. Pure (no DOM, no I/O): it also runs under Node.
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

  // ---- the tables, indexed for lookups (framework/tables.py Tables) --------------------------------

  const INDEXED = new WeakMap();

  function keyOf(v) {
    return JSON.stringify(v);
  }

  function strides(sizes) {
    const out = sizes.map(() => 1);
    for (let i = sizes.length - 2; i >= 0; i--) out[i] = out[i + 1] * sizes[i + 1];
    return out;
  }

  /** Lookup indexes for one version's tables, built once per tables object. */
  function index(data) {
    if (INDEXED.has(data)) return INDEXED.get(data);
    if (data.format !== FORMAT || data.format_version !== FORMAT_VERSION) {
      throw new Error('these are not decision tables of format ' + FORMAT + ' ' + FORMAT_VERSION);
    }
    const byId = new Map();
    const optionIds = new Map();
    const domainIndex = new Map();
    for (const q of data.questions) {
      byId.set(q.id, q);
      optionIds.set(q.id, q.options.map((o) => o.id));
      domainIndex.set(q.id, new Map(q.domain.map((v, i) => [keyOf(v), i])));
    }
    const states = (qid) => byId.get(qid).domain.length + (byId.get(qid).default ? 1 : 0);
    const slots = new Map();
    for (const s of data.slots) slots.set(s.slot.join('/'), { reads: s.reads, table: s.table, strides: strides(s.reads.map(states)) });
    const defaults = new Map();
    for (const q of data.questions) if (q.default) defaults.set(q.id, { reads: q.default.reads, values: q.default.values, strides: strides(q.default.reads.map(states)) });
    const idx = {
      data, byId, optionIds, domainIndex, slots, defaults, states,
      questions: data.questions,
      questionIds: data.questions.map((q) => q.id),
      methodReads: new Map(data.methods.map((m) => [m.id, m.reads])),
      cache: new Map(),
    };
    INDEXED.set(data, idx);
    return idx;
  }

  function hasDefault(idx, qid) {
    return Boolean(idx.byId.get(qid).default);
  }

  function stateOf(idx, qid, value) {
    if (value === undefined) {
      if (!hasDefault(idx, qid)) throw new Error(qid + ' has no default, so it has no unanswered state');
      return idx.byId.get(qid).domain.length;
    }
    const i = idx.domainIndex.get(qid).get(keyOf(value));
    if (i === undefined) throw new Error('no state ' + keyOf(value) + ' of ' + qid);
    return i;
  }

  function at(idx, entry, answers) {
    let i = 0;
    for (let k = 0; k < entry.reads.length; k++) i += entry.strides[k] * stateOf(idx, entry.reads[k], answers.get(entry.reads[k]));
    return i;
  }

  /** The slot's outcome for answers giving every question it reads (Tables.lookup). */
  function lookup(idx, slot, answers) {
    const s = idx.slots.get(slot);
    return idx.data.outcomes[s.table[at(idx, s, answers)]];
  }

  /** Tables.with_defaults: [answers with decidable defaults filled, Set of the filled questions]. */
  function withDefaults(idx, answers) {
    const full = new Map(answers);
    const filled = new Set();
    for (const q of idx.questions) {
      const d = idx.defaults.get(q.id);
      if (!d || full.has(q.id) || !d.reads.every((r) => full.has(r))) continue;
      const value = d.values[at(idx, d, full)];
      if (value !== null) {
        full.set(q.id, value);
        filled.add(q.id);
      }
    }
    return [full, filled];
  }

  // ---- evaluation of partial answers (framework/evaluation.py) -------------------------------------

  /** The completions of the unanswered questions among `reads`: nested loops, first question slowest. */
  class Walk {
    constructor(idx, answers, reads) {
      this.idx = idx;
      this.answers = answers;
      this.reads = reads;
      this.free = reads.filter((q) => !answers.has(q) && !hasDefault(idx, q));
      this.sizes = this.free.map((q) => idx.byId.get(q).domain.length);
      this.radix = this.free.map(() => 1);
      for (let i = this.free.length - 2; i >= 0; i--) this.radix[i] = this.radix[i + 1] * this.sizes[i + 1];
      this.count = this.sizes.reduce((a, b) => a * b, 1);
    }

    /** The j-th digit of completion n. */
    digit(n, j) {
      return Math.floor(n / this.radix[j]) % this.sizes[j];
    }

    /** The slot's table index for every completion, in order. */
    indexer(slot) {
      const s = this.idx.slots.get(slot);
      let base = 0;
      const add = this.free.map(() => 0);
      s.reads.forEach((q, k) => {
        const j = this.free.indexOf(q);
        if (j >= 0) add[j] = s.strides[k];
        else base += s.strides[k] * stateOf(this.idx, q, this.answers.get(q));
      });
      const out = new Array(this.count);
      for (let n = 0; n < this.count; n++) {
        let i = base;
        for (let j = 0; j < this.free.length; j++) i += add[j] * this.digit(n, j);
        out[n] = s.table[i];
      }
      return out;
    }

    answersAt(n) {
      const out = new Map(this.answers);
      this.free.forEach((q, j) => out.set(q, this.idx.byId.get(q).domain[this.digit(n, j)]));
      return out;
    }

    /** Free questions where two completions differing only there have different keys. */
    unknowns(keys) {
      const changed = [];
      this.free.forEach((q, j) => {
        const seen = new Map();
        for (let n = 0; n < keys.length; n++) {
          const group = n - this.digit(n, j) * this.radix[j];
          if (seen.has(group)) {
            if (seen.get(group) !== keys[n]) {
              changed.push(q);
              break;
            }
          } else {
            seen.set(group, keys[n]);
          }
        }
      });
      return changed;
    }
  }

  class Evaluation {
    constructor(idx, answers) {
      this.idx = idx;
      this.answers = answers;
      this.outcomes = idx.data.outcomes;
      this.methodOrder = idx.data.method_order;
      this.claimOrder = idx.data.claim_order;
      this.unanswered = idx.questionIds.filter((q) => !answers.has(q) && !hasDefault(idx, q));
    }

    method(method) {
      const idx = this.idx;
      const outcomes = this.outcomes;
      const order = this.methodOrder;
      const goal = idx.data.aspects_question;
      const w = new Walk(idx, this.answers, idx.methodReads.get(method));
      const perHalf = {};
      for (const a of Object.keys(idx.data.halves)) perHalf[a] = w.indexer('method/' + method + '/' + a);
      const goalValues = idx.byId.get(goal).domain;
      const goalAt = w.free.indexOf(goal);
      const partsOf = [];
      for (let n = 0; n < w.count; n++) {
        const g = goalAt >= 0 ? goalValues[w.digit(n, goalAt)] : this.answers.get(goal);
        partsOf.push(idx.data.aspects[g].map((a) => [a, perHalf[a][n]]));
      }
      const values = partsOf.map((parts) => minBy(parts.map(([, i]) => outcomes[i].value), (v) => order[v || 'does-not-support']));
      const verdict = minBy(values, (v) => rankIn(order, v));
      const deciding = [];
      partsOf.forEach((parts, n) => {
        if (values[n] !== verdict) return;
        for (const [, i] of parts) if (outcomes[i].value === verdict) deciding.push([i, n]);
      });
      const halves = {};
      for (const half of dedupe(partsOf.flatMap((parts) => parts.map(([a]) => a)))) {
        halves[half] = minBy(partsOf.flatMap((parts) => parts.filter(([a]) => a === half).map(([, i]) => outcomes[i].value)), (v) => rankIn(order, v));
      }
      const firsts = dedupe(deciding.map(([i]) => i));
      const keys = partsOf.map((parts, n) => keyOf([values[n], parts.flatMap(([, i]) => outcomes[i].conditions)]));
      return {
        id: method,
        verdict,
        halves,
        conditions: dedupe(firsts.flatMap((i) => outcomes[i].conditions)),
        caveats: dedupe(firsts.flatMap((i) => outcomes[i].caveats)),
        trace: dedupe(firsts.flatMap((i) => outcomes[i].rules.map((r) => r.id))),
        explanation: this.explain(w, deciding),
        depends_on: w.unknowns(keys),
      };
    }

    mismatch(mid) {
      const slot = 'mismatch/' + mid;
      const w = new Walk(this.idx, this.answers, this.idx.slots.get(slot).reads);
      const found = w.indexer(slot);
      const applying = [];
      found.forEach((i, n) => { if (this.outcomes[i].value !== null) applying.push([i, n]); });
      if (!applying.length) return null;
      const firsts = dedupe(applying.map(([i]) => i));
      const whys = dedupe(firsts.flatMap((i) => this.outcomes[i].why));
      return {
        id: mid,
        status: applying.length === found.length ? 'applies' : 'possible',
        why: whys.join(' '),
        reasons: whys,
        trace: dedupe(firsts.flatMap((i) => this.outcomes[i].rules.map((r) => r.id))),
        explanation: this.explain(w, applying),
        depends_on: w.unknowns(found.map((i) => this.outcomes[i].value !== null)),
      };
    }

    claim(cid) {
      const slot = 'claim/' + cid;
      const w = new Walk(this.idx, this.answers, this.idx.slots.get(slot).reads);
      const found = w.indexer(slot);
      const values = found.map((i) => this.outcomes[i].value);
      const decided = values.filter((v) => v !== null);
      if (!decided.length) return null;
      const verdict = minBy(decided, (v) => rankIn(this.claimOrder, v));
      const worst = [];
      found.forEach((i, n) => { if (values[n] === verdict) worst.push([i, n]); });
      const firsts = dedupe(worst.map(([i]) => i));
      return {
        id: cid,
        verdict,
        relevance: decided.length === values.length ? 'certain' : 'possible',
        conditions: dedupe(firsts.flatMap((i) => this.outcomes[i].conditions)),
        trace: dedupe(firsts.flatMap((i) => this.outcomes[i].rules.map((r) => r.id))),
        explanation: this.explain(w, worst),
        depends_on: w.unknowns(values),
      };
    }

    explain(w, deciding) {
      const out = new Map();
      const last = new Map();
      const rules = this.idx.data.rules;
      for (const [i, n] of deciding) {
        for (const r of this.outcomes[i].rules) {
          if (!out.has(r.id)) out.set(r.id, { rule: r.id, label: rules[r.id].label, read: {}, overrode: [] });
          const item = out.get(r.id);
          for (const other of r.overrode) if (!item.overrode.includes(other)) item.overrode.push(other);
          last.set(r.id, n);
        }
      }
      for (const [rid, item] of out) {
        let full = null;
        for (const q of rules[rid].reads) {
          const given = this.answers.get(q);
          if (given !== undefined) {
            item.read[q] = plain(given);
          } else if (hasDefault(this.idx, q)) {
            full = full || withDefaults(this.idx, w.answersAt(last.get(rid)))[0];
            item.read[q] = full.has(q) ? plain(full.get(q)) + ' (default)' : '(unanswered)';
          } else {
            item.read[q] = '(unanswered)';
          }
        }
      }
      return Array.from(out.values());
    }
  }

  // ---- what would change a verdict (framework/changes.py) ------------------------------------------

  const SHOWN = 3;

  class ChangeSlot {
    constructor(idx, kind, item) {
      this.idx = idx;
      this.kind = kind;
      this.item = item;
      this.reads = kind === 'method' ? idx.methodReads.get(item) : idx.slots.get('claim/' + item).reads;
      this.order = kind === 'method' ? idx.data.method_order : idx.data.claim_order;
      this.values = idx.data.outcomes.map((o) => o.value);
      this.states = this.reads.map((q) => idx.states(q));
      this.open = this.reads.map((q) => (hasDefault(idx, q) ? null : idx.byId.get(q).domain.length));
      const radix = this.states.map((n, i) => n + (this.open[i] !== null ? 1 : 0));
      this.weight = radix.map(() => 1);
      for (let i = radix.length - 2; i >= 0; i--) this.weight[i] = this.weight[i + 1] * radix[i + 1];
      if (kind === 'method') {
        const goal = idx.data.aspects_question;
        this.goalAt = this.reads.indexOf(goal);
        this.goalValues = idx.byId.get(goal).domain;
        this.halves = {};
        for (const a of Object.keys(idx.data.halves)) this.halves[a] = this.projection('method/' + item + '/' + a);
      } else {
        this.claim = this.projection('claim/' + item);
      }
      const memoKey = 'verdicts/' + kind + '/' + item;
      if (!idx.cache.has(memoKey)) idx.cache.set(memoKey, new Map());
      this.memo = idx.cache.get(memoKey);
    }

    projection(slot) {
      const s = this.idx.slots.get(slot);
      return [this.reads.map((q) => (s.reads.includes(q) ? s.strides[s.reads.indexOf(q)] : 0)), s.table];
    }

    digits(answers) {
      return this.reads.map((q, i) => (answers.has(q) || this.open[i] === null ? stateOf(this.idx, q, answers.get(q)) : this.open[i]));
    }

    complete(digits) {
      const at = ([strides, table]) => {
        let i = 0;
        for (let k = 0; k < strides.length; k++) i += strides[k] * digits[k];
        return this.values[table[i]];
      };
      if (this.kind === 'claim') return at(this.claim);
      const aspects = this.idx.data.aspects[this.goalValues[digits[this.goalAt]]];
      return minBy(aspects.map((a) => at(this.halves[a])), (v) => this.order[v || 'does-not-support']);
    }

    verdict(digits) {
      let code = 0;
      for (let k = 0; k < digits.length; k++) code += this.weight[k] * digits[k];
      if (this.memo.has(code)) return this.memo.get(code);
      const at = digits.findIndex((d, i) => d === this.open[i]);
      let out;
      if (at < 0) {
        out = this.complete(digits);
      } else {
        const decided = [];
        for (let x = 0; x < this.states[at]; x++) {
          const next = digits.slice();
          next[at] = x;
          const v = this.verdict(next);
          if (v !== null) decided.push(v);
        }
        out = decided.length ? minBy(decided, (v) => this.order[v]) : null;
      }
      this.memo.set(code, out);
      return out;
    }

    extremes() {
      const key = 'extremes/' + this.kind + '/' + this.item;
      if (!this.idx.cache.has(key)) {
        const found = new Set();
        const digits = new Array(this.reads.length);
        const walk = (i) => {
          if (i === this.reads.length) {
            found.add(this.complete(digits));
            return;
          }
          for (let x = 0; x < this.states[i]; x++) {
            digits[i] = x;
            walk(i + 1);
          }
        };
        walk(0);
        found.delete(null);
        const ranked = Array.from(found).sort((a, b) => this.order[a] - this.order[b]);
        this.idx.cache.set(key, ranked.length ? [ranked[ranked.length - 1], ranked[0]] : [null, null]);
      }
      return this.idx.cache.get(key);
    }
  }

  function combinations(n, r) {
    const out = [];
    const pick = (start, acc) => {
      if (acc.length === r) {
        out.push(acc.slice());
        return;
      }
      for (let i = start; i < n; i++) {
        acc.push(i);
        pick(i + 1, acc);
        acc.pop();
      }
    };
    pick(0, []);
    return out;
  }

  function search(s, answers, current, stronger) {
    const base = s.digits(answers);
    const full = withDefaults(s.idx, answers)[0];
    const step = (q, to) => {
      if (answers.has(q) || !full.has(q)) return { question: q, from: answers.has(q) ? plain(answers.get(q)) : null, to: plain(to) };
      return { question: q, from: plain(full.get(q)), from_default: true, to: plain(to) };
    };
    const rank = s.order[current];
    const domains = s.reads.map((q) => s.idx.byId.get(q).domain);
    for (let size = 1; size <= s.reads.length; size++) {
      const found = [];
      let count = 0;
      for (const at of combinations(s.reads.length, size)) {
        const choices = at.map((i) => domains[i].map((_, x) => x).filter((x) => x !== base[i]));
        const combo = new Array(at.length);
        const walk = (k) => {
          if (k === at.length) {
            const digits = base.slice();
            at.forEach((i, j) => { digits[i] = combo[j]; });
            const v = s.verdict(digits);
            if (v === null || (s.order[v] > rank) !== stronger || s.order[v] === rank) return;
            count++;
            if (found.length < SHOWN) {
              found.push({
                verdict: v,
                answers: at.map((i, j) => step(s.reads[i], domains[i][combo[j]])),
              });
            }
            return;
          }
          for (const x of choices[k]) {
            combo[k] = x;
            walk(k + 1);
          }
        };
        walk(0);
      }
      if (found.length) return { size, options: found, more: count - found.length };
    }
    return null;
  }

  function whatWouldChange(idx, answers, kind, item, current) {
    const s = new ChangeSlot(idx, kind, item);
    const [strongest, weakest] = s.extremes();
    const top = Object.keys(s.order).reduce((a, b) => (s.order[b] > s.order[a] ? b : a));
    const out = {
      stronger: current === strongest ? null : search(s, answers, current, true),
      weaker: current === weakest ? null : search(s, answers, current, false),
      strongest_possible: strongest,
      can_reach_top: strongest === top,
    };
    if (strongest !== top) out.note = 'No answers make this ' + top + ': the strongest verdict any answers give is ' + strongest + '.';
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
    const c = index(data);
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
    const c = index(data);
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

  // ---- the bottom line (framework/bottom_line.py) ---------------------------------------------------

  const ASK_AT_MOST = 6;

  function names(items) {
    const labels = items.map((x) => x.label + ' (' + x.id + ')');
    return labels.length === 1 ? labels[0] : labels.slice(0, -1).join(', ') + ' and ' + labels[labels.length - 1];
  }

  function consistent(fixed, answers) {
    for (const q of Object.keys(fixed)) if (Object.prototype.hasOwnProperty.call(answers, q) && keyOf(answers[q]) !== keyOf(fixed[q])) return false;
    return true;
  }

  function bottomLine(result, data) {
    const halves = data.halves || {};
    const goal = result.answers.goal;
    const aim = goal === undefined ? 'the aim (not yet said: removal, suppression or both)'
      : ((data.aspects || {})[goal] || [goal]).map((a) => (halves[a] || a).toLowerCase()).join(' and ') || String(goal);
    const supports = result.methods.filter((m) => m.verdict === 'supports');
    const partial = result.methods.filter((m) => m.verdict === 'partial');
    const cannot = result.methods.filter((m) => m.verdict === 'does-not-support');
    const text = [];
    if (supports.length) text.push('For ' + aim + ', ' + names(supports) + ' can deliver it, provided the conditions listed for ' + (supports.length === 1 ? 'it' : 'each') + ' hold.');
    else text.push('For ' + aim + ', no method can deliver it for these answers.');
    if (partial.length) text.push(names(partial) + ' ' + (partial.length === 1 ? 'reduces' : 'reduce') + ' the problem under stated conditions but ' + (partial.length === 1 ? 'guarantees' : 'guarantee') + ' nothing.');
    if (cannot.length) text.push(names(cannot) + ' cannot deliver it.');
    const applying = result.mismatches.filter((m) => m.status === 'applies');
    const possible = result.mismatches.filter((m) => m.status === 'possible');
    if (applying.length) text.push('Mismatches that apply: ' + applying.map((m) => m.id + ' ' + m.label).join('; ') + '.');
    if (possible.length) text.push('May also apply, depending on unanswered questions: ' + possible.map((m) => m.id + ' ' + m.label).join('; ') + '.');
    const n = result.unknowns.length;
    if (n) text.push(n + ' unanswered question' + (n !== 1 ? 's' : '') + ' could change this; each verdict above is the weakest over their possible answers.');
    const basis = supports.length ? supports : partial;
    const ask = dedupe(basis.flatMap((m) => m.conditions));
    return {
      text,
      can_deliver: supports.concat(partial).map((m) => ({ id: m.id, label: m.label, verdict: m.verdict, conditions: m.conditions.slice() })),
      cannot: cannot.map((m) => ({ id: m.id, label: m.label })),
      mismatches: applying.concat(possible).map((m) => ({ id: m.id, label: m.label, status: m.status })),
      ask_provider: ask.slice(0, ASK_AT_MOST),
      ask_provider_more: Math.max(0, ask.length - ASK_AT_MOST),
      ask_provider_for: basis.map((m) => m.id),
      trees: (data.trees || []).filter((t) => consistent(t.fixed, result.answers)).map((t) => ({ id: t.id, label: t.label })),
    };
  }

  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }

  /** The whole result for one set of answers (assessment.assess), from one version's tables:
   *  verdicts, mismatches, claims, unknowns, what would change each verdict, citation.
   *  `options`: {siteUrl, pageUrl} for the permalink (see `permalink`). */
  function assess(data, answers, options) {
    const idx = index(data);
    const normalised = normalise(data, answers);
    const [full, filled] = withDefaults(idx, normalised);
    const ev = new Evaluation(idx, normalised);
    const methods = data.methods.map((m) => {
      const r = ev.method(m.id);
      return {
        id: m.id, label: m.label, verdict: r.verdict, halves: r.halves, conditions: r.conditions, caveats: r.caveats,
        trace: r.trace, explanation: r.explanation, depends_on: r.depends_on,
        what_would_change: whatWouldChange(idx, normalised, 'method', m.id, r.verdict),
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
        what_would_change: whatWouldChange(idx, normalised, 'claim', cl.id, r.verdict),
      });
    }
    const unknowns = [];
    for (const q of idx.questions) {
      if (normalised.has(q.id) || filled.has(q.id)) continue;
      const changes = [];
      for (const group of [methods, mismatches, claims]) for (const item of group) if (item.depends_on.includes(q.id)) changes.push(item.id);
      if (changes.length) unknowns.push({ question: q.id, label: q.label, would_change: changes });
    }
    const answersDigest = digest(normalised);
    const link = permalink(data, normalised, options);
    const defaultsApplied = {};
    for (const q of idx.questions) if (filled.has(q.id)) defaultsApplied[q.id] = plain(full.get(q.id));
    const result = {
      kb_version: data.kb.version,
      kb_digest: data.kb.kb_digest,
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
    return Object.assign({ bottom_line: bottomLine(result, data) }, result);
  }

  /** What `after` (a result) concludes differently from `before` (versions.differences). */
  function differences(before, after) {
    const out = [];
    for (const [kind, group, key] of [['method', 'methods', 'verdict'], ['mismatch', 'mismatches', 'status'], ['claim', 'claims', 'verdict']]) {
      const b = new Map(before[group].map((x) => [x.id, x[key]]));
      const a = new Map(after[group].map((x) => [x.id, x[key]]));
      for (const id of dedupe([...a.keys(), ...b.keys()])) {
        const x = b.has(id) ? b.get(id) : null;
        const y = a.has(id) ? a.get(id) : null;
        if (x !== y) out.push({ kind, id, before: x, after: y });
      }
    }
    return out;
  }

  const Engine = {
    FORMAT,
    FORMAT_VERSION,
    assess,
    differences,
    readFragment,
    fragment,
    normalise: (data, answers) => answersObject(normalise(data, answers)),
    answersYaml,
    digest: (data, answers) => digest(normalise(data, answers)),
    sha256Hex,
    canonicalJson,
    index,
    evaluateSlot(data, kind, id, answers) {
      const idx = index(data);
      const ev = new Evaluation(idx, normalise(data, answers));
      return kind === 'method' ? ev.method(id) : kind === 'claim' ? ev.claim(id) : ev.mismatch(id);
    },
    whatWouldChange(data, kind, id, answers, current) {
      return whatWouldChange(index(data), normalise(data, answers), kind, id, current);
    },
  };

  if (typeof module !== 'undefined' && module.exports) module.exports = Engine;
  if (typeof window !== 'undefined') window.UnlearningScopeEngine = Engine;
})();
