/**
 * Inbox rules as a responder meets them (issue 10, classes 1, 2, 3 and 10): rules made in Outlook
 * (mailbox-audit UpdateInboxRules, the rule in OperationProperties) in each container that carries
 * them, rule owners named by directory paths, rule dumps in the collection tools' layouts, and a
 * burst of rules from one stolen session.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atLeast, findingsOf, ofRule, openDetectionCase, summary } from '../detection-case.js';

const OUTSIDE = ['ap-review@example.net', 'collector@example.org', 'drop.box@example.net', 'mail.archive@example.info'];
const DIRECTORY_PATH = /outlook\.com|Microsoft Exchange Hosted Organizations|bc1b1df3-f861-4aec-bf7c-40ce5b5566c1/i;

const OUTLOOK_CONTAINERS = [
  // [container, fixture, data row of the delegate's UpdateInboxRules]
  ['Purview portal export (8 columns, AuditData in a CSV cell)', 'outlook-forward-purview.csv', 2],
  ['Extractor-Suite Get-UAL JSON (AuditData nested, French Inbox)', 'outlook-forward-extractor.json', 1],
  ['Search-MailboxAuditLog -ShowDetails JSON (delegate named by SID)', 'outlook-forward-mailbox-audit.json', 2],
] as const;

for (const [container, file, row] of OUTLOOK_CONTAINERS)
  test(`class 1, ${container}: a delegate's Outlook rule forwarding to four outside addresses is one forwarding finding naming all four`, async () => {
    const c = await openDetectionCase([file]);
    try {
      const findings = await c.findings();
      const forwarding = ofRule(findings, 'mail-forwarding-set');
      assert.equal(forwarding.length, 1, summary(findings));
      const f = forwarding[0]!;
      assert.deepEqual(f.techniques, ['T1114.003']);
      assert.ok(atLeast(f, 'high'), `outside destinations are high at least: ${f.severity}`);
      assert.deepEqual(f.details.trustee!.split('; ').sort(), OUTSIDE, 'every destination, lower-cased');
      // The owner, the delegate who wrote the rule (the SID the mailbox audit names resolved to the account), and
      // where the mail goes.
      assert.deepEqual([...f.principals].sort(), ['ceo@example.com', 'helpdesk7@example.com', ...OUTSIDE].sort());
      assert.equal(f.time, '2024-03-04T10:12:40.000Z');
      assert.match(f.details.severityReasons!, /made in Outlook \(mailbox audit UpdateInboxRules\)/);
      assert.match(
        f.details.severityReasons!,
        /set in ceo@example\.com's mailbox by helpdesk7@example\.com, not its owner/,
      );
      assert.deepEqual(
        f.evidence.map((e) => e.row),
        [row],
        'the UpdateInboxRules record is the evidence',
      );
      // No finding splits the rule: the hiding rule's report of the same record names every destination too.
      const rule = findings.filter((x) => x.rule === 'inbox-rule-hiding' && x.evidence.some((e) => e.row === row));
      assert.equal(rule.length, 1, summary(findings));
      for (const other of rule)
        for (const to of OUTSIDE) assert.ok(other.principals.includes(to), `${other.title} names ${to}`);
      const graph = await c.engine.call('graph.asOf', { asOf: null });
      assert.deepEqual(
        graph.edges
          .filter((e) => e.kind === 'forwarding')
          .map((e) => [e.from, e.to, e.grantedBy])
          .sort(),
        OUTSIDE.map((to) => [to, 'ceo@example.com', 'helpdesk7@example.com']),
      );
    } finally {
      await c.close();
    }
  });

test("class 1: the owner's own Outlook rule that only runs client-side (DeferAction) is not reported", async () => {
  const findings = await findingsOf(['outlook-forward-purview.csv']);
  // Row 1 is ceo's "Vendor notices" rule; only row 2 (the delegate's forward) stands behind findings.
  assert.ok(findings.length > 0);
  for (const f of findings) {
    assert.ok(!f.evidence.some((e) => e.row === 1), `${f.title} cites the client-side rule`);
    assert.doesNotMatch(f.title, /Vendor notices/);
  }
});

test('class 2: rule findings and graph name the mailbox owner, never the rule object directory path', async () => {
  const c = await openDetectionCase(['rule-owner-paths.csv']);
  try {
    const findings = await c.findings();
    for (const f of findings) {
      assert.doesNotMatch(f.title, DIRECTORY_PATH, f.title);
      assert.doesNotMatch(f.summary, DIRECTORY_PATH, f.summary);
      for (const p of f.principals) assert.doesNotMatch(p, /[\\/]/, `${f.title}: principal ${p}`);
    }
    // cfo's own rule from Outlook on the web: no Mailbox parameter, the object path names the mailbox by GUID.
    const own = ofRule(findings, 'inbox-rule-hiding').find((f) => f.details.ruleName === '.');
    assert.ok(own, summary(findings));
    assert.equal(own.details.mailbox, 'cfo@example.com');
    assert.match(own.details.owner!, /caller's own mailbox/);
    assert.equal(own.title, 'Inbox rule "." on cfo@example.com moves to RSS Feeds, marks read');
    // The delegate's rule written into ceo's mailbox by alias (-Mailbox ceo), then changed by alias\RuleIdentity.
    const forwarding = ofRule(findings, 'mail-forwarding-set');
    assert.deepEqual(
      forwarding.map((f) => [f.details.mailbox, f.details.trustee, f.details.actor]).sort(),
      [
        ['ceo@example.com', 'ap-review@example.net', 'helpdesk7@example.com'],
        ['ceo@example.com', 'drop.box@example.net', 'helpdesk7@example.com'],
      ],
      summary(findings),
    );
    for (const f of forwarding) assert.ok(f.principals.includes('ceo@example.com'));
    const graph = await c.engine.call('graph.asOf', { asOf: null });
    for (const n of graph.nodes) assert.doesNotMatch(n.id, DIRECTORY_PATH, `graph node ${n.id}`);
    assert.deepEqual(graph.edges.map((e) => [e.from, e.to]).sort(), [
      ['ap-review@example.net', 'ceo@example.com'],
      ['drop.box@example.net', 'ceo@example.com'],
    ]);
  } finally {
    await c.close();
  }
});

test('class 3: external ForwardTo / RedirectTo / ForwardAsAttachmentTo in rule dumps (RuleEnabled and Enabled layouts) are high forwarding findings with graph edges', async () => {
  const c = await openDetectionCase(['20240315093012_MailboxRules.csv', 'MailboxRules.csv']);
  try {
    const findings = await c.findings();
    const forwarding = ofRule(findings, 'mail-forwarding-set');
    const external = forwarding
      .filter((f) => atLeast(f, 'high'))
      .map((f) => [f.details.mailbox, f.details.trustee, f.details.rights])
      .sort();
    assert.deepEqual(
      external,
      [
        ['ceo@example.com', 'drop.box@example.net', 'ForwardTo'],
        ['cfo@example.com', 'payroll.archive@example.org', 'RedirectTo'],
        ['hr@example.com', 'hr.copy@example.net', 'ForwardAsAttachmentTo'],
      ],
      summary(findings),
    );
    for (const f of forwarding.filter((x) => atLeast(x, 'high'))) {
      assert.deepEqual(f.techniques, ['T1114.003']);
      assert.match(f.details.severityReasons!, /is outside the tenant/);
      assert.match(f.details.severityReasons!, /no change in the audit log sets it up/);
      assert.equal(f.evidence.length, 1, 'the dump row');
      assert.equal(f.evidence[0]!.recordId, '');
    }
    // RuleEnabled False: the rule forwards nothing, so it is no forwarding.
    assert.ok(!forwarding.some((f) => f.details.trustee === 'cfo.home@example.net'), summary(forwarding));
    // A forward to a colleague (the rule's owner is a tenant mailbox, so its domain is the tenant's) is not high.
    const internal = forwarding.find((f) => f.details.trustee === 'ea@example.com');
    assert.ok(internal, summary(forwarding));
    assert.equal(internal.severity, 'low');
    const graph = await c.engine.call('graph.asOf', { asOf: null });
    const edges = graph.edges.filter((e) => e.kind === 'forwarding').map((e) => [e.from, e.to, e.origin]);
    for (const [to, mailbox] of [
      ['drop.box@example.net', 'ceo@example.com'],
      ['payroll.archive@example.org', 'cfo@example.com'],
      ['hr.copy@example.net', 'hr@example.com'],
    ])
      assert.ok(
        edges.some((e) => e[0] === to && e[1] === mailbox && e[2] === 'dump'),
        `${to} -> ${mailbox}: ${JSON.stringify(edges)}`,
      );
    assert.ok(!edges.some((e) => e[0] === 'cfo.home@example.net'), 'no edge for the disabled rule');
  } finally {
    await c.close();
  }
});

test('class 10: a dozen New-InboxRule from one address within minutes are one incident citing every row, including the move-to-Inbox rule', async () => {
  const c = await openDetectionCase(['rule-burst.csv']);
  try {
    const findings = await c.findings();
    const bursts = ofRule(findings, 'activity-burst');
    assert.equal(bursts.length, 1, summary(findings));
    const b = bursts[0]!;
    assert.ok(atLeast(b, 'high'), b.severity);
    // Rows 2-13 are the twelve New-InboxRule records (row 1 is the sign-in before them).
    assert.equal(b.evidenceTotal, 12);
    const page = await c.engine.call('findings.evidence', { findingId: b.id, limit: 100 });
    assert.equal(page.total, 12);
    assert.deepEqual(
      page.rows.map((r) => r.row),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
    assert.ok(page.rows.every((r) => r.what === 'New-InboxRule' && r.clientIp === '203.0.113.88'));
    // Each action listed, on the mailbox it was written into; the last alone scores nothing (it keeps the mail in the
    // Inbox, marks it read and stops later rules) but was made in the same session.
    const actions = b.details.actions!.split('; ');
    assert.equal(actions.length, 12);
    assert.ok(actions.includes('2024-03-05T02:07:02.000Z New-InboxRule on ceo@example.com by it-admin@example.com'));
    for (const a of actions) assert.doesNotMatch(a, DIRECTORY_PATH, a);
    assert.equal(b.time, '2024-03-05T02:01:07.000Z');
    assert.match(b.title, /^12 actions by it-admin@example\.com from 203\.0\.113\.88/);
    for (const m of ['ceo', 'cfo', 'hr', 'ea', 'sales1', 'sales2', 'payroll', 'ap', 'ar', 'treasury', 'legal'])
      assert.ok(b.principals.includes(`${m}@example.com`), `${m} among the principals`);
    assert.ok(b.principals.includes('it-admin@example.com'));
    // The eleven per-rule findings are folded into the incident, not listed beside it.
    assert.deepEqual(ofRule(findings, 'inbox-rule-hiding'), []);
    assert.equal(b.details.folded!.split('; ').length, 11);
  } finally {
    await c.close();
  }
});
