import type { ScalarType } from '../kql/data.js';
import { parseIsoDatetime } from '../kql/data.js';
import { looksLikeLocaleDatetime, parseNumberText } from './coerce.js';

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const INT_TEXT_RE = /^[+-]?\d{1,15}$/;

/**
 * Infers the type of a column of a table we have no schema for, from its raw values. `textual`:
 * the values came from CSV cells, so numbers, booleans, datetimes and JSON hide in text; in JSON
 * sources a string stays a string. The result is the narrowest type every non-empty value fits;
 * mixed values fall back to dynamic (JSON) or string (CSV). A header such as `When [UTC]` marks a datetime.
 */
export function inferType(values: readonly unknown[], textual: boolean, hint?: 'datetime'): ScalarType {
  let nBool = 0, nInt = 0, nReal = 0, nDate = 0, nObj = 0, nStr = 0, nTotal = 0;
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    nTotal++;
    if (typeof v === 'boolean') nBool++;
    else if (typeof v === 'number') { if (Number.isSafeInteger(v)) nInt++; else nReal++; } // beyond ±2^53 a long would not be exact
    else if (typeof v === 'object') nObj++;
    else if (typeof v === 'string') {
      if (ISO_DATE_RE.test(v) && parseIsoDatetime(v) !== null) { nDate++; continue; }
      if (textual) {
        const t = v.trim();
        const l = t.toLowerCase();
        if (l === 'true' || l === 'false') { nBool++; continue; }
        if (INT_TEXT_RE.test(t)) { nInt++; continue; }
        // An integer too long for a long column's exact range (ids, hashes) stays text, exact.
        if (/^[+-]?\d{16,}$/.test(t)) { if (Number.isSafeInteger(Number(t))) nInt++; else nStr++; continue; }
        if (parseNumberText(t) !== null && /\d/.test(t)) { nReal++; continue; }
        if (looksLikeLocaleDatetime(t)) { nDate++; continue; }
        const c = t.charCodeAt(0);
        if ((c === 123 || c === 91) && isJson(t)) { nObj++; continue; }
      }
      nStr++;
    }
  }
  if (hint === 'datetime' && nDate === nTotal) return 'datetime';
  if (nTotal === 0) return 'string';
  if (nBool === nTotal) return 'bool';
  if (nInt === nTotal) return 'long';
  if (nInt + nReal === nTotal) return 'real';
  if (nDate === nTotal) return 'datetime';
  if (nObj === nTotal) return 'dynamic';
  if (!textual && nObj > 0) return 'dynamic';
  return 'string';
}

function isJson(t: string): boolean { try { JSON.parse(t); return true; } catch { return false; } }
