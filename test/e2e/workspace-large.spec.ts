/**
 * The workspace on a large generated case (test/large-case.ts: at least a million events and
 * thousands of principals): every route opens, the timeline pages deep and filters, the send-volume
 * chart draws, the graph opens without freezing the page and steps with stable positions. Timings
 * are measured by `npm run bench:ui`; here only behaviour is asserted.
 */
import path from 'node:path';
import { shootEveryView } from './every-view.js';
import { test as base, expect } from './fixtures.js';
import { largeCase } from '../large-case.js';

const test = base.extend<object, { large: string }>({
  large: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies first
    async ({}, use) => {
      const root = process.cwd();
      await use(largeCase(root, path.join(root, 'dist', 'electron', 'cli', 'dlens.js')).casePath);
    },
    { scope: 'worker', timeout: 900_000 },
  ],
});

test.describe.configure({ timeout: 180_000 });

test('large case: overview, findings, timeline deep and filtered, send volume, graph', async ({
  app,
  large,
  serveCase,
}) => {
  const { page, problems } = app;
  await app.open(await serveCase(large));
  const audit = Number((await page.getByTestId('count-audit').textContent())!.replace(/,/g, ''));
  const messages = Number((await page.getByTestId('count-messages').textContent())!.replace(/,/g, ''));
  expect(audit + messages).toBeGreaterThanOrEqual(1_000_000);

  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('finding-row').first()).toBeVisible();
  await page.getByTestId('severity-critical').click();
  await expect(page).toHaveURL(/severity=critical/);

  await page.getByTestId('tab-timeline').click();
  const histogram = page.getByTestId('histogram');
  await expect(histogram).toBeVisible();
  expect(Number(await histogram.getAttribute('data-total'))).toBeGreaterThanOrEqual(1_000_000);
  // Deep: the case's last day, a million events in.
  const lastDay = new Date(Date.parse((await histogram.getAttribute('data-to'))!) - 12 * 3600_000).toISOString();
  await page.goto(page.url().replace(/#.*/, `#/timeline?at=${lastDay}`));
  const first = page.getByTestId('timeline-row').first();
  await expect(first).toBeVisible();
  await expect(first.locator('time')).toHaveText(new RegExp(`^${lastDay.slice(0, 10)}`));
  await page.mouse.wheel(0, 4000);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  // Filter on one address and open a record.
  const ip = (await page.locator('[data-testid=timeline-row] [data-field=ip][title]').first().getAttribute('title'))!;
  await page.getByTestId('timeline-search').fill(`ip:${ip}`);
  await page.getByTestId('timeline-search').press('Enter');
  await expect(page.locator('[data-testid=timeline-row] [data-field=ip]').first()).toHaveAttribute('title', ip);
  await page.getByTestId('timeline-row').first().click();
  await expect(page.getByTestId('record-panel')).toContainText('SHA-256');

  await page.getByTestId('tab-volume').click();
  await page.getByTestId('sender-row').first().click();
  await expect(page.getByTestId('sender-detail').locator('canvas').first()).toBeVisible();

  await page.getByTestId('tab-graph').click();
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  await expect(page.getByTestId('graph-counts')).toContainText('principals drawn');
  await page.getByTestId('graph-start').click();
  await page.getByTestId('graph-next').click();
  await expect(page.getByTestId('graph-time')).toContainText('change 1 of');
  await page.getByTestId('q-external').click();
  await expect(page.getByTestId('graph-answer-count')).toHaveText(/^\d+$/);
  expect(problems).toEqual([]);
});

test('large case: screenshots of every view at 1440x900 and 1280x720, light and dark', async ({
  app,
  large,
  serveCase,
}) => {
  const { page, problems } = app;
  await app.open(await serveCase(large));
  await shootEveryView(page, 'large');
  expect(problems).toEqual([]);
});
