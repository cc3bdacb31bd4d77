/**
 * The simulator's entry point: `simulate(options)` writes a tenant's telemetry (background, benign
 * look-alikes, attacks) and `labels.json` (ground truth) into a folder. The output is a function of
 * the options alone: the same seed gives byte-identical files.
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../store/atomic-write.js';
import { join } from 'node:path';
import { Rng } from './rng.js';
import { buildOrg, type Org } from './org.js';
import { RowFactory, TABLES, type SimEvent, type TableName, type Row, iso } from './rows.js';
import { type SimContext, DAY, HOUR, drawVersions, attackEvents } from './context.js';
import { Background } from './background.js';
import { BENIGN } from './benign.js';
import { ATTACKS } from './attacks.js';
import { classOf, type Label, type Scenario, type Story } from './scenario.js';
import { Outputs, type RawKind, RAW_KINDS } from './writer.js';

export { RAW_KINDS, type RawKind } from './writer.js';
export type { Label, Scenario } from './scenario.js';
export type { TableName } from './rows.js';

export const SCENARIOS: readonly Scenario[] = [...ATTACKS, ...BENIGN];
export const ATTACK_NAMES = ATTACKS.map((s) => s.name);
export const BENIGN_NAMES = BENIGN.map((s) => s.name);

export interface SimulateOptions {
  readonly out: string;
  readonly seed?: number;
  readonly days?: number;
  /** Total rows to write (background fills what the scenarios leave). Default: 5,000 per day. */
  readonly scale?: number;
  /** Scenario names, optionally `name:variant`; also `attacks`, `benign`, `all`, `none`. Default: all. */
  readonly scenarios?: readonly string[];
  readonly raw?: readonly RawKind[];
  /** First day (UTC midnight). Default: the day that makes the attack day (the last) Tuesday 2026-11-17,
   *  a working day, so benign weekday activity (DevOps CLI use, admins) shares the attack day. */
  readonly start?: string;
  /** Day index (0-based) on which the `egress-change` scenario moves the company to new egress
   *  addresses. Default: two thirds into the run (day 10 of 15, day 20 of 30). */
  readonly egressChangeDay?: number;
  /** Called after each simulated day with rows written so far. */
  readonly onProgress?: (day: number, days: number, rows: number) => void;
}

export interface LabelsFile {
  readonly generator: string;
  readonly seed: number;
  readonly days: number;
  readonly start: string;
  readonly end: string;
  readonly attackDay: { readonly start: string; readonly end: string };
  readonly tenant: { readonly id: string; readonly domain: string; readonly onmicrosoft: string; readonly adDomain: string; readonly homeCountry: string; readonly users: number; readonly devices: number };
  readonly tables: Readonly<Record<string, number>>;
  readonly totalRows: number;
  readonly files: readonly string[];
  /** Watchlist CSV files the tenant keeps (`watchlists/<alias>.csv`), for `detect --watchlists`. */
  readonly watchlists?: readonly string[];
  readonly scenarios: readonly Label[];
}

export interface SimulateResult { readonly labels: LabelsFile; readonly labelsPath: string; readonly org: Org }

export class SimulateError extends Error {}

/** Resolves scenario selectors to (scenario, variant) pairs. Throws SimulateError on an unknown name. */
export function selectScenarios(selectors: readonly string[] | undefined, rng: Rng): { scenario: Scenario; variant: string }[] {
  const sel = selectors && selectors.length ? selectors : ['all'];
  const out: { scenario: Scenario; variant: string }[] = [];
  const seen = new Set<string>();
  const add = (s: Scenario, variant?: string): void => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    out.push({ scenario: s, variant: variant ?? rng.fork(`variant:${s.name}`).pick(s.variants) });
  };
  for (const raw of sel) {
    const [name, variant] = raw.split(':') as [string, string | undefined];
    if (name === 'none') continue;
    if (name === 'all') { SCENARIOS.forEach((s) => add(s)); continue; }
    if (name === 'attacks') { ATTACKS.forEach((s) => add(s)); continue; }
    if (name === 'benign') { BENIGN.forEach((s) => add(s)); continue; }
    const s = SCENARIOS.find((x) => x.name === name);
    if (!s) throw new SimulateError(`unknown scenario '${name}' (known: ${SCENARIOS.map((x) => x.name).join(', ')}, attacks, benign, all, none)`);
    if (variant !== undefined && !s.variants.includes(variant)) throw new SimulateError(`unknown variant '${variant}' of ${name} (known: ${s.variants.join(', ')})`);
    add(s, variant);
  }
  // Attacks first: they claim their victims before benign scenarios pick travellers and VPN users.
  return [...out.filter((x) => x.scenario.kind === 'attack'), ...out.filter((x) => x.scenario.kind === 'benign')];
}

