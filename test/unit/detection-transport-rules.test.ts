/**
 * Mail flow (transport) rules, the quietest forwarding path (issue 10, class 5): the Extractor-Suite
 * 5-column dump (only a Description says where mail goes and whose), a full-property
 * Get-TransportRule export (de-DE dates, ExpiryDate, LastModifiedBy), and the New-, Enable-, Set-
 * and Disable-TransportRule records of one rule in the audit log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { atLeast, atMost, ofRule, openDetectionCase, summary } from '../detection-case.js';

/** Forwarding findings of one mail flow rule (dump findings name it `rule`, audit ones `folder`). */
const byRule = (findings: readonly Finding[], name: string): Finding[] =>
  ofRule(findings, 'mail-forwarding-set').filter((f) => (f.details.rule ?? f.details.folder) === name);

test('class 5, dumps: outside Bcc / redirect by an enabled mail flow rule is high T1114.003 with state, expiry and who in the reasons and the rule scope among the principals', async () => {
  // The CAS dump of the same collection tells the tenant's own mailboxes (and so its domain) apart.
  const findings = await (async () => {
    const c = await openDetectionCase([
      '20240315101500_TransportRules.csv',
      'TransportRules.csv',
      'cas-mailbox-devices.csv',
    ]);
    try {
      return await c.findings();
    } finally {
      await c.close();
    }
  })();

  // Extractor-Suite before v4: five columns; the destination and the scope are only in the Description.
  const [invoice, ...moreInvoice] = byRule(findings, 'Invoice copy');
  assert.ok(invoice && moreInvoice.length === 0, summary(findings));
  assert.deepEqual(invoice.techniques, ['T1114.003']);
  assert.ok(atLeast(invoice, 'high'), invoice.severity);
  assert.equal(invoice.details.trustee, 'drop.box@example.net');
  assert.equal(invoice.details.rights, 'BlindCopyTo');
  assert.match(invoice.details.severityReasons!, /= rule state Enabled/);
  assert.match(invoice.details.severityReasons!, /= created by Helpdesk Seven/);
  assert.ok(invoice.principals.includes('cfo@example.com'), `the rule takes cfo's mail: ${invoice.principals.join()}`);
  // WhenChanged is the collector's local wall clock (en-US), the rule's own time.
  assert.equal(invoice.time, '2024-03-12T19:41:02.000Z');

  // Disabled: still reported (it can be switched on), but not high.
  const [legacy] = byRule(findings, 'Legacy archive redirect');
  assert.ok(legacy, summary(findings));
  assert.ok(atMost(legacy, 'low'), legacy.severity);
  assert.match(legacy.details.severityReasons!, /= rule state Disabled/);

  // Full-property export: SentTo, ExpiryDate and LastModifiedBy are columns of their own.
  const [board] = byRule(findings, 'Board pack copy');
  assert.ok(board, summary(findings));
  assert.ok(atLeast(board, 'high'), board.severity);
  assert.equal(board.details.trustee, 'board.pack@example.org');
  assert.equal(board.details.scope, 'SentTo ceo@example.com');
  assert.ok(board.principals.includes('ceo@example.com'));
  for (const reason of ['= rule state Enabled', '= expires 31.12.2024 00:00:00', '= last changed by Helpdesk Seven'])
    assert.ok(board.details.severityReasons!.includes(reason), `${reason} in ${board.details.severityReasons}`);
  assert.equal(board.time, '2024-03-13T22:14:09.000Z');

  // A journal copy to a tenant mailbox is a low finding, and a rule that sends mail nowhere is none.
  const [journal] = byRule(findings, 'Compliance journal');
  assert.ok(journal, summary(findings));
  assert.equal(journal.severity, 'low');
  assert.deepEqual(byRule(findings, 'External sender tag'), []);
});

test('class 5, audit log: a rule created disabled, enabled, widened and disabled again is reported from when it sent mail, with its state, expiry, who and scope', async () => {
  const c = await openDetectionCase(['transport-rule-changes.csv']);
  try {
    const findings = await c.findings();
    const board = byRule(findings, 'Board pack copy');
    assert.equal(board.length, 2, summary(findings));
    const bcc = board.find((f) => f.details.rights === 'BlindCopyTo')!;
    const redirect = board.find((f) => f.details.rights === 'RedirectMessageTo')!;
    assert.ok(bcc && redirect, summary(board));

    // Created disabled at 02:13 (row 3): nothing flowed until Enable-TransportRule (row 4) at 02:33.
    assert.equal(bcc.time, '2024-03-05T02:33:40.000Z');
    assert.equal(bcc.details.trustee, 'board.pack@example.org');
    assert.ok(atLeast(bcc, 'high'), bcc.severity);
    assert.deepEqual(bcc.techniques, ['T1114.003']);
    for (const reason of [
      '= rule state Enabled',
      '= expires 12/31/2024 12:00:00 AM',
      '= Enable-TransportRule by helpdesk7@example.com',
    ])
      assert.ok(bcc.details.severityReasons!.includes(reason), `${reason} in ${bcc.details.severityReasons}`);
    // Set-TransportRule (row 5) named only From and RedirectMessageTo: the Bcc and its SentTo scope stayed, so the
    // Disable-TransportRule two days later (row 6) ends both.
    assert.match(bcc.details.severityReasons!, /removed again 46 h 2\d min later/);
    assert.deepEqual(
      bcc.evidence.map((e) => e.row),
      [4, 6],
    );
    assert.equal(bcc.details.scope, 'SentTo ceo@example.com');
    assert.deepEqual([...bcc.principals].sort(), [
      'board.pack@example.org',
      'ceo@example.com',
      'helpdesk7@example.com',
    ]);

    assert.equal(redirect.time, '2024-03-05T02:35:02.000Z');
    assert.equal(redirect.details.trustee, 'drop.box@example.net');
    assert.equal(redirect.details.scope, 'SentTo ceo@example.com; From cfo@example.com');
    assert.ok(redirect.principals.includes('cfo@example.com') && redirect.principals.includes('ceo@example.com'));
    assert.match(redirect.details.severityReasons!, /= Set-TransportRule by helpdesk7@example\.com/);

    // Microsoft's own out-of-box rule is not reported; the admin's journal copy to a tenant mailbox is low.
    assert.ok(!findings.some((f) => f.title.includes('out of box rule')), summary(findings));
    const [journal] = byRule(findings, 'Compliance journal');
    assert.ok(journal, summary(findings));
    assert.equal(journal.severity, 'low');

    const edgesAt = async (asOf: string) =>
      (await c.engine.call('graph.asOf', { asOf })).edges
        .filter((e) => e.kind === 'transport-rule' && e.folder === 'Board pack copy')
        .map((e) => e.from)
        .sort();
    assert.deepEqual(await edgesAt('2024-03-05T02:20:00Z'), [], 'created disabled');
    assert.deepEqual(await edgesAt('2024-03-06T00:00:00Z'), ['board.pack@example.org', 'drop.box@example.net']);
    assert.deepEqual(await edgesAt('2024-03-08T00:00:00Z'), [], 'disabled again');
  } finally {
    await c.close();
  }
});
