/**
 * `npm run bench:ui`: the workspace on the large generated case (≥ 1M events, thousands of
 * principals; test/large-case.ts), in Debian's Chromium against `dlens serve`, timed inside the page:
 * first timeline render, histogram render after a zoom, a timeline page 1M events deep, the
 * send-volume chart, the graph's first render and per-step update, and the longest main-thread task.
 * Prints each beside its target.
 */
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../browsers.js';
import { largeCase } from '../large-case.js';
import { repoRoot } from '../helpers.js';
import { startServe } from '../serve-case.js';

const cli = path.join(repoRoot, 'dist', 'electron', 'cli', 'dlens.js');
const { casePath, users, days } = largeCase(repoRoot, cli);

const serve = () => startServe(cli, casePath);

/** Time from now until the page records `mark` again (ms), after running `action`. */
async function untilMark(page: Page, mark: string, action: () => Promise<unknown>): Promise<number> {
  const before = await page.evaluate((m) => performance.getEntriesByName(m).length, mark);
  const t0 = await page.evaluate(() => performance.now());
  await action();
  await page.waitForFunction(([m, n]) => performance.getEntriesByName(m).length > n, [mark, before] as const, {
    timeout: 60_000,
  });
  return page.evaluate(
    ([m, start]) => {
      const entries = performance.getEntriesByName(m);
      return entries[entries.length - 1]!.startTime - start;
    },
    [mark, t0] as const,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const executablePath = chromiumPath();
if (!executablePath) throw new Error('Chromium not found (set DLENS_CHROMIUM)');
const { url, child } = await serve();
const base = url.replace(/\?token=.*/, '');
const token = /token=(\S+)/.exec(url)![1]!;
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const results: Array<[string, string, string]> = [];
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => {
    const w = globalThis as unknown as { dlensLongTasks: number[] };
    w.dlensLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.dlensLongTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true } as unknown as { entryTypes: [] });
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=count-audit]');
  const counts = await page.locator('[data-testid=count-audit]').textContent();

  // First timeline render: a fresh load of the timeline route until its first rows are drawn.
  await page.goto('about:blank');
  await page.goto(`${base}#/timeline`);
  await page.waitForFunction(() => performance.getEntriesByName('dlens:timeline-rows').length > 0, null, {
    timeout: 60_000,
  });
  const timelineMs = await page.evaluate(() => performance.getEntriesByName('dlens:timeline-rows')[0]!.startTime);
  results.push(['first timeline render', `${timelineMs.toFixed(0)} ms`, '<= 1000 ms']);

  // Histogram after a zoom (request + draw), median of 5.
  const zooms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const from = new Date(Date.UTC(2024, 2, 2 + i, 6)).toISOString();
    const to = new Date(Date.UTC(2024, 2, 4 + i, 18)).toISOString();
    zooms.push(
      await untilMark(page, 'dlens:histogram', () =>
        page.evaluate(
          ([f, t]) =>
            ((globalThis as unknown as { location: { hash: string } }).location.hash = `#/timeline?from=${f}&to=${t}`),
          [from, to] as const,
        ),
      ),
    );
  }
  results.push(['histogram render after a zoom', `${median(zooms).toFixed(0)} ms (median of 5)`, '<= 50 ms']);

  // A page 1M events deep: jump to the last day through the API, as the grid does.
  const api = (name: string, args: object) =>
    fetch(`${base}api/call/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
  const extent = (await (await api('timeline.histogram', { bins: 10 })).json()) as { to: string };
  const deep: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const at = new Date(Date.parse(extent.to) - 12 * 3600_000 + i * 60_000).toISOString();
    const res = await api('timeline.page', { at, limit: 200 });
    await res.json();
    deep.push(performance.now() - t0);
  }
  results.push([
    'timeline page 1M events deep (HTTP round trip)',
    `${median(deep).toFixed(1)} ms (median of 7)`,
    '<= 10 ms',
  ]);

  // Send volume: the busiest sender's chart.
  await page.goto('about:blank');
  await page.goto(`${base}#/volume`);
  await page.waitForSelector('[data-testid=sender-row]', { timeout: 60_000 });
  const chartMs = await untilMark(page, 'dlens:volume-chart', () =>
    page.locator('[data-testid=sender-row]').first().click(),
  );
  results.push(['send-volume chart render', `${chartMs.toFixed(0)} ms`, '<= 300 ms']);

  // Graph: fresh load until drawn, then steps.
  await page.goto('about:blank');
  await page.goto(`${base}#/overview`);
  await page.waitForSelector('[data-testid=count-audit]');
  const graphMs = await untilMark(page, 'dlens:graph-drawn', () => page.locator('[data-testid=tab-graph]').click());
  results.push(['graph first render', `${graphMs.toFixed(0)} ms`, '<= 2000 ms']);
  await page.locator('[data-testid=graph-start]').click();
  const steps: number[] = [];
  for (let i = 0; i < 15; i++) {
    // Clicked inside the page and timed there, so Playwright's own round trips are not counted:
    // from the click until two frames later (React's commit, then Cytoscape's redraw).
    steps.push(
      await page.evaluate(
        () =>
          new Promise<number>((r) => {
            const g = globalThis as unknown as {
              requestAnimationFrame: (f: () => void) => void;
              document: { querySelector: (s: string) => { click: () => void } };
            };
            const t0 = performance.now();
            g.document.querySelector('[data-testid=graph-next]').click();
            g.requestAnimationFrame(() => g.requestAnimationFrame(() => r(performance.now() - t0)));
          }),
      ),
    );
    await page.waitForTimeout(50);
  }
  results.push([
    'graph per-step update',
    `${median(steps).toFixed(0)} ms median, ${Math.max(...steps).toFixed(0)} ms max`,
    '<= 100 ms',
  ]);
  const graphInfo = await page.locator('[data-testid=graph-counts]').textContent();

  const longTasks = await page.evaluate(() => (globalThis as unknown as { dlensLongTasks: number[] }).dlensLongTasks);
  results.push([
    'longest main-thread task',
    `${Math.max(0, ...longTasks).toFixed(0)} ms (${longTasks.filter((d) => d > 200).length} over 200 ms)`,
    '<= 200 ms',
  ]);
  console.log(`\nbench:ui — large case (${users} users, ${days} days): ${counts} audit events; graph: ${graphInfo}`);
  for (const [what, value, target] of results) console.log(`  ${what.padEnd(48)} ${value.padEnd(34)} target ${target}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
