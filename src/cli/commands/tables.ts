import { parseArgs } from 'node:util';
import { formatDatetime } from '../../kql/data.js';
import { DEFAULT_WORKSPACE, WorkspaceError, readManifest } from '../../store/workspace.js';
import { escapeTerminal } from '../terminal-text.js';
import { KNOWN_TABLES } from '../../store/schemas/index.js';

export const summary = 'list the workspace\'s tables: row counts, time range, columns';

const USAGE = `usage: cloudhop tables [--workspace DIR] [--format text|json] [--columns] [--all]
Lists the workspace's tables: rows, time range, columns.
  -w, --workspace DIR  the workspace to list (default ${DEFAULT_WORKSPACE})
  --format FMT         text (the default) or json
  --columns            each table's columns and types
  --all                every table cloudhop knows (Log Analytics, Sentinel, Defender XDR), whether or
                       not the workspace holds rows of it: a query may name any of them
  -h, --help           this help
`;

export const options = { workspace: { type: 'string', short: 'w' }, format: { type: 'string' }, columns: { type: 'boolean' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, options });
  } catch (e) { process.stderr.write(`cloudhop tables: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const format = a.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') { process.stderr.write(`cloudhop tables: --format must be text or json\n`); return 2; }
  const dir = a.values.workspace ?? DEFAULT_WORKSPACE;
  if (a.values.all) return listKnown(dir, a.values.workspace !== undefined, format, a.values.columns === true);
  let m;
  try { m = readManifest(dir); } catch (e) { if (e instanceof WorkspaceError) { process.stderr.write(`cloudhop tables: ${e.message}\n`); return 1; } throw e; }
  if (!m) { process.stderr.write(`cloudhop tables: ${dir}: no workspace here (run 'cloudhop ingest PATH --workspace ${dir}')\n`); return 2; }
  const rows = Object.entries(m.tables).sort(([x], [y]) => x.localeCompare(y)).map(([name, e]) => {
    const count = e.segments.reduce((s, g) => s + g.rows, 0);
    const mins = e.segments.map((g) => g.minTime).filter((t): t is number => t !== null);
    const maxs = e.segments.map((g) => g.maxTime).filter((t): t is number => t !== null);
    return {
      table: name, rows: count,
      from: mins.length ? formatDatetime(Math.min(...mins)) : null,
      to: maxs.length ? formatDatetime(Math.max(...maxs)) : null,
      columns: e.columns,
    };
  });
  if (format === 'json') { process.stdout.write(JSON.stringify({ workspace: dir, generation: m.generation, tables: rows }) + '\n'); return 0; }
  const out: string[] = [];
  const w = Math.max(5, ...rows.map((r) => r.table.length));
  out.push(`${'table'.padEnd(w)}  ${'rows'.padStart(10)}  ${'from'.padEnd(28)}  ${'to'.padEnd(28)}  columns`);
  for (const r of rows) {
    out.push(`${r.table.padEnd(w)}  ${String(r.rows).padStart(10)}  ${(r.from ?? '-').padEnd(28)}  ${(r.to ?? '-').padEnd(28)}  ${r.columns.length}`);
    if (a.values.columns) out.push('    ' + r.columns.map((c) => `${c.name}:${c.type}`).join(', '));
  }
  if (!a.values.columns && rows.length > 0) {
    out.push('');
    for (const r of rows) out.push(`${r.table}: ${r.columns.map((c) => `${c.name}:${c.type}`).join(', ')}`);
  }
  process.stdout.write(escapeTerminal(out.join('\n')) + '\n');
  return 0;
}

/** `tables --all`: every known table, with the workspace's row counts where it has the table. */
function listKnown(dir: string, explicit: boolean, format: string, columns: boolean): number {
  let m;
  try { m = readManifest(dir); } catch (e) { if (e instanceof WorkspaceError) { process.stderr.write(`cloudhop tables: ${e.message}\n`); return 1; } throw e; }
  if (!m && explicit) { process.stderr.write(`cloudhop tables: ${dir}: no workspace here (run 'cloudhop ingest PATH --workspace ${dir}')\n`); return 2; }
  const rowsOf = (n: string): number => m?.tables[n]?.segments.reduce((s, g) => s + g.rows, 0) ?? 0;
  const names = [...new Set([...KNOWN_TABLES.keys(), ...Object.keys(m?.tables ?? {})])].sort((x, y) => x.localeCompare(y));
  const rows = names.map((n) => {
    const cols = KNOWN_TABLES.get(n)?.columns.map((c) => ({ name: c.name, type: c.type })) ?? m!.tables[n]!.columns;
    return { table: n, rows: rowsOf(n), known: KNOWN_TABLES.has(n), columns: cols };
  });
  if (format === 'json') { process.stdout.write(JSON.stringify({ workspace: m ? dir : null, tables: rows }) + '\n'); return 0; }
  const w = Math.max(5, ...rows.map((r) => r.table.length));
  const out = [`${'table'.padEnd(w)}  ${'rows'.padStart(10)}  columns`];
  for (const r of rows) {
    out.push(`${r.table.padEnd(w)}  ${String(r.rows).padStart(10)}  ${r.columns.length}${r.known ? '' : '  (not a known table: from the data)'}`);
    if (columns) out.push('    ' + r.columns.map((c) => `${c.name}:${c.type}`).join(', '));
  }
  out.push('', `${rows.length} tables (${rows.filter((r) => r.rows > 0).length} with rows${m ? ` in ${dir}` : '; no workspace'}); a query may name any of them: a table without rows reads as empty.`);
  process.stdout.write(escapeTerminal(out.join('\n')) + '\n');
  return 0;
}
