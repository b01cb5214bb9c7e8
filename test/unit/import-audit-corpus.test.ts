/**
 * The real public samples in ../shared/corpus (SOURCES.md) for the audit containers other than the
 * AuditData CSV, and the message-trace JSON. Counts are SOURCES.md's record counts; every duplicate
 * is explained where it is asserted, and there are no rejections.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import type { ImportOutcome } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { corpus, corpusMissing, tempDir } from '../helpers.js';

const skip = corpusMissing;

function openEngine() {
  const casePath = path.join(tempDir(), 'case.db');
  return { engine: Engine.open({ casePath }), casePath };
}
async function importAll(engine: Engine, ...files: string[]) {
  const outcomes: ImportOutcome[] = await engine.call('import.files', {
    files: files.map((f) => ({ path: corpus(f) })),
  });
  return outcomes.map((o) => (o.ok ? o.result : assert.fail(`${o.file}: ${o.error}`)));
}
function query(casePath: string, sql: string, ...args: unknown[]): Array<Record<string, unknown>> {
  const db = new Database(casePath, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

test(
  'Sentinel OfficeActivity CSV (131 columns, multi-line JSON cells): 266 records; inbox-rule variant (129 columns): 2',
  { skip },
  async () => {
    const { engine, casePath } = openEngine();
    const [all, rules] = await importAll(
      engine,
      'azure-sentinel-training-lab/office_activity.csv',
      'azure-sentinel-training-lab/office_activity_inbox_rule.csv',
    );
    assert.deepEqual(
      [all!.format, all!.accepted, all!.rejected, all!.duplicates],
      ['sentinel-officeactivity-csv', 266, 0, 0],
    );
    assert.deepEqual(
      [rules!.format, rules!.accepted, rules!.rejected, rules!.duplicates],
      ['sentinel-officeactivity-csv', 2, 0, 0],
    );
    // The 129-column file has no TimeGenerated: its times come from Start_Time, and the notes say so.
    assert.ok(rules!.notes.some((n) => n.startsWith('no TimeGenerated column')));
    await engine.close();

    // SOURCES.md's Exchange operations of office_activity.csv, plus the inbox-rule file's 2 New-InboxRule (1 + 2 = 3).
    const ops = query(
      casePath,
      "SELECT operation, COUNT(*) AS n FROM audit_event WHERE workload = 'Exchange' " +
        'GROUP BY operation ORDER BY operation',
    );
    assert.deepEqual(Object.fromEntries(ops.map((r) => [r.operation, r.n])), {
      Create: 1,
      MailItemsAccessed: 3,
      ModifyFolderPermissions: 2,
      MoveToDeletedItems: 1,
      'New-InboxRule': 3,
      'New-Mailbox': 1,
      Send: 2,
      'Set-SyncUser': 1,
      Update: 1,
    });
    // The "rule2" row of office_activity_inbox_rule.csv (SOURCES.md: subject "do not open", moved to Junk Email,
    // from an IPv6 address); values as written in that row.
    const [rule] = query(
      casePath,
      "SELECT * FROM audit_event WHERE record_id = 'd28096ba-03b1-4c2a-1503-08d908826606'",
    );
    assert.equal(rule!.time, '2021-04-26T07:17:10.000Z');
    assert.equal(rule!.actor, 'adelev@contoso.onmicrosoft.com');
    assert.equal(rule!.client_ip, '2a01:110:8068:7:9bf8:aa87:e00a:5f1f');
    assert.deepEqual(JSON.parse(rule!.parameters as string), {
      AlwaysDeleteOutlookRulesBlob: 'False',
      Force: 'False',
      MoveToFolder: 'Junk Email',
      Name: 'rule2',
      SubjectContainsWords: 'do not open',
      StopProcessingRules: 'True',
    });
    assert.equal(
      (JSON.parse(rule!.raw as string) as Record<string, string>).OfficeId,
      'd28096ba-03b1-4c2a-1503-08d908826606',
      'raw is the row verbatim',
    );
    // SOURCES.md: 2 ModifyFolderPermissions, both by the system (S-1-5-18) on a Calendar.
    const folder = query(
      casePath,
      "SELECT actor, target, user_type, record_type FROM audit_event WHERE operation = 'ModifyFolderPermissions'",
    );
    const systemCalendar = {
      actor: 'S-1-5-18',
      target: 'teams-public@m365x816222.onmicrosoft.com',
      user_type: 2,
      record_type: 2,
    };
    assert.deepEqual(folder, [systemCalendar, systemCalendar]);
  },
);

test(
  'Sentinel OfficeActivity JSON: 1 MailItemsAccessed; the same record inside Defender RawEventData is a duplicate',
  { skip },
  async () => {
    const { engine, casePath } = openEngine();
    const [office, defender] = await importAll(
      engine,
      'otrf-security-datasets/OfficeActivityEvents.json',
      'otrf-security-datasets/Microsoft365DefenderEvents.json',
    );
    assert.deepEqual(
      [office!.format, office!.accepted, office!.rejected, office!.duplicates],
      ['sentinel-officeactivity-json', 1, 0, 0],
    );
    // Defender row 8's RawEventData is UAL record 699e0b10-…, already stored from OfficeActivityEvents.json.
    assert.deepEqual(
      [defender!.format, defender!.accepted, defender!.rejected, defender!.duplicates],
      ['defender-hunting-json', 8, 0, 1],
    );
    await engine.close();
    const [mia] = query(casePath, "SELECT * FROM audit_event WHERE operation = 'MailItemsAccessed'");
    assert.deepEqual(
      [mia!.record_id, mia!.time, mia!.record_type, mia!.actor, mia!.target, mia!.client_ip],
      [
        '699e0b10-1c53-403e-976f-ce0847a92b44',
        '2021-08-02T13:32:07.000Z',
        50,
        'pgustavo@simulandlabs.com',
        'pgustavo@simulandlabs.com',
        '1.2.3.4',
      ],
    );
  },
);

test(
  'Defender XDR hunting JSON lines: 9 records (5 LdapSearch, 2 replication, 1 grant, 1 UAL MailItemsAccessed)',
  { skip },
  async () => {
    const { engine, casePath } = openEngine();
    const [r] = await importAll(engine, 'otrf-security-datasets/Microsoft365DefenderEvents.json');
    assert.deepEqual([r!.accepted, r!.rejected, r!.duplicates], [9, 0, 0]);
    await engine.close();
    const ops = query(
      casePath,
      'SELECT operation, COUNT(*) AS n FROM audit_event GROUP BY operation ORDER BY operation',
    );
    assert.deepEqual(Object.fromEntries(ops.map((x) => [x.operation, x.n])), {
      'Add delegated permission grant.': 1,
      'Directory Services replication': 2,
      LdapSearch: 5,
      MailItemsAccessed: 1,
    });
    const [grant] = query(
      casePath,
      'SELECT record_id, actor, target, parameters FROM audit_event ' +
        "WHERE operation = 'Add delegated permission grant.'",
    );
    // CloudAppEvents ReportId `<n>_<app>_<guid>` ends in the UAL record Id.
    assert.equal(grant!.record_id, 'e417c1fd-ae0b-4efa-891b-bb6b0ea7d35e');
    assert.deepEqual([grant!.actor, grant!.target], ['pgustavo@simulandlabs.com', 'Microsoft Graph']);
    assert.equal(
      (JSON.parse(grant!.parameters as string) as Record<string, string>).Permissions,
      'User.Read Mail.ReadWrite',
    );
    // The 5 LdapSearch and 2 replication rows carry no UAL Id: all 7 get content-hash ids.
    const hashed = query(
      casePath,
      "SELECT record_id FROM audit_event WHERE operation IN ('LdapSearch', 'Directory Services replication')",
    );
    assert.equal(hashed.filter((x) => /^sha256:[0-9a-f]{64}$/.test(x.record_id as string)).length, 5 + 2);
  },
);

test(
  'Sentinel AuditLogs JSON lines: 4 rows, 3 events (rows 1 and 2 are one event expanded per key event)',
  { skip },
  async () => {
    const { engine, casePath } = openEngine();
    const [r] = await importAll(engine, 'otrf-security-datasets/AADAuditEvents.json');
    // Rows 1 and 2 carry the same Id (Directory_10065ffb-…): the query that produced the table expanded
    // the event's keyEvents into two rows. Same event, stored once.
    assert.deepEqual([r!.format, r!.accepted, r!.rejected, r!.duplicates], ['entra-audit-sentinel-json', 3, 0, 1]);
    await engine.close();
    const [grant] = query(casePath, "SELECT * FROM audit_event WHERE operation = 'Add delegated permission grant'");
    assert.deepEqual(
      [grant!.record_type, grant!.actor, grant!.target, grant!.time],
      [8, 'pgustavo@simulandlabs.com', 'Microsoft Graph', '2021-08-02T13:27:20.017Z'],
    );
    const params = JSON.parse(grant!.parameters as string) as Record<string, string>;
    assert.equal(params['DelegatedPermissionGrant.Scope'], 'User.Read Mail.ReadWrite');
    assert.equal(params['DelegatedPermissionGrant.ConsentType'], 'AllPrincipals');
    const secrets = query(casePath, "SELECT operation FROM audit_event WHERE operation LIKE 'Update application %'");
    assert.deepEqual(
      secrets.map((x) => x.operation),
      ['Update application – Certificates and secrets management'],
      'no trailing period invented',
    );
  },
);

test(
  'Extractor-Suite Entra audit log (Graph directoryAudits, BOM, ConvertTo-Json spacing): 123 records',
  { skip },
  async () => {
    const { engine, casePath } = openEngine();
    const [r] = await importAll(engine, 'microsoft-extractor-suite/20250502131826-AuditLogs.json');
    // SOURCES.md: 123 records, 2025-05-02 05:06 to 09:19 UTC; 32 Add member to group, 30 Update user, 21 Set user
    // manager, 2 Add service principal.
    assert.deepEqual([r!.format, r!.accepted, r!.rejected, r!.duplicates], ['entra-audit-graph-json', 123, 0, 0]);
    const info = await engine.call('case.info', {});
    assert.equal(info.evidence[0]!.encoding, 'UTF-8 with BOM');
    assert.deepEqual(
      [info.evidence[0]!.firstTime?.slice(0, 16), info.evidence[0]!.lastTime?.slice(0, 16)],
      ['2025-05-02T05:06', '2025-05-02T09:19'],
    );
    await engine.close();
    const ops = Object.fromEntries(
      query(casePath, 'SELECT operation, COUNT(*) AS n FROM audit_event GROUP BY operation').map(
        (x) => [String(x.operation), x.n] as [string, unknown],
      ),
    );
    assert.deepEqual(
      [ops['Add member to group'], ops['Update user'], ops['Set user manager'], ops['Add service principal']],
      [32, 30, 21, 2],
    );
    const [sp] = query(
      casePath,
      'SELECT actor, target, parameters FROM audit_event ' +
        "WHERE operation = 'Add service principal' ORDER BY time LIMIT 1",
    );
    assert.deepEqual([sp!.actor, sp!.target], ['Managed Service Identity', 'testingtoseeifwecanautomateeverything']);
    assert.equal(
      (JSON.parse(sp!.parameters as string) as Record<string, string>).AppPrincipalId,
      '["27de4784-379a-402b-b91e-024f32c6ccfc"]',
    );
  },
);

test('Reporting Web Service message trace NDJSON: 2 messages', { skip }, async () => {
  const { engine, casePath } = openEngine();
  const [r] = await importAll(engine, 'elastic-integrations/microsoft_exchange_online_message_trace_test.ndjson.log');
  assert.deepEqual([r!.format, r!.accepted, r!.rejected, r!.duplicates], ['message-trace-json', 2, 0, 0]);
  await engine.close();
  // Values as written in the two NDJSON lines (Received "2022-10-21T17:25:30.6006882Z" and "…36.969376Z" kept
  // to the millisecond; FromIP is the client IP).
  const got = query(
    casePath,
    'SELECT time, sender, recipient, subject, status, size, client_ip FROM message ORDER BY time',
  );
  assert.deepEqual(
    got.map((x) => [x.time, x.sender, x.recipient, x.subject, x.status, x.size, x.client_ip]),
    [
      [
        '2022-10-21T17:25:30.600Z',
        'noreply@azure.microsoft.com',
        'linus@contoso.com',
        'testmail 1',
        'Delivered',
        22704,
        '40.107.23.81',
      ],
      [
        '2022-10-21T17:25:36.969Z',
        'noreply@azure.microsoft.com',
        'linus@contoso.com',
        'testmail 2',
        'Delivered',
        22761,
        '40.107.23.54',
      ],
    ],
  );
});
