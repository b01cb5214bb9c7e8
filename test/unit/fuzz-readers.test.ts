/**
 * Issue 14.14, the readers: property-based tests of the CSV tokenizer, the JSON record reader,
 * decoding and sniffing for any input (see fuzz-import.test.ts for every format parser end to end).
 * Bounded in time: DLENS_FUZZ_RUNS sets the runs of every property, DLENS_FUZZ_SEED replays a
 * failure. For every input: no crash, no hang (each input within a time bound), and what is read does
 * not depend on how the input is chunked.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CsvReader, parseCsvText } from '../../electron/engine/ingest/csv.js';
import { readText } from '../../electron/engine/ingest/decode.js';
import { scanEncoding } from '../../electron/engine/ingest/encoding-scan.js';
import { formatParsers } from '../../electron/engine/ingest/formats/index.js';
import { JsonRecordReader } from '../../electron/engine/ingest/json-stream.js';
import { sniffBytes } from '../../electron/engine/ingest/sniff.js';
import { cuts, evidenceBytes, params, split, syntaxText } from '../fuzz-inputs.js';
import { tempDir } from '../helpers.js';

/** No single input may take longer than this (a hang fails here, or at the test's own timeout). */
const PER_INPUT_MS = 10_000;
// A run count raised with DLENS_FUZZ_RUNS may take as long as it needs; the default runs must not.
const TIMEOUT = process.env.DLENS_FUZZ_RUNS ? {} : { timeout: 120_000 };

function timed<T>(work: () => T): T {
  const started = Date.now();
  const out = work();
  assert.ok(Date.now() - started < PER_INPUT_MS, `one input took ${Date.now() - started} ms`);
  return out;
}

type CsvEvent = ['record', number, string[]] | ['error', number, string];

function csvEvents(chunks: Uint8Array[], delimiter: string, expectFields?: number): CsvEvent[] {
  const events: CsvEvent[] = [];
  const reader = new CsvReader(
    { delimiter, maxRecordBytes: 4096 },
    {
      onRecord: (fields, line, source) => {
        events.push(['record', line, fields]);
        // What a record's source text re-reads as is the record itself.
        assert.deepEqual(parseCsvText(source(), delimiter).records[0]?.fields ?? [''], fields);
      },
      onError: (line, reason) => events.push(['error', line, reason]),
    },
  );
  if (expectFields !== undefined) reader.expectFields(expectFields);
  for (const c of chunks) reader.push(Buffer.from(c)); // the reader may rewrite its input in place
  reader.end();
  return events;
}

test(
  'CSV tokenizer: any bytes, any chunking: no crash, the same records, lines in order, sources re-read',
  TIMEOUT,
  () => {
    fc.assert(
      fc.property(evidenceBytes(600), cuts(), fc.constantFrom(',', ';', '\t'), (bytes, at, delimiter) => {
        const whole = timed(() => csvEvents([bytes], delimiter));
        assert.deepEqual(csvEvents(split(bytes, at), delimiter), whole, 'chunking changes nothing');
        for (let i = 1; i < whole.length; i++)
          assert.ok(whole[i]![1] > whole[i - 1]![1], 'records start on later lines');
      }),
      params(400),
    );
  },
);

test(
  'CSV tokenizer: a well-formed file of N rows (quotes, delimiters, line breaks in cells) reads as exactly N records',
  TIMEOUT,
  () => {
    const cell = syntaxText(30);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        (width, rows) => {
          const quote = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
          const table = rows.map((r) => r.slice(0, width));
          const text = table.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
          const events = timed(() => csvEvents([Buffer.from(text)], ',', width));
          assert.deepEqual(
            events.map((e) => e[2]),
            table,
          );
        },
      ),
      params(300),
    );
  },
);

test('JSON record reader: any text, any chunking: no crash, the same records and errors', TIMEOUT, () => {
  fc.assert(
    fc.property(syntaxText(500), cuts(), (text, at) => {
      const read = (chunks: string[]) => {
        const events: unknown[] = [];
        const reader = new JsonRecordReader(
          {
            onRecord: (r) => events.push(['record', r.record, r.line, r.text]),
            onError: (record, line, reason) => events.push(['error', record, line, reason.replace(/ \(.*\)$/, '')]),
          },
          { maxRecordChars: 4096 },
        );
        for (const c of chunks) reader.push(c);
        reader.end();
        return events;
      };
      const whole = timed(() => read([text]));
      const points = [...new Set(at.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
      const chunks = [...points, text.length].map((p, i, all) => text.slice(i === 0 ? 0 : all[i - 1], p));
      assert.deepEqual(read(chunks), whole);
    }),
    params(400),
  );
});

test(
  'JSON record reader: N values in any layout (JSON lines, arrays, pretty, back to back) read as exactly N records',
  TIMEOUT,
  () => {
    const record = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), {
      minKeys: 1,
      maxKeys: 5,
    });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 20 }),
        fc.constantFrom('jsonl', 'array', 'pretty', 'concat'),
        (values, layout) => {
          const texts = values.map((v) => JSON.stringify(v, null, layout === 'pretty' ? 2 : undefined));
          const text =
            layout === 'jsonl'
              ? texts.join('\n')
              : layout === 'concat'
                ? `[${texts.slice(0, 1).join(',')}]\n[${texts.slice(1).join(',')}]`
                : `[\n${texts.join(',\n')}\n]`;
          const got: unknown[] = [];
          const reader = new JsonRecordReader({
            onRecord: (r) => got.push(r.value),
            onError: (_n, _l, reason) => assert.fail(reason),
          });
          timed(() => {
            reader.push(text);
            reader.end();
          });
          assert.deepEqual(
            got,
            values.map((v) => JSON.parse(JSON.stringify(v)) as unknown),
          );
        },
      ),
      params(300),
    );
  },
);

test(
  'decoding: the scan lists exactly the places the decoder replaces (UTF-8 and UTF-16), and sniffing any bytes never throws',
  TIMEOUT,
  async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(evidenceBytes(600), fc.boolean(), async (bytes, utf16) => {
        const file = path.join(dir, 'bytes.txt');
        fs.writeFileSync(file, bytes);
        const encoding = {
          encoding: utf16 ? ('utf-16le' as const) : ('utf-8' as const),
          bomLength: 0,
          label: 'x',
          replaceInvalid: true,
        };
        const decoded = new TextDecoder(encoding.encoding).decode(bytes);
        const marks = [...decoded].filter((c) => c === '\ufffd').length;
        // Unless the input holds U+FFFD itself, every U+FFFD out of the decoder is one listed problem.
        const fffdInInput = Buffer.from(bytes).includes(Buffer.from('\ufffd', utf16 ? 'utf16le' : 'utf8'));
        const scan = await scanEncoding(file, encoding);
        if (!fffdInInput) assert.equal(scan.total, marks, 'one problem per replacement');
        let text = '';
        for await (const c of readText(file, encoding)) text += c.text;
        assert.equal(text, decoded);
        const sniff = sniffBytes(bytes);
        for (const p of formatParsers) p.detect(sniff);
      }),
      params(200),
    );
  },
);
