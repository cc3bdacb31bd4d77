import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Runs `cloudhop ARGS` from the TypeScript sources (a real process: exit status, stdout, stderr). */
export function cloudhop(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const script = `import(${JSON.stringify(resolve(ROOT, 'src/cli/main.ts'))}).then((m) => m.main(${JSON.stringify(args)})).then((c) => { process.exitCode = c; })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
