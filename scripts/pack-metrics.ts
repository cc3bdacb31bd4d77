/**
 * Scores the T1021.007 rule pack against a simulated tenant's ground truth (labels.json):
 * recall over attack scenarios, precision of alerts, false positives per benign class (the label's
 * `class`; scenarios without one count under their name) and per rule,
 * for the improved rules and for the seed rule (verbatim) side by side.
 *
 *   npx tsx scripts/pack-metrics.ts [--seed N] [--days 15] [--scale N] [--scenario NAME[:VARIANT]]... [--data DIR] [--rules DIR] [--json FILE] [-v]
 *
 * Without --data it simulates a tenant into a temporary folder (seed 7 by default). An alert
 * "belongs" to a scenario when one of the scenario's labelled identifiers (account, device, IP,
 * cloud identity) appears in the alert (entities, custom details or evidence rows) and the alert's
 * event span overlaps the scenario's time window.
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { loadPack, runDetections, withBaselineRules, loadWatchlistDir, watchlistProvider, type Alert, type Rule, type Watchlist, type Problem } from '../src/detect/index.js';
import { loadTables } from '../src/ingest/load.js';
import { simulate, type LabelsFile, type Label } from '../src/simulate/index.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const HOUR = 3_600_000;

/** A benign label's class: its `class`, else its scenario name (labels written before classes existed). */
const classOf = (l: Label): string => l.class ?? l.scenario;

interface Scored { alerts: number; attackAlerts: number; detected: Set<string>; fpByClass: Map<string, number>; fpByScenario: Map<string, number>; unattributed: number; perRule: Map<string, { alerts: number; attack: number; scenarios: Set<string> }> }

function identifiers(l: Label): string[] {
  const ids = new Set<string>();
  const add = (s: string): void => { const v = s.trim().toLowerCase(); if (v.length >= 3) ids.add(v); };
  for (const a of l.accounts) { add(a); if (a.includes('\\')) add(a.split('\\').pop()!); }
  for (const d of l.devices) { add(d); add(d.split('.')[0]!); }
  for (const ip of l.ips) add(ip);
  for (const c of l.cloudIdentities) { add(c); const last = c.split(/[/:]/).pop(); if (last) add(last); }
  return [...ids];
}

const WORD = /[a-z0-9_.@\\-]/;
function mentions(text: string, id: string): boolean {
  for (let i = text.indexOf(id); i >= 0; i = text.indexOf(id, i + 1)) {
    const before = i > 0 ? text[i - 1]! : ' ';
    const after = i + id.length < text.length ? text[i + id.length]! : ' ';
    if ((!WORD.test(before) || before === '\\') && (!WORD.test(after) || after === '.' && !/[a-z0-9]/.test(text[i + id.length + 1] ?? ' '))) return true;
  }
  return false;
}

function alertText(a: Alert): string {
  return JSON.stringify([a.entities, a.customDetails, a.evidence, a.title]).toLowerCase().replace(/\\\\/g, '\\');
}

function belongs(a: Alert, l: Label, ids: string[]): boolean {
  const s = Date.parse(a.startTime), e = Date.parse(a.endTime);
  const ws = Date.parse(l.window.start) - HOUR, we = Date.parse(l.window.end) + HOUR;
  if (e < ws || s > we) return false;
  const text = alertText(a);
  return ids.some((id) => mentions(text, id));
}

