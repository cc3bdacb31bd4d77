/**
 * A term index for one dictionary-encoded string column of one segment: for each Kusto term
 * (semantics/terms.ts; stored under its case-free key, semantics/term-keys.ts), the sorted
 * DICTIONARY CODES whose string holds it. A store answers a TermFilter (kql/scan.ts) with
 * `candidates`, then keeps the rows whose code is a candidate; the engine still runs the exact
 * predicate on them, so the index only has to return a superset.
 *
 * Why codes, not row ids: log columns repeat (the same command line on many devices), so a term
 * is listed once per distinct string rather than once per row; measured in bench/term-index.ts
 * (see src/store/README.md for the figures). Turning codes into rows is one pass over the codes
 * with a bitmap lookup, which the exact predicate needs anyway.
 *
 * Values that hold a character whose case folding can move a term boundary (İ, U+0345;
 * term-keys.ts) are not tokenized: they are listed as "always candidates".
 *
 * Binary layout (little-endian; v1):
 *   0  'CHTI' magic, u8 version, 3 reserved bytes
 *   8  u32 dictSize, u32 termCount, u32 alwaysCount, u32 blockCount
 *  24  u32 blockOffset[blockCount]          (into the term area)
 *      u32 termAreaLength, term area         (blocks of BLOCK terms, front-coded)
 *      always-candidate codes                (delta varints)
 *      postings area                         (per term: see below)
 * A term entry: varint shared-prefix bytes (0 for a block's first term), varint suffix bytes,
 * the suffix (UTF-8), varint offset of its posting in the postings area. Terms are sorted by
 * UTF-8 bytes (= code point order; keys hold no surrogates). A posting: varint (count << 1 | dense);
 * dense = a bitmap of dictSize bits, else `count` delta varints of ascending codes.
 */
import type { StringColumn } from '../kql/data.js';
import { termKey, forEachTermKey, hasKeyHazard } from '../kql/data.js';
import { terms as splitTerms, foldCase } from '../kql/data.js';

const MAGIC = 0x49544843; // 'CHTI'
const VERSION = 1;
const BLOCK = 16;
const HEADER = 24;

export interface TermIndexStats {
  readonly dictSize: number;
  readonly terms: number;
  readonly alwaysCandidates: number;
  /** Sum over terms of their posting lengths. */
  readonly postings: number;
  readonly bytes: number;
}

/**
 * Builds the index of a string column's dictionary. With `codes`, only codes that some row uses
 * are indexed (a dictionary may hold unused entries); the others never become candidates.
 */
export function buildTermIndex(column: Pick<StringColumn, 'dict'> & { readonly codes?: Uint32Array }): Uint8Array {
  const dict = column.dict;
  const n = dict.length;
  let used: Uint8Array | undefined;
  if (column.codes) {
    used = new Uint8Array(n);
    const codes = column.codes;
    for (let i = 0; i < codes.length; i++) used[codes[i]!] = 1;
  }
  const postings = new Map<string, number[]>();
  const always: number[] = [];
  let code = 0;
  // Codes ascend, so a term seen twice in one value is the posting's last code.
  const add = (k: string): void => {
    const p = postings.get(k);
    if (p === undefined) postings.set(k, [code]); else if (p[p.length - 1] !== code) p.push(code);
  };
  for (; code < n; code++) {
    if (used && used[code] === 0) continue;
    if (!forEachTermKey(dict[code]!, add)) always.push(code);
  }
  const sorted = [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return encode(n, sorted, postings, always);
}

// ───────────────────────────── encoding ─────────────────────────────

class Writer {
  buf = new Uint8Array(1 << 16);
  len = 0;
  private grow(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const b = new Uint8Array(cap); b.set(this.buf.subarray(0, this.len)); this.buf = b;
  }
  varint(v: number): void {
    this.grow(5);
    while (v >= 0x80) { this.buf[this.len++] = (v & 0x7f) | 0x80; v >>>= 7; }
    this.buf[this.len++] = v;
  }
  bytes(b: Uint8Array): void { this.grow(b.length); this.buf.set(b, this.len); this.len += b.length; }
  zeros(n: number): number { this.grow(n); const at = this.len; this.buf.fill(0, at, at + n); this.len += n; return at; }
  done(): Uint8Array { return this.buf.subarray(0, this.len); }
}

const enc = new TextEncoder();

function sharedPrefix(a: Uint8Array, b: Uint8Array): number {
  const m = Math.min(a.length, b.length);
  let i = 0;
  while (i < m && a[i] === b[i]) i++;
  return i;
}

function encode(dictSize: number, sorted: string[], postings: Map<string, number[]>, always: number[]): Uint8Array {
  const post = new Writer();
  const termArea = new Writer();
  const blockOffsets: number[] = [];
  const bitmapBytes = (dictSize + 7) >> 3;
  let prev = new Uint8Array(0);
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!;
    const list = postings.get(key)!;
    const at = post.len;
    // Dense when the delta varints would be larger than the bitmap (about 1 code in 8 or more).
    if (list.length >= bitmapBytes) {
      post.varint((list.length << 1) | 1);
      const o = post.zeros(bitmapBytes);
      for (const c of list) post.buf[o + (c >> 3)]! |= 1 << (c & 7);
    } else {
      post.varint(list.length << 1);
      let last = 0;
      for (const c of list) { post.varint(c - last); last = c; }
    }
    const bytes = enc.encode(key);
    let shared = 0;
    if (i % BLOCK === 0) blockOffsets.push(termArea.len);
    else shared = sharedPrefix(prev, bytes);
    termArea.varint(shared);
    termArea.varint(bytes.length - shared);
    termArea.bytes(bytes.subarray(shared));
    termArea.varint(at);
    prev = bytes;
  }
  const alw = new Writer();
  let last = 0;
  for (const c of always) { alw.varint(c - last); last = c; }

  const out = new Writer();
  out.zeros(HEADER + 4 * blockOffsets.length + 4);
  const dv = new DataView(out.buf.buffer, out.buf.byteOffset);
  dv.setUint32(0, MAGIC, true);
  dv.setUint8(4, VERSION);
  dv.setUint32(8, dictSize, true);
  dv.setUint32(12, sorted.length, true);
  dv.setUint32(16, always.length, true);
  dv.setUint32(20, blockOffsets.length, true);
  for (let i = 0; i < blockOffsets.length; i++) dv.setUint32(HEADER + 4 * i, blockOffsets[i]!, true);
  dv.setUint32(HEADER + 4 * blockOffsets.length, termArea.len, true);
  out.bytes(termArea.done());
  out.bytes(alw.done());
  out.bytes(post.done());
  return out.done().slice();
}

