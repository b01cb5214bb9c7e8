/**
 * Permission dumps (mailbox, recipient / AD, folder and CAS mailbox): detection from the header,
 * one entry per row, type-name leakage flagged as values lost, defaults kept with `inherited` set.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { fixture, tempDir } from '../helpers.js';
import { importInto } from '../import-helpers.js';

const PERM =
  'SELECT row, kind, mailbox, trustee, rights, folder, inherited, deny, values_lost FROM permission ORDER BY id';

test(
  'raw Get-MailboxPermission: SELF, inherited deny and SID rows kept; leaked AccessRights flagged; empty User ' +
    'rejected',
  async () => {
    const { results, query } = await importInto('dumps/mailbox-permission-raw.csv');
    const r = results[0]!;
    assert.equal(r.format, 'mailbox-permission-csv');
    // 5 data rows, all with AccessRights "System.Collections.ArrayList"; the 5th has an empty User.
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [4, 1, 0]);
    assert.deepEqual(r.rejections, [{ row: 5, line: 6, reason: 'no trustee (User is empty)' }]);
    assert.ok(r.notes.some((n) => n.startsWith('4 rows have AccessRights written as a .NET type name')));
    const rows = query(PERM);
    assert.deepEqual(
      rows.map((x) => [x.mailbox, x.trustee, x.rights, x.inherited, x.deny, x.values_lost]),
      [
        ['ceo', 'NT AUTHORITY\\SELF', '', 0, 0, 1],
        ['ceo', 'helpdesk7@example.com', '', 0, 0, 1],
        ['ceo', 'EXAMPLE\\Domain Admins', '', 1, 1, 1],
        ['ceo', 'S-1-5-21-1000000001-2000000002-3000000003-4444', '', 0, 0, 1],
      ],
    );
    assert.ok(rows.every((x) => x.kind === 'mailbox'));
    // The UserSid column teaches which SID a named trustee has.
    const aliases = query('SELECT alias, principal_key FROM principal_alias ORDER BY alias');
    assert.deepEqual(
      aliases.find((a) => a.principal_key === 'helpdesk7@example.com'),
      {
        alias: 'S-1-5-21-1000000001-2000000002-3000000003-2222',
        principal_key: 'helpdesk7@example.com',
      },
    );
  },
);

test(
  'CrowdStrike CRT FullAccessPerms (Windows-1252): ' + 'one right as a string, System.Object[] as values lost',
  async () => {
    const { results, query } = await importInto('dumps/crt-fullaccessperms.csv');
    const r = results[0]!;
    assert.equal(r.format, 'crt-mailbox-permission-csv');
    assert.deepEqual([r.accepted, r.rejected], [3, 0]);
    assert.deepEqual(
      query('SELECT encoding FROM evidence'),
      [{ encoding: 'Windows-1252' }],
      'ANSI bytes are not UTF-8',
    );
    assert.deepEqual(
      query(PERM).map((x) => [x.mailbox, x.trustee, x.rights, x.values_lost]),
      [
        ['ceo', 'helpdesk7@example.com', 'FullAccess', 0],
        ['shared-finance', 'helpdesk7@example.com', '', 1],
        ['ceo', 'Zoë Müller', 'FullAccess', 0],
      ],
    );
  },
);

test(
  'CRT SendAsDelegates: Send-As entries; ' + 'appended Identity-only rows noted, not rejected, no trustee invented',
  async () => {
    const { results, query } = await importInto('dumps/crt-sendasdelegates.csv');
    const r = results[0]!;
    assert.equal(r.format, 'crt-recipient-permission-csv');
    // 4 rows: two Send-As grants, then ceo and shared-finance with only Identity filled.
    assert.deepEqual([r.accepted, r.rejected], [2, 0]);
    assert.ok(
      r.notes.some((n) =>
        /^2 rows have only Identity filled: CRT appends mailboxes with GrantSendOnBehalfTo.*\(e\.g\. ceo, shared-finance\)$/.test(
          n,
        ),
      ),
    );
    assert.deepEqual(
      query(PERM).map((x) => [x.kind, x.mailbox, x.trustee, x.rights, x.inherited, x.deny]),
      [
        ['send-as', 'ceo', 'helpdesk7@example.com', 'SendAs', 0, 0],
        ['send-as', 'ceo', 'NT AUTHORITY\\SELF', 'SendAs', 0, 0],
      ],
    );
  },
);

test(
  'folder permissions: raw export (Identity path, ' + 'Default user, leaked rights) and Mandiant folder_permissions',
  async () => {
    const { results, query } = await importInto(
      'dumps/folder-permission-raw.csv',
      'dumps/mandiant-folder-permissions.csv',
    );
    const [raw, mandiant] = results;
    assert.equal(raw!.format, 'folder-permission-csv');
    assert.deepEqual([raw!.accepted, raw!.rejected], [3, 0]);
    assert.equal(mandiant!.format, 'mandiant-folder-permission-csv');
    assert.deepEqual([mandiant!.accepted, mandiant!.rejected], [3, 0]);
    assert.deepEqual(
      query(PERM).map((x) => [x.kind, x.mailbox, x.folder, x.trustee, x.rights, x.values_lost]),
      [
        ['folder', 'ceo@example.com', 'Calendar', 'Default', '', 1],
        ['folder', 'ceo@example.com', 'Calendar', 'Executive Assistant', '', 1],
        ['folder', 'ceo@example.com', 'Inbox\\Invoices', 'helpdesk7@example.com', 'ReadItems, FolderVisible', 0],
        ['folder', 'ceo@example.com', 'Inbox', 'Default', 'Reviewer', 0],
        ['folder', 'ceo@example.com', 'Calendar', 'Anonymous', 'AvailabilityOnly', 0],
        ['folder', 'cfo@example.com', 'Inbox', 'Default', 'ReadItems, FolderVisible', 0],
      ],
    );
  },
);

test(
  'Get-CASMailbox: one activesync-device entry per allowed id, ' + 'blocked ids as deny, leaked list as values lost',
  async () => {
    const { results, query } = await importInto('dumps/cas-mailbox.csv');
    const r = results[0]!;
    assert.equal(r.format, 'cas-mailbox-csv');
    // ceo's 2 allowed ids, cfo's leaked list (one values-lost entry) and its blocked id; room-101 has none.
    assert.deepEqual([r.accepted, r.rejected], [4, 0]);
    assert.ok(r.notes.some((n) => n.startsWith('1 rows have ActiveSyncAllowedDeviceIDs written as a .NET type name')));
    assert.deepEqual(
      query(PERM).map((x) => [x.kind, x.mailbox, x.trustee, x.deny, x.values_lost]),
      [
        ['activesync-device', 'ceo@example.com', 'ANDROIDC1234567890', 0, 0],
        ['activesync-device', 'ceo@example.com', 'ApplF17XK2Q3N0Z1', 0, 0],
        ['activesync-device', 'cfo@example.com', null, 0, 1],
        ['activesync-device', 'cfo@example.com', 'BADPHONE0001', 1, 0],
      ],
    );
  },
);

test('a CSV with AccessRights but no trustee or mailbox columns is refused as unsupported', async () => {
  const engine = Engine.open({ casePath: path.join(tempDir(), 'case.db') });
  const [o] = await engine.call('import.files', { files: [{ path: fixture('dumps/unknown-accessrights.csv') }] });
  await engine.close();
  assert.ok(o && !o.ok);
  assert.match(
    o.error,
    /unsupported format: a comma-separated file with columns Name, AccessRights, Notes\. Supported: .*Get-MailboxPermission CSV/,
  );
});

test(
  'on-prem Get-ADPermission: Send-As, Receive-As and impersonation ACEs become entries; other ACEs and lost ' +
    'ExtendedRights are noted, not guessed',
  async () => {
    const { results, query } = await importInto('dumps/get-adpermission.csv');
    const r = results[0]!;
    assert.equal(r.format, 'ad-permission-csv');
    // 7 ACE rows: 6 entries (row 3 gives two), row 4 (ReadProperty) and row 6 (lost ExtendedRights) only noted.
    assert.deepEqual([r.accepted, r.rejected], [6, 0]);
    assert.deepEqual(
      query(PERM).map((x) => Object.values(x)),
      [
        [1, 'send-as', 'corp.example.com/Users/CEO', 'NT AUTHORITY\\SELF', 'SendAs', null, 0, 0, 0],
        [2, 'send-as', 'corp.example.com/Users/CEO', 'CORP\\helpdesk7', 'SendAs', null, 0, 0, 0],
        [3, 'mailbox', 'corp.example.com/Users/CFO', 'CORP\\svc-archive', 'ReceiveAs', null, 0, 0, 0],
        [3, 'send-as', 'corp.example.com/Users/CFO', 'CORP\\svc-archive', 'SendAs', null, 0, 0, 0],
        [5, 'impersonation', '*', 'CORP\\svc-ews', 'ApplicationImpersonation', null, 0, 0, 0],
        [7, 'send-as', 'corp.example.com/Users/CEO', 'CORP\\intern', 'SendAs', null, 0, 1, 0],
      ],
    );
    assert.ok(
      r.notes.some((n) =>
        /^1 ExtendedRight ACEs have ExtendedRights written as a \.NET type name.*CORP\\temp-admin on corp\.example\.com\/Users\/Payroll/.test(
          n,
        ),
      ),
      r.notes.join(' | '),
    );
    assert.ok(
      r.notes.some((n) => /^1 ACEs are not mail delegation/.test(n)),
      r.notes.join(' | '),
    );
  },
);
