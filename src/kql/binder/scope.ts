/**
 * What the binder knows while it walks a query: tabular types (a row schema, possibly open),
 * the symbols in scope (let names, function parameters, catalog tables) and the current row.
 */
import type { ScalarType, ColumnSchema } from '../data/types.js';
import type { Lambda } from '../syntax/ast.js';

/** A scalar type, or `unknown` after an error or for columns of an open table (no cascading errors). */
export type BType = ScalarType | 'unknown';

export interface BColumn { readonly name: string; readonly type: BType }

/**
 * The row type of a tabular expression. `open` tables (plugin outputs, unknown functions, `*`
 * parameters) have columns we cannot know: unknown names resolve to type `unknown` without error.
 */
export interface TableType {
  readonly columns: readonly BColumn[];
  readonly open: boolean;
}

export const OPEN_TABLE: TableType = { columns: [], open: true };

export function table(columns: readonly BColumn[], open = false): TableType { return { columns, open }; }

export function findColumn(t: TableType, name: string): BColumn | undefined {
  return t.columns.find((c) => c.name === name);
}

/** Exported schema: unknown types are reported as dynamic. */
export function toSchema(t: TableType): ColumnSchema[] {
  return t.columns.map((c) => ({ name: c.name, type: c.type === 'unknown' ? 'dynamic' : c.type }));
}

/** A symbol bound by `let`, a function parameter, or `as`. */
export type LetSymbol =
  /** `value`: a function parameter's argument when the call passes a string literal (for `table(p)`). */
  | { readonly kind: 'scalar'; readonly type: BType; readonly value?: string }
  | { readonly kind: 'table'; readonly table: TableType }
  | { readonly kind: 'function'; readonly lambda: Lambda; readonly scope: Scope };

/** Lexical scope of let-bound names (a chain). Case-sensitive, like Kusto. */
export class Scope {
  private readonly names = new Map<string, LetSymbol>();
  constructor(readonly parent?: Scope) {}
  set(name: string, sym: LetSymbol): void { this.names.set(name, sym); }
  get(name: string): LetSymbol | undefined { return this.names.get(name) ?? this.parent?.get(name); }
  /** Every visible name (for suggestions). */
  allNames(): string[] {
    const out = new Set<string>(this.parent ? this.parent.allNames() : []);
    for (const k of this.names.keys()) out.add(k);
    return [...out];
  }
}

/** Where an expression is bound: the scope, the current row, and join sides. */
export interface Env {
  readonly scope: Scope;
  /** The input row of the operator being bound (undefined outside operators). */
  readonly row?: TableType;
  /** Inside `join … on` / `lookup … on`. */
  readonly left?: TableType;
  readonly right?: TableType;
  /** Aggregate functions are allowed here (summarize, make-series…). */
  readonly aggregate?: boolean;
  /** The implicit input of a sub-query body (mv-apply, partition, fork, facet). */
  readonly implicit?: TableType;
}
