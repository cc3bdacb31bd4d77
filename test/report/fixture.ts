import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport, type ReportAlert } from '../../src/report/html.js';
import { incidentsFromAlerts } from '../../src/cli/commands/report.js';
import { scoreAlerts, evaluation } from '../../src/simulate/score.js';
import type { LabelsFile } from '../../src/simulate/index.js';

/** The report of fixtures/alerts.jsonl judged against fixtures/labels.json. */
const FIX = new URL('./fixtures/', import.meta.url).pathname;
export function fixtureReport(): string {
  const alerts = readFileSync(join(FIX, 'alerts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ReportAlert);
  const labels = JSON.parse(readFileSync(join(FIX, 'labels.json'), 'utf8')) as LabelsFile;
  const incidents = incidentsFromAlerts(alerts);
  const score = scoreAlerts(alerts, labels.scenarios);
  return renderReport({ title: 'fixture <report>', alerts, incidents, evaluation: evaluation(score, labels.scenarios, incidents, alerts.map((a) => a.alertId)) });
}

