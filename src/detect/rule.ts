import type { LoadedFunction } from './functions.js';

/** The rule model: a Sentinel analytic rule (Scheduled / NRT) or hunting query, as loaded from YAML. */

export type RuleKind = 'Scheduled' | 'NRT' | 'Hunting';
export type RuleSeverity = 'Informational' | 'Low' | 'Medium' | 'High';
export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';
export type AggregationKind = 'SingleAlert' | 'AlertPerResult';
export type MatchingMethod = 'AllEntities' | 'AnyAlert' | 'Selected';

export const SEVERITIES: readonly RuleSeverity[] = ['Informational', 'Low', 'Medium', 'High'];

export const TACTICS: readonly string[] = [
  'InitialAccess', 'Execution', 'Persistence', 'PrivilegeEscalation', 'DefenseEvasion', 'CredentialAccess',
  'Discovery', 'LateralMovement', 'Collection', 'Exfiltration', 'CommandAndControl', 'Impact',
  'Reconnaissance', 'ResourceDevelopment', 'ImpairProcessControl', 'InhibitResponseFunction', 'PreAttack',
];

export interface DataConnector { readonly connectorId: string; readonly dataTypes: readonly string[] }
export interface FieldMapping { readonly identifier: string; readonly columnName: string }
export interface EntityMapping { readonly entityType: string; readonly fieldMappings: readonly FieldMapping[] }
export interface DynamicProperty { readonly alertProperty: string; readonly value: string }

export interface AlertDetailsOverride {
  readonly alertDisplayNameFormat?: string;
  readonly alertDescriptionFormat?: string;
  readonly alertSeverityColumnName?: string;
  readonly alertTacticsColumnName?: string;
  readonly alertDynamicProperties?: readonly DynamicProperty[];
}

export interface IncidentConfiguration {
  readonly createIncident: boolean;
  readonly grouping: {
    readonly enabled: boolean;
    readonly reopenClosedIncident: boolean;
    /** ticks */
    readonly lookbackDuration: number;
    readonly matchingMethod: MatchingMethod;
    readonly groupByEntities: readonly string[];
    readonly groupByAlertDetails: readonly string[];
    readonly groupByCustomDetails: readonly string[];
  };
}

/** Our `cloudhop:` block (docs/rules-format.md). */
export interface CloudhopBlock {
  /** A baseline rule (the seed rule verbatim): shipped with `enabled: false`, run only when asked (`--with-seed`). */
  readonly baseline?: boolean;
  readonly confidence?: string | number;
  readonly dataSources?: unknown;
  readonly falsePositives?: unknown;
  readonly tuning?: unknown;
  readonly references?: unknown;
  readonly [k: string]: unknown;
}

/** Maps a line/col inside the query text to the rule file's line/col. */
export type QueryPositionMap = (line: number, col: number) => { line: number; col: number };

export interface Rule {
  readonly file: string;
  readonly kind: RuleKind;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: RuleSeverity;
  readonly requiredDataConnectors: readonly DataConnector[];
  /** ticks; NRT: 1 minute; hunting: 0 */
  readonly queryFrequency: number;
  readonly queryPeriod: number;
  readonly triggerOperator: TriggerOperator;
  readonly triggerThreshold: number;
  readonly tactics: readonly string[];
  readonly relevantTechniques: readonly string[];
  readonly query: string;
  readonly queryPosition: QueryPositionMap;
  readonly entityMappings: readonly EntityMapping[];
  readonly customDetails: Readonly<Record<string, string>>;
  readonly alertDetailsOverride?: AlertDetailsOverride;
  readonly aggregationKind: AggregationKind;
  readonly suppressionEnabled: boolean;
  /** ticks */
  readonly suppressionDuration: number;
  readonly incident: IncidentConfiguration;
  readonly version?: string;
  readonly status?: string;
  readonly enabled: boolean;
  readonly tags: readonly unknown[];
  readonly cloudhop: CloudhopBlock;
  /** line:col in the rule file of the node at a YAML path (e.g. ['entityMappings', 0, 'fieldMappings', 1, 'columnName']). */
  readonly at: (path: readonly (string | number)[]) => { line: number; col: number };
  /** The YAML as plain data (for export). */
  readonly source: Readonly<Record<string, unknown>>;
  /** Stored functions the query may call: its pack's `functions/` (set by loadPack). */
  readonly functions?: readonly LoadedFunction[];
}

/** The rules with every baseline rule (`cloudhop.baseline: true`, e.g. the seed rule) switched on, for `--with-seed`. */
export function withBaselineRules<R extends Rule>(rules: readonly R[]): R[] {
  return rules.map((r) => (r.cloudhop.baseline === true && !r.enabled ? { ...r, enabled: true } : r));
}

/** Tables the rule names in requiredDataConnectors (deduplicated, in order). */
export function requiredTables(r: Pick<Rule, 'requiredDataConnectors'>): string[] {
  const out: string[] = [];
  for (const c of r.requiredDataConnectors) for (const t of c.dataTypes) if (!out.includes(t)) out.push(t);
  return out;
}
