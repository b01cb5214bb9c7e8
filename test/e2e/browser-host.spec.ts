/**
 * End to end through the browser host: the real renderer in Chromium, `dlens serve` over HTTP,
 * the engine in its worker, SQLite on disk. Each test has its own case and server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, fixture, screenshots, test } from './fixtures.js';

test('import through the file input, see the finding, open its evidence row, replay the graph', async ({
  app,
  served,
}) => {
  const { page, problems } = app;
  await app.open(served);
  await expect(page).not.toHaveURL(/token=/);
  await page.getByTestId('import-input').setInputFiles(fixture('purview-new-fullaccess.csv'));
  await expect(page.getByTestId('import-outcomes')).toContainText('4 accepted, 0 rejected, 0 duplicates');
  await expect(page.getByTestId('count-audit')).toHaveText('4');
  const evidence = page.getByTestId('evidence-table');
  await expect(evidence).toContainText('purview-new-fullaccess.csv');
  await expect(evidence).toContainText('Purview audit export (new search, 8 columns)');

  await page.getByTestId('tab-findings').click();
  const rows = page.getByTestId('finding-row');
  // The grant, and its use (helpdesk7 sending as the CEO).
  await expect(rows).toHaveCount(2);
  const grant = rows.filter({ hasText: 'FullAccess on ceo@example.com granted to helpdesk7@example.com' });
  await grant.click();
  const detail = page.getByTestId('finding-detail');
  await expect(detail).toContainText('T1098.002');
  const evidenceRow = detail.getByTestId('evidence-row').first();
  await expect(evidenceRow.getByRole('gridcell').nth(3)).toHaveText('purview-new-fullaccess.csv · 3');
  await evidenceRow.click();
  const raw = detail.getByTestId('raw-record');
  await expect(raw).toContainText('"Id": "3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001"');
  await expect(raw).toContainText('"AutoMapping"');
  await page.screenshot({ path: path.join(screenshots, 'browser-finding-evidence.png'), fullPage: true });

  // The delegation graph: after all evidence one edge; stepped back before the first change, none.
  await page.getByTestId('tab-graph').click();
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  const counts = page.getByTestId('graph-counts');
  await expect(counts).toContainText('1 edges shown');
  await page.getByTestId('graph-start').click();
  await expect(counts).toContainText('0 edges shown');
  await expect(page.getByTestId('graph-as-of')).toHaveText(/^2024-03-04 \d\d:\d\d:\d\d UTC$/);
  await page.getByTestId('graph-end').click();
  await expect(counts).toContainText('1 edges shown');
  await expect(page.getByTestId('graph-as-of')).toHaveText('after all evidence');
  await page.screenshot({ path: path.join(screenshots, 'browser-delegation-graph.png') });
  expect(problems, 'no console errors (CSP violations included) and no off-host requests').toEqual([]);
});

test('drag and drop imports a file and shows its rejected rows with reasons', async ({ app, served }) => {
  const { page, problems } = app;
  await app.open(served);
  const text = fs.readFileSync(fixture('purview-new-bad-rows.csv'), 'latin1');
  // Runs in the page (DOM types are not in this Node project's lib).
  const dataTransfer = await page.evaluateHandle((content) => {
    const g = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: string[], name: string, options: { type: string }) => unknown;
    };
    const dt = new g.DataTransfer();
    dt.items.add(new g.File([content], 'purview-new-bad-rows.csv', { type: 'text/csv' }));
    return dt;
  }, text);
  await page.locator('.app').dispatchEvent('dragover', { dataTransfer });
  await page.locator('.app').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('import-outcomes')).toContainText('1 accepted, 4 rejected');
  await page.getByTestId('rejections-toggle').click();
  const reasons = page.getByTestId('rejections').locator('tbody tr td:nth-child(3)');
  await expect(reasons).toHaveCount(4);
  await expect(reasons.nth(0)).toContainText('AuditData is not valid JSON');
  await expect(reasons.nth(3)).toContainText('unterminated quoted field');
  await page.screenshot({ path: path.join(screenshots, 'browser-rejections.png'), fullPage: true });
  expect(problems).toEqual([]);
});
