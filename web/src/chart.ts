/**
 * `render` drawn with Apache ECharts (modular import: line, bar, pie, scatter; SVG renderer).
 * The server reports the render kind and properties with the result (Kusto v2: `Visualization` in
 * @ExtendedProperties); the columns are read as Kusto's render operator documents:
 *   x       the XColumn property, else the first datetime column (timechart, anomalychart), else the first column
 *   y       the YColumns property, else every numeric column that is not x or a series column
 *   series  the Series property, else every other string-like column: each distinct combination of
 *           their values, times each y column, is one series
 * make-series output (x and y as arrays in dynamic columns) is expanded row by row.
 * Properties drawn: title, xtitle, ytitle, legend (hidden), ysplit (none / axes / panels), kind
 * (default = unstacked, stacked, stacked100) for area/column/bar, ymin/ymax, xaxis/yaxis=log, accumulate,
 * anomalycolumns (anomalychart: points where the column is not 0 are marked).
 */
import * as echarts from 'echarts/core';
import { LineChart, BarChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent } from 'echarts/components';
import { SVGRenderer, CanvasRenderer } from 'echarts/renderers';
import type { QueryAnswer, Visualization } from './api.js';
import { h, visible } from './dom.js';

echarts.use([LineChart, BarChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, SVGRenderer, CanvasRenderer]);

/** Above this many points a chart is drawn on a canvas (SVG elements per point would stall the page), lines sampled (LTTB). */
export const SVG_MAX_POINTS = 5_000;

export const CHART_KINDS = ['timechart', 'linechart', 'areachart', 'stackedareachart', 'columnchart', 'barchart', 'piechart', 'scatterchart', 'anomalychart'] as const;
const NUMERIC = new Set(['int', 'long', 'real', 'decimal', 'double']);
const list = (v: string | null | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

interface Shape { x: string; ys: string[]; series: string[]; rows: unknown[][]; cols: Map<string, number>; xIsTime: boolean; xIsNumeric: boolean }

/** Which columns are x, y and series; make-series rows expanded. */
export function shapeOf(r: Pick<QueryAnswer, 'columns' | 'rows'>, v: Visualization): Shape | string {
  const cols = new Map(r.columns.map((c, i) => [c.name, i]));
  const kind = v.Visualization ?? '';
  const typeOf = (n: string): string => r.columns[cols.get(n)!]!.type;
  for (const n of [v.XColumn, ...list(v.YColumns), ...list(v.Series), ...list(v.AnomalyColumns)]) if (n && !cols.has(n)) return `render: no column '${n}' in the result`;
  // make-series: arrays in dynamic columns → one row per element.
  let rows = r.rows as unknown[][];
  const arrayCols = r.columns.map((c, i) => (c.type === 'dynamic' && rows.length && rows.every((row) => Array.isArray(asJson(row[i])) || row[i] === null) ? i : -1)).filter((i) => i >= 0);
  let expandedTypes = new Map<number, string>();
  if (arrayCols.length) {
    const out: unknown[][] = [];
    for (const row of rows) {
      const arrays = arrayCols.map((i) => (asJson(row[i]) as unknown[] | null) ?? []);
      const n = Math.max(0, ...arrays.map((a) => a.length));
      for (let k = 0; k < n; k++) { const copy = [...row]; arrayCols.forEach((i, a) => { copy[i] = arrays[a]![k] ?? null; }); out.push(copy); }
    }
    rows = out;
    for (const i of arrayCols) {
      const sample = rows.find((row) => row[i] !== null && row[i] !== undefined)?.[i];
      expandedTypes.set(i, typeof sample === 'number' ? 'real' : typeof sample === 'string' && !Number.isNaN(Date.parse(sample)) && /^\d{4}-\d\d-\d\dT/.test(sample) ? 'datetime' : 'string');
    }
  } else expandedTypes = new Map();
  const t = (n: string): string => expandedTypes.get(cols.get(n)!) ?? typeOf(n);
  const names = r.columns.map((c) => c.name);
  const wantsTime = kind === 'timechart' || kind === 'anomalychart';
  const x = v.XColumn ?? (wantsTime ? names.find((n) => t(n) === 'datetime') : undefined) ?? names[0];
  if (!x) return 'render: the result has no columns';
  const anomalies = list(v.AnomalyColumns);
  const explicitSeries = list(v.Series);
  const ys = list(v.YColumns).length ? list(v.YColumns) : names.filter((n) => n !== x && NUMERIC.has(t(n)) && !explicitSeries.includes(n) && !anomalies.includes(n));
  const series = explicitSeries.length ? explicitSeries : names.filter((n) => n !== x && !ys.includes(n) && !anomalies.includes(n) && !NUMERIC.has(t(n)) && t(n) !== 'datetime' && kind !== 'piechart');
  if (!ys.length) return `render ${kind}: no numeric column to draw (columns: ${names.join(', ')})`;
  return { x, ys, series, rows, cols, xIsTime: t(x) === 'datetime', xIsNumeric: NUMERIC.has(t(x)) };
}

function asJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trimStart();
  if (!s.startsWith('[') && !s.startsWith('{')) return v;
  try { return JSON.parse(v); } catch { return v; }
}
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : typeof v === 'number' ? v : Number(v));

