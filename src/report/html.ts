/**
 * The incident report: one self-contained HTML file (inline CSS, SVG and a small script; no network,
 * enforced by a Content-Security-Policy that also forbids inline event handlers). Every piece of log
 * text goes through `esc`, so HTML or script inside a command line or user agent shows as text.
 */
import { createHash } from 'node:crypto';
import type { ReportAlert, ReportEntity, ReportIncident, ReportInput } from './model.js';

export type { ReportAlert, ReportEntity, ReportIncident, ReportInput, ReportEvaluation } from './model.js';

/** Escapes text for HTML element content and quoted attribute values (and SVG text). */
export function esc(v: unknown): string {
  const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const SEV_COLOR: Record<string, string> = { High: '#c62828', Medium: '#ef6c00', Low: '#f9a825', Informational: '#546e7a' };
const TABLE_COLOR: Record<string, string> = {
  DeviceProcessEvents: '#6a1b9a', SigninLogs: '#1565c0', AADNonInteractiveUserSignInLogs: '#42a5f5', AuditLogs: '#2e7d32',
  AWSCloudTrail: '#ff8f00', GCPAuditLogs: '#00897b',
};

function ms(iso: string | undefined): number { const t = iso ? Date.parse(iso) : NaN; return Number.isFinite(t) ? t : NaN; }
function fmtTime(t: number): string { return Number.isFinite(t) ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '?'; }
function short(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

/** The time of an evidence row (TimeGenerated, Timestamp or the first ISO-looking field). */
function rowTime(r: Readonly<Record<string, unknown>>): number {
  for (const k of ['TimeGenerated', 'Timestamp', 'CreatedDateTime', 'ActivityDateTime', 'EventTime', 'StartTime', 'FirstSeen']) {
    const v = r[k];
    if (typeof v === 'string') { const t = Date.parse(v); if (Number.isFinite(t)) return t; }
  }
  return NaN;
}
function rowTable(r: Readonly<Record<string, unknown>>): string {
  if (typeof r.Type === 'string' && r.Type) return r.Type;
  if ('ProcessCommandLine' in r) return 'DeviceProcessEvents';
  if ('EventSource' in r || 'SourceIpAddress' in r) return 'AWSCloudTrail';
  if ('MethodName' in r || 'PrincipalEmail' in r) return 'GCPAuditLogs';
  if ('OperationName' in r && 'InitiatedBy' in r) return 'AuditLogs';
  if ('IPAddress' in r || 'AppDisplayName' in r) return 'SigninLogs';
  return 'other';
}

/** Ticks for a time axis: a step from a fixed ladder giving at most ~8 labels. */
function ticks(t0: number, t1: number): { at: number; label: string }[] {
  const span = Math.max(1, t1 - t0);
  const steps = [60e3, 5 * 60e3, 15 * 60e3, 30 * 60e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3, 2 * 86400e3, 7 * 86400e3];
  const step = steps.find((s) => span / s <= 8) ?? 14 * 86400e3;
  const out: { at: number; label: string }[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const iso = new Date(t).toISOString();
    out.push({ at: t, label: step >= 86400e3 ? iso.slice(5, 10) : step >= 3600e3 && new Date(t).getUTCHours() === 0 ? iso.slice(5, 10) : iso.slice(11, 16) });
  }
  return out;
}

/** Timeline chart: one lane per alert (bar over its event span), evidence rows as dots coloured by table. */
export function timelineSvg(alerts: readonly ReportAlert[], width = 860): string {
  const laneH = 26, left = 250, right = 16, top = 22;
  const times: number[] = [];
  for (const a of alerts) {
    times.push(ms(a.startTime), ms(a.endTime));
    for (const r of a.evidence ?? []) times.push(rowTime(r));
  }
  const fin = times.filter(Number.isFinite);
  if (!fin.length) return '<p class="muted">No times to chart.</p>';
  let t0 = Math.min(...fin), t1 = Math.max(...fin);
  const pad = Math.max(60e3, (t1 - t0) * 0.05);
  t0 -= pad; t1 += pad;
  const W = width - left - right;
  const x = (t: number): number => left + ((t - t0) / (t1 - t0)) * W;
  const h = top + alerts.length * laneH + 26;
  const parts: string[] = [`<svg class="timeline" role="img" aria-label="alert timeline" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg">`];
  for (const tk of ticks(t0, t1)) {
    parts.push(`<line x1="${x(tk.at).toFixed(1)}" y1="${top - 6}" x2="${x(tk.at).toFixed(1)}" y2="${h - 20}" class="grid"/>`);
    parts.push(`<text x="${x(tk.at).toFixed(1)}" y="${h - 6}" class="tick" text-anchor="middle">${esc(tk.label)}</text>`);
  }
  parts.push(`<text x="${left}" y="12" class="tick">${esc(fmtTime(t0))} UTC</text><text x="${width - right}" y="12" class="tick" text-anchor="end">${esc(fmtTime(t1))} UTC</text>`);
  alerts.forEach((a, i) => {
    const y = top + i * laneH;
    const s = ms(a.startTime), e = ms(a.endTime);
    const col = SEV_COLOR[a.severity] ?? '#546e7a';
    parts.push(`<text x="${left - 8}" y="${y + 16}" class="lane" text-anchor="end">${esc(short(a.title || a.ruleName, 32))}<title>${esc(a.ruleName)}</title></text>`);
    if (Number.isFinite(s) && Number.isFinite(e)) {
      const x0 = x(s), w = Math.max(4, x(e) - x0);
      parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 5}" width="${w.toFixed(1)}" height="14" rx="3" fill="${col}" fill-opacity="0.25" stroke="${col}"><title>${esc(`${a.ruleName}\n${a.startTime} → ${a.endTime}`)}</title></rect>`);
    }
    for (const r of (a.evidence ?? []).slice(0, 60)) {
      const t = rowTime(r);
      if (!Number.isFinite(t)) continue;
      const tbl = rowTable(r);
      parts.push(`<circle cx="${x(t).toFixed(1)}" cy="${y + 12}" r="4" fill="${TABLE_COLOR[tbl] ?? '#37474f'}"><title>${esc(`${tbl} ${fmtTime(t)}\n${evidenceSummary(r)}`)}</title></circle>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function evidenceSummary(r: Readonly<Record<string, unknown>>): string {
  const keys = ['ProcessCommandLine', 'AppDisplayName', 'OperationName', 'EventName', 'MethodName', 'IPAddress', 'SourceIpAddress', 'UserPrincipalName', 'AccountName', 'DeviceName', 'UserAgent'];
  return keys.filter((k) => r[k] !== undefined && r[k] !== '' && r[k] !== null).slice(0, 4).map((k) => `${k}: ${short(typeof r[k] === 'string' ? (r[k] as string) : JSON.stringify(r[k]), 120)}`).join('\n');
}

type Col = 0 | 1 | 2 | 3;
const COL_NAMES = ['account', 'device', 'IP', 'cloud app'];
const ACCOUNT_KEYS = ['UserPrincipalName', 'AccountUpn', 'PrincipalEmail', 'UserIdentityArn', 'InitiatedByUser', 'Account', 'AccountName'];
const DEVICE_KEYS = ['DeviceName', 'Computer', 'HostName'];
const IP_KEYS = ['IPAddress', 'SourceIpAddress', 'CallerIp', 'ClientIP', 'InitiatedByIp', 'IpAddress'];
const APP_KEYS = ['AppDisplayName', 'ResourceDisplayName', 'EventSource', 'ServiceName', 'CloudApp', 'App'];

function firstStr(r: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const k of keys) { const v = r[k]; if (typeof v === 'string' && v.trim()) return v.trim(); }
  return undefined;
}
function entityNode(e: ReportEntity): [Col, string] | undefined {
  switch (e.type) {
    case 'account': { const n = e.fullName || (e.name && e.upnSuffix ? `${e.name}@${e.upnSuffix}` : e.name) || e.aadUserId || e.sid; return n ? [0, n] : undefined; }
    case 'host': { const n = e.fullName || (e.hostName && e.dnsDomain ? `${e.hostName}.${e.dnsDomain}` : e.hostName) || e.netBiosName; return n ? [1, n] : undefined; }
    case 'ip': return e.address ? [2, e.address] : undefined;
    case 'cloud-application': { const n = e.name || e.appId; return n ? [3, n] : undefined; }
    case 'azure-resource': case 'aws-resource': { const n = e.resourceId || e.name || e.arn; return n ? [3, n] : undefined; }
    default: return undefined;
  }
}

/** Entity graph: columns account → device → IP → cloud app; edges from evidence rows and shared alerts. */
export function entityGraphSvg(alerts: readonly ReportAlert[], width = 860): string {
  const nodes: Map<string, number>[] = [new Map(), new Map(), new Map(), new Map()];
  const edges = new Map<string, number>();
  const add = (c: Col, name: string): string => { const m = nodes[c]!; m.set(name, (m.get(name) ?? 0) + 1); return `${c}|${name}`; };
  const link = (a: string, b: string): void => { const k = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`; edges.set(k, (edges.get(k) ?? 0) + 1); };
  for (const a of alerts) {
    const ids: string[] = [];
    for (const e of a.entities ?? []) { const n = entityNode(e); if (n) ids.push(add(n[0], n[1])); }
    let rowEdges = 0;
    for (const r of (a.evidence ?? []).slice(0, 200)) {
      const found: string[] = [];
      const acc = firstStr(r, ACCOUNT_KEYS), dev = firstStr(r, DEVICE_KEYS), ip = firstStr(r, IP_KEYS), app = firstStr(r, APP_KEYS);
      if (acc) found.push(add(0, acc));
      if (dev) found.push(add(1, dev));
      if (ip && /^[0-9a-f:.]+$/i.test(ip)) found.push(add(2, ip));
      if (app) found.push(add(3, app));
      for (let i = 0; i + 1 < found.length; i++) { link(found[i]!, found[i + 1]!); rowEdges++; }
    }
    if (!rowEdges) {
      const sorted = ids.sort();
      for (let i = 0; i + 1 < sorted.length; i++) if (sorted[i]![0] !== sorted[i + 1]![0]) link(sorted[i]!, sorted[i + 1]!);
    }
  }
  const MAX = 7;
  const shown = nodes.map((m) => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX).map(([n]) => n));
  const hidden = nodes.map((m, i) => m.size - shown[i]!.length);
  const rows = Math.max(1, ...shown.map((s) => s.length + (hidden[shown.indexOf(s)]! > 0 ? 1 : 0)));
  const rowH = 34, top = 30, h = top + rows * rowH + 10;
  const colW = width / 4;
  const pos = new Map<string, [number, number]>();
  shown.forEach((list, c) => list.forEach((n, i) => pos.set(`${c}|${n}`, [colW * c + colW / 2, top + i * rowH + rowH / 2])));
  const parts: string[] = [`<svg class="graph" role="img" aria-label="entity graph" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg">`];
  COL_NAMES.forEach((n, c) => parts.push(`<text x="${colW * c + colW / 2}" y="16" class="colhead" text-anchor="middle">${esc(n)}</text>`));
  for (const [k, n] of edges) {
    const [a, b] = k.split('\u0000') as [string, string];
    const pa = pos.get(a), pb = pos.get(b);
    if (!pa || !pb) continue;
    const [x1, y1] = pa[0] <= pb[0] ? pa : pb, [x2, y2] = pa[0] <= pb[0] ? pb : pa;
    const mx = (x1 + x2) / 2;
    parts.push(`<path d="M${(x1 + 70).toFixed(1)},${y1} C${mx},${y1} ${mx},${y2} ${(x2 - 70).toFixed(1)},${y2}" class="edge" stroke-width="${Math.min(4, 1 + Math.log2(n))}"/>`);
  }
  const fills = ['#e3f2fd', '#f3e5f5', '#fff3e0', '#e8f5e9'];
  shown.forEach((list, c) => {
    list.forEach((n, i) => {
      const [cx, cy] = pos.get(`${c}|${n}`)!;
      parts.push(`<g><rect x="${cx - 70}" y="${cy - 12}" width="140" height="24" rx="12" fill="${fills[c]}" class="node"/><text x="${cx}" y="${cy + 4}" text-anchor="middle" class="nodetext">${esc(short(n, 22))}</text><title>${esc(n)}</title></g>`);
    });
    if (hidden[c]! > 0) parts.push(`<text x="${colW * c + colW / 2}" y="${top + list.length * rowH + rowH / 2 + 4}" text-anchor="middle" class="tick">+${hidden[c]} more</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

const EVIDENCE_COLS = ['TimeGenerated', 'Timestamp', 'Type', 'DeviceName', 'AccountName', 'UserPrincipalName', 'PrincipalEmail', 'UserIdentityArn', 'IPAddress', 'SourceIpAddress', 'AppDisplayName', 'OperationName', 'EventName', 'MethodName', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName', 'UserAgent', 'Location', 'ResultType'];

function evidenceTable(rows: readonly Readonly<Record<string, unknown>>[]): string {
  if (!rows.length) return '<p class="muted">No evidence rows.</p>';
  const present = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (r[k] !== null && r[k] !== '' && r[k] !== undefined) present.add(k);
  let cols = EVIDENCE_COLS.filter((c) => present.has(c));
  if (cols.length < 3) cols = [...present].slice(0, 10);
  const body = rows.slice(0, 50).map((r) => `<tr>${cols.map((c) => `<td>${esc(r[c])}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table class="ev"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>${rows.length > 50 ? `<p class="muted">${rows.length - 50} more rows not shown.</p>` : ''}`;
}

function entityChips(es: readonly ReportEntity[] | undefined): string {
  return (es ?? []).map((e) => {
    const n = entityNode(e);
    const label = n ? n[1] : Object.entries(e).filter(([k]) => k !== 'type').map(([, v]) => v).join(' ');
    return `<span class="chip chip-${esc(e.type)}">${esc(e.type)}: ${esc(label)}</span>`;
  }).join(' ');
}

function matrixHtml(input: ReportInput): string {
  const ev = input.evaluation;
  if (!ev) {
    const stats = input.ruleStats ?? [];
    if (!stats.length) return '';
    return `<section id="rules"><h2>Rules</h2><table class="matrix"><thead><tr><th>rule</th><th>alerts</th><th>errors</th></tr></thead><tbody>${stats.map((s) => `<tr><td>${esc(s.ruleName)}</td><td class="num">${s.alerts}</td><td class="num">${s.errors}${s.firstError ? `<div class="muted">${esc(short(s.firstError, 160))}</div>` : ''}</td></tr>`).join('')}</tbody></table></section>`;
  }
  const kinds = new Map(ev.scenarios.map((s) => [s.scenario, s.kind] as const));
  const head = ev.columns.map((c, i) => `<th class="vert ${kinds.get(c) ?? 'bg'}" title="${esc(c)}"><span>S${i + 1} ${esc(c)}</span></th>`).join('');
  const body = ev.rules.map((r, ri) => `<tr><td class="rule">${esc(r)}</td>${ev.columns.map((c, ci) => {
    const n = ev.cells[ri]?.[ci] ?? 0;
    const k = kinds.get(c) ?? 'bg';
    const cls = n === 0 ? 'zero' : k === 'attack' ? 'hit' : 'fp';
    return `<td class="num ${cls}">${n || '·'}</td>`;
  }).join('')}</tr>`).join('');
  const verdicts = ev.scenarios.map((s) => {
    const ok = s.kind === 'attack' ? s.alerts > 0 : s.alerts === 0;
    const what = s.kind === 'attack' ? (s.alerts ? `detected by ${s.rules.map(esc).join(', ')}` : 'MISSED') : (s.alerts ? `${s.alerts} false positive${s.alerts > 1 ? 's' : ''} (${s.rules.map(esc).join(', ')})` : 'no false positives');
    return `<li class="${ok ? 'ok' : 'bad'}"><b>${esc(s.scenario)}</b> <span class="muted">${esc(s.kind)} · ${esc(s.variant)}</span> — ${what}</li>`;
  }).join('');
  const attacks = ev.scenarios.filter((s) => s.kind === 'attack');
  const truth = attacks.map((s) => `<details><summary><b>${esc(s.scenario)}</b> (${esc(s.variant)}) ${esc(s.window.start.slice(0, 16).replace('T', ' '))} → ${esc(s.window.end.slice(11, 16))} UTC</summary><p>${esc(s.description)}</p><ol class="steps">${s.timeline.map((t) => `<li><code>${esc(t.time.slice(11, 19))}</code> <span class="tbl" style="color:${TABLE_COLOR[t.table] ?? '#333'}">${esc(t.table)}</span> ${esc(t.step)}</li>`).join('')}</ol></details>`).join('');
  return `<section id="matrix"><h2>Rules × scenarios</h2><p class="muted">Alerts per rule attributed to each simulated scenario by its labelled accounts, devices, IPs and time window. Green: attack detected; red: false positive on a benign class or the background.</p>
<div class="scroll"><table class="matrix"><thead><tr><th>rule</th>${head}</tr></thead><tbody>${body}</tbody></table></div>
<h3>Verdicts</h3><ul class="verdicts">${verdicts}</ul><h3>Ground truth (attack timelines)</h3>${truth}</section>`;
}

const CSS = `
:root{--fg:#1c2430;--muted:#66707c;--line:#d9dee4;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
header{background:#102a43;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#bcccdc}
main{padding:18px 28px;max-width:1200px}h2{border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 0}.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:140px}
.card b{display:block;font-size:24px}.muted{color:var(--muted)}.num{text-align:right;font-variant-numeric:tabular-nums}
.incident{border:1px solid var(--line);border-radius:10px;margin:16px 0;padding:12px 16px;background:#fff}
.incident h3{margin:0 0 4px;font-size:17px}.sev{display:inline-block;color:#fff;border-radius:4px;padding:0 8px;font-size:12px;margin-right:6px}
.chip{display:inline-block;background:var(--bg);border:1px solid var(--line);border-radius:12px;padding:0 8px;margin:2px;font-size:12px;word-break:break-all}
svg{max-width:100%;height:auto;display:block;margin:8px 0}svg .grid{stroke:#e6e9ed}svg .tick{font-size:11px;fill:#66707c}svg .lane{font-size:12px;fill:#1c2430}
svg .edge{fill:none;stroke:#90a4ae;stroke-opacity:.8}svg .node{stroke:#90a4ae}svg .nodetext{font-size:11px;fill:#1c2430}svg .colhead{font-size:12px;font-weight:600;fill:#334e68}
.scroll{overflow-x:auto}table{border-collapse:collapse}table.ev td,table.ev th{border:1px solid var(--line);padding:3px 6px;font-size:12px;vertical-align:top;max-width:420px;word-break:break-word;font-family:ui-monospace,Consolas,monospace}
table.ev th{background:var(--bg);font-family:inherit}table.matrix td,table.matrix th{border:1px solid var(--line);padding:3px 6px;font-size:12px}
th.vert{height:180px;white-space:nowrap;vertical-align:bottom;padding:0 2px}th.vert span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block}
th.attack{background:#fff3e0}th.benign{background:#e8f5e9}td.hit{background:#c8e6c9;font-weight:600}td.fp{background:#ffcdd2;font-weight:600}td.zero{color:#b0bec5}td.rule{max-width:360px}
ul.verdicts li.ok::marker{content:"✔ ";color:#2e7d32}ul.verdicts li.bad::marker{content:"✘ ";color:#c62828}
ol.steps{font-size:13px}.tbl{font-size:11px;font-weight:600}details{margin:6px 0}summary{cursor:pointer}
#filter{padding:6px 10px;border:1px solid var(--line);border-radius:6px;width:320px;margin:8px 0}
footer{color:var(--muted);font-size:12px;padding:18px 28px}.legend span{display:inline-block;margin-right:12px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
`;

const SCRIPT = `(function(){var f=document.getElementById('filter');if(!f)return;f.addEventListener('input',function(){var q=f.value.toLowerCase();var xs=document.querySelectorAll('section.incident');var n=0;for(var i=0;i<xs.length;i++){var hit=!q||xs[i].textContent.toLowerCase().indexOf(q)>=0;xs[i].style.display=hit?'':'none';if(hit)n++;}var c=document.getElementById('shown');if(c)c.textContent=String(n);});})();`;

/** Builds the report HTML. Deterministic for a given input. */
export function renderReport(input: ReportInput): string {
  const byId = new Map(input.alerts.map((a) => [a.alertId, a]));
  const incidents = [...input.incidents].sort((a, b) => sevRank(b.severity) - sevRank(a.severity) || (a.firstAlertTime < b.firstAlertTime ? -1 : a.firstAlertTime > b.firstAlertTime ? 1 : 0));
  // Alerts without an incident (rules that create none) are shown as their own pseudo-incidents.
  const loose = input.alerts.filter((a) => !a.incidentId || !input.incidents.some((i) => i.incidentId === a.incidentId));
  const groups: { inc: ReportIncident; alerts: ReportAlert[] }[] = incidents.map((inc) => ({ inc, alerts: inc.alertIds.map((id) => byId.get(id)).filter((a): a is ReportAlert => !!a) }));
  for (const a of loose) groups.push({ inc: { incidentId: a.alertId, title: a.title || a.ruleName, ruleName: a.ruleName, severity: a.severity, firstAlertTime: a.timeGenerated, lastAlertTime: a.timeGenerated, alertIds: [a.alertId], entities: a.entities }, alerts: [a] });
  const baseline = new Set(input.baselineRules ?? []);
  // Baseline rules' incidents go last (stable order otherwise).
  const isBase = (g: { inc: ReportIncident }): boolean => baseline.has(g.inc.ruleName);
  groups.sort((x, y) => Number(isBase(x)) - Number(isBase(y)));
  const scen = input.evaluation?.incidentScenario ?? {};
  const ev = input.evaluation;
  const detected = ev ? ev.scenarios.filter((s) => s.kind === 'attack' && s.alerts > 0).length : 0;
  const attackN = ev ? ev.scenarios.filter((s) => s.kind === 'attack').length : 0;
  const fp = ev ? ev.scenarios.filter((s) => s.kind === 'benign').reduce((x, s) => x + s.alerts, 0) + (ev.cells.reduce((x, row) => x + (row[ev.columns.length - 1] ?? 0), 0)) : 0;
  const cards = [
    `<div class="card"><b>${groups.length}</b>incidents</div>`, `<div class="card"><b>${input.alerts.length}</b>alerts</div>`,
    ev ? `<div class="card"><b>${detected}/${attackN}</b>attack scenarios detected</div><div class="card"><b>${fp}</b>false-positive alerts</div>` : '',
  ].join('');
  const overview = input.alerts.filter((a) => !baseline.has(a.ruleName)).sort((x, y) => (x.startTime < y.startTime ? -1 : x.startTime > y.startTime ? 1 : 0));
  const legend = `<div class="legend">${Object.entries(TABLE_COLOR).map(([t, c]) => `<span><i style="background:${c}"></i>${esc(t)}</span>`).join('')}</div>`;
  const firstBase = groups.findIndex(isBase);
  const incHtml = groups.map(({ inc, alerts }, i) => {
    const heading = i === firstBase ? `<h3 class="muted">Baseline rule${baseline.size > 1 ? 's' : ''} (${groups.length - firstBase} incident${groups.length - firstBase === 1 ? '' : 's'}): ${[...baseline].map(esc).join(', ')}</h3>` : '';
    const ents = inc.entities && inc.entities.length ? inc.entities : alerts.flatMap((a) => a.entities);
    const truth = scen[inc.incidentId];
    return `${heading}<section class="incident" id="inc-${i + 1}"><h3><span class="sev" style="background:${SEV_COLOR[inc.severity] ?? '#546e7a'}">${esc(inc.severity)}</span>${esc(inc.title)}</h3>
<p class="muted">${esc(inc.ruleName)} · ${alerts.length} alert${alerts.length === 1 ? '' : 's'} · ${esc(inc.firstAlertTime)} → ${esc(inc.lastAlertTime)}${truth ? ` · ground truth: <b>${esc(truth)}</b>` : ''}</p>
<div>${entityChips(dedupeEntities(ents))}</div>
<h4>Timeline</h4>${timelineSvg(alerts)}
<h4>Entities</h4>${entityGraphSvg(alerts)}
${alerts.map((a) => `<details><summary>${esc(a.title || a.ruleName)} <span class="muted">${esc(a.startTime)} → ${esc(a.endTime)}</span></summary>${a.description ? `<p>${esc(a.description)}</p>` : ''}${a.customDetails && Object.keys(a.customDetails).length ? `<p>${Object.entries(a.customDetails).map(([k, v]) => `<span class="chip">${esc(k)}: ${esc(v)}</span>`).join(' ')}</p>` : ''}${evidenceTable(a.evidence ?? [])}</details>`).join('')}
</section>`;
  }).join('\n');
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title ?? 'cloudhop incident report')}</title><style>${CSS}</style></head>
<body><header><h1>${esc(input.title ?? 'cloudhop incident report')}</h1>${input.subtitle ? `<p>${esc(input.subtitle)}</p>` : ''}</header>
<main><div class="cards">${cards}</div>
${overview.length ? `<section id="overview"><h2>Timeline of all alerts</h2><p class="muted">One lane per alert (bar: the events behind it), dots: evidence rows by table.${baseline.size ? ` Baseline rules left out: ${input.alerts.length - overview.length} alert(s).` : ''}</p>${timelineSvg(overview.slice(0, 40))}${legend}</section>` : ''}
${matrixHtml(input)}
<section id="incidents"><h2>Incidents</h2>${legend}<input id="filter" type="search" placeholder="filter incidents (account, host, IP, rule…)" aria-label="filter incidents"> <span class="muted"><span id="shown">${groups.length}</span> shown</span>
${groups.length ? incHtml : '<p class="muted">No incidents.</p>'}</section></main>
<footer>${esc(input.footer ?? 'Generated by cloudhop. Self-contained: no network access.')}</footer>
<script>${SCRIPT}</script></body></html>
`;
}

function sevRank(s: string): number { return ({ High: 3, Medium: 2, Low: 1, Informational: 0 } as Record<string, number>)[s] ?? -1; }
function dedupeEntities(es: readonly ReportEntity[]): ReportEntity[] {
  const seen = new Set<string>();
  return es.filter((e) => { const k = JSON.stringify(e); if (seen.has(k)) return false; seen.add(k); return true; }).slice(0, 24);
}
