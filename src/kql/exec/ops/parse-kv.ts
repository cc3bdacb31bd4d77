/**
 * `parse-kv source as (k:type, …) with (pair_delimiter=…, kv_delimiter=…, quote=…, escape=…, greedy=…)`
 * or `with (regex=…)`: extracts the declared keys; missing keys give null ("" for strings).
 */
import type { ScalarType, Value } from '../../data/types.js';
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { compile, evalColumn } from '../expr.js';
import { castValue } from '../cast.js';
import { columnFromValues, compact, rowIds } from '../batch.js';
import { toJsRegex } from '../regex-bridge.js';
import { matchAll } from '../../regex/index.js';

function prop(props: readonly { name: string; value: import('../../syntax/ast.js').Expr }[], name: string): string | undefined {
  const p = props.find((x) => x.name.toLowerCase() === name);
  if (!p) return undefined;
  return p.value.kind === 'Literal' ? String(p.value.value) : p.value.kind === 'Name' ? p.value.name : undefined;
}

/** Splits text into [key, value] pairs honouring quotes and escapes. */
export function splitPairs(text: string, pairDelims: string, kvDelim: string, quotes: string, escape: string | undefined, greedy: boolean): [string, string][] {
  const out: [string, string][] = [];
  let i = 0; const n = text.length;
  const readToken = (stopChars: string, stopStr?: string): string => {
    let s = '';
    while (i < n && (text[i] === ' ' && stopChars !== ' ' && s === '')) i++;
    if (i < n && quotes.includes(text[i]!)) {
      const q = text[i++]!;
      while (i < n && text[i] !== q) { if (escape && text[i] === escape && i + 1 < n) { s += text[i + 1]; i += 2; continue; } s += text[i++]; }
      i++; return s;
    }
    while (i < n) {
      if (stopStr !== undefined && text.startsWith(stopStr, i)) break;
      if (stopChars.includes(text[i]!)) break;
      if (escape && text[i] === escape && i + 1 < n) { s += text[i + 1]; i += 2; continue; }
      s += text[i++];
    }
    return s;
  };
  while (i < n) {
    while (i < n && pairDelims.includes(text[i]!)) i++;
    if (i >= n) break;
    const key = readToken(pairDelims, kvDelim);
    if (!text.startsWith(kvDelim, i)) { // no value: skip to next pair
      while (i < n && !pairDelims.includes(text[i]!)) i++;
      continue;
    }
    i += kvDelim.length;
    let value: string;
    if (greedy) {
      // Value runs up to the delimiter before the next key=.
      const rest = text.slice(i);
      const m = new RegExp(`[${pairDelims.replace(/[\]\\^-]/g, '\\$&')}][^${pairDelims.replace(/[\]\\^-]/g, '\\$&')}]*?${kvDelim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(rest);
      value = m ? rest.slice(0, m.index) : rest; i += value.length;
      if (value.length >= 2 && quotes.includes(value[0]!) && value.endsWith(value[0]!)) value = value.slice(1, -1);
    } else value = readToken(pairDelims);
    out.push([key.trim(), value]);
  }
  return out;
}

export const parseKv: OperatorImpl<'ParseKv'> = (op, input, o) => {
  const b = compact(input);
  const rows = rowIds(b);
  const c = compile(op.source, o.scope(b.fields));
  const src = evalColumn(c, rows);
  const regex = prop(op.properties, 'regex');
  const pairDelim = prop(op.properties, 'pair_delimiter') ?? ' ';
  const kvDelim = prop(op.properties, 'kv_delimiter') ?? '=';
  const quote = prop(op.properties, 'quote') ?? '';
  const escape = prop(op.properties, 'escape');
  const greedy = (prop(op.properties, 'greedy') ?? 'false').toLowerCase() === 'true';
  const cols = op.columns.map((d) => ({ name: d.name.name, type: (d.type.type ?? 'string') as ScalarType }));
  const vals: Value[][] = cols.map(() => new Array<Value>(b.physLen));
  const re = regex ? toJsRegex(regex) : undefined;
  // Without delimiters: each declared key is looked up as `key: value` or `key=value` (value up to a
  // separator, or quoted).
  const auto = !regex && !op.properties.some((p) => ['pair_delimiter', 'kv_delimiter'].includes(p.name.toLowerCase()));
  const autoRes = auto ? cols.map((c) => new RegExp(`(?:^|[^\\p{L}\\p{N}_])${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[:=]\\s*(?:"([^"]*)"|'([^']*)'|([^\\s,;]*))`, 'u')) : [];
  for (let r = 0; r < b.physLen; r++) {
    const v = src.get(r);
    const text = v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    const found = new Map<string, string>();
    if (auto) cols.forEach((c, j) => { const m = autoRes[j]!.exec(text); if (m) found.set(c.name, m[1] ?? m[2] ?? m[3] ?? ''); });
    else if (re) { for (const m of matchAll(re, text)) if (m[1] !== undefined && !found.has(m[1])) found.set(m[1], m[2] ?? ''); }
    else for (const [k, x] of splitPairs(text, pairDelim, kvDelim, quote, escape, greedy)) if (!found.has(k)) found.set(k, x);
    cols.forEach((col, j) => {
      const s = found.get(col.name);
      vals[j]![r] = s === undefined ? (col.type === 'string' ? '' : null) : col.type === 'string' ? s : castValue(s, 'string', col.type, o.ctx.eval);
    });
  }
  const fields: Field[] = [...b.fields];
  cols.forEach((col, j) => {
    const column = columnFromValues(col.type, vals[j]!);
    const at = fields.findIndex((f) => f.name === col.name);
    if (at >= 0) fields[at] = { name: col.name, column }; else fields.push({ name: col.name, column });
  });
  return { fields, physLen: b.physLen };
};
