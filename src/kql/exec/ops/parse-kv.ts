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

/** An opening and a closing quote character (`quote="'"` is one character for both; `quote="()"` a pair). */
export type QuotePair = readonly [string, string];

/** The quote pairs of the `quote=` properties (the property may be repeated, parse-kv-operator.md). */
export function quotePairs(specs: readonly string[]): QuotePair[] {
  const out: QuotePair[] = [];
  for (const q of specs) {
    if (q.length === 1) out.push([q, q]);
    else if (q.length === 2) out.push([q[0]!, q[1]!]);
    else for (const c of q) out.push([c, c]); // older form: a set of single quote characters
  }
  return out;
}

/**
 * Reads a quoted text at text[i] (an opening quote of `quotes`), honouring `escape` (the escape
 * character takes the next character literally). Returns the text and the index after the closing
 * quote, or undefined when text[i] opens no quote.
 */
function readQuoted(text: string, i: number, quotes: readonly QuotePair[], escape: string | undefined): { s: string; end: number } | undefined {
  const q = quotes.find((x) => x[0] === text[i]);
  if (!q) return undefined;
  let s = ''; i++;
  while (i < text.length && text[i] !== q[1]) {
    if (escape && text[i] === escape && i + 1 < text.length) { s += text[i + 1]; i += 2; continue; }
    s += text[i++];
  }
  return { s, end: i + 1 };
}

/** Splits text into [key, value] pairs honouring quotes (keys and values may be quoted) and escapes. */
export function splitPairs(text: string, pairDelims: string, kvDelim: string, quotes: readonly QuotePair[], escape: string | undefined, greedy: boolean): [string, string][] {
  const out: [string, string][] = [];
  let i = 0; const n = text.length;
  const readToken = (stopChars: string, stopStr?: string): string => {
    let s = '';
    while (i < n && (text[i] === ' ' && stopChars !== ' ' && s === '')) i++;
    const q = readQuoted(text, i, quotes, escape);
    if (q) { i = q.end; return q.s; }
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
      const q = quotes.find((x) => x[0] === value[0]);
      if (value.length >= 2 && q && value.endsWith(q[1])) value = value.slice(1, -1);
    } else value = readToken(pairDelims);
    out.push([key.trim(), value]);
  }
  return out;
}

/**
 * Best-effort mode (no delimiters given): the value of `key` after `key:` or `key=`, quoted (with the
 * declared quotes, or ' and " by default, and the escape character) or up to a space, ',' or ';'.
 */
function autoValue(text: string, key: string, quotes: readonly QuotePair[], escape: string | undefined): string | undefined {
  const re = new RegExp(`(?:^|[^\\p{L}\\p{N}_])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[:=]\\s*`, 'gu');
  const m = re.exec(text);
  if (!m) return undefined;
  const i = m.index + m[0].length;
  const q = readQuoted(text, i, quotes.length ? quotes : [['"', '"'], ["'", "'"]], escape);
  if (q) return q.s;
  const rest = /^[^\s,;]*/.exec(text.slice(i))!;
  return rest[0];
}

export const parseKv: OperatorImpl<'ParseKv'> = (op, input, o) => {
  const b = compact(input);
  const rows = rowIds(b);
  const c = compile(op.source, o.scope(b.fields));
  const src = evalColumn(c, rows);
  const regex = prop(op.properties, 'regex');
  const pairDelim = prop(op.properties, 'pair_delimiter') ?? ' ';
  const kvDelim = prop(op.properties, 'kv_delimiter') ?? '=';
  const quotes = quotePairs(op.properties.filter((p) => p.name.toLowerCase() === 'quote' && p.value.kind === 'Literal').map((p) => String((p.value as { value: unknown }).value)));
  const escape = prop(op.properties, 'escape');
  const greedy = (prop(op.properties, 'greedy') ?? 'false').toLowerCase() === 'true';
  const cols = op.columns.map((d) => ({ name: d.name.name, type: (d.type.type ?? 'string') as ScalarType }));
  const vals: Value[][] = cols.map(() => new Array<Value>(b.physLen));
  const re = regex ? toJsRegex(regex) : undefined;
  // Without delimiters: each declared key is looked up as `key: value` or `key=value` (value up to a
  // separator, or quoted).
  const auto = !regex && !op.properties.some((p) => ['pair_delimiter', 'kv_delimiter'].includes(p.name.toLowerCase()));
  for (let r = 0; r < b.physLen; r++) {
    const v = src.get(r);
    const text = v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    const found = new Map<string, string>();
    if (auto) for (const c of cols) { const x = autoValue(text, c.name, quotes, escape); if (x !== undefined) found.set(c.name, x); }
    else if (re) { for (const m of matchAll(re, text)) if (m[1] !== undefined && !found.has(m[1])) found.set(m[1], m[2] ?? ''); }
    else for (const [k, x] of splitPairs(text, pairDelim, kvDelim, quotes, escape, greedy)) if (!found.has(k)) found.set(k, x);
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
