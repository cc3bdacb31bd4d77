/**
 * Issue 11's measure: the T1021.007 pack on tenants of the team's three independent generators.
 *
 *   node --import tsx scripts/generalisation/run.ts [--generator sim|holdout|tenant3]... [--seed N]...
 *        [--days N] [--rules DIR] [--json FILE] [--keep DIR] [-v]
 *
 * For each generator × seed: generate a tenant into a temporary folder (or DIR/<gen>-<seed> with
 * --keep), read every file, replay the pack (without the seed rule) over the whole span as
 * `cloudhop detect` does, attribute each alert to the labelled scenarios (attribute.ts), and print
 * recall per attack scenario and class, precision of the alerts, and false positives per benign
 * class. A tenant's own `watchlists/` (or `_watchlists/`) folder (e.g. the announced pentest's workstation) is used as
 * `detect --watchlists DIR` would use it: its lists replace the pack's lists of the same alias.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import Papa from 'papaparse';
import { loadPack, runDetections, builtinRulesDir, loadWatchlistDir, watchlistProvider, watchlistFromRows, type Alert, type Watchlist, type Problem } from '../../src/detect/index.js';
import { loadTables } from '../../src/ingest/load.js';
import { attribute, type ScoredLabel } from './attribute.js';

type Generate = (outDir: string, seed: number, days: number) => Promise<void>;

/** The three generators, each imported only when asked for. */
const GENERATORS: Record<string, () => Promise<Generate>> = {
  sim: async () => {
    const m = await import('../../src/simulate/index.js');
    return async (out, seed, days) => { await m.simulate({ out, seed, days }); };
  },
  holdout: async () => {
    const m = (await import('../holdout/gen.js')) as Record<string, unknown>;
    const g = m.generateHoldout as ((out: string, seed: number, opts?: { days?: number }) => unknown) | undefined;
    if (typeof g !== 'function') throw new Error('scripts/holdout/gen.ts exports no generateHoldout(outDir, seed, opts)');
    return async (out, seed, days) => { await g(out, seed, { days }); };
  },
  tenant3: async () => {
    const m = (await import('../tenant3/gen.js')) as Record<string, unknown>;
    const g = m.generateTenant3 as ((out: string, seed: number, opts?: { days?: number }) => unknown) | undefined;
    if (typeof g !== 'function') throw new Error('scripts/tenant3/gen.ts exports no generateTenant3(outDir, seed, opts)');
    return async (out, seed, days) => { await g(out, seed, { days }); };
  },
};

interface LabelsLike { readonly scenarios: readonly ScoredLabel[]; readonly files?: readonly string[]; readonly totalRows?: number; readonly tenant?: { readonly users?: number } }

export interface TenantFigures {
  readonly generator: string;
  readonly seed: number;
  readonly rows: number;
  readonly quarantined: number;
  readonly attacks: number;
  readonly attacksCaught: number;
  readonly classes: Record<string, { scenarios: number; caught: number }>;
  readonly alerts: number;
  readonly trueAlerts: number;
  readonly precision: number | null;
  readonly fpByClass: Record<string, number>;
  readonly unattributed: number;
  readonly missed: readonly string[];
  readonly ruleErrors: readonly string[];
  readonly falsePositives: readonly string[];
  readonly perRule: Record<string, { alerts: number; true: number }>;
  readonly ms: number;
}

function dataFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'labels.json' || name === 'watchlists' || name.startsWith('.') || name.startsWith('_') || /\.(md|txt)$/i.test(name)) continue;
    out.push(join(dir, name));
  }
  return out;
}

