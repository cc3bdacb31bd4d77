import type { ColumnSchema, TableSchema } from '../../kql/data.js';
import { normalizeTypeName } from '../../kql/data.js';
import type { Catalog } from '../../kql/index.js';
import { BUILTIN_COLUMNS } from './builtin.js';
import { CATALOG_COLUMNS } from './catalog.js';

/**
 * The known log tables. DeviceProcessEvents exists in two flavours: Sentinel's (TimeGenerated) and
 * Defender XDR advanced hunting's (Timestamp). The built-in schema carries both columns so a query
 * may name either; ingestion fills both from the one the source has.
 */
function build(): Map<string, TableSchema> {
  const m = new Map<string, TableSchema>();
  for (const [name, cols] of Object.entries(BUILTIN_COLUMNS)) {
    const columns: ColumnSchema[] = cols.map(([n, t, d]) => ({ name: n, type: normalizeTypeName(t) ?? 'string', description: d }));
    if (name === 'DeviceProcessEvents' && !columns.some((c) => c.name === 'Timestamp')) {
      const at = columns.findIndex((c) => c.name === 'TimeGenerated');
      columns.splice(at + 1, 0, { name: 'Timestamp', type: 'datetime', description: 'Date and time when the event was recorded (Defender XDR advanced hunting name of TimeGenerated).' });
    }
    m.set(name, { name, columns });
  }
  return m;
}

export const BUILTIN_TABLES: ReadonlyMap<string, TableSchema> = build();

/**
 * A binder catalog of every known table (built-in and catalog, built on first use), optionally
 * extended with user tables (which win on a name clash).
 */
export function builtinCatalog(extra?: Iterable<TableSchema>): Catalog {
  const own = new Map<string, TableSchema>();
  if (extra) for (const t of extra) own.set(t.name, t);
  if (own.size === 0) return { tables: KNOWN_TABLES };
  const names = (): string[] => [...new Set([...own.keys(), ...KNOWN_TABLES.keys()])];
  const get = (n: string): TableSchema | undefined => own.get(n) ?? KNOWN_TABLES.get(n);
  const tables: ReadonlyMap<string, TableSchema> = {
    get, has: (n: string) => own.has(n) || KNOWN_TABLES.has(n), get size() { return names().length; },
    keys: () => names()[Symbol.iterator](),
    *values() { for (const n of names()) yield get(n)!; },
    *entries() { for (const n of names()) yield [n, get(n)!] as [string, TableSchema]; },
    [Symbol.iterator]() { return this.entries(); },
    forEach(cb) { for (const n of names()) cb(get(n)!, n, tables); },
  } as ReadonlyMap<string, TableSchema>;
  return { tables };
}

/** The time column of a known table (TimeGenerated, or Timestamp for the Defender flavour). */
export function timeColumnOf(schema: TableSchema): string | undefined {
  const names = schema.columns.map((c) => c.name);
  return names.includes('TimeGenerated') ? 'TimeGenerated' : names.includes('Timestamp') ? 'Timestamp' : undefined;
}

/**
 * Every known table: the built-in ones above (with descriptions) and the catalog of every Log
 * Analytics / Sentinel / Defender XDR table (./catalog.ts, names and types). A table's schema is
 * built on first use, so a table no query names costs nothing. Table names are case-sensitive, as
 * in Kusto.
 */
class KnownTables implements ReadonlyMap<string, TableSchema> {
  private readonly built = new Map<string, TableSchema>();
  private names: string[] | undefined;
  get(name: string): TableSchema | undefined {
    const b = BUILTIN_TABLES.get(name);
    if (b) return b;
    let t = this.built.get(name);
    if (t) return t;
    if (!Object.prototype.hasOwnProperty.call(CATALOG_COLUMNS, name)) return undefined;
    const columns: ColumnSchema[] = CATALOG_COLUMNS[name]!.split(',').filter((c) => c !== '').map((c) => {
      const i = c.indexOf(':');
      return { name: c.slice(0, i), type: normalizeTypeName(c.slice(i + 1)) ?? 'string' };
    });
    t = { name, columns };
    this.built.set(name, t);
    return t;
  }
  has(name: string): boolean { return BUILTIN_TABLES.has(name) || Object.prototype.hasOwnProperty.call(CATALOG_COLUMNS, name); }
  private allNames(): string[] {
    this.names ??= [...new Set([...BUILTIN_TABLES.keys(), ...Object.keys(CATALOG_COLUMNS)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.names;
  }
  get size(): number { return this.allNames().length; }
  keys(): MapIterator<string> { return this.allNames()[Symbol.iterator]() as MapIterator<string>; }
  *values(): MapIterator<TableSchema> { for (const n of this.allNames()) yield this.get(n)!; }
  *entries(): MapIterator<[string, TableSchema]> { for (const n of this.allNames()) yield [n, this.get(n)!]; }
  [Symbol.iterator](): MapIterator<[string, TableSchema]> { return this.entries(); }
  forEach(cb: (v: TableSchema, k: string, m: ReadonlyMap<string, TableSchema>) => void): void { for (const [k, v] of this.entries()) cb(v, k, this); }
}

export const KNOWN_TABLES: ReadonlyMap<string, TableSchema> = new KnownTables();

/** The schema of a known table (built-in or catalog), or undefined. */
export function knownTableSchema(name: string): TableSchema | undefined { return KNOWN_TABLES.get(name); }
