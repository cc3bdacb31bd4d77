/**
 * Regenerates the rule pack's public network watchlists from the npm package @ip-location-db/asn
 * (CC BY 4.0: RouteViews, DB-IP, NRO; see rules/T1021.007/watchlists/README.md):
 *
 *   rules/T1021.007/watchlists/CloudhopHostingAsns.csv    Asn,Provider,Organization
 *   rules/T1021.007/watchlists/CloudhopHostingRanges.csv  Network,Asn,Provider   (IPv4 CIDR blocks)
 *
 *   npx tsx scripts/refresh-network-data.ts [--from DIR]
 *
 * `--from DIR`: an unpacked copy of the package (the folder holding asn-ipv4.csv); without it the
 * script runs `npm pack @ip-location-db/asn` into a temporary folder and unpacks it with `tar`.
 * The package is not a dependency: only this script reads it.
 *
 * The providers are the table below (ASNs of cloud, hosting and VPS providers, public facts); the
 * ranges are every IPv4 range the package attributes to one of those ASNs, adjacent ranges of the
 * same ASN merged, then cut into CIDR blocks. IPv6 ranges are not shipped (the engine's
 * ipv6_lookup is not implemented): IPv6 sign-ins are classified by their AutonomousSystemNumber.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const OUT = join(ROOT, 'rules', 'T1021.007', 'watchlists');

/** Cloud / hosting / VPS providers and their ASNs (CDNs such as Cloudflare or Akamai's 20940 are not hosting). */
export const HOSTING_PROVIDERS: Readonly<Record<string, readonly number[]>> = {
  'Amazon Web Services': [16509, 14618, 8987, 7224, 38895, 62785],
  'Microsoft Azure': [8075, 8068, 8069, 12076],
  'Google Cloud': [15169, 396982, 19527, 36492, 139070],
  'Oracle Cloud': [31898],
  'IBM Cloud': [36351],
  'Alibaba Cloud': [45102, 37963, 134963],
  'Tencent Cloud': [45090, 132203],
  'Huawei Cloud': [136907],
  'DigitalOcean': [14061, 393406],
  'Linode (Akamai Connected Cloud)': [63949],
  'Vultr (The Constant Company)': [20473],
  'OVHcloud': [16276, 35540],
  'Hetzner': [24940, 213230],
  'Scaleway': [12876],
  'Contabo': [51167, 40021, 141995],
  'Leaseweb': [60781, 28753, 16265, 59253, 19148, 30633, 395954, 32613],
  'M247': [9009],
  'Datacamp (CDN77)': [212238, 60068],
  'Hostinger': [47583],
  'IONOS': [8560],
  'netcup': [197540],
  'UpCloud': [25697],
  'Kamatera': [36007],
  'Zenlayer': [21859],
  'Psychz Networks': [40676],
  'HIVELOCITY': [29802],
  'GTHost': [63023],
  'FranTech (BuyVM)': [53667],
  'Servers.com': [7979],
  'Selectel': [49505],
  'Timeweb': [9123],
  'Yandex Cloud': [200350],
};

interface Range { lo: number; hi: number; asn: number }

function ipv4ToNumber(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const p = [m[1], m[2], m[3], m[4]].map(Number);
  if (p.some((x) => x > 255)) return undefined;
  return ((p[0]! * 256 + p[1]!) * 256 + p[2]!) * 256 + p[3]!;
}

function numberToIpv4(n: number): string {
  return [Math.floor(n / 16777216) % 256, Math.floor(n / 65536) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
}

/** The fewest CIDR blocks covering lo..hi (inclusive). */
export function rangeToCidrs(lo: number, hi: number): string[] {
  const out: string[] = [];
  let cur = lo;
  while (cur <= hi) {
    let size = 1, bits = 32;
    // Grow the block while it stays aligned on cur and inside the range.
    while (bits > 0 && cur % (size * 2) === 0 && cur + size * 2 - 1 <= hi) { size *= 2; bits--; }
    out.push(`${numberToIpv4(cur)}/${bits}`);
    cur += size;
  }
  return out;
}

/** Adjacent or overlapping ranges of the same ASN merged (input in any order). */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.asn - b.asn || a.lo - b.lo);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.asn === r.asn && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else out.push({ ...r });
  }
  return out.sort((a, b) => a.lo - b.lo || a.asn - b.asn);
}

function csvCell(s: string): string { return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; }

function packageDir(from: string | undefined): string {
  if (from) return from;
  const tmp = mkdtempSync(join(tmpdir(), 'ipdb-'));
  const file = execFileSync('npm', ['pack', '@ip-location-db/asn', '--silent'], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', file], { cwd: tmp });
  return join(tmp, 'package');
}

function main(): void {
  const a = parseArgs({ options: { from: { type: 'string' } } });
  const dir = packageDir(a.values.from);
  const v4 = join(dir, 'asn-ipv4.csv');
  if (!existsSync(v4) || !statSync(v4).isFile()) throw new Error(`${v4}: not found (give --from DIR, the unpacked @ip-location-db/asn)`);
  const version = existsSync(join(dir, 'package.json')) ? (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version : undefined;
  const providerOf = new Map<number, string>();
  for (const [p, asns] of Object.entries(HOSTING_PROVIDERS)) for (const n of asns) providerOf.set(n, p);
  const orgOf = new Map<number, string>();
  const ranges: Range[] = [];
  const rows = Papa.parse<string[]>(readFileSync(v4, 'utf8'), { skipEmptyLines: true }).data;
  let bad = 0;
  for (const r of rows) {
    const asn = Number(r[2]);
    if (!providerOf.has(asn)) continue;
    const lo = ipv4ToNumber(r[0] ?? ''), hi = ipv4ToNumber(r[1] ?? '');
    if (lo === undefined || hi === undefined || hi < lo) { bad++; continue; }
    ranges.push({ lo, hi, asn });
    if (!orgOf.has(asn) && r[3]) orgOf.set(asn, r[3]);
  }
  const merged = mergeRanges(ranges);
  const asnLines = ['Asn,Provider,Organization'];
  for (const [p, asns] of Object.entries(HOSTING_PROVIDERS)) for (const n of asns) asnLines.push([String(n), csvCell(p), csvCell(orgOf.get(n) ?? '')].join(','));
  const rangeLines = ['Network,Asn,Provider'];
  for (const r of merged) for (const c of rangeToCidrs(r.lo, r.hi)) rangeLines.push(`${c},${r.asn},${csvCell(providerOf.get(r.asn)!)}`);
  writeFileSync(join(OUT, 'CloudhopHostingAsns.csv'), asnLines.join('\n') + '\n');
  writeFileSync(join(OUT, 'CloudhopHostingRanges.csv'), rangeLines.join('\n') + '\n');
  const missing = [...providerOf.keys()].filter((n) => !orgOf.has(n));
  process.stdout.write(`@ip-location-db/asn ${version ?? '(unknown version)'}: ${ranges.length} ranges of ${providerOf.size} ASNs -> ${merged.length} merged -> ${rangeLines.length - 1} CIDR blocks`
    + `${bad ? `; ${bad} unreadable lines skipped` : ''}${missing.length ? `; no IPv4 ranges for AS${missing.join(', AS')}` : ''}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
