/**
 * Searches no index serves are bounded per request: a page tests at most a budget of rows per
 * source and says when that ended it early (`partial`), its cursor continuing the search; a searched
 * histogram counts up to a bin start (`countedTo`). Paged through, a budgeted search finds exactly
 * what an unbounded one finds. (The store is driven directly here, with budgets of a few dozen rows.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TIMELINE_SOURCES, type HistogramBin } from '../../shared/requests/timeline.js';
import { parseSearchQuery } from '../../shared/search-query.js';
import { closeDb, openCaseReader, type ReadDb } from '../../electron/engine/store/db.js';
import { timelineHistogram } from '../../electron/engine/store/timeline-histogram.js';
import { timelinePage, type PageRequest, type StreamQuery } from '../../electron/engine/store/timeline-page.js';
import { compileFilter } from '../../electron/engine/store/timeline-search.js';
import { generatedFiles, openTimelineCase, type TimelineCase } from '../timeline-case.js';

let c: TimelineCase;
let db: ReadDb;
before(async () => {
  c = await openTimelineCase((await generatedFiles()).files);
  db = openCaseReader(c.casePath);
});
after(async () => {
  closeDb(db);
  await c.close();
});

function stream(q: string, scanBudget: number): StreamQuery {
  const node = parseSearchQuery(q);
  const filter = Object.fromEntries(
    TIMELINE_SOURCES.map((s) => [s, compileFilter(node, s, db)]),
  ) as StreamQuery['filter'];
  return { from: null, to: null, filter, scanBudget };
}

/** Every row of a search, page by page in one direction; how many pages ended early. */
function pageAll(q: string, scanBudget: number, dir: 'after' | 'before', limit: number) {
  const base: PageRequest = { ...stream(q, scanBudget), limit };
  let page = timelinePage(db, dir === 'after' ? base : { ...base, at: '2100-01-01T00:00:00.000Z' });
  if (dir === 'before') page = timelinePage(db, { ...base, before: page.before ?? undefined });
  const keys: string[][] = [];
  let partial = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    keys.push(page.rows.map((r) => `${r.source}:${r.id}`));
    if (page.partial) {
      partial++;
      assert.ok(page.rows.length < limit, 'a partial page is a short one');
    }
    const next = page[dir];
    if (next === null) break;
    page = timelinePage(db, { ...base, [dir]: next });
  }
  return { keys: (dir === 'after' ? keys : keys.reverse()).flat(), partial };
}

test('a budgeted search pages forward and backward to exactly the rows an unbounded one finds', () => {
  const rare = c.query<{ op: string }>(
    'SELECT operation AS op FROM audit_event GROUP BY operation HAVING count(*) >= 3 ORDER BY count(*), operation LIMIT 1',
  )[0]!.op;
  const ip = c.query<{ ip: string }>(
    'SELECT client_ip AS ip FROM audit_event WHERE client_ip IS NOT NULL GROUP BY client_ip ORDER BY count(*) DESC LIMIT 1',
  )[0]!.ip;
  const op = `op:${JSON.stringify(rare)}`;
  for (const q of [`-ip:${ip}`, `${op} OR subject:*qqz*`, JSON.stringify(rare)]) {
    const full = pageAll(q, 1e9, 'after', 10);
    assert.equal(full.partial, 0);
    assert.ok(full.keys.length >= 3, `${q}: ${full.keys.length} rows`);
    const budgeted = pageAll(q, 37, 'after', 10);
    assert.deepEqual(budgeted.keys, full.keys, `${q} forward`);
    assert.ok(budgeted.partial > 0, `${q}: some pages stopped at the budget`);
    const back = pageAll(q, 37, 'before', 10);
    assert.deepEqual(back.keys, full.keys, `${q} backward`);
  }
  // Searches an index serves are never cut short: they seek their rows (an operation by its spellings).
  for (const q of [`ip:${ip}`, op, op.toUpperCase()]) {
    const seek = pageAll(q, 1, 'after', 10);
    assert.equal(seek.partial, 0, q);
    assert.deepEqual(seek.keys, pageAll(q, 1e9, 'after', 10).keys, q);
  }
});

test('a budgeted searched histogram counts every source exactly up to a bin start, and nothing after it', () => {
  const q = '-ip:203.0.113.77';
  const args = { sources: [...TIMELINE_SOURCES], bins: 400, searched: true };
  const full = timelineHistogram(db, { ...stream(q, 1e9), ...args });
  assert.equal(full.countedTo, null);
  const cut = timelineHistogram(db, { ...stream(q, 200), ...args });
  assert.ok(cut.countedTo !== null && cut.countedTo > full.from! && cut.countedTo < full.to!, String(cut.countedTo));
  assert.equal(Date.parse(cut.countedTo) % cut.binMs, 0, 'at a bin start');
  assert.equal(cut.binMs, full.binMs);
  for (const [i, b] of cut.bins.entries()) {
    const expected: HistogramBin =
      b.start < cut.countedTo ? full.bins[i]! : { start: b.start, audit: 0, message: 0, dump: 0 };
    assert.deepEqual(b, expected, b.start);
  }
  // A search that leaves a source whole sums that source's buckets; an indexed one is never cut.
  const ip = timelineHistogram(db, { ...stream('ip:203.0.113.77 OR source:dump', 1), ...args });
  assert.equal(ip.countedTo, null);
});
