/**
 * The results grid: a small virtual scroller of our own (rows of one fixed height; only the rows
 * in view, plus a margin, exist in the DOM), so 100,000 rows scroll with ~60 row elements.
 * Columns in the query's order; sort (header click: ascending, descending, none); a filter per
 * column (contains, case-insensitive, on the shown text); resize (drag the header's right edge);
 * a selected cell is copied with Ctrl+C or the detail panel's button; a dynamic or long cell opens
 * in the detail panel (pretty JSON / the whole text); export CSV / JSON of the rows as filtered and
 * sorted. Every value goes in as text (textContent), bidi controls made visible (dom.ts `visible`).
 */
import { h, clear, visible, download } from './dom.js';
import type { Column } from './api.js';

const ROW_H = 24;
const OVERSCAN = 20;
/** Characters a cell shows; the rest is in the detail panel. */
const CELL_CHARS = 240;
/** Characters the detail panel shows before its "show all" button. */
const DETAIL_CHARS = 100_000;

export function cellText(v: unknown, type: string): string {
  if (v === null || v === undefined) return '';
  if (type === 'dynamic') return typeof v === 'string' ? v : JSON.stringify(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = typeof a === 'object' ? JSON.stringify(a) : String(a), sb = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function toCsv(columns: readonly Column[], rows: readonly (readonly unknown[])[]): string {
  const q = (s: string): string => (/[",\r\n]/.test(s) || /^[=+\-@\t\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [columns.map((c) => q(c.name)).join(','), ...rows.map((r) => r.map((v, j) => q(cellText(v, columns[j]!.type))).join(','))].join('\r\n') + '\r\n';
}
export function toJson(columns: readonly Column[], rows: readonly (readonly unknown[])[]): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, j) => [c.name, r[j] ?? null]))), null, 1);
}

export class Grid {
  readonly el: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly filters: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly detail: HTMLDivElement;
  private readonly widths: number[];
  private order: number[];
  private sortCol = -1;
  private sortDir: 1 | -1 = 1;
  private readonly filterText: string[];
  private selected: { row: number; col: number } | null = null;
  private drawn = '';

