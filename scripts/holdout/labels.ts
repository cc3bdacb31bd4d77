// Ground truth of a hold-out tenant, in the shared LabelsFile shape (briefs/classes.md) so that a
// common scorer reads every generator's output the same way. A scenario records the rows emitted
// while it is open; its identifiers are taken from those rows' actor fields (who, from where, on
// which device), never from the targets of its actions, plus what the scenario adds by hand.

export interface Label {
  scenario: string; kind: 'attack' | 'benign'; class: string; variant: string; description: string;
  technique: string[]; window: { start: string; end: string };
  accounts: string[]; devices: string[]; ips: string[]; cloudIdentities: string[];
  rows: Record<string, number>; timeline: { time: string; table: string; step: string }[];
}
export interface LabelsFile {
  generator: string; seed: number; days: number; start: string; end: string;
  attackDay: { start: string; end: string };
  tenant: { id: string; domain: string; onmicrosoft: string; adDomain: string; homeCountry: string; users: number; devices: number };
  tables: Record<string, number>; totalRows: number; files: string[]; scenarios: Label[];
  /** Extra: indicator (lower case) → background population classes of its owner (regular, devops, cicd ...). */
  actors: Record<string, string[]>;
  /** Extra: watchlists written under `_watchlists/` (a folder the table loader skips). */
  watchlists: string[];
}

type Row = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => {
  if (typeof v === 'string' && v.startsWith('{')) { try { return JSON.parse(v) as Record<string, unknown>; } catch { return {}; } }
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
};

/** What a row says about its actor: account, device, IP, cloud identity, and the step it records. */
function actorOf(table: string, r: Row): { accounts: string[]; devices: string[]; ips: string[]; cloud: string[]; step: string; time: string } {
  switch (table) {
    case 'SigninLogs': case 'AADNonInteractiveUserSignInLogs': {
      const dd = obj(r.DeviceDetail);
      return { accounts: [str(r.UserPrincipalName)], devices: [str(dd.displayName)], ips: [str(r.IPAddress)], cloud: [], step: `sign-in ${str(r.AppDisplayName)} -> ${str(r.ResourceDisplayName)} (${str(r.ResultType)})`, time: str(r.CreatedDateTime) };
    }
    case 'AADServicePrincipalSignInLogs': case 'AADManagedIdentitySignInLogs':
      return { accounts: [], devices: [], ips: [str(r.IPAddress)], cloud: [str(r.ServicePrincipalName), str(r.AppId)], step: `service principal sign-in ${str(r.ServicePrincipalName)} -> ${str(r.ResourceDisplayName)} (${str(r.ResultType)})`, time: str(r.CreatedDateTime) };
    case 'AuditLogs': {
      const ib = obj(r.InitiatedBy); const u = obj(ib.user); const a = obj(ib.app);
      return { accounts: [str(u.userPrincipalName)], devices: [], ips: [str(u.ipAddress)], cloud: [str(a.displayName)], step: str(r.OperationName), time: str(r.ActivityDateTime) };
    }
    case 'DeviceProcessEvents':
      return { accounts: [str(r.AccountName), str(r.AccountUpn)], devices: [str(r.DeviceName)], ips: [], cloud: [], step: `${str(r.FileName)}: ${str(r.ProcessCommandLine).slice(0, 120)}`, time: str(r.Timestamp) };
    case 'AWSCloudTrail':
      return { accounts: [], devices: [], ips: [str(r.SourceIpAddress)], cloud: [str(r.UserIdentityArn), str(r.UserIdentityType) === 'SAMLUser' ? str(r.UserIdentityPrincipalid) : '', str(r.UserIdentityUserName)], step: `${str(r.EventSource).split('.')[0]}:${str(r.EventName)}`, time: str(r.TimeGenerated) };
    case 'GCPAuditLogs': {
      const md = obj(r.RequestMetadata);
      return { accounts: [], devices: [], ips: [str(md.callerIp)], cloud: [str(r.PrincipalEmail)], step: str(r.MethodName), time: str(r.Timestamp) };
    }
    default: return { accounts: [], devices: [], ips: [], cloud: [], step: table, time: str(r.TimeGenerated) };
  }
}

export interface OpenLabel {
  label: Label;
  /** Identifiers never to list (shared org egress for attacks, ...); a live set. */
  exclude: ReadonlySet<string>;
  from: number; to: number;
}

/** Collects scenarios: `open` one, emit rows (they call `note`), `close` it. */
export class LabelRecorder {
  readonly labels: Label[] = [];
  private cur: OpenLabel | null = null;
  private excludes = new Map<Label, ReadonlySet<string>>();
  private sets = new Map<Label, { accounts: Set<string>; devices: Set<string>; ips: Set<string>; cloud: Set<string> }>();

  open(l: Omit<Label, 'window' | 'accounts' | 'devices' | 'ips' | 'cloudIdentities' | 'rows' | 'timeline'>, exclude: ReadonlySet<string> = new Set()): Label {
    const label: Label = { ...l, window: { start: '', end: '' }, accounts: [], devices: [], ips: [], cloudIdentities: [], rows: {}, timeline: [] };
    this.labels.push(label);
    this.sets.set(label, { accounts: new Set(), devices: new Set(), ips: new Set(), cloud: new Set() });
    this.cur = { label, exclude, from: Infinity, to: -Infinity };
    this.excludes.set(label, exclude);
    return label;
  }
  /** Reopen a label (a scenario spread over several days). */
  resume(label: Label): void {
    const t = label.window.start ? { from: Date.parse(label.window.start), to: Date.parse(label.window.end) } : { from: Infinity, to: -Infinity };
    this.cur = { label, exclude: this.excludes.get(label) ?? new Set(), ...t };
  }
  get active(): boolean { return this.cur !== null; }
  /** Adds identifiers by hand (created principals, devices named only in targets). */
  add(kind: 'accounts' | 'devices' | 'ips' | 'cloud', ...xs: string[]): void {
    if (!this.cur) return;
    const s = this.sets.get(this.cur.label)![kind];
    for (const x of xs) if (x) s.add(x);
  }
  /** The label being recorded, if any. */
  get current(): Label | null { return this.cur?.label ?? null;
  }
  note(table: string, row: Row): void {
    const c = this.cur; if (!c) return;
    const a = actorOf(table, row);
    const s = this.sets.get(c.label)!;
    const put = (set: Set<string>, xs: string[]): void => { for (const x of xs) if (x && !c.exclude.has(x)) set.add(x); };
    put(s.accounts, a.accounts); put(s.devices, a.devices); put(s.ips, a.ips); put(s.cloud, a.cloud);
    c.label.rows[table] = (c.label.rows[table] ?? 0) + 1;
    if (c.label.timeline.length < 400) c.label.timeline.push({ time: a.time, table, step: a.step });
    const t = Date.parse(a.time);
    if (Number.isFinite(t)) { c.from = Math.min(c.from, t); c.to = Math.max(c.to, t); c.label.window = { start: new Date(c.from).toISOString(), end: new Date(c.to).toISOString() }; }
  }
  close(): void { this.cur = null; }

  /** Fills the identifier lists and sorts timelines; call once, after all rows. */
  finish(): Label[] {
    for (const l of this.labels) {
      const s = this.sets.get(l)!;
      l.accounts = [...s.accounts].sort(); l.devices = [...s.devices].sort(); l.ips = [...s.ips].sort(); l.cloudIdentities = [...s.cloud].sort();
      l.timeline.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
    }
    return this.labels;
  }
}
