/**
 * Streaming CSV reader for evidence exports.
 *
 * Handles what PowerShell, the Purview portal and Excel write: quoted fields with doubled quotes,
 * quoted cells spanning lines (Graph auditData, Sentinel exports), CRLF / LF / CR, and `,` `;` or TAB
 * as delimiter. It never splits on newlines before parsing quotes.
 *
 * It is lenient where real files are sloppy (text after a closing quote is kept literally) and it
 * recovers where they are broken: a record whose quote never closes, or that grows past
 * `maxRecordChars`, is reported through `onError` and parsing resumes on the line after the one the
 * bad record started on, so the rows a stray quote would otherwise swallow still import.
 */

export interface CsvHandlers {
  /** A complete record; `line` is the 1-based physical line it starts on. */
  onRecord(fields: string[], line: number): void;
  /** A record that cannot be parsed; `raw` is the start of its source text. */
  onError(line: number, reason: string, raw: string): void;
}

export interface CsvOptions {
  delimiter: string;
  /** Longest record accepted, in UTF-16 code units (bounds memory on junk input). */
  maxRecordChars?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const INCOMPLETE = null;
const RAW_SAMPLE = 300;

export class CsvReader {
  private buf = '';
  private pos = 0;
  private line = 1;
  /** Set after an oversized record with no newline yet: drop input until the next newline. */
  private skippingToNewline = false;
  private readonly delim: number;
  private readonly maxRecordChars: number;

  constructor(
    options: CsvOptions,
    private readonly handlers: CsvHandlers,
  ) {
    if (options.delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delim = options.delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars ?? 16 * 1024 * 1024;
  }

  push(chunk: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.pos = 0;
    this.run(false);
  }

  end(): void {
    this.run(true);
    this.buf = '';
    this.pos = 0;
  }

  private run(final: boolean): void {
    for (;;) {
      if (this.skippingToNewline) {
        const nl = this.buf.indexOf('\n', this.pos);
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
      const outcome = this.record(final);
      if (outcome === INCOMPLETE) {
        this.pos = start;
        this.line = startLine;
        if (this.buf.length - start > this.maxRecordChars) {
          this.reject(start, startLine, `record longer than ${this.maxRecordChars} characters (unterminated quote?)`);
          continue;
        }
        return;
      }
      if (typeof outcome === 'string') {
        this.pos = start;
        this.line = startLine;
        this.reject(start, startLine, outcome);
        continue;
      }
      // A blank line is not a record.
      if (outcome.length === 1 && outcome[0] === '' && this.pos - start <= 2) continue;
      this.handlers.onRecord(outcome, startLine);
    }
  }

  /** Report the record starting at `start` and resume after the first line break that follows it. */
  private reject(start: number, startLine: number, reason: string): void {
    this.handlers.onError(startLine, reason, this.buf.slice(start, start + RAW_SAMPLE));
    const nl = this.buf.indexOf('\n', start);
    if (nl < 0) {
      this.pos = this.buf.length;
      this.skippingToNewline = true;
      return;
    }
    this.pos = nl + 1;
    this.line = startLine + 1;
  }

  /**
   * Parse one record at `pos`. Returns the fields, INCOMPLETE when more input is needed, or a
   * reason string when the record is malformed beyond repair (only at end of input).
   */
  private record(final: boolean): string[] | string | typeof INCOMPLETE {
    const buf = this.buf;
    const len = buf.length;
    const delim = this.delim;
    const fields: string[] = [];
    let p = this.pos;
    for (;;) {
      let field: string;
      if (p < len && buf.charCodeAt(p) === QUOTE) {
        const openLine = this.line;
        let q = p + 1;
        let escaped = false;
        let close: number;
        for (;;) {
          const idx = buf.indexOf('"', q);
          if (idx < 0) {
            if (!final) return INCOMPLETE;
            return `unterminated quoted field (opened on line ${openLine})`;
          }
          if (idx + 1 >= len && !final) return INCOMPLETE; // cannot tell `"` from `""` yet
          if (buf.charCodeAt(idx + 1) === QUOTE) {
            escaped = true;
            q = idx + 2;
            continue;
          }
          close = idx;
          break;
        }
        // One slice (plus one replace) keeps the string flat: concatenated "rope" strings are
        // several times slower to bind into SQLite (measured in docs/style-and-perf.md).
        let out = buf.slice(p + 1, close);
        if (escaped) out = out.replaceAll('""', '"');
        this.countLines(p, close);
        p = close + 1;
        // Lenient: text between the closing quote and the delimiter is kept as written.
        if (p < len) {
          const c = buf.charCodeAt(p);
          if (c !== delim && c !== LF && c !== CR) {
            const stop = this.scanUnquoted(p);
            if (stop >= len && !final) return INCOMPLETE;
            out += buf.slice(p, stop);
            p = stop;
          }
        }
        field = out;
      } else {
        const stop = this.scanUnquoted(p);
        if (stop >= len && !final) return INCOMPLETE;
        field = buf.slice(p, stop);
        p = stop;
      }
      fields.push(field);
      if (p >= len) {
        // End of input ends the last record (files need not end with a newline).
        this.pos = p;
        return fields;
      }
      const c = buf.charCodeAt(p);
      if (c === delim) {
        p++;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= len && !final) return INCOMPLETE;
        p += buf.charCodeAt(p + 1) === LF ? 2 : 1;
      } else {
        p++; // LF
      }
      this.line++;
      this.pos = p;
      return fields;
    }
  }

  private scanUnquoted(from: number): number {
    const buf = this.buf;
    const len = buf.length;
    const delim = this.delim;
    let p = from;
    while (p < len) {
      const c = buf.charCodeAt(p);
      if (c === delim || c === LF || c === CR) break;
      p++;
    }
    return p;
  }

  private countLines(from: number, to: number): void {
    let i = this.buf.indexOf('\n', from);
    while (i >= 0 && i < to) {
      this.line++;
      i = this.buf.indexOf('\n', i + 1);
    }
  }
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
export function parseCsvText(text: string, delimiter = ','): { records: Array<{ fields: string[]; line: number }>; errors: Array<{ line: number; reason: string }> } {
  const records: Array<{ fields: string[]; line: number }> = [];
  const errors: Array<{ line: number; reason: string }> = [];
  const reader = new CsvReader({ delimiter }, {
    onRecord: (fields, line) => records.push({ fields, line }),
    onError: (line, reason) => errors.push({ line, reason }),
  });
  reader.push(text);
  reader.end();
  return { records, errors };
}
