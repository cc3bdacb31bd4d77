import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleText } from '../../src/detect/loader.js';
import { groupIncidents, groupingSummary, describeGrouping, MAX_ALERTS_PER_INCIDENT } from '../../src/detect/incidents.js';
import { armTemplate } from '../../src/detect/export.js';
import type { Alert } from '../../src/detect/alert.js';
import type { AlertEntity } from '../../src/detect/entities.js';

// Input alerts beside the incidents expected from them. Each alert is written as
// "id time account host" and each expected incident as the ids of its alerts.

const HEAD = [
  'id: 11111111-2222-4333-8444-555555555555', 'name: R', 'description: d', 'severity: Medium', 'requiredDataConnectors: []',
  'queryFrequency: 1h', 'queryPeriod: 1h', 'triggerOperator: gt', 'triggerThreshold: 0', 'query: SigninLogs',
];
function ruleOf(...incidentYaml: string[]) {
  const r = loadRuleText('r.yaml', [...HEAD, ...incidentYaml].join('\n'));
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.rule!;
}

/** "a1 10:00 alice ws1" → an alert of rule `ruleId` on 2024-06-01 (host '-' = none); eventAt sets startTime/endTime. */
function alerts(ruleId: string, lines: string): Alert[] {
  return lines.trim().split('\n').map((l) => {
    const [id, hm, user, host, evStart, evEnd] = l.trim().split(/\s+/) as [string, string, string, string, string?, string?];
    const t = `2024-06-01T${hm}:00.0000000Z`;
    const entities: AlertEntity[] = [{ type: 'account', name: user }];
    if (host !== '-') entities.push({ type: 'host', hostName: host });
    return {
      alertId: id, ruleId, ruleName: 'R', severity: id.startsWith('h') ? 'High' : 'Medium', confidence: null, tactics: [], techniques: [],
      timeGenerated: t, startTime: evStart ? `2024-06-01T${evStart}:00.0000000Z` : t, endTime: evEnd ? `2024-06-01T${evEnd}:00.0000000Z` : t,
      title: 'R', description: '', entities, customDetails: {}, evidence: [], incidentId: null,
    };
  });
}
const groups = (xs: Alert[]): string[][] => {
  const m = new Map<string, string[]>();
  for (const a of xs) m.set(a.incidentId ?? `none:${a.alertId}`, [...(m.get(a.incidentId ?? `none:${a.alertId}`) ?? []), a.alertId]);
  return [...m.values()];
};

test('default grouping (rule says nothing): same rule + same entities within 5 h share an incident', () => {
  const rule = ruleOf();
  const input = alerts(rule.id, `
    a1 10:00 svc_build agent-1
    a2 10:00 svc_build agent-1
    a3 10:00 svc_build agent-2
    a4 12:00 svc_build agent-1
    a5 14:59 svc_build agent-1
    a6 15:01 svc_build agent-1
    a7 15:30 runner    agent-2
  `);
  const incidents = groupIncidents(input, new Map([[rule.id, rule]]));
  assert.deepEqual(groups(input), [
    ['a1', 'a2', 'a4', 'a5'], // same account + host, within 5 h of 10:00
    ['a3'], // another host
    ['a6'], // 5 h 1 min after the incident's first alert: a new incident
    ['a7'],
  ]);
  assert.equal(incidents.length, 4);
  assert.equal(describeGrouping(rule), 'by matching entities within 5h (default)');
  // The exported template carries the grouping the replay applied.
  const g = (armTemplate(rule).resources as { properties: { incidentConfiguration: { groupingConfiguration: Record<string, unknown> } } }[])[0]!.properties.incidentConfiguration.groupingConfiguration;
  assert.equal(g.enabled, true);
  assert.equal(g.matchingMethod, 'AllEntities');
  assert.equal(g.lookbackDuration, 'PT5H');
});

test('a rule that writes its grouping is taken at its word: enabled false = one incident per alert', () => {
  const rule = ruleOf('incidentConfiguration:', '  createIncident: true', '  groupingConfiguration:', '    enabled: false');
  const input = alerts(rule.id, `
    a1 10:00 alice ws1
    a2 10:05 alice ws1
  `);
  groupIncidents(input, new Map([[rule.id, rule]]));
  assert.deepEqual(groups(input), [['a1'], ['a2']]);
  assert.equal(describeGrouping(rule), 'one incident per alert (grouping disabled)');
});

