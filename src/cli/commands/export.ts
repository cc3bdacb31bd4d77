import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPack, builtinRulesDir, formatProblem, sortProblems } from '../../detect/index.js';
import { armTemplate, templateFileName } from '../../detect/export.js';

export const summary = 'export the rule pack as Sentinel ARM templates (--sentinel DIR)';

const USAGE = `usage: cloudhop export --sentinel DIR [--rules DIR]...
Writes one ARM template per analytic rule (Microsoft.OperationalInsights/workspaces/providers/alertRules,
kind Scheduled or NRT; parameter 'workspace'), deployable as is:
  az deployment group create -g RG --template-file DIR/<rule>.json --parameters workspace=<name>
Rules that do not load are reported and skipped (exit 1).
`;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options: { sentinel: { type: 'string' }, rules: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) { process.stderr.write(`cloudhop export: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const dir = a.values.sentinel;
  if (!dir) { process.stderr.write(`cloudhop export: --sentinel DIR is required\n${USAGE}`); return 2; }
  const pack = loadPack(a.values.rules?.length ? a.values.rules : a.positionals.length ? a.positionals : [builtinRulesDir()]);
  for (const p of sortProblems(pack.problems)) process.stderr.write(formatProblem(p) + '\n');
  mkdirSync(dir, { recursive: true });
  const names = new Set<string>();
  for (const r of pack.rules) {
    let name = templateFileName(r);
    if (names.has(name)) name = name.replace(/\.json$/, `-${r.id.slice(0, 8)}.json`);
    names.add(name);
    writeFileSync(join(dir, name), JSON.stringify(armTemplate(r), null, 2) + '\n');
  }
  process.stdout.write(`wrote ${pack.rules.length} ARM template(s) to ${dir}${pack.hunting.length ? ` (${pack.hunting.length} hunting quer${pack.hunting.length === 1 ? 'y' : 'ies'} not exported)` : ''}\n`);
  return pack.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
