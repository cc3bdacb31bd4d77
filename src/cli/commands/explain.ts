/**
 * `cloudhop explain [--scan [--now ISO8601]] [--verbose] (KQL | -f FILE)` — prints the query plan as
 * indented text; --scan adds to each table reference the ScanRequest a store gets (columns, time
 * ranges); --verbose prints the plan as built and after each optimizer rule.
 * Exit 1 on a KQL error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { explain } from '../../kql/index.js';
import { parseIsoDatetime } from '../../kql/data.js';
import { renderDiagnostics } from '../../kql/index.js';
import { builtinCatalog } from '../../store/schemas/index.js';

export const summary = 'print the query plan of a KQL query as indented text';
const USAGE = `usage: cloudhop explain [--scan [--now ISO8601]] [--verbose] (KQL | -f FILE)
Prints the plan the engine runs for the query (operators, pushed-down filters), without data.
  -f, --file FILE  read the query from FILE ('-': standard input)
  --scan           also print what each table reference asks its store for: the columns it reads
                   and the time ranges of the where clauses above it
  --now ISO8601    with --scan: the value of now() the constants fold with (default: the clock)
  --verbose        the plan's output schema, then the plan as built and after each optimizer rule
  -h, --help       this help`;

export const options = { file: { type: 'string', short: 'f' }, scan: { type: 'boolean' }, now: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

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
  let now: number | undefined;
  if (args.values.now !== undefined) {
    const t = parseIsoDatetime(args.values.now);
    if (t === null) { process.stderr.write(`cloudhop explain: --now: not an ISO 8601 datetime: '${args.values.now}'\n${USAGE}\n`); return 2; }
    now = t;
  }
  const r = explain(text, { scan: args.values.scan === true, verbose: args.values.verbose === true, catalog: builtinCatalog([]), ...(now !== undefined ? { now } : {}) });
  if (!r.ok) { process.stderr.write(renderDiagnostics(source, text, r.diagnostics) + '\n'); return 1; }
  process.stdout.write(r.text + '\n');
  return 0;
}
