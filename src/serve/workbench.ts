/**
 * The web workbench of `cloudhop serve` (issue 18; source in web/, bundled into dist/web by
 * scripts/build-web.mjs): its static files at `/`, and the two small routes it needs beside the
 * Kusto and Log Analytics APIs.
 *
 *   GET  /, /index.html, /app.js, /app.css, /editor.worker.js, /kusto.worker.js, /assets/*
 *        the page and its bundles (no token: a browser cannot send one when it opens a URL; they hold
 *        no data). gzip when the browser takes it. Every response carries the CSP below.
 *   GET  /workbench/api/schema   tables (columns, types, row counts, the time column's first and
 *                                last value), known empty tables, stored functions
 *   POST /workbench/api/check    {query} → {diagnostics}: our `check` against the served schema
 *                                (code, severity, message, start/length offsets, line:col)
 * The API routes need the bearer token like every other route (server.ts's hook).
 *
 * Content-Security-Policy: scripts, workers, styles, fonts, images and connections from this origin
 * only; no inline script, no eval; styles may be set by script (Monaco and ECharts position their
 * elements with style attributes), so style-src has 'unsafe-inline'; nothing may frame the page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { check, type Diagnostic, type StoredFunction } from '../kql/frontend.js';
import type { Table, TableSchema } from '../kql/data.js';
import { schemaOf } from '../kql/data.js';
import { execute, isTableSource, type TableSource } from '../kql/index.js';

export const CSP = [
  "default-src 'none'", "script-src 'self'", "worker-src 'self'", "style-src 'self' 'unsafe-inline'", "font-src 'self'",
  "img-src 'self' data: blob:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** dist/web: beside dist/serve when built, or from src/serve under tsx (tests). */
export function workbenchDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const d of [join(here, '..', 'web'), join(here, '..', '..', 'dist', 'web')]) if (existsSync(join(d, 'index.html'))) return d;
  return undefined;
}

/** Static paths of the workbench (served without a token). */
export function isWorkbenchAsset(url: string): boolean {
  const p = url.split('?')[0]!;
  return p === '/' || p === '/index.html' || /^\/(app\.(js|css)|editor\.worker\.js|kusto\.worker\.js|[\w.-]+\.LEGAL\.txt|assets\/[\w.-]+)$/.test(p);
}

export interface WorkbenchOptions {
  readonly snapshot: () => Promise<{ tables: ReadonlyMap<string, Table> }>;
  readonly knownTables?: ReadonlyMap<string, TableSchema>;
  readonly functions?: readonly StoredFunction[];
  readonly database: string;
}

export interface SchemaTableInfo {
  name: string; columns: { name: string; type: string }[]; rows: number | null;
  timeColumn: string | null; from: string | null; to: string | null;
}

const TIME_COLUMNS = ['TimeGenerated', 'Timestamp'];

