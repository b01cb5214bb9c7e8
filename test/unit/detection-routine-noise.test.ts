/**
 * Routine is not suspicious (issue 10, classes 12, 13 and 14): a service desk granting mailbox
 * access as part of its work, a weekly newsletter, and the addresses staff sign in from, each
 * beside the one case in the same evidence that something does raise.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atLeast, atMost, findingsOf, ofRule, summary } from '../detection-case.js';

test('class 12: routine service-desk grants (business hours, usual address, colleagues, history of grants) are low; a grant something raises is not', async () => {
  const findings = await findingsOf(['helpdesk-grants.csv']);
  const grants = ofRule(findings, 'mailbox-delegation-granted');
  const byHelpdesk = grants.filter((f) => f.details.actor === 'helpdesk@example.com');
  assert.equal(byHelpdesk.length, 5, summary(findings));
  const routine = byHelpdesk.filter((f) => f.details.autoMapping === undefined);
  assert.deepEqual(routine.map((f) => [f.details.mailbox, f.details.trustee, f.severity]).sort(), [
    ['hr-recruiting@example.com', 'hr@example.com', 'low'],
    ['reception@example.com', 'ea@example.com', 'low'],
    ['shared-sales@example.com', 'sales1@example.com', 'low'],
    ['shared-sales@example.com', 'sales2@example.com', 'low'],
  ]);
  for (const f of routine) {
    assert.match(
      f.details.severityReasons!,
      /helpdesk@example\.com administers mailboxes routinely \(5 grants to 4 trustees on 3 days\) and used its usual address/,
    );
    // The desk's first address in a short window is not "new": nothing before it to compare with.
    assert.doesNotMatch(f.details.severityReasons!, /an address neither this account/);
  }
  // The same desk hiding a grant from the delegate's Outlook (AutoMapping False) is not routine.
  const hidden = byHelpdesk.find((f) => f.details.autoMapping === 'False')!;
  assert.ok(atLeast(hidden, 'medium'), hidden.severity);
  assert.doesNotMatch(hidden.details.severityReasons!, /routinely/);
  // An account with no history of granting, giving itself the CFO's mailbox at 23:41 from elsewhere.
  const night = grants.find((f) => f.details.actor === 'sales2@example.com')!;
  assert.ok(atLeast(night, 'medium'), night.severity);
  assert.match(night.details.severityReasons!, /outside business hours/);
});

test('class 13: a weekly newsletter’s second issue is no spike, a first burst without history stays low, and a first burst right after a grant on the mailbox is raised', async () => {
  // A trace says nothing of which domains are the tenant's: the responder states it (dlens settings --tenant-domain).
  const findings = await findingsOf(['message-trace-two-weeks.csv', 'events-mailbox-grant.csv'], {
    tenantDomains: ['example.com'],
  });
  const spikes = ofRule(findings, 'send-volume-spike');
  const of = (sender: string) => spikes.filter((f) => f.details.sender === sender);

  // Example Weekly #41 on Monday 4 March is news@'s first burst (judged against its peers, nothing joins it): low.
  // #42 a week later at the same hour and size repeats it: not a spike at all.
  const news = of('news@example.com');
  assert.deepEqual(
    news.map((f) => [f.time, f.severity]),
    [['2024-03-04T07:00:10.000Z', 'low']],
    summary(spikes),
  );
  assert.match(news[0]!.details.severityReasons!, /no history of its own and nothing else .* joins the burst/);

  const sales = of('sales2@example.com');
  assert.equal(sales.length, 1, summary(spikes));
  assert.ok(atMost(sales[0]!, 'low'), sales[0]!.severity);
  assert.deepEqual(sales[0]!.techniques, ['T1566'], 'the trade-fair contacts are outside the tenant');

  // events@ was delegated to helpdesk7 at 12:31 and sent 15 messages from 13:01: the grant joins the burst.
  const events = of('events@example.com');
  assert.equal(events.length, 1, summary(spikes));
  const e = events[0]!;
  assert.ok(atLeast(e, 'high'), e.severity);
  assert.match(
    e.details.severityReasons!,
    /mailbox access to events@example\.com was granted shortly before: FullAccess on events@example\.com granted to helpdesk7@example\.com by it-admin@example\.com/,
  );
  assert.ok(e.principals.includes('helpdesk7@example.com'));
  assert.equal(e.details.messages, '15');
  // The grant first, then every message the finding counts.
  assert.equal(e.evidenceTotal, 16);
  assert.equal(e.evidence[0]!.file, 'events-mailbox-grant.csv');
  assert.ok(e.evidence.slice(1).every((r) => r.file === 'message-trace-two-weeks.csv'));
});

test('class 14: sign-ins from addresses new on the log’s first day, from a new branch office most staff use, or alone from a hotel are not findings; the attacker address is one, raised by what followed', async () => {
  const findings = await findingsOf(['tenant-week.csv']);
  const signIns = ofRule(findings, 'sign-in-from-new-address');
  // 198.51.100.77 and 192.0.2.50 first appear on Monday, the log's first day; 198.51.100.20 opens on Tuesday but five
  // of the seven accounts use it on three days; 192.0.2.61 saw one sign-in and nothing after it.
  assert.deepEqual(
    signIns.map((f) => f.details.clientIp),
    ['203.0.113.77'],
    summary(findings),
  );
  const aboutAddresses = ['sign-in-from-new-address', 'flagged-address-activity', 'sharing-from-flagged-address'];
  for (const ip of ['198.51.100.77', '192.0.2.50', '198.51.100.20', '192.0.2.61'])
    assert.ok(
      !findings.some((f) => aboutAddresses.includes(f.rule) && f.details.clientIp === ip),
      `${ip}: ${summary(findings)}`,
    );
  // The admin's grant from the branch office is judged as a grant; the office address does not raise it.
  const branchGrant = ofRule(findings, 'mailbox-delegation-granted').find(
    (f) => f.details.clientIp === '198.51.100.20',
  );
  assert.ok(branchGrant, summary(findings));
  assert.doesNotMatch(branchGrant.details.severityReasons!, /address/);
  // The attacker address is raised by what followed from it (a sign-in alone starts low), and linked to those findings.
  const [attacker] = signIns;
  assert.match(
    attacker!.details.severityReasons!,
    /^\+ followed from the same address by New-InboxRule, MailItemsAccessed/,
  );
  assert.ok(atLeast(attacker!, 'high'), attacker!.severity);
  assert.match(attacker!.details.linkedFindings!, /mail-forwarding-set:/);
});
