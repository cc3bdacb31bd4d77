/**
 * Judges alerts against a simulation's ground truth: which scenario each alert belongs to, which
 * rules detected each attack, the false positives per benign class, and the rules × scenarios
 * matrix. Works on the alert record's shape (DESIGN.md), so it needs nothing from the detection
 * runtime.
 */
import type { Label } from './scenario.js';

/** The parts of an alert record scoring reads. */
export interface ScoredAlert {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly entities?: readonly unknown[];
  readonly customDetails?: unknown;
  readonly evidence?: readonly unknown[];
  readonly title?: string;
}

export interface Attribution {
  /** Scenario name, or 'background' when no labelled identifier appears. */
  readonly scenario: string;
  readonly kind: 'attack' | 'benign' | 'background';
}

export interface ScenarioVerdict {
  readonly scenario: string;
  readonly kind: 'attack' | 'benign';
  readonly variant: string;
  readonly alerts: number;
  /** Rule names that raised at least one alert attributed to the scenario. */
  readonly rules: readonly string[];
}

export interface Score {
  readonly attributions: readonly Attribution[];
  readonly verdicts: readonly ScenarioVerdict[];
  /** ruleName → scenario (or 'background') → alerts. */
  readonly matrix: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly rules: readonly string[];
  readonly columns: readonly string[];
  readonly detected: number;
  readonly attacks: number;
  readonly falsePositives: number;
  readonly truePositives: number;
}

const SLACK = 3_600_000;
const WORD = /[A-Za-z0-9_@.-]/;

function idsOf(l: Label): { strong: string[]; weak: string[]; ips: string[] } {
  const strong = new Set<string>(), weak = new Set<string>();
  const add = (set: Set<string>, s: string): void => { const v = s.trim().toLowerCase(); if (v.length >= 4) set.add(v); };
  for (const a of l.accounts) { add(strong, a); if (a.includes('\\')) add(strong, a.split('\\').pop()!); }
  for (const d of l.devices) { add(strong, d); add(strong, d.split('.')[0]!); }
  for (const c of l.cloudIdentities) add(strong, c);
  for (const ip of l.ips) add(l.kind === 'attack' ? strong : weak, ip);
  return { strong: [...strong], weak: [...weak], ips: l.ips.map((x) => x.toLowerCase()) };
}

/** Whether `id` occurs in `text` as a whole token (not inside a longer name or address). */
function mentions(text: string, id: string): boolean {
  for (let i = text.indexOf(id); i >= 0; i = text.indexOf(id, i + 1)) {
    const b = i > 0 ? text[i - 1]! : ' ';
    const e = text[i + id.length] ?? ' ';
    const eNext = text[i + id.length + 1] ?? ' ';
    const beforeOk = !WORD.test(b) || b === '\\' || b === '/';
    const afterOk = !WORD.test(e) || ((e === '.' || e === '@' || e === '-') && !/[A-Za-z0-9]/.test(eNext));
    if (beforeOk && afterOk) return true;
  }
  return false;
}

function alertText(a: ScoredAlert): string {
  return JSON.stringify([a.entities ?? [], a.customDetails ?? {}, a.evidence ?? [], a.title ?? '']).toLowerCase().replace(/\\\\/g, '\\');
}

function overlaps(a: ScoredAlert, l: Label, slack: number): boolean {
  const s = Date.parse(a.startTime), e = Date.parse(a.endTime);
  const ws = Date.parse(l.window.start) - slack, we = Date.parse(l.window.end) + slack;
  return !(e < ws || s > we);
}

/**
 * Attributes one alert: attacks first (an identifier within the attack window ± 1 h, or an
 * attacker address within a day of it: rules that compare with the next normal sign-in alert
 * later), then benign classes (accounts/devices before IPs), else the background.
 */
export function attribute(a: ScoredAlert, labels: readonly Label[], prepared = prepare(labels)): Attribution {
  const text = alertText(a);
  for (const p of prepared) if (p.l.kind === 'attack' && overlaps(a, p.l, SLACK) && p.ids.strong.some((id) => mentions(text, id))) return { scenario: p.l.scenario, kind: 'attack' };
  for (const p of prepared) if (p.l.kind === 'attack' && overlaps(a, p.l, 24 * SLACK) && p.ids.ips.some((id) => mentions(text, id))) return { scenario: p.l.scenario, kind: 'attack' };
  for (const p of prepared) if (p.l.kind === 'benign' && overlaps(a, p.l, SLACK) && p.ids.strong.some((id) => mentions(text, id))) return { scenario: p.l.scenario, kind: 'benign' };
  for (const p of prepared) if (p.l.kind === 'benign' && overlaps(a, p.l, SLACK) && p.ids.weak.some((id) => mentions(text, id))) return { scenario: p.l.scenario, kind: 'benign' };
  return { scenario: 'background', kind: 'background' };
}

