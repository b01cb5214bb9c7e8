/**
 * Streaming CSV reader for evidence exports.
 *
 * Handles what PowerShell, the Purview portal and Excel write: quoted fields with doubled quotes,
 * quoted cells spanning lines (Graph auditData, Sentinel exports), CRLF / LF / CR, and `,` `;` or TAB
 * as delimiter. It never splits on newlines before parsing quotes.
 *
 * It reads UTF-8 bytes, not strings (decode.ts's readUtf8 turns every evidence encoding into UTF-8):
 * scanning a Uint8Array and undoing doubled quotes in place costs a fraction of slicing and
 * `replaceAll` on strings, and only complete fields are ever decoded (bench:import's 1.5 KB rows,
 * decoding included: ~18 µs a record as strings, ~9 µs as bytes). Every delimiter, quote and line
 * break is ASCII, so a record boundary never falls inside a multi-byte character.
 *
 * It is lenient where real files are sloppy (text after a closing quote is kept literally) and it
 * recovers where they are broken: a record whose quote never closes, or that grows past
 * `maxRecordBytes`, is reported through `onError` and parsing resumes on the line after the one the
 * bad record started on, so the rows a stray quote would otherwise swallow still import. A stray
 * quote that does find a "closing" quote further on (the next record's own quoted field) is told
 * from a real multi-line cell by what follows: a quoted cell spanning lines that is closed by a
 * quote with text right after it, or that leaves the record with more fields than the header, is a
 * stray quote, and is handled like an unclosed one. Every record is thus accounted for once.
 */
import { MAX_REJECTED_SOURCE_CHARS } from '../records/errors.js';

export interface CsvHandlers {
  /**
   * A complete record; `line` is the 1-based physical line it starts on. `source()` is the record's
   * text as written (without the line break ending it); call it during this call only.
   */
  onRecord(fields: string[], line: number, source: () => string): void;
  /** A record that cannot be parsed; `raw` is its source text (its first line when a quote broke it). */
  onError(line: number, reason: string, raw: string): void;
}

export interface CsvOptions {
  delimiter: string;
  /** Longest record accepted, in bytes (bounds memory on junk input). */
  maxRecordBytes?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const INCOMPLETE = null;
const EMPTY = Buffer.alloc(0);
/**
 * Entries per field in `bounds`: start, end, has doubled quotes (0/1), end of text after the closing quote
 * (0: none).
 */
const FIELD = 4;

export class CsvReader {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private line = 1;
  /** Set after an oversized record with no newline yet: drop input until the next newline. */
  private skippingToNewline = false;
  private readonly delim: number;
  private readonly maxRecordBytes: number;
  /** Fields of the record being scanned, FIELD numbers each. */
  private bounds: number[] = [];
  /** Fields a record has (the header's count, once known); more in a multi-line record means a stray quote. */
  private expectedFields = 0;

  constructor(
    options: CsvOptions,
    private readonly handlers: CsvHandlers,
  ) {
    if (options.delimiter.length !== 1 || options.delimiter.charCodeAt(0) > 0x7f)
      throw new Error('delimiter must be one ASCII character');
    this.delim = options.delimiter.charCodeAt(0);
    this.maxRecordBytes = options.maxRecordBytes ?? 16 * 1024 * 1024;
  }

  /** The number of fields records should have (the header's), once the caller knows it. */
  expectFields(count: number): void {
    this.expectedFields = count;
  }

