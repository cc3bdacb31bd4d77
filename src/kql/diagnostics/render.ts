/**
 * Text rendering of diagnostics, as the CLI prints them:
 *
 *     rule.kql:3:9: error KQL100: Unknown column or variable 'Acount'. Did you mean 'Account'?
 *         | where Acount == "x"
 *                 ^~~~~~
 */
import type { Diagnostic } from '../api.js';
import { LineMap } from './make.js';

export function renderDiagnostic(source: string, text: string, d: Diagnostic, map = new LineMap(text)): string {
  const lineText = map.lineText(d.line);
  const expanded = lineText.replace(/\t/g, ' ');
  const caretCol = d.col - 1;
  const width = Math.max(1, Math.min(d.length, expanded.length - caretCol));
  const caret = ' '.repeat(Math.max(0, caretCol)) + '^' + '~'.repeat(Math.max(0, width - 1));
  return `${source}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}\n    ${expanded}\n    ${caret}`;
}

export function renderDiagnostics(source: string, text: string, ds: readonly Diagnostic[]): string {
  const map = new LineMap(text);
  return ds.map((d) => renderDiagnostic(source, text, d, map)).join('\n');
}
