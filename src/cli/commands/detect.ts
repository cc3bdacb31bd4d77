import { parseArgs } from 'node:util';
import { writeOutputFile } from '../../store/atomic-write.js';
import { missingPath } from '../paths.js';
import { escapeTerminal } from '../terminal-text.js';
import { renderTerminalTable, type TableLayout } from '../terminal/table.js';
import { TABLE_OPTIONS, TABLE_USAGE, tableStyle, type TableStyle } from '../terminal/style.js';
import { writePaged } from '../terminal/pager.js';
import { filterRules, severityRank, SEVERITIES } from '../rule-filter.js';
import { historyWarnings } from '../history.js';
import { LIMIT_OPTIONS, LIMITS_USAGE, limitsFrom, rerunWithHeapFor } from '../limits.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, remoteTargetFrom } from '../remote-option.js';
import type { Table } from '../../kql/data.js';
import { loadTables, openWorkspace } from '../../ingest/load.js';
import {
  loadPack, runDetections, builtinRulesDir, formatProblem, sortProblems, loadWatchlistDir, watchlistProvider, toTicks, withBaselineRules,
  type Alert, type Incident, type Watchlist, type Rule,
} from '../../detect/index.js';
import { groupingSummary } from '../../detect/incidents.js';

export const summary = 'replay the rule pack over data: alerts (jsonl or a table) and incidents';

const USAGE = `usage: cloudhop detect (--data PATH... | --workspace DIR) [--rules DIR]... [--watchlists DIR]
                       [--from ISO --to ISO] [--out FILE] [--format table|jsonl|csv|json] [--incidents FILE]
                       [--fail-on-alert] [--with-seed] [--min-severity LEVEL] [--include GLOB]... [--exclude GLOB]...
                       [--timeout DUR] [--max-memory SIZE] [--limit N] [--width N] [--color|--no-color] [--no-pager]
       cloudhop detect --engine adx --cluster URL --database DB [--rules DIR]... [--from ISO --to ISO] ...
       cloudhop detect --engine loganalytics --workspace-id GUID [--endpoint URL] [--rules DIR]... ...

Replays every rule as Sentinel schedules it (each queryFrequency over queryPeriod, now() = run time)
over the data's time span (or --from/--to), then groups alerts into incidents.
  --data PATH        log files or folders (repeatable)
  --workspace DIR    a workspace written by 'cloudhop ingest'
  --rules DIR        rule pack folder or file (repeatable; default: the built-in T1021.007 pack)
  --with-seed        also run baseline rules shipped switched off (the seed rule, verbatim)
  --watchlists DIR   CSV watchlists for _GetWatchlist('alias') (added to the pack's own)
  --from ISO         replay from this time (default: the start of the data's time span)
  --to ISO           replay up to this time (default: the end of the data's time span)
  --format FMT       table (default on a terminal), jsonl (one alert per line, the default when piped),
                     csv (one alert per row: time, severity, rule, title, incident, entities) or
                     json (one array of alert records)
  --min-severity LEVEL  only alerts of LEVEL or above: Informational, Low, Medium, High (rules whose
                     severity is below are not run)
  --include GLOB     only rules whose id, name or file name (without .yaml) matches GLOB (* and ?;
                     repeatable; case-insensitive)
  --exclude GLOB     leave out the rules that match GLOB (repeatable; applied after --include)
  -q, --quiet        fewer notes on stderr (rule-file warnings, quarantined records)
  --out FILE         write alerts as JSON lines to FILE (the summary table goes to stdout)
  --incidents FILE   write incidents as a JSON array to FILE
  --fail-on-alert    exit 1 when any alert is raised (for CI); otherwise exit 0
Exit 1 also when a rule did not load or a run of a rule failed (the other rules still run and their
alerts are written); exit 2 when a named path does not exist or no rule loaded.
${LIMITS_USAGE}
                     (each run of a rule is one query; a rule that hits a limit is reported as
                     that rule's error, its other runs are skipped, other rules keep running, exit 1)
${TABLE_USAGE}
                     (table: --limit applies to the incidents and to the alerts; default 50 each)
${REMOTE_USAGE}
                    each run of a rule is one remote query over its window (tables windowed by
                    their time column, now() = the run time, the pack's functions inlined); the
                    alerts and incidents are made here as in a local replay. _GetWatchlist reads
                    the remote side's watchlists ('export --sentinel' deploys the pack's).
  -h, --help         this help
A warning on stderr says when the data's history is shorter than a rule's lookback (queryPeriod):
first-seen and baseline rules then compare with less history than they were written for.
`;

