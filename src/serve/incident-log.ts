/**
 * The alerts and incidents of a served workspace, persisted as Sentinel's `SecurityAlert` and
 * `SecurityIncident` tables (src/detect/sentinel-tables.ts) through the workspace's one writer
 * (workspace-writer.ts: each append is an atomic commit, like an ingestion batch, so it survives a
 * restart and is queryable through every API as soon as it is committed).
 *
 * One IncidentLog per writer (`incidentLog(writer)`): the continuous detection (detection.ts) and a
 * person's changes (`appendIncidentChange`, used by the workbench's incident queue) share it, so a
 * row the detection appends when an incident grows keeps the status / owner / comments a person set.
 * The log reads the workspace's two tables once, on first use; after that it keeps each incident's
 * current row in memory (rows are only ever appended, and only through this log).
 *
 *   import { appendIncidentChange } from './incident-log.js';
 *   const row = await appendIncidentChange(writer, { incidentName, status: 'Active', owner: 'ana@contoso.com', comment: 'looking' });
 */
import { formatDatetime, ticksFromDate, type Value } from '../kql/data.js';
import { readManifest, readWorkspaceTable } from '../store/workspace.js';
import type { Alert, Incident } from '../detect/alert.js';
import {
  ALERT_TABLE, INCIDENT_TABLE, alertFromRow, alertRow, alertTable, applyIncidentChange, checkIncidentChange, incidentRow, incidentTable,
  latestIncidentRows, tableRows, type AlertRowContext, type IncidentChange, type IncidentRow,
} from '../detect/sentinel-tables.js';
import { commitTable, type WorkspaceWriter } from './workspace-writer.js';

export type { IncidentChange, IncidentRow } from '../detect/sentinel-tables.js';

/** A change that cannot be applied (unknown incident, a value Sentinel refuses): the caller answers 400/404. */
export class IncidentChangeError extends Error {
  override name = 'IncidentChangeError';
  constructor(message: string, readonly status: 400 | 404) { super(message); }
}

export class IncidentLog {
  private latest?: Map<string, IncidentRow>;
  private alerts?: Alert[];
  private alertIds = new Set<string>();
  private lastNumber = 0;

  constructor(readonly writer: WorkspaceWriter) {}

  /** Reads what the workspace holds (once; called inside the writer's turn so no commit races it). */
  private load(): void {
    if (this.latest) return;
    const m = readManifest(this.writer.dir);
    const read = (name: string): Record<string, Value>[] => {
      const e = m?.tables[name];
      return e ? tableRows(readWorkspaceTable(this.writer.dir, name, e)) : [];
    };
    this.latest = latestIncidentRows(read(INCIDENT_TABLE));
    for (const r of this.latest.values()) this.lastNumber = Math.max(this.lastNumber, Number(r.IncidentNumber ?? 0));
    this.alerts = [];
    for (const r of read(ALERT_TABLE)) {
      const a = alertFromRow(r);
      if (a && !this.alertIds.has(a.alertId)) { this.alerts.push(a); this.alertIds.add(a.alertId); }
    }
  }

  /** The alerts persisted before (this log's first use), in time order: a restarted detection regroups them with its new ones. */
  async persistedAlerts(): Promise<Alert[]> {
    await this.writer.run(() => this.load());
    return [...this.alerts!].sort((a, b) => (a.timeGenerated < b.timeGenerated ? -1 : a.timeGenerated > b.timeGenerated ? 1 : 0));
  }

  /** True when an alert of this id was persisted (a run repeated after a restart raises the same ids). */
  hasAlert(alertId: string): boolean { return this.alertIds.has(alertId); }

  /** The current row of every incident, newest number first. */
  async incidents(): Promise<IncidentRow[]> {
    await this.writer.run(() => this.load());
    return [...this.latest!.values()].sort((a, b) => Number(b.IncidentNumber) - Number(a.IncidentNumber));
  }

