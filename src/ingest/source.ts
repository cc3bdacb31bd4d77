import { isAscii } from 'node:buffer';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * The bytes of one input file, gunzipped when they start with the gzip magic (whatever the
 * extension). A truncated or corrupt gzip ends the stream with `error` set; the bytes before it
 * are still delivered.
 */
export interface ByteSource {
  readonly gzip: boolean;
  readonly size: number;
  chunks(): AsyncGenerator<Buffer>;
  /** Set after chunks() ends when the stream failed (truncated gzip, read error). */
  error?: string;
  /** Compressed bytes read so far (progress). */
  bytesRead: number;
}

export function openSource(path: string, size: number): ByteSource {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  let n = 0;
  try { n = readSync(fd, head, 0, 2, 0); } finally { closeSync(fd); }
  const gzip = n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const src: ByteSource = {
    gzip, size, bytesRead: 0,
    async *chunks() {
      const raw = createReadStream(path, { highWaterMark: 1 << 20 });
      raw.on('data', (b) => { src.bytesRead += (b as Buffer).length; });
      let stream: Readable = raw;
      if (gzip) {
        const gz = createGunzip({ chunkSize: 1 << 20 });
        raw.on('error', (e) => gz.destroy(e));
        stream = raw.pipe(gz);
      }
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (e) {
        const msg = (e as Error).message;
        src.error = gzip ? `gzip stream ends early or is corrupt (${msg}); records before it were read` : `read error: ${msg}`;
      } finally {
        raw.destroy();
      }
    },
  };
  return src;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Encoding from a BOM or from the NUL pattern of UTF-16 text without one; and the BOM's length. */
export function sniffEncoding(b: Buffer): { encoding: Encoding; bom: number } {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (b.length >= 4) {
    let evenNul = 0, oddNul = 0;
    const m = Math.min(b.length, 256) & ~1;
    for (let i = 0; i < m; i += 2) { if (b[i] === 0) evenNul++; if (b[i + 1] === 0) oddNul++; }
    if (oddNul > m / 4 && evenNul === 0) return { encoding: 'utf-16le', bom: 0 };
    if (evenNul > m / 4 && oddNul === 0) return { encoding: 'utf-16be', bom: 0 };
  }
  return { encoding: 'utf-8', bom: 0 };
}

export function decodeUtf16(b: Buffer, enc: 'utf-16le' | 'utf-16be'): string {
  if (enc === 'utf-16le') return new TextDecoder('utf-16le').decode(b);
  const sw = Buffer.from(b); // swap to LE
  for (let i = 0; i + 1 < sw.length; i += 2) { const t = sw[i]!; sw[i] = sw[i + 1]!; sw[i + 1] = t; }
  return new TextDecoder('utf-16le').decode(sw);
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
