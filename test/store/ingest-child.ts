// Child process of the kill test: one `cloudhop ingest` run (through the same function the CLI calls).
import { ingestToWorkspace } from '../../src/ingest/workspace-ingest.js';

const [dir, ...paths] = process.argv.slice(2);
process.stdout.write('ready\n'); // the parent times its kill from here, past module loading
// CLOUDHOP_TEST_CRASH=before-commit: die after the segments are written, before the manifest.
const crash = process.env.CLOUDHOP_TEST_CRASH === 'before-commit' ? () => { process.kill(process.pid, 'SIGKILL'); } : undefined;
await ingestToWorkspace(paths, dir!, { beforeCommit: crash });
process.stdout.write('done\n');
