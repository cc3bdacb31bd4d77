import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { lintPack, builtinRulesDir, formatProblem, sortProblems, loadEngine, loadWatchlistDir, type Problem } from '../../detect/index.js';
import { parseTestFile, packRootsOf } from '../../detect/rule-tests.js';
import { missingPath } from '../paths.js';
import { escapeTerminal } from '../terminal-text.js';

export const summary = 'check rule files: Sentinel schema and limits, queries bound against their tables';

const USAGE = `usage: cloudhop lint-rules [DIR|FILE]... [--format text|json] [--strict]
Checks every rule (Sentinel analytic-rule / hunting-query YAML), test file and watchlist under DIR
(default: the built-in pack). All problems are printed as file:line:col. Exit 1 on any error
(with --strict, on any warning too).
  --format FMT  text (file:line:col lines, the default) or json
  --strict      warnings fail too (exit 1)
  -h, --help    this help
`;

export const options = { format: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) { process.stderr.write(`cloudhop lint-rules: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const format = a.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') { process.stderr.write('cloudhop lint-rules: --format is text or json\n'); return 2; }
  const paths = a.positionals.length ? a.positionals : [builtinRulesDir()];
  const missing = missingPath('', paths);
  if (missing) { process.stderr.write(`cloudhop lint-rules: ${missing}\n`); return 2; }
  let engine;
  try { engine = await loadEngine(); } catch (e) { process.stderr.write(`cloudhop lint-rules: ${(e as Error).message}\n`); return 1; }
  const { pack, problems } = lintPack(paths, engine);
  const all: Problem[] = [...problems];
  for (const tf of pack.testFiles) {
    const display = relative(process.cwd(), tf).startsWith('..') ? tf : relative(process.cwd(), tf);
    try { all.push(...parseTestFile(tf, readFileSync(tf, 'utf8'), display, packRootsOf(tf, paths)).problems); } catch (e) {
      all.push({ file: display, line: 1, col: 1, severity: 'error', code: 'TEST000', message: (e as Error).message });
    }
  }
  for (const d of pack.watchlistDirs) loadWatchlistDir(d, all);
  const sorted = sortProblems(all);
  const errors = sorted.filter((p) => p.severity === 'error').length, warnings = sorted.length - errors;
  if (format === 'json') process.stdout.write(JSON.stringify({ files: pack.files.length, rules: pack.rules.length, hunting: pack.hunting.length, tests: pack.testFiles.length, errors, warnings, problems: sorted }) + '\n');
  else {
    for (const p of sorted) process.stdout.write(escapeTerminal(formatProblem(p)) + '\n');
    process.stdout.write(`${pack.files.length} file(s): ${pack.rules.length} analytic rule(s) and ${pack.hunting.length} hunting quer${pack.hunting.length === 1 ? 'y' : 'ies'} loaded, ${pack.testFiles.length} test file(s); ${errors} error(s), ${warnings} warning(s)\n`);
  }
  if (pack.files.length === 0) { process.stderr.write(`cloudhop lint-rules: no rule files under ${paths.join(', ')}\n`); return 2; }
  return errors > 0 || (a.values.strict && warnings > 0) ? 1 : 0;
}
