// `npm start`: build, make sure the Electron binary and better-sqlite3 for Electron's ABI exist,
// then launch the desktop app. The Electron package fetches its binary on first use; where that
// is impossible (no network, a blocked download), this ends with one message naming the cause and
// the browser alternative, not a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const BROWSER_ALTERNATIVE =
  'The same app runs in your browser without Electron: npx dlens serve --demo (or npx dlens serve <case.db>).';

function fail(cause) {
  console.error(`\nnpm start: ${cause}\n${BROWSER_ALTERNATIVE}`);
  process.exit(1);
}

/** Path of the Electron binary, downloading it once if needed (its installer's output is kept quiet). */
function electronBinary() {
  const pkg = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkg, 'path.txt');
  const installed = () =>
    fs.existsSync(pathFile) && fs.existsSync(path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8')));
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return require('electron');
  if (!installed()) {
    console.log('npm start: downloading the Electron binary (once)…');
    const r = spawnSync(process.execPath, [path.join(pkg, 'install.js')], { cwd: pkg, encoding: 'utf8' });
    if (r.status !== 0 || !installed()) {
      const reason = `${r.stderr ?? ''}\n${r.stdout ?? ''}`
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|status code|getaddrinfo/i.test(l));
      fail(
        `the Electron binary is not installed and could not be downloaded${reason ? ` (${reason.slice(0, 200)})` : ''}. ` +
          'The desktop window needs it; connect to the internet once and run npm start again.',
      );
    }
  }
  return require('electron');
}

const build = spawnSync(process.execPath, [path.join(root, 'build', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const electron = electronBinary();
const native = spawnSync(process.execPath, [path.join(root, 'build', 'electron-native.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (native.status !== 0)
  fail('better-sqlite3 could not be built for Electron (see above); it is fetched or compiled once, online.');

const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('error', (err) => fail(`Electron could not be started (${err.message}).`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
