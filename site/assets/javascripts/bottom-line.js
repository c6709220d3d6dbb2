/*
 * Unlearning Scope: the bottom line of a result (framework/outputs/bottom_line.py), in the reader's
 * browser: what achieves the aim and the caveat that decides it, what does not count, the legal
 * question no method settles for each driver, and the evidence needed, in method labels, generated
 * from the result's own data. `tables.js` puts it first in every result;
 * `tests/test_questionnaire_js.py` compares it with Python's. Pure (no DOM, no I/O): it also runs
 * under Node.
 */
(function () {
  'use strict';

  const Answers = typeof module !== 'undefined' && module.exports ? require('./answers.js') : window.UnlearningScopeAnswers;
  const { keyOf } = Answers;

  const EVIDENCE_AT_MOST = 5;

  function lowerFirst(label) {
    return label.length > 1 && label[0] !== label[0].toLowerCase() && label[1] === label[1].toLowerCase() && label[1] !== label[1].toUpperCase()
      ? label[0].toLowerCase() + label.slice(1) : label;
  }

  function join(words, last) {
    return words.length === 1 ? words[0] : words.slice(0, -1).join(', ') + ' ' + (last || 'and') + ' ' + words[words.length - 1];
  }

  const names = (items) => join(items.map((x) => lowerFirst(x.label)));
  const capital = (s) => s.slice(0, 1).toUpperCase() + s.slice(1);

  /** One half's verdict, conditions and caveats (bottom_line.half). */
  function half(method, aim) {
    const byHalf = (method.by_half || {})[aim];
    if (byHalf !== undefined) return { verdict: byHalf.verdict, conditions: (byHalf.conditions || []).slice(), caveats: (byHalf.caveats || []).slice() };
    const halves = method.halves || {};
    const verdict = Object.prototype.hasOwnProperty.call(halves, aim) ? halves[aim] : method.verdict;
    const whole = Object.keys(halves).length <= 1 || verdict === method.verdict;
    return { verdict, conditions: whole ? method.conditions.slice() : [], caveats: whole ? method.caveats.slice() : [] };
  }

  function perAim(methods, aim) {
    const by = (v) => methods.filter((m) => half(m, aim).verdict === v);
    return [by('supports'), by('partial'), by('does-not-support')];
  }

  function aimWords(aims, halves) {
    return aims.length ? aims.map((a) => (halves[a] || a).toLowerCase()).join(' and ') : 'the aim';
  }

  function achieves(aimWord, supports, partial) {
    if (supports.length) return capital(names(supports)) + ' ' + (supports.length === 1 ? 'can achieve' : 'can each achieve') + ' ' + aimWord + ' here, if the evidence below holds.';
    if (partial.length) return 'No method can guarantee ' + aimWord + ' here; ' + names(partial) + ' only ' + (partial.length === 1 ? 'reduces' : 'reduce') + ' the problem.';
    return 'No method can achieve ' + aimWord + ' here.';
  }

  /** Word sets for comparing conditions (bottom_line._words). */
  function wordSet(text) {
    const out = new Set();
    for (const w of text.split(/\s+/)) {
      const s = w.replace(/^[.,;:()'"]+|[.,;:()'"]+$/g, '').toLowerCase();
      if (s) out.add(s);
    }
    return out;
  }
  const within = (a, b) => Array.from(a).every((x) => b.has(x));

  /** Adds a condition unless one already kept says it (bottom_line.merge_condition). */
  function mergeCondition(kept, added) {
    const words = wordSet(added);
    for (let i = 0; i < kept.length; i++) {
      const have = wordSet(kept[i]);
      if (within(words, have)) return kept;
      if (within(have, words)) return kept.slice(0, i).concat([added], kept.slice(i + 1));
    }
    return kept.concat([added]);
  }

  /** For each driver answered, the first claim shown that no method settles and says its question. */
  function legalQuestions(result) {
    const out = [];
    for (const driver of result.answers.driver || []) {
      for (const c of result.claims) {
        if (c.verdict === 'not-technical' && c.question && (c.domains || [driver]).includes(driver)
            && (c.relevance || 'certain') === 'certain' && out.every((q) => q.claim !== c.id)) {
          out.push({ claim: c.id, driver, question: c.question });
          break;
        }
      }
    }
    return out;
  }

  function consistent(fixed, answers) {
    for (const q of Object.keys(fixed)) if (Object.prototype.hasOwnProperty.call(answers, q) && keyOf(answers[q]) !== keyOf(fixed[q])) return false;
    return true;
  }

  function bottomLine(result, data) {
    const halves = data.halves || {};
    const methods = result.methods;
    const goal = result.answers.goal;
    const aims = goal === undefined ? [] : ((data.aspects || {})[goal] || [goal]).slice();
    const text = [];
    const best = [];
    if (!aims.length) {
      text.push('Say whether the aim is removal, suppression or both: every verdict depends on it.');
    } else if (aims.length === 1) {
      const [supports, partial] = perAim(methods, aims[0]);
      text.push(achieves(aimWords(aims, halves), supports, partial));
      best.push([aims[0], supports.length ? supports : partial]);
    } else {
      const parts = [];
      for (const aim of aims) {
        const [supports, partial] = perAim(methods, aim);
        const word = (halves[aim] || aim).toLowerCase();
        if (supports.length) parts.push('for ' + word + ', ' + names(supports) + ' can achieve it if the evidence below holds');
        else if (partial.length) parts.push('for ' + word + ', no method guarantees it and ' + names(partial) + ' only reduce the problem');
        else parts.push('for ' + word + ', no method achieves it');
        best.push([aim, supports.length ? supports : partial]);
      }
      text.push(capital(parts.join('; ')) + '.');
      const firsts = best.filter((b) => b[1].length).map((b) => b[1][0]);
      if (firsts.length === aims.length && new Set(firsts.map((m) => m.id)).size > 1) {
        text.push('No one method does both: each half needs its own measure, with its own conditions.');
      }
    }
    const found = best.find(([aim, group]) => group.length && half(group[0], aim).caveats.length);
    const decider = found ? [found[0], found[1][0]] : null;
    const deciding = decider ? half(decider[1], decider[0]).caveats[0] : null;
    if (deciding) text.push('What decides it for ' + lowerFirst(decider[1].label) + ': ' + deciding);
    const overallCannot = methods.filter((m) => m.verdict === 'does-not-support' && aims.every((a) => half(m, a).verdict === 'does-not-support'));
    if (aims.length && overallCannot.length) {
      /* bottom_line._not_counting: what does not count only because questions its verdict reads are unanswered is said apart */
      const pending = overallCannot.filter((m) => (m.depends_on || []).length);
      const settled = overallCannot.filter((m) => !(m.depends_on || []).length);
      if (settled.length) {
        if (aims.length === 1) text.push(capital(names(settled)) + ' ' + (settled.length === 1 ? 'does' : 'do') + ' not count as ' + aimWords(aims, halves) + ' here.');
        else text.push(capital(names(settled)) + ' ' + (settled.length === 1 ? 'achieves' : 'achieve') + ' neither half here.');
      }
      if (pending.length) {
        const read = new Set(pending.flatMap((m) => m.depends_on));
        const labels = (result.unknowns || []).filter((u) => read.has(u.question)).map((u) => '\u201c' + u.label + '\u201d');
        const what = aims.length === 1 ? 'count as ' + aimWords(aims, halves) : 'achieve either half';
        const until = labels.length ? 'while ' + join(labels) + ' ' + (labels.length === 1 ? 'is' : 'are') + ' unanswered' : 'while questions it reads are unanswered';
        text.push(capital(names(pending)) + ' ' + (pending.length === 1 ? 'does' : 'do') + ' not ' + what + ' ' + until + ': the weakest answer is assumed.');
      }
    }
    const questions = legalQuestions(result);
    if (questions.length) text.push('No method settles ' + join(questions.map((q) => q.question + ' (' + q.claim + ')'), 'or') + '.');
    const n = result.unknowns.length;
    if (n && aims.length) text.push(n + ' unanswered question' + (n !== 1 ? 's' : '') + ' could change this; until answered, each verdict is the weakest over the possible answers.');
    let evidence = [];
    const basis = [];
    for (const [aim, group] of best) for (const m of group) basis.push([aim, m]);
    for (const [aim, m] of basis) for (const c of half(m, aim).conditions) evidence = mergeCondition(evidence, c);
    const applying = result.mismatches.filter((m) => m.status === 'applies');
    const possible = result.mismatches.filter((m) => m.status === 'possible');
    return {
      text,
      achieves: best.map(([aim, group]) => ({ aim, methods: group.map((m) => ({ id: m.id, label: m.label, verdict: half(m, aim).verdict })) })),
      deciding_caveat: decider === null ? null : { method: decider[1].id, aim: decider[0], text: deciding },
      does_not_count: aims.length ? overallCannot.map((m) => ({ id: m.id, label: m.label })) : [],
      legal_questions: questions,
      mismatches: applying.concat(possible).map((m) => ({ id: m.id, label: m.label, status: m.status })),
      evidence_needed: evidence.slice(0, EVIDENCE_AT_MOST),
      evidence_needed_more: Math.max(0, evidence.length - EVIDENCE_AT_MOST),
      evidence_for: Array.from(new Set(basis.map(([, m]) => m.id))),
      trees: (data.trees || []).filter((t) => consistent(t.fixed, result.answers)).map((t) => ({ id: t.id, label: t.label })),
    };
  }

  const BottomLine = { bottomLine, lowerFirst, half, mergeCondition, EVIDENCE_AT_MOST };

  if (typeof module !== 'undefined' && module.exports) module.exports = BottomLine;
  if (typeof window !== 'undefined') window.UnlearningScopeBottomLine = BottomLine;
})();