interface Line { name: string; y: string; points: [unknown, number | null][]; anomalies: [unknown, number | null][] }

export function linesOf(s: Shape, v: Visualization): Line[] {
  const byKey = new Map<string, Line>();
  const anomalyCols = list(v.AnomalyColumns);
  const xi = s.cols.get(s.x)!;
  for (const row of s.rows) {
    const key = s.series.map((n) => String(row[s.cols.get(n)!] ?? '')).join(', ');
    for (const y of s.ys) {
      const name = s.series.length ? (s.ys.length > 1 ? `${key}:${y}` : key) : y;
      let line = byKey.get(name);
      if (!line) { line = { name, y, points: [], anomalies: [] }; byKey.set(name, line); }
      const xv = s.xIsTime ? Date.parse(String(row[xi])) : row[xi];
      const yv = num(row[s.cols.get(y)!]);
      line.points.push([xv, yv]);
      for (const a of anomalyCols) { const f = num(row[s.cols.get(a)!]); if (f) line.anomalies.push([xv, yv]); }
    }
  }
  const lines = [...byKey.values()];
  if (s.xIsTime || s.xIsNumeric) for (const l of lines) l.points.sort((a, b) => Number(a[0]) - Number(b[0]));
  if (v.Accumulate === true) for (const l of lines) { let acc = 0; for (const p of l.points) { acc += p[1] ?? 0; p[1] = acc; } }
  return lines;
}

/** Draws the chart into `host`; returns its disposal. Sets host.dataset.series to the number of series drawn. */
export function drawChart(host: HTMLElement, r: QueryAnswer): () => void {
  const v = r.visualization!;
  const kind = v.Visualization ?? 'table';
  if (!(CHART_KINDS as readonly string[]).includes(kind)) {
    host.appendChild(h('p', { class: 'note' }, `render ${visible(kind)}: not drawn by the workbench (kinds drawn: ${CHART_KINDS.join(', ')}); the table shows the result`));
    return () => undefined;
  }
  const shape = shapeOf(r, v);
  if (typeof shape === 'string') { host.appendChild(h('p', { class: 'error' }, visible(shape))); return () => undefined; }
  const option = optionOf(kind, shape, v);
  const points = option.series.reduce((n, se) => n + ((se.data as unknown[] | undefined)?.length ?? 0), 0);
  const canvas = points > SVG_MAX_POINTS;
  if (canvas) {
    for (const se of option.series) if (se.type === 'line') se.sampling = 'lttb';
    host.appendChild(h('p', { class: 'note' }, `${points.toLocaleString('en-US')} points: drawn on a canvas, lines sampled to the pixels (LTTB); the table has every row`));
  }
  const box = h('div', { class: 'chart' });
  host.appendChild(box);
  const chart = echarts.init(box, undefined, { renderer: canvas ? 'canvas' : 'svg' });
  chart.setOption(option);
  host.dataset.series = String((option.series as unknown[]).length);
  host.dataset.kind = kind;
  host.dataset.panels = String((option.grid as unknown[] | undefined)?.length ?? 1);
  host.dataset.anomalies = String(option.series.reduce((n, se) => n + (((se.markPoint as { data?: unknown[] } | undefined)?.data?.length) ?? 0), 0));
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(box);
  return () => { ro.disconnect(); chart.dispose(); };
}

type Opt = Record<string, unknown> & { series: Record<string, unknown>[] };

