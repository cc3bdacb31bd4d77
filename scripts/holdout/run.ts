// node --import tsx scripts/holdout/run.ts [--seed N]... [--users N] [--days N] [--json] [--keep]
// Generates a hold-out tenant per seed, replays the built-in T1021.007 pack over its whole span
// and prints per-rule alerts / TP / FP, recall per attack scenario and class, and false positives
// per benign class.
// node --import tsx scripts/holdout/run.ts --generate-only --out DIR [--seed N] [--users N] [--days N]
// writes the tenant (tables, labels.json, _watchlists/) to DIR and prints its summary.
import { parseArgs } from 'node:util';
import { scoreSeed, formatFigures } from './score.js';
import { generateHoldout } from './gen.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', multiple: true }, users: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' }, keep: { type: 'boolean' },
    'generate-only': { type: 'boolean' }, out: { type: 'string' },
  },
});
const seeds = (values.seed ?? ['1', '2', '3']).map(Number);
const users = Number(values.users ?? 300);
const days = Number(values.days ?? 30);
if (values['generate-only']) {
  if (!values.out) { process.stderr.write('run.ts: --generate-only needs --out DIR\n'); process.exit(2); }
  for (const seed of seeds) {
    const dir = seeds.length > 1 ? `${values.out}/seed-${seed}` : values.out;
    const t0 = Date.now();
    const l = generateHoldout(dir, seed, { users, days });
    process.stdout.write(`${dir}: seed ${seed}, ${l.totalRows} rows, ${l.scenarios.length} labels, ${Date.now() - t0} ms\n`);
  }
} else {
  for (const seed of seeds) {
    const f = await scoreSeed(seed, { users, days, keep: values.keep ?? false });
    process.stdout.write((values.json ? JSON.stringify(f) : formatFigures(f)) + '\n\n');
  }
}
