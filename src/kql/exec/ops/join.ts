/**
 * `join kind=… right on keys` and `lookup`. Hash join: the right side is hashed on its key values,
 * the left side probes. Kinds: innerunique (default: left de-duplicated on keys), inner, leftouter,
 * rightouter, fullouter, leftanti/anti, rightanti, leftsemi, rightsemi. Output: left columns, then
 * right columns (a name already taken gets a numeric suffix: key1). Null keys never match.
 * Hints (`hint.strategy`…) are accepted and ignored.
 */
import type * as A from '../../syntax/ast.js';
import type { Column, Field } from '../../data/column.js';
import type { Value } from '../../data/types.js';
import type { OperatorImpl, OpEnv } from '../operator.js';
import { paramText } from '../operator.js';
import { type Batch, columnRowBytes, compact, gatherOpt, rowIds } from '../batch.js';
import { findField } from '../expr.js';
import { valueKey } from '../keys.js';
import { EXEC_CODES, checkDeadline, fail } from '../context.js';
import { uniqueName } from '../names.js';
import { reserve, ROW_BLOCK } from '../../governor.js';

interface KeyPair { left: string; right: string }

function sideName(e: A.Expr): { side?: 'left' | 'right'; name: string } | undefined {
  if (e.kind === 'JoinSideRef') return { side: e.side, name: e.column.name };
  if (e.kind === 'Name') return { name: e.name };
  return undefined;
}

export function joinKeys(on: readonly A.Expr[]): KeyPair[] {
  const out: KeyPair[] = [];
  const visit = (e: A.Expr): void => {
    if (e.kind === 'Binary' && e.op === 'and') { visit(e.left); visit(e.right); return; }
    if (e.kind === 'Name') { out.push({ left: e.name, right: e.name }); return; }
    if (e.kind === 'Binary' && e.op === '==') {
      const a = sideName(e.left), b = sideName(e.right);
      if (a && b) {
        if (a.side === 'right' || b.side === 'left') out.push({ left: b.name, right: a.name });
        else out.push({ left: a.name, right: b.name });
        return;
      }
    }
    fail(EXEC_CODES.unsupported, 'join condition must be column names or $left.a == $right.b (joined by and)', e);
  };
  for (const e of on) visit(e);
  return out;
}

function keyCol(b: Batch, name: string, side: string, at: A.Expr | undefined): Column {
  const f = findField(b.fields, name);
  if (!f) return fail(EXEC_CODES.unknownColumn, `join: the ${side} side has no column '${name}'`, at);
  return f.column;
}

type KeyFn = (r: number) => unknown;
function keyFn(cols: Column[]): KeyFn {
  if (cols.length === 1) {
    const c = cols[0]!;
    if (c.kind === 'string') { const d = c.dict, codes = c.codes; return (r) => d[codes[r]!]; }
    return (r) => valueKey(c.get(r));
  }
  return (r) => {
    let k = '';
    for (const c of cols) { const v = c.get(r); if (v === null) return null; k += JSON.stringify(valueKey(v)) + '\u0001'; }
    return k;
  };
}

/** A join producing more rows than this stops with an error instead of exhausting memory. */
export const MAX_JOIN_ROWS = 32 * 1024 * 1024;

/** A growable Int32Array (join output row ids without boxed arrays). */
class IntBuf {
  private a = new Int32Array(1024);
  private n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2); b.set(this.a); this.a = b;
    }
    this.a[this.n++] = v;
  }
  finish(): Int32Array { return this.a.slice(0, this.n); }
}

export interface JoinResult { left: Int32Array; right: Int32Array }

