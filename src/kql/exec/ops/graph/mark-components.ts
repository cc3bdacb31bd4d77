/**
 * `graph-mark-components [kind=weak|strong] [with_component_id=ComponentId]`: adds to every node
 * the long id of its connected component: weak (edges taken both ways) or strong (mutually
 * reachable). Components are numbered from 0 in the order of their first node.
 */
import type * as A from '../../../syntax/ast.js';
import { columnFromValues } from '../../batch.js';
import type { Graph } from './model.js';

export function markComponents(g: Graph, spec: A.GraphMarkComponentsSpec): Graph {
  const n = g.nodes.physLen;
  const comp = spec.kind === 'strong' ? strong(g) : weak(g);
  // Renumber in order of first node.
  const renum = new Map<number, number>();
  const ids: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let c = renum.get(comp[i]!);
    if (c === undefined) { c = renum.size; renum.set(comp[i]!, c); }
    ids[i] = c;
  }
  const name = spec.componentId?.name ?? 'ComponentId';
  const fields = g.nodes.fields.filter((f) => f.name !== name);
  fields.push({ name, column: columnFromValues('long', ids) });
  return { ...g, nodes: { fields, physLen: n } };
}

function weak(g: Graph): Int32Array {
  const n = g.nodes.physLen;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => { while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; } return x; };
  for (let e = 0; e < g.src.length; e++) {
    const a = find(g.src[e]!), b = find(g.dst[e]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  return Int32Array.from({ length: n }, (_, i) => find(i));
}

/** Strongly connected components (Tarjan, iterative). */
function strong(g: Graph): Int32Array {
  const n = g.nodes.physLen;
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let next = 0, count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; i: number }[] = [{ v: root, i: 0 }];
    index[root] = low[root] = next++; stack.push(root); onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1]!;
      const edges = g.out[top.v]!;
      if (top.i < edges.length) {
        const w = g.dst[edges[top.i++]!]!;
        if (index[w] === -1) { index[w] = low[w] = next++; stack.push(w); onStack[w] = 1; work.push({ v: w, i: 0 }); }
        else if (onStack[w]) low[top.v] = Math.min(low[top.v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) { const p = work[work.length - 1]!.v; low[p] = Math.min(low[p]!, low[top.v]!); }
      if (low[top.v] === index[top.v]) {
        for (;;) { const w = stack.pop()!; onStack[w] = 0; comp[w] = count; if (w === top.v) break; }
        count++;
      }
    }
  }
  return comp;
}
