/**
 * One thread of the query pool (query-pool.ts): keeps the workspace open warm (workspace-source.ts:
 * reopened when a commit changes its manifest, one snapshot per job), runs one job at a time and
 * posts back the response body as bytes whose buffer is transferred (not copied, not cloned row by
 * row). The pool stops a job by setting the shared cancel cell the engine's governor reads (KQL506).
 *
 * Messages in: {id, job}. Out: {type: 'ready'} once the workspace and functions are loaded, or
 * {type: 'failed', message}; per job {id, status, body: Uint8Array}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WorkspaceSource } from './workspace-source.js';
import { kustoError } from './kusto-protocol.js';
import { laError } from './la-protocol.js';
import { answerQuery, type AnswerContext, type QueryJob } from './answer.js';

export interface WorkerInit {
  readonly workspace: string;
  /** `--functions` folders (stored functions, the pack's watchlists). */
  readonly functionsDirs: readonly string[];
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
  /** Element 0 non-zero: stop the running job. */
  readonly cancel: Int32Array;
}

const init = workerData as WorkerInit;
const port = parentPort!;

async function start(): Promise<void> {
  const source = new WorkspaceSource(init.workspace);
  await source.current();
  const { KNOWN_TABLES } = await import('../store/schemas/index.js');
  let cx: AnswerContext = { knownTables: KNOWN_TABLES, ...(init.timeoutMs !== undefined ? { timeoutMs: init.timeoutMs } : {}), ...(init.maxMemoryBytes !== undefined ? { maxMemoryBytes: init.maxMemoryBytes } : {}) };
  if (init.functionsDirs.length) {
    const { loadFunctionsOption } = await import('../cli/functions-option.js');
    const fo = await loadFunctionsOption(init.functionsDirs);
    cx = { ...cx, functions: fo.functions, ...(fo.watchlists ? { watchlists: fo.watchlists } : {}) };
  }
  const encoder = new TextEncoder();
  port.on('message', (m: { id: number; job: QueryJob }) => {
    void (async () => {
      let status: number, text: string;
      try {
        const snap = await source.snapshot();
        ({ status, body: text } = answerQuery(m.job, snap, cx, init.cancel));
      } catch (e) {
        // The workspace cannot be opened (a damaged manifest after a commit): the request's error.
        const msg = `the workspace cannot be read: ${(e as Error).message}`;
        status = 500; text = JSON.stringify(m.job.api === 'la' ? laError('InternalServerError', msg) : kustoError('InternalServiceError', 'Internal service error.', msg, 'request'));
      }
      const body = encoder.encode(text);
      port.postMessage({ id: m.id, status, body }, [body.buffer as ArrayBuffer]);
    })();
  });
  port.postMessage({ type: 'ready' });
}

start().catch((e: unknown) => { port.postMessage({ type: 'failed', message: (e as Error).message }); });
