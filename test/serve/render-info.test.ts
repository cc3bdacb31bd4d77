// A query's `render` reported with its result as Kusto does: the Visualization object in v2's
// @ExtendedProperties (QueryProperties) row, and in the Log Analytics response with
// `Prefer: include-render=true`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { visualizationOf } from '../../src/serve/render-info.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { tableFromRows } from '../../src/kql/index.js';

test('visualizationOf: kind and with (…) properties of the last render; none without render', () => {
  assert.equal(visualizationOf('T | take 5').Visualization, null);
  const v = visualizationOf('T | summarize n = count() by bin(TimeGenerated, 1h), Host\n| render timechart with (title="logons per host", ysplit=panels, ycolumns=n, m, series=Host, legend=hidden, ymin=0, accumulate=true, kind=stacked)');
  assert.deepEqual(
    { k: v.Visualization, t: v.Title, s: v.YSplit, y: v.YColumns, se: v.Series, l: v.Legend, ymin: v.Ymin, ymax: v.Ymax, a: v.Accumulate, kind: v.Kind },
    { k: 'timechart', t: 'logons per host', s: 'panels', y: 'n,m', se: 'Host', l: 'hidden', ymin: 0, ymax: 'NaN', a: true, kind: 'stacked' });
  assert.equal(visualizationOf("T | render piechart with (title='a, b')").Title, 'a, b');
  assert.equal(visualizationOf('T | render anomalychart with (anomalycolumns=a)').AnomalyColumns, 'a');
  assert.equal(visualizationOf('let x = T | render columnchart; x | render barchart').Visualization, 'barchart');
});

let server: RunningServer;
before(async () => {
  const t = tableFromRows('T', [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'n', type: 'long' }], [{ TimeGenerated: 0, n: 1 }]);
  server = await startServer({ tables: new Map([['T', t]]), token: 'render-test-token-0123456789' });
});
after(async () => { await server?.close(); });

const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> => {
  const r = await fetch(server.url + path, { method: 'POST', headers: { authorization: 'Bearer render-test-token-0123456789', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  assert.equal(r.status, 200);
  return r.json();
};

test('v2: the Visualization row of @ExtendedProperties carries the render; null without one', async () => {
  const frames = await post('/v2/rest/query', { db: 'x', csl: 'T | render columnchart with (title="t1")' }) as { TableKind?: string; Rows?: unknown[][] }[];
  const props = frames.find((f) => f.TableKind === 'QueryProperties')!;
  assert.equal(props.Rows![0]![1], 'Visualization');
  assert.deepEqual({ k: (props.Rows![0]![2] as { Visualization: string }).Visualization, t: (props.Rows![0]![2] as { Title: string }).Title }, { k: 'columnchart', t: 't1' });
  const plain = await post('/v2/rest/query', { db: 'x', csl: 'T' }) as { TableKind?: string; Rows?: unknown[][] }[];
  assert.deepEqual((plain.find((f) => f.TableKind === 'QueryProperties')!.Rows![0]![2] as { Visualization: null }).Visualization, null);
});

test('Log Analytics: render beside tables only with Prefer: include-render=true', async () => {
  const without = await post('/v1/workspaces/w/query', { query: 'T | render timechart' }) as Record<string, unknown>;
  assert.equal('render' in without, false);
  const withIt = await post('/v1/workspaces/w/query', { query: 'T | render timechart' }, { prefer: 'include-render=true' }) as { render: { Visualization: string } };
  assert.equal(withIt.render.Visualization, 'timechart');
});
