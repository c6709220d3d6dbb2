/*
 * Unlearning Scope: the bottom line of a result (framework/outputs/bottom_line.py), in the reader's
 * browser: which methods can deliver the aim and on what conditions, which only reduce the problem,
 * which cannot, the mismatches that apply, what to ask the provider for and the trees to consult,
 * generated from the result's own data. `tables.js` puts it first in every result;
 * `tests/test_questionnaire_js.py` compares it with Python's. Pure (no DOM, no I/O): it also runs
 * under Node.
 */
(function () {
  'use strict';

  const Answers = typeof module !== 'undefined' && module.exports ? require('./answers.js') : window.UnlearningScopeAnswers;
  const { dedupe, keyOf } = Answers;

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
    // goal: both - a method whose halves differ is summed up half by half (bottom_line.py)
    const mixed = result.methods.filter((m) => new Set(Object.values(m.halves || {})).size > 1);
    const partial = result.methods.filter((m) => m.verdict === 'partial' && !mixed.includes(m));
    const cannot = result.methods.filter((m) => m.verdict === 'does-not-support' && !mixed.includes(m));
    const text = [];
    if (supports.length) text.push('For ' + aim + ', ' + names(supports) + ' can deliver it, provided the conditions listed for ' + (supports.length === 1 ? 'it' : 'each') + ' hold.');
    else text.push('For ' + aim + ', no method can deliver it for these answers.');
    if (partial.length) text.push(names(partial) + ' ' + (partial.length === 1 ? 'reduces' : 'reduce') + ' the problem under stated conditions but ' + (partial.length === 1 ? 'guarantees' : 'guarantee') + ' nothing.');
    if (cannot.length) text.push(names(cannot) + ' cannot deliver it.');
    const groups = new Map();
    for (const m of mixed) {
      const key = keyOf(Object.entries(m.halves));
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(m);
    }
    for (const group of groups.values()) {
      const one = group.length === 1;
      const parts = Object.entries(group[0].halves).map(([h, v]) => 'for ' + (halves[h] || h).toLowerCase() + ', ' +
        (v === 'supports' ? 'can deliver it, provided the conditions listed for that half hold'
          : v === 'partial' ? (one ? 'reduces' : 'reduce') + ' the problem under the conditions listed for that half' : 'cannot deliver it'));
      text.push('Taken half by half, ' + names(group) + ': ' + parts.join('; ') + '.');
    }
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
      by_half: mixed.map((m) => ({ id: m.id, label: m.label, halves: Object.assign({}, m.halves) })),
      mismatches: applying.concat(possible).map((m) => ({ id: m.id, label: m.label, status: m.status })),
      ask_provider: ask.slice(0, ASK_AT_MOST),
      ask_provider_more: Math.max(0, ask.length - ASK_AT_MOST),
      ask_provider_for: basis.map((m) => m.id),
      trees: (data.trees || []).filter((t) => consistent(t.fixed, result.answers)).map((t) => ({ id: t.id, label: t.label })),
    };
  }

  const BottomLine = { bottomLine, ASK_AT_MOST };

  if (typeof module !== 'undefined' && module.exports) module.exports = BottomLine;
  if (typeof window !== 'undefined') window.UnlearningScopeBottomLine = BottomLine;
})();
