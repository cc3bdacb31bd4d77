import { type Rec, obj } from './util.js';

/**
 * Defender XDR streaming API records (Event Hub / storage): `{time, tenantId, category:
 * "AdvancedHunting-<Table>", properties: {...}}` → <Table>, from the properties. Both Timestamp and
 * TimeGenerated are filled (from properties.Timestamp, else the record time).
 */
export function isDefenderStreaming(r: Rec): boolean {
  return typeof r.category === 'string' && r.category.startsWith('AdvancedHunting-') && obj(r.properties) !== undefined;
}

export function defenderTable(r: Rec): string { return (r.category as string).slice('AdvancedHunting-'.length); }

export function mapDefenderStreaming(r: Rec): Rec {
  const p = obj(r.properties)!;
  const out: Rec = { ...p };
  const t = p.Timestamp ?? r.time;
  if (out.Timestamp === undefined) out.Timestamp = t;
  if (out.TimeGenerated === undefined) out.TimeGenerated = t;
  if (out.TenantId === undefined && r.tenantId !== undefined) out.TenantId = r.tenantId;
  if (out.Type === undefined) out.Type = defenderTable(r);
  return out;
}
