/**
 * The text of one scheduled run of a rule, made self-contained for a remote engine, so that the
 * remote run sees what a local replay run sees (src/detect/replay.ts: every table sliced to the
 * window [from, to) of its time column, now() = the run time):
 *
 *   let __cloudhop_SigninLogs = SigninLogs | where TimeGenerated >= datetime(FROM) and TimeGenerated < datetime(TO);
 *   ...                                       one per remote table, references renamed to it
 *   let CloudhopNetworkContext = (lookback:timespan = 14d, ...) { body };   the rule's stored functions, inlined
 *   <the rule's query>
 *
 * with `now()` → `datetime(T)`, `ago(x)` → `(datetime(T) - (x))`, `now(x)` → `(datetime(T) + (x))`
 * in the query and the inlined bodies (Log Analytics has no per-request now; Kusto's `query_now`
 * request property is sent as well). Kusto resolves a `let` name before a table's, but a `let T =
 * T | ...` refers to itself, hence the renamed windows. Rewrites are by syntax-tree spans (the
 * engine's parser): a Name that is a column or a member is never touched, only table references.
 */
import { parse, syntaxNodes, type Ast, type StoredFunction } from '../kql/index.js';
import { formatDatetime } from '../kql/data.js';

export const WINDOW_PREFIX = '__cloudhop_';

export interface RemoteTableInfo { readonly name: string; readonly timeColumn?: string }

/** Edits of `text`: table names renamed, now()/ago() fixed to `now`. */
function rewrite(text: string, tables: ReadonlySet<string>, nowTicks: number): string {
  const parsed = parse(text);
  const edits: { start: number; end: number; text: string }[] = [];
  const skip = new Set<unknown>();
  const lit = `datetime(${formatDatetime(nowTicks)})`;
  for (const n of syntaxNodes(parsed.ast)) {
    // Names that are never table references: members, assigned column names, argument names, join sides' columns, let names.
    if (n.kind === 'Member') skip.add((n as unknown as Ast.Member).member);
    if (n.kind === 'ColumnItem') for (const x of (n as unknown as Ast.ColumnItem).names) skip.add(x);
    if (n.kind === 'NamedArg') skip.add((n as unknown as Ast.NamedArg).name);
    if (n.kind === 'JoinSideRef') skip.add((n as unknown as Ast.JoinSideRef).column);
    if (n.kind === 'LetStmt') skip.add((n as unknown as Ast.LetStmt).name);
    if (n.kind === 'Call') {
      const c = n as unknown as Ast.Call;
      skip.add(c.name);
      const fn = c.name.name;
      if (c.target || (fn !== 'now' && fn !== 'ago')) continue;
      if (fn === 'now' && c.args.length === 0) { edits.push({ start: c.start, end: c.end, text: lit }); continue; }
      if (c.args.length !== 1) continue;
      edits.push({ start: c.start, end: c.args[0]!.start, text: `(${lit} ${fn === 'ago' ? '-' : '+'} (` });
      edits.push({ start: c.args[0]!.end, end: c.end, text: '))' });
    }
  }
  for (const n of syntaxNodes(parsed.ast)) {
    if (n.kind !== 'Name' || skip.has(n)) continue;
    const x = n as unknown as Ast.Name;
    if (tables.has(x.name)) edits.push({ start: x.start, end: x.end, text: `${WINDOW_PREFIX}${x.name}` });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Functions in an order where each comes after those it calls (cycles keep their given order). */
function ordered(fns: readonly StoredFunction[]): StoredFunction[] {
  const out: StoredFunction[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byName = new Map(fns.map((f) => [f.name, f]));
  const visit = (f: StoredFunction): void => {
    if (state.has(f.name)) return;
    state.set(f.name, 'visiting');
    for (const g of fns) if (g !== f && new RegExp(`\\b${g.name}\\b`).test(f.body)) visit(byName.get(g.name)!);
    state.set(f.name, 'done');
    out.push(f);
  };
  for (const f of fns) visit(f);
  return out;
}

/**
 * `absent`: known tables the remote side does not have, with the datatable text of their empty
 * schema (locally a known table without data is empty, not an error).
 */
export function windowQuery(query: string, o: { tables: readonly RemoteTableInfo[]; absent?: ReadonlyMap<string, string>; functions?: readonly StoredFunction[]; from: number; to: number; now: number }): string {
  const names = new Set([...o.tables.map((t) => t.name), ...(o.absent?.keys() ?? [])]);
  const lines: string[] = [];
  for (const t of o.tables) {
    const where = t.timeColumn ? ` | where ${t.timeColumn} >= datetime(${formatDatetime(o.from)}) and ${t.timeColumn} < datetime(${formatDatetime(o.to)})` : '';
    lines.push(`let ${WINDOW_PREFIX}${t.name} = ${t.name}${where};`);
  }
  for (const [name, text] of o.absent ?? []) lines.push(`let ${WINDOW_PREFIX}${name} = ${text};`);
  for (const f of ordered(o.functions ?? [])) {
    lines.push(`let ${f.name} = (${f.parameters}) {\n${rewrite(f.body, names, o.now).trim().replace(/;\s*$/, '')}\n};`);
  }
  lines.push(rewrite(query, names, o.now));
  return lines.join('\n');
}
