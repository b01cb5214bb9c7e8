/** Byte-level pins: BOMs, #TYPE, line endings, quoting, culture dates, UTF-16LE, Windows-1252, AuditData shape. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEvidence, type GenerateResult } from '../../electron/engine/generate/generate.js';
import { parseCsvText } from '../../electron/engine/ingest/csv.js';

let dir = '';
let result: GenerateResult;
const bytes = (format: string): Buffer => {
  const f = result.files.find((x) => x.format === format);
  assert.ok(f, `no file of format ${format}`);
  return fs.readFileSync(path.join(dir, ...f.path.split('/')));
};
const all = (format: string): Buffer[] =>
  result.files.filter((x) => x.format === format).map((f) => fs.readFileSync(path.join(dir, ...f.path.split('/'))));
const utf8 = (format: string): string =>
  bytes(format)
    .toString('utf8')
    .replace(/^\uFEFF/, '');

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-bytes-'));
  result = await generateEvidence(path.join(dir, 'out'), { scenario: 'attack', seed: 11, users: 30, days: 5 });
  dir = path.join(dir, 'out');
});
after(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

test('byte-order marks are present exactly where the producer writes them', () => {
  const BOMS: Record<string, number[]> = { 'utf-8-bom': [0xef, 0xbb, 0xbf], 'utf-16le-bom': [0xff, 0xfe] };
  const seen = new Set<string>();
  for (const f of result.files) {
    const head = [...fs.readFileSync(path.join(dir, ...f.path.split('/'))).subarray(0, 3)];
    seen.add(f.encoding);
    const bom = BOMS[f.encoding];
    if (bom) assert.deepEqual(head.slice(0, bom.length), bom, `${f.path} should start with a BOM`);
    else {
      assert.notDeepEqual(head, [0xef, 0xbb, 0xbf], `${f.path} must not have a UTF-8 BOM`);
      assert.notDeepEqual(head.slice(0, 2), [0xff, 0xfe], `${f.path} must not have a UTF-16 BOM`);
    }
  }
  for (const e of ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'windows-1252', 'ascii'])
    assert.ok(seen.has(e), `no ${e} file written`);
});

test('CRLF files use CRLF only, LF files use LF only', () => {
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as {
    files: { path: string; lineEnding: string; encoding: string }[];
  };
  let crlf = 0;
  let lfOnly = 0;
  for (const f of truth.files) {
    const buf = fs.readFileSync(path.join(dir, ...f.path.split('/')));
    const text = f.encoding === 'utf-16le-bom' ? buf.toString('utf16le') : buf.toString('latin1');
    const lf = (text.match(/\n/g) ?? []).length;
    const pairs = (text.match(/\r\n/g) ?? []).length;
    assert.ok(lf > 0, `${f.path} has no lines`);
    if (f.lineEnding === 'CRLF') {
      crlf++;
      assert.equal(pairs, lf, `${f.path}: every line feed must follow a carriage return`);
      assert.ok(text.endsWith('\r\n'), `${f.path} ends with CRLF`);
    } else {
      lfOnly++;
      assert.equal(pairs, 0, `${f.path} must not contain CRLF`);
    }
  }
  // Both line endings occur: the Windows PowerShell and portal exports (audit CSVs, message traces, permission
  // dumps: well over 10 files) are CRLF; the DFIR-O365RC AuditData lines are LF.
  assert.ok(crlf > 10, `${crlf} CRLF files`);
  assert.ok(lfOnly > 0, 'at least one LF file');
});

test('Search-UnifiedAuditLog exports: RPS #TYPE line, PS* header, German dates, quoted fields; EXO v3 and v2 headers', () => {
  const lines = utf8('sual-csv-rps').split('\r\n');
  assert.equal(lines[0], '#TYPE Deserialized.Microsoft.Exchange.Data.ApplicationLogic.UnifiedAuditLogEvent');
  assert.equal(
    lines[1],
    '"PSComputerName","RunspaceId","PSShowComputerName","RecordType","CreationDate","UserIds","Operations","AuditData","ResultIndex","ResultCount","Identity","IsValid","ObjectState"',
  );
  assert.match(
    lines[2]!,
    /^"outlook\.office365\.com","[0-9a-f-]{36}","False","(ExchangeAdmin|ExchangeItem|ExchangeItemGroup|AzureActiveDirectory|AzureActiveDirectoryStsLogon|ExchangeItemAggregated|SharePointSharingOperation)","\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}","/,
  );
  assert.match(lines[2]!, /,"\{""[A-Za-z]+"":.*""CreationTime"":""\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"",""Id"":/);
  assert.match(lines[2]!, /"True","Unchanged"$/);
  const v3 = utf8('sual-csv-exo-v3').split('\r\n');
  assert.equal(
    v3[0],
    '"RecordType","CreationDate","UserIds","Operations","AuditData","ResultIndex","ResultCount","Identity","IsValid","ObjectState"',
  );
  assert.match(v3[1]!, /^"[A-Za-z]+","\d{1,2}\/\d{1,2}\/2024 \d{1,2}:\d{2}:\d{2} [AP]M",/);
  assert.match(utf8('sual-csv-exo-v2').split('\r\n')[0]!, /^"RunspaceId","RecordType",/);
});

test('Purview exports: unquoted header, integer RecordType, doubled quotes in AuditData, rows ending ,,', () => {
  const lines = utf8('purview-csv-8')
    .split('\r\n')
    .filter((l) => l !== '');
  assert.equal(
    lines[0],
    'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
  );
  for (const l of lines.slice(1)) {
    assert.match(l, /^[0-9a-f-]{36},\d{1,2}\/\d{1,2}\/2024 \d{1,2}:\d{2}:\d{2} [AP]M,(1|2|3|8|14|15|50),/);
    assert.ok(l.endsWith('}",,'), l.slice(-40));
    assert.ok(l.includes(',"{""'), 'AuditData cell quoted with doubled quotes');
  }
  const classic = utf8('purview-csv-4').split('\r\n');
  assert.equal(classic[0], 'CreationDate,UserIds,Operations,AuditData');
  assert.match(classic[1]!, /^2024-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z,/);
});

/** AuditData JSON texts from the DFIR-O365RC lines (raw service strings). */
function auditData(): { raw: string; d: Record<string, unknown> }[] {
  return all('dfir-o365rc-auditdata-jsonl').flatMap((b) =>
    b
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((raw) => ({ raw, d: JSON.parse(raw) as Record<string, unknown> })),
  );
}

