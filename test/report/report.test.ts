import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esc, type ReportAlert } from '../../src/report/html.js';
import { buildPayload, EVIDENCE_ROWS_PER_ALERT, type Payload } from '../../src/report/payload.js';
import { neutralise, label } from '../../src/report/text.js';
import { run as reportCmd, incidentsFromAlerts } from '../../src/cli/commands/report.js';
import { fixtureReport } from './fixture.js';
import { scoreAlerts, evaluation } from '../../src/simulate/score.js';
import type { LabelsFile } from '../../src/simulate/index.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;

test('esc escapes the five HTML metacharacters', () => {
  assert.equal(esc(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  assert.equal(esc(null), '');
  assert.equal(esc({ a: '<b>' }), '{&quot;a&quot;:&quot;&lt;b&gt;&quot;}');
});

test('report is self-contained; log text travels as JSON data, never as markup', () => {
  const html = fixtureReport();
  assert.ok(!html.includes('<img'), 'an <img> element made it into the report');
  assert.ok(html.includes('\\u003cimg src=x onerror='), 'the injected HTML is in the data, escaped');
  assert.ok(!html.includes('<script>window.__pwned'), 'injected script element');
  assert.equal(html.match(/<script>/g)?.length, 1, 'exactly one (own) executable script');
  assert.equal(html.match(/<script type="application\/json" id="data">/g)?.length, 1, 'one data block');
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'a </script> inside the data would close the block early');
  assert.ok(!/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i.test(html), 'reference to the network');
  assert.ok(!/@import|url\(/i.test(html), 'CSS loading something');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[A-Za-z0-9+/=]+'"/);
  assert.ok(html.includes('fixture &lt;report&gt;'));
  const data = dataOf(html);
  assert.equal(data.al.length, 3);
});

test('scoring attributes alerts to scenarios; the matrix and verdicts reach the report', () => {
  const alerts = readFileSync(join(FIX, 'alerts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ReportAlert);
  const labels = JSON.parse(readFileSync(join(FIX, 'labels.json'), 'utf8')) as LabelsFile;
  const s = scoreAlerts(alerts, labels.scenarios);
  assert.deepEqual(s.attributions.map((x) => x.scenario), ['token-theft-replay', 'token-theft-replay', 'scattered-spider-ec2-creds']);
  assert.equal(s.detected, 2);
  assert.equal(s.attacks, 3);
  assert.equal(s.falsePositives, 0);
  assert.deepEqual(s.verdicts.find((v) => v.scenario === 'apt29-synced-admin')?.alerts, 0);
  const html = fixtureReport();
  assert.ok(html.includes('MISSED'));
  assert.ok(html.includes('az account get-access-token &lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('cloudhop report: bad lines are reported with file:line and skipped; output written', async () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudhop-report-'));
  const bad = join(d, 'alerts.jsonl');
  try {
    const good = readFileSync(join(FIX, 'alerts.jsonl'), 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, good + '{not json\n{"x":1}\n');
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    const origOut = process.stdout.write.bind(process.stdout);
    (process.stderr as unknown as { write: (s: string) => boolean }).write = (s: string) => { errs.push(s); return true; };
    (process.stdout as unknown as { write: (s: string) => boolean }).write = () => true;
    let code: number;
    try { code = await reportCmd(['--alerts', bad, '--labels', join(FIX, 'labels.json'), '--out', join(d, 'r.html')]); }
    finally { (process.stderr as unknown as { write: typeof orig }).write = orig; (process.stdout as unknown as { write: typeof origOut }).write = origOut; }
    assert.equal(code, 0);
    assert.ok(errs.some((e) => e.includes(`${bad}:4: not JSON`)), errs.join(''));
    assert.ok(errs.some((e) => e.includes(`${bad}:5: not an alert record`)), errs.join(''));
    const html = readFileSync(join(d, 'r.html'), 'utf8');
    assert.ok(html.includes('Rules × scenarios'));
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('baseline rules are flagged in the data (the page lists their incidents last)', () => {
  const alerts = readFileSync(join(FIX, 'alerts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ReportAlert);
  const base = alerts[2]!.ruleName;
  const p = buildPayload({ alerts, incidents: incidentsFromAlerts(alerts), baselineRules: [base] });
  assert.deepEqual(p.rules.map(([name, b]) => [p.s[name], b]), alerts.map((a) => [a.ruleName, a.ruleName === base ? 1 : 0]));
});

// Input text beside what the page shows.
test('bidi overrides and C0/C1 controls are neutralised; tab and newline kept', () => {
  const cases: [string, string][] = [
    ['invoice\u202Efdp.exe', 'invoice⟨U+202E⟩fdp.exe'],
    ['a\u202Ab\u202Bc\u202Cd\u202De', 'a⟨U+202A⟩b⟨U+202B⟩c⟨U+202C⟩d⟨U+202D⟩e'],
    ['\u2066x\u2067y\u2068z\u2069', '⟨U+2066⟩x⟨U+2067⟩y⟨U+2068⟩z⟨U+2069⟩'],
    ['bell\u0007 nul\u0000 esc\u001b[31m del\u007f', 'bell⟨U+0007⟩ nul⟨U+0000⟩ esc⟨U+001B⟩[31m del⟨U+007F⟩'],
    ['c1\u0085\u009b', 'c1⟨U+0085⟩⟨U+009B⟩'],
    ['line1\nline2\tcol', 'line1\nline2\tcol'],
    ['plain', 'plain'],
  ];
  for (const [input, shown] of cases) assert.equal(neutralise(input), shown, JSON.stringify(input));
  assert.equal(label('a\nb\t\u202Ec'), 'a b ⟨U+202E⟩c');
});

test('a JSON array inside a title reads as a list', () => {
  const cases: [string, string][] = [
    ['MFA fatigue against ida (8 failed prompts), then ["control-plane sign-in from a new device","Register device"]', 'MFA fatigue against ida (8 failed prompts), then control-plane sign-in from a new device, Register device'],
    ['Token theft: ["token used from a new IP"]', 'Token theft: token used from a new IP'],
    ['no array [here]', 'no array [here]'],
    ['escaped ["a \\"quoted\\" b", "c"]', 'escaped a "quoted" b, c'],
  ];
  for (const [input, shown] of cases) assert.equal(label(input), shown);
});

test('incident headers carry event times (the alerts\' evidence), not the rule run time', () => {
  const alert = (id: string, run: string, start: string, end: string): ReportAlert => ({
    alertId: id, ruleId: 'r', ruleName: 'R', severity: 'Medium', timeGenerated: run, startTime: start, endTime: end, entities: [], incidentId: 'inc-1',
  });
  const alerts = [alert('a1', '2026-11-18T00:00:00.0000000Z', '2026-11-17T20:52:03.0000000Z', '2026-11-17T21:08:51.0000000Z'),
    alert('a2', '2026-11-18T00:00:00.0000000Z', '2026-11-17T19:10:00.0000000Z', '2026-11-17T19:20:00.0000000Z')];
  const p = buildPayload({ alerts, incidents: incidentsFromAlerts(alerts) });
  const [inc] = p.inc;
  const iso = (t: unknown): string => new Date((t as number) * 1000).toISOString();
  assert.equal(iso(inc![4]), '2026-11-17T19:10:00.000Z', 'first event');
  assert.equal(iso(inc![5]), '2026-11-17T21:08:51.000Z', 'last event');
  assert.equal(iso(inc![6]), '2026-11-18T00:00:00.000Z', 'rule run (shown apart, labelled as such)');
});

test('no silent caps: every alert is in one incident; cut evidence is counted', () => {
  const rows = Array.from({ length: EVIDENCE_ROWS_PER_ALERT + 7 }, (_, i) => ({ TimeGenerated: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, N: i }));
  const alerts: ReportAlert[] = [
    { alertId: 'a1', ruleId: 'r', ruleName: 'R', severity: 'High', timeGenerated: '2026-01-01T01:00:00Z', startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:01:00Z', entities: [], incidentId: 'i1', evidence: rows },
    // An incident id the incidents do not know, and no incident at all: each still shows.
    { alertId: 'a2', ruleId: 'r', ruleName: 'R', severity: 'Low', timeGenerated: '2026-01-01T01:00:00Z', startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:01:00Z', entities: [], incidentId: 'unknown' },
    { alertId: 'a3', ruleId: 'r', ruleName: 'R', severity: 'Low', timeGenerated: '2026-01-01T01:00:00Z', startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:01:00Z', entities: [], incidentId: null },
  ];
  const p = buildPayload({ alerts, incidents: [{ incidentId: 'i1', title: 'T', ruleName: 'R', severity: 'High', firstAlertTime: '2026-01-01T01:00:00Z', lastAlertTime: '2026-01-01T01:00:00Z', alertIds: ['a1'] }] });
  assert.deepEqual(p.inc.map((i) => (i[8] as number[]).map((j) => p.al[j]![0])), [['a1'], ['a2'], ['a3']]);
  assert.equal((p.al[0]![12] as unknown[]).length, EVIDENCE_ROWS_PER_ALERT);
  assert.equal(p.al[0]![13], EVIDENCE_ROWS_PER_ALERT + 7);
  assert.deepEqual([p.limits.evidenceRowsShown, p.limits.evidenceRowsTotal, p.limits.alertsWithCutEvidence], [EVIDENCE_ROWS_PER_ALERT, EVIDENCE_ROWS_PER_ALERT + 7, 1]);
});

function dataOf(html: string): Payload {
  const m = /<script type="application\/json" id="data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'no data block');
  return JSON.parse(m[1]!) as Payload;
}
