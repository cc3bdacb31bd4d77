/** The schema browser (`#/schema`): tables with row counts and time ranges, their columns and types, stored functions. */
import { h, visible } from '../dom.js';
import { route } from '../router.js';
import * as api from '../api.js';

export const schemaPage = {
  title: 'Schema',
  async render(root: HTMLElement): Promise<void> {
    const s = await api.schema();
    const filter = h('input', { id: 'schema-filter', placeholder: 'filter tables and columns' });
    const empty = s.tables.filter((t) => t.rows === 0 && t.from === null).length;
    const showEmpty = h('input', { type: 'checkbox', id: 'schema-empty' });
    const list = h('div', { class: 'schema-list' });
    const draw = (): void => {
      const f = filter.value.toLowerCase();
      list.replaceChildren(...s.tables.filter((t) => (showEmpty.checked || t.rows !== 0) && (!f || t.name.toLowerCase().includes(f) || t.columns.some((c) => c.name.toLowerCase().includes(f)))).map((t) => {
        const d = h('details', { class: 'schema-table', 'data-table': t.name },
          h('summary', {},
            h('b', {}, visible(t.name)),
            h('span', { class: 'rows' }, t.rows === null ? 'rows: not counted' : `${t.rows.toLocaleString('en-US')} rows`),
            h('span', { class: 'range' }, t.from ? `${t.timeColumn}: ${t.from} → ${t.to}` : ''),
            h('a', { href: route('query', { q: `${t.name}\n| take 100` }), class: 'open' }, 'query')),
          h('table', { class: 'columns' }, h('tbody', {}, ...t.columns.map((c) => h('tr', {}, h('td', {}, visible(c.name)), h('td', { class: 'type' }, c.type))))));
        if (f) d.open = true;
        return d;
      }));
    };
    filter.addEventListener('input', draw);
    showEmpty.addEventListener('change', draw);
    draw();
    root.append(
      h('h2', {}, `Database ${s.database}: ${s.tables.length - empty} tables with rows`),
      h('div', { class: 'toolbar' }, filter, h('label', {}, showEmpty, ` also the ${empty} known tables without rows (Log Analytics / Defender schemas)`)),
      list,
      h('h3', {}, `${s.functions.length} stored functions`),
      h('ul', { class: 'functions' }, ...s.functions.map((fn) => h('li', {}, h('code', {}, visible(`${fn.name}${fn.parameters}`))))));
  },
};
