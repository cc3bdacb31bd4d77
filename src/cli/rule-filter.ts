/**
 * `detect --min-severity LEVEL --include GLOB --exclude GLOB`: which rules run and which alerts
 * are kept. A glob (`*` any text, `?` one character, case-insensitive) matches a rule's id, name,
 * or file name without `.yaml`; `--include` keeps the rules matching any include (all when none
 * is given), `--exclude` then drops those matching any exclude. Severity order is Sentinel's:
 * Informational < Low < Medium < High.
 */
import { basename } from 'node:path';

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;

/** The rank of a level (0 = Informational … 3 = High), or -1 when it is not one. */
export function severityRank(level: string): number {
  return SEVERITIES.findIndex((s) => s.toLowerCase() === level.trim().toLowerCase());
}

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

export interface RuleLike { readonly id: string; readonly name: string; readonly file: string }

/** Keys a glob is matched against. */
function keys(r: RuleLike): string[] {
  return [r.id, r.name, basename(r.file).replace(/\.ya?ml$/i, '')];
}

/** The rules --include/--exclude keep, and the globs that matched no rule (said as a warning: a typo). */
export function filterRules<R extends RuleLike>(rules: readonly R[], include: readonly string[], exclude: readonly string[]): { kept: R[]; unmatched: string[] } {
  const inc = include.map((g) => ({ g, re: globRegex(g), hit: false }));
  const exc = exclude.map((g) => ({ g, re: globRegex(g), hit: false }));
  const kept = rules.filter((r) => {
    const k = keys(r);
    const hits = (list: typeof inc): number => list.filter((x) => k.some((s) => x.re.test(s))).map((x) => (x.hit = true)).length;
    if (inc.length && !hits(inc)) return false;
    return hits(exc) === 0;
  });
  return { kept, unmatched: [...inc, ...exc].filter((x) => !x.hit).map((x) => x.g) };
}
