// Hold-out tenant generator: an independent second tenant for measuring the T1021.007 pack.
// Written from ../shared/DOMAIN.md, the shared table schemas, public log formats and
// briefs/classes.md only (not from src/simulate/ or rules/), so that the pack's figures on it say
// how well it generalises. Seeded: the same seed and options give the same files, byte for byte.
//
// A multinational (`northwind-intl.com`: US, DE, SG, MX offices) over `days` days (default 30):
// a 14-day baseline, then benign look-alikes and attacks spread over the following days. Writes one
// JSONL file per table, `labels.json` (the shared LabelsFile shape) and `_watchlists/*.csv`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorld, TABLES } from './world.js';
import { createWorkloads, backgroundDay } from './background.js';
import { planBenign } from './benign.js';
import { planAttacks } from './attacks.js';
import { Plan } from './plan.js';
import type { LabelsFile } from './labels.js';

export type { LabelsFile, Label } from './labels.js';

export interface HoldoutOptions {
  /** Days of data (default 30; at least 16 so that attacks follow a 14-day baseline, fewer still works with attacks on the last day). */
  days?: number;
  /** Employees (default 300). */
  users?: number;
}

/** Limits: rows grow about linearly with users × days (300 users × 30 days ≈ 150k rows). */
export const MAX_USERS = 2000;
export const MAX_DAYS = 90;

/** Generates the tenant into `outDir` and returns its labels (also written to `outDir/labels.json`). */
export function generateHoldout(outDir: string, seed: number, opts: HoldoutOptions = {}): LabelsFile {
  const days = opts.days ?? 30; const nUsers = opts.users ?? 300;
  if (!Number.isInteger(days) || days < 2 || days > MAX_DAYS) throw new RangeError(`holdout: days must be an integer in 2..${MAX_DAYS}, got ${days}`);
  if (!Number.isInteger(nUsers) || nUsers < 40 || nUsers > MAX_USERS) throw new RangeError(`holdout: users must be an integer in 40..${MAX_USERS}, got ${nUsers}`);
  const w = createWorld({ seed, users: nUsers, days });
  const wl = createWorkloads(w);
  const plan = new Plan(days);
  const { reserved, watchlists } = planBenign(w, wl, plan);
  planAttacks(w, wl, plan, reserved);
  for (let i = 0; i < days; i++) { backgroundDay(w, wl, i); plan.run(i); }
  // a scenario whose days fall outside a short span emitted nothing: it is not in the tenant
  const scenarios = w.rec.finish().filter((l) => Object.keys(l.rows).length > 0);

  mkdirSync(outDir, { recursive: true });
  const counts: Record<string, number> = {}; const files: string[] = [];
  // the last day's evening (in the Americas) spills past midnight UTC: the span ends at the hour after the last row
  let lastT = w.dayStart(days);
  for (const t of TABLES) {
    const rows = w.tables[t]!;
    if (!rows.length) continue;
    // ISO strings of one format sort by code unit; a stable sort keeps generation order for ties
    const key = rows.map((x, i) => ({ t: String(x.TimeGenerated), i }));
    key.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
    const sorted = key.map((k) => rows[k.i]!); rows.length = 0; rows.push(...sorted);
    const file = `${t}.jsonl`;
    writeFileSync(join(outDir, file), rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
    counts[t] = rows.length; files.push(file);
    lastT = Math.max(lastT, Date.parse(String(rows[rows.length - 1]!.TimeGenerated)) + 1);
  }
  const wlNames = Object.keys(watchlists);
  if (wlNames.length) {
    mkdirSync(join(outDir, '_watchlists'), { recursive: true });
    for (const [name, csv] of Object.entries(watchlists)) writeFileSync(join(outDir, '_watchlists', `${name}.csv`), csv);
  }
  const attacks = scenarios.filter((s) => s.kind === 'attack' && s.window.start).sort((a, b) => a.window.start.localeCompare(b.window.start));
  const firstAttack = attacks[0] ? Date.parse(attacks[0].window.start) : w.dayStart(days - 1);
  const aDay = Math.floor(firstAttack / 86400000) * 86400000;
  const devices = new Set<string>();
  for (const u of w.users) { devices.add(u.device.id); if (u.admin) devices.add(u.admin.device.id); }
  const labels: LabelsFile = {
    generator: 'holdout', seed, days, start: w.iso(w.dayStart(0)), end: w.iso(Math.ceil(lastT / 3600000) * 3600000),
    attackDay: { start: w.iso(aDay), end: w.iso(aDay + 86400000) },
    tenant: { id: w.tenantId, domain: w.domain, onmicrosoft: w.tenantDomain, adDomain: `corp.${w.domain}`, homeCountry: 'US', users: w.users.length, devices: devices.size + w.servers.length + w.arcHosts.length + wl.ciAgents.length + 3 },
    tables: counts, totalRows: Object.values(counts).reduce((a, b) => a + b, 0), files, scenarios,
    actors: Object.fromEntries([...w.actors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, [...v].sort()])),
    watchlists: wlNames.map((n) => `_watchlists/${n}.csv`),
  };
  writeFileSync(join(outDir, 'labels.json'), JSON.stringify(labels, null, 1) + '\n');
  return labels;
}
