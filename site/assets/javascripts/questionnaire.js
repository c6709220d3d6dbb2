/*
 * Unlearning Scope: the questionnaire's form and result, in the reader's browser.
 *
 * It mounts on `#us-q-root`, reads a permalink from the URL fragment, recomputes on every change and
 * keeps the fragment up to date. Results come from `tables.js` (UnlearningScopeEngine), which looks
 * them up in the decision tables the site ships for every released version; this file interprets no
 * rule. A permalink that names an older version shows that version's result, and what the current
 * version concludes differently. Answers never leave the browser: no request carries them, nothing
 * is stored except the fragment (which browsers do not send to servers), and exports are downloads
 * the reader starts. Only the questionnaire's page loads this file, which loads the engine (answers.js,
 * bottom-line.js, tables.js) and the tables when it mounts.
 */
(function () {
  'use strict';

  if (typeof document === 'undefined' || typeof window === 'undefined') return;

  if (window.UnlearningScopeQuestionnaire) return; // run again by instant navigation: mounted already
  const Shared = window.UnlearningScopePage;
  const h = Shared.h;
  const SITE_ROOT = Shared.root;

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

  let current = null;

  function loadEverything() {
    return Promise.all([Shared.engine(), Shared.versions(), Shared.tables()]).then(([engine, versions, data]) => ({ engine, versions, data }));
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

  function BottomLineLower(label) {
    return window.UnlearningScopeBottomLine.lowerFirst(label);
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
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
      nodes.push(h('p', { id: base + '-default', class: 'us-q-default' }, q.default.explained));
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
    constructor(root, loaded) {
      this.root = root;
      this.engine = loaded.engine;
      this.versions = loaded.versions;
      this.data = loaded.data;
      this.answers = {};
      this.result = null;
      this.shown = null; // the older version whose result is shown (a permalink named it), or null
      this.shownData = null;
      this.comparison = null;
      this.proposedFrom = false;
      // "Check a text" proposed these answers: it leaves a mark in this page's memory (kept across the
      // theme's instant navigation), or the page was opened from it by a full load. Nothing is stored.
      const here = window.location.hash.replace(/^#/, '');
      const mark = window.UnlearningScopeFromText;
      window.UnlearningScopeFromText = undefined;
      let fromCheck = false;
      try {
        const ref = new URL(document.referrer);
        fromCheck = ref.origin === window.location.origin && /\/check\/?$/.test(ref.pathname);
      } catch (e) {
        // no referrer
      }
      this.proposedFrom = here.indexOf('=') >= 0 && (mark === here || (mark === undefined && fromCheck));
      this.build();
      this.readHash(window.location.hash, true);
    }

    build() {
      const data = this.data;
      this.alert = h('div', { id: 'us-q-alert', class: 'us-q-alert', role: 'alert', hidden: true });
      this.notice = h('div', { id: 'us-q-version-notice', class: 'us-q-notice', role: 'note', hidden: true });
      this.fromText = h('div', { id: 'us-q-from-text', class: 'us-q-notice us-q-from-text', role: 'note', hidden: true });
      this.form = h('form', { id: 'us-q-form', class: 'us-q-form', 'aria-labelledby': 'us-q-form-title', novalidate: true },
        data.questions.map((q) => questionFieldset(q, data)));
      this.form.addEventListener('submit', (e) => e.preventDefault());
      this.form.addEventListener('change', () => this.onChange());
      this.status = h('p', { id: 'us-q-status', class: 'us-q-status us-q-sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
      this.body = h('div', { id: 'us-q-result-body', class: 'us-q-result-body' });
      this.citeText = h('p', { id: 'us-q-citation-text', class: 'us-q-citation-text' });
      this.bibtex = h('code', { tabindex: '0' }); // the scrolling element: reachable by keyboard
      this.link = h('a', { id: 'us-q-permalink', class: 'us-q-permalink', href: '#' });
      this.actionStatus = h('p', { id: 'us-q-action-status', class: 'us-q-action-status', role: 'status', 'aria-live': 'polite' });
      const button = (id, text, handler) => h('button', { type: 'button', id, class: 'us-q-button', onclick: handler }, text);
      this.loadInput = h('input', { type: 'file', id: 'us-q-load-file', class: 'us-q-load-file', accept: '.yaml,.yml,.json,application/json,text/yaml',
        'aria-label': 'Answers file to load (YAML or JSON, as the command line writes it)', onchange: (e) => this.loadFile(e.target) });
      this.actions = h('div', { id: 'us-q-actions', class: 'us-q-actions', role: 'group', 'aria-label': 'Use this result' },
        button('us-q-copy-memo', 'Copy for a memo', () => this.copyMemo()),
        button('us-q-print', 'Print', () => window.print()),
        button('us-q-copy', 'Copy citation', () => this.copyCitation()),
        button('us-q-copy-link', 'Copy permalink', () => this.copyLink()),
        button('us-q-download-yaml', 'Download answers', () => this.downloadYaml()),
        button('us-q-load', 'Load answers file', () => this.loadInput.click()),
        button('us-q-download-json', 'Result as JSON', () => this.downloadJson()),
        button('us-q-clear', 'Clear answers', () => this.clear()),
        this.actionStatus);
      this.citeSummary = h('summary', { id: 'us-q-cite-title' }, 'Cite this assessment');
      const cite = h('details', { id: 'us-q-cite', class: 'us-q-cite us-q-more-block' },
        this.citeSummary,
        this.citeText,
        h('p', { class: 'us-q-bibtex-label', id: 'us-q-bibtex-label' }, 'BibTeX:'),
        h('pre', { id: 'us-q-bibtex', class: 'us-q-bibtex', role: 'group', 'aria-labelledby': 'us-q-bibtex-label' }, this.bibtex),
        h('p', { class: 'us-q-permalink-line' }, 'Permalink (reopens this page with these answers): ', this.link));
      this.cite = cite;
      this.memoBox = h('div', { id: 'us-q-memo', class: 'us-q-memo', hidden: true });
      cite.appendChild(this.memoBox);
      this.resultTitle = h('h2', { id: 'us-q-result-title', tabindex: '-1' }, 'Result');
      const back = h('p', { class: 'us-q-jump us-q-jump--back' },
        h('a', { href: '#us-q-form-title', onclick: (e) => { e.preventDefault(); this.focusQuestions(); } }, 'Back to the questions'));
      this.printHead = h('div', { class: 'us-q-print-head' });
      const result = h('section', { id: 'us-q-result', class: 'us-q-result', 'aria-labelledby': 'us-q-result-title' },
        this.printHead, this.resultTitle, back, this.status, this.loadInput, this.body, cite);
      const intro = h('div', { class: 'us-q-intro' },
        h('p', null, h('button', { type: 'button', class: 'us-q-button us-q-button--quiet', id: 'us-q-skip', onclick: () => this.focusResult() }, 'Skip to the result')));
      const questions = h('section', { class: 'us-q-questions', 'aria-labelledby': 'us-q-form-title' },
        h('h2', { id: 'us-q-form-title', tabindex: '-1' }, 'Questions'), this.form);
      this.root.replaceChildren(this.alert, this.notice, this.fromText, intro, h('div', { class: 'us-q-layout' }, questions, result));
    }

    focusQuestions() {
      const title = document.getElementById('us-q-form-title');
      title.focus();
      if (title.scrollIntoView) title.scrollIntoView({ block: 'start' });
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
      const read = this.engine.readFragment(this.data, frag);
      const v = this.data.kb.version;
      this.shown = null;
      this.shownData = null;
      this.notice.hidden = true;
      this.notice.replaceChildren();
      if (read.version !== null && read.version !== v) {
        if (!this.versions.versions[read.version]) {
          read.errors.push({ code: 'unknown-version', key: 'v', message: 'This link names knowledge-base version ' + read.version +
            ', which was never released (versions on this site: ' + Object.keys(this.versions.versions).join(', ') + '). The result below is that of the current version, ' + v + ', not of the version the link names.' });
        } else {
          this.answers = read.answers;
          this.showErrors(read.errors);
          this.setForm();
          this.showVersion(read.version, frag);
          return;
        }
      }
      this.answers = read.answers;
      this.showErrors(read.errors);
      this.setForm();
      this.update(false);
    }

    /** A permalink of an older version: that version's result, as it was cited, and what the current
     *  version concludes differently. Its answers are read with that version's questions. */
    showVersion(version, frag) {
      const token = (this.pending = {});
      this.status.textContent = 'Loading version ' + version + '\u2026';
      Shared.tables(version).then((old) => {
        if (this.pending !== token) return;
        const read = this.engine.readFragment(old, frag);
        // A question or option that version never had (added later, e.g. training_stage): refused, as
        // the CLI does (error[not-in-version]), and the current version's result is shown instead.
        const now = this.engine.readFragment(this.data, frag);
        const missing = read.errors.filter((e) => (e.code === 'unknown-question' || e.code === 'unknown-option') &&
          !now.errors.some((x) => x.code === e.code && x.key === e.key));
        if (missing.length) {
          this.answers = now.answers;
          this.showErrors(now.errors.concat(missing.map((e) => ({ code: 'not-in-version', key: e.key, message: 'Knowledge-base version ' + version +
            ', which this link names, has no ' + (e.code === 'unknown-question' ? "question '" + e.key + "'" : "such answer to '" + e.key + "' (" + e.message + ')') +
            ': it was added in a later version. The result below is that of the current version, ' + this.data.kb.version + ', not of the version the link names.' }))));
          this.setForm();
          this.update(false);
          return;
        }
        this.answers = read.answers;
        this.showErrors(read.errors);
        this.setForm();
        this.shown = version;
        this.shownData = old;
        this.update(false);
      }).catch((e) => {
        if (this.pending !== token) return;
        this.showErrors([{ code: 'unknown-version', key: 'v', message: 'The tables of version ' + version + ' could not be loaded (' + e.message + '); the result below is that of the current version.' }]);
        this.update(false);
      });
    }

    renderVersionNotice() {
      if (!this.shown) {
        this.notice.hidden = true;
        this.notice.replaceChildren();
        return;
      }
      const v = this.data.kb.version;
      const diffs = this.comparison || [];
      const changelog = SITE_ROOT + 'changelog/';
      const later = Object.keys(this.versions.versions).filter((x) => cmpVersion(x, this.shown) > 0 && cmpVersion(x, v) <= 0);
      const words = (d) => (d === null ? 'not in the result' : d);
      this.notice.replaceChildren(
        h('p', null, h('strong', null, 'This is the result of knowledge-base version ' + this.shown + ', the version this link names. '),
          'It is reproduced from that version\u2019s decision tables, exactly as it was when the link was made. The current version is ' + v + '.'),
        h('div', { class: 'us-q-version-diff' }, diffs.length
          ? [h('p', null, 'Version ' + v + ' concludes differently on ' + plural(diffs.length, 'point', 'points') + ':'),
            h('ul', { id: 'us-q-version-differences', class: 'us-q-list' }, diffs.map((d) => h('li', { 'data-kind': d.kind, 'data-id': d.id },
              idLink(d.id), ' (' + d.kind + '): ' + words(d.before) + ' in ' + this.shown + ', ' + words(d.after) + ' in ' + v + '.')))]
          : h('p', { id: 'us-q-version-same' }, 'Version ' + v + ' reaches the same verdicts, mismatches and claims for these answers.')),
        h('p', null, 'What changed between the versions: ', joinNodes(later.map((x) => h('a', { href: changelog + '#' + (this.versions.versions[x].changelog || ''), 'data-version': x }, 'version ' + x)), ', '),
          ' in the ', h('a', { href: changelog }, 'changelog'), '. ',
          h('button', { type: 'button', class: 'us-q-button us-q-button--quiet', id: 'us-q-use-current', onclick: () => this.useCurrent() }, 'Show the result of version ' + v)));
      this.notice.hidden = false;
    }

    useCurrent() {
      this.pending = null;
      this.shown = null;
      this.shownData = null;
      this.update(true);
    }

    showErrors(errors) {
      if (!errors.length) {
        this.alert.hidden = true;
        this.alert.replaceChildren();
        return;
      }
      this.alert.replaceChildren(
        h('p', null, h('strong', null, errors.every((e) => e.code === 'not-in-version')
          ? 'This link uses answers that the version it names does not have:' : 'Some parts of this link could not be read and were left unanswered:')),
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
      this.pending = null;
      this.shown = null; // new answers are a new assessment, made with the current version
      this.shownData = null;
      this.update(true);
    }

    pageUrl() {
      return window.location.href.split('#')[0];
    }

    /** Recompute, redraw the result and rewrite the fragment (replaceState: no request, no history entry). */
    update(writeHash) {
      const data = this.shownData || this.data;
      try {
        this.result = this.engine.assess(data, this.answers, { pageUrl: this.pageUrl() });
        this.comparison = this.shownData ? this.engine.differences(this.result, this.engine.assess(this.data, this.currentAnswers())) : null;
      } catch (e) {
        this.result = null;
        this.body.replaceChildren(h('p', { class: 'us-q-error', role: 'alert' }, 'The result could not be computed: ' + e.message));
        return;
      }
      if (writeHash) {
        const target = '#' + this.engine.fragment(data, this.answers);
        if (window.location.hash !== target) {
          try {
            window.history.replaceState(window.history.state, '', target);
          } catch (e) {
            // some file:// setups refuse replaceState; the permalink below still carries the answers
          }
        }
      }
      this.renderVersionNotice();
      this.render();
    }

    /** The answers as the current version reads them (an older version may have had other questions). */
    currentAnswers() {
      const out = {};
      for (const q of this.data.questions) if (this.answers[q.id] !== undefined) out[q.id] = this.answers[q.id];
      return this.engine.readFragment(this.data, this.engine.fragment(this.shownData || this.data, out)).answers;
    }

    render() {
      const r = this.result;
      const count = (items, key, value) => items.filter((x) => x[key] === value).length;
      const m = r.methods;
      // for screen readers only (visually hidden): what changed, in one sentence
      this.status.textContent = 'Result updated: ' + plural(count(m, 'verdict', 'supports'), 'method supports', 'methods support') + ', ' +
        count(m, 'verdict', 'partial') + ' partial, ' + count(m, 'verdict', 'does-not-support') + ' do not support; ' +
        plural(count(r.mismatches, 'status', 'applies'), 'mismatch applies', 'mismatches apply') + '.';
      this.root.setAttribute('data-us-q-digest', r.answers_digest);
      this.root.setAttribute('data-us-q-version', r.kb_version);
      this.citeText.textContent = r.citation.text;
      this.citeSummary.textContent = 'Cite this assessment (version ' + r.kb_version + ', assessment ' + r.answers_digest.split(':')[1].slice(0, 12) + ')';
      this.bibtex.textContent = r.citation.bibtex;
      this.link.textContent = r.citation.permalink;
      this.link.href = r.citation.permalink;
      this.renderFromText(r);
      if (r.answers.goal === undefined) {
        this.status.textContent = 'No result yet: answer the first question.';
        this.cite.hidden = true;
        this.body.replaceChildren(h('div', { id: 'us-q-empty', class: 'us-q-empty' },
          h('p', null, h('strong', null, 'Start with the first question: what should unlearning achieve?')),
          h('p', null, 'Every verdict depends on it. The other questions refine the result; leave any you do not know, and the result says what an answer would change.'),
          h('p', { class: 'us-q-actions-inline' }, 'Or ', h('button', { type: 'button', class: 'us-q-linkbutton', id: 'us-q-load-empty', onclick: () => this.loadInput.click() }, 'load an answers file'), '.'),
          this.actionStatus));
        return;
      }
      this.cite.hidden = false;
      const today = new Date().toISOString().slice(0, 10);
      if (!this.pageStyle) {
        this.pageStyle = document.createElement('style');
        document.head.appendChild(this.pageStyle);
      }
      // printed: a footer with the version, the date and page x of y (page margin boxes)
      this.pageStyle.textContent = '@page us-q-memo { @bottom-center { content: "Unlearning Scope ' + r.kb_version + ' \u00B7 ' + today +
        ' \u00B7 page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }';
      this.printHead.replaceChildren(h('p', { class: 'us-q-print-title' }, 'Unlearning assessment'),
        h('p', { class: 'us-q-print-meta' }, 'Unlearning Scope knowledge base ' + r.kb_version + ' \u00B7 printed ' + today + ' \u00B7 orientation, not legal advice'));
      this.body.replaceChildren(...[this.renderBottomLine(r), this.renderPicture(r), this.renderFacts(r), this.renderMismatches(r),
        this.renderMethods(r), this.renderClaims(r), this.renderUnknowns(r)].filter(Boolean));
    }

    /** Opened from "Check a text": say so, and which questions the text left open. */
    renderFromText(r) {
      if (!this.proposedFrom) {
        this.fromText.hidden = true;
        return;
      }
      const open = this.data.questions.filter((q) => r.answers[q.id] === undefined && !q.default).map((q) => q);
      this.fromText.replaceChildren(
        h('p', null, h('strong', null, 'These answers were proposed from the text you checked. '),
          'Check each one against what you know of the situation.'),
        open.length ? h('p', null, 'Still open: ', joinNodes(open.map((q) => h('button', { type: 'button', class: 'us-q-linkbutton', 'data-question': q.id, onclick: () => this.focusQuestion(q.id) }, q.label)), '; '),
          '. Answer them next, or leave those you do not know.') : h('p', null, 'The text answered every question that has no default.'));
      this.fromText.hidden = false;
    }

    /** The bottom line, generated from the result's data (bottom-line.js): first and short, the actions under it. */
    renderBottomLine(r) {
      const b = r.bottom_line;
      const n = b.evidence_needed.length + b.evidence_needed_more;
      const evidence = b.evidence_needed.length
        ? h('details', { class: 'us-q-more-block us-q-evidence-block', id: 'us-q-evidence-details' },
          h('summary', null, 'Evidence needed: the ' + plural(n, 'condition', 'conditions') + ' this rests on'),
          h('ul', { class: 'us-q-list', id: 'us-q-evidence' }, b.evidence_needed.map((c) => h('li', null, c))),
          b.evidence_needed_more ? h('p', { class: 'us-q-fine' }, 'And ' + b.evidence_needed_more + ' more, under Methods in detail.') : null)
        : null;
      const path = this.engine.fragment(this.shownData || this.data, this.answers).replace(/^v=[^&]*&?/, '');
      const trees = b.trees.length
        ? h('p', { class: 'us-q-fine' }, 'Decision trees: ', joinNodes(b.trees.map((t) => h('a', { href: SITE_ROOT + 'trees/' + encodeURIComponent(t.id) + '/#' + path }, t.label)), '; '), '.')
        : null;
      return h('div', { id: 'us-q-bottom-line', class: 'us-q-bottom-line', role: 'group', 'aria-labelledby': 'us-q-bottom-line-title' },
        h('h3', { id: 'us-q-bottom-line-title' }, 'Bottom line'),
        h('p', { class: 'us-q-bottom-text' }, b.text.join(' ')), evidence, trees, this.actions);
    }

    /** Methods by removal and suppression, at a glance. */
    renderPicture(r) {
      const halves = Object.keys(this.data.halves);
      const wanted = new Set(r.methods.flatMap((m) => Object.keys(m.halves)));
      const cols = halves.filter((a) => wanted.has(a));
      const cell = (v) => (v ? badge('method', v, METHOD_WORDS) : h('span', { class: 'us-q-none' }, '\u2014'));
      return h('div', { id: 'us-q-picture', class: 'us-q-block' },
        h('div', { class: 'us-q-table-wrap', role: 'group', 'aria-label': 'Verdicts at a glance', tabindex: '0' },
          h('table', { class: 'us-q-table us-q-picture' },
            h('caption', null, 'Verdicts at a glance'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Method'),
              cols.map((a) => h('th', { scope: 'col' }, this.data.halves[a])), cols.length > 1 ? h('th', { scope: 'col' }, 'Overall') : null,
              h('th', { scope: 'col', class: 'us-q-print-only' }, 'What decides it'))),
            h('tbody', null, r.methods.map((m) => h('tr', { 'data-method': m.id },
              h('th', { scope: 'row' }, m.label),
              cols.map((a) => h('td', null, cell(m.halves[a]))),
              cols.length > 1 ? h('td', null, cell(m.verdict)) : null,
              h('td', { class: 'us-q-print-only' }, m.verdict !== 'does-not-support' || cols.length > 1 ? (m.caveats[0] || '\u2014') : '\u2014')))))));
    }

    /** The facts the result assumed, in words: answered, filled in by default, not known. */
    renderFacts(r) {
      const facts = r.facts || [];
      const said = (source) => facts.filter((f) => f.source === source);
      const line = (items) => joinNodes(items.map((f) => h('span', { 'data-question': f.question }, f.short.slice(0, 1).toUpperCase() + f.short.slice(1) + ': ', h('strong', null, f.answer_label))), '; ');
      const rows = [h('dt', null, 'Answered'), h('dd', null, said('answered').length ? line(said('answered')) : 'Nothing yet.')];
      if (said('default').length) rows.push(h('dt', null, 'By default'), h('dd', null, line(said('default'))));
      if (said('open').length) rows.push(h('dt', null, 'Not known'), h('dd', null, said('open').map((f) => f.short).join(', ') + ' (each verdict is the weakest over the possible answers)'));
      return h('div', { id: 'us-q-facts', class: 'us-q-block' }, h('h3', { id: 'us-q-facts-title' }, 'Facts assumed'),
        h('dl', { id: 'us-q-summary', class: 'us-q-summary' }, rows));
    }

    renderMismatches(r) {
      const body = r.mismatches.length
        ? h('div', { class: 'us-q-table-wrap', role: 'group', 'aria-labelledby': 'us-q-mismatches-title', tabindex: '0' },
          h('table', { id: 'us-q-mismatches-table', class: 'us-q-table us-q-cards' },
            h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'us-q-col-method' }, 'Mismatch'),
              h('th', { scope: 'col', class: 'us-q-col-verdict' }, 'Status'), h('th', { scope: 'col' }, 'Why'))),
            h('tbody', null, r.mismatches.map((mm) => h('tr', { 'data-mismatch': mm.id, 'data-status': mm.status },
              h('th', { scope: 'row' }, idLink(mm.id, mm.id + ' ' + mm.label)),
              h('td', null, badge('mismatch', mm.status, MISMATCH_WORDS)),
              h('td', null, mm.reasons.length > 1 ? this.list(mm.reasons) : mm.why))))))
        : h('p', null, 'No mismatch applies to these answers.');
      const applying = r.mismatches.filter((mm) => mm.status === 'applies');
      return h('details', { id: 'us-q-mismatches', class: 'us-q-block us-q-more-block us-q-print-open' },
        h('summary', { id: 'us-q-mismatches-title' }, 'Mismatches: ' + (applying.length ? applying.map((mm) => mm.id + ' ' + mm.label).join('; ') : 'none apply') +
          (r.mismatches.length > applying.length ? ' (' + (r.mismatches.length - applying.length) + ' more possible)' : '')),
        body);
    }

    renderMethods(r) {
      const aims = Object.keys(r.methods[0] ? r.methods[0].halves : {});
      const split = aims.length > 1;
      const Half = window.UnlearningScopeBottomLine;
      const col = (cls, text) => h('th', { scope: 'col', class: cls }, text);
      const head = h('tr', null, col('us-q-col-method', 'Method'), col('us-q-col-verdict', 'Verdict'),
        col('us-q-col-text', 'Conditions'), col('us-q-col-text', 'Caveats'));
      const trim = (part, key) => (key === 'caveats' && part.verdict === 'does-not-support' ? part.caveats.slice(0, 1) : part[key]);
      const merged = (items) => items.reduce((kept, c) => Half.mergeCondition(kept, c), []);
      // each thing once: what both halves need is said once, then what each half needs besides
      // caveats: the two that weigh most (rules list them most decisive first) for each part, the rest on the
      // method's page and in the command line's --detail full; conditions are always given in full
      const CAVEATS_SHOWN = 2;
      const shown = (m, key, items) => {
        if (key !== 'caveats' || items.length <= CAVEATS_SHOWN) return this.list(items);
        return [this.list(items.slice(0, CAVEATS_SHOWN)),
          h('p', { class: 'us-q-fine' }, idLink(m.id, 'and ' + plural(items.length - CAVEATS_SHOWN, 'more caveat', 'more caveats') + ' on the method\u2019s page'))];
      };
      const byHalf = (m, key, empty) => {
        if (!split) {
          const items = merged(trim(m, key));
          return items.length ? shown(m, key, items) : h('p', { class: 'us-q-none' }, empty);
        }
        const per = aims.map((a) => [a, merged(trim(Half.half(m, a), key))]);
        const common = per[0][1].filter((c) => per.every(([, items]) => items.includes(c)));
        const parts = [];
        if (common.length) parts.push([h('p', { class: 'us-q-half-label' }, 'Both halves:'), shown(m, key, common)]);
        for (const [a, items] of per) {
          const rest = items.filter((c) => !common.includes(c));
          if (rest.length) parts.push([h('p', { class: 'us-q-half-label' }, (this.data.halves[a] || a) + ' only:'), shown(m, key, rest)]);
        }
        return parts.length ? parts : h('p', { class: 'us-q-none' }, empty);
      };
      const ceiling = [];
      const rows = r.methods.map((m) => {
        const w = m.what_would_change;
        if (w && !w.can_reach_top) ceiling.push(m);
        return h('tr', { 'data-method': m.id, 'data-verdict': m.verdict },
          h('th', { scope: 'row' }, idLink(m.id, m.label)),
          h('td', null, badge('method', m.verdict, METHOD_WORDS),
            split ? h('ul', { class: 'us-q-halves' }, aims.map((a) => h('li', { 'data-aspect': a },
              (this.data.halves[a] || a) + ': ', badge('method', m.halves[a], METHOD_WORDS)))) : null,
            this.changes(w, 'us-q-changes-' + m.id)),
          h('td', { 'data-label': 'Conditions' }, byHalf(m, 'conditions', 'None stated.')),
          h('td', { 'data-label': 'Caveats' }, byHalf(m, 'caveats', 'None stated.')));
      });
      return h('details', { id: 'us-q-methods', class: 'us-q-block us-q-more-block' },
        h('summary', { id: 'us-q-methods-title' }, 'Methods in detail: conditions, caveats, what would change'),
        h('p', { class: 'us-q-block-help' }, split
          ? 'Each method is judged on removal and on suppression, each half with its own conditions; its overall verdict is the weaker of the two.'
          : 'What each kind of method can deliver for your answers, and on what conditions.'),
        h('div', { class: 'us-q-table-wrap', role: 'group', 'aria-labelledby': 'us-q-methods-title', tabindex: '0' },
          h('table', { id: 'us-q-methods-table', class: 'us-q-table us-q-cards' }, h('thead', null, head), h('tbody', null, rows))),
        ceiling.length ? h('p', { class: 'us-q-fine', id: 'us-q-methods-ceiling' }, 'Whatever the answers, ' + ceiling.map((x) => BottomLineLower(x.label)).join(', ') +
          ' never reach supports: no situation makes ' + (ceiling.length === 1 ? 'it' : 'them') + ' a guarantee.') : null);
    }

    renderClaims(r) {
      const groups = CLAIM_GROUP_ORDER.concat(Object.keys(CLAIM_WORDS).filter((v) => !CLAIM_GROUP_ORDER.includes(v)));
      const parts = [];
      for (const verdict of groups) {
        const items = r.claims.filter((cl) => cl.verdict === verdict);
        if (!items.length) continue;
        const gid = 'us-q-claims-' + verdict;
        const notes = new Set(items.map((cl) => (cl.what_would_change || {}).note || ''));
        const shared = notes.size === 1 ? Array.from(notes)[0] : '';
        parts.push(h('div', { id: gid, class: 'us-q-claim-group' },
          h('h4', { id: gid + '-title' }, badge('claim', verdict, CLAIM_WORDS), ' ', '(' + items.length + ')'),
          h('p', { class: 'us-q-block-help' }, (CLAIM_GROUP_HELP[verdict] || '') + (shared && verdict !== 'not-technical' ? ' ' + shared : '')),
          h('ul', { class: 'us-q-claims' }, items.map((cl) => this.claimItem(cl)))));
      }
      return h('details', { id: 'us-q-claims', class: 'us-q-block us-q-more-block', 'aria-labelledby': 'us-q-claims-title' },
        h('summary', { id: 'us-q-claims-title' }, 'Claims (' + r.claims.length + '): what a text may and may not say'),
        h('p', { class: 'us-q-block-help' }, 'Statements a policy, contract or filing might make, and whether they can be backed for your answers. ' +
          'Each claim\u2019s page gives why, and the evidence to ask for.'),
        parts.length ? parts : h('p', null, 'No claim applies to these answers.'));
    }

    claimItem(cl) {
      return h('li', { class: 'us-q-claim', 'data-claim': cl.id, 'data-verdict': cl.verdict, 'data-relevance': cl.relevance },
        h('p', { class: 'us-q-claim-head' }, idLink(cl.id), ' ', cl.statement,
          cl.relevance === 'possible' ? [' ', h('span', { class: 'us-q-tag us-q-tag--possible' }, 'Possibly relevant')] : null),
        cl.verdict === 'not-technical' && cl.question ? h('p', { class: 'us-q-fine' }, 'No method settles ' + cl.question + '.') : null,
        cl.conditions.length ? h('div', { class: 'us-q-claim-conditions' }, h('span', null, 'If:'), this.list(cl.conditions)) : null,
        this.changes(cl.what_would_change, 'us-q-changes-' + cl.id));
    }

    renderUnknowns(r) {
      if (!r.unknowns.length) return null;
      const name = (id) => {
        const m = r.methods.find((x) => x.id === id);
        return m ? BottomLineLower(m.label) : null;
      };
      return h('div', { id: 'us-q-unknowns', class: 'us-q-block' },
        h('h3', { id: 'us-q-unknowns-title' }, 'What is still open'),
        h('ul', { class: 'us-q-unknowns' }, r.unknowns.map((u) => {
          const methods = u.would_change.map(name).filter(Boolean);
          return h('li', { 'data-question': u.question },
            'Answering ', h('button', { type: 'button', class: 'us-q-linkbutton', onclick: () => this.focusQuestion(u.question) }, u.label),
            ' could change ' + plural(u.would_change.length, 'conclusion', 'conclusions') + (methods.length ? ', among them ' + methods.join(', ') : '') + '.');
        })));
    }

    focusQuestion(qid) {
      const fs = document.getElementById('us-q-' + qid + '-fieldset');
      if (!fs) return;
      const input = fs.querySelector('input');
      if (fs.scrollIntoView) fs.scrollIntoView({ block: 'center' });
      if (input) input.focus();
    }

    /** What would change a verdict, in words: only changes of the situation (the tables never propose
     *  changing the goal, driver or concern); nothing where no change of the situation moves it. */
    changes(w, id) {
      if (!w || (!w.stronger && !w.weaker)) return null;
      const facts = {};
      for (const f of (this.result.facts || [])) facts[f.question] = f;
      const words = this.engine.VERDICT_WORDS || {};
      const step = (a) => {
        const f = facts[a.question] || { short: a.question, options: {} };
        const to = (Array.isArray(a.to) ? a.to : [a.to]).map((o) => f.options[o] || o).join(' and ');
        return f.short + ': ' + to + (a.applies_to ? ' (' + a.applies_to + ')' : '');
      };
      const way = (name, x) => {
        if (!x) return null;
        const more = x.more ? ' (or ' + plural(x.more, 'other change', 'other changes') + ' of that size)' : '';
        return h('li', { 'data-direction': name },
          h('strong', null, (name === 'stronger' ? 'Stronger' : 'Weaker') + ': '),
          joinNodes(x.options.map((o) => h('span', { 'data-verdict': o.verdict }, (words[o.verdict] || o.verdict) + ' if ' + o.answers.map(step).join('; '))), '; or '), more);
      };
      return h('details', { class: 'us-q-changes', id },
        h('summary', null, 'What would change it'),
        h('ul', { class: 'us-q-list' }, [way('stronger', w.stronger), way('weaker', w.weaker)].filter(Boolean)));
    }

    /** goal: both - each half with its own verdict and its own conditions or caveats (contract,
     *  "Verdicts"), so a half the method can serve keeps what it needs; null for a one-half goal. */
    byHalf(m, key, withTrace) {
      const parts = m.by_half || {};
      if (Object.keys(parts).length < 2) return null;
      return Object.keys(parts).map((a) => h('div', { class: 'us-q-half', 'data-aspect': a },
        h('p', { class: 'us-q-half-title' }, h('strong', null, (this.data.halves[a] || a) + ' (' + METHOD_WORDS[parts[a].verdict][1].toLowerCase() + '):')),
        this.list(parts[a][key], 'None stated.'), withTrace ? this.trace(parts[a].trace) : null));
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

    /** Copies `text`; where the clipboard is refused, selects `node` for the reader to copy. */
    copyText(text, node, what) {
      Shared.copy(text, node, (copied) => this.say(copied ? what.slice(0, 1).toUpperCase() + what.slice(1) + ' copied.'
        : 'The ' + what + ' is selected: press Ctrl+C (or \u2318C) to copy it.'));
    }

    copyCitation() {
      this.copyText(this.result ? this.result.citation.text : '', this.citeText, 'citation');
    }

    /** The result as a memo: title, version and date, the facts assumed in words, the bottom line and
     *  the evidence needed, the verdicts, the mismatches and the citation, as Markdown (plain text) and
     *  as a small HTML fragment (rich text), both built from the result. */
    memo() {
      const r = this.result;
      const b = r.bottom_line;
      const word = (v) => (METHOD_WORDS[v] || ['', v])[1].toLowerCase();
      const today = new Date().toISOString().slice(0, 10);
      const facts = (r.facts || []).filter((f) => f.source !== 'open').map((f) => f.short.slice(0, 1).toUpperCase() + f.short.slice(1) + ': ' + f.answer_label +
        (f.source === 'default' ? ' (default)' : '')).join('; ') + '.';
      const mismatches = r.mismatches.length ? 'Mismatches: ' + r.mismatches.map((m) => m.id + ' ' + m.label + (m.status === 'possible' ? ' (may apply)' : '')).join('; ') + '.' : '';
      const md = ['**Unlearning Scope assessment** (knowledge base ' + r.kb_version + ', ' + today + ')', '', 'Facts assumed: ' + facts, '',
        b.text.join(' '), ''];
      if (b.evidence_needed.length) {
        md.push('Evidence needed:', '');
        for (const c of b.evidence_needed) md.push('- ' + c);
        md.push('');
      }
      md.push('| Method | Verdict |', '|---|---|');
      for (const m of r.methods) md.push('| ' + m.label + ' | ' + word(m.verdict) + ' |');
      md.push('');
      if (mismatches) md.push(mismatches, '');
      md.push('Cite as: ' + r.citation.text);
      const frag = h('div', null,
        h('p', null, h('strong', null, 'Unlearning Scope assessment'), ' (knowledge base ' + r.kb_version + ', ' + today + ')'),
        h('p', null, 'Facts assumed: ' + facts),
        h('p', null, b.text.join(' ')),
        b.evidence_needed.length ? [h('p', null, 'Evidence needed:'), h('ul', null, b.evidence_needed.map((c) => h('li', null, c)))] : null,
        h('table', { border: '1', cellpadding: '4' }, h('thead', null, h('tr', null, h('th', null, 'Method'), h('th', null, 'Verdict'))),
          h('tbody', null, r.methods.map((m) => h('tr', null, h('td', null, m.label), h('td', null, word(m.verdict)))))),
        mismatches ? h('p', null, mismatches) : null,
        h('p', null, 'Cite as: ' + r.citation.text.replace(r.citation.permalink, ''),
          r.citation.permalink_absolute ? h('a', { href: r.citation.permalink }, r.citation.permalink) : null));
      return { markdown: md.join('\n') + '\n', html: new XMLSerializer().serializeToString(frag), node: frag };
    }

    copyLink() {
      this.copyText(this.result ? this.result.citation.permalink : window.location.href, this.link, 'permalink');
    }

    /** An answers file (the CLI's YAML or JSON) read in the browser: nothing is sent anywhere. */
    loadFile(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      file.text().then((text) => {
        input.value = '';
        let parsed;
        try {
          parsed = parseAnswersFile(text);
        } catch (e) {
          this.showErrors([{ code: 'bad-file', key: '', message: file.name + ': ' + e.message }]);
          return;
        }
        const frag = Object.keys(parsed).map((q) => encodeURIComponent(q) + '=' + (Array.isArray(parsed[q]) ? parsed[q] : [parsed[q]]).map((v) => encodeURIComponent(String(v))).join(',')).join('&');
        const read = this.engine.readFragment(this.data, frag);
        this.answers = read.answers;
        this.showErrors(read.errors.map((e) => Object.assign({}, e, { message: file.name + ': ' + e.message })));
        this.shown = null;
        this.shownData = null;
        this.setForm();
        this.update(true);
        this.say('Loaded ' + plural(Object.keys(read.answers).length, 'answer', 'answers') + ' from ' + file.name + '.');
      });
    }

    copyMemo() {
      if (!this.result) return;
      const memo = this.memo();
      const fallback = () => {
        this.memoBox.replaceChildren(h('p', { class: 'us-q-fine' }, 'Select this text and copy it (Ctrl+C or \u2318C):'),
          h('pre', { tabindex: '0' }, memo.markdown));
        this.memoBox.hidden = false;
        const range = document.createRange();
        range.selectNodeContents(this.memoBox.querySelector('pre'));
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        this.say('The memo text is selected below: copy it with Ctrl+C (or \u2318C).');
      };
      if (navigator.clipboard && window.isSecureContext && typeof ClipboardItem !== 'undefined') {
        const item = new ClipboardItem({
          'text/html': new Blob([memo.html], { type: 'text/html' }),
          'text/plain': new Blob([memo.markdown], { type: 'text/plain' }),
        });
        navigator.clipboard.write([item]).then(() => this.say('Copied for a memo: rich text, with Markdown as plain text.'), fallback);
      } else {
        fallback();
      }
    }

    fileStem() {
      return 'unlearning-scope-' + (this.result ? this.result.kb_version : this.data.kb.version) + '-' + (this.result ? this.result.answers_digest.split(':')[1].slice(0, 12) : 'answers');
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
      this.download(this.fileStem() + '-answers.yaml', this.engine.answersYaml(this.shownData || this.data, this.answers), 'application/yaml');
    }

    downloadJson() {
      if (!this.result) return;
      this.download(this.fileStem() + '-result.json', JSON.stringify(this.result, null, 2) + '\n', 'application/json');
    }

    clear() {
      this.answers = {};
      this.proposedFrom = false;
      this.showErrors([]);
      this.shown = null;
      this.shownData = null;
      this.setForm();
      this.update(true);
      this.say('Answers cleared.');
    }
  }

  /** Answers files as the CLI reads and writes them: JSON, or YAML mapping question IDs to an option
   *  (`goal: removal`) or a list (`adversary: [benign, prompting]`, or `- item` lines); comments allowed. */
  function parseAnswersFile(text) {
    const body = text.replace(/^\uFEFF/, '');
    if (/^\s*\{/.test(body)) {
      const data = JSON.parse(body);
      if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('the JSON is not an object of answers');
      return data.answers && typeof data.answers === 'object' ? data.answers : data;
    }
    const out = {};
    let listFor = null;
    const scalar = (s) => s.trim().replace(/^(['"])(.*)\1$/, '$2');
    body.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
      if (!line.trim() || line.trim() === '{}') return;
      const item = line.match(/^\s+-\s+(.+)$/);
      if (item && listFor) {
        out[listFor].push(scalar(item[1]));
        return;
      }
      const pair = line.match(/^([A-Za-z_][\w-]*)\s*:\s*(.*)$/);
      if (!pair) throw new Error('line ' + (i + 1) + ': expected "question: answer"');
      const value = pair[2].trim();
      listFor = null;
      if (value === '') {
        out[pair[1]] = [];
        listFor = pair[1];
      } else if (/^\[.*\]$/.test(value)) {
        out[pair[1]] = value.slice(1, -1).split(',').map(scalar).filter((x) => x);
      } else {
        out[pair[1]] = scalar(value);
      }
    });
    return out;
  }

  function cmpVersion(a, b) {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
    return 0;
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
    loadEverything().then((loaded) => {
      if (!root.isConnected) return;
      current = new Questionnaire(root, loaded);
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

  window.UnlearningScopeQuestionnaire = { mount };
  Shared.onEveryPage(mount);
})();
