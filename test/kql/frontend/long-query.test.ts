/**
 * A 200-line query: clean as written; an error placed on any line is reported at that line and
 * column (acceptance 4 of issue 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/kql/check.js';
import { builtinCatalog } from '../../../src/store/schemas/index.js';

const catalog = builtinCatalog();

/** Builds a 200-line query: lets, a long where chain, extends, a union and a summarize. */
function longQuery(): string[] {
  const lines: string[] = [
    '// 200-line detection used to test error positions',
    'let lookback = 24h;',
    'let apps = dynamic(["Azure Portal", "Microsoft Graph", "Azure CLI"]);',
    'let risky = (level: string) { level in ("medium", "high") };',
    'SigninLogs',
    '| where TimeGenerated > ago(lookback)',
  ];
  let i = 0;
  while (lines.length < 160) {
    i++;
    lines.push(`| where UserPrincipalName !has "svc${i}" or AppDisplayName in (apps) // filter ${i}`);
    lines.push(`| extend Score${i} = iff(risky(RiskLevelDuringSignIn), ${i}, 0)`);
  }
  lines.push('| union (');
  lines.push('    AuditLogs');
  lines.push('    | where OperationName has "Add member to role"');
  lines.push('    | extend UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName)');
  lines.push('    | project TimeGenerated, UserPrincipalName, OperationName');
  lines.push('  )');
  while (lines.length < 198) lines.push(`| where isnotempty(UserPrincipalName) // padding ${lines.length}`);
  lines.push('| summarize Events = count(), First = min(TimeGenerated) by UserPrincipalName');
  lines.push('| sort by Events desc');
  return lines;
}

test('the 200-line query checks clean', () => {
  const lines = longQuery();
  assert.equal(lines.length, 200);
  const r = check(lines.join('\n'), { catalog });
  assert.deepEqual(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`), []);
  assert.deepEqual(r.schema?.map((c) => c.name), ['UserPrincipalName', 'Events', 'First']);
});

test('an error on any line is reported at its line and column', () => {
  const base = longQuery();
  // [line (1-based), replace this text, by this, expected code, expected column of the error]
  const edits: [number, string, string, string][] = [];
  for (let line = 7; line <= 200; line += 7) {
    const text = base[line - 1]!;
    if (text.includes('UserPrincipalName')) edits.push([line, 'UserPrincipalName', 'UserPrincipleName', 'KQL100']);
    else if (text.includes('TimeGenerated')) edits.push([line, 'TimeGenerated', 'TimeGenrated', 'KQL100']);
    else if (text.includes('iff(')) edits.push([line, 'iff(', 'iif2(', 'KQL102']);
  }
  assert.ok(edits.length >= 20);
  for (const [line, from, to, code] of edits) {
    const lines = [...base];
    const col = lines[line - 1]!.indexOf(from) + 1;
    lines[line - 1] = lines[line - 1]!.replace(from, to);
    const r = check(lines.join('\n'), { catalog });
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errs.length >= 1, true, `line ${line}: no error`);
    assert.deepEqual([errs[0]!.code, errs[0]!.line, errs[0]!.col], [code, line, col], `line ${line}: ${errs[0]!.message}`);
  }
});

test('syntax errors deep in the query point at the right place', () => {
  const base = longQuery();
  const cases: [number, (s: string) => string, string, (s: string) => number][] = [
    [51, (s) => s.replace('| where', '| whre'), 'KQL004', () => 3],
    [121, (s) => s.replace(' or ', ' or ('), 'KQL009', (s) => s.indexOf(' or (') + 5],
    [200, (s) => s.replace('| sort by', '| sort'), 'KQL003', () => 8],
  ];
  for (const [line, edit, code, colOf] of cases) {
    const lines = [...base];
    lines[line - 1] = edit(lines[line - 1]!);
    const r = check(lines.join('\n'), { catalog });
    const d = r.diagnostics[0]!;
    assert.deepEqual([d.code, d.line, d.col], [code, line, colOf(lines[line - 1]!)], d.message);
  }
});
