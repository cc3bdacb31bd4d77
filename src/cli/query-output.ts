/**
 * The output of one query for `query` and `hunt`: json, jsonl and csv as output.ts writes them
 * (every row, values exact); table through the terminal table (width, colour, row limit, pager),
 * preceded by the chart of a `render` operator (or the note that it is not drawn).
 */
import type { QueryResult } from '../kql/index.js';
import { renderResult, type OutputFormat } from './output.js';
import type { TableStyle } from './terminal/style.js';

/**
 * Formats a result. The terminal table and chart modules (and string-width's Unicode tables) load
 * only for `table`: json, jsonl and csv start without them (CLI start-up, docs/PERFORMANCE.md).
 */
export async function formatResult(r: Pick<QueryResult, 'columns' | 'rows'>, format: OutputFormat, style: TableStyle, query: string): Promise<string> {
  if (format !== 'table') return renderResult(r, format);
  const [{ drawChart, renderKind }, { renderTerminalTable }] = await Promise.all([import('./terminal/chart.js'), import('./terminal/table.js')]);
  const kind = renderKind(query);
  const chart = kind ? drawChart(kind, r, style.width) + '\n' : '';
  return chart + renderTerminalTable(r, style);
}

export async function writeResult(r: Pick<QueryResult, 'columns' | 'rows'>, format: OutputFormat, style: TableStyle, query: string): Promise<void> {
  const text = await formatResult(r, format, style, query);
  if (format === 'table') (await import('./terminal/pager.js')).writePaged(text, style);
  else process.stdout.write(text);
}
