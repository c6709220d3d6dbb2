#!/usr/bin/env node
/*
 * Test harness for the browser's lookup engine (site/assets/javascripts/tables.js): runs many cases in
 * one Node process, so the Python test can compare them with framework.assessment without paying
 * Node's start-up per case.
 *
 * Usage: node run_engine.js [path/to/tables.js] < request.json > results.json
 * Request: {"datasets": {"name": <decision tables>, ...}, "cases": [{"data": "name", "op": ..., ...}, ...]}
 *   {"op": "assess", "answers": {...}, "options": {...}}   -> the result
 *   {"op": "sweep", "kind": "method"|"claim"|"mismatch", "id": ..., "max_open": n|null, "changes": bool}
 *        -> {count, sha256}: every partial answer set over the questions the item reads (each question
 *           unanswered or one of its answers, nested loops in read order, unanswered first), the
 *           item's evaluation (and what would change it) as canonical JSON lines, hashed
 *   {"op": "sweep-list", ...same...}                        -> the list itself (to find a difference)
 *   {"op": "fragment", "answers": {...}}                    -> the fragment string
 *   {"op": "readFragment", "hash": "..."}                   -> {answers, version, errors}
 *   {"op": "answersYaml", "answers": {...}}                 -> the YAML text
 *   {"op": "differences", "before": result, "after": result} -> the differences
 *   {"op": "sha256", "text": "..."}                         -> hex digest
 * Response: one entry per case: {"ok": value} or {"error": message}, in order.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const script = process.argv[2] || path.join(__dirname, '..', '..', 'site', 'assets', 'javascripts', 'tables.js');
const Engine = require(path.resolve(script));

function sweep(data, c) {
  const idx = Engine.index(data);
  const reads = c.kind === 'method' ? idx.methodReads.get(c.id) : idx.slots.get(c.kind + '/' + c.id).reads;
  const lines = [];
  const combo = new Array(reads.length);
  const walk = (i, open) => {
    if (c.max_open !== null && c.max_open !== undefined && open > c.max_open) return;
    if (i === reads.length) {
      const answers = {};
      reads.forEach((q, j) => { if (combo[j] !== null) answers[q] = combo[j]; });
      const r = Engine.evaluateSlot(data, c.kind, c.id, answers);
      if (r && c.changes && c.kind !== 'mismatch') r.what_would_change = Engine.whatWouldChange(data, c.kind, c.id, answers, r.verdict);
      lines.push(Engine.canonicalJson(r));
      return;
    }
    for (const v of [null].concat(idx.byId.get(reads[i]).domain)) {
      combo[i] = v;
      walk(i + 1, open + (v === null ? 1 : 0));
    }
  };
  walk(0, 0);
  return lines;
}

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = request.cases.map((c) => {
  const data = request.datasets[c.data];
  try {
    switch (c.op) {
      case 'assess': return { ok: Engine.assess(data, c.answers, c.options || {}) };
      case 'sweep': {
        const lines = sweep(data, c);
        const hash = crypto.createHash('sha256');
        for (const line of lines) hash.update(line + '\n', 'utf8');
        return { ok: { count: lines.length, sha256: hash.digest('hex') } };
      }
      case 'sweep-list': return { ok: sweep(data, c) };
      case 'fragment': return { ok: Engine.fragment(data, c.answers) };
      case 'readFragment': return { ok: Engine.readFragment(data, c.hash) };
      case 'answersYaml': return { ok: Engine.answersYaml(data, c.answers) };
      case 'differences': return { ok: Engine.differences(c.before, c.after) };
      case 'sha256': return { ok: Engine.sha256Hex(c.text) };
      default: return { error: 'unknown op ' + c.op };
    }
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(out));
