/**
 * Checks a command's arguments against its option table (the same object its `parseArgs` call
 * takes, exported by each command module as `options`) before the command runs, so that an
 * unknown option is reported once, the same way for every command, with the nearest known ones:
 * `unknown option '--lmit' (did you mean --limit?)`. Values of string options are skipped (a
 * query text may start with `--`), and so is everything after `--`.
 */
import { didYouMean } from './suggest.js';

export interface OptionDef { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }
export type OptionTable = Readonly<Record<string, OptionDef>>;

/** The message for the first unknown option in argv, or undefined when every option is known. */
export function unknownOption(argv: readonly string[], options: OptionTable): string | undefined {
  const shorts = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short) shorts.set(o.short, name);
  const names = Object.keys(options);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      const o = options[name];
      if (!o) return `unknown option '--${name}'${didYouMean(name, names, (c) => `--${c}`)}`;
      if (o.type === 'string' && !a.includes('=')) i++;
    } else if (a.startsWith('-') && a.length > 1 && a !== '-') {
      const ch = a[1]!;
      const long = shorts.get(ch);
      if (!long) return `unknown option '-${ch}'${didYouMean(ch, [...shorts.keys()], (c) => `-${c}`)}`;
      if (options[long]!.type === 'string' && a.length === 2) i++;
    }
  }
  return undefined;
}
