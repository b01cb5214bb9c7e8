/**
 * Locating the browsers the UI tests drive. Nothing is downloaded: Chromium comes from the OS
 * (Debian's package at /usr/bin/chromium, or DLENS_CHROMIUM), Electron from node_modules/electron
 * once its binary has been fetched (first `npm start` on a machine with internet).
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers.js';

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
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const exe = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const full = path.join(dist, exe);
  return fs.existsSync(full) ? full : null;
}
