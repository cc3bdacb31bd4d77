import type { Sink } from './sink.js';
import { iso } from './sink.js';

/** The ground truth in the LabelsFile shape shared by issue 11's generators. */
export interface Label {
  scenario: string; kind: 'attack' | 'benign'; class: string; variant: string; description: string; technique: string[];
  window: { start: string; end: string }; accounts: string[]; devices: string[]; ips: string[]; cloudIdentities: string[];
  rows: Record<string, number>; timeline: { time: string; table: string; step: string }[];
}
export type LabelDraft = Omit<Label, 'window' | 'rows' | 'timeline'>;

/** Completes drafts from what the sink recorded: rows per table, window (first to last row), timeline. */
export function finishLabels(drafts: LabelDraft[], sink: Sink): Label[] {
  return drafts.map((d) => {
    const s = sink.stats.get(d.scenario);
    if (!s) throw new Error(`tenant3: scenario ${d.scenario} produced no rows`);
    const uniq = (xs: string[]): string[] => [...new Set(xs.filter((x) => x))].sort();
    return { ...d, accounts: uniq(d.accounts), devices: uniq(d.devices), ips: uniq(d.ips), cloudIdentities: uniq(d.cloudIdentities), window: { start: iso(s.first), end: iso(s.last) }, rows: Object.fromEntries(Object.entries(s.rows).sort()), timeline: [...(sink.timelines.get(d.scenario) ?? [])].sort((a, b) => a.time.localeCompare(b.time)) };
  });
}
