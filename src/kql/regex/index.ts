/**
 * RE2-syntax regular expressions for `matches regex`, extract*, replace_regex, parse and trim:
 * translated to JS (translate.ts), compiled once and cached, run by V8 with its linear-time
 * fallback engine switched on (README.md has the measurements behind this choice).
 */
import v8 from 'node:v8';
import { RegexSyntaxError, translateRe2, type Translation } from './translate.js';

export { RegexSyntaxError, translateRe2 } from './translate.js';

// Must run before the first RegExp is compiled to affect it; it is harmless when already set.
// Refused in NODE_OPTIONS, accepted here. Patterns that backtrack excessively are re-run by V8's
// experimental linear-time engine (no `i`/`u` flags, lookaround or backreferences — translate.ts
// emits none of those except in rare multiline-anchor cases).
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

export type CompiledRegex =
  | { readonly ok: true; readonly regex: RegExp; readonly translation: Translation }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const CACHE_MAX = 2000;
const cache = new Map<string, CompiledRegex>();

/**
 * Compiles an RE2 pattern. `global` adds the `g` flag (extract_all, replace_regex). The returned
 * RegExp is shared from a cache: callers using `g` must reset `lastIndex` (or use matchAll/replace).
 */
export function compileRegex(pattern: string, global = false): CompiledRegex {
  // per-row callers repeat one pattern: skip the key concatenation and map lookup
  const last = global ? lastG : lastN;
  if (last.pattern === pattern && last.result) return last.result;
  const r = compileCached(pattern, global);
  last.pattern = pattern;
  last.result = r;
  return r;
}

const lastN: { pattern?: string; result?: CompiledRegex } = {};
const lastG: { pattern?: string; result?: CompiledRegex } = {};

function compileCached(pattern: string, global: boolean): CompiledRegex {
  const key = (global ? 'g:' : ':') + pattern;
  const hit = cache.get(key);
  if (hit) return hit;
  let out: CompiledRegex;
  try {
    const t = translateRe2(pattern);
    out = { ok: true, regex: new RegExp(t.source, t.flags + (global ? 'g' : '')), translation: t };
  } catch (e) {
    if (e instanceof RegexSyntaxError) out = { ok: false, message: `invalid regex '${pattern}': ${e.message}`, offset: e.offset };
    else out = { ok: false, message: `invalid regex '${pattern}': ${(e as Error).message}`, offset: 0 };
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, out);
  return out;
}

/** Validates a pattern without keeping it (binder: constant regex arguments). */
export function regexError(pattern: string): string | undefined {
  const r = compileRegex(pattern);
  return r.ok ? undefined : r.message;
}

/**
 * Convenience for callers that want a RegExp directly: throws RegexSyntaxError on an invalid
 * pattern. `flags` may hold `g` and/or `y`; any other flag is ignored (RE2 flags go in the pattern).
 */
export function toRegExp(pattern: string, flags = ''): RegExp {
  const c = compileRegex(pattern, flags.includes('g'));
  if (!c.ok) throw new RegexSyntaxError(c.message, c.offset);
  return flags.includes('y') ? new RegExp(c.regex.source, c.regex.flags + 'y') : c.regex;
}
