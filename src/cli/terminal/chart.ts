/**
 * `render` on a terminal: a query ending in `render timechart|linechart|areachart` is drawn as
 * one sparkline per numeric column (▁▂▃▄▅▆▇█ over the rows in time order), `columnchart|barchart|
 * piechart` as horizontal bars (label: the first string column, value: the first numeric column).
 * Any other kind (scatterchart, anomalychart, card, …) gets a one-line note that it is not drawn.
 * Either way the rows follow as a table: the chart never hides data.
 */
import stringWidth from 'string-width';
import { parse } from '../../kql/index.js';
import type { TableData } from './table.js';
import { truncate } from './table.js';
import { terminalCell } from '../terminal-text.js';

export const SPARK_MAX = 60;
export const BARS_MAX = 20;
export const BAR_MAX_WIDTH = 50;
const TICKS = '▁▂▃▄▅▆▇█';

/** The chart kind of the query's last `render` operator, or undefined. */
export function renderKind(query: string): string | undefined {
  let found: { start: number; chart: string } | undefined;
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) { for (const x of n) walk(x); return; }
    const o = n as { kind?: string; start?: number; chart?: { name?: string } };
    if (o.kind === 'Render' && o.chart?.name && (!found || (o.start ?? 0) >= found.start)) found = { start: o.start ?? 0, chart: o.chart.name };
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
  };
  walk(parse(query).ast);
  return found?.chart.toLowerCase();
}

const isNum = (t: string): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';

function sparkline(values: readonly number[]): string {
  // Long series are averaged into SPARK_MAX buckets.
  const n = Math.min(values.length, SPARK_MAX);
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * values.length) / n), to = Math.floor(((i + 1) * values.length) / n);
    const part = values.slice(from, Math.max(to, from + 1));
    b.push(part.reduce((x, y) => x + y, 0) / part.length);
  }
  const lo = Math.min(...b), hi = Math.max(...b);
  return b.map((v) => TICKS[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (TICKS.length - 1))]).join('');
}

/** The chart text (ending with a newline) for the kind, drawn within `width` cells (0 = 80). */
export function drawChart(kind: string, t: TableData, width: number): string {
  const w = width || 80;
  const nums = t.columns.map((c, j) => ({ c, j })).filter((x) => isNum(x.c.type));
  if (!t.rows.length) return `render ${kind}: no rows to draw\n`;
  if (kind === 'timechart' || kind === 'linechart' || kind === 'areachart' || kind === 'stackedareachart') {
    if (!nums.length) return `render ${kind}: not drawn (no numeric column)\n`;
    const time = t.columns.findIndex((c) => c.type === 'datetime');
    const order = t.rows.map((_, i) => i);
    if (time >= 0) order.sort((a, b) => Number(t.rows[a]![time] ?? 0) - Number(t.rows[b]![time] ?? 0));
    const label = Math.min(20, Math.max(...nums.map((x) => stringWidth(terminalCell(x.c.name)))));
    const lines = nums.map(({ c, j }) => {
      const vs = order.map((i) => Number(t.rows[i]![j] ?? 0));
      return `${truncate(terminalCell(c.name), label).padEnd(label)}  ${sparkline(vs)}  min ${Math.min(...vs)}, max ${Math.max(...vs)}`;
    });
    const span = time >= 0 ? ` (${t.rows.length} points in time order${t.rows.length > SPARK_MAX ? `, averaged into ${SPARK_MAX}` : ''})` : '';
    return `render ${kind}${span}:\n${lines.map((l) => '  ' + truncate(l, w - 2)).join('\n')}\n`;
  }
  if (kind === 'columnchart' || kind === 'barchart' || kind === 'piechart' || kind === 'stackedcolumnchart') {
    if (!nums.length) return `render ${kind}: not drawn (no numeric column)\n`;
    const { j: vj } = nums[0]!;
    const lj = t.columns.findIndex((c) => c.type === 'string');
    const rows = t.rows.slice(0, BARS_MAX);
    const labels = rows.map((r, i) => terminalCell(lj >= 0 ? String(r[lj] ?? '') : String(i + 1)));
    const lw = Math.min(24, Math.max(...labels.map((l) => stringWidth(l))));
    const vals = rows.map((r) => Number(r[vj] ?? 0));
    const max = Math.max(...vals.map(Math.abs), 1e-300);
    const room = Math.min(BAR_MAX_WIDTH, Math.max(10, w - lw - 16));
    const lines = rows.map((_, i) => {
      const label = truncate(labels[i]!, lw);
      return `  ${label}${' '.repeat(lw - stringWidth(label))}  ${'█'.repeat(Math.round((Math.abs(vals[i]!) / max) * room))} ${vals[i]}`;
    });
    const more = t.rows.length > BARS_MAX ? `\n  (first ${BARS_MAX} of ${t.rows.length} rows drawn)` : '';
    return `render ${kind} (${terminalCell(t.columns[vj]!.name)}):\n${lines.join('\n')}${more}\n`;
  }
  return `render ${kind}: not drawn in the terminal (timechart, linechart, areachart, columnchart, barchart and piechart are); the rows follow\n`;
}