// ───────────────────────────── reading ─────────────────────────────

/** Thrown for bytes that are not a term index this version can read (the store then scans). */
export class TermIndexFormatError extends Error {}

/** A read-only view over serialized index bytes (no copy; lookups decode only what they touch). */
export class TermIndex {
  readonly dictSize: number;
  readonly termCount: number;
  private readonly alwaysCount: number;
  private readonly blockCount: number;
  private readonly termStart: number;
  private readonly alwaysStart: number;
  private postStart = 0;
  private readonly dv: DataView;

  constructor(private readonly b: Uint8Array) {
    if (b.length < HEADER + 4) throw new TermIndexFormatError(`term index: ${b.length} bytes is too short`);
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (this.dv.getUint32(0, true) !== MAGIC) throw new TermIndexFormatError('term index: bad magic');
    const v = this.dv.getUint8(4);
    if (v !== VERSION) throw new TermIndexFormatError(`term index: version ${v}, this build reads ${VERSION}`);
    this.dictSize = this.dv.getUint32(8, true);
    this.termCount = this.dv.getUint32(12, true);
    this.alwaysCount = this.dv.getUint32(16, true);
    this.blockCount = this.dv.getUint32(20, true);
    const termLenAt = HEADER + 4 * this.blockCount;
    if (termLenAt + 4 > b.length) throw new TermIndexFormatError('term index: truncated block table');
    this.termStart = termLenAt + 4;
    this.alwaysStart = this.termStart + this.dv.getUint32(termLenAt, true);
    if (this.alwaysStart > b.length) throw new TermIndexFormatError('term index: truncated term area');
    let p = this.alwaysStart;
    for (let i = 0; i < this.alwaysCount; i++) p = this.skipVarint(p);
    this.postStart = p;
  }

  get byteLength(): number { return this.b.length; }

  private skipVarint(p: number): number {
    while (p < this.b.length && this.b[p]! >= 0x80) p++;
    if (p >= this.b.length) throw new TermIndexFormatError('term index: truncated varint');
    return p + 1;
  }
  /** Reads a varint at pos.p, advancing it. */
  private varint(pos: { p: number }): number {
    let v = 0, shift = 0, byte: number;
    do {
      if (pos.p >= this.b.length) throw new TermIndexFormatError('term index: truncated varint');
      byte = this.b[pos.p++]!;
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte >= 0x80);
    return v;
  }

  /** The codes always returned (values the index does not tokenize), ascending. */
  alwaysCandidates(): Uint32Array {
    const out = new Uint32Array(this.alwaysCount);
    const pos = { p: this.alwaysStart };
    let c = 0;
    for (let i = 0; i < this.alwaysCount; i++) { c += this.varint(pos); out[i] = c; }
    return out;
  }

