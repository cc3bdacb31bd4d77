/**
 * Continuous detection inside `cloudhop serve --rules DIR` (issue 17 item 5): the rule pack run on
 * its schedules against a clock (clock.ts) over the workspace as committed so far, by the replay's
 * own code (src/detect/continuous.ts → replay.ts replayRule, incidents.ts groupIncidents). Alerts
 * and incidents are appended to the workspace as `SecurityAlert` / `SecurityIncident`
 * (incident-log.ts) through the server's one writer, so they survive a restart and every API can
 * query them; each new incident goes to the webhook (webhook.ts) when one is set.
 *
 * Off the request path: a timer checks every `pollMs` whether a run is due; due runs execute one rule
 * at a time, yielding to the event loop between rules (setImmediate), so a query waits at most for
 * one rule's run (the engine is synchronous: a rule's run itself is not interruptible). One tick at a
 * time: a tick still running when the next check comes is not doubled.
 *
 * Routes (bearer token as every route):
 *   GET  /v1/detection/status   clock, per rule: schedule, last / next run, runs, alerts, errors;
 *                               totals; webhook figures
 *   POST /v1/detection/clock    {"now": "<ISO>"}: a manual clock moves to now (never back) and the
 *                               runs due are executed before the answer (the status); 409 with
 *                               another clock
 */
import type { FastifyInstance } from 'fastify';
import { formatDatetime, parseIsoDatetime } from '../kql/data.js';
import type { WatchlistProvider } from '../kql/index.js';
import type { Rule } from '../detect/rule.js';
import type { Engine } from '../detect/engine.js';
import type { Alert } from '../detect/alert.js';
import { ContinuousDetection, type RuleStatus } from '../detect/continuous.js';
import type { Clock } from './clock.js';
import type { Webhook, WebhookStats } from './webhook.js';
import type { Snapshot } from './server.js';
import type { WorkspaceWriter } from './workspace-writer.js';
import { incidentJson, incidentLog, type IncidentLog } from './incident-log.js';

export interface DetectionServiceOptions {
  readonly rules: readonly Rule[];
  readonly engine: Engine;
  readonly clock: Clock;
  readonly writer: WorkspaceWriter;
  /** The workspace as committed now (workspace-source.ts). */
  readonly tables: () => Promise<Snapshot>;
  readonly watchlists?: WatchlistProvider;
  readonly webhook?: Webhook;
  readonly limits?: { readonly timeoutMs?: number; readonly maxMemoryBytes?: number };
  /** How often the timer checks for due runs (default 250 ms). */
  readonly pollMs?: number;
  /** Where run errors are said (default stderr). */
  readonly log?: (line: string) => void;
}

export interface DetectionStatus {
  readonly clock: { readonly kind: string; readonly now: string; readonly speed: number };
  readonly rules: RuleStatus[];
  readonly alerts: number;
  readonly incidents: number;
  readonly ticks: number;
  readonly lastTick?: { readonly at: string; readonly runs: number; readonly alerts: number; readonly newIncidents: number; readonly ms: number };
  readonly webhook?: WebhookStats & { readonly url: string };
  /** The last failure to persist (the workspace could not be written); runs continue. */
  readonly lastError?: string;
}

