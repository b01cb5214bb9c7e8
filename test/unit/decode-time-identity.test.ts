import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { detectEncoding, EncodingFallback, readText } from '../../electron/engine/ingest/decode.js';
import { normalizeClientIp, normalizeIdentity } from '../../electron/engine/ingest/identity.js';
import { parseCultureUtc, parseIsoUtc } from '../../electron/engine/ingest/time.js';
import { tempDir } from '../helpers.js';

test('encodings: BOMs, UTF-16 without BOM, strict UTF-8, Windows-1252', () => {
  assert.deepEqual(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), { encoding: 'utf-8', bomLength: 3, label: 'UTF-8 with BOM' });
  assert.equal(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0])).encoding, 'utf-16le');
  assert.equal(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61])).encoding, 'utf-16be');
  assert.equal(detectEncoding(Buffer.from('a,b,c\r\n1,2,3', 'utf16le')).label, 'UTF-16LE without BOM');
  assert.equal(detectEncoding(Buffer.from('Zoë Müller', 'utf8')).encoding, 'utf-8');
  // "Zoë" in Windows-1252: 0xEB is not valid UTF-8 on its own.
  assert.equal(detectEncoding(Buffer.from([0x5a, 0x6f, 0xeb, 0x2c])).encoding, 'windows-1252');
  // A multi-byte character cut at the end of the sniffed head is still UTF-8.
  assert.equal(detectEncoding(Buffer.from([0x61, 0xc3])).encoding, 'utf-8');
});

test('readText decodes UTF-16LE across chunk boundaries and reports bytes read', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'u16.csv');
  const text = 'origin_timestamp_utc,sender_address\r\n' + 'x,ö@example.com\r\n'.repeat(70_000);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  let out = '';
  let last = 0;
  for await (const c of readText(file, detectEncoding(fs.readFileSync(file).subarray(0, 64)))) {
    out += c.text;
    last = c.bytesRead;
  }
  assert.equal(out, text);
  assert.equal(last, fs.statSync(file).size);
});

test('readText raises EncodingFallback when a UTF-8 guess meets an invalid byte later on', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'late.csv');
  fs.writeFileSync(file, Buffer.concat([Buffer.from('a\n'.repeat(600_000)), Buffer.from([0x5a, 0xeb, 0x0a])]));
  await assert.rejects(async () => {
    for await (const _ of readText(file, { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' })) void _;
  }, EncodingFallback);
});

test('AuditData CreationTime is UTC without Z; offsets are applied; impossible dates rejected', () => {
  assert.equal(new Date(parseIsoUtc('2024-03-04T09:15:02')!).toISOString(), '2024-03-04T09:15:02.000Z');
  assert.equal(new Date(parseIsoUtc('2024-03-04T09:17:44.0000000Z')!).toISOString(), '2024-03-04T09:17:44.000Z');
  assert.equal(new Date(parseIsoUtc('2015-10-18T15:48:15-07:00')!).toISOString(), '2015-10-18T22:48:15.000Z');
  assert.equal(parseIsoUtc('2024-02-30T00:00:00'), null);
});

test('culture dates: US with AM/PM, German dotted, slash dates only when unambiguous', () => {
  assert.equal(new Date(parseCultureUtc('12/2/2024 9:50:07 PM')!).toISOString(), '2024-12-02T21:50:07.000Z');
  assert.equal(new Date(parseCultureUtc('3/4/2024 12:05:00 AM')!).toISOString(), '2024-03-04T00:05:00.000Z');
  assert.equal(new Date(parseCultureUtc('04.03.2024 11:40:05')!).toISOString(), '2024-03-04T11:40:05.000Z');
  assert.equal(new Date(parseCultureUtc('13/03/2024 11:40:05')!).toISOString(), '2024-03-13T11:40:05.000Z');
  assert.equal(parseCultureUtc('04/03/2024 09:15:02'), null, 'd/M vs M/d cannot be told from one value');
});

test('identities and client IPs are normalized as they appear in real records', () => {
  assert.equal(normalizeIdentity('smtp:CEO@Example.com'), 'ceo@example.com');
  assert.equal(normalizeIdentity('  Discovery Management '), 'Discovery Management');
  assert.equal(normalizeIdentity(''), null);
  assert.equal(normalizeClientIp('203.0.113.45:51544'), '203.0.113.45');
  assert.equal(normalizeClientIp('[2001:DB8::abcd]:12345'), '2001:db8::abcd');
  assert.equal(normalizeClientIp('::ffff:10.11.12.13'), '10.11.12.13');
  assert.equal(normalizeClientIp('FE80::'), 'fe80::');
  assert.equal(normalizeClientIp(''), null);
});
