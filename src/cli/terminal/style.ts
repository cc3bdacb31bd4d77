/**
 * How table output fits the terminal it goes to: width, colour, row limit and pager, decided once
 * per command from its options and the environment.
 *
 * - width: `--width N` (0 = no limit), else the terminal's columns when stdout is a TTY, else
 *   `COLUMNS`, else 80.
 * - colour: `--no-color` off, `--color` on; else `NO_COLOR` (any non-empty value) off,
 *   `FORCE_COLOR` (other than 0) on; else on only when stdout is a TTY and TERM is not `dumb`.
 * - limit: `--limit N` rows (0 = all); default DEFAULT_LIMIT.
 * - pager: only when stdout is a TTY and `--no-pager` is not given: `$PAGER`, else `less -FRX`.
 */
export const DEFAULT_LIMIT = 100;

export const TABLE_OPTIONS = {
  limit: { type: 'string' }, width: { type: 'string' }, color: { type: 'boolean' }, 'no-color': { type: 'boolean' },
  'no-pager': { type: 'boolean' },
} as const;

export const TABLE_USAGE = `  --limit N          table output: at most N rows (default ${DEFAULT_LIMIT}; 0 = all); a note says how
                     many more there are (json, jsonl and csv always write every row)
  --width N          table width in characters (default: the terminal's, else $COLUMNS, else 80;
                     0 = no limit); cells wider than their column end with …
  --color            colour even when stdout is not a terminal (also FORCE_COLOR=1)
  --no-color         no colour (also NO_COLOR=1); colour is on only on a terminal
  --no-pager         never page; by default a table taller than a terminal goes through
                     $PAGER (else less -FRX), only when stdout is a terminal`;

export interface TableStyle {
  readonly width: number;      // 0 = unlimited
  readonly color: boolean;
  readonly limit: number;      // 0 = all rows
  readonly pager: boolean;
}

export interface TableOptionValues {
  limit?: string | undefined; width?: string | undefined; color?: boolean | undefined; 'no-color'?: boolean | undefined; 'no-pager'?: boolean | undefined;
}

/** Environment the decision reads (process.env and stdout by default; tests pass their own). */
export interface TerminalEnv {
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
  readonly columns?: number | undefined;
}

function count(name: string, s: string | undefined, dflt: number): number | string {
  if (s === undefined) return dflt;
  if (!/^\d+$/.test(s)) return `--${name}: not a whole number: '${s}'`;
  return Number(s);
}

/** The style, or a usage message. */
export function tableStyle(v: TableOptionValues, t: TerminalEnv = { env: process.env, isTTY: !!process.stdout.isTTY, columns: process.stdout.columns }): TableStyle | string {
  if (v.color && v['no-color']) return '--color and --no-color together';
  const limit = count('limit', v.limit, DEFAULT_LIMIT);
  if (typeof limit === 'string') return limit;
  const envCols = t.env.COLUMNS && /^\d+$/.test(t.env.COLUMNS) ? Number(t.env.COLUMNS) : undefined;
  const width = count('width', v.width, (t.isTTY && t.columns ? t.columns : envCols) ?? 80);
  if (typeof width === 'string') return width;
  if (width !== 0 && width < 20) return `--width: at least 20 (or 0 for no limit)`;
  let color: boolean;
  if (v['no-color']) color = false;
  else if (v.color) color = true;
  else if (t.env.NO_COLOR) color = false;
  else if (t.env.FORCE_COLOR !== undefined && t.env.FORCE_COLOR !== '0' && t.env.FORCE_COLOR !== 'false') color = true;
  else color = t.isTTY && t.env.TERM !== 'dumb';
  return { width, color, limit, pager: t.isTTY && !v['no-pager'] };
}