  /**
   * Appends alerts and the rows of the incidents they made or grew, in one writer turn (two commits:
   * SecurityAlert, then SecurityIncident; a restart between them regroups the alerts and appends the
   * missing incident rows). `incidents` is the full grouping (groupIncidents over every alert): only
   * those new or with more alerts than their current row get a row. Returns the new incidents' rows.
   */
  async record(alerts: readonly { alert: Alert; ctx: AlertRowContext }[], incidents: readonly Incident[], descriptions: ReadonlyMap<string, string>, now: number): Promise<{ created: IncidentRow[]; updated: IncidentRow[] }> {
    return this.writer.run(() => {
      this.load();
      const fresh = alerts.filter((x) => !this.alertIds.has(x.alert.alertId));
      if (fresh.length) {
        commitTable(this.writer.dir, ALERT_TABLE, alertTable(fresh.map((x) => alertRow(x.alert, x.ctx))));
        for (const x of fresh) { this.alertIds.add(x.alert.alertId); this.alerts!.push(x.alert); }
      }
      const created: IncidentRow[] = [], updated: IncidentRow[] = [];
      for (const inc of incidents) {
        const prev = this.latest!.get(inc.incidentId);
        if (prev && Array.isArray(prev.AlertIds) && prev.AlertIds.length === inc.alertIds.length) continue;
        const row = incidentRow(inc, descriptions.get(inc.alertIds[0]!) ?? '', prev ? Number(prev.IncidentNumber) : ++this.lastNumber, now, prev);
        (prev ? updated : created).push(row);
      }
      const rows = [...created, ...updated];
      if (rows.length) {
        commitTable(this.writer.dir, INCIDENT_TABLE, incidentTable(rows));
        for (const r of rows) this.latest!.set(String(r.IncidentName), r);
      }
      return { created, updated };
    });
  }

  /** Appends the row of a person's change (see appendIncidentChange). */
  async change(c: IncidentChange, now: number): Promise<IncidentRow> {
    const bad = checkIncidentChange(c);
    if (bad) throw new IncidentChangeError(bad, 400);
    return this.writer.run(() => {
      this.load();
      const prev = this.latest!.get(c.incidentName);
      if (!prev) throw new IncidentChangeError(`no incident named '${c.incidentName}' in SecurityIncident`, 404);
      // LastModifiedTime must grow: two changes in the same tick are a tick apart.
      const at = Math.max(now, Number(prev.LastModifiedTime ?? 0) + 1);
      const row = applyIncidentChange(prev, c, at);
      commitTable(this.writer.dir, INCIDENT_TABLE, incidentTable([row]));
      this.latest!.set(c.incidentName, row);
      return row;
    });
  }
}

const LOGS = new WeakMap<WorkspaceWriter, IncidentLog>();

/** The incident log of a writer's workspace (one per writer). */
export function incidentLog(writer: WorkspaceWriter): IncidentLog {
  let l = LOGS.get(writer);
  if (!l) { l = new IncidentLog(writer); LOGS.set(writer, l); }
  return l;
}

/**
 * Appends a SecurityIncident row recording a person's change to an incident (status, owner,
 * comment, classification, severity, labels), as Sentinel does: same IncidentName and
 * IncidentNumber, LastModifiedTime = `now` (default: the wall clock). Committed before it resolves.
 * Throws IncidentChangeError (status 404: no such incident; 400: a value Sentinel refuses, e.g.
 * closing without a classification).
 */
export function appendIncidentChange(writer: WorkspaceWriter, change: IncidentChange, now: number = ticksFromDate(new Date())): Promise<IncidentRow> {
  return incidentLog(writer).change(change, now);
}

/** An incident row in JSON form (datetimes as ISO text): the webhook's body and the status route's. */
export function incidentJson(r: IncidentRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'number' && /Time$|TimeGenerated/.test(k) ? formatDatetime(v) : typeof v === 'bigint' ? Number(v) : v;
  return out;
}
