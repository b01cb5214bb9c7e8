/**
 * Mail as the trace containers show it (issue 10, classes 7 and 18): near-identical lures whose
 * subjects vary as real kits vary them, in a Get-MessageTraceV2 export and in on-premises tracking
 * logs that log each message four times; and the direction of a message (inside or outside the
 * tenant), derived when read from the tenant's domains, for every cloud trace container.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ofRule, openDetectionCase, summary } from '../detection-case.js';

test('class 7: personalised lures from three accounts (case, punctuation, RE:/FW:, names moved, numbers) are one campaign; a reply-all thread is none', async () => {
  // A trace alone does not say which domains are the tenant's: the responder states it (dlens settings --tenant-domain).
  const c = await openDetectionCase(['message-trace-v2-lures.csv'], { tenantDomains: ['example.com'] });
  try {
    const findings = await c.findings();
    const campaigns = ofRule(findings, 'internal-phishing-campaign');
    assert.equal(campaigns.length, 1, summary(findings));
    const f = campaigns[0]!;
    assert.deepEqual(f.techniques, ['T1534']);
    assert.deepEqual([...f.principals].sort(), ['cfo@example.com', 'hr@example.com', 'sales1@example.com']);
    // Six lures per account, one per colleague: every one of the 18 belongs, however its subject was varied.
    assert.equal(f.details.messages, '18');
    assert.equal(f.details.recipients, '18');
    assert.equal(f.details.internalRecipients, '18');
    assert.equal(
      f.details.senders,
      'cfo@example.com (6 messages, 6 recipients); hr@example.com (6 messages, 6 recipients); ' +
        'sales1@example.com (6 messages, 6 recipients)',
    );
    assert.equal(f.time, '2024-03-06T15:05:10.000Z');
    assert.equal(f.details.last, '2024-03-06T15:37:45.000Z');
    // One cited trace row per message, all from the lure hour; the thread and ordinary mail are not among them.
    const page = await c.engine.call('findings.evidence', { findingId: f.id, limit: 100 });
    assert.equal(page.total, 18);
    assert.equal(new Set(page.rows.map((r) => r.recordId)).size, 18, 'each message once');
    for (const r of page.rows) {
      assert.equal(r.source, 'message');
      assert.match(r.time!, /^2024-03-06T15:/);
    }
    assert.ok(!findings.some((x) => /Offsite planning/.test(x.title + x.details.sampleSubjects)), summary(findings));
  } finally {
    await c.close();
  }
});

test('class 7: on-premises tracking logs (SUBMIT, RECEIVE and SEND, DELIVER in three files) count each lure once and find the campaign', async () => {
  const c = await openDetectionCase(
    ['MSGTRKMS2024030615-1.LOG', 'MSGTRK2024030615-1.LOG', 'MSGTRKMD2024030615-1.LOG'],
    { tenantDomains: ['example.com'] },
  );
  try {
    const findings = await c.findings();
    const campaigns = ofRule(findings, 'internal-phishing-campaign');
    assert.equal(campaigns.length, 1, summary(findings));
    const f = campaigns[0]!;
    assert.deepEqual([...f.principals].sort(), ['hr.assistant@example.com', 'payroll@example.com']);
    // 12 messages logged as 48 events: each counted once.
    assert.equal(f.details.messages, '12');
    assert.equal(
      f.details.senders,
      'hr.assistant@example.com (6 messages, 6 recipients); payroll@example.com (6 messages, 6 recipients)',
    );
    assert.equal(f.details.internalRecipients, '12');
    assert.deepEqual(f.techniques, ['T1534']);
    assert.equal(f.evidenceTotal, 12);
    const info = await c.engine.call('case.info', {});
    assert.equal(info.counts.messages, 48, 'every event is kept as evidence');
  } finally {
    await c.close();
  }
});

/** Cloud trace containers, each holding the message the delegate sent as the CEO (test/fixtures/trace, audit). */
const TRACE_CONTAINERS = [
  ['Get-MessageTrace (Remote PowerShell)', '../trace/message-trace-rps.csv'],
  ['Get-MessageTraceV2 (";", de-DE)', '../trace/message-trace-v2-semicolon.csv'],
  ['Get-MessageTraceDetail', '../trace/message-trace-detail.csv'],
  ['admin center enhanced summary (UTF-16LE, packed recipients)', '../trace/eac-enhanced-summary.csv'],
  ['admin center extended report', '../trace/eac-extended.csv'],
  ['message trace JSON (PowerShell 5.1)', '../audit/message-trace-ps51.json'],
] as const;

for (const [container, file] of TRACE_CONTAINERS)
  test(`class 18, ${container}: the recipients of mail sent as a mailbox are read from the trace and the outside ones told apart`, async () => {
    // The SendAs record gives the message's Internet message id; its mailbox owner tells the tenant's domain.
    // The V2 fixture's row 5 is unreadable on purpose (its import test checks the rejection).
    const c = await openDetectionCase(['sendas-bank-details.csv', file], {}, { 'message-trace-v2-semicolon.csv': 1 });
    try {
      const findings = await c.findings();
      const sent = ofRule(findings, 'delegate-sent-as-mailbox');
      assert.equal(sent.length, 1, summary(findings));
      const f = sent[0]!;
      assert.equal(f.details.recipients, 'vendor.ap@example.net');
      assert.match(f.details.severityReasons!, /= 1 external recipient: vendor\.ap@example\.net/);
      assert.deepEqual(f.principals, ['helpdesk7@example.com', 'ceo@example.com', 'vendor.ap@example.net']);
      const page = await c.engine.call('findings.evidence', { findingId: f.id });
      const traced = page.rows.filter((r) => r.source === 'message');
      assert.ok(traced.length >= 1, JSON.stringify(page.rows));
      for (const r of traced) assert.deepEqual([r.who, r.target], ['ceo@example.com', 'vendor.ap@example.net']);
    } finally {
      await c.close();
    }
  });
