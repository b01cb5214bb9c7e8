import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { tempDir } from '../helpers.js';

let n = 0;
function row(operation: string, params: Record<string, string>, extra: Record<string, unknown> = {}): string {
  const id = `dddddddd-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const data = {
    CreationTime: `2024-03-05T0${n}:00:00`,
    Id: id,
    Operation: operation,
    RecordType: 1,
    ResultStatus: 'True',
    UserId: 'mallory@example.com',
    UserType: 0,
    ClientIP: '203.0.113.9',
    ObjectId: 'ceo@example.com\\rule',
    Parameters: Object.entries(params).map(([Name, Value]) => ({ Name, Value })),
    ...extra,
  };
  return `${id},3/5/2024 1:00:00 AM,${String(data.RecordType)},${operation},mallory@example.com,"${JSON.stringify(data).replaceAll('"', '""')}",,`;
}

async function findings(rows: string[]): Promise<Finding[]> {
  const dir = tempDir();
  const file = path.join(dir, 'ual.csv');
  fs.writeFileSync(
    file,
    [
      'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
      ...rows,
    ].join('\r\n') + '\r\n',
  );
  const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
  try {
    const [o] = await engine.call('import.files', { files: [{ path: file }] });
    assert.ok(o?.ok, o?.ok === false ? o.error : 'no outcome');
    assert.equal(o.result.rejected, 0);
    assert.equal(o.result.accepted, rows.length, 'every row imported before findings are judged');
    return await engine.call('findings.list', {});
  } finally {
    await engine.close();
  }
}

test('inbox rules: a symbol-named rule hiding invoice mail in RSS Feeds is critical; an ordinary foldering rule is not reported', async () => {
  const f = await findings([
    row('New-InboxRule', {
      Mailbox: 'ceo@example.com',
      Name: '.',
      SubjectContainsWords: 'invoice;payment',
      MoveToFolder: 'RSS Feeds',
      MarkAsRead: 'True',
      StopProcessingRules: 'True',
    }),
    row('New-InboxRule', {
      Mailbox: 'ceo@example.com',
      Name: 'Newsletters to folder',
      FromAddressContainsWords: 'news@vendor.example',
      MoveToFolder: 'Newsletters',
    }),
  ]);
  const hiding = f.filter((x) => x.rule === 'inbox-rule-hiding');
  assert.equal(hiding.length, 1);
  assert.ok(
    !f.some((x) => x.title.includes('Newsletters') || x.summary.includes('Newsletters to folder')),
    JSON.stringify(f.map((x) => x.title)),
  );
  assert.equal(hiding[0]!.title, 'Inbox rule "." on ceo@example.com moves to RSS Feeds, marks read');
  assert.deepEqual(hiding[0]!.techniques, ['T1564.008']);
  assert.equal(hiding[0]!.severity, 'critical', 'keywords, odd name and mark-as-read each raise a medium base');
  assert.match(hiding[0]!.details.keywords!, /invoice, payment/);
});

test('inbox rules: a rule forwarding externally and deleting is reported with both techniques, and as high or critical forwarding', async () => {
  const f = await findings([
    row('New-InboxRule', {
      Mailbox: 'cfo@example.com',
      Name: 'x',
      ForwardTo: 'law1234@protonmail.example',
      DeleteMessage: 'True',
    }),
  ]);
  const hiding = f.find((x) => x.rule === 'inbox-rule-hiding')!;
  assert.deepEqual(hiding.techniques, ['T1564.008', 'T1114.003']);
  const fwd = f.find((x) => x.rule === 'mail-forwarding-set');
  assert.ok(fwd, JSON.stringify(f.map((x) => [x.rule, x.severity, x.title])));
  assert.match(fwd.title, /law1234@protonmail\.example/);
  assert.ok(['high', 'critical'].includes(fwd.severity), fwd.severity);
});

test('audit evasion: audit bypass, ingestion switched off and mailbox auditing disabled are high; switching auditing on is not reported', async () => {
  const f = (
    await findings([
      row('Set-MailboxAuditBypassAssociation', { Identity: 'mallory@example.com', AuditBypassEnabled: 'True' }),
      row('Set-AdminAuditLogConfig', { UnifiedAuditLogIngestionEnabled: 'False' }),
      row('Set-AdminAuditLogConfig', { UnifiedAuditLogIngestionEnabled: 'True' }),
      row('Set-Mailbox', { Identity: 'ceo@example.com', AuditEnabled: 'False' }),
    ])
  ).filter((x) => x.rule === 'audit-logging-weakened');
  assert.deepEqual(f.map((x) => [x.title, x.severity, x.techniques.join()]).sort(), [
    ['Mailbox audit bypass enabled for mallory@example.com', 'high', 'T1562.008'],
    ['Mailbox auditing disabled on ceo@example.com', 'high', 'T1562.008'],
    ['Unified audit log ingestion disabled', 'high', 'T1562.008'],
  ]);
});
