/**
 * Writes table output, through a pager when it is taller than the terminal: `$PAGER` (run by the
 * shell, so `PAGER='less -S'` works), else `less -FRX` (-F quits at once when the text fits, -R
 * keeps colour, -X leaves the text on screen). Only when the style allows it (stdout is a TTY and
 * no --no-pager). When the pager cannot start, the text is written directly.
 */
import { spawnSync } from 'node:child_process';
import type { TableStyle } from './style.js';

export function writePaged(text: string, style: TableStyle): void {
  const rows = process.stdout.rows ?? 24;
  const lines = text.split('\n').length - 1;
  if (!style.pager || lines < rows) { process.stdout.write(text); return; }
  const pager = process.env.PAGER?.trim() || 'less -FRX';
  const r = spawnSync(pager, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...process.env } });
  if (r.error || (r.status === 127)) process.stdout.write(text);
}
