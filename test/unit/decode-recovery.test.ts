/**
 * Issue 14.8: a UTF-8 file with a few invalid bytes stays UTF-8 ("Zoë" never becomes "ZoÃ«"), each
 * replaced byte noted by exact byte offset, row and line; Windows-1252 only when the bytes read as
 * such text; lone UTF-16 surrogates noted, not silently replaced.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import { scanEncoding } from '../../electron/engine/ingest/encoding-scan.js';
import { importFile } from '../../electron/engine/pipelines/import/import-file.js';
import { closeDb, openCase } from '../../electron/engine/store/db.js';
import { auditRecord, importFiles, okResult, PURVIEW_HEADER, purviewRow, writeFiles } from '../evidence-builders.js';
import { tempDir } from '../helpers.js';

/** Purview rows whose AuditData carry `Name` (row i gets names[i-1]) and `Pad` filler. */
function purviewWithNames(names: string[], pad = 0): string {
  const rows = names.map((n, i) =>
    purviewRow(JSON.stringify(auditRecord(i + 1, { Name: n, Pad: 'x'.repeat(pad) })), `r${i + 1}`),
  );
  return [PURVIEW_HEADER, ...rows].join('\r\n') + '\r\n';
}

/** The file as UTF-8 with byte `bad` put in place of the `@@` marker. */
const withByte = (text: string, bad: number[]): Buffer => {
  const [a, b] = text.split('@@') as [string, string];
  return Buffer.concat([Buffer.from(a, 'utf8'), Buffer.from(bad), Buffer.from(b, 'utf8')]);
};

function storedNames(casePath: string): string[] {
  const db = new Database(casePath, { readonly: true });
  try {
    return (
      db.prepare("SELECT json_extract(raw, '$.Name') AS n FROM audit_event ORDER BY row").all() as Array<{ n: string }>
    ).map((r) => r.n);
  } finally {
    db.close();
  }
}

for (const [where, pad] of [
  ['in the first 64 KiB', 0],
  ['past the first 64 KiB', 40_000],
] as const) {
  test(`UTF-8 with one invalid byte ${where} stays UTF-8: "Zoë" intact, the byte noted by offset, row and line`, async () => {
    const bytes = withByte(purviewWithNames(['Zoë', 'Ann', 'Bob @@ Lee', 'José'], pad), [0xff]);
    const dir = writeFiles({ 'utf8.csv': bytes });
    const { casePath, outcomes } = await importFiles([path.join(dir, 'utf8.csv')]);
    const r = okResult(outcomes[0]);
    assert.deepEqual([r.accepted, r.rejected], [4, 0]);
    assert.deepEqual(storedNames(casePath), ['Zoë', 'Ann', 'Bob \ufffd Lee', 'José']);
    const db = new Database(casePath, { readonly: true });
    const encoding = (db.prepare('SELECT encoding FROM evidence').get() as { encoding: string }).encoding;
    db.close();
    assert.equal(encoding, 'UTF-8, 1 invalid byte sequence(s) replaced');
    assert.ok(
      r.notes.includes(`byte ${bytes.indexOf(0xff)} (row 3, line 4): 0xFF replaced by U+FFFD`),
      r.notes.join('\n'),
    );
    assert.ok(r.notes.some((n) => /1 byte sequence\(s\) are not valid UTF-8; the file is read as UTF-8/.test(n)));
  });
}

test('a Windows-1252 file (no UTF-8 character, every byte 1252 text) is read as Windows-1252', async () => {
  const text = purviewWithNames(['Zoë', 'Ann', 'Müller', 'José'], 30_000);
  const dir = writeFiles({ 'ansi.csv': Buffer.from(text, 'latin1') });
  const { casePath, outcomes } = await importFiles([path.join(dir, 'ansi.csv')]);
  const r = okResult(outcomes[0]);
  assert.equal(r.rejected, 0);
  assert.deepEqual(storedNames(casePath), ['Zoë', 'Ann', 'Müller', 'José']);
  assert.ok(r.notes.some((n) => /no UTF-8 character anywhere\), and every byte is Windows-1252 text/.test(n)));
});

test('a stray 1252-looking byte in the first 64 KiB does not make a UTF-8 file Windows-1252 when UTF-8 follows', async () => {
  // The head alone looks like Windows-1252 (one 0xE9, nothing else); "Zoë" as UTF-8 comes after 64 KiB.
  const text = purviewWithNames(['caf@@', 'Ann', 'Zoë'], 40_000);
  const dir = writeFiles({ 'late.csv': withByte(text, [0xe9]) });
  const { casePath, outcomes } = await importFiles([path.join(dir, 'late.csv')]);
  okResult(outcomes[0]);
  assert.deepEqual(storedNames(casePath), ['caf\ufffd', 'Ann', 'Zoë']);
});

