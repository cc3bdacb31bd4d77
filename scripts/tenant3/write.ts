import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Org } from './org.js';
import type { Rec, Router } from './sink.js';
import { DAY } from './sink.js';
import { toGraphSignIn, toGraphDirectoryAudit, toDefenderStreaming, toSentinelProcess, cloudTrailToLa } from './formats.js';
import type { Rng } from './rng.js';

/**
 * Routes each row to the file a team would actually hold, mixing formats the way exports mix:
 * the first days of sign-ins and audit events pulled from Microsoft Graph, the rest exported from
 * Log Analytics as JSON lines (non-interactive sign-ins gzipped); process events partly from the
 * Defender streaming API (Timestamp), partly from Sentinel (TimeGenerated); CloudTrail as the S3 log
 * files of each account, one account's trail as exported from Sentinel; GCP as the Cloud Logging
 * sink writes it; the application sign-in tables as Log Analytics JSON lines. Rows are kept as
 * text and sorted by time within their file when written.
 */
interface FileBuf { doc?: { head: string; tail: string }; csvHeader?: string; items: { t: number; seq: number; text: string }[] }

/** Column order of a Log Analytics portal export of AuditLogs (datetime headers carry " [UTC]"). */
const AUDIT_CSV = ['TenantId', 'SourceSystem', 'TimeGenerated', 'ResourceId', 'OperationName', 'OperationVersion', 'Category', 'ResultType', 'ResultSignature', 'ResultDescription', 'DurationMs', 'CorrelationId', 'Resource', 'ResourceGroup', 'ResourceProvider', 'Identity', 'Level', 'Location', 'AdditionalDetails', 'Id', 'InitiatedBy', 'LoggedByService', 'Result', 'ResultReason', 'TargetResources', 'AADTenantId', 'ActivityDisplayName', 'ActivityDateTime', 'AADOperationType', 'Type'];
const DATETIME_COLS = new Set(['TimeGenerated', 'ActivityDateTime']);
function csvCell(v: string): string { return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v; }
/** The portal's locale datetime: US 12-hour month-first, or day-first 24-hour. */
function localeTime(isoText: string, us: boolean): string {
  const d = new Date(isoText);
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0'), mi = String(d.getUTCMinutes()).padStart(2, '0'), se = String(d.getUTCSeconds()).padStart(2, '0');
  if (us) { const h = d.getUTCHours() % 12 || 12; return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h}:${mi}:${se}.${ms} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`; }
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}, ${String(d.getUTCHours()).padStart(2, '0')}:${mi}:${se}.${ms}`;
}
export const OUTPUT_DIRS = ['SigninLogs', 'AADNonInteractiveUserSignInLogs', 'AuditLogs', 'DeviceProcessEvents', 'AWSLogs', 'AWSCloudTrail', 'gcp', 'AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs', '_watchlists'];

export class FileRouter implements Router {
  private readonly files = new Map<string, FileBuf>();
  private readonly graphDays: number;
  private readonly dpeSplit: 'os' | 'day';
  private readonly laAccount: string;
  private readonly windowsHosts = new Set<string>();
  private readonly csvUs: boolean;
  constructor(private readonly org: Org, r: Rng) {
    this.graphDays = r.int(4, 12);
    this.dpeSplit = r.pick(['os', 'day'] as const);
    this.laAccount = org.aws.accounts[r.int(1, 2)]!.id;
    this.csvUs = r.chance(0.5);
  }
  /** Windows devices known after the organisation is complete (new hires, re-imaged laptops). */
  noteWindows(mdeId: string): void { this.windowsHosts.add(mdeId); }
  describe(): Record<string, unknown> { return { graphExportDays: this.graphDays, auditCsvDays: [this.graphDays, this.graphDays + 6], auditCsvLocale: this.csvUs ? 'en-US' : 'en-GB', processSplit: this.dpeSplit, cloudTrailSentinelAccount: this.laAccount }; }

