/**
 * Stored functions of a rule pack: `functions/*.yaml` beside the rules, in the shape of Microsoft
 * Sentinel's parser files (Azure-Sentinel `Solutions/<x>/Parsers/*.yaml`):
 *
 *   FunctionName: Cloudhop network context        # display name
 *   FunctionAlias: CloudhopNetworkContext         # the name queries call
 *   Category: Cloudhop                            # optional (saved-search category)
 *   Description: |                                # optional
 *   FunctionParams:                               # optional, in order
 *     - Name: lookback
 *       Type: timespan                            # a scalar type, or a tabular type such as (*)
 *       Default: 14d                              # optional: KQL text (a string default is quoted unless it already is)
 *       Description: ...
 *   FunctionQuery: |                              # the body: statements, the last one the result
 *     ...
 *
 * ASIM's spellings (ParserName, ParserParams, ParserQuery) are read too. A loaded function is the
 * engine's StoredFunction (name, parameter list text, body) plus where its parts are in the file,
 * so every problem in it is reported as file:line:col.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isScalar } from 'yaml';
import type { Diagnostic, StoredFunction } from '../kql/index.js';
import { YamlSource, type YamlPath } from './yaml-source.js';
import type { Problem } from './problems.js';
import type { QueryPositionMap } from './rule.js';

export interface FunctionParam { readonly name: string; readonly type: string; readonly default?: string; readonly description?: string }

/** A stored function loaded from a pack file. */
export interface LoadedFunction extends StoredFunction {
  readonly file: string;
  /** FunctionName (display name); the alias when absent. */
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly params: readonly FunctionParam[];
  /** Maps line/col in `body` to the file. */
  readonly bodyPosition: QueryPositionMap;
  /** Maps an offset in `parameters` to the file (the parameter's entry in FunctionParams). */
  readonly parameterPosition: (offset: number) => { line: number; col: number };
}

const KNOWN = new Set(['id', 'Function', 'Category', 'FunctionName', 'FunctionAlias', 'FunctionParams', 'FunctionQuery', 'Description',
  'ParserName', 'ParserParams', 'ParserQuery', 'Parser', 'Product', 'Normalization', 'References', 'EquivalentBuiltInParser', 'Tags']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Default as KQL text: YAML numbers and booleans as written; a string parameter's plain text quoted. */
function defaultText(v: unknown, type: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = String(v);
  if (/^string$/i.test(type.trim()) && !/^\s*(@|h|H)?['"]/.test(s)) return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return s;
}

/** Maps line/col inside a YAML scalar's text to the file (block scalars exactly; quoted and plain ones on their first line). */
export function scalarPositionMap(src: YamlSource, path: YamlPath): QueryPositionMap {
  const node = src.node(path);
  if (!node || !isScalar(node) || !node.range) return (line, col) => ({ line, col });
  const start = src.linePos(node.range[0]);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const lines = src.text.split(/\r?\n/);
    let indent = 0;
    for (let i = start.line; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.trim() !== '') { indent = l.length - l.trimStart().length; break; }
    }
    return (line, col) => ({ line: start.line + line, col: indent + col });
  }
  const q = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  return (line, col) => (line === 1 ? { line: start.line, col: start.col + q + col - 1 } : { line: start.line + line - 1, col });
}

/** Loads one function file; the function is returned only when it has no errors. */
export function loadFunctionText(file: string, text: string): { fn?: LoadedFunction; problems: Problem[] } {
  const src = new YamlSource(file, text);
  const problems: Problem[] = src.problems.map((p) => ({ ...p, code: 'FUNC001' }));
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const add = (severity: 'error' | 'warning', path: YamlPath, code: string, message: string, atKey = false): void => {
    const p = atKey ? src.keyPos(path) : src.pos(path);
    problems.push({ file, line: p.line, col: p.col, severity, code, message });
  };
  const root = src.value;
  if (!isObj(root)) { add('error', [], 'FUNC002', 'a function file is a YAML mapping (FunctionAlias:, FunctionQuery:, ...)'); return { problems }; }
  for (const k of Object.keys(root)) if (!KNOWN.has(k)) add('warning', [k], 'FUNC090', `unknown field '${k}'`, true);
  const aliasKey = root.FunctionAlias !== undefined ? 'FunctionAlias' : 'ParserName';
  const queryKey = root.FunctionQuery !== undefined ? 'FunctionQuery' : 'ParserQuery';
  const paramsKey = root.FunctionParams !== undefined ? 'FunctionParams' : 'ParserParams';
  const text_ = (k: string): string | undefined => {
    const v = root[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') { add('error', [k], 'FUNC004', `'${k}' must be text`); return undefined; }
    return v;
  };
  const name = text_(aliasKey)?.trim();
  if (name === undefined) add('error', [], 'FUNC003', "missing required field 'FunctionAlias' (the name queries call the function by)");
  else if (!NAME_RE.test(name)) add('error', [aliasKey], 'FUNC005', `FunctionAlias '${name}' is not a KQL name (letters, digits, _; not starting with a digit)`);
  const body = text_(queryKey);
  if (body === undefined) add('error', [], 'FUNC003', "missing required field 'FunctionQuery' (the function's body)");
  else if (body.trim() === '') add('error', [queryKey], 'FUNC004', `'${queryKey}' must not be empty`);

  const params: FunctionParam[] = [];
  const starts: number[] = [];
  let parameters = '';
  const raw = root[paramsKey];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) add('error', [paramsKey], 'FUNC006', `'${paramsKey}' is a list of {Name, Type, Default, Description}`);
    else raw.forEach((p, i) => {
      const P = [paramsKey, i];
      if (!isObj(p)) { add('error', P, 'FUNC006', 'a parameter is {Name, Type, Default, Description}'); return; }
      const pn = typeof p.Name === 'string' ? p.Name.trim() : '';
      const pt = typeof p.Type === 'string' ? p.Type.trim() : '';
      if (!NAME_RE.test(pn)) { add('error', p.Name === undefined ? P : [...P, 'Name'], 'FUNC007', `parameter ${i + 1}: 'Name' must be a KQL name`); return; }
      if (!pt) { add('error', p.Type === undefined ? P : [...P, 'Type'], 'FUNC007', `parameter '${pn}': 'Type' is required (string, long, timespan, dynamic, (*)...)`); return; }
      if (params.some((q) => q.name === pn)) { add('error', [...P, 'Name'], 'FUNC007', `parameter '${pn}' is declared twice`); return; }
      const d = defaultText(p.Default, pt);
      if (params.some((q) => q.default !== undefined) && d === undefined) add('error', P, 'FUNC008', `parameter '${pn}' has no Default but an earlier one has: parameters with defaults come last`);
      params.push({ name: pn, type: pt, ...(d !== undefined ? { default: d } : {}), ...(typeof p.Description === 'string' ? { description: p.Description } : {}) });
      if (parameters) parameters += ', ';
      starts.push(parameters.length);
      parameters += `${pn}:${pt}${d !== undefined ? ` = ${d}` : ''}`;
    });
  }
  if (problems.some((p) => p.severity === 'error') || name === undefined || body === undefined) return { problems };
  const meta = isObj(root.Function) ? root.Function : isObj(root.Parser) ? root.Parser : {};
  const title = text_('FunctionName') ?? (typeof meta.Title === 'string' ? meta.Title : name);
  const fn: LoadedFunction = {
    name, parameters, body, file, title,
    description: typeof root.Description === 'string' ? root.Description : '',
    category: typeof root.Category === 'string' ? root.Category : 'Cloudhop',
    params,
    bodyPosition: scalarPositionMap(src, [queryKey]),
    parameterPosition: (offset) => {
      let i = 0;
      while (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
      return src.isSeqAt([paramsKey]) && starts.length ? src.pos([paramsKey, i]) : src.pos([paramsKey]);
    },
  };
  return { fn, problems };
}

export function loadFunctionFile(file: string, display = file): { fn?: LoadedFunction; problems: Problem[] } {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    return { problems: [{ file: display, line: 1, col: 1, severity: 'error', code: 'FUNC000', message: `cannot read: ${(e as Error).message}` }] };
  }
  return loadFunctionText(display, text);
}

