/**
 * The timeline stream: every event exactly once and in (time, source, id) order, forward and
 * backward, across ties; `at` jumps; findings marked in place; an event's record with provenance.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../shared/contract.js';
import {
  generatedFiles,
  openTimelineCase,
  pageBackward,
  pageForward,
  storedStream,
  timelineFixtures,
} from '../timeline-case.js';

test('ties across sources: audit before message before dump at the same instant, ids in order', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    const keys = (await pageForward(c, { limit: 100 })).map((r) => `${r.key}@${r.time.slice(11, 19)}`);
    assert.deepEqual(keys, [
      'audit:1@09:00:00',
      'audit:2@09:00:00',
      'message:1@09:00:00',
      'audit:3@09:30:00',
      'audit:4@10:00:00',
      'message:2@10:00:00',
      'message:3@10:00:00',
      'dump:1@10:00:00',
    ]);
    const all = keys.map((k) => k.split('@')[0]);
    // Every page size, forward and backward, gives the same stream: cursors hold across equal times.
    for (const limit of [1, 2, 3, 5, 7]) {
      assert.deepEqual(
        (await pageForward(c, { limit })).map((r) => r.key),
        all,
        `forward, ${limit} a page`,
      );
      const end = await c.engine.call('timeline.page', { at: '2100-01-01T00:00:00Z', limit });
      assert.equal(end.rows.length, 0);
      assert.deepEqual(
        (await pageBackward(c, { before: end.before!, limit })).map((r) => r.key),
        all,
        `backward, ${limit} a page`,
      );
    }
    // The undated rule dump is not in the stream, but the registry lists it as a dump.
    const info = await c.engine.call('case.info', {});
    assert.deepEqual(
      info.evidence.map((e) => [e.file, e.kind, e.collectedAt]).sort(),
      [
        ['20240304-100000-MailboxPermissions.csv', 'dump', '2024-03-04T10:00:00.000Z'],
        ['Get-MessageTrace-ties.csv', 'trace', null],
        ['MailboxRules-undated.csv', 'dump', null],
        ['ual-ties.jsonl', 'audit', null],
      ].sort(),
    );
  } finally {
    await c.close();
  }
});

test('at jumps to an instant: the first row at or after it, and the rows before it behind `before`', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    const at10 = await c.engine.call('timeline.page', { at: '2024-03-04T10:00:00Z', limit: 2 });
    assert.deepEqual(
      at10.rows.map((r) => r.key),
      ['audit:4', 'message:2'],
    );
    const back = await c.engine.call('timeline.page', { before: at10.before!, limit: 10 });
    assert.deepEqual(
      back.rows.map((r) => r.key),
      ['audit:1', 'audit:2', 'message:1', 'audit:3'],
    );
    assert.equal(back.before, null, 'the start of the stream');
    // An instant between events, one given with an offset, one before everything, one after everything.
    const mid = await c.engine.call('timeline.page', { at: '2024-03-04T11:15:00+02:00', limit: 1 });
    assert.deepEqual(
      mid.rows.map((r) => r.key),
      ['audit:3'],
    );
    const first = await c.engine.call('timeline.page', { at: '2020-01-01T00:00:00Z', limit: 1 });
    assert.equal(first.rows[0]!.key, 'audit:1');
    assert.equal(first.before, null);
    const past = await c.engine.call('timeline.page', { at: '2030-01-01T00:00:00Z', limit: 5 });
    assert.deepEqual(past.rows, []);
    assert.equal(past.after, null);
    const tail = await c.engine.call('timeline.page', { before: past.before!, limit: 2 });
    assert.deepEqual(
      tail.rows.map((r) => r.key),
      ['message:3', 'dump:1'],
    );
    // A range: from inclusive, to exclusive.
    const range = await pageForward(c, { from: '2024-03-04T09:00:00Z', to: '2024-03-04T10:00:00Z', limit: 2 });
    assert.deepEqual(
      range.map((r) => r.key),
      ['audit:1', 'audit:2', 'message:1', 'audit:3'],
    );
  } finally {
    await c.close();
  }
});

test('rows show their file, operation, actor, target, address, result, subject and session', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    const rows = await pageForward(c, { limit: 100 });
    const by = (key: string) => rows.find((r) => r.key === key)!;
    assert.deepEqual(
      {
        file: by('audit:1').file,
        op: by('audit:1').operation,
        actor: by('audit:1').actor,
        ip: by('audit:1').clientIp,
        session: by('audit:1').session,
      },
      {
        file: 'ual-ties.jsonl',
        op: 'Add-MailboxPermission',
        actor: 'it-admin@example.com',
        ip: '203.0.113.45',
        session: '5e551011-aaaa-4000-8000-000000000001',
      },
    );
    assert.equal(by('audit:3').session, '5e551011-bbbb-4000-8000-000000000002', 'AppAccessContext.AADSessionId');
    assert.equal(by('audit:4').session, null);
    const m = by('message:1');
    assert.deepEqual(
      [m.operation, m.actor, m.target, m.clientIp, m.result, m.subject, m.row],
      [
        'message Delivered',
        'ceo@example.com',
        'partner@example.net',
        '203.0.113.45',
        'Delivered',
        'Invoice 4471 overdue',
        1,
      ],
    );
    const d = by('dump:1');
    assert.deepEqual(
      [d.file, d.row, d.operation, d.actor],
      [
        '20240304-100000-MailboxPermissions.csv',
        0,
        'Microsoft-Extractor-Suite mailbox permissions CSV snapshot (2 entries)',
        null,
      ],
    );
  } finally {
    await c.close();
  }
});

test('findings are marked on the rows they cite (a dump snapshot by the findings citing its entries)', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    const rows = await pageForward(c, { limit: 3 });
    const cited = c.query<{ key: string; finding: string }>(
      `SELECT CASE fr.source WHEN 'audit' THEN 'audit:' WHEN 'message' THEN 'message:' ELSE 'dump:' END ||
              CASE fr.source WHEN 'permission' THEN p.evidence_id WHEN 'inbox_rule' THEN r.evidence_id ELSE fr.source_id END AS key,
              fr.finding_id AS finding
       FROM finding_ref fr LEFT JOIN permission p ON fr.source = 'permission' AND p.id = fr.source_id
       LEFT JOIN inbox_rule r ON fr.source = 'inbox_rule' AND r.id = fr.source_id`,
    );
    assert.ok(cited.length > 0, 'the fixtures raise findings');
    const inStream = new Set(rows.map((r) => r.key));
    const expected = new Map<string, Set<string>>();
    for (const x of cited) {
      if (!inStream.has(x.key)) continue; // cites the undated dump
      if (!expected.has(x.key)) expected.set(x.key, new Set());
      expected.get(x.key)!.add(x.finding);
    }
    assert.ok(expected.has('audit:1') && expected.has('dump:1'));
    for (const r of rows)
      assert.deepEqual(new Set(r.findings.map((f) => f.id)), expected.get(r.key) ?? new Set(), `findings on ${r.key}`);
    const sev = ['critical', 'high', 'medium', 'low', 'info'];
    for (const r of rows)
      for (let i = 1; i < r.findings.length; i++)
        assert.ok(
          sev.indexOf(r.findings[i - 1]!.severity) <= sev.indexOf(r.findings[i]!.severity),
          'most severe first',
        );
  } finally {
    await c.close();
  }
});

test('timeline.record gives the source record with file, SHA-256, row, line and raw; a snapshot its entries', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    const audit = await c.engine.call('timeline.record', { source: 'audit', id: 3 });
    assert.equal(audit.row.key, 'audit:3');
    assert.equal(audit.entries, 1);
    const [ev] = audit.evidence;
    assert.equal(ev!.file, 'ual-ties.jsonl');
    assert.match(ev!.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      [ev!.source, ev!.row, ev!.line, ev!.recordId],
      ['audit', 3, 3, '7a1e0003-0000-4000-8000-08dc3c1a0003'],
    );
    assert.match(ev!.raw, /"Hide it"/);
    const msg = await c.engine.call('timeline.record', { source: 'message', id: 3 });
    assert.deepEqual(
      [msg.evidence[0]!.row, msg.evidence[0]!.line, msg.evidence[0]!.who, msg.evidence[0]!.target],
      [3, 4, 'it-admin@example.com', 'cfo@example.com'],
    );
    const dump = await c.engine.call('timeline.record', { source: 'dump', id: 1 });
    assert.equal(dump.entries, 2);
    assert.deepEqual(
      dump.evidence.map((e) => [e.source, e.row, e.target]),
      [
        ['permission', 1, 'cfo@example.com'],
        ['permission', 2, 'hr@example.com'],
      ],
    );
    const undated = c.query<{ id: number }>("SELECT id FROM evidence WHERE file_name = 'MailboxRules-undated.csv'")[0]!;
    await assert.rejects(
      c.engine.call('timeline.record', { source: 'dump', id: undated.id }),
      (e: unknown) => e instanceof ApiError && e.code === 'not_found',
    );
    await assert.rejects(
      c.engine.call('timeline.record', { source: 'audit', id: 999 }),
      (e: unknown) => e instanceof ApiError && e.code === 'not_found',
    );
  } finally {
    await c.close();
  }
});

test('bad cursors and ranges are refused as invalid arguments', async () => {
  const c = await openTimelineCase(timelineFixtures());
  try {
    for (const args of [
      { after: 'nonsense' },
      { after: '2024-03-04T10:00:00.000Z|mail|1' },
      { before: '2024-03-04T10:00:00.000Z|audit|' },
      { after: 'a|b|c|d' },
      { after: '2024-03-04T10:00:00.000Z|audit|1', before: '2024-03-04T10:00:00.000Z|audit|2' },
      { from: '2024-03-05T00:00:00Z', to: '2024-03-04T00:00:00Z' },
    ])
      await assert.rejects(
        c.engine.call('timeline.page', args),
        (e: unknown) => e instanceof ApiError && e.code === 'invalid_args',
        JSON.stringify(args),
      );
  } finally {
    await c.close();
  }
});

test('a generated tenant pages forward and backward through every event exactly once, in order', async () => {
  const { files } = await generatedFiles();
  const c = await openTimelineCase(files);
  try {
    const expected = storedStream(c);
    const sources = new Set(expected.map((k) => k.split(':')[0]));
    assert.deepEqual([...sources].sort(), ['audit', 'dump', 'message'], 'all three sources');
    assert.ok(expected.length > 300, `${expected.length} events`);
    const forward = (await pageForward(c, { limit: 29 })).map((r) => r.key);
    assert.equal(new Set(forward).size, forward.length, 'no event twice');
    assert.deepEqual(forward, expected);
    const last = await c.engine.call('timeline.page', { at: '2100-01-01T00:00:00Z', limit: 1 });
    const backward = (await pageBackward(c, { before: last.before!, limit: 31 })).map((r) => r.key);
    assert.deepEqual(backward, expected);
    // A jump into the middle continues exactly where the stored stream does.
    const middle = c.query<{ time: string }>('SELECT time FROM message ORDER BY time LIMIT 1 OFFSET 100')[0]!.time;
    const fromMiddle = (await pageForward(c, { at: middle, limit: 50 })).map((r) => r.key);
    assert.deepEqual(fromMiddle, expected.slice(expected.length - fromMiddle.length));
    const firstAt = c.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM audit_event WHERE time < ?) + (SELECT count(*) FROM message WHERE time < ?) +
              (SELECT count(*) FROM evidence WHERE kind = 'dump' AND collected_at < ?) AS n`,
      middle,
      middle,
      middle,
    )[0]!.n;
    assert.equal(expected.length - fromMiddle.length, firstAt);
  } finally {
    await c.close();
  }
});
