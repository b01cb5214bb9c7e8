/**
 * The histogram's precomputed buckets: filled as rows are inserted (duplicates not counted), one
 * count per dated dump, backfilled by the migration for cases imported before it; the histogram's
 * bins, totals (with and without a search) and coverage gaps.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { migrations } from '../../electron/engine/store/migrations/index.js';
import { auditRecord, jsonLines, writeFiles } from '../evidence-builders.js';
import { tempDir } from '../helpers.js';
import { generatedFiles, openTimelineCase, timelineFixtures, type TimelineCase } from '../timeline-case.js';

const BUCKETS = 'SELECT grain, source, start, n FROM timeline_bucket ORDER BY grain, source, start';
const SESSIONS = 'SELECT session, event_id FROM audit_session ORDER BY session, event_id';
const KINDS = 'SELECT file_name, kind FROM evidence ORDER BY id';

/** Events per source as stored (a dated dump counts once). */
function storedCounts(c: TimelineCase, where = { audit: '1', message: '1' }) {
  return c.query<{ audit: number; message: number; dump: number }>(
    `SELECT (SELECT count(*) FROM audit_event a WHERE ${where.audit}) AS audit,
            (SELECT count(*) FROM message m WHERE ${where.message}) AS message,
            (SELECT count(*) FROM evidence WHERE kind = 'dump' AND collected_at IS NOT NULL) AS dump`,
  )[0]!;
}

async function totals(c: TimelineCase, q?: string) {
  const h = await c.engine.call('timeline.histogram', { bins: 400, ...(q ? { q } : {}) });
  const sum = { audit: 0, message: 0, dump: 0 };
  for (const b of h.bins) for (const s of ['audit', 'message', 'dump'] as const) sum[s] += b[s];
  assert.equal(h.total, sum.audit + sum.message + sum.dump);
  assert.ok(h.bins.length <= 400);
  return { h, sum };
}

test('bins: the smallest whole width giving at most `bins` aligned bins; the range widened to whole bins', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    const h = await c.engine.call('timeline.histogram', { bins: 10 });
    // 09:00 to 10:00 inclusive is 61 minutes: 5-minute bins would be 13, 15-minute bins are 5.
    assert.equal(h.binMs, 15 * 60_000);
    assert.deepEqual([h.from, h.to, h.bins.length], ['2024-03-04T09:00:00.000Z', '2024-03-04T10:15:00.000Z', 5]);
    assert.deepEqual(
      h.bins.map((b) => [b.start.slice(11, 16), b.audit, b.message, b.dump]),
      [
        ['09:00', 2, 1, 0],
        ['09:15', 0, 0, 0],
        ['09:30', 1, 0, 0],
        ['09:45', 0, 0, 0],
        ['10:00', 1, 2, 1],
      ],
    );
    assert.equal(h.total, 8);
    assert.equal(h.precomputed, true);
    const minutes = await c.engine.call('timeline.histogram', { bins: 100 });
    assert.equal(minutes.binMs, 60_000);
    assert.equal(minutes.bins.length, 61);
    const days = await c.engine.call('timeline.histogram', {
      bins: 10,
      from: '2024-03-03T06:00:00Z',
      to: '2024-03-06T00:00:00Z',
    });
    assert.equal(days.binMs, 86_400_000, '6-hour bins would be 11');
    assert.deepEqual(
      days.bins.map((b) => [b.start.slice(0, 10), b.audit + b.message + b.dump]),
      [
        ['2024-03-03', 0],
        ['2024-03-04', 8],
        ['2024-03-05', 0],
      ],
    );
    const wide = await c.engine.call('timeline.histogram', {
      bins: 10,
      from: '2024-01-01T00:00:00Z',
      to: '2024-12-31T00:00:00Z',
    });
    assert.equal(wide.binMs % 86_400_000, 0);
    assert.ok(wide.bins.length <= 10 && wide.total === 8);
    const only = await c.engine.call('timeline.histogram', { bins: 10, sources: ['message'] });
    assert.equal(only.total, 3);
    // A search counts the matching rows.
    const ip = await c.engine.call('timeline.histogram', { bins: 10, q: 'ip:203.0.113.45' });
    assert.equal(ip.precomputed, false);
    assert.deepEqual(
      ip.bins.map((b) => [b.audit, b.message, b.dump]),
      [
        [2, 1, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    );
    const empty = await c.engine.call('timeline.histogram', { bins: 10, q: 'source:dump', sources: ['audit'] });
    assert.equal(empty.total, 0);
  } finally {
    await c.close();
  }
});