/**
 * Loads every `*.yaml` / `*.yml` of a folder as a stored function (a folder holding a `functions/`
 * subfolder, such as a rule pack, is read through it). A second function of the same alias is an
 * error (`known` carries aliases already loaded, e.g. from another pack).
 */
export function loadFunctionDir(dir: string, problems: Problem[], known = new Map<string, LoadedFunction>(), cwd = process.cwd()): LoadedFunction[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.push({ file: dir, line: 1, col: 1, severity: 'error', code: 'FUNC000', message: 'function folder not found' });
    return [];
  }
  const sub = join(dir, 'functions');
  if (existsSync(sub) && statSync(sub).isDirectory()) dir = sub;
  const out: LoadedFunction[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const path = join(dir, name);
    const display = relative(cwd, path).startsWith('..') ? path : relative(cwd, path);
    const r = loadFunctionFile(path, display);
    problems.push(...r.problems);
    if (!r.fn) continue;
    const prev = known.get(r.fn.name);
    if (prev) { problems.push({ file: display, line: 1, col: 1, severity: 'error', code: 'FUNC009', message: `function '${r.fn.name}' is also defined in ${prev.file}` }); continue; }
    known.set(r.fn.name, r.fn);
    out.push(r.fn);
  }
  return out;
}

/** Where an engine diagnostic lies in a function file (`d.function` set), or undefined. */
export function functionPlace(d: Diagnostic, functions: readonly StoredFunction[] | undefined): { file: string; line: number; col: number } | undefined {
  if (!d.function) return undefined;
  const f = functions?.find((x) => x.name === d.function!.name) as LoadedFunction | undefined;
  if (!f || typeof f.bodyPosition !== 'function') return undefined;
  const at = d.function.part === 'body' ? f.bodyPosition(d.line, d.col) : f.parameterPosition(d.start);
  return { file: f.file, ...at };
}

/** A diagnostic as a problem: in its function's file when it lies in one, else in `fallback`. */
export function diagnosticProblem(d: Diagnostic, functions: readonly StoredFunction[] | undefined, fallback: { file: string; line: number; col: number }): Problem {
  const at = functionPlace(d, functions) ?? fallback;
  return { file: at.file, line: at.line, col: at.col, severity: d.severity === 'info' ? 'warning' : d.severity, code: d.code, message: d.function && !functionPlace(d, functions) ? `in function ${d.function.name}: ${d.message}` : d.message };
}

