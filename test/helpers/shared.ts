import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** Project root (the folder with package.json). */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** ../shared beside the project, or undefined on a user's clone (tests using it must skip visibly). */
export const SHARED: string | undefined = (() => {
  const p = process.env.CLOUDHOP_SHARED ?? join(ROOT, '..', 'shared');
  return existsSync(join(p, 'DESIGN.md')) ? p : undefined;
})();

/** `skip` option for node:test when ../shared is absent: the runner prints the reason. */
export const needsShared: { skip: string | false } = { skip: SHARED ? false : '../shared is absent (user clone): skipped' };
