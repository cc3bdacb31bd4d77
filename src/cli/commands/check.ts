/**
 * `cloudhop check [--syntax-only] [--format text|json] (KQL | -f FILE | --batch FILE.jsonl)`
 *
 * Diagnostics only, against the built-in table schemas (docs/CLI.md). Exit 0 when clean, 1 when
 * any input has an error, 2 on bad usage. Text output: `<file or query>:line:col: error KQLnnn:
 * message`, the source line and a caret. Imports stay light: this command must start fast.
 */
import { readFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CheckOptions, CheckResult, Diagnostic } from '../../kql/index.js';
import type { TableSchema } from '../../kql/data.js';
import { check, checkFunctions } from '../../kql/index.js';
import { functionsCalledBy } from '../../kql/index.js';
import type { LoadedFunction } from '../../detect/functions.js';
import { loadFunctionsOption, renderWithFunctions } from '../functions-option.js';
import { renderDiagnostics } from '../../kql/index.js';
import { builtinCatalog } from '../../store/schemas/index.js';
import { normalizeTypeName } from '../../kql/data.js';

export const summary = 'check KQL for errors: diagnostics with line:col and a caret, no data needed';

const USAGE = `usage: cloudhop check [--syntax-only] [--format text|json] [--table-schema 'T(a:long, b:string)']...
                      [--functions DIR]... (KQL | -f FILE | --batch FILE.jsonl)
  -f, --file FILE     read the query from FILE ('-': standard input)
  --batch FILE.jsonl  one query per line: {"query": "..."} (or a JSON string); one result line each
  --syntax-only       parse only: no name or type checks
  --format FMT        text (file:line:col diagnostics, the default) or json
  --table-schema 'T(a:long, b:string)'
                      declare a table besides the built-in schemas (repeatable)
  --functions DIR     stored functions the query may call: DIR/*.yaml, or a rule pack's functions/;
                      problems in the functions the query calls are reported at their file:line:col
  -h, --help          this help
`;

