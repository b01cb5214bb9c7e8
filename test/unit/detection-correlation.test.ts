/**
 * One attacker, one story (issue 10, classes 9 and 11), on a week of one small tenant
 * (tenant-week.csv): office and branch-office sign-ins, a salesman at a hotel, and on Wednesday
 * afternoon one address used with two accounts to hide and forward invoice mail, read the CFO's
 * mailbox and share files out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ofRule, openDetectionCase, summary } from '../detection-case.js';

const ATTACKER = '203.0.113.77';

test('class 9: every account seen from the attacker address is a principal of its finding, and what was done from it is gathered', async () => {
  const c = await openDetectionCase(['tenant-week.csv']);
  try {
    const findings = await c.findings();
    const signIns = ofRule(findings, 'sign-in-from-new-address');
    // One finding for the address, whatever number of accounts and sign-ins it saw.
    assert.deepEqual(
      signIns.map((f) => f.details.clientIp),
      [ATTACKER],
      summary(findings),
    );
    const f = signIns[0]!;
    // cfo's account only ever signed in from the address: it is named, not left inside ceo's text.
    assert.ok(
      f.principals.includes('ceo@example.com') && f.principals.includes('cfo@example.com'),
      f.principals.join(),
    );
    assert.equal(f.details.accounts, 'ceo@example.com, cfo@example.com');
    assert.equal(f.time, '2024-03-06T14:02:11.000Z');
    // What followed from it: the rule (on ceo's mailbox, not its object path), 14 reads of cfo's mailbox, the
    // anonymous link and the invitation.
    const actions = f.details.actions!.split('; ');
    assert.equal(actions.length, 17, f.details.actions);
    assert.equal(actions[0], '2024-03-06T14:05:40.000Z New-InboxRule by ceo@example.com on ceo@example.com');
    assert.equal(
      actions.filter((a) => / MailItemsAccessed by ceo@example\.com on cfo@example\.com$/.test(a)).length,
      14,
    );
    assert.ok(
      actions.includes(
        '2024-03-06T14:25:30.000Z AnonymousLinkCreated by cfo@example.com on ' +
          'https://example-my.sharepoint.com/personal/cfo_example_com/Documents/Payroll%202024.xlsx',
      ),
    );
    assert.ok(
      actions.some((a) => a.startsWith('2024-03-06T14:27:10.000Z SharingInvitationCreated by cfo@example.com')),
    );
    // Raised by what followed, not by the address alone: the forwarding rule is critical and linked.
    const forwarding = ofRule(findings, 'mail-forwarding-set').find(
      (x) => x.details.trustee === 'drop.box@example.net',
    );
    assert.ok(forwarding, summary(findings));
    assert.equal(f.severity, 'critical');
    assert.ok(f.details.linkedFindings!.split(', ').includes(forwarding.id));
    assert.match(
      f.details.severityReasons!,
      /2 accounts signed in from this address: ceo@example\.com, cfo@example\.com/,
    );
    // The forwarding finding itself says the address was new to the whole tenant.
    assert.match(
      forwarding.details.severityReasons!,
      /made from 203\.0\.113\.77, an address neither this account nor any other/,
    );
  } finally {
    await c.close();
  }
});

test('class 11: anonymous links and invitations made from the attacker address are a finding naming the sharer and the outside invitee, citing the link’s later anonymous use', async () => {
  const c = await openDetectionCase(['tenant-week.csv']);
  try {
    const findings = await c.findings();
    const sharing = ofRule(findings, 'sharing-from-flagged-address');
    assert.equal(sharing.length, 1, summary(findings));
    const s = sharing[0]!;
    assert.equal(s.details.clientIp, ATTACKER);
    assert.equal(s.severity, 'high');
    assert.deepEqual(s.techniques, ['T1530', 'T1567']);
    assert.ok(s.details.techniqueReason, 'the technique choice is explained');
    assert.deepEqual([...s.principals].sort(), ['cfo@example.com', 'partner.ap@example.net']);
    assert.equal(s.details.sharedWith, 'partner.ap@example.net');
    assert.equal(s.time, '2024-03-06T14:25:30.000Z');
    // The link's use from 192.0.2.99 an hour later belongs to it.
    const page = await c.engine.call('findings.evidence', { findingId: s.id });
    assert.deepEqual(
      page.rows.map((r) => [r.what, r.who, r.clientIp]),
      [
        ['AnonymousLinkCreated', 'cfo@example.com', ATTACKER],
        ['SharingInvitationCreated', 'cfo@example.com', ATTACKER],
        ['AnonymousLinkUsed', 'anonymous', '192.0.2.99'],
      ],
    );
    assert.match(s.summary, /AnonymousLinkUsed by anonymous on .*Payroll%202024\.xlsx from 192\.0\.2\.99/);
    assert.match(s.details.linkedFindings!, /sign-in-from-new-address:/);
    // HR sharing an offer letter with a recruiter from the branch office (the tenant's own egress) is not a finding.
    assert.ok(!findings.some((f) => f.principals.includes('recruiter@example.org')), summary(findings));
  } finally {
    await c.close();
  }
});
