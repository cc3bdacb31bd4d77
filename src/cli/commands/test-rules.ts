import { parseArgs } from 'node:util';
import { builtinRulesDir, formatProblem, sortProblems, loadEngine } from '../../detect/index.js';
import { runRuleTests } from '../../detect/rule-tests.js';
import { missingPath } from '../paths.js';
import { escapeTerminal } from '../terminal-text.js';

export const summary = "run each rule's test file (input rows -> expected alerts) and print a table";

const USAGE = `usage: cloudhop test-rules [DIR|FILE]... [--format text|json] [--only TEXT]
Runs every <rule>.tests.yaml under DIR (default: the built-in pack); see docs/rules-format.md.
Exit 1 when a case fails or a test file is malformed.
  --format FMT  text (the default) or json
  --only TEXT   only the cases whose rule or case name contains TEXT
  -h, --help    this help
`;

export const options = { format: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) { process.stderr.write(`cloudhop test-rules: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const format = a.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') { process.stderr.write('cloudhop test-rules: --format is text or json\n'); return 2; }
  const missing = missingPath('', a.positionals);
  if (missing) { process.stderr.write(`cloudhop test-rules: ${missing}\n`); return 2; }
  let engine;
  try { engine = await loadEngine(); } catch (e) { process.stderr.write(`cloudhop test-rules: ${(e as Error).message}\n`); return 1; }
  const res = await runRuleTests(a.positionals.length ? a.positionals : [builtinRulesDir()], engine);
  const only = a.values.only?.toLowerCase();
  const cases = only ? res.cases.filter((c) => `${c.file} ${c.rule} ${c.name}`.toLowerCase().includes(only)) : res.cases;
  const failed = cases.filter((c) => !c.pass).length;
  const errors = res.problems.filter((p) => p.severity === 'error').length;
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ files: res.files, cases, problems: sortProblems(res.problems), passed: cases.length - failed, failed }) + '\n');
  } else {
    for (const p of sortProblems(res.problems)) process.stdout.write(escapeTerminal(formatProblem(p)) + '\n');
    const w = Math.min(48, Math.max(4, ...cases.map((c) => c.rule.length)));
    const cw = Math.min(60, Math.max(4, ...cases.map((c) => c.name.length)));
    const pad = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
    if (cases.length) process.stdout.write(`${pad('RESULT', 8)}${pad('RULE', w)}  ${pad('CASE', cw)}  ${pad('KIND', 15)}EXPECTED  ACTUAL\n`);
    for (const c of cases) {
      process.stdout.write(escapeTerminal(`${pad(c.pass ? 'PASS' : 'FAIL', 8)}${pad(c.rule, w)}  ${pad(c.name, cw)}  ${pad(c.kind, 15)}${pad(String(c.expectedAlerts), 10)}${c.actualAlerts}`) + '\n');
      for (const f of c.failures) process.stdout.write(escapeTerminal(`        ${c.file}:${c.line}: ${f}`) + '\n');
    }
    process.stdout.write(`${res.files} test file(s), ${cases.length} case(s): ${cases.length - failed} passed, ${failed} failed${errors ? `, ${errors} problem(s) in test files` : ''}\n`);
  }
  if (res.files === 0) { process.stderr.write(`cloudhop test-rules: no test files (*.tests.yaml) under ${(a.positionals.length ? a.positionals : [builtinRulesDir()]).join(', ')}\n`); return 2; }
  return failed > 0 || errors > 0 ? 1 : 0;
}
