import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulate, SimulateError } from '../../simulate/index.js';
import { scoreAlerts, formatMatrix, evaluation, type Score } from '../../simulate/score.js';
import { loadTables } from '../../ingest/load.js';
import { loadPack, runDetections, builtinRulesDir, loadWatchlistDir, watchlistProvider, withBaselineRules, type Watchlist, type Alert, type Incident, type RuleStats, type Problem, type Rule } from '../../detect/index.js';
import { renderReport } from '../../report/html.js';
import { groupingSummary } from '../../detect/incidents.js';

export const summary = 'simulate a 15-day tenant with attacks, run the built-in rule pack, print verdicts, write report.html';

const USAGE = `usage: cloudhop demo [--out DIR] [--seed N] [--days N] [--scale N] [--keep]
       cloudhop demo --serve [--workspace DIR] [--port N] [--seed N] [--days N] [--scale N]

  Simulates a tenant (14 days of history + 1 attack day) into a temporary folder, loads it, replays
  the built-in T1021.007 rule pack on its schedules from the first day an attack is active (a
  low-and-slow intrusion starts up to six days before the attack day) to the attack day's end, prints the incidents, the verdict per attack scenario and the
  false positives per benign class, and writes report.html into the current folder (or --out DIR).

  -o, --out DIR  where report.html goes (default: the current folder)
  --seed N    simulation seed (default 7)
  --days N    days to simulate (default 15; the attacks end on the last)
  --scale N   rows to simulate (default 3000 per day)
  --keep      keep the simulated data (its folder is printed)
  -h, --help  this help

  --serve           instead of the report: simulate, ingest into a workspace, write the incidents
                    into it and serve it with the web workbench (prints the URL and the token; see
                    'cloudhop serve --help')
  --workspace DIR   with --serve: the workspace (default ./cloudhop-demo-workspace; one from an
                    earlier run is served as it is)
  --port N          with --serve: the port (default 8443; 0: a free one)
`;

