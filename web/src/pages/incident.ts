/**
 * One incident (`#/incident?n=N`): status / owner / classification and comments (each change is a
 * new SecurityIncident row, committed before the page shows it); a timeline in event time (the
 * alerts' activity spans and their evidence rows, placed by their own TimeGenerated / Timestamp);
 * the entity graph (Cytoscape.js: the incident, its alerts, their entities; tapping an entity asks
 * the server for the entities seen with it in the data and adds them); the evidence rows; per
 * alert, a link opening the rule's query in the editor over the alert's query window.
 *
 * Log text stays text: the DOM through h() (textContent), graph labels drawn on a canvas by
 * Cytoscape (never parsed as markup), everything through visible() (bidi controls shown).
 */
import cytoscape from 'cytoscape';
import { h, visible, append } from '../dom.js';
import { route } from '../router.js';
import * as api from '../api.js';
import { clip, when, sevBadge } from './incidents.js';

const CELL_MAX = 240;
const DESCRIPTION_MAX = 2000;
const LABEL_MAX = 48;
/** The neighbours of an entity are searched from a day before the incident's first activity to a day after its last. */
const NEIGHBOUR_MARGIN_MS = 86_400_000;
/** An evidence row's event time: a raw row's own time column, or a summarized row's start (StartTime, FirstSeen). */
const TIME_KEYS = ['TimeGenerated', 'Timestamp', 'EventTime', 'TimeCreated', 'CreatedDateTime', 'StartTime', 'FirstSeen', 'StartTimeUtc'];

type Entity = Record<string, unknown> & { Type: string };

/** The identifier the graph shows and the neighbour search takes, per Sentinel entity type. */
export function entityValue(e: Entity): string {
  const s = (k: string): string => (typeof e[k] === 'string' ? e[k] as string : '');
  switch (e.Type) {
    case 'account': return s('FullName') || (s('Name') && s('UPNSuffix') ? `${s('Name')}@${s('UPNSuffix')}` : s('Name')) || s('AadUserId') || s('Sid');
    case 'host': return s('FullName') || (s('HostName') && s('DnsDomain') ? `${s('HostName')}.${s('DnsDomain')}` : s('HostName')) || s('NetBiosName') || s('AzureID');
    case 'ip': return s('Address');
    case 'cloud-application': return s('Name') || s('AppId');
    case 'url': return s('Url');
    case 'azure-resource': return s('ResourceId');
    default: { const v = Object.entries(e).find(([k, x]) => k !== 'Type' && k !== 'alerts' && typeof x === 'string'); return v ? String(v[1]) : e.Type; }
  }
}
/** A comment's author: a name (cloudhop's rows) or Sentinel's `{name, email, …}` object. */
function authorOf(a: unknown): string {
  if (typeof a === 'string') return a;
  const o = a as { name?: unknown; email?: unknown } | null;
  return typeof o?.name === 'string' ? o.name : typeof o?.email === 'string' ? o.email : '';
}
const SEARCHABLE = new Set(['account', 'ip', 'host', 'cloud-application']);