test('Selected by Account: the host does not count; AnyAlert: everything of the rule within the window', () => {
  const sel = ruleOf('incidentConfiguration:', '  groupingConfiguration:', '    enabled: true', '    lookbackDuration: 2h', '    matchingMethod: Selected', '    groupByEntities: [Account]');
  const input = alerts(sel.id, `
    a1 10:00 alice ws1
    a2 11:00 alice ws2
    a3 11:30 bob   ws1
    a4 12:30 alice ws1
  `);
  groupIncidents(input, new Map([[sel.id, sel]]));
  assert.deepEqual(groups(input), [['a1', 'a2'], ['a3'], ['a4']]);
  assert.equal(describeGrouping(sel), 'by Account within 2h');
  const any = ruleOf('incidentConfiguration:', '  groupingConfiguration:', '    enabled: true', '    matchingMethod: AnyAlert');
  const input2 = alerts(any.id, `
    a1 10:00 alice ws1
    a2 11:00 bob   ws2
  `);
  groupIncidents(input2, new Map([[any.id, any]]));
  assert.deepEqual(groups(input2), [['a1', 'a2']]);
});

test('createIncident false: no incident, incidentId null', () => {
  const rule = ruleOf('incidentConfiguration:', '  createIncident: false');
  const input = alerts(rule.id, 'a1 10:00 alice ws1');
  assert.equal(groupIncidents(input, new Map([[rule.id, rule]])).length, 0);
  assert.equal(input[0]!.incidentId, null);
});

test('incident record: highest severity, run times and event times, merged entities', () => {
  const rule = ruleOf();
  const input = alerts(rule.id, `
    m1 10:00 alice ws1 09:40 09:50
    h2 11:00 alice ws1 08:15 10:20
  `);
  const [inc] = groupIncidents(input, new Map([[rule.id, rule]]));
  assert.equal(inc!.severity, 'High');
  assert.equal(inc!.firstAlertTime, '2024-06-01T10:00:00.0000000Z');
  assert.equal(inc!.lastAlertTime, '2024-06-01T11:00:00.0000000Z');
  assert.equal(inc!.firstEventTime, '2024-06-01T08:15:00.0000000Z');
  assert.equal(inc!.lastEventTime, '2024-06-01T10:20:00.0000000Z');
  assert.deepEqual(inc!.entities, [{ type: 'account', name: 'alice' }, { type: 'host', hostName: 'ws1' }]);
});

test(`an incident holds at most ${MAX_ALERTS_PER_INCIDENT} alerts; the summary line says so`, () => {
  const rule = ruleOf();
  const lines = Array.from({ length: MAX_ALERTS_PER_INCIDENT + 2 }, (_, i) => `a${i} 10:00 svc agent`).join('\n');
  const input = alerts(rule.id, lines);
  const incidents = groupIncidents(input, new Map([[rule.id, rule]]));
  assert.deepEqual(incidents.map((i) => i.alertIds.length), [MAX_ALERTS_PER_INCIDENT, 2]);
  assert.equal(groupingSummary(input, incidents, [rule]),
    `152 alerts → 2 incidents (grouped per rule: 1 rule by matching entities within 5h (default); 1 incident reached 150 alerts, later alerts opened new ones; see docs/rules-format.md §3 "Incidents")`);
});

test('the seed rule (shipped verbatim, run with --with-seed) groups per account and host', async () => {
  const { loadPack, builtinRulesDir, withBaselineRules } = await import('../../src/detect/index.js');
  const seed = withBaselineRules(loadPack([builtinRulesDir()]).rules).find((r) => r.cloudhop.baseline === true)!;
  assert.ok(seed.enabled);
  assert.equal(describeGrouping(seed), 'by matching entities within 5h (default)');
  // Its process rows map Account + Host, its sign-in rows Account + IP.
  assert.deepEqual([...new Set(seed.entityMappings.map((m) => m.entityType))], ['Account', 'Host', 'IP']);
  // One daily run: the same account on the same build agent is one incident, whatever the row count.
  const input = alerts(seed.id, `
    s1 00:00 svc_release6 agent-905
    s2 00:00 svc_release6 agent-905
    s3 00:00 svc_release6 agent-903
    s4 00:00 runner       agent-902
    s5 00:00 runner       agent-902
  `);
  groupIncidents(input, new Map([[seed.id, seed]]));
  assert.deepEqual(groups(input), [['s1', 's2'], ['s3'], ['s4', 's5']]);
});
