/**
 * A problem found in a rule pack, a rule test file or a watchlist. Every problem points at a place
 * (file:line:col, 1-based). Loading collects problems instead of stopping at the first.
 */
export type ProblemSeverity = 'error' | 'warning';

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly severity: ProblemSeverity;
  /** Stable code: RULExxx (rule schema), KQLxxx (query, from the engine), TESTxxx, WLxxx. */
  readonly code: string;
  readonly message: string;
}

/** `file:line:col: error CODE: message` (the CLI's diagnostic line). */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity} ${p.code}: ${p.message}`;
}

export function hasErrors(ps: readonly Problem[]): boolean {
  return ps.some((p) => p.severity === 'error');
}

/** Sorted by file, line, col (stable for output and tests). */
export function sortProblems(ps: readonly Problem[]): Problem[] {
  return [...ps].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}
