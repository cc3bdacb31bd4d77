/**
 * `detect --engine adx|loganalytics`: the replay of src/detect (schedules, suppression, dedupe,
 * alerts, incidents) with each run of a rule executed remotely (engine.ts).
 */
import { runDetections, loadEngine, type DetectionResult, type Rule } from '../detect/index.js';
import { connect, type RemoteTarget } from './client.js';
import { discoverRemote, RemoteEngine, RemoteUnavailable } from './engine.js';

export async function runRemoteDetections(target: RemoteTarget, o: { rules: readonly Rule[]; from?: number; to?: number }): Promise<{ ok: true; result: DetectionResult } | { ok: false; message: string }> {
  const conn = await connect(target);
  try {
    const runnable = o.rules.filter((r) => r.enabled && r.kind !== 'Hunting');
    const found = await discoverRemote(conn, runnable);
    const engine = new RemoteEngine(conn, await loadEngine(), found, target.kind === 'loganalytics');
    const result = await runDetections({ tables: found.data.tables, data: found.data, engine, rules: o.rules, from: o.from, to: o.to, batchWindows: false });
    if (engine.fatal) return { ok: false, message: engine.fatal.message };
    return { ok: true, result };
  } catch (e) {
    if (e instanceof RemoteUnavailable) return { ok: false, message: e.message };
    throw e;
  } finally { conn.close(); }
}
