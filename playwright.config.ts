/**
 * Playwright's runner for the browser suite (the real renderer in Chromium against `dlens serve`)
 * and the desktop suite (the Electron shell). Both run from the clean compile in dist/test. No
 * browser is ever downloaded: Chromium comes from the system (test/browsers.ts), Electron from
 * node_modules/electron once its binary exists. Traces and screenshots of failures land in
 * test-results/playwright.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './test/browsers.js';

const chromium = chromiumPath();

export default defineConfig({
  testDir: 'dist/test',
  testMatch: ['e2e/**/*.spec.js', 'electron/**/*.spec.js'],
  outputDir: 'test-results/playwright',
  // Two cores: one browser at a time keeps timings honest and the machine responsive.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    ...(chromium ? { launchOptions: { executablePath: chromium, args: CHROMIUM_ARGS } } : {}),
  },
});
