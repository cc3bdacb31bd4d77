/**
 * The optional native JSON-lines reader (native/jsonl.c, built by `npm ci` through node-gyp when
 * a C compiler is there). It takes the plain lines of a known table's file — compact objects
 * whose keys are the table's columns and whose values need no conversion (UTF-8 text, and objects
 * or arrays in dynamic columns, kept as their JSON text) — straight into column buffers; every other line stops it and goes through the JavaScript reader, which has the
 * full rules. The two give the same rows (test/ingest/native.test.ts compares them). Without the
 * built addon, or with CLOUDHOP_NATIVE=0, everything goes through JavaScript.
 */
import { createRequire } from 'node:module';
import type { ScalarType } from '../kql/data.js';

interface NativeModule {
  createPlan(names: string[], types: Int32Array, forbidden: Uint8Array, timeSlot: number, tsSlot: number, cap: number, maxLine: number, outs: (SlotOut | undefined)[], maxDepth: number): object;
  scan(plan: object, buf: Uint8Array, start: number, end: number): [next: number, lines: number, rows: number, stop: number];
  dictStrings(plan: object, slot: number, from: number): string[];
  dictSize(plan: object, slot: number): number;
}

/** Output buffers of one column; `spans`: a dynamic column's values as [start, length) of their JSON text in the scanned buffer (length 0: none). */
export interface SlotOut { codes?: Uint32Array; nums?: Float64Array; flags?: Uint8Array; bools?: Uint8Array; spans?: Uint32Array }

let mod: NativeModule | undefined | null = null;
function load(): NativeModule | undefined {
  if (mod !== null) return mod;
  mod = undefined;
  if (process.env.CLOUDHOP_NATIVE === '0') return mod;
  try { mod = createRequire(import.meta.url)('../../build/Release/cloudhop_native.node') as NativeModule; } catch { mod = undefined; }
  return mod;
}

/** True when the native reader is built and enabled. */
export function nativeAvailable(): boolean { return load() !== undefined; }

const TYPE_CODE: Partial<Record<ScalarType, number>> = { string: 1, datetime: 2, long: 3, real: 4, bool: 5, int: 6, dynamic: 7 };
/** Keys that make a record a raw format (CloudTrail, GCP, Defender streaming, Graph): those records are routed by JavaScript. */
const ROUTING_KEYS = new Set(['eventTime', 'eventSource', 'category', 'protoPayload', 'createdDateTime', 'activityDateTime']);

/** Rows a scan fills before it hands them over. */
export const NATIVE_ROWS = 4096;

/** One table's native reading state: the plan (column names, types, output buffers, dictionaries). */
export class NativeTable {
  readonly outs: (SlotOut | undefined)[];
  private readonly plan: object;
  private readonly m: NativeModule;

  constructor(m: NativeModule, columns: readonly { name: string; type: ScalarType }[], maxLine: number, maxDepth: number) {
    this.m = m;
    const types = new Int32Array(columns.length), forbidden = new Uint8Array(columns.length);
    this.outs = columns.map((c, i) => {
      const t = TYPE_CODE[c.type] ?? 0;
      types[i] = t;
      forbidden[i] = ROUTING_KEYS.has(c.name) ? 1 : 0;
      if (t === 1) return { codes: new Uint32Array(NATIVE_ROWS) };
      if (t === 5) return { bools: new Uint8Array(NATIVE_ROWS).fill(2) };
      if (t === 7) return { spans: new Uint32Array(2 * NATIVE_ROWS) };
      if (t !== 0) return { nums: new Float64Array(NATIVE_ROWS), flags: new Uint8Array(NATIVE_ROWS) };
      return undefined;
    });
    const slot = (n: string): number => columns.findIndex((c) => c.name === n && c.type === 'datetime');
    this.plan = m.createPlan(columns.map((c) => c.name), types, forbidden, slot('TimeGenerated'), slot('Timestamp'), NATIVE_ROWS, maxLine, this.outs, maxDepth);
  }

  /** Reads lines of buf[start, end) into the output buffers until one is not its to take, the buffers are full, or the lines end. */
  scan(buf: Uint8Array, start: number, end: number): { next: number; lines: number; rows: number; stopped: boolean } {
    const [next, lines, rows, stop] = this.m.scan(this.plan, buf, start, end);
    return { next, lines, rows, stopped: stop === 1 };
  }

  /** Distinct values of a string slot from native code `from` on. */
  strings(slot: number, from: number): string[] { return this.m.dictStrings(this.plan, slot, from); }
  dictSize(slot: number): number { return this.m.dictSize(this.plan, slot); }
}

/** A native reader for a table of these columns, when the addon is there. */
export function nativeTable(columns: readonly { name: string; type: ScalarType }[], maxLine: number, maxDepth: number): NativeTable | undefined {
  const m = load();
  return m ? new NativeTable(m, columns, maxLine, maxDepth) : undefined;
}
