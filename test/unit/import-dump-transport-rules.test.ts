/**
 * Transport (mail flow) rule dumps: Extractor-Suite Get-TransportRules (v4 and the 5-column layout
 * before it), CrowdStrike CRT MailTransportRules, and full-property Get-TransportRule exports (Hawk,
 * Remote PowerShell). Each rule is stored as `transport-rule` entries: one per destination of a
 * recipient action, or one without a trustee, dated by WhenChanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importInto } from '../import-helpers.js';

const ENTRIES =
  'SELECT row, kind, mailbox, trustee, rights, folder, observed_at, values_lost FROM permission ORDER BY id';
const LOCAL_TIME =
  "rows are dated by WhenChanged, the collecting machine's local time with an unknown UTC offset: " +
  'stored as that wall-clock time in UTC form, so it may be off by the offset';

async function entriesOf(name: string) {
  const { results, query } = await importInto(name);
  const r = results[0]!;
  return { r, rows: query(ENTRIES).map((x) => Object.values(x)), query };
}

test(
  'Extractor-Suite v4 TransportRules: recipients read from the multi-line Description by section, ' +
    'Bcc / Redirect named, others described, cut lists and local WhenChanged noted',
  async () => {
    const { r, rows } = await entriesOf('dumps/extractor-transport-rules.csv');
    assert.equal(r.format, 'extractor-transport-rules-csv');
    assert.deepEqual([r.accepted, r.rejected], [11, 0]);
    const at = '2024-03-14T23:02:37.000Z';
    const finance = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'].map((n) => [
      4,
      'transport-rule',
      '*',
      `audit.${n}@example.net`,
      'BlindCopyTo',
      'Finance monitoring',
      at,
      0,
    ]);
    assert.deepEqual(rows, [
      [1, 'transport-rule', '*', 'drop.box@example.net', 'BlindCopyTo', 'Invoice copy', '2024-03-04T09:41:02.000Z', 0],
      // A disabled rule is still an entry: its State stays in raw.
      [
        2,
        'transport-rule',
        '*',
        'payroll.archive@example.org',
        'RedirectMessageTo',
        'Legacy archive redirect',
        '2023-11-20T14:15:44.000Z',
        0,
      ],
      // The benign rule has no recipient action: one entry without a trustee keeps the inventory complete.
      [3, 'transport-rule', '*', null, '', 'External sender tag', '2024-01-15T08:00:00.000Z', 0],
      // No conditions: the first section is the actions; the exception's address is not a destination.
      ...finance,
      [
        5,
        'transport-rule',
        '*',
        'approvals@example.com',
        'DescribedAction',
        'Approval for wires',
        '2024-02-29T10:00:00.000Z',
        0,
      ],
    ]);
    assert.ok(
      r.notes.includes('WhenChanged dates read as month/day/year (a day above 12 appears in the second place)'),
    );
    assert.ok(r.notes.includes(`5 ${LOCAL_TIME}`), r.notes.join(' | '));
    assert.ok(
      r.notes.includes(
        '1 rules have a recipient list that Exchange cut in the Description ("and..." / "or..."): the full list is ' +
          'only in the audit log or a full-property dump (e.g. Finance monitoring)',
      ),
      r.notes.join(' | '),
    );
    assert.ok(
      r.notes.includes('4 rules have recipients read from their Description (this export has no recipient columns)'),
    );
  },
);

test('the raw record keeps every column as written, the CRLF and TAB of the Description included', async () => {
  const { query } = await importInto('dumps/extractor-transport-rules.csv');
  const [row] = query("SELECT raw FROM permission WHERE folder = 'Legacy archive redirect'");
  assert.deepEqual(JSON.parse(row!.raw as string), {
    Name: 'Legacy archive redirect',
    Description:
      "If the message:\r\n\tIs sent to 'payroll@example.com'\r\nTake the following actions:\r\n" +
      "\tRedirect the message to 'payroll.archive@example.org'\r\n",
    CreatedBy: 'Exchange Admin',
    WhenChanged: '11/20/2023 2:15:44 PM',
    State: 'Disabled',
    Priority: '1',
    Mode: 'Enforce',
  });
});

test('Extractor-Suite TransportRules before v4 (5 columns, LF, en-GB): recognised, day/month decided', async () => {
  const { r, rows } = await entriesOf('dumps/extractor-transport-rules-old.csv');
  assert.equal(r.format, 'extractor-transport-rules-csv');
  assert.deepEqual([r.accepted, r.rejected], [2, 0]);
  assert.ok(r.notes.includes('layout before v4: no Priority or Mode column'));
  assert.ok(r.notes.includes('WhenChanged dates read as day/month/year (a day above 12 appears in the first place)'));
  assert.ok(r.notes.includes(`2 ${LOCAL_TIME}`));
  assert.deepEqual(rows, [
    // The address is lower-cased; the Reject action's quoted text is not an address.
    [1, 'transport-rule', '*', 'drop.box@example.net', 'BlindCopyTo', 'Invoice copy', '2024-03-04T09:41:02.000Z', 0],
    [2, 'transport-rule', '*', null, '', 'Block executables', '2024-03-14T16:05:00.000Z', 0],
  ]);
});

test(
  'CRT MailTransportRules (Windows-1252): no destinations; System.Object[] actions as values lost, ' +
    'a recipient action class kept as the right',
  async () => {
    const { r, rows, query } = await entriesOf('dumps/crt-mail-transport-rules.csv');
    assert.equal(r.format, 'crt-transport-rules-csv');
    assert.deepEqual([r.accepted, r.rejected], [3, 0]);
    assert.deepEqual(rows, [
      [1, 'transport-rule', '*', null, '', 'Invoice copy', '2024-03-04T09:41:02.000Z', 1],
      [2, 'transport-rule', '*', null, '', 'External sender tag', '2024-01-15T08:00:00.000Z', 0],
      [3, 'transport-rule', '*', null, 'RedirectMessageTo', 'Legacy archive redirect', '2023-11-20T14:15:44.000Z', 0],
    ]);
    assert.ok(
      r.notes.includes(
        '1 rules have Actions written as a .NET type name: what they do is unknown (values lost at export time) ' +
          '(e.g. Invoice copy)',
      ),
      r.notes.join(' | '),
    );
    assert.ok(
      r.notes.includes(
        '1 rules have a recipient action whose destinations this export does not hold (e.g. Legacy archive redirect)',
      ),
    );
    assert.ok(r.notes.some((n) => n.startsWith('CRT writes no recipients of a rule')));
    assert.ok(r.notes.includes(`3 ${LOCAL_TIME}`));
    const [raw] = query("SELECT raw FROM permission WHERE folder = 'External sender tag'");
    assert.equal((JSON.parse(raw!.raw as string) as Record<string, string>).LastModifiedBy, 'Jürgen Müller');
  },
);

test(
  'Hawk TransportRules.csv (full properties, de-DE): one entry per address of each recipient column, ' +
    'space-, ;- and display-joined lists, display names as aliases',
  async () => {
    const { r, rows, query } = await entriesOf('dumps/hawk-transport-rules.csv');
    assert.equal(r.format, 'transport-rule-csv');
    assert.deepEqual([r.accepted, r.rejected], [7, 0]);
    assert.ok(r.notes.includes('WhenChanged dates read as day/month/year (a day above 12 appears in the first place)'));
    assert.ok(r.notes.includes(`4 ${LOCAL_TIME}`));
    const redirect = '2024-03-14T16:05:00.000Z';
    const legal = '2024-02-29T09:12:45.000Z';
    assert.deepEqual(rows, [
      [1, 'transport-rule', '*', 'drop.box@example.net', 'BlindCopyTo', 'Invoice copy', '2024-03-04T10:41:02.000Z', 0],
      [2, 'transport-rule', '*', 'collector@example.org', 'RedirectMessageTo', 'Exec redirect', redirect, 0],
      [2, 'transport-rule', '*', 'mailbox.backup@example.net', 'RedirectMessageTo', 'Exec redirect', redirect, 0],
      [3, 'transport-rule', '*', null, '', 'External sender tag', '2024-01-15T08:00:00.000Z', 0],
      [4, 'transport-rule', '*', 'legal@example.com', 'CopyTo', 'Legal copies', legal, 0],
      [4, 'transport-rule', '*', 'records@example.com', 'CopyTo', 'Legal copies', legal, 0],
      [4, 'transport-rule', '*', 'compliance@example.com', 'AddToRecipients', 'Legal copies', legal, 0],
    ]);
    assert.deepEqual(query('SELECT alias, principal_key FROM principal_alias'), [
      { alias: 'Compliance Desk', principal_key: 'compliance@example.com' },
    ]);
    const [exec] = query("SELECT raw FROM permission WHERE folder = 'Exec redirect' LIMIT 1");
    const raw = JSON.parse(exec!.raw as string) as Record<string, string>;
    assert.deepEqual(
      [raw.State, raw.ActivationDate, raw.ExpiryDate, raw.LastModifiedBy],
      ['Disabled', '01.03.2024 00:00:00', '31.12.2024 00:00:00', 'Global Admin'],
    );
  },
);

test(
  'Remote PowerShell Get-TransportRule export (#TYPE, PS* columns): recipient columns lost to type names ' +
    'fall back on the Description',
  async () => {
    const { r, rows } = await entriesOf('dumps/transport-rules-rps.csv');
    assert.equal(r.format, 'transport-rule-csv');
    assert.deepEqual([r.accepted, r.rejected], [4, 0]);
    assert.ok(
      r.notes.includes('first line "#TYPE Deserialized.Microsoft.Exchange.MessagingPolicies.Rules.Tasks.Rule" skipped'),
    );
    assert.ok(r.notes.some((n) => n.startsWith('WhenChanged dates are ambiguous (all 3 have day and month <= 12)')));
    assert.ok(
      r.notes.includes(
        '1 rules have BlindCopyTo written as a .NET type name (values lost at export time); its destinations are ' +
          'taken from the Description where it names them (e.g. Invoice copy)',
      ),
      r.notes.join(' | '),
    );
    assert.deepEqual(rows, [
      // The Description names the Bcc destination the column lost.
      [1, 'transport-rule', '*', 'drop.box@example.net', 'BlindCopyTo', 'Invoice copy', '2024-03-04T09:41:02.000Z', 0],
      // Its wording for CopyTo is not known: the column stays lost, the address is kept as described.
      [2, 'transport-rule', '*', null, 'CopyTo', 'Copy to archive', '2024-02-01T08:30:00.000Z', 1],
      [
        2,
        'transport-rule',
        '*',
        'archive@example.net',
        'DescribedAction',
        'Copy to archive',
        '2024-02-01T08:30:00.000Z',
        0,
      ],
      [3, 'transport-rule', '*', null, '', 'External sender tag', '2024-01-05T08:00:00.000Z', 0],
    ]);
  },
);

test(
  'WhenChanged as ISO with an offset converts to UTC exactly (no local-time note); ' +
    'a Description flattened to one line is split at its headings',
  async () => {
    const { r, rows } = await entriesOf('dumps/transport-rules-iso-dates.csv');
    assert.equal(r.format, 'extractor-transport-rules-csv');
    assert.deepEqual([r.accepted, r.rejected], [2, 0]);
    assert.ok(!r.notes.some((n) => n.includes('local time')), r.notes.join(' | '));
    assert.deepEqual(rows, [
      // The condition's address (cfo@) is not a destination.
      [1, 'transport-rule', '*', 'drop.box@example.net', 'BlindCopyTo', 'Invoice copy', '2024-03-04T09:41:02.000Z', 0],
      [2, 'transport-rule', '*', null, '', 'Tenant default', '2026-07-23T21:51:45.000Z', 0],
    ]);
  },
);
