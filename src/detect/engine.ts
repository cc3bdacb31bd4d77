import type { CheckOptions, CheckResult, ExecuteOptions, ExecuteOutcome } from '../kql/api.js';

/**
 * The engine as the detection runtime uses it (src/kql/api.ts contract). Loaded lazily so the
 * runtime builds while the engine is written in parallel; once src/kql/index.ts exists this is a
 * plain import of its `check` and `execute`.
 */
export interface Engine {
  check(text: string, opts?: CheckOptions): CheckResult;
  execute(text: string, opts: ExecuteOptions): ExecuteOutcome | Promise<ExecuteOutcome>;
}

let cached: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  cached ??= (async () => {
    const spec = '../kql/index.js';
    let mod: Partial<Engine>;
    try { mod = (await import(spec)) as Partial<Engine>; } catch (e) {
      throw new Error(`the KQL engine is not available (src/kql/index.ts): ${(e as Error).message}`);
    }
    if (typeof mod.check !== 'function' || typeof mod.execute !== 'function') throw new Error('the KQL engine does not export check() and execute() yet');
    return { check: mod.check.bind(mod), execute: mod.execute.bind(mod) };
  })();
  return cached;
}
