import { existsSync } from 'node:fs';

/**
 * Checks paths a user named (--data, --rules, --workspace, inputs) before any work: a missing one
 * is bad usage (exit 2), said as `cloudhop CMD: --data /x: no such file or folder`.
 * Returns the message for the first missing path, or undefined when all exist.
 */
export function missingPath(option: string, paths: readonly string[]): string | undefined {
  for (const p of paths) if (p !== '-' && !existsSync(p)) return `${option ? `${option} ` : ''}${p}: no such file or folder`;
  return undefined;
}