export const options = {
  data: { type: 'string', multiple: true }, workspace: { type: 'string' }, rules: { type: 'string', multiple: true },
  watchlists: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' },
  format: { type: 'string' }, incidents: { type: 'string' }, 'fail-on-alert': { type: 'boolean' }, 'with-seed': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
  'min-severity': { type: 'string' }, include: { type: 'string', multiple: true }, exclude: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' }, ...LIMIT_OPTIONS, ...TABLE_OPTIONS, ...REMOTE_OPTIONS,
} as const;

/** Rows per table in detect's summary unless --limit says otherwise. */
const DETECT_TABLE_LIMIT = 50;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv, allowPositionals: true, options,
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
  const rerun = rerunWithHeapFor(limits.maxMemoryBytes, o['max-memory'] !== undefined);
  if (rerun !== undefined) return rerun;
  const format = o.format ?? (process.stdout.isTTY || o.out ? 'table' : 'jsonl');
  if (format !== 'table' && format !== 'jsonl' && format !== 'csv' && format !== 'json') { process.stderr.write(`cloudhop detect: --format is table, jsonl, csv or json\n`); return 2; }
  const style0 = tableStyle({ ...o, limit: o.limit ?? String(DETECT_TABLE_LIMIT) });
  if (typeof style0 === 'string') { process.stderr.write(`cloudhop detect: ${style0}\n${USAGE}`); return 2; }
  const style: TableStyle = style0;
  const minRank = o['min-severity'] === undefined ? 0 : severityRank(o['min-severity']);
  if (minRank < 0) { process.stderr.write(`cloudhop detect: --min-severity is one of ${SEVERITIES.join(', ')} (got '${escapeTerminal(o['min-severity']!)}')\n`); return 2; }
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
  const chosen = filterRules(pack.rules, o.include ?? [], o.exclude ?? []);
  for (const g of chosen.unmatched) process.stderr.write(`cloudhop detect: warning: no rule matches '${escapeTerminal(g)}' (a glob on rule id, name or file name)\n`);
  const bySeverity = chosen.kept.filter((r) => severityRank(r.severity) >= minRank);
  const filteredOut = pack.rules.length - bySeverity.length;
  if (filteredOut && !o.quiet) process.stderr.write(`cloudhop detect: ${filteredOut} rule(s) left out by --include/--exclude/--min-severity\n`);
  pack.rules.splice(0, pack.rules.length, ...bySeverity);
  const problems = [...pack.problems];
  const watch = new Map<string, Watchlist>();
  for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, problems)) watch.set(k, v);
  if (o.watchlists) for (const [k, v] of loadWatchlistDir(o.watchlists, problems)) watch.set(k, v);
  for (const p of sortProblems(problems)) if (p.severity === 'error') process.stderr.write(formatProblem(p) + '\n');
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  if (warnings && !o.quiet) process.stderr.write(`cloudhop detect: ${warnings} warning(s) in rule files ('cloudhop lint-rules' lists them)\n`);
  const runnable = pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting').length;
  if (runnable === 0 && filteredOut) { process.stderr.write('cloudhop detect: no rule left to run after --include/--exclude/--min-severity\n'); return 2; }
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

  for (const w of historyWarnings(tables, pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting'), from, to)) process.stderr.write(`cloudhop detect: warning: ${escapeTerminal(w)}\n`);

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

  if (minRank > 0) {
    // A rule's alerts may carry their own severity (alertSeverityColumnName): filter the alerts too.
    const kept = new Set(out.alerts.filter((x) => severityRank(x.severity) >= minRank).map((x) => x.alertId));
    out = { ...out, alerts: out.alerts.filter((x) => kept.has(x.alertId)),
      incidents: out.incidents.map((i) => ({ ...i, alertIds: i.alertIds.filter((id) => kept.has(id)) })).filter((i) => i.alertIds.length > 0) };
  }
  const jsonl = out.alerts.map((x) => JSON.stringify(x)).join('\n') + (out.alerts.length ? '\n' : '');
  // Safe files: written beside the target and renamed, so a failure leaves the previous file whole.
  if (o.out) writeOutputFile(o.out, jsonl);
  if (o.incidents) writeOutputFile(o.incidents, JSON.stringify(out.incidents, null, 2) + '\n');
  if (format === 'jsonl' && !o.out) process.stdout.write(jsonl);
  else if (format === 'json' && !o.out) process.stdout.write(JSON.stringify(out.alerts) + '\n');
  else if (format === 'csv' && !o.out) process.stdout.write(alertsCsv(out.alerts));
  else writePaged(summaryTable(out.alerts, out.incidents, out.perRuleStats.reduce((n, s) => n + s.runs, 0), pack.rules.length, out.from, out.to, style, pack.rules), style);
  if (failed) process.stderr.write('cloudhop detect: exit 1: some rules did not load or failed to run (see above); the alerts of the others were written\n');
  return failed || out.perRuleStats.some((s) => s.limitHit) || (o['fail-on-alert'] && out.alerts.length > 0) ? 1 : 0;
}

function short(iso: string): string { return iso.replace(/:\d\d\.\d+Z$/, 'Z').replace('T', ' '); }
function ents(es: Alert['entities'], n = 3): string {
  const txt = es.slice(0, n).map((e) => {
    const { type, ...ids } = e;
    const v = ids.name && ids.upnSuffix ? `${ids.name}@${ids.upnSuffix}` : ids.hostName ?? ids.address ?? ids.name ?? Object.values(ids)[0] ?? '';
    return `${type}:${v}`;
  });
  return txt.join(', ') + (es.length > n ? ` +${es.length - n}` : '');
}

const CSV_COLUMNS = ['timeGenerated', 'startTime', 'endTime', 'severity', 'ruleName', 'title', 'incidentId', 'entities', 'tactics', 'techniques', 'alertId', 'ruleId'] as const;
function csvCell(s: string): string { return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; }

/** `detect --format csv`: one alert a row; entities as `type:value` joined by `; `, lists by `, `. */
export function alertsCsv(alerts: readonly Alert[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of alerts) {
    lines.push(CSV_COLUMNS.map((c) => {
      const v = c === 'entities' ? ents(a.entities, Infinity).replace(/, /g, '; ') : c === 'tactics' || c === 'techniques' ? a[c].join(', ') : String(a[c] ?? '');
      return csvCell(v);
    }).join(','));
  }
  return lines.join('\n') + '\n';
}

const text = (name: string) => ({ name, type: 'string' as const });

/**
 * The summary `detect` prints on a terminal: a line of totals, the incidents and the alerts as
 * terminal tables (width, colour by severity, --limit rows each; default 50).
 */
export function summaryTable(alerts: Alert[], incidents: Incident[], runs: number, rules: number, from?: string, to?: string,
  style: Pick<TableLayout, 'width' | 'color' | 'limit'> = { width: 0, color: false, limit: DETECT_TABLE_LIMIT }, ruleList: readonly Rule[] = []): string {
  let out = escapeTerminal(`Replayed ${rules} rule(s)${from && to ? ` over ${short(from)} .. ${short(to)}` : ''}: ${runs} run(s), ${alerts.length} alert(s), ${incidents.length} incident(s)`) + '\n';
  if (alerts.length) out += escapeTerminal(groupingSummary(alerts, incidents, ruleList)) + '\n';
  if (incidents.length) {
    out += '\nINCIDENTS\n' + renderTerminalTable({
      columns: [text('INCIDENT'), text('SEVERITY'), { name: 'ALERTS', type: 'long' }, text('FIRST EVENT'), text('LAST EVENT'), text('TITLE'), text('ENTITIES')],
      rows: incidents.map((i) => [i.incidentId.slice(0, 8), i.severity, i.alertIds.length, short(i.firstEventTime ?? i.firstAlertTime), short(i.lastEventTime ?? i.lastAlertTime), i.title, ents(i.entities)]),
    }, { ...style, noun: 'incident', moreHint: '--limit N shows more; --incidents FILE writes them all' });
  }
  if (alerts.length) {
    out += '\nALERTS\n' + renderTerminalTable({
      columns: [text('EVENT TIME'), text('SEVERITY'), text('TITLE'), text('INCIDENT'), text('ENTITIES')],
      rows: alerts.map((x) => [short(x.startTime), x.severity, x.title, (x.incidentId ?? '-').slice(0, 8), ents(x.entities)]),
    }, { ...style, noun: 'alert', moreHint: '--limit N shows more; --out FILE or --format jsonl|csv|json writes them all' });
  }
  return out;
}
