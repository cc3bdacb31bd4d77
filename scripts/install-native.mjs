// `npm install` / `npm ci` hook: builds the native JSON-lines reader (binding.gyp) quietly.
// node-gyp's output (~40 lines on success) is kept and printed only when the build fails, with
// the note that the JavaScript reader is used instead; the install itself never fails on it.
// CLOUDHOP_NATIVE_VERBOSE=1 shows node-gyp's output as it runs.
import { spawnSync } from 'node:child_process';

const verbose = process.env.CLOUDHOP_NATIVE_VERBOSE === '1';
// npm puts its bundled node-gyp on PATH for install scripts; the shell finds it (node-gyp.cmd on Windows).
const r = spawnSync('node-gyp rebuild', { shell: true, stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8' });
if (r.status !== 0) {
  if (!verbose) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) + '\n' : ''}`);
  process.stderr.write('cloudhop: the native JSON-lines reader was not built (no C compiler? node-gyp output above); the JavaScript reader is used\n');
}
