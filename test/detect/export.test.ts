import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine, loadPack } from '../../src/detect/index.js';
import { builtinCatalog } from '../../src/store/schemas/index.js';
import { ARM_RESOURCE_TYPE } from '../../src/detect/export.js';
import { TACTICS } from '../../src/detect/rule.js';
import { parseDuration, MINUTE, DAY } from '../../src/detect/duration.js';
import { cloudhop } from './cli.js';

// Acceptance 4: `cloudhop export --sentinel DIR` writes ARM templates with the structure of the
// Microsoft.OperationalInsights/workspaces/providers/alertRules resource; each query checks clean.

const COMMON = ['displayName', 'description', 'severity', 'enabled', 'query', 'tactics', 'techniques', 'subTechniques', 'alertRuleTemplateName',
  'incidentConfiguration', 'alertDetailsOverride', 'customDetails', 'entityMappings'];
const SCHEDULED = [...COMMON, 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold', 'suppressionDuration', 'suppressionEnabled', 'eventGroupingSettings'];
const ISO = /^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;

/** Problems of one template against the ARM alert-rule structure (empty: valid). */
function armProblems(t: Record<string, any>): string[] {
  const p: string[] = [];
  const need = (ok: unknown, what: string): void => { if (!ok) p.push(what); };
  need(t.$schema === 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', '$schema');
  need(/^\d+\.\d+\.\d+\.\d+$/.test(t.contentVersion), 'contentVersion');
  need(t.parameters?.workspace?.type === 'String', 'parameters.workspace');
  need(Array.isArray(t.resources) && t.resources.length === 1, 'one resource');
  const r = t.resources?.[0] ?? {};
  need(r.type === ARM_RESOURCE_TYPE, 'type');
  need(r.kind === 'Scheduled' || r.kind === 'NRT', 'kind');
  need(/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(r.apiVersion), 'apiVersion');
  need(/^\[concat\(parameters\('workspace'\),'\/Microsoft\.SecurityInsights\/[0-9a-f-]{36}'\)\]$/.test(r.name), 'name');
  const pr = r.properties ?? {};
  const allowed = r.kind === 'NRT' ? COMMON : SCHEDULED;
  for (const k of Object.keys(pr)) need(allowed.includes(k), `unexpected property ${k}`);
  for (const k of ['displayName', 'severity', 'enabled', 'query']) need(pr[k] !== undefined, `properties.${k}`);
  need(typeof pr.displayName === 'string' && pr.displayName.length > 0 && pr.displayName.length <= 256, 'displayName');
  need(['Informational', 'Low', 'Medium', 'High'].includes(pr.severity), 'severity');
  need(typeof pr.enabled === 'boolean', 'enabled');
  need(typeof pr.query === 'string' && pr.query.length > 0 && pr.query.length <= 10000, 'query');
  need(Array.isArray(pr.tactics) && pr.tactics.every((x: string) => TACTICS.includes(x)), 'tactics');
  need(Array.isArray(pr.techniques) && pr.techniques.every((x: string) => /^T\d{4}$/.test(x)), 'techniques');
  need(Array.isArray(pr.subTechniques) && pr.subTechniques.every((x: string) => /^T\d{4}\.\d{3}$/.test(x)), 'subTechniques');
  if (r.kind === 'Scheduled') {
    for (const k of ['queryFrequency', 'queryPeriod']) {
      const d = parseDuration(pr[k]);
      need(ISO.test(pr[k]) && d !== undefined && d >= 5 * MINUTE && d <= 14 * DAY, k);
    }
    need(parseDuration(pr.queryPeriod)! >= parseDuration(pr.queryFrequency)!, 'queryPeriod >= queryFrequency');
    need(['GreaterThan', 'LessThan', 'Equal', 'NotEqual'].includes(pr.triggerOperator), 'triggerOperator');
    need(Number.isInteger(pr.triggerThreshold) && pr.triggerThreshold >= 0 && pr.triggerThreshold <= 10000, 'triggerThreshold');
    need(ISO.test(pr.suppressionDuration) && typeof pr.suppressionEnabled === 'boolean', 'suppression');
    need(['SingleAlert', 'AlertPerResult'].includes(pr.eventGroupingSettings?.aggregationKind), 'eventGroupingSettings');
  }
  const g = pr.incidentConfiguration?.groupingConfiguration;
  need(typeof pr.incidentConfiguration?.createIncident === 'boolean' && g && typeof g.enabled === 'boolean' && ISO.test(g.lookbackDuration)
    && ['AllEntities', 'AnyAlert', 'Selected'].includes(g.matchingMethod), 'incidentConfiguration');
  if (pr.entityMappings !== null) {
    need(Array.isArray(pr.entityMappings) && pr.entityMappings.length >= 1 && pr.entityMappings.length <= 5, 'entityMappings count');
    for (const m of pr.entityMappings ?? []) need(typeof m.entityType === 'string' && m.fieldMappings.length >= 1 && m.fieldMappings.length <= 3
      && m.fieldMappings.every((f: any) => typeof f.identifier === 'string' && typeof f.columnName === 'string'), 'entity mapping');
  }
  if (pr.customDetails !== null) need(Object.keys(pr.customDetails).length <= 20, 'customDetails count');
  return p;
}

for (const [label, src] of [['Sentinel-shaped fixtures', 'test/detect/fixtures/sentinel-shapes'], ['built-in pack', 'rules']] as const) {
  test(`export --sentinel (${label}): ARM structure and queries that check clean`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'arm-'));
    const r = cloudhop(['export', '--sentinel', out, '--rules', src]);
    const files = readdirSync(out).filter((f) => f.endsWith('.json'));
    assert.ok(files.length > 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`wrote ${files.length} ARM template`));
    const engine = await loadEngine();
    for (const f of files) {
      const t = JSON.parse(readFileSync(join(out, f), 'utf8'));
      assert.deepEqual(armProblems(t), [], f);
      // the pack's stored functions are deployed before its rules (export writes them to functions/)
      const c = engine.check(t.resources[0].properties.query, { catalog: { ...builtinCatalog(), functions: loadPack([src]).functions } });
      assert.deepEqual(c.diagnostics.filter((d) => d.severity === 'error'), [], f);
    }
    if (label === 'Sentinel-shaped fixtures') {
      assert.equal(files.length, 8); // hunting queries are not exported
      assert.equal(r.code, 0);
      const nrt = JSON.parse(readFileSync(join(out, 'nrt-app-credential-added.json'), 'utf8')).resources[0];
      assert.equal(nrt.kind, 'NRT');
      assert.deepEqual(nrt.properties.subTechniques, ['T1098.001']);
      assert.deepEqual(nrt.properties.techniques, ['T1098', 'T1550']);
      const sched = JSON.parse(readFileSync(join(out, 'new-country-auth.json'), 'utf8')).resources[0].properties;
      assert.equal(sched.queryFrequency, 'P1D');
      assert.equal(sched.queryPeriod, 'P14D');
      assert.equal(sched.triggerOperator, 'GreaterThan');
    }
  });
}
