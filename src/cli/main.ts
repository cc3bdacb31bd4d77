/**
 * cloudhop's command dispatcher. Each command is one module in ./commands/<name>.ts exporting
 * `run(argv: string[]): Promise<number>` (the exit status) and `summary` (one line for help).
 * Exit statuses: 0 ok, 1 findings/KQL error (per command), 2 bad usage.
 */
export const COMMANDS = [
  'query', 'check', 'explain', 'ingest', 'tables', 'detect', 'lint-rules', 'test-rules', 'export',
  'simulate', 'demo', 'report',
] as const;

export interface CommandModule {
  run(argv: string[]): Promise<number>;
  summary: string;
}

async function load(name: string): Promise<CommandModule | undefined> {
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
  lines.push('', 'Run `cloudhop <command> --help` for a command\'s options.');
  process.stdout.write(lines.join('\n') + '\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { await help(); return name ? 0 : 2; }
  if (name === '--version' || name === '-V') { process.stdout.write('cloudhop 0.1.0\n'); return 0; }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    process.stderr.write(`cloudhop: unknown command '${name}'. Run 'cloudhop --help'.\n`);
    return 2;
  }
  const mod = await load(name);
  if (!mod) { process.stderr.write(`cloudhop ${name}: not yet available\n`); return 2; }
  return mod.run(rest);
}
