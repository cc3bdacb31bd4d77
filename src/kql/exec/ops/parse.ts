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
import { EXEC_CODES, fail } from '../context.js';

function esc(s: string): string { return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); }

const TYPED_RE: Partial<Record<ScalarType, string>> = {
  int: '(-?\\d+)', long: '(-?\\d+)', real: '(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)', decimal: '(-?\\d+(?:\\.\\d+)?)',
};

export const parse: OperatorImpl<'Parse'> = (op, input, o) => {
  const kind = (paramText(op.params, 'kind') ?? 'simple').toLowerCase();
  const flags = paramText(op.params, 'flags') ?? '';
  const cols: { name: string; type: ScalarType }[] = [];
  let src = '^';
  const parts = op.pattern;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const last = i === parts.length - 1;
    if (p.kind === 'Literal') {
      const t = String(p.value ?? '');
      src += kind === 'regex' ? `(?:${t})` : esc(t);
    } else if (p.kind === 'Star') {
      src += last ? '.*' : '.*?';
    } else {
      const type: ScalarType = p.type?.type ?? 'string';
      cols.push({ name: p.name.name, type });
      const typed = kind !== 'regex' ? TYPED_RE[type] : undefined;
      src += typed ?? (last ? '(.*)' : '(.*?)');
    }
  }
  if (kind !== 'regex' || !parts.length || parts[parts.length - 1]!.kind === 'Literal') src += kind === 'relaxed' ? '' : '$';
  let re: RegExp;
  const reFlags = 's' + (flags.includes('i') ? 'i' : '');
  try { re = kind === 'regex' ? toJsRegex(src, { ignoreCase: flags.includes('i'), dotAll: flags.includes('s') }) : new RegExp(src, reFlags); }
  catch (e) { return fail(EXEC_CODES.badArgument, `parse: bad pattern: ${(e as Error).message}`, op); }
  const b = compact(input);
  const rows = rowIds(b);
  const c = compile(op.source, o.scope(b.fields));
  const srcCol = evalColumn(c, rows, undefined, c.type === 'dynamic' ? 'dynamic' : undefined);
  const n = b.physLen;
  const outVals: Value[][] = cols.map(() => new Array<Value>(n));
  const keep: number[] = [];
  const memo = new Map<string, (Value[] | null)>();
  for (let r = 0; r < n; r++) {
    const v = srcCol.get(r);
    const text = v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    let got = memo.get(text);
    if (got === undefined) {
      const m = re.exec(text);
      if (!m) got = null;
      else {
        got = cols.map((col, j) => {
          const s = m[j + 1];
          if (s === undefined) return col.type === 'string' ? '' : null;
          return col.type === 'string' ? s : castValue(s, 'string', col.type, o.ctx.eval);
        });
        if (got.some((x, j) => x === null && cols[j]!.type !== 'string') && op.where) got = null;
      }
      if (memo.size < 100_000) memo.set(text, got);
    }
    if (got) { keep.push(r); cols.forEach((_, j) => { outVals[j]![r] = got![j]!; }); }
    else cols.forEach((col, j) => { outVals[j]![r] = col.type === 'string' ? '' : null; });
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