export class DetectionService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private ticks = 0;
  private lastTick: DetectionStatus['lastTick'];
  private incidentCount = 0;
  private lastError: string | undefined;
  private readonly log: (line: string) => void;
  private readonly reported = new Map<string, number>();

  private constructor(private readonly o: DetectionServiceOptions, private readonly det: ContinuousDetection, private readonly incidents: IncidentLog) {
    this.log = o.log ?? ((l) => process.stderr.write(l + '\n'));
  }

  /** Reads the alerts persisted before (a restart) and schedules every rule from the clock's now. */
  static async create(o: DetectionServiceOptions): Promise<DetectionService> {
    const log = incidentLog(o.writer);
    const earlier = await log.persistedAlerts();
    const det = new ContinuousDetection({
      rules: o.rules, engine: o.engine, start: o.clock.now(), earlier,
      ...(o.watchlists ? { watchlists: o.watchlists } : {}), ...(o.limits ? { limits: o.limits } : {}),
      between: () => new Promise((r) => setImmediate(r)),
    });
    const s = new DetectionService(o, det, log);
    s.incidentCount = (await log.incidents()).length;
    return s;
  }

  /** Starts the timer. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.runDue(); }, this.o.pollMs ?? 250);
    this.timer.unref();
  }

  /** Runs what is due now (waits for a tick in progress first); resolves when done. */
  async runDue(): Promise<void> {
    if (this.running) { await this.running; }
    const due = this.det.nextDue();
    if (due === undefined || due > this.o.clock.now()) return;
    this.running = this.tick().finally(() => { this.running = undefined; });
    await this.running;
  }

  private async tick(): Promise<void> {
    const started = performance.now();
    const now = this.o.clock.now();
    const snap = await this.o.tables();
    const r = await this.det.tick(now, snap.tables);
    for (const s of this.det.status()) {
      // Each rule's errors are said once per new error count (not on every tick).
      if (s.errorCount > (this.reported.get(s.ruleId) ?? 0) && s.lastError) { this.log(`cloudhop serve: detection: ${s.lastError}`); this.reported.set(s.ruleId, s.errorCount); }
    }
    let created = 0;
    if (r.alerts.length) {
      const desc = new Map(this.det.alerts().map((a) => [a.alertId, a.description] as const));
      try {
        const out = await this.incidents.record(r.alerts.map((x) => ({ alert: x.alert, ctx: { processed: now, resultCount: x.resultCount, window: x.window } })), r.incidents, desc, now);
        created = out.created.length;
        this.incidentCount += created;
        if (this.o.webhook) {
          const byIncident = new Map<string, Alert[]>();
          for (const x of r.alerts) if (x.alert.incidentId) { const l = byIncident.get(x.alert.incidentId) ?? []; l.push(x.alert); byIncident.set(x.alert.incidentId, l); }
          for (const row of out.created) this.o.webhook.push({ type: 'incident.created', incident: incidentJson(row), alerts: byIncident.get(String(row.IncidentName)) ?? [] }, `incident ${String(row.IncidentNumber)}`);
        }
      } catch (e) {
        this.lastError = `${formatDatetime(now)}: alerts not persisted: ${(e as Error).message}`;
        this.log(`cloudhop serve: detection: ${this.lastError}`);
      }
    }
    this.ticks++;
    this.lastTick = { at: formatDatetime(now), runs: r.runs, alerts: r.alerts.length, newIncidents: created, ms: Math.round(performance.now() - started) };
  }

  status(): DetectionStatus {
    const w = this.o.webhook;
    return {
      clock: { kind: this.o.clock.kind, now: formatDatetime(this.o.clock.now()), speed: this.o.clock.speed },
      rules: this.det.status(), alerts: this.det.alerts().length, incidents: this.incidentCount, ticks: this.ticks,
      ...(this.lastTick ? { lastTick: this.lastTick } : {}), ...(w ? { webhook: { url: w.url, ...w.stats() } } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** The routes of detection (status, the manual clock). */
  routes(app: FastifyInstance): void {
    app.get('/v1/detection/status', async (_req, reply) => { await reply.code(200).send(this.status()); });
    app.post('/v1/detection/clock', async (req, reply) => {
      const clock = this.o.clock;
      if (!clock.set) { await reply.code(409).send({ error: { code: 'Conflict', message: `the clock is ${clock.describe()}: only --clock manual moves through this route` } }); return; }
      let body: unknown;
      try { body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '')); } catch { body = undefined; }
      const now = typeof body === 'object' && body !== null ? (body as { now?: unknown }).now : undefined;
      const t = typeof now === 'string' ? parseIsoDatetime(now) : null;
      if (t === null) { await reply.code(400).send({ error: { code: 'BadArgument', message: 'the body must be {"now": "<ISO 8601 time>"}' } }); return; }
      if (t < clock.now()) { await reply.code(400).send({ error: { code: 'BadArgument', message: `the clock does not go back: it is ${formatDatetime(clock.now())}, asked ${formatDatetime(t)}` } }); return; }
      clock.set(t);
      await this.runDue();
      await reply.code(200).send(this.status());
    });
  }

  /** Stops the timer and waits for a tick in progress and the webhook's queue (at most `ms`). */
  async stop(ms = 5000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.running) await this.running.catch(() => undefined);
    await this.o.webhook?.stop(ms);
  }
}
