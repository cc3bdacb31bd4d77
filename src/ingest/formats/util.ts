/** Small helpers for the raw-format mappers. */
export type Rec = Record<string, unknown>;

export function obj(v: unknown): Rec | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;
}

/** Copies the fields of `src` not named in `consumed` into `out` (nothing is dropped). */
export function passRest(src: Rec, consumed: ReadonlySet<string>, out: Rec): Rec {
  for (const k in src) if (!consumed.has(k) && !(k in out)) out[k] = src[k];
  return out;
}

/** JSON text of a structured value for a string column; a string stays as it is; absent stays absent. */
export function jsonText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
