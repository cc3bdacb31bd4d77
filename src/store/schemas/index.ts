import type { ColumnSchema, TableSchema } from '../../kql/data/types.js';
import { normalizeTypeName } from '../../kql/data/types.js';
import type { Catalog } from '../../kql/api.js';
import { BUILTIN_COLUMNS } from './builtin.js';

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

/** A binder catalog of the built-in tables, optionally extended with user tables. */
export function builtinCatalog(extra?: Iterable<TableSchema>): Catalog {
  const tables = new Map(BUILTIN_TABLES);
  if (extra) for (const t of extra) tables.set(t.name, t);
  return { tables };
}

/** The time column of a known table (TimeGenerated, or Timestamp for the Defender flavour). */
export function timeColumnOf(schema: TableSchema): string | undefined {
  const names = schema.columns.map((c) => c.name);
  return names.includes('TimeGenerated') ? 'TimeGenerated' : names.includes('Timestamp') ? 'Timestamp' : undefined;
}
