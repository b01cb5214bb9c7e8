import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { corpus, corpusMissing, fixture, tempDir } from '../helpers.js';

async function findingsFor(...files: string[]): Promise<Finding[]> {
  const engine = Engine.open({ casePath: path.join(tempDir(), 'case.db') });
  try {
    const outcomes = await engine.call('import.files', { files: files.map((f) => ({ path: f })) });
    // A finding (or its absence) only means something about rows that were imported.
    for (const o of outcomes) {
      assert.ok(o.ok, o.ok ? '' : o.error);
      assert.equal(o.result.rejected, 0, `${o.result.file}: rejected rows`);
      assert.ok(o.result.accepted > 0, `${o.result.file}: nothing imported`);
    }
    return await engine.call('findings.list', {});
  } finally {
    await engine.close();
  }
}

test('a user granting FullAccess on another mailbox is a T1098.002 finding citing the exact row', async () => {
  const findings = await findingsFor(fixture('purview-new-fullaccess.csv'));
  assert.deepEqual(
    findings.map((x) => x.rule).sort(),
    ['delegate-sent-as-mailbox', 'mailbox-delegation-granted'],
    'the Discovery Management provisioning grant in the same file is not flagged',
  );
  const f = findings.find((x) => x.rule === 'mailbox-delegation-granted')!;
  assert.equal(f.rule, 'mailbox-delegation-granted');
  assert.deepEqual(f.techniques, ['T1098.002']);
  assert.equal(f.time, '2024-03-04T09:15:02.000Z');
  assert.deepEqual(f.principals, ['it-admin@example.com', 'ceo@example.com', 'helpdesk7@example.com']);
  assert.equal(
    f.severity,
    'critical',
    'AutoMapping False and use of the mailbox 2 h 25 min later each raise the grant',
  );
  assert.match(f.details.severityReasons!, /AutoMapping False/);
  // The grant at 09:15:02, the SendAs as ceo at 11:40:05.
  assert.match(f.details.severityReasons!, /used 2 h 25 min later \(1 use record\)/);
  assert.equal(f.details.firstUse, '2024-03-04T11:40:05.000Z (SendAs)');
  assert.equal(f.details.rights, 'FullAccess');
  assert.match(
    f.summary,
    /it-admin@example.com granted FullAccess on ceo@example.com to helpdesk7@example.com .*from 203\.0\.113\.45/,
  );
  // Data rows 3 (the grant) and 4 (the SendAs) of the fixture, with their AuditData Ids.
  assert.deepEqual(
    f.evidence,
    [
      {
        file: 'purview-new-fullaccess.csv',
        sha256: f.evidence[0]!.sha256,
        row: 3,
        recordId: '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001',
      },
      {
        file: 'purview-new-fullaccess.csv',
        sha256: f.evidence[0]!.sha256,
        row: 4,
        recordId: '6e7f8091-a2b3-4c4d-9e5f-08dc3c1a0004',
      },
    ],
    'the grant row first, then the first use (the SendAs as ceo@example.com)',
  );
  assert.match(f.evidence[0]!.sha256, /^[0-9a-f]{64}$/);
});

test("the grant's use is its own finding: the delegate sending as the CEO, linked to the grant", async () => {
  const use = (await findingsFor(fixture('purview-new-fullaccess.csv'))).find(
    (x) => x.rule === 'delegate-sent-as-mailbox',
  )!;
  assert.equal(use.title, 'helpdesk7@example.com sent mail as ceo@example.com');
  assert.deepEqual(use.techniques, ['T1098.002', 'T1534']);
  assert.equal(use.details.subjects, 'Updated bank details');
  assert.match(use.details.grant!, /^2024-03-04T09:15:02.000Z by it-admin@example.com \(mailbox: FullAccess\)$/);
  assert.deepEqual(
    use.evidence.map((e) => e.row),
    [3, 4],
    'cites the grant, then the SendAs record',
  );
  // Low base, raised for following a grant on the mailbox and again for sending as it.
  assert.equal(use.severity, 'high');
  assert.match(use.details.severityReasons!, /follows a grant on this mailbox by it-admin@example\.com/);
});

test('finding ids are stable: the same evidence imported in the other order into another case yields the same ids', async () => {
  const a = await findingsFor(fixture('purview-new-fullaccess.csv'), fixture('sual-rps-german.csv'));
  const b = await findingsFor(fixture('sual-rps-german.csv'), fixture('purview-new-fullaccess.csv'));
  assert.ok(a.length > 0, 'the two files yield findings to compare');
  assert.deepEqual(a.map((f) => f.id).sort(), b.map((f) => f.id).sort());
});

test('SendAs, ChangePermission and failed grants are flagged; Deny entries are not', async () => {
  const findings = await findingsFor(fixture('sual-rps-german.csv'));
  const byRights = new Map(findings.map((f) => [`${f.details.operation} ${f.details.rights} ${f.details.result}`, f]));
  // The fixture's four grants; the FullAccess one with Deny True is not among the findings.
  assert.deepEqual([...byRights.keys()].sort(), [
    'Add-MailboxPermission ChangePermission succeeded',
    'Add-MailboxPermission FullAccess, ReadPermission failed',
    'Add-RecipientPermission SendAs succeeded',
  ]);
  // Medium base; ChangePermission raises it; a failed cmdlet is capped at low.
  assert.equal(byRights.get('Add-RecipientPermission SendAs succeeded')!.severity, 'medium');
  assert.equal(byRights.get('Add-RecipientPermission SendAs succeeded')!.principals[0], 'zoë.müller@example.com');
  assert.equal(byRights.get('Add-MailboxPermission ChangePermission succeeded')!.severity, 'high');
  assert.equal(byRights.get('Add-MailboxPermission FullAccess, ReadPermission failed')!.severity, 'low');
  assert.match(byRights.get('Add-MailboxPermission FullAccess, ReadPermission failed')!.title, /\(failed\)$/);
});

test('Set-Mailbox: GrantSendOnBehalfTo is a grant; clearing it or setting forwarding is not this rule', async () => {
  const findings = (await findingsFor(fixture('purview-old-sendonbehalf.csv'))).filter(
    (f) => f.rule === 'mailbox-delegation-granted',
  );
  // Row 1 sets GrantSendOnBehalfTo on ceo; row 2 clears it on cfo, row 3 sets forwarding on cfo.
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.details.rights, 'SendOnBehalf');
  assert.equal(findings[0]!.details.trustee, 'helpdesk7@example.com');
  assert.equal(findings[0]!.evidence[0]!.row, 1);
});

test(
  'Hawk real export: the system Discovery Management grant and ServiceHost Set-Mailbox stay unflagged',
  { skip: corpusMissing },
  async () => {
    const findings = await findingsFor(corpus('hawk/AuditLog.csv'));
    assert.deepEqual(findings, []);
  },
);
