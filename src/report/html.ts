/**
 * The incident report: one self-contained HTML file (inline CSS and a small script; no network,
 * enforced by a Content-Security-Policy that allows only that script, by its hash, and forbids
 * inline event handlers). The data travels as one JSON payload (payload.ts) inside
 * <script type="application/json">, which the script (client.ts) renders: summary, incidents sorted
 * by severity then event time, paged and searchable, entity graphs and timelines on demand. Log text
 * reaches the page only as text (textContent on the client, `esc` on the server).
 */
import { createHash } from 'node:crypto';
import type { ReportInput } from './model.js';
import { buildPayload, payloadJson, type Payload } from './payload.js';
import { CLIENT_SCRIPT } from './client.js';
import { show } from './text.js';

export type { ReportAlert, ReportEntity, ReportIncident, ReportInput, ReportEvaluation } from './model.js';

/** Escapes text for HTML element content and quoted attribute values (and SVG text). */
export function esc(v: unknown): string {
  const s = show(v);
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const TABLE_COLOR: Record<string, string> = {
  DeviceProcessEvents: '#6a1b9a', SigninLogs: '#1565c0', AADNonInteractiveUserSignInLogs: '#42a5f5', AuditLogs: '#2e7d32',
  AWSCloudTrail: '#ff8f00', GCPAuditLogs: '#00897b',
};

function short(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

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
header{background:#102a43;color:#fff;padding:16px 28px}header h1{margin:0;font-size:21px}header p{margin:4px 0 0;color:#bcccdc}
nav.tabs{background:#243b53;padding:0 28px}nav.tabs button{background:none;border:0;color:#d9e2ec;padding:10px 16px;font:inherit;cursor:pointer;border-bottom:3px solid transparent}
nav.tabs button.on{color:#fff;border-bottom-color:#fff;font-weight:600}
main{padding:14px 28px;max-width:1240px}h2{border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:18px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0}.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:140px}
.card b{display:block;font-size:24px}.card b.small{font-size:14px}.muted{color:var(--muted)}.num{text-align:right;font-variant-numeric:tabular-nums}
.tops{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:8px 24px}.tops h3{margin:12px 0 4px;font-size:15px}
table.top{border-collapse:collapse;width:100%}table.top td,table.top th{border-bottom:1px solid var(--line);padding:2px 6px;font-size:13px;text-align:left}
table.top td.lbl{overflow-wrap:anywhere}table.top th.num,table.top td.num{text-align:right}
section.incident{border:1px solid var(--line);border-radius:10px;margin:10px 0;background:#fff}
details.incident>summary{padding:10px 14px;cursor:pointer;list-style:none}details.incident[open]>summary{border-bottom:1px solid var(--line)}
.inc-title{margin:0 0 2px;font-size:16px;overflow-wrap:anywhere}.meta{color:var(--muted);font-size:13px}.body{padding:8px 14px}
.sev{display:inline-block;color:#fff;border-radius:4px;padding:0 8px;font-size:12px;margin-right:6px;vertical-align:1px}
.chips{margin-top:4px}.chip{display:inline-block;background:var(--bg);border:1px solid var(--line);border-radius:12px;padding:0 8px;margin:2px;font-size:12px;overflow-wrap:anywhere}
details.alert{border-top:1px solid var(--line);padding:6px 0}details.alert>summary{cursor:pointer;overflow-wrap:anywhere}
.desc{white-space:pre-wrap}pre.cd{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);padding:6px;font-size:12px}
.pager{margin:8px 0}.pager button,.controls button{margin-left:6px}.limit{color:#8a4b00}
svg{max-width:100%;height:auto;display:block;margin:6px 0}svg .tick{font-size:11px;fill:#66707c}svg .lane{font-size:12px;fill:#1c2430}
svg .edge{fill:none;stroke:#90a4ae;stroke-opacity:.8}svg .nodetext{font-size:11px;fill:#1c2430}svg .colhead{font-size:12px;font-weight:600;fill:#334e68}
.scroll{overflow-x:auto}table{border-collapse:collapse}
table.ev td,table.ev th{border:1px solid var(--line);padding:3px 6px;font-size:12px;vertical-align:top;text-align:left}
table.ev td{max-width:420px;overflow-wrap:anywhere;font-family:ui-monospace,Consolas,monospace}
table.ev th{background:var(--bg);white-space:nowrap;word-break:keep-all}
table.matrix td,table.matrix th{border:1px solid var(--line);padding:3px 6px;font-size:12px}
th.vert{height:180px;white-space:nowrap;vertical-align:bottom;padding:0 2px}th.vert span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block}
th.attack{background:#fff3e0}th.benign{background:#e8f5e9}td.hit{background:#c8e6c9;font-weight:600}td.fp{background:#ffcdd2;font-weight:600}td.zero{color:#b0bec5}td.rule{max-width:360px}
ul.verdicts li.ok::marker{content:"✔ ";color:#2e7d32}ul.verdicts li.bad::marker{content:"✘ ";color:#c62828}
ol.steps{font-size:13px}.tbl{font-size:11px;font-weight:600}details{margin:4px 0}summary{cursor:pointer}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}#search{padding:6px 10px;border:1px solid var(--line);border-radius:6px;width:420px;max-width:100%}
#page{width:5em}ul#limits{font-size:13px;color:var(--muted);margin:6px 0;padding-left:18px}
footer{color:var(--muted);font-size:12px;padding:18px 28px}
`;

/** Builds the report HTML. Deterministic for a given input. */
export function renderReport(input: ReportInput): string {
  return renderPayload(buildPayload(input), matrixHtml(input), input.evaluation ? 'Evaluation' : 'Rules');
}

/** The page around a built payload (and an optional static evaluation section). */
export function renderPayload(p: Payload, evaluationHtml = '', evaluationTab = 'Evaluation'): string {
  const hash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64');
  const title = esc(p.title);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${CSS}</style></head>
<body><header><h1>${title}</h1>${p.subtitle ? `<p>${esc(p.subtitle)}</p>` : ''}</header>
<nav class="tabs"><button type="button" data-tab="summary" class="on">Summary</button><button type="button" data-tab="incidents">Incidents (${p.inc.length.toLocaleString('en-US')})</button>${evaluationHtml ? `<button type="button" data-tab="evaluation">${esc(evaluationTab)}</button>` : ''}</nav>
<main>
<noscript><p>This report draws its pages with a small inline script; allow scripts for this file to see it.</p></noscript>
<section id="tab-summary"><h2>Summary</h2><div id="summary"></div></section>
<section id="tab-incidents" hidden><h2>Incidents</h2>
<div class="controls"><input id="search" type="search" placeholder="search: account, host, IP, app, rule, alert id, any text" aria-label="search incidents"><span class="muted"><span id="shown">${p.inc.length}</span> incidents match</span></div>
<ul id="limits"></ul>
<div class="controls pager"><span id="range"></span><button type="button" id="prev">◀ previous</button><button type="button" id="next">next ▶</button>
<label>page <input id="page" type="number" min="1" value="1"> of <span id="pages">1</span></label>
<label>per page <select id="pagesize"><option>50</option><option>200</option><option>1000</option></select></label></div>
<div id="list"></div></section>
${evaluationHtml ? `<section id="tab-evaluation" hidden>${evaluationHtml}</section>` : ''}
</main>
<footer>${esc(p.footer)}</footer>
<script type="application/json" id="data">${payloadJson(p)}</script>
<script>${CLIENT_SCRIPT}</script></body></html>
`;
}
