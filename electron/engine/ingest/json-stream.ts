/**
 * Streaming reader of JSON evidence: yields each top-level record with its raw text, 1-based record
 * number and starting line, never holding more than one record (plus one read chunk) in memory.
 *
 * Accepted layouts (collection tools write all of these): a top-level array of records (any
 * indentation, PowerShell's `"key":  value` spacing), a bare object, several arrays or objects back
 * to back (Extractor-Suite windows, DFIR-O365RC appended pages, Hawk `-Append`), JSON lines with
 * blank lines between windows, CRLF or LF. Elements of a top-level array are the records; anything
 * else at top level is a record itself. Commas between top-level values are tolerated (the
 * Extractor-Suite merge step re-joins stripped arrays with `,`).
 *
 * Only record *boundaries* are found here (bracket depth outside strings); each record is then
 * checked by JSON.parse. A bad record is reported and reading resumes at the next record:
 * - balanced but invalid text (missing comma, NaN, single quotes): resume right after it;
 * - a raw line break inside a string (a line cut short, valid JSON never has one): resume at the next
 *   line that starts a record (`{`, `[` or a string) at the bad record's indentation;
 * - a record whose braces never close (`{` at the same indentation starts the next one): the bad
 *   record ends where the next begins;
 * - end of input inside a record (truncated file): rejected, earlier records kept.
 */
import { readText } from './decode.js';
import { RowError } from './audit-record.js';
import type { ParseContext } from './format.js';
import { jsonValueDepth, MAX_JSON_DEPTH, tooDeepReason } from './json-depth.js';
import { SurrogateNotes } from './json-surrogates.js';

export interface JsonRecord {
  value: unknown;
  /** The record's source text, verbatim. */
  text: string;
  /** 1-based record number in the file (rejected records count too). */
  record: number;
  /** 1-based line the record starts on. */
  line: number;
  /** Deepest nesting of brackets in it (its own object or array is level 1; 0 for a bare literal). */
  depth: number;
}

export interface JsonHandlers {
  onRecord(record: JsonRecord): void;
  onError(record: number, line: number, reason: string, raw: string): void;
}

export interface JsonLayout {
  /** Top-level arrays seen. */
  arrays: number;
  /** Records that stood at top level (not inside an array). */
  bareRecords: number;
  /** The input ended inside a top-level array (no closing `]`). */
  unclosedArray: boolean;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;

type State = 'between' | 'struct' | 'string' | 'literal' | 'resync';

export class JsonRecordReader {
  private buf = '';
  private pos = 0;
  private line = 1;
  /** Columns of whitespace seen on the current line so far; -1 once it has content. */
  private indent = 0;
  private state: State = 'between';
  private inArray = false;
  private depth = 0;
  /** Deepest `depth` of the current record (json-depth.ts: too deep a record is not stored). */
  private maxDepth = 0;
  private inString = false;
  private escaped = false;
  private recStart = 0;
  private recLine = 0;
  private recNo = 0;
  /** Indentation of the line a structured record starts on, when it starts the line; else -1. */
  private recIndent = -1;
  /** The current record outgrew maxRecordChars: track its structure but keep none of its text. */
  private discarding = false;
  private resyncIndent = 0;
  private readonly maxRecordChars: number;
  readonly layout: JsonLayout = { arrays: 0, bareRecords: 0, unclosedArray: false };

  constructor(
    private readonly handlers: JsonHandlers,
    options: { maxRecordChars?: number } = {},
  ) {
    this.maxRecordChars = options.maxRecordChars ?? 32 * 1024 * 1024;
  }

  push(chunk: string): void {
    const keepFrom = this.inRecord() && !this.discarding ? this.recStart : this.pos;
    this.buf = this.buf.slice(keepFrom) + chunk;
    this.pos -= keepFrom;
    this.recStart -= keepFrom;
    this.run();
    if (this.inRecord() && !this.discarding && this.pos - this.recStart > this.maxRecordChars) {
      // Keep following its structure (to find where it ends) but hold none of its text.
      this.report(`record longer than ${this.maxRecordChars} characters`, this.pos);
      this.discarding = true;
    }
  }

  end(): void {
    this.run();
    if (this.state === 'literal') this.finish(this.buf.length);
    else if (this.state === 'struct' || this.state === 'string') {
      if (!this.discarding) this.fail('the file ends inside this record (truncated?)', this.buf.length);
    }
    if (this.inArray) this.layout.unclosedArray = true;
    this.state = 'between';
    this.buf = '';
    this.pos = 0;
  }

  private inRecord(): boolean {
    return this.state === 'struct' || this.state === 'string' || this.state === 'literal';
  }