test('gaps: stretches of at least 6 h (or one bin) with no event inside a source covered span', async () => {
  const later = writeFiles({
    // Two days after the fixtures' 10:00 record (auditRecord i counts minutes from 2024-03-04 09:00).
    'later.jsonl': jsonLines([JSON.stringify(auditRecord(2 * 1440 + 30)), JSON.stringify(auditRecord(2 * 1440 + 31))]),
  });
  const c = await openTimelineCase([...timelineFixtures(), path.join(later, 'later.jsonl')]);
  try {
    const h = await c.engine.call('timeline.histogram', { bins: 2000 });
    assert.equal(h.gapMinMs, 6 * 3_600_000);
    assert.deepEqual(h.gaps, [{ source: 'audit', from: '2024-03-04T10:01:00.000Z', to: '2024-03-06T09:30:00.000Z' }]);
    // Seen from inside the gap, the whole gap is given; from before the source began, none.
    const inside = await c.engine.call('timeline.histogram', {
      from: '2024-03-05T00:00:00Z',
      to: '2024-03-05T12:00:00Z',
    });
    assert.deepEqual(inside.gaps, h.gaps);
    assert.equal(inside.total, 0);
    const before = await c.engine.call('timeline.histogram', {
      from: '2024-03-01T00:00:00Z',
      to: '2024-03-04T09:30:00Z',
    });
    assert.deepEqual(before.gaps, []);
    const messages = await c.engine.call('timeline.histogram', { sources: ['message', 'dump'] });
    assert.deepEqual(messages.gaps, []);
  } finally {
    await c.close();
  }
});

test('a generated tenant: bucket totals equal the stored rows per source, with and without a search', async () => {
  const { files, classic } = await generatedFiles();
  const c = await openTimelineCase(files);
  try {
    const stored = storedCounts(c);
    const { h, sum } = await totals(c);
    assert.deepEqual(sum, stored);
    assert.ok(stored.audit > 100 && stored.message > 100 && stored.dump > 0, JSON.stringify(stored));
    assert.ok([60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000].includes(h.binMs));
    for (const b of h.bins) assert.equal(Date.parse(b.start) % h.binMs, 0, 'bins aligned to their width');
    const ip = c.query<{ ip: string }>(
      'SELECT client_ip AS ip FROM audit_event WHERE client_ip IS NOT NULL GROUP BY client_ip ORDER BY count(*) DESC LIMIT 1',
    )[0]!.ip;
    const searched = await totals(c, `ip:${ip}`);
    assert.equal(searched.h.precomputed, false);
    assert.deepEqual(searched.sum, {
      ...storedCounts(c, { audit: `a.client_ip = '${ip}'`, message: `m.client_ip = '${ip}'` }),
      dump: 0,
    });
    const word = await totals(c, 'MailItemsAccessed OR -source:audit');
    assert.deepEqual(word.sum, {
      ...storedCounts(c, { audit: "a.operation LIKE '%MailItemsAccessed%'", message: '1' }),
    });

    // The same records again (the classic layout of the export): all duplicates, no bucket moves.
    const bucketsBefore = c.query(BUCKETS);
    const sessionsBefore = c.query(SESSIONS);
    const outcomes = await c.engine.call('import.files', { files: [{ path: classic }] });
    const r = outcomes[0]!.ok ? outcomes[0]!.result : assert.fail('classic import');
    assert.ok(r.duplicates > 0 && r.accepted === 0, JSON.stringify(r));
    assert.deepEqual(c.query(BUCKETS), bucketsBefore);
    assert.deepEqual(c.query(SESSIONS), sessionsBefore);
    assert.equal(c.query<{ kind: string }>(KINDS).at(-1)!.kind, 'audit', 'a file of duplicates is still an audit log');
    assert.ok(sessionsBefore.length > 50, 'generated records carry session ids');

    // The migration backfills what the importer kept: buckets, sessions and kinds of an older case.
    const copy = path.join(tempDir(), 'older.db');
    await c.close();
    fs.copyFileSync(c.casePath, copy);
    const db = new Database(copy);
    try {
      db.exec(`DROP TABLE timeline_bucket; DROP TABLE audit_session; DROP INDEX message_client_ip;
               DROP INDEX finding_ref_source; ALTER TABLE evidence DROP COLUMN kind;`);
      db.transaction(() => migrations.find((m) => m.version === 6)!.up(db))();
      const all = (sql: string) => db.prepare(sql).all();
      assert.deepEqual(all(BUCKETS), bucketsBefore);
      assert.deepEqual(all(SESSIONS), sessionsBefore);
      assert.deepEqual(all(KINDS), c.query(KINDS), 'kinds by format agree with the kinds the importer decided');
    } finally {
      db.close();
    }
  } finally {
    await c.close();
  }
});
