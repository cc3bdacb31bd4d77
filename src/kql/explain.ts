/**
 * explain(query): the query plan as indented text, one operator per line, the consumer above its
 * input (the last operator of a pipe is the root), after the planner's rewrites (filter before
 * extend with the extend items the filter reads written into it, extend items no consumer reads
 * left out, `sort | take` as a top-n). Sub-plans (join/lookup right sides, union
 * legs, mv-apply bodies, let-bound tables) appear as further children. Expressions print as their
 * source text (whitespace collapsed), so the plan reads like the query, inside out.
 *
 *     Sort by=[TimeGenerated desc nulls last]
 *       Union kind=outer
 *         Project [Timestamp, DeviceName, …]
 *           …
 */
import type { Diagnostic } from './api.js';
import { parse } from './syntax/parser.js';
import type * as A from './syntax/ast.js';
import { planFilterFirst, inlinedPredicateText, neededBelow } from './exec/pushdown.js';
import { describeRequest, intersectRanges, rangesBelow, timeRangesOf, type Fold } from './exec/scan-request.js';
import { termFiltersOf, termsBelow } from './exec/term-filters.js';
import type { TermFilter } from './scan.js';
import type { Value } from './data/types.js';
import type { TimeRange } from './scan.js';
import { makeContext } from './execute.js';
import { Env } from './exec/context.js';
import { Runner } from './exec/run.js';
import { bindLet } from './exec/expr.js';
import { formatDatetime } from './data/convert.js';

/**
 * `scan`: also print, on each table reference, the ScanRequest the executor gives it (src/kql/scan.ts:
 * the columns it reads and the time ranges of the `where`s above it, constants folded with `now`,
 * ticks; default the wall clock).
 */
export interface ExplainOptions { readonly scan?: boolean; readonly now?: number }

