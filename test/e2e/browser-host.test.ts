/**
 * End to end through the browser host: the real renderer in Chromium, `dlens serve` over HTTP,
 * the engine in its worker, SQLite on disk.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../browsers.js';
import { cliPath, fixture, repoRoot, tempDir } from '../helpers.js';

const executablePath = chromiumPath();
const skip = executablePath
  ? false
  : "Chromium not found (install Debian's chromium package or set DLENS_CHROMIUM); skipping browser end-to-end tests";
const screenshots = path.join(repoRoot, 'test-results');

let server: ChildProcess;
let url: string;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = spawn(process.execPath, [cliPath, 'serve', path.join(tempDir(), 'case.db'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`dlens serve exited with ${code}: ${out}`)));
  });
  browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
  fs.mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

/** Open the app and record console errors and any request leaving 127.0.0.1. */
async function openApp(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && u.hostname !== '127.0.0.1') problems.push(`off-host request: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

test('import through the file input, see the finding, open its evidence row, save a screenshot', { skip }, async () => {
  const { page, problems } = await openApp();
  assert.doesNotMatch(page.url(), /token=/, 'the token is taken out of the address bar');
  await page.getByTestId('import-input').setInputFiles(fixture('purview-new-fullaccess.csv'));
  await page.getByTestId('import-outcomes').getByText('4 accepted, 0 rejected, 0 duplicates').waitFor();
  assert.equal(await page.getByTestId('count-audit').textContent(), '4');
  const evidence = page.getByTestId('evidence-table');
  await evidence.getByText('purview-new-fullaccess.csv').waitFor();
  await evidence.getByText('Purview audit export (new search, 8 columns)').waitFor();

  await page.getByTestId('tab-findings').click();
  const rows = page.getByTestId('finding-row');
  assert.equal(await rows.count(), 2, 'the grant, and its use (helpdesk7 sending as the CEO)');
  const grant = rows.filter({ hasText: 'FullAccess on ceo@example.com granted to helpdesk7@example.com' });
  await grant.waitFor();
  await grant.click();
  const detail = page.getByTestId('finding-detail');
  await detail.getByText('T1098.002').waitFor();
  const evidenceRow = detail.getByTestId('evidence-row');
  await evidenceRow.first().waitFor();
  assert.deepEqual((await evidenceRow.first().locator('td').allTextContents()).slice(0, 2), [
    'purview-new-fullaccess.csv',
    '3',
  ]);
  await evidenceRow.first().click();
  const raw = await detail.getByTestId('raw-record').textContent();
  assert.match(raw ?? '', /"Id": "3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001"/);
  assert.match(raw ?? '', /"AutoMapping"/);
  await page.screenshot({ path: path.join(screenshots, 'browser-finding-evidence.png'), fullPage: true });

  // The delegation graph: after all evidence one edge; slid back before the grant, none.
  await page.getByTestId('tab-graph').click();
  await page.getByTestId('graph-canvas').waitFor();
  await page.getByText('1 edges').waitFor();
  const slider = page.getByTestId('graph-slider');
  await slider.focus();
  await page.keyboard.press('Home');
  await page.getByText('0 edges').waitFor();
  assert.equal(
    await page.getByTestId('graph-as-of').textContent(),
    '2024-03-04 09:14:02 UTC',
    'one minute before the grant',
  );
  await page.keyboard.press('End');
  await page.getByText('1 edges').waitFor();
  assert.equal(await page.getByTestId('graph-as-of').textContent(), 'after all evidence');
  await page.screenshot({ path: path.join(screenshots, 'browser-delegation-graph.png') });
  assert.deepEqual(problems, [], 'no console errors (CSP violations included) and no off-host requests');
  await page.close();
});

test('drag and drop imports a file and shows its rejected rows with reasons', { skip }, async () => {
  const { page, problems } = await openApp();
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
  await page.getByTestId('import-outcomes').getByText('1 accepted, 4 rejected').waitFor();
  await page.getByTestId('rejections-toggle').click();
  await page.getByTestId('rejections').locator('tbody tr').nth(3).waitFor();
  const reasons = await page.getByTestId('rejections').locator('tbody tr td:nth-child(3)').allTextContents();
  assert.equal(reasons.length, 4);
  assert.match(reasons[0]!, /AuditData is not valid JSON/);
  assert.match(reasons[3]!, /unterminated quoted field/);
  await page.screenshot({ path: path.join(screenshots, 'browser-rejections.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
