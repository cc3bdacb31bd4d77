/** The optimizer's rules, in the order they run (one file each; see ../README.md). */
import type { OptimizerRule } from './rule.js';
import { constantFolding } from './constant-folding.js';
import { topn } from './topn.js';
import { filterPushdown } from './filter-pushdown.js';
import { columnPruning } from './column-pruning.js';
import { timeRange } from './time-range.js';

export type { OptimizerRule } from './rule.js';

export const RULES: readonly OptimizerRule[] = [constantFolding, topn, filterPushdown, columnPruning, timeRange];
