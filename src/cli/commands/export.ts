import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { missingPath } from '../paths.js';
import { join } from 'node:path';
import { loadPack, builtinRulesDir, formatProblem, sortProblems, loadWatchlistDir, withBaselineRules, type Problem } from '../../detect/index.js';
import { armTemplate, templateFileName, functionTemplate, watchlistTemplate, WATCHLIST_MAX_BYTES } from '../../detect/export.js';
import { functionsOfRule } from '../../detect/lint.js';
import { watchlistAliases } from '../../detect/watchlists.js';
import type { LoadedFunction } from '../../detect/functions.js';

export const summary = 'export the rule pack as Sentinel ARM templates (--sentinel DIR)';

const USAGE = `usage: cloudhop export --sentinel DIR [--rules DIR]... [--with-seed]
Writes one ARM template per analytic rule (Microsoft.OperationalInsights/workspaces/providers/alertRules,
kind Scheduled or NRT; parameter 'workspace'), deployable as is:
  az deployment group create -g RG --template-file DIR/<rule>.json --parameters workspace=<name>
and what the rules use, to deploy first:
  DIR/watchlists/<alias>.json   each watchlist a rule or function reads (Microsoft.SecurityInsights/watchlists)
  DIR/functions/<alias>.json    each stored function a rule calls (a workspace saved search with a function alias)
Rules that do not load are reported and skipped (exit 1). Baseline rules shipped switched off (the seed
rule) are left out unless --with-seed is given.
  --sentinel DIR  the folder to write the templates to (required)
  --rules DIR     rule pack folder or file (repeatable; default: the built-in T1021.007 pack)
  --with-seed     also export baseline rules shipped switched off (the seed rule)
  -h, --help      this help
`;

export const options = { sentinel: { type: 'string' }, rules: { type: 'string', multiple: true }, 'with-seed': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) { process.stderr.write(`cloudhop export: ${(e as Error).message}\n${USAGE}`); return 2; }
  if (a.values.help) { process.stdout.write(USAGE); return 0; }
  const dir = a.values.sentinel;
  if (!dir) { process.stderr.write(`cloudhop export: --sentinel DIR is required\n${USAGE}`); return 2; }
  const ruleDirs = a.values.rules?.length ? a.values.rules : a.positionals.length ? a.positionals : [builtinRulesDir()];
  const missing = missingPath('--rules', ruleDirs);
  if (missing) { process.stderr.write(`cloudhop export: ${missing}\n`); return 2; }
  const pack = loadPack(ruleDirs);
  if (pack.rules.length === 0) {
    for (const p of sortProblems(pack.problems)) process.stderr.write(formatProblem(p) + '\n');
    process.stderr.write(`cloudhop export: no rule loaded from ${ruleDirs.join(', ')}\n`);
    return 2;
  }
  const problems: Problem[] = [...pack.problems];
  mkdirSync(dir, { recursive: true });
  const names = new Set<string>();
  const baselines = pack.rules.filter((r) => r.cloudhop.baseline === true && !r.enabled);
  const rules = a.values['with-seed'] ? withBaselineRules(pack.rules) : pack.rules.filter((r) => !baselines.includes(r));
  const functions = new Map<string, LoadedFunction>();
  const aliases = new Map<string, string>(); // lower-case alias -> who reads it first
  for (const r of rules) {
    let name = templateFileName(r);
    if (names.has(name)) name = name.replace(/\.json$/, `-${r.id.slice(0, 8)}.json`);
    names.add(name);
    writeFileAtomic(join(dir, name), JSON.stringify(armTemplate(r), null, 2) + '\n');
    for (const f of functionsOfRule(r)) functions.set(f.name, f);
    for (const w of watchlistAliases(r.query)) if (!aliases.has(w.toLowerCase())) aliases.set(w.toLowerCase(), r.file);
  }
  for (const f of functions.values()) {
    mkdirSync(join(dir, 'functions'), { recursive: true });
    writeFileAtomic(join(dir, 'functions', `${f.name}.json`), JSON.stringify(functionTemplate(f), null, 2) + '\n');
    for (const w of watchlistAliases(f.body)) if (!aliases.has(w.toLowerCase())) aliases.set(w.toLowerCase(), f.file);
  }
  // The pack's CSV files by alias (the file name), with the search key the loader settles on.
  const csvs = new Map<string, { alias: string; file: string; searchKey: string }>();
  for (const d of pack.watchlistDirs) {
    const loaded = loadWatchlistDir(d, problems);
    for (const f of readdirSync(d).filter((x) => /\.csv$/i.test(x))) {
      const alias = f.slice(0, -4);
      const w = loaded.get(alias.toLowerCase());
      if (w) csvs.set(alias.toLowerCase(), { alias, file: join(d, f), searchKey: w.searchKey });
    }
  }
  let watchlists = 0;
  for (const [lower, user] of aliases) {
    const c = csvs.get(lower);
    if (!c) { problems.push({ file: user, line: 1, col: 1, severity: 'warning', code: 'EXP001', message: `watchlist '${lower}' is not in the pack: create it in Sentinel before deploying` }); continue; }
    const csv = readFileSync(c.file, 'utf8').replace(/^\uFEFF/, '');
    if (Buffer.byteLength(csv) > WATCHLIST_MAX_BYTES) { problems.push({ file: c.file, line: 1, col: 1, severity: 'error', code: 'EXP002', message: `${Buffer.byteLength(csv)} bytes: Sentinel takes a watchlist file of at most 3.8 MB; not exported` }); continue; }
    mkdirSync(join(dir, 'watchlists'), { recursive: true });
    writeFileAtomic(join(dir, 'watchlists', `${c.alias}.json`), JSON.stringify(watchlistTemplate(c.alias, csv, c.searchKey), null, 2) + '\n');
    watchlists++;
  }
  for (const p of sortProblems(problems)) process.stderr.write(formatProblem(p) + '\n');
  const extra = [functions.size ? `${functions.size} function(s) in ${join(dir, 'functions')}` : '', watchlists ? `${watchlists} watchlist(s) in ${join(dir, 'watchlists')}` : ''].filter(Boolean);
  const left = [pack.hunting.length ? `${pack.hunting.length} hunting quer${pack.hunting.length === 1 ? 'y' : 'ies'} not exported` : '',
    !a.values['with-seed'] && baselines.length ? `${baselines.length} baseline rule${baselines.length === 1 ? '' : 's'} left out; --with-seed adds ${baselines.length === 1 ? 'it' : 'them'}` : ''].filter(Boolean);
  process.stdout.write(`wrote ${rules.length} ARM template(s) to ${dir}${left.length ? ` (${left.join('; ')})` : ''}${extra.length ? `; deploy first: ${extra.join(', ')}` : ''}\n`);
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}
