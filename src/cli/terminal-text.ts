/**
 * Text from logs and rule files shown on a terminal: control characters are escaped so that a
 * value cannot move the cursor, recolour, retitle the window (ANSI CSI / OSC sequences), hide or
 * reorder text (bidirectional overrides). Escaped: C0 controls except tab and newline (U+0000–001F),
 * DEL, C1 controls (U+0080–009F), bidi embeddings/overrides/isolates (U+202A–202E, U+2066–2069),
 * the marks U+200E/U+200F/U+061C and the separators U+2028/U+2029. They are shown as `\x1b`
 * (up to U+00FF) or `\u202e`. Only terminal text goes through this: JSON, JSONL and CSV outputs
 * keep values exact.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** `s` with every unsafe character escaped (tab and newline kept: callers lay those out). */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** `s` on one line: also newlines shown as `\n`, carriage returns as `\r`, tabs as a space. */
export function terminalCell(s: string): string {
  return escapeTerminal(s.replace(/\r?\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, ' '));
}
