/**
 * Audit containers other than the AuditData CSV (tools' JSON and flattened CSVs, admin audit XML,
 * message trace JSON), from synthetic fixtures in the real layouts (example.com / 203.0.113.x).
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ImportOutcome } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { fixture, tempDir } from '../helpers.js';
import { importInto } from '../import-helpers.js';

const audit = (name: string) => fixture(path.join('audit', name));

function openEngine() {
  const casePath = path.join(tempDir(), 'case.db');
  return { engine: Engine.open({ casePath }), casePath };
}
function results(outcomes: ImportOutcome[]) {
  return outcomes.map((o) => (o.ok ? o.result : assert.fail(`${o.file}: ${o.error}`)));
}
async function importOne(engine: Engine, file: string) {
  const [r] = results(await engine.call('import.files', { files: [{ path: file }] }));
  return r!;
}
function rows(casePath: string, sql: string): Array<Record<string, unknown>> {
  const db = new Database(casePath, { readonly: true });
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

test('each JSON / CSV / XML container is detected from content with its own format id, and all its records read', async () => {
  const { engine } = openEngine();
  // The records in each fixture: one array element, JSON line, CSV data row or XML <Event> each;
  // admin-audit.xml has 4 events, one of them with an unreadable RunDate (rejected, see below).
  const expected: Array<[string, string, number]> = [
    ['mes-get-ual-ps7.json', 'ual-wrapper-json', 1],
    ['hawk-ps51.json', 'ual-wrapper-json', 2],
    ['mes-get-ual.jsonl', 'ual-wrapper-json', 2],
    ['auditdata-lines.jsonl', 'ual-auditdata-json', 3],
    ['graph-auditlogrecord.json', 'ual-graph-json', 1],
    ['mes-ualgraph.csv', 'ual-graph-csv', 1],
    ['hawk-simple.csv', 'hawk-simple-csv', 1],
    ['admin-audit.xml', 'exchange-admin-audit-xml', 3],
    ['message-trace-ps51.json', 'message-trace-json', 2],
  ];
  for (const [name, format, records] of expected) {
    // A fresh case each time: records shared between fixtures would otherwise count as duplicates.
    const { engine: e } = openEngine();
    const r = await importOne(e, audit(name));
    assert.equal(r.format, format, name);
    assert.equal(r.accepted + r.duplicates, records, name);
    await e.close();
  }
  await engine.close();
});

test(
  'Extractor-Suite Get-UAL JSON (nested AuditData object): ' + 'normalized like the CSV, raw is the AuditData object',
  async () => {
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, audit('mes-get-ual-ps7.json'));
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [1, 0, 0]);
    await engine.close();
    const [row] = rows(casePath, 'SELECT * FROM audit_event');
    assert.equal(row!.record_id, '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001');
    assert.equal(row!.time, '2024-03-04T09:15:02.000Z');
    assert.equal(row!.operation, 'Add-MailboxPermission');
    assert.equal(row!.record_type, 1);
    assert.equal(row!.actor, 'it-admin@example.com');
    assert.equal(row!.target, 'ceo@example.com');
    assert.equal(row!.client_ip, '203.0.113.45');
    assert.deepEqual([row!.row, row!.line], [1, 2]);
    assert.deepEqual(JSON.parse(row!.parameters as string), {
      Identity: 'ceo@example.com',
      User: 'helpdesk7@example.com',
      AccessRights: 'FullAccess',
      InheritanceType: 'All',
      AutoMapping: 'False',
    });
    assert.equal(
      (JSON.parse(row!.raw as string) as { SessionId: string }).SessionId,
      '6b0f9a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    );
  },
);

test(
  'Hawk ConvertTo-Json under Windows PowerShell 5.1: BOM, 4-space "key":  value layout, \\/Date()\\/ wrapper dates, ' +
    'AuditData as a string',
  async () => {
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, audit('hawk-ps51.json'));
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [2, 0, 0]);
    assert.equal((await engine.call('case.info', {})).evidence[0]!.encoding, 'UTF-8 with BOM');
    await engine.close();
    const got = rows(casePath, 'SELECT record_id, time, operation, raw FROM audit_event ORDER BY time');
    assert.deepEqual(
      got.map((x) => [x.record_id, x.time, x.operation]),
      [
        ['3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001', '2024-03-04T09:15:02.000Z', 'Add-MailboxPermission'],
        ['7a2d3b4c-5e6f-4a1b-8c9d-08dc3c1a0002', '2024-03-04T09:17:44.000Z', 'Set-Mailbox'],
      ],
    );
    assert.match(
      got[0]!.raw as string,
      /Hosted Organizations\\\/example/,
      'the AuditData string is kept verbatim, \\/ escapes and all',
    );
  },
);

test(
  'JSON lines: DFIR-O365RC AuditData lines, ' +
    'Extractor-Suite JSONL wrappers and Goose (Python spacing) all dedupe by Id',
  async () => {
    const { engine } = openEngine();
    const [lines, wrappers, goose] = results(
      await engine.call('import.files', {
        files: [
          { path: audit('auditdata-lines.jsonl') },
          { path: audit('mes-get-ual.jsonl') },
          { path: audit('goose-ual.json') },
        ],
      }),
    );
    assert.deepEqual([lines!.accepted, lines!.rejected, lines!.duplicates], [3, 0, 0]);
    // mes-get-ual.jsonl holds records …0003 and …0004 of the lines file; Goose re-serialised all three.
    assert.deepEqual([wrappers!.accepted, wrappers!.rejected, wrappers!.duplicates], [0, 0, 2]);
    assert.deepEqual([goose!.accepted, goose!.rejected, goose!.duplicates], [0, 0, 3]);
    assert.equal((await engine.call('case.info', {})).counts.auditEvents, 3);
    await engine.close();
  },
);

test('the same UAL record through a CSV and a JSON container is stored once (same Id)', async () => {
  const { engine } = openEngine();
  const csv = await importOne(engine, fixture('purview-new-fullaccess.csv'));
  assert.equal(csv.accepted, 4);
  // Record 3f1c…0001 (Add-MailboxPermission) is in the Purview CSV; the JSON array carries it again.
  const json = await importOne(engine, audit('mes-get-ual-ps7.json'));
  assert.deepEqual([json.accepted, json.rejected, json.duplicates], [0, 0, 1]);
  // And through the Graph CSV (multi-line auditData cell) and Graph JSON.
  const graphCsv = await importOne(engine, audit('mes-ualgraph.csv'));
  assert.deepEqual([graphCsv.accepted, graphCsv.duplicates], [0, 1]);
  const graphJson = await importOne(engine, audit('graph-auditlogrecord.json'));
  assert.deepEqual([graphJson.accepted, graphJson.duplicates], [0, 1]);
  assert.equal((await engine.call('case.info', {})).counts.auditEvents, 4);
  await engine.close();
});

test('concatenated output: two arrays and a bare single-record window in one file, each record at its line', async () => {
  const { engine, casePath } = openEngine();
  const r = await importOne(engine, audit('concatenated.json'));
  assert.deepEqual([r.accepted, r.rejected, r.duplicates], [4, 0, 0]);
  assert.ok(r.notes.includes('2 JSON arrays back to back (concatenated output)'));
  await engine.close();
  // Each wrapper object opens on the line before its "RecordType": "<name>" (the first key; the nested
  // AuditData RecordType is a number): lines 2, 50, 99 and 146 of the fixture.
  const text = fs.readFileSync(audit('concatenated.json'), 'utf8').split('\r\n');
  const starts = text.flatMap((l, i) => (/^\s*"RecordType": "/.test(l) ? [i] : []));
  assert.deepEqual(starts, [2, 50, 99, 146]);
  assert.deepEqual(
    rows(casePath, 'SELECT row, line, operation FROM audit_event ORDER BY row').map((x) => [
      x.row,
      x.line,
      x.operation,
    ]),
    [
      [1, starts[0], 'ModifyFolderPermissions'],
      [2, starts[1], 'SendAs'],
      [3, starts[2], 'Set-Mailbox'],
      [4, starts[3], 'Add-MailboxPermission'],
    ],
  );
});

test('broken JSON lines: every bad record rejected with row, line and reason; good records import', async () => {
  const { engine } = openEngine();
  const r = await importOne(engine, audit('broken.jsonl'));
  assert.equal(r.accepted, 3);
  assert.deepEqual(
    r.rejections.map((x) => [x.row, x.line, x.reason.replace(/ \(.*\)$/, '')]),
    [
      [2, 3, 'not valid JSON'], // unquoted key
      [3, 4, 'line break inside a string'], // line cut short; reading resumes on line 5
      [5, 6, 'record not closed before the next one starts on line 7'],
      [7, 8, 'record has no Operation'], // valid JSON, not an audit record
      [8, 9, 'not valid JSON'], // a line of prose
      [9, 10, 'the file ends inside this record'], // truncated last line
    ],
  );
  const stored = await engine.call('evidence.rejections', {
    evidenceId: (await engine.call('case.info', {})).evidence[0]!.id,
  });
  assert.equal(stored.length, 6, 'every rejection above is stored with its raw text');
  assert.match(stored[1]!.raw, /^\{"CreationTime":"2024-03-04T10:06:00","Id":"cut-0001"/);
  await engine.close();
});

test('Get-UALGraph CSV: the pretty-printed multi-line auditData cell is one record', async () => {
  const { engine, casePath } = openEngine();
  const r = await importOne(engine, audit('mes-ualgraph.csv'));
  assert.deepEqual([r.accepted, r.rejected], [1, 0]);
  await engine.close();
  const [row] = rows(casePath, 'SELECT row, line, record_type, target, parameters, raw FROM audit_event');
  assert.deepEqual([row!.row, row!.line, row!.record_type, row!.target], [1, 2, 1, 'ceo@example.com']);
  assert.deepEqual(JSON.parse(row!.parameters as string), {
    Identity: 'ceo@example.com',
    User: 'helpdesk7@example.com',
    AccessRights: 'FullAccess',
  });
  assert.match(row!.raw as string, /^\{\r\n {2}"CreationTime": "2024-03-04T09:15:02",/);
});

test('Hawk Simple_* CSV: parameters rebuilt from ParameterString and Param_* columns; row kept as raw', async () => {
  const { engine, casePath } = openEngine();
  const r = await importOne(engine, audit('hawk-simple.csv'));
  assert.deepEqual([r.accepted, r.rejected], [1, 0]);
  await engine.close();
  const [row] = rows(casePath, 'SELECT * FROM audit_event');
  assert.equal(row!.record_id, '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001');
  assert.equal(row!.time, '2024-03-04T09:15:02.000Z');
  assert.deepEqual(
    [row!.record_type, row!.user_type, row!.actor, row!.target],
    [1, 2, 'it-admin@example.com', 'ceo@example.com'],
  );
  assert.deepEqual(JSON.parse(row!.parameters as string), {
    Identity: 'ceo@example.com',
    User: 'helpdesk7@example.com',
    AccessRights: 'FullAccess',
    InheritanceType: 'All',
    AutoMapping: 'False',
  });
  assert.equal(
    (JSON.parse(row!.raw as string) as Record<string, string>).FullCommand,
    'Add-MailboxPermission -Identity ceo@example.com -User helpdesk7@example.com ' +
      '-AccessRights FullAccess -InheritanceType All -AutoMapping $false',
  );
});

test(
  'Hawk Simple_* CSV: a parameter the first record lacked survives through ParameterString; a culture CreationTime ' +
    'is decided per file',
  async () => {
    const dir = tempDir();
    const file = path.join(dir, 'Simple_Forwarding_Changes.csv');
    fs.writeFileSync(
      file,
      [
        '"CreationTime","Workload","RecordType","Operation","ResultStatus","UserId","Id","ParameterString","Param_Identity"',
        '"04.03.2024 09:17:44","Exchange","1","Set-Mailbox","True","it-admin@example.com","7a2d3b4c-5e6f-4a1b-8c9d-08dc3c1a0002","Identity=ceo@example.com | GrantSendOnBehalfTo=helpdesk7@example.com","ceo@example.com"',
        '"13.03.2024 10:00:00","Exchange","1","Set-Mailbox","True","it-admin@example.com","7a2d3b4c-5e6f-4a1b-8c9d-08dc3c1a0099","Identity=cfo@example.com | ForwardingSmtpAddress=smtp:x@example.net | y","cfo@example.com"',
        '',
      ].join('\r\n'),
    );
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, file);
    assert.deepEqual([r.accepted, r.rejected], [2, 0]);
    assert.ok(
      r.notes.some((n) => /day\/month\/year/.test(n)),
      r.notes.join('; '),
    );
    await engine.close();
    const got = rows(casePath, 'SELECT time, parameters FROM audit_event ORDER BY time');
    assert.deepEqual(
      got.map((x) => [x.time, JSON.parse(x.parameters as string) as unknown]),
      [
        ['2024-03-04T09:17:44.000Z', { Identity: 'ceo@example.com', GrantSendOnBehalfTo: 'helpdesk7@example.com' }],
        ['2024-03-13T10:00:00.000Z', { Identity: 'cfo@example.com', ForwardingSmtpAddress: 'smtp:x@example.net | y' }],
      ],
    );
  },
);

test(
  'on-prem admin audit XML: RunDate offset converted to UTC, ' +
    'entities decoded, hashed ids stable across re-imports',
  async () => {
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, audit('admin-audit.xml'));
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [3, 1, 0]);
    assert.deepEqual(
      r.rejections.map((x) => [x.row, x.line, x.reason]),
      [[4, 29, 'RunDate "yesterday" is not an ISO-8601 timestamp']],
    );
    // Same events, different bytes (LF endings, other indentation): every event is a duplicate.
    const copy = path.join(tempDir(), 'copy.xml');
    fs.writeFileSync(
      copy,
      fs.readFileSync(audit('admin-audit.xml'), 'utf8').replaceAll('\r\n', '\n').replaceAll('  <', '<'),
    );
    const again = await importOne(engine, copy);
    assert.deepEqual([again.accepted, again.rejected, again.duplicates], [0, 1, 3]);
    await engine.close();
    const got = rows(
      casePath,
      'SELECT record_id, time, operation, actor, target, parameters, raw FROM audit_event ORDER BY time',
    );
    assert.ok(got.every((x) => /^sha256:[0-9a-f]{64}$/.test(x.record_id as string)));
    assert.deepEqual(
      got.map((x) => [x.time, x.operation, x.actor, x.target]),
      [
        ['2024-03-04T09:15:02.000Z', 'Add-MailboxPermission', 'example.com/Users/it-admin', 'ceo@example.com'],
        ['2024-03-04T09:17:44.000Z', 'Set-Mailbox', 'example.com/Users/it-admin', 'ceo@example.com'],
        [
          '2024-03-04T10:40:05.000Z',
          'New-InboxRule',
          'example.com/Users/helpdesk7',
          'example.com/Users/CEO\\Invoices & Payments',
        ],
      ],
    );
    assert.deepEqual(JSON.parse(got[2]!.parameters as string), {
      Mailbox: 'ceo@example.com',
      Name: 'Invoices & Payments',
      SubjectContainsWords: '"invoice"',
      ForwardTo: 'vendor.ap@example.net',
    });
    const raw = JSON.parse(got[1]!.raw as string) as {
      RunDate: string;
      SourceXml: string;
      ModifiedProperties: unknown[];
    };
    assert.equal(raw.RunDate, '2024-03-04T02:17:44-07:00');
    assert.match(raw.SourceXml, /^<Event Caller="example.com\/Users\/it-admin" Cmdlet="Set-Mailbox"[\s\S]*<\/Event>$/);
    assert.deepEqual(raw.ModifiedProperties, [
      { Name: 'GrantSendOnBehalfTo', OldValue: '', NewValue: 'example.com/Users/Helpdesk 7' },
    ]);
  },
);

test('admin audit XML cut mid-event: earlier events kept, the cut one rejected', async () => {
  const file = path.join(tempDir(), 'cut.xml');
  const text = fs.readFileSync(audit('admin-audit.xml'), 'utf8');
  fs.writeFileSync(file, text.slice(0, text.indexOf('<Parameter Name="GrantSendOnBehalfTo"')));
  const { engine } = openEngine();
  const r = await importOne(engine, file);
  assert.deepEqual([r.accepted, r.rejected], [1, 1]);
  assert.deepEqual(
    r.rejections.map((x) => [x.row, x.line, x.reason]),
    [[2, 12, 'the file ends inside this event (truncated?)']],
  );
  await engine.close();
});

test(
  'message trace JSON (Get-MessageTrace | ConvertTo-Json | Out-File, 5.1): UTF-16LE, \\/Date()\\/ times, natural-key ' +
    'dedupe',
  async () => {
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, audit('message-trace-ps51.json'));
    assert.deepEqual([r.format, r.accepted, r.rejected, r.duplicates], ['message-trace-json', 2, 0, 0]);
    assert.equal((await engine.call('case.info', {})).evidence[0]!.encoding, 'UTF-16LE with BOM');
    const copy = path.join(tempDir(), 'again.json');
    fs.writeFileSync(
      copy,
      fs
        .readFileSync(audit('message-trace-ps51.json'))
        .toString('utf16le')
        .replace(/^\uFEFF/, '')
        .replaceAll('\r\n', '\n'),
    );
    const again = await importOne(engine, copy);
    assert.deepEqual([again.accepted, again.duplicates], [0, 2]);
    await engine.close();
    const got = rows(
      casePath,
      'SELECT time, sender, recipient, subject, status, message_id, trace_id, size, client_ip ' +
        'FROM message ORDER BY time',
    );
    // Received \/Date(1709549921000)\/ and \/Date(1709552407000)\/ in the fixture: 10:58:41 and 11:40:07 UTC.
    assert.deepEqual(got[0], {
      time: '2024-03-04T10:58:41.000Z',
      sender: 'vendor.ap@example.net',
      recipient: 'ceo@example.com',
      subject: 'RE: Invoice 4471',
      status: 'Delivered',
      message_id: '<CAFbogus0001@mail.example.net>',
      trace_id: '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011',
      size: 45210,
      client_ip: '198.51.100.77',
    });
    assert.equal(got[1]!.time, '2024-03-04T11:40:07.000Z');
  },
);

test('Defender RawEventData with PowerShell-stringified Parameters is read as AuditData', async () => {
  const file = path.join(tempDir(), 'hunting.json');
  const rawEvent = {
    CreationTime: '2024-03-04T09:15:02',
    Id: '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001',
    Operation: 'Add-MailboxPermission',
    RecordType: 1,
    UserId: 'it-admin@example.com',
    ObjectId: 'ceo',
    Parameters: [
      '@{Name=Identity; Value=ceo@example.com}',
      '@{Name=User; Value=helpdesk7@example.com}',
      '@{Name=AccessRights; Value=FullAccess}',
    ],
  };
  fs.writeFileSync(
    file,
    JSON.stringify({
      Timestamp: '2024-03-04T09:15:02Z',
      ActionType: 'Add-MailboxPermission',
      Application: 'Microsoft Exchange Online',
      ReportId: '1_20893_3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001',
      RawEventData: rawEvent,
    }) + '\r\n',
  );
  const { engine, casePath } = openEngine();
  const r = await importOne(engine, file);
  assert.deepEqual([r.format, r.accepted], ['defender-hunting-json', 1]);
  await engine.close();
  const [row] = rows(casePath, 'SELECT record_id, target, parameters FROM audit_event');
  assert.equal(row!.record_id, '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001');
  assert.equal(row!.target, 'ceo@example.com');
  assert.deepEqual(JSON.parse(row!.parameters as string), {
    Identity: 'ceo@example.com',
    User: 'helpdesk7@example.com',
    AccessRights: 'FullAccess',
  });
});

test('JSON that is none of these shapes is refused as unsupported, like any unknown file', async () => {
  const dir = tempDir();
  const files = [
    ['fruit.json', '[{"Name":"Apple","Colour":"Red"}]'],
    ['fruit.jsonl', '{"Name":"Apple"}\n{"Name":"Pear"}\n'],
    ['other.xml', '<?xml version="1.0"?>\n<Catalog><Book Id="1"/></Catalog>\n'],
  ].map(([name, body]) => {
    const p = path.join(dir, name!);
    fs.writeFileSync(p, body!);
    return { path: p };
  });
  const { engine } = openEngine();
  const outcomes = await engine.call('import.files', { files });
  assert.deepEqual(
    outcomes.map((o) => (o.ok ? 'ok' : o.error.replace(/:.*$/s, ''))),
    ['fruit.json', 'fruit.jsonl', 'other.xml'],
  );
  assert.ok(outcomes.every((o) => !o.ok && /unsupported format/.test(o.error)));
  assert.match(outcomes[0]!.ok ? '' : outcomes[0]!.error, /a JSON file whose records are not a supported export/);
  await engine.close();
});

test(
  'Sentinel OfficeActivity CSV without the corpus: ambiguous US dates with milliseconds, multi-line Parameters, row ' +
    'kept as raw',
  async () => {
    const file = path.join(tempDir(), 'office_activity.csv');
    const params =
      '[\n  {\n    "Name": "Identity",\n    "Value": "ceo@example.com"\n  },\n' +
      '  {\n    "Name": "User",\n    "Value": "helpdesk7@example.com"\n  }\n]';
    fs.writeFileSync(
      file,
      `\uFEFF${[
        'TenantId,RecordType,"TimeGenerated [UTC]",Operation,UserType,OfficeWorkload,ResultStatus,OfficeObjectId,UserId,UserId_,ClientIP,Parameters,OfficeId,Type',
        `11111111-2222-3333-4444-555555555555,ExchangeAdmin,"3/1/2024, 3:31:59.782 AM",Add-MailboxPermission,Admin,Exchange,TRUE,ceo,it-admin@example.com,it-admin@example.com,203.0.113.45:51544,"${params.replaceAll('"', '""')}",3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001,OfficeActivity`,
        '11111111-2222-3333-4444-555555555555,ExchangeItem,"3/2/2024, 1:05:00.000 PM",SendAs,Regular,Exchange,Succeeded,,helpdesk7@example.com,,203.0.113.45,,6e7f8091-a2b3-4c4d-9e5f-08dc3c1a0004,OfficeActivity',
        '',
      ].join('\n')}`,
    );
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, file);
    assert.deepEqual([r.format, r.accepted, r.rejected], ['sentinel-officeactivity-csv', 2, 0]);
    // Day and month are both <= 12 everywhere: the 12-hour clock decides month/day (not the ".782").
    assert.ok(
      r.notes.some((n) => /month\/day\/year because the clock is 12-hour/.test(n)),
      r.notes.join('; '),
    );
    await engine.close();
    const got = rows(
      casePath,
      'SELECT record_id, time, record_type, user_type, actor, target, client_ip, parameters, raw ' +
        'FROM audit_event ORDER BY time',
    );
    assert.deepEqual(
      got.map((x) => [x.record_id, x.time, x.record_type, x.user_type, x.actor, x.target, x.client_ip]),
      [
        [
          '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001',
          '2024-03-01T03:31:59.782Z',
          1,
          2,
          'it-admin@example.com',
          'ceo@example.com',
          '203.0.113.45',
        ],
        [
          '6e7f8091-a2b3-4c4d-9e5f-08dc3c1a0004',
          '2024-03-02T13:05:00.000Z',
          2,
          0,
          'helpdesk7@example.com',
          null,
          '203.0.113.45',
        ],
      ],
    );
    assert.deepEqual(JSON.parse(got[0]!.parameters as string), {
      Identity: 'ceo@example.com',
      User: 'helpdesk7@example.com',
    });
    assert.equal(
      (JSON.parse(got[0]!.raw as string) as Record<string, string>)['TimeGenerated [UTC]'],
      '3/1/2024, 3:31:59.782 AM',
    );
  },
);

test(
  'Hawk flattened records written as JSON (Out-MultipleFileType -json): ' + 'same rebuild as the Simple_* CSV',
  async () => {
    const file = path.join(tempDir(), 'Simple_Mailbox_Permission_Change.json');
    const record = {
      CreationTime: '2024-03-04T09:15:02',
      Workload: 'Exchange',
      RecordType: 1,
      Operation: 'Add-MailboxPermission',
      ResultStatus: 'True',
      ClientIP: '203.0.113.45:51544',
      UserId: 'it-admin@example.com',
      Id: '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001',
      UserType: 2,
      ObjectId: 'ceo',
      ParameterString: 'Identity=ceo@example.com | User=helpdesk7@example.com | AccessRights=FullAccess',
      Param_AccessRights: 'FullAccess',
      Param_Identity: 'ceo@example.com',
      Param_User: 'helpdesk7@example.com',
    };
    fs.writeFileSync(file, JSON.stringify([record], null, 4));
    const { engine, casePath } = openEngine();
    const r = await importOne(engine, file);
    assert.deepEqual([r.format, r.accepted, r.rejected], ['hawk-simple-json', 1, 0]);
    await engine.close();
    const [row] = rows(casePath, 'SELECT target, parameters FROM audit_event');
    assert.equal(row!.target, 'ceo@example.com');
    assert.deepEqual(JSON.parse(row!.parameters as string), {
      Identity: 'ceo@example.com',
      User: 'helpdesk7@example.com',
      AccessRights: 'FullAccess',
    });
  },
);

test(
  'mailbox audit JSON (Search-MailboxAuditLog -ShowDetails): delegate actions by SID, owner logons by UPN, ' +
    'a bad LastAccessed rejected, content ids dedupe',
  async () => {
    const { results, query } = await importInto('audit/mailbox-audit-showdetails.json');
    const r = results[0]!;
    assert.equal(r.format, 'mailbox-audit-json');
    // 4 entries; the HardDelete one has LastAccessed "yesterday".
    assert.deepEqual([r.accepted, r.rejected], [3, 1]);
    assert.match(r.rejections[0]!.reason, /LastAccessed "yesterday" is not a timestamp/);
    // Of the 3 good entries only the SendAs one ("2024-03-04T11:40:05") has neither an offset nor \/Date()\/.
    assert.ok(
      r.notes.some((n) => n.startsWith('1 LastAccessed values carry no UTC offset')),
      r.notes.join(' | '),
    );
    assert.deepEqual(
      query(
        'SELECT time, record_type, operation, actor, target, client_ip, substr(record_id, 1, 7) AS id ' +
          'FROM audit_event ORDER BY time',
      ).map((x) => Object.values(x)),
      [
        [
          '2024-03-04T08:02:11.000Z',
          2,
          'MailboxLogin',
          'ceo@example.com',
          'ceo@example.com',
          '198.51.100.23',
          'sha256:',
        ],
        [
          '2024-03-04T11:40:05.000Z',
          2,
          'SendAs',
          'S-1-5-21-1000000001-2000000002-3000000003-2222',
          'ceo@example.com',
          '203.0.113.45',
          'sha256:',
        ],
        [
          '2024-03-04T11:50:00.000Z',
          2,
          'UpdateInboxRules',
          'S-1-5-21-1000000001-2000000002-3000000003-2222',
          'ceo@example.com',
          '203.0.113.45',
          'sha256:',
        ],
      ],
    );
    assert.deepEqual(
      query('SELECT alias, principal_key FROM principal_alias ORDER BY alias').map((x) => Object.values(x)),
      [
        ['Chief Executive', 'ceo@example.com'],
        ['S-1-5-21-1000000001-2000000002-3000000003-1111', 'ceo@example.com'],
      ],
    );

    // The same entries collected again, written as compact JSON lines: stored once.
    const dir = tempDir();
    const lines = path.join(dir, 'MailboxAuditLog_again.json');
    const records = JSON.parse(fs.readFileSync(fixture('audit/mailbox-audit-showdetails.json'), 'utf8')) as unknown[];
    fs.writeFileSync(
      lines,
      records
        .slice(0, 3)
        .map((x) => JSON.stringify(x))
        .join('\n') + '\n',
    );
    const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
    try {
      const outcomes = await engine.call('import.files', {
        files: [{ path: fixture('audit/mailbox-audit-showdetails.json') }, { path: lines }],
      });
      const again = outcomes[1]!;
      assert.ok(again.ok);
      assert.deepEqual([again.result.accepted, again.result.duplicates], [0, 3]);
    } finally {
      await engine.close();
    }
  },
);

test(
  'Sparrow flattened CSV: records rebuilt with their own Ids, a row without CreationTime rejected, and the Mail.Read ' +
    'consent in its ModifiedProperties JSON cell is a finding citing its row',
  async () => {
    const dir = tempDir();
    const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
    try {
      const [outcome] = await engine.call('import.files', {
        files: [{ path: fixture('audit/sparrow-consent-operations.csv') }],
      });
      assert.ok(outcome!.ok, outcome!.ok ? '' : outcome!.error);
      const r = outcome!.result;
      assert.equal(r.format, 'ual-flat-csv');
      assert.deepEqual([r.accepted, r.rejected], [2, 1]);
      assert.match(r.rejections[0]!.reason, /record has no CreationTime/);
      const findings = await engine.call('findings.list', {});
      const consent = findings.find(
        (f) => f.title.includes('Invoice Helper') && /Mail\.Read/.test(f.title + f.summary),
      );
      assert.ok(consent, `a finding for the consent: ${findings.map((f) => f.title).join(' | ')}`);
      const evidence = await engine.call('findings.evidence', { findingId: consent.id });
      assert.ok(
        JSON.stringify(evidence).includes('8a7b6c5d-4e3f-4a2b-9c1d-08dc3c1a0101'),
        'the finding cites the Sparrow row',
      );
    } finally {
      await engine.close();
    }
    const db = new Database(path.join(dir, 'case.db'), { readonly: true });
    assert.deepEqual(
      db
        .prepare('SELECT record_id, time, operation, actor FROM audit_event ORDER BY time')
        .all()
        .map((x) => Object.values(x as object) as unknown[]),
      [
        [
          '8a7b6c5d-4e3f-4a2b-9c1d-08dc3c1a0101',
          '2024-03-04T10:12:44.000Z',
          'Consent to application.',
          'it-admin@example.com',
        ],
        [
          '8a7b6c5d-4e3f-4a2b-9c1d-08dc3c1a0102',
          '2024-03-04T10:15:02.000Z',
          'Add service principal.',
          'it-admin@example.com',
        ],
      ],
    );
    db.close();
  },
);

test(
  'saved Microsoft Graph response pages ({"@odata.context", "value": [...]}): each element is a record, pages back ' +
    'to back',
  async () => {
    const dir = tempDir();
    const records = JSON.parse(fs.readFileSync(audit('graph-auditlogrecord.json'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    const second = {
      ...records[0]!,
      id: '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0a02',
      auditData: { ...(records[0]!.auditData as object), Id: '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0a02' },
    };
    const context = "https://graph.microsoft.com/v1.0/$metadata#security/auditLog/queries('q1')/records";
    const file = path.join(dir, 'records-pages.json');
    // A paging loop appending each response: a page with a nextLink, then the last page.
    fs.writeFileSync(
      file,
      JSON.stringify({
        '@odata.context': context,
        value: records,
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/…&$skiptoken=x',
      }) +
        '\n' +
        JSON.stringify({ '@odata.context': context, value: [second, { id: 'broken' }] }) +
        '\n',
    );
    const { engine } = openEngine();
    const r = await importOne(engine, file);
    await engine.close();
    assert.equal(r.format, 'ual-graph-json');
    assert.deepEqual([r.accepted, r.rejected], [records.length + 1, 1]);
    assert.deepEqual(
      r.rejections.map((x) => [x.row, x.line]),
      [[records.length + 2, 2]],
    );
    assert.ok(
      r.notes.some((n) => n.startsWith('2 Microsoft Graph response page(s)')),
      r.notes.join(' | '),
    );
  },
);
