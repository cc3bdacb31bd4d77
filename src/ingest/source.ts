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

/** `start`: read from this byte on (a plain file resumed after its earlier part; not for gzip). */
export function openSource(path: string, size: number, start = 0): ByteSource {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  let n = 0;
  try { n = readSync(fd, head, 0, 2, 0); } finally { closeSync(fd); }
  const gzip = n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const src: ByteSource = {
    gzip, size, bytesRead: 0,
    async *chunks() {
      const raw = createReadStream(path, { highWaterMark: 1 << 20, start: gzip ? 0 : start });
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
