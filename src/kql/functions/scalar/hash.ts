/** Hashes: hash (xxHash64, as Kusto), hash_xxhash64, hash_sha256/sha1/md5, hash_combine, hash_many. */
import { createHash } from 'node:crypto';
import { type ScalarType, type Value, exactLong } from '../../data/types.js';
import { toStringValue } from '../../semantics/convert.js';
import type { ScalarImpl } from '../types.js';
import { def, int, int64 } from './util.js';

const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P3 = 1609587929392839161n;
const P4 = 9650029242287828579n, P5 = 2870177450012600261n;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M64;
const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * P2) & M64, 31n) * P1) & M64;
const merge = (acc: bigint, v: bigint) => (((acc ^ round(0n, v)) * P1) + P4) & M64;

/** xxHash64 (seed 0) of bytes, as an unsigned BigInt. */
export function xxhash64(b: Uint8Array, seed = 0n): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u64 = (i: number) => dv.getBigUint64(i, true);
  const u32 = (i: number) => BigInt(dv.getUint32(i, true));
  const len = b.length;
  let i = 0, h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M64, v2 = (seed + P2) & M64, v3 = seed, v4 = (seed - P1) & M64;
    for (; i + 32 <= len; i += 32) { v1 = round(v1, u64(i)); v2 = round(v2, u64(i + 8)); v3 = round(v3, u64(i + 16)); v4 = round(v4, u64(i + 24)); }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = merge(h, v1); h = merge(h, v2); h = merge(h, v3); h = merge(h, v4);
  } else h = (seed + P5) & M64;
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) h = ((rotl(h ^ round(0n, u64(i)), 27n) * P1) + P4) & M64;
  for (; i + 4 <= len; i += 4) h = ((rotl(h ^ ((u32(i) * P1) & M64), 23n) * P2) + P3) & M64;
  for (; i < len; i++) h = (rotl(h ^ ((BigInt(b[i]!) * P5) & M64), 11n) * P1) & M64;
  h ^= h >> 33n; h = (h * P2) & M64; h ^= h >> 29n; h = (h * P3) & M64; h ^= h >> 32n;
  return h;
}

/** The bytes Kusto hashes for a value: UTF-8 text for strings; 8-byte little-endian for numbers. */
function bytesOf(v: Value, t: ScalarType): Uint8Array {
  if (typeof v === 'number' && t === 'datetime') {
    // .NET DateTime ticks (from 0001-01-01): hash_xxhash64(datetime("2015-01-01")) == 1380966698541616202
    const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt(Math.round(v)) + 621355968000000000n, true); return b;
  }
  if (typeof v === 'bigint') { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, v), true); return b; }
  if (typeof v === 'number' && (t === 'int' || t === 'long' || t === 'timespan')) {
    const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt(Math.trunc(v)), true); return b;
  }
  if (typeof v === 'number' && (t === 'real' || t === 'decimal')) {
    const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, v, true); return b;
  }
  return new Uint8Array(Buffer.from(toStringValue(v, t), 'utf8'));
}

/** The hash as a signed long: exact (a bigint beyond 2^53, types.ts). */
function signed(h: bigint): number | bigint { return exactLong(h); }

export function registerHash(m: Map<string, ScalarImpl>): void {
  const xx: ScalarImpl = (a, t) => {
    if (a[0] === null) return null;
    const h = xxhash64(bytesOf(a[0] ?? null, t[0] ?? 'string'));
    if (a.length > 1) {
      const mod = int(a, t, 1);
      if (mod === null || mod <= 0) return null;
      return Number(h % BigInt(mod));
    }
    return signed(h);
  };
  def(m, 'hash', xx);
  def(m, 'hash_xxhash64', xx);
  // The cryptographic hashes digest the UTF-8 text of the value (its tostring() form): the docs'
  // hash_md5(datetime(2020-01-01)) is the MD5 of "2020-01-01T00:00:00.0000000Z", not of its ticks.
  const crypto = (alg: string): ScalarImpl => (a, t) => (a[0] === null ? null : createHash(alg).update(toStringValue(a[0] ?? null, t[0] ?? 'string'), 'utf8').digest('hex'));
  def(m, 'hash_sha256', crypto('sha256'));
  def(m, 'hash_sha1', crypto('sha1'));
  def(m, 'hash_md5', crypto('md5'));
  def(m, 'hash_combine', (a, t) => {
    let h = 0n;
    for (let i = 0; i < a.length; i++) {
      const x = int64(a, t, i);
      if (x === null) return null;
      h = BigInt.asUintN(64, (h ^ BigInt.asUintN(64, x)) * P1);
    }
    return signed(h);
  });
  def(m, 'hash_many', (a, t) => {
    let h = 0n;
    for (let i = 0; i < a.length; i++) h = BigInt.asUintN(64, (h * 31n) ^ xxhash64(bytesOf(a[i] ?? null, t[i] ?? 'string')));
    return signed(h);
  });
}
