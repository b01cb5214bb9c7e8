// `npm start`: build, make sure better-sqlite3 exists for Electron's ABI, then launch the desktop app.
// The Electron binary itself is fetched by the electron package on first use.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const script of ['build.mjs', 'electron-native.mjs']) {
  const r = spawnSync(process.execPath, [path.join(root, 'build', script)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// require('electron') from Node returns the path of the binary (downloading it on first use).
const electron = createRequire(path.join(root, 'package.json'))('electron');
const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