  /** Feed UTF-8 bytes. The reader may rewrite them in place (doubled quotes), so pass bytes it may own. */
  push(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), bytes]) : bytes;
    this.pos = 0;
    this.run(false);
  }

  end(): void {
    this.run(true);
    this.buf = EMPTY;
    this.pos = 0;
  }

  private run(final: boolean): void {
    for (;;) {
      if (this.skippingToNewline) {
        const nl = this.buf.indexOf(LF, this.pos);
        if (nl < 0) {
          this.pos = this.buf.length;
          return;
        }
        this.pos = nl + 1;
        this.line++;
        this.skippingToNewline = false;
      }
      if (this.pos >= this.buf.length) return;
      const start = this.pos;
      const startLine = this.line;
      const outcome = this.scanRecord(final);
      if (outcome === INCOMPLETE) {
        this.pos = start;
        this.line = startLine;
        if (this.buf.length - start > this.maxRecordBytes) {
          this.reject(start, startLine, `record longer than ${this.maxRecordBytes} bytes (unterminated quote?)`);
          continue;
        }
        return;
      }
      if (outcome !== true) {
        this.pos = start;
        this.line = startLine;
        this.reject(start, startLine, outcome);
        continue;
      }
      const b = this.bounds;
      // A blank line is not a record.
      if (b.length === FIELD && b[0] === b[1] && this.pos - start <= 2) continue;
      const fields = this.decodeFields();
      this.handlers.onRecord(fields, startLine, () => this.recordSource(start, fields));
    }
  }

  private decodeFields(): string[] {
    const b = this.bounds;
    const buf = this.buf;
    const fields = new Array<string>(b.length / FIELD);
    for (let i = 0, f = 0; i < b.length; i += FIELD, f++) {
      const start = b[i]!;
      const end = b[i + 2] === 1 ? undoubleQuotes(buf, start, b[i + 1]!) : b[i + 1]!;
      let field = start === end ? '' : buf.toString('utf8', start, end);
      // Lenient: text between a closing quote and the delimiter is kept as written.
      const tail = b[i + 3]!;
      if (tail > 0) field += buf.toString('utf8', b[i + 1]! + 1, tail);
      fields[f] = field;
    }
    return fields;
  }

  /**
   * The current record's source text: its bytes, with the doubled quotes decodeFields undid in place
   * restored (inside a quoted field every quote was doubled, so the rewrite is exactly reversible).
   */
  private recordSource(start: number, fields: string[]): string {
    const b = this.bounds;
    const buf = this.buf;
    const quoted = (i: number) => b[i]! > start && buf[b[i]! - 1] === QUOTE;
    const fieldEnd = (i: number) => (b[i + 3]! > 0 ? b[i + 3]! : quoted(i) ? b[i + 1]! + 1 : b[i + 1]!);
    let rewritten = false;
    for (let i = 2; i < b.length; i += FIELD) if (b[i] === 1) rewritten = true;
    if (!rewritten) return buf.toString('utf8', start, fieldEnd(b.length - FIELD));
    const pieces: string[] = [];
    for (let i = 0, f = 0; i < b.length; i += FIELD, f++) {
      if (b[i + 2] !== 1) {
        pieces.push(buf.toString('utf8', quoted(i) ? b[i]! - 1 : b[i]!, fieldEnd(i)));
        continue;
      }
      const tail = b[i + 3]! > 0 ? buf.toString('utf8', b[i + 1]! + 1, b[i + 3]) : '';
      const content = fields[f]!.slice(0, fields[f]!.length - tail.length);
      pieces.push(`"${content.replaceAll('"', '""')}"${tail}`);
    }
    return pieces.join(String.fromCharCode(this.delim));
  }

  /** Report the record starting at `start` (its first line is its source) and resume after that line. */
  private reject(start: number, startLine: number, reason: string): void {
    const nl = this.buf.indexOf(LF, start);
    const end = nl < 0 ? Math.min(this.buf.length, start + MAX_REJECTED_SOURCE_CHARS) : nl;
    let raw = this.buf.toString('utf8', start, end);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (nl < 0 && end < this.buf.length) raw += '… [cut]';
    this.handlers.onError(startLine, reason, raw);
    if (nl < 0) {
      this.pos = this.buf.length;
      this.skippingToNewline = true;
      return;
    }
    this.pos = nl + 1;
    this.line = startLine + 1;
  }

  /**
   * Find the fields of the record at `pos` (into `bounds`). Returns true, INCOMPLETE when more input
   * is needed, or a reason string when the record is malformed beyond repair (only at end of input).
   * Nothing is rewritten until the record is complete, so an INCOMPLETE scan can simply start over.
   */
  private scanRecord(final: boolean): true | string | typeof INCOMPLETE {
    const buf = this.buf;
    const len = buf.length;
    const delim = this.delim;
    const bounds = this.bounds;
    bounds.length = 0;
    let p = this.pos;
    let lines = 0;
    /** Line of the first quoted field that spans lines, or 0. */
    let multiLineFrom = 0;
    for (;;) {
      if (p < len && buf[p] === QUOTE) {
        const openLine = this.line + lines;
        const linesBefore = lines;
        let q = p + 1;
        let escaped = 0;
        for (;;) {
          while (q < len && buf[q] !== QUOTE) q++;
          if (q >= len) {
            if (!final) return INCOMPLETE;
            return `unterminated quoted field (opened on line ${openLine})`;
          }
          if (q + 1 >= len && !final) return INCOMPLETE; // cannot tell `"` from `""` yet
          if (buf[q + 1] !== QUOTE) break;
          escaped = 1;
          q += 2;
        }
        // Line breaks inside the field (rare): counted natively rather than tested on every byte.
        for (let nl = buf.indexOf(LF, p + 1); nl !== -1 && nl < q; nl = buf.indexOf(LF, nl + 1)) lines++;
        let tail = 0;
        if (q + 1 < len) {
          const c = buf[q + 1]!;
          if (c !== delim && c !== LF && c !== CR) {
            tail = this.scanUnquoted(q + 1);
            if (tail >= len && !final) return INCOMPLETE;
          }
        }
        if (lines > linesBefore) {
          // A real multi-line cell closes with its quote; text right after it is the next record's.
          if (tail > 0) return strayQuote(openLine);
          multiLineFrom ||= openLine;
        }
        bounds.push(p + 1, q, escaped, tail);
        p = tail > 0 ? tail : q + 1;
      } else {
        const stop = this.scanUnquoted(p);
        if (stop >= len && !final) return INCOMPLETE;
        bounds.push(p, stop, 0, 0);
        p = stop;
      }
      if (p >= len) {
        if (this.tooManyFields(multiLineFrom)) return strayQuote(multiLineFrom);
        // End of input ends the last record (files need not end with a newline).
        this.line += lines;
        this.pos = p;
        return true;
      }
      const c = buf[p]!;
      if (c === delim) {
        p++;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= len && !final) return INCOMPLETE;
        p += buf[p + 1] === LF ? 2 : 1;
      } else {
        p++; // LF
      }
      if (this.tooManyFields(multiLineFrom)) return strayQuote(multiLineFrom);
      this.line += lines + 1;
      this.pos = p;
      return true;
    }
  }

  /** A record with a multi-line quoted field and more fields than the header: two records run together. */
  private tooManyFields(multiLineFrom: number): boolean {
    return multiLineFrom > 0 && this.expectedFields > 0 && this.bounds.length / FIELD > this.expectedFields;
  }

  private scanUnquoted(from: number): number {
    const buf = this.buf;
    const len = buf.length;
    const delim = this.delim;
    let p = from;
    while (p < len) {
      const c = buf[p]!;
      if (c === delim || c === LF || c === CR) break;
      p++;
    }
    return p;
  }
}

