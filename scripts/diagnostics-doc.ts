/**
 * Writes the code tables of docs/diagnostics.md from the one catalog (src/kql/diagnostics/catalog.ts
 * CODES), between the `<!-- codes:begin -->` and `<!-- codes:end -->` markers:
 *   node --import tsx scripts/diagnostics-doc.ts
 * test/kql/frontend/diagnostics-catalog.test.ts fails when the docs and the catalog differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODES, type CodeArea } from '../src/kql/index.js';

export const DOC = fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url));
const BEGIN = '<!-- codes:begin -->', END = '<!-- codes:end -->';

const AREAS: Record<CodeArea, string> = {
  syntax: 'Syntax (KQL0xx) — `parse`, `check --syntax-only`',
  binding: 'Binding (KQL1xx names, KQL2xx types and calls) — `check`',
  'run time': 'Run time (KQL5xx) — `query`, `hunt`, `detect`',
  'rule pack': 'Rule files (RULE) — `lint-rules`, `detect`, `test-rules`',
  'rule tests': 'Rule tests (TEST) — `test-rules`, `lint-rules`',
  functions: 'Stored function files (FUNC) — `--functions DIR`',
  watchlists: 'Watchlists (WL) — `--watchlists DIR`',
  export: 'Export to Sentinel (EXP) — `export`',
  cli: 'Command-line usage (CLI, exit status 2)',
};

/** The generated part of docs/diagnostics.md. */
export function codeTables(): string {
  const out: string[] = [];
  for (const [area, heading] of Object.entries(AREAS) as [CodeArea, string][]) {
    out.push(`### ${heading}`, '', '| code | problem |', '|---|---|');
    for (const e of CODES.filter((x) => x.area === area)) out.push(`| ${e.code} | ${e.title.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The docs text with the generated part replaced. */
export function withCodeTables(doc: string): string {
  const a = doc.indexOf(BEGIN), b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${DOC}: the ${BEGIN} … ${END} markers are missing`);
  return `${doc.slice(0, a + BEGIN.length)}\n${codeTables()}${doc.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC, withCodeTables(readFileSync(DOC, 'utf8')));
  process.stdout.write(`${DOC}: ${CODES.length} codes\n`);
}