export async function simulate(opts: SimulateOptions): Promise<SimulateResult> {
  const seed = opts.seed ?? 1;
  const days = opts.days ?? 15;
  if (!Number.isInteger(days) || days < 2 || days > 400) throw new SimulateError(`--days must be an integer from 2 to 400 (got ${days})`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new SimulateError(`--seed must be an integer from 0 to 4294967295 (got ${seed})`);
  const scale = opts.scale ?? days * 5000;
  if (!Number.isFinite(scale) || scale < 0 || !Number.isInteger(scale)) throw new SimulateError(`--scale must be a non-negative integer (got ${scale})`);
  for (const k of opts.raw ?? []) if (!RAW_KINDS.includes(k)) throw new SimulateError(`unknown raw format '${k}' (known: ${RAW_KINDS.join(', ')})`);
  const startMs = opts.start !== undefined ? Date.parse(`${opts.start}T00:00:00Z`) : Date.parse('2026-11-17T00:00:00Z') - (days - 1) * DAY;
  if (!Number.isFinite(startMs)) throw new SimulateError(`--start must be a date YYYY-MM-DD (got ${opts.start})`);
  const egressDay = opts.egressChangeDay ?? Math.round((days * 2) / 3);
  if (!Number.isInteger(egressDay) || egressDay < 1 || egressDay >= days) throw new SimulateError(`--egress-change-day must be an integer from 1 to ${days - 1} (got ${egressDay})`);

  const root = new Rng(seed);
  const users = Math.max(40, Math.min(30000, Math.round(scale / days / 40)));
  const org = buildOrg({ seed, users });
  const ctx: SimContext = {
    org, rows: new RowFactory(org, root.fork('rows')), rng: root.fork('scenarios'), start: startMs, days, attackDay: days - 1,
    v: drawVersions(root.fork('versions')), tz: org.offices[0]!.city.tz,
    egressChangeDay: egressDay,
  };
  const chosen = selectScenarios(opts.scenarios, root.fork('select'));
  const end = startMs + days * DAY;

  // Scenario events are few (bounded by the org's special populations), so they are held in memory.
  const stories = chosen.map(({ scenario, variant }) => {
    const story = scenario.generate(ctx, variant);
    // What an attack touched is left alone by benign scenarios that replace devices or credentials.
    if (scenario.kind === 'attack') attackEvents(ctx).push(...story.events);
    return { scenario, variant, story };
  });
  const scen: SimEvent[] = [];
  for (const { story } of stories) {
    const kept = story.events.filter((e) => e.t >= startMs && e.t < end);
    story.events.length = 0;
    story.events.push(...kept);
    scen.push(...kept);
  }
  scen.sort((a, b) => a.t - b.t);
  // Office egress addresses are shared by everyone in an office: they identify no scenario.
  const shared = new Set(org.offices.flatMap((o) => o.egress));
  for (const { story } of stories) for (const ip of [...story.ips]) if (shared.has(ip)) story.ips.delete(ip);
  // Scenarios that change everyone's rows (an egress move) rewrite every event before it is written.
  const rewriters = stories.map((x) => x.story).filter((st) => st.rewrite);

  const bg = new Background(ctx, Math.max(0, scale - scen.length));
  mkdirSync(opts.out, { recursive: true });
  const outputs = new Outputs(opts.out, new Set(opts.raw ?? []));
  const counts: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t, 0]));
  let written = 0, si = 0;
  const byTable = new Map<TableName, Row[]>();
  const SLICE = 2000;
  const flush = async (slice: SimEvent[], day: number): Promise<void> => {
    for (const t of TABLES) byTable.set(t, []);
    for (const e of slice) {
      for (const st of rewriters) if (st.rewrite!(e)) st.rewritten[e.table] = (st.rewritten[e.table] ?? 0) + 1;
      byTable.get(e.table)!.push(e.row);
    }
    for (const t of TABLES) {
      const rows = byTable.get(t)!;
      counts[t]! += rows.length;
      await outputs.write(t, rows, day);
    }
    written += slice.length;
  };
  let files: string[];
  try { // a failure (disk full) leaves no partial output file: each is renamed into place only when finished
  for (let h = 0; h < days * 24; h++) {
    const hourEnd = startMs + (h + 1) * HOUR;
    const day = Math.floor(h / 24);
    const plan = bg.planHour(h);
    // Merge the hour's planned background with the scenario events, in time order, slice by slice.
    let i = 0;
    let slice: SimEvent[] = [];
    for (;;) {
      const nextScen = si < scen.length && scen[si]!.t < hourEnd ? scen[si]! : undefined;
      if (i >= plan.times.length && !nextScen) break;
      if (nextScen && (i >= plan.times.length || nextScen.t < plan.times[i]!)) { slice.push(nextScen); si++; }
      else { slice.push(bg.build(plan.tables[i]!, plan.times[i]!)); i++; }
      if (slice.length >= SLICE) { await flush(slice, day); slice = []; }
    }
    if (slice.length) await flush(slice, day);
    if (h % 24 === 23) opts.onProgress?.(day + 1, days, written);
  }
  files = (await outputs.close()).map((f) => f.slice(opts.out.length).replace(/^[\\/]+/, '').split('\\').join('/'));
  } catch (e) { outputs.abort(); throw e; }
  const labels = stories.map(({ scenario, variant, story }) => story.label(scenario.name, scenario.kind, classOf(scenario, variant), variant, startMs, end));
  const watchlists = writeWatchlists(opts.out, stories.map((x) => x.story));

  const labelsFile: LabelsFile = {
    generator: 'cloudhop simulate', seed, days, start: iso(startMs), end: iso(end),
    attackDay: { start: iso(startMs + (days - 1) * DAY), end: iso(end) },
    tenant: { id: org.tenantId, domain: org.domain, onmicrosoft: org.onmicrosoft, adDomain: org.adDomain, homeCountry: org.homeCountry, users: org.users.length, devices: org.devices.length },
    tables: counts, totalRows: written, files, ...(watchlists.length ? { watchlists } : {}), scenarios: labels,
  };
  const labelsPath = join(opts.out, 'labels.json');
  writeFileAtomic(labelsPath, JSON.stringify(labelsFile, null, 2) + '\n');
  return { labels: labelsFile, labelsPath, org };
}

/**
 * Writes the watchlists the scenarios keep (`watchlists/<alias>.csv`, Sentinel's watchlist CSV:
 * a header line, then rows; rows of one alias from several scenarios are concatenated).
 * Returns the files written, relative to `out`.
 */
function writeWatchlists(out: string, stories: readonly Story[]): string[] {
  const merged = new Map<string, { header: string[]; rows: string[][] }>();
  for (const st of stories) {
    for (const [alias, w] of st.watchlists) {
      const m = merged.get(alias);
      if (!m) merged.set(alias, { header: [...w.header], rows: [...w.rows] });
      else if (m.header.join(',') !== w.header.join(',')) throw new Error(`watchlist ${alias}: two scenarios disagree on its columns (${m.header.join(',')} vs ${w.header.join(',')})`);
      else m.rows.push(...w.rows);
    }
  }
  if (!merged.size) return [];
  mkdirSync(join(out, 'watchlists'), { recursive: true });
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const files: string[] = [];
  for (const [alias, w] of [...merged].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const rel = `watchlists/${alias}.csv`;
    writeFileAtomic(join(out, rel), [w.header, ...w.rows].map((r) => r.map(cell).join(',')).join('\n') + '\n');
    files.push(rel);
  }
  return files;
}
