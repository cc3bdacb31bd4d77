import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Safe files: every file cloudhop writes (alerts, incidents, reports, ARM templates, simulated
 * telemetry, workspace segments and manifest) is written to a temporary file in the same folder,
 * flushed to disk and renamed over the target. A reader sees the old file or the new one, never a
 * part of either; a failed write (disk full, killed process) leaves the old file and removes its
 * temporary file.
 *
 * Test hook (documented in docs/CLI.md, "Exit statuses"): when the environment variable
 * `CLOUDHOP_FAULT_ENOSPC_AFTER=N` is set, writes through this module fail with ENOSPC ("no space
 * left on device") once N bytes in total have been written by the process, as a full disk would.
 * Fault tests use it where a small tmpfs cannot be mounted.
 */

/** The temporary name beside `path` (same folder, so the rename stays on one file system). */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

let faultBudget: number | undefined = (() => {
  const v = process.env.CLOUDHOP_FAULT_ENOSPC_AFTER;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
})();

/** How many of `n` bytes may still be written under the fault hook; throws ENOSPC when none. */
function allowBytes(n: number): number {
  if (faultBudget === undefined) return n;
  if (faultBudget <= 0) throw enospc();
  const k = Math.min(n, faultBudget);
  faultBudget -= k;
  return k;
}

function enospc(): NodeJS.ErrnoException {
  const e = new Error('ENOSPC: no space left on device, write') as NodeJS.ErrnoException;
  e.code = 'ENOSPC'; e.errno = -28; e.syscall = 'write';
  return e;
}

function unlinkQuiet(p: string): void { try { unlinkSync(p); } catch { /* never created or gone */ } }

/** Writes bytes to `path` atomically: temporary file in the same folder, fsync, rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = tempPathFor(path);
  const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    let off = 0;
    while (off < b.length) {
      const n = allowBytes(b.length - off);
      off += writeSync(fd, b, off, n); // a partial fault budget writes part, then the next turn throws
    }
    fsyncSync(fd);
    closeSync(fd); fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) { try { closeSync(fd); } catch { /* already failed */ } }
    unlinkQuiet(tmp);
    throw e;
  }
}

/** Creates the parent folder, then writes atomically (for user-named output files). */
export function writeOutputFile(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, bytes);
}

/**
 * A streamed output file with the same guarantee: written to a temporary file, renamed over `path`
 * by `commit()`; `abort()` (or any write error) removes the temporary file. Errors of the
 * underlying stream are rethrown by the next `write`/`commit`, never left unhandled.
 */
export class AtomicWriteStream {
  private readonly tmp: string;
  private readonly stream: WriteStream;
  private error: Error | undefined;
  private done = false;
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = tempPathFor(path);
    this.stream = createWriteStream(this.tmp);
    this.stream.on('error', (e) => { this.error ??= e; });
  }
  /** Writes a chunk, waiting when the stream asks for it (backpressure). */
  async write(chunk: string): Promise<void> {
    this.check();
    try { allowBytes(Buffer.byteLength(chunk)); } catch (e) { this.error = e as Error; this.abort(); throw e; }
    if (!this.stream.write(chunk)) {
      try { await once(this.stream, 'drain'); } catch (e) { this.error ??= e as Error; } // once() rejects on 'error'
    }
    this.check();
  }
  /** Ends the stream, flushes it to disk and renames it over the target. */
  async commit(last = ''): Promise<void> {
    this.check();
    this.stream.end(last);
    try { await once(this.stream, 'close'); } catch (e) { this.error ??= e as Error; }
    this.check();
    try {
      const fd = openSync(this.tmp, 'r+'); try { fsyncSync(fd); } finally { closeSync(fd); }
      renameSync(this.tmp, this.path);
      this.done = true;
    } catch (e) { this.abort(); throw e; }
  }
  /** Drops the temporary file; the target is left as it was. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.stream.destroy();
    unlinkQuiet(this.tmp);
  }
  private check(): void {
    if (this.error) { this.abort(); throw this.error; }
  }
}
