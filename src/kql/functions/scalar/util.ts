/** Small helpers shared by the scalar implementations. */
import type { DynamicValue, ScalarType, Value } from '../../data/types.js';
import { toLongValue, toRealValue, toStringValue, toDynamicElement } from '../../semantics/convert.js';
import type { ScalarImpl } from '../types.js';

/** Argument i as text (tostring semantics; null → ""). */
export function str(args: readonly Value[], types: readonly ScalarType[], i: number): string {
  return toStringValue(args[i] ?? null, types[i] ?? 'string');
}

/** Argument i as a number (null when null or not numeric). */
export function num(args: readonly Value[], types: readonly ScalarType[], i: number): number | null {
  const v = args[i];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return toRealValue(v, types[i] ?? 'dynamic');
}

/** Argument i as an integer (truncated), or null. */
export function int(args: readonly Value[], types: readonly ScalarType[], i: number): number | null {
  const v = args[i];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  return toLongValue(v, types[i] ?? 'dynamic');
}

/** Argument i as an exact 64-bit integer (a bigint long stays exact), or null. */
export function int64(args: readonly Value[], types: readonly ScalarType[], i: number): bigint | null {
  const v = args[i];
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  const n = int(args, types, i);
  return n === null ? null : BigInt.asIntN(64, BigInt(n));
}

/** Argument i as dynamic content (typed values converted as pack() would store them). */
export function dyn(args: readonly Value[], types: readonly ScalarType[], i: number): DynamicValue {
  const v = args[i];
  if (v === undefined) return null;
  return toDynamicElement(v, types[i] ?? 'dynamic');
}

/** Argument i as an array, or undefined when it is not one. */
export function arr(args: readonly Value[], i: number): DynamicValue[] | undefined {
  const v = args[i];
  return Array.isArray(v) ? (v as DynamicValue[]) : undefined;
}

export function isBag(v: unknown): v is Record<string, DynamicValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A registration helper: `def(map, 'name', impl)`. */
export function def(map: Map<string, ScalarImpl>, name: string, impl: ScalarImpl): void {
  if (map.has(name)) throw new Error(`duplicate implementation: ${name}`);
  map.set(name, impl);
}

/** Unicode code points of a string (Kusto counts characters, not UTF-16 units). */
export function codePoints(s: string): string[] { return Array.from(s); }

/** Canonical key of a value for sets and distinct counts (type-aware, deep for dynamic). */
export function valueKey(v: DynamicValue | Value): string {
  if (v === null || v === undefined) return 'n';
  switch (typeof v) {
    case 'string': return 's' + v;
    case 'number': return 'd' + String(v);
    case 'boolean': return v ? 'bt' : 'bf';
    default: return 'j' + stableJson(v as DynamicValue);
  }
}

/** JSON with object keys in insertion order (Kusto keeps property order); used for keys only. */
export function stableJson(v: DynamicValue): string { return JSON.stringify(v); }
