/**
 * Deterministic mutations of KQL queries for fuzzing the front end: deletions, insertions of
 * KQL-ish tokens, duplications, swaps, truncations and random characters.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Small, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['|', '(', ')', '[', ']', '{', '}', ',', ';', '.', '..', '=', '==', '!=', '=~', '*', '-', '+', '/', '%', ':',
  '"', "'", '```', '@"', "h'", '$left', '$right', 'let', 'where', 'project', 'summarize', 'by', 'on', 'join', 'kind=', 'union',
  'extend', 'mv-expand', 'mv-apply', 'parse', 'with', 'datatable', 'dynamic(', 'datetime(', 'toscalar(', 'in', '!in', 'has',
  'between', 'and', 'or', 'not(', 'typeof(', '1d', '0x', '1e', '\n', ' ', '//', '\u00e9', '\ud83d\ude00', '\u0000', '\\'];

export function mutate(q: string, r: () => number): string {
  const n = q.length;
  const pos = (): number => Math.floor(r() * (n + 1));
  let out = q;
  const k = 1 + Math.floor(r() * 3);
  for (let i = 0; i < k; i++) {
    const m = Math.floor(r() * 7);
    const a = Math.min(pos(), out.length), b = Math.min(out.length, a + Math.floor(r() * 12));
    switch (m) {
      case 0: out = out.slice(0, a) + out.slice(b); break;
      case 1: out = out.slice(0, a) + TOKENS[Math.floor(r() * TOKENS.length)] + out.slice(a); break;
      case 2: out = out.slice(0, a) + out.slice(a, b) + out.slice(a); break;
      case 3: out = out.slice(0, Math.floor(r() * (out.length + 1))); break;
      case 4: out = out.slice(0, a) + String.fromCharCode(Math.floor(r() * 128)) + out.slice(a + 1); break;
      case 5: { const c = Math.min(out.length, b + Math.floor(r() * 12)); out = out.slice(0, a) + out.slice(b, c) + out.slice(a, b) + out.slice(c); break; }
      default: out = out.slice(0, a) + TOKENS[Math.floor(r() * TOKENS.length)] + out.slice(b); break;
    }
  }
  return out;
}

/** Seed queries: the shared documentation corpus when present, else a built-in set. */
export function seedQueries(shared: string | undefined): string[] {
  const out: string[] = [];
  if (shared) {
    for (const f of ['docs-queries.jsonl', 'docs-examples.jsonl']) {
      const p = join(shared, 'conformance', f);
      if (!existsSync(p)) continue;
      for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) out.push((JSON.parse(line) as { query: string }).query);
    }
    const seed = join(shared, 'seed', 'T1021.007-seed.kql');
    if (existsSync(seed)) out.push(readFileSync(seed, 'utf8'));
  }
  if (out.length === 0) {
    out.push(
      'SigninLogs | where TimeGenerated > ago(1d) | summarize count() by bin(TimeGenerated, 1h), UserPrincipalName',
      'let x = dynamic(["a", "b"]); T | where a in (x) | project a, b = tostring(d.k) | top 5 by a desc',
      'datatable(a:long, b:string)[1, "x", 2, "y"] | join kind=leftouter (U | mv-expand c) on $left.a == $right.a',
      'print x = datetime(2024-01-01), y = 1.5h, z = strcat(@"a", h\'b\', ```c```) | extend w = x + y',
      'T | parse s with "k=" k:long "," * | make-series count() on t step 1h | render timechart',
    );
  }
  return out;
}
