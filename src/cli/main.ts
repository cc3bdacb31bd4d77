/**
 * cloudhop's command dispatcher. Each command is one module in ./commands/<name>.ts exporting
 * `run(argv: string[]): Promise<number>` (the exit status) and `summary` (one line for help).
 * Exit statuses (docs/CLI.md): 0 ok; 1 a KQL or rule error, a run-time failure (disk full, a
 * damaged workspace, an unreadable file), failing rule tests, alerts with --fail-on-alert; 2 bad
 * usage; 70 an internal bug (an exception no command expected). No stack trace is printed unless
 * CLOUDHOP_DEBUG=1.
 */
import { escapeTerminal } from './terminal-text.js';
import { unknownOption, type OptionTable } from './argv-check.js';
import { didYouMean } from './suggest.js';
export const COMMANDS = [
  'query', 'hunt', 'check', 'explain', 'ingest', 'tables', 'detect', 'lint-rules', 'test-rules', 'export',
  'simulate', 'demo', 'report', 'serve', 'completion',
] as const;

export const VERSION = '0.1.0';

export interface CommandModule {
  run(argv: string[]): Promise<number>;
  summary: string;
  /** The option table the command's parseArgs takes: --help, completion and "did you mean" read it. */
  options?: OptionTable;
}

export async function load(name: string): Promise<CommandModule | undefined> {
  try {
    return (await import(`./commands/${name}.js`)) as CommandModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`commands/${name}.js`)) return undefined;
    throw e;
  }
}

async function help(): Promise<void> {
  const lines = ['usage: cloudhop <command> [options]', '', 'commands:'];
  for (const name of COMMANDS) {
    const mod = await load(name);
    lines.push(`  ${name.padEnd(12)} ${mod ? mod.summary : '(not yet available)'}`);
  }
  lines.push('', 'options:', '  -h, --help     this help; `cloudhop help CMD` or `cloudhop CMD --help` for a command\'s options',
    '  -V, --version  print the version (cloudhop ' + VERSION + ')', '',
    'Shell completion: `source <(cloudhop completion bash)` (also zsh, fish).');
  process.stdout.write(lines.join('\n') + '\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest.length) return main([rest[0]!, '--help']);
  if (!name || name === '--help' || name === '-h' || name === 'help') { await help(); return name ? 0 : 2; }
  if (name === '--version' || name === '-V') { process.stdout.write(`cloudhop ${VERSION}\n`); return 0; }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    const hint = didYouMean(name, COMMANDS);
    process.stderr.write(`cloudhop: unknown command '${escapeTerminal(name)}'${hint}. Run 'cloudhop --help'. [CLI001]\n`);
    return 2;
  }
  const mod = await load(name);
  if (!mod) { process.stderr.write(`cloudhop ${name}: not yet available\n`); return 2; }
  const unknown = mod.options ? unknownOption(rest, mod.options) : undefined;
  if (unknown) {
    process.stderr.write(`cloudhop ${name}: ${escapeTerminal(unknown)}. Run 'cloudhop ${name} --help'. [CLI002]\n`);
    return 2;
  }
  const onAsync = (e: unknown): void => { process.exitCode = reportFailure(name, e); };
  process.on('uncaughtException', onAsync);
  process.on('unhandledRejection', onAsync);
  try {
    return await mod.run(rest);
  } catch (e) {
    return reportFailure(name, e);
  }
}

/** Error codes of the environment (files, disk, permissions): a run-time failure, exit 1. */
const ENVIRONMENT = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ETXTBSY', 'ENAMETOOLONG', 'ELOOP', 'EPIPE']);

/**
 * The last word on an exception a command did not handle: `cloudhop CMD: message` on stderr.
 * A file-system or workspace error is the run's failure (exit 1); anything else is a bug (exit 70,
 * "internal error", please report). The stack is printed only with CLOUDHOP_DEBUG=1.
 */
export function reportFailure(command: string, e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  const debug = process.env.CLOUDHOP_DEBUG === '1' && err.stack ? `\n${err.stack}` : '';
  if (code === 'EPIPE') return 0; // the reader went away (cloudhop … | head): not an error of ours
  if ((code !== undefined && ENVIRONMENT.has(code)) || err.name === 'WorkspaceError') {
    const hint = code === 'ENOSPC' || code === 'EDQUOT' ? ' (disk full: no file was left half-written; free space and run again)' : '';
    process.stderr.write(`cloudhop ${command}: ${escapeTerminal(err.message)}${hint}${debug}\n`);
    return 1;
  }
  process.stderr.write(`cloudhop ${command}: internal error: ${escapeTerminal(err.message)} (a bug: please report it; CLOUDHOP_DEBUG=1 shows where)${debug}\n`);
  return 70;
}
