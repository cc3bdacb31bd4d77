/**
 * The `render` of a query as Kusto reports it with the result: the `Visualization` value of the
 * v2 @ExtendedProperties table (QueryProperties), which official clients (Kusto Explorer, the ADX
 * web UI, azure-kusto-data's `tables` of kind QueryProperties) read to draw the chart. The engine
 * passes `render` through (src/kql/exec/ops/misc.ts); this reads the chart kind and its `with (…)`
 * properties from the syntax tree of the query's last `render`.
 */
import { parse } from '../kql/frontend.js';

/** Kusto's Visualization object (the property names and defaults the service sends). */
export interface Visualization {
  Visualization: string | null;
  Title: string | null; XColumn: string | null; Series: string | null; YColumns: string | null; AnomalyColumns: string | null;
  XTitle: string | null; YTitle: string | null; XAxis: string | null; YAxis: string | null; Legend: string | null; YSplit: string | null;
  Accumulate: boolean; IsQuerySorted: boolean; Kind: string | null; Ymin: number | 'NaN'; Ymax: number | 'NaN'; Xmin: unknown; Xmax: unknown;
}

const NONE: Visualization = {
  Visualization: null, Title: null, XColumn: null, Series: null, YColumns: null, AnomalyColumns: null, XTitle: null, YTitle: null,
  XAxis: null, YAxis: null, Legend: null, YSplit: null, Accumulate: false, IsQuerySorted: false, Kind: null, Ymin: 'NaN', Ymax: 'NaN', Xmin: null, Xmax: null,
};
const KEYS: Record<string, keyof Visualization> = {
  title: 'Title', xcolumn: 'XColumn', series: 'Series', ycolumns: 'YColumns', anomalycolumns: 'AnomalyColumns', xtitle: 'XTitle',
  ytitle: 'YTitle', xaxis: 'XAxis', yaxis: 'YAxis', legend: 'Legend', ysplit: 'YSplit', accumulate: 'Accumulate', kind: 'Kind',
  ymin: 'Ymin', ymax: 'Ymax', xmin: 'Xmin', xmax: 'Xmax',
};

interface Node { kind?: string; start?: number; end?: number; chart?: { name: string }; properties?: { name: string; value: { kind: string; type?: string; value?: unknown; start: number; end: number } }[] }

/** The Visualization of the query's last `render` (`Visualization: null` when it has none). */
export function visualizationOf(query: string): Visualization {
  let last: Node | undefined;
  const seen = new Set<unknown>();
  const walk = (n: unknown): void => {
    if (typeof n !== 'object' || n === null || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) { for (const x of n) walk(x); return; }
    const node = n as Node;
    if (node.kind === 'Render' && node.chart && (!last || (node.start ?? 0) >= (last.start ?? 0))) last = node;
    for (const v of Object.values(node)) walk(v);
  };
  walk(parse(query).ast);
  if (!last) return { ...NONE };
  const out: Visualization = { ...NONE, Visualization: last.chart!.name.toLowerCase() };
  for (const p of last.properties ?? []) {
    const key = KEYS[p.name.toLowerCase()];
    if (!key) continue;
    const text = query.slice(p.value.start, p.value.end).trim();
    // A string literal is its value; a list (`ycolumns=a, b`) its names joined by commas, as Kusto sends them.
    const literal = p.value.kind === 'Literal' && p.value.type === 'string' && p.value.end - p.value.start === text.length;
    const unq = literal ? String(p.value.value) : text.split(',').map((s) => s.trim().replace(/^(['"])(.*)\1$/s, '$2').replace(/^\[\s*(['"])(.*)\1\s*\]$/s, '$2')).join(',');
    if (key === 'Accumulate') out.Accumulate = /^true$/i.test(text);
    else if (key === 'Ymin' || key === 'Ymax') { const n = Number(text); out[key] = Number.isFinite(n) ? n : 'NaN'; }
    else (out as unknown as Record<string, unknown>)[key] = unq;
  }
  return out;
}
