/**
 * The timeline, send volume and preferences on the demo case: histogram, search, pivot, zoom by
 * brushing, a raw record with its provenance, time zone and theme switches; screenshots of every
 * view at 1440x900 and 1280x720, light and dark.
 */
import { shootEveryView } from './every-view.js';
import { expect, test } from './fixtures.js';

test('timeline: histogram, search, pivot on a cell, zoom by brushing, open a record', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-timeline').click();
  const histogram = page.getByTestId('histogram');
  await expect(histogram).toBeVisible();
  const total = Number(await histogram.getAttribute('data-total'));
  expect(total).toBeGreaterThan(1000);
  const rows = page.getByTestId('timeline-row');
  await expect(rows.first()).toBeVisible();

  // Pivot: only the rows of the first row's client address.
  const ipCell = page.locator('[data-testid=timeline-row] [data-field=ip][title]').first();
  const ip = (await ipCell.getAttribute('title'))!;
  await ipCell.hover();
  await ipCell.getByTestId('pivot-ip').click();
  await page.getByTestId('pivot-only').click();
  // The address may be IPv6 (colons are percent-encoded in the URL).
  await expect.poll(() => decodeURIComponent(page.url())).toContain(`q=ip:${ip}`);
  await expect(page.getByTestId('timeline-search')).toHaveValue(`ip:${ip}`);
  for (const cell of await page.locator('[data-testid=timeline-row] [data-field=ip]').all())
    expect(await cell.getAttribute('title')).toBe(ip);
  const narrowed = Number(await histogram.getAttribute('data-total'));
  expect(narrowed).toBeLessThan(total);

  // A search in the query language, with NOT.
  await page.getByTestId('timeline-search').fill('op:UserLoggedIn AND NOT source:message');
  await page.getByTestId('timeline-search').press('Enter');
  await expect(page.locator('[data-testid=timeline-row] [data-field=op]').first()).toHaveAttribute(
    'title',
    'UserLoggedIn',
  );

  // Zoom: drag across the middle of the histogram.
  await page.getByTestId('timeline-search').fill('');
  await page.getByTestId('timeline-search').press('Enter');
  const over = histogram.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*to=/);
  await expect(page.getByTestId('timeline-range')).toBeVisible();
  await expect.poll(async () => Number(await histogram.getAttribute('data-total'))).toBeLessThan(total);

  // A record: provenance and raw text.
  await rows.first().click();
  const record = page.getByTestId('record-panel');
  await expect(record).toContainText('SHA-256');
  await expect(record.getByTestId('raw-record')).toBeVisible();
  await expect(page).toHaveURL(/row=/);
  await page.getByTestId('zoom-reset').click();
  await expect(page).not.toHaveURL(/from=/);
  expect(problems).toEqual([]);
});

test('the time zone switch restates every time with its zone; the theme follows the choice', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-timeline').click();
  const firstTime = page.getByTestId('timeline-row').first().locator('time');
  await expect(firstTime).toHaveText(/ UTC$/);
  const zones = await page.getByTestId('time-zone').locator('option').allTextContents();
  const other = zones.find((z) => !z.startsWith('UTC'));
  if (other) {
    await page.getByTestId('time-zone').selectOption({ label: other });
    await expect(firstTime).not.toHaveText(/ UTC$/);
    await page.getByTestId('time-zone').selectOption('UTC');
  }
  await page.getByTestId('theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('html')).toHaveCSS('background-color', 'rgb(17, 21, 28)');
  await expect(page.locator('html')).toHaveCSS('color-scheme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme').selectOption('system');
  expect(problems).toEqual([]);
});

test('send volume: a sender against its baseline, the messages of a spike hour, the campaigns', async ({
  app,
  demo,
}) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-volume').click();
  const senders = page.getByTestId('sender-row');
  await expect(senders.first()).toBeVisible();
  await senders.first().click();
  await expect(page).toHaveURL(/sender=/);
  const detail = page.getByTestId('sender-detail');
  await expect(detail.locator('canvas').first()).toBeVisible();
  const spikes = detail.getByTestId('spikes');
  if (await spikes.count()) {
    await spikes.getByRole('button', { name: 'messages' }).first().click();
    await expect(detail.getByTestId('hour-messages')).toContainText('Messages in the hour');
    await expect(detail.getByTestId('hour-messages').locator('tbody tr').first()).toBeVisible();
  }
  await page.getByTestId('volume-campaigns').click();
  await expect(page.getByTestId('campaign').first()).toContainText('senders');
  expect(problems).toEqual([]);
});

test('screenshots of every view at 1440x900 and 1280x720, light and dark', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await shootEveryView(page, 'demo');
  expect(problems).toEqual([]);
});
