/**
 * `serve --webhook URL`: each new incident is POSTed as JSON (`{"type": "incident.created",
 * "incident": {SecurityIncident row}, "alerts": [alert records]}`), one at a time in creation order.
 * A delivery that fails (a network error, a timeout, 408 / 429 / 5xx) is retried with exponential
 * backoff (base × 2^attempt, at most `attempts` tries); any other status ≥ 300 is not retried. The
 * queue is bounded (`maxQueue`, default 1000): an incident pushed while it is full is dropped, counted
 * in `stats().dropped` and said on stderr — never silently. Failed deliveries are counted and said too.
 */
export interface WebhookOptions {
  readonly maxQueue?: number;
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
  /** Where problems are said (default: stderr). */
  readonly log?: (line: string) => void;
}

export interface WebhookStats { delivered: number; failed: number; dropped: number; retries: number; queued: number }

export class Webhook {
  private readonly queue: { body: string; label: string }[] = [];
  private readonly st: WebhookStats = { delivered: 0, failed: 0, dropped: 0, retries: 0, queued: 0 };
  private busy: Promise<void> | undefined;
  private stopped = false;
  private readonly maxQueue: number;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;

  constructor(readonly url: string, o: WebhookOptions = {}) {
    this.maxQueue = o.maxQueue ?? 1000;
    this.attempts = o.attempts ?? 5;
    this.baseDelayMs = o.baseDelayMs ?? 500;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.log = o.log ?? ((l) => process.stderr.write(l + '\n'));
  }

  /** Queues one delivery; false (counted, said) when the queue is full or the webhook stopped. */
  push(payload: unknown, label: string): boolean {
    if (this.stopped || this.queue.length >= this.maxQueue) {
      this.st.dropped++;
      this.log(`cloudhop serve: webhook: ${label} dropped: ${this.stopped ? 'the server is stopping' : `the queue is full (${this.maxQueue} waiting)`}; ${this.st.dropped} dropped so far`);
      return false;
    }
    this.queue.push({ body: JSON.stringify(payload), label });
    this.st.queued = this.queue.length;
    this.busy ??= this.pump().finally(() => { this.busy = undefined; });
    return true;
  }

  stats(): WebhookStats { return { ...this.st, queued: this.queue.length }; }

  /** Waits until the queue is empty (or `ms` passed); then stops taking new deliveries. */
  async stop(ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (this.busy && Date.now() < until) await Promise.race([this.busy, sleep(Math.max(1, until - Date.now()))]);
    this.stopped = true;
    if (this.queue.length) this.log(`cloudhop serve: webhook: ${this.queue.length} incident(s) not delivered at stop`);
  }

  /** Resolves when the queue is empty. */
  async idle(): Promise<void> { while (this.busy) await this.busy; }

  private async pump(): Promise<void> {
    for (;;) {
      const job = this.queue.shift();
      if (!job) return;
      this.st.queued = this.queue.length;
      let last = '';
      let done = false;
      for (let attempt = 0; attempt < this.attempts && !done; attempt++) {
        if (attempt > 0) { this.st.retries++; await sleep(this.baseDelayMs * 2 ** (attempt - 1)); }
        try {
          const r = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: job.body, signal: AbortSignal.timeout(this.timeoutMs) });
          await r.arrayBuffer().catch(() => undefined);
          if (r.status < 300) { this.st.delivered++; done = true; break; }
          last = `HTTP ${r.status}`;
          if (!(r.status === 408 || r.status === 429 || r.status >= 500)) break;
        } catch (e) { last = (e as Error).message; }
      }
      if (!done) { this.st.failed++; this.log(`cloudhop serve: webhook: ${job.label} not delivered to ${this.url}: ${last}`); }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
