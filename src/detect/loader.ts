import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, basename, dirname, resolve } from 'node:path';
import { YamlSource, type YamlPath } from './yaml-source.js';
import type { Problem } from './problems.js';
import { parseDuration, MINUTE, HOUR, DAY, formatDuration } from './duration.js';
import { ENTITY_TYPES, entityTypeNamed } from './entities.js';
import { loadFunctionDir, scalarPositionMap, type LoadedFunction } from './functions.js';
import {
  SEVERITIES, TACTICS, type Rule, type RuleKind, type RuleSeverity, type TriggerOperator, type EntityMapping,
  type DataConnector, type AlertDetailsOverride, type IncidentConfiguration, type MatchingMethod, type QueryPositionMap,
  type CloudhopBlock, type AggregationKind,
} from './rule.js';

/** Top-level keys of Sentinel analytic-rule / hunting-query files (anything else is a warning). */
const KNOWN_KEYS = new Set([
  'id', 'name', 'description', 'severity', 'requiredDataConnectors', 'queryFrequency', 'queryPeriod', 'triggerOperator',
  'triggerThreshold', 'tactics', 'relevantTechniques', 'query', 'entityMappings', 'customDetails', 'alertDetailsOverride',
  'eventGroupingSettings', 'suppressionEnabled', 'suppressionDuration', 'incidentConfiguration', 'version', 'kind', 'status',
  'tags', 'metadata', 'cloudhop', 'enabled', 'sentinelEntitiesMappings', 'templateVersion', 'techniques', 'subTechniques',
  'displayName', 'queryDefinitions', 'description-detailed', 'author', 'support', 'dataTypes', 'connectorId', 'references', 'customDetailsV2',
]);
const CLOUDHOP_KEYS = new Set(['baseline', 'confidence', 'dataSources', 'falsePositives', 'tuning', 'references', 'notes', 'watchlists', 'owner']);
const TRIGGER_OPS: Readonly<Record<string, TriggerOperator>> = {
  gt: 'gt', greaterthan: 'gt', lt: 'lt', lessthan: 'lt', eq: 'eq', equal: 'eq', ne: 'ne', notequal: 'ne',
};
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TECHNIQUE_RE = /^T\d{4}(\.\d{3})?$/;
const PLACEHOLDER_RE = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

export interface RuleFileResult {
  readonly rule?: Rule;
  /** The rule as far as it could be read when it has schema errors (lint still checks its query). */
  readonly draft?: Rule;
  readonly problems: Problem[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Loads and validates one rule / hunting-query file. A rule is returned only when it has no errors. */
export function loadRuleText(file: string, text: string): RuleFileResult {
  const src = new YamlSource(file, text);
  const problems: Problem[] = [...src.problems];
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const v = new Checker(src, problems);
  const root = src.value;
  if (!isObj(root)) { v.err([], 'RULE002', 'a rule file is a YAML mapping (id:, name:, query: ...)'); return { problems }; }
  const rule = v.rule(root);
  const bad = problems.some((p) => p.severity === 'error');
  return { rule: bad ? undefined : rule, draft: bad ? rule : undefined, problems };
}

export function loadRuleFile(file: string, display = file): RuleFileResult {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    return { problems: [{ file: display, line: 1, col: 1, severity: 'error', code: 'RULE000', message: `cannot read: ${(e as Error).message}` }] };
  }
  return loadRuleText(display, text);
}

class Checker {
  constructor(private readonly src: YamlSource, private readonly problems: Problem[]) {}

  err(path: YamlPath, code: string, message: string, atKey = false): void { this.add('error', path, code, message, atKey); }
  warn(path: YamlPath, code: string, message: string, atKey = false): void { this.add('warning', path, code, message, atKey); }
  private add(severity: 'error' | 'warning', path: YamlPath, code: string, message: string, atKey: boolean): void {
    const p = atKey ? this.src.keyPos(path) : this.src.pos(path);
    this.problems.push({ file: this.src.file, line: p.line, col: p.col, severity, code, message });
  }

