/** `cloudhop explain (KQL | -f FILE)` — prints the query plan as indented text. Exit 1 on a KQL error. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { explain } from '../../kql/explain.js';
import { renderDiagnostics } from '../../kql/diagnostics/render.js';

export const summary = 'print the query plan of a KQL query as indented text';
const USAGE = `usage: cloudhop explain (KQL | -f FILE)
Prints the plan the engine runs for the query (operators, pushed-down filters), without data.
  -f, --file FILE  read the query from FILE ('-': standard input)
  -h, --help       this help`;

export const options = { file: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (e) { process.stderr.write(`cloudhop explain: ${(e as Error).message}\n${USAGE}\n`); return 2; }
  if (args.values.help) { process.stdout.write(USAGE + '\n'); return 0; }
  let text: string; let source = '<query>';
  if (args.values.file !== undefined) {
    if (args.positionals.length) { process.stderr.write(`cloudhop explain: give a query or -f, not both\n${USAGE}\n`); return 2; }
    try { text = readFileSync(args.values.file === '-' ? 0 : args.values.file, 'utf8'); source = args.values.file === '-' ? '<stdin>' : args.values.file; }
    catch (e) { process.stderr.write(`cloudhop explain: cannot read ${args.values.file}: ${(e as Error).message}\n`); return 2; }
  } else if (args.positionals.length === 1) text = args.positionals[0]!;
  else { process.stderr.write(`cloudhop explain: give one query\n${USAGE}\n`); return 2; }
  const r = explain(text);
  if (!r.ok) { process.stderr.write(renderDiagnostics(source, text, r.diagnostics) + '\n'); return 1; }
  process.stdout.write(r.text + '\n');
  return 0;
}
