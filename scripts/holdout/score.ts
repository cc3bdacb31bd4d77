// Scores the built-in pack on a hold-out tenant: replays the attack day with 14 days of history
// and attributes every alert to an attack scenario (true positive) or to benign classes (false positive).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, type Labels, type Scenario } from './gen.js';
import { loadPack, runDetections, builtinRulesDir, withBaselineRules } from '../../src/detect/index.js';
import { loadTables } from '../../src/ingest/load.js';
import type { Alert } from '../../src/detect/alert.js';

export interface RuleFigures {
  rule: string; seed: boolean; alerts: number; tp: number; fp: number;
  scenarios: string[]; fpClasses: Record<string, number>; errors: string[];
}
export interface SeedFigures {
  seed: number; users: number; attackDay: string; rows: Record<string, number>;
  rules: RuleFigures[];
  recall: Record<string, { improved: string[]; seedRule: boolean }>;
  improved: { alerts: number; tp: number; precision: number | null; recall: number };
  seedRule: { alerts: number; tp: number; precision: number | null; recall: number };
  fpByClass: Record<string, number>;
  fpSamples: { rule: string; classes: string[]; title: string; evidence: string }[];
}

const lc = (s: string): string => s.toLowerCase();

function alertText(a: Alert): string {
  return lc(JSON.stringify([a.title, a.description, a.entities, a.customDetails, a.evidence]));
}

function scenariosOf(a: Alert, scenarios: Scenario[]): string[] {
  const text = alertText(a);
  const aFrom = Date.parse(a.startTime), aTo = Date.parse(a.endTime);
  const out: string[] = [];
  for (const s of scenarios) {
    const unique = s.unique.some((x) => text.includes(lc(x)));
    const w0 = Date.parse(s.window[0]), w1 = Date.parse(s.window[1]);
    const inWindow = aTo >= w0 && aFrom <= w1;
    const acct = inWindow && s.accounts.some((x) => text.includes(lc(x)));
    if (unique || acct) out.push(s.id);
  }
  return out;
}

const PRIORITY = ['hard-conference-trip', 'hard-new-hire', 'hard-new-paw', 'hard-new-home-ip', 'hard-admin-trip', 'hard-sase-egress', 'hybrid-agent', 'monitoring', 'cicd', 'cloud-admin', 'devops', 'traveller', 'vpn', 'risk-remediated', 'regular'];

/** The benign classes whose actors appear in the alert: entities first (the actor), else anywhere in it. */
function classesOf(a: Alert, labels: Labels): string[] {
  // a hard benign case of the attack day: one of its indicators, inside its window
  const text0 = alertText(a); const aFrom = Date.parse(a.startTime), aTo = Date.parse(a.endTime);
  const hard = labels.hard.filter((h) => aTo >= Date.parse(h.window[0]) && aFrom <= Date.parse(h.window[1]) && h.indicators.some((x) => text0.includes(lc(x)))).map((h) => h.cls);
  if (hard.length) return [...new Set(hard)];
  const find = (text: string): string[] => {
    const out = new Set<string>();
    for (const [k, v] of Object.entries(labels.actors)) if (k.length > 3 && text.includes(k)) for (const c of v) out.add(c);
    return [...out].sort((x, y) => PRIORITY.indexOf(x) - PRIORITY.indexOf(y));
  };
  const e = find(lc(JSON.stringify(a.entities)));
  if (e.length) return e;
  const t = find(alertText(a));
  return t.length ? t : ['unattributed'];
}

