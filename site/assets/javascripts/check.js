/* Unlearning Scope: "Check a text". Finds unlearning-like passages in pasted text, in the page only.
 *
 * A port of framework/textcheck (normalise.py, passages.py, matcher.py) running on the data that
 * framework/sitegen/check_data.py writes (assets/data/check-data.js): the same signals, folding and
 * sentence rules, so the passages, labels and proposed answers are those of `unlearning-scope check`
 * (tests/test_check_browser.py compares both on the evaluation corpus). The text is never sent
 * anywhere: no request carries it, and nothing is stored.
 *
 * Positions count code points of the NFC text (as Python does), so every string is handled as an
 * array of code points and, for the regular expressions, as a "shadow" string in which each code
 * point is one UTF-16 unit (characters outside the Basic Multilingual Plane become U+FFFD there).
 *
 * Claim verdicts and bottom lines are looked up in the same decision tables the questionnaire reads
 * (tables.js and bottom-line.js, and the current version's tables), so they are the CLI's:
 * `Matcher.prototype.verdictFor` and `Matcher.prototype.bottomLine`.
 *
 * The language the text is mostly in is judged as framework/textcheck/language.py judges it
 * (`Matcher.prototype.language`): a text mostly in a language the signals do not cover is reported as
 * not checked, never as "nothing found".
 *
 * API: window.UnlearningScopeCheck = { check(text) -> result, ready: Promise }.
 */
