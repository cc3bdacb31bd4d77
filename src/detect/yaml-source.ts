import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import type { Problem } from './problems.js';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can point at any of its nodes: every problem gets file:line:col. */
export class YamlSource {
  readonly doc: Document;
  readonly value: unknown;
  readonly problems: Problem[] = [];
  private readonly lc = new LineCounter();

  constructor(readonly file: string, readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lc, prettyErrors: false, uniqueKeys: true });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const pos = e.linePos?.[0] ?? this.lc.linePos(e.pos[0]);
      const severity = this.doc.errors.includes(e as never) ? 'error' : 'warning';
      this.problems.push({ file, line: pos.line, col: pos.col, severity, code: 'RULE001', message: `YAML: ${firstLine(e.message)}` });
    }
    let v: unknown;
    try { v = this.doc.errors.length ? undefined : this.doc.toJS({ maxAliasCount: 100 }); } catch (e) {
      this.problems.push({ file, line: 1, col: 1, severity: 'error', code: 'RULE001', message: `YAML: ${firstLine(String((e as Error).message))}` });
    }
    this.value = v;
  }

  /** The node at a path of keys / indexes (undefined when absent). */
  node(path: YamlPath): Node | undefined {
    const n = this.doc.getIn(path as (string | number)[], true);
    return n && typeof n === 'object' && 'range' in (n as object) ? (n as Node) : undefined;
  }

  /** The key node of a map entry at path (for "unknown key" problems). */
  keyNode(path: YamlPath): Node | undefined {
    const parent = path.length > 1 ? this.node(path.slice(0, -1)) : (this.doc.contents as Node | null) ?? undefined;
    if (!parent || !isMap(parent)) return undefined;
    for (const it of parent.items) if (isPair(it) && isScalar(it.key) && String(it.key.value) === String(path[path.length - 1])) return it.key as Node;
    return undefined;
  }

  /** line:col of the node at path, or of its nearest existing ancestor (1:1 for the document). */
  pos(path: YamlPath): { line: number; col: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? ((this.doc.contents as Node | null) ?? undefined) : this.node(path.slice(0, n));
      if (node?.range) return this.lc.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  keyPos(path: YamlPath): { line: number; col: number } {
    const k = this.keyNode(path);
    return k?.range ? this.lc.linePos(k.range[0]) : this.pos(path);
  }

  linePos(offset: number): { line: number; col: number } { return this.lc.linePos(offset); }

  isSeqAt(path: YamlPath): boolean { const n = this.node(path); return !!n && isSeq(n); }
}

function firstLine(s: string): string { return s.split('\n')[0]!.trim(); }
