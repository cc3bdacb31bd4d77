/**
 * Seeded pseudo-random numbers for the simulator. Everything the simulator draws comes from one
 * of these generators, so a seed reproduces its output byte for byte (no Date.now, no Math.random).
 * sfc32 (small fast counter, 128-bit state), seeded through splitmix32 so nearby seeds diverge.
 */
export class Rng {
  private a: number; private b: number; private c: number; private d: number;

  constructor(seed: number | string) {
    let s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A new generator derived from this one and a label: independent streams per concern. */
  fork(label: string): Rng { return new Rng((this.u32() ^ hashString(label)) >>> 0); }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number { return this.u32() / 4294967296; }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]!; }
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(xs: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < xs.length; i++) { r -= weights[i]!; if (r < 0) return xs[i]!; }
    return xs[xs.length - 1]!;
  }
  /** k distinct elements (k clamped to the length), in random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const a = xs.slice();
    const n = Math.min(k, a.length);
    for (let i = 0; i < n; i++) { const j = i + Math.floor(this.next() * (a.length - i)); [a[i], a[j]] = [a[j]!, a[i]!]; }
    return a.slice(0, n);
  }
  shuffle<T>(xs: T[]): T[] { return this.sample(xs, xs.length); }
  /** Standard normal (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(), v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Exponential with the given mean. */
  exp(mean: number): number { return -Math.log(1 - this.next()) * mean; }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  /** Lowercase random (version 4 layout) GUID. */
  guid(): string {
    const h = this.hex(32);
    const v = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** Uppercase letters and digits. */
  alnum(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  digits(n: number): string { return this.alnum(n, '0123456789'); }
}

/** FNV-1a 32-bit: stable hashes of labels and names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

const HASHES = new Map<string, string>();

/** A stable pseudo-hash hex string of a name (for file hashes that must agree across rows). Memoised. */
export function fakeHash(name: string, hexLen: number): string {
  const key = `${hexLen}|${name}`;
  const hit = HASHES.get(key);
  if (hit !== undefined) return hit;
  if (HASHES.size > 50_000) HASHES.clear();
  const v = computeHash(name, hexLen);
  HASHES.set(key, v);
  return v;
}

function computeHash(name: string, hexLen: number): string {
  let out = '';
  let h = hashString(name);
  while (out.length < hexLen) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h ^ hashString(out + name)) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, hexLen);
}
