// Electronegativity (Doyensec's scanner for Electron misconfigurations and anti-patterns) over the
// code that runs in the desktop app: the main process and preload (electron/main, electron/preload,
// the shared/ code they import) and the renderer (renderer/index.html with its CSP, renderer/src).
// Fails on any finding of HIGH severity; prints every finding.
//
// Offline: the scanner fetches translations (and, in one check, the list of Electron releases) from
// the internet on every run. Its HTTP client is replaced by one that fails at once, so it never
// tries; it falls back to its bundled English texts. The release-list check is skipped: which
// Electron is current is decided when the pinned `electron` version is bumped, not by a scan.
//
//   npm run scan:electron        (from .ci/run)
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity/package.json'));

// Stand in for `got` before the scanner loads it: no request leaves the machine.
const gotPath = scannerRequire.resolve('got');
const offline = new Module(gotPath);
offline.filename = gotPath;
offline.loaded = true;
offline.exports = () => Promise.reject(new Error('electronegativity runs offline here'));
require.cache[gotPath] = offline;

const OFFLINE_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const INPUTS = ['electron/main', 'electron/preload', 'shared', 'renderer/src', 'renderer/index.html'];

// The scanner takes one folder: stage the inputs (and the pinned Electron version) in a temp one.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-electronegativity-'));
try {
  for (const rel of INPUTS) fs.cpSync(path.join(root, rel), path.join(stage, rel), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const electronVersion = pkg.devDependencies.electron.replace(/^[^\d]*/, '');
  fs.writeFileSync(
    path.join(stage, 'package.json'),
    JSON.stringify({ name: pkg.name, devDependencies: { electron: electronVersion } }),
  );

  const run = scannerRequire('./dist/runner.js');
  const quiet = console.log;
  console.log = () => {}; // the scanner's "could not retrieve translations" notice: expected offline
  let result;
  try {
    result = await run({
      input: stage,
      isRelative: true,
      isVerbose: false,
      excludeFromScan: OFFLINE_CHECKS,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
  } finally {
    console.log = quiet;
  }

  for (const e of result.errors)
    console.error(`scan:electron: could not parse ${e.file}: ${e.message ?? e.error ?? ''}`);
  const issues = result.issues.map((i) => ({
    id: i.id,
    severity: i.severity.name ?? String(i.severity.value),
    level: i.severity.value,
    confidence: i.confidence.name ?? String(i.confidence.value),
    where: `${path.relative(stage, path.resolve(stage, i.file))}:${i.location.line}:${i.location.column}`,
  }));
  for (const i of issues) console.log(`${i.severity.padEnd(13)} ${i.confidence.padEnd(10)} ${i.id}  ${i.where}`);
  const high = issues.filter((i) => /^(HIGH|CRITICAL)$/i.test(i.severity));
  console.log(
    `scan:electron: Electronegativity ${scannerRequire('./package.json').version}, Electron ${electronVersion}: ` +
      `${result.globalChecks + result.atomicChecks} checks, ${issues.length} findings, ${high.length} high` +
      (result.errors.length ? `, ${result.errors.length} files not parsed` : ''),
  );
  process.exitCode = high.length > 0 || result.errors.length > 0 ? 1 : 0;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
// The scanner's logger keeps handles open; the verdict is in.
process.exit(process.exitCode ?? 1);
