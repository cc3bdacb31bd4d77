// Scores the built-in pack on a hold-out tenant: replays every rule over the whole span and
// attributes each alert as briefs/classes.md says: to a scenario when one of the label's
// identifiers appears in the alert and the alert's event span overlaps the label's window (±1 h).
// An alert attributed to an attack is a true positive; otherwise a false positive of the benign
// labels it matches, else of the background population owning an identifier in it, else
// 'unattributed'.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHoldout, type LabelsFile, type Label, type HoldoutOptions } from './gen.js';
import { loadPack, runDetections, builtinRulesDir, loadWatchlistDir, withBaselineRules, type Watchlist, type Problem } from '../../src/detect/index.js';
import { loadTables } from '../../src/ingest/load.js';
import type { Alert } from '../../src/detect/alert.js';

export interface RuleFigures {
  rule: string; seed: boolean; alerts: number; tp: number; fp: number;
  scenarios: string[]; fpClasses: Record<string, number>; errors: string[];
}
export interface SeedFigures {
  seed: number; users: number; days: number; span: { start: string; end: string }; rows: Record<string, number>; totalRows: number;
  quarantined: number; genMs: number; detectMs: number;
  rules: RuleFigures[];
  /** Per attack scenario: the improved rules that caught it, and whether the seed rule did. */
  recall: Record<string, { class: string; variant: string; improved: string[]; seedRule: boolean }>;
  /** Per attack class: scenarios detected by the improved rules / scenarios. */
  recallByClass: Record<string, { detected: number; total: number }>;
  improved: { alerts: number; tp: number; precision: number | null; recall: number };
  seedRule: { alerts: number; tp: number; precision: number | null; recall: number };
  /** Improved-rule false-positive alerts per benign class (background populations as `population:<name>`). */
  fpByClass: Record<string, number>;
  fpSamples: { rule: string; classes: string[]; title: string; evidence: string }[];
}

const HOUR = 3600000;
const lc = (s: string): string => s.toLowerCase();
const alertText = (a: Alert): string => lc(JSON.stringify([a.title, a.description, a.entities, a.customDetails, a.evidence]));
const LEAD = /[a-z0-9._@-]/; const TRAIL = /[a-z0-9_@-]/;

/** `id` occurs in `text` as a whole identifier (not inside a longer name or address). */
export function mentions(text: string, id: string): boolean {
  const x = lc(id);
  if (x.length < 4) return false;
  for (let i = text.indexOf(x); i >= 0; i = text.indexOf(x, i + 1)) {
    const before = i > 0 ? text[i - 1]! : ' '; const after = text[i + x.length] ?? ' ';
    if (!LEAD.test(before) && !TRAIL.test(after)) return true;
  }
  return false;
}

export function identifiersOf(l: Label): string[] {
  return [...l.accounts, ...l.devices, ...l.ips, ...l.cloudIdentities].filter(Boolean);
}

/** Labels an alert is attributed to (identifier in the alert, spans overlap within ±1 h). */
export function labelsOf(a: Alert, labels: readonly Label[], text = alertText(a)): Label[] {
  const from = Date.parse(a.startTime), to = Date.parse(a.endTime);
  return labels.filter((l) => l.window.start && to >= Date.parse(l.window.start) - HOUR && from <= Date.parse(l.window.end) + HOUR && identifiersOf(l).some((x) => mentions(text, x)));
}

function populationOf(text: string, lf: LabelsFile): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(lf.actors)) if (k.length > 3 && mentions(text, k)) for (const c of v) out.add(`population:${c}`);
  return [...out].sort();
}

export interface ScoreOptions extends HoldoutOptions { keep?: boolean }

export async function scoreSeed(seed: number, o: ScoreOptions = {}): Promise<SeedFigures> {
  const root = mkdtempSync(join(tmpdir(), `cloudhop-holdout-${seed}-`));
  try {
    const dataDir = join(root, 'data');
    const g0 = Date.now();
    const lf = generateHoldout(dataDir, seed, o);
    const genMs = Date.now() - g0;
    // the table files by name: a folder load would also read labels.json as a table
    const { tables, report } = await loadTables(lf.files.map((f) => join(dataDir, f)));
    const pack = loadPack([builtinRulesDir()]);
    pack.rules.splice(0, pack.rules.length, ...withBaselineRules(pack.rules)); // the seed rule, shown beside the pack
    // The pack's own watchlists plus the tenant's (the customer's list of authorised pentest hosts).
    const problems: Problem[] = [];
    const wl = new Map<string, Watchlist>();
    for (const d of [...pack.watchlistDirs, join(dataDir, '_watchlists')]) if (existsSync(d)) for (const [k, v] of loadWatchlistDir(d, problems)) wl.set(k, v);
    const d0 = Date.now();
    const out = await runDetections({ tables, rules: pack.rules, watchlists: wl, from: lf.start, to: lf.end });
    const detectMs = Date.now() - d0;
    return { ...figures(lf, out.alerts, out.perRuleStats), quarantined: report.quarantined, genMs, detectMs, users: o.users ?? 300 };
  } finally {
    if (!o.keep) rmSync(root, { recursive: true, force: true });
    else process.stderr.write(`kept ${root}\n`);
  }
}

