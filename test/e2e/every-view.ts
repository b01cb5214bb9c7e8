/**
 * Screenshots of every workspace view at the two window sizes the brief names (1440x900, 1280x720),
 * in light and dark, into test-results/: `<prefix>-<view>-<w>x<h>-<theme>.png`. Used on the demo case
 * and on the large generated case; the pictures are for a person to look at, the assertions only
 * check that each view drew.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshots } from './fixtures.js';

const SIZES = [
  [1440, 900],
  [1280, 720],
] as const;

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // charts draw on the next frame
  await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
}

export async function shootEveryView(page: Page, prefix: string): Promise<void> {
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('theme').selectOption(theme);
      const tag = `${w}x${h}-${theme}`;
      await page.getByTestId('tab-overview').click();
      await expect(page.getByTestId('evidence-table')).toBeVisible();
      await shoot(page, `${prefix}-overview-${tag}`);
      await page.getByTestId('tab-findings').click();
      await page.getByTestId('finding-row').first().click();
      await expect(page.getByTestId('finding-detail')).toBeVisible();
      await shoot(page, `${prefix}-findings-${tag}`);
      await page.getByTestId('tab-timeline').click();
      await page.getByTestId('timeline-row').first().click();
      await expect(page.getByTestId('record-panel')).toBeVisible();
      await shoot(page, `${prefix}-timeline-${tag}`);
      await page.getByTestId('tab-volume').click();
      await page.getByTestId('sender-row').first().click();
      await expect(page.getByTestId('sender-detail')).toBeVisible();
      await shoot(page, `${prefix}-volume-${tag}`);
      await page.getByTestId('tab-graph').click();
      await expect(page.getByTestId('graph-counts')).toContainText('principals drawn');
      // Drawn from the worker's layout (the first picture is a quick placement while it runs).
      await page.waitForFunction(() => performance.getEntriesByName('dlens:graph-layout').length > 0);
      await page.waitForFunction(() => performance.getEntriesByName('dlens:graph-drawn').length > 1);
      await shoot(page, `${prefix}-graph-${tag}`);
    }
  }
  await page.getByTestId('theme').selectOption('system');
}
