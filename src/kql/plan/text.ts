/**
 * A plan as indented text, one node per line, the consumer above its input (explain). Expressions
 * print as their source text (whitespace and comments collapsed), so the plan reads like the
 * query inside out; a predicate with extend items written into it shows them in parentheses, a
 * folded constant its value. Join right sides, union legs and let-bound tables are further children.
 */
import type * as A from '../syntax/ast.js';
import { inlinedPredicateText } from '../exec/pushdown.js';
import type { PlanNode, ScanNode } from './nodes.js';
import { FOLDED } from './rules/constant-folding.js';
import { syntheticText } from './synthetic.js';

export interface TextOptions {
  /** The query text the syntax nodes point into. */
  readonly query: string;
  /** The plan of a nested tabular expression (union legs, let-bound tables). */
  planOf(e: A.Expr): PlanNode | undefined;
  /** The tabular value of a `let` name (printed under the Scan of that name). */
  letOf(name: string): A.Expr | undefined;
  /** Extra text after a Scan (explain --scan: its ScanRequest). */
  scanText?(n: ScanNode): string;
}

export function planText(root: PlanNode, o: TextOptions): string {
  const lines: string[] = [];
  const src = (n: A.Span): string => syntheticText(n) ?? o.query.slice(n.start, n.end).replace(/\/\/[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  const hasFolded = (e: A.Expr): boolean => FOLDED.has(e) || (e.kind === 'Binary' && (hasFolded(e.left) || hasFolded(e.right))) || (e.kind === 'Call' && e.args.some(hasFolded));
  const expr = (e: A.Expr): string => {
    if (!hasFolded(e)) return src(e);
    if (e.kind === 'Literal') return e.text;
    if (e.kind === 'Binary') return `${expr(e.left)} ${e.op} ${expr(e.right)}`;
    if (e.kind === 'Call') return `${e.name.name}(${e.args.map(expr).join(', ')})`;
    return src(e);
  };
  const item = (it: A.ColumnItem): string => (hasFolded(it.expr) ? `${it.names.length ? `${it.names.length > 1 ? `(${it.names.map((n) => n.name).join(', ')})` : it.names[0]!.name} = ` : ''}${expr(it.expr)}` : src(it));
  const params = (ps: readonly A.OpParam[]): string => ps.map((x) => ` ${x.name}=${src(x.value)}`).join('');
  const items = (xs: readonly A.Span[]): string => `[${xs.map(src).join(', ')}]`;
  const sortText = (i: A.SortItem): string => {
    const order = i.order ?? 'desc';
    return `${src(i.expr)} ${order} nulls ${i.nulls ?? (order === 'asc' ? 'first' : 'last')}`;
  };
  const seenLets = new Set<string>();

  const node = (n: PlanNode, depth: number): void => {
    const emit = (s: string): void => { lines.push('  '.repeat(depth) + s); };
    const child = (c: PlanNode | undefined): void => { if (c) node(c, depth + 1); };
    const childExpr = (e: A.Expr): void => { const p = o.planOf(e); if (p) child(p); else lines.push('  '.repeat(depth + 1) + src(e)); };
    switch (n.kind) {
      case 'TableScan': {
        const letExpr = o.letOf(n.name.name);
        if (letExpr && !seenLets.has(n.name.name)) {
          emit(`Let ${n.name.name}`);
          seenLets.add(n.name.name);
          childExpr(letExpr);
          seenLets.delete(n.name.name);
          return;
        }
        emit(`Table ${n.name.name}${o.scanText ? ` scan: ${o.scanText(n)}` : ''}`);
        return;
      }
      case 'Call': emit(`Call ${src(n.call)}`); return;
      case 'Implicit': emit('Input (implicit)'); return;
      case 'Filter': emit(`Filter ${n.inlined ? inlinedPredicateText(n.op.predicate === n.predicate ? n.predicate : n.op.predicate, n.inlined, expr) : expr(n.predicate)}`); child(n.input); return;
      case 'Extend': emit(`Extend [${n.items.map(item).join(', ')}]${n.afterFilter ? ' (after the filter)' : ''}`); child(n.input); return;
      case 'Aggregate': emit(`Aggregate aggs=${items(n.op.aggregates)} by=${items(n.op.by)}${params(n.op.params)}`); child(n.input); return;
      case 'Join': emit(`HashJoin${params(n.op.params)}${n.op.params.some((x) => x.name === 'kind') ? '' : ' kind=innerunique'} on=${items(n.op.on)}`); child(n.input); child(n.right); return;
      case 'TopN': emit(`TopN n=${src(n.count)} by=[${n.by.map(sortText).join(', ')}]${n.op.kind === 'Take' ? ' (sort | take)' : ''}`); child(n.input); return;
      case 'Union':
        emit(`Union${params(n.op.params)}${n.op.params.some((x) => x.name === 'kind') ? '' : ' kind=outer'}`);
        child(n.input);
        for (const t of n.op.tables) { if (t.kind === 'NamePattern') lines.push('  '.repeat(depth + 1) + `Tables ${t.pattern}`); else childExpr(t); }
        return;
      case 'Evaluate': emit(`Evaluate ${src(n.op.call)}`); child(n.input); return;
      case 'Project': emit(`Project ${items(n.op.items)}`); child(n.input); return;
      case 'ProjectAway': emit(`ProjectAway ${items(n.op.columns)}`); child(n.input); return;
      case 'ProjectKeep': emit(`ProjectKeep ${items(n.op.columns)}`); child(n.input); return;
      case 'ProjectRename': emit(`ProjectRename ${items(n.op.items)}`); child(n.input); return;
      case 'ProjectReorder': emit(`ProjectReorder ${items(n.op.items.map((i) => i.column))}`); child(n.input); return;
      case 'Sort': emit(`Sort by=[${n.op.items.map(sortText).join(', ')}]`); child(n.input); return;
      case 'Take': emit(`Limit n=${src(n.op.count)}`); child(n.input); return;
      case 'Distinct': emit(`Distinct ${items(n.op.items)}`); child(n.input); return;
      case 'Count': emit('Count'); child(n.input); return;
      case 'MvExpand': emit(`MvExpand ${items(n.op.items)}${params(n.op.params)}${n.op.limit ? ` limit=${src(n.op.limit)}` : ''}`); child(n.input); return;
      case 'MvApply': emit(`MvApply ${items(n.op.items)}${params(n.op.params)}`); child(n.input); childExpr(n.op.body); return;
      case 'Parse': emit(`${n.op.where ? 'ParseWhere' : 'Parse'}${params(n.op.params)} ${src(n.op.source)} with ${items(n.op.pattern)}`); child(n.input); return;
      case 'ParseKv': emit(`ParseKv ${src(n.op.source)} as ${items(n.op.columns)}`); child(n.input); return;
      case 'MakeSeries': emit(`MakeSeries ${items(n.op.aggregates)} on=${src(n.op.on)} step=${src(n.op.step)} by=${items(n.op.by)}`); child(n.input); return;
      case 'As': emit(`As ${n.op.name.name}`); child(n.input); return;
      case 'Serialize': emit(`Serialize ${items(n.op.items)}`); child(n.input); return;
      case 'Print': emit(`Print ${items(n.op.items)}`); return;
      case 'Range': emit(`Range ${n.op.column.name} from=${src(n.op.from)} to=${src(n.op.to)} step=${src(n.op.step)}`); return;
      case 'Datatable': emit(`Datatable ${items(n.op.columns)} rows=${n.op.columns.length ? Math.floor(n.op.values.length / n.op.columns.length) : 0}`); return;
      default: emit(`${n.kind} ${src(n.op).replace(/^[\w-]+\s*/, '')}`.trimEnd()); child(n.input); return;
    }
  };
  node(root, 0);
  return lines.join('\n');
}
