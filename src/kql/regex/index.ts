/**
 * RE2-syntax regular expressions for `matches regex`, extract*, replace_regex, parse and trim, in
 * linear time (README.md has the measurements behind these choices). Two engines:
 * - V8 on the RE2 → JS translation (translate.ts), with V8's linear-time fallback engine switched
 *   on: the fastest, used when V8's linear engine accepts the translated pattern (checked once
 *   with the `l` flag), the pattern is small, and the text is at most V8_MAX_TEXT characters;
 * - re2js (a pure-JS RE2: linear in the text, never backtracks) for everything else: longer texts
 *   (where V8's backtracking runs before its fallback can still be quadratic: `([a-z0-9]+\.)+com$`
 *   takes 27 s on 1 M characters), patterns V8's linear engine refuses (`\z` with `(?m)`, large
 *   counted repetitions), and large patterns (`\pL` classes: V8's linear engine needs ~60 KB of
 *   memory per character of text for `(\pL+)+$`).
 * Every search reports its text length to the query governor, so a query spending its time in
 * regexes still stops at its deadline.
 */
import v8 from 'node:v8';
import { RE2JS } from 're2js';
import { RegexSyntaxError, translateRe2, type Translation } from './translate.js';
import { work } from '../governor.js';

export { RegexSyntaxError, translateRe2 } from './translate.js';

// Must run before the first RegExp is compiled to affect it; it is harmless when already set.
// Refused in NODE_OPTIONS, accepted here. Patterns that backtrack excessively are re-run by V8's
// experimental linear-time engine (no `i`/`u` flags, lookaround or backreferences — translate.ts
// emits none of those except in rare multiline-anchor cases).
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
// Enables the `l` flag, used only to ask V8 whether its linear engine can run a pattern.
v8.setFlagsFromString('--enable-experimental-regexp-engine');
const L_FLAG = ((): boolean => { try { new RegExp('a', 'l'); return true; } catch { return false; } })();

/** Longest text (UTF-16 units) searched with V8; longer texts go to re2js. */
export const V8_MAX_TEXT = 2048;
/** Longest translated source run by V8 (a larger program makes V8's linear engine slow and memory-hungry). */
const V8_MAX_SOURCE = 1000;

/** A compiled RE2 pattern. `exec(s, from)` searches from `from` (UTF-16 offset); results are RegExp-shaped. */
export interface Regex {
  /** The RE2 pattern. */
  readonly pattern: string;
  /** 'v8' when V8 runs texts up to V8_MAX_TEXT (re2js the longer ones); 're2js' when re2js runs every text. */
  readonly engine: 'v8' | 're2js';
  test(s: string): boolean;
  exec(s: string, from?: number): RegExpExecArray | null;
}

export type CompiledRegex =
  | { readonly ok: true; readonly regex: Regex; readonly translation: Translation }
  | { readonly ok: false; readonly message: string; readonly offset: number };

class LinearRegex implements Regex {
  readonly engine: 'v8' | 're2js';
  private re2?: RE2JS;
  private readonly v8g?: RegExp;

  constructor(readonly pattern: string, private readonly v8?: RegExp, re2?: RE2JS, private readonly names: readonly (string | undefined)[] = []) {
    this.engine = v8 ? 'v8' : 're2js';
    if (v8) this.v8g = new RegExp(v8.source, v8.flags + 'g');
    if (re2) this.re2 = re2;
  }

  test(s: string): boolean {
    work(s.length);
    if (this.v8 && s.length <= V8_MAX_TEXT) return this.v8.test(s);
    const re2 = this.linear();
    return re2 ? re2.test(s) : this.v8!.test(s);
  }

