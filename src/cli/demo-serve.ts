/**
 * `cloudhop demo --serve [--workspace DIR] [--port N] [--seed N] [--days N] [--scale N]`: the
 * demo as a running workbench (issue 18 item 7). Simulates the tenant, ingests it into a workspace
 * (DIR, default ./cloudhop-demo-workspace), replays the built-in rule pack as `cloudhop demo` does,
 * writes the alerts and incidents into the workspace as Sentinel's `SecurityAlert` /
 * `SecurityIncident` rows, records the rule pack page's data (schedules, last runs, `cloudhop test`
 * verdicts, the coverage matrix against the simulator's scenarios) in DIR/serve/rulepack.json, then
 * serves DIR exactly as `cloudhop serve --workspace DIR` does (its first line, the token, the
 * workbench URL).
 *
 * A DIR that already holds a demo workspace is served as it is (incident changes made in the
 * workbench are kept across restarts); remove it for a fresh simulation.
 *
 * While serving, the built-in pack runs continuously over the wall clock (`serve --rules`, issue 17
 * item 5): the simulated days are in the past, so it alerts on data sent later (the Logs Ingestion
 * API); the replay's incidents are in the tables already.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulate, SimulateError } from '../simulate/index.js';
import { scoreAlerts } from '../simulate/score.js';
import { loadTables } from '../ingest/load.js';
import { ingestToWorkspace } from '../ingest/workspace-ingest.js';
import { loadPack, runDetections, builtinRulesDir, loadWatchlistDir, watchlistProvider, withBaselineRules, scheduleRuns, type Watchlist, type Problem } from '../detect/index.js';
import { groupingSummary } from '../detect/incidents.js';
import { runRuleTests } from '../detect/rule-tests.js';
import { detectionRows } from '../serve/incident-rows.js';
import { buildRulePack, RULEPACK_FILE } from '../serve/rulepack.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { escapeTerminal } from './terminal-text.js';

export const DEFAULT_WORKSPACE = 'cloudhop-demo-workspace';

export interface DemoServeArgs { workspace?: string; port?: string; seed: number; days: number; scale: number }

const DAY_MS = 86_400_000;
const TICKS_PER_MS = 10_000;

export async function runDemoServe(a: DemoServeArgs): Promise<number> {
  const ws = resolve(a.workspace ?? DEFAULT_WORKSPACE);
  const err = (s: string): void => { process.stderr.write(`cloudhop demo: ${s}\n`); };
  // Everything before the server's lines goes to stderr: serve's contract is that its FIRST stdout
  // line is `listening on …`, and `demo --serve` keeps it.
  const note = (s: string): void => { process.stderr.write(s + '\n'); };
  if (existsSync(join(ws, 'manifest.json'))) {
    if (!existsSync(join(ws, 'serve', RULEPACK_FILE))) { err(`--workspace ${escapeTerminal(ws)} holds a workspace that is not a demo's (no serve/${RULEPACK_FILE}): give another folder`); return 2; }
    note(`cloudhop demo --serve: serving the demo workspace ${ws} from an earlier run (incident changes kept; remove the folder for a fresh simulation)`);
  } else {
    if (existsSync(ws) && !isEmptyDir(ws)) { err(`--workspace ${escapeTerminal(ws)} exists and is not a workspace: give an empty or new folder`); return 2; }
    const t0 = performance.now();
    const secs = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    const dataDir = mkdtempSync(join(tmpdir(), 'cloudhop-demo-'));
    try {
      let sim;
      try { sim = await simulate({ out: dataDir, seed: a.seed, days: a.days, scale: a.scale }); }
      catch (e) { if (e instanceof SimulateError) { err(e.message); return 2; } throw e; }
      const L = sim.labels;
      note(`cloudhop demo --serve — seed ${a.seed}: ${L.tenant.domain}, ${L.days} days, ${L.totalRows.toLocaleString('en-US')} rows simulated [${secs()}]`);
      const files = L.files.map((f) => join(dataDir, f));
      const ing = await ingestToWorkspace(files, ws);
      note(`  ingested ${ing.report.tables.reduce((x, t) => x + t.ingested, 0).toLocaleString('en-US')} rows into ${ws}, ${ing.report.quarantined} quarantined [${secs()}]`);

      // Detection as `cloudhop demo` runs it: from the first day an attack is active to the attack day's end.
      const { tables } = await loadTables(files);
      const attackStarts = L.scenarios.filter((x) => x.kind === 'attack' && x.window).map((x) => Date.parse(x.window.start)).filter(Number.isFinite);
      const fromMs = Math.max(Math.min(Date.parse(L.attackDay.start), ...attackStarts.map((t) => Math.floor(t / DAY_MS) * DAY_MS)), Date.parse(L.start));
      const pack = loadPack([builtinRulesDir()]);
      const rules = withBaselineRules(pack.rules);
      const problems: Problem[] = [];
      const watch = new Map<string, Watchlist>();
      for (const d of pack.watchlistDirs) for (const [k, v] of loadWatchlistDir(d, problems)) watch.set(k, v);
      const tenantLists = L.watchlists?.length ? loadWatchlistDir(join(dataDir, 'watchlists'), problems) : undefined;
      const res = await runDetections({ tables, rules, watchlists: watchlistProvider(watch, tenantLists), from: new Date(fromMs).toISOString(), to: L.attackDay.end });
      note(`  replayed ${rules.filter((r) => r.enabled && r.kind !== 'Hunting').length} rules: ${groupingSummary(res.alerts, res.incidents, pack.rules)} [${secs()}]`);

      const byId = new Map(rules.map((r) => [r.id, r]));
      const rows = detectionRows(res.alerts, res.incidents, byId);
      const rowsDir = mkdtempSync(join(tmpdir(), 'cloudhop-demo-rows-'));
      try {
        const af = join(rowsDir, 'SecurityAlert.jsonl'), inf = join(rowsDir, 'SecurityIncident.jsonl');
        writeFileSync(af, rows.alerts.map((r) => JSON.stringify(r)).join('\n') + '\n');
        writeFileSync(inf, rows.incidents.map((r) => JSON.stringify(r)).join('\n') + '\n');
        if (rows.alerts.length) await ingestToWorkspace([af], ws, { table: 'SecurityAlert', force: true });
        if (rows.incidents.length) await ingestToWorkspace([inf], ws, { table: 'SecurityIncident', force: true });
      } finally { rmSync(rowsDir, { recursive: true, force: true }); }
      note(`  wrote ${rows.alerts.length} SecurityAlert and ${rows.incidents.length} SecurityIncident rows [${secs()}]`);

      // The rule pack page: `cloudhop test` on the pack, the score against the scenarios.
      let cases = null;
      try { cases = (await runRuleTests([builtinRulesDir()])).cases; } catch (e) { note(`  warning: the rule tests did not run: ${(e as Error).message.split('\n')[0]}`); }
      const ruleNames = rules.filter((r) => r.enabled && r.kind !== 'Hunting').map((r) => r.name);
      const score = scoreAlerts(res.alerts, L.scenarios, ruleNames);
      const toTicks = Date.parse(L.attackDay.end) * TICKS_PER_MS;
      const lastRunOf = (r: typeof rules[number]): string | null => {
        const runs = scheduleRuns(r.queryFrequency, fromMs * TICKS_PER_MS, toTicks);
        const last = runs[runs.length - 1];
        return last === undefined ? null : new Date(last / TICKS_PER_MS).toISOString();
      };
      const data = buildRulePack(rules, res.perRuleStats, lastRunOf, cases, score, new Map(L.scenarios.map((s) => [s.scenario, s.kind])),
        `replay of ${new Date(fromMs).toISOString().slice(0, 10)} .. ${L.attackDay.end.slice(0, 10)} on the simulated tenant (seed ${a.seed}); while serving, the pack runs continuously over the wall clock`);
      mkdirSync(join(ws, 'serve'), { recursive: true });
      writeFileAtomic(join(ws, 'serve', RULEPACK_FILE), JSON.stringify(data, null, 1));
      note(`  ${score.detected}/${score.attacks} attack scenarios detected; rule tests: ${cases ? `${cases.filter((c) => c.pass).length}/${cases.length} pass` : 'not run'} [${secs()}]`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  note('  serving the workspace with continuous detection of the built-in pack over the wall clock (data arriving through the ingestion API is detected):');
  const { run } = await import('./commands/serve.js');
  return run(['--workspace', ws, '--rules', builtinRulesDir(), ...(a.port !== undefined ? ['--port', a.port] : [])]);
}

function isEmptyDir(d: string): boolean {
  try { return readdirSync(d).length === 0; } catch { return false; }
}