  str(o: Obj, key: string, path: YamlPath, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) { if (required) this.err(path, 'RULE003', `missing required field '${key}'`); return undefined; }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') { this.err([...path, key], 'RULE004', `'${key}' must be text`); return undefined; }
    if (required && v.trim() === '') { this.err([...path, key], 'RULE023', `'${key}' must not be empty`); return undefined; }
    return v;
  }

  list(o: Obj, key: string, path: YamlPath): unknown[] | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      if (typeof v === 'string' && (key === 'tactics' || key === 'relevantTechniques' || key === 'dataTypes')) {
        this.warn([...path, key], 'RULE026', `'${key}' should be a list; read as [${v}]`);
        return v.split(',').map((x) => x.trim()).filter(Boolean);
      }
      this.err([...path, key], 'RULE025', `'${key}' must be a list`);
      return undefined;
    }
    return v;
  }

  duration(o: Obj, key: string, min: number, max: number): number | undefined {
    const raw = o[key];
    if (raw === undefined || raw === null) return undefined;
    const d = parseDuration(typeof raw === 'number' ? String(raw) : raw);
    if (d === undefined) { this.err([key], 'RULE010', `'${key}': bad duration '${String(raw)}' (use 5m, 1h, 14d or ISO 8601 like PT1H)`); return undefined; }
    if (d < min || d > max) { this.err([key], 'RULE011', `'${key}' is ${formatDuration(d)}; Sentinel allows ${formatDuration(min)} to ${formatDuration(max)}`); return undefined; }
    return d;
  }

  rule(o: Obj): Rule | undefined {
    for (const k of Object.keys(o)) if (!KNOWN_KEYS.has(k)) this.warn([k], 'RULE090', `unknown field '${k}' (our own fields go under 'cloudhop:')`, true);

    const explicitKind = this.str(o, 'kind', [], false);
    let kind: RuleKind;
    if (explicitKind === undefined) kind = o.queryFrequency !== undefined || o.triggerOperator !== undefined ? 'Scheduled' : 'Hunting';
    else if (/^scheduled$/i.test(explicitKind)) kind = 'Scheduled';
    else if (/^nrt$/i.test(explicitKind)) kind = 'NRT';
    else if (/^(fusion|mlbehavioranalytics|microsoftsecurityincidentcreation|threatintelligence|anomaly)$/i.test(explicitKind)) {
      // Built-in Sentinel analytics without a query: nothing to run.
      this.warn(['kind'], 'RULE008', `kind '${explicitKind}' is not a query rule: skipped`);
      return undefined;
    } else { this.err(['kind'], 'RULE005', `unknown kind '${explicitKind}' (Scheduled or NRT)`); kind = 'Scheduled'; }
    const analytic = kind !== 'Hunting';

    const id = this.str(o, 'id', [], true) ?? '';
    if (id && !GUID_RE.test(id)) this.err(['id'], 'RULE006', `'id' must be a GUID, got '${id}'`);
    const name = this.str(o, 'name', [], true) ?? '';
    if (name.length > 256) this.err(['name'], 'RULE024', `'name' is longer than 256 characters`);
    const description = this.str(o, 'description', [], analytic) ?? '';

    let severity: RuleSeverity = 'Medium';
    const sev = this.str(o, 'severity', [], analytic);
    if (sev !== undefined) {
      const s = SEVERITIES.find((x) => x.toLowerCase() === sev.toLowerCase());
      if (!s) this.err(['severity'], 'RULE007', `severity '${sev}' is not one of ${SEVERITIES.join(', ')}`); else severity = s;
    }

    const connectors: DataConnector[] = [];
    const rdc = this.list(o, 'requiredDataConnectors', []);
    if (rdc === undefined && analytic && o.requiredDataConnectors === undefined) this.err([], 'RULE003', `missing required field 'requiredDataConnectors'`);
    rdc?.forEach((c, i) => {
      const p = ['requiredDataConnectors', i];
      if (!isObj(c)) { this.err(p, 'RULE028', 'a data connector is {connectorId, dataTypes}'); return; }
      const connectorId = this.str(c, 'connectorId', p, true) ?? '';
      const dt = this.list(c, 'dataTypes', p) ?? [];
      if (c.dataTypes === undefined) this.err(p, 'RULE003', `missing 'dataTypes'`);
      const dataTypes = dt.map((t, j) => {
        if (typeof t !== 'string' || !t.trim()) { this.err([...p, 'dataTypes', j], 'RULE004', 'a data type is a table name'); return ''; }
        return t.trim();
      }).filter(Boolean);
      connectors.push({ connectorId, dataTypes });
    });

    let queryFrequency = 0, queryPeriod = 0;
    let triggerOperator: TriggerOperator = 'gt', triggerThreshold = 0;
    if (kind === 'Scheduled') {
      if (o.queryFrequency === undefined) this.err([], 'RULE003', `missing required field 'queryFrequency'`);
      if (o.queryPeriod === undefined) this.err([], 'RULE003', `missing required field 'queryPeriod'`);
      const f = this.duration(o, 'queryFrequency', 5 * MINUTE, 14 * DAY);
      const p = this.duration(o, 'queryPeriod', 5 * MINUTE, 14 * DAY);
      if (f !== undefined && p !== undefined) {
        if (p < f) this.err(['queryPeriod'], 'RULE012', `queryPeriod (${formatDuration(p)}) must be at least queryFrequency (${formatDuration(f)})`);
        if (p >= 2 * DAY && f < HOUR) this.err(['queryFrequency'], 'RULE013', `with queryPeriod of 2 days or more, queryFrequency must be at least 1h (is ${formatDuration(f)})`);
      }
      queryFrequency = f ?? HOUR; queryPeriod = p ?? Math.max(queryFrequency, HOUR);
    } else if (kind === 'NRT') {
      for (const k of ['queryFrequency', 'queryPeriod']) if (o[k] !== undefined) this.warn([k], 'RULE014', `'${k}' is ignored for NRT rules (they run every minute)`, true);
      queryFrequency = MINUTE; queryPeriod = MINUTE;
    }
    if (kind === 'Scheduled' || (kind === 'NRT' && o.triggerOperator !== undefined)) {
      const op = this.str(o, 'triggerOperator', [], kind === 'Scheduled');
      if (op !== undefined) {
        const t = TRIGGER_OPS[op.toLowerCase()];
        if (!t) this.err(['triggerOperator'], 'RULE015', `triggerOperator '${op}' is not one of gt, lt, eq, ne`); else triggerOperator = t;
      }
      const th = o.triggerThreshold;
      if (th === undefined) { if (kind === 'Scheduled') this.err([], 'RULE003', `missing required field 'triggerThreshold'`); }
      else if (typeof th !== 'number' || !Number.isInteger(th) || th < 0 || th > 10000) this.err(['triggerThreshold'], 'RULE016', `triggerThreshold must be an integer from 0 to 10000, got '${String(th)}'`);
      else triggerThreshold = th;
    }

    const tactics: string[] = [];
    this.list(o, 'tactics', [])?.forEach((t, i) => {
      const s = String(t);
      const hit = TACTICS.find((x) => x.toLowerCase() === s.replace(/\s+/g, '').toLowerCase());
      if (!hit) this.err(['tactics', i], 'RULE017', `unknown tactic '${s}' (e.g. LateralMovement, InitialAccess)`);
      else { if (hit !== s) this.warn(['tactics', i], 'RULE017', `tactic '${s}' is spelled '${hit}' by Sentinel`); tactics.push(hit); }
    });
    const techniques: string[] = [];
    this.list(o, 'relevantTechniques', [])?.forEach((t, i) => {
      const s = String(t).trim();
      if (!TECHNIQUE_RE.test(s)) this.err(['relevantTechniques', i], 'RULE018', `technique '${s}' is not an ATT&CK id like T1021 or T1021.007`);
      else techniques.push(s);
    });
    if (analytic && tactics.length === 0 && o.tactics === undefined) this.warn([], 'RULE019', `no 'tactics'`);

    const query = this.str(o, 'query', [], true) ?? '';
    if (query.length > 10000) this.err(['query'], 'RULE020', `query is ${query.length} characters; Sentinel allows 10000`);

    const entityMappings = this.entities(o);
    const customDetails = this.customDetails(o);
    const alertDetailsOverride = this.override(o);

    let aggregationKind: AggregationKind = 'SingleAlert';
    const eg = o.eventGroupingSettings;
    if (eg !== undefined) {
      if (!isObj(eg)) this.err(['eventGroupingSettings'], 'RULE028', `'eventGroupingSettings' is {aggregationKind: SingleAlert|AlertPerResult}`);
      else {
        const ak = this.str(eg, 'aggregationKind', ['eventGroupingSettings'], true);
        if (ak === 'SingleAlert' || ak === 'AlertPerResult') aggregationKind = ak;
        else if (ak !== undefined) this.err(['eventGroupingSettings', 'aggregationKind'], 'RULE021', `aggregationKind '${ak}' is not SingleAlert or AlertPerResult`);
      }
    }

    let suppressionEnabled = false, suppressionDuration = 0;
    if (o.suppressionEnabled !== undefined) {
      if (typeof o.suppressionEnabled !== 'boolean') this.err(['suppressionEnabled'], 'RULE027', `'suppressionEnabled' must be true or false`);
      else suppressionEnabled = o.suppressionEnabled;
    }
    if (o.suppressionDuration !== undefined) suppressionDuration = this.duration(o, 'suppressionDuration', 5 * MINUTE, 24 * HOUR) ?? 0;
    else if (suppressionEnabled) this.err(['suppressionEnabled'], 'RULE003', `suppressionEnabled needs 'suppressionDuration'`);

    const incident = this.incident(o, Object.keys(customDetails));
    const cloudhop = this.cloudhop(o);

    let enabled = true;
    if (o.enabled !== undefined) { if (typeof o.enabled === 'boolean') enabled = o.enabled; else this.err(['enabled'], 'RULE027', `'enabled' must be true or false`); }
    const status = this.str(o, 'status', [], false);
    const version = this.str(o, 'version', [], false);
    if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) this.warn(['version'], 'RULE022', `version '${version}' is not of the form 1.0.0`);

    return {
      file: this.src.file, kind, id, name, description, severity, requiredDataConnectors: connectors,
      queryFrequency, queryPeriod, triggerOperator, triggerThreshold, tactics, relevantTechniques: techniques,
      query, queryPosition: this.queryPositionMap(), entityMappings, customDetails, alertDetailsOverride, aggregationKind,
      suppressionEnabled, suppressionDuration, incident, version, status, enabled,
      tags: Array.isArray(o.tags) ? o.tags : [], cloudhop, source: o, at: (path) => this.src.pos(path),
    };
  }

  entities(o: Obj): EntityMapping[] {
    const out: EntityMapping[] = [];
    const list = this.list(o, 'entityMappings', []);
    if (!list) return out;
    if (list.length > 5) this.err(['entityMappings', 5], 'RULE030', `${list.length} entity mappings; Sentinel allows at most 5`);
    if (list.length === 0) this.err(['entityMappings'], 'RULE030', `'entityMappings' is empty (omit it, or map 1 to 5 entities)`);
    list.forEach((m, i) => {
      const p = ['entityMappings', i];
      if (!isObj(m)) { this.err(p, 'RULE028', 'an entity mapping is {entityType, fieldMappings}'); return; }
      const et = this.str(m, 'entityType', p, true);
      const found = et !== undefined ? entityTypeNamed(et) : undefined;
      if (et !== undefined && !found) this.err([...p, 'entityType'], 'RULE031', `unknown entity type '${et}' (${Object.keys(ENTITY_TYPES).join(', ')})`);
      else if (found && found[0] !== et) this.warn([...p, 'entityType'], 'RULE031', `entity type '${et}' is spelled '${found[0]}'`);
      const fms = this.list(m, 'fieldMappings', p);
      if (m.fieldMappings === undefined) this.err(p, 'RULE003', `missing 'fieldMappings'`);
      if (!fms) return;
      if (fms.length === 0) this.err([...p, 'fieldMappings'], 'RULE032', 'an entity mapping needs 1 to 3 field mappings');
      if (fms.length > 3) this.err([...p, 'fieldMappings', 3], 'RULE032', `${fms.length} identifiers mapped; Sentinel allows at most 3 per entity`);
      const fieldMappings: { identifier: string; columnName: string }[] = [];
      fms.forEach((f, j) => {
        const fp = [...p, 'fieldMappings', j];
        if (!isObj(f)) { this.err(fp, 'RULE028', 'a field mapping is {identifier, columnName}'); return; }
        const id = this.str(f, 'identifier', fp, true);
        const col = this.str(f, 'columnName', fp, true);
        let ident = id;
        if (id !== undefined && found && !found[1].identifiers.includes(id)) {
          const ci = found[1].identifiers.find((x) => x.toLowerCase() === id.toLowerCase());
          if (ci) { this.warn([...fp, 'identifier'], 'RULE033', `identifier '${id}' is spelled '${ci}'`); ident = ci; }
          else this.err([...fp, 'identifier'], 'RULE033', `'${id}' is not an identifier of ${found[0]} (${found[1].identifiers.join(', ')})`);
        }
        if (col !== undefined && !/^[A-Za-z_][\w]*$/.test(col)) this.err([...fp, 'columnName'], 'RULE034', `columnName '${col}' is not a column name`);
        if (fieldMappings.some((x) => x.identifier === ident)) this.err([...fp, 'identifier'], 'RULE035', `identifier '${id}' is mapped twice`);
        if (ident !== undefined && col !== undefined) fieldMappings.push({ identifier: ident, columnName: col });
      });
      if (found && fieldMappings.length && !found[1].required.some((set) => set.every((r) => fieldMappings.some((fm) => fm.identifier === r)))) {
        this.err([...p, 'fieldMappings'], 'RULE036', `${found[0]} needs one of these identifier sets: ${found[1].required.map((s) => s.join('+')).join(' | ')}`);
      }
      if (found) out.push({ entityType: found[0], fieldMappings });
    });
    return out;
  }

  customDetails(o: Obj): Record<string, string> {
    const out: Record<string, string> = {};
    const cd = o.customDetails;
    if (cd === undefined || cd === null) return out;
    if (!isObj(cd)) { this.err(['customDetails'], 'RULE028', `'customDetails' is a mapping Key: Column`); return out; }
    const keys = Object.keys(cd);
    if (keys.length > 20) this.err(['customDetails', keys[20]!], 'RULE040', `${keys.length} custom details; Sentinel allows at most 20`, true);
    for (const k of keys) {
      if (!/^[a-zA-Z]+\w*$/.test(k) || k.length > 20) this.err(['customDetails', k], 'RULE041', `custom detail key '${k}' must start with a letter, use only [A-Za-z0-9_] and be at most 20 characters`, true);
      const c = cd[k];
      if (typeof c !== 'string' || !/^[a-zA-Z_]+\w*$/.test(c)) { this.err(['customDetails', k], 'RULE042', `custom detail '${k}' must name a result column`); continue; }
      out[k] = c;
    }
    return out;
  }

  override(o: Obj): AlertDetailsOverride | undefined {
    const a = o.alertDetailsOverride;
    if (a === undefined || a === null) return undefined;
    const P = ['alertDetailsOverride'];
    if (!isObj(a)) { this.err(P, 'RULE028', `'alertDetailsOverride' is a mapping`); return undefined; }
    const known = ['alertDisplayNameFormat', 'alertDescriptionFormat', 'alertSeverityColumnName', 'alertTacticsColumnName', 'alertDynamicProperties'];
    for (const k of Object.keys(a)) if (!known.includes(k)) this.err([...P, k], 'RULE050', `unknown alertDetailsOverride field '${k}' (${known.join(', ')})`, true);
    const fmt = (k: string, max: number): string | undefined => {
      const s = this.str(a, k, P, false);
      if (s === undefined) return undefined;
      if (s.trim() === '') { this.err([...P, k], 'RULE051', `'${k}' must not be empty`); return undefined; }
      if (s.length > max) this.err([...P, k], 'RULE051', `'${k}' is longer than ${max} characters`);
      const n = [...s.matchAll(PLACEHOLDER_RE)].length;
      if (n > 3) this.err([...P, k], 'RULE052', `'${k}' uses ${n} {{Column}} placeholders; Sentinel allows at most 3`);
      return s;
    };
    const dyn: { alertProperty: string; value: string }[] = [];
    const props = ['AlertLink', 'ConfidenceLevel', 'ConfidenceScore', 'ExtendedLinks', 'ProductComponentName', 'ProductName', 'ProviderName', 'RemediationSteps', 'Techniques', 'SubTechniques'];
    this.list(a, 'alertDynamicProperties', P)?.forEach((d, i) => {
      const p = [...P, 'alertDynamicProperties', i];
      if (!isObj(d)) { this.err(p, 'RULE028', 'a dynamic property is {alertProperty, value}'); return; }
      const ap = this.str(d, 'alertProperty', p, true), val = this.str(d, 'value', p, true);
      if (ap !== undefined && !props.includes(ap)) this.err([...p, 'alertProperty'], 'RULE053', `unknown alertProperty '${ap}' (${props.join(', ')})`);
      if (ap !== undefined && val !== undefined) dyn.push({ alertProperty: ap, value: val });
    });
    return {
      alertDisplayNameFormat: fmt('alertDisplayNameFormat', 256),
      alertDescriptionFormat: fmt('alertDescriptionFormat', 5000),
      alertSeverityColumnName: this.str(a, 'alertSeverityColumnName', P, false),
      alertTacticsColumnName: this.str(a, 'alertTacticsColumnName', P, false),
      alertDynamicProperties: dyn.length ? dyn : undefined,
    };
  }

  incident(o: Obj, customKeys: string[]): IncidentConfiguration {
    const def: IncidentConfiguration = {
      createIncident: true,
      grouping: { enabled: false, reopenClosedIncident: false, lookbackDuration: 5 * HOUR, matchingMethod: 'AllEntities', groupByEntities: [], groupByAlertDetails: [], groupByCustomDetails: [] },
    };
    const ic = o.incidentConfiguration;
    if (ic === undefined || ic === null) return def;
    const P = ['incidentConfiguration'];
    if (!isObj(ic)) { this.err(P, 'RULE028', `'incidentConfiguration' is a mapping`); return def; }
    const bool = (obj: Obj, k: string, path: YamlPath, d: boolean): boolean => {
      const v = obj[k];
      if (v === undefined || v === null) return d;
      if (typeof v !== 'boolean') { this.err([...path, k], 'RULE027', `'${k}' must be true or false`); return d; }
      return v;
    };
    const createIncident = bool(ic, 'createIncident', P, true);
    const g = ic.groupingConfiguration;
    if (g === undefined || g === null) return { createIncident, grouping: def.grouping };
    const G = [...P, 'groupingConfiguration'];
    if (!isObj(g)) { this.err(G, 'RULE028', `'groupingConfiguration' is a mapping`); return { createIncident, grouping: def.grouping }; }
    let lookback = 5 * HOUR;
    if (g.lookbackDuration !== undefined) {
      const d = parseDuration(String(g.lookbackDuration));
      if (d === undefined) this.err([...G, 'lookbackDuration'], 'RULE010', `lookbackDuration: bad duration '${String(g.lookbackDuration)}'`);
      else if (d < 5 * MINUTE || d > 7 * DAY) this.err([...G, 'lookbackDuration'], 'RULE011', `lookbackDuration is ${formatDuration(d)}; Sentinel allows 5m to 7d`);
      else lookback = d;
    }
    let matchingMethod: MatchingMethod = 'AllEntities';
    const mm = this.str(g, 'matchingMethod', G, false);
    if (mm !== undefined) {
      if (mm === 'AllEntities' || mm === 'AnyAlert' || mm === 'Selected') matchingMethod = mm;
      else this.err([...G, 'matchingMethod'], 'RULE060', `matchingMethod '${mm}' is not AllEntities, AnyAlert or Selected`);
    }
    const strList = (k: string, allowed: ((s: string) => boolean) | undefined, what: string): string[] => {
      const out: string[] = [];
      this.list(g, k, G)?.forEach((x, i) => {
        const s = String(x);
        if (allowed && !allowed(s)) this.err([...G, k, i], 'RULE061', `'${s}' is not ${what}`); else out.push(s);
      });
      return out;
    };
    const groupByEntities = strList('groupByEntities', (s) => s in ENTITY_TYPES, `an entity type (${Object.keys(ENTITY_TYPES).join(', ')})`);
    const groupByAlertDetails = strList('groupByAlertDetails', (s) => s === 'DisplayName' || s === 'Severity', 'DisplayName or Severity');
    const groupByCustomDetails = strList('groupByCustomDetails', (s) => customKeys.includes(s), 'a key of customDetails');
    if (matchingMethod === 'Selected' && !groupByEntities.length && !groupByAlertDetails.length && !groupByCustomDetails.length) {
      this.err([...G, 'matchingMethod'], 'RULE062', `matchingMethod Selected needs groupByEntities, groupByAlertDetails or groupByCustomDetails`);
    }
    return {
      createIncident,
      grouping: {
        enabled: bool(g, 'enabled', G, false), reopenClosedIncident: bool(g, 'reopenClosedIncident', G, false),
        lookbackDuration: lookback, matchingMethod, groupByEntities, groupByAlertDetails, groupByCustomDetails,
      },
    };
  }

  cloudhop(o: Obj): CloudhopBlock {
    const c = o.cloudhop;
    if (c === undefined || c === null) return {};
    if (!isObj(c)) { this.err(['cloudhop'], 'RULE070', `'cloudhop' is a mapping (confidence, dataSources, falsePositives, ...)`); return {}; }
    for (const k of Object.keys(c)) if (!CLOUDHOP_KEYS.has(k)) this.warn(['cloudhop', k], 'RULE071', `unknown cloudhop field '${k}'`, true);
    const conf = c.confidence;
    if (conf !== undefined) {
      const ok = (typeof conf === 'string' && /^(high|medium|low)$/i.test(conf)) || (typeof conf === 'number' && conf >= 0 && conf <= 100);
      if (!ok) this.err(['cloudhop', 'confidence'], 'RULE072', `confidence must be high, medium, low or 0-100`);
    }
    if (c.baseline !== undefined && typeof c.baseline !== 'boolean') this.err(['cloudhop', 'baseline'], 'RULE073', `baseline must be true or false`);
    return c as CloudhopBlock;
  }

  /** Maps line/col in the query text to the file, for block scalars (`query: |`) exactly. */
  queryPositionMap(): QueryPositionMap {
    return scalarPositionMap(this.src, ['query']);
  }

}

