/**
 * `ingestion_time()` (ingestiontime-function.md): the time a record was ingested, null for a table
 * without the IngestionTime policy. A cloudhop workspace keeps no per-record ingestion time (the
 * manifest records only when each commit happened, and compaction merges the segments of several
 * commits), so every table here is one without that policy: the value is null, as Kusto gives
 * there, and the result carries a warning saying so (never a silent null). `where ingestion_time()
 * > ago(1h)` therefore keeps no row; filter on the table's own time column (TimeGenerated,
 * Timestamp) instead.
 */
import { constant, registerSpecial } from './expr.js';
import { EXEC_CODES, fail } from './context.js';

export const INGESTION_TIME_WARNING = 'ingestion_time() is null: this workspace records no per-record ingestion time (as a Kusto table without the IngestionTime policy); filter on the table\'s time column instead';

registerSpecial('ingestion_time', (e, s) => {
  if (e.args.length) return fail(EXEC_CODES.badArgument, 'ingestion_time() takes no argument', e);
  if (!s.ctx.warnings.includes(INGESTION_TIME_WARNING)) s.ctx.warnings.push(INGESTION_TIME_WARNING);
  return constant('datetime', null);
});
