/**
 * Layout variants of configuration dumps: inbox-rule dumps (Extractor-Suite before v4, recipient
 * cell forms, Hawk's raw Get-InboxRule exports) and Get-CASMailbox dumps (dated device lists,
 * Get-EXOCasMailbox without device-ID columns, Format-List text).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importInto } from '../import-helpers.js';

const RULES =
  'SELECT mailbox, name, enabled, forward_to, forward_as_attachment_to, redirect_to, delete_message, ' +
  'move_to_folder, mark_as_read, conditions FROM inbox_rule ORDER BY id';
const DEVICES = 'SELECT row, mailbox, trustee, rights, deny, values_lost, observed_at FROM permission ORDER BY id';
const NOT_COLLECTED =
  "mailboxes' device ids not collected (the export has no ActiveSyncAllowedDeviceIDs column): unknown, not none";

test(
  'Extractor-Suite MailboxRules before v4 (RuleEnabled, MovetoFolder, TextDescription): read by name, ' +
    'owner kept as written',
  async () => {
    const { results, query } = await importInto('dumps/extractor-mailbox-rules-old.csv');
    const r = results[0]!;
    assert.equal(r.format, 'extractor-mailbox-rules-csv');
    assert.deepEqual([r.accepted, r.rejected], [2, 0]);
    assert.ok(r.notes.some((n) => n.startsWith('layout before v4 (RuleEnabled, TextDescription)')));
    assert.deepEqual(
      query(RULES).map((x) => Object.values(x)),
      [
        ['ceo@example.com', '..', 1, 'drop.box@example.net', null, null, null, 'RSS Feeds', null, '{}'],
        // A display name as the owner stays as written (analysis resolves it); bare ';'-joined addresses split.
        [
          'Finance Team',
          'Archive',
          0,
          null,
          null,
          'finance.archive@example.com; records@example.com',
          null,
          null,
          null,
          '{}',
        ],
      ],
    );
    const [first] = query('SELECT raw FROM inbox_rule ORDER BY id LIMIT 1');
    const raw = JSON.parse(first!.raw as string) as Record<string, string>;
    assert.deepEqual(Object.keys(raw), [
      'UserName',
      'RuleName',
      'RuleEnabled',
      'CopytoFolder',
      'MovetoFolder',
      'RedirectTo',
      'ForwardTo',
      'TextDescription',
    ]);
    assert.equal(raw.ForwardTo, '"Acct" [SMTP:drop.box@example.net]');
    assert.match(raw.TextDescription!, /^If the message:\r\n\tthe message includes/);
  },
);

test(
  'recipient cells: display form, several space-joined entries with an EX entry, wildcards, bare addresses ' +
    'space- or ;-joined all give a ;-joined list; RuleIdentity kept as text',
  async () => {
    const { results, query } = await importInto('dumps/mailbox-rules-recipients.csv');
    const r = results[0]!;
    assert.deepEqual([r.format, r.accepted, r.rejected], ['extractor-mailbox-rules-csv', 5, 0]);
    const legacyDn =
      '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/' +
      'cn=0f7204523c84455bb4111f614af6d18b-wjackson';
    assert.deepEqual(
      query('SELECT mailbox, name, forward_to, forward_as_attachment_to, redirect_to FROM inbox_rule ORDER BY id').map(
        (x) => Object.values(x),
      ),
      [
        // The owner cell's leading space (Extractor-Suite writes the -UserIds value untrimmed) is dropped.
        ['ceo@example.com', '..', 'drop.box@example.net', null, null],
        ['cfo@example.com', 'Team copy', `${legacyDn}; richardd16@example.net`, null, null],
        ['cfo@example.com', 'Jira', null, null, '*@jira.com; ops@example.com'],
        ['cfo@example.com', 'Alerts', null, null, 'alerts@example.net; backup@example.org'],
        ['cfo@example.com', 'Payments', null, 'a@b.example.com; c@d.example.com', null],
      ],
    );
    const [first] = query('SELECT raw, mark_as_read, move_to_folder FROM inbox_rule ORDER BY id LIMIT 1');
    assert.deepEqual([first!.mark_as_read, first!.move_to_folder], [1, 'RSS Feeds']);
    const raw = JSON.parse(first!.raw as string) as Record<string, string>;
    // Above 2^63: a number would have been rounded.
    assert.equal(raw.RuleIdentity, '16461219587992584193');
    assert.match(first!.raw as string, /"RuleIdentity":"16461219587992584193"/);
    assert.equal(raw.UserName, ' ceo@example.com');
    const aliases = query('SELECT alias, principal_key FROM principal_alias ORDER BY alias').map((x) =>
      Object.values(x),
    );
    assert.deepEqual(aliases, [
      ['Acct', 'drop.box@example.net'],
      ['Ops', 'ops@example.com'],
      ['Richard D', 'richardd16@example.net'],
    ]);
    assert.ok(r.notes.some((n) => n.startsWith('1 rule recipients are given only as a directory entry (EX:)')));
  },
);

test(
  'Hawk InboxRules_<alias>.csv (raw Get-InboxRule, flattened Description): alias owner kept, ' +
    'external forward with delete',
  async () => {
    const { results, query } = await importInto('dumps/InboxRules_ceo.csv');
    const r = results[0]!;
    assert.equal(r.format, 'inbox-rule-csv');
    assert.deepEqual([r.accepted, r.rejected], [2, 0]);
    assert.deepEqual(
      query(RULES).map((x) => Object.values(x)),
      [
        ['ceo', '..', 1, 'drop.box@example.net', null, null, 1, null, 0, '{"SubjectContainsWords":"invoice payment"}'],
        [
          'ceo',
          'Newsletters',
          1,
          null,
          null,
          null,
          0,
          'Newsletters',
          0,
          '{"From":"\\"Newsletter\\" [SMTP:news@example.org]"}',
        ],
      ],
    );
    const [first] = query('SELECT raw FROM inbox_rule ORDER BY id LIMIT 1');
    const raw = JSON.parse(first!.raw as string) as Record<string, string>;
    assert.equal(Object.keys(raw).length, 76, 'every column of the raw export kept');
    assert.deepEqual(
      [raw.Identity, raw.RuleIdentity, raw.MailboxOwnerId],
      ['ceo\\16461219587992584193', '16461219587992584193', 'ceo'],
    );
  },
);

test(
  'Hawk _Investigate_InboxRules (Remote PowerShell: #TYPE, PS* columns, type names): GUID owner kept, ' +
    'lost recipients and conditions flagged',
  async () => {
    const { results, query } = await importInto('dumps/_Investigate_InboxRules_cfo.csv');
    const r = results[0]!;
    assert.equal(r.format, 'inbox-rule-csv');
    assert.deepEqual([r.accepted, r.rejected], [1, 0]);
    assert.deepEqual(
      query(RULES).map((x) => Object.values(x)),
      [
        [
          '3f2b9c1e-7d4a-4b8e-9a61-0c5d2e8f7a13',
          'Wire',
          1,
          'System.Collections.ArrayList',
          null,
          null,
          0,
          'RSS Subscriptions',
          1,
          '{"SubjectContainsWords":"System.Collections.ArrayList"}',
        ],
      ],
    );
    assert.ok(
      r.notes.includes('first line "#TYPE Deserialized.Microsoft.Exchange.Management.Common.InboxRule" skipped'),
    );
    assert.ok(r.notes.some((n) => n.startsWith('1 rules have ForwardTo written as a .NET type name')));
    assert.ok(r.notes.some((n) => n.startsWith('1 rules have SubjectContainsWords written as a .NET type name')));
    const raw = JSON.parse(query('SELECT raw FROM inbox_rule')[0]!.raw as string) as Record<string, string>;
    assert.equal(raw.RuleIdentity, '15394007230974001153');
    assert.equal(raw.PSComputerName, 'outlook.office365.com');
  },
);

test(
  'Get-CASMailbox (full object): allowed and blocked device ids told apart by rights and deny, ' +
    'dated by WhenChangedUTC',
  async () => {
    const { results, query } = await importInto('dumps/cas-mailbox-full.csv');
    const r = results[0]!;
    assert.equal(r.format, 'cas-mailbox-csv');
    assert.deepEqual([r.accepted, r.rejected], [3, 0]);
    assert.deepEqual(
      query(DEVICES).map((x) => Object.values(x)),
      [
        [1, 'ceo@example.com', 'ANDROIDC0FFEE1234', 'ActiveSyncAllowedDeviceID', 0, 0, '2024-03-04T09:02:11.000Z'],
        [1, 'ceo@example.com', 'ApplF17XK2Q3N0Z1', 'ActiveSyncAllowedDeviceID', 0, 0, '2024-03-04T09:02:11.000Z'],
        [2, 'cfo@example.com', 'BADPHONE0001', 'ActiveSyncBlockedDeviceID', 1, 0, '2024-03-14T15:30:00.000Z'],
      ],
    );
    assert.ok(!r.notes.some((n) => n.includes('local time')), 'WhenChangedUTC is UTC: no local-time note');
    assert.ok(r.notes.some((n) => n.startsWith('1 mailboxes have no allowed or blocked ActiveSync device ids')));
    assert.deepEqual(query("SELECT principal_key FROM principal_alias WHERE alias = 'chief.executive@example.com'"), [
      { principal_key: 'ceo@example.com' },
    ]);
  },
);

test('Get-CASMailbox with WhenChanged only (de-DE, ";"): dated by local time and noted', async () => {
  const { results, query } = await importInto('dumps/cas-mailbox-local.csv');
  const r = results[0]!;
  assert.deepEqual([r.format, r.accepted, r.rejected], ['cas-mailbox-csv', 1, 0]);
  assert.deepEqual(
    query(DEVICES).map((x) => Object.values(x)),
    [[1, 'ceo@example.com', 'ANDROIDC0FFEE1234', 'ActiveSyncAllowedDeviceID', 0, 0, '2024-03-04T10:02:11.000Z']],
  );
  assert.ok(
    r.notes.includes(
      "1 rows are dated by WhenChanged, the collecting machine's local time with an unknown UTC offset: " +
        'stored as that wall-clock time in UTC form, so it may be off by the offset',
    ),
    r.notes.join(' | '),
  );
});

test(
  'CRT ClientAccessSettingsMailboxes (Get-EXOCasMailbox default set): recognised as a CAS dump, ' +
    'device ids noted as not collected, aliases kept',
  async () => {
    const { results, query } = await importInto('dumps/crt-client-access-settings.csv');
    const r = results[0]!;
    assert.deepEqual([r.format, r.accepted, r.rejected], ['cas-mailbox-csv', 0, 0]);
    assert.ok(r.notes.includes(`2 ${NOT_COLLECTED}`), r.notes.join(' | '));
    assert.ok(!r.notes.some((n) => n.includes('have no allowed or blocked')), 'never reported as "none"');
    assert.deepEqual(query("SELECT principal_key FROM principal_alias WHERE alias = 'ceo@example.onmicrosoft.com'"), [
      { principal_key: 'ceo@example.com' },
    ]);
  },
);

test(
  'Format-List CAS text: Get-EXOCasMailbox (UTF-16LE, no device ids) noted as not collected; ' +
    'the full object dated by WhenChangedUTC, a PowerShell 7 "…}" cut flagged',
  async () => {
    const { results, query } = await importInto('dumps/CAS_Mailbox_Info_ceo.txt', 'dumps/CAS_Mailbox_Info_full.txt');
    const [exo, full] = results;
    assert.deepEqual([exo!.format, exo!.accepted, exo!.rejected], ['format-list-mailbox-txt', 0, 0]);
    assert.ok(exo!.notes.includes(`1 ${NOT_COLLECTED}`), exo!.notes.join(' | '));
    assert.ok(!exo!.notes.some((n) => n.includes('send-on-behalf')), 'not read as a Get-Mailbox object');
    assert.deepEqual([full!.accepted, full!.rejected], [7, 0]);
    assert.ok(
      full!.notes.includes('WhenChangedUTC dates read as day/month/year (a day above 12 appears in the first place)'),
    );
    assert.ok(full!.notes.some((n) => n.includes('ActiveSyncAllowedDeviceIDs cut by Format-List')));
    const ceo = '2024-03-14T08:15:00.000Z';
    const cfo = '2024-03-02T11:00:00.000Z';
    const allowed = 'ActiveSyncAllowedDeviceID';
    assert.deepEqual(
      query(DEVICES).map((x) => Object.values(x)),
      [
        [1, 'ceo@example.com', 'ANDROIDC0FFEE01', allowed, 0, 0, ceo],
        [1, 'ceo@example.com', 'BADPHONE0001', 'ActiveSyncBlockedDeviceID', 1, 0, ceo],
        [2, 'cfo@example.com', 'AAA1', allowed, 0, 0, cfo],
        [2, 'cfo@example.com', 'BBB2', allowed, 0, 0, cfo],
        [2, 'cfo@example.com', 'CCC3', allowed, 0, 0, cfo],
        [2, 'cfo@example.com', 'DDD4', allowed, 0, 0, cfo],
        [2, 'cfo@example.com', null, allowed, 0, 1, null],
      ],
    );
    assert.deepEqual(query("SELECT principal_key FROM principal_alias WHERE alias = 'chief.executive@example.com'"), [
      { principal_key: 'ceo@example.com' },
    ]);
  },
);
