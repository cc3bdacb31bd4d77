// The loopback stand-in as the remote tests use it: a simulated tenant's tables, the built-in
// pack's stored functions and watchlists (plus the tenant's), served over https with a
// self-signed certificate made now; the CLI child trusts it through NODE_EXTRA_CA_CERTS.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { startServer, type RunningServer } from '../../src/serve/server.ts';
import { selfSignedCertificate } from '../../src/serve/cert.ts';
import { loadTables } from '../../src/ingest/load.ts';
import { loadPack, builtinRulesDir, loadWatchlistDir, watchlistProvider, type Watchlist } from '../../src/detect/index.ts';
import { ROOT } from '../helpers/shared.js';

export const TOKEN = 'loopback-test-token';
export const WORKSPACE_ID = '6d3c4f6a-1b2c-4d5e-8f90-0a1b2c3d4e5f';

export interface StandIn { server: RunningServer; caFile: string; dir: string }

export async function startStandIn(dataDir: string): Promise<StandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudhop-remote-'));
  const { cert, key } = await selfSignedCertificate();
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, cert);
  const { tables } = await loadTables([dataDir]);
  const pack = loadPack([builtinRulesDir()]);
  const watch = new Map<string, Watchlist>();
  for (const d of [...pack.watchlistDirs, join(dataDir, 'watchlists')]) if (existsSync(d)) for (const [k, v] of loadWatchlistDir(d, [])) watch.set(k, v);
  const server = await startServer({ tables, functions: pack.functions, watchlists: watchlistProvider(watch), token: TOKEN, tls: { cert, key } });
  return { server, caFile, dir };
}

/**
 * The CLI as a user runs it (a child process), trusting the stand-in's certificate. Asynchronous:
 * the stand-in runs in this process and must keep answering while the child waits on it.
 */
export function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e',
      `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [], err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}
