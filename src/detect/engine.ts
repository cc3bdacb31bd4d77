import type { CheckOptions, CheckResult, ExecuteOptions, ExecuteOutcome } from '../kql/index.js';
import type { Ast, Catalog, Prepared, PrepareOptions, PrepareOutcome, WindowBatchPrepared } from '../kql/index.js';

/**
 * The engine as the detection runtime uses it (src/kql/api.ts contract), loaded from the engine's
 * barrel src/kql/index.ts. Loaded lazily so this layer builds and lints while the executor is
 * still being written; a missing `execute` fails at the first run, not at load.
 */
export interface Engine {
  check(text: string, opts?: CheckOptions): CheckResult;
  /**
   * `run`, when given, is the scheduled run this query is (its window [from, to) and now = to): a
   * remote engine (src/remote/) needs it to window the tables as `opts.tables` does locally.
   */
  execute(text: string, opts: ExecuteOptions, run?: ScheduledRun): ExecuteOutcome | Promise<ExecuteOutcome>;
  /** The syntax tree (used to plan window batching); optional. */
  parse?(text: string): { ast: Ast.Script; diagnostics: readonly { severity: string }[] };
  /**
   * Bind and plan a query once (the local engine): a replay prepares each rule's query once and
   * runs it per window with `run`. Optional: without them every run is an execute().
   */
  prepare?(text: string, catalog: Catalog, options?: PrepareOptions): PrepareOutcome;
  run?(prepared: Prepared, tables: ExecuteOptions['tables'], opts: Omit<ExecuteOptions, 'tables'>): ExecuteOutcome;
  /**
   * The window-batch rewrite of a prepared query's plan (one run for many disjoint windows, see
   * batch.ts); optional: without it every window is a run.
   */
  windowBatch?(prepared: Prepared, o: { readonly column: string; readonly timed: (table: string) => boolean }): WindowBatchPrepared | undefined;
}

/** One scheduled run of a rule: its window [from, to) in ticks. */
export interface ScheduledRun { readonly from: number; readonly to: number }

let cached: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  cached ??= (async () => {
    const spec = '../kql/index.js';
    let mod: Partial<Engine>;
    try { mod = (await import(spec)) as Partial<Engine>; } catch (e) {
      throw new Error(`the KQL engine is not available (src/kql/index.ts): ${(e as Error).message}`);
    }
    if (typeof mod.check !== 'function') throw new Error('the KQL engine does not export check()');
    const execute = typeof mod.execute === 'function' ? mod.execute.bind(mod) : (): never => { throw new Error('the KQL engine does not export execute() yet'); };
    const parse = typeof mod.parse === 'function' ? mod.parse.bind(mod) : undefined;
    const prepared = typeof mod.prepare === 'function' && typeof mod.run === 'function' ? { prepare: mod.prepare.bind(mod), run: mod.run.bind(mod) } : {};
    const batch = (mod as { prepareWindowBatch?: Engine['windowBatch'] }).prepareWindowBatch;
    return { check: mod.check.bind(mod), execute, parse, ...prepared, ...(typeof batch === 'function' ? { windowBatch: batch } : {}) };
  })();
  return cached;
}
