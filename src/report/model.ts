/**
 * What the report shows, as plain data. Structurally compatible with the detection runtime's alert
 * and incident records (DESIGN.md) and the simulator's score, so the report imports neither.
 */
export interface ReportEntity { readonly type: string; readonly [k: string]: string }

export interface ReportAlert {
  readonly alertId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: string;
  readonly title?: string;
  readonly description?: string;
  readonly timeGenerated: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly tactics?: readonly string[];
  readonly techniques?: readonly string[];
  readonly entities: readonly ReportEntity[];
  readonly customDetails?: Readonly<Record<string, unknown>>;
  readonly evidence?: readonly Readonly<Record<string, unknown>>[];
  readonly incidentId: string | null;
}

export interface ReportIncident {
  readonly incidentId: string;
  readonly title: string;
  readonly ruleName: string;
  readonly severity: string;
  readonly firstAlertTime: string;
  readonly lastAlertTime: string;
  /** When the activity happened (earliest alert startTime / latest endTime); computed from the alerts when absent. */
  readonly firstEventTime?: string;
  readonly lastEventTime?: string;
  readonly alertIds: readonly string[];
  readonly entities?: readonly ReportEntity[];
  readonly tactics?: readonly string[];
  readonly techniques?: readonly string[];
}

/** Ground truth and scoring, when the data came from the simulator. */
export interface ReportEvaluation {
  readonly scenarios: readonly {
    readonly scenario: string; readonly kind: 'attack' | 'benign'; readonly variant: string; readonly description: string;
    readonly window: { readonly start: string; readonly end: string };
    readonly timeline: readonly { readonly time: string; readonly table: string; readonly step: string }[];
    readonly rules: readonly string[]; readonly alerts: number;
  }[];
  readonly rules: readonly string[];
  readonly columns: readonly string[];
  /** cells[rule][column] = alerts */
  readonly cells: readonly (readonly number[])[];
  /** incidentId → scenario it was attributed to. */
  readonly incidentScenario?: Readonly<Record<string, string>>;
}

export interface ReportInput {
  readonly title?: string;
  /** One line about the data (source folder, span). */
  readonly subtitle?: string;
  readonly alerts: readonly ReportAlert[];
  readonly incidents: readonly ReportIncident[];
  readonly evaluation?: ReportEvaluation;
  readonly ruleStats?: readonly { readonly ruleName: string; readonly alerts: number; readonly errors: number; readonly firstError?: string }[];
  /**
   * Rules shown as a baseline (e.g. the verbatim seed rule the pack is measured against): their
   * alerts stay in the matrix but are left out of the overview timeline and listed after the others.
   */
  readonly baselineRules?: readonly string[];
  /** Footer note, e.g. the generator and version. */
  readonly footer?: string;
}
