/**
 * `parse [kind=simple|regex|relaxed] [flags=…] source with pattern` and `parse-where`.
 * The pattern compiles once to one regular expression: literals match literally (kind=simple) or
 * as RE2 text (kind=regex); each column captures lazily (`.*?`) up to the next literal, the last
 * one to the end; typed columns convert (long/int/real accept only numbers; others convert
 * through to*). A row that does not match gets empty/null columns (parse) or is dropped
 * (parse-where). The source expression is evaluated once per distinct value when it is a
 * dictionary column.
 */
import type { ScalarType, Value } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { paramText } from '../operator.js';
import { compile, evalColumn } from '../expr.js';
import { castValue } from '../cast.js';
import { columnFromValues, compact, rowIds, gather } from '../batch.js';
import { toJsRegex } from '../regex-bridge.js';
import type { Regex } from '../../regex/index.js';
import { EXEC_CODES, fail } from '../context.js';

function esc(s: string): string { return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); }

const TYPED_RE: Partial<Record<ScalarType, string>> = {
  int: '(-?\\d+)', long: '(-?\\d+)', real: '(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)', decimal: '(-?\\d+(?:\\.\\d+)?)',
};

interface Col { name: string; type: ScalarType }

/** Builds the pattern's regex source; columns are named groups c0, c1… (literal regexes may hold groups of their own). */
function buildPattern(parts: readonly import('../../syntax/ast.js').ParsePart[], kind: string, loose: boolean): { src: string; cols: Col[] } {
  const cols: Col[] = [];
  let src = '^';
  const regex = kind === 'regex';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const last = i === parts.length - 1;
    if (p.kind === 'Literal') {
      const t = String(p.value ?? '');
      src += regex ? `(?:${t})` : esc(t);
    } else if (p.kind === 'Star') {
      src += last ? '.*' : '.*?';
    } else {
      const type: ScalarType = p.type?.type ?? 'string';
      const g = regex ? `?P<c${cols.length}>` : `?<c${cols.length}>`;
      cols.push({ name: p.name.name, type });
      const typed = TYPED_RE[type];
      // regex mode: greedy columns; simple/relaxed: up to the next literal, the last one to the end.
      // Relaxed fallback: a typed column may hold anything (it then converts to null).
      const any = regex || last ? '.*' : '.*?';
      src += typed ? (loose ? `(${g}${typed}|${any})` : `(${g}${typed})`) : `(${g}${any})`;
    }
  }
  return { src, cols };
}

export const parse: OperatorImpl<'Parse'> = (op, input, o) => {
  const kind = (paramText(op.params, 'kind') ?? 'simple').toLowerCase();
  const flags = paramText(op.params, 'flags') ?? '';
  const strict = buildPattern(op.pattern, kind, false);
  const loose = kind === 'relaxed' ? buildPattern(op.pattern, kind, true) : undefined;
  const cols = strict.cols;
  // Simple and relaxed patterns are RE2 text too (literals escaped), so they get the same linear-time matching.
  const mk = (src: string): Regex => {
    try {
      // RE2 flags (parse-operator.md): U ungreedy (columns and the pattern's own quantifiers swap
      // greedy and lazy), m multi-line, s dot matches \n, i case-insensitive.
      const re2 = kind === 'regex';
      return toJsRegex(src, { ignoreCase: flags.includes('i'), dotAll: !re2 || flags.includes('s'), ungreedy: re2 && flags.includes('U'), multiLine: re2 && flags.includes('m') });
    } catch (e) { return fail(EXEC_CODES.badArgument, `parse: bad pattern: ${(e as Error).message}`, op); }
  };
  const re = mk(strict.src);
  const reLoose = loose ? mk(loose.src) : undefined;
  const b = compact(input);
  const rows = rowIds(b);
  const c = compile(op.source, o.scope(b.fields));
  const srcCol = evalColumn(c, rows);
  const n = b.physLen;
  const outVals: Value[][] = cols.map(() => new Array<Value>(n));
  const keep: number[] = [];
  const memo = new Map<string, (Value[] | null)>();
  const convert = (m: RegExpExecArray, relaxed: boolean): Value[] | null => {
    const vals: Value[] = [];
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j]!;
      const s = m.groups?.[`c${j}`];
      if (s === undefined) { vals.push(col.type === 'string' ? '' : null); continue; }
      if (col.type === 'string') { vals.push(s); continue; }
      const v = castValue(s, 'string', col.type, o.ctx.eval);
      if (v === null && !relaxed) return null;
      vals.push(v);
    }
    return vals;
  };
  for (let r = 0; r < n; r++) {
    const v = srcCol.get(r);
    const text = v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    let got = memo.get(text);
    if (got === undefined) {
      const m = re.exec(text);
      got = m ? convert(m, kind === 'relaxed') : null;
      if (!got && reLoose) { const m2 = reLoose.exec(text); got = m2 ? convert(m2, true) : null; }
      if (memo.size < 100_000) memo.set(text, got);
    }
    if (got) { keep.push(r); for (let j = 0; j < cols.length; j++) outVals[j]![r] = got[j]!; }
    else for (let j = 0; j < cols.length; j++) outVals[j]![r] = cols[j]!.type === 'string' ? '' : null;
  }
  let fields: Field[] = [...b.fields];
  cols.forEach((col, j) => {
    const column = columnFromValues(col.type, outVals[j]!);
    const at = fields.findIndex((f) => f.name === col.name);
    if (at >= 0) fields[at] = { name: col.name, column }; else fields.push({ name: col.name, column });
  });
  if (!op.where) return { fields, physLen: n };
  const sel = Uint32Array.from(keep);
  fields = fields.map((f) => ({ name: f.name, column: gather(f.column, sel) }));
  return { fields, physLen: sel.length };
};
