// node --import tsx scripts/holdout/run.ts [--seed N]... [--users N] [--json] [--keep]
// Generates a hold-out tenant per seed, replays the built-in T1021.007 pack over its attack day
// (14 days of history visible) and prints per-rule alerts / TP / FP, recall per attack and precision.
import { parseArgs } from 'node:util';
import { scoreSeed, formatFigures } from './score.js';

const { values } = parseArgs({
  options: { seed: { type: 'string', multiple: true }, users: { type: 'string' }, json: { type: 'boolean' }, keep: { type: 'boolean' } },
});
const seeds = (values.seed ?? ['1', '2', '3']).map(Number);
const users = Number(values.users ?? 300);
for (const seed of seeds) {
  const f = await scoreSeed(seed, users, values.keep ?? false);
  process.stdout.write((values.json ? JSON.stringify(f) : formatFigures(f)) + '\n\n');
}