export async function scoreSeed(seed: number, users: number, keep = false): Promise<SeedFigures> {
  const root = mkdtempSync(join(tmpdir(), `cloudhop-holdout-${seed}-`));
  try {
    const dataDir = join(root, 'data');
    const labels = generate({ seed, users, outDir: dataDir });
    writeFileSync(join(root, 'labels.json'), JSON.stringify(labels, null, 1));
    const { tables } = await loadTables([dataDir]);
    const pack = loadPack([builtinRulesDir()]);
    pack.rules.splice(0, pack.rules.length, ...withBaselineRules(pack.rules)); // the seed rule, shown beside the pack
    // The pack's own watchlists only: none of them names this tenant's hosts or accounts (the judged condition).
    const wlDir = pack.watchlistDirs[0];
    const dayStart = labels.attackDay;
    const dayEnd = new Date(Date.parse(dayStart) + 86400000).toISOString();
    const out = await runDetections({ tables, rules: pack.rules, ...(wlDir ? { watchlists: wlDir } : {}), from: dayStart, to: dayEnd });
    const byRule = new Map<string, RuleFigures>();
    for (const st of out.perRuleStats) {
      byRule.set(st.ruleId, { rule: st.ruleName, seed: /seed/i.test(st.ruleName), alerts: 0, tp: 0, fp: 0, scenarios: [], fpClasses: {}, errors: st.errors.slice(0, 2) });
    }
    const fpByClass: Record<string, number> = {};
    const fpSamples: SeedFigures['fpSamples'] = [];
    for (const a of out.alerts) {
      const f = byRule.get(a.ruleId) ?? { rule: a.ruleName, seed: /seed/i.test(a.ruleName), alerts: 0, tp: 0, fp: 0, scenarios: [], fpClasses: {}, errors: [] };
      byRule.set(a.ruleId, f);
      f.alerts++;
      const sc = scenariosOf(a, labels.scenarios);
      if (sc.length) { f.tp++; for (const s of sc) if (!f.scenarios.includes(s)) f.scenarios.push(s); }
      else {
        f.fp++;
        const cls = classesOf(a, labels);
        const c = cls[0]!; // primary class (hard cases and agents first)
        f.fpClasses[c] = (f.fpClasses[c] ?? 0) + 1; if (!f.seed) fpByClass[c] = (fpByClass[c] ?? 0) + 1;
        if (!f.seed && fpSamples.filter((x) => x.rule === f.rule).length < 3) {
          fpSamples.push({ rule: f.rule, classes: cls, title: a.title, evidence: JSON.stringify(a.evidence[0] ?? {}).slice(0, 600) });
        }
      }
    }
    const rules = [...byRule.values()].sort((x, y) => Number(x.seed) - Number(y.seed) || x.rule.localeCompare(y.rule));
    const recall: SeedFigures['recall'] = {};
    for (const s of labels.scenarios) recall[s.id] = { improved: rules.filter((r) => !r.seed && r.scenarios.includes(s.id)).map((r) => r.rule), seedRule: rules.some((r) => r.seed && r.scenarios.includes(s.id)) };
    const agg = (rs: RuleFigures[], seedSide: boolean) => {
      const alerts = rs.reduce((n, r) => n + r.alerts, 0), tp = rs.reduce((n, r) => n + r.tp, 0);
      const hit = labels.scenarios.filter((s) => (seedSide ? recall[s.id]!.seedRule : recall[s.id]!.improved.length > 0)).length;
      return { alerts, tp, precision: alerts ? tp / alerts : null, recall: hit / labels.scenarios.length };
    };
    return {
      seed, users, attackDay: labels.attackDay, rows: labels.counts, rules, recall,
      improved: agg(rules.filter((r) => !r.seed), false), seedRule: agg(rules.filter((r) => r.seed), true), fpByClass, fpSamples,
    };
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
    else process.stderr.write(`kept ${root}\n`);
  }
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export function formatFigures(f: SeedFigures): string {
  const L: string[] = [];
  L.push(`== hold-out tenant seed ${f.seed}: ${f.users} users, attack day ${f.attackDay.slice(0, 10)}; rows ${Object.entries(f.rows).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  L.push('rule'.padEnd(58) + 'alerts    TP    FP  scenarios / FP classes');
  for (const r of f.rules) {
    const fpc = Object.entries(r.fpClasses).map(([k, v]) => `${k}:${v}`).join(',');
    L.push(`${(r.seed ? '[seed] ' : '') + r.rule}`.slice(0, 57).padEnd(58) + `${String(r.alerts).padStart(6)}${String(r.tp).padStart(6)}${String(r.fp).padStart(6)}  ${r.scenarios.join(',') || '-'}${fpc ? ' | FP ' + fpc : ''}${r.errors.length ? ' | ERROR ' + r.errors[0] : ''}`);
  }
  L.push('recall per attack scenario (improved rules that caught it | seed rule):');
  for (const [s, v] of Object.entries(f.recall)) L.push(`  ${s.padEnd(28)} ${v.improved.length ? 'DETECTED by ' + v.improved.join('; ') : 'MISSED'} | seed: ${v.seedRule ? 'detected' : 'missed'}`);
  L.push(`improved rules: recall ${pct(f.improved.recall)}, precision ${pct(f.improved.precision)} (${f.improved.tp}/${f.improved.alerts} alerts)`);
  L.push(`seed rule:      recall ${pct(f.seedRule.recall)}, precision ${pct(f.seedRule.precision)} (${f.seedRule.tp}/${f.seedRule.alerts} alerts)`);
  L.push(`improved-rule FP alerts per benign class: ${Object.entries(f.fpByClass).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`);
  for (const s of f.fpSamples) L.push(`  FP sample [${s.rule}] (${s.classes.join(',')}): ${s.title} :: ${s.evidence}`);
  return L.join('\n');
}
