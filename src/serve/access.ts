/**
 * Who may connect to `cloudhop serve`, and how: the TLS certificate (given, or self-signed on first
 * start and kept in the workspace so that clients trust it once), the bearer token (from a file, or
 * generated and printed once), and the binding rule (loopback by default; any other address only
 * with TLS and a token file).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { selfSignedCertificate } from './cert.js';

/** Where the self-signed certificate and its key are kept: `<workspace>/serve/`. */
export function certPaths(workspace: string): { dir: string; cert: string; key: string } {
  const dir = join(workspace, 'serve');
  return { dir, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
}

/**
 * The workspace's self-signed certificate: made on first start (valid 1 year, names localhost,
 * 127.0.0.1, ::1), kept, and made again only when it has expired. `made` says it is new.
 */
export async function workspaceCertificate(workspace: string): Promise<{ cert: string; key: string; certFile: string; made: boolean }> {
  const p = certPaths(workspace);
  if (existsSync(p.cert) && existsSync(p.key)) {
    const cert = readFileSync(p.cert, 'utf8'), key = readFileSync(p.key, 'utf8');
    if (Date.parse(new X509Certificate(cert).validTo) > Date.now() + 86_400_000) return { cert, key, certFile: p.cert, made: false };
  }
  const { cert, key } = await selfSignedCertificate(365);
  mkdirSync(p.dir, { recursive: true });
  writeFileSync(p.key, key, { mode: 0o600 });
  chmodSync(p.key, 0o600);
  writeFileSync(p.cert, cert);
  return { cert, key, certFile: p.cert, made: true };
}

/** A token file's token (its first line, trimmed), or a message. */
export function readToken(file: string): string {
  const t = readFileSync(file, 'utf8').split(/\r?\n/)[0]!.trim();
  if (t.length < 16) throw new Error(`${file}: the token on its first line is ${t.length === 0 ? 'empty' : 'shorter than 16 characters'}`);
  if (!/^[\x21-\x7e]+$/.test(t)) throw new Error(`${file}: the token has characters an Authorization header cannot carry (use printable ASCII without spaces)`);
  return t;
}

export function generateToken(): string { return randomBytes(32).toString('base64url'); }

/** Loopback addresses (and `localhost`). */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}