test('a lone UTF-16 surrogate is noted with its offset and row, the file stays UTF-16', async () => {
  const text = purviewWithNames(['Zoë', 'Ann @@', 'Bob']);
  const [a, b] = text.split('@@') as [string, string];
  const lone = Buffer.from([0x00, 0xd8]); // U+D800, little-endian, with no low surrogate after it
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(a, 'utf16le'), lone, Buffer.from(b, 'utf16le')]);
  const dir = writeFiles({ 'utf16.csv': bytes });
  const { casePath, outcomes } = await importFiles([path.join(dir, 'utf16.csv')]);
  const r = okResult(outcomes[0]);
  assert.deepEqual([r.accepted, r.rejected], [3, 0]);
  assert.deepEqual(storedNames(casePath), ['Zoë', 'Ann \ufffd', 'Bob']);
  const offset = 2 + Buffer.byteLength(a, 'utf16le');
  assert.ok(
    r.notes.includes(`byte ${offset} (row 2, line 3): lone surrogate U+D800 replaced by U+FFFD`),
    r.notes.join('\n'),
  );
});

test('the encoding scan names each ill-formed sequence once, at its first byte (as the decoder replaces it)', async () => {
  // "a", E2 82 (a cut 3-byte character) then "A", a lone continuation byte 0x80, "é" well-formed, LF, C0 (never valid).
  const dir = writeFiles({ 'x.txt': Buffer.from([0x61, 0xe2, 0x82, 0x41, 0x80, 0xc3, 0xa9, 0x0a, 0xc0]) });
  const scan = await scanEncoding(path.join(dir, 'x.txt'), { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' });
  assert.deepEqual(scan.problems, [
    { offset: 1, line: 1, what: '0xE2 0x82' },
    { offset: 4, line: 1, what: '0x80' },
    { offset: 8, line: 2, what: '0xC0' },
  ]);
  assert.equal(scan.utf8Chars, true);
  assert.equal(new TextDecoder().decode(Buffer.from([0x61, 0xe2, 0x82, 0x41, 0x80, 0xc0])), 'a\ufffdA\ufffd\ufffd');
});

test('a lone surrogate escaped in a JSON record is noted by record and line; the stored record keeps the escape', async () => {
  const records = [
    JSON.stringify(auditRecord(1, { Name: 'Zoë 😀' })), // a pair (the emoji) is no problem
    JSON.stringify(auditRecord(2)).replace('"UserLoggedIn"', '"UserLoggedIn","Name":"Ann \\ud800"'),
    JSON.stringify(auditRecord(3)).replace('"UserLoggedIn"', '"UserLoggedIn","Path":"C:\\\\ud800"'), // an escaped backslash
  ];
  const dir = writeFiles({ 'records.jsonl': records.join('\n') + '\n' });
  const { casePath, outcomes } = await importFiles([path.join(dir, 'records.jsonl')]);
  const r = okResult(outcomes[0]);
  assert.equal(r.accepted, 3);
  assert.deepEqual(
    r.notes.filter((n) => /surrogate/.test(n)),
    [
      'record 2 (line 2): lone UTF-16 surrogate \\uD800 escaped in JSON; kept as written in the stored record, ' +
        'read as U+FFFD in values taken from it',
    ],
  );
  const db = new Database(casePath, { readonly: true });
  const raw = (db.prepare('SELECT raw FROM audit_event WHERE row = 2').get() as { raw: string }).raw;
  db.close();
  assert.ok(raw.includes('"Ann \\ud800"'), 'the source text is stored as written');
});

test('the same in the parse worker (large files): bytes replaced, each noted by offset and row', async () => {
  const bytes = withByte(purviewWithNames(['Zoë', 'Ann', 'Bob @@ Lee'], 20_000), [0xc0]);
  const dir = writeFiles({ 'big.csv': bytes });
  const db = openCase(path.join(tempDir(), 'case.db'));
  try {
    const r = await importFile(db, { path: path.join(dir, 'big.csv'), parseIn: 'worker' });
    assert.deepEqual([r.accepted, r.rejected], [3, 0]);
    assert.ok(
      r.notes.includes(`byte ${bytes.indexOf(0xc0)} (row 3, line 4): 0xC0 replaced by U+FFFD`),
      r.notes.join('\n'),
    );
  } finally {
    closeDb(db);
  }
});
