import { parseArgs } from 'node:util';
import { writeOutputFile } from '../../store/atomic-write.js';
import { missingPath } from '../paths.js';
import { escapeTerminal } from '../terminal-text.js';
import { LIMIT_OPTIONS, LIMITS_USAGE, limitsFrom, rerunWithHeapFor } from '../limits.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, remoteTargetFrom } from '../remote-option.js';
import type { Table } from '../../kql/data/column.js';
import { loadTables, openWorkspace } from '../../ingest/load.js';
import {
  loadPack, runDetections, builtinRulesDir, formatProblem, sortProblems, loadWatchlistDir, watchlistProvider, toTicks, withBaselineRules,
  type Alert, type Incident, type Watchlist, type Rule,
} from '../../detect/index.js';
import { groupingSummary } from '../../detect/incidents.js';

export const summary = 'replay the rule pack over data: alerts (jsonl or a table) and incidents';

const USAGE = `usage: cloudhop detect (--data PATH... | --workspace DIR) [--rules DIR]... [--watchlists DIR]
                       [--from ISO --to ISO] [--out FILE] [--format table|jsonl] [--incidents FILE] [--fail-on-alert]
                       [--with-seed] [--timeout DUR] [--max-memory SIZE]
       cloudhop detect --engine adx --cluster URL --database DB [--rules DIR]... [--from ISO --to ISO] ...
       cloudhop detect --engine loganalytics --workspace-id GUID [--endpoint URL] [--rules DIR]... ...

Replays every rule as Sentinel schedules it (each queryFrequency over queryPeriod, now() = run time)
over the data's time span (or --from/--to), then groups alerts into incidents.
  --data PATH        log files or folders (repeatable)
  --workspace DIR    a workspace written by 'cloudhop ingest'
  --rules DIR        rule pack folder or file (repeatable; default: the built-in T1021.007 pack)
  --with-seed        also run baseline rules shipped switched off (the seed rule, verbatim)
  --watchlists DIR   CSV watchlists for _GetWatchlist('alias') (added to the pack's own)
  --format           table (default on a terminal) or jsonl (one alert per line)
  --out FILE         write alerts as JSON lines to FILE (the summary table goes to stdout)
  --incidents FILE   write incidents as a JSON array to FILE
  --fail-on-alert    exit 1 when any alert is raised (for CI); otherwise exit 0
Exit 1 also when a rule did not load or a run of a rule failed (the other rules still run and their
alerts are written); exit 2 when a named path does not exist or no rule loaded.
${LIMITS_USAGE}
                     (each run of a rule is one query; a rule that hits a limit is reported as
                     that rule's error, its other runs are skipped, other rules keep running, exit 1)
${REMOTE_USAGE}
                    each run of a rule is one remote query over its window (tables windowed by
                    their time column, now() = the run time, the pack's functions inlined); the
                    alerts and incidents are made here as in a local replay. _GetWatchlist reads
                    the remote side's watchlists ('export --sentinel' deploys the pack's).
`;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv, allowPositionals: true, options: {
        data: { type: 'string', multiple: true }, workspace: { type: 'string' }, rules: { type: 'string', multiple: true },
        watchlists: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' },
        format: { type: 'string' }, incidents: { type: 'string' }, 'fail-on-alert': { type: 'boolean' }, 'with-seed': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' }, ...LIMIT_OPTIONS, ...REMOTE_OPTIONS,
      },
    });
  } catch (e) { process.stderr.write(`cloudhop detect: ${(e as Error).message}\n${USAGE}`); return 2; }
  const o = a.values;
  if (o.help) { process.stdout.write(USAGE); return 0; }
  const data = [...(o.data ?? []), ...a.positionals];
  const limits = limitsFrom(o);
  if (typeof limits === 'string') { process.stderr.write(`cloudhop detect: ${limits}\n${USAGE}`); return 2; }
  const target = await remoteTargetFrom(o, o.timeout !== undefined ? limits.timeoutMs : undefined);
  if (typeof target === 'string') { process.stderr.write(`cloudhop detect: ${target}\n${USAGE}`); return 2; }
  if (target && (data.length || o.workspace)) { process.stderr.write(`cloudhop detect: --data/--workspace are for the local engine; with --engine ${target.kind} the data is the remote side's\n`); return 2; }
  if (!target && !data.length && !o.workspace) { process.stderr.write(`cloudhop detect: give --data PATH or --workspace DIR\n${USAGE}`); return 2; }
  const rerun = rerunWithHeapFor(limits.maxMemoryBytes);
  if (rerun !== undefined) return rerun;
  const format = o.format ?? (process.stdout.isTTY || o.out ? 'table' : 'jsonl');
  if (format !== 'table' && format !== 'jsonl') { process.stderr.write(`cloudhop detect: --format is table or jsonl\n`); return 2; }
  let from: number | undefined, to: number | undefined;
  try {
    if (o.from) from = toTicks(o.from);
    if (o.to) to = toTicks(o.to);
  } catch (e) { process.stderr.write(`cloudhop detect: ${(e as Error).message}\n`); return 2; }
  if (from !== undefined && to !== undefined && to <= from) { process.stderr.write('cloudhop detect: --to must be after --from\n'); return 2; }
  const missing = missingPath('--data', data) ?? missingPath('--rules', o.rules ?? []) ?? missingPath('--workspace', o.workspace ? [o.workspace] : [])
    ?? missingPath('--watchlists', o.watchlists ? [o.watchlists] : []);
  if (missing) { process.stderr.write(`cloudhop detect: ${missing}\n`); return 2; }

  const pack = loadPack(o.rules?.length ? o.rules : [builtinRulesDir()]);
  if (o['with-seed']) pack.rules.splice(0, pack.rules.length, ...withBaselineRules(pack.rules));
  const problems = [...pack.problems];
  const watch = new Map<string, Watchlist>();
  for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, problems)) watch.set(k, v);
  if (o.watchlists) for (const [k, v] of loadWatchlistDir(o.watchlists, problems)) watch.set(k, v);
  for (const p of sortProblems(problems)) if (p.severity === 'error') process.stderr.write(formatProblem(p) + '\n');
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  if (warnings && !o.quiet) process.stderr.write(`cloudhop detect: ${warnings} warning(s) in rule files ('cloudhop lint-rules' lists them)\n`);
  const runnable = pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting').length;
  if (runnable === 0) { process.stderr.write(`cloudhop detect: no rule loaded from ${(o.rules?.length ? o.rules : [builtinRulesDir()]).join(', ')}\n`); return 2; }
  let failed = problems.some((p) => p.severity === 'error');
  if (pack.problems.some((p) => p.severity === 'error')) process.stderr.write(`cloudhop detect: some rules did not load (see above; 'cloudhop lint-rules' for details); running the ${pack.rules.length} that did\n`);

  let tables = new Map<string, Table>();
  if (data.length) {
    const r = await loadTables(data);
    tables = r.tables;
    if (r.report.quarantined && !o.quiet) process.stderr.write(`cloudhop detect: ${r.report.quarantined} record(s) quarantined while reading the data\n`);
    for (const w of r.report.warnings) process.stderr.write(`cloudhop detect: ${w}\n`);
  }
  if (o.workspace) {
    try {
      const ws = await openWorkspace(o.workspace);
      for (const [k, v] of ws) if (!tables.has(k)) tables.set(k, v);
      // A damaged table is left out: rules on it fail (exit 1), the others run.
      for (const d of ws.damaged.values()) { process.stderr.write(`cloudhop detect: ${d.message}\n`); failed = true; }
    } catch (e) { process.stderr.write(`cloudhop detect: cannot open workspace ${o.workspace}: ${(e as Error).message}\n`); return 2; }
  }

  let out;
  if (target && o.watchlists && !o.quiet) process.stderr.write(`cloudhop detect: note: --watchlists is not sent to ${target.kind}: rules read the watchlists deployed there ('export --sentinel')\n`);
  if (target) {
    // Remote: the same replay, alerts and incidents; each run of a rule is a query on the remote engine.
    const { runRemoteDetections } = await import('../../remote/detect.js');
    const r = await runRemoteDetections(target, { rules: pack.rules, from, to });
    if (!r.ok) { process.stderr.write(`cloudhop detect: ${r.message}\n`); return 1; }
    out = r.result;
  } else {
    try {
      out = await runDetections({ tables, rules: pack.rules, watchlists: watchlistProvider(watch), from, to, limits });
    } catch (e) { process.stderr.write(`cloudhop detect: ${(e as Error).message}\n`); return 1; }
  }
  for (const s of out.perRuleStats) if (s.errorCount) { failed = true; process.stderr.write(escapeTerminal(`error: ${s.errorCount} run(s) of '${s.ruleName}' failed: ${s.errors[0]}`) + '\n'); }

  const jsonl = out.alerts.map((x) => JSON.stringify(x)).join('\n') + (out.alerts.length ? '\n' : '');
  // Safe files: written beside the target and renamed, so a failure leaves the previous file whole.
  if (o.out) writeOutputFile(o.out, jsonl);
  if (o.incidents) writeOutputFile(o.incidents, JSON.stringify(out.incidents, null, 2) + '\n');
  if (format === 'jsonl' && !o.out) process.stdout.write(jsonl);
  else process.stdout.write(summaryTable(out.alerts, out.incidents, out.perRuleStats.reduce((n, s) => n + s.runs, 0), pack.rules.length, out.from, out.to, pack.rules));
  if (failed) process.stderr.write('cloudhop detect: exit 1: some rules did not load or failed to run (see above); the alerts of the others were written\n');
  return failed || out.perRuleStats.some((s) => s.limitHit) || (o['fail-on-alert'] && out.alerts.length > 0) ? 1 : 0;
}

