/**
 * The report's data: one compact JSON payload the page's script renders (html.ts embeds it).
 * Strings are interned (rule names, entity labels and titles repeat across alerts), times are
 * epoch seconds, records are arrays (field order: the *_FIELDS comments). Every limit is counted
 * here and shown on the page; nothing is dropped silently.
 */
import type { ReportAlert, ReportEntity, ReportIncident, ReportInput } from './model.js';
import { label, neutralise, show } from './text.js';

/** Bytes the whole payload aims to stay under: evidence rows fill what the alerts leave. */
export const PAYLOAD_BUDGET = 42_000_000;
/** Evidence rows kept per alert at most (the alert record keeps up to 200). */
export const EVIDENCE_ROWS_PER_ALERT = 50;
/** Characters kept of a description or an evidence cell. */
export const TEXT_MAX = 2_000;
/** Evidence rows per alert read for the entity graph. */
const GRAPH_ROWS = 20;
/** Values per column per evidence row read for the entity graph. */
const GRAPH_VALUES = 8;

const SEV = ['Informational', 'Low', 'Medium', 'High'];
export function sevRank(s: string): number { const i = SEV.indexOf(s); return i < 0 ? 0 : i; }

export interface Payload {
  title: string; subtitle: string; footer: string;
  /** Interned strings. */
  s: string[];
  /** [nameS, baseline 0|1] */
  rules: [number, number][];
  /** ENTITY: [typeS, labelS, detailS] */
  ent: [number, number, number][];
  /** NODE (entity graph): [column 0 account | 1 host | 2 IP | 3 cloud app/resource, nameS] */
  nodes: [number, number][];
  /** Evidence column sets: [nameS...]; an evidence row is [columnSet, valueS...]. */
  cols: number[][];
  /** ALERT: [id, titleS, rule, sev 0-3, generated, start, end, incident, entities[], descriptionS (-1), customDetailsS (-1), chains, evidence rows (may be cut), evidence total]. Unique texts are inline, repeated ones interned. */
  al: unknown[][];
  /** INCIDENT: [id, titleS, rule, sev, firstEvent, lastEvent, firstAlert, lastAlert, alerts[], truthS (-1), entities[]] */
  inc: unknown[][];
  limits: { evidenceRowsPerAlert: number; evidenceRowsShown: number; evidenceRowsTotal: number; alertsWithCutEvidence: number; textMax: number; textCut: number; budget: number; graphRows: number; orphanAlertIds: number };
}

function secs(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? Math.floor(t / 1000) : -1;
}

export function entityLabel(e: ReportEntity): string {
  switch (e.type) {
    case 'account': return e.fullName || (e.name && e.upnSuffix ? `${e.name}@${e.upnSuffix}` : e.ntDomain && e.name ? `${e.ntDomain}\\${e.name}` : e.name) || e.aadUserId || e.sid || e.objectGuid || firstValue(e);
    case 'host': return e.fullName || (e.hostName && e.dnsDomain ? `${e.hostName}.${e.dnsDomain}` : e.hostName) || e.netBiosName || e.azureId || firstValue(e);
    case 'ip': return e.address || firstValue(e);
    case 'cloud-application': return e.name || e.appId || e.instanceName || firstValue(e);
    case 'azure-resource': return e.resourceId || firstValue(e);
    default: return firstValue(e);
  }
}
function firstValue(e: ReportEntity): string { for (const [k, v] of Object.entries(e)) if (k !== 'type' && v) return String(v); return ''; }

const ENTITY_COL: Record<string, number> = { account: 0, host: 1, ip: 2, 'cloud-application': 3, 'azure-resource': 3, url: 3, dns: 3 };
const IP_RE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]+)$/i;
// Evidence columns that name an entity of a graph column (arrays are read value by value).
const ACCOUNT_KEYS = ['UserPrincipalName', 'AccountUpn', 'PrincipalEmail', 'Principal', 'Actor', 'InitiatedByUser', 'AccountName', 'Account', 'UserIdentityArn', 'ServicePrincipalName'];
const HOST_KEYS = ['DeviceName', 'Computer', 'HostName', 'InstanceId', 'Devices'];
const APP_KEYS = ['AppDisplayName', 'ResourceDisplayName', 'CloudApp', 'App', 'Apps', 'SigninApps', 'ReplayApps', 'ServiceName', 'Services', 'EventSource', 'EventSources', 'Projects', 'ProjectId', 'ResourceId', 'RecipientAccountId', 'TargetName'];

function values(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' && x.trim() ? [x.trim()] : typeof x === 'number' ? [String(x)] : []));
  return [];
}
function pick(r: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  for (const k of keys) { const v = values(r[k]); if (v.length) return v.slice(0, GRAPH_VALUES); }
  return [];
}
const ipKey = new Map<string, boolean>();
function ipsOf(r: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const k in r) {
    let is = ipKey.get(k);
    if (is === undefined) { is = /ip/i.test(k); ipKey.set(k, is); }
    if (!is) continue;
    for (const v of values(r[k])) if (IP_RE.test(v) && !out.includes(v)) out.push(v);
    if (out.length >= GRAPH_VALUES) break;
  }
  return out.slice(0, GRAPH_VALUES);
}

