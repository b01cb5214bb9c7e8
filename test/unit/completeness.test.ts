import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { fixture, tempDir } from '../helpers.js';

/** A Purview 8-column export of `n` admin records, one per `stepMinutes`, starting 2024-03-04T00:00Z. */
function purviewExport(
  idPrefix: string,
  n: number,
  stepMinutes: number,
  skip?: { fromHour: number; toHour: number },
): string {
  const lines = [
    'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
  ];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.UTC(2024, 2, 4) + i * stepMinutes * 60_000);
    const hours = (t.getTime() - Date.UTC(2024, 2, 4)) / 3_600_000;
    if (skip && hours >= skip.fromHour && hours < skip.toHour) continue;
    const id = `${idPrefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const data = {
      CreationTime: t.toISOString().slice(0, 19),
      Id: id,
      Operation: 'Set-Mailbox',
      RecordType: 1,
      ResultStatus: 'True',
      UserId: 'admin@example.com',
      UserType: 2,
      Parameters: [
        { Name: 'Identity', Value: 'x@example.com' },
        { Name: 'RetainDeletedItemsFor', Value: '30' },
      ],
    };
    lines.push(
      `${id},3/4/2024 12:00:00 AM,1,Set-Mailbox,admin@example.com,"${JSON.stringify(data).replaceAll('"', '""')}",,`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}

test('a file sitting exactly on an export cap, and a silent stretch inside a file, are noted', async () => {
  const dir = tempDir();
  const capped = path.join(dir, 'capped.csv');
  fs.writeFileSync(capped, purviewExport('aaaaaaaa', 5000, 1));
  const gappy = path.join(dir, 'gappy.csv');
  const gap = { fromHour: 30, toHour: 70 };
  fs.writeFileSync(gappy, purviewExport('bbbbbbbb', 120, 60, gap));
  const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
  const [a, b] = (await engine.call('import.files', { files: [{ path: capped }, { path: gappy }] })).map((o) =>
    o.ok ? o.result : assert.fail(o.error),
  );
  assert.ok(
    a!.notes.includes('exactly 5,000 records: a known export cap; the export is probably truncated'),
    a!.notes.join('; '),
  );
  // gappy.csv has one record an hour from 2024-03-04T00:00Z with hours 30..69 left out: 40 empty hours,
  // from 2024-03-05T06:00Z (hour 30) to the next record at 2024-03-06T22:00Z (hour 70).
  const hour = (h: number) => new Date(Date.UTC(2024, 2, 4) + h * 3_600_000).toISOString();
  const silent = `no records for ${gap.toHour - gap.fromHour} h between ${hour(gap.fromHour)} and ${hour(gap.toHour)}`;
  assert.equal(silent, 'no records for 40 h between 2024-03-05T06:00:00.000Z and 2024-03-06T22:00:00.000Z');
  assert.ok(b!.notes.includes(silent), b!.notes.join('; '));
  assert.ok(!b!.notes.some((n) => /export cap/.test(n)), '80 records are on no export cap');
  await engine.close();
});

test('the case says which record types it lacks', async () => {
  const dir = tempDir();
  const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
  assert.match((await engine.call('case.info', {})).warnings[0]!, /^no audit log in the case/);
  await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] });
  const warnings = (await engine.call('case.info', {})).warnings;
  assert.ok(warnings.some((w) => w.startsWith('no MailItemsAccessed records (RecordType 50)')));
  assert.ok(warnings.some((w) => w.startsWith('no message trace')));
  assert.ok(warnings.some((w) => w.startsWith('no permission dumps')));
  assert.ok(!warnings.some((w) => w.startsWith('no sign-in records')), 'the fixture has a UserLoggedIn record');
  assert.ok(!warnings.some((w) => w.startsWith('no mailbox audit records')), 'the fixture has a SendAs record');
  await engine.close();
});
