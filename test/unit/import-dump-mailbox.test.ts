/**
 * Mailbox configuration dumps: Get-Mailbox / Hawk forwarding report, the Microsoft-Extractor-Suite
 * mailbox permissions CSV with joined strings, and Format-List text. `accepted` counts the entries
 * stored, which need not be the number of rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importInto } from '../import-helpers.js';

test(
  'Hawk forwarding report: smtp: stripped, ' + 'ForwardingAddress kept as written, US WhenChangedUTC decided per file',
  async () => {
    const { results, query } = await importInto('dumps/hawk-forwarding-report.csv');
    const r = results[0]!;
    assert.equal(r.format, 'hawk-forwarding-report-csv');
    // Two mailboxes, each forwarding once (ForwardingSMTPAddress for ceo, ForwardingAddress for finance).
    assert.deepEqual([r.accepted, r.rejected], [2, 0]);
    assert.ok(
      r.notes.includes('WhenChangedUTC dates read as month/day/year (a day above 12 appears in the second place)'),
    );
    assert.deepEqual(
      query('SELECT kind, mailbox, trustee, observed_at FROM permission ORDER BY id').map((x) => Object.values(x)),
      [
        ['forwarding', 'ceo@example.com', 'ceo.archive@example.net', '2024-03-04T09:30:11.000Z'],
        ['forwarding', 'finance@example.com', 'Finance Archive', '2024-03-14T16:05:00.000Z'],
      ],
    );
    assert.deepEqual(query("SELECT alias FROM principal_alias WHERE principal_key = 'ceo@example.com'"), [
      { alias: 'Chief Executive' },
    ]);
  },
);

test(
  'raw Get-Mailbox (#TYPE, BOM, dd.MM.yyyy): send-on-behalf split or flagged, forwarding, aliases incl. legacy ' +
    'DN and proxies',
  async () => {
    const { results, query } = await importInto('dumps/get-mailbox-raw.csv');
    const r = results[0]!;
    assert.equal(r.format, 'get-mailbox-csv');
    // 3 rows, 4 entries: ceo's lost GrantSendOnBehalfTo; shared-finance's two delegates and its forwarding;
    // nothing for room-101.
    assert.deepEqual([r.accepted, r.rejected], [4, 0]);
    assert.ok(
      r.notes.includes('first line "#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox" skipped'),
    );
    assert.ok(
      r.notes.includes('WhenChangedUTC dates read as day/month/year (a day above 12 appears in the first place)'),
    );
    assert.ok(r.notes.some((n) => n.startsWith('1 rows have GrantSendOnBehalfTo written as a .NET type name')));
    assert.ok(r.notes.some((n) => n.startsWith('1 mailboxes have no send-on-behalf delegate and no forwarding')));
    assert.deepEqual(
      query('SELECT kind, mailbox, trustee, values_lost, observed_at FROM permission ORDER BY id').map((x) =>
        Object.values(x),
      ),
      [
        ['send-on-behalf', 'ceo@example.com', null, 1, '2024-03-04T09:30:11.000Z'],
        ['send-on-behalf', 'shared-finance@example.com', 'helpdesk7', 0, '2024-03-14T16:05:00.000Z'],
        // A name with a comma is one identity: never split on the comma inside it.
        ['send-on-behalf', 'shared-finance@example.com', 'NotWorking, User', 0, '2024-03-14T16:05:00.000Z'],
        ['forwarding', 'shared-finance@example.com', 'payments@example.net', 0, '2024-03-14T16:05:00.000Z'],
      ],
    );
    const ceo = query("SELECT alias FROM principal_alias WHERE principal_key = 'ceo@example.com' ORDER BY alias").map(
      (x) => x.alias,
    );
    assert.deepEqual(ceo, [
      '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0a1b2c3d4e5f-ceo',
      'c.exec@example.com',
      'ceo',
      'Chief Executive',
    ]);
  },
);

test(
  'a Get-Mailbox list without delegation columns: ' + 'no entries, every other name recorded as an alias',
  async () => {
    const { results, query } = await importInto('dumps/get-mailbox-aliases.csv');
    const r = results[0]!;
    assert.equal(r.format, 'get-mailbox-csv');
    assert.deepEqual([r.accepted, r.rejected], [0, 0]);
    assert.ok(
      r.notes.some((n) =>
        n.startsWith(
          '1 mailboxes have no send-on-behalf delegate and no forwarding (only their aliases were recorded)',
        ),
      ),
    );
    assert.deepEqual(
      query('SELECT alias, principal_key FROM principal_alias ORDER BY alias').map((x) => Object.values(x)),
      [
        [
          '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=5219bb11dd8540a1b7898cfe7509e028-patriciad',
          'patricia.davis@example.com',
        ],
        ['0f1e2d3c-4b5a-4697-8877-665544332211', 'patricia.davis@example.com'],
        ['Patricia Davis', 'patricia.davis@example.com'],
        ['patriciad', 'patricia.davis@example.com'],
      ],
    );
  },
);

test(
  'Extractor-Suite mailbox permissions: joined strings unpacked per trustee and right, Display Name (smtp) pairs ' +
    'as aliases',
  async () => {
    const { results, query } = await importInto('dumps/extractor-mailbox-permissions.csv');
    const r = results[0]!;
    assert.equal(r.format, 'extractor-mailbox-permissions-csv');
    // 3 rows, the 9 entries listed below (5 for ceo, none for room-101, 4 for shared-finance).
    assert.deepEqual([r.accepted, r.rejected], [9, 0]);
    const rows = query(
      'SELECT row, kind, mailbox, trustee, rights, folder, inherited, deny FROM permission ORDER BY id',
    ).map((x) => Object.values(x));
    assert.deepEqual(rows, [
      [1, 'mailbox', 'ceo@example.com', 'helpdesk7@example.com', 'FullAccess', null, 0, 0],
      [1, 'send-as', 'ceo@example.com', 'helpdesk7@example.com', 'SendAs', null, 0, 0],
      [1, 'send-on-behalf', 'ceo@example.com', 'helpdesk7@example.com', '', null, null, null],
      [1, 'folder', 'ceo@example.com', 'ea@example.com', 'Editor', 'Calendar', null, null],
      [1, 'folder', 'ceo@example.com', 'helpdesk7@example.com', 'Reviewer', 'Inbox', null, null],
      [
        3,
        'mailbox',
        'shared-finance@example.com',
        'finance.lead@example.com',
        'FullAccess, ReadPermission',
        null,
        0,
        0,
      ],
      // An unresolved trustee is written raw by the tool and kept as written.
      [
        3,
        'mailbox',
        'shared-finance@example.com',
        'S-1-5-21-1000000001-2000000002-3000000003-5555',
        'FullAccess',
        null,
        0,
        1,
      ],
      [3, 'send-on-behalf', 'shared-finance@example.com', 'finance.lead@example.com', '', null, null, null],
      [3, 'send-on-behalf', 'shared-finance@example.com', 'payroll@example.com', '', null, null, null],
    ]);
    const aliases = Object.fromEntries(
      query('SELECT alias, principal_key FROM principal_alias').map(
        (x) => [String(x.alias), x.principal_key] as [string, unknown],
      ),
    );
    assert.deepEqual(aliases, {
      'Chief Executive': 'ceo@example.com',
      'Helpdesk Seven': 'helpdesk7@example.com',
      'Executive Assistant': 'ea@example.com',
      'Room 101': 'room-101@example.com',
      'Shared Finance': 'shared-finance@example.com',
      'Finance Lead': 'finance.lead@example.com',
      'Payroll Clerk': 'payroll@example.com',
    });
  },
);

test(
  'Format-List text (Hawk Mailbox_Info / CAS_Mailbox_Info): wrapped values joined, cut collections kept and ' +
    'flagged',
  async () => {
    const { results, query } = await importInto('dumps/Mailbox_Info_ceo.txt', 'dumps/CAS_Mailbox_Info.txt');
    const [mbx, cas] = results;
    assert.equal(mbx!.format, 'format-list-mailbox-txt');
    // Mailbox_Info: the 4 delegates shown, one values-lost entry for those cut off by "...", and the forwarding.
    // CAS_Mailbox_Info: ceo's 2 device ids, cfo's 4 shown and one values-lost entry for the rest of cfo's list.
    assert.deepEqual([mbx!.accepted, mbx!.rejected, cas!.accepted, cas!.rejected], [6, 0, 7, 0]);
    assert.deepEqual(
      query('SELECT row, kind, mailbox, trustee, values_lost, observed_at FROM permission ORDER BY id').map((x) =>
        Object.values(x),
      ),
      [
        [1, 'send-on-behalf', 'ceo@example.com', 'helpdesk7', 0, '2024-03-04T09:30:11.000Z'],
        [1, 'send-on-behalf', 'ceo@example.com', 'ea', 0, '2024-03-04T09:30:11.000Z'],
        [1, 'send-on-behalf', 'ceo@example.com', 'finance-bot', 0, '2024-03-04T09:30:11.000Z'],
        [1, 'send-on-behalf', 'ceo@example.com', 'travel.desk', 0, '2024-03-04T09:30:11.000Z'],
        [1, 'forwarding', 'ceo@example.com', 'ceo.archive@example.net', 0, '2024-03-04T09:30:11.000Z'],
        [1, 'send-on-behalf', 'ceo@example.com', null, 1, null],
        [1, 'activesync-device', 'ceo@example.com', '3C7F0A9E21B4', 0, null],
        [1, 'activesync-device', 'ceo@example.com', 'ANDROIDC0FFEE01', 0, null],
        [2, 'activesync-device', 'cfo@example.com', 'AAA1', 0, null],
        [2, 'activesync-device', 'cfo@example.com', 'BBB2', 0, null],
        [2, 'activesync-device', 'cfo@example.com', 'CCC3', 0, null],
        [2, 'activesync-device', 'cfo@example.com', 'DDD4', 0, null],
        [2, 'activesync-device', 'cfo@example.com', null, 1, null],
      ],
    );
    // The wrapped EmailAddresses value still yields every smtp proxy address as an alias.
    const aliases = query(
      "SELECT alias FROM principal_alias WHERE principal_key = 'ceo@example.com' ORDER BY alias",
    ).map((x) => x.alias);
    assert.ok(
      aliases.includes('chief.executive@example.com') && aliases.includes('ceo@example.onmicrosoft.com'),
      aliases.join(', '),
    );
    assert.ok(
      mbx!.notes.some((n) => n.includes('GrantSendOnBehalfTo cut by Format-List')),
      mbx!.notes.join(' | '),
    );
    assert.ok(
      cas!.notes.some((n) => n.startsWith('1 objects are neither mailboxes nor CAS mailboxes')),
      cas!.notes.join(' | '),
    );
  },
);
