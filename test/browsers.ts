/**
 * Locating the browsers the UI tests drive. Nothing is downloaded: Chromium comes from the OS
 * (Debian's package at /usr/bin/chromium, or DLENS_CHROMIUM), Electron from node_modules/electron
 * once its binary has been fetched (first `npm start` on a machine with internet).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The repository root, from the working directory Playwright and npm scripts run in. */
const root = process.env.DLENS_REPO_ROOT ?? process.cwd();

/**
 * Flags for a root, offline, headless Chromium: no sandbox (tests run as root here), no GPU, and no
 * background networking (the machine's closed network would refuse those connections).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string | null {
  const candidates = [process.env.DLENS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** Path of the Electron binary if it is present, without triggering electron's lazy download. */
export function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const exe = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const full = path.join(dist, exe);
  return fs.existsSync(full) ? full : null;
}
