/** Every KQL query of docs/T1021.007: ```kql blocks of the Markdown files and the hunts' `query:`. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../helpers/shared.js';

export interface DocQuery { readonly where: string; readonly query: string }

const DOCS = join(ROOT, 'docs', 'T1021.007');

export function docQueries(): DocQuery[] {
  const out: DocQuery[] = [];
  for (const f of readdirSync(DOCS).filter((x) => x.endsWith('.md')).sort()) {
    const text = readFileSync(join(DOCS, f), 'utf8');
    const re = /^```kql\n([\s\S]*?)^```/gm;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const line = text.slice(0, m.index).split('\n').length + 1;
      out.push({ where: `docs/T1021.007/${f}:${line}`, query: m[1]! });
    }
  }
  const hunts = join(DOCS, 'hunting');
  if (existsSync(hunts)) {
    for (const f of readdirSync(hunts).filter((x) => /\.(ya?ml|kql)$/.test(x)).sort()) {
      const text = readFileSync(join(hunts, f), 'utf8');
      const query = f.endsWith('.kql') ? text : String((parseYaml(text) as { query?: unknown }).query ?? '');
      out.push({ where: `docs/T1021.007/hunting/${f}`, query });
    }
  }
  return out;
}
