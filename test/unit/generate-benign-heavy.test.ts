/**
 * The benign-heavy scenario: a busy but innocent tenant. truth.json plants no action and lists each
 * benign pattern; the records show each pattern the way the scenario promises (who, when, from where,
 * how often), and nothing in them is an attack.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../electron/engine/engine.js';
import { generateEvidence, type GenerateResult } from '../../electron/engine/generate/generate.js';
import { findScenario } from '../../electron/engine/generate/scenarios.js';

interface Truth {
  actions: unknown[];
  attacker: unknown;
  benign: { kind: string; actor: string; principals: string[]; count: number; firstTime: string; note: string }[];
}
type Data = Record<string, unknown> & { Operation: string; UserId: string; CreationTime: string };

const DOMAIN = '@northwindtraders.example';
const OFFICE = '198.51.100.10';
const DESKS = [`marco.bianchi${DOMAIN}`, `sara.lindqvist${DOMAIN}`];
const ASSISTANTS = [`ines.romero${DOMAIN}`, `zoe.muller${DOMAIN}`];
const SYSTEM = 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)';
const SHARED = ['hr', 'accounts.payable', 'sales', 'support', 'reception', 'communications'].map(
  (a) => `${a}${DOMAIN}`,
);
const DAYS = 14;

let root = '';
let dir = '';
let result: GenerateResult;
let truth: Truth;
let records: Data[] = [];

const hourOf = (d: Data): number => Number(d.CreationTime.slice(11, 13));
const dayOf = (d: Data): string => d.CreationTime.slice(0, 10);
const weekday = (d: Data): boolean => ![0, 6].includes(new Date(`${dayOf(d)}T00:00:00Z`).getUTCDay());
const params = (d: Data): Record<string, string> =>
  Object.fromEntries(((d.Parameters ?? []) as { Name: string; Value: string }[]).map((p) => [p.Name, p.Value]));

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-heavy-'));
  dir = path.join(root, 'out');
  result = await generateEvidence(dir, { scenario: 'benign-heavy', seed: 5, users: 80, days: DAYS });
  truth = JSON.parse(fs.readFileSync(result.truthPath, 'utf8')) as Truth;
  records = result.files
    .filter((f) => f.format === 'dfir-o365rc-auditdata-jsonl')
    .flatMap((f) => fs.readFileSync(path.join(dir, ...f.path.split('/')), 'utf8').split('\n'))
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Data);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('the scenario defaults to 200 users and 14 days with no attacks', () => {
  const s = findScenario('benign-heavy')!;
  assert.deepEqual(s.defaults, { users: 200, days: 14 });
  assert.equal(s.attacks, false);
});

test('truth: no action, no attacker, and every benign pattern listed', () => {
  assert.deepEqual(truth.actions, []);
  assert.equal(truth.attacker, null);
  const kinds = (kind: string) => truth.benign.filter((b) => b.kind === kind);
  for (const kind of [
    'help-desk-delegation',
    'weekly-newsletter',
    'calendar-sharing',
    'calendar-editor-sharing',
    'office-egress-sign-ins',
    'home-sign-ins',
    'owner-inbox-rules',
    'ea-send-on-behalf',
    'ea-delegation',
    'system-provisioning',
  ])
    assert.ok(kinds(kind).length > 0, `benign ${kind} listed`);
  assert.deepEqual([...new Set(kinds('help-desk-delegation').map((b) => b.actor))].sort(), DESKS);
  assert.deepEqual(
    kinds('ea-send-on-behalf')
      .map((b) => b.actor)
      .sort(),
    ASSISTANTS,
  );
  for (const b of truth.benign) {
    assert.ok(b.count > 0 && b.note.length > 20, b.kind);
    assert.match(b.firstTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  }
});

test('two service desks grant FullAccess/SendAs on shared mailboxes, often, on several days, in office hours, from the office', () => {
  const grants = records.filter(
    (d) => ['Add-MailboxPermission', 'Add-RecipientPermission'].includes(d.Operation) && d.UserId !== SYSTEM,
  );
  assert.ok(grants.length > 0);
  for (const d of grants) {
    assert.ok(DESKS.includes(d.UserId), `${d.Operation} by ${d.UserId}`);
    assert.ok(hourOf(d) >= 7 && hourOf(d) < 17 && weekday(d), `${d.CreationTime} in office hours`);
    assert.match(d.ClientIP as string, new RegExp(`^${OFFICE.replace(/\./g, '\\.')}:\\d+$`));
    const p = params(d);
    // Besides the shared mailboxes: the first workday's extension of the assistant to the COO.
    const assistant = p.Identity === `henrik.larsen${DOMAIN}` && p.User === `zoe.muller${DOMAIN}`;
    assert.ok(SHARED.includes(p.Identity!) || assistant, `${p.Identity} is a shared mailbox`);
    assert.ok((p.User ?? p.Trustee)!.endsWith(DOMAIN), 'granted to internal staff');
    assert.equal(p.AutoMapping, undefined);
  }
  for (const desk of DESKS) {
    const mine = grants.filter((d) => d.UserId === desk);
    assert.ok(mine.length >= 10, `${desk}: ${mine.length} grants`);
    assert.ok(new Set(mine.map(dayOf)).size >= 5, `${desk} on several days`);
    assert.ok(new Set(mine.map((d) => d.Operation)).size === 2, `${desk} grants FullAccess and SendAs`);
  }
});

test('the weekly newsletter: two issues a week apart, each to most of the tenant', () => {
  const trace = fs.readFileSync(path.join(dir, 'messagetrace', 'Get-MessageTrace.csv'), 'utf8').split('\r\n');
  const issues = new Map<string, { recipients: Set<string>; days: Set<string> }>();
  for (const line of trace.slice(1)) {
    const cells = line.slice(1, -1).split('","');
    if (cells[3] !== `communications${DOMAIN}`) continue;
    const issue = issues.get(cells[5]!) ?? { recipients: new Set<string>(), days: new Set<string>() };
    issue.recipients.add(cells[4]!);
    issue.days.add(cells[2]!.split(' ')[0]!);
    issues.set(cells[5]!, issue);
  }
  assert.ok(issues.size >= 2 && issues.size <= 3, `${issues.size} issues in ${DAYS} days`);
  // People = mailboxes with ActiveSync enabled in the CAS dump (shared and room mailboxes have it off).
  const cas = fs.readFileSync(path.join(dir, 'permissions', 'Get-EXOCasMailbox_ActiveSync.csv'), 'utf8');
  const people = cas.split('\r\n').filter((l) => l.split('","')[2] === 'True').length;
  assert.ok(people > 60);
  const days: number[] = [];
  for (const [subject, issue] of issues) {
    assert.match(subject, /^Northwind Weekly - Issue \d+$/);
    assert.ok(issue.recipients.size >= people * 0.8, `${subject}: ${issue.recipients.size} recipients`);
    assert.equal(issue.days.size, 1, `${subject} sent on one day`);
    const [m, d, y] = [...issue.days][0]!.split('/').map(Number) as [number, number, number];
    days.push(Date.UTC(y, m - 1, d));
  }
  days.sort((a, b) => a - b);
  for (let i = 1; i < days.length; i++) assert.equal(days[i]! - days[i - 1]!, 7 * 86_400_000, 'a week apart');
});

test('owners share their own Calendar from Outlook: Reviewer added, Editor by ModifyFolderPermissions', () => {
  const shares = records.filter((d) => ['AddFolderPermissions', 'ModifyFolderPermissions'].includes(d.Operation));
  assert.ok(shares.some((d) => d.Operation === 'ModifyFolderPermissions'));
  for (const d of shares) {
    const folder = (d.Item as { ParentFolder: { Name: string; MemberRights: string; MemberUpn: string } }).ParentFolder;
    assert.equal(d.UserId, d.MailboxOwnerUPN, 'the owner acts');
    assert.equal(d.LogonType, 0);
    assert.equal(d.ClientInfoString, 'Client=MSExchangeRPC');
    assert.equal(folder.Name, 'Calendar');
    assert.ok(folder.MemberUpn.endsWith(DOMAIN) && folder.MemberUpn !== d.UserId, 'to a colleague');
    if (d.Operation === 'ModifyFolderPermissions') assert.match(folder.MemberRights, /\bEditAny\b/);
    else assert.equal(folder.MemberRights, 'ReadAny, Visible, FreeBusySimple, FreeBusyDetailed');
  }
});

test('sign-ins: most accounts from the office egress; home addresses each used by one account on several days', () => {
  const logins = records.filter((d) => d.Operation === 'UserLoggedIn');
  const byIp = new Map<string, Data[]>();
  for (const d of logins) byIp.set(d.ClientIP as string, [...(byIp.get(d.ClientIP as string) ?? []), d]);
  const accounts = new Set(logins.map((d) => d.UserId));
  const office = new Set(byIp.get(OFFICE)!.map((d) => d.UserId));
  assert.ok(office.size >= accounts.size * 0.8, `${office.size} of ${accounts.size} accounts from the office`);
  const homes = [...byIp.entries()].filter(([ip]) => !ip.startsWith('198.51.100.') && !ip.startsWith('2001:db8:5c0:'));
  assert.ok(homes.length >= 3, `${homes.length} home addresses`);
  for (const [ip, ds] of homes) {
    assert.equal(new Set(ds.map((d) => d.UserId)).size, 1, `${ip} used by one account`);
    assert.ok(new Set(ds.map(dayOf)).size >= 2, `${ip} used on several days`);
  }
  assert.ok(
    homes.some(([, ds]) => new Set(ds.map(dayOf)).size >= 4),
    'a home address used on four days or more',
  );
  const homeIps = new Set(homes.map(([ip]) => ip));
  const fromHome = records.filter((d) => homeIps.has((d.ClientIP ?? d.ClientIPAddress) as string));
  assert.ok(
    fromHome.every((d) => d.Operation === 'UserLoggedIn'),
    'nothing but sign-ins from home addresses',
  );
});

test('inbox rules are ordinary: the owner files newsletters or marks them read, nothing hidden or forwarded', () => {
  const rules = records.filter((d) => d.Operation === 'New-InboxRule');
  assert.ok(rules.length >= 5, `${rules.length} rules`);
  for (const d of rules) {
    const p = params(d);
    assert.equal(p.Mailbox, undefined, 'in their own mailbox');
    assert.ok(p.MoveToFolder !== undefined || p.MarkAsRead === 'True');
    for (const bad of [
      'DeleteMessage',
      'ForwardTo',
      'RedirectTo',
      'ForwardAsAttachmentTo',
      'SubjectOrBodyContainsWords',
    ])
      assert.equal(p[bad], undefined, `${p.Name}: ${bad}`);
    assert.ok(!/RSS|Deleted|Conversation History|Archive/i.test(p.MoveToFolder ?? ''), p.MoveToFolder);
    assert.ok((d.ObjectId as string).endsWith(`\\${p.Name!}`));
  }
  assert.ok(
    rules.some((d) => params(d).MarkAsRead === 'True'),
    'a rule marks newsletters read',
  );
});

test('executive assistants send on behalf of their executives in office hours', () => {
  const sends = records.filter((d) => d.Operation === 'SendOnBehalf');
  assert.ok(sends.length >= 10, `${sends.length} sends on behalf`);
  assert.deepEqual([...new Set(sends.map((d) => d.UserId))].sort(), ASSISTANTS);
  for (const d of sends) {
    assert.equal(d.LogonType, 2);
    assert.ok(hourOf(d) >= 7 && hourOf(d) < 17 && weekday(d), d.CreationTime);
    assert.equal(d.SendOnBehalfOfUserSmtp, d.MailboxOwnerUPN);
    assert.ok(!ASSISTANTS.includes(d.MailboxOwnerUPN as string));
  }
});

test('nothing in benign-heavy is an attack', () => {
  const text = records.map((d) => JSON.stringify(d)).join('\n');
  assert.ok(!text.includes('203.0.113.'), 'no attacker address');
  for (const d of records) {
    const p = JSON.stringify(d.Parameters ?? []);
    assert.ok(!p.includes('ForwardingSmtpAddress') && !p.includes('"AutoMapping","Value":"False"'), d.Operation);
    assert.notEqual(d.RecordType, 8, 'no directory or application permission changes');
    assert.ok(
      ![
        'Set-CASMailbox',
        'New-TransportRule',
        'Set-TransportRule',
        'Remove-MailboxPermission',
        'Add-MailboxFolderPermission',
        'UpdateInboxRules',
        'SendAs',
        'AnonymousLinkCreated',
      ].includes(d.Operation),
      `${d.Operation} by ${d.UserId}`,
    );
    if (d.Operation === 'MailItemsAccessed') assert.equal(d.UserId, d.MailboxOwnerUPN, 'owners read their own mail');
    if (d.LogonType === 2) assert.equal(d.Operation, 'SendOnBehalf', 'delegate logons only to send on behalf');
  }
  const rules = fs.readFileSync(
    path.join(dir, ...result.files.find((f) => f.format === 'extractor-suite-transportrules-csv')!.path.split('/')),
    'utf8',
  );
  assert.ok(!/Bcc\) the message to '[^']*@(?!northwindtraders\.example')/.test(rules), 'no copy to outside');
});

test('the busy tenant imports with no rejected rows (primary audit export, message trace, dumps)', async () => {
  const engine = Engine.open({ casePath: path.join(root, 'case.db') });
  try {
    const wanted = [
      'purview-csv-8',
      'sentinel-officeactivity-csv',
      'messagetrace-csv',
      'get-exocasmailbox-activesync-csv',
      'extractor-suite-mailboxpermissions-csv',
      'get-mailboxfolderpermission-csv',
    ];
    const files = result.files.filter((f) => wanted.includes(f.format));
    assert.equal(files.length, wanted.length);
    const outcomes = await engine.call('import.files', {
      files: files.map((f) => ({ path: path.join(dir, ...f.path.split('/')) })),
    });
    for (const o of outcomes)
      assert.ok(o.ok && o.result.rejected === 0, o.ok ? `${o.result.file}: ${o.result.rejected} rejected` : o.error);
  } finally {
    await engine.close();
  }
});
