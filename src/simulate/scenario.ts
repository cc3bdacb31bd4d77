/** Scenario model: a named generator of events with its ground-truth label. */
import type { SimContext } from './context.js';
import type { SimEvent, TableName } from './rows.js';
import { iso } from './rows.js';

export type ScenarioKind = 'attack' | 'benign';

export interface TimelineStep { readonly time: string; readonly table: TableName; readonly step: string }

/** Ground truth for one scenario (what `labels.json` holds). */
export interface Label {
  readonly scenario: string;
  readonly kind: ScenarioKind;
  /** The class of issue 11's taxonomy (classes.md) the scenario's variant belongs to. */
  readonly class: string;
  readonly variant: string;
  readonly description: string;
  readonly technique: readonly string[];
  readonly window: { readonly start: string; readonly end: string };
  readonly accounts: readonly string[];
  readonly devices: readonly string[];
  readonly ips: readonly string[];
  readonly cloudIdentities: readonly string[];
  readonly rows: Readonly<Partial<Record<TableName, number>>>;
  /** Rows of the background and other scenarios this one changed (an egress move, a device swap), per table. */
  readonly changedRows?: Readonly<Partial<Record<TableName, number>>>;
  readonly timeline: readonly TimelineStep[];
}

/** The class of a scenario's variant. */
export function classOf(s: Scenario, variant: string): string { return s.variantClass?.[variant] ?? s.class; }

export interface Scenario {
  readonly name: string;
  readonly kind: ScenarioKind;
  readonly summary: string;
  readonly variants: readonly string[];
  /** Class of the taxonomy (attack or benign class id); `variantClass` overrides it per variant. */
  readonly class: string;
  readonly variantClass?: Readonly<Record<string, string>>;
  generate(ctx: SimContext, variant: string): Story;
}

/** Collects a scenario's events, timeline and entities. */
export class Story {
  readonly events: SimEvent[] = [];
  readonly timeline: TimelineStep[] = [];
  readonly accounts = new Set<string>();
  readonly devices = new Set<string>();
  readonly ips = new Set<string>();
  readonly cloud = new Set<string>();
  description = '';
  technique: string[] = [];
  window?: { start: number; end: number };
  /**
   * Rewrites every event of the tenant (background and other scenarios included) before it is
   * written; returns true when it changed the row. For changes that touch everyone (egress moves).
   */
  rewrite?: (e: SimEvent) => boolean;
  /** Rows of other sources this scenario changed (`rewrite`), per table (the label's `changedRows`). */
  readonly rewritten: Partial<Record<TableName, number>> = {};
  /** Watchlists this scenario's organisation keeps (alias → CSV header and rows), written beside the tables. */
  readonly watchlists = new Map<string, { header: string[]; rows: string[][] }>();

  add(e: SimEvent, step?: string): SimEvent {
    this.events.push(e);
    if (step) this.timeline.push({ time: iso(e.t), table: e.table, step });
    return e;
  }

  label(name: string, kind: ScenarioKind, cls: string, variant: string, ctxStart: number, ctxEnd: number): Label {
    const ts = this.events.map((e) => e.t);
    const w = this.window ?? (kind === 'attack' && ts.length ? { start: Math.min(...ts), end: Math.max(...ts) } : { start: ctxStart, end: ctxEnd });
    const rows: Partial<Record<TableName, number>> = {};
    for (const e of this.events) rows[e.table] = (rows[e.table] ?? 0) + 1;
    const sorted = [...this.timeline].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return {
      scenario: name, kind, class: cls, variant, description: this.description, technique: this.technique,
      window: { start: iso(w.start), end: iso(w.end) },
      accounts: [...this.accounts].sort(), devices: [...this.devices].sort(), ips: [...this.ips].sort(), cloudIdentities: [...this.cloud].sort(),
      rows, ...(this.rewrite ? { changedRows: { ...this.rewritten } } : {}), timeline: sorted,
    };
  }
}