  private run(): void {
    const buf = this.buf;
    const len = buf.length;
    let i = this.pos;
    while (i < len) {
      // Fast paths. Inside a record, past the line's indentation, only quotes, escapes, brackets and
      // line breaks matter: scan with locals (this loop is most of the import's CPU time).
      // (Both stop short of a line break, which the general path below handles.)
      if (this.indent < 0 && buf.charCodeAt(i) !== LF) {
        if (this.state === 'struct') {
          i = this.scanStruct(i);
          continue;
        }
        if (this.state === 'resync') {
          const nl = buf.indexOf('\n', i);
          i = nl < 0 ? len : nl;
          continue;
        }
      }
      const c = buf.charCodeAt(i);
      if (c === LF) {
        // A line break ends a literal, and a raw one inside a string means the line was cut.
        if (this.state === 'literal') this.finish(i);
        else if (this.state === 'string' || (this.state === 'struct' && this.inString)) {
          this.fail('line break inside a string (record cut short?)', i);
          this.startResync();
        }
        this.line++;
        this.indent = 0;
        i++;
        continue;
      }
      const startsLine = this.indent >= 0 && c !== 32 && c !== 9 && c !== CR && c !== 0xfeff;
      const col = this.indent;
      if (startsLine) this.indent = -1;
      else if (this.indent >= 0 && c !== CR) this.indent++;

      switch (this.state) {
        case 'between':
          i = this.between(c, i, startsLine ? col : -1);
          continue;
        case 'resync':
          // A quote too: in a file of AuditData strings the next record is one, and it must not be
          // swallowed (a line-broken string continuing with a quote is then rejected piece by piece).
          if (startsLine && col <= this.resyncIndent && (c === 123 || c === 91 || c === 93 || c === QUOTE)) {
            if (this.inArray && col < this.resyncIndent && c !== 93) this.inArray = false; // the array was cut too
            this.state = 'between';
            continue; // re-read this character as the start of what follows
          }
          i++;
          continue;
        case 'literal':
          if (c === 44 || c === 93 || c === 125 || (this.inArray && (c === 32 || c === 9 || c === CR))) this.finish(i);
          else i++;
          continue;
        case 'string':
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) {
            this.finish(i + 1);
            i++;
            continue;
          }
          i++;
          continue;
        case 'struct':
          i = this.struct(c, i, startsLine ? col : -1);
          continue;
      }
    }
    this.pos = i;
  }

  /** Between records: skip separators, open/close the top-level array, or start a record. */
  private between(c: number, i: number, col: number): number {
    if (c === 32 || c === 9 || c === CR || c === 44 || c === 0xfeff) return i + 1;
    if (c === 91 && !this.inArray) {
      this.inArray = true;
      this.layout.arrays++;
      return i + 1;
    }
    if (c === 93 && this.inArray) {
      this.inArray = false;
      return i + 1;
    }
    this.begin(i, col);
    if (!this.inArray) this.layout.bareRecords++;
    if (c === 123 || c === 91) {
      this.state = 'struct';
      this.depth = 1;
      this.maxDepth = 1;
      this.inString = false;
      this.escaped = false;
    } else if (c === QUOTE) {
      this.state = 'string';
      this.escaped = false;
    } else {
      this.state = 'literal';
    }
    return i + 1;
  }

  private struct(c: number, i: number, col: number): number {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) this.inString = false;
      return i + 1;
    }
    if (c === QUOTE) this.inString = true;
    else if (c === 123 || c === 91) {
      if (c === 123 && col >= 0 && col === this.recIndent) {
        // Same indentation as this record's own `{`: a new record has begun before this one closed.
        this.fail(`record not closed before the next one starts on line ${this.line}`, i);
        this.begin(i, col);
        this.state = 'struct';
        this.depth = 1;
        this.maxDepth = 1;
        return i + 1;
      }
      if (++this.depth > this.maxDepth) this.maxDepth = this.depth;
    } else if (c === 125 || c === 93) {
      this.depth--;
      if (this.depth === 0) {
        this.finish(i + 1);
        return i + 1;
      }
    }
    return i + 1;
  }

  /**
   * Scan record text from `i` until a line break (left to run(), which counts lines and indentation)
   * or the record's end. Returns where run() continues.
   */
  private scanStruct(i: number): number {
    const buf = this.buf;
    const len = buf.length;
    let depth = this.depth;
    let maxDepth = this.maxDepth;
    let inString = this.inString;
    let escaped = this.escaped;
    let j = i;
    let done = false;
    for (; j < len; j++) {
      const c = buf.charCodeAt(j);
      if (c === LF) break;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === 123 || c === 91) {
        if (++depth > maxDepth) maxDepth = depth;
      } else if (c === 125 || c === 93) {
        if (--depth === 0) {
          j++;
          done = true;
          break;
        }
      }
    }
    this.depth = depth;
    this.maxDepth = maxDepth;
    this.inString = inString;
    this.escaped = escaped;
    if (done) this.finish(j);
    return j;
  }

  private begin(i: number, col: number): void {
    this.recNo++;
    this.recStart = i;
    this.recLine = this.line;
    this.recIndent = col;
    this.discarding = false;
    this.maxDepth = 0;
  }

  /** The record spans recStart..end: parse it and hand it over (or report why it is not JSON). */
  private finish(end: number): void {
    this.state = 'between';
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const text = this.buf.slice(this.recStart, end).trimEnd();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.handlers.onError(this.recNo, this.recLine, `not valid JSON (${(err as Error).message})`, text);
      return;
    }
    this.handlers.onRecord({ value, text, record: this.recNo, line: this.recLine, depth: this.maxDepth });
  }

  private report(reason: string, end: number): void {
    if (!this.discarding)
      this.handlers.onError(this.recNo, this.recLine, reason, this.buf.slice(this.recStart, end).trimEnd());
  }

  private fail(reason: string, end: number): void {
    this.report(reason, end);
    this.state = 'between';
  }

  /** After a cut line: skip to a line that starts a record at (or left of) the bad record's indentation. */
  private startResync(): void {
    this.state = 'resync';
    this.discarding = false;
    this.resyncIndent = Math.max(this.recIndent, 0);
  }
}