export async function scoreTenant(generator: string, dir: string, seed: number, rulesDir: string): Promise<TenantFigures> {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelsLike;
  const files = labels.files?.length ? labels.files.map((f) => join(dir, f)) : dataFiles(dir);
  const { tables, report } = await loadTables(files);
  const pack = loadPack([rulesDir]);
  const problems: Problem[] = [...pack.problems];
  const watch = new Map<string, Watchlist>();
  for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, problems)) watch.set(k, v);
  for (const own of [join(dir, 'watchlists'), join(dir, '_watchlists')]) {
    if (!existsSync(own) || !statSync(own).isDirectory()) continue;
    for (const [k, v] of loadWatchlistDir(own, problems)) watch.set(k, v); // as `detect --watchlists DIR` does
    for (const [alias, w] of tenantTuning(own)) watch.set(alias.toLowerCase(), w);
  }
  const t0 = Date.now();
  const res = await runDetections({ tables, rules: pack.rules, watchlists: watchlistProvider(watch) });
  const ms = Date.now() - t0;
  const alerts: Alert[] = res.alerts;
  const att = attribute(alerts, labels.scenarios);
  const attacks = labels.scenarios.map((l, i) => ({ l, i })).filter(({ l }) => l.kind === 'attack');
  const caught = new Set<number>();
  const fpByClass: Record<string, number> = {};
  const perRule: Record<string, { alerts: number; true: number }> = {};
  const falsePositives: string[] = [];
  let trueAlerts = 0, unattributed = 0;
  att.forEach((a, k) => {
    const pr = (perRule[alerts[k]!.ruleName] ??= { alerts: 0, true: 0 });
    pr.alerts++;
    if (a.kind === 'attack') { trueAlerts++; pr.true++; for (const i of a.labels) caught.add(i); return; }
    const al = alerts[k]!;
    if (a.kind === 'benign') {
      const cls = [...new Set(a.labels.map((i) => labels.scenarios[i]!.class ?? labels.scenarios[i]!.scenario))];
      for (const c of cls) fpByClass[c] = (fpByClass[c] ?? 0) + 1;
      falsePositives.push(`[${cls.join(',')}] ${al.startTime.slice(0, 16)} ${al.title}`);
    } else { unattributed++; falsePositives.push(`[unlabelled] ${al.startTime.slice(0, 16)} ${al.title}`); }
  });
  for (const l of labels.scenarios) if (l.kind === 'benign') fpByClass[l.class ?? l.scenario] ??= 0;
  const classes: Record<string, { scenarios: number; caught: number }> = {};
  for (const { l, i } of attacks) {
    const c = (classes[l.class ?? l.scenario] ??= { scenarios: 0, caught: 0 });
    c.scenarios++;
    if (caught.has(i)) c.caught++;
  }
  return {
    generator, seed, rows: report.tables.reduce((x, t) => x + t.ingested, 0), quarantined: report.quarantined,
    attacks: attacks.length, attacksCaught: attacks.filter(({ i }) => caught.has(i)).length, classes,
    alerts: alerts.length, trueAlerts, precision: alerts.length ? trueAlerts / alerts.length : null, fpByClass, unattributed,
    missed: attacks.filter(({ i }) => !caught.has(i)).map(({ l }) => `${l.class ?? '?'}/${l.scenario}${l.variant ? ` (${l.variant})` : ''}`),
    ruleErrors: res.perRuleStats.filter((s) => s.errorCount).map((s) => `${s.ruleName}: ${s.errors[0]}`),
    falsePositives, perRule, ms,
  };
}

/**
 * The customer's tuning step, done the same way for every generator: the tenant's own lists of
 * announced security tests and admin workstations (whatever their file and column names) are
 * entered into the pack's documented watchlists, as docs/T1021.007/tuning-guide.md tells a customer
 * to: accounts, hosts and IPs of a test list go to CloudhopAuthorizedTesting (with its Start/End),
 * hosts of an admin-workstation list to CloudhopCloudAdminDevices. Lists already named after the
 * pack's aliases are used as they are (loadWatchlistDir above).
 */
