/**
 * The report dialog through the browser host: opened from the top bar, sections chosen and
 * reordered, the marking set; with no desktop shell the report's HTML is downloaded. The file is
 * the self-contained report (strict CSP, the sections in the order chosen, the marking).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, screenshots, test } from './fixtures.js';

test('the report dialog downloads the HTML report with the sections in the order chosen', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('open-report').click();
  const dialog = page.getByTestId('report-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('report-section-appendix').uncheck();
  await page.getByRole('button', { name: 'Move Remediation and verification checklist up' }).click();
  await page.getByTestId('report-tlp').selectOption('red');
  await page.screenshot({ path: path.join(screenshots, 'browser-report-dialog.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-create').click()]);
  expect(download.suggestedFilename()).toBe('demo-report.html');
  const file = path.join(demo.dir, download.suggestedFilename());
  await download.saveAs(file);
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  expect(html).toContain('TLP:RED');
  expect(html).not.toContain('id="part-appendix"');
  const order = [...html.matchAll(/<h1>\d+\. ([^<]+)<\/h1>/g)].map((m) => m[1]);
  expect(order.indexOf('Remediation and verification checklist')).toBe(order.indexOf('Analyst annotations') - 1);
  await expect(dialog.getByRole('status')).toContainText('demo-report.html');
  expect(problems).toEqual([]);
});
