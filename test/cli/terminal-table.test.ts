// Golden outputs of terminal tables (docs/CLI.md "Terminal output"): the query in
// test/fixtures/cli/table.kql rendered by the real CLI at widths 80 and 200, with and without
// colour, compared byte for byte with test/fixtures/cli/table-w<W>[-color].txt. The goldens show
// schema order, truncation with …, escaped control/bidi characters, CJK/emoji widths, severity
// colours. UPDATE_GOLDEN=1 rewrites them (then read the diff before committing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/shared.js';
import { renderTerminalTable, truncate } from '../../src/cli/terminal/table.js';
import { tableStyle } from '../../src/cli/terminal/style.js';

const FIX = join(ROOT, 'test/fixtures/cli');

function cli(args: string[], env: Record<string, string | undefined> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, COLUMNS: undefined, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

for (const width of [80, 200]) {
  for (const color of [false, true]) {
    const name = `table-w${width}${color ? '-color' : ''}.txt`;
    test(`query --format table --width ${width}${color ? ' --color' : ' (no colour)'} matches ${name}`, () => {
      const r = cli(['query', '--format', 'table', '--width', String(width), color ? '--color' : '--no-color', '-f', join(FIX, 'table.kql')]);
      assert.equal(r.code, 0, r.err);
      if (process.env.UPDATE_GOLDEN) writeFileSync(join(FIX, name), r.out);
      assert.equal(r.out, readFileSync(join(FIX, name), 'utf8'));
      for (const line of r.out.split('\n')) {
        // eslint-disable-next-line no-control-regex
        const plain = line.replace(/\x1b\[[\d;]*m/g, '');
        if (!plain.startsWith('(')) assert.ok([...plain].length <= width, `line wider than ${width}: ${plain}`);
      }
      // Only SGR colour sequences may reach the terminal; the log's own ESC is escaped.
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(r.out.replace(/\x1b\[(1|2|31|33|36|1;31|0)m/g, ''), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      if (!color) assert.doesNotMatch(r.out, /\x1b/);
    });
  }
}

test('schema order is kept: columns come out as the query declares them', () => {
  const r = cli(['query', '--no-color', '--width', '200', 'print Zulu = 1, Alpha = 2, Mike = 3']);
  assert.equal(r.out.split('\n')[0], 'Zulu  Alpha  Mike');
});

test('NO_COLOR and a pipe turn colour off; FORCE_COLOR and --color turn it on', () => {
  const q = 'print Severity = "High"';
  assert.doesNotMatch(cli(['query', q]).out, /\x1b/, 'piped: no colour');
  assert.match(cli(['query', q], { FORCE_COLOR: '1' }).out, /\x1b\[31mHigh\x1b\[0m/);
  assert.match(cli(['query', '--color', q], { NO_COLOR: '1' }).out, /\x1b\[31mHigh\x1b\[0m/, '--color is asked for: it wins over NO_COLOR');
  assert.doesNotMatch(cli(['query', '--no-color', q], { FORCE_COLOR: '1' }).out, /\x1b/);
  assert.doesNotMatch(cli(['query', q], { FORCE_COLOR: '1', NO_COLOR: '1' }).out, /\x1b/, 'NO_COLOR wins over FORCE_COLOR');
  assert.deepEqual(tableStyle({}, { env: { NO_COLOR: '1' }, isTTY: true, columns: 120 }), { width: 120, color: false, limit: 100, pager: true });
  assert.deepEqual(tableStyle({}, { env: { COLUMNS: '132' }, isTTY: false }), { width: 132, color: false, limit: 100, pager: false });
  assert.deepEqual(tableStyle({ 'no-pager': true }, { env: {}, isTTY: true, columns: 90 }), { width: 90, color: true, limit: 100, pager: false });
  assert.equal(tableStyle({ width: '5' }, { env: {}, isTTY: false }), '--width: at least 20 (or 0 for no limit)');
});

test('--limit: at most N rows, then a note with how many more and how to see them (default 100)', () => {
  const r = cli(['query', 'range i from 1 to 250 step 1']);
  const lines = r.out.trimEnd().split('\n');
  assert.equal(lines.length, 2 + 100 + 1);
  assert.equal(lines.at(-1), '… 150 more rows (250 rows in all; showing the first 100: --limit N shows more, --limit 0 all; --format csv or jsonl writes every row)');
  assert.equal(cli(['query', '--limit', '0', 'range i from 1 to 250 step 1']).out.trimEnd().split('\n').length, 2 + 250 + 1);
  assert.equal(cli(['query', '--format', 'csv', 'range i from 1 to 250 step 1']).out.trimEnd().split('\n').length, 251, 'csv: every row');
});

test('columns that cannot fit are left out with a note naming them; widths count CJK and emoji as two cells', () => {
  const t = { columns: Array.from({ length: 12 }, (_, i) => ({ name: `Column${i}`, type: 'string' as const })), rows: [Array.from({ length: 12 }, () => 'x'.repeat(30))] };
  const out = renderTerminalTable(t, { width: 80, color: false, limit: 10 });
  assert.match(out, /\(4 more columns not shown at width 80: Column8, Column9, Column10, Column11; project fewer columns, --width 0, or --format csv\)/);
  assert.equal(truncate('日本語テキスト', 7), '日本語…');
  assert.equal(truncate('ab🙂cd', 4), 'ab…');
});

test('render: timechart as sparklines, columnchart as bars, other kinds said not drawn; rows follow', () => {
  const time = cli(['query', '--no-color', 'range t from datetime(2026-01-01) to datetime(2026-01-08) step 1d | extend n = toint(dayofmonth(t)) | render timechart']);
  assert.match(time.out, /^render timechart \(8 points in time order\):\n {2}n {2}▁▂▃▄▅▆▇█ {2}min 1, max 8\n/);
  assert.match(time.out, /\(8 rows\)\n$/);
  const bars = cli(['query', '--no-color', 'datatable(App: string, n: long)["az", 10, "aws", 5] | render columnchart']);
  assert.match(bars.out, /^render columnchart \(n\):\n {2}az {3}█{50} 10\n {2}aws {2}█{25} 5\n/);
  const other = cli(['query', 'print x = 1 | render scatterchart']);
  assert.match(other.out, /^render scatterchart: not drawn in the terminal \(timechart, linechart, areachart, columnchart, barchart and piechart are\); the rows follow\n/);
  assert.doesNotMatch(cli(['query', '--format', 'json', 'print x = 1 | render timechart']).out, /render/, 'json output is data only');
});
