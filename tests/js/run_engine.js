#!/usr/bin/env node
/*
 * Test harness for the browser engine: runs many cases in one Node process, so the Python test can
 * compare all of them with `assess()` without paying Node's start-up per case.
 *
 * Usage: node run_engine.js [path/to/questionnaire.js] < request.json > results.json
 * Request: {"data": <questionnaire data>, "cases": [{"op": ..., ...}, ...]}, or with several data sets
 *   {"datasets": {"name": <data>, ...}, "cases": [{"data": "name", "op": ..., ...}, ...]}
 *   {"op": "assess", "answers": {...}, "options": {...}}   -> the result
 *   {"op": "fragment", "answers": {...}}                    -> the fragment string
 *   {"op": "readFragment", "hash": "..."}                   -> {answers, version, errors}
 *   {"op": "answersYaml", "answers": {...}}                 -> the YAML text
 *   {"op": "sha256", "text": "..."}                         -> hex digest
 * Response: one entry per case: {"ok": value} or {"error": message}, in order.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const script = process.argv[2] || path.join(__dirname, '..', '..', 'site', 'assets', 'javascripts', 'questionnaire.js');
const Engine = require(path.resolve(script));

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = request.cases.map((c) => {
  const data = typeof c.data === 'string' ? request.datasets[c.data] : request.data;
  try {
    switch (c.op) {
      case 'assess': return { ok: Engine.assess(data, c.answers, c.options || {}) };
      case 'fragment': return { ok: Engine.fragment(data, c.answers) };
      case 'readFragment': return { ok: Engine.readFragment(data, c.hash) };
      case 'answersYaml': return { ok: Engine.answersYaml(data, c.answers) };
      case 'sha256': return { ok: Engine.sha256Hex(c.text) };
      default: return { error: 'unknown op ' + c.op };
    }
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(out));