  exec(s: string, from = 0): RegExpExecArray | null {
    work(s.length - from);
    if (this.v8 && (s.length - from <= V8_MAX_TEXT || !this.linear())) {
      if (from === 0) return this.v8.exec(s);
      const g = this.v8g!;
      g.lastIndex = from;
      return g.exec(s);
    }
    const m = this.linear()!.matcher(s);
    if (!m.find(from)) return null;
    const n = m.groupCount();
    const out: string[] & { index?: number; input?: string; groups?: Record<string, string | undefined> } = [];
    for (let g = 0; g <= n; g++) out.push(m.group(g) ?? (undefined as unknown as string));
    out.index = m.start();
    out.input = s;
    if (this.names.some((x) => x !== undefined)) {
      const groups = Object.create(null) as Record<string, string | undefined>; // as V8 builds it
      this.names.forEach((name, i) => { if (name !== undefined) groups[name] = out[i + 1]; });
      out.groups = groups;
    }
    return out as RegExpExecArray;
  }

  /** re2js, compiled on first need; undefined when re2js refuses a pattern V8 runs. */
  private linear(): RE2JS | undefined {
    if (this.re2 === undefined && !this.re2Failed) {
      try { this.re2 = RE2JS.compile(this.pattern); } catch { this.re2Failed = true; }
    }
    return this.re2;
  }
  private re2Failed = false;
}

/** Yields every match from left to right (an empty match advances by one character). */
export function* matchAll(re: Regex, s: string, from = 0): Generator<RegExpExecArray> {
  let at = from;
  while (at <= s.length) {
    const m = re.exec(s, at);
    if (!m) return;
    yield m;
    at = m[0].length === 0 ? m.index + 1 : m.index + m[0].length;
  }
}

/** Replaces every match with `rewrite(match)`. */
export function replaceAll(re: Regex, s: string, rewrite: (m: RegExpExecArray) => string): string {
  let out = '', last = 0;
  for (const m of matchAll(re, s)) {
    out += s.slice(last, m.index) + rewrite(m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

const CACHE_MAX = 2000;
const cache = new Map<string, CompiledRegex>();

/** Compiles an RE2 pattern (cached: per-row callers repeat one pattern). */
export function compileRegex(pattern: string): CompiledRegex {
  if (last.pattern === pattern && last.result) return last.result;
  const r = compileCached(pattern);
  last.pattern = pattern;
  last.result = r;
  return r;
}

const last: { pattern?: string; result?: CompiledRegex } = {};

function compileCached(pattern: string): CompiledRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let out: CompiledRegex;
  try {
    const t = translateRe2(pattern);
    let v8re: RegExp | undefined = new RegExp(t.source, t.flags);
    if (t.source.length > V8_MAX_SOURCE || !v8Linear(t.source, t.flags)) v8re = undefined;
    let re2: RE2JS | undefined;
    if (!v8re) {
      try { re2 = RE2JS.compile(pattern); } catch (e) {
        throw new RegexSyntaxError(`the pattern cannot be matched in linear time: ${(e as Error).message}`, 0);
      }
    }
    out = { ok: true, regex: new LinearRegex(pattern, v8re, re2, t.groupNames), translation: t };
  } catch (e) {
    if (e instanceof RegexSyntaxError) out = { ok: false, message: `invalid regex '${pattern}': ${e.message}`, offset: e.offset };
    else out = { ok: false, message: `invalid regex '${pattern}': ${(e as Error).message}`, offset: 0 };
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(pattern, out);
  return out;
}

/** Can V8's linear-time engine run this source (so its fallback bounds backtracking)? */
function v8Linear(source: string, flags: string): boolean {
  if (!L_FLAG) return !/\(\?<?[=!]/.test(source);
  try { new RegExp(source, flags + 'l'); return true; } catch { return false; }
}

/** Validates a pattern without keeping it (binder: constant regex arguments). */
export function regexError(pattern: string): string | undefined {
  const r = compileRegex(pattern);
  return r.ok ? undefined : r.message;
}

/** Compiles a pattern or throws RegexSyntaxError (callers that report the error themselves). */
export function toRegex(pattern: string): Regex {
  const c = compileRegex(pattern);
  if (!c.ok) throw new RegexSyntaxError(c.message, c.offset);
  return c.regex;
}
