/**
 * The attack stories added for mail-flow persistence, dump-only state, personalised phishing and
 * the follow-up from a second account: truth.json names each as its own action kind, and the bytes
 * show it the way the real tools write it (transport-rule dump, UpdateInboxRules AuditData,
 * SharePoint sharing records, the EXO CAS dump, message tracking).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Engine } from '../../electron/engine/engine.js';
import { generateEvidence, type GenerateResult } from '../../electron/engine/generate/generate.js';

interface TruthAction {
  id: string;
  kind: string;
  actor: string;
  principals: string[];
  time: string;
  inLogWindow: boolean;
  files: string[];
}
interface Truth {
  actions: TruthAction[];
  attacker: { ips: string[]; outsideAddresses: string[] };
  files: { path: string; format: string }[];
}
type Data = Record<string, unknown> & { Operation: string; UserId: string; CreationTime: string };

const DOMAIN = '@northwindtraders.example';
let root = '';
let dir = '';
let result: GenerateResult;
let truth: Truth;
let records: { raw: string; d: Data }[] = [];

const file = (format: string): { path: string; text: string; bytes: Buffer } => {
  const f = result.files.find((x) => x.format === format);
  assert.ok(f, `no file of format ${format}`);
  const bytes = fs.readFileSync(path.join(dir, ...f.path.split('/')));
  return { path: f.path, bytes, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
};
const actionOf = (kind: string): TruthAction => {
  const found = truth.actions.filter((a) => a.kind === kind);
  assert.equal(found.length, 1, `exactly one ${kind} action`);
  return found[0]!;
};
const ops = (operation: string): Data[] => records.filter((r) => r.d.Operation === operation).map((r) => r.d);
const params = (d: Data): Record<string, string> =>
  Object.fromEntries((d.Parameters as { Name: string; Value: string }[]).map((p) => [p.Name, p.Value]));

/** One MSGTRK / CSV line split into fields (quotes only around fields with commas or quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-stories-'));
  dir = path.join(root, 'out');
  result = await generateEvidence(dir, { scenario: 'attack', seed: 9, users: 40, days: 6 });
  truth = JSON.parse(fs.readFileSync(result.truthPath, 'utf8')) as Truth;
  records = result.files
    .filter((f) => f.format === 'dfir-o365rc-auditdata-jsonl')
    .flatMap((f) => fs.readFileSync(path.join(dir, ...f.path.split('/')), 'utf8').split('\n'))
    .filter((l) => l !== '')
    .map((raw) => ({ raw, d: JSON.parse(raw) as Data }));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('truth.json has one action of each new kind, with its actor, principals, time and files', () => {
  const rule = actionOf('transport-rule-forwarding');
  assert.equal(rule.actor, `tom.becker${DOMAIN}`);
  assert.ok(rule.principals.includes(`daniel.okafor${DOMAIN}`) && rule.principals.some((p) => !p.endsWith(DOMAIN)));
  assert.ok(
    rule.files.some((f) => /^permissions\/Microsoft-Extractor-Suite\/Rules\/\d{12}-TransportRules\.csv$/.test(f)),
  );
  assert.ok(rule.files.includes('audit/Purview_AuditSearch_Export.csv'));

  const outlook = actionOf('outlook-forwarding-rule');
  assert.equal(outlook.actor, `kevin.walsh${DOMAIN}`);
  assert.equal(outlook.principals.filter((p) => !p.endsWith(DOMAIN)).length, 4, 'four outside recipients');

  const device = actionOf('dump-activesync-device');
  assert.equal(device.inLogWindow, false);
  assert.deepEqual(device.principals, [`daniel.okafor${DOMAIN}`]);
  assert.deepEqual(device.files, ['permissions/Get-EXOCasMailbox_ActiveSync.csv']);

  const burst = actionOf('inbox-rule-burst');
  assert.equal(burst.actor, `tom.becker${DOMAIN}`);
  assert.ok(burst.principals.length >= 7, 'the actor and the mailboxes');
  assert.equal(truth.actions.filter((a) => a.kind === 'inbox-rule-hiding').length, 2, 'the single rules stay');

  const second = actionOf('second-account-sign-in');
  const sharing = actionOf('anonymous-sharing-link');
  assert.equal(sharing.actor, second.actor);
  assert.ok(![`kevin.walsh${DOMAIN}`, `tom.becker${DOMAIN}`].includes(second.actor), 'a different account');
  assert.ok(
    sharing.principals.some((p) => !p.endsWith(DOMAIN)),
    'the outside invitee',
  );
  assert.equal(actionOf('internal-phishing').kind, 'internal-phishing');
  for (const a of [rule, outlook, burst, second, sharing]) assert.ok(a.inLogWindow, a.kind);
  for (const a of [rule, outlook, sharing])
    for (const p of a.principals.filter((x) => !x.endsWith(DOMAIN)))
      assert.ok(truth.attacker.outsideAddresses.includes(p), `${p} listed as an attacker address`);
});

test('transport-rule dump: Extractor-Suite v4 header, BOM, CRLF, CR LF and TAB inside the quoted Description', () => {
  const { bytes, text, path: rel } = file('extractor-suite-transportrules-csv');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  assert.match(path.basename(rel), /^\d{12}-TransportRules\.csv$/, 'yyyyMMddHHmm-TransportRules.csv');
  assert.ok(text.startsWith('"Name","Description","CreatedBy","WhenChanged","State","Priority","Mode"\r\n'));
  assert.ok(
    text.includes(
      '"Finance Compliance Archive","If the message:\r\n' +
        `\tIs sent to 'daniel.okafor${DOMAIN}'\r\n` +
        'Take the following actions:\r\n' +
        "\tBlind carbon copy (Bcc) the message to 'fin.records@ledger-vault.example'\r\n" +
        '","Tom Becker","',
    ),
    'the forwarding rule with its multi-line Description',
  );
  assert.ok(
    text.includes(
      "Take the following actions:\r\n\tPrepend the subject with 'EXTERNAL: '\r\n\tand Set audit severity level to 'Medium'\r\n\"",
    ),
    'a benign rule: second action line starts with "and "',
  );
  const rows = text.split('"\r\n"').length;
  assert.ok(rows >= 3, 'the attacker rule and the benign rules');
  assert.match(text, /","\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M","Enabled","0","Enforce"\r\n/);
  assert.equal((text.match(/\n/g) ?? []).length, (text.match(/\r\n/g) ?? []).length, 'every LF follows a CR');

  const [created] = ops('New-TransportRule');
  assert.ok(created, 'New-TransportRule audit record');
  assert.equal(created.RecordType, 1);
  assert.equal(created.ObjectId, '');
  assert.equal(created.UserId, `tom.becker${DOMAIN}`);
  assert.match(created.ClientIP as string, /^203\.0\.113\.77:\d+$/);
  assert.deepEqual(params(created), {
    Name: 'Finance Compliance Archive',
    SentTo: `daniel.okafor${DOMAIN}`,
    BlindCopyTo: 'fin.records@ledger-vault.example',
    Priority: '0',
  });
  const grant = ops('Add-MailboxPermission').find((d) => d.UserId === `tom.becker${DOMAIN}`)!;
  assert.equal(created.SessionId, grant.SessionId, 'the same stolen admin session');
});

test('transport-rule dump round-trips: the importer reads each Bcc destination as a transport-rule entry', async () => {
  const { path: rel } = file('extractor-suite-transportrules-csv');
  const casePath = path.join(root, 'rules.db');
  const engine = Engine.open({ casePath });
  try {
    const [outcome] = await engine.call('import.files', { files: [{ path: path.join(dir, ...rel.split('/')) }] });
    assert.ok(outcome?.ok && outcome.result.rejected === 0, JSON.stringify(outcome).slice(0, 300));
  } finally {
    await engine.close();
  }
  const db = new Database(casePath, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT trustee, rights, folder FROM permission WHERE kind = 'transport-rule' ORDER BY folder`)
      .all() as { trustee: string | null; rights: string; folder: string }[];
    const bcc = rows.filter((r) => r.trustee !== null);
    assert.deepEqual(
      bcc.map((r) => [r.folder, r.trustee]),
      [
        ['Finance Compliance Archive', 'fin.records@ledger-vault.example'],
        ['Supplier mail to Accounts Payable', `accounts.payable${DOMAIN}`],
      ],
    );
    assert.ok(
      bcc.every((r) => r.rights.includes('BlindCopyTo')),
      JSON.stringify(bcc),
    );
    assert.ok(rows.some((r) => r.folder === 'External sender warning' && r.trustee === null));
  } finally {
    db.close();
  }
});

test('UpdateInboxRules AuditData: delegate from Outlook in the CFO mailbox, OperationProperties in order, no Parameters', () => {
  const found = records.filter((r) => r.d.Operation === 'UpdateInboxRules');
  assert.equal(found.length, 2);
  for (const { raw, d } of found) {
    assert.deepEqual(Object.keys(d), [
      'AppAccessContext',
      'CreationTime',
      'Id',
      'Operation',
      'OrganizationId',
      'RecordType',
      'ResultStatus',
      'UserKey',
      'UserType',
      'Version',
      'Workload',
      'ClientIP',
      'UserId',
      'ClientIPAddress',
      'ClientInfoString',
      'ClientProcessName',
      'ClientRequestId',
      'ClientVersion',
      'ExternalAccess',
      'InternalLogonType',
      'LogonType',
      'LogonUserSid',
      'MailboxGuid',
      'MailboxOwnerSid',
      'MailboxOwnerUPN',
      'OperationProperties',
      'OrganizationName',
      'OriginatingServer',
      'SessionId',
      'Item',
    ]);
    assert.equal(d.RecordType, 2);
    assert.equal(d.ResultStatus, 'Succeeded');
    assert.equal(d.LogonType, 2);
    assert.equal(d.UserId, `kevin.walsh${DOMAIN}`);
    assert.equal(d.MailboxOwnerUPN, `daniel.okafor${DOMAIN}`);
    assert.equal(d.ClientInfoString, 'Client=MSExchangeRPC');
    assert.equal(d.ClientProcessName, 'OUTLOOK.EXE');
    assert.equal(d.ClientIP, '203.0.113.45');
    const props = d.OperationProperties as { Name: string; Value?: string }[];
    assert.deepEqual(
      props.map((p) => p.Name),
      ['RuleOperation', 'RuleId', 'RuleState', 'RuleCondition', 'RuleName', 'RuleProvider', 'RuleActions'],
    );
    const value = (name: string): string | undefined => props.find((p) => p.Name === name)!.Value;
    assert.match(value('RuleId')!, /^-\d{1,19}$/);
    assert.ok(BigInt(value('RuleId')!) >= -(2n ** 63n), 'fits a signed 64-bit integer');
    assert.equal(value('RuleState'), 'Enabled');
    assert.equal(value('RuleProvider'), 'RuleOrganizer');
    const actions = JSON.parse(value('RuleActions')!) as {
      ActionType: string;
      Recipients: string[];
      ForwardFlags: string;
    }[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.ActionType, 'Forward');
    assert.equal(actions[0]!.ForwardFlags, 'None');
    assert.equal(actions[0]!.Recipients.length, 4);
    assert.ok(actions[0]!.Recipients.every((r) => !r.endsWith(DOMAIN)));
    assert.ok(raw.includes('{"Name":"RuleActions","Value":"[{\\"ActionType\\":\\"Forward\\",\\"Recipients\\":[\\"'));
    assert.match(d.OriginatingServer as string, /\r\n$/);
  }
  const [add, modify] = found.map((r) => r.d.OperationProperties as { Name: string; Value?: string }[]);
  assert.deepEqual(
    add!.find((p) => p.Name === 'RuleName'),
    { Name: 'RuleName' },
    'RuleName with no Value key',
  );
  assert.equal(add!.find((p) => p.Name === 'RuleOperation')!.Value, 'AddMailboxRule');
  assert.equal(modify!.find((p) => p.Name === 'RuleOperation')!.Value, 'ModifyMailboxRule');
  assert.equal(add!.find((p) => p.Name === 'RuleId')!.Value, modify!.find((p) => p.Name === 'RuleId')!.Value);
});

test('inbox-rule burst: 30-40 New-InboxRule from one actor and address within minutes, mostly hiding mail', () => {
  const burst = ops('New-InboxRule').filter((d) => d.UserId === `tom.becker${DOMAIN}`);
  assert.ok(burst.length >= 30 && burst.length <= 40, `${burst.length} rules`);
  assert.equal(new Set(burst.map((d) => (d.ClientIP as string).replace(/:\d+$/, ''))).size, 1, 'one address');
  const times = burst.map((d) => Date.parse(`${d.CreationTime}Z`));
  assert.ok(Math.max(...times) - Math.min(...times) <= 10 * 60_000, 'within ten minutes');
  const mailboxes = new Set(burst.map((d) => params(d).Mailbox));
  assert.ok(mailboxes.size >= 6, `${mailboxes.size} mailboxes`);
  const hides = (p: Record<string, string>): boolean =>
    p.DeleteMessage === 'True' || (p.MoveToFolder !== undefined && p.MoveToFolder !== 'Inbox');
  const hiding = burst.filter((d) => hides(params(d)));
  assert.ok(hiding.length > burst.length / 2, 'most rules hide mail');
  const quiet = burst.filter((d) => {
    const p = params(d);
    return p.MoveToFolder === 'Inbox' && p.MarkAsRead === 'True' && p.StopProcessingRules === 'True' && !hides(p);
  });
  assert.ok(quiet.length >= 1, 'rules that only move to the Inbox, mark read and stop processing');
  for (const d of burst)
    assert.match(d.ObjectId as string, new RegExp(`\\\\${params(d).Name!.replace(/\./g, '\\.')}$`));
});

test('personalised phishing: one campaign of varied subjects, and MSGTRK carries each message', () => {
  const campaign = records
    .map((r) => r.d)
    .filter((d) => (d.Operation === 'Send' || d.Operation === 'SendAs') && d.ClientIP === '203.0.113.112');
  const senders = new Set(campaign.map((d) => d.UserId));
  assert.ok(senders.size >= 3, `${senders.size} senders`);
  assert.ok(campaign.length >= 10, `${campaign.length} lures`);
  const times = campaign.map((d) => Date.parse(`${d.CreationTime}Z`));
  assert.ok(Math.max(...times) - Math.min(...times) <= 75 * 60_000, 'within about an hour');
  const subjects = campaign.map((d) => (d.Item as { Subject: string }).Subject);
  assert.ok(subjects.every((s) => /invoice/i.test(s) && /\d{4}/.test(s)));
  assert.ok(
    subjects.some((s) => /^(RE|Re|FW|Fwd): /.test(s)),
    'RE:/FW: prefixes',
  );
  assert.ok(subjects.some((s) => /^INVOICE /.test(s)) && subjects.some((s) => /^Invoice /.test(s)), 'case varies');
  assert.ok(
    subjects.some((s) => /^[^,]+, your invoice \d{4} is ready$/.test(s)),
    'name in front',
  );
  const shapes = new Set(subjects.map((s) => s.replace(/\d+/g, '#').replace(/\b\p{Lu}[\p{Ll}]+\b/gu, 'N')));
  assert.ok(shapes.size >= 5, `${shapes.size} subject shapes`);

  const ids = new Set(campaign.map((d) => (d.Item as { InternetMessageId: string }).InternetMessageId));
  const events = new Map<string, Set<string>>();
  for (const b of result.files.filter((f) => f.format === 'msgtrk-log'))
    for (const line of fs.readFileSync(path.join(dir, ...b.path.split('/')), 'utf8').split('\r\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith('\uFEFF')) continue;
      const f = fields(line);
      const set = events.get(f[10]!) ?? new Set<string>();
      set.add(f[8]!);
      events.set(f[10]!, set);
    }
  const trace = file('messagetrace-csv').text;
  for (const id of ids) {
    assert.ok(trace.includes(`"${id}"`), `${id} in message trace`);
    assert.deepEqual([...(events.get(id) ?? [])].sort(), ['DELIVER', 'RECEIVE'], `${id} in MSGTRK`);
  }
});

test('dump-only ActiveSync device: in the EXO CAS dump for the CFO, with no Set-CASMailbox record for it', async () => {
  const { text } = file('get-exocasmailbox-activesync-csv');
  const lines = text.split('\r\n');
  assert.equal(
    lines[0],
    '"Name","PrimarySmtpAddress","ActiveSyncEnabled","ActiveSyncAllowedDeviceIDs","ActiveSyncBlockedDeviceIDs","HasActiveSyncDevicePartnership","Identity"',
  );
  const cfo = lines.find((l) => l.includes(`"daniel.okafor${DOMAIN}"`))!;
  const device = fields(cfo)[3]!;
  assert.match(device, /^ANDROIDC[0-9A-Z]{16}$/);
  assert.ok(!records.some((r) => r.raw.includes(device)), 'no audit record mentions the device');
  const inWindow = params(ops('Set-CASMailbox')[0]!).ActiveSyncAllowedDeviceIDs!;
  assert.ok(text.includes(`"${inWindow}"`), 'the device allowed in the window is listed too');

  const engine = Engine.open({ casePath: path.join(root, 'cas.db') });
  try {
    const [outcome] = await engine.call('import.files', {
      files: [{ path: path.join(dir, 'permissions', 'Get-EXOCasMailbox_ActiveSync.csv') }],
    });
    assert.ok(outcome?.ok && outcome.result.rejected === 0, JSON.stringify(outcome).slice(0, 300));
  } finally {
    await engine.close();
  }
  const db = new Database(path.join(root, 'cas.db'), { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT mailbox, trustee FROM permission WHERE kind = 'activesync-device' AND values_lost = 0`)
      .all() as { mailbox: string; trustee: string }[];
    assert.ok(
      rows.some((r) => r.mailbox === `daniel.okafor${DOMAIN}` && r.trustee.toUpperCase() === device),
      JSON.stringify(rows),
    );
  } finally {
    db.close();
  }
});

test('second account and sharing: sign-in from the attacker address, shared-mailbox reads, link and invitation records', () => {
  const second = actionOf('second-account-sign-in').actor;
  const logins = ops('UserLoggedIn').filter((d) => d.ClientIP === '203.0.113.45');
  assert.deepEqual([...new Set(logins.map((d) => d.UserId))].sort(), [`kevin.walsh${DOMAIN}`, second].sort());
  const reads = ops('MailItemsAccessed').filter((d) => d.UserId === second && d.ClientIPAddress === '203.0.113.45');
  assert.ok(
    reads.length > 0 && reads.every((d) => d.MailboxOwnerUPN === `accounts.payable${DOMAIN}` && d.LogonType === 2),
  );

  const [created] = ops('AnonymousLinkCreated');
  const [used] = ops('AnonymousLinkUsed');
  const [invited] = ops('SharingInvitationCreated');
  assert.ok(created && used && invited);
  for (const d of [created, used, invited]) {
    assert.equal(d.RecordType, 14);
    assert.equal(d.Workload, 'OneDrive');
    assert.ok(!('ResultStatus' in d));
    assert.match(
      d.ObjectId as string,
      /^https:\/\/northwindtraders-my\.sharepoint\.com\/personal\/.+\/Documents\/.+\.xlsx$/,
    );
    assert.equal(d.ObjectId, `${d.SiteUrl as string}/${d.SourceRelativeUrl as string}`);
  }
  assert.equal(created.UserId, second);
  assert.equal(created.ClientIP, '203.0.113.45');
  assert.equal(created.EventData, '<Type>View</Type><MembersCanShareApplied>False</MembersCanShareApplied>');
  assert.equal(created.SourceFileName, 'Supplier bank details 2024.xlsx');
  assert.equal(used.UserId, 'anonymous');
  assert.ok(Date.parse(`${used.CreationTime}Z`) - Date.parse(`${created.CreationTime}Z`) < 60 * 60_000);
  assert.equal(used.ListItemUniqueId, created.ListItemUniqueId);
  assert.equal(invited.TargetUserOrGroupType, 'Guest');
  assert.ok(!(invited.TargetUserOrGroupName as string).endsWith(DOMAIN));

  const sentinel = file('sentinel-officeactivity-csv').text;
  const header = sentinel.split('\n')[0]!.split(',');
  for (const c of ['Site_Url', 'SourceFileName', 'Event_Data', 'TargetUserOrGroupName', 'ClientProcessName'])
    assert.ok(header.includes(c), `Sentinel column ${c}`);
  assert.ok(sentinel.includes(',SharePointSharingOperation,'), 'RecordType name of sharing records');
});
