import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { detectEncoding, EncodingFallback, readText, readUtf8 } from '../../electron/engine/ingest/decode.js';
import { normalizeClientIp, normalizeIdentity } from '../../electron/engine/records/identity.js';
import { isoUtcText, parseCultureUtc, parseIsoUtc, toIso } from '../../electron/engine/ingest/time.js';
import { tempDir } from '../helpers.js';

test('encodings: BOMs, UTF-16 without BOM, strict UTF-8, Windows-1252', () => {
  assert.deepEqual(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), {
    encoding: 'utf-8',
    bomLength: 3,
    label: 'UTF-8 with BOM',
  });
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

test(
  'readUtf8: UTF-8 passes through whole characters across chunk boundaries; ' + 'UTF-16 and ANSI arrive as UTF-8',
  async () => {
    const dir = tempDir();
    const utf8 = path.join(dir, 'utf8.csv');
    // 3- and 4-byte characters at every offset mod 4 land on the 1 MiB chunk boundaries somewhere.
    const text = 'a,b\n' + Array.from({ length: 200_000 }, (_, i) => `${'x'.repeat(i % 4)}€😀,ö\n`).join('');
    fs.writeFileSync(utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const read = async (file: string) => {
      const parts: Buffer[] = [];
      let last = 0;
      for await (const c of readUtf8(file, detectEncoding(fs.readFileSync(file).subarray(0, 64)))) {
        assert.ok(Buffer.isBuffer(c.bytes));
        assert.equal(c.bytes.toString('utf8').includes('\ufffd'), false, 'no chunk ends inside a character');
        parts.push(Buffer.from(c.bytes));
        last = c.bytesRead;
      }
      assert.equal(last, fs.statSync(file).size);
      return Buffer.concat(parts).toString('utf8');
    };
    assert.equal(await read(utf8), text);
    const utf16 = path.join(dir, 'utf16.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.equal(await read(utf16), text);
    const ansi = path.join(dir, 'ansi.csv');
    fs.writeFileSync(ansi, Buffer.from([0x5a, 0x6f, 0xeb, 0x2c, 0x80, 0x0a]));
    let out = '';
    for await (const c of readUtf8(ansi, { encoding: 'windows-1252', bomLength: 0, label: 'Windows-1252' }))
      out += c.bytes.toString('utf8');
    assert.equal(out, 'Zoë,€\n');
  },
);

test(
  'readUtf8 raises EncodingFallback at a bad byte after many good chunks, ' + 'and at a cut final character',
  async () => {
    const dir = tempDir();
    const late = path.join(dir, 'late.csv');
    fs.writeFileSync(late, Buffer.concat([Buffer.from('a\n'.repeat(600_000)), Buffer.from([0x5a, 0xeb, 0x0a])]));
    const drain = async (file: string) => {
      for await (const _ of readUtf8(file, { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' })) void _;
    };
    await assert.rejects(drain(late), (err: unknown) => err instanceof EncodingFallback && err.byteOffset >= 1_048_576);
    const cut = path.join(dir, 'cut.csv');
    fs.writeFileSync(cut, Buffer.from([0x61, 0x0a, 0xe2, 0x82]));
    await assert.rejects(drain(cut), EncodingFallback);
  },
);

test(
  'isoUtcText: the fast path for AuditData times agrees with the general parser, ' + 'and rejects what it rejects',
  () => {
    const samples = [
      '2024-03-04T09:15:02',
      '2024-02-29T23:59:59',
      '2000-02-29T00:00:00',
      '1999-12-31T23:59:59',
      '2024-03-04T09:17:44.0000000Z',
      '2015-10-18T15:48:15-07:00',
      '2024-03-04 09:15:02',
      '2023-02-29T00:00:00',
      '1900-02-29T00:00:00',
      '2024-02-30T00:00:00',
      '2024-13-01T00:00:00',
      '2024-00-10T00:00:00',
      '2024-04-31T00:00:00',
      '2024-03-04T24:00:00',
      '2024-03-04T23:60:00',
      '2024-03-04T23:59:60',
      '2024-03-04T09:15:0x',
      '2024/03/04T09:15:02',
      '20240304T091502',
      ' 2024-03-04T09:15:02',
    ];
    for (const s of samples) {
      const ms = parseIsoUtc(s);
      assert.equal(isoUtcText(s), ms === null ? null : toIso(ms), s);
    }
    assert.equal(isoUtcText('2024-02-29T23:59:59'), '2024-02-29T23:59:59.000Z');
    assert.equal(isoUtcText('2023-02-29T00:00:00'), null);
  },
);

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
