import { toIsoDuration } from './duration.js';
import type { Rule } from './rule.js';
import type { LoadedFunction } from './functions.js';
import { effectiveGrouping } from './incidents.js';

/** ARM API version of Microsoft.SecurityInsights alert rules used in exported templates. */
export const ARM_API_VERSION = '2024-03-01';
export const ARM_RESOURCE_TYPE = 'Microsoft.OperationalInsights/workspaces/providers/alertRules';
const TRIGGER: Record<string, string> = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual' };

/**
 * A Sentinel analytic rule as an ARM deployment template (one resource of type
 * Microsoft.OperationalInsights/workspaces/providers/alertRules, kind Scheduled or NRT),
 * deployable as is with a `workspace` parameter. The `cloudhop:` block is not exported.
 */
export function armTemplate(rule: Rule): Record<string, unknown> {
  if (rule.kind === 'Hunting') throw new Error(`${rule.file}: hunting queries are not analytic rules`);
  const techniques = [...new Set(rule.relevantTechniques.map((t) => t.slice(0, 5)))];
  const subTechniques = rule.relevantTechniques.filter((t) => t.includes('.'));
  // The grouping the replay applied (a rule that says nothing gets cloudhop's default), so Sentinel groups alike.
  const g = effectiveGrouping(rule);
  const ov = rule.alertDetailsOverride;
  const props: Record<string, unknown> = {
    displayName: rule.name,
    description: rule.description.trim(),
    severity: rule.severity,
    enabled: rule.enabled,
    query: rule.query,
  };
  if (rule.kind === 'Scheduled') {
    Object.assign(props, {
      queryFrequency: toIsoDuration(rule.queryFrequency),
      queryPeriod: toIsoDuration(rule.queryPeriod),
      triggerOperator: TRIGGER[rule.triggerOperator],
      triggerThreshold: rule.triggerThreshold,
      suppressionDuration: toIsoDuration(rule.suppressionDuration > 0 ? rule.suppressionDuration : 5 * 36_000_000_000),
      suppressionEnabled: rule.suppressionEnabled,
      eventGroupingSettings: { aggregationKind: rule.aggregationKind },
    });
  }
  Object.assign(props, {
    tactics: [...rule.tactics],
    techniques,
    subTechniques,
    alertRuleTemplateName: null,
    incidentConfiguration: {
      createIncident: rule.incident.createIncident,
      groupingConfiguration: {
        enabled: g.enabled, reopenClosedIncident: g.reopenClosedIncident, lookbackDuration: toIsoDuration(g.lookbackDuration),
        matchingMethod: g.matchingMethod, groupByEntities: [...g.groupByEntities], groupByAlertDetails: [...g.groupByAlertDetails],
        groupByCustomDetails: [...g.groupByCustomDetails],
      },
    },
    alertDetailsOverride: ov ? {
      alertDisplayNameFormat: ov.alertDisplayNameFormat ?? null,
      alertDescriptionFormat: ov.alertDescriptionFormat ?? null,
      alertTacticsColumnName: ov.alertTacticsColumnName ?? null,
      alertSeverityColumnName: ov.alertSeverityColumnName ?? null,
      alertDynamicProperties: ov.alertDynamicProperties?.map((d) => ({ alertProperty: d.alertProperty, value: d.value })) ?? [],
    } : null,
    customDetails: Object.keys(rule.customDetails).length ? { ...rule.customDetails } : null,
    entityMappings: rule.entityMappings.length
      ? rule.entityMappings.map((m) => ({ entityType: m.entityType, fieldMappings: m.fieldMappings.map((f) => ({ identifier: f.identifier, columnName: f.columnName })) }))
      : null,
  });
  const id = rule.id.toLowerCase();
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { workspace: { type: 'String', metadata: { description: 'Log Analytics workspace with Microsoft Sentinel' } } },
    resources: [{
      id: `[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/${id}')]`,
      name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/${id}')]`,
      type: ARM_RESOURCE_TYPE,
      kind: rule.kind,
      apiVersion: ARM_API_VERSION,
      properties: props,
    }],
  };
}

/** File name of a rule's template: the rule file's base name with .json. */
export function templateFileName(rule: Rule): string {
  const base = rule.file.replace(/\\/g, '/').split('/').pop()!.replace(/\.ya?ml$/i, '');
  return `${base}.json`;
}

/** ARM API versions of the workspace function (saved search) and watchlist resources. */
export const SAVED_SEARCH_API_VERSION = '2020-08-01';
export const SAVED_SEARCH_RESOURCE_TYPE = 'Microsoft.OperationalInsights/workspaces/savedSearches';
export const WATCHLIST_API_VERSION = '2023-02-01';
export const WATCHLIST_RESOURCE_TYPE = 'Microsoft.SecurityInsights/watchlists';
/** Sentinel takes a watchlist file of at most 3.8 MB from a local upload (and an ARM template of at most 4 MB). */
export const WATCHLIST_MAX_BYTES = 3.8 * 1024 * 1024;

const TEMPLATE_HEAD = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { workspace: { type: 'String', metadata: { description: 'Log Analytics workspace with Microsoft Sentinel' } } },
};

/**
 * A stored function as an ARM template: one workspace saved search with a function alias (how
 * Sentinel deploys its parsers), callable by the alias from rules once deployed.
 */
export function functionTemplate(fn: Pick<LoadedFunction, 'name' | 'parameters' | 'body' | 'title' | 'category'>): Record<string, unknown> {
  return {
    ...TEMPLATE_HEAD,
    resources: [{
      type: SAVED_SEARCH_RESOURCE_TYPE,
      apiVersion: SAVED_SEARCH_API_VERSION,
      name: `[concat(parameters('workspace'), '/${fn.name}')]`,
      properties: {
        etag: '*',
        displayName: fn.title,
        category: fn.category,
        functionAlias: fn.name,
        ...(fn.parameters ? { functionParameters: fn.parameters } : {}),
        query: fn.body,
        version: 2,
      },
    }],
  };
}

/** A watchlist (its CSV as is) as an ARM template: one Microsoft.SecurityInsights/watchlists resource on the workspace. */
export function watchlistTemplate(alias: string, csv: string, searchKey: string, description = ''): Record<string, unknown> {
  return {
    ...TEMPLATE_HEAD,
    resources: [{
      type: WATCHLIST_RESOURCE_TYPE,
      apiVersion: WATCHLIST_API_VERSION,
      scope: "[format('Microsoft.OperationalInsights/workspaces/{0}', parameters('workspace'))]",
      name: alias,
      properties: {
        displayName: alias,
        watchlistAlias: alias,
        provider: 'cloudhop',
        source: 'Local file',
        description,
        itemsSearchKey: searchKey,
        contentType: 'text/csv',
        numberOfLinesToSkip: 0,
        rawContent: csv,
      },
    }],
  };
}
