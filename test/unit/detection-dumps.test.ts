/**
 * What configuration dumps show, dated and weighed as a responder needs (issue 10, classes 4, 6
 * and 8): the time of a dump finding comes from the dump itself (the entry's last-modified value,
 * else the collection stamp the file carries, else "time unknown"); ActiveSync device ids in a
 * Get-CASMailbox dump are findings of their own; standing access held by a principal implicated in
 * a loud finding is raised by it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { cliPath } from '../helpers.js';
import { atLeast, findingsOf, ofRule, openDetectionCase, summary } from '../detection-case.js';

const DAY = 86_400_000;
const restsOnDumps = (f: Finding) => f.evidence.length > 0 && f.evidence.every((e) => e.recordId === '');
const forwardingTo = (findings: readonly Finding[], trustee: string) =>
  ofRule(findings, 'mail-forwarding-set').find((f) => f.details.trustee === trustee);
const device = (findings: readonly Finding[], id: string) =>
  ofRule(findings, 'activesync-device-allowed').find((f) => f.details.device === id);

test('class 4: dump findings carry the dump’s own time (last-modified, else the file’s collection stamp, else "time unknown"), never the import clock or another file’s time', async () => {
  const c = await openDetectionCase([
    '20240315093012_MailboxRules.csv',
    'MailboxRules.csv',
    'TransportRules.csv',
    'cas-mailbox-devices.csv',
    // An unrelated audit log (the service desk's grants) whose newest record must not date anything above.
    'helpdesk-grants.csv',
  ]);
  try {
    const findings = await c.findings();
    // Inbox rules have no time of their own: the Extractor-Suite file name carries when it was collected.
    const stamped = forwardingTo(findings, 'drop.box@example.net');
    assert.ok(stamped && restsOnDumps(stamped), summary(findings));
    assert.equal(stamped.time, '2024-03-15T09:30:12.000Z');
    assert.match(stamped.details.timeBasis!, /20240315093012_MailboxRules\.csv was collected \(file name stamp/);
    assert.match(stamped.details.timeBasis!, /UTC offset unknown/);
    // A file named without a stamp: the finding says it has no time rather than borrowing one.
    const unknown = forwardingTo(findings, 'hr.copy@example.net');
    assert.ok(unknown, summary(findings));
    assert.equal(unknown.time, null);
    assert.match(unknown.details.timeBasis!, /^time unknown: MailboxRules\.csv carries no time/);
    // Entries with their own last-modified time keep it: WhenChanged (de-DE) of the mail flow rule, WhenChangedUTC
    // (not the local WhenChanged an hour later) of the CAS object.
    assert.equal(forwardingTo(findings, 'board.pack@example.org')?.time, '2024-03-13T22:14:09.000Z');
    assert.equal(device(findings, 'ANDROIDC0FFEE1234')?.time, '2024-03-06T14:12:45.000Z');

    const now = Date.now();
    const dumpFindings = findings.filter(restsOnDumps);
    assert.ok(dumpFindings.length >= 6, summary(findings));
    for (const f of dumpFindings) {
      assert.ok(f.details.timeBasis, `${f.title} states how its time was decided`);
      if (f.time === null) continue;
      assert.ok(Math.abs(Date.parse(f.time) - now) > DAY, `${f.title} is dated by the import clock`);
      assert.notEqual(f.time, '2024-03-06T23:41:09.000Z', `${f.title} borrowed the audit log's newest time`);
    }
    await c.close();
    // The CLI says so in words.
    const table = spawnSync(process.execPath, [cliPath, 'findings', c.casePath], { encoding: 'utf8' });
    assert.equal(table.status, 0, table.stderr);
    const line = table.stdout.split('\n').find((l) => l.includes('hr.copy@example.net'));
    assert.match(line ?? '', /time unknown/, table.stdout);
  } finally {
    await c.close();
  }
});

test('class 6: ActiveSync device ids in a Get-CASMailbox dump are findings (low; info when the id is also blocked) naming the mailbox and its dump row', async () => {
  const findings = await findingsOf(['cas-mailbox-devices.csv']);
  const devices = ofRule(findings, 'activesync-device-allowed');
  assert.deepEqual(
    devices.map((f) => [f.details.device, f.details.mailbox, f.severity]).sort(),
    [
      ['ANDROIDC0FFEE1234', 'ceo@example.com', 'low'],
      ['ApplF17XK2Q3N0Z1', 'hr@example.com', 'low'],
      ['BADPHONE0001', 'cfo@example.com', 'info'],
    ],
    summary(findings),
  );
  const ceo = device(findings, 'ANDROIDC0FFEE1234')!;
  assert.deepEqual(ceo.techniques, ['T1098.002']);
  assert.deepEqual(ceo.principals, ['ceo@example.com']);
  assert.match(ceo.details.severityReasons!, /no Set-CASMailbox in the audit log adds it/);
  assert.deepEqual(
    ceo.evidence.map((e) => [e.file, e.row]),
    [['cas-mailbox-devices.csv', 1]],
  );
  assert.match(device(findings, 'BADPHONE0001')!.details.severityReasons!, /also blocked/);
  assert.ok(!findings.some((f) => f.principals.includes('room-101@example.com')), 'a mailbox without devices');
});

test('class 6: a device on a mailbox implicated in a critical finding elsewhere in the case is raised to medium, naming that finding', async () => {
  // outlook-forward-purview.csv: helpdesk7 forwards ceo's mail to four outside addresses (critical).
  const findings = await findingsOf(['cas-mailbox-devices.csv', 'outlook-forward-purview.csv']);
  const forwarding = ofRule(findings, 'mail-forwarding-set')[0];
  assert.ok(forwarding, summary(findings));
  const ceo = device(findings, 'ANDROIDC0FFEE1234')!;
  assert.ok(atLeast(ceo, 'medium'), ceo.severity);
  assert.ok(
    ceo.details.severityReasons!.includes(
      `ceo@example.com is implicated in ${forwarding.severity} finding "${forwarding.title}"`,
    ),
    ceo.details.severityReasons,
  );
  assert.ok(ceo.details.relatedFindings!.split(', ').includes(forwarding.id));
  assert.equal(device(findings, 'ApplF17XK2Q3N0Z1')!.severity, 'low', 'hr is implicated nowhere');
});

test('class 8: standing access from a dump held by a principal implicated in a critical finding is raised to medium with that finding as the reason; others stay info', async () => {
  const alone = ofRule(await findingsOf(['20240315094500-MailboxPermissions.csv']), 'delegation-before-window');
  assert.deepEqual(
    alone.map((f) => [f.details.trustee, f.details.mailboxes, f.severity]).sort(),
    [
      ['ea@example.com', 'hr@example.com', 'info'],
      ['helpdesk7@example.com', 'cfo@example.com', 'info'],
    ],
    summary(alone),
  );

  const findings = await findingsOf(['20240315094500-MailboxPermissions.csv', 'outlook-forward-purview.csv']);
  const forwarding = ofRule(findings, 'mail-forwarding-set')[0]!;
  assert.equal(forwarding.severity, 'critical', summary(findings));
  const standing = ofRule(findings, 'delegation-before-window');
  const helpdesk = standing.find((f) => f.details.trustee === 'helpdesk7@example.com')!;
  assert.equal(helpdesk.severity, 'medium');
  assert.ok(
    helpdesk.details.severityReasons!.includes(
      `helpdesk7@example.com is implicated in critical finding "${forwarding.title}"`,
    ),
    helpdesk.details.severityReasons,
  );
  assert.ok(helpdesk.details.relatedFindings!.split(', ').includes(forwarding.id));
  assert.deepEqual(helpdesk.principals, ['helpdesk7@example.com', 'cfo@example.com']);
  assert.equal(standing.find((f) => f.details.trustee === 'ea@example.com')!.severity, 'info');
});
