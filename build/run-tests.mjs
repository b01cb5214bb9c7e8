// Runs the test suites with Node's test runner against the compiled tests in dist/test.
//   node build/run-tests.mjs            unit + integration, then end-to-end (browser host), then desktop shell
//   node build/run-tests.mjs unit|e2e|electron
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suites = process.argv.slice(2);
const wanted = suites.length > 0 ? suites : ['unit', 'e2e', 'electron'];
const files = [];
for (const suite of wanted) {
  const dir = path.join(root, 'dist', 'test', suite);
  if (!fs.existsSync(dir)) {
    console.error(`run-tests: ${path.relative(root, dir)} missing; run npm run build first`);
    process.exit(1);
  }
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) files.push(path.join(dir, f));
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