  /** Offset of the posting of a term key in the postings area, or -1 when absent. */
  private find(key: Uint8Array): number {
    // Binary search over the blocks' first terms (stored whole), then a scan of one block.
    let lo = 0, hi = this.blockCount - 1, block = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const pos = { p: this.termStart + this.dv.getUint32(HEADER + 4 * mid, true) };
      this.varint(pos);
      const len = this.varint(pos);
      const c = compareBytes(this.b, pos.p, len, key);
      if (c === 0) { pos.p += len; return this.varint(pos); }
      if (c < 0) { block = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (block < 0) return -1;
    const pos = { p: this.termStart + this.dv.getUint32(HEADER + 4 * block, true) };
    const cur = new Uint8Array(256);
    let curLen = 0, buf = cur;
    const end = Math.min(BLOCK, this.termCount - block * BLOCK);
    for (let i = 0; i < end; i++) {
      const shared = this.varint(pos);
      const len = this.varint(pos);
      if (shared + len > buf.length) { const nb = new Uint8Array((shared + len) * 2); nb.set(buf.subarray(0, curLen)); buf = nb; }
      buf.set(this.b.subarray(pos.p, pos.p + len), shared);
      curLen = shared + len;
      pos.p += len;
      const at = this.varint(pos);
      const c = compareBytes(buf, 0, curLen, key);
      if (c === 0) return at;
      if (c > 0) return -1;
    }
    return -1;
  }

  /** The ascending codes of one term key's posting, or undefined when the term is absent. */
  private posting(key: string): Uint32Array | undefined {
    const at = this.find(enc.encode(key));
    if (at < 0) return undefined;
    const pos = { p: this.postStart + at };
    const h = this.varint(pos);
    const count = Math.floor(h / 2);
    const out = new Uint32Array(count);
    if (h % 2 === 1) {
      let k = 0;
      const base = pos.p;
      for (let c = 0; c < this.dictSize && k < count; c++) if ((this.b[base + (c >> 3)]! >> (c & 7)) & 1) out[k++] = c;
    } else {
      let c = 0;
      for (let i = 0; i < count; i++) { c += this.varint(pos); out[i] = c; }
    }
    return out;
  }

  /**
   * The dictionary codes that may satisfy a TermFilter (kql/scan.ts): codes whose value holds
   * every term of at least one entry, plus the always-candidates; ascending. A SUPERSET of the
   * codes whose value satisfies the filter's source predicate. Undefined when the index cannot
   * narrow: an entry without terms (matches every value), or a term with a hazard character
   * (term-keys.ts). Each given term is split again into Kusto terms, so "az login" as one term
   * is read as ["az", "login"].
   */
  candidates(anyOf: readonly (readonly string[])[]): Uint32Array | undefined {
    const mark = this.candidateMask(anyOf);
    if (mark === undefined) return undefined;
    let n = 0;
    for (let c = 0; c < mark.length; c++) n += mark[c]!;
    const out = new Uint32Array(n);
    let k = 0;
    for (let c = 0; c < mark.length; c++) if (mark[c] === 1) out[k++] = c;
    return out;
  }

  /** `candidates` as a mask over the dictionary (1 = candidate): what a scan looks row codes up in. */
  candidateMask(anyOf: readonly (readonly string[])[]): Uint8Array | undefined {
    const mark = new Uint8Array(this.dictSize);
    for (const entry of anyOf) {
      const keys: string[] = [];
      for (const t of entry) {
        if (hasKeyHazard(t)) return undefined;
        for (const part of splitTerms(foldCase(t))) keys.push(termKey(part));
      }
      if (keys.length === 0) return undefined;
      const lists: Uint32Array[] = [];
      let missing = false;
      for (const k of new Set(keys)) {
        const p = this.posting(k);
        if (p === undefined) { missing = true; break; }
        lists.push(p);
      }
      if (missing) continue;
      lists.sort((a, b) => a.length - b.length);
      let acc = lists[0]!;
      for (let i = 1; i < lists.length && acc.length > 0; i++) acc = intersect(acc, lists[i]!);
      for (let i = 0; i < acc.length; i++) mark[acc[i]!] = 1;
    }
    const pos = { p: this.alwaysStart };
    let c = 0;
    for (let i = 0; i < this.alwaysCount; i++) { c += this.varint(pos); mark[c] = 1; }
    return mark;
  }

  /** Sizes, for reports and benchmarks. */
  stats(): TermIndexStats {
    let postings = 0;
    const pos = { p: this.termStart };
    for (let i = 0; i < this.termCount; i++) {
      this.varint(pos); const len = this.varint(pos); pos.p += len;
      const at = this.varint(pos);
      postings += Math.floor(this.varint({ p: this.postStart + at }) / 2);
    }
    return { dictSize: this.dictSize, terms: this.termCount, alwaysCandidates: this.alwaysCount, postings, bytes: this.b.length };
  }
}

/** Opens serialized index bytes (throws TermIndexFormatError on bytes it cannot read). */
export function openTermIndex(bytes: Uint8Array): TermIndex { return new TermIndex(bytes); }

function compareBytes(a: Uint8Array, at: number, len: number, b: Uint8Array): number {
  const m = Math.min(len, b.length);
  for (let i = 0; i < m; i++) { const d = a[at + i]! - b[i]!; if (d !== 0) return d; }
  return len - b.length;
}

function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { out[k++] = x; i++; j++; } else if (x < y) i++; else j++;
  }
  return out.subarray(0, k);
}
