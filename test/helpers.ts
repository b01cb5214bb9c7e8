/**
 * Shared test helpers. Tests run compiled from dist/test; paths are resolved from the repository root.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Repository root: tests run compiled from dist/test/<suite>/. DLENS_REPO_ROOT overrides it for a
 * private build elsewhere (e.g. `tsc --outDir .dlens-tmp/x/dist` while another build owns dist/).
 */
export const repoRoot =
  process.env.DLENS_REPO_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const fixture = (name: string): string => path.join(repoRoot, 'test', 'fixtures', name);

/**
 * The real public samples in ../shared/corpus (see SOURCES.md). A user's clone has no ../shared, so
 * tests that need them skip with this message instead of failing.
 */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const corpusMissing: string | false = fs.existsSync(corpusDir)
  ? false
  : `../shared/corpus not found at ${corpusDir} (only present in the team workspace); skipping real-sample test`;
export const corpus = (rel: string): string => path.join(corpusDir, rel);

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = 'dlens-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * The compiled CLI beside these compiled tests (dist/electron/cli/dlens.js), so a private build
 * (DLENS_REPO_ROOT above) runs its own CLI rather than whatever dist/ holds.
 */
export const cliPath = fileURLToPath(new URL('../electron/cli/dlens.js', import.meta.url));