export const incidentPage = {
  async render(root: HTMLElement, params: URLSearchParams): Promise<() => void> {
    const n = Number(params.get('n'));
    if (!Number.isInteger(n) || n < 0) { root.append(h('p', { class: 'error' }, 'no incident number in the address (#/incident?n=N)')); return () => undefined; }
    let d: api.IncidentDetail;
    try { d = await api.incident(n); } catch (e) {
      if (e instanceof api.ApiError && e.status === 404) { root.append(h('p', { class: 'error' }, visible(e.message)), h('a', { href: route('incidents') }, '← incidents')); return () => undefined; }
      throw e;
    }
    let cy: cytoscape.Core | undefined;
    const inc = d.incident;

    // ---- header and triage ----
    const status = h('select', { id: 'inc-status' }, ...['New', 'Active', 'Closed'].map((s) => h('option', { value: s, selected: s === inc.Status }, s)));
    const classification = h('select', { id: 'inc-classification' }, ...['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'].map((s) => h('option', { value: s, selected: s === inc.Classification }, s)));
    const classWrap = h('label', { hidden: inc.Status !== 'Closed' }, 'classification ', classification);
    status.addEventListener('change', () => { classWrap.hidden = status.value !== 'Closed'; });
    const owner = h('input', { id: 'inc-owner', placeholder: 'owner (e-mail or name)', value: inc.Owner?.assignedTo ?? '' });
    const save = h('button', { id: 'inc-save', class: 'primary' }, 'Save');
    const comment = h('textarea', { id: 'inc-comment', rows: 3, placeholder: 'add a comment' });
    const addComment = h('button', { id: 'inc-add-comment' }, 'Add comment');
    const msg = h('span', { id: 'inc-msg', class: 'note' });
    const comments = h('ul', { id: 'inc-comments', class: 'comments' });
    const drawComments = (cs: readonly api.IncidentComment[] | null): void => {
      comments.replaceChildren(...(cs ?? []).map((c) => h('li', {}, h('span', { class: 'note' }, `${when(c.createdTimeUtc)} ${visible(clip(authorOf(c.author), 60))}: `), h('span', { class: 'comment-text' }, visible(c.message)))));
      if (!cs?.length) comments.append(h('li', { class: 'note' }, 'no comments'));
    };
    drawComments(inc.Comments);
    const apply = async (change: api.IncidentChange): Promise<void> => {
      save.disabled = addComment.disabled = true;
      msg.textContent = 'saving…';
      try {
        const r = await api.changeIncident(n, change);
        msg.textContent = `saved ${when(r.incident.LastModifiedTime)} (status ${r.incident.Status}${r.incident.Owner?.assignedTo ? `, owner ${visible(r.incident.Owner.assignedTo)}` : ''})`;
        statusText.textContent = r.incident.Status + (r.incident.Status === 'Closed' ? ` (${r.incident.Classification})` : '');
        drawComments(r.incident.Comments);
      } catch (e) { msg.textContent = `not saved: ${visible((e as Error).message)}`; msg.className = 'error'; }
      finally { save.disabled = addComment.disabled = false; }
    };
    save.addEventListener('click', () => {
      const c: api.IncidentChange = {};
      if (status.value !== inc.Status || status.value === 'Closed') c.status = status.value;
      if (status.value === 'Closed') c.classification = classification.value;
      const o = owner.value.trim();
      if (o !== (inc.Owner?.assignedTo ?? '')) c.owner = o === '' ? null : o;
      if (!Object.keys(c).length) { msg.textContent = 'nothing changed'; return; }
      void apply(c);
    });
    addComment.addEventListener('click', () => {
      if (!comment.value.trim()) { msg.textContent = 'the comment is empty'; return; }
      void apply({ comment: comment.value }).then(() => { comment.value = ''; });
    });
    const statusText = h('span', { id: 'inc-status-text' }, visible(inc.Status + (inc.Status === 'Closed' ? ` (${inc.Classification})` : '')));

    // ---- timeline (event time) ----
    const events: { t: number; kind: string; label: string; alert: string }[] = [];
    for (const a of d.alerts) {
      events.push({ t: Date.parse(a.startTime), kind: 'alert', label: `alert: ${a.name} (activity ${when(a.startTime)} → ${when(a.endTime)}; raised ${when(a.timeGenerated)})`, alert: a.id });
      for (const row of a.evidence) {
        const k = TIME_KEYS.find((x) => typeof row[x] === 'string' && Number.isFinite(Date.parse(row[x] as string)));
        if (!k) continue;
        const summary = Object.entries(row).filter(([c, v]) => c !== k && v !== null && v !== '' && typeof v !== 'object').slice(0, 5).map(([c, v]) => `${c}=${String(v)}`).join(' ');
        events.push({ t: Date.parse(row[k] as string), kind: 'evidence', label: summary, alert: a.id });
      }
    }
    events.sort((x, y) => x.t - y.t);
    const t0 = events[0]?.t ?? 0, t1 = events[events.length - 1]?.t ?? 1;
    const axis = h('div', { class: 'tl-axis', id: 'timeline-axis' });
    for (const e of events) {
      const m = h('span', { class: `tl-mark tl-${e.kind}`, title: visible(clip(e.label, 300)) });
      m.style.left = `${t1 > t0 ? ((e.t - t0) / (t1 - t0)) * 100 : 50}%`;
      axis.append(m);
    }
    const timeline = h('ol', { class: 'timeline', id: 'timeline' }, ...events.map((e) => h('li', { class: `tl-${e.kind}`, 'data-alert': e.alert },
      h('time', {}, when(new Date(e.t).toISOString())), ' ', h('span', { class: 'tl-kind' }, e.kind), ' ', visible(clip(e.label, 400)))));

    // ---- entity graph ----
    const graphBox = h('div', { class: 'graph', id: 'entity-graph' });
    const graphNote = h('p', { class: 'note', id: 'graph-note' }, 'Tap an account, address, host or app to add the entities seen with it in the data.');
    const detail = h('div', { class: 'graph-detail', id: 'graph-detail' });
    const from = new Date(Date.parse(inc.FirstActivityTime) - NEIGHBOUR_MARGIN_MS).toISOString();
    const to = new Date(Date.parse(inc.LastActivityTime) + NEIGHBOUR_MARGIN_MS).toISOString();
    const nodeId = (type: string, value: string): string => `e:${type}:${value.toLowerCase()}`;

    // ---- evidence and alerts ----
    const alertsBox = h('div', { class: 'alerts' }, ...d.alerts.map((a) => {
      const cols = [...new Set(a.evidence.flatMap((r) => Object.keys(r)))];
      return h('section', { class: 'alert', 'data-alert': a.id },
        h('h4', {}, sevBadge(a.severity), ' ', visible(clip(a.name, 300))),
        h('p', { class: 'note' }, `rule ${visible(a.ruleName ?? a.ruleId)} · activity ${when(a.startTime)} → ${when(a.endTime)} · raised ${when(a.timeGenerated)} · ${visible(a.tactics.join(', '))} ${visible(a.techniques.join(', '))}`),
        a.query ? h('a', { class: 'open-query button', href: route('query', { q: a.query, ...(a.queryFrom ? { from: a.queryFrom } : {}), ...(a.queryTo ? { to: a.queryTo } : {}) }) }, `Open the rule's query (${when(a.queryFrom)} → ${when(a.queryTo)})`) : h('span', { class: 'note' }, 'the rule\'s query is not recorded with this alert'),
        a.evidence.length ? h('div', { class: 'evidence-wrap' }, h('table', { class: 'evidence' },
          h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', {}, visible(c))))),
          h('tbody', {}, ...a.evidence.map((r) => h('tr', {}, ...cols.map((c) => {
            const v = r[c];
            const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
            return h('td', { title: s.length > CELL_MAX ? `${s.length} characters` : undefined }, visible(clip(s, CELL_MAX)));
          })))))) : h('p', { class: 'note' }, 'no evidence rows'),
        a.evidenceNote ? h('p', { class: 'note' }, visible(a.evidenceNote)) : null);
    }));

    append(root,
      h('p', {}, h('a', { href: route('incidents') }, '← incidents')),
      h('h2', { id: 'inc-title' }, `#${n} `, sevBadge(inc.Severity), ' ', visible(inc.Title)),
      h('p', { class: 'note' }, `status `, statusText, ` · created ${when(inc.CreatedTime)} · activity ${when(inc.FirstActivityTime)} → ${when(inc.LastActivityTime)} · ${d.alerts.length} alert${d.alerts.length === 1 ? '' : 's'} · ${d.history.length} change${d.history.length === 1 ? '' : 's'}`),
      inc.Description ? h('p', { class: 'description' }, visible(clip(inc.Description, DESCRIPTION_MAX))) : null,
      inc.Description && inc.Description.length > DESCRIPTION_MAX ? h('p', { class: 'note' }, `(the first ${DESCRIPTION_MAX.toLocaleString('en-US')} of ${inc.Description.length.toLocaleString('en-US')} characters of the description)`) : null,
      h('div', { class: 'toolbar triage' }, h('label', {}, 'status ', status), classWrap, h('label', {}, 'owner ', owner), save, msg),
      h('div', { class: 'comment-box' }, comment, addComment),
      comments,
      h('h3', {}, 'Timeline (event time)'), axis, timeline,
      h('h3', {}, 'Entities'), graphNote, h('div', { class: 'graph-row' }, graphBox, detail),
      h('h3', {}, 'Alerts and evidence'), alertsBox);

    const elements: cytoscape.ElementDefinition[] = [{ data: { id: 'incident', label: clip(visible(`#${n} ${inc.Title}`), LABEL_MAX), kind: 'incident' } }];
    for (const a of d.alerts) {
      elements.push({ data: { id: `a:${a.id}`, label: clip(visible(a.name), LABEL_MAX), kind: 'alert' } });
      elements.push({ data: { id: `ia:${a.id}`, source: 'incident', target: `a:${a.id}` } });
    }
    for (const e of d.entities) {
      const value = entityValue(e);
      const id = nodeId(e.Type, value);
      if (elements.some((x) => x.data.id === id)) continue;
      elements.push({ data: { id, label: clip(visible(value), LABEL_MAX), kind: e.Type, value, type: e.Type } });
      for (const aid of e.alerts) elements.push({ data: { id: `ae:${aid}:${id}`, source: `a:${aid}`, target: id } });
    }
    cy = cytoscape({
      container: graphBox, elements, minZoom: 0.2, maxZoom: 3,
      layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 40000, idealEdgeLength: () => 90 } as cytoscape.LayoutOptions,
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, width: 22, height: 22, 'background-color': '#64748b', color: '#1f2937', 'text-wrap': 'ellipsis', 'text-max-width': '160px' } },
        { selector: 'node[kind = "incident"]', style: { 'background-color': '#b91c1c', shape: 'diamond', width: 30, height: 30 } },
        { selector: 'node[kind = "alert"]', style: { 'background-color': '#ea580c', shape: 'triangle' } },
        { selector: 'node[kind = "account"]', style: { 'background-color': '#2563eb' } },
        { selector: 'node[kind = "ip"]', style: { 'background-color': '#059669', shape: 'round-rectangle' } },
        { selector: 'node[kind = "host"]', style: { 'background-color': '#7c3aed', shape: 'rectangle' } },
        { selector: 'node[kind = "cloud-application"]', style: { 'background-color': '#0891b2', shape: 'hexagon' } },
        { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#111827' } },
        { selector: 'node.neighbour', style: { opacity: 0.85 } },
        { selector: 'edge', style: { width: 1.5, 'line-color': '#cbd5e1', 'curve-style': 'bezier' } },
        { selector: 'edge.neighbour', style: { 'line-style': 'dashed', label: 'data(label)', 'font-size': 8, color: '#64748b' } },
      ],
    });
    graphBox.dataset.nodes = String(cy.nodes().length);
    const showDetail = (node: cytoscape.NodeSingular): void => {
      const data = node.data() as Record<string, string>;
      detail.replaceChildren();
      append(detail, h('b', {}, visible(data.kind ?? '')), h('p', { class: 'detail-value' }, visible(clip(data.value ?? data.label ?? '', 2000))),
        data.via ? h('p', { class: 'note' }, visible(data.via)) : null);
    };
    cy.on('tap', 'node', (ev) => {
      const node = ev.target as cytoscape.NodeSingular;
      showDetail(node);
      const type = node.data('type') as string | undefined, value = node.data('value') as string | undefined;
      if (!type || !value || !SEARCHABLE.has(type) || node.hasClass('expanded') || !cy) return;
      node.addClass('expanded');
      graphNote.textContent = `searching the data for entities seen with ${type} ${visible(clip(value, 80))}…`;
      api.neighbours(type, value, from, to).then((r) => {
        if (!cy) return;
        const added: cytoscape.ElementDefinition[] = [];
        for (const nb of r.neighbours) {
          const id = nodeId(nb.type, nb.value);
          if (cy.getElementById(id).empty() && !added.some((x) => x.data.id === id)) added.push({ group: 'nodes', data: { id, label: clip(visible(nb.value), LABEL_MAX), kind: nb.type, type: nb.type, value: nb.value, via: `${nb.rows} rows of ${nb.table} (${nb.via} → ${nb.column})` }, classes: 'neighbour' });
          const eid = `n:${node.id()}:${id}`;
          if (cy.getElementById(eid).empty() && !added.some((x) => x.data.id === eid)) added.push({ group: 'edges', data: { id: eid, source: node.id(), target: id, label: String(nb.rows) }, classes: 'neighbour' });
        }
        cy.add(added);
        cy.layout({ name: 'cose', animate: false, randomize: false, fit: true, nodeRepulsion: () => 40000, idealEdgeLength: () => 90 } as cytoscape.LayoutOptions).run();
        graphBox.dataset.nodes = String(cy.nodes().length);
        graphNote.textContent = `${r.neighbours.length} entit${r.neighbours.length === 1 ? 'y' : 'ies'} seen with ${type} ${visible(clip(value, 80))} (${from.slice(0, 10)} → ${to.slice(0, 10)})${r.limited ? ': more exist, the most frequent are shown' : ''}. Tap another to expand.`;
      }).catch((e: Error) => { graphNote.textContent = `neighbours not found: ${visible(e.message)}`; node.removeClass('expanded'); });
    });
    return () => { cy?.destroy(); cy = undefined; };
  },
};
