/**
 * Golden plan text for one optimizer rule: the plan just before the rule and just after it, as
 * `explain --verbose --scan` prints them (src/kql/plan/text.ts), over a small catalog.
 */
import assert from 'node:assert/strict';
import { explain, type ExplainOptions } from '../../../src/kql/explain.js';
import type { Catalog } from '../../../src/kql/api.js';

export const CATALOG: Catalog = {
  tables: new Map([
    ['T', { name: 'T', columns: [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 't', type: 'datetime' }] }],
    ['U', { name: 'U', columns: [{ name: 'x', type: 'long' }, { name: 'u', type: 'string' }] }],
  ]),
};

/** 2024-06-30T00:00:00Z (ticks since the Unix epoch, as the engine keeps datetimes): the `now` ago() folds with. */
export const NOW = 17_197_056_000_000_000;

export interface RuleCase { readonly query: string; readonly before: string; readonly after: string }

/** The plan before and after `rule` (a rule that did not apply gives the same text twice). */
export function aroundRule(rule: string, query: string, options: ExplainOptions = {}): { before: string; after: string } {
  const r = explain(query, { verbose: true, scan: true, now: NOW, catalog: CATALOG, ...options });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics));
  const sections = r.text.split(/^== /m).slice(1).map((s) => {
    const nl = s.indexOf('\n');
    return { title: s.slice(0, nl), plan: s.slice(nl + 1).trimEnd() };
  });
  const at = sections.findIndex((s) => s.title.startsWith(`after ${rule}`));
  assert.ok(at > 0, `no step after ${rule} in:\n${r.text}`);
  return { before: sections[at - 1]!.plan, after: sections[at]!.plan };
}

export function checkRule(rule: string, c: RuleCase, options: ExplainOptions = {}): void {
  const got = aroundRule(rule, c.query, options);
  assert.equal(got.before, c.before.replace(/^\n/, '').trimEnd(), 'the plan before the rule');
  assert.equal(got.after, c.after.replace(/^\n/, '').trimEnd(), 'the plan after the rule');
}
