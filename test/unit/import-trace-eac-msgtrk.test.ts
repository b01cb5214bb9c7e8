/**
 * EAC message trace reports (C.4, UTF-16LE) and on-premises MSGTRK logs (C.5, mapped by #Fields).
 */
import assert from 'node:assert/strict';
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

test('C.4 enhanced summary (UTF-16LE): one message row per packed recipient, events as status, direction as written', async () => {
  const { results, query } = await importInto('trace/eac-enhanced-summary.csv');
  const r = results[0]!;
  assert.equal(r.format, 'eac-trace-enhanced-summary-csv');
  assert.deepEqual([r.accepted, r.rejected, r.duplicates], [5, 0, 0]);
  const [info] = query('SELECT encoding FROM evidence');
  assert.equal(info!.encoding, 'UTF-16LE with BOM');
  assert.deepEqual(query('SELECT row, time, sender, recipient, status, trace_id, direction, client_ip FROM message ORDER BY id').map((x) => Object.values(x)), [
    [1, '2024-03-04T11:40:07.123Z', 'ceo@example.com', 'vendor.ap@example.net', 'Receive, Send', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010', 'Originating', '203.0.113.45'],
    [2, '2024-03-04T10:58:41.765Z', 'vendor.ap@example.net', 'ceo@example.com', 'Receive, Deliver', '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011', 'Incoming', '198.51.100.77'],
    [2, '2024-03-04T10:58:41.765Z', 'vendor.ap@example.net', 'helpdesk7@example.com', 'Receive, Deliver', '3c1d4e5f-6071-4b8c-9dae-08dc3c1b0011', 'Incoming', '198.51.100.77'],
    // Not a plain address: kept exactly as written, never guessed.
    [3, '2024-03-04T12:01:00.000Z', 'ceo@example.com', '"Fname LName<fname.lname"@example.com', 'Receive, Fail', '4d2e5f60-7182-4c9d-aebf-08dc3c1b0012', '2', '203.0.113.45'],
    [3, '2024-03-04T12:01:00.000Z', 'ceo@example.com', 'cfo@example.com', 'Receive, Deliver', '4d2e5f60-7182-4c9d-aebf-08dc3c1b0012', '2', '203.0.113.45'],
  ]);
});

test('C.4 extended report (UTF-16LE): one row per event, status = event_id', async () => {
  const { results, query } = await importInto('trace/eac-extended.csv');
  const r = results[0]!;
  assert.equal(r.format, 'eac-trace-extended-csv');
  assert.deepEqual([r.accepted, r.rejected], [2, 0]);
  assert.deepEqual(query('SELECT time, sender, recipient, status, trace_id, size, direction, client_ip FROM message ORDER BY id').map((x) => Object.values(x)), [
    ['2024-03-04T11:40:07.512Z', 'ceo@example.com', 'vendor.ap@example.net', 'RECEIVE', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010', 21988, 'Originating', '203.0.113.45'],
    ['2024-03-04T11:40:08.903Z', 'ceo@example.com', 'vendor.ap@example.net', 'SEND', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010', 21988, 'Originating', '203.0.113.45'],
  ]);
});

test('C.5 MSGTRK 2016+ (30 fields, BOM): mapped by #Fields, a two-recipient SEND gives two rows, quoted subject with comma', async () => {
  const { results, query } = await importInto('trace/MSGTRK2024030411-1.LOG');
  const r = results[0]!;
  assert.equal(r.format, 'msgtrk-log');
  assert.deepEqual([r.accepted, r.rejected], [3, 0]);
  assert.ok(r.notes.includes('#Version 15.02.1544.004, 30 fields mapped by the #Fields line'));
  assert.deepEqual(query('SELECT row, line, time, recipient, status, subject, trace_id, client_ip FROM message ORDER BY id').map((x) => Object.values(x)), [
    [1, 6, '2024-03-04T11:40:07.512Z', 'vendor.ap@example.net', 'RECEIVE', 'Updated bank details', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010', '10.0.0.55'],
    [2, 7, '2024-03-04T11:40:08.903Z', 'vendor.ap@example.net', 'SEND', 'Re: Updated bank details, please confirm', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010', '10.0.0.55'],
    [2, 7, '2024-03-04T11:40:08.903Z', 'cfo@example.net', 'SEND', 'Re: Updated bank details, please confirm', '2b0c3d4e-5f60-4a7b-8c9d-08dc3c1b0010', '10.0.0.55'],
  ]);
  const raw = JSON.parse(query('SELECT raw FROM message ORDER BY id LIMIT 1')[0]!.raw as string) as Record<string, string>;
  assert.equal(raw['source-context'], '08DC3C1B00AA;250 2.0.0 OK;ClientSubmitTime:2024-03-04T11:40:06.950Z');
  assert.equal(raw['schema-version'], '15.02.1544.004');
});

test('C.5 MSGTRK 2010 (26 fields, no network-message-id): keyed on message-id; a short line is rejected', async () => {
  const { results, query } = await importInto('trace/MSGTRK20160405-1.LOG');
  const r = results[0]!;
  assert.equal(r.format, 'msgtrk-log');
  assert.deepEqual([r.accepted, r.rejected], [2, 1]);
  assert.deepEqual(r.rejections, [{ row: 2, line: 7, reason: 'line has 4 fields, #Fields lists 26' }]);
  assert.deepEqual(query('SELECT recipient, status, message_id, trace_id, direction FROM message ORDER BY id').map((x) => Object.values(x)), [
    ['ceo@corp.example.com', 'DELIVER', '<ab12cd34@ex2010.corp.example.com>', null, 'Originating'],
    ['cfo@corp.example.com', 'DELIVER', '<ab12cd34@ex2010.corp.example.com>', null, 'Originating'],
  ]);
});

test('another Exchange log with the same #Software line (SMTP receive protocol log) is refused, not read as MSGTRK', async () => {
  const engine = Engine.open({ casePath: path.join(tempDir(), 'case.db') });
  const [o] = await engine.call('import.files', { files: [{ path: fixture('trace/RECV2024030411-1.LOG') }] });
  engine.close();
  assert.ok(o && !o.ok);
  assert.match(o.error, /unsupported format: a text file starting "#Software: Microsoft Exchange Server"\. Supported: .*MSGTRK/);
});
