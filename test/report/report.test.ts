import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esc, renderReport, type ReportAlert } from '../../src/report/html.js';
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

test('report is self-contained and shows log text as text', () => {
  const html = fixtureReport();
  assert.ok(!html.includes('<img'), 'an <img> element made it into the report');
  assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;'));
  assert.ok(!html.includes('<script>window.__pwned'), 'injected script element');
  assert.equal(html.match(/<script/g)?.length, 1, 'exactly one (own) script element');
  assert.ok(!/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i.test(html), 'reference to the network');
  assert.ok(!/@import|url\(/i.test(html), 'CSS loading something');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[A-Za-z0-9+/=]+'"/);
  assert.match(html, /<svg class="timeline"/);
  assert.match(html, /<svg class="graph"/);
  assert.ok(html.includes('fixture &lt;report&gt;'));
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

test('baseline rules stay in the matrix but out of the overview timeline, listed last', () => {
  const alerts = readFileSync(join(FIX, 'alerts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ReportAlert);
  const base = alerts[2]!.ruleName; // the AWS rule's own incident
  const html = renderReport({ alerts, incidents: incidentsFromAlerts(alerts), baselineRules: [base] });
  assert.match(html, /Baseline rules left out: 1 alert\(s\)\./);
  const overview = html.slice(html.indexOf('id="overview"'), html.indexOf('id="incidents"'));
  assert.ok(!overview.includes('Instance role batch-worker-role'), 'baseline alert in the overview');
  assert.ok(html.indexOf('Baseline rule (1 incident)') < html.indexOf('Instance role batch-worker-role used from'), 'baseline incident not last');
});
