import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseTestFile, judge } from '../../src/detect/rule-tests.js';
import { ROOT } from './cli.js';

// The rule-test file format (docs/rules-format.md §5): problems point at file:line:col.
const FILE = join(ROOT, 'test/detect/fixtures/cli-pack/successful-signin.tests.yaml');

test('malformed test cases are reported with line:col, good cases still parse', () => {
  const text = [
    'cases:',
    '  - name: unknown column',
    '    now: 2024-06-15T11:00:00Z',
    '    tables:',
    '      SigninLogs:',
    '        - { TimeGenerated: now-1m, UserPrincipleName: x }',
    '    expect: { alerts: 0 }',
    '  - name: bad relative time and value',
    '    now: 2024-06-15T11:00:00Z',
    '    tables:',
    '      SigninLogs:',
    '        - { TimeGenerated: now-1fortnight, DurationMs: lots }',
    '    expect: { alerts: 0 }',
    '  - name: no expectation',
    '    now: 2024-06-15T11:00:00Z',
    '  - name: custom table typed from its rows',
    '    now: 2024-06-15T11:00:00Z',
    '    tables:',
    '      MyApp_CL:',
    '        - { TimeGenerated: now-5m, Count: 3, Ok: true, Extra: { a: 1 } }',
    '    expect: { alerts: 1, colour: red }',
    '  - name: fine',
    '    kind: true-negative',
    '    now: 2024-06-15T11:00:00Z',
    '    expect: { alerts: 0 }',
  ].join('\n');
  const r = parseTestFile(FILE, text, 'x.tests.yaml');
  assert.deepEqual(r.problems.map((p) => `${p.line}:${p.col} ${p.code}`), ['6:36 TEST012', '12:28 TEST013', '12:56 TEST013', '14:5 TEST020', '21:26 TEST021']);
  assert.deepEqual(r.cases.map((c) => c.name), ['fine']);
});

test('unknown tables take their columns and types from the rows', () => {
  const text = ['cases:', '  - name: custom', '    now: 2024-06-15T11:00:00Z', '    tables:', '      MyApp_CL:',
    '        - { TimeGenerated: now-5m, Count: 3, Ok: true, Extra: { a: 1 } }', '    expect: { alerts: 1 }'].join('\n');
  const r = parseTestFile(FILE, text, 'x.tests.yaml');
  assert.deepEqual(r.problems, []);
  const t = r.cases[0]!.tables.get('MyApp_CL')!;
  assert.deepEqual(t.fields.map((f) => `${f.name}:${f.column.type}`), ['TimeGenerated:datetime', 'Count:long', 'Ok:bool', 'Extra:dynamic']);
  assert.equal(t.fields[0]!.column.get(0), 1718449200_0000000 - 5 * 60 * 10_000_000);
});

test('judge: counts, severity, entities (partial, case-insensitive), custom details, distinct matches', () => {
  const alert = (sev: string, name: string, cd: Record<string, unknown>) => ({
    alertId: name, ruleId: 'r', ruleName: 'r', severity: sev, confidence: null, tactics: ['LateralMovement'], techniques: [], timeGenerated: '', startTime: '', endTime: '',
    title: `t ${name}`, description: 'd', entities: [{ type: 'account', name, upnSuffix: 'Contoso.com' }], customDetails: cd, evidence: [], incidentId: null,
  });
  const alerts = [alert('High', 'alice', { Country: 'RO' }), alert('High', 'bob', { Country: ['FR', 'DE'] })];
  assert.deepEqual(judge({ alerts: 2, severity: 'high', entities: [{ type: 'account', name: 'ALICE', upnSuffix: 'contoso.com' }], customDetails: { Country: 'DE' },
    matches: [{ title: 't bob' }, { entities: [{ type: 'account', name: 'alice' }] }] }, alerts, 2), []);
  assert.deepEqual(judge({ alerts: 1, matches: [{ title: 't bob' }, { title: 't bob' }] }, alerts, 2), ['2 alert(s), expected 1', 'the expected alerts in `matches` cannot each match a distinct alert']);
});
