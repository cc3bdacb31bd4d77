import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { missingPath } from '../paths.js';
import { join } from 'node:path';
import { loadPack, builtinRulesDir, formatProblem, sortProblems, withBaselineRules } from '../../detect/index.js';
import { armTemplate, templateFileName } from '../../detect/export.js';

export const summary = 'export the rule pack as Sentinel ARM templates (--sentinel DIR)';

const USAGE = `usage: cloudhop export --sentinel DIR [--rules DIR]... [--with-seed]
Writes one ARM template per analytic rule (Microsoft.OperationalInsights/workspaces/providers/alertRules,
kind Scheduled or NRT; parameter 'workspace'), deployable as is:
  az deployment group create -g RG --template-file DIR/<rule>.json --parameters workspace=<name>
Rules that do not load are reported and skipped (exit 1). Baseline rules shipped switched off (the seed
rule) are left out unless --with-seed is given.
`;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options: { sentinel: { type: 'string' }, rules: { type: 'string', multiple: true }, 'with-seed': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) { process.stderr.write(`cloudhop export: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const dir = a.values.sentinel;
  if (!dir) { process.stderr.write(`cloudhop export: --sentinel DIR is required\n${USAGE}`); return 2; }
  const ruleDirs = a.values.rules?.length ? a.values.rules : a.positionals.length ? a.positionals : [builtinRulesDir()];
  const missing = missingPath('--rules', ruleDirs);
  if (missing) { process.stderr.write(`cloudhop export: ${missing}\n`); return 2; }
  const pack = loadPack(ruleDirs);
  for (const p of sortProblems(pack.problems)) process.stderr.write(formatProblem(p) + '\n');
  if (pack.rules.length === 0) { process.stderr.write(`cloudhop export: no rule loaded from ${ruleDirs.join(', ')}\n`); return 2; }
  mkdirSync(dir, { recursive: true });
  const names = new Set<string>();
  const baselines = pack.rules.filter((r) => r.cloudhop.baseline === true && !r.enabled);
  const rules = a.values['with-seed'] ? withBaselineRules(pack.rules) : pack.rules.filter((r) => !baselines.includes(r));
  for (const r of rules) {
    let name = templateFileName(r);
    if (names.has(name)) name = name.replace(/\.json$/, `-${r.id.slice(0, 8)}.json`);
    names.add(name);
    writeFileAtomic(join(dir, name), JSON.stringify(armTemplate(r), null, 2) + '\n');
  }
  const left = [pack.hunting.length ? `${pack.hunting.length} hunting quer${pack.hunting.length === 1 ? 'y' : 'ies'} not exported` : '',
    !a.values['with-seed'] && baselines.length ? `${baselines.length} baseline rule${baselines.length === 1 ? '' : 's'} left out; --with-seed adds ${baselines.length === 1 ? 'it' : 'them'}` : ''].filter(Boolean);
  process.stdout.write(`wrote ${rules.length} ARM template(s) to ${dir}${left.length ? ` (${left.join('; ')})` : ''}\n`);
  return pack.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