function prepare(labels: readonly Label[]): { l: Label; ids: { strong: string[]; weak: string[]; ips: string[] } }[] {
  return labels.map((l) => ({ l, ids: idsOf(l) }));
}

/** Scores alerts against labels. `ruleNames` fixes the matrix rows (rules that raised nothing included). */
export function scoreAlerts(alerts: readonly ScoredAlert[], labels: readonly Label[], ruleNames: readonly string[] = []): Score {
  const prepared = prepare(labels);
  const attributions = alerts.map((a) => attribute(a, labels, prepared));
  const columns = [...labels.map((l) => l.scenario), 'background'];
  const rules = [...new Set([...ruleNames, ...alerts.map((a) => a.ruleName)])];
  const matrix = new Map<string, Map<string, number>>(rules.map((r) => [r, new Map(columns.map((c) => [c, 0]))]));
  alerts.forEach((a, i) => { const row = matrix.get(a.ruleName)!; const c = attributions[i]!.scenario; row.set(c, (row.get(c) ?? 0) + 1); });
  const verdicts: ScenarioVerdict[] = labels.map((l) => {
    const idx = attributions.map((x, i) => (x.scenario === l.scenario ? i : -1)).filter((i) => i >= 0);
    return { scenario: l.scenario, kind: l.kind, variant: l.variant, alerts: idx.length, rules: [...new Set(idx.map((i) => alerts[i]!.ruleName))].sort() };
  });
  const attacks = verdicts.filter((v) => v.kind === 'attack');
  const truePositives = attributions.filter((x) => x.kind === 'attack').length;
  return { attributions, verdicts, matrix, rules, columns, attacks: attacks.length, detected: attacks.filter((v) => v.alerts > 0).length, truePositives, falsePositives: alerts.length - truePositives };
}

/** The rules × scenarios matrix as fixed-width text (rows: rules; columns: scenarios, then background). */
export function formatMatrix(s: Score, shortName: (rule: string) => string = (r) => r): string {
  const cols = s.columns;
  const heads = cols.map((c, i) => `S${i + 1}`);
  const rw = Math.min(64, Math.max(12, ...s.rules.map((r) => shortName(r).length)));
  const lines: string[] = [];
  cols.forEach((c, i) => lines.push(`  ${heads[i]!.padEnd(4)} ${c}${i < cols.length - 1 ? ` (${s.verdicts[i]!.kind}${s.verdicts[i]!.kind === 'attack' ? ', ' + s.verdicts[i]!.variant : ''})` : ''}`));
  lines.push('');
  lines.push(`  ${'rule'.padEnd(rw)} ${heads.map((h) => h.padStart(4)).join(' ')}`);
  for (const r of s.rules) {
    const row = s.matrix.get(r)!;
    lines.push(`  ${shortName(r).slice(0, rw).padEnd(rw)} ${cols.map((c) => { const n = row.get(c) ?? 0; return (n ? String(n) : '.').padStart(4); }).join(' ')}`);
  }
  return lines.join('\n');
}

/** The score in the report's evaluation shape (plain data). */
export function evaluation(s: Score, labels: readonly Label[], incidents: readonly { incidentId: string; alertIds: readonly string[] }[] = [], alertIds: readonly string[] = []): {
  scenarios: { scenario: string; kind: 'attack' | 'benign'; variant: string; description: string; window: { start: string; end: string }; timeline: { time: string; table: string; step: string }[]; rules: string[]; alerts: number }[];
  rules: string[]; columns: string[]; cells: number[][]; incidentScenario: Record<string, string>;
} {
  const byAlert = new Map(alertIds.map((id, i) => [id, s.attributions[i]!.scenario]));
  const incidentScenario: Record<string, string> = {};
  for (const inc of incidents) {
    const names = inc.alertIds.map((id) => byAlert.get(id)).filter((x): x is string => !!x);
    const attack = names.find((n) => labels.some((l) => l.scenario === n && l.kind === 'attack'));
    const pick = attack ?? names[0];
    if (pick) incidentScenario[inc.incidentId] = pick;
  }
  for (const [id, sc] of byAlert) if (!(id in incidentScenario)) incidentScenario[id] = sc;
  return {
    scenarios: labels.map((l, i) => ({ scenario: l.scenario, kind: l.kind, variant: l.variant, description: l.description, window: l.window, timeline: [...l.timeline], rules: [...s.verdicts[i]!.rules], alerts: s.verdicts[i]!.alerts })),
    rules: [...s.rules], columns: [...s.columns], cells: s.rules.map((r) => s.columns.map((c) => s.matrix.get(r)!.get(c) ?? 0)), incidentScenario,
  };
}
