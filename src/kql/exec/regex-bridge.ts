/** The executor's access to the regex layer (RE2 syntax → JS RegExp, linear-time fallback). */
import { compileRegex } from '../regex/index.js';

/** Compiles an RE2 pattern; throws an Error with the reason when the pattern is invalid. */
export function toJsRegex(pattern: string, opts: { global?: boolean; ignoreCase?: boolean; dotAll?: boolean } = {}): RegExp {
  let p = pattern;
  if (opts.ignoreCase || opts.dotAll) p = `(?${opts.ignoreCase ? 'i' : ''}${opts.dotAll ? 's' : ''})` + p;
  const r = compileRegex(p, opts.global ?? false);
  if (!r.ok) throw new Error(r.message);
  return r.regex;
}
