// Builds better-sqlite3 for Electron's ABI into build/native/<key>/better_sqlite3.node, leaving
// node_modules/better-sqlite3 (the Node build that tests, CLI and browser host use) untouched.
// The desktop app passes this file to better-sqlite3 as `nativeBinding`.
//
// It first tries the prebuilt binary for this Electron (prebuild-install, a declared dev
// dependency, as better-sqlite3's own install does) and otherwise compiles against Electron's
// headers with the node-gyp npm ships. Both fetch from the network once; the result is cached per
// better-sqlite3 version, Electron version, platform and architecture. Nothing else is downloaded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const platform = process.env.npm_config_platform ?? process.platform;
const arch = process.env.npm_config_arch ?? process.arch;
const key = `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}`;
const outDir = path.join(root, 'build', 'native', key);
const out = path.join(outDir, 'better_sqlite3.node');
// electron-builder packs this folder as resources/native (see electron-builder.yml).
const current = path.join(root, 'build', 'native', 'current');

function publishCurrent() {
  fs.mkdirSync(current, { recursive: true });
  fs.copyFileSync(out, path.join(current, 'better_sqlite3.node'));
}

if (fs.existsSync(out)) {
  publishCurrent();
  console.log(`electron-native: ${path.relative(root, out)} is up to date`);
  process.exit(0);
}

/** node-gyp as npm ships it: npm scripts name it in npm_config_node_gyp; otherwise it sits beside npm. */
function bundledNodeGyp() {
  return [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].find((p) => p && fs.existsSync(p));
}

const moduleDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-electron-native-'));
let ok;
try {
  const copy = path.join(work, 'better-sqlite3');
  fs.cpSync(moduleDir, copy, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
  const run = (label, cmd, args) => {
    console.log(`electron-native: ${label}`);
    const r = spawnSync(cmd, args, { cwd: copy, stdio: 'inherit', shell: process.platform === 'win32' });
    return r.status === 0 && fs.existsSync(built);
  };

  const prebuild = path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  ok = run(`fetching the prebuilt binary for Electron ${electronVersion} (${platform}-${arch})`, process.execPath, [
    prebuild,
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    arch,
    '--platform',
    platform,
  ]);
  const gyp = bundledNodeGyp();
  if (!ok && gyp) {
    ok = run(`compiling against Electron ${electronVersion} headers`, process.execPath, [
      gyp,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      `--arch=${arch}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
  } else if (!ok) {
    console.error("electron-native: npm's node-gyp was not found, so better-sqlite3 cannot be compiled for Electron");
  }
  if (ok) {
    fs.mkdirSync(outDir, { recursive: true });
    fs.copyFileSync(built, out);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
if (!ok) {
  console.error(
    `electron-native: could not build better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}; ` +
      'the desktop app needs it (the CLI and browser host do not)',
  );
  process.exit(1);
}
publishCurrent();
console.log(`electron-native: wrote ${path.relative(root, out)}`);
