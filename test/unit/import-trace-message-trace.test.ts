/**
 * Message trace CSVs: Get-MessageTrace with the PS* columns, Get-MessageTraceV2 with `;` and
 * day-first dates (paged boundary duplicates) and Get-MessageTraceDetail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importInto } from '../import-helpers.js';

const MSG =
  'SELECT row, time, sender, recipient, subject, status, message_id, trace_id, size, client_ip ' +
  'FROM message ORDER BY id';

test(
  'Get-MessageTrace (remote session PS* columns, US culture): PS* columns noted, month/day decided by the 12-hour ' +
    'clock, rows stored with UTC times and FromIP as the client IP',
  async () => {
    const { results, query } = await importInto('trace/message-trace-rps.csv');
    const r = results[0]!;
    assert.equal(r.format, 'message-trace-csv');
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [2, 0, 0]);
    assert.ok(r.notes.some((n) => n.startsWith('remote PowerShell session columns')));
    assert.ok(
      r.notes.some((n) =>
        n.startsWith(
          'Received dates are ambiguous (all 2 have day and month <= 12); ' +
            'read as month/day/year because the clock is 12-hour',
        ),
      ),
    );
    assert.deepEqual(query(MSG), [
      {
        row: 1,
        time: '2024-03-04T11:40:07.000Z',
        sender: 'ceo@example.com',
        recipient: 'vendor.ap@example.net',
        subject: 'Updated bank details',
        status: 'Delivered',
        message_id: '<AM0PR01MB0009ABCD@AM0PR01MB0009.eurprd01.prod.exchangelabs.com>',
        trace_id: '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010',
        size: 21988,
        client_ip: null,
      },
      {
        row: 2,
        time: '2024-03-04T10:58:41.000Z',
        sender: 'vendor.ap@example.net',
        recipient: 'ceo@example.com',
        subject: 'RE: Invoice 4471',
        status: 'Delivered',
        message_id: '<CAFbogus0001@mail.example.net>',
        trace_id: '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011',
        size: 45210,
        client_ip: '198.51.100.77',
      },
    ]);
  },
);

test(
  'Get-MessageTraceV2 (";" delimiter, day-first culture): ' + 'boundary duplicate counted, bad date rejected',
  async () => {
    const { results, query } = await importInto('trace/message-trace-v2-semicolon.csv');
    const r = results[0]!;
    assert.equal(r.format, 'message-trace-v2-csv');
    // 5 data rows: row 3 repeats row 2 (the recipient in other case), row 5's Received is "yesterday".
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [3, 1, 1]);
    assert.ok(r.notes.includes('delimiter ";"'));
    assert.ok(r.notes.includes('Received dates read as day/month/year (a day above 12 appears in the first place)'));
    assert.deepEqual(r.rejections, [{ row: 5, line: 6, reason: 'Received "yesterday" is not a date' }]);
    assert.deepEqual(
      query('SELECT row, time, recipient, status FROM message ORDER BY id').map((x) => Object.values(x)),
      [
        [1, '2024-03-04T11:40:07.000Z', 'vendor.ap@example.net', 'Delivered'],
        [2, '2024-03-04T10:58:41.000Z', 'ceo@example.com', 'Delivered'],
        [4, '2024-03-13T08:02:00.000Z', 'cfo@example.com', 'Failed'],
      ],
    );
  },
);

test(
  'overlapping exports: the same trace rows from a V1 ' + 'and a V2 file are stored once and counted as duplicates',
  async () => {
    const { results, query } = await importInto('trace/message-trace-rps.csv', 'trace/message-trace-v2-semicolon.csv');
    const [, v2] = results;
    // The V2 file's rows 1-3 are the V1 file's 2 messages (row 3 twice); only row 4 (to cfo) is new.
    assert.deepEqual([v2!.accepted, v2!.duplicates], [1, 3]);
    assert.equal(query('SELECT COUNT(*) n FROM message')[0]!.n, 2 + 1);
  },
);

test('Get-MessageTraceDetail: one row per event with status = Event and the trace id; Data kept raw', async () => {
  const { results, query } = await importInto('trace/message-trace-detail.csv');
  const r = results[0]!;
  assert.equal(r.format, 'message-trace-detail-csv');
  assert.deepEqual([r.accepted, r.rejected], [2, 0]);
  assert.deepEqual(
    query('SELECT time, recipient, status, trace_id FROM message ORDER BY id').map((x) => Object.values(x)),
    [
      ['2024-03-04T11:40:07.000Z', 'vendor.ap@example.net', 'Receive', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010'],
      ['2024-03-04T11:40:08.000Z', 'vendor.ap@example.net', 'Send external', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010'],
    ],
  );
  const raw = JSON.parse(query('SELECT raw FROM message ORDER BY id LIMIT 1')[0]!.raw as string) as Record<
    string,
    string
  >;
  assert.equal(raw.Data, '%3CMEP%20Name%3D%22Directionality%22%20String%3D%22Originating%22%20%2F%3E');
});
