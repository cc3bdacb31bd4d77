// The native JSON-lines reader (native/jsonl.c) takes the plain lines of a known table's file and
// leaves every other line to the JavaScript reader: the tables, every value (numbers compared
// bit for bit), the quarantine and the report must be exactly what the JavaScript reader alone
// gives — on plain lines, on lines that differ from them in every way we could think of, with one
// thread and with worker threads. Skips (visibly) where the addon was not built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTables, type LoadResult } from '../../src/ingest/load.js';
import { nativeAvailable } from '../../src/ingest/native.js';
import { dpeRow } from '../store/gen-dpe.js';

let seed = 5;
const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };

/** Lines for DeviceProcessEvents: mostly plain, the rest each off the plain path in one way. */
function dpeLines(n: number): string[] {
  const odd: ((i: number) => string)[] = [
    (i) => dpeRow(i).replace('"ProcessCommandLine":"', '"ProcessCommandLine":"tab\\there \\"q\\" back\\\\slash \\/ \\u0041 '),
    (i) => dpeRow(i).replace('"AccountName":"', '"AccountName":"é-'),
    (i) => dpeRow(i).replace('"AccountName":"', '"AccountName":"\\u00e9\\ud83d\\ude00'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":12.5'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":1e3'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":-0'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":123456789012345678901'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":"42"'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":9007199254740991'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":9007199254740993'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":-9007199254740992'),
    (i) => dpeRow(i).replace('"DeviceName":"', '"DeviceName":"x","devicename":"'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":01'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":null'),
    (i) => dpeRow(i).replace(/"ProcessId":\d+/, '"ProcessId":true'),
    (i) => dpeRow(i).replace('"IsProcessRemoteSession":', '"_BilledSize":1.5e-3,"FileSize":-12,"IsProcessRemoteSession":'),
    (i) => dpeRow(i).replace(/"IsProcessRemoteSession":(true|false)/, '"IsProcessRemoteSession":1'),
    (i) => dpeRow(i).replace(/"IsProcessRemoteSession":(true|false)/, '"IsProcessRemoteSession":null'),
    (i) => dpeRow(i).replace('"DeviceName":"', '"DeviceName":"","devicename":"'),
    (i) => dpeRow(i).replace('"DeviceName":"', '"DeviceName":"first","DeviceName":"'),
    (i) => dpeRow(i).replace('"DeviceName":"', '"DeviceName":"x","DeviceName":"'),
    (i) => dpeRow(i).replace('"ActionType":"ProcessCreated"', '"ActionType":"","ActionType":"ProcessCreated"'),
    (i) => dpeRow(i).replace('"ActionType":', '"NotAColumn":"x","ActionType":'),
    (i) => dpeRow(i).replace('"ActionType":', '"AdditionalFields":{"a":[1,2]},"ActionType":'),
    (i) => dpeRow(i).replace('"ActionType":', '"AdditionalFields":"{\\"a\\":1}","ActionType":'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":"2024-02-30T00:00:00Z"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":"2024-06-01T00:00:00.123456789Z"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":"2024-06-01T00:00:00.12345678Z"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":"2024-06-01T00:00:00.Z"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":"2024-06-01T00:00:00+02:00"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":"0001-01-01T00:00:00Z"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":""'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+"/, '"Timestamp":null,"TimeGenerated":"2024-06-01T01:02:03.5Z"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+",/, ''),
    (i) => dpeRow(i).replace(/"Timestamp":"([^"]+)"/, '"TimeGenerated":"$1","ProcessCreationTime":"$1"'),
    (i) => dpeRow(i).replace(/"Timestamp":"[^"]+",/, '"TimeGenerated":"2024-06-01T00:00:00Z","Timestamp":"2024-06-01T00:00:01Z",'),
    (i) => dpeRow(i).replace('{', '{ ').replace(/":"/g, '": "'),
    (i) => dpeRow(i) + ' ',
    (i) => dpeRow(i) + 'x',
    (i) => dpeRow(i).slice(0, -10),
    () => '{}',
    () => '[1, 2]',
    () => '',
    () => '   ',
    (i) => JSON.stringify({ eventTime: '2024-06-01T00:00:00Z', eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', n: i }),
    (i) => dpeRow(i).replace('"DeviceName":"', '"DeviceName":"ctl\u0001'),
    (i) => dpeRow(i).replace('"DeviceName":"', '"Device\\u004eame":"'),
  ];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(rnd(4) === 0 ? odd[rnd(odd.length)]!(i) : dpeRow(i));
  return lines;
}

function signinLines(n: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, unknown> = { TimeGenerated: `2024-06-01T00:${String(i % 60).padStart(2, '0')}:00Z`, UserPrincipalName: `u${i % 50}@contoso.com`, ResultType: String(i % 3), IsInteractive: i % 2 === 0, _BilledSize: i / 7, RiskLevelDuringSignIn: ['none', 'low', 'high'][i % 3], LocationDetails: { city: `c${i % 5}` } };
    if (i % 5 === 0) delete r.LocationDetails;
    lines.push(JSON.stringify(r));
  }
  return lines;
}

/** Every table's columns with every value (numbers with Object.is), the report and quarantine. */
function exact(r: LoadResult): unknown {
  const tables: Record<string, unknown> = {};
  for (const [name, t] of [...r.tables].sort(([a], [b]) => a.localeCompare(b))) {
    tables[name] = {
      rowCount: t.rowCount,
      fields: t.fields.map((f) => {
        const vals: unknown[] = [];
        for (let i = 0; i < t.rowCount; i++) { const v = f.column.get(i); vals.push(typeof v === 'number' && Object.is(v, -0) ? '-0' : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v); }
        return { name: f.name, type: f.column.type, vals };
      }),
    };
  }
  const report = { ...r.report, files: r.report.files.map((f) => ({ ...f, file: f.file.split(/[\\/]/).pop(), tables: [...f.tables].sort() })), quarantine: r.report.quarantine.map((q) => ({ ...q, file: q.file.split(/[\\/]/).pop() })) };
  return { tables, report };
}

test('native JSON-lines reader: the same tables, values, quarantine and report as the JavaScript reader', { skip: nativeAvailable() ? false : 'native reader not built (npm run build:native)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-native-'));
  try {
    writeFileSync(join(dir, 'DeviceProcessEvents_1.jsonl'), dpeLines(6000).join('\n') + '\n');
    writeFileSync(join(dir, 'DeviceProcessEvents_2.jsonl'), dpeLines(3000).join('\r\n'));
    writeFileSync(join(dir, 'SigninLogs.jsonl'), signinLines(3000).join('\n') + '\n');
    for (const opts of [{ threads: 1 }, { threads: 2, parallelMinBytes: 1, parallelRangeBytes: 200_000 }, { threads: 1, maxRecordBytes: 500 }]) {
      const js = await loadTables([dir], { ...opts, native: false });
      const nat = await loadTables([dir], { ...opts, native: true });
      assert.deepEqual(exact(nat), exact(js), JSON.stringify(opts));
      assert.ok(js.report.quarantined > 100, 'the odd lines reach the quarantine');
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('native JSON-lines reader: randomly corrupted lines give what the JavaScript reader gives', { skip: nativeAvailable() ? false : 'native reader not built (npm run build:native)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-native-fuzz-'));
  const pool = ['"', '\\', '{', '}', ',', ':', '[', ']', ' ', 'n', 't', 'f', '0', '9', '-', '.', 'e', 'u', 'Z', 'T', '\u00e9', '\u0001', '\r'];
  try {
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      let s = dpeRow(i);
      const edits = rnd(3) === 0 ? 1 + rnd(3) : 0;
      for (let k = 0; k < edits; k++) {
        const at = rnd(s.length);
        const what = rnd(3);
        if (what === 0) s = s.slice(0, at) + pool[rnd(pool.length)]! + s.slice(at + 1);
        else if (what === 1) s = s.slice(0, at) + pool[rnd(pool.length)]! + s.slice(at);
        else s = s.slice(0, at) + s.slice(at + 1 + rnd(4));
      }
      lines.push(s);
    }
    writeFileSync(join(dir, 'DeviceProcessEvents.jsonl'), lines.join('\n') + '\n');
    const js = await loadTables([dir], { threads: 1, native: false });
    const nat = await loadTables([dir], { threads: 1, native: true });
    assert.deepEqual(exact(nat), exact(js));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
