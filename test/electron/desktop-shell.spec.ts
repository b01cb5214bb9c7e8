/**
 * The desktop shell under Playwright's Electron driver. Runs wherever an Electron binary exists;
 * says clearly that it skipped otherwise (machines that cannot download Electron, like this
 * project's CI). This is the one prerequisite whose absence is a skip even in CI.
 */
import { _electron, expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from '../browsers.js';

const repoRoot = process.cwd();
const binary = electronBinary();
const noElectron =
  'Electron binary not present (node_modules/electron/dist; it downloads on the first `npm start` with ' +
  'internet access): skipping the desktop-shell suite';

test('desktop window: sandboxed bridge only, imports by handle through IPC, blocks navigation and new windows', async () => {
  if (!binary) console.log(noElectron);
  test.skip(!binary, noElectron);
  // better-sqlite3 for Electron's ABI, next to the Node build the other suites use.
  const native = spawnSync(process.execPath, [path.join(repoRoot, 'build', 'electron-native.mjs')], {
    stdio: 'inherit',
  });
  expect(native.status, 'building better-sqlite3 for Electron').toBe(0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-desktop-'));
  const app = await _electron.launch({
    executablePath: binary!,
    args: [repoRoot],
    env: { ...process.env, DLENS_CASE: path.join(dir, 'desktop.db') },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('import-button')).toBeVisible();
    await expect(page).toHaveTitle('Delegation Lens');
    expect(page.url().startsWith('app://dlens/')).toBe(true);

    const surface = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as unknown as { dlens: object }).dlens).sort(),
    }));
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', bridge: ['fileHandle', 'invoke', 'on'] });

    const refused = await page.evaluate(() =>
      (globalThis as unknown as { dlens: { invoke(n: string, a: unknown): Promise<unknown> } }).dlens
        .invoke('fs.readFile', {})
        .then(
          () => 'answered',
          (e: Error) => e.message,
        ),
    );
    expect(String(refused)).toMatch(/unknown request/);

    // The page cannot name a path: import.files takes handles of files the analyst chose.
    const fixturePath = path.join(repoRoot, 'test', 'fixtures', 'purview-new-fullaccess.csv');
    type Invoke = {
      dlens: { invoke(n: string, a: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> };
    };
    const byPath = await page.evaluate(
      (file) => (globalThis as unknown as Invoke).dlens.invoke('import.files', { files: [{ path: file }] }),
      fixturePath,
    );
    expect(byPath).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    // The analyst picks the file in the open dialog (stood in for here): the page gets a handle.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [file] });
    }, fixturePath);
    const picked = await page.evaluate(() => (globalThis as unknown as Invoke).dlens.invoke('shell.pickEvidence', {}));
    const handles = (picked as { value: string[] }).value;
    expect(handles).toHaveLength(1);
    expect(handles[0]).not.toContain('purview');
    const outcomes = await page.evaluate(
      (handle) => (globalThis as unknown as Invoke).dlens.invoke('import.files', { files: [{ path: handle }] }),
      handles[0]!,
    );
    expect((outcomes as { ok: boolean; value: Array<{ ok: boolean }> }).value[0]!.ok).toBe(true);
    await page.getByTestId('tab-findings').click();
    await expect(page.getByTestId('finding-row').first()).toBeVisible();

    const before = page.url();
    await page.evaluate(() => {
      const w = globalThis as unknown as { location: { href: string }; open(url: string): unknown };
      w.location.href = 'https://example.com/';
      w.open('https://example.com/');
    });
    // Navigation and window.open are refused by the shell; the page stays as it was.
    await expect.poll(() => page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'desktop-findings.png') });
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
