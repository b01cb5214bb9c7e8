/**
 * EAC message trace reports (UTF-16LE) and on-premises message tracking (MSGTRK logs mapped by #Fields,
 * Get-MessageTrackingLog CSV in local time).
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { unpackRecipientStatus } from '../../electron/engine/ingest/formats/trace-eac-report.js';
import { fixture, tempDir } from '../helpers.js';
import { importInto } from '../import-helpers.js';

test('recipient_status unpacking: several recipients, quotes and angle brackets inside an address', () => {
  assert.deepEqual(unpackRecipientStatus('a@x.example##Receive, Deliver;b@x.example##Receive, Fail'), [
    { address: 'a@x.example', events: 'Receive, Deliver' },
    { address: 'b@x.example', events: 'Receive, Fail' },
  ]);
  assert.deepEqual(unpackRecipientStatus('"Fname LName<fname.lname"@example.com##Receive, Fail'), [
    { address: '"Fname LName<fname.lname"@example.com', events: 'Receive, Fail' },
  ]);
});

test(
  'enhanced summary (UTF-16LE): one message row per packed recipient, ' + 'events as status, direction as written',
  async () => {
    const { results, query } = await importInto('trace/eac-enhanced-summary.csv');
    const r = results[0]!;
    assert.equal(r.format, 'eac-trace-enhanced-summary-csv');
    // 3 rows packing 1, 2 and 2 recipients.
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [5, 0, 0]);
    const [info] = query('SELECT encoding FROM evidence');
    assert.equal(info!.encoding, 'UTF-16LE with BOM');
    assert.deepEqual(
      query('SELECT row, time, sender, recipient, status, trace_id, direction, client_ip FROM message ORDER BY id').map(
        (x) => Object.values(x),
      ),
      [
        [
          1,
          '2024-03-04T11:40:07.123Z',
          'ceo@example.com',
          'vendor.ap@example.net',
          'Receive, Send',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
          'Originating',
          '203.0.113.45',
        ],
        [
          2,
          '2024-03-04T10:58:41.765Z',
          'vendor.ap@example.net',
          'ceo@example.com',
          'Receive, Deliver',
          '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011',
          'Incoming',
          '198.51.100.77',
        ],
        [
          2,
          '2024-03-04T10:58:41.765Z',
          'vendor.ap@example.net',
          'helpdesk7@example.com',
          'Receive, Deliver',
          '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011',
          'Incoming',
          '198.51.100.77',
        ],
        // Not a plain address: kept exactly as written, never guessed.
        [
          3,
          '2024-03-04T12:01:00.000Z',
          'ceo@example.com',
          '"Fname LName<fname.lname"@example.com',
          'Receive, Fail',
          '4d2e5f60-7182-4c9d-aebf-08dc3c1b0012',
          '2',
          '203.0.113.45',
        ],
        [
          3,
          '2024-03-04T12:01:00.000Z',
          'ceo@example.com',
          'cfo@example.com',
          'Receive, Deliver',
          '4d2e5f60-7182-4c9d-aebf-08dc3c1b0012',
          '2',
          '203.0.113.45',
        ],
      ],
    );
  },
);

test('extended report (UTF-16LE): one row per event, status = event_id', async () => {
  const { results, query } = await importInto('trace/eac-extended.csv');
  const r = results[0]!;
  assert.equal(r.format, 'eac-trace-extended-csv');
  assert.deepEqual([r.accepted, r.rejected], [2, 0]);
  assert.deepEqual(
    query('SELECT time, sender, recipient, status, trace_id, size, direction, client_ip FROM message ORDER BY id').map(
      (x) => Object.values(x),
    ),
    [
      [
        '2024-03-04T11:40:07.512Z',
        'ceo@example.com',
        'vendor.ap@example.net',
        'RECEIVE',
        '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
        21988,
        'Originating',
        '203.0.113.45',
      ],
      [
        '2024-03-04T11:40:08.903Z',
        'ceo@example.com',
        'vendor.ap@example.net',
        'SEND',
        '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
        21988,
        'Originating',
        '203.0.113.45',
      ],
    ],
  );
});

test(
  'MSGTRK 2016+ (30 fields, BOM): mapped by #Fields, a two-recipient SEND gives two rows, quoted subject with ' +
    'comma',
  async () => {
    const { results, query } = await importInto('trace/MSGTRK2024030411-1.LOG');
    const r = results[0]!;
    assert.equal(r.format, 'msgtrk-log');
    // Two event lines (lines 6 and 7, after 5 header lines); the second, a SEND, names two recipients.
    assert.deepEqual([r.accepted, r.rejected], [3, 0]);
    assert.ok(r.notes.includes('#Version 15.02.1544.004, 30 fields mapped by the #Fields line'));
    assert.deepEqual(
      query('SELECT row, line, time, recipient, status, subject, trace_id, client_ip FROM message ORDER BY id').map(
        (x) => Object.values(x),
      ),
      [
        [
          1,
          6,
          '2024-03-04T11:40:07.512Z',
          'vendor.ap@example.net',
          'RECEIVE',
          'Updated bank details',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
          '10.0.0.55',
        ],
        [
          2,
          7,
          '2024-03-04T11:40:08.903Z',
          'vendor.ap@example.net',
          'SEND',
          'Re: Updated bank details, please confirm',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
          '10.0.0.55',
        ],
        [
          2,
          7,
          '2024-03-04T11:40:08.903Z',
          'cfo@example.net',
          'SEND',
          'Re: Updated bank details, please confirm',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
          '10.0.0.55',
        ],
      ],
    );
    const raw = JSON.parse(query('SELECT raw FROM message ORDER BY id LIMIT 1')[0]!.raw as string) as Record<
      string,
      string
    >;
    assert.equal(raw['source-context'], '08DC3C1B00AA;250 2.0.0 OK;ClientSubmitTime:2024-03-04T11:40:06.950Z');
    assert.equal(raw['schema-version'], '15.02.1544.004');
  },
);

test('MSGTRK 2010 (26 fields, no network-message-id): rows carry the message-id and no trace id; a short line is rejected', async () => {
  const { results, query } = await importInto('trace/MSGTRK20160405-1.LOG');
  const r = results[0]!;
  assert.equal(r.format, 'msgtrk-log');
  // Line 6: one DELIVER to two recipients; line 7 has 4 fields.
  assert.deepEqual([r.accepted, r.rejected], [2, 1]);
  assert.deepEqual(r.rejections, [{ row: 2, line: 7, reason: 'line has 4 fields, #Fields lists 26' }]);
  assert.deepEqual(
    query('SELECT recipient, status, message_id, trace_id, direction FROM message ORDER BY id').map((x) =>
      Object.values(x),
    ),
    [
      ['ceo@corp.example.com', 'DELIVER', '<ab12cd34@ex2010.corp.example.com>', null, 'Originating'],
      ['cfo@corp.example.com', 'DELIVER', '<ab12cd34@ex2010.corp.example.com>', null, 'Originating'],
    ],
  );
});

test(
  'another Exchange log with the same #Software line (SMTP receive protocol log) is refused, ' + 'not read as MSGTRK',
  async () => {
    const engine = Engine.open({ casePath: path.join(tempDir(), 'case.db') });
    const [o] = await engine.call('import.files', { files: [{ path: fixture('trace/RECV2024030411-1.LOG') }] });
    await engine.close();
    assert.ok(o && !o.ok);
    assert.match(
      o.error,
      /unsupported format: a text file starting "#Software: Microsoft Exchange Server"\. Supported: .*MSGTRK/,
    );
  },
);

test(
  'extended report re-saved with culture dates: ' + 'the day/month order is decided from the whole file',
  async () => {
    const dir = tempDir();
    const file = path.join(dir, 'eac-resaved.csv');
    const header = 'date_time_utc,event_id,recipient_address,sender_address,network_message_id,message_subject';
    // The first date alone is ambiguous (4 March or 3 April); the third settles day-first.
    fs.writeFileSync(
      file,
      [
        header,
        '04/03/2024 11:40,RECEIVE,a@example.com,ceo@example.com,id-1,One',
        '05/03/2024 08:00,RECEIVE,b@example.com,ceo@example.com,id-2,Two',
        '13/03/2024 09:15,SEND,c@example.net,ceo@example.com,id-3,Three',
        '',
      ].join('\r\n'),
    );
    const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
    try {
      const [outcome] = await engine.call('import.files', { files: [{ path: file }] });
      assert.ok(outcome!.ok, outcome!.ok ? '' : outcome!.error);
      const r = outcome!.result;
      assert.deepEqual([r.accepted, r.rejected], [3, 0]);
      assert.ok(
        r.notes.some((n) => /date_time_utc dates read as day\/month\/year/.test(n)),
        r.notes.join(' | '),
      );
    } finally {
      await engine.close();
    }
    const db = new Database(path.join(dir, 'case.db'), { readonly: true });
    assert.deepEqual(
      db
        .prepare('SELECT time FROM message ORDER BY row')
        .all()
        .map((x) => (x as { time: string }).time),
      ['2024-03-04T11:40:00.000Z', '2024-03-05T08:00:00.000Z', '2024-03-13T09:15:00.000Z'],
    );
    db.close();
  },
);

test(
  'Get-MessageTrackingLog CSV (local time, no offset): the offset is inferred from UTC submit times and applied; ' +
    'lost recipients noted',
  async () => {
    const { results, query } = await importInto('trace/Get-MessageTrackingLog-CET.csv');
    const r = results[0]!;
    assert.equal(r.format, 'message-tracking-log-csv');
    assert.deepEqual([r.accepted, r.rejected], [5, 0]);
    // Rows 1, 2 and 4 carry a UTC time (ClientSubmitTime in SourceContext, or MessageInfo) one hour behind their
    // local Timestamp; row 3 carries none.
    assert.ok(
      r.notes.some((n) => n.includes('offset UTC+01:00 inferred from 3 rows')),
      r.notes.join(' | '),
    );
    assert.ok(
      r.notes.some((n) => n.startsWith('1 rows have Recipients written as a .NET type name')),
      r.notes.join(' | '),
    );
    assert.deepEqual(
      query('SELECT row, time, sender, recipient, status, trace_id FROM message ORDER BY id').map((x) =>
        Object.values(x),
      ),
      [
        [
          1,
          '2024-03-04T11:40:07.000Z',
          'ceo@example.com',
          'vendor.ap@example.net',
          'RECEIVE',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
        ],
        [
          2,
          '2024-03-04T11:40:08.000Z',
          'ceo@example.com',
          'vendor.ap@example.net',
          'SEND',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
        ],
        [
          2,
          '2024-03-04T11:40:08.000Z',
          'ceo@example.com',
          'cfo@example.net',
          'SEND',
          '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
        ],
        // No UTC of its own: the nearest hour with an anchor (12:00 local) gives +01:00.
        [
          3,
          '2024-03-04T12:05:00.000Z',
          'vendor.ap@example.net',
          null,
          'DELIVER',
          '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011',
        ],
        [
          4,
          '2024-03-13T08:00:00.000Z',
          'hr.assistant@example.com',
          'payroll@example.com',
          'RECEIVE',
          '4d2e5f60-7182-4c9d-aebf-08dc3c1b0012',
        ],
      ],
    );
  },
);

test(
  'Get-MessageTrackingLog CSV without any UTC anchor: ' + 'times stored as written, and the note says they are local',
  async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tracking-no-anchor.csv');
    const text = fs
      .readFileSync(fixture('trace/Get-MessageTrackingLog-CET.csv'), 'utf8')
      .replace(/ClientSubmitTime:[^"]*/g, '')
      .replace(/"2024-03-04T11:40:06\.950Z;/g, '"');
    fs.writeFileSync(file, text);
    const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
    try {
      const [outcome] = await engine.call('import.files', { files: [{ path: file }] });
      assert.ok(outcome!.ok, outcome!.ok ? '' : outcome!.error);
      assert.ok(
        outcome!.result.notes.some((n) => n.includes('times are stored as written, not shifted')),
        outcome!.result.notes.join(' | '),
      );
    } finally {
      await engine.close();
    }
    // Row 1's local Timestamp "3/4/2024 12:40:07 PM", unshifted.
    const db = new Database(path.join(dir, 'case.db'), { readonly: true });
    assert.equal(
      (db.prepare('SELECT time FROM message ORDER BY id LIMIT 1').get() as { time: string }).time,
      '2024-03-04T12:40:07.000Z',
    );
    db.close();
  },
);