/** The matched (left, right) physical row pairs for a kind; -1 = no row. */
export function hashJoin(kind: string, L: Batch, R: Batch, keys: KeyPair[], o: OpEnv, at?: A.Expr, outRowBytes = 0): JoinResult {
  const lrows = rowIds(L), rrows = rowIds(R);
  const lk = keyFn(keys.map((k) => keyCol(L, k.left, 'left', at)));
  const rk = keyFn(keys.map((k) => keyCol(R, k.right, 'right', at)));
  const table = new Map<unknown, number[]>();
  for (let i = 0; i < rrows.length; i++) {
    const r = rrows[i]!; const k = rk(r);
    if (k === null || k === undefined) continue;
    const b = table.get(k); if (b) b.push(r); else table.set(k, [r]);
    if ((i & 0x3ff) === 0x3ff) checkDeadline(o.ctx, true);
  }
  checkDeadline(o.ctx, true);
  // Probe once; check the output size before materializing it (a clear error, not an OOM).
  const buckets: (number[] | undefined)[] = new Array(lrows.length);
  const lkeys: unknown[] = new Array(lrows.length);
  let total = 0;
  for (let i = 0; i < lrows.length; i++) {
    const k = lk(lrows[i]!); lkeys[i] = k;
    const b = k === null || k === undefined ? undefined : table.get(k);
    buckets[i] = b;
    total += b ? b.length : 1;
    if ((i & 0x3ff) === 0x3ff) checkDeadline(o.ctx, true);
  }
  if (total > MAX_JOIN_ROWS && kind !== 'leftanti' && kind !== 'leftsemi' && kind !== 'rightanti' && kind !== 'rightsemi') {
    fail(EXEC_CODES.memory, `join output exceeds ${MAX_JOIN_ROWS.toLocaleString('en-US')} rows (${total.toLocaleString('en-US')}): narrow the inputs (where, summarize) or use kind=innerunique/leftsemi`, at);
  }
  // Row pairs (2 × 4 bytes, twice while growing) and the copied output columns.
  reserve(total * (16 + outRowBytes), `join output of ${total.toLocaleString('en-US')} rows × ${16 + outRowBytes} bytes`);
  const lo = new IntBuf(), ro = new IntBuf();
  const rMatched = new Uint8Array(R.physLen);
  // innerunique keeps one left row per key: the last one seen (what the Kusto documentation shows).
  let lastLeft: Map<unknown, number> | undefined;
  if (kind === 'innerunique') {
    lastLeft = new Map();
    for (let i = 0; i < lrows.length; i++) { const k = lkeys[i]; if (buckets[i]) lastLeft.set(k, lrows[i]!); }
  }
  let done = 0;
  for (let i = 0; i < lrows.length; i++) {
    const l = lrows[i]!; const k = lkeys[i];
    const bucket = buckets[i];
    switch (kind) {
      case 'innerunique':
        if (!bucket || lastLeft!.get(k) !== l) break;
        for (const r of bucket) { lo.push(l); ro.push(r); }
        break;
      case 'inner':
        if (bucket) for (const r of bucket) { lo.push(l); ro.push(r); }
        break;
      case 'leftouter': case 'fullouter':
        if (bucket) for (const r of bucket) { lo.push(l); ro.push(r); rMatched[r] = 1; }
        else { lo.push(l); ro.push(-1); }
        break;
      case 'rightouter':
        if (bucket) for (const r of bucket) { lo.push(l); ro.push(r); rMatched[r] = 1; }
        break;
      case 'leftanti': if (!bucket) { lo.push(l); ro.push(-1); } break;
      case 'leftsemi': if (bucket) { lo.push(l); ro.push(-1); } break;
      case 'rightanti': case 'rightsemi': if (bucket) for (const r of bucket) rMatched[r] = 1; break;
    }
    // Checked per ROW_BLOCK output rows, not left rows: one left row can match millions.
    done += bucket ? bucket.length : 1;
    if (done >= ROW_BLOCK) { done = 0; checkDeadline(o.ctx, true); }
  }
  if (kind === 'rightouter' || kind === 'fullouter' || kind === 'rightanti') {
    for (const r of rrows) if (!rMatched[r]) { lo.push(-1); ro.push(r); }
  }
  if (kind === 'rightsemi') for (const r of rrows) if (rMatched[r]) { lo.push(-1); ro.push(r); }
  return { left: lo.finish(), right: ro.finish() };
}

const KINDS: Record<string, string> = {
  innerunique: 'innerunique', inner: 'inner', leftouter: 'leftouter', rightouter: 'rightouter', fullouter: 'fullouter',
  leftanti: 'leftanti', anti: 'leftanti', leftantisemi: 'leftanti', rightanti: 'rightanti', rightantisemi: 'rightanti',
  leftsemi: 'leftsemi', rightsemi: 'rightsemi', semi: 'leftsemi',
};

export const join: OperatorImpl<'Join'> = (op, input, o) => {
  const kindText = (paramText(op.params, 'kind') ?? 'innerunique').toLowerCase();
  const kind = KINDS[kindText];
  if (!kind) return fail(EXEC_CODES.badArgument, `unknown join kind '${kindText}'`, op);
  const L = compact(input);
  const R = compact(o.tabular(op.right, o.env));
  const keys = joinKeys(op.on);
  const m = hashJoin(kind, L, R, keys, o, op.on[0], outputRowBytes(L, R, o));
  const fields: Field[] = [];
  const taken = new Set<string>();
  const leftOnly = kind === 'leftanti' || kind === 'leftsemi';
  const rightOnly = kind === 'rightanti' || kind === 'rightsemi';
  // Output names are decided over all columns; only the columns the consumer reads are copied.
  const want = (n: string): boolean => !o.needed || o.needed.has(n);
  if (!rightOnly) for (const f of L.fields) { taken.add(f.name); if (want(f.name)) fields.push({ name: f.name, column: gatherOpt(f.column, m.left) }); }
  if (!leftOnly) for (const f of R.fields) { const name = uniqueName(f.name, taken); taken.add(name); if (want(name)) fields.push({ name, column: gatherOpt(f.column, m.right) }); }
  return { fields, physLen: m.left.length };
};

/** `lookup [kind=leftouter|inner] right on keys`: like a join, right key columns dropped, right side not de-duplicated. */
export const lookup: OperatorImpl<'Lookup'> = (op, input, o) => {
  const kindText = (paramText(op.params, 'kind') ?? 'leftouter').toLowerCase();
  const kind = kindText === 'inner' ? 'inner' : 'leftouter';
  const L = compact(input);
  const R = compact(o.tabular(op.right, o.env));
  const keys = joinKeys(op.on);
  const m = hashJoin(kind, L, R, keys, o, op.on[0], outputRowBytes(L, R, o));
  const fields: Field[] = [];
  const taken = new Set<string>();
  const want = (n: string): boolean => !o.needed || o.needed.has(n);
  for (const f of L.fields) { taken.add(f.name); if (want(f.name)) fields.push({ name: f.name, column: gatherOpt(f.column, m.left) }); }
  const rightKeys = new Set(keys.map((k) => k.right));
  for (const f of R.fields) {
    if (rightKeys.has(f.name)) continue;
    const name = uniqueName(f.name, taken); taken.add(name);
    if (want(name)) fields.push({ name, column: gatherOpt(f.column, m.right) });
  }
  return { fields, physLen: m.left.length };
};

/** Estimated bytes per output row of the columns the consumer reads (a right column may be renamed `name1`). */
function outputRowBytes(L: Batch, R: Batch, o: OpEnv): number {
  const want = (n: string): boolean => !o.needed || o.needed.has(n) || o.needed.has(n + '1');
  let n = 0;
  for (const f of L.fields) if (want(f.name)) n += columnRowBytes(f.column);
  for (const f of R.fields) if (want(f.name)) n += columnRowBytes(f.column);
  return n;
}

export type { Value };