  constructor(private readonly columns: readonly Column[], private readonly rows: readonly (readonly unknown[])[]) {
    // A column's width: its name or its longest value among the first 100 rows, within 80–360 px.
    this.widths = columns.map((c, j) => {
      let chars = c.name.length + c.type.length + 2;
      for (let i = 0; i < Math.min(100, rows.length); i++) chars = Math.max(chars, Math.min(48, cellText(rows[i]![j], c.type).length));
      return Math.min(360, Math.max(80, chars * 7.6 + 20));
    });
    this.filterText = columns.map(() => '');
    this.order = rows.map((_, i) => i);
    this.head = h('div', { class: 'grid-row grid-head', role: 'row' });
    this.filters = h('div', { class: 'grid-row grid-filters' });
    this.spacer = h('div', { class: 'grid-spacer' });
    this.body = h('div', { class: 'grid-body', role: 'rowgroup' });
    this.scroller = h('div', { class: 'grid-scroll', tabindex: 0 }, this.head, this.filters, this.spacer);
    this.spacer.appendChild(this.body);
    this.detail = h('div', { class: 'grid-detail', hidden: true });
    const bar = h('div', { class: 'grid-bar' },
      h('span', { class: 'grid-count' }),
      button('Export CSV', () => download('result.csv', 'text/csv', toCsv(this.columns, this.viewRows()))),
      button('Export JSON', () => download('result.json', 'application/json', toJson(this.columns, this.viewRows()))),
      button('Copy cell', () => void this.copySelected()));
    this.el = h('div', { class: 'grid', role: 'grid', 'aria-rowcount': rows.length }, bar, this.scroller, this.detail);
    this.drawHead();
    this.scroller.addEventListener('scroll', () => this.draw());
    this.scroller.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'c' && this.selected) { e.preventDefault(); void this.copySelected(); }
    });
    new ResizeObserver(() => this.draw(true)).observe(this.scroller);
    this.refresh();
  }

  /** The rows as shown (filtered, sorted). */
  viewRows(): (readonly unknown[])[] { return this.order.map((i) => this.rows[i]!); }
  get shownCount(): number { return this.order.length; }

  private drawHead(): void {
    clear(this.head); clear(this.filters);
    this.columns.forEach((c, j) => {
      const mark = this.sortCol === j ? (this.sortDir === 1 ? ' ▲' : ' ▼') : '';
      const handle = h('span', { class: 'grid-resize', title: 'drag to resize' });
      const cell = h('div', { class: 'grid-cell grid-hcell', role: 'columnheader', 'data-col': j, title: `${c.name}: ${c.type}` },
        h('span', { class: 'grid-hname' }, visible(c.name)), h('span', { class: 'grid-htype' }, c.type), mark, handle);
      cell.style.width = `${this.widths[j]}px`;
      cell.addEventListener('click', (e) => { if (e.target !== handle) this.sortBy(j); });
      handle.addEventListener('pointerdown', (e) => this.startResize(e, j));
      this.head.appendChild(cell);
      const input = h('input', { class: 'grid-filter', 'data-col': j, placeholder: 'filter', value: this.filterText[j] });
      input.style.width = `${this.widths[j]}px`;
      input.addEventListener('input', () => { this.filterText[j] = input.value; this.refresh(); });
      this.filters.appendChild(input);
    });
  }

  private sortBy(j: number): void {
    if (this.sortCol !== j) { this.sortCol = j; this.sortDir = 1; } else if (this.sortDir === 1) this.sortDir = -1; else this.sortCol = -1;
    this.drawHead();
    this.refresh();
  }

  private startResize(e: PointerEvent, j: number): void {
    e.preventDefault(); e.stopPropagation();
    const x0 = e.clientX, w0 = this.widths[j]!;
    const move = (m: PointerEvent): void => {
      this.widths[j] = Math.max(40, w0 + m.clientX - x0);
      (this.head.children[j] as HTMLElement).style.width = `${this.widths[j]}px`;
      (this.filters.children[j] as HTMLElement).style.width = `${this.widths[j]}px`;
      this.draw(true);
    };
    const up = (): void => { window.removeEventListener('pointermove', move); window.removeEventListener('pointerup', up); };
    window.addEventListener('pointermove', move); window.addEventListener('pointerup', up);
  }

  /** Filters and sorts again, then draws. */
  private refresh(): void {
    const active = this.filterText.map((f, j) => [f.toLowerCase(), j] as const).filter(([f]) => f !== '');
    let order = this.rows.map((_, i) => i);
    if (active.length) order = order.filter((i) => active.every(([f, j]) => cellText(this.rows[i]![j], this.columns[j]!.type).toLowerCase().includes(f)));
    if (this.sortCol >= 0) {
      const j = this.sortCol, d = this.sortDir;
      order.sort((a, b) => d * compare(this.rows[a]![j], this.rows[b]![j]) || a - b);
    }
    this.order = order;
    (this.el.querySelector('.grid-count') as HTMLElement).textContent = `${order.length.toLocaleString('en-US')} of ${this.rows.length.toLocaleString('en-US')} rows`;
    this.spacer.style.height = `${order.length * ROW_H}px`;
    this.spacer.style.width = `${this.widths.reduce((a, b) => a + b, 0)}px`;
    this.draw(true);
  }

  private draw(force = false): void {
    const top = this.scroller.scrollTop, height = this.scroller.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    const key = `${first}:${last}`;
    if (!force && key === this.drawn) return;
    this.drawn = key;
    this.spacer.style.width = `${this.widths.reduce((a, b) => a + b, 0)}px`;
    const frag = document.createDocumentFragment();
    for (let k = first; k < last; k++) {
      const i = this.order[k]!;
      const row = h('div', { class: 'grid-row', role: 'row', 'data-row': i, 'aria-rowindex': k + 1 });
      row.style.top = `${k * ROW_H}px`;
      const r = this.rows[i]!;
      this.columns.forEach((c, j) => {
        const full = cellText(r[j], c.type);
        const long = full.length > CELL_CHARS;
        const cell = h('div', { class: `grid-cell t-${c.type}${r[j] === null || r[j] === undefined ? ' null' : ''}${this.selected?.row === i && this.selected.col === j ? ' selected' : ''}`, role: 'gridcell', 'data-col': j },
          visible(long ? full.slice(0, CELL_CHARS) : full));
        cell.style.width = `${this.widths[j]}px`;
        if (long || c.type === 'dynamic') {
          const more = h('button', { class: 'grid-expand', title: long ? `expand (${full.length.toLocaleString('en-US')} characters)` : 'expand' }, long ? '…' : '{ }');
          more.addEventListener('click', (e) => { e.stopPropagation(); this.select(i, j); this.showDetail(i, j); });
          cell.appendChild(more);
        }
        cell.addEventListener('click', () => this.select(i, j));
        cell.addEventListener('dblclick', () => this.showDetail(i, j));
        row.appendChild(cell);
      });
      frag.appendChild(row);
    }
    this.body.replaceChildren(frag);
  }

  private select(row: number, col: number): void {
    this.selected = { row, col };
    for (const el of this.body.querySelectorAll('.grid-cell.selected')) el.classList.remove('selected');
    this.body.querySelector(`.grid-row[data-row="${row}"] .grid-cell[data-col="${col}"]`)?.classList.add('selected');
    this.scroller.focus({ preventScroll: true });
  }

  selectedText(): string | null {
    if (!this.selected) return null;
    return cellText(this.rows[this.selected.row]![this.selected.col], this.columns[this.selected.col]!.type);
  }

  private async copySelected(): Promise<void> {
    const t = this.selectedText();
    if (t === null) return;
    try { await navigator.clipboard.writeText(t); this.flash('copied'); } catch { this.flash('the browser refused the clipboard'); }
  }
  private flash(msg: string): void { (this.el.querySelector('.grid-count') as HTMLElement).dataset.note = msg; }

  showDetail(i: number, j: number): void {
    const c = this.columns[j]!, v = this.rows[i]![j];
    let text = cellText(v, c.type);
    if (c.type === 'dynamic' && v !== null && v !== undefined) {
      try { text = JSON.stringify(typeof v === 'string' ? JSON.parse(v) : v, null, 2); } catch { /* shown as it is */ }
    }
    const pre = h('pre', { class: 'grid-detail-text' }, visible(text.length > DETAIL_CHARS ? text.slice(0, DETAIL_CHARS) : text));
    const all = text.length > DETAIL_CHARS ? button(`show all ${text.length.toLocaleString('en-US')} characters`, () => { pre.textContent = visible(text); all?.remove(); }) : null;
    clear(this.detail);
    this.detail.append(
      h('div', { class: 'grid-detail-head' }, h('b', {}, visible(c.name)), ` (${c.type}), row ${i + 1} · ${text.length.toLocaleString('en-US')} characters `,
        button('Copy', () => void this.copySelected()), button('Close', () => { this.detail.hidden = true; })),
      pre);
    if (all) this.detail.appendChild(all);
    this.detail.hidden = false;
  }
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button' }, label);
  b.addEventListener('click', onClick);
  return b;
}
