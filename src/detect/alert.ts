import * as crypto from 'node:crypto';
import type { AlertEntity } from './entities.js';

/** The alert record (DESIGN.md "Alert record"; `detect --format jsonl` writes one per line). */
export interface Alert {
  alertId: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  confidence: string | number | null;
  tactics: string[];
  techniques: string[];
  /** ISO 8601: the run that raised the alert. */
  timeGenerated: string;
  /** ISO 8601: earliest / latest event time in the evidence (the run's window when none). */
  startTime: string;
  endTime: string;
  /** Alert display name (alertDisplayNameFormat, else the rule name). */
  title: string;
  description: string;
  entities: AlertEntity[];
  customDetails: Record<string, unknown>;
  /** The result rows behind the alert (at most 200; JSON value forms). */
  evidence: Record<string, unknown>[];
  incidentId: string | null;
  /** alertDynamicProperties, when the rule sets some. */
  properties?: Record<string, unknown>;
}

/** An incident: alerts of one rule grouped per its incidentConfiguration. */
export interface Incident {
  incidentId: string;
  title: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  status: 'New';
  createdTime: string;
  /** ISO 8601: the runs that raised its first and last alert. */
  firstAlertTime: string;
  lastAlertTime: string;
  /** ISO 8601: the earliest startTime and latest endTime of its alerts (when the activity happened). */
  firstEventTime: string;
  lastEventTime: string;
  alertIds: string[];
  entities: AlertEntity[];
  tactics: string[];
  techniques: string[];
}

// One-shot crypto.hash (Node >= 20.12) is several times cheaper than createHash per call; same digest.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
const sha1Hex = (s: string): string => (oneShot ? oneShot('sha1', s, 'hex') : crypto.createHash('sha1').update(s).digest('hex'));

/** A deterministic GUID from parts (replays of the same data give the same ids). */
export function stableGuid(...parts: (string | number)[]): string {
  const h = sha1Hex(parts.join('\u0000'));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SEV_RANK: Record<string, number> = { Informational: 0, Low: 1, Medium: 2, High: 3 };
export function maxSeverity(a: string, b: string): string { return (SEV_RANK[b] ?? -1) > (SEV_RANK[a] ?? -1) ? b : a; }