export type ExplainOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function explain(query: string, opts: ExplainOptions = {}): ExplainOutcome {
  const p = parse(query);
  if (p.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: p.diagnostics };
  let fold: Fold = () => undefined;
  if (opts.scan) {
    const env = new Env();
    for (const st of p.ast.statements) if (st.kind === 'LetStmt') { try { bindLet(st, env); } catch { /* not a constant */ } }
    fold = new Runner(makeContext(query, { tables: new Map(), ...(opts.now !== undefined ? { now: opts.now } : {}) }), env).folder(env);
  }
  const constantOf = (x: A.Expr): Value | undefined => fold(x)?.value;
  const lines: string[] = [];
  const src = (n: { start: number; end: number }): string => query.slice(n.start, n.end).replace(/\/\/[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  const lets = new Map<string, A.Expr>();
  const params = (ps: readonly A.OpParam[]): string => ps.map((x) => ` ${x.name}=${src(x.value)}`).join('');
  const items = (xs: readonly { start: number; end: number }[]): string => `[${xs.map(src).join(', ')}]`;

  // `needed`: the columns the consumer reads (as the executor prunes them; undefined = all).
  // `time`: the ranges that hold on this node's rows (exec/scan-request.ts), as the executor derives them.
  // `terms`: the term filters that hold on them (exec/term-filters.ts), likewise.
  const node = (e: A.Expr | A.Operator, depth: number, input?: A.Expr, needed?: ReadonlySet<string>, time: readonly TimeRange[] = [], terms: readonly TermFilter[] = []): void => {
    const pad = '  '.repeat(depth);
    const emit = (s: string): void => { lines.push(pad + s); };
    const child = (x: A.Expr | A.Operator): void => node(x, depth + 1);
    const withInput = (): void => { if (input) node(input, depth + 1, undefined, neededBelow(e as A.Operator, needed), opts.scan ? rangesBelow(e as A.Operator, time, fold) : [], opts.scan ? termsBelow(e as A.Operator, terms, constantOf) : []); };
    switch (e.kind) {
      case 'Pipe': {
        // Show the plan as executed: the planner's rewrites (exec/pushdown.ts, exec/run.ts).
        const ff = planFilterFirst(e, needed);
        if (ff) {
          let d = depth;
          if (ff.rest.length) { lines.push('  '.repeat(d) + `Extend ${items(ff.rest)} (after the filter)`); d++; }
          lines.push('  '.repeat(d) + `Filter ${inlinedPredicateText(ff, src)}`); d++;
          const defined = new Set(ff.items.map((i) => i.name));
          node(ff.base, d, undefined, ff.baseNeeded, opts.scan ? intersectRanges([...time.filter((x) => !defined.has(x.column)), ...timeRangesOf(ff.where.predicate, fold)]) : [],
            opts.scan ? [...terms.filter((x) => !defined.has(x.column)), ...termFiltersOf(ff.where.predicate, constantOf)] : []);
          return;
        }
        if (e.operator.kind === 'Take' && e.source.kind === 'Pipe' && e.source.operator.kind === 'Sort') {
          emit(`TopN n=${src(e.operator.count)} by=[${e.source.operator.items.map((i) => sortText(i, src)).join(', ')}] (sort | take)`);
          node(e.source.source, depth + 1, undefined, neededBelow(e.source.operator, needed));
          return;
        }
        node(e.operator, depth, e.source, needed, time, terms);
        return;
      }
      case 'Name': {
        if (lets.has(e.name)) { emit(`Let ${e.name}`); child(lets.get(e.name)!); }
        else emit(`Table ${e.name}${opts.scan ? ` scan: ${describeRequest({ ...(needed ? { columns: needed } : {}), time, terms }, formatDatetime)}` : ''}`);
        return;
      }
      case 'ImplicitSource': emit('Input (implicit)'); return;
      case 'Call': emit(`Call ${src(e)}`); return;
      case 'Where': emit(`Filter ${src(e.predicate)}`); withInput(); return;
      case 'Extend': emit(`Extend ${items(e.items)}`); withInput(); return;
      case 'Project': emit(`Project ${items(e.items)}`); withInput(); return;
      case 'ProjectAway': emit(`ProjectAway ${items(e.columns)}`); withInput(); return;
      case 'ProjectKeep': emit(`ProjectKeep ${items(e.columns)}`); withInput(); return;
      case 'ProjectRename': emit(`ProjectRename ${items(e.items)}`); withInput(); return;
      case 'ProjectReorder': emit(`ProjectReorder ${items(e.items.map((i) => i.column))}`); withInput(); return;
      case 'Summarize': emit(`Aggregate aggs=${items(e.aggregates)} by=${items(e.by)}${params(e.params)}`); withInput(); return;
      case 'Join': emit(`HashJoin${params(e.params)}${e.params.some((x) => x.name === 'kind') ? '' : ' kind=innerunique'} on=${items(e.on)}`); withInput(); child(e.right); return;
      case 'Lookup': emit(`Lookup${params(e.params)}${e.params.some((x) => x.name === 'kind') ? '' : ' kind=leftouter'} on=${items(e.on)}`); withInput(); child(e.right); return;
      case 'Union': {
        emit(`Union${params(e.params)}${e.params.some((x) => x.name === 'kind') ? '' : ' kind=outer'}`);
        withInput();
        for (const t of e.tables) { if (t.kind === 'NamePattern') lines.push('  '.repeat(depth + 1) + `Tables ${t.pattern}`); else child(t); }
        return;
      }
      case 'Sort': emit(`Sort by=[${e.items.map((i) => sortText(i, src)).join(', ')}]`); withInput(); return;
      case 'Top': emit(`TopN n=${src(e.count)} by=[${sortText(e.by, src)}]`); withInput(); return;
      case 'Take': emit(`Limit n=${src(e.count)}`); withInput(); return;
      case 'Distinct': emit(`Distinct ${items(e.items)}`); withInput(); return;
      case 'Count': emit('Count'); withInput(); return;
      case 'MvExpand': emit(`MvExpand ${items(e.items)}${params(e.params)}${e.limit ? ` limit=${src(e.limit)}` : ''}`); withInput(); return;
      case 'MvApply': emit(`MvApply ${items(e.items)}${params(e.params)}`); withInput(); child(e.body); return;
      case 'Parse': emit(`${e.where ? 'ParseWhere' : 'Parse'}${params(e.params)} ${src(e.source)} with ${items(e.pattern)}`); withInput(); return;
      case 'ParseKv': emit(`ParseKv ${src(e.source)} as ${items(e.columns)}`); withInput(); return;
      case 'Evaluate': emit(`Evaluate ${src(e.call)}`); withInput(); return;
      case 'MakeSeries': emit(`MakeSeries ${items(e.aggregates)} on=${src(e.on)} step=${src(e.step)} by=${items(e.by)}`); withInput(); return;
      case 'As': emit(`As ${e.name.name}`); withInput(); return;
      case 'Serialize': emit(`Serialize ${items(e.items)}`); withInput(); return;
      case 'Print': emit(`Print ${items(e.items)}`); return;
      case 'Range': emit(`Range ${e.column.name} from=${src(e.from)} to=${src(e.to)} step=${src(e.step)}`); return;
      case 'Datatable': emit(`Datatable ${items(e.columns)} rows=${e.columns.length ? Math.floor(e.values.length / e.columns.length) : 0}`); return;
      default: emit(`${e.kind} ${src(e).replace(/^[\w-]+\s*/, '')}`.trimEnd()); withInput(); return;
    }
  };

  for (const st of p.ast.statements) {
    if (st.kind === 'LetStmt' && st.value.kind !== 'Lambda') lets.set(st.name.name, st.value);
  }
  let last: A.QueryStmt | undefined;
  for (const st of p.ast.statements) if (st.kind === 'QueryStmt') last = st;
  if (!last) return { ok: true, text: '(no query)' };
  node(last.expr, 0);
  return { ok: true, text: lines.join('\n') };
}

function sortText(i: A.SortItem, src: (n: { start: number; end: number }) => string): string {
  const order = i.order ?? 'desc';
  const nulls = i.nulls ?? (order === 'asc' ? 'first' : 'last');
  return `${src(i.expr)} ${order} nulls ${nulls}`;
}