function pad(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n); }
function short(iso: string): string { return iso.replace(/:\d\d\.\d+Z$/, 'Z').replace('T', ' '); }
function ents(es: Alert['entities'], n = 3): string {
  const txt = es.slice(0, n).map((e) => {
    const { type, ...ids } = e;
    const v = ids.name && ids.upnSuffix ? `${ids.name}@${ids.upnSuffix}` : ids.hostName ?? ids.address ?? ids.name ?? Object.values(ids)[0] ?? '';
    return `${type}:${v}`;
  });
  return txt.join(', ') + (es.length > n ? ` +${es.length - n}` : '');
}

export function summaryTable(alerts: Alert[], incidents: Incident[], runs: number, rules: number, from?: string, to?: string, ruleList: readonly Rule[] = []): string {
  const L: string[] = [];
  L.push(`Replayed ${rules} rule(s)${from && to ? ` over ${short(from)} .. ${short(to)}` : ''}: ${runs} run(s), ${alerts.length} alert(s), ${incidents.length} incident(s)`);
  if (alerts.length) L.push(groupingSummary(alerts, incidents, ruleList));
  if (incidents.length) {
    L.push('', 'INCIDENTS');
    L.push(`  ${pad('INCIDENT', 10)}${pad('SEVERITY', 14)}${pad('ALERTS', 8)}${pad('FIRST', 18)}${pad('LAST', 18)}${pad('TITLE', 44)}ENTITIES`);
    for (const i of incidents.slice(0, TABLE_MAX)) L.push(`  ${pad(i.incidentId.slice(0, 8), 10)}${pad(i.severity, 14)}${pad(String(i.alertIds.length), 8)}${pad(short(i.firstAlertTime), 18)}${pad(short(i.lastAlertTime), 18)}${pad(i.title, 44)}${ents(i.entities)}`);
  }
  if (incidents.length > TABLE_MAX) L.push(`  … ${incidents.length - TABLE_MAX} more incident(s) (--incidents FILE writes them all)`);
  if (alerts.length) {
    L.push('', 'ALERTS');
    L.push(`  ${pad('TIME', 18)}${pad('SEVERITY', 14)}${pad('TITLE', 50)}${pad('INCIDENT', 10)}ENTITIES`);
    for (const x of alerts.slice(0, TABLE_MAX)) L.push(`  ${pad(short(x.timeGenerated), 18)}${pad(x.severity, 14)}${pad(x.title, 50)}${pad((x.incidentId ?? '-').slice(0, 8), 10)}${ents(x.entities)}`);
  }
  if (alerts.length > TABLE_MAX) L.push(`  … ${alerts.length - TABLE_MAX} more alert(s) (--out FILE or --format jsonl writes them all)`);
  return escapeTerminal(L.join('\n')) + '\n';
}

const TABLE_MAX = 50;