test(
  "DFIR-O365RC AuditData lines follow the service's shape: ASCII with \\/ escapes, ResultStatus per RecordType, " +
    'per-type fields, and every operation the attack stories need',
  () => {
    const records = auditData();
    // Every declared record is a line, and these are the same records as every other audit export.
    const declared = result.files
      .filter((f) => f.format === 'dfir-o365rc-auditdata-jsonl')
      .reduce((n, f) => n + f.records, 0);
    assert.equal(records.length, declared);
    assert.equal(records.length, result.files.find((f) => f.format === 'purview-csv-8')!.records);
    assert.ok(records.length > 200, `${records.length} records: 30 users over 5 days give a few hundred`);
    const ops = new Set<string>();
    for (const { raw, d } of records) {
      ops.add(d.Operation as string);
      assert.match(d.CreationTime as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      assert.match(d.Id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(!/[^\x20-\x7e]/.test(raw), 'service JSON is ASCII (\\uXXXX escapes)');
      assert.ok(!/[^\\]\//.test(raw), 'every / is escaped as \\/');
      const rt = d.RecordType as number;
      const status = { 1: 'True', 2: 'Succeeded', 3: 'Succeeded', 50: 'Succeeded', 8: 'Success', 15: 'Success' }[rt];
      assert.equal(d.ResultStatus, status, `${String(d.Operation)} ResultStatus`);
      if (rt === 14) assert.ok(!('ResultStatus' in d), 'SharePoint sharing records carry no ResultStatus');
      if (rt === 1) {
        assert.ok(Array.isArray(d.Parameters));
        for (const p of d.Parameters as { Name: string; Value: unknown }[]) assert.equal(typeof p.Value, 'string');
        if (d.UserId !== 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)')
          assert.match(d.ClientIP as string, /:\d+$/);
        // New-TransportRule records may carry an empty ObjectId (the rule name is in Parameters.Name).
        if (d.Operation !== 'New-TransportRule')
          assert.match(
            d.ObjectId as string,
            /PROD\.OUTLOOK\.COM\/Microsoft Exchange Hosted Organizations\/|onmicrosoft\.com\\/,
          );
        else assert.equal(d.ObjectId, '');
      }
      if (rt === 2 || rt === 3 || rt === 50) {
        assert.equal(typeof d.LogonType, 'number');
        assert.match(d.MailboxOwnerUPN as string, /@/);
        assert.match(d.OriginatingServer as string, /\r\n$/);
      }
      if (rt === 50) {
        assert.ok(Array.isArray(d.Folders));
        assert.equal((d.OperationProperties as { Name: string }[])[0]!.Name, 'MailAccessType');
      }
      if (rt === 8) {
        assert.ok((d.Operation as string).endsWith('.'));
        assert.ok(Array.isArray(d.ModifiedProperties) && Array.isArray(d.Actor) && Array.isArray(d.Target));
      }
    }
    for (const op of [
      'Add-MailboxPermission',
      'Remove-MailboxPermission',
      'Add-RecipientPermission',
      'Set-Mailbox',
      'Add-MailboxFolderPermission',
      'AddFolderPermissions',
      'ModifyFolderPermissions',
      'Set-CASMailbox',
      'New-InboxRule',
      'MailItemsAccessed',
      'MailboxLogin',
      'SendAs',
      'SendOnBehalf',
      'Send',
      'UserLoggedIn',
      'Add app role assignment to service principal.',
      'Add delegated permission grant.',
      'Consent to application.',
      'Add service principal.',
      'New-TransportRule',
      'UpdateInboxRules',
      'AnonymousLinkCreated',
      'AnonymousLinkUsed',
      'SharingInvitationCreated',
    ]) {
      assert.ok(ops.has(op), `operation ${op} missing`);
    }
    const roles = records
      .filter(({ d }) => d.Operation === 'Add app role assignment to service principal.')
      .map(({ raw }) => raw);
    // Microsoft Graph's application role ids for Mail.Read and Mail.ReadWrite, and Exchange Online's
    // full_access_as_app.
    for (const id of [
      '810c84a8-4a9e-49e6-bf7d-12d183f40d01',
      'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
      'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
    ])
      assert.ok(
        roles.some((r) => r.includes(id)),
        id,
      );
    const grant = records.find(
      ({ d }) =>
        d.Operation === 'Add-MailboxPermission' &&
        JSON.stringify(d.Parameters).includes('"AutoMapping","Value":"False"'),
    );
    assert.ok(grant, 'an Add-MailboxPermission grant with AutoMapping False');
  },
);

test('Extractor-Suite JSON is a pretty array with nested AuditData; JSONL is 5.1 style', () => {
  const json = JSON.parse(utf8('extractor-suite-ual-json')) as {
    AuditData: { CreationTime: string };
    CreationDate: string;
  }[];
  const f = result.files.find((x) => x.format === 'extractor-suite-ual-json')!;
  assert.equal(json.length, f.records);
  assert.equal(typeof json[0]!.AuditData, 'object');
  assert.equal(json[0]!.CreationDate, json[0]!.AuditData.CreationTime);
  assert.ok(utf8('extractor-suite-ual-json').startsWith('[\r\n  {\r\n    "RecordType": '));
  const lines = utf8('extractor-suite-ual-jsonl')
    .split('\r\n')
    .filter((l) => l !== '');
  for (const l of lines) {
    const w = JSON.parse(l) as { CreationDate: string; AuditData: string };
    assert.match(w.CreationDate, /^\/Date\(\d+\)\/$/);
    assert.equal(typeof JSON.parse(w.AuditData), 'object');
  }
  assert.ok(lines[0]!.includes('"CreationDate":"\\/Date('));
  assert.ok(!/[<>]/.test(lines.join('')), '5.1 escapes < and > as \\u003c / \\u003e');
});

test('enhanced summary report decodes as UTF-16LE and packs every recipient into recipient_status', () => {
  const buf = bytes('messagetrace-enhanced-summary');
  const text = buf.subarray(2).toString('utf16le');
  const lines = text.split('\r\n');
  assert.equal(
    lines[0],
    '"origin_timestamp_utc","sender_address","recipient_status","message_subject","total_bytes","message_id","network_message_id","original_client_ip","directionality","connector_id","delivery_priority"',
  );
  assert.match(lines[1]!, /^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z",/);
  assert.ok(
    lines.some((l) => /"[^"]+@[^"#]+##Receive, Deliver;[^"]+@[^"#]+##Receive, (Deliver|Send)/.test(l)),
    'a packed multi-recipient cell',
  );
  assert.ok(
    lines.some((l) => l.includes('##Receive, Send')),
    'external delivery event',
  );
  assert.equal(buf[3], 0x00, 'ASCII text is followed by a zero byte in UTF-16LE');
  // Every recipient is packed: the report's rows name, in all, as many recipients as Get-MessageTrace (one row per
  // recipient) has rows, for the same messages.
  const report = parseCsvText(text).records.slice(1);
  const trace = parseCsvText(utf8('messagetrace-csv')).records.slice(1);
  assert.equal(
    report.reduce((n, r) => n + r.fields[2]!.split(';').length, 0),
    trace.length,
  );
  assert.deepEqual(
    [...new Set(report.map((r) => r.fields[5]!))].sort(),
    [...new Set(trace.map((r) => r.fields[1]!))].sort(),
    'the same message ids',
  );
});

test('Windows-1252 and ASCII dumps carry the non-ASCII name as their producers would', () => {
  const crt = bytes('crt-fullaccessperms-csv');
  const name = Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]); // "Zoë Müller" in Windows-1252
  assert.ok(crt.includes(name), 'Zoë Müller as single Windows-1252 bytes');
  assert.ok(!crt.includes(Buffer.from('ë', 'utf8')), 'no UTF-8 sequences in a Windows-1252 file');
  assert.ok(bytes('crt-sendasdelegates-csv').toString('latin1').includes('"Allow","SendAs","False","None"'));
  const cas = bytes('get-casmailbox-csv').toString('latin1');
  assert.ok(cas.includes('"Zo? M?ller"'), 'ASCII export turns non-ASCII into ?');
  assert.ok(cas.includes('System.Collections.ArrayList'));
  assert.ok(
    utf8('extractor-suite-mailboxpermissions-csv').includes(
      'Zoë Müller (zoe.muller@northwindtraders.example) - Rights: FullAccess, Deny: False, Inheritance: All',
    ),
  );
});

test(
  'permission dumps: System.Collections.ArrayList type-name leakage, the Discovery grant, Default/Anonymous folder ' +
    'rows, Mandiant and Hawk layouts',
  () => {
    const raw = utf8('get-mailboxpermission-csv').split('\r\n');
    assert.equal(
      raw[0],
      '"AccessRights","Deny","InheritanceType","User","UserSid","Identity","IsInherited","IsValid","ObjectState"',
    );
    assert.ok(
      raw.some((l) => l.startsWith('"System.Collections.ArrayList","False","All","NT AUTHORITY\\SELF","S-1-5-10",')),
    );
    assert.ok(
      raw.some(
        (l) =>
          l.includes('"Discovery Management"') &&
          l.includes('DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}'),
      ),
    );
    const folders = utf8('get-mailboxfolderpermission-csv');
    assert.ok(folders.includes('"Calendar","Default","System.Collections.ArrayList","",'));
    assert.ok(folders.includes('"Inbox","Anonymous","System.Collections.ArrayList","",'));
    assert.ok(folders.includes('"Top of Information Store","Default","System.Collections.ArrayList","","'));
    const mandiant = utf8('mandiant-folder-permissions-csv').split('\r\n');
    assert.equal(mandiant[0], '"UserPrincipalName","FolderName","User","AccessRights"');
    assert.ok(mandiant.some((l) => /^"[^"]+","Inbox","Default","Reviewer"$/.test(l)));
    assert.ok(mandiant.some((l) => /^"[^"]+","Top of Information Store","Anonymous","Reviewer"$/.test(l)));
    const hawk = utf8('hawk-forwarding-csv').split('\r\n');
    assert.equal(
      hawk[0],
      '"DisplayName","UserPrincipalName","PrimarySMTPAddress","ForwardingSMTPAddress","ForwardingAddress","DeliverToMailboxAndForward","WhenChangedUTC"',
    );
    assert.ok(hawk.some((l) => l.includes('"smtp:d.okafor.archive@secure-mailvault.example","","True"')));
    assert.ok(utf8('crt-anyassignedperms-csv').includes('"ReadPermission"'));
    assert.ok(utf8('get-mailbox-csv').split('\r\n')[0]!.includes('"GrantSendOnBehalfTo"'));
  },
);

test('message trace: one row per recipient, PS* variant with en-GB dates, MSGTRK header and quoted subjects', () => {
  const mt = utf8('messagetrace-csv').split('\r\n');
  assert.equal(
    mt[0],
    '"Organization","MessageId","Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageTraceId","StartDate","EndDate","Index"',
  );
  const f = result.files.find((x) => x.format === 'messagetrace-csv')!;
  assert.equal(mt.filter((l) => l !== '').length - 1, f.records);
  // One row per recipient: each row names a single address, and a message to several recipients has one row
  // for each of them.
  const byMessage = new Map<string, string[]>();
  for (const { fields } of parseCsvText(utf8('messagetrace-csv')).records.slice(1)) {
    const [messageId, recipient] = [fields[1]!, fields[4]!];
    assert.match(recipient, /^[^\s;,]+@[^\s;,]+$/, `one address per row: ${recipient}`);
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), recipient]);
  }
  const multi = [...byMessage.values()].filter((r) => r.length > 1);
  assert.ok(multi.length > 0, 'some message has several recipients');
  for (const r of multi) assert.equal(new Set(r).size, r.length, `a row per distinct recipient: ${r.join(', ')}`);
  const rps = utf8('messagetrace-csv-rps').split('\r\n');
  assert.ok(rps[0]!.startsWith('"PSComputerName","RunspaceId","PSShowComputerName","Organization",'));
  assert.match(
    rps[1]!,
    /^"outlook\.office365\.com","[0-9a-f-]{36}","False","northwindtraders\.onmicrosoft\.com","<[^"]+>","\d{2}\/\d{2}\/2024 \d{2}:\d{2}:\d{2}",/,
  );
  const log = all('msgtrk-log')
    .map((b) => b.subarray(3).toString('utf8'))
    .join('');
  assert.ok(log.startsWith('#Software: Microsoft Exchange Server\r\n#Version: 15.02.'));
  assert.ok(log.includes('\r\n#Log-type: Message Tracking Log\r\n#Date: '));
  assert.ok(
    log.includes(
      '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,',
    ),
  );
  assert.match(log, /,"[^",\r\n]+, your invoice \d{4} is ready",/, 'a lure subject with a comma is quoted');
  assert.match(log, /,(Invoice #\d{4} - |INVOICE \d{4}: |RE: Invoice \d{4} for |FW: )[^,\r\n]+,/);
  const v2 = utf8('messagetrace-v2-csv').split('\r\n');
  assert.equal(
    v2[0],
    '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"',
  );
});
