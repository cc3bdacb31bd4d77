// Golden KQL cases: one YAML file per case under test/kql/cases/ (format in golden.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/shared.js';
import { listCases, runCase } from './golden.js';

const dir = join(ROOT, 'test', 'kql', 'cases');
for (const file of listCases(dir)) {
  test(`kql case ${relative(dir, file)}`, () => {
    const diff = runCase(file);
    assert.equal(diff, undefined, diff);
  });
}
