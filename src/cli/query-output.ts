/**
 * The output of one query for `query` and `hunt`: json, jsonl and csv as output.ts writes them
 * (every row, values exact); table through the terminal table (width, colour, row limit, pager),
 * preceded by the chart of a `render` operator (or the note that it is not drawn).
 */
import type { QueryResult } from '../kql/index.js';
import { renderResult, type OutputFormat } from './output.js';
import { drawChart, renderKind } from './terminal/chart.js';
import { renderTerminalTable } from './terminal/table.js';
import { writePaged } from './terminal/pager.js';
import type { TableStyle } from './terminal/style.js';

export function formatResult(r: Pick<QueryResult, 'columns' | 'rows'>, format: OutputFormat, style: TableStyle, query: string): string {
  if (format !== 'table') return renderResult(r, format);
  const kind = renderKind(query);
  const chart = kind ? drawChart(kind, r, style.width) + '\n' : '';
  return chart + renderTerminalTable(r, style);
}

export function writeResult(r: Pick<QueryResult, 'columns' | 'rows'>, format: OutputFormat, style: TableStyle, query: string): void {
  const text = formatResult(r, format, style, query);
  if (format === 'table') writePaged(text, style);
  else process.stdout.write(text);
}
