/**
 * punycode_* (RFC 3492, the `punycode` package): raw label encoding and IDNA domains.
 * Kusto keeps the letters' case (punycode-domain-from-string-function.md decodes "xn--Ge-mia" to
 * "Gáe"), so labels are encoded/decoded as they are, without IDNA's case mapping. Whatever fails
 * to encode or decode gives "" (the documented "empty result").
 */
import punycode from 'punycode/punycode.js';
import type { ScalarImpl } from '../types.js';
import { def, str } from './util.js';

/** Domain label separators: '.', and the ideographic and full-width stops IDNA treats as dots. */
const DOTS = /[.\u3002\uFF0E\uFF61]/;
const ASCII = /^[\x00-\x7F]*$/;

/** RangeError is the package's answer to invalid input (overflow, a non-basic code point). */
function orEmpty(f: () => string): string {
  try { return f(); } catch (e) { if (e instanceof RangeError) return ''; throw e; }
}

export function registerPunycode(m: Map<string, ScalarImpl>): void {
  def(m, 'punycode_from_string', (a, t) => orEmpty(() => punycode.encode(str(a, t, 0))));
  def(m, 'punycode_to_string', (a, t) => {
    const s = str(a, t, 0);
    return ASCII.test(s) ? orEmpty(() => punycode.decode(s)) : '';
  });
  def(m, 'punycode_domain_to_string', (a, t) => orEmpty(() =>
    str(a, t, 0).split(DOTS).map((l) => (ASCII.test(l) ? l : 'xn--' + punycode.encode(l))).join('.')));
  def(m, 'punycode_domain_from_string', (a, t) => {
    const s = str(a, t, 0);
    if (!ASCII.test(s)) return '';
    return orEmpty(() => s.split('.').map((l) => (/^xn--/i.test(l) ? punycode.decode(l.slice(4)) : l)).join('.'));
  });
}