export const options = {
  out: { type: 'string', short: 'o' }, seed: { type: 'string' }, days: { type: 'string' }, scale: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  serve: { type: 'boolean' }, workspace: { type: 'string' }, port: { type: 'string' },
} as const;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, options });
  } catch (e) { process.stderr.write(`cloudhop demo: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const num = (n: string, v: string | undefined, d: number): number => {
    if (v === undefined) return d;
    if (!/^\d+$/.test(v.replace(/_/g, ''))) throw new SimulateError(`--${n} must be a non-negative integer (got '${v}')`);
    return Number(v.replace(/_/g, ''));
  };
  let seed: number, days: number, scale: number;
  try { seed = num('seed', a.values.seed, 7); days = num('days', a.values.days, 15); scale = num('scale', a.values.scale, days * 3000); }
  catch (e) { process.stderr.write(`cloudhop demo: ${(e as Error).message}\n`); return 2; }
  if (a.values.serve) {
    if (a.values.out !== undefined || a.values.keep) { process.stderr.write(`cloudhop demo: --out and --keep do not go with --serve\n${USAGE}`); return 2; }
    const { runDemoServe } = await import('../demo-serve.js');
    return runDemoServe({ seed, days, scale, ...(a.values.workspace !== undefined ? { workspace: a.values.workspace } : {}), ...(a.values.port !== undefined ? { port: a.values.port } : {}) });
  }
  if (a.values.workspace !== undefined || a.values.port !== undefined) { process.stderr.write(`cloudhop demo: --workspace and --port go with --serve\n${USAGE}`); return 2; }
  const outDir = resolve(a.values.out ?? process.cwd());
  const say = (s: string): void => { process.stdout.write(s + '\n'); };
  const t0 = performance.now();
  const secs = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const dataDir = mkdtempSync(join(tmpdir(), 'cloudhop-demo-'));
  try {
    // 1. Simulate.
    let sim;
    try { sim = await simulate({ out: dataDir, seed, days, scale }); }
    catch (e) { if (e instanceof SimulateError) { process.stderr.write(`cloudhop demo: ${e.message}\n`); return 2; } throw e; }
    const L = sim.labels;
    say(`cloudhop demo — seed ${seed}: ${L.tenant.domain}, ${L.tenant.users} identities, ${L.tenant.devices} devices, ${L.days} days (${L.start.slice(0, 10)} .. ${L.end.slice(0, 10)}, attacks on ${L.attackDay.start.slice(0, 10)})`);
    say(`  simulated ${L.totalRows.toLocaleString('en-US')} rows in ${Object.values(L.tables).filter((n) => n > 0).length} tables [${secs()}]`);

    // 2. Load.
    const { tables, report: loadReport } = await loadTables(L.files.map((f) => join(dataDir, f)));
    say(`  loaded ${loadReport.tables.reduce((x, t) => x + t.ingested, 0).toLocaleString('en-US')} rows, ${loadReport.quarantined} quarantined [${secs()}]`);

    // 3. Detect (degrades clearly when the pack or the engine is not there).
    const DAY_MS = 86_400_000;
    const attackStarts = L.scenarios.filter((x) => x.kind === 'attack' && x.window).map((x) => Date.parse(x.window.start)).filter(Number.isFinite);
    const fromMs = Math.min(Date.parse(L.attackDay.start), ...attackStarts.map((t) => Math.floor(t / DAY_MS) * DAY_MS));
    const replayFrom = new Date(Math.max(fromMs, Date.parse(L.start))).toISOString();
    const replayDays = Math.round((Date.parse(L.attackDay.end) - Date.parse(replayFrom)) / DAY_MS);
    let packRules: Rule[] = [];
    let alerts: Alert[] = [], incidents: Incident[] = [], stats: RuleStats[] = [], ruleNames: string[] = [], failure: string | undefined;
    try {
      const pack = loadPack([builtinRulesDir()]);
      packRules = pack.rules;
      // the seed rule ships switched off; the demo shows it beside the pack as the baseline
      pack.rules.splice(0, pack.rules.length, ...withBaselineRules(pack.rules));
      const problems: Problem[] = [];
      const watch = new Map<string, Watchlist>();
      for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, problems)) watch.set(k, v);
      ruleNames = pack.rules.filter((r) => r.enabled && r.kind !== 'Hunting').map((r) => r.name);
      if (!ruleNames.length) failure = `no enabled rules in ${builtinRulesDir()}`;
      else {
        // The rules run on their schedules, as deployed, from the first day an attack is active (a low-and-slow intrusion
        // starts days before the attack day, and a rule alerts on the day its pattern first qualifies) to the attack day's end.
        // The tenant's own watchlists (labels.watchlists, e.g. an announced pentest's workstation) beside the pack's.
        const tenantLists = L.watchlists?.length ? loadWatchlistDir(join(dataDir, 'watchlists'), problems) : undefined;
        const res = await runDetections({ tables, rules: pack.rules, watchlists: watchlistProvider(watch, tenantLists), from: replayFrom, to: L.attackDay.end });
        alerts = res.alerts; incidents = res.incidents; stats = res.perRuleStats;
        const broken = stats.filter((s) => s.errorCount > 0 && s.runs > 0 && s.errorCount >= s.runs);
        if (broken.length === stats.length && stats.length) failure = `every rule failed to run (first error: ${broken[0]!.errors[0] ?? '?'})`;
        else for (const s of broken) say(`  warning: rule '${s.ruleName}' failed on every run: ${s.errors[0] ?? ''}`);
      }
    } catch (e) { failure = `the detection runtime is not available: ${(e as Error).message.split('\n')[0]}`; }
    say(`  replayed ${ruleNames.length} rules over ${replayDays} day${replayDays === 1 ? '' : 's'} (${replayFrom.slice(0, 10)} .. ${new Date(Date.parse(L.attackDay.end) - 1).toISOString().slice(0, 10)}): ${alerts.length ? groupingSummary(alerts, incidents, packRules) : '0 alerts, 0 incidents'} [${secs()}]`);
    if (failure) say(`\n  DETECTION DID NOT RUN: ${failure}\n  (the simulated data and the report are still produced; every attack shows as missed)`);

    // 4. Score and print.
    const score = scoreAlerts(alerts, L.scenarios, ruleNames);
    printIncidents(say, incidents, alerts, score);
    printVerdicts(say, score, new Map(L.scenarios.map((s) => [s.scenario, s.class])));
    say('\nRules × scenarios (alerts attributed to each scenario; columns listed first):');
    say(formatMatrix(score));

    // 5. Report.
    mkdirSync(outDir, { recursive: true });
    const reportPath = join(outDir, 'report.html');
    const html = renderReport({
      title: 'cloudhop demo — T1021.007 incident report',
      subtitle: `Simulated tenant ${L.tenant.domain} (seed ${seed}), ${L.start.slice(0, 10)} – ${L.end.slice(0, 10)}; ${L.totalRows.toLocaleString('en-US')} rows; ${ruleNames.length} rules${failure ? ' — DETECTION DID NOT RUN: ' + failure : ''}`,
      alerts, incidents, evaluation: evaluation(score, L.scenarios, incidents, alerts.map((x) => x.alertId)),
      ruleStats: stats.map((s) => ({ ruleName: s.ruleName, alerts: s.alerts, errors: s.errorCount, firstError: s.errors[0] })),
      baselineRules: ruleNames.filter((r) => SEED.test(r)),
      footer: 'Generated by cloudhop demo from simulated telemetry (cloudhop simulate). Self-contained: no network access.',
    });
    writeFileAtomic(reportPath, html);
    const fpImproved = alerts.filter((x, i) => score.attributions[i]!.kind !== 'attack' && !SEED.test(x.ruleName)).length;
    say(`\n${score.detected}/${score.attacks} attack scenarios detected; false-positive alerts: ${fpImproved} from the improved rules, ${score.falsePositives - fpImproved} from the seed rule; report: ${reportPath} [${secs()}]`);
    if (a.values.keep) say(`simulated data kept in ${dataDir}`);
    return failure ? 1 : 0;
  } finally {
    if (!a.values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

function printIncidents(say: (s: string) => void, incidents: readonly Incident[], alerts: readonly Alert[], score: Score): void {
  const attrib = new Map(alerts.map((a, i) => [a.alertId, score.attributions[i]!.scenario]));
  const byId = new Map(alerts.map((a) => [a.alertId, a]));
  // When the activity happened (the alerts' evidence), not when the scheduled run noticed it.
  const began = (inc: Incident): string => inc.alertIds.map((id) => byId.get(id)?.startTime ?? inc.firstAlertTime).sort()[0] ?? inc.firstAlertTime;
  say(`\nIncidents (${incidents.length}; time of the first event, severity, title, ground truth):`);
  const sorted = [...incidents].filter((i) => !SEED.test(i.ruleName)).sort((x, y) => (began(x) < began(y) ? -1 : began(x) > began(y) ? 1 : rank(y.severity) - rank(x.severity)));
  const seedN = incidents.length - sorted.length;
  for (const inc of sorted.slice(0, 25)) {
    const truth = [...new Set(inc.alertIds.map((id) => attrib.get(id) ?? '?'))].join(', ');
    say(`  ${began(inc).slice(0, 16).replace('T', ' ')}  [${inc.severity.padEnd(6)}] ${inc.title}  (${inc.alertIds.length} alert${inc.alertIds.length === 1 ? '' : 's'}; truth: ${truth})`);
  }
  if (sorted.length > 25) say(`  … ${sorted.length - 25} more in the report`);
  if (seedN) {
    const truth = new Map<string, number>();
    for (const inc of incidents.filter((i) => SEED.test(i.ruleName))) for (const id of inc.alertIds) { const k = attrib.get(id) ?? '?'; truth.set(k, (truth.get(k) ?? 0) + 1); }
    say(`  + ${seedN} incident${seedN === 1 ? '' : 's'} of the seed rule (verbatim, the baseline): ${[...truth].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}

/** The seed rule ships verbatim as the baseline; its numbers are shown beside the improved rules'. */
const SEED = /\bseed rule\b/i;

function printVerdicts(say: (s: string) => void, score: Score, classes: ReadonlyMap<string, string>): void {
  say('\nAttack scenarios (verdict, rules that alerted):');
  for (const v of score.verdicts.filter((x) => x.kind === 'attack')) {
    const improved = v.rules.filter((r) => !SEED.test(r));
    say(`  ${v.alerts ? 'DETECTED' : 'MISSED  '}  ${v.scenario.padEnd(28)} ${v.variant.padEnd(20)} ${v.alerts ? `${v.rules.length} rule${v.rules.length === 1 ? '' : 's'}${improved.length < v.rules.length ? ' (incl. the seed rule)' : ''}` : ''}`);
    for (const r of v.rules) say(`              - ${r}`);
  }
  say('\nFalse-positive alerts per benign scenario [class] (improved rules | seed rule verbatim):');
  const count = (col: string, seed: boolean): number => [...score.matrix.entries()].filter(([r]) => SEED.test(r) === seed).reduce((x, [, row]) => x + (row.get(col) ?? 0), 0);
  for (const v of [...score.verdicts.filter((x) => x.kind === 'benign').map((x) => x.scenario), 'background']) {
    const imp = count(v, false), seed = count(v, true);
    const rules = [...score.matrix.entries()].filter(([r, row]) => !SEED.test(r) && (row.get(v) ?? 0) > 0).map(([r]) => r);
    const cls = classes.get(v);
    const name = v === 'background' ? 'background (unlabelled)' : cls && cls !== v ? `${v} [${cls}]` : v;
    say(`  ${String(imp).padStart(4)} | ${String(seed).padStart(4)}  ${name.padEnd(26)} ${rules.join('; ')}`);
  }
}

function rank(s: string): number { return ({ High: 3, Medium: 2, Low: 1, Informational: 0 } as Record<string, number>)[s] ?? -1; }
