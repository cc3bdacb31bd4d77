/**
 * Ground-truth attribution of alerts to labelled scenarios, shared by the generalisation scorer.
 *
 * An alert belongs to a scenario when one of the scenario's labelled identifiers (account, UPN,
 * device, IP, cloud identity / ARN / e-mail) appears in the alert (entities, custom details,
 * evidence rows, title) as a whole word, and the alert's event span overlaps the scenario's window
 * widened by an hour on each side. Attack scenarios win over benign ones.
 */
import type { Alert } from '../../src/detect/index.js';

const HOUR = 3_600_000;

/** The part of a label the scorer reads (every generator writes at least this). */
export interface ScoredLabel {
  readonly scenario: string;
  readonly kind: 'attack' | 'benign';
  readonly class?: string;
  readonly variant?: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly accounts?: readonly string[];
  readonly devices?: readonly string[];
  readonly ips?: readonly string[];
  readonly cloudIdentities?: readonly string[];
}

export function identifiers(l: ScoredLabel): string[] {
  const ids = new Set<string>();
  const add = (s: string): void => { const v = s.trim().toLowerCase(); if (v.length >= 3) ids.add(v); };
  for (const a of l.accounts ?? []) { add(a); if (a.includes('\\')) add(a.split('\\').pop()!); }
  for (const d of l.devices ?? []) { add(d); add(d.split('.')[0]!); }
  for (const ip of l.ips ?? []) add(ip);
  for (const c of l.cloudIdentities ?? []) { add(c); const last = c.split(/[/:]/).pop(); if (last) add(last); }
  return [...ids];
}

const WORD = /[a-z0-9_.@\\-]/;
/** `id` occurs in `text` as a whole identifier (a trailing domain suffix after a dot is allowed). */
export function mentions(text: string, id: string): boolean {
  for (let i = text.indexOf(id); i >= 0; i = text.indexOf(id, i + 1)) {
    const before = i > 0 ? text[i - 1]! : ' ';
    const after = i + id.length < text.length ? text[i + id.length]! : ' ';
    if ((!WORD.test(before) || before === '\\') && (!WORD.test(after) || (after === '.' && !/[a-z0-9]/.test(text[i + id.length + 1] ?? ' ')))) return true;
  }
  return false;
}

function alertText(a: Alert): string {
  return JSON.stringify([a.entities, a.customDetails, a.evidence, a.title]).toLowerCase().replace(/\\\\/g, '\\');
}

export function belongs(a: Alert, l: ScoredLabel, ids: readonly string[], text = alertText(a)): boolean {
  const s = Date.parse(a.startTime), e = Date.parse(a.endTime);
  const ws = Date.parse(l.window.start) - HOUR, we = Date.parse(l.window.end) + HOUR;
  if (e < ws || s > we) return false;
  return ids.some((id) => mentions(text, id));
}

export interface Attribution {
  /** attack scenarios the alert belongs to (by label index), else benign ones, else none */
  readonly kind: 'attack' | 'benign' | 'none';
  readonly labels: readonly number[];
}

export function attribute(alerts: readonly Alert[], labels: readonly ScoredLabel[]): Attribution[] {
  const ids = labels.map(identifiers);
  return alerts.map((a) => {
    const text = alertText(a);
    const hit = (kind: 'attack' | 'benign'): number[] => labels.flatMap((l, i) => (l.kind === kind && belongs(a, l, ids[i]!, text) ? [i] : []));
    const atk = hit('attack');
    if (atk.length) return { kind: 'attack', labels: atk };
    const ben = hit('benign');
    return ben.length ? { kind: 'benign', labels: ben } : { kind: 'none', labels: [] };
  });
}