/** Figures from a labels file and the alerts of a replay (usable on any generator's LabelsFile). */
export function figures(lf: LabelsFile, alerts: readonly Alert[], stats: readonly { ruleId: string; ruleName: string; errors: string[] }[]): Omit<SeedFigures, 'quarantined' | 'genMs' | 'detectMs' | 'users'> {
  const attacks = lf.scenarios.filter((s) => s.kind === 'attack');
  const benign = lf.scenarios.filter((s) => s.kind === 'benign');
  const isSeed = (name: string): boolean => /seed/i.test(name);
  const byRule = new Map<string, RuleFigures>();
  for (const st of stats) byRule.set(st.ruleId, { rule: st.ruleName, seed: isSeed(st.ruleName), alerts: 0, tp: 0, fp: 0, scenarios: [], fpClasses: {}, errors: st.errors.slice(0, 2) });
  const fpByClass: Record<string, number> = {};
  const fpSamples: SeedFigures['fpSamples'] = [];
  for (const a of alerts) {
    const f = byRule.get(a.ruleId) ?? { rule: a.ruleName, seed: isSeed(a.ruleName), alerts: 0, tp: 0, fp: 0, scenarios: [], fpClasses: {}, errors: [] };
    byRule.set(a.ruleId, f);
    f.alerts++;
    const text = alertText(a);
    const hit = labelsOf(a, attacks, text);
    if (hit.length) { f.tp++; for (const s of hit) if (!f.scenarios.includes(s.scenario)) f.scenarios.push(s.scenario); continue; }
    f.fp++;
    const bl = [...new Set(labelsOf(a, benign, text).map((l) => l.class))];
    const cls = bl.length ? bl : populationOf(text, lf);
    const classes = cls.length ? cls : ['unattributed'];
    for (const c of classes) { f.fpClasses[c] = (f.fpClasses[c] ?? 0) + 1; if (!f.seed) fpByClass[c] = (fpByClass[c] ?? 0) + 1; }
    if (!f.seed && fpSamples.filter((x) => x.rule === f.rule).length < 3) fpSamples.push({ rule: f.rule, classes, title: a.title, evidence: JSON.stringify(a.evidence[0] ?? {}).slice(0, 500) });
  }
  const rules = [...byRule.values()].sort((x, y) => Number(x.seed) - Number(y.seed) || x.rule.localeCompare(y.rule));
  const recall: SeedFigures['recall'] = {};
  const recallByClass: SeedFigures['recallByClass'] = {};
  for (const s of attacks) {
    const improved = rules.filter((r) => !r.seed && r.scenarios.includes(s.scenario)).map((r) => r.rule);
    recall[s.scenario] = { class: s.class, variant: s.variant, improved, seedRule: rules.some((r) => r.seed && r.scenarios.includes(s.scenario)) };
    const c = (recallByClass[s.class] ??= { detected: 0, total: 0 }); c.total++; if (improved.length) c.detected++;
  }
  const agg = (rs: RuleFigures[], seedSide: boolean) => {
    const alerts = rs.reduce((n, r) => n + r.alerts, 0), tp = rs.reduce((n, r) => n + r.tp, 0);
    const hit = attacks.filter((s) => (seedSide ? recall[s.scenario]!.seedRule : recall[s.scenario]!.improved.length > 0)).length;
    return { alerts, tp, precision: alerts ? tp / alerts : null, recall: attacks.length ? hit / attacks.length : 0 };
  };
  return {
    seed: lf.seed, days: lf.days, span: { start: lf.start, end: lf.end }, rows: lf.tables, totalRows: lf.totalRows, rules, recall, recallByClass,
    improved: agg(rules.filter((r) => !r.seed), false), seedRule: agg(rules.filter((r) => r.seed), true), fpByClass, fpSamples,
  };
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export function formatFigures(f: SeedFigures): string {
  const L: string[] = [];
  L.push(`== hold-out tenant seed ${f.seed}: ${f.users} users, ${f.days} days ${f.span.start.slice(0, 10)}..${f.span.end.slice(0, 10)}; ${f.totalRows} rows (${Object.entries(f.rows).map(([k, v]) => `${k}=${v}`).join(' ')}); quarantined ${f.quarantined}; generate ${(f.genMs / 1000).toFixed(1)} s, detect ${(f.detectMs / 1000).toFixed(1)} s`);
  L.push('rule'.padEnd(58) + 'alerts    TP    FP  scenarios / FP classes');
  for (const r of f.rules) {
    const fpc = Object.entries(r.fpClasses).map(([k, v]) => `${k}:${v}`).join(',');
    L.push(`${(r.seed ? '[seed] ' : '') + r.rule}`.slice(0, 57).padEnd(58) + `${String(r.alerts).padStart(6)}${String(r.tp).padStart(6)}${String(r.fp).padStart(6)}  ${r.scenarios.join(',') || '-'}${fpc ? ' | FP ' + fpc : ''}${r.errors.length ? ' | ERROR ' + r.errors[0] : ''}`);
  }
  L.push('recall per attack scenario (improved rules that caught it | seed rule):');
  for (const [s, v] of Object.entries(f.recall)) L.push(`  ${`${v.class}/${s}`.padEnd(70)} ${v.improved.length ? 'DETECTED by ' + v.improved.join('; ') : 'MISSED'} | seed: ${v.seedRule ? 'detected' : 'missed'}`);
  L.push(`recall per attack class: ${Object.entries(f.recallByClass).map(([k, v]) => `${k}=${v.detected}/${v.total}`).join(' ')}`);
  L.push(`improved rules: recall ${pct(f.improved.recall)}, precision ${pct(f.improved.precision)} (${f.improved.tp}/${f.improved.alerts} alerts)`);
  L.push(`seed rule:      recall ${pct(f.seedRule.recall)}, precision ${pct(f.seedRule.precision)} (${f.seedRule.tp}/${f.seedRule.alerts} alerts)`);
  L.push(`improved-rule FP alerts per benign class: ${Object.entries(f.fpByClass).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`);
  for (const s of f.fpSamples) L.push(`  FP sample [${s.rule}] (${s.classes.join(',')}): ${s.title} :: ${s.evidence}`);
  return L.join('\n');
}
