/**
 * The findings workspace on the demo case, as an analyst uses it: filters and search in the URL
 * (reload and Back keep them), keyboard navigation, the detail pinned in view, every cited row paged,
 * raw records inside their panel, jumps to the timeline and to principal pages.
 */
import { expect, test } from './fixtures.js';

/** How far an element's content is wider than its box (typed here: tests compile without the DOM library). */
const WIDER_THAN_BOX = (el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth - el.clientWidth;

test('findings: severity filter, search and grouping live in the URL and survive a reload', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-findings').click();
  await expect(page).toHaveURL(/#\/findings/);
  const rows = page.getByTestId('finding-row');
  await expect(rows.first()).toBeVisible();
  const all = Number((await page.getByTestId('findings-shown').textContent())!.split(' of ')[1]);

  await page.getByTestId('severity-critical').click();
  await expect(page).toHaveURL(/severity=critical/);
  const shownCritical = await page.getByTestId('findings-shown').textContent();
  expect(Number(shownCritical!.split(' of ')[0])).toBeLessThan(all);
  for (const badge of await rows.locator('.sev').allTextContents()) expect(badge).toBe('critical');

  await page.getByTestId('findings-search').fill('forward');
  await page.getByTestId('findings-search').press('Enter');
  await expect(page).toHaveURL(/q=forward/);
  // The search also reads details (an incident or a sign-in lists what was done, forwarding included),
  // so not every row says "forward" in its title; the list narrows and the forwarding findings are in it.
  await expect(rows.filter({ hasText: /forward/i }).first()).toBeVisible();
  await expect(page.getByTestId('findings-shown')).not.toHaveText(shownCritical!);

  await page.reload();
  await expect(page.getByTestId('findings-search')).toHaveValue('forward');
  await expect(page.getByTestId('severity-critical')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('findings-shown')).toHaveText(/ of /);

  await page.getByLabel('Group').selectOption('rule');
  await expect(page.locator('.vrow.group').first()).toBeVisible();
  expect(problems).toEqual([]);
});

test('findings: j/k and Enter move through the list, the detail stays in view, Escape closes it', async ({
  app,
  demo,
}) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('finding-row').first()).toBeVisible();
  await page.keyboard.press('j');
  await expect(page).toHaveURL(/#\/finding\//);
  const first = page.url();
  await page.keyboard.press('j');
  await expect(page).not.toHaveURL(first);
  await page.keyboard.press('k');
  await expect(page).toHaveURL(first);

  // A row low in the list: its detail opens inside the viewport, not above it.
  await page.keyboard.press('End');
  const detail = page.getByTestId('finding-detail');
  await expect(detail).toBeVisible();
  const box = (await detail.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(viewport.height / 2);
  await expect(page.locator('.vrow.finding.selected')).toBeInViewport();

  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/findings/);
  await expect(detail).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(/#\/finding\//);
  await expect(detail).toBeVisible();
  expect(problems).toEqual([]);
});

test('a finding pages through all of its cited rows and a raw record never overflows its panel', async ({
  app,
  demo,
}) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-findings').click();
  // The campaign cites more rows than one page holds.
  await page.getByTestId('findings-search').fill('near-identical');
  await page.getByTestId('findings-search').press('Enter');
  await page.getByTestId('finding-row').first().click();
  const detail = page.getByTestId('finding-detail');
  const count = detail.getByTestId('evidence-count');
  await expect(count).toHaveText(/^rows 1–\d+ of \d+$/);
  const [, last, total] = /rows 1–(\d+) of (\d+)/.exec((await count.textContent())!)!.map(Number);
  expect(last).toBe(Math.min(50, total!));
  if (total! > 50) {
    await detail.getByTestId('evidence-next').click();
    await expect(count).toHaveText(new RegExp(`^rows 51–\\d+ of ${total}$`));
  }
  await detail.getByTestId('evidence-row').first().click();
  const raw = detail.getByTestId('raw-record');
  await expect(raw).toBeVisible();
  const overflow = Number(await raw.evaluate(WIDER_THAN_BOX));
  expect(overflow, 'the raw record wraps inside its panel').toBeLessThanOrEqual(1);
  const panelOverflow = Number(await detail.evaluate(WIDER_THAN_BOX));
  expect(panelOverflow, 'nothing in the detail pane is wider than the pane').toBeLessThanOrEqual(1);

  // Human labels, never raw keys.
  await expect(detail.locator('dt')).not.toContainText(['clientIp', 'firstUse', 'severityReasons']);
  await expect(detail.getByText('Why this severity')).toBeVisible();

  await detail.getByTestId('jump-timeline').click();
  await expect(page).toHaveURL(/#\/timeline\?from=/);
  expect(problems).toEqual([]);
});

test('a principal opens its page from a finding: findings, grants held and given, addresses', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-findings').click();
  await page.getByTestId('severity-critical').click();
  await page.getByTestId('finding-row').first().click();
  const principal = page.getByTestId('finding-detail').locator('a.principal').first();
  const address = (await principal.textContent())!.trim();
  await principal.click();
  await expect(page).toHaveURL(new RegExp(`#/principal/${encodeURIComponent(address).replace(/\./g, '\\.')}`));
  const view = page.getByTestId('principal-page');
  await expect(view.locator('h1')).toHaveText(address);
  await expect(view).toContainText('Findings (');
  await expect(view.getByTestId('grants-held')).toBeVisible();
  await expect(view.getByTestId('grants-given')).toBeVisible();
  await view.getByTestId('principal-timeline').click();
  await expect(page).toHaveURL(/#\/timeline\?q=/);
  expect(problems).toEqual([]);
});