(function () {
  'use strict';

  /** The questionnaire says its answers came from a checked text: a mark in this page's memory, never stored or sent. */
  function markFromText(link) {
    window.UnlearningScopeFromText = link.getAttribute('href').split('#')[1] || '';
  }

  if (window.UnlearningScopeCheck) return; // run again by instant navigation: mounted already
  const Shared = window.UnlearningScopePage;
  const h = Shared.h;
  const DATA_URL = Shared.url('assets/data/check-data.js');
  const OPEN = 'open';

  /* ---------------------------------------------------------------- the matcher (pure) ------- */

  function Matcher(data) {
    this.data = data;
    const f = data.fold;
    this.spaces = new Set(Array.from(f.spaces));
    this.dropped = new Set(Array.from(f.dropped));
    this.folded = f.folded;
    this.replacement = f.replacement;
    this.abbrev = new Set(data.passages.abbreviations);
    this.blockStart = new RegExp(data.passages.block_start);
    this.sentenceEnd = data.passages.sentence_end;
    this.signals = data.signals.map((s) => ({
      id: s.id, findsPassage: s.finds_passage, question: s.question, option: s.option, claims: s.claims,
      patterns: s.patterns.map((p) => ({ rx: new RegExp(p.source, 'i'), required: p.required })),
      onlyWith: (s.only_with || []).map((src) => new RegExp(src, 'i')),
    }));
    this.finders = this.signals.filter((s) => s.findsPassage);
    this.exceptions = (data.exceptions || []).map((e) => ({
      id: e.id, label: e.label, patterns: e.patterns.map((src) => new RegExp(src, 'i')), unless: e.unless.map((src) => new RegExp(src, 'i')),
    }));
    this.word = data.word_score ? new WordScore(data.word_score) : null;
    // the conditions the word score needs (Signals.word_needs): it flags a passage only where one matches
    this.wordNeeds = (data.word_needs || []).map((src) => new RegExp(src, 'i'));
    this.questions = data.questions;
    const lang = data.language;
    this.lang = lang;
    this.scriptRx = lang.scripts.map((x) => ({ code: x.code, rx: new RegExp('[' + x.class + ']+', 'g') }));
    this.latinRx = new RegExp('[' + lang.latin + ']+', 'g');
    this.languagesOf = new Map();
    for (const code of Object.keys(lang.stop_words).sort()) {
      for (const w of lang.stop_words[code].words) {
        if (!this.languagesOf.has(w)) this.languagesOf.set(w, []);
        this.languagesOf.get(w).push(code);
      }
    }
    this.languageNames = {};
    for (const x of lang.scripts) this.languageNames[x.code] = x.name;
    for (const code of Object.keys(lang.stop_words)) this.languageNames[code] = lang.stop_words[code].name;
  }

  /** The language a text (as code points) is mostly in: language.detect, step for step. */
  Matcher.prototype.language = function (cps) {
    const L = this.lang;
    let sample = cps;
    if (cps.length > L.sample * L.samples) {
      const step = Math.floor((cps.length - L.sample) / (L.samples - 1));
      const parts = [];
      for (let i = 0; i < L.samples; i++) parts.push(cps.slice(i * step, i * step + L.sample).join(''));
      sample = Array.from(parts.join('\n'));
    }
    const text = sample.join('');
    const latin = text.match(this.latinRx) || [];
    const counts = [];
    for (const { code, rx } of this.scriptRx) {
      const runs = text.match(rx);
      if (runs) counts.push([code, L.cjk.indexOf(code) >= 0 ? runs.reduce((n, r) => n + r.length, 0) : runs.length]);
    }
    const total = latin.length + counts.reduce((n, c) => n + c[1], 0);
    const result = (code, part, whole) => ({
      code, name: this.languageNames[code] || code, covered: L.covered.indexOf(code) >= 0,
      share: whole ? Math.floor((200 * part + whole) / (2 * whole)) / 100 : 1.0,
    });
    if (counts.length && total) {
      let best = counts[0];
      for (const c of counts.slice(1)) if (c[1] > best[1] || (c[1] === best[1] && c[0] > best[0])) best = c;
      if (best[1] * 2 > total) return result(best[0], best[1], total);
    }
    const hits = {};
    for (const code of Object.keys(L.stop_words)) hits[code] = 0;
    const freq = new Map();
    for (const w of latin) { const k = w.toLowerCase(); freq.set(k, (freq.get(k) || 0) + 1); }
    for (const [w, n] of freq) for (const code of this.languagesOf.get(w) || []) hits[code] += n;
    const allHits = Object.values(hits).reduce((a, b) => a + b, 0);
    let best = null;
    for (const code of Object.keys(hits).sort()) if (best === null || hits[code] > hits[best]) best = code;
    if (best !== 'en' && hits[best] >= L.min_hits && hits[best] > 2 * hits.en) return result(best, hits[best], allHits);
    return result('en', hits.en, allHits);
  };

  /** NFC, line endings as \n: the text positions refer to (normalise.canonical). */
  Matcher.prototype.canonical = function (text) {
    return text.replace(/\r\n/g, '\n').replace(/\r/g, '\n').normalize('NFC');
  };

  /** Fold a list of code points; index[i] is the code point folded character i came from. */
  Matcher.prototype.fold = function (cps, from, to) {
    const out = [];
    const index = [];
    let inSpace = false;
    for (let i = from; i < to; i++) {
      const ch = cps[i];
      if (this.spaces.has(ch)) {
        if (!inSpace) { out.push(' '); index.push(i - from); inSpace = true; }
        continue;
      }
      if (this.dropped.has(ch)) continue;
      inSpace = false;
      if (ch >= 'A' && ch <= 'Z' && ch.length === 1) out.push(String.fromCharCode(ch.charCodeAt(0) + 32));
      else if (Object.prototype.hasOwnProperty.call(this.folded, ch)) out.push(this.folded[ch]);
      else if (ch.length > 1) out.push(this.replacement);
      else out.push(ch);
      index.push(i - from);
    }
    return { text: out.join(''), index: index };
  };

  Matcher.prototype.isBlank = function (cps, a, b) {
    for (let i = a; i < b; i++) if (!this.spaces.has(cps[i])) return false;
    return true;
  };

  /** Blocks: runs of non-blank lines, a Markdown heading, item, quotation or table row starting anew. */
  Matcher.prototype.blocks = function (cps, shadow) {
    const out = [];
    let start = -1;
    let lastEnd = -1;
    let pos = 0;
    const n = cps.length;
    while (pos <= n) {
      let lineEnd = pos;
      while (lineEnd < n && cps[lineEnd] !== '\n') lineEnd++;
      if (this.isBlank(cps, pos, lineEnd)) {
        if (start >= 0) { out.push([start, lastEnd]); start = -1; }
      } else {
        if (start >= 0 && this.blockStart.test(shadow.slice(pos, lineEnd))) { out.push([start, lastEnd]); start = -1; }
        if (start < 0) {
          let s = pos;
          while (s < lineEnd && this.spaces.has(cps[s])) s++;
          start = s;
        }
        let e = lineEnd;
        while (e > pos && this.spaces.has(cps[e - 1])) e--;
        lastEnd = e;
      }
      pos = lineEnd + 1;
    }
    if (start >= 0) out.push([start, lastEnd]);
    return out;
  };

  Matcher.prototype.wordBefore = function (cps, at, floor) {
    let i = at;
    while (i > floor) {
      const c = cps[i - 1];
      const low = c.toLowerCase();
      if (c === '.' || (c.length === 1 && c.charCodeAt(0) < 128 && low >= 'a' && low <= 'z')) i--;
      else break;
    }
    return cps.slice(i, at).join('').replace(/^\.+|\.+$/g, '').toLowerCase();
  };

  Matcher.prototype.sentences = function (cps, shadow, start, end) {
    const out = [];
    let s = start;
    const rx = new RegExp(this.sentenceEnd, 'g');
    const sub = shadow.slice(start, end);
    let m;
    while ((m = rx.exec(sub)) !== null) {
      const mStart = start + m.index;
      const stop = mStart + m[0].length;
      let j = stop;
      while (j < end && this.spaces.has(cps[j])) j++;
      if (j >= end) continue;
      const next = cps[j];
      if (next >= 'a' && next <= 'z' && next.length === 1) continue;
      const word = this.wordBefore(cps, mStart, s);
      const dot = m[0].charAt(0) === '.';
      if (dot && (word.length === 1 || this.abbrev.has(word))) continue;
      out.push([s, stop]);
      s = j;
    }
    if (s < end) out.push([s, end]);
    return out;
  };

  /* The word score (framework/textcheck/word_score.py, step for step): stems of the folded, lower-cased
     passage's words, pairs of neighbouring stems, and word classes followed within a window by another. */
  function WordScore(d) {
    this.rx = new RegExp(d.word, 'g');
    this.stem = d.stem;
    this.window = d.window;
    this.bias = d.bias;
    this.threshold = d.threshold;
    this.thorough = d.thorough === undefined ? null : d.thorough;
    this.weights = new Map(Object.entries(d.weights));
    this.goal = d.goal ? { bias: d.goal.bias, margin: d.goal.margin, weights: new Map(Object.entries(d.goal.weights)) } : null;
    this.actions = new Set(d.actions);
    this.quiet = new Set(d.quiet);
    this.classOf = new Map();
    for (const name of Object.keys(d.classes).sort()) {
      for (const s of d.classes[name]) {
        if (!this.classOf.has(s)) this.classOf.set(s, []);
        this.classOf.get(s).push(name);
      }
    }
  }
  WordScore.prototype.words = function (folded) {
    return folded.toLowerCase().match(this.rx) || [];
  };
  WordScore.prototype.features = function (folded) {
    const stems = this.words(folded).map((w) => w.slice(0, this.stem));
    const out = new Set();
    let prev = '';
    for (const s of stems) {
      out.add(s);
      if (prev) out.add(prev + '_' + s);
      prev = s;
    }
    const n = stems.length;
    for (let i = 0; i < n; i++) {
      const s = stems[i];
      for (const a of this.classOf.get(s) || []) {
        for (let j = i + 1; j < Math.min(n, i + this.window); j++) {
          const t = stems[j];
          for (const b of this.classOf.get(t) || []) {
            if (a === b) continue;
            out.add('#' + a + '>' + b);
            if (this.actions.has(a)) out.add('#' + s + '>' + b);
            if (this.actions.has(b)) out.add('#' + a + '>' + t);
          }
        }
      }
    }
    return Array.from(out);
  };
  WordScore.prototype.score = function (folded) {
    let total = this.bias;
    for (const f of this.features(folded)) total += this.weights.get(f) || 0;
    return total;
  };
  WordScore.prototype.shown = function (f, words, stems) {
    const cls = (s) => this.classOf.get(s) || [];
    if (f[0] === '#') {
      const [left, right] = f.slice(1).split('>');
      for (let i = 0; i < stems.length; i++) {
        if (stems[i] !== left && !cls(stems[i]).includes(left)) continue;
        for (let j = i + 1; j < Math.min(stems.length, i + this.window); j++) {
          if (stems[j] === right || cls(stems[j]).includes(right)) {
            return j > i + 1 ? words[i] + ' \u2026 ' + words[j] : words[i] + ' ' + words[j];
          }
        }
      }
      return null;
    }
    if (f.indexOf('_') >= 0) {
      const k = f.indexOf('_');
      const a = f.slice(0, k);
      const b = f.slice(k + 1);
      for (let i = 0; i < stems.length - 1; i++) if (stems[i] === a && stems[i + 1] === b) return words[i] + ' ' + words[i + 1];
      return null;
    }
    for (let i = 0; i < stems.length; i++) if (stems[i] === f) return words[i];
    return null;
  };
  /** ["removal" or "suppression", the words that lean that way most], or [null, []] when the goal words
   *  do not lean past their margin (WordScore.read_goal). */
  WordScore.prototype.readGoal = function (folded, most) {
    if (!this.goal) return [null, []];
    let s = this.goal.bias;
    for (const f of this.features(folded)) s += this.goal.weights.get(f) || 0;
    if (s === 0 || Math.abs(s) < this.goal.margin) return [null, []];
    return s > 0 ? ['removal', this.shownWords(folded, this.goal.weights, most, 1)]
      : ['suppression', this.shownWords(folded, this.goal.weights, most, -1)];
  };
  WordScore.prototype.evidence = function (folded, most) {
    return this.shownWords(folded, this.weights, most, 1);
  };
  /** The features weighing most towards `sign` (1: the weights as they are), as the passage's words. */
  WordScore.prototype.shownWords = function (folded, weights, most, sign) {
    const words = this.words(folded);
    const stems = words.map((w) => w.slice(0, this.stem));
    const weighed = this.features(folded).map((f, i) => [sign * (weights.get(f) || 0), i, f]);
    weighed.sort((x, y) => (y[0] - x[0]) || (x[1] - y[1]));
    const out = [];
    for (const [w, , f] of weighed) {
      if (w <= 0 || out.length >= most) break;
      const shown = this.shown(f, words, stems);
      const said = new Set(out.flatMap((o) => o.split(' ')));
      if (shown && shown.split(' ').some((x) => !this.quiet.has(x) && x !== '\u2026' && !said.has(x)) &&
        !shown.split(' ').some((x) => /^[a-z]$/.test(x))) out.push(shown);
    }
    return out;
  };

  function firstMatch(sig, folded) {
    for (const p of sig.patterns) {
      if (p.required.length && !p.required.some((r) => folded.indexOf(r) >= 0)) continue;
      const m = p.rx.exec(folded);
      if (m) return m;
    }
    return null;
  }

  /** Whether a match of the finder finds the passage: its only_with condition, if any, holds (CompiledSignal.condition_met). */
  function conditionMet(sig, folded) {
    return !sig.onlyWith.length || sig.onlyWith.some((rx) => rx.test(folded));
  }

  /** The match of an exception's first matching pattern when it sets the passage aside, else null: none of the
   * conditions it names in unless may match (CompiledException.match). */
  function asideMatch(e, folded) {
    let m = null;
    for (const rx of e.patterns) if ((m = rx.exec(folded))) break;
    return m && !e.unless.some((rx) => rx.test(folded)) ? m : null;
  }

  function Lines(cps) {
    this.starts = [0];
    for (let i = 0; i < cps.length; i++) if (cps[i] === '\n') this.starts.push(i + 1);
  }
  Lines.prototype.at = function (offset) {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return [lo + 1, offset - this.starts[lo] + 1];
  };

  function span(lines, start, end) {
    const a = lines.at(start);
    const b = lines.at(Math.max(start, end - 1));
    return { line: a[0], column: a[1], end_line: b[0], end_column: b[1] };
  }

  /** `threshold`: the word score's, in the mode checked (WordScore.thorough_mode). */
  Matcher.prototype.find = function (cps, threshold) {
    const shadow = cps.map((c) => (c.length > 1 ? this.replacement : c)).join('');
    const lines = new Lines(cps);
    const out = [];
    const aside = [];
    for (const block of this.blocks(cps, shadow)) {
      for (const [ps, pe] of this.sentences(cps, shadow, block[0], block[1])) {
        const f = this.fold(cps, ps, pe);
        const score = this.word ? this.word.score(f.text) : null;
        const byScore = score !== null && score >= threshold && (!this.wordNeeds.length || this.wordNeeds.some((rx) => rx.test(f.text)));
        if (!byScore && !this.finders.some((sig) => firstMatch(sig, f.text) && conditionMet(sig, f.text))) continue;
        const by = this.asideBy(f.text);
        if (by) {
          const [a, b] = wholeWords(cps, ps + f.index[by.match.index], ps + f.index[by.match.index + by.match[0].length - 1] + 1, ps, pe, this.dropped);
          aside.push({ start: ps, end: pe, exception: by.exception, words: [a, b] });
          continue;
        }
        const flagged = { number: out.length + 1, start: ps, end: pe, hits: [], folded: f.text };
        if (byScore) flagged.wordScore = { score: score, threshold: threshold, words: this.word.evidence(f.text, 4) };
        for (const sig of this.signals) {
          const m = firstMatch(sig, f.text);
          if (!m) continue;
          const [a, b] = wholeWords(cps, ps + f.index[m.index], ps + f.index[m.index + m[0].length - 1] + 1, ps, pe, this.dropped);
          flagged.hits.push({ signal: sig, start: a, end: b, words: cps.slice(a, b).join(''),
            finds: sig.findsPassage && conditionMet(sig, f.text) });
        }
        out.push(flagged);
      }
    }
    return { flagged: out, aside: aside, lines: lines };
  };

  /** The first exception (by ID) that sets the passage aside, with its match (Signals.aside_by), or null. */
  Matcher.prototype.asideBy = function (folded) {
    for (const e of this.exceptions) {
      const m = asideMatch(e, folded);
      if (m) return { exception: e, match: m };
    }
    return null;
  };

  const WORDISH = /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Mn}\p{Mc}]$/u; // matcher.WORDISH: no digits, no Lo (scripts without spaces)

  /** [a, b) of the code points widened to whole words within [lo, hi): the words as written, not a
   * pattern's stem ("unlearning", not "unlearn"), as matcher.whole_words does. */
  function wholeWords(cps, a, b, lo, hi, dropped) {
    // a soft hyphen or zero-width character (one folding drops) between letters is part of the word
    while (a > lo && a < hi && WORDISH.test(cps[a])) {
      let j = a - 1;
      while (j > lo && dropped.has(cps[j])) j -= 1;
      if (!WORDISH.test(cps[j])) break;
      a = j;
    }
    while (b > lo && b < hi && WORDISH.test(cps[b - 1])) {
      let j = b;
      while (j < hi - 1 && dropped.has(cps[j])) j += 1;
      if (!WORDISH.test(cps[j])) break;
      b = j + 1;
    }
    return [a, b];
  }

  function evidence(f, hit, lines) {
    return { passage: f.number, signal: hit.signal.id, words: hit.words, span: span(lines, hit.start, hit.end) };
  }

  function collect(flagged, lines) {
    const ev = {};
    for (const f of flagged) {
      for (const h of f.hits) {
        if (!h.signal.question || !h.signal.option) continue;
        const q = (ev[h.signal.question] = ev[h.signal.question] || {});
        (q[h.signal.option] = q[h.signal.option] || []).push(evidence(f, h, lines));
      }
    }
    return ev;
  }

  /** `words`, where given, reads the goal from the words when no signal does: () => [halves, words shown]. */
  Matcher.prototype.labels = function (ev, words) {
    const out = {};
    for (const q of this.questions) {
      const signalled = ev[q.id] || {};
      const ordered = q.options.map((o) => o.id).filter((o) => Object.prototype.hasOwnProperty.call(signalled, o));
      const items = [].concat(...ordered.map((o) => signalled[o]));
      let label = { value: null, evidence: items };
      if (q.id === this.data.aspects_question) {
        const halves = new Set();
        for (const o of q.options) if (ordered.indexOf(o.id) >= 0) for (const a of o.aspects || []) halves.add(a);
        let shown = [];
        if (halves.size === 0 && words) {
          const read = words();
          for (const a of read[0]) halves.add(a);
          shown = read[1];
        }
        const match = q.options.filter((o) => {
          const mine = new Set(o.aspects || []);
          return mine.size === halves.size && [...halves].every((a) => mine.has(a));
        });
        if (halves.size === 0) label = { value: OPEN, evidence: [], mismatches: this.data.open_goal_mismatches.map((m) => m.id) };
        else if (match.length) {
          label.value = match[0].id;
          if (shown.length) label.words = shown;
        }
      } else if (!ordered.length) {
        continue;
      } else if (q.kind === 'many') {
        label.value = ordered;
      } else if (ordered.length === 1) {
        label.value = ordered[0];
      } else {
        label.conflict = ordered;
      }
      out[q.id] = label;
    }
    return out;
  };

  Matcher.prototype.answersOf = function (labels) {
    const out = {};
    for (const q of this.questions) {
      const l = labels[q.id];
      if (!l || l.value === null || l.value === OPEN) continue;
      out[q.id] = l.value;
    }
    return out;
  };

  /** The questionnaire's permalink for these answers: answers.js writes it, as `check` does with
   * answers.permalink (the site's address when the knowledge base knows it, else a relative link). */
  Matcher.prototype.permalink = function (answers) {
    const A = this.answers;
    return A.permalink(this.tables, A.normalise(this.tables, answers), { siteUrl: this.data.meta.site_url });
  };

  /** A claim's verdict under a passage's answers, as {verdict, relevance}, or null when the page does
   * not know it. Not computed in the page yet: this is the one place a lookup (for example in the
   * decision tables the questionnaire will ship) plugs in; the passage then carries the verdict as
   * `check --format json` does. */
  Matcher.prototype.verdictFor = function (answers, claimId) {
    if (!this.engine || !this.tables) return null;
    const c = this.engine.evaluateSlot(this.tables, 'claim', claimId, answers);
    return c ? { verdict: c.verdict, relevance: c.relevance } : { verdict: null, relevance: 'not-relevant' };
  };

  /** The bottom line `evaluate` gives for these answers (the questionnaire's own lookup and summary,
   * tables.js and bottom-line.js), once per distinct set of answers; null when the tables are not loaded. */
  Matcher.prototype.bottomLine = function (answers, cache) {
    if (!this.engine || !this.tables) return null;
    const key = JSON.stringify(answers);
    if (!cache.has(key)) cache.set(key, this.engine.assess(this.tables, answers, { changes: false }).bottom_line);
    return cache.get(key);
  };

  function where(e) {
    return 'line ' + e.span.line + ', column ' + e.span.column;
  }

  Matcher.prototype.answersFile = function (labels) {
    const out = ["# Answers proposed by 'unlearning-scope check' from the text.",
      '# Each answer names the words it comes from; check them before relying on it.',
      '# Questions no words bear on are left out (unknown), never guessed.'];
    for (const q of this.questions) {
      const label = labels[q.id];
      if (!label) { out.push('# ' + q.id + ': not answered (no words in the text bear on it)'); continue; }
      if (label.value === OPEN) {
        out.push('# ' + q.id + ': not answered: the text asks for unlearning without saying whether it means removal ' +
          'from the model or suppression in outputs (invites ' + label.mismatches.join(', ') + ')');
        continue;
      }
      if (label.value === null) out.push('# ' + q.id + ': not answered: the words point to ' + (label.conflict || []).join(' and '));
      else if (Array.isArray(label.value)) out.push(q.id + ': [' + label.value.join(', ') + ']');
      else out.push(q.id + ': ' + (['yes', 'no', 'true', 'false', 'null', 'on', 'off'].indexOf(label.value) >= 0 ? '"' + label.value + '"' : label.value));
      if (label.words && label.words.length) {
        out.push('#   no phrase names it; read from the words used together: ' + label.words.map((w) => JSON.stringify(w)).join(', '));
      }
      for (const e of label.evidence.slice(0, 5)) out.push('#   ' + JSON.stringify(e.words) + ' (' + where(e) + ', passage ' + e.passage + '): ' + e.signal);
      if (label.evidence.length > 5) out.push('#   ... and ' + (label.evidence.length - 5) + ' more');
    }
    return out.join('\n') + '\n';
  };

  /** The `check --format json` result for a text. */
  /** The wording rules that fit a passage (as `textcheck.wording.fits`): its goal is one the rule
   *  lists, and it relies on a claim the rule lists; a rule that lists neither part ignores it. */
  Matcher.prototype.wordingFor = function (labels, claims) {
    const goal = (labels[this.data.aspects_question] || {}).value;
    const ids = claims.map((c) => c.id);
    return (this.data.wording || []).filter((w) =>
      (!w.applies_when.goal.length || w.applies_when.goal.indexOf(goal) >= 0) &&
      (!w.applies_when.claims.length || w.applies_when.claims.some((c) => ids.indexOf(c) >= 0))
    ).map((w) => ({ id: w.id, label: w.label, problem: w.problem, wording: w.wording, cannot: w.cannot, rests_on: w.rests_on }));
  };

  /** The check's result (matcher.check); `options.thorough`: the word score at its thorough threshold
   * (Signals.of(kb, thorough=True)), where the data has one. */
  Matcher.prototype.check = function (text, options) {
    const thorough = Boolean(options && options.thorough && this.word && this.word.thorough !== null);
    const cps = Array.from(this.canonical(text));
    const found = this.find(cps, this.word ? (thorough ? this.word.thorough : this.word.threshold) : null);
    const lines = found.lines;
    const flagged = found.flagged;
    const word = this.word && this.word.goal ? this.word : null;
    const read = new Map();
    const goalWords = (f) => {
      if (!read.has(f.number)) {
        const [g, shown] = word.readGoal(f.folded, 4);
        read.set(f.number, [g ? new Set([g]) : new Set(), g ? shown : []]);
      }
      return read.get(f.number);
    };
    const wholeWords = () => {
      const halves = new Set();
      const shown = [];
      for (const f of flagged) {
        const [hs, ws] = goalWords(f);
        for (const x of hs) halves.add(x);
        for (const x of ws) if (shown.indexOf(x) < 0) shown.push(x);
      }
      return [halves, shown.slice(0, 4)];
    };
    // The goal words read only passages no phrase signal found (as in matcher.check).
    const wordOnly = new Set(flagged.filter((f) => !f.hits.some((x) => x.finds)).map((f) => f.number));
    const allWordOnly = flagged.length > 0 && wordOnly.size === flagged.length;
    const wholeLabels = this.labels(collect(flagged, lines), word && allWordOnly ? wholeWords : null);
    const whole = this.answersOf(wholeLabels);
    const wholeKey = JSON.stringify(whole);
    const bottomLines = new Map();
    const passages = flagged.map((f) => {
      const labels = this.labels(collect([f], lines), word && wordOnly.has(f.number) ? () => goalWords(f) : null);
      const answers = this.answersOf(labels);
      const claimHits = {};
      for (const h of f.hits) for (const cid of h.signal.claims) (claimHits[cid] = claimHits[cid] || []).push(evidence(f, h, lines));
      const claims = this.data.claim_order.filter((cid) => claimHits[cid]).map((cid) => {
        const claim = { id: cid, statement: this.data.claims[cid], evidence: claimHits[cid] };
        const v = this.verdictFor(answers, cid);
        if (v) { claim.verdict = v.verdict; claim.relevance = v.relevance; }
        return claim;
      });
      const passage = {
        number: f.number,
        span: span(lines, f.start, f.end),
        text: cps.slice(f.start, f.end).join(''),
        found_by: f.hits.filter((h) => h.finds).map((h) => evidence(f, h, lines)),
      };
      if (f.wordScore) passage.word_score = f.wordScore;
      return Object.assign(passage, {
        labels: labels,
        answers: answers,
        differs_from_whole: JSON.stringify(answers) !== wholeKey,
        claims: claims,
        bottom_line: this.bottomLine(answers, bottomLines),
        permalink: this.permalink(answers),
        wording: this.wordingFor(labels, claims),
      });
    });
    return {
      format: this.data.matcher_format,
      kb_version: this.data.meta.version,
      source: { name: 'the text', kind: 'text', characters: cps.length },
      language: this.language(cps),
      flagged: passages.length,
      passages: passages,
      set_aside: found.aside.map((x) => ({
        span: span(lines, x.start, x.end), text: cps.slice(x.start, x.end).join(''), exception: x.exception.id,
        reason: x.exception.label, words: cps.slice(x.words[0], x.words[1]).join(''),
      })),
      mode: thorough ? 'thorough' : 'default',
      held_out: (thorough ? this.data.held_out_thorough : this.data.held_out) || null,
      leave_one_document_out: (this.data.leave_one_document_out || {})[thorough ? 'thorough' : 'default'] || null,
      proposal: {
        answers: whole,
        labels: wholeLabels,
        unanswered: this.questions.map((q) => q.id).filter((q) => !Object.prototype.hasOwnProperty.call(whole, q)),
        open_goal_passages: passages.filter((p) => (p.labels[this.data.aspects_question] || {}).value === OPEN).map((p) => p.number),
        bottom_line: passages.length ? this.bottomLine(whole, bottomLines) : null,
        permalink: this.permalink(whole),
        answers_file: this.answersFile(wholeLabels),
      },
    };
  };

  /* ---------------------------------------------------------------- the page ------------------ */

  function loadData() {
    return Shared.loadScript(DATA_URL).then(() => {
      if (!window.UnlearningScopeCheckData) throw new Error('no data in ' + DATA_URL);
      return window.UnlearningScopeCheckData;
    });
  }

  function whereText(s) {
    if (s.line === s.end_line) return 'line ' + s.line + ', columns ' + s.column + '\u2013' + s.end_column;
    return 'line ' + s.line + ' column ' + s.column + ' to line ' + s.end_line + ' column ' + s.end_column;
  }

  /** An answer by its options' names, as the CLI says it (render._value): "Specific data", not "data". */
  function valueText(label, question) {
    const name = (id) => {
      const o = question.options.find((x) => x.id === id);
      return o ? o.label : String(id);
    };
    if (label.value === OPEN) return 'open: the passage does not say whether it means removal from the model or suppression in outputs';
    if (label.value === null) return 'not answered: the words point to ' + (label.conflict || []).map(name).join(' and ');
    return (Array.isArray(label.value) ? label.value : [label.value]).map(name).join(', ');
  }

  /** part/whole in tenths, halves rounded up, in whole numbers (render.about_tenths, so both say the same). */
  function about(part, whole) {
    return Math.floor((20 * part + whole) / (2 * whole));
  }

  /** A count with thousands marked by commas (render.grouped). */
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  const RELY_LEAD = 'How far to rely on this: ';

  /** How far to rely on the result (render.reliance): what check found, missed and flagged wrongly in texts never
   * seen, in the mode it ran in; in the thorough mode before it was measured so, the corpus's figures, said as such. */
  function reliance(result) {
    const m = result.held_out;
    const thorough = result.mode === 'thorough';
    const lead = RELY_LEAD + (thorough ? 'in the thorough mode, ' : '');
    if (!result.language.covered) return null;
    if (!m) {
      const lodo = result.leave_one_document_out;
      if (!thorough || !lodo) return null;
      return lead + 'on the project\'s own corpus of real passages, each document checked as if never seen, check found about ' +
        Math.floor(lodo.recall * 100 + 0.5) + ' in 100 of the passages that ask for, promise or rely on unlearning, and about ' +
        Math.floor(lodo.precision * 100 + 0.5) + ' in 100 of its flags were right; this mode has not yet been measured on texts the ' +
        'project had never seen. Read every flagged passage, and the text as well.';
    }
    const total = m.found + m.missed;
    const flags = m.found + m.false_alarms;
    const soFar = thorough ? ' (measured on ' + m.batches + ' batch' + (m.batches !== 1 ? 'es' : '') + ' of them so far)' : '';
    return lead + 'in texts the project had never seen' + soFar + ', check found ' + grouped(m.found) + ' of ' + grouped(total) +
      ' passages that ask for, promise or rely on unlearning (about ' + about(m.found, total) + ' in 10), and ' + grouped(m.found) +
      ' of its ' + grouped(flags) + ' flags there were right (about ' + about(m.found, flags) + ' in 10). Such a passage in words it has not ' +
      'met goes unflagged: read the text as well.';
  }

  /** What the passages set aside are (render.aside_heading, after its "Set aside, not flagged: "). */
  function asideLead(n) {
    return n + ' passage' + (n !== 1 ? 's' : '') + ' that a signal or the word score would flag, but that an exception reads as ' +
      'not asking for, promising or relying on unlearning. Check ' + (n !== 1 ? 'them' : 'it') + ' yourself.';
  }

  /** Why one passage was set aside (render.aside_reason). */
  function asideReason(a) {
    return a.reason + ' (' + a.exception + ', on \u201c' + spaced(a.words) + '\u201d)';
  }

  /** Words as Python's str.split() separates them, so that the page quotes a phrase exactly as the CLI does. */
  const PY_SPACES = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  function spaced(text) {
    return text.split(PY_SPACES).filter(Boolean).join(' ');
  }

  /** Each phrase of the evidence once, with its signals, a phrase inside another's span (in the same passage
   * and page) shown only as the longer one; lengths in code points, as Python counts them (render.outermost). */
  function outermost(evidence) {
    const phrases = new Map();
    const places = new Map();
    for (const e of evidence) {
      const w = spaced(e.words);
      if (!phrases.has(w)) {
        const span = e.span || null;
        phrases.set(w, [span, []]);
        const key = JSON.stringify([e.passage === undefined ? null : e.passage, span && span.page !== undefined ? span.page : null]);
        if (!places.has(key)) places.set(key, []);
        places.get(key).push(w);
      }
      phrases.get(w)[1].push(e.signal);
    }
    const within = (a, b) => Boolean(a && b) &&
      (b.line < a.line || (b.line === a.line && b.column <= a.column)) &&
      (a.end_line < b.end_line || (a.end_line === b.end_line && a.end_column <= b.end_column));
    const size = (w) => Array.from(w).length;
    const hosts = new Map();
    for (const samePlace of places.values()) {
      for (const w of samePlace) {
        let host = w;
        for (const v of samePlace) {
          if (size(v) > size(host) && within(phrases.get(w)[0], phrases.get(v)[0])) host = v;
        }
        hosts.set(w, host);
      }
    }
    const out = new Map();
    for (const [w, [, signals]] of phrases) {
      const host = hosts.get(w);
      if (!out.has(host)) out.set(host, []);
      const kept = out.get(host);
      for (const x of signals) if (kept.indexOf(x) < 0) kept.push(x);
    }
    return out;
  }

  /** Passage number -> the first earlier passage with the same answers, among passages whose answers
   * differ from the whole text's (render.same_answers): its bottom line is said once, then referred to. */
  function sameAnswers(passages) {
    const first = new Map();
    const out = new Map();
    for (const p of passages) {
      if (!p.differs_from_whole) continue;
      if (!first.has(p.permalink)) first.set(p.permalink, p.number);
      else out.set(p.number, first.get(p.permalink));
    }
    return out;
  }

  /** What flagged the passage: the signals' words, each phrase once, then the word score's (render.found_by). */
  function foundBy(p) {
    const parts = Array.from(outermost(p.found_by), ([w, sigs]) => '\u201c' + w + '\u201d (' + sigs.join(', ') + ')');
    const ws = p.word_score;
    if (ws) {
      parts.push('the words used together (score ' + ws.score + ', threshold ' + ws.threshold + '): ' +
        ws.words.map((w) => '\u201c' + w + '\u201d').join(', '));
    }
    return parts.join('; ');
  }

  /** The passage's text with the matched words marked (code point offsets relative to the passage). */
  function markedText(p) {
    const cps = Array.from(p.text);
    const found = p.found_by.map((e) => [offsetIn(p, e.span.line, e.span.column), offsetIn(p, e.span.end_line, e.span.end_column) + 1])
      .filter(([a, b]) => a >= 0 && b > a && b <= cps.length);
    found.sort((x, y) => x[0] - y[0]);
    // every word a signal matched is marked: overlapping matches (often nested) are marked as one run
    const marks = [];
    for (const [a, b] of found) {
      const last = marks[marks.length - 1];
      if (last && a < last[1]) last[1] = Math.max(last[1], b); else marks.push([a, b]);
    }
    const out = [];
    let at = 0;
    for (const [a, b] of marks) {
      out.push(cps.slice(at, a).join(''));
      out.push(h('mark', {}, cps.slice(a, b).join('')));
      at = b;
    }
    out.push(cps.slice(at).join(''));
    return out;
  }

  /** Code point offset, within the passage, of a (line, column) position of the whole text. */
  function offsetIn(p, line, column) {
    const cps = Array.from(p.text);
    let l = p.span.line;
    let c = p.span.column;
    for (let i = 0; i < cps.length; i++) {
      if (l === line && c === column) return i;
      if (cps[i] === '\n') { l++; c = 1; } else c++;
    }
    return l === line && c === column ? cps.length : -1;
  }

  const SHOWN = ['goal', 'target', 'driver', 'deployment'];

  /** The form and its result, run by `matcher` (the one with the engine and tables loaded, so that the
   *  page shows the verdicts and bottom lines `api.check` gives). */
  function Page(root, matcher) {
    const data = matcher.data;
    this.root = root;
    this.matcher = matcher;
    this.data = data;
    this.form = root.querySelector('#us-check-form');
    this.textarea = root.querySelector('#us-check-text');
    this.status = root.querySelector('#us-check-status');
    this.results = root.querySelector('#us-check-results');
    this.siteRoot = (root.getAttribute('data-root') || '..').replace(/\/?$/, '/');
    this.questionnaire = this.siteRoot + 'questionnaire/';
    this.lastResult = null;
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.run(); });
    this.form.addEventListener('reset', () => {
      setTimeout(() => { this.results.replaceChildren(); this.status.textContent = ''; this.lastResult = null; this.textarea.focus(); }, 0);
    });
    const file = root.querySelector('#us-check-file');
    file.addEventListener('change', () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      const reader = new FileReader();
      reader.onload = () => { this.textarea.value = String(reader.result || ''); file.value = ''; this.run(); };
      reader.onerror = () => { this.status.textContent = 'The file ' + chosen.name + ' could not be read.'; };
      reader.readAsText(chosen);
    });
  }

  /** A questionnaire link from a permalink the matcher made (its fragment, on this site). */
  Page.prototype.questionnaireHref = function (permalink) {
    return this.questionnaire + permalink.slice(permalink.indexOf('#'));
  };

  Page.prototype.run = function () {
    const text = this.textarea.value;
    if (!text.trim()) {
      this.results.replaceChildren();
      this.status.textContent = 'Paste a text first.';
      return;
    }
    const thorough = this.root.querySelector('#us-check-thorough');
    const result = this.matcher.check(text, { thorough: Boolean(thorough && thorough.checked) });
    this.lastResult = result;
    this.root.setAttribute('data-us-check-done', String(result.flagged));
    this.root.setAttribute('data-us-check-language', result.language.code);
    const flaggedText = result.flagged + ' passage' + (result.flagged === 1 ? '' : 's') + ' flagged' +
      (result.mode === 'thorough' ? ' (thorough mode: more found, more false alarms).' : '.');
    if (!result.language.covered) {
      this.status.textContent = 'Not checked: this text is mostly in ' + result.language.name + '. Only English is checked' +
        (result.flagged ? '; ' + flaggedText.replace('.', ' in its English parts.') : ', so finding nothing here would mean nothing.');
    } else {
      this.status.textContent = result.flagged ? flaggedText
        : 'Nothing in this text asks for, promises or relies on unlearning, as far as the signals and the word score see.';
    }
    const setAside = (result.set_aside || []).length;
    if (setAside) this.status.textContent += ' ' + setAside + ' passage' + (setAside === 1 ? '' : 's') + ' set aside, not flagged (listed below).';
    this.results.replaceChildren(...this.render(result));
  };

  Page.prototype.labelRows = function (labels) {
    const qs = this.data.questions;
    const order = SHOWN.filter((q) => labels[q]).concat(Object.keys(labels).filter((q) => SHOWN.indexOf(q) < 0));
    return order.map((qid) => {
      const q = qs.find((x) => x.id === qid);
      const label = labels[qid];
      const phrases = Array.from(outermost(label.evidence).keys()).map((w) => '\u201c' + w + '\u201d').join('; ');
      const words = phrases || (label.words && label.words.length
        ? 'no phrase names it; the words used together: ' + label.words.map((w) => '\u201c' + w + '\u201d').join(', ') : '');
      return h('tr', { 'data-question': qid, 'data-value': Array.isArray(label.value) ? label.value.join(',') : String(label.value) },
        h('th', { scope: 'row' }, q ? q.label : qid),
        h('td', { class: label.value === OPEN ? 'us-check-open' : null }, valueText(label, q || { options: [] })),
        h('td', {}, words || '\u2014'));
    });
  };

  /** The bottom line as the questionnaire shows its first lines: its sentences, in a box of its own. */
  Page.prototype.bottomLineBox = function (bl, heading, cls) {
    return h('div', { class: 'us-check-bottom ' + cls },
      h('p', { class: 'us-label' }, heading),
      h('ul', {}, bl.text.map((t) => h('li', {}, t))),
      (bl.evidence_needed || []).length ? h('p', { class: 'us-fine' }, 'Evidence to ask the provider for: ' + bl.evidence_needed.join('; ') +
        (bl.evidence_needed_more ? ' (and ' + bl.evidence_needed_more + ' more)' : '') + '.') : null);
  };

  /** One wording rule under a passage: why the words do not work, each clause with a copy button. */
  Page.prototype.wordingBox = function (w, number) {
    const box = h('div', { class: 'us-check-wording', 'data-wording': w.id },
      h('p', { class: 'us-label' }, 'Supportable wording to consider: ',
        h('a', { href: this.siteRoot + 'wording/' + w.id + '/' }, w.id), ' ', w.label),
      h('p', {}, w.problem));
    w.wording.forEach((o, i) => {
      const id = 'us-check-clause-' + number + '-' + w.id + '-' + (i + 1);
      const clause = h('blockquote', { class: 'us-check-clause', id: id }, o.text);
      const copied = h('span', { class: 'us-fine', role: 'status' });
      const copy = h('button', { type: 'button', class: 'md-button us-check-copy', 'aria-describedby': id }, 'Copy this wording');
      copy.addEventListener('click', () => this.copyClause(clause, o.text, copied));
      box.append(h('p', { class: 'us-check-option' }, h('strong', {}, o.label)), clause,
        h('p', {}, copy, ' ', copied),
        h('p', { class: 'us-fine' }, 'How to check it: ' + o.checks.join(' ')));
    });
    if (w.cannot) box.appendChild(h('p', { class: 'us-fine' }, 'What cannot be promised: ' + w.cannot));
    return box;
  };

  /** Copy a clause: the clipboard where the browser allows it, else the clause is selected for Ctrl+C. */
  Page.prototype.copyClause = function (clause, text, status) {
    Shared.copy(text, clause, (copied) => { status.textContent = copied ? 'Copied.' : 'Selected: press Ctrl+C (or \u2318C) to copy it.'; });
  };

  Page.prototype.render = function (result) {
    const out = [];
    if (!result.language.covered) {
      out.push(h('div', { class: 'admonition warning us-check-language', role: 'note' },
        h('p', { class: 'admonition-title' }, 'Not checked: ' + result.language.name),
        h('p', {}, 'This text is mostly in ' + result.language.name + ' (' + Math.round(result.language.share * 100) +
          '% of the words counted). The signals are written for English only, so this page (like unlearning-scope check, which exits 3 here) ' +
          'does not say that nothing was found: it did not read the text. ' +
          (result.flagged ? 'The passages below were found in its English parts.' : 'Nothing was found in English passages.'))));
    }
    const rely = reliance(result);
    const relyNote = rely ? h('p', { class: 'us-check-reliance', role: 'note' }, h('strong', {}, RELY_LEAD), rely.slice(RELY_LEAD.length)) : null;
    const aside = (result.set_aside || []).length ? h('section', { class: 'us-check-aside', 'aria-labelledby': 'us-check-aside-h' },
      h('h2', { id: 'us-check-aside-h' }, 'Set aside, not flagged'),
      h('p', {}, asideLead(result.set_aside.length)),
      h('ul', { class: 'us-check-aside-list' }, result.set_aside.map((a) => h('li', { 'data-exception': a.exception },
        h('p', { class: 'us-check-where' }, whereText(a.span)),
        h('blockquote', { class: 'us-check-text' }, a.text),
        h('p', { class: 'us-fine' }, 'Why: ' + asideReason(a) + ' ', h('a', { href: '#' + a.exception }, 'about ' + a.exception)))))) : null;
    if (!result.flagged) return out.concat([aside, relyNote].filter(Boolean));
    const list = h('ol', { class: 'us-check-passages' });
    const same = sameAnswers(result.passages);
    for (const p of result.passages) {
      const goal = p.labels[this.data.aspects_question];
      const item = h('li', { class: 'us-check-passage', id: 'us-check-p' + p.number, 'data-number': p.number },
        h('p', { class: 'us-check-where' }, 'Passage ' + p.number + ': ' + whereText(p.span)),
        h('blockquote', { class: 'us-check-text' }, markedText(p)),
        h('p', { class: 'us-fine' }, 'Found by: ' + foundBy(p)),
        h('table', { class: 'us-check-labels' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Reading'), h('th', { scope: 'col' }, 'Words'))),
          h('tbody', {}, this.labelRows(p.labels))));
      if (goal && goal.value === OPEN) {
        item.appendChild(h('p', { class: 'us-check-warning' },
          h('strong', {}, 'The goal is open. '),
          'This passage does not say whether it asks for removal of information from the model or suppression of content in its outputs, which invites ',
          ...this.data.open_goal_mismatches.map((m, i) => [i ? ' and ' : '', h('a', { href: this.siteRoot + 'mismatches/' + m.id + '/' }, m.id + ' (' + m.label + ')')]),
          '.'));
      }
      if (p.claims.length) {
        item.appendChild(h('p', { class: 'us-label' }, 'Claims it makes or relies on'));
        item.appendChild(h('ul', { class: 'us-check-claims' }, p.claims.map((cl) =>
          h('li', { 'data-claim': cl.id }, h('a', { href: this.siteRoot + 'claims/' + cl.id + '/' }, cl.id), ' ', cl.statement,
            ' ', h('span', { class: 'us-fine' }, cl.verdict ? '(verdict under this passage\u2019s answers: ' + cl.verdict + (cl.relevance === 'possible' ? ', relevant for some answers' : '') + ')' : '(not relevant to this passage\u2019s answers)')))));
      }
      if (p.bottom_line && same.has(p.number)) {
        item.appendChild(h('p', { class: 'us-check-bottom-same' }, 'Bottom line for this passage\u2019s answers: as for ',
          h('a', { href: '#us-check-p' + same.get(p.number) }, 'passage ' + same.get(p.number)), ', whose answers are the same.'));
      } else if (p.bottom_line && p.differs_from_whole) {
        item.appendChild(this.bottomLineBox(p.bottom_line, 'Bottom line for this passage\u2019s answers', 'us-check-bottom-passage'));
      }
      for (const w of p.wording || []) item.appendChild(this.wordingBox(w, p.number));
      item.appendChild(h('p', {}, h('a', { class: 'md-button', href: this.questionnaireHref(p.permalink) },
        'Open this passage\u2019s answers in the questionnaire')));
      list.appendChild(item);
    }
    out.push(h('h2', { id: 'us-check-found' }, 'Flagged passages'), list);
    if (aside) out.push(aside);
    const prop = result.proposal;
    const proposal = h('section', { class: 'us-check-proposal', 'aria-labelledby': 'us-check-proposal-h' },
      h('h2', { id: 'us-check-proposal-h' }, 'Proposed answers for the whole text'),
      prop.bottom_line ? this.bottomLineBox(prop.bottom_line, 'Bottom line for the proposed answers', 'us-check-bottom-whole') : null,
      h('table', { class: 'us-check-labels' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Proposed'), h('th', { scope: 'col' }, 'Words'))),
        h('tbody', {}, this.labelRows(prop.labels))),
      prop.open_goal_passages.length ? h('p', { class: 'us-check-warning' }, h('strong', {}, 'The goal is left open '),
        'in passage' + (prop.open_goal_passages.length > 1 ? 's ' : ' ') + prop.open_goal_passages.join(', ') + ': say whether removal or suppression is meant.') : null,
      h('p', { class: 'us-fine' }, 'Left unanswered: ' + prop.unanswered.map((id) => (this.data.questions.find((q) => q.id === id) || { short: id }).short).join(', ') +
        '. A question no words bear on is not guessed; answer it in the questionnaire.'),
      h('p', {}, h('a', { class: 'md-button', id: 'us-check-open', href: this.questionnaireHref(prop.permalink), onclick: (e) => markFromText(e.currentTarget) }, 'Open in the questionnaire')),
      h('details', {}, h('summary', {}, 'Answers file (for unlearning-scope evaluate)'), h('pre', {}, h('code', { id: 'us-check-answers' }, prop.answers_file))));
    out.push(proposal);
    if (relyNote) out.push(relyNote);
    return out;
  };

  /* ---------------------------------------------------------------- mounting ------------------ */

  const api = { matcher: null, check: null, page: null, ready: null };
  window.UnlearningScopeCheck = api;

  /** The engine and the current version's decision tables, for claim verdicts (as the questionnaire loads them). */
  function loadTables() {
    return Promise.all([Shared.engine(), Shared.tables()]).then(([engine, tables]) => ({ engine, tables }));
  }

  function ensureMatcher() {
    return Promise.all([loadData(), loadTables()]).then(([data, lookup]) => {
      if (!api.matcher) {
        api.matcher = new Matcher(data);
        api.matcher.engine = lookup.engine;
        api.matcher.tables = lookup.tables;
        api.matcher.answers = window.UnlearningScopeAnswers;
        api.check = (text, options) => api.matcher.check(text, options);
      }
      return api.matcher;
    });
  }

  function mount() {
    const root = document.getElementById('us-check-root');
    if (!root || root.hasAttribute('data-us-check-mounted')) return;
    root.setAttribute('data-us-check-mounted', 'loading');
    api.ready = ensureMatcher().then(() => {
      if (!root.isConnected) return;
      api.page = new Page(root, api.matcher);
      root.setAttribute('data-us-check-mounted', 'ready');
    }).catch((err) => {
      root.setAttribute('data-us-check-mounted', 'failed');
      const status = root.querySelector('#us-check-status');
      if (status) status.textContent = 'The check could not be loaded (' + err.message + '). The command line, unlearning-scope check FILE, gives the same result.';
    });
  }

  Shared.onEveryPage(mount);
})();
