import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvReader, detectDelimiter, parseCsvText } from '../../electron/engine/ingest/csv.js';

function parseInChunks(text: string, size: number, delimiter = ',') {
  const records: Array<{ fields: string[]; line: number }> = [];
  const errors: Array<{ line: number; reason: string }> = [];
  const r = new CsvReader(
    { delimiter },
    {
      onRecord: (fields, line) => records.push({ fields, line }),
      onError: (line, reason) => errors.push({ line, reason }),
    },
  );
  // Byte chunks: boundaries fall anywhere, inside multi-byte characters too.
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) r.push(Buffer.from(bytes.subarray(i, i + size)));
  r.end();
  return { records, errors };
}

test('quoted fields with doubled quotes, embedded delimiters and line breaks; each record keeps its start line', () => {
  const text = '"a","b"\r\n"x ""quoted"", y","multi\r\nline"\r\nplain,2\r\n';
  const { records, errors } = parseCsvText(text);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    records.map((r) => r.fields),
    [
      ['a', 'b'],
      ['x "quoted", y', 'multi\r\nline'],
      ['plain', '2'],
    ],
  );
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 4],
  );
});

test('the same records whatever the chunk size (1 byte, a boundary at every byte, up to 64) of a quote-heavy text', () => {
  const text = 'h1,h2,h3\n"{""a"":""b,ç""}",,"end"\r\n"x""",y,"""z"""\rlast,"",\n"tail"after,€\n';
  const whole = parseCsvText(text);
  for (const size of [1, 2, 3, 5, 7, 64]) assert.deepEqual(parseInChunks(text, size), whole, `chunk size ${size}`);
  assert.deepEqual(whole.records[1]!.fields, ['{"a":"b,ç"}', '', 'end']);
  assert.deepEqual(whole.records[2]!.fields, ['x"', 'y', '"z"']);
  assert.deepEqual(whole.records[3]!.fields, ['last', '', '']);
  assert.deepEqual(whole.records[4]!.fields, ['tailafter', '€'], 'text after a closing quote is kept');
});

test('a file without a final newline still yields its last record; blank lines are skipped', () => {
  const { records } = parseCsvText('a,b\n\n1,2');
  assert.deepEqual(
    records.map((r) => r.fields),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  );
});

test('an unterminated quote is reported and the rows it would swallow are recovered', () => {
  const text = 'id,data\n1,"broken\n2,ok\n3,fine\n';
  const { records, errors } = parseCsvText(text);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.line, 2);
  assert.match(errors[0]!.reason, /unterminated quoted field/);
  assert.deepEqual(
    records.map((r) => r.fields),
    [
      ['id', 'data'],
      ['2', 'ok'],
      ['3', 'fine'],
    ],
  );
});

test('a record longer than the limit is rejected with the limit named; the record after it still reads', () => {
  const huge = 'x'.repeat(5000);
  const text = `a,b\n1,"${huge}\n2,after\n`;
  const records: string[][] = [];
  const errors: string[] = [];
  const r = new CsvReader(
    { delimiter: ',', maxRecordBytes: 1000 },
    {
      onRecord: (f) => records.push(f),
      onError: (_l, reason) => errors.push(reason),
    },
  );
  for (let i = 0; i < text.length; i += 100) r.push(Buffer.from(text.slice(i, i + 100)));
  r.end();
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /longer than 1000 bytes/);
  assert.deepEqual(records, [
    ['a', 'b'],
    ['2', 'after'],
  ]);
});

test('semicolon and tab delimiters are detected from the header, ignoring quoted ones', () => {
  assert.equal(detectDelimiter('"a;b",c,d'), ',');
  assert.equal(detectDelimiter('Received;SenderAddress;"Sub,ject"'), ';');
  assert.equal(detectDelimiter('a\tb\tc'), '\t');
  assert.deepEqual(parseCsvText('a;b\n"1;x";2\n', ';').records[1]!.fields, ['1;x', '2']);
});