export interface LoadedPack {
  /** Analytic rules (Scheduled / NRT) without errors. */
  readonly rules: Rule[];
  /** Hunting queries without errors. */
  readonly hunting: Rule[];
  readonly problems: Problem[];
  /** Rules that have schema errors but could be read (their queries are still linted). */
  readonly drafts: Rule[];
  /** Every rule file read (relative display names). */
  readonly files: string[];
  /** Test files found (absolute paths). */
  readonly testFiles: string[];
  /** watchlists/ folders found inside the packs. */
  readonly watchlistDirs: string[];
  /** Stored functions of the packs' functions/ folders (every rule of the packs may call them). */
  readonly functions: LoadedFunction[];
}

export function isTestFile(name: string): boolean { return /\.tests\.ya?ml$/i.test(name); }

/** Loads every rule file under the given folders (or files). Problems of all files are collected. */
export function loadPack(paths: readonly string[], cwd = process.cwd()): LoadedPack {
  const out: LoadedPack = { rules: [], hunting: [], drafts: [], problems: [], files: [], testFiles: [], watchlistDirs: [], functions: [] };
  const knownFunctions = new Map<string, LoadedFunction>();
  const loadedFunctionDirs = new Set<string>();
  const ids = new Map<string, string>();
  const visit = (p: string): void => {
    let st;
    try { st = statSync(p); } catch { out.problems.push({ file: p, line: 1, col: 1, severity: 'error', code: 'RULE000', message: 'no such file or folder' }); return; }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        if (name.startsWith('.') || name === 'node_modules') continue;
        if (name === 'watchlists' && statSync(child).isDirectory()) { out.watchlistDirs.push(child); continue; }
        if (name === 'functions' && statSync(child).isDirectory()) {
          if (!loadedFunctionDirs.has(resolve(child))) { loadedFunctionDirs.add(resolve(child)); out.functions.push(...loadFunctionDir(child, out.problems, knownFunctions, cwd)); }
          continue;
        }
        if (statSync(child).isDirectory()) visit(child);
        else if (/\.ya?ml$/i.test(name)) visit(child);
      }
      return;
    }
    if (isTestFile(basename(p))) { out.testFiles.push(p); return; }
    const display = relative(cwd, p) || p;
    out.files.push(display);
    const r = loadRuleFile(p, display.startsWith('..') ? p : display);
    out.problems.push(...r.problems);
    if (r.draft && r.draft.query) out.drafts.push(r.draft);
    if (!r.rule) return;
    const prev = ids.get(r.rule.id.toLowerCase());
    if (prev) {
      const at = r.rule.at(['id']);
      out.problems.push({ file: r.rule.file, line: at.line, col: at.col, severity: 'error', code: 'RULE009', message: `id ${r.rule.id} is also used by ${prev}` });
      return;
    }
    ids.set(r.rule.id.toLowerCase(), r.rule.file);
    (r.rule.kind === 'Hunting' ? out.hunting : out.rules).push(r.rule);
  };
  for (const p of paths) {
    if (!existsSync(p)) { out.problems.push({ file: p, line: 1, col: 1, severity: 'error', code: 'RULE000', message: 'no such file or folder' }); continue; }
    visit(p);
    // A rule file given on its own still sees its pack's functions and watchlists (the folders beside it).
    if (statSync(p).isFile()) {
      const fdir = join(dirname(p), 'functions'), wdir = join(dirname(p), 'watchlists');
      if (existsSync(fdir) && statSync(fdir).isDirectory() && !loadedFunctionDirs.has(resolve(fdir))) {
        loadedFunctionDirs.add(resolve(fdir));
        out.functions.push(...loadFunctionDir(fdir, out.problems, knownFunctions, cwd));
      }
      if (existsSync(wdir) && statSync(wdir).isDirectory() && !out.watchlistDirs.some((d) => resolve(d) === resolve(wdir))) out.watchlistDirs.push(wdir);
    }
  }
  // Like a Sentinel workspace's saved functions: every rule of the packs sees all of them.
  if (out.functions.length) for (const list of [out.rules, out.hunting, out.drafts]) list.forEach((r, i) => { list[i] = { ...r, functions: out.functions }; });
  return out;
}
