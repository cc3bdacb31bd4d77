// `cloudhop serve` as a child process, as a user runs it, for the tests of test/serve/ that need a
// real process (restarts, kill -9, the official clients in another process).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/shared.js';

/**
 * `cloudhop ARGS` (the TypeScript source through tsx, or with `built` the built bin/cloudhop.js,
 * which starts faster: tests that restart often).
 */
export function cli(args: string[], built = false): { code: number; out: string; err: string } {
  const argv = built ? [join(ROOT, 'bin/cloudhop.js'), ...args]
    : ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

export interface ServeChild { child: ChildProcess; lines: string[]; url: string; token: string; stderr(): string }

/** Starts `cloudhop serve ARGS` and resolves with its first stdout lines (listening, certificate, token). */
export function startServe(args: string[], built = false): Promise<ServeChild> {
  return new Promise((resolve, reject) => {
    const argv = built ? [join(ROOT, 'bin/cloudhop.js'), 'serve', ...args]
      : ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(['serve', ...args])}); })`];
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', done = false;
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const lines = out.split('\n');
      if (!done && lines.length > 3) {
        done = true;
        const tok = /^token: (\S+)/.exec(lines[2]!)?.[1] ?? '';
        resolve({ child, lines: lines.slice(0, 3), url: lines[0]!.replace(/^listening on /, ''), token: tok, stderr: () => err });
      }
    });
    child.stderr!.on('data', (b: Buffer) => { err += b.toString('utf8'); });
    child.on('exit', (code, sig) => { if (!done) reject(new Error(`serve exited ${code ?? sig}: ${err}`)); });
  });
}

/** Stops a serve child and waits for it to be gone. */
export function stopServe(s: ServeChild | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { s.child.once('exit', () => resolve()); s.child.kill(signal); });
}