export function registerWorkbench(app: FastifyInstance, o: WorkbenchOptions): void {
  const dir = workbenchDir();
  const files = new Map<string, { body: Buffer; gz: Buffer | null; type: string }>();
  const fileOf = (p: string): { body: Buffer; gz: Buffer | null; type: string } | undefined => {
    if (!dir) return undefined;
    const rel = p === '/' ? 'index.html' : p.slice(1);
    const full = normalize(join(dir, rel));
    if (!full.startsWith(dir + sep) || !existsSync(full) || !statSync(full).isFile()) return undefined;
    let f = files.get(full);
    if (!f) {
      const body = readFileSync(full);
      const type = TYPES[extname(full)] ?? 'application/octet-stream';
      f = { body, gz: /^text\//.test(type) && body.length > 1024 ? gzipSync(body) : null, type };
      files.set(full, f);
    }
    return f;
  };
  const secure = (reply: FastifyReply): FastifyReply => reply
    .header('content-security-policy', CSP).header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY').header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');

  app.get('/*', async (req, reply) => {
    const p = req.url.split('?')[0]!;
    const f = isWorkbenchAsset(p) ? fileOf(p) : undefined;
    if (!f) {
      if (isWorkbenchAsset(p) && !dir) { await secure(reply).code(404).type('text/plain; charset=utf-8').send('the workbench is not built (npm run build makes dist/web)'); return; }
      reply.callNotFound();
      return;
    }
    secure(reply).type(f.type).header('cache-control', 'no-cache');
    const gz = f.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gz) reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
    await reply.send(gz ? f.gz : f.body);
  });

  // Per table object: a workspace generation keeps its table objects across requests (each request
  // has its own map), so the time range is computed once per table and generation.
  const infos = new WeakMap<object, SchemaTableInfo>();
  app.get('/workbench/api/schema', async (_req, reply) => {
    const snap = await o.snapshot();
    const tables = tableInfos(snap.tables, o.knownTables, infos);
    const functions = (o.functions ?? []).map((f) => ({ name: f.name, parameters: `(${f.parameters})`, body: f.body }));
    await secure(reply).code(200).send({ database: o.database, tables, functions });
  });

  app.post('/workbench/api/check', async (req, reply) => {
    let query: unknown;
    try { query = (JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '')) as { query?: unknown }).query; } catch { query = undefined; }
    if (typeof query !== 'string') { await secure(reply).code(400).send({ error: { code: 'BadRequest', message: 'the body must be JSON {"query": "…"}' } }); return; }
    const snap = await o.snapshot();
    const catalog = { tables: catalogOf(snap.tables, o.knownTables), ...(o.functions ? { functions: o.functions } : {}) };
    const r = check(query, { catalog });
    await secure(reply).code(200).send({ diagnostics: r.diagnostics.filter((d) => !d.function).map((d: Diagnostic) => ({ code: d.code, severity: d.severity, message: d.message, start: d.start, length: d.length, line: d.line, col: d.col })) });
  });
}

function columnsOf(t: Table | TableSource): { name: string; type: string }[] {
  return (isTableSource(t) ? [...t.schema] : schemaOf(t)).map((c) => ({ name: c.name, type: c.type }));
}

function catalogOf(tables: ReadonlyMap<string, Table>, known?: ReadonlyMap<string, TableSchema>): Map<string, TableSchema> {
  const out = new Map<string, TableSchema>(known ?? []);
  for (const [name, t] of tables) out.set(name, { name, columns: columnsOf(t as Table | TableSource) as TableSchema['columns'] });
  return out;
}

/** Each table's columns, rows and the first and last value of its time column (one summarize each). */
export function tableInfos(tables: ReadonlyMap<string, Table>, known?: ReadonlyMap<string, TableSchema>, cache?: WeakMap<object, SchemaTableInfo>): SchemaTableInfo[] {
  const out: SchemaTableInfo[] = [];
  for (const name of [...tables.keys()].sort()) {
    const t = tables.get(name)! as Table | TableSource;
    const kept = cache?.get(t);
    if (kept) { out.push(kept); continue; }
    const columns = columnsOf(t);
    const timeColumn = TIME_COLUMNS.find((c) => columns.some((x) => x.name === c && x.type === 'datetime')) ?? null;
    let from: string | null = null, to: string | null = null;
    if (timeColumn && t.rowCount > 0) {
      const r = execute(`['${name.replace(/'/g, "\\'")}'] | summarize a = min(['${timeColumn}']), b = max(['${timeColumn}'])`, { tables });
      if (r.ok) { const row = r.result.rows[0]; from = iso(row?.[0]); to = iso(row?.[1]); }
    }
    const info = { name, columns, rows: t.rowCount, timeColumn, from, to };
    cache?.set(t, info);
    out.push(info);
  }
  for (const [name, s] of known ?? []) {
    if (tables.has(name)) continue;
    out.push({ name, columns: s.columns.map((c) => ({ name: c.name, type: c.type })), rows: 0, timeColumn: null, from: null, to: null });
  }
  return out;
}

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return new Date(v / 10_000).toISOString();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
