import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonRecordReader, peekJsonRecords } from '../../electron/engine/ingest/json-stream.js';
import { canonicalId, parsePsHashtable, repairPsStrings } from '../../electron/engine/ingest/formats/audit-common.js';

interface Out {
  records: Array<{ value: unknown; record: number; line: number; text: string }>;
  errors: Array<{ record: number; line: number; reason: string }>;
  layout: JsonRecordReader['layout'];
}

/** Feed `text` in chunks of `chunk` characters (to cross every boundary) and collect what comes out. */
function read(text: string, chunk = text.length, maxRecordChars?: number): Out {
  const out: Out = { records: [], errors: [], layout: { arrays: 0, bareRecords: 0, unclosedArray: false } };
  const reader = new JsonRecordReader(
    {
      onRecord: (r) => out.records.push(r),
      onError: (record, line, reason) => out.errors.push({ record, line, reason }),
    },
    maxRecordChars === undefined ? {} : { maxRecordChars },
  );
  for (let i = 0; i < text.length; i += Math.max(chunk, 1)) reader.push(text.slice(i, i + chunk));
  reader.end();
  out.layout = reader.layout;
  return out;
}

const ids = (o: Out) => o.records.map((r) => (r.value as { Id: string }).Id);

test(
  'top-level array, pretty-printed with PowerShell spacing: each element is a record with its start line and ' +
    'verbatim text, whatever the chunk size',
  () => {
    const text =
      '[\r\n    {\r\n        "Id":  "a",\r\n' +
      '        "Nested":  {\r\n                       "x":  "}]"\r\n                   }\r\n    },\r\n' +
      '    {\r\n        "Id":  "b"\r\n    }\r\n]\r\n';
    for (const chunk of [text.length, 7, 1]) {
      const o = read(text, chunk);
      assert.deepEqual(ids(o), ['a', 'b'], `chunk ${chunk}`);
      assert.deepEqual(
        o.records.map((r) => [r.record, r.line]),
        [
          [1, 2],
          [2, 8],
        ],
      );
      assert.equal(o.records[1]!.text, '{\r\n        "Id":  "b"\r\n    }');
      assert.deepEqual(o.errors, []);
      assert.deepEqual(o.layout, { arrays: 1, bareRecords: 0, unclosedArray: false });
    }
  },
);

test('JSON lines with CRLF, blank lines between windows, escaped quotes and braces inside strings', () => {
  const text = '{"Id":"a","S":"q\\"{["}\r\n\r\n\r\n{"Id":"b"}\r\n{"Id":"c"}';
  const o = read(text, 3);
  assert.deepEqual(ids(o), ['a', 'b', 'c']);
  assert.deepEqual(
    o.records.map((r) => r.line),
    [1, 4, 5],
  );
  assert.deepEqual(o.layout, { arrays: 0, bareRecords: 3, unclosedArray: false });
});