/** Builds the payload. Deterministic for a given input. */
export function buildPayload(input: ReportInput): Payload {
  const strs: string[] = [];
  const sIdx = new Map<string, number>();
  let sChars = 0; // characters added to `s` (for the budget)
  const S = (v: string): number => { let i = sIdx.get(v); if (i === undefined) { i = strs.length; strs.push(v); sIdx.set(v, i); sChars += v.length + 3; } return i; };
  let textCut = 0;
  const long = (v: string): string => { if (v.length <= TEXT_MAX) return v; textCut++; return v.slice(0, TEXT_MAX) + `… [${v.length - TEXT_MAX} more characters]`; };

  const baseline = new Set(input.baselineRules ?? []);
  const rules: [number, number][] = [];
  const ruleIdx = new Map<string, number>();
  const R = (name: string): number => { let i = ruleIdx.get(name); if (i === undefined) { i = rules.length; rules.push([S(label(name)), baseline.has(name) ? 1 : 0]); ruleIdx.set(name, i); } return i; };

  const ent: [number, number, number][] = [];
  const entIdx = new Map<string, number>();
  const E = (e: ReportEntity): number => {
    let detail = '';
    for (const k in e) if (k !== 'type') detail += (detail ? '\n' : '') + k + ': ' + e[k];
    const key = e.type + '\u0000' + detail;
    let i = entIdx.get(key);
    if (i === undefined) { i = ent.length; ent.push([S(label(e.type)), S(label(entityLabel(e))), S(neutralise(detail))]); entIdx.set(key, i); }
    return i;
  };
  const nodes: [number, number][] = [];
  const nodeIdx = new Map<string, number>();
  const N = (col: number, name: string): number => {
    const key = col + '\u0000' + name.toLowerCase();
    let i = nodeIdx.get(key);
    if (i === undefined) { i = nodes.length; nodes.push([col, S(label(name))]); nodeIdx.set(key, i); }
    return i;
  };

  // Incidents (given, plus one per alert whose incident is unknown: rules that create none).
  const incIds = new Map<string, number>();
  const incs: { inc: ReportIncident; alerts: number[] }[] = [];
  for (const inc of input.incidents) { incIds.set(inc.incidentId, incs.length); incs.push({ inc, alerts: [] }); }
  const alertIdx = new Map<string, number>();
  input.alerts.forEach((a, i) => alertIdx.set(a.alertId, i));
  const alertInc = new Int32Array(input.alerts.length).fill(-1);
  for (let k = 0; k < incs.length; k++) for (const id of incs[k]!.inc.alertIds) { const i = alertIdx.get(id); if (i !== undefined && alertInc[i] === -1) { alertInc[i] = k; incs[k]!.alerts.push(i); } }
  let orphanAlertIds = 0;
  for (const x of incs) orphanAlertIds += x.inc.alertIds.length - x.alerts.length;
  input.alerts.forEach((a, i) => {
    if (alertInc[i] !== -1) return;
    const k = a.incidentId !== null && incIds.has(a.incidentId) ? incIds.get(a.incidentId)! : -1;
    if (k >= 0) { alertInc[i] = k; incs[k]!.alerts.push(i); return; }
    alertInc[i] = incs.length;
    incs.push({ inc: { incidentId: a.incidentId ?? a.alertId, title: a.title || a.ruleName, ruleName: a.ruleName, severity: a.severity, firstAlertTime: a.timeGenerated, lastAlertTime: a.timeGenerated, alertIds: [a.alertId], entities: a.entities }, alerts: [i] });
  });

  // Alerts without evidence first; evidence fills the budget afterwards.
  const al: unknown[][] = input.alerts.map((a, i) => {
    const ents = a.entities.map(E);
    const chains: number[][][] = [];
    const seen = new Set<string>();
    for (const r of (a.evidence ?? []).slice(0, GRAPH_ROWS)) {
      const cols = [pick(r, ACCOUNT_KEYS).map((v) => N(0, v)), pick(r, HOST_KEYS).map((v) => N(1, v)), ipsOf(r).map((v) => N(2, v)), pick(r, APP_KEYS).map((v) => N(3, v))].filter((c) => c.length);
      if (!cols.length) continue;
      const k = cols.map((c) => c.join(',')).join(';');
      if (!seen.has(k)) { seen.add(k); chains.push(cols); }
    }
    // The alert's own entities link too (cloud apps and resources mapped as entities, hosts the rows do not name).
    const byCol: number[][] = [[], [], [], []];
    for (const e of a.entities) { const c = ENTITY_COL[e.type]; if (c !== undefined) { const n = N(c, entityLabel(e)); if (!byCol[c]!.includes(n)) byCol[c]!.push(n); } }
    const ec = byCol.filter((c) => c.length);
    if (ec.length) { const k = ec.map((c) => c.join(',')).join(';'); if (!seen.has(k)) chains.push(ec); }
    // Descriptions and custom details repeat across a rule's alerts (templates over few values): interned.
    const cd = a.customDetails && Object.keys(a.customDetails).length ? S(long(show(a.customDetails))) : -1;
    return [neutralise(a.alertId), S(label(a.title || a.ruleName)), R(a.ruleName), sevRank(a.severity), secs(a.timeGenerated), secs(a.startTime), secs(a.endTime), alertInc[i],
      ents, a.description ? S(long(neutralise(a.description))) : -1, cd, chains, [], a.evidence?.length ?? 0];
  });

  const scen = input.evaluation?.incidentScenario ?? {};
  const inc: unknown[][] = incs.map(({ inc, alerts }) => {
    alerts.sort((x, y) => (al[x]![4] as number) - (al[y]![4] as number) || x - y);
    let fe = Infinity, le = -Infinity, sev = sevRank(inc.severity);
    const es = new Set<number>();
    for (const x of alerts) {
      const r = al[x]!;
      if ((r[5] as number) >= 0) fe = Math.min(fe, r[5] as number);
      le = Math.max(le, r[6] as number);
      sev = Math.max(sev, r[3] as number);
      for (const e of r[8] as number[]) es.add(e);
    }
    const firstEv = inc.firstEventTime ? secs(inc.firstEventTime) : Number.isFinite(fe) ? fe : secs(inc.firstAlertTime);
    const lastEv = inc.lastEventTime ? secs(inc.lastEventTime) : Number.isFinite(le) ? le : secs(inc.lastAlertTime);
    const truth = scen[inc.incidentId];
    return [neutralise(inc.incidentId), S(label(inc.title)), R(inc.ruleName), sev, firstEv, lastEv, secs(inc.firstAlertTime), secs(inc.lastAlertTime), alerts, truth ? S(label(truth)) : -1, [...es]];
  });

  const payload: Payload = {
    title: label(input.title ?? 'cloudhop incident report'), subtitle: label(input.subtitle ?? ''), footer: label(input.footer ?? 'Generated by cloudhop. Self-contained: no network access.'),
    s: strs, rules, ent, nodes, al, inc, cols: [],
    limits: { evidenceRowsPerAlert: EVIDENCE_ROWS_PER_ALERT, evidenceRowsShown: 0, evidenceRowsTotal: 0, alertsWithCutEvidence: 0, textMax: TEXT_MAX, textCut: 0, budget: PAYLOAD_BUDGET, graphRows: GRAPH_ROWS, orphanAlertIds },
  };
  // Evidence: row k of every alert before row k+1 of any, while the budget lasts.
  let size = JSON.stringify(payload).length;
  const ev = input.alerts.map((a) => a.evidence ?? []);
  let total = 0;
  for (const rows of ev) total += rows.length;
  let shown = 0;
  const colSets = new Map<string, number>();
  outer: for (let k = 0; k < EVIDENCE_ROWS_PER_ALERT; k++) {
    let any = false;
    for (let i = 0; i < ev.length; i++) {
      const row = ev[i]![k];
      if (!row) continue;
      any = true;
      // Values repeat across rows (accounts, apps, user agents): interned like the rest.
      const before = sChars;
      const names: number[] = [], vals: number[] = [];
      for (const c in row) { const v = row[c]; if (v !== null && v !== undefined && v !== '') { names.push(S(neutralise(c))); vals.push(S(long(show(v)))); } }
      const ck = names.join(',');
      let set = colSets.get(ck), setChars = 0;
      if (set === undefined) { set = payload.cols.length; payload.cols.push(names); colSets.set(ck, set); setChars = ck.length + 3; }
      const rowChars = String(set).length + vals.join(',').length + 4 + setChars;
      if (size + rowChars + (sChars - before) > PAYLOAD_BUDGET) break outer;
      size += rowChars + (sChars - before);
      (al[i]![12] as unknown[]).push([set, ...vals]);
      shown++;
    }
    if (!any) break;
  }
  payload.limits.evidenceRowsShown = shown;
  payload.limits.evidenceRowsTotal = total;
  payload.limits.alertsWithCutEvidence = al.filter((r) => (r[12] as unknown[]).length < (r[13] as number)).length;
  payload.limits.textCut = textCut;
  return payload;
}

/** The payload as text safe inside <script type="application/json"> (no `<`, so no `</script>`). */
export function payloadJson(p: Payload): string {
  return JSON.stringify(p).replace(/[<\u2028\u2029]/g, (c) => (c === '<' ? '\\u003c' : c === '\u2028' ? '\\u2028' : '\\u2029'));
}
