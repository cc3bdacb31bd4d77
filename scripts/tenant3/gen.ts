import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildOrg } from './org.js';
import { Rng } from './rng.js';
import { Ctx } from './ctx.js';
import { Sink, iso, DAY, HOUR } from './sink.js';
import { background } from './background.js';
import { attacks } from './attacks.js';
import { benign } from './benign.js';
import { finishLabels, type LabelDraft } from './labels.js';
import { FileRouter } from './write.js';

/**
 * tenant3: a third, independent tenant generator for the T1021.007 pack (see README.md here).
 * Same seed → byte-identical files; different seeds → another organisation, other people, networks,
 * timings and attack variants. Writes the log files, `labels.json` and `_watchlists/`.
 */
export async function generateTenant3(outDir: string, seed: number, opts: { days?: number; users?: number } = {}): Promise<void> {
  const days = opts.days ?? 30;
  if (days < 22) throw new Error('tenant3: at least 22 days are needed (14 days of history, then the scenarios)');
  const org = buildOrg(seed, days, opts.users);
  const router = new FileRouter(org, new Rng(seed, 'write'));
  const sink = new Sink(router);
  const c = new Ctx(org, sink, new Rng(seed, 'main'));
  const drafts: LabelDraft[] = [];
  // Benign scenarios first: some of them change people (new hires, re-imaged devices) before the month is drawn.
  const { late, egressLabel } = benign(c.fork('benign'), drafts);
  for (const u of org.users) if (u.device.os === 'Windows') router.noteWindows(u.device.mdeId);
  for (const srv of [org.syncServer, ...org.paw, org.jump, org.fileServer, ...(org.arcServer.os === 'Windows' ? [org.arcServer] : [])]) router.noteWindows(srv.mdeId);
  background(c.fork('background'), egressLabel);
  late();
  attacks(c.fork('attacks'), drafts);
  const labels = finishLabels(drafts, sink);
  const written = { files: router.write(outDir), tables: sink.tables };
  mkdirSync(join(outDir, '_watchlists'), { recursive: true });
  const pawRows = org.paw.map((p) => `${p.name},${p.name.toLowerCase()}.${org.adDomain},${org.offices[0].before[0]!.ip},Privileged access workstation`).join('\n');
  writeFileSync(join(outDir, '_watchlists', 'AdminWorkstations.csv'), `HostName,DeviceName,IPAddress,Notes\n${pawRows}\n`);
  writeFileSync(join(outDir, '_watchlists', 'CloudAdminAllowlist.csv'), `SearchKey,HostName,Reason\n${org.paw.map((p) => `${p.name.toLowerCase()}.${org.adDomain},${p.name},Announced penetration test and cloud administration from PAW`).join('\n')}\n`);
  written.files.push('_watchlists/AdminWorkstations.csv', '_watchlists/CloudAdminAllowlist.csv');
  const totalRows = Object.values(written.tables).reduce((a, b) => a + b, 0);
  const firstAttack = labels.filter((l) => l.kind === 'attack').map((l) => l.window.start).sort()[0] ?? iso(org.start + 15 * DAY);
  const dayStart = Date.parse(firstAttack.slice(0, 10) + 'T00:00:00Z');
  const out = {
    generator: 'tenant3', seed, days, start: iso(Math.floor(sink.first / HOUR) * HOUR), end: iso(Math.ceil(sink.last / HOUR) * HOUR),
    attackDay: { start: iso(dayStart), end: iso(dayStart + DAY) },
    tenant: { id: org.tenantId, domain: org.domain, onmicrosoft: org.onms, adDomain: org.adDomain, homeCountry: org.homes[0].code, homeCountries: org.homes.map((h) => h.code), name: org.name, users: org.users.length, devices: org.users.length + 6 + org.ciAgents.length },
    egressChange: { day: org.egressChangeDay, before: org.offices.flatMap((o) => o.before.map((p) => ({ ip: p.ip, asn: p.asn }))), after: org.offices.flatMap((o) => o.after.map((p) => ({ ip: p.ip, asn: p.asn }))) },
    formats: router.describe(),
    tables: Object.fromEntries(Object.entries(written.tables).sort()), totalRows, files: written.files,
    scenarios: labels,
  };
  writeFileSync(join(outDir, 'labels.json'), JSON.stringify(out, null, 2) + '\n');
}

async function main(argv: string[]): Promise<void> {
  let seed = 1, out = '', days: number | undefined, users: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    if (a === '--seed' && v) { seed = Number(v); i++; }
    else if (a === '--out' && v) { out = v; i++; }
    else if (a === '--days' && v) { days = Number(v); i++; }
    else if (a === '--users' && v) { users = Number(v); i++; }
    else { process.stderr.write(`usage: node --import tsx scripts/tenant3/gen.ts --seed N --out DIR [--days N] [--users N]\nunknown argument: ${a}\n`); process.exit(2); }
  }
  if (!out || !Number.isInteger(seed)) { process.stderr.write('usage: node --import tsx scripts/tenant3/gen.ts --seed N --out DIR [--days N] [--users N]\n'); process.exit(2); }
  const t0 = Date.now();
  await generateTenant3(out, seed, { days, users });
  process.stdout.write(`tenant3 seed ${seed} → ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