test(
  'concatenated documents: arrays back to back, ' + 'a bare object between them, commas between top-level values',
  () => {
    const text = '[{"Id":"a"},{"Id":"b"}][\n{"Id":"c"}\n]\n{\n  "Id": "d"\n},\n{"Id":"e"}\n';
    const o = read(text, 5);
    assert.deepEqual(ids(o), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(o.layout, { arrays: 2, bareRecords: 2, unclosedArray: false });
  },
);

test('a JSON string record (AuditData text per line) and scalars are records too', () => {
  const o = read('"{\\"Id\\":\\"a\\"}"\n[1, null, "x"]\n');
  assert.deepEqual(
    o.records.map((r) => r.value),
    ['{"Id":"a"}', 1, null, 'x'],
  );
});

test('bad records are rejected with record number, line and reason; reading resumes at the next record', () => {
  const text = [
    '{"Id":"a"}',
    '{"Id":"bad",Operation:1}', // balanced but invalid
    '{"Id":"cut","Operation":"Sen', // cut inside a string: the line break shows it
    '{"Id":"b"}',
    '{"Id":"open","x":{"y":1}', // never closed: the next line-start `{` begins a new record
    '{"Id":"c"}',
    'garbage here',
    '{"Id":"trunc',
  ].join('\n');
  for (const chunk of [text.length, 4]) {
    const o = read(text, chunk);
    assert.deepEqual(ids(o), ['a', 'b', 'c'], `chunk ${chunk}`);
    assert.deepEqual(
      o.records.map((r) => [r.record, r.line]),
      [
        [1, 1],
        [4, 4],
        [6, 6],
      ],
    );
    assert.deepEqual(
      o.errors.map((e) => [e.record, e.line, e.reason.replace(/ \(.*\)$/, '')]),
      [
        [2, 2, 'not valid JSON'],
        [3, 3, 'line break inside a string'],
        [5, 5, 'record not closed before the next one starts on line 6'],
        [7, 7, 'not valid JSON'],
        [8, 8, 'the file ends inside this record'],
      ],
    );
  }
});

test('a cut record inside a pretty-printed array: resumes at the next record of the same indentation', () => {
  const text =
    '[\n  {\n    "Id": "a",\n    "S": "cut here\n  },\n  {\n    "Id": "b",\n    "N": {\n      "k": 1\n    }\n  }\n]\n';
  const o = read(text);
  assert.deepEqual(ids(o), ['b']);
  assert.deepEqual(
    o.errors.map((e) => [e.record, e.line]),
    [[1, 2]],
  );
  assert.equal(o.layout.unclosedArray, false);
});

test('truncated array: earlier records kept, the cut one rejected, the open array reported', () => {
  const o = read('[\n  {"Id":"a"},\n  {"Id":"b",\n   "x": [1,');
  assert.deepEqual(ids(o), ['a']);
  assert.deepEqual(
    o.errors.map((e) => [e.record, e.line, e.reason]),
    [[2, 3, 'the file ends inside this record (truncated?)']],
  );
  assert.equal(o.layout.unclosedArray, true);
});

test('an oversized record is rejected with the limit named; the next record still reads', () => {
  const big = `{"Id":"big","Pad":"${'x'.repeat(5000)}","N":{"a":[1,2,3]}}`;
  const o = read(`${big}\n{"Id":"small"}\n`, 256, 1000);
  assert.deepEqual(ids(o), ['small']);
  assert.deepEqual(
    o.errors.map((e) => [e.record, e.line, e.reason]),
    [[1, 1, 'record longer than 1000 characters']],
  );
});

test('peekJsonRecords returns the complete records of a head and ignores the cut last one', () => {
  assert.deepEqual(peekJsonRecords('[{"a":1},{"b":2},{"c":'), [{ a: 1 }, { b: 2 }]);
});

test('canonical ids ignore key order and whitespace; PowerShell @{…} strings parse back to Name/Value', () => {
  assert.equal(
    canonicalId(JSON.parse('{"b":1,"a":{"y":[1,2],"x":"s"}}')),
    canonicalId(JSON.parse('{ "a": { "x": "s", "y": [1, 2] }, "b": 1 }')),
  );
  assert.match(canonicalId({ a: 1 }), /^sha256:[0-9a-f]{64}$/);
  assert.notEqual(canonicalId({ a: 1 }), canonicalId({ a: 2 }));
  assert.deepEqual(parsePsHashtable('@{Value=Bind; Name=MailAccessType}'), { Value: 'Bind', Name: 'MailAccessType' });
  assert.deepEqual(parsePsHashtable('@{Id=LgAAAA/7a+Q=; Path=\\Inbox; FolderItems=System.Object[]}'), {
    Id: 'LgAAAA/7a+Q=',
    Path: '\\Inbox',
    FolderItems: 'System.Object[]',
  });
  assert.deepEqual(repairPsStrings({ Parameters: ['@{Name=Identity; Value=a; b}'], Other: ['plain'] }), {
    Parameters: [{ Name: 'Identity', Value: 'a; b' }],
    Other: ['plain'],
  });
});
