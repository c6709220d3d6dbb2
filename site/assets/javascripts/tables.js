/*
 * Unlearning Scope: results looked up in the decision tables, in the reader's browser.
 *
 * The rules are compiled once, in Python, into decision tables (framework/logic/tables.py; format in
 * decision-tables/ on the site). This script reads no rule: it looks outcomes up and combines them as
 * the contract defines (defaults, the weakest outcome over the completions of unanswered questions,
 * unknowns, what would change a verdict), mirroring framework/logic/evaluation.py, changes.py and
 * framework/outputs/assessment.py line for line, and assembles the whole result with the answers'
 * normal form, digest, permalink and citation (answers.js) and the bottom line (bottom-line.js),
 * which load before it (under Node, it requires them).
 * tests/test_questionnaire_js.py proves that it gives what `unlearning-scope evaluate --format json`
 * gives, slot by slot over every answer set. Pure (no DOM, no I/O): it also runs under Node.
 */
(function () {
  'use strict';

  const inNode = typeof module !== 'undefined' && module.exports;
  const Answers = inNode ? require('./answers.js') : window.UnlearningScopeAnswers;
  const { bottomLine } = inNode ? require('./bottom-line.js') : window.UnlearningScopeBottomLine;
  const { FORMAT, FORMAT_VERSION, normalise, answersObject, digest, permalink, citation, dedupe, plain, keyOf } = Answers;


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

  // ---- the tables, indexed for lookups (framework/logic/tables.py Tables) --------------------------

  const INDEXED = new WeakMap();

  function strides(sizes) {
    const out = sizes.map(() => 1);
    for (let i = sizes.length - 2; i >= 0; i--) out[i] = out[i + 1] * sizes[i + 1];
    return out;
  }

  /** Lookup indexes for one version's tables, built once per tables object. */
  function index(data) {
    if (INDEXED.has(data)) return INDEXED.get(data);
    const { byId, optionIds } = Answers.questions(data);
    const domainIndex = new Map();
    for (const q of data.questions) domainIndex.set(q.id, new Map(q.domain.map((v, i) => [keyOf(v), i])));
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
      const byHalf = {};
      for (const half of dedupe(partsOf.flatMap((parts) => parts.map(([a]) => a)))) {
        const found = partsOf.flatMap((parts) => parts.filter(([a]) => a === half).map(([, i]) => i));
        halves[half] = minBy(found.map((i) => outcomes[i].value), (v) => rankIn(order, v));
        // each half on its own (contract, "Verdicts"), as evaluation.py
        const own = dedupe(found.filter((i) => outcomes[i].value === halves[half]));
        byHalf[half] = {
          verdict: halves[half],
          conditions: dedupe(own.flatMap((i) => outcomes[i].conditions)),
          caveats: dedupe(own.flatMap((i) => outcomes[i].caveats)),
          trace: dedupe(own.flatMap((i) => outcomes[i].rules.map((r) => r.id))),
        };
      }
      const firsts = dedupe(deciding.map(([i]) => i));
      const keys = partsOf.map((parts, n) => keyOf([values[n], parts.flatMap(([, i]) => outcomes[i].conditions)]));
      return {
        id: method,
        verdict,
        halves,
        by_half: byHalf,
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

  /** The aim questions of tables frozen before questions said what they describe (changes.AIMS_BEFORE_DESCRIBES). */
  const AIMS_BEFORE_DESCRIBES = ['goal', 'driver', 'concern'];

  /** 'aim' (what the reader wants: never proposed as a change) or 'situation' (changes.describes). */
  function describes(idx, q) {
    const question = idx.byId.get(q);
    return question.describes || (AIMS_BEFORE_DESCRIBES.includes(q) ? 'aim' : 'situation');
  }

  /** What a step away from `value` applies to, where it cannot undo the facts (changes._changed_from). */
  function changedFrom(idx, q, value) {
    if (value === null || value === undefined || Array.isArray(value)) return null;
    const option = idx.byId.get(q).options.find((o) => o.id === value);
    return option && option.when_changed_from ? option.when_changed_from : null;
  }

  function search(s, answers, current, stronger) {
    const base = s.digits(answers);
    const full = withDefaults(s.idx, answers)[0];
    const step = (q, to) => {
      const out = answers.has(q) || !full.has(q)
        ? { question: q, from: answers.has(q) ? plain(answers.get(q)) : null, to: plain(to) }
        : { question: q, from: plain(full.get(q)), from_default: true, to: plain(to) };
      const note = changedFrom(s.idx, q, out.from);
      if (note) out.applies_to = note;
      return out;
    };
    const rank = s.order[current];
    const domains = s.reads.map((q) => s.idx.byId.get(q).domain);
    const levers = s.reads.map((q, i) => i).filter((i) => describes(s.idx, s.reads[i]) === 'situation');
    for (let size = 1; size <= levers.length; size++) {
      const found = [];
      let count = 0;
      for (const pick of combinations(levers.length, size)) {
        const at = pick.map((k) => levers[k]);
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
    if (strongest !== top) out.note = 'No answers make this ' + VERDICT_WORDS[top] + ': the strongest verdict any answers give is ' + (VERDICT_WORDS[strongest] || 'none') + '.';
    return out;
  }

  /** Verdicts in words (model/verdicts.py). */
  const VERDICT_WORDS = {
    supports: 'supports', partial: 'partial', 'does-not-support': 'does not support',
    supportable: 'supportable', conditional: 'conditional', unsupportable: 'unsupportable',
    'not-technical': 'not a technical question',
  };

  /** Every question in words, in order (assessment.facts_assumed). */
  function factsAssumed(questions, answers, defaults) {
    return questions.map((q) => {
      const labels = {};
      for (const o of q.options) labels[o.id] = o.label;
      const value = answers.has(q.id) ? answers.get(q.id) : (defaults.has(q.id) ? defaults.get(q.id) : null);
      const values = value === null ? [] : (Array.isArray(value) ? value : [value]);
      const said = values.map((v) => (labels[v] !== undefined ? labels[v] : String(v)));
      return {
        question: q.id, label: q.label, short: q.short || q.id.replace(/_/g, ' '),
        answer: value === null ? null : plain(value),
        answer_label: said.length ? (said.length === 1 ? said[0] : said.slice(0, -1).join(', ') + ' and ' + said[said.length - 1]) : null,
        source: answers.has(q.id) ? 'answered' : (defaults.has(q.id) ? 'default' : 'open'),
        describes: q.describes || (AIMS_BEFORE_DESCRIBES.includes(q.id) ? 'aim' : 'situation'),
        options: labels,
      };
    });
  }

  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }

  /** The whole result for one set of answers (assessment.assess), from one version's tables:
   *  verdicts, mismatches, claims, unknowns, what would change each verdict, citation.
   *  `options`: {siteUrl, pageUrl} for the permalink (see `permalink`); `changes: false` gives every
   *  what_would_change as null (not computed), as Python's `with_changes=False` does (the check
   *  page's bottom lines). */
  function assess(data, answers, options) {
    const idx = index(data);
    const withChanges = !(options && options.changes === false);
    const normalised = normalise(data, answers);
    const [full, filled] = withDefaults(idx, normalised);
    const ev = new Evaluation(idx, normalised);
    const methods = data.methods.map((m) => {
      const r = ev.method(m.id);
      return {
        id: m.id, label: m.label, verdict: r.verdict, halves: r.halves, by_half: r.by_half, conditions: r.conditions, caveats: r.caveats,
        trace: r.trace, explanation: r.explanation, depends_on: r.depends_on,
        what_would_change: withChanges ? whatWouldChange(idx, normalised, 'method', m.id, r.verdict) : null,
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
      const extra = {};
      if (cl.domains !== undefined) extra.domains = cl.domains.slice();
      if (cl.question !== undefined) extra.question = cl.question;
      claims.push({
        id: cl.id, statement: cl.statement, ...extra, verdict: r.verdict, relevance: r.relevance, conditions: r.conditions,
        rationale: cl.rationale, mismatches: cl.mismatches.slice(), evidence: cl.evidence.slice(), sources: clone(cl.sources),
        trace: r.trace, explanation: r.explanation, depends_on: r.depends_on,
        what_would_change: withChanges ? whatWouldChange(idx, normalised, 'claim', cl.id, r.verdict) : null,
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
      facts: factsAssumed(idx.questions, normalised, new Map(Array.from(filled).map((q) => [q, full.get(q)]))),
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
    VERDICT_WORDS,
    assess,
    differences,
    readFragment: Answers.readFragment,
    fragment: Answers.fragment,
    normalise: (data, answers) => answersObject(normalise(data, answers)),
    answersYaml: Answers.answersYaml,
    digest: (data, answers) => digest(normalise(data, answers)),
    sha256Hex: Answers.sha256Hex,
    canonicalJson: Answers.canonicalJson,
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
