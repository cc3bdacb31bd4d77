#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (built to dist/cli by `npm ci` / `npm run build`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`cloudhop: internal error: ${err && err.stack ? err.stack : err}`); process.exitCode = 70; },
);
