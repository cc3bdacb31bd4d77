/**
 * `reduce [kind=source] by Expr [with threshold=T, characters=C]` (reduce-operator.md): groups
 * strings by similarity with Vaarandi's SLCT algorithm, on which the page says Kusto's operator is
 * based ("A Data Clustering Algorithm for Mining Patterns From Event Logs"):
 *
 * 1. Each value is split into terms at separator characters: by default every character that is
 *    not an ASCII letter or digit; with `characters=C`, only the characters of C.
 * 2. A term at a position (term index) is *frequent* when it occurs at that position in more than
 *    threshold × N values (threshold 0.1 by default; N the number of input rows).
 * 3. A value's candidate is the set of its frequent (position, term) pairs. A candidate held by more
 *    than threshold × N values is a cluster; every other value (and a value with no frequent term)
 *    belongs to the group `others`.
 * 4. A cluster's Pattern is its first value's text with each run of infrequent terms replaced by
 *    one `*`; the separators of the default set stay in the pattern, the characters given in
 *    `characters` do not (the page: `fooZ1`…`fooZ10` by "Z" → `foo*`; `One -on- One` → `* -on- *`).
 *
 * Output: Pattern, Count, Representative (the cluster's first value), clusters by descending count
 * (first seen first on ties), then `others` (Representative empty) when some values fall in no
 * cluster. `kind=source` instead keeps every input row and appends its Pattern column (`others`
 * for the rest). A null value is the empty string.
 */
import type * as A from '../../syntax/ast.js';
import type { Field } from '../../data/column.js';
import type { OperatorImpl } from '../operator.js';
import { paramText } from '../operator.js';
import { columnFromValues, compact, rowIds } from '../batch.js';
import { compile } from '../expr.js';
import { EXEC_CODES, fail, checkDeadline } from '../context.js';
import type { Value } from '../../data/types.js';

interface Split { readonly terms: string[]; /** separator text before terms[i] (seps[terms.length] trails) */ readonly seps: string[] }

function splitTerms(s: string, isSep: (ch: string) => boolean): Split {
  const terms: string[] = [], seps: string[] = [];
  let sep = '', term = '';
  for (const ch of s) {
    if (isSep(ch)) {
      if (term !== '') { terms.push(term); term = ''; }
      sep += ch;
    } else {
      if (term === '') { seps.push(sep); sep = ''; }
      term += ch;
    }
  }
  if (term !== '') terms.push(term);
  seps.push(sep);
  return { terms, seps };
}

function property(op: A.ReduceOp, name: string): A.Expr | undefined {
  return op.properties.find((p) => p.name.toLowerCase() === name)?.value;
}

