/**
 * ipv6_lookup(LookupTable, SourceIPv6Key, IPv6LookupKey [, ExtraKey…] [, return_unmatched]):
 * joins each input row to the lookup rows whose IPv6 block (address or CIDR text) matches the
 * row's address (ipv6_is_match: equal on the shorter prefix) and whose extra keys are equal;
 * unmatched rows are dropped unless return_unmatched is true. Output, as the documentation's
 * example prints it: the lookup table's columns, then the input's.
 *
 * Index: the lookup blocks are grouped by prefix length in maps keyed by the masked network, so
 * an address costs one map probe per distinct prefix length (exact 128-bit arithmetic, BigInt).
 */
import type { Field } from '../../../data/column.js';
import type * as A from '../../../syntax/ast.js';
import type { Batch } from '../../batch.js';
import type { OpEnv } from '../../operator.js';
import { compact, gatherOpt } from '../../batch.js';
import { compile } from '../../expr.js';
import { EXEC_CODES, fail } from '../../context.js';
import { parseIpv6Cidr, mask128 } from '../../../functions/scalar/network.js';

export function ipv6Lookup(call: A.Call, input: Batch, o: OpEnv): Batch {
  const L = compact(input);
  const pos = call.args.filter((a) => a.kind !== 'NamedArg');
  const named = call.args.find((a) => a.kind === 'NamedArg' && a.name.name.toLowerCase() === 'return_unmatched');
  let returnUnmatched = false;
  let keyArgs = pos.slice(1);
  const last = pos[pos.length - 1];
  if (named && named.kind === 'NamedArg') returnUnmatched = compile(named.value, o.scope([])).value === true;
  else if (last && last.kind === 'Literal' && typeof last.value === 'boolean') { returnUnmatched = last.value; keyArgs = keyArgs.slice(0, -1); }
  if (!pos[0] || keyArgs.length < 2) return fail(EXEC_CODES.badArgument, 'ipv6_lookup(LookupTable, SourceIPv6Key, IPv6LookupKey [, ExtraKey…] [, return_unmatched])', call);
  const R = compact(o.tabular(pos[0], o.env));
  const names = keyArgs.map((a) => (a.kind === 'Name' ? a.name : fail(EXEC_CODES.badArgument, 'ipv6_lookup keys must be column names', a)));
  const col = (b: Batch, n: string, side: string) => b.fields.find((f) => f.name === n)?.column ?? fail(EXEC_CODES.unknownColumn, `ipv6_lookup: the ${side} table has no column '${n}'`, call);
  const srcIp = col(L, names[0]!, 'input'), rangeCol = col(R, names[1]!, 'lookup');
  const extra = names.slice(2).map((n) => ({ l: col(L, n, 'input'), r: col(R, n, 'lookup') }));

  // prefix length → masked network → lookup rows (in table order)
  const byPrefix = new Map<number, Map<bigint, number[]>>();
  for (let r = 0; r < R.physLen; r++) {
    const c = parseIpv6Cidr(String(rangeCol.get(r) ?? ''));
    if (!c) continue;
    let m = byPrefix.get(c.prefix);
    if (!m) { m = new Map(); byPrefix.set(c.prefix, m); }
    const k = c.ip & mask128(c.prefix);
    const l = m.get(k);
    if (l) l.push(r); else m.set(k, [r]);
  }
  const prefixes = [...byPrefix.keys()];
  const lo: number[] = [], ro: number[] = [];
  for (let l = 0; l < L.physLen; l++) {
    const ip = parseIpv6Cidr(String(srcIp.get(l) ?? ''));
    const hits: number[] = [];
    if (ip) {
      for (const p of prefixes) {
        const q = Math.min(p, ip.prefix);
        const m = byPrefix.get(p)!;
        if (q === p) { const rows = m.get(ip.ip & mask128(p)); if (rows) hits.push(...rows); continue; }
        // A block longer than the address's own prefix: compare on the address's prefix.
        for (const [net, rows] of m) if ((net & mask128(q)) === (ip.ip & mask128(q))) hits.push(...rows);
      }
      hits.sort((x, y) => x - y);
    }
    let matched = false;
    for (const row of hits) {
      if (extra.some((x) => x.l.get(l) !== x.r.get(row))) continue;
      lo.push(l); ro.push(row); matched = true;
    }
    if (!matched && returnUnmatched) { lo.push(l); ro.push(-1); }
  }
  const li = Int32Array.from(lo), ri = Int32Array.from(ro);
  const fields: Field[] = R.fields.map((f) => ({ name: f.name, column: gatherOpt(f.column, ri) }));
  const taken = new Set(fields.map((f) => f.name));
  for (const f of L.fields) if (!taken.has(f.name)) fields.push({ name: f.name, column: gatherOpt(f.column, li) });
  return { fields, physLen: li.length };
}