/**
 * Stream `ctx.path` as JSON records. `onRecord` may throw RowError: the record is then rejected with
 * that reason. Invalid JSON is rejected here. Returns the layout seen, for the evidence notes.
 */
export async function readJsonRecords(ctx: ParseContext, onRecord: (r: JsonRecord) => void): Promise<JsonLayout> {
  const { sink } = ctx;
  let count = 0;
  let pages = 0;
  const surrogates = new SurrogateNotes();
  const deliver = (r: JsonRecord): void => {
    surrogates.check(r.record, r.line, r.text);
    if (r.depth > MAX_JSON_DEPTH) {
      sink.reject(r.record, r.line, tooDeepReason(r.depth), r.text);
      return;
    }
    try {
      onRecord(r);
    } catch (err) {
      // A RangeError is recursion that ran out of stack on a pathological record: that record's problem.
      if (!(err instanceof RowError) && !(err instanceof RangeError)) throw err;
      sink.reject(r.record, r.line, err instanceof RowError ? err.message : `cannot be read (${err.message})`, r.text);
    }
  };
  const reader = new JsonRecordReader({
    onRecord(r) {
      const items = graphPageItems(r.value);
      if (items === null) {
        deliver({ ...r, record: ++count });
        return;
      }
      // A saved Graph response page: its `value` elements are the records (their text re-serialised).
      pages++;
      for (const value of items) {
        const depth = r.depth > MAX_JSON_DEPTH ? jsonValueDepth(value) : r.depth - 2;
        deliver({ value, text: pageItemText(value, r.line), record: ++count, line: r.line, depth });
      }
    },
    onError(_record, line, reason, raw) {
      sink.reject(++count, line, reason, raw);
    },
  });
  for await (const chunk of readText(ctx.path, ctx.encoding)) {
    reader.push(chunk.text);
    ctx.progress(chunk.bytesRead, count);
  }
  reader.end();
  const l = reader.layout;
  surrogates.flush((text) => sink.note(text));
  if (l.unclosedArray) sink.note('the last JSON array is not closed: the file was probably cut short');
  if (l.arrays > 1) sink.note(`${l.arrays} JSON arrays back to back (concatenated output)`);
  if (l.arrays > 0 && l.bareRecords > 0) sink.note(`${l.bareRecords} record(s) stood outside any array`);
  if (pages > 0)
    sink.note(
      `${pages} Microsoft Graph response page(s) ({"@odata.context", "value": [...]}): ` +
        "each element of value read as a record, located by its page's line",
    );
  return l;
}

/** An element of a Graph page as text; one nested too deep to re-serialise is described instead. */
function pageItemText(value: unknown, line: number): string {
  try {
    return JSON.stringify(value);
  } catch {
    return `(an element of the Microsoft Graph response page starting on line ${line}, too deeply nested to re-serialise)`;
  }
}

/**
 * The records of a saved Microsoft Graph response page (`{"@odata.context": …, "value": [ … ],
 * "@odata.nextLink": …}`), or null when `value` is not such a page.
 */
export function graphPageItems(value: unknown): unknown[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const page = value as Record<string, unknown>;
  if (!Array.isArray(page.value)) return null;
  const odata = Object.keys(page).some((k) => k.startsWith('@odata.'));
  return odata ? page.value : null;
}

/** The complete records at the start of a sniffed head text (a cut last record is ignored). */
export function peekJsonRecords(text: string, max = 3): unknown[] {
  const out: unknown[] = [];
  const reader = new JsonRecordReader({
    onRecord: (r) => {
      for (const value of graphPageItems(r.value) ?? [r.value]) if (out.length < max) out.push(value);
    },
    onError: () => undefined,
  });
  reader.push(text);
  return out;
}

/** `{"a":` keys appearing in a head text; the fall-back when the first record exceeds the head. */
export function headKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/"([A-Za-z_@][\w@.]{0,80})"\s*:/g)) keys.add(m[1]!.toLowerCase());
  return keys;
}
