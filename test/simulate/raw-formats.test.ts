import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/simulate/index.js';
import { loadTables } from '../../src/ingest/load.js';
import type { Table } from '../../src/kql/data/column.js';

// End to end through the real loader: the raw export formats hold the same data as the JSONL
// output of the same seed (counts per table and the values rules key on).
const KEY_COLUMNS: Record<string, string[]> = {
  SigninLogs: ['TimeGenerated', 'UserPrincipalName', 'IPAddress', 'AppId', 'ResultType', 'IsInteractive', 'RiskLevelDuringSignIn', 'UserAgent', 'Location'],
  AADNonInteractiveUserSignInLogs: ['TimeGenerated', 'UserPrincipalName', 'IPAddress', 'AppDisplayName', 'ResultType'],
  AuditLogs: ['TimeGenerated', 'OperationName', 'Category', 'Result'],
  AWSCloudTrail: ['TimeGenerated', 'EventName', 'EventSource', 'UserIdentityType', 'UserIdentityArn', 'UserIdentityPrincipalid', 'SourceIpAddress', 'UserAgent', 'SessionIssuerUserName', 'ErrorCode', 'EC2RoleDelivery'],
  GCPAuditLogs: ['Timestamp', 'MethodName', 'PrincipalEmail', 'ServiceName', 'ProjectId'],
  DeviceProcessEvents: ['Timestamp', 'TimeGenerated', 'DeviceName', 'AccountName', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName'],
  AADServicePrincipalSignInLogs: ['TimeGenerated', 'ServicePrincipalName', 'ServicePrincipalId', 'AppId', 'IPAddress', 'ResultType', 'ServicePrincipalCredentialKeyId', 'ResourceDisplayName', 'Location'],
  AADManagedIdentitySignInLogs: ['TimeGenerated', 'ServicePrincipalName', 'AppId', 'IPAddress', 'ResultType', 'ResourceDisplayName', 'Location'],
};

function column(t: Table, name: string): string[] {
  const f = t.fields.find((x) => x.name === name);
  assert.ok(f, `${t.name}: no column ${name}`);
  const out: string[] = [];
  for (let i = 0; i < t.rowCount; i++) { const v = f.column.get(i); out.push(v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v)); }
  return out;
}

for (const raw of [['graph', 'cloudtrail', 'gcp', 'defender'], ['csv']] as const) {
  test(`raw formats (${raw.join(', ')}) load to the same tables as JSONL`, async () => {
    const a = mkdtempSync(join(tmpdir(), 'cloudhop-raw-a-')), b = mkdtempSync(join(tmpdir(), 'cloudhop-raw-b-'));
    try {
      const opts = { seed: 21, days: 3, scale: 3000 } as const;
      const ra = await simulate({ out: a, ...opts });
      const rb = await simulate({ out: b, ...opts, raw: [...raw] });
      if (raw.includes('graph')) assert.ok(existsSync(join(b, 'graph', 'signIns.json')));
      if (raw.includes('csv')) assert.ok(existsSync(join(b, 'la-export', 'SigninLogs.csv')));
      const la = await loadTables(ra.labels.files.map((f) => join(a, f)));
      const lb = await loadTables(rb.labels.files.map((f) => join(b, f)));
      assert.equal(la.report.quarantined, 0, JSON.stringify(la.report.quarantine.slice(0, 2)));
      assert.equal(lb.report.quarantined, 0, JSON.stringify(lb.report.quarantine.slice(0, 2)));
      for (const [table, cols] of Object.entries(KEY_COLUMNS)) {
        const ta = la.tables.get(table), tb = lb.tables.get(table);
        assert.ok(ta && tb, `${table} missing`);
        assert.equal(tb.rowCount, ta.rowCount, `${table} row count`);
        assert.equal(ta.rowCount, ra.labels.tables[table]);
        for (const c of cols) {
          const x = column(ta, c).sort(), y = column(tb, c).sort();
          assert.deepEqual(y, x, `${table}.${c} differs between JSONL and ${raw.join('/')}`);
        }
      }
    } finally { rmSync(a, { recursive: true, force: true }); rmSync(b, { recursive: true, force: true }); }
  });
}