export function optionOf(kind: string, s: Shape, v: Visualization): Opt {
  const title = v.Title ? { text: v.Title, left: 'center', textStyle: { fontSize: 14 } } : undefined;
  const legend = v.Legend === 'hidden' ? { show: false } : { type: 'scroll', bottom: 0 };
  if (kind === 'piechart') {
    const xi = s.cols.get(s.x)!, yi = s.cols.get(s.ys[0]!)!;
    const data = s.rows.map((row) => ({ name: String(row[xi] ?? ''), value: num(row[yi]) ?? 0 }));
    return { title, legend, tooltip: { trigger: 'item' }, series: [{ type: 'pie', radius: '60%', data, name: s.ys[0] }] };
  }
  const lines = linesOf(s, v);
  const horizontal = kind === 'barchart';
  const categorical = !s.xIsTime && !s.xIsNumeric || kind === 'columnchart' || kind === 'barchart';
  // kind: `default` and `unstacked` draw each series on its own (Kusto's docs); stackedareachart stacks.
  const stackKind = v.Kind && v.Kind !== 'default' ? v.Kind : kind === 'stackedareachart' ? 'stacked' : 'unstacked';
  const stacked = stackKind === 'stacked' || stackKind === 'stacked100' || kind === 'stackedareachart';
  const split = v.YSplit ?? 'none';
  const yAxisType = v.YAxis === 'log' ? 'log' : 'value';
  const ymin = num(v.Ymin), ymax = num(v.Ymax);
  const yBase = { type: yAxisType, name: v.YTitle ?? undefined, ...(ymin !== null && !Number.isNaN(ymin) ? { min: ymin } : {}), ...(ymax !== null && !Number.isNaN(ymax) ? { max: ymax } : {}) };
  const xBase = { type: s.xIsTime && !categorical ? 'time' : categorical ? 'category' : v.XAxis === 'log' ? 'log' : 'value', name: v.XTitle ?? undefined };
  let categories: string[] | undefined;
  if (categorical) {
    categories = [...new Set(lines.flatMap((l) => l.points.map((p) => String(s.xIsTime ? new Date(p[0] as number).toISOString() : p[0]))))];
  }
  const dataOf = (l: Line): unknown[] => {
    let pts = l.points;
    if (stackKind === 'stacked100') {
      const totals = new Map<unknown, number>();
      for (const o of lines) for (const p of o.points) totals.set(p[0], (totals.get(p[0]) ?? 0) + (p[1] ?? 0));
      pts = pts.map((p) => [p[0], totals.get(p[0]) ? (100 * (p[1] ?? 0)) / totals.get(p[0])! : 0]);
    }
    if (categorical) {
      const m = new Map(pts.map((p) => [String(s.xIsTime ? new Date(p[0] as number).toISOString() : p[0]), p[1]]));
      return categories!.map((c) => m.get(c) ?? null);
    }
    return pts;
  };
  // ysplit=panels: one grid per y column (panels stacked vertically); ysplit=axes: one y axis per series.
  const panels = split === 'panels' ? s.ys : [null];
  const grids = panels.map((_, i) => ({ left: 60, right: split === 'axes' ? 30 + 50 * Math.max(0, lines.length - 1) : 30, top: (title ? 40 : 20) + i * (100 / panels.length) * 3.2, height: `${Math.floor(80 / panels.length) - 6}%` }));
  const xAxis = panels.map((_, i) => ({ ...xBase, gridIndex: i, ...(categories ? { data: categories } : {}) }));
  const yAxis = split === 'axes'
    ? lines.map((l, i) => ({ ...yBase, name: l.name, position: i === 0 ? 'left' : 'right', offset: i === 0 ? 0 : 50 * (i - 1), gridIndex: 0 }))
    : panels.map((p, i) => ({ ...yBase, gridIndex: i, ...(p ? { name: p } : {}) }));
  const series: Record<string, unknown>[] = lines.map((l, i) => {
    const panel = split === 'panels' ? Math.max(0, s.ys.indexOf(l.y)) : 0;
    const base = { name: l.name, data: dataOf(l), xAxisIndex: panel, yAxisIndex: split === 'axes' ? i : panel, ...(stacked ? { stack: `stack${panel}` } : {}) };
    switch (kind) {
      case 'columnchart': case 'barchart': return { ...base, type: 'bar' };
      case 'scatterchart': return { ...base, type: 'scatter', symbolSize: 6 };
      case 'areachart': case 'stackedareachart': return { ...base, type: 'line', areaStyle: {}, showSymbol: false };
      case 'anomalychart':
        return {
          ...base, type: 'line', showSymbol: false,
          markPoint: { symbol: 'circle', symbolSize: 10, itemStyle: { color: '#d13438' }, data: l.anomalies.map((p) => ({ coord: p, value: 'anomaly' })) },
        };
      default: return { ...base, type: 'line', showSymbol: l.points.length < 50 };
    }
  });
  const opt: Opt = {
    title, legend, tooltip: { trigger: 'axis' }, animation: false, grid: grids,
    xAxis: horizontal ? yAxis : xAxis, yAxis: horizontal ? xAxis : yAxis, series,
  };
  if (horizontal) for (const se of series) { const x = se.xAxisIndex; se.xAxisIndex = se.yAxisIndex; se.yAxisIndex = x; }
  if (!categorical) opt.dataZoom = [{ type: 'inside', xAxisIndex: panels.map((_, i) => i) }];
  return opt;
}
