#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (built to dist/cli by `npm ci` / `npm run build`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  // main() reports every failure itself (docs/CLI.md, exit statuses); this is the last resort.
  (err) => { console.error(`cloudhop: internal error: ${process.env.CLOUDHOP_DEBUG === '1' && err && err.stack ? err.stack : err && err.message ? err.message : err}`); process.exitCode = 70; },
);
