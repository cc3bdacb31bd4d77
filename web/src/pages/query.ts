/**
 * The query page (`#/query?q=…&from=…&to=…`): query tabs (kept in localStorage), the editor, Run
 * (Shift+Enter) and Cancel (aborts the request), the time window, history, the status line (time,
 * rows, truncation), and the result as a grid or, when the query ends in `render`, a chart.
 * `q` opens a new tab with that text; `from` / `to` (ISO datetimes) set the window.
 */
import { h, clear, visible } from '../dom.js';
import * as api from '../api.js';
import { Grid } from '../grid.js';
import { createEditor, type Editor } from '../editor.js';
import { drawChart } from '../chart.js';

interface Tab { id: string; title: string; text: string; from?: string; to?: string }
interface HistoryEntry { text: string; at: string; rows?: number; ms?: number; error?: string }
const TABS = 'cloudhop.tabs', ACTIVE = 'cloudhop.activeTab', HISTORY = 'cloudhop.history';
const HISTORY_MAX = 100;

function load<T>(key: string, fallback: T): T {
  try { const v = localStorage.getItem(key); return v ? JSON.parse(v) as T : fallback; } catch { return fallback; }
}
function save(key: string, v: unknown): void { try { localStorage.setItem(key, JSON.stringify(v)); } catch { /* storage full: kept in memory only */ } }
const newId = (): string => Math.random().toString(36).slice(2, 10);
const titleOf = (text: string): string => (text.trim().split(/[\s|]/)[0] || 'query').slice(0, 24);

