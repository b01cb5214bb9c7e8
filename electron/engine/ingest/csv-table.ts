/**
 * Reading a CSV evidence file as rows of named columns: skips PowerShell's `#TYPE` line, takes the
 * header, numbers data rows from 1, and rejects records with fewer fields than the header (a cut
 * row must not shift values into the wrong columns). Every CSV format parser builds on this.
 */
import { RowError } from './audit-record.js';
import { CsvReader } from './csv.js';
import { DateFormatDecider, type DateOrder } from './culture-dates.js';
import { readUtf8 } from './decode.js';
import type { ParseContext } from './format.js';

export interface CsvRow {
  /** 1-based data record number. */
  row: number;
  line: number;
  fields: string[];
  /** Value of a column by name, case-insensitively; undefined when the file has no such column. */
  get(name: string): string | undefined;
  /** The record as header name -> value, verbatim (stored as the row's raw source). */
  record(): Record<string, string>;
  /** The record's CSV text as written (kept with a rejection); valid while the row is being handled. */
  source(): string;
}

export interface CsvTable {
  header: string[];
}

/**
 * Stream `ctx.path` as CSV rows. A RowError thrown by `onRow` rejects that row with its message and
 * the import goes on (so does a RangeError: recursion out of stack on a pathological row); any other
 * error ends the file. A rejected row keeps its CSV text as written.
 */
export async function readCsvTable(ctx: ParseContext, onRow: (row: CsvRow) => void): Promise<CsvTable> {
  if (ctx.sniff.kind !== 'csv') throw new Error('readCsvTable needs a CSV sniff');
  const { sink } = ctx;
  let header: string[] | null = null;
  let index = new Map<string, number>();
  let row = 0;
  let first = true;
  // Parsers ask for the same few names on every row: remember each name's column as asked.
  const asked = new Map<string, number | undefined>();
  const columnOf = (name: string): number | undefined => {
    if (asked.has(name)) return asked.get(name);
    const i = index.get(name.toLowerCase());
    asked.set(name, i);
    return i;
  };

  const reader = new CsvReader(
    { delimiter: ctx.sniff.delimiter },
    {
      onRecord(fields, line, source) {
        if (first) {
          first = false;
          if (fields[0]!.startsWith('#TYPE ')) return;
        }
        if (header === null) {
          header = fields.map((f) => f.trim());
          index = new Map(header.map((h, i) => [h.toLowerCase(), i] as const).reverse());
          asked.clear();
          reader.expectFields(header.length);
          return;
        }
        row++;
        if (fields.length < header.length) {
          sink.reject(row, line, `row has ${fields.length} fields, the header has ${header.length}`, source());
          return;
        }
        const h = header;
        const current: CsvRow = {
          row,
          line,
          fields,
          get: (name) => {
            const i = columnOf(name);
            return i === undefined ? undefined : fields[i];
          },
          record: () => Object.fromEntries(h.map((name, i) => [name, fields[i] ?? ''])),
          source,
        };
        try {
          onRow(current);
        } catch (err) {
          if (!(err instanceof RowError) && !(err instanceof RangeError)) throw err;
          sink.reject(row, line, err instanceof RowError ? err.message : `cannot be read (${err.message})`, source());
        }
      },
      onError(line, reason, raw) {
        row++;
        sink.reject(row, line, reason, raw);
      },
    },
  );
  await feedCsv(ctx, reader, () => row);
  if (header === null) sink.note('file has no header row');
  return { header: header ?? [] };
}

/** Stream `ctx.path` through a CSV reader to its end, reporting progress with the records read so far. */
export async function feedCsv(ctx: ParseContext, reader: CsvReader, records: () => number): Promise<void> {
  for await (const chunk of readUtf8(ctx.path, ctx.encoding)) {
    reader.push(chunk.bytes);
    ctx.progress(chunk.bytesRead, records());
  }
  reader.end();
}

/** A first pass over every row, silent (no rejections, notes or progress): to learn what parsing needs. */
export async function scanCsvRows(ctx: ParseContext, observe: (row: CsvRow) => void): Promise<void> {
  const quiet: ParseContext = {
    ...ctx,
    sink: { ...ctx.sink, reject: () => undefined, note: () => undefined },
    progress: () => undefined,
  };
  await readCsvTable(quiet, observe);
}

/** A first pass over one column (e.g. to decide a file's date format from all its values). */
export async function scanCsvColumn(
  ctx: ParseContext,
  column: string,
  observe: (value: string) => void,
): Promise<void> {
  await scanCsvRows(ctx, (r) => {
    const v = r.get(column);
    if (v !== undefined) observe(v);
  });
}

/**
 * First pass over a culture-formatted date column (Received, CreationTime, WhenChangedUTC…): decide
 * M/d vs d/M from all values and note the decision. ISO values need no decision; they parse
 * whatever the order. Without any culture-formatted value the order is moot and 'MDY' is returned.
 */
export async function decideDateOrder(ctx: ParseContext, column: string): Promise<DateOrder> {
  const decider = new DateFormatDecider(column);
  await scanCsvColumn(ctx, column, (v) => decider.observe(v));
  const decision = decider.decide();
  if (!decision) return 'MDY';
  ctx.sink.note(decision.note);
  return decision.order;
}
