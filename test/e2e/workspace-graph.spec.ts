/**
 * The delegation graph on the demo case: stepping change by change with positions that stay put,
 * the step's additions named, the prebuilt questions, focus, the edge panel following the instant,
 * and the exports (PNG, SVG, JSON with evidence).
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const position = (page: Page, id: string) =>
  page.evaluate(
    (node) =>
      (
        globalThis as unknown as { dlensNodePosition: (id: string) => { x: number; y: number } | null }
      ).dlensNodePosition(node),
    id,
  );

test('graph: step through the attack change by change; nodes keep their places; questions answer', async ({
  app,
  demo,
}) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-graph').click();
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  await expect(page.getByTestId('graph-as-of')).toHaveText('after all evidence');
  // Wait for the layout from the worker, then remember where a mailbox sits.
  await page.waitForFunction(() => performance.getEntriesByName('dlens:graph-layout').length > 0);
  await page.waitForTimeout(200);
  const node = 'daniel.okafor@northwindtraders.example';
  const before = await position(page, node);
  expect(before).not.toBeNull();

  await page.getByTestId('graph-start').click();
  await expect(page.getByTestId('graph-as-of')).not.toHaveText('after all evidence');
  const total = Number(/of (\d+)/.exec((await page.getByTestId('graph-time').textContent())!)![1]);
  expect(total).toBeGreaterThan(5);
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('graph-next').click();
    await expect(page.getByTestId('graph-time')).toContainText(`change ${i + 1} of ${total}`);
  }
  await expect(page.getByTestId('graph-time')).toContainText(/this step: \d+ added/);
  expect(await position(page, node), 'stepping never moves a node').toEqual(before);
  await expect(page).toHaveURL(/asOf=/);

  for (const q of ['q-external', 'q-apps', 'q-fan-out', 'q-window'] as const) {
    await page.getByTestId(q).click();
    await expect(page.getByTestId('graph-question')).toBeVisible();
    await expect(page.getByTestId('graph-answer-count')).toHaveText(/^\d+$/);
    await page.getByTestId(q).click(); // the same question again clears it
  }
  await page.getByTestId('graph-end').click();
  await page.getByTestId('q-external').click();
  await expect(page.getByTestId('graph-answer-count')).toHaveText(/^[1-9]\d*$/);

  // Daniel's mailbox is the one the attacker was given: someone can reach it.
  await page.getByTestId('graph-search').fill(node);
  await page.getByTestId('q-reached-by').click();
  await expect(page.getByTestId('graph-answer-count')).toHaveText(/^[1-9]\d*$/);
  await page.getByTestId('graph-search').press('Enter');
  await expect(page).toHaveURL(/focus=daniel\.okafor/);
  expect(problems).toEqual([]);
});

test('graph: exports PNG, SVG and JSON of the view, the JSON with each edge’s evidence', async ({ app, demo }) => {
  const { page, problems } = app;
  await app.open(demo);
  await page.getByTestId('tab-graph').click();
  await page.waitForFunction(() => performance.getEntriesByName('dlens:graph-layout').length > 0);
  const save = async (id: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  };
  const png = await save('export-png');
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
  const svg = await save('export-svg');
  expect(svg.bytes.toString()).toContain('<svg');
  expect(svg.bytes.toString()).not.toContain('<script');
  const json = JSON.parse((await save('export-json')).bytes.toString()) as {
    nodes: unknown[];
    edges: Array<{ evidence: Array<{ file: string; sha256: string; row: number }> }>;
  };
  expect(json.edges.length).toBeGreaterThan(0);
  expect(json.edges.every((e) => e.evidence.length > 0 && /^[0-9a-f]{64}$/.test(e.evidence[0]!.sha256))).toBe(true);
  expect(problems).toEqual([]);
});
