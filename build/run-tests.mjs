// Runs the test suites against the compiled tests in dist/test (npm test builds first, from clean):
//   node build/run-tests.mjs            unit (Node's test runner), then browser and desktop (Playwright)
//   node build/run-tests.mjs unit|ui
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['unit', 'ui'];
let failed = false;

function run(label, cmd, args) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}

if (wanted.includes('unit')) {
  const dir = path.join(root, 'dist', 'test', 'unit');
  if (!fs.existsSync(dir)) {
    console.error(`run-tests: ${path.relative(root, dir)} missing; run npm run build first`);
    process.exit(1);
  }
  const files = fs
    .readdirSync(dir)
    .sort()
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f));
  run('unit and integration (node --test)', process.execPath, ['--test', '--test-reporter=spec', ...files]);
}
if (wanted.includes('ui')) {
  const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
  run('browser and desktop (Playwright)', process.execPath, [cli, 'test', '--config', 'playwright.config.ts']);
}
process.exit(failed ? 1 : 0);
