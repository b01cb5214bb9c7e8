/**
 * The contract between the importer and one evidence format's parser.
 */
import type { DetectedEncoding } from './decode.js';
import type {
  NormalizedAuditEvent,
  NormalizedInboxRule,
  NormalizedMessage,
  NormalizedPermission,
} from '../records/types.js';
import type { Sniff } from './sniff.js';

export interface DetectedFormat {
  /** Stable id stored in the evidence registry. */
  format: string;
  label: string;
  /** Facts decided from the header alone (skipped `#TYPE` line, extra columns...). */
  notes: string[];
}

/** Where a parser delivers what it read. Row numbers are 1-based data records (header not counted). */
export interface EvidenceSink {
  audit(row: number, line: number, event: NormalizedAuditEvent): void;
  permission(row: number, line: number, entry: NormalizedPermission): void;
  /** Message-trace rows are deduplicated on their natural key (trace id, recipient, time, status). */
  message(row: number, line: number, message: NormalizedMessage): void;
  inboxRule(row: number, line: number, rule: NormalizedInboxRule): void;
  /** `alias` (display name, alias, DN, GUID, SID…) names the principal whose canonical key is `principal`. */
  alias(principal: string, alias: string): void;
  reject(row: number, line: number, reason: string, raw: string): void;
  note(text: string): void;
  /**
   * When the file says its contents were collected (an export time it carries), ISO UTC, with how
   * that was read. Dump findings are dated by it.
   */
  collected(at: string, basis: string): void;
}

export interface ParseContext {
  path: string;
  encoding: DetectedEncoding;
  sniff: Sniff;
  format: DetectedFormat;
  sink: EvidenceSink;
  /** Called as bytes are consumed, with the number of records read so far. */
  progress(bytesRead: number, rows: number): void;
}

export interface FormatParser {
  /** Human name of the family, listed when a file is refused. */
  readonly family: string;
  detect(sniff: Sniff): DetectedFormat | null;
  parse(ctx: ParseContext): Promise<void>;
}
