import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Text encodings of input files: detected from a BOM or from the NUL pattern of BOM-less UTF-16
 * and UTF-32; bytes that are not UTF-8 and hold no UTF-8 multi-byte sequence at all are read as
 * Windows-1252 (the legacy 8-bit encoding of Western exports; Latin-1 is its subset).
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export interface Sniffed {
  readonly encoding: Encoding;
  /** Length of the byte-order mark. */
  readonly bom: number;
  /** Set when the head is not text in any encoding we read (NUL bytes outside a UTF-16/32 pattern). */
  readonly binary?: string;
}

/** Encoding from a BOM, or from the NUL pattern of UTF-32 / UTF-16 text without one. */
export function sniffEncoding(b: Buffer): Sniffed {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  // UTF-32 LE's BOM starts with UTF-16 LE's: test it first.
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', bom: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const m4 = Math.min(b.length, 1024) & ~3;
  if (m4 >= 8) {
    // UTF-32 text of the Basic Latin range: three NULs in every 4 bytes.
    let le = 0, be = 0;
    for (let i = 0; i < m4; i += 4) {
      if (b[i + 1] === 0 && b[i + 2] === 0 && b[i + 3] === 0 && b[i] !== 0) le++;
      if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 0 && b[i + 3] !== 0) be++;
    }
    if (le > (m4 / 4) * 0.75) return { encoding: 'utf-32le', bom: 0 };
    if (be > (m4 / 4) * 0.75) return { encoding: 'utf-32be', bom: 0 };
  }
  if (b.length >= 4) {
    let evenNul = 0, oddNul = 0;
    const m = Math.min(b.length, 256) & ~1;
    for (let i = 0; i < m; i += 2) { if (b[i] === 0) evenNul++; if (b[i + 1] === 0) oddNul++; }
    // Mostly ASCII: one byte of each pair is NUL (a few non-Latin characters may have the other one NUL).
    if (oddNul > m / 4 && evenNul * 8 < oddNul) return { encoding: 'utf-16le', bom: 0 };
    if (evenNul > m / 4 && oddNul * 8 < evenNul) return { encoding: 'utf-16be', bom: 0 };
  }
  // NUL on the first line (no header or record has one): binary. NULs further on are read as
  // text and cost their own records (a log whose tail a crash filled with zeros keeps its lines).
  const nul = b.indexOf(0), nl = b.indexOf(10);
  if (nul >= 0 && (nl < 0 || nul < nl)) return { encoding: 'utf-8', bom: 0, binary: `a NUL byte at offset ${nul}, on the first line, and no UTF-16 or UTF-32 pattern: a binary file, not a text export` };
  return { encoding: 'utf-8', bom: 0 };
}

/** Decodes UTF-16; `valid` is false when a lone surrogate or an odd trailing byte was replaced by U+FFFD. */
export function decodeUtf16(b: Buffer, enc: 'utf-16le' | 'utf-16be'): { text: string; valid: boolean } {
  try { return { text: new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(b), valid: true }; }
  catch { return { text: new TextDecoder(enc, { ignoreBOM: true }).decode(b), valid: false }; }
}

/** Decodes UTF-32 (no decoder in Node); a unit outside Unicode or a surrogate becomes U+FFFD and `valid` false. */
export function decodeUtf32(b: Buffer, enc: 'utf-32le' | 'utf-32be'): { text: string; valid: boolean } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = enc === 'utf-32le';
  const n = b.length >> 2;
  let valid = (b.length & 3) === 0;
  const parts: string[] = [];
  const cps: number[] = [];
  for (let i = 0; i < n; i++) {
    let cp = dv.getUint32(i * 4, le);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { cp = 0xfffd; valid = false; }
    cps.push(cp);
    if (cps.length === 8192) { parts.push(String.fromCodePoint(...cps)); cps.length = 0; }
  }
  if (cps.length > 0) parts.push(String.fromCodePoint(...cps));
  if ((b.length & 3) !== 0) parts.push('\uFFFD');
  return { text: parts.join(''), valid };
}

const fatal = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const fatalKeepBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientKeepBom = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes one line cut from the middle of a file: like decodeUtf8, but a leading BOM is kept (it is not the file's). */
export function decodeUtf8Line(b: Uint8Array): { text: string; valid: boolean } {
  try { return { text: fatalKeepBom.decode(b), valid: true }; } catch { return { text: lenientKeepBom.decode(b), valid: false }; }
}

/** Decodes UTF-8; `valid` is false when invalid bytes were replaced by U+FFFD. */
export function decodeUtf8(b: Uint8Array): { text: string; valid: boolean } {
  // All-ASCII (most log exports): the bytes are the characters, copied without UTF-8 decoding.
  if (b.length >= 64 && isAscii(b)) return { text: Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1'), valid: true };
  try { return { text: fatal.decode(b), valid: true }; } catch { return { text: lenient.decode(b), valid: false }; }
}

/**
 * True when the bytes hold at least one well-formed UTF-8 multi-byte sequence. Bytes that are not
 * valid UTF-8 but hold such a sequence are damaged UTF-8; bytes with none are a legacy encoding.
 */
export function hasUtf8Multibyte(b: Uint8Array): boolean {
  const n = b.length;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > n) continue;
    if (isUtf8(b.subarray(i, i + len))) return true;
  }
  return false;
}

/** Windows-1252's 0x80–0x9F (WHATWG); Node's decoder of that name gives ISO-8859-1's C1 controls there. */
const CP1252_C1 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(b: Uint8Array): string {
  const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  return /[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!) : s;
}

/**
 * Text of bytes that should be UTF-8: valid UTF-8 as is; bytes with no UTF-8 multi-byte sequence
 * as Windows-1252 (`legacy`); damaged UTF-8 with U+FFFD and `valid` false (the caller quarantines).
 */
export function decodeText(b: Uint8Array, line = false): { text: string; valid: boolean; legacy: boolean } {
  const d = line ? decodeUtf8Line(b) : decodeUtf8(b);
  if (d.valid || hasUtf8Multibyte(b)) return { ...d, legacy: false };
  return { text: decodeWindows1252(b), valid: true, legacy: true };
}
