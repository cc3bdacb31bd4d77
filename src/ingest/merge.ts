/**
 * Merging the pieces of one table that were read apart (worker ranges, flushed pieces): one shared
 * dictionary per string column, then one table. A column nobody wrote in any piece stays the
 * shared empty column (src/store/empty.ts): giving it a dictionary would make concatenation copy
 * a code per row for each such column (a DeviceProcessEvents export fills 15 of its 75 columns).
 */
import type { Table } from '../kql/data.js';
import { concatTables, unifyDictionaries } from '../store/concat.js';
import { emptyColumn, isEmptyColumn } from '../store/empty.js';

/** The pieces with one dictionary per string column; columns empty in every piece are left as they are. */
export function unifyPieces(parts: readonly Table[]): Table[] {
  if (parts.length < 2) return [...parts];
  const empty = new Set<string>();
  for (const f of parts[0]!.fields) if (isEmptyColumn(f.column)) empty.add(f.name);
  for (const t of parts) for (const f of t.fields) if (!isEmptyColumn(f.column)) empty.delete(f.name);
  if (empty.size === 0) return unifyDictionaries(parts);
  const stripped = parts.map((t) => ({ name: t.name, rowCount: t.rowCount, fields: t.fields.filter((f) => !empty.has(f.name)) }));
  const unified = unifyDictionaries(stripped);
  return parts.map((t, i) => {
    const byName = new Map(unified[i]!.fields.map((f) => [f.name, f]));
    return { name: t.name, rowCount: t.rowCount, fields: t.fields.map((f) => empty.has(f.name) ? f : byName.get(f.name)!) };
  });
}

/** One table from its pieces (in order). */
export function mergePieces(name: string, parts: readonly Table[]): Table {
  return concatTables(name, parts, isEmptyColumn, emptyColumn);
}
