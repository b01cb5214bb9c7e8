/**
 * Inputs for the property-based parser tests (test/unit/fuzz-parsers.test.ts): byte and text
 * generators biased towards what breaks parsers (quotes, delimiters, line breaks, brackets, bytes
 * that are not UTF-8, lone surrogates), mutations of the real-format fixtures, and evidence files
 * of a known number of records with faults that must each cost exactly one record.
 */
import fc from 'fast-check';
import { auditRecord, PURVIEW_HEADER, purviewRow } from './evidence-builders.js';

/** Runs per property: DLENS_FUZZ_RUNS when set (CI may raise it), else the property's default. */
export function runs(fallback: number): number {
  const n = Number(process.env.DLENS_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** fast-check parameters: the run count, and DLENS_FUZZ_SEED to replay a failure fast-check printed. */
export function params(fallback: number): { numRuns: number; seed?: number } {
  const seed = Number(process.env.DLENS_FUZZ_SEED);
  return { numRuns: runs(fallback), ...(Number.isInteger(seed) ? { seed } : {}) };
}

const INTERESTING = ['"', '""', ',', ';', '\t', '\n', '\r\n', '\r', '{', '}', '[', ']', ':', '\\', ' ', '#', '<', '>'];

/** Text made of CSV/JSON syntax, words and non-ASCII characters. */
export const syntaxText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(...INTERESTING),
      fc.constantFrom('a', 'Zoë', 'x@example.com', '1', 'null', 'true', '2024-03-04T09:00:00', '€', '\u202e'),
      fc.string({ maxLength: 3 }),
    ),
    maxLength,
  });

/** Bytes: text as UTF-8, with bytes that are not UTF-8 and NULs mixed in. */
export const evidenceBytes = (maxLength = 400): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.oneof(
        syntaxText(20).map((t) => Buffer.from(t, 'utf8')),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
        fc.constantFrom(Buffer.from([0xe9]), Buffer.from([0xff, 0xfe]), Buffer.from([0xc3]), Buffer.from([0])),
      ),
      { maxLength: maxLength / 10 },
    )
    .map((parts) => new Uint8Array(Buffer.concat(parts)));

/** Cut points splitting `length` into chunks (to check that chunking never changes what is read). */
export const cuts = (maxCuts = 6): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: maxCuts });

export function split(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.slice(from, p));
    from = p;
  }
  return out;
}

/** One change to a file's bytes: what real damage (and hostile editing) does. */
export type Mutation =
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'deep'; at: number; levels: number }
  | { kind: 'long'; at: number; length: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: evidenceBytes(40),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('duplicate-line' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      levels: fc.integer({ min: 900, max: 3000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('long' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 10_000, max: 200_000 }),
    }),
  },
);

export function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * bytes.length);
  switch (m.kind) {
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    case 'truncate':
      return bytes.subarray(0, at);
    case 'duplicate-line': {
      const start = bytes.lastIndexOf(10, at) + 1;
      const nl = bytes.indexOf(10, at);
      const end = nl < 0 ? bytes.length : nl + 1;
      return Buffer.concat([bytes.subarray(0, end), bytes.subarray(start, end), bytes.subarray(end)]);
    }
    case 'deep':
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from('['.repeat(m.levels) + ']'.repeat(m.levels)),
        bytes.subarray(at),
      ]);
    case 'long':
      return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(m.length, 0x78), bytes.subarray(at)]);
  }
}

/** A fault that makes one record unreadable (or a duplicate) without touching any other record. */
export type RecordFault =
  'none' | 'stray-quote-end' | 'stray-quote-cell' | 'cut' | 'bad-json' | 'duplicate' | 'deep' | 'garbage';

/** Faults for n records; the first record stays whole (formats are recognised from the first records). */
export const recordFaults = (n: number): fc.Arbitrary<RecordFault[]> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('none' as const) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'stray-quote-end',
            'stray-quote-cell',
            'cut',
            'bad-json',
            'duplicate',
            'deep',
            'garbage',
          ),
        },
      ) as fc.Arbitrary<RecordFault>,
      { minLength: n, maxLength: n },
    )
    .map((faults) => ['none' as const, ...faults.slice(1)]);

/** A file of faults.length records in `layout`, each record damaged by its fault; `garbage` is text of one line. */
export function faultyAuditFile(layout: 'csv' | 'jsonl' | 'json', faults: RecordFault[], garbage: string): string {
  const texts = faults.map((fault, i) => {
    const own = JSON.stringify(auditRecord(i + 1, { Id: `f${i + 1}` }));
    switch (fault) {
      case 'cut':
        return own.slice(0, own.length - 10);
      case 'bad-json':
        return own.replace('"Operation"', "'Operation'");
      case 'duplicate':
        return JSON.stringify(auditRecord(1, { Id: 'f1' }));
      case 'deep':
        return `${own.slice(0, -1)},"D":${'['.repeat(1200)}${']'.repeat(1200)}}`;
      default:
        return own;
    }
  });
  if (layout === 'csv') {
    const rows = texts.map((t, i) => {
      const row = purviewRow(t, `r${i + 1}`);
      if (faults[i] === 'stray-quote-end') return `${row}"`;
      if (faults[i] === 'stray-quote-cell') return row.replace('user@example.com', '"user@example.com');
      if (faults[i] === 'garbage') return `g${i + 1},${garbage.replace(/[\r\n]/g, ' ')}`;
      return row;
    });
    return [PURVIEW_HEADER, ...rows].join('\r\n') + '\r\n';
  }
  // In JSON a garbage record is a string literal holding the text (one record, not JSON syntax soup).
  const records = texts.map((t, i) => (faults[i] === 'garbage' ? JSON.stringify(garbage) : t));
  return layout === 'jsonl' ? records.join('\n') + '\n' : `[\n${records.join(',\n')}\n]\n`;
}
