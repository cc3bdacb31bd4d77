import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeOutputFile } from '../../store/atomic-write.js';
import { missingPath } from '../paths.js';
import { renderReport, type ReportAlert, type ReportIncident } from '../../report/html.js';
import { scoreAlerts, evaluation } from '../../simulate/score.js';
import type { LabelsFile } from '../../simulate/index.js';
import { loadPack, builtinRulesDir } from '../../detect/index.js';

export const summary = 'write a self-contained HTML incident report from alerts (detect --format jsonl)';

const USAGE = `usage: cloudhop report --alerts FILE... [--labels labels.json] [--out report.html] [--title TEXT]

  --alerts FILE   alert records, one JSON object a line (cloudhop detect --format jsonl); '-' reads stdin
  --labels FILE   ground truth from cloudhop simulate: adds verdicts and the rules × scenarios matrix
  --out FILE      where to write (default ./report.html)
`;

function fail(msg: string, code: number): number { process.stderr.write(`cloudhop report: ${msg}\n`); return code; }

/** Reads alert records; a bad line is reported with file:line and skipped. */
function readAlerts(path: string, text: string, bad: string[]): ReportAlert[] {
  const out: ReportAlert[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try { v = JSON.parse(line); } catch (e) { bad.push(`${path}:${i + 1}: not JSON (${(e as Error).message})`); return; }
    const a = v as Partial<ReportAlert>;
    if (!a || typeof a !== 'object' || typeof a.ruleName !== 'string' || typeof a.startTime !== 'string') { bad.push(`${path}:${i + 1}: not an alert record (needs ruleName, startTime)`); return; }
    out.push({
      alertId: String(a.alertId ?? `${path}:${i + 1}`), ruleId: String(a.ruleId ?? ''), ruleName: a.ruleName, severity: String(a.severity ?? 'Medium'),
      title: typeof a.title === 'string' ? a.title : undefined, description: typeof a.description === 'string' ? a.description : undefined,
      timeGenerated: String(a.timeGenerated ?? a.startTime), startTime: a.startTime, endTime: String(a.endTime ?? a.startTime),
      tactics: Array.isArray(a.tactics) ? a.tactics : [], techniques: Array.isArray(a.techniques) ? a.techniques : [],
      entities: Array.isArray(a.entities) ? a.entities.filter((e) => e && typeof e === 'object') : [],
      customDetails: a.customDetails && typeof a.customDetails === 'object' ? a.customDetails : {},
      evidence: Array.isArray(a.evidence) ? a.evidence.filter((e) => e && typeof e === 'object') : [],
      incidentId: typeof a.incidentId === 'string' ? a.incidentId : null,
    });
  });
  return out;
}

/** Incidents rebuilt from the alerts' incidentId (the alert record carries it). */
export function incidentsFromAlerts(alerts: readonly ReportAlert[]): ReportIncident[] {
  const by = new Map<string, ReportAlert[]>();
  for (const a of alerts) if (a.incidentId) { const l = by.get(a.incidentId) ?? []; l.push(a); by.set(a.incidentId, l); }
  return [...by.entries()].map(([id, xs]) => {
    const sorted = [...xs].sort((p, q) => (p.timeGenerated < q.timeGenerated ? -1 : 1));
    const sev = sorted.map((x) => x.severity).sort((p, q) => rank(q) - rank(p))[0]!;
    return { incidentId: id, title: sorted[0]!.title || sorted[0]!.ruleName, ruleName: sorted[0]!.ruleName, severity: sev, firstAlertTime: sorted[0]!.timeGenerated, lastAlertTime: sorted[sorted.length - 1]!.timeGenerated, alertIds: sorted.map((x) => x.alertId), entities: sorted.flatMap((x) => x.entities) };
  });
}
function rank(s: string): number { return ({ High: 3, Medium: 2, Low: 1, Informational: 0 } as Record<string, number>)[s] ?? -1; }

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options: { alerts: { type: 'string', multiple: true }, labels: { type: 'string' }, out: { type: 'string', short: 'o' }, title: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) { return fail(`${(e as Error).message}\n${USAGE}`, 2); }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const inputs = [...(a.values.alerts ?? []), ...a.positionals];
  if (!inputs.length) return fail(`--alerts FILE is required\n${USAGE}`, 2);
  const missing = missingPath('--alerts', inputs) ?? missingPath('--labels', a.values.labels ? [a.values.labels] : []);
  if (missing) return fail(missing, 2);
  const bad: string[] = [];
  const alerts: ReportAlert[] = [];
  for (const p of inputs) {
    let text: string;
    try { text = p === '-' ? readFileSync(0, 'utf8') : readFileSync(p, 'utf8'); } catch (e) { return fail(`${p}: ${(e as Error).message}`, 1); }
    alerts.push(...readAlerts(p === '-' ? '<stdin>' : p, text, bad));
  }
  for (const b of bad.slice(0, 20)) process.stderr.write(`cloudhop report: ${b}\n`);
  if (bad.length > 20) process.stderr.write(`cloudhop report: … ${bad.length - 20} more bad lines\n`);
  const incidents = incidentsFromAlerts(alerts);
  let ev;
  if (a.values.labels) {
    let labels: LabelsFile;
    try { labels = JSON.parse(readFileSync(a.values.labels, 'utf8')) as LabelsFile; } catch (e) { return fail(`${a.values.labels}: ${(e as Error).message}`, 1); }
    if (!Array.isArray(labels.scenarios)) return fail(`${a.values.labels}: not a labels.json (no "scenarios" array)`, 1);
    const score = scoreAlerts(alerts, labels.scenarios);
    ev = evaluation(score, labels.scenarios, incidents, alerts.map((x) => x.alertId));
  }
  const out = resolve(a.values.out ?? 'report.html');
  // Baseline rules of the built-in pack (the verbatim seed rule) are listed after the others.
  let baselineRules: string[] = [];
  try {
    const ids = new Set(loadPack([builtinRulesDir()]).rules.filter((r) => r.cloudhop.baseline === true).map((r) => r.id));
    baselineRules = [...new Set(alerts.filter((x) => ids.has(x.ruleId)).map((x) => x.ruleName))];
  } catch { /* no built-in pack: nothing is a baseline */ }
  writeOutputFile(out, renderReport({ title: a.values.title ?? 'cloudhop incident report', subtitle: `${alerts.length} alerts from ${inputs.join(', ')}`, alerts, incidents, evaluation: ev, baselineRules }));
  process.stdout.write(`wrote ${out} (${incidents.length} incidents, ${alerts.length} alerts)\n`);
  return 0;
}
