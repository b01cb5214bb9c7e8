/**
 * The browser suite's fixtures: every test gets its own case folder and its own `dlens serve`
 * (no state leaks between tests), a page that records console errors, CSP violations and any
 * request leaving 127.0.0.1, and the demo case built once per run and copied for each test that
 * wants it.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath } from '../browsers.js';
import { startServe } from '../serve-case.js';

export const repoRoot = process.cwd();
const cli = path.join(repoRoot, 'dist', 'electron', 'cli', 'dlens.js');
export const fixture = (name: string): string => path.join(repoRoot, 'test', 'fixtures', name);
export const screenshots = path.join(repoRoot, 'test-results');

const noChromium =
  "Chromium not found (install Debian's chromium package or set DLENS_CHROMIUM); the browser suite cannot run";

export interface Served {
  url: string;
  casePath: string;
  dir: string;
}

interface Fixtures {
  /** Without Chromium the suite cannot run: a skip on a developer's machine, a failure in CI. */
  browserPresent: void;
  /** `dlens serve` on a fresh, empty case. */
  served: Served;
  /** `dlens serve` on a copy of the demo case. */
  demo: Served;
  /** `dlens serve` on a case that already exists (left in place: the tests only read it). */
  serveCase: (casePath: string) => Promise<Served>;
  /** A page on the served app; problems (console errors, CSP, off-host requests) are collected. */
  app: { page: Page; problems: string[]; open: (s: Served) => Promise<void> };
}

const serve = (casePath: string) => startServe(cli, casePath);

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The demo case, built once per worker (generating and importing it takes seconds). */
const demoCase = base.extend<object, { demoSource: string }>({
  demoSource: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies first
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-e2e-demo-'));
      const casePath = path.join(dir, 'demo.dlens.db');
      const r = spawnSync(process.execPath, [cli, 'demo', casePath], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`building the demo case failed: ${r.stderr}`);
      await use(casePath);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export const test = demoCase.extend<Fixtures>({
  browserPresent: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies first
    async ({}, use, testInfo) => {
      if (!chromiumPath()) {
        if (process.env.CI) throw new Error(noChromium);
        console.log(noChromium);
        testInfo.skip(true, noChromium);
      }
      await use();
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies first
  served: async ({}, use, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-e2e-'));
    const casePath = path.join(dir, 'case.db');
    const { url, child } = await serve(casePath);
    await use({ url, casePath, dir });
    await stop(child);
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(dir, { recursive: true, force: true });
  },
  demo: async ({ demoSource }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-e2e-'));
    const casePath = path.join(dir, 'demo.dlens.db');
    fs.copyFileSync(demoSource, casePath);
    const { url, child } = await serve(casePath);
    await use({ url, casePath, dir });
    await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies first
  serveCase: async ({}, use) => {
    const children: ChildProcess[] = [];
    await use(async (casePath) => {
      const { url, child } = await serve(casePath);
      children.push(child);
      return { url, casePath, dir: path.dirname(casePath) };
    });
    for (const child of children) await stop(child);
  },
  app: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.hostname !== '127.0.0.1')
        problems.push(`off-host request: ${r.url()}`);
    });
    await use({ page, problems, open: async (s) => void (await page.goto(s.url)) });
  },
});

export { expect };
