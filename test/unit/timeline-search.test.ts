/**
 * The search language end to end: each field on the sources that have it, wildcards, NOT, OR,
 * phrases, case, and errors as invalid arguments naming the column. Fixture rows (test/fixtures/timeline):
 *
 *   audit:1   Add-MailboxPermission  it-admin@example.com -> ceo@example.com       203.0.113.45  True       session …aaaa…
 *   audit:2   MailItemsAccessed      it-admin@example.com -> ceo@example.com       203.0.113.45  Succeeded  session …aaaa…
 *   message:1 ceo@example.com -> partner@example.net "Invoice 4471 overdue"          203.0.113.45  Delivered
 *   audit:3   New-InboxRule          ceo@example.com -> ceo@example.com\Hide it    198.51.100.7  True       session …bbbb…
 *   audit:4   UserLoggedIn           Service Account -> 00000002-…                 2001:db8::1   Failed
 *   message:2 it-admin@example.com -> ceo@example.com "Quarterly report"           10.20.30.40   Delivered
 *   message:3 it-admin@example.com -> cfo@example.com "Quarterly report"           10.20.30.40   Failed
 *   dump:1    Microsoft-Extractor-Suite mailbox permissions CSV snapshot (20240304-100000-MailboxPermissions.csv)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiError, type ArgsIn } from '../../shared/contract.js';
import { openTimelineCase, pageForward, timelineFixtures, type TimelineCase } from '../timeline-case.js';

let c: TimelineCase;
before(async () => {
  c = await openTimelineCase(timelineFixtures());
});
after(() => c.close());

const found = async (q: string, extra: ArgsIn<'timeline.page'> = {}) =>
  (await pageForward(c, { q, limit: 3, ...extra })).map((r) => r.key);

const cases: Array<[string, string[]]> = [
  // ip: audit and trace rows, exact (indexed) or with a wildcard; IPv6 in any case
  ['ip:203.0.113.45', ['audit:1', 'audit:2', 'message:1']],
  ['ip:203.0.113.*', ['audit:1', 'audit:2', 'message:1']],
  ['ip:2001:DB8::1', ['audit:4']],
  ['ip:203.0.113.4_', []],
  // actor: the audit actor and the message sender; sender / recipient: trace rows only
  ['actor:IT-Admin@Example.com', ['audit:1', 'audit:2', 'message:2', 'message:3']],
  ['actor:"service account"', ['audit:4']],
  ['actor:it-*', ['audit:1', 'audit:2', 'message:2', 'message:3']],
  ['sender:it-admin@example.com', ['message:2', 'message:3']],
  ['recipient:ceo@example.com', ['message:2']],
  ['target:ceo@example.com', ['audit:1', 'audit:2', 'message:2']],
  ['target:ceo*', ['audit:1', 'audit:2', 'audit:3', 'message:2']],
  // op: the audit operation, the dump's format; result: audit result and delivery status
  ['op:new-inboxrule', ['audit:3']],
  ['op:*permission*', ['audit:1', 'dump:1']],
  ['result:failed', ['audit:4', 'message:3']],
  // subject: whole value, or a free word inside it
  ['subject:"quarterly report"', ['message:2', 'message:3']],
  ['subject:quarterly', []],
  ['subject:quarterly*', ['message:2', 'message:3']],
  ['quarterly', ['message:2', 'message:3']],
  // file, id (AuditData Id in any case, message id, trace id), source, session
  ['file:ual-ties.jsonl', ['audit:1', 'audit:2', 'audit:3', 'audit:4']],
  ['file:*ties*', ['audit:1', 'audit:2', 'message:1', 'audit:3', 'audit:4', 'message:2', 'message:3']],
  ['file:20240304-100000-mailboxpermissions.csv', ['dump:1']],
  ['id:7A1E0003-0000-4000-8000-08DC3C1A0003', ['audit:3']],
  ['id:<INV4471@example.com>', ['message:1']],
  ['id:4e000002-*', ['message:2', 'message:3']],
  ['source:dump', ['dump:1']],
  ['-source:audit', ['message:1', 'message:2', 'message:3', 'dump:1']],
  ['session:5E551011-AAAA-4000-8000-000000000001', ['audit:1', 'audit:2']],
  ['session:5e551011-bbbb*', ['audit:3']],
  // NOT keeps rows without the field's value; OR; implicit AND; phrases; case-insensitive words; wildcards
  ['-ip:203.0.113.45', ['audit:3', 'audit:4', 'message:2', 'message:3', 'dump:1']],
  ['NOT (ip:203.0.113.45 OR source:message)', ['audit:3', 'audit:4', 'dump:1']],
  ['op:New-InboxRule OR result:Failed', ['audit:3', 'audit:4', 'message:3']],
  ['it-admin failed', ['message:3']],
  ['it-admin AND -failed', ['audit:1', 'audit:2', 'message:2']],
  ['"Hide it"', ['audit:3']],
  ['INVOICE', ['message:1']],
  ['inv*overdue', ['message:1']],
  ['"inv*overdue"', []],
  ['extractor', ['dump:1']],
  // A field no row of a source has keeps that source out of the term entirely.
  ['subject:* OR session:*', ['audit:1', 'audit:2', 'message:1', 'audit:3', 'message:2', 'message:3']],
];

for (const [q, keys] of cases)
  test(`q=${q}`, async () => {
    assert.deepEqual(await found(q), keys);
  });

test('a search combines with sources and a range, and pages backward the same', async () => {
  assert.deepEqual(await found('ip:203.0.113.45', { sources: ['message', 'dump'] }), ['message:1']);
  assert.deepEqual(await found('it-admin', { from: '2024-03-04T09:30:00Z' }), ['message:2', 'message:3']);
  const end = await c.engine.call('timeline.page', { q: 'it-admin', at: '2100-01-01T00:00:00Z', limit: 1 });
  const back = await c.engine.call('timeline.page', { q: 'it-admin', before: end.before!, limit: 3 });
  assert.deepEqual(
    back.rows.map((r) => r.key),
    ['audit:2', 'message:2', 'message:3'],
  );
});

test('syntax errors and unknown fields are invalid arguments naming the column', async () => {
  for (const [q, message] of [
    ['ip:1.2.3.4 foo:bar', /timeline\.page: q: unknown field "foo".* at column 12$/],
    ['(actor:x', /unclosed "\(" at column 1$/],
    ['source:mail', /source is audit, message or dump/],
  ] as const)
    await assert.rejects(
      c.engine.call('timeline.page', { q }),
      (e: unknown) => e instanceof ApiError && e.code === 'invalid_args' && message.test(e.message),
      q,
    );
  await assert.rejects(
    c.engine.call('timeline.histogram', { q: 'a OR' }),
    (e: unknown) =>
      e instanceof ApiError && e.code === 'invalid_args' && /^timeline\.histogram: q: OR needs/.test(e.message),
  );
});
