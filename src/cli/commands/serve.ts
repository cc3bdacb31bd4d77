/**
 * `cloudhop serve --workspace DIR [--host H] [--port N] [--token-file F] [--tls-cert F --tls-key F]
 *  [--functions DIR]... [--timeout DUR] [--max-memory SIZE] [--max-body SIZE] [--dcr FILE]
 *  [--rules DIR]... [--watchlists DIR] [--clock CLOCK] [--webhook URL] [--query-workers N]` — serves
 *  the workspace over the Kusto REST API, the Azure Monitor Logs query API and the Logs Ingestion
 *  API (src/serve/), kept open between requests, written through one writer. The first stdout
 *  line is `listening on https://HOST:PORT`. With `--rules`, the pack runs on its schedules against
 *  `--clock` (continuous detection, src/serve/detection.ts); alerts and incidents are appended as
 *  SecurityAlert / SecurityIncident.
 * Exit: 0 stopped by SIGTERM/SIGINT; 1 cannot serve (the port taken, an unreadable certificate or
 * token file, a damaged manifest, a --dcr mapping file with problems); 2 bad usage (no workspace at
 * --workspace, no file at --dcr, a non-loopback --host without --tls-cert/--tls-key and --token-file,
 * --rules without a runnable rule, a --clock or --webhook that does not parse).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { missingPath } from '../paths.js';
import { LIMIT_OPTIONS, LIMITS_USAGE, limitsFrom } from '../limits.js';
import { parseSize } from '../../kql/data.js';
import { escapeTerminal } from '../terminal-text.js';
import { VERSION } from '../main.js';

export const summary = 'serve a workspace to Kusto and Azure Monitor clients (Kusto REST API, Logs query API)';

const USAGE = `usage: cloudhop serve --workspace DIR [--host 127.0.0.1] [--port N] [--token-file FILE]
                      [--tls-cert FILE --tls-key FILE] [--functions DIR]... [--timeout DUR]
                      [--max-memory SIZE] [--max-body SIZE] [--dcr FILE] [--query-workers N]
                      [--rules DIR]... [--watchlists DIR] [--clock CLOCK] [--webhook URL]
  --workspace DIR    the workspace to serve (written by 'cloudhop ingest'); kept open between
                     requests, opened again when a new ingest commits
  --host H           the address to listen on (default 127.0.0.1); an address other than loopback
                     needs --tls-cert/--tls-key and --token-file
  --port N           the port (default 8443; 0: a free one, printed)
  --token-file FILE  the bearer token clients must send (the file's first line); without it a token
                     is generated and printed once
  --tls-cert FILE    PEM certificate (with --tls-key); without them a self-signed certificate for
                     localhost is made on first start and kept in DIR/serve/cert.pem
  --tls-key FILE     PEM private key of --tls-cert
  --functions DIR    stored functions queries may call: DIR/*.yaml, or a rule pack's functions/
                     (with the pack's watchlists/ for _GetWatchlist)
${LIMITS_USAGE}
  --max-body SIZE    the largest request body (default 16MB); a larger one gets 413
  --dcr FILE         Logs Ingestion streams → tables, as a data collection rule's dataFlows (YAML
                     or JSON: streams, outputStream, transformKql over 'source'); without it
                     Custom-<Table> writes to <Table>
  --query-workers N  threads that run queries, each with the workspace open (default: the
                     machine's cores); more queries wait their turn. 0: on the main thread, one at
                     a time. A query whose client disconnects is stopped
  --rules DIR        continuous detection: run this rule pack (repeatable) on its schedules
                     (queryFrequency / queryPeriod as Sentinel; NRT rules every minute) against
                     --clock over the data committed so far; alerts and incidents are appended to
                     the workspace as SecurityAlert / SecurityIncident (one SecurityIncident row
                     per change). GET /v1/detection/status shows each rule's last / next run
  --watchlists DIR   CSV watchlists for the rules' _GetWatchlist('alias') (added to the pack's own)
  --clock CLOCK      what the rules' schedules follow: real (default, the wall clock);
                     start=<ISO>[,speed=<N>] (simulated time from <ISO>, N x the wall clock);
                     manual[,start=<ISO>] (moved only by POST /v1/detection/clock {"now":"<ISO>"})
  --webhook URL      POST each new incident as JSON to URL (retried with backoff; at most 1000
                     waiting, more are dropped and counted in the status and on stderr)
  -h, --help         this help
Endpoints: POST /v1/rest/query, /v2/rest/query, /v1/rest/mgmt (Kusto: azure-kusto-data, Kusto
Explorer), POST /v1/workspaces/{id}/query (Azure Monitor: @azure/monitor-query), POST
/dataCollectionRules/{id}/streams/Custom-<Table> (Logs Ingestion: @azure/monitor-ingestion;
answered after the batch is committed). /v1/rest/mgmt also writes: .ingest inline into table T <|
CSV, .set/.append/.set-or-append T <| QUERY. Every request
needs 'Authorization: Bearer TOKEN'. Clients trust the self-signed certificate through
NODE_EXTRA_CA_CERTS=DIR/serve/cert.pem (Node) or REQUESTS_CA_BUNDLE (Python).
Stops on SIGTERM or SIGINT (exit 0).`;

export const options = {
  workspace: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' },
  'token-file': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
  functions: { type: 'string', multiple: true }, 'max-body': { type: 'string' }, dcr: { type: 'string' }, 'query-workers': { type: 'string' },
  rules: { type: 'string', multiple: true }, watchlists: { type: 'string' }, clock: { type: 'string' }, webhook: { type: 'string' },
  help: { type: 'boolean', short: 'h' }, ...LIMIT_OPTIONS,
} as const;

function usage(msg: string): number {
  process.stderr.write(`cloudhop serve: ${msg}\n${USAGE}\n`);
  return 2;
}
function fail(msg: string): number {
  process.stderr.write(`cloudhop serve: ${msg}\n`);
  return 1;
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try { args = parseArgs({ args: argv, allowPositionals: false, strict: true, options }); } catch (e) { return usage((e as Error).message); }
  const v = args.values;
  if (v.help) { process.stdout.write(USAGE + '\n'); return 0; }
  if (!v.workspace) return usage('--workspace DIR is required');
  const missing = missingPath('--workspace', [v.workspace]);
  if (missing) return usage(missing);
  if (!existsSync(join(v.workspace, 'manifest.json'))) return usage(`--workspace ${escapeTerminal(v.workspace)}: no workspace here (run 'cloudhop ingest PATH --workspace ${escapeTerminal(v.workspace)}')`);
  const host = v.host ?? '127.0.0.1';
  const port = v.port === undefined ? 8443 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`--port: not a port number: '${escapeTerminal(v.port ?? '')}'`);
  if ((v['tls-cert'] === undefined) !== (v['tls-key'] === undefined)) return usage('--tls-cert and --tls-key go together');
  const { isLoopback, readToken, generateToken, workspaceCertificate } = await import('../../serve/access.js');
  if (!isLoopback(host) && (v['tls-cert'] === undefined || v['token-file'] === undefined)) {
    return usage(`--host ${escapeTerminal(host)} is not a loopback address: serving beyond this machine needs --tls-cert/--tls-key (a certificate clients can verify) and --token-file`);
  }
  const limits = limitsFrom(v);
  if (typeof limits === 'string') return usage(limits);
  let maxBodyBytes = 16 * 1024 * 1024;
  if (v['max-body'] !== undefined) {
    const b = parseSize(v['max-body']);
    if (b === undefined || b < 1024) return usage(`--max-body: not a size of at least 1KB: '${escapeTerminal(v['max-body'])}'`);
    maxBodyBytes = b;
  }
  let queryWorkers = availableParallelism();
  if (v['query-workers'] !== undefined) {
    queryWorkers = Number(v['query-workers']);
    if (!/^\d+$/.test(v['query-workers']) || queryWorkers > 256) return usage(`--query-workers: not a thread count from 0 to 256: '${escapeTerminal(v['query-workers'])}'`);
  }
  for (const d of v.functions ?? []) if (!existsSync(d)) return usage(`--functions ${escapeTerminal(d)}: no such folder`);
  if (v.dcr !== undefined && !existsSync(v.dcr)) return usage(`--dcr ${escapeTerminal(v.dcr)}: no such file`);
  for (const d of v.rules ?? []) if (!existsSync(d)) return usage(`--rules ${escapeTerminal(d)}: no such folder`);
  if (v.watchlists !== undefined && !existsSync(v.watchlists)) return usage(`--watchlists ${escapeTerminal(v.watchlists)}: no such folder`);
  if (!v.rules?.length && (v.clock !== undefined || v.webhook !== undefined || v.watchlists !== undefined)) return usage('--clock, --webhook and --watchlists go with --rules (continuous detection)');
  const { parseClock } = await import('../../serve/clock.js');
  const clock = parseClock(v.clock ?? 'real');
  if (typeof clock === 'string') return usage(`--clock: ${escapeTerminal(clock)}`);
  if (v.webhook !== undefined) {
    let u: URL | undefined;
    try { u = new URL(v.webhook); } catch { u = undefined; }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return usage(`--webhook: not an http(s) URL: '${escapeTerminal(v.webhook)}'`);
  }

  // The workspace must open now: a wrong folder is said at start, not at the first request.
  const { WorkspaceSource } = await import('../../serve/workspace-source.js');
  const source = new WorkspaceSource(v.workspace);
  const ws = await source.current();
  for (const d of ws.damaged.values()) process.stderr.write(`cloudhop serve: warning: ${d.message}\n`);

  let token: string, generated = false;
  if (v['token-file'] !== undefined) {
    try { token = readToken(v['token-file']); } catch (e) { return fail(`--token-file: ${(e as Error).message}`); }
  } else { token = generateToken(); generated = true; }

  let tls: { cert: string; key: string }, certNote: string;
  if (v['tls-cert'] !== undefined) {
    try { tls = { cert: readFileSync(v['tls-cert'], 'utf8'), key: readFileSync(v['tls-key']!, 'utf8') }; } catch (e) { return fail(`cannot read the certificate or key: ${(e as Error).message}`); }
    certNote = `certificate: ${v['tls-cert']}`;
  } else {
    const c = await workspaceCertificate(v.workspace);
    tls = { cert: c.cert, key: c.key };
    certNote = `certificate: ${c.certFile} (self-signed, ${c.made ? 'made now' : 'kept from an earlier start'}; clients trust it with NODE_EXTRA_CA_CERTS=${c.certFile})`;
  }

  let fo: Awaited<ReturnType<typeof import('../functions-option.js').loadFunctionsOption>> | undefined;
  if (v.functions?.length) {
    const { loadFunctionsOption } = await import('../functions-option.js');
    fo = await loadFunctionsOption(v.functions);
    for (const p of fo.problems) process.stderr.write(`cloudhop serve: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
    if (fo.problems.some((p) => p.severity === 'error')) return fail('the functions above have errors');
  }

  let dcr: import('../../serve/ingestion.js').DcrRules | undefined;
  if (v.dcr !== undefined) {
    const { loadDcr } = await import('../../serve/ingestion.js');
    const { check } = await import('../../kql/index.js');
    const d = loadDcr(v.dcr, (kql) => {
      const c = check(kql, { syntaxOnly: true });
      const e = c.diagnostics.find((x) => x.severity === 'error');
      return e ? `${e.line}:${e.col}: ${e.code} ${e.message}` : undefined;
    });
    if ('problems' in d) { for (const p of d.problems) process.stderr.write(`cloudhop serve: ${p}\n`); return fail(`--dcr ${v.dcr}: the mapping file has errors`); }
    dcr = d;
  }

  let queryPool: import('../../serve/query-pool.js').QueryPool | undefined;
  if (queryWorkers > 0) {
    const { QueryPool } = await import('../../serve/query-pool.js');
    try {
      queryPool = await QueryPool.start({ workspace: v.workspace, size: queryWorkers, functionsDirs: v.functions ?? [], timeoutMs: limits.timeoutMs, maxMemoryBytes: limits.maxMemoryBytes });
    } catch (e) { return fail((e as Error).message); }
  }
  const { startServer } = await import('../../serve/server.js');
  const { WorkspaceWriter, clearIncoming } = await import('../../serve/workspace-writer.js');
  // Batches a killed server had not committed were never acknowledged: their files go.
  clearIncoming(v.workspace);
  const writer = new WorkspaceWriter(v.workspace);

  let detection: import('../../serve/detection.js').DetectionService | undefined;
  if (v.rules?.length) {
    const { loadPack, loadWatchlistDir, watchlistProvider, formatProblem, sortProblems, loadEngine } = await import('../../detect/index.js');
    const pack = loadPack(v.rules);
    const problems = [...pack.problems];
    const watch = new Map<string, import('../../detect/index.js').Watchlist>();
    for (const d of pack.watchlistDirs) for (const [k, w] of loadWatchlistDir(d, problems)) watch.set(k, w);
    if (v.watchlists) for (const [k, w] of loadWatchlistDir(v.watchlists, problems)) watch.set(k, w);
    for (const p of sortProblems(problems)) if (p.severity === 'error') process.stderr.write(formatProblem(p) + '\n');
    const runnable = pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting');
    if (runnable.length === 0) return usage(`--rules: no scheduled or NRT rule loaded from ${v.rules.map(escapeTerminal).join(', ')}`);
    if (pack.problems.some((p) => p.severity === 'error')) process.stderr.write(`cloudhop serve: some rules did not load (see above; 'cloudhop lint-rules' for details); running the ${runnable.length} that did\n`);
    const { DetectionService } = await import('../../serve/detection.js');
    const { Webhook } = await import('../../serve/webhook.js');
    try {
      detection = await DetectionService.create({
        rules: runnable, engine: await loadEngine(), clock, writer, tables: () => source.snapshot(), watchlists: watchlistProvider(watch),
        limits: { ...(limits.timeoutMs !== undefined ? { timeoutMs: limits.timeoutMs } : {}), ...(limits.maxMemoryBytes !== undefined ? { maxMemoryBytes: limits.maxMemoryBytes } : {}) },
        ...(v.webhook !== undefined ? { webhook: new Webhook(v.webhook) } : {}),
      });
    } catch (e) { return fail(`cannot read the workspace's SecurityAlert / SecurityIncident: ${(e as Error).message}`); }
  }
  const { KNOWN_TABLES } = await import('../../store/schemas/index.js');
  let server;
  try {
    server = await startServer({
      tables: () => source.snapshot(), knownTables: KNOWN_TABLES, token, host, port, tls, maxBodyBytes, workbench: true,
      timeoutMs: limits.timeoutMs, maxMemoryBytes: limits.maxMemoryBytes, version: VERSION, ...(queryPool ? { queryPool } : {}),
      writer, ...(dcr ? { dcr } : {}),
      ...(detection ? { routes: (app) => detection.routes(app), beforeClose: () => detection.stop() } : {}),
      rulePackFile: join(v.workspace, 'serve', 'rulepack.json'),
      ...(fo ? { functions: fo.functions, ...(fo.watchlists ? { watchlists: fo.watchlists } : {}) } : {}),
    });
  } catch (e) {
    await queryPool?.close();
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'EADDRINUSE' ? `${host}:${port} is already in use (--port 0 picks a free port)` : code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : (e as Error).message);
  }
  // The signal handlers are in place before the first line is printed: a client that stops the
  // server as soon as it reads that line must reach them (without one, SIGTERM kills at once).
  const running = server;
  const stopped = new Promise<number>((resolve) => {
    // A repeated signal while closing is ignored (open connections are closed at once anyway).
    let stopping = false;
    const stop = (sig: string): void => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`cloudhop serve: ${sig}: stopping\n`);
      running.close().then(() => queryPool?.close()).then(() => { process.off('SIGTERM', onTerm); process.off('SIGINT', onInt); resolve(0); }, () => resolve(0));
    };
    const onTerm = (): void => stop('SIGTERM'), onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm); process.on('SIGINT', onInt);
  });
  process.stdout.write(`listening on ${server.url}\n${certNote}\n`);
  process.stdout.write(generated ? `token: ${token} (generated; shown once: clients send 'Authorization: Bearer TOKEN')\n` : `token: from ${v['token-file']}\n`);
  // The web workbench (issue 18): the token rides in the URL's fragment, which browsers never send.
  process.stdout.write(`workbench: ${server.url}/${generated ? `#token=${token}` : ' (sign in with the token)'}\n`);
  if (detection) {
    detection.start();
    const n = detection.status().rules.length;
    process.stdout.write(`detection: ${n} rule${n === 1 ? '' : 's'}, clock ${clock.describe()}${v.webhook !== undefined ? `, webhook ${v.webhook}` : ''} (GET /v1/detection/status)\n`);
  }
  return stopped;
}
