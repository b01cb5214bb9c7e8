// Builds everything the app, the CLI and the tests run from (into dist/):
//   1. tsc: shared/, electron/ (shell, engine, CLI, host) and test/ to ESM JavaScript;
//   2. esbuild: the preload as one CommonJS file (sandboxed preloads cannot import modules);
//   3. vite: the renderer to static files.
// Runs as `npm run build`, as part of `npm test`, and from `prepare` so `npx dlens` works after
// `npm install` (not in CI, where `npm test` builds once). dist/ is removed first: tests never run
// from a stale compile.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(label, cmd, args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (!fs.existsSync(bin('tsc'))) {
  // `prepare` also runs when dependencies are being installed without devDependencies.
  console.log('build: skipped (devDependencies not installed)');
  process.exit(0);
}
if (process.env.npm_lifecycle_event === 'prepare' && process.env.CI) {
  // CI builds once, from `npm test`; building here as well would double the work.
  console.log('build: skipped in CI during install (npm test builds)');
  process.exit(0);
}

// A clean compile every time: a deleted or renamed source or test must not live on in dist/.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });

step('typescript', bin('tsc'), ['-p', 'tsconfig.json']);
step('preload', bin('esbuild'), [
  'electron/preload/preload.ts',
  '--bundle',
  '--platform=node',
  '--format=cjs',
  '--target=node20',
  '--external:electron',
  '--minify',
  '--sourcemap',
  '--outfile=dist/electron/preload/preload.cjs',
  '--log-level=warning',
]);
step('renderer', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
fs.chmodSync(path.join(root, 'dist/electron/cli/dlens.js'), 0o755);
