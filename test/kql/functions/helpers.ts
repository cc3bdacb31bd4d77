/** Calls built-in functions directly over boxed values (the executor's contract, no query needed). */
import type { ScalarType, Value } from '../../../src/kql/data/types.js';
import { parseIsoDatetime } from '../../../src/kql/data/convert.js';
import { lookupFunction } from '../../../src/kql/functions/catalog.js';
import { aggregateImpl, scalarImpl } from '../../../src/kql/functions/registry.js';
import { paramFor } from '../../../src/kql/functions/catalog.js';

export const NOW = parseIsoDatetime('2024-01-01T00:00:00Z')!;
export const dt = (s: string): number => { const t = parseIsoDatetime(s); if (t === null) throw new Error(`bad datetime ${s}`); return t; };

/** Infers a type per argument: strings → string, integers → long, other numbers → real, bool, objects → dynamic. */
export function typesOf(args: readonly Value[]): ScalarType[] {
  return args.map((a) => (typeof a === 'string' ? 'string' : typeof a === 'boolean' ? 'bool' : typeof a === 'number' ? (Number.isInteger(a) ? 'long' : 'real') : 'dynamic'));
}

export function call(name: string, args: readonly Value[], types: readonly ScalarType[] = typesOf(args)): Value {
  const sig = lookupFunction(name);
  if (!sig) throw new Error(`no function ${name}`);
  const impl = scalarImpl(sig.name);
  if (!impl) throw new Error(`no impl ${name}`);
  return impl(args, types, { now: NOW });
}

/** Runs an aggregate over rows of argument values. */
export function aggregate(name: string, rows: readonly (readonly Value[])[], types?: readonly ScalarType[]): Value | Value[] {
  const sig = lookupFunction(name)!;
  const impl = aggregateImpl(sig.name)!;
  const t = types ?? typesOf(rows[0] ?? []);
  const n = t.length;
  const consts = t.map((_, i) => (paramFor(sig, i, n)?.constant ? rows[0]?.[i] ?? null : undefined));
  const acc = impl.create(t, consts);
  for (const r of rows) acc.add(r);
  return acc.result();
}