function tenantTuning(folder: string): Map<string, Watchlist> {
  const testing: Record<string, unknown>[] = [], admin: Record<string, unknown>[] = [];
  for (const f of readdirSync(folder).filter((x) => /\.csv$/i.test(x))) {
    const name = f.slice(0, -4);
    if (/^cloudhop/i.test(name) && !/pentest|engagement/i.test(name)) continue;
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(folder, f), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    const cols = parsed.meta.fields ?? [];
    const pick = (re: RegExp): string[] => cols.filter((c) => re.test(c));
    const accounts = pick(/account|upn|user/i), hosts = pick(/host|device|searchkey/i), ips = pick(/^ip|ipaddress|address/i);
    const start = cols.find((c) => /^start/i.test(c)), end = cols.find((c) => /^end/i.test(c));
    const isTest = /pentest|engagement|testing|allowlist|red.?team/i.test(name);
    const isAdmin = /admin|paw|workstation/i.test(name);
    for (const r of parsed.data) {
      const window = { Start: start ? r[start] ?? '' : '', End: end ? r[end] ?? '' : '' };
      if (isTest) {
        for (const c of accounts) if (r[c]) testing.push({ SearchKey: r[c], Kind: 'account', ...window, Notes: name });
        for (const c of hosts) if (r[c]) testing.push({ SearchKey: r[c], Kind: 'host', ...window, Notes: name });
        for (const c of ips) if (r[c]) testing.push({ SearchKey: r[c], Kind: 'ip', ...window, Notes: name });
      } else if (isAdmin) for (const c of hosts) if (r[c]) admin.push({ HostName: r[c], Role: 'admin workstation', Notes: name });
    }
  }
  const out = new Map<string, Watchlist>();
  if (testing.length) out.set('CloudhopAuthorizedTesting', watchlistFromRows('CloudhopAuthorizedTesting', ['SearchKey', 'Kind', 'Start', 'End', 'Notes'], testing, 'SearchKey'));
  if (admin.length) out.set('CloudhopCloudAdminDevices', watchlistFromRows('CloudhopCloudAdminDevices', ['HostName', 'Role', 'Notes'], admin, 'HostName'));
  return out;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export function formatTable(figs: readonly TenantFigures[]): string {
  const L: string[] = [];
  L.push('| generator | seed | rows | attacks caught | classes caught | alerts | true | precision | benign FPs (by class) |');
  L.push('|---|---|---|---|---|---|---|---|---|');
  for (const f of figs) {
    const cls = Object.values(f.classes);
    const fps = Object.entries(f.fpByClass).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
    L.push(`| ${f.generator} | ${f.seed} | ${f.rows.toLocaleString('en-US')} | ${f.attacksCaught}/${f.attacks} | ${cls.filter((c) => c.caught === c.scenarios).length}/${cls.length} | ${f.alerts} | ${f.trueAlerts} | ${pct(f.precision)} | ${fps}${f.unattributed ? `, unlabelled ${f.unattributed}` : ''} |`);
  }
  return L.join('\n');
}

async function main(): Promise<number> {
  const { values: v } = parseArgs({
    options: {
      generator: { type: 'string', multiple: true }, seed: { type: 'string', multiple: true }, days: { type: 'string' },
      rules: { type: 'string' }, json: { type: 'string' }, keep: { type: 'string' }, verbose: { type: 'boolean', short: 'v' },
    },
  });
  const gens = v.generator ?? Object.keys(GENERATORS);
  const seeds = (v.seed ?? ['1', '2', '3']).map(Number);
  const days = Number(v.days ?? 30);
  const rulesDir = resolve(v.rules ?? builtinRulesDir());
  const figs: TenantFigures[] = [];
  for (const g of gens) {
    if (!GENERATORS[g]) { process.stderr.write(`unknown generator '${g}' (known: ${Object.keys(GENERATORS).join(', ')})\n`); return 2; }
    let gen: Generate;
    try { gen = await GENERATORS[g]!(); } catch (e) { process.stderr.write(`${g}: ${(e as Error).message}\n`); continue; }
    for (const seed of seeds) {
      const dir = v.keep ? join(resolve(v.keep), `${g}-${seed}`) : mkdtempSync(join(tmpdir(), `cloudhop-gen-${g}-`));
      if (v.keep) { rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true }); }
      try {
        const t0 = Date.now();
        await gen(dir, seed, days);
        const genMs = Date.now() - t0;
        const f = await scoreTenant(g, dir, seed, rulesDir);
        figs.push(f);
        process.stdout.write(`${g} seed ${seed}: generated in ${genMs} ms, replay ${f.ms} ms; ${f.attacksCaught}/${f.attacks} attacks, precision ${pct(f.precision)} (${f.trueAlerts}/${f.alerts})\n`);
        if (f.missed.length) process.stdout.write(`  missed: ${f.missed.join('; ')}\n`);
        for (const e of f.ruleErrors) process.stdout.write(`  RULE ERROR ${e}\n`);
        if (v.verbose) {
          for (const fp of f.falsePositives) process.stdout.write(`  FP ${fp}\n`);
          for (const [r, p] of Object.entries(f.perRule)) process.stdout.write(`  rule ${String(p.alerts).padStart(4)} / ${String(p.true).padEnd(4)} ${r}\n`);
        }
      } finally {
        if (!v.keep) rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  process.stdout.write('\n' + formatTable(figs) + '\n');
  const missingClasses = new Set<string>();
  for (const f of figs) for (const [c, n] of Object.entries(f.classes)) if (n.caught < n.scenarios) missingClasses.add(`${c} (${f.generator} ${f.seed})`);
  const all = figs.reduce((x, f) => ({ a: x.a + f.alerts, t: x.t + f.trueAlerts }), { a: 0, t: 0 });
  process.stdout.write(`\noverall precision ${pct(all.a ? all.t / all.a : null)} (${all.t}/${all.a}); attack classes not always caught: ${missingClasses.size ? [...missingClasses].join(', ') : 'none'}\n`);
  if (v.json) writeFileSync(v.json, JSON.stringify(figs, null, 2) + '\n');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) main().then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; });
