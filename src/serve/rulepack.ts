/**
 * The rule pack page's data (issue 18 item 5): each rule's schedule, last run, alerts, test status,
 * and the coverage matrix of rules × the simulator's scenarios.
 *
 * What only a detection run knows (the rules as loaded, their last runs, `cloudhop test`'s verdicts,
 * the simulator's scenarios and the alerts attributed to each) is kept in the workspace as
 * `serve/rulepack.json` (written by `cloudhop demo --serve`: buildRulePack); the alerts per rule are
 * counted live from the workspace's SecurityAlert table at each request, so alerts written later
 * (continuous detection) are counted.
 *
 *   GET /workbench/api/rules   {rules: [{id, name, kind, severity, enabled, frequency, period,
 *                              tactics, techniques, file, lastRun, alerts, lastAlert, tests}],
 *                              coverage: {scenarios, matrix} | null, note}
 */
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import type { Table } from '../kql/data.js';
import type { Rule } from '../detect/rule.js';
import type { RuleStats } from '../detect/replay.js';
import type { CaseResult } from '../detect/rule-tests.js';
import type { Score } from '../simulate/score.js';
import { formatDuration } from '../detect/duration.js';
import { queryObjects } from './incidents-api.js';

export const RULEPACK_FILE = 'rulepack.json';

export interface RulePackRule {
  id: string; name: string; kind: string; severity: string; enabled: boolean;
  frequency: string; period: string; tactics: string[]; techniques: string[]; file: string;
  lastRun: string | null; runs: number; errors: number; firstError: string | null;
  tests: { pass: number; fail: number; cases: { name: string; pass: boolean; failures: string[] }[] } | null;
}
export interface RulePackData {
  version: 1;
  generated: string;
  rules: RulePackRule[];
  /** Simulator scenarios (columns) and, per rule name, the alerts attributed to each. */
  coverage: { scenarios: { name: string; kind: string; detected: boolean }[]; matrix: Record<string, Record<string, number>> } | null;
  note: string;
}

/**
 * The pack's page data from a detection run: the rules, their stats (last run = the run's last
 * scheduled time), `cloudhop test`'s case results (by rule file), and the simulator's score.
 */
export function buildRulePack(rules: readonly Rule[], stats: readonly RuleStats[], lastRunOf: (r: Rule) => string | null,
  cases: readonly CaseResult[] | null, score: Score | null, scenarioKinds: ReadonlyMap<string, string>, note: string): RulePackData {
  const statOf = new Map(stats.map((s) => [s.ruleId, s]));
  const out: RulePackRule[] = rules.map((r) => {
    const s = statOf.get(r.id);
    const mine = cases?.filter((c) => sameFile(c.ruleFile, r.file) || c.rule === r.name) ?? null;
    return {
      id: r.id, name: r.name, kind: r.kind, severity: r.severity, enabled: r.enabled,
      frequency: r.kind === 'Hunting' ? '' : formatDuration(r.queryFrequency), period: r.kind === 'Hunting' ? '' : formatDuration(r.queryPeriod),
      tactics: [...r.tactics], techniques: [...r.relevantTechniques], file: r.file.replace(/^.*\/rules\//, 'rules/'),
      lastRun: s && s.runs > 0 ? lastRunOf(r) : null, runs: s?.runs ?? 0, errors: s?.errorCount ?? 0, firstError: s?.errors[0] ?? null,
      tests: mine ? { pass: mine.filter((c) => c.pass).length, fail: mine.filter((c) => !c.pass).length, cases: mine.map((c) => ({ name: c.name, pass: c.pass, failures: c.failures })) } : null,
    };
  });
  let coverage: RulePackData['coverage'] = null;
  if (score) {
    const matrix: Record<string, Record<string, number>> = {};
    for (const [rule, row] of score.matrix) matrix[rule] = Object.fromEntries(row);
    const verdict = new Map(score.verdicts.map((v) => [v.scenario, v]));
    coverage = {
      scenarios: score.columns.map((c) => ({ name: c, kind: verdict.get(c)?.kind ?? scenarioKinds.get(c) ?? 'background', detected: (verdict.get(c)?.alerts ?? 0) > 0 })),
      matrix,
    };
  }
  return { version: 1, generated: new Date().toISOString(), rules: out, coverage, note };
}

function sameFile(a: string, b: string): boolean {
  const tail = (p: string): string => p.replace(/\\/g, '/').split('/').slice(-2).join('/');
  return a === b || tail(a) === tail(b);
}

export interface RulePackOptions {
  readonly snapshot: () => Promise<{ tables: ReadonlyMap<string, Table> }>;
  /** `DIR/serve/rulepack.json` of the served workspace (absent: the page says no pack is known). */
  readonly file?: string;
}

export function registerRulePack(app: FastifyInstance, o: RulePackOptions): void {
  app.get('/workbench/api/rules', async (_req, reply) => {
    let pack: RulePackData | null = null, problem: string | null = null;
    if (o.file && existsSync(o.file)) {
      try { pack = JSON.parse(readFileSync(o.file, 'utf8')) as RulePackData; } catch (e) { problem = `${o.file}: not readable JSON (${(e as Error).message})`; }
    }
    const snap = await o.snapshot();
    const alerts = new Map<string, { n: number; last: string }>();
    if (snap.tables.has('SecurityAlert')) {
      for (const r of queryObjects(snap.tables, 'SecurityAlert | summarize n = dcount(SystemAlertId), last = max(TimeGenerated) by AlertType')) {
        // AlertType is `cloudhop_<rule id>` (sentinel-tables.ts, incident-rows.ts).
        const id = String(r.AlertType).replace(/^cloudhop_/, '');
        const prev = alerts.get(id);
        alerts.set(id, { n: Number(r.n) + (prev?.n ?? 0), last: prev && prev.last > String(r.last) ? prev.last : String(r.last) });
      }
    }
    const rules = (pack?.rules ?? []).map((r) => ({ ...r, alerts: alerts.get(r.id)?.n ?? 0, lastAlert: alerts.get(r.id)?.last ?? null }));
    // Rules that alerted but are not in the pack file (written by another detection run).
    const unknown = [...alerts.keys()].filter((id) => !rules.some((r) => r.id === id));
    await reply.code(200).send({
      rules, coverage: pack?.coverage ?? null, generated: pack?.generated ?? null,
      note: problem ?? (pack ? pack.note : 'no rule pack is recorded for this workspace (cloudhop demo --serve writes serve/rulepack.json); alerts are counted from SecurityAlert'),
      otherAlertingRules: unknown.map((id) => ({ id, alerts: alerts.get(id)!.n, lastAlert: alerts.get(id)!.last })),
    });
  });
}
