/** The executor's access to the regex layer (RE2 syntax, linear time: ../regex/README.md). */
import { compileRegex, type Regex } from '../regex/index.js';

/** Compiles an RE2 pattern; throws an Error with the reason when the pattern is invalid. */
export function toJsRegex(pattern: string, opts: { ignoreCase?: boolean; dotAll?: boolean; ungreedy?: boolean; multiLine?: boolean } = {}): Regex {
  let p = pattern;
  const f = `${opts.ignoreCase ? 'i' : ''}${opts.dotAll ? 's' : ''}${opts.ungreedy ? 'U' : ''}${opts.multiLine ? 'm' : ''}`;
  if (f) p = `(?${f})` + p;
  const r = compileRegex(p);
  if (!r.ok) throw new Error(r.message);
  return r.regex;
}
