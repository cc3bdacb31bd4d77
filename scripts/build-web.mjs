#!/usr/bin/env node
// Bundles the web workbench (web/, issue 18) into dist/web/ with esbuild: the page's script and
// style, Monaco's editor worker and monaco-kusto's language-service worker, the fonts they load.
// Everything is served by `cloudhop serve` from its own origin (src/serve/workbench.ts): no CDN.
// Run by `npm run build` after tsc. `--no-minify` keeps the output readable.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist', 'web');
const minify = !process.argv.includes('--no-minify');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The Kusto language service (Bridge.NET) reads files through require('fs') only when it runs in
// Node; in the browser that branch is never taken, so Node's modules resolve to an empty one.
const nodeBuiltinsEmpty = {
  name: 'node-builtins-empty',
  setup(b) {
    b.onResolve({ filter: /^(fs|path|os|crypto)$/ }, (a) => ({ path: a.path, namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

const started = Date.now();
await build({
  entryPoints: {
    app: join(root, 'web/src/main.ts'),
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'kusto.worker': '@kusto/monaco-kusto/release/esm/kusto.worker.js',
  },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outdir: out,
  minify,
  sourcemap: false,
  legalComments: 'linked',
  loader: { '.ttf': 'file' },
  assetNames: 'assets/[name]-[hash]',
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [nodeBuiltinsEmpty],
  // Bridge.NET (the Kusto language service) looks for Node's `global`.
  define: { global: 'globalThis' },
});
copyFileSync(join(root, 'web/index.html'), join(out, 'index.html'));
process.stdout.write(`web: bundled into dist/web in ${Date.now() - started} ms\n`);
