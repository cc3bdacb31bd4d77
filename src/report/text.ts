/**
 * Log text made safe to show: bidi controls (U+202A–202E, U+2066–2069) and C0/C1 control
 * characters would reorder or hide what an analyst reads, so each becomes a visible marker
 * such as `⟨U+202E⟩`. Tab and newline are kept (they only lay out text). HTML escaping is a
 * separate concern: the client inserts text with textContent, the server with `esc`.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export function neutralise(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`) : s;
}

// A JSON array of strings inside a title (a rule's alertDisplayNameFormat naming a dynamic column).
const JSON_ARRAY = /\[\s*"(?:[^"\\]|\\.)*"(?:\s*,\s*"(?:[^"\\]|\\.)*")*\s*\]/g;

/** A one-line label: JSON string arrays become "a, b, c", controls are neutralised, whitespace runs become one space. */
export function label(s: string): string {
  const t = s.replace(JSON_ARRAY, (m) => {
    try { const v = JSON.parse(m) as unknown; return Array.isArray(v) ? v.map(String).join(', ') : m; } catch { return m; }
  });
  return neutralise(t.replace(/[\t\n\r]+/g, ' '));
}

/** Any value as display text (objects and arrays as compact JSON), neutralised. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return neutralise(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return neutralise(JSON.stringify(v));
}