function strayQuote(openLine: number): string {
  return (
    `stray quote: the quoted field opened on line ${openLine} runs into the next record; ` +
    'this line is rejected and the lines after it are read as records of their own'
  );
}

/** Rewrite `""` as `"` in buf[start, end) in place; returns the new end. */
function undoubleQuotes(buf: Buffer, start: number, end: number): number {
  let w = start;
  for (let r = start; r < end; r++) {
    const c = buf[r]!;
    buf[w++] = c;
    if (c === QUOTE) r++; // inside a quoted field a quote is always the first of a pair
  }
  return w;
}

/** Pick the delimiter of a header line: the most frequent of `,` `;` TAB outside quotes. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Parse a complete CSV text synchronously (small inputs: headers, tests). */
export function parseCsvText(
  text: string,
  delimiter = ',',
): { records: Array<{ fields: string[]; line: number }>; errors: Array<{ line: number; reason: string }> } {
  const records: Array<{ fields: string[]; line: number }> = [];
  const errors: Array<{ line: number; reason: string }> = [];
  const reader = new CsvReader(
    { delimiter },
    {
      onRecord: (fields, line) => records.push({ fields, line }),
      onError: (line, reason) => errors.push({ line, reason }),
    },
  );
  reader.push(Buffer.from(text, 'utf8'));
  reader.end();
  return { records, errors };
}