export const options = {
  'syntax-only': { type: 'boolean' }, format: { type: 'string' }, file: { type: 'string', short: 'f' },
  batch: { type: 'string' }, 'table-schema': { type: 'string', multiple: true }, functions: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function jsonDiag(d: Diagnostic, functions: readonly LoadedFunction[] = []): object {
  // Exactly the contract's fields, in its order (docs/CLI.md); warnings say so in the message.
  // A diagnostic in a stored function adds `function` and `file` (line/col are then the file's).
  const base = { code: d.code, message: d.severity === 'error' ? d.message : `${d.severity}: ${d.message}`, start: d.start, length: d.length, line: d.line, col: d.col };
  if (!d.function) return base;
  const f = functions.find((x) => x.name === d.function!.name);
  const at = f ? (d.function.part === 'body' ? f.bodyPosition(d.line, d.col) : f.parameterPosition(d.start)) : { line: d.line, col: d.col };
  return { ...base, ...at, function: d.function.name, ...(f ? { file: f.file } : {}) };
}

/** The query's diagnostics plus those of the stored functions it calls (checked against the same catalog). */
function checkWith(text: string, opts: CheckOptions, functions: readonly LoadedFunction[]): CheckResult {
  const r = check(text, functions.length ? { ...opts, catalog: { ...opts.catalog!, functions } } : opts);
  if (!functions.length || opts.syntaxOnly) return r;
  const called = functionsCalledBy(text, functions);
  if (!called.length) return r;
  const own = checkFunctions(called, opts.catalog).flatMap((c) => c.diagnostics);
  const diagnostics = [...r.diagnostics, ...own];
  return { ...r, ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}

/** `T(a:long, b:string)` → a table schema (for --table-schema). */
function parseTableSchema(s: string): TableSchema | undefined {
  const m = /^\s*([A-Za-z_][\w]*)\s*\((.*)\)\s*$/.exec(s);
  if (!m) return undefined;
  const columns = [];
  for (const part of m[2]!.split(',')) {
    if (!part.trim()) continue;
    const [n, t] = part.split(':').map((x) => x.trim());
    const type = t ? normalizeTypeName(t) : undefined;
    if (!n || !type) return undefined;
    columns.push({ name: n, type });
  }
  return { name: m[1]!, columns };
}

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv, allowPositionals: true,
      options,
    });
  } catch (e) {
    process.stderr.write(`cloudhop check: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = a.values;
  if (v.help) { process.stdout.write(USAGE); return 0; }
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') { process.stderr.write(`cloudhop check: --format must be text or json\n${USAGE}`); return 2; }
  const sources = [v.file !== undefined, v.batch !== undefined, a.positionals.length > 0].filter(Boolean).length;
  if (sources !== 1 || a.positionals.length > 1) {
    process.stderr.write(`cloudhop check: give exactly one of KQL, -f FILE or --batch FILE.jsonl\n${USAGE}`);
    return 2;
  }
  const extra: TableSchema[] = [];
  for (const s of v['table-schema'] ?? []) {
    const t = parseTableSchema(s);
    if (!t) { process.stderr.write(`cloudhop check: bad --table-schema '${s}' (expected Name(col:type, ...))\n`); return 2; }
    extra.push(t);
  }
  const catalog = builtinCatalog(extra);
  const opts = { catalog, syntaxOnly: v['syntax-only'] ?? false };
  let functions: LoadedFunction[] = [];
  if (v.functions?.length) {
    const missing = v.functions.find((d) => !existsSync(d));
    if (missing) { process.stderr.write(`cloudhop check: --functions ${missing}: no such folder\n`); return 2; }
    const fo = await loadFunctionsOption(v.functions);
    functions = fo.functions;
    for (const p of fo.problems) process.stderr.write(`${p.file}:${p.line}:${p.col}: ${p.severity} ${p.code}: ${p.message}\n`);
    if (fo.problems.some((p) => p.severity === 'error')) return 1;
  }

  if (v.batch !== undefined) {
    let text: string;
    try { text = readFileSync(v.batch, 'utf8'); } catch (e) { process.stderr.write(`cloudhop check: cannot read ${v.batch}: ${(e as Error).message}\n`); return 2; }
    let allOk = true;
    const out: string[] = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let query: unknown;
      try {
        const o = JSON.parse(line) as unknown;
        query = typeof o === 'string' ? o : (o as { query?: unknown })?.query;
      } catch {
        allOk = false;
        out.push(JSON.stringify({ ok: false, diagnostics: [{ code: 'KQL000', message: `${v.batch}:${i + 1}: not a JSON line`, start: 0, length: 0, line: 1, col: 1 }] }));
        return;
      }
      if (typeof query !== 'string') {
        allOk = false;
        out.push(JSON.stringify({ ok: false, diagnostics: [{ code: 'KQL000', message: `${v.batch}:${i + 1}: expected {"query": "..."}`, start: 0, length: 0, line: 1, col: 1 }] }));
        return;
      }
      const r = checkWith(query, opts, functions);
      if (!r.ok) allOk = false;
      out.push(JSON.stringify({ ok: r.ok, diagnostics: r.diagnostics.map((d) => jsonDiag(d, functions)), ...schemaJson(r.schema) }));
    });
    process.stdout.write(out.length ? out.join('\n') + '\n' : '');
    return allOk ? 0 : 1;
  }

  let text: string;
  let source: string;
  if (v.file !== undefined) {
    try { text = readFileSync(v.file === '-' ? 0 : v.file, 'utf8'); } catch (e) { process.stderr.write(`cloudhop check: cannot read ${v.file}: ${(e as Error).message}\n`); return 2; }
    source = v.file === '-' ? '<stdin>' : v.file;
  } else {
    text = a.positionals[0]!;
    source = '<query>';
  }
  const r = checkWith(text, opts, functions);
  if (format === 'json') {
    process.stdout.write(JSON.stringify({
      ok: r.ok, diagnostics: r.diagnostics.map((d) => jsonDiag(d, functions)),
      ...schemaJson(r.schema),
    }) + '\n');
  } else if (r.diagnostics.length) {
    process.stdout.write((functions.length ? r.diagnostics.map((d) => renderWithFunctions(source, text, d, functions)).join('\n') : renderDiagnostics(source, text, r.diagnostics)) + '\n');
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    process.stdout.write(`${errors} error${errors === 1 ? '' : 's'}, ${r.diagnostics.length - errors} warning${r.diagnostics.length - errors === 1 ? '' : 's'}\n`);
  } else {
    process.stdout.write(`${source}: ok${r.schema ? ` (${r.schema.length} columns: ${r.schema.map((c) => `${c.name}:${c.type}`).join(', ')})` : ''}\n`);
  }
  return r.ok ? 0 : 1;
}

/** The output schema for JSON output (docs/CLI.md, check): `{"schema": [{"name","type"}]}` when known. */
function schemaJson(schema: readonly { readonly name: string; readonly type: string }[] | undefined): { schema?: { name: string; type: string }[] } {
  return schema ? { schema: schema.map((c) => ({ name: c.name, type: c.type })) } : {};
}
