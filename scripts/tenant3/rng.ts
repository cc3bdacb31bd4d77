import { createHash } from 'node:crypto';

/**
 * Seeded randomness for the tenant3 generator: one sfc32 stream per purpose, derived from the seed
 * and a label, so adding draws in one part of the generator does not shift another part.
 */
export class Rng {
  private a: number; private b: number; private c: number; private d: number;
  constructor(seed: number, label = '') {
    // The state comes from SHA-256 of seed and label: nearby seeds give unrelated streams.
    const h = createHash('sha256').update(`tenant3|${seed}|${label}`).digest();
    this.a = h.readUInt32LE(0); this.b = h.readUInt32LE(4); this.c = h.readUInt32LE(8); this.d = h.readUInt32LE(12);
    for (let i = 0; i < 15; i++) this.u32();
  }
  u32(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** [0, 1) */
  next(): number { return this.u32() / 4294967296; }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]!; }
  /** weighted pick over [item, weight] pairs */
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let total = 0; for (const [, w] of xs) total += w;
    let r = this.next() * total;
    for (const [x, w] of xs) { if ((r -= w) < 0) return x; }
    return xs[xs.length - 1]![0];
  }
  shuffle<T>(xs: T[]): T[] { for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; } return xs; }
  sample<T>(xs: readonly T[], n: number): T[] { return this.shuffle([...xs]).slice(0, Math.min(n, xs.length)); }
  normal(mean: number, sd: number): number { const u = 1 - this.next(), v = this.next(); return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); }
  hex(n: number): string { let s = ''; while (s.length < n) s += this.u32().toString(16).padStart(8, '0'); return s.slice(0, n); }
  uuid(): string { const h = this.hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`; }
  /** base64url text like Entra's UniqueTokenIdentifier (16 random bytes) */
  token(bytes = 16): string { const b = Buffer.alloc(bytes); for (let i = 0; i < bytes; i++) b[i] = this.int(0, 255); return b.toString('base64url'); }
  digits(n: number): string { let s = ''; for (let i = 0; i < n; i++) s += String(this.int(0, 9)); return s; }
  upper(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string { let s = ''; for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)]; return s; }
}
