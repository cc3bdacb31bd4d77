/** Expanding --data paths into the input files (folders walked once, links followed once, specials skipped). */
import { readdirSync, statSync, lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { notALogFile } from './route.js';

/**
 * Expands --data paths into files (folders recursively, data files only, sorted), each with the
 * folder it came from. Each real file is listed once and each folder walked once (by device and
 * inode), so a symbolic-link cycle (`self -> .`) ends; FIFOs, devices and sockets are never opened
 * (reading one would block or never end). Every file or folder left out is said in `notices`.
 */
export function listInputFiles(paths: readonly string[]): { files: { file: string; root?: string }[]; missing: string[]; notices: string[] } {
  const files: { file: string; root?: string }[] = [];
  const missing: string[] = [];
  const notices: string[] = [];
  const seen = new Map<string, string>(); // dev:ino → first path
  const id = (st: Stats) => `${st.dev}:${st.ino}`;
  const once = (p: string, st: Stats, what: string): boolean => {
    const first = seen.get(id(st));
    if (first === undefined) { seen.set(id(st), p); return true; }
    notices.push(`${p}: ${what} already read as ${first}${isLink(p) ? ' (symbolic link)' : ''}; skipped`);
    return false;
  };
  const special = (p: string, st: Stats): boolean => {
    if (st.isFile() || st.isDirectory()) return false;
    const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
    notices.push(`${p}: ${kind}, not read; skipped`);
    return true;
  };
  const walk = (dir: string, root: string) => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch (e) { notices.push(`${dir}: cannot list (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped`); return; }
    for (const name of names) {
      if (name.startsWith('_')) continue; // _quarantine, _manifest: the workspace's own
      const p = join(dir, name);
      let st; try { st = statSync(p); } catch { notices.push(`${p}: a broken symbolic link or unreadable entry; skipped`); continue; }
      // Non-log files (labels.json, README, .DS_Store, images, unknown extensions) are said, not read.
      const notLog = st.isDirectory() ? undefined : notALogFile(name);
      if (notLog) notices.push(`${p}: ${notLog}; skipped`);
      else if (name.startsWith('.')) continue; // hidden folders (.git) and dotfiles
      else if (st.isDirectory()) { if (once(p, st, 'a folder')) walk(p, root); }
      else if (!special(p, st) && once(p, st, 'the same file')) files.push({ file: p, root });
    }
  };
  for (const p of paths) {
    let st; try { st = statSync(p); } catch { missing.push(p); continue; }
    if (st.isDirectory()) { if (once(p, st, 'a folder')) walk(p, p); }
    else if (!special(p, st) && once(p, st, 'the same file')) files.push({ file: p });
  }
  return { files, missing, notices };
}

function isLink(p: string): boolean { try { return lstatSync(p).isSymbolicLink(); } catch { return false; } }
