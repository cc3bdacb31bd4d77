/**
 * The rule pack (`#/rules`): each rule's schedule, last run, alerts (counted from SecurityAlert now),
 * `cloudhop test` verdicts, and the coverage matrix of rules × the simulator's scenarios (alerts
 * attributed to each scenario: attack columns should be hit, benign ones not).
 */
import { h, visible, append } from '../dom.js';
import { route } from '../router.js';
import * as api from '../api.js';
import { clip, when, sevBadge } from './incidents.js';

export const rulesPage = {
  title: 'Rules',
  async render(root: HTMLElement): Promise<void> {
    const p = await api.rulePack();
    const rules = [...p.rules].sort((a, b) => b.alerts - a.alerts || a.name.localeCompare(b.name));
    const testCell = (r: api.RulePackRule): HTMLElement => {
      if (!r.tests) return h('td', { class: 'note' }, 'no tests');
      const d = h('details', {}, h('summary', { class: r.tests.fail ? 'fail' : 'pass' }, r.tests.fail ? `${r.tests.fail} failing, ${r.tests.pass} pass` : `${r.tests.pass} pass`),
        h('ul', {}, ...r.tests.cases.map((c) => h('li', { class: c.pass ? 'pass' : 'fail' }, c.pass ? '✓ ' : '✗ ', visible(c.name), c.failures.length ? h('div', { class: 'note' }, visible(c.failures.join('; '))) : null))));
      return h('td', {}, d);
    };
    const table = h('table', { class: 'rules', id: 'rules-table' },
      h('thead', {}, h('tr', {}, ...['Rule', 'Kind', 'Severity', 'Schedule', 'Last run', 'Alerts', 'Last alert', 'Tests', 'Errors'].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...rules.map((r) => h('tr', { 'data-rule': r.id, class: r.enabled ? '' : 'disabled' },
        h('td', { class: 'title' }, visible(clip(r.name, 200)), h('div', { class: 'note' }, visible(r.file))),
        h('td', {}, visible(r.kind), r.enabled ? '' : h('span', { class: 'note' }, ' (off)')),
        h('td', {}, sevBadge(r.severity)),
        h('td', {}, r.frequency ? `every ${r.frequency} over ${r.period}` : '—'),
        h('td', {}, r.lastRun ? when(r.lastRun) : h('span', { class: 'note' }, 'not run')),
        h('td', { class: 'num' }, r.alerts ? h('a', { href: route('query', { q: `SecurityAlert\n| where AlertType == "${r.id}"\n| project TimeGenerated, AlertName, AlertSeverity, StartTime, EndTime, Entities\n| order by TimeGenerated desc` }) }, String(r.alerts)) : '0'),
        h('td', {}, when(r.lastAlert)),
        testCell(r),
        h('td', { class: r.errors ? 'error' : 'note', title: r.firstError ? visible(r.firstError) : undefined }, String(r.errors))))));

    let matrix: HTMLElement = h('p', { class: 'note' }, 'No coverage matrix: it needs the simulator\'s scenarios (cloudhop demo --serve records them).');
    if (p.coverage) {
      const order = (k: string): number => (k === 'attack' ? 0 : k === 'benign' ? 1 : 2);
      const cols = [...p.coverage.scenarios].sort((a, b) => order(a.kind) - order(b.kind) || a.name.localeCompare(b.name));
      const names = Object.keys(p.coverage.matrix).sort();
      matrix = h('div', { class: 'matrix-wrap' }, h('table', { class: 'matrix', id: 'coverage-matrix' },
        h('thead', {},
          h('tr', {}, h('th', {}, ''), ...cols.map((c) => h('th', { class: `col-${c.kind}`, title: `${c.kind}${c.kind === 'attack' ? (c.detected ? ': detected' : ': MISSED') : ''}` }, h('span', {}, visible(c.name))))),
          h('tr', { class: 'kinds' }, h('th', {}, 'scenario kind'), ...cols.map((c) => h('th', { class: `col-${c.kind}` }, c.kind === 'attack' ? (c.detected ? 'attack ✓' : 'attack ✗') : c.kind)))),
        h('tbody', {}, ...names.map((rn) => h('tr', {}, h('th', { class: 'rule-name' }, visible(clip(rn, 90))), ...cols.map((c) => {
          const v = p.coverage!.matrix[rn]?.[c.name] ?? 0;
          return h('td', { class: v ? (c.kind === 'attack' ? 'hit' : 'fp') : 'zero' }, v ? String(v) : '');
        }))))));
    }
    const failing = rules.reduce((x, r) => x + (r.tests?.fail ?? 0), 0), passing = rules.reduce((x, r) => x + (r.tests?.pass ?? 0), 0);
    append(root,
      h('h2', {}, `Rule pack: ${rules.length} rules, ${rules.reduce((x, r) => x + r.alerts, 0)} alerts, tests ${passing} pass / ${failing} fail`),
      h('p', { class: 'note' }, visible(p.note), p.generated ? ` (recorded ${when(p.generated)})` : ''),
      table,
      p.otherAlertingRules.length ? h('p', { class: 'note' }, `Alerts of rules not in the recorded pack: ${p.otherAlertingRules.map((o) => `${o.id} (${o.alerts})`).join(', ')}`) : null,
      h('h3', {}, 'Coverage: rules × simulator scenarios (alerts attributed)'), matrix);
  },
};
