/**
 * The desktop shell under Playwright's Electron driver. Runs wherever an Electron binary exists;
 * says clearly that it skipped otherwise (CI machines here cannot download Electron).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { electronBinary } from '../browsers.js';
import { fixture, repoRoot, tempDir } from '../helpers.js';

const binary = electronBinary();
const skip = binary
  ? false
  : 'Electron binary not present (node_modules/electron/dist; it downloads on the first `npm start` with internet access): skipping the desktop-shell suite';

test(
  'desktop window: sandboxed bridge only, imports through IPC, blocks navigation and new windows',
  { skip },
  async () => {
    // better-sqlite3 for Electron's ABI, next to the Node build the other suites use.
    const native = spawnSync(process.execPath, [path.join(repoRoot, 'build', 'electron-native.mjs')], {
      stdio: 'inherit',
    });
    assert.equal(native.status, 0, 'building better-sqlite3 for Electron');

    const app = await _electron.launch({
      executablePath: binary!,
      args: [repoRoot],
      env: { ...process.env, DLENS_CASE: path.join(tempDir(), 'desktop.db') },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('import-button').waitFor();
      assert.equal(await page.title(), 'Delegation Lens');
      assert.ok(page.url().startsWith('app://dlens/'));

      const surface = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as unknown as { dlens: object }).dlens).sort(),
      }));
      assert.deepEqual(surface, {
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'on', 'pathForFile'],
      });

      const refused = await page.evaluate(() =>
        (globalThis as unknown as { dlens: { invoke(n: string, a: unknown): Promise<unknown> } }).dlens
          .invoke('fs.readFile', {})
          .then(
            () => 'answered',
            (e: Error) => e.message,
          ),
      );
      assert.match(String(refused), /unknown request/);

      const outcomes = await page.evaluate(
        (file) =>
          (globalThis as unknown as { dlens: { invoke(n: string, a: unknown): Promise<unknown> } }).dlens.invoke(
            'import.files',
            { files: [{ path: file }] },
          ),
        fixture('purview-new-fullaccess.csv'),
      );
      assert.equal((outcomes as { ok: boolean; value: Array<{ ok: boolean }> }).value[0]!.ok, true);
      await page.getByTestId('tab-findings').click();
      await page.getByTestId('finding-row').first().waitFor();

      const before = page.url();
      await page.evaluate(() => {
        const w = globalThis as unknown as { location: { href: string }; open(url: string): unknown };
        w.location.href = 'https://example.com/';
        w.open('https://example.com/');
      });
      await page.waitForTimeout(500);
      assert.equal(page.url(), before);
      assert.equal(app.windows().length, 1);
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'desktop-findings.png') });
    } finally {
      await app.close();
    }
  },
);