export const queryPage = {
  title: 'Query',
  render(root: HTMLElement, params: URLSearchParams): () => void {
    let tabs = load<Tab[]>(TABS, []);
    let active = localStorage.getItem(ACTIVE) ?? '';
    const q = params.get('q');
    if (q !== null) {
      const t: Tab = { id: newId(), title: titleOf(q), text: q, ...(params.get('from') ? { from: params.get('from')! } : {}), ...(params.get('to') ? { to: params.get('to')! } : {}) };
      tabs.push(t); active = t.id;
      history.replaceState(null, '', '#/query');
    }
    if (!tabs.length) tabs = [{ id: newId(), title: 'query', text: 'print now()' }];
    if (!tabs.some((t) => t.id === active)) active = tabs[0]!.id;
    const tab = (): Tab => tabs.find((t) => t.id === active)!;
    const persist = (): void => { save(TABS, tabs); localStorage.setItem(ACTIVE, active); };
    persist();

    const tabBar = h('div', { class: 'tabs', role: 'tablist' });
    const from = h('input', { id: 'from', type: 'text', placeholder: 'from (ISO datetime)', size: 22 });
    const to = h('input', { id: 'to', type: 'text', placeholder: 'to', size: 22 });
    const run = h('button', { id: 'run', type: 'button', class: 'primary', title: 'Shift+Enter' }, 'Run');
    const cancel = h('button', { id: 'cancel', type: 'button', disabled: true }, 'Cancel');
    const hist = h('select', { id: 'history', title: 'history' });
    const status = h('div', { id: 'status', class: 'status', role: 'status' }, 'ready');
    const editorHost = h('div', { id: 'editor', class: 'editor' });
    const viewBar = h('div', { class: 'view-bar' });
    const results = h('div', { id: 'results', class: 'results' });
    root.append(tabBar, h('div', { class: 'toolbar' }, run, cancel, h('label', {}, 'window ', from, ' – ', to), hist), editorHost, status, viewBar, results);

    let ed: Editor | undefined;
    let seq = 0;
    let inflight: AbortController | undefined;
    const drawTabs = (): void => {
      clear(tabBar);
      for (const t of tabs) {
        const b = h('button', { type: 'button', role: 'tab', class: t.id === active ? 'tab active' : 'tab', 'data-tab': t.id }, visible(t.title));
        b.addEventListener('click', () => { if (t.id !== active) { syncTab(); active = t.id; persist(); openTab(); } });
        const x = h('button', { type: 'button', class: 'tab-close', title: 'close tab' }, '×');
        x.addEventListener('click', () => {
          tabs = tabs.filter((o) => o.id !== t.id);
          if (!tabs.length) tabs = [{ id: newId(), title: 'query', text: '' }];
          if (active === t.id) active = tabs[0]!.id;
          persist(); openTab();
        });
        tabBar.append(h('span', { class: 'tab-wrap' }, b, x));
      }
      const add = h('button', { type: 'button', class: 'tab-add', title: 'new tab' }, '+');
      add.addEventListener('click', () => { syncTab(); const t = { id: newId(), title: 'query', text: '' }; tabs.push(t); active = t.id; persist(); openTab(); });
      tabBar.appendChild(add);
    };
    const syncTab = (): void => {
      if (!ed) return;
      const t = tab();
      t.text = ed.editor.getValue(); t.title = titleOf(t.text);
      if (from.value.trim()) t.from = from.value.trim(); else delete t.from;
      if (to.value.trim()) t.to = to.value.trim(); else delete t.to;
      persist();
    };
    const drawHistory = (): void => {
      clear(hist);
      hist.appendChild(h('option', { value: '' }, 'history…'));
      load<HistoryEntry[]>(HISTORY, []).forEach((e, i) => hist.appendChild(h('option', { value: i }, visible(`${e.at.slice(11, 19)} ${e.error ? '✗' : `${e.rows ?? 0} rows`} · ${e.text.replace(/\s+/g, ' ').slice(0, 80)}`))));
    };
    hist.addEventListener('change', () => {
      const e = load<HistoryEntry[]>(HISTORY, [])[Number(hist.value)];
      if (e && ed) ed.editor.setValue(e.text);
      hist.value = '';
    });

    let schemaP: Promise<api.Schema> | undefined;
    let switching = false;
    const openTab = (): void => {
      drawTabs();
      const t = tab();
      from.value = t.from ?? ''; to.value = t.to ?? '';
      if (ed) { switching = true; ed.switchTo(t.text); switching = false; ed.editor.focus(); return; }
      ed = createEditor(editorHost, t.text, () => void execute());
      ed.editor.onDidChangeModelContent(() => { if (!switching) syncTab(); });
      schemaP ??= api.schema();
      const mine = ed;
      schemaP.then((s) => mine.setSchema(s)).then(() => { editorHost.dataset.schema = 'ready'; }, (e) => { status.textContent = `schema: ${(e as Error).message}`; });
      ed.editor.focus();
    };

    const execute = async (): Promise<void> => {
      if (!ed) return;
      syncTab();
      inflight?.abort();
      const ac = new AbortController(); inflight = ac;
      const text = ed.editor.getValue();
      run.disabled = true; cancel.disabled = false;
      status.className = 'status running'; status.textContent = 'running…';
      const started = performance.now();
      const entry: HistoryEntry = { text, at: new Date().toISOString() };
      try {
        const r = await api.query(text, { ...(from.value.trim() ? { from: from.value.trim() } : {}), ...(to.value.trim() ? { to: to.value.trim() } : {}), signal: ac.signal });
        entry.rows = r.rows.length; entry.ms = Math.round(r.elapsedMs);
        showResult(r);
        status.className = r.truncated ? 'status warn' : 'status ok';
        status.textContent = `${r.rows.length.toLocaleString('en-US')} ${r.rows.length === 1 ? 'row' : 'rows'} · ${formatMs(r.elapsedMs)}${r.truncated ? ` · truncated: ${r.truncated}` : ''}`;
        status.dataset.rows = String(r.rows.length);
      } catch (e) {
        const aborted = (e as Error).name === 'AbortError';
        entry.error = aborted ? 'cancelled' : (e as Error).message;
        status.className = 'status error';
        status.textContent = aborted ? `cancelled after ${formatMs(performance.now() - started)}` : visible((e as Error).message);
        if (!aborted) void ed.validate().catch(() => undefined);
        if (e instanceof api.Unauthorized) location.reload();
      } finally {
        if (inflight === ac) { run.disabled = false; cancel.disabled = true; inflight = undefined; }
        status.dataset.seq = String(++seq);
        const all = [entry, ...load<HistoryEntry[]>(HISTORY, []).filter((x) => x.text !== text)].slice(0, HISTORY_MAX);
        save(HISTORY, all.map((x) => ({ ...x, text: x.text.slice(0, 20_000) })));
        drawHistory();
      }
    };
    run.addEventListener('click', () => void execute());
    cancel.addEventListener('click', () => inflight?.abort());

    let grid: Grid | undefined;
    let chartDispose: (() => void) | undefined;
    const showResult = (r: api.QueryAnswer): void => {
      chartDispose?.(); chartDispose = undefined;
      clear(results); clear(viewBar);
      grid = new Grid(r.columns, r.rows);
      const tableView = h('div', { class: 'view view-table' }, grid.el);
      results.appendChild(tableView);
      results.dataset.painted = String(performance.now());
      if (r.visualization) {
        const chartView = h('div', { class: 'view view-chart' });
        results.appendChild(chartView);
        const bTable = h('button', { type: 'button', 'data-view': 'table' }, 'Table');
        const bChart = h('button', { type: 'button', 'data-view': 'chart', class: 'active' }, `Chart (${visible(r.visualization.Visualization ?? '')})`);
        const pick = (which: 'table' | 'chart'): void => {
          tableView.hidden = which !== 'table'; chartView.hidden = which !== 'chart';
          bTable.classList.toggle('active', which === 'table'); bChart.classList.toggle('active', which === 'chart');
        };
        bTable.addEventListener('click', () => pick('table')); bChart.addEventListener('click', () => pick('chart'));
        viewBar.append(bTable, bChart);
        pick('chart');
        chartDispose = drawChart(chartView, r);
      }
    };

    drawHistory();
    openTab();
    return () => { inflight?.abort(); syncTab(); chartDispose?.(); ed?.dispose(); };
  },
};

function formatMs(ms: number): string { return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`; }