function score(alerts: Alert[], labels: readonly Label[]): Scored {
  const attacks = labels.filter((l) => l.kind === 'attack').map((l) => ({ l, ids: identifiers(l) }));
  const benign = labels.filter((l) => l.kind === 'benign').map((l) => ({ l, ids: identifiers(l) }));
  const out: Scored = { alerts: alerts.length, attackAlerts: 0, detected: new Set(), fpByClass: new Map(), fpByScenario: new Map(), unattributed: 0, perRule: new Map() };
  for (const a of alerts) {
    const pr = out.perRule.get(a.ruleName) ?? { alerts: 0, attack: 0, scenarios: new Set<string>() };
    out.perRule.set(a.ruleName, pr);
    pr.alerts++;
    const hits = attacks.filter(({ l, ids }) => belongs(a, l, ids)).map(({ l }) => l.scenario);
    if (hits.length) {
      out.attackAlerts++; pr.attack++;
      for (const h of hits) { out.detected.add(h); pr.scenarios.add(h); }
      continue;
    }
    const hit = benign.filter(({ l, ids }) => belongs(a, l, ids)).map(({ l }) => l);
    // An alert counts once per class it belongs to (two scenarios of one class: once).
    for (const c of new Set(hit.map(classOf))) out.fpByClass.set(c, (out.fpByClass.get(c) ?? 0) + 1);
    for (const l of hit) out.fpByScenario.set(l.scenario, (out.fpByScenario.get(l.scenario) ?? 0) + 1);
    if (!hit.length) out.unattributed++;
  }
  return out;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

async function main(): Promise<number> {
  const { values: v } = parseArgs({ options: {
    seed: { type: 'string', default: '7' }, days: { type: 'string', default: '15' }, scale: { type: 'string' },
    data: { type: 'string' }, rules: { type: 'string', default: join(ROOT, 'rules') }, json: { type: 'string' }, keep: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' }, scenario: { type: 'string', multiple: true },
  } });
  let dir = v.data, tmp: string | undefined;
  if (!dir) {
    tmp = dir = mkdtempSync(join(tmpdir(), 'cloudhop-metrics-'));
    await simulate({ out: dir, seed: Number(v.seed), days: Number(v.days), scale: v.scale ? Number(v.scale) : undefined, scenarios: v.scenario });
  }
  try {
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelsFile;
    const { tables } = await loadTables(labels.files.map((f) => join(dir!, f)));
    const pack = loadPack([v.rules!]);
    pack.rules.splice(0, pack.rules.length, ...withBaselineRules(pack.rules)); // the seed rule, shown beside the pack
    for (const p of pack.problems) if (p.severity === 'error') process.stderr.write(`${p.file}:${p.line}:${p.col}: ${p.message}\n`);
    // The pack's watchlists, then the tenant's own (labels.watchlists; a tenant list replaces the pack's of that name).
    const problems: Problem[] = [];
    const packLists = new Map<string, Watchlist>();
    for (const d of pack.watchlistDirs) for (const [k, w] of loadWatchlistDir(d, problems)) packLists.set(k, w);
    const tenantLists = labels.watchlists?.length ? loadWatchlistDir(join(dir, 'watchlists'), problems) : new Map<string, Watchlist>();
    for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.col}: ${p.message}\n`);
    const isSeed = (r: Rule): boolean => /seed/i.test(r.name);
    const t0 = Date.now();
    const res = await runDetections({ tables, rules: pack.rules, watchlists: watchlistProvider(packLists, tenantLists) });
    const ms = Date.now() - t0;
    for (const s of res.perRuleStats) if (s.errors.length) process.stderr.write(`query error in ${s.ruleName ?? s.ruleId}: ${s.errors[0]}\n`);
    const seedAlerts = res.alerts.filter((a) => pack.rules.some((r) => r.id === a.ruleId && isSeed(r)));
    const improved = res.alerts.filter((a) => !seedAlerts.includes(a));
    const attackNames = labels.scenarios.filter((l) => l.kind === 'attack').map((l) => l.scenario);
    const benignLabels = labels.scenarios.filter((l) => l.kind === 'benign');
    const classes = [...new Set(benignLabels.map(classOf))];
    const members = (c: string): string[] => benignLabels.filter((l) => classOf(l) === c).map((l) => (l.scenario === c ? `${l.variant}` : `${l.scenario}:${l.variant}`));
    const I = score(improved, labels.scenarios), S = score(seedAlerts, labels.scenarios);

    const rows: [string, string, string][] = [
      ['attack scenarios detected (recall)', `${I.detected.size}/${attackNames.length} (${pct(I.detected.size, attackNames.length)})`, `${S.detected.size}/${attackNames.length} (${pct(S.detected.size, attackNames.length)})`],
      ['alerts', String(I.alerts), String(S.alerts)],
      ['alerts belonging to an attack', String(I.attackAlerts), String(S.attackAlerts)],
      ['precision', pct(I.attackAlerts, I.alerts), pct(S.attackAlerts, S.alerts)],
      ...classes.map((c): [string, string, string] => [`  false positives: ${c} (${members(c).join(', ')})`, String(I.fpByClass.get(c) ?? 0), String(S.fpByClass.get(c) ?? 0)]),
      ['  false positives: background (no label)', String(I.unattributed), String(S.unattributed)],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(16, ...rows.map((r) => r[1].length));
    const out: string[] = [];
    out.push(`tenant: seed ${labels.seed}, ${labels.days} days, ${labels.totalRows} rows, ${labels.tenant.users} users, attack day ${labels.attackDay.start.slice(0, 10)}; replay ${ms} ms`);
    out.push(`${''.padEnd(w0)}  ${'improved rules'.padEnd(w1)}  seed rule (verbatim)`);
    for (const [a, b, c] of rows) out.push(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
    out.push('', 'per attack scenario (variant): detected by');
    for (const l of labels.scenarios.filter((x) => x.kind === 'attack')) {
      const by = [...I.perRule].filter(([, p]) => p.scenarios.has(l.scenario)).map(([n]) => n.replace(/^T1021\.007 /, ''));
      out.push(`  ${l.scenario} (${l.variant}): ${by.length ? by.join('; ') : 'MISSED'}${S.detected.has(l.scenario) ? '  [seed: detected]' : '  [seed: missed]'}`);
    }
    out.push('', 'per rule: alerts / belonging to an attack');
    for (const [name, p] of [...I.perRule, ...S.perRule]) out.push(`  ${String(p.alerts).padStart(5)} / ${String(p.attack).padEnd(5)} ${name}`);
    if (v.verbose) {
      out.push('', 'false-positive alerts of the improved rules:');
      const attacks = labels.scenarios.filter((l) => l.kind === 'attack').map((l) => ({ l, ids: identifiers(l) }));
      for (const a of improved.filter((x) => !attacks.some(({ l, ids }) => belongs(x, l, ids)))) out.push(`  ${a.timeGenerated} ${a.title} ${JSON.stringify(a.entities)}`);
    }
    process.stdout.write(out.join('\n') + '\n');
    if (v.json) {
      const j = {
        seed: labels.seed, days: labels.days, rows: labels.totalRows, replayMs: ms,
        improved: { recall: I.detected.size / attackNames.length, precision: I.alerts ? I.attackAlerts / I.alerts : null, alerts: I.alerts, attackAlerts: I.attackAlerts, detected: [...I.detected], fpByClass: Object.fromEntries(classes.map((c) => [c, I.fpByClass.get(c) ?? 0])), fpByScenario: Object.fromEntries(I.fpByScenario), unattributed: I.unattributed },
        seed_rule: { recall: S.detected.size / attackNames.length, precision: S.alerts ? S.attackAlerts / S.alerts : null, alerts: S.alerts, attackAlerts: S.attackAlerts, detected: [...S.detected], fpByClass: Object.fromEntries(classes.map((c) => [c, S.fpByClass.get(c) ?? 0])), fpByScenario: Object.fromEntries(S.fpByScenario), unattributed: S.unattributed },
      };
      writeFileSync(v.json, JSON.stringify(j, null, 2) + '\n');
    }
    return 0;
  } finally {
    if (tmp && !v.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; });
