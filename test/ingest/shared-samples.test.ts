// ../shared/samples (real Log Analytics portal exports): 0 quarantined, correct types, datetimes
// equal the exported instants, dynamics parsed. Every non-empty value is compared with
// test/fixtures/ingest/shared-samples/<file>.expected.json, and the key facts are asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTables } from '../../src/ingest/load.js';
import { parseIsoDatetime } from '../../src/kql/data/convert.js';
import { BUILTIN_TABLES } from '../../src/store/schemas/index.js';
import { snapshot, rowsOf, type Snapshot } from './snapshot.js';
import { ROOT, SHARED, needsShared } from '../helpers/shared.js';

const expDir = join(ROOT, 'test/fixtures/ingest/shared-samples');
const files = SHARED ? readdirSync(join(SHARED, 'samples')).filter((f) => f.endsWith('.csv')).sort() : [];

test('every shared sample ingests with 0 quarantined rows into its known table', needsShared, async () => {
  const { tables, report } = await loadTables([join(SHARED!, 'samples')]);
  assert.equal(report.quarantined, 0, JSON.stringify(report.quarantine));
  assert.deepEqual([...tables.keys()].sort(), ['AWSCloudTrail', 'AuditLogs', 'GCPAuditLogs', 'SigninLogs']);
  for (const [name, t] of tables) {
    const schema = BUILTIN_TABLES.get(name)!;
    for (const c of schema.columns) assert.equal(t.fields.find((f) => f.name === c.name)?.column.type, c.type, `${name}.${c.name}`);
  }
});

for (const f of files) {
  test(`shared sample ${f} matches its expected rows`, needsShared, async () => {
    const { tables, report } = await loadTables([join(SHARED!, 'samples', f)]);
    const expected = JSON.parse(readFileSync(join(expDir, `${f}.expected.json`), 'utf8')) as Snapshot;
    assert.deepEqual(snapshot(tables, report), expected);
  });
}

test('portal locale datetimes: month-first with AM/PM, day-first 24-hour', needsShared, async () => {
  const { tables } = await loadTables([join(SHARED!, 'samples')]);
  const signin = rowsOf(tables.get('SigninLogs')!).rows;
  assert.equal(signin[0]!.CreatedDateTime, '2021-04-28T14:08:45.2210000Z'); // "4/28/2021, 2:08:45.221 PM"
  assert.equal(signin[0]!.TimeGenerated, signin[0]!.CreatedDateTime);
  const aws = rowsOf(tables.get('AWSCloudTrail')!).rows;
  assert.equal(aws[0]!.TimeGenerated, '2025-04-21T09:45:54.0000000Z'); // "21/04/2025, 09:45:54.000"
  assert.equal(aws[5]!.TimeGenerated, '2025-04-02T10:13:15.0000000Z'); // "02/04/2025": day-first, decided by the file's 21/04
  const gcp = rowsOf(tables.get('GCPAuditLogs')!).rows;
  // "1/9/2026, 9:04:00.670 AM" is ambiguous alone; the 12-hour clock says month-first. The request's own
  // ISO time inside RequestMetadata confirms it: the event is within seconds of it.
  for (const r of gcp) {
    const inner = parseIsoDatetime(((r.RequestMetadata as any).requestAttributes.time) as string)!;
    const ts = parseIsoDatetime(r.Timestamp as string)!;
    assert.ok(Math.abs(ts - inner) < 10 * 10_000_000, `${r.Timestamp} vs ${(r.RequestMetadata as any).requestAttributes.time}`);
  }
});

test('dynamic cells are parsed; _dynamic/_string pairs fold; multi-line cells survive', needsShared, async () => {
  const { tables } = await loadTables([join(SHARED!, 'samples')]);
  const s = rowsOf(tables.get('SigninLogs')!).rows[0]!;
  assert.deepEqual((s.LocationDetails as any).geoCoordinates, { longitude: 34.79964828491211, latitude: 32.02956008911133 });
  assert.equal((s.DeviceDetail as any).browser, 'Edge 90.0.818');
  assert.equal((s.Status as any).errorCode, 0);
  assert.ok(Array.isArray(s.ConditionalAccessPolicies));
  assert.match(s.AuthenticationDetails as string, /\n {4}"authenticationMethod": "Previously satisfied"/);
  const t = tables.get('SigninLogs')!;
  assert.ok(!t.fields.some((f) => /_(dynamic|string)$/.test(f.name)), 'pairs folded');
  const a = rowsOf(tables.get('AuditLogs')!).rows[0]!;
  assert.equal((a.InitiatedBy as any).user.ipAddress, '185.20.35.69');
  assert.equal((a.TargetResources as any)[0].displayName, 'EntApp02');
});
