/**
 * Differential slice against Microsoft's parser (@kusto/language-service-next, devDependency):
 * syntax verdicts on every 8th documentation query agree on at least 99%. The full run, with
 * output schemas, is `node --import tsx scripts/kql-differential.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../src/kql/syntax/parser.js';
import { SHARED, needsShared, ROOT } from '../../helpers/shared.js';
import { loadCorpus, loadMicrosoft } from '../../../scripts/kql-differential.js';

const msInstalled = existsSync(join(ROOT, 'node_modules', '@kusto', 'language-service-next', 'bridge.js'));

test('syntax verdicts agree with Microsoft\'s parser (sample)', needsShared.skip ? needsShared : { skip: msInstalled ? false : '@kusto/language-service-next is not installed: skipped' }, () => {
  const corpus = loadCorpus(SHARED!).filter((_, i) => i % 8 === 0);
  const ms = loadMicrosoft();
  let agree = 0;
  const dis: string[] = [];
  for (const q of corpus) {
    const ours = parse(q.query).diagnostics.some((d) => d.severity === 'error');
    const list = ms.KustoCode.Parse(q.query).GetDiagnostics();
    let theirs = false;
    for (let i = 0; i < list.Count; i++) if (String(list.getItem(i).Severity).toLowerCase() === 'error') theirs = true;
    if (ours === theirs) agree++; else dis.push(q.source);
  }
  const pct = (100 * agree) / corpus.length;
  assert.ok(pct >= 99, `agreement ${pct.toFixed(2)}% on ${corpus.length}; disagreements: ${dis.join(', ')}`);
});
