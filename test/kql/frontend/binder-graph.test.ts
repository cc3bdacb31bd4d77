/**
 * Binder: output schemas of the graph operators (binder/graph.ts), each query beside its expected
 * `check` schema, and the same columns from execution (check and execute agree).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/kql/check.js';
import { execute } from '../../../src/kql/execute.js';
import { builtinCatalog } from '../../../src/store/schemas/index.js';

const catalog = builtinCatalog([]);
const DATA = `let nodes = datatable(name:string, age:long)["Alice", 32, "Bob", 31, "Eve", 27];
let edges = datatable(src:string, dst:string, kind:string)["Bob", "Alice", "boss", "Eve", "Bob", "boss"];
`;

function schemas(q: string): { checked: string; executed: string } {
  const r = check(DATA + q, { catalog });
  assert.deepEqual(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`), [], q);
  const x = execute(DATA + q, { tables: new Map() });
  assert.ok(x.ok, q);
  return {
    checked: (r.schema ?? []).map((c) => `${c.name}:${c.type}`).join(', '),
    executed: x.ok ? x.result.table.fields.map((f) => `${f.name}:${f.column.type}`).join(', ') : '',
  };
}

test('graph operators: check gives the executed schema', () => {
  const cases: [string, string][] = [
    ['edges | make-graph src --> dst with nodes on name | graph-match (a)-[e]->(b) project a.name, b.age, e.kind, d = node_degree_in(b), n = node_id(a)',
      'a_name:string, b_age:long, e_kind:string, d:long, n:string'],
    ['edges | make-graph src --> dst with nodes on name | graph-match (a)-[e*1..2]->(b) where any(e, kind == "boss") project path = map(e, dst), inner = map(inner_nodes(e), age)',
      'path:dynamic, inner:dynamic'],
    ['edges | make-graph src --> dst with nodes on name | graph-shortest-paths (a)-[e*1..3]->(b) where a.name == "Eve" project b.name',
      'b_name:string'],
    ['edges | make-graph src --> dst with nodes on name | graph-to-table nodes with_node_id=id', 'id:string, name:string, age:long'],
    ['edges | make-graph src --> dst with_node_id=who | graph-mark-components | graph-to-table nodes', 'who:string, ComponentId:long'],
    ['edges | make-graph src --> dst with_node_id=who | graph-to-table edges with_source_id=s with_target_id=t', 's:string, t:string, src:string, dst:string, kind:string'],
  ];
  for (const [q, want] of cases) {
    const s = schemas(q);
    assert.equal(s.checked, want, q);
    assert.equal(s.executed, want, q);
  }
});

test('graph-match: a property the graph does not have is KQL100 at the property', () => {
  const r = check(DATA + 'edges | make-graph src --> dst with nodes on name | graph-match (a)-[e]->(b) project a.nme', { catalog });
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.message}`), ["KQL100 Unknown column or variable 'nme'. Did you mean 'name'?"]);
  assert.equal(r.diagnostics[0]!.line, 3);
});
