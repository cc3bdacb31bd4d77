/**
 * `detect`'s short-history warning: a rule looks back queryPeriod (14 days for the pack's
 * first-seen and baseline rules); when the data of the tables the rule needs
 * (requiredDataConnectors) spans less than that, the rule compares with less history than it was
 * written for: "new" networks, apps or countries are new only relative to those days. One warning
 * line per lookback length, naming the rules (at most three, then a count).
 */
import type { Table } from '../kql/data.js';
import { formatDatetime } from '../kql/data.js';
import { requiredTables, type Rule } from '../detect/rule.js';
import { tableSpan, type TableSpan } from './hints.js';

const TICKS_PER_DAY = 864_000_000_000;
const days = (ticks: number): string => {
  const d = ticks / TICKS_PER_DAY;
  return d >= 1 ? `${Number(d.toFixed(1))} day${d === 1 ? '' : 's'}` : `${Number((d * 24).toFixed(1))} hours`;
};

export function historyWarnings(tables: Map<string, Table>, rules: readonly Pick<Rule, 'name' | 'queryPeriod' | 'requiredDataConnectors'>[], _from?: number, _to?: number): string[] {
  const spans = new Map<string, TableSpan | undefined>();
  const spanOf = (t: string): TableSpan | undefined => {
    if (!spans.has(t)) spans.set(t, tables.has(t) ? tableSpan(tables, t) : undefined);
    return spans.get(t);
  };
  // lookback (ticks) -> rules short of it, with the longest history any of their tables has
  const short = new Map<number, { names: string[]; history: number; first: number; last: number }>();
  for (const r of rules) {
    const s = requiredTables(r).map(spanOf).filter((x): x is TableSpan => !!x && x.rows > 0);
    if (!s.length) continue;
    const best = s.reduce((a, b) => (b.last - b.first > a.last - a.first ? b : a));
    const history = best.last - best.first;
    if (history >= r.queryPeriod - TICKS_PER_DAY / 24) continue; // an hour of slack: whole days of data end at 23:59
    const g = short.get(r.queryPeriod) ?? { names: [], history, first: best.first, last: best.last };
    g.names.push(r.name);
    if (history > g.history) Object.assign(g, { history, first: best.first, last: best.last });
    short.set(r.queryPeriod, g);
  }
  return [...short].sort((a, b) => b[0] - a[0]).map(([lookback, g]) => {
    const names = g.names.length <= 3 ? g.names.join('; ') : `${g.names.slice(0, 3).join('; ')} and ${g.names.length - 3} more`;
    return `the data spans ${days(g.history)} (${formatDatetime(g.first).slice(0, 10)}..${formatDatetime(g.last).slice(0, 10)}), less than the ${days(lookback)} lookback (queryPeriod) of ${g.names.length} rule(s): ${names}; their baselines see only that history, so first-seen logic may fire on, or miss, ordinary activity (give at least ${days(lookback)} of data)`;
  });
}
