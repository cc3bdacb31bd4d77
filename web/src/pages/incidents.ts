/**
 * The incident queue (`#/incidents?status=&severity=&owner=&q=&sort=`): the latest state of every
 * incident in the workspace's SecurityIncident table, with filters and sort in the route (so a view
 * can be linked and survives a reload). Clicking a column header sorts by it; a title opens the
 * incident page.
 */
import { h, visible, append } from '../dom.js';
import { route, navigate } from '../router.js';
import * as api from '../api.js';

const STATUSES = ['New', 'Active', 'Closed'];
const SEVERITIES = ['High', 'Medium', 'Low', 'Informational'];
/** Longest title shown in the queue (the incident page shows all of it). */
const TITLE_MAX = 200;

export function clip(s: string, n: number): string { return s.length > n ? `${s.slice(0, n)}…` : s; }
export function when(iso: string | null | undefined): string { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '').slice(0, 19) : ''; }
export function sevBadge(sev: string): HTMLElement { return h('span', { class: `sev sev-${SEVERITIES.includes(sev) ? sev.toLowerCase() : 'other'}` }, visible(sev)); }

export const incidentsPage = {
  title: 'Incidents',
  async render(root: HTMLElement, params: URLSearchParams): Promise<void> {
    const p = (k: string): string | undefined => params.get(k) ?? undefined;
    const sort = p('sort') ?? '-number';
    const list = await api.incidents({ status: p('status'), severity: p('severity'), owner: p('owner'), q: p('q'), sort });
    const go = (change: Record<string, string | undefined>): void => {
      const next: Record<string, string | undefined> = { status: p('status'), severity: p('severity'), owner: p('owner'), q: p('q'), sort, ...change };
      navigate('incidents', next);
    };
    const select = (id: string, label: string, values: readonly string[], current: string | undefined, key: string, shown: (v: string) => string = (v) => v): HTMLElement => {
      const s = h('select', { id }, h('option', { value: '' }, `${label}: all`), ...values.map((v) => h('option', { value: v, selected: v === current }, visible(shown(v)))));
      s.addEventListener('change', () => go({ [key]: s.value || undefined }));
      return h('label', {}, s);
    };
    const text = h('input', { id: 'incident-filter', placeholder: 'title contains…', value: p('q') ?? '' });
    text.addEventListener('change', () => go({ q: text.value || undefined }));
    const counts = (m: Record<string, number>): string => Object.entries(m).map(([k, n]) => `${k} ${n}`).join(' · ');

    const cols: [string, string][] = [['number', '#'], ['severity', 'Severity'], ['', 'Title'], ['status', 'Status'], ['owner', 'Owner'], ['', 'Alerts'], ['created', 'Created'], ['', 'First activity'], ['modified', 'Modified']];
    const head = h('tr', {}, ...cols.map(([key, label]) => {
      if (!key) return h('th', {}, label);
      const active = sort.replace(/^-/, '') === key;
      const th = h('th', { class: `sortable${active ? ' sorted' : ''}`, 'data-sort': key }, label, active ? (sort.startsWith('-') ? ' ▼' : ' ▲') : '');
      th.addEventListener('click', () => go({ sort: active && !sort.startsWith('-') ? `-${key}` : key }));
      return th;
    }));
    const rows = list.incidents.map((i) => h('tr', { 'data-incident': i.number, class: `st-${i.status.toLowerCase()}` },
      h('td', { class: 'num' }, String(i.number)),
      h('td', {}, sevBadge(i.severity)),
      h('td', { class: 'title' }, h('a', { href: route('incident', { n: String(i.number) }) }, visible(clip(i.title, TITLE_MAX)))),
      h('td', {}, visible(i.status), i.classification ? h('span', { class: 'note' }, ` (${visible(i.classification)})`) : null),
      h('td', {}, i.owner ? visible(clip(i.owner, 60)) : h('span', { class: 'note' }, 'unassigned')),
      h('td', { class: 'num' }, String(i.alerts)),
      h('td', {}, when(i.created)),
      h('td', {}, when(i.firstActivity)),
      h('td', {}, when(i.modified))));

    append(root,
      h('h2', {}, `Incidents: ${list.total} of ${list.all}`),
      h('div', { class: 'toolbar' },
        select('f-status', 'Status', STATUSES, p('status'), 'status'),
        select('f-severity', 'Severity', SEVERITIES, p('severity'), 'severity'),
        select('f-owner', 'Owner', ['unassigned', ...list.owners], p('owner'), 'owner'),
        text,
        h('span', { class: 'note' }, `status: ${counts(list.counts.status)}; severity: ${counts(list.counts.severity)}`)),
      list.all === 0 ? h('p', { class: 'note' }, 'No incidents in this workspace: its SecurityIncident table is empty or absent (cloudhop demo --serve writes the demo\'s).') : null,
      list.total > list.incidents.length ? h('p', { class: 'note' }, `showing the first ${list.incidents.length} of ${list.total}: narrow the filters`) : null,
      h('table', { class: 'queue' }, h('thead', {}, head), h('tbody', {}, ...rows)));
  },
};