export const reduce: OperatorImpl<'Reduce'> = (op, input, o) => {
  const kind = paramText(op.params, 'kind');
  if (kind !== undefined && kind.toLowerCase() !== 'source') fail(EXEC_CODES.unsupported, `reduce kind='${kind}': the only kind is 'source'`, op);
  for (const p of op.properties) {
    if (!['threshold', 'characters'].includes(p.name.toLowerCase())) fail(EXEC_CODES.unsupported, `reduce: unknown property '${p.name}' (threshold, characters)`, p);
  }
  const constOf = (e: A.Expr | undefined, what: string): Value => {
    if (!e) return null;
    const c = compile(e, o.scope([]));
    if (!c.constant) fail(EXEC_CODES.unsupported, `reduce: ${what} must be a constant`, e);
    return c.value ?? null;
  };
  const th = constOf(property(op, 'threshold'), 'threshold');
  const threshold = th === null ? 0.1 : Number(th);
  if (!(threshold >= 0 && threshold <= 1)) fail(EXEC_CODES.unsupported, `reduce: threshold must be between 0 and 1 (got ${String(th)})`, property(op, 'threshold') ?? op);
  const chars = constOf(property(op, 'characters'), 'characters');
  const custom = chars === null ? undefined : new Set(Array.from(String(chars)));
  const isSep = custom ? (ch: string) => custom.has(ch) : (ch: string) => !/^[A-Za-z0-9]$/.test(ch);

  const rows = rowIds(input);
  const by = compile(op.by, o.scope(input.fields));
  const n = rows.length;
  const texts: string[] = new Array(n);
  const splits: Split[] = new Array(n);
  const termCount = new Map<string, number>(); // `${pos}\u0000${term}`
  for (let i = 0; i < n; i++) {
    const v = by.fn(rows[i]!);
    const s = v === null ? '' : typeof v === 'string' ? v : String(v);
    texts[i] = s;
    const sp = splitTerms(s, isSep);
    splits[i] = sp;
    sp.terms.forEach((t, pos) => { const k = `${pos}\u0000${t}`; termCount.set(k, (termCount.get(k) ?? 0) + 1); });
    if ((i & 0xffff) === 0) checkDeadline(o.ctx);
  }
  const support = threshold * n;
  const frequent = (pos: number, t: string) => (termCount.get(`${pos}\u0000${t}`) ?? 0) > support;

  // Candidates: the frequent positions of each value, keyed with the value's term count so that
  // two values with the same frequent terms but different shapes are different clusters.
  const candidateOf: (string | undefined)[] = new Array(n);
  const candCount = new Map<string, number>();
  const candFirst = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const { terms } = splits[i]!;
    const parts: string[] = [];
    let any = false;
    terms.forEach((t, pos) => { if (frequent(pos, t)) { parts.push(`${pos}=${t}`); any = true; } });
    if (!any) continue;
    const key = `${terms.length}\u0001${parts.join('\u0000')}`;
    candidateOf[i] = key;
    candCount.set(key, (candCount.get(key) ?? 0) + 1);
    if (!candFirst.has(key)) candFirst.set(key, i);
  }
  const clusters = [...candCount].filter(([, c]) => c > support)
    .sort((a, b) => b[1] - a[1] || candFirst.get(a[0])! - candFirst.get(b[0])!);
  const clusterOf = new Set(clusters.map(([k]) => k));

  const patternOf = (i: number): string => {
    const { terms, seps } = splits[i]!;
    let out = '', wild = false;
    for (let pos = 0; pos < terms.length; pos++) {
      const keepSep = custom ? '' : seps[pos]!;
      if (frequent(pos, terms[pos]!)) { out += (wild && custom ? '' : keepSep) + terms[pos]!; wild = false; }
      else if (!wild) { out += keepSep + '*'; wild = true; }
    }
    return out + (custom ? '' : seps[terms.length]!);
  };
  const patterns = new Map(clusters.map(([k]) => [k, patternOf(candFirst.get(k)!)]));

  if (kind !== undefined) {
    const col = columnFromValues('string', Array.from({ length: n }, (_, i) => {
      const k = candidateOf[i];
      return k !== undefined && clusterOf.has(k) ? patterns.get(k)! : 'others';
    }));
    // The appended column is laid out over the selected rows: the input is compacted to match.
    const b = compact(input);
    const fields: Field[] = [...b.fields.filter((f) => f.name !== 'Pattern'), { name: 'Pattern', column: col }];
    return { fields, physLen: n };
  }

  const pat: Value[] = [], cnt: Value[] = [], rep: Value[] = [];
  let inClusters = 0;
  for (const [k, c] of clusters) { pat.push(patterns.get(k)!); cnt.push(c); rep.push(texts[candFirst.get(k)!]!); inClusters += c; }
  if (n - inClusters > 0) { pat.push('others'); cnt.push(n - inClusters); rep.push(''); }
  return {
    fields: [
      { name: 'Pattern', column: columnFromValues('string', pat) },
      { name: 'Count', column: columnFromValues('long', cnt) },
      { name: 'Representative', column: columnFromValues('string', rep) },
    ],
    physLen: pat.length,
  };
};
