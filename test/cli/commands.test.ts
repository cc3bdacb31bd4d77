// The command surface (docs/CLI.md): every command's --help describes every option its parser
// accepts (the list comes from the command module's `options`, the object its parseArgs takes),
// `help CMD`, --version, "did you mean" for commands and options, shell completion, `query -f -`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/shared.js';
import { COMMANDS, load } from '../../src/cli/main.js';
import { editDistance, suggest } from '../../src/cli/suggest.js';
import { unknownOption } from '../../src/cli/argv-check.js';

function cli(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e',
    `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
  { cwd: ROOT, encoding: 'utf8', ...(input !== undefined ? { input } : {}), env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('every command exports its option table, and its --help describes each option on a line of its own', async () => {
  for (const name of COMMANDS) {
    const mod = await load(name);
    assert.ok(mod?.options, `${name}: no exported options`);
    const r = cli([name, '--help']);
    assert.equal(r.code, 0, `${name} --help: ${r.err}`);
    for (const [opt, def] of Object.entries(mod.options)) {
      // A description line: the option first on its line (after -x, when it has a short form),
      // followed by text, not the [--opt] of the usage synopsis.
      const re = new RegExp(`^ +(-\\w, )?--${opt}\\b[^\\n]*? {2,}\\S|^ +(-\\w, )?--${opt}\\b[^\\n]*\\n {6,}\\S`, 'm');
      assert.match(r.out, re, `${name} --help does not describe --${opt}`);
      if (def.short) assert.match(r.out, new RegExp(`-${def.short}, --${opt}\\b`), `${name} --help does not show -${def.short}`);
    }
  }
});

test('help CMD prints the command\'s help; the general help lists every command, --help and --version', () => {
  for (const name of ['query', 'tables']) assert.equal(cli(['help', name]).out, cli([name, '--help']).out);
  const general = cli(['--help']);
  for (const name of COMMANDS) assert.match(general.out, new RegExp(`^  ${name} `, 'm'));
  assert.match(general.out, /^ {2}-V, --version /m);
  assert.match(general.out, /^ {2}-h, --help /m);
  assert.equal(cli(['--version']).out, 'cloudhop 0.1.0\n');
});

test('did you mean: unknown commands and options get the nearest names, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['qury', 'print 1'], /^cloudhop: unknown command 'qury' \(did you mean query\?\)/],
    [['detetc'], /^cloudhop: unknown command 'detetc' \(did you mean detect\?\)/],
    [['lint'], /^cloudhop: unknown command 'lint' \(did you mean lint-rules\?\)/],
    [['hnt'], /^cloudhop: unknown command 'hnt' \(did you mean hunt\?\)/],
    [['query', '--lmit', '3', 'print 1'], /^cloudhop query: unknown option '--lmit' \(did you mean --limit\?\)/],
    [['detect', '--min-sevrity', 'High'], /^cloudhop detect: unknown option '--min-sevrity' \(did you mean --min-severity\?\)/],
    [['query', '--formt', 'csv', 'print 1'], /^cloudhop query: unknown option '--formt' \(did you mean --format\?\)/],
    [['tables', '--colums'], /^cloudhop tables: unknown option '--colums' \(did you mean --columns\?\)/],
    [['query', '--zzzzzz', 'print 1'], /^cloudhop query: unknown option '--zzzzzz'\. Run 'cloudhop query --help'/],
    [['xyzzy'], /^cloudhop: unknown command 'xyzzy'\. Run/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re);
  }
  // A query text that starts with -- is a value, not an option.
  assert.equal(unknownOption(['--format', 'csv', '-f', 'x.kql'], { format: { type: 'string' }, file: { type: 'string', short: 'f' } }), undefined);
  assert.equal(unknownOption(['--', '--anything'], {}), undefined);
  assert.equal(editDistance('detetc', 'detect'), 1);
  assert.deepEqual(suggest('exprot', ['export', 'explain', 'query']), ['export']);
});

test('query -f - reads the query from standard input; errors point at <stdin>:line:col', () => {
  const ok = cli(['query', '--format', 'csv', '-f', '-'], 'print a = 1, b = "x"\n');
  assert.equal(ok.code, 0, ok.err);
  assert.equal(ok.out, 'a,b\n1,x\n');
  const bad = cli(['query', '-f', '-'], 'print a =\n');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^<stdin>:\d+:\d+: error KQL/m);
  const ex = cli(['explain', '-f', '-'], 'print 1');
  assert.equal(ex.code, 0, ex.err);
});

test('completion bash|zsh|fish: scripts name every command and every option; bash parses', () => {
  const bash = cli(['completion', 'bash']);
  assert.equal(bash.code, 0, bash.err);
  const syntax = spawnSync('bash', ['-n'], { input: bash.out, encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  const zsh = cli(['completion', 'zsh']).out, fish = cli(['completion', 'fish']).out;
  assert.match(zsh, /^#compdef cloudhop\n/);
  for (const name of COMMANDS) {
    assert.match(bash.out, new RegExp(`\\b${name}\\b`));
    assert.match(zsh, new RegExp(`'${name}:`));
    assert.match(fish, new RegExp(`-a '${name}'`));
  }
  for (const opt of ['--min-severity', '--include', '--no-color', '--limit']) assert.ok(bash.out.includes(opt), opt);
  assert.match(fish, /__fish_seen_subcommand_from detect' -l min-severity -r/);
  assert.match(bash.out, /sync-account-profile/, 'hunt names complete');
  // Completion in a real bash: `cloudhop det<TAB>` and `cloudhop detect --min<TAB>`.
  const run = spawnSync('bash', ['-c', `${bash.out}\nCOMP_WORDS=(cloudhop det); COMP_CWORD=1; _cloudhop; echo "\${COMPREPLY[@]}"; COMP_WORDS=(cloudhop detect --min); COMP_CWORD=2; _cloudhop; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  assert.equal(run.stdout, 'detect\n--min-severity\n');
  assert.equal(cli(['completion', 'powershell']).code, 2);
});

test('hunt: lists the shipped hunting queries; an unknown NAME is bad usage with a suggestion', () => {
  const list = cli(['hunt']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^ {2}sync-account-profile {2,}directory-synchronization \(Sync_\*\) account profile$/m);
  const typo = cli(['hunt', 'sync-acount', '--data', join(ROOT, 'test/kql/exec/fixtures/data')]);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /no hunt named 'sync-acount' \(did you mean sync-account-profile\?\)/);
  // A hunt over data without one of its tables: the KQL error, then which tables the data holds.
  const missing = cli(['hunt', 'sync-account-profile', '--data', join(ROOT, 'test/kql/exec/fixtures/data')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /sync-account-profile\.yaml:\d+:\d+: error KQL101: Unknown table 'AADNonInteractiveUserSignInLogs'/);
  assert.match(missing.err, /^cloudhop hunt: the data holds DeviceProcessEvents, SigninLogs: add exports of the tables named above$/m);
});