  private put(path: string, t: number, seq: number, rec: Rec, doc?: { head: string; tail: string }): void {
    let f = this.files.get(path);
    if (!f) this.files.set(path, (f = { doc, items: [] }));
    f.items.push({ t, seq, text: JSON.stringify(rec) });
  }
  accept(table: string, t: number, seq: number, rec: Rec): void {
    const org = this.org;
    const d = new Date(t).toISOString().slice(0, 10);
    const week = Math.floor((t - org.start) / (7 * DAY));
    const weekStart = new Date(org.start + week * 7 * DAY).toISOString().slice(0, 10);
    const graph = t < org.start + this.graphDays * DAY;
    const signInsDoc = { head: '{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns","value":[', tail: ']}' };
    switch (table) {
      case 'SigninLogs':
        if (graph) this.put(`SigninLogs/graph-export/signIns_${d}.json`, t, seq, toGraphSignIn(rec), signInsDoc);
        else this.put(`SigninLogs/SigninLogs_${weekStart}.jsonl`, t, seq, rec);
        return;
      case 'AADNonInteractiveUserSignInLogs':
        if (graph) this.put(`AADNonInteractiveUserSignInLogs/graph-export/nonInteractive_${d}.json`, t, seq, toGraphSignIn(rec), signInsDoc);
        else this.put(`AADNonInteractiveUserSignInLogs/part-${String(week).padStart(3, '0')}.jsonl.gz`, t, seq, rec);
        return;
      case 'AuditLogs':
        // the week after the Graph pull was exported from the Log Analytics portal as CSV
        if (!graph && t < org.start + (this.graphDays + 7) * DAY) {
          const text = AUDIT_CSV.map((k) => { const v = rec[k]; return csvCell(v === undefined || v === null ? '' : DATETIME_COLS.has(k) ? localeTime(String(v), this.csvUs) : typeof v === 'string' ? v : JSON.stringify(v, null, k === 'TargetResources' || k === 'InitiatedBy' ? 2 : undefined)); }).join(',');
          let f = this.files.get(`AuditLogs/AuditLogs_portal-export_${weekStart}.csv`);
          if (!f) this.files.set(`AuditLogs/AuditLogs_portal-export_${weekStart}.csv`, (f = { csvHeader: AUDIT_CSV.map((k) => (DATETIME_COLS.has(k) ? `${k} [UTC]` : k)).join(','), items: [] }));
          f.items.push({ t, seq, text });
          return;
        }
        if (graph) this.put(`AuditLogs/directoryAudits_${d}.json`, t, seq, toGraphDirectoryAudit(rec), { head: '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits","value":[', tail: ']}' });
        else this.put('AuditLogs/AuditLogs_export.jsonl', t, seq, rec);
        return;
      case 'DeviceProcessEvents': {
        const streaming = this.dpeSplit === 'os' ? this.windowsHosts.has(rec.DeviceId as string) : t < org.start + 15 * DAY;
        if (streaming) this.put(`DeviceProcessEvents/streaming/y=${d.slice(0, 4)}/m=${d.slice(5, 7)}/d=${d.slice(8, 10)}/PT24H.json`, t, seq, toDefenderStreaming(rec, org.tenantId), { head: '{"records":[', tail: ']}' });
        else this.put(`DeviceProcessEvents/sentinel/DeviceProcessEvents_${d.slice(0, 7)}.jsonl`, t, seq, toSentinelProcess(rec));
        return;
      }
      case 'AWSCloudTrail': {
        const acct = rec.recipientAccountId as string, region = rec.awsRegion as string;
        if (acct === this.laAccount) this.put('AWSCloudTrail/AWSCloudTrail_sentinel_export.jsonl', t, seq, cloudTrailToLa(rec, org.tenantId));
        else this.put(`AWSLogs/${acct}/CloudTrail/${region}/${d.replace(/-/g, '/')}/${acct}_CloudTrail_${region}_${d.replace(/-/g, '')}T0000Z_${hash16(acct + region + d)}.json.gz`, t, seq, rec, { head: '{"Records":[', tail: ']}' });
        return;
      }
      case 'GCPAuditLogs': {
        const kind = String(rec.logName).endsWith('activity') ? 'activity' : 'data_access';
        this.put(`gcp/cloudaudit.googleapis.com/${kind}/${d.replace(/-/g, '/')}/00:00:00_23:59:59_S0.json`, t, seq, rec);
        return;
      }
      default:
        this.put(`${table}/${table}.jsonl`, t, seq, rec);
    }
  }

  /** Writes every file under outDir (replacing what an earlier run wrote there); returns the paths, sorted. */
  write(outDir: string): string[] {
    if (existsSync(outDir)) for (const sub of OUTPUT_DIRS) rmSync(join(outDir, sub), { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const out: string[] = [];
    for (const [p, f] of this.files) {
      f.items.sort((a, b) => a.t - b.t || a.seq - b.seq);
      // Documents are one line, as CloudTrail, Graph and the streaming API write them.
      const body = f.csvHeader !== undefined ? `${f.csvHeader}\r\n${f.items.map((i) => i.text).join('\r\n')}\r\n` : f.doc ? `${f.doc.head}${f.items.map((i) => i.text).join(',')}${f.doc.tail}\n` : f.items.map((i) => i.text).join('\n') + '\n';
      const full = join(outDir, p);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, p.endsWith('.gz') ? gzipSync(body, { level: 1 }) : body);
      out.push(p);
    }
    return out.sort();
  }
}

function hash16(s: string): string { let h = 2166136261; for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619); return (h >>> 0).toString(16).toUpperCase().padStart(8, '0') + ((h * 31) >>> 0).toString(16).toUpperCase().padStart(8, '0'); }
